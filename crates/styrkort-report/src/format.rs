//! How numbers, periods and dates are written. Formatting only: every
//! number arrives from the core exact and is written as it is (normalised,
//! with the language's decimal mark); nothing is rounded or derived here
//! except the achievement ratio shown as a percentage (the same decimal
//! times 100, exact).

use styrkort::{Decimal, Period, PeriodKind};

use crate::labels::Language;

/// A decimal, normalised (`0.5`, never `0.50`), with a decimal comma in
/// Swedish and a true minus sign.
pub fn num(d: Decimal, lang: Language) -> String {
    let s = d.normalize().to_string();
    let s = match lang {
        Language::Sv => s.replace('.', ","),
        Language::En => s,
    };
    if let Some(rest) = s.strip_prefix('-') {
        format!("−{rest}")
    } else {
        s
    }
}

/// Places shown of a value, target or warning; a value with more (a
/// quotient the core carries at 12 places) is shown rounded half-to-even
/// to this many, with the exact value in a tooltip.
pub const SHOWN_PLACES: u32 = 2;

/// Whether `d` has more places than are shown.
pub fn is_long(d: Decimal) -> bool {
    d.normalize().scale() > SHOWN_PLACES
}

/// `d` with at most [`SHOWN_PLACES`] places (display only).
pub fn short(d: Decimal, lang: Language) -> String {
    // `round_dp` rounds half to even (banker's rounding).
    num(d.round_dp(SHOWN_PLACES), lang)
}

/// A ratio as a percentage (`1.0161` → `101,61 %`).
pub fn percent(d: Decimal, lang: Language) -> String {
    // Exact: a 4-place ratio times 100 has 2 places.
    let p = d * Decimal::ONE_HUNDRED;
    format!("{} %", num(p, lang))
}

/// A value with its unit (`63 %`, `12,5 kr`), at most [`SHOWN_PLACES`]
/// places.
pub fn with_unit(d: Decimal, unit: Option<&str>, lang: Language) -> String {
    match unit {
        Some(u) if !u.is_empty() => format!("{} {u}", short(d, lang)),
        _ => short(d, lang),
    }
}

/// The period as written in the model (`2025T2`), which reads the same in
/// both languages.
pub fn period_label(p: Period) -> String {
    p.to_string()
}

/// The period in words (`andra tertialen 2025`).
pub fn period_words(p: Period, lang: Language) -> String {
    let s = p.to_string();
    let year = s.get(..4).unwrap_or(&s);
    let n = s.get(5..).unwrap_or("");
    match (p.kind(), lang) {
        (PeriodKind::Year, Language::Sv) => format!("år {year}"),
        (PeriodKind::Year, Language::En) => format!("year {year}"),
        (PeriodKind::Tertial, Language::Sv) => format!("tertial {n} {year}"),
        (PeriodKind::Tertial, Language::En) => format!("tertial {n} of {year}"),
        (PeriodKind::Quarter, Language::Sv) => format!("kvartal {n} {year}"),
        (PeriodKind::Quarter, Language::En) => format!("quarter {n} of {year}"),
        (PeriodKind::Month, _) => s.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().expect("a decimal")
    }

    #[test]
    fn numbers_keep_their_digits() {
        assert_eq!(num(d("0.50"), Language::Sv), "0,5");
        assert_eq!(num(d("0.50"), Language::En), "0.5");
        assert_eq!(num(d("-3.25"), Language::Sv), "−3,25");
        assert_eq!(num(d("72.0"), Language::Sv), "72");
        assert_eq!(percent(d("1.0161"), Language::Sv), "101,61 %");
        assert_eq!(percent(d("0.9"), Language::En), "90 %");
        assert_eq!(percent(d("1"), Language::En), "100 %");
        assert_eq!(percent(d("0.75"), Language::En), "75 %");
        assert_eq!(with_unit(d("12.5"), Some("kr"), Language::Sv), "12,5 kr");
        assert_eq!(with_unit(d("12.5"), None, Language::En), "12.5");
        assert_eq!(
            with_unit(d("6.133333333333"), Some("%"), Language::Sv),
            "6,13 %"
        );
        assert_eq!(short(d("0.125"), Language::En), "0.12");
        assert!(!is_long(d("6.130")) && is_long(d("6.135")));
    }

    #[test]
    fn periods_in_words() {
        let p = |s: &str| s.parse::<Period>().expect("a period");
        assert_eq!(period_words(p("2025T2"), Language::Sv), "tertial 2 2025");
        assert_eq!(period_words(p("2025Q3"), Language::En), "quarter 3 of 2025");
        assert_eq!(period_words(p("2025"), Language::Sv), "år 2025");
        assert_eq!(period_words(p("2025-08"), Language::Sv), "2025-08");
    }
}
