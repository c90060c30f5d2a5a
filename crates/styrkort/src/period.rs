//! Follow-up periods (*uppföljningsperioder*): years, tertials, quarters and months.
//!
//! A [`Period`] is written `2025` (year), `2025T2` (tertial, *tertial*:
//! T1 Jan–Apr, T2 May–Aug, T3 Sep–Dec), `2025Q3` (quarter) or `2025-08`
//! (month). The type cannot hold an invalid period: the constructors and
//! the parser check the year (1000–9999) and the index.
//!
//! ```
//! use styrkort::{Period, PeriodKind};
//! let t2: Period = "2024T2".parse()?;
//! assert_eq!(t2.kind(), PeriodKind::Tertial);
//! assert_eq!(t2.end().to_string(), "2024-08-31");
//! assert_eq!(t2.previous().to_string(), "2024T1");
//! assert_eq!(t2.year_earlier().to_string(), "2023T2");
//! assert!("2024".parse::<Period>()?.contains(&t2));
//! # Ok::<(), styrkort::Error>(())
//! ```

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};

use crate::error::Error;

/// The length of a [`Period`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PeriodKind {
    /// A calendar month, `2025-08`.
    Month,
    /// A quarter, `2025Q3`.
    Quarter,
    /// A tertial (*tertial*, four months), `2025T2`.
    Tertial,
    /// A calendar year, `2025` (*år*; the annual report, *årsredovisning*).
    Year,
}

impl PeriodKind {
    /// How many periods of this kind make a year.
    pub const fn per_year(self) -> u8 {
        match self {
            Self::Year => 1,
            Self::Tertial => 3,
            Self::Quarter => 4,
            Self::Month => 12,
        }
    }

    /// How many months one period of this kind spans.
    pub const fn months(self) -> u8 {
        12 / self.per_year()
    }

    /// The lower-case name used in messages and output (`"tertial"`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Year => "year",
            Self::Tertial => "tertial",
            Self::Quarter => "quarter",
            Self::Month => "month",
        }
    }
}

/// The months of a period of each kind, in the order of [`PeriodKind`]
/// (month, quarter, tertial, year): a table, as `PeriodKind::months`
/// divides.
const MONTHS_OF: [u32; 4] = [1, 3, 4, 12];

/// The smallest year a [`Period`] may have.
pub const MIN_YEAR: i32 = 1000;
/// The largest year a [`Period`] may have.
pub const MAX_YEAR: i32 = 9999;

/// A follow-up period: a year, tertial, quarter or month.
///
/// Periods order by their start date and, for equal starts, the shorter
/// first (`2025-01` < `2025Q1` < `2025T1` < `2025`).
///
/// A period takes 4 bytes (the year, 1000–9999, is held as an `i16`), and
/// an `Option<Period>` too: a model holds one in each of its millions of
/// measurements (issue 12).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// Between [`MIN_YEAR`] and [`MAX_YEAR`]; [`Period::year`] widens it.
    year: i16,
    kind: PeriodKind,
    /// 1-based index within the year; always 1 for a year.
    index: u8,
}

impl Period {
    /// A calendar year.
    pub fn year_of(year: i32) -> Result<Self, Error> {
        Self::new(year, PeriodKind::Year, 1)
    }

    /// Tertial `t` (1–3) of `year`.
    pub fn tertial(year: i32, t: u8) -> Result<Self, Error> {
        Self::new(year, PeriodKind::Tertial, t)
    }

    /// Quarter `q` (1–4) of `year`.
    pub fn quarter(year: i32, q: u8) -> Result<Self, Error> {
        Self::new(year, PeriodKind::Quarter, q)
    }

    /// Month `m` (1–12) of `year`.
    pub fn month(year: i32, m: u8) -> Result<Self, Error> {
        Self::new(year, PeriodKind::Month, m)
    }

    /// A period of `kind` with its 1-based `index` within `year`.
    pub fn new(year: i32, kind: PeriodKind, index: u8) -> Result<Self, Error> {
        let Some(short) = i16::try_from(year)
            .ok()
            .filter(|_| (MIN_YEAR..=MAX_YEAR).contains(&year))
        else {
            return Err(Error::period(
                text(year, kind, index),
                format!("the year must be between {MIN_YEAR} and {MAX_YEAR}"),
            ));
        };
        if index == 0 || index > kind.per_year() {
            return Err(Error::period(
                text(year, kind, index),
                format!(
                    "a {} index must be between 1 and {}",
                    kind.as_str(),
                    kind.per_year()
                ),
            ));
        }
        Ok(Self {
            year: short,
            kind,
            index,
        })
    }

    /// The calendar year the period lies in.
    pub const fn year(self) -> i32 {
        self.year as i32
    }

    /// Year, tertial, quarter or month.
    pub const fn kind(self) -> PeriodKind {
        self.kind
    }

    /// The 1-based index within the year (always 1 for a year).
    pub const fn index(self) -> u8 {
        self.index
    }

    /// The first month (1–12) of the period.
    pub const fn first_month(self) -> u32 {
        (self.index as u32 - 1) * self.kind.months() as u32 + 1
    }

    /// The last month (1–12) of the period.
    pub const fn last_month(self) -> u32 {
        self.index as u32 * self.kind.months() as u32
    }

    /// A number that orders like the period (see [`Ord`]): the year, the
    /// first month and the last month packed as 16, 4 and 4 bits. Outcome
    /// runs are searched by it: one `u32` compare a step, four bytes a
    /// period.
    pub(crate) const fn sort_key(self) -> u32 {
        let months = MONTHS_OF[self.kind as usize];
        let last = self.index as u32 * months;
        // The year is 1000–9999: positive, and 14 bits.
        #[allow(clippy::cast_sign_loss)]
        let year = self.year as u32;
        (year << 8) | ((last + 1 - months) << 4) | last
    }

    /// The period of a [`Period::sort_key`].
    pub(crate) const fn from_sort_key(key: u32) -> Self {
        let (first, last) = ((key >> 4) & 15, key & 15);
        let months = last + 1 - first;
        let kind = match months {
            1 => PeriodKind::Month,
            3 => PeriodKind::Quarter,
            4 => PeriodKind::Tertial,
            _ => PeriodKind::Year,
        };
        #[allow(clippy::cast_possible_truncation)]
        Self {
            year: (key >> 8) as i16,
            kind,
            index: (last / months) as u8,
        }
    }

    /// The first day of the period.
    pub fn start(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year(), self.first_month(), 1)
            .expect("a Period always has a valid year and month")
    }

    /// The last day of the period (the as-of date of a follow-up).
    pub fn end(self) -> NaiveDate {
        let last = self.last_month();
        let (y, m) = if last == 12 {
            (self.year() + 1, 1)
        } else {
            (self.year(), last + 1)
        };
        NaiveDate::from_ymd_opt(y, m, 1)
            .and_then(|d| d.pred_opt())
            .expect("a Period always has a valid year and month")
    }

    /// Whether `other` lies wholly within this period (a period contains itself).
    pub fn contains(self, other: &Period) -> bool {
        self.year == other.year
            && self.first_month() <= other.first_month()
            && other.last_month() <= self.last_month()
    }

    /// Whether `date` falls within the period.
    pub fn contains_date(self, date: NaiveDate) -> bool {
        date.year() == self.year()
            && (self.first_month()..=self.last_month()).contains(&date.month())
    }

    /// The period of the same kind just before this one (`2025T1` → `2024T3`).
    ///
    /// # Panics
    /// Never for years after [`MIN_YEAR`]; the period before `1000-01` is
    /// clamped to itself. Use [`Period::checked_previous`] to detect that.
    #[must_use]
    pub fn previous(self) -> Period {
        self.checked_previous().unwrap_or(self)
    }

    /// The period of the same kind just before this one, or `None` before year 1000.
    pub fn checked_previous(self) -> Option<Period> {
        if self.index > 1 {
            Some(Self {
                index: self.index - 1,
                ..self
            })
        } else if self.year() > MIN_YEAR {
            Some(Self {
                year: self.year - 1,
                index: self.kind.per_year(),
                ..self
            })
        } else {
            None
        }
    }

    /// The period of the same kind just after this one, or `None` after year 9999.
    pub fn checked_next(self) -> Option<Period> {
        if self.index < self.kind.per_year() {
            Some(Self {
                index: self.index + 1,
                ..self
            })
        } else if self.year() < MAX_YEAR {
            Some(Self {
                year: self.year + 1,
                index: 1,
                ..self
            })
        } else {
            None
        }
    }

    /// The same period one year earlier (`2025T2` → `2024T2`); clamped at year 1000.
    #[must_use]
    pub fn year_earlier(self) -> Period {
        self.checked_year_earlier().unwrap_or(self)
    }

    /// The same period one year earlier, or `None` before year 1000.
    pub fn checked_year_earlier(self) -> Option<Period> {
        (self.year() > MIN_YEAR).then_some(Self {
            year: self.year - 1,
            ..self
        })
    }

    /// The periods that strictly contain this one, shortest first.
    ///
    /// A month looks at its quarter, then its tertial, then its year; a
    /// quarter or a tertial at its year; a year at nothing. This is the order
    /// in which targets are inherited.
    ///
    /// ```
    /// # use styrkort::Period;
    /// let m: Period = "2025-05".parse()?;
    /// let up: Vec<String> = m.enclosing().map(|p| p.to_string()).collect();
    /// assert_eq!(up, ["2025Q2", "2025T2", "2025"]);
    /// # Ok::<(), styrkort::Error>(())
    /// ```
    pub fn enclosing(self) -> impl Iterator<Item = Period> {
        let month = self.first_month();
        [PeriodKind::Quarter, PeriodKind::Tertial, PeriodKind::Year]
            .into_iter()
            .filter(move |k| *k > self.kind)
            .filter_map(move |kind| {
                let index = u8::try_from((month - 1) / u32::from(kind.months()) + 1).ok()?;
                let p = Period {
                    year: self.year,
                    kind,
                    index,
                };
                p.contains(&self).then_some(p)
            })
    }

    /// A dense ordinal among periods of the same kind: consecutive periods
    /// differ by one (`2025T1` follows `2024T3`).
    pub fn ordinal(self) -> i64 {
        i64::from(self.year) * i64::from(self.kind.per_year()) + i64::from(self.index) - 1
    }
}

/// The text of a period, also of one out of range (for messages).
fn text(year: i32, kind: PeriodKind, index: u8) -> String {
    match kind {
        PeriodKind::Year => format!("{year}"),
        PeriodKind::Tertial => format!("{year}T{index}"),
        PeriodKind::Quarter => format!("{year}Q{index}"),
        PeriodKind::Month => format!("{year}-{index:02}"),
    }
}

impl std::hash::Hash for Period {
    /// As the derived hash of the former `i32` year did, so hash maps keyed
    /// by periods keep their order.
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.year().hash(h);
        self.kind.hash(h);
        self.index.hash(h);
    }
}

impl Ord for Period {
    /// By year, then first month, then last month (`2025-01` < `2025Q1`
    /// < `2025T1` < `2025` < `2025-02`): one compare of the packed
    /// sort keys, which order exactly so (tested against the
    /// three fields over every period of four years). Outcome runs, target
    /// maps and the engine's lookups compare periods in their inner loops.
    fn cmp(&self, other: &Self) -> Ordering {
        self.sort_key().cmp(&other.sort_key())
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&text(self.year(), self.kind, self.index))
    }
}

impl FromStr for Period {
    type Err = Error;

    /// Parses `2025`, `2025T2`, `2025Q3` or `2025-08`; nothing else.
    fn from_str(s: &str) -> Result<Self, Error> {
        let bad = |reason: &str| Error::period(s, reason);
        let b = s.as_bytes();
        if b.len() < 4 || !b[..4].iter().all(u8::is_ascii_digit) {
            return Err(bad(
                "expected a period such as 2025, 2025T2, 2025Q3 or 2025-08",
            ));
        }
        let year: i32 = s[..4].parse().map_err(|_| bad("bad year"))?;
        let rest = &s[4..];
        let digit = |c: &str| -> Option<u8> {
            (c.len() == 1 && c.as_bytes()[0].is_ascii_digit()).then(|| c.as_bytes()[0] - b'0')
        };
        match rest.as_bytes().first() {
            None => Period::year_of(year).map_err(|e| match e {
                Error::Period { reason, .. } => bad(&reason),
                other => other,
            }),
            Some(b'T') => {
                let t = digit(&rest[1..])
                    .ok_or_else(|| bad("a tertial is written 2025T1, 2025T2 or 2025T3"))?;
                Period::tertial(year, t).map_err(|_| bad("a tertial is T1, T2 or T3"))
            }
            Some(b'Q') => {
                let q =
                    digit(&rest[1..]).ok_or_else(|| bad("a quarter is written 2025Q1 … 2025Q4"))?;
                Period::quarter(year, q).map_err(|_| bad("a quarter is Q1, Q2, Q3 or Q4"))
            }
            Some(b'-') => {
                let m = &rest[1..];
                if m.len() != 2 || !m.bytes().all(|c| c.is_ascii_digit()) {
                    return Err(bad("a month is written with two digits, 2025-08"));
                }
                let m: u8 = m.parse().map_err(|_| bad("bad month"))?;
                Period::month(year, m).map_err(|_| bad("a month is 01 to 12"))
            }
            Some(_) => Err(bad(
                "expected a period such as 2025, 2025T2, 2025Q3 or 2025-08",
            )),
        }
    }
}

impl serde::Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Period {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Period;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "a period string such as \"2025\", \"2025T2\", \"2025Q3\" or \"2025-08\"",
                )
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Period, E> {
                v.parse().map_err(|e: Error| E::custom(e.to_string()))
            }
        }
        d.deserialize_str(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::{BuildHasher, RandomState};

    /// The sort key orders every period of four years (the first and the
    /// last allowed among them) as the periods order, and gives the period
    /// back.
    #[test]
    fn sort_keys_order_like_periods_and_give_them_back() {
        let mut all: Vec<Period> = Vec::new();
        for year in [MIN_YEAR, 2024, 2025, MAX_YEAR] {
            for kind in [
                PeriodKind::Month,
                PeriodKind::Quarter,
                PeriodKind::Tertial,
                PeriodKind::Year,
            ] {
                for index in 1..=kind.per_year() {
                    all.push(Period::new(year, kind, index).expect("a period"));
                }
            }
        }
        assert_eq!(all.len(), 4 * (12 + 4 + 3 + 1));
        for a in &all {
            assert_eq!(Period::from_sort_key(a.sort_key()), *a, "{a}");
            for b in &all {
                let by_fields = (a.year(), a.first_month(), a.last_month()).cmp(&(
                    b.year(),
                    b.first_month(),
                    b.last_month(),
                ));
                assert_eq!(a.sort_key().cmp(&b.sort_key()), by_fields, "{a} {b}");
                assert_eq!(a.cmp(b), by_fields, "{a} {b}");
            }
        }
    }

    #[test]
    fn a_period_takes_4_bytes_and_hashes_as_before() {
        // Millions of measurements hold one (issue 12).
        assert_eq!(std::mem::size_of::<Period>(), 4);
        assert_eq!(std::mem::size_of::<Option<Period>>(), 4);
        // The hash is that of the former derive over an `i32` year, so
        // maps keyed by periods iterate in the same order as before.
        let s = RandomState::new();
        for (year, kind, index) in [
            (MIN_YEAR, PeriodKind::Year, 1),
            (2025, PeriodKind::Tertial, 2),
            (2025, PeriodKind::Month, 12),
            (MAX_YEAR, PeriodKind::Quarter, 4),
        ] {
            let p = Period::new(year, kind, index).expect("a period");
            assert_eq!(p.year(), year);
            assert_eq!(s.hash_one(p), s.hash_one((year, kind, index)));
        }
        for year in [
            MIN_YEAR - 1,
            MAX_YEAR + 1,
            i32::from(i16::MAX) + 1,
            i32::MIN,
        ] {
            let e = Period::year_of(year).expect_err("out of range");
            assert!(e.to_string().contains(&year.to_string()), "{e}");
        }
    }
}
