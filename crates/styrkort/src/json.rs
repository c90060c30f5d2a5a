//! Exact JSON reading and writing helpers.
//!
//! Decimals are written as JSON strings (`"62.5"`). On input a JSON number is
//! accepted too and parsed from its source text (`serde_json`'s
//! `arbitrary_precision` hands us the digits), so `74.1` stays `74.1` and
//! never passes through `f64`. A decimal that cannot be held exactly is an
//! error, never rounded, and its message says why in the caller's terms:
//! too large (beyond ±79228162514264337593543950335, about 7.9e28), too
//! many decimal places (more than 28), or too many significant digits.
//! A JSON number is echoed as the caller wrote it (`1e30`, not `1e+30`).
//!
//! A UTF-8 byte-order mark (U+FEFF) at the start of a document is skipped:
//! RFC 8259 §8.1 lets a parser ignore it, and Windows tools (Notepad,
//! Excel's "CSV UTF-8", many ERP exports) write one. Line and column of an
//! error then count from the first character after the mark, as editors
//! show them.

use std::fmt::{self, Write as _};
use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Serializer;

use crate::error::Error;

/// The `document` of an [`Error::Json`] met reading a `styrkort/1` model:
/// its message begins `invalid model JSON`.
pub const MODEL: &str = "model";
/// The `document` of an [`Error::Json`] met reading a Kolada data page.
pub const KOLADA_DATA: &str = "Kolada data page";
/// The `document` of an [`Error::Json`] met reading a Kolada KPI page.
pub const KOLADA_KPI: &str = "Kolada KPI page";

/// The largest magnitude a decimal holds, spelt out for messages.
const DECIMAL_MAX: &str = "79228162514264337593543950335";

/// Parses a decimal from text exactly: plain (`-12.50`) or scientific (`1e3`).
///
/// ```
/// use styrkort::json::parse_decimal;
/// assert_eq!(parse_decimal("1.5e3").unwrap().to_string(), "1500");
/// assert_eq!(
///     parse_decimal("1e30").unwrap_err(),
///     "\"1e30\" is too large for an exact decimal (at most 79228162514264337593543950335, about 7.9e28)"
/// );
/// ```
pub fn parse_decimal(s: &str) -> Result<Decimal, String> {
    parse_decimal_as(s, || format!("{s:?}"))
}

/// [`parse_decimal`] without a message: `None` when it refuses `s`.
pub(crate) fn parse_decimal_quiet(s: &str) -> Option<Decimal> {
    parse_decimal_as(s, String::new).ok()
}

/// [`parse_decimal`], naming the value `shown()` in its messages (made
/// only for a message: a model holds millions of decimals).
fn parse_decimal_as(s: &str, shown: impl FnOnce() -> String) -> Result<Decimal, String> {
    let t = s.trim();
    if t != s || t.is_empty() {
        return Err(format!("expected a decimal number, found {s:?}"));
    }
    let r = if t.contains(['e', 'E']) {
        // rust_decimal refuses some numbers it can hold (`0.1e29`, whose
        // mantissa has a scale); written out plainly they are exact.
        Decimal::from_scientific(t).or_else(|e| {
            Number::of(t)
                .and_then(|n| n.plain())
                .and_then(|p| Decimal::from_str_exact(&p).ok())
                .ok_or(e)
        })
    } else {
        Decimal::from_str_exact(t)
    };
    r.map_err(|e| {
        let shown = shown();
        Number::of(t).map_or_else(
            || format!("{shown} is not an exact decimal ({e})"),
            |n| format!("{shown} {}", n.why_not_exact()),
        )
    })
}

/// A number as written: `[+-]int[.frac][(e|E)[+-]exp]`.
struct Number<'a> {
    negative: bool,
    int: &'a str,
    frac: &'a str,
    /// Saturated: an exponent of a billion digits is just "huge".
    exp: i64,
}

impl<'a> Number<'a> {
    /// Reads `t`; `None` when it has another shape.
    fn of(t: &'a str) -> Option<Self> {
        let negative = t.starts_with('-');
        let b = t.strip_prefix(['+', '-']).unwrap_or(t);
        let (mantissa, exp) = match b.find(['e', 'E']) {
            Some(i) => {
                let e = &b[i + 1..];
                let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
                if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
                    return None;
                }
                let mag = digits.parse::<i64>().unwrap_or(i64::MAX / 4);
                (&b[..i], if e.starts_with('-') { -mag } else { mag })
            }
            None => (b, 0),
        };
        let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let digits_only = int.bytes().chain(frac.bytes()).all(|c| c.is_ascii_digit());
        (digits_only && !(int.is_empty() && frac.is_empty())).then_some(Self {
            negative,
            int,
            frac,
            exp,
        })
    }

    /// The number written without exponent (`0.1e29` as `1000…0`), when
    /// that takes fewer than a hundred zeros.
    fn plain(&self) -> Option<String> {
        if self.exp.abs() > 100 {
            return None;
        }
        let digits = [self.int, self.frac].concat();
        let point = i64::try_from(self.int.len()).ok()? + self.exp;
        let len = i64::try_from(digits.len()).ok()?;
        let zeros = |n: i64| "0".repeat(usize::try_from(n).unwrap_or(0));
        let body = if point <= 0 {
            format!("0.{}{digits}", zeros(-point))
        } else if point >= len {
            format!("{digits}{}", zeros(point - len))
        } else {
            let (i, f) = digits.split_at(usize::try_from(point).ok()?);
            format!("{i}.{f}")
        };
        Some(if self.negative {
            format!("-{body}")
        } else {
            body
        })
    }

    /// Why a decimal cannot hold this number, in the caller's terms.
    fn why_not_exact(&self) -> String {
        let digits = [self.int, self.frac].concat();
        let frac_len = i64::try_from(self.frac.len()).unwrap_or(i64::MAX / 4);
        let significant = digits.trim_start_matches('0');
        let sig_len = i64::try_from(significant.len()).unwrap_or(i64::MAX / 4);
        // value = significant × 10^(exp − frac_len): `order` digits before
        // the decimal point, `places` decimal places as written.
        let order = sig_len.saturating_add(self.exp) - frac_len;
        let places = frac_len.saturating_sub(self.exp).max(0);
        let too_large = !significant.is_empty()
            && (order > 29
                || order == 29 && {
                    let mut head: String = significant.chars().take(29).collect();
                    while head.len() < 29 {
                        head.push('0');
                    }
                    let rest_nonzero = significant.bytes().skip(29).any(|c| c != b'0');
                    head.as_str() > DECIMAL_MAX || head == DECIMAL_MAX && rest_nonzero
                });
        if too_large {
            format!("is too large for an exact decimal (at most {DECIMAL_MAX}, about 7.9e28)")
        } else if places > 28 {
            format!("has {places} decimal places; an exact decimal holds at most 28")
        } else {
            "has more significant digits than an exact decimal holds (28, or 29 below 7.9e28)"
                .to_string()
        }
    }
}

struct DecVisitor;

impl<'de> Visitor<'de> for DecVisitor {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a decimal number as a string (\"62.5\") or a JSON number")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
        parse_decimal(v).map_err(E::custom)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Decimal, E> {
        // Only reachable when arbitrary_precision is off; refuse rather than round.
        Err(E::custom(
            "a binary floating-point number cannot be taken exactly; write the decimal as a string",
        ))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Decimal, A::Error> {
        // With arbitrary_precision, serde_json presents a number as a
        // one-entry map holding its source text.
        let n = serde_json::Number::deserialize(de::value::MapAccessDeserializer::new(map))?;
        let text = n.to_string();
        // serde_json may respell the number (`1e30` as `1e+30`);
        // `from_str_in` puts the caller's spelling back.
        parse_decimal_as(&text, || format!("the number {text}")).map_err(de::Error::custom)
    }
}

use serde::Deserialize;

/// serde `with` module for a required decimal.
pub mod dec {
    use super::{DecVisitor, Decimal, Deserializer, Serializer};

    /// Reads a decimal exactly.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        d.deserialize_any(DecVisitor)
    }

    /// Writes a decimal as a JSON string, keeping its scale.
    #[allow(clippy::trivially_copy_pass_by_ref)]
    pub fn serialize<S: Serializer>(v: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(v)
    }
}

/// serde `with` module for an optional decimal (`null` or absent is `None`).
pub mod opt_dec {
    use super::{de, DecVisitor, Decimal, Deserializer, Serializer};
    use std::fmt;

    struct OptVisitor;
    impl<'de> de::Visitor<'de> for OptVisitor {
        type Value = Option<Decimal>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a decimal number as a string (\"62.5\"), a JSON number or null")
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(DecVisitor).map(Some)
        }
    }

    /// Reads an optional decimal exactly.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
        d.deserialize_option(OptVisitor)
    }

    /// Writes an optional decimal as a JSON string or `null`.
    #[allow(clippy::ref_option)]
    pub fn serialize<S: Serializer>(v: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(d) => s.collect_str(d),
            None => s.serialize_none(),
        }
    }
}

/// Parses an ISO date `YYYY-MM-DD` strictly (two-digit month and day).
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    let ok_shape = s.len() == 10
        && s.bytes().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    if !ok_shape {
        return Err(format!("expected a date YYYY-MM-DD, found {s:?}"));
    }
    NaiveDate::from_str(s).map_err(|_| format!("{s:?} is not a calendar date"))
}

/// serde `with` module for an optional ISO date.
pub mod opt_date {
    use super::{de, parse_date, Deserializer, NaiveDate, Serializer};
    use std::fmt;

    struct V;
    impl<'de> de::Visitor<'de> for V {
        type Value = Option<NaiveDate>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a date string \"YYYY-MM-DD\" or null")
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_str(self)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            parse_date(v).map(Some).map_err(E::custom)
        }
    }

    /// Reads an optional date.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        d.deserialize_option(V)
    }

    /// Writes an optional date as `YYYY-MM-DD` or `null`.
    #[allow(clippy::ref_option)]
    pub fn serialize<S: Serializer>(v: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(d) => s.collect_str(&d.format("%Y-%m-%d")),
            None => s.serialize_none(),
        }
    }
}

/// Deserializes `T` from the JSON text of a model, turning any failure into
/// [`Error::Json`] with the path of the offending value.
/// [`from_str_in`] with the document [`MODEL`].
pub fn from_str_with_path<T: de::DeserializeOwned>(text: &str) -> Result<T, Error> {
    from_str_in(text, MODEL)
}

/// Deserializes `T` from JSON text read as `document` (named in the
/// message: `invalid {document} JSON at …`), turning any failure into
/// [`Error::Json`] with the path of the offending value, its line and
/// column. A byte-order mark at the start is skipped. A text that ends too
/// early says so, with its length in bytes, and the path names the last
/// complete place (never `?`).
///
/// ```
/// use styrkort::{json, Model};
/// let e = Model::from_json(r#"{"format": "styrkort/1", "organisation": [{"id": "kf""#).unwrap_err();
/// assert_eq!(
///     e.to_string(),
///     "invalid model JSON at organisation[0] (line 1, column 53): the JSON text ends early, \
///      after 53 bytes, while parsing an object"
/// );
/// assert!(Model::from_json("\u{feff}{\"format\": \"styrkort/1\"}").is_ok());
/// ```
pub fn from_str_in<T: de::DeserializeOwned>(
    text: &str,
    document: &'static str,
) -> Result<T, Error> {
    let (body, skipped) = match text.strip_prefix('\u{feff}') {
        Some(rest) => (rest, '\u{feff}'.len_utf8()),
        None => (text, 0),
    };
    // The fast way first; only a text that fails is read again, tracking
    // the path for the message (tracking costs a third of the load time).
    // Both reads run the same deserializer, so they fail at the same place.
    if let Ok(value) = serde_json::from_str(body) {
        return Ok(value);
    }
    let mut de = serde_json::Deserializer::from_str(body);
    let value: T = serde_path_to_error::deserialize(&mut de)
        .map_err(|e| located(document, known_path(e.path()), e.inner(), body, skipped))?;
    de.end()
        .map_err(|e| located(document, String::new(), &e, body, skipped))?;
    Ok(value)
}

/// The path without its unknown segments (`organisation[0].?`: a key not
/// yet read when the text broke off), so a message never says `at ?`;
/// `.` for the document itself.
fn known_path(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut s = String::new();
    for seg in path {
        match seg {
            Segment::Seq { index } => {
                let _ = write!(s, "[{index}]");
            }
            Segment::Map { key } | Segment::Enum { variant: key } => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(key);
            }
            Segment::Unknown => break,
        }
    }
    if s.is_empty() {
        // The document itself, spelt as serde_path_to_error does.
        s.push('.');
    }
    s
}

/// [`Error::from_json_error`], with the message put in the caller's terms:
/// a text cut short says so and how long it is (`skipped` counts a
/// byte-order mark before `body`), and a number is echoed as written.
fn located(
    document: &'static str,
    path: String,
    err: &serde_json::Error,
    body: &str,
    skipped: usize,
) -> Error {
    let mut e = Error::from_json_error(document, path, err);
    if let Error::Json {
        line,
        column,
        message,
        ..
    } = &mut e
    {
        if err.classify() == serde_json::error::Category::Eof {
            *message = if body.trim().is_empty() {
                format!(
                    "the text holds no JSON value ({} bytes)",
                    body.len() + skipped
                )
            } else {
                let what = message.strip_prefix("EOF while ").unwrap_or(message);
                let n = body.len() + skipped;
                let unit = if n == 1 { "byte" } else { "bytes" };
                format!("the JSON text ends early, after {n} {unit}, while {what}")
            };
        } else if let Some(written) = number_before(body, *line, *column) {
            // The visitor named the number as serde_json spells it.
            if let Ok(n) = serde_json::from_str::<serde_json::Number>(written) {
                let theirs = format!("the number {n}");
                if n.to_string() != written && message.contains(&theirs) {
                    *message = message.replace(&theirs, &format!("the number {written}"));
                }
            }
        }
    }
    e
}

/// The JSON number that ends at 1-based `line` and byte `column` of `text`
/// (where `serde_json` reports an error in a number's value), if any.
fn number_before(text: &str, line: usize, column: usize) -> Option<&str> {
    let start = if line <= 1 {
        0
    } else {
        text.match_indices('\n').nth(line - 2)?.0 + 1
    };
    let end = (start + column).min(text.len());
    let bytes = text.as_bytes();
    let is_num = |c: u8| c.is_ascii_digit() || matches!(c, b'+' | b'-' | b'.' | b'e' | b'E');
    let from = bytes[..end]
        .iter()
        .rposition(|&c| !is_num(c))
        .map_or(0, |i| i + 1);
    // Number bytes are ASCII, so `from..end` lies on character boundaries.
    (from < end).then(|| &text[from..end])
}

/// Writes a decimal in normalised form: no trailing zeros, no `-0`.
pub fn normalised(d: Decimal) -> String {
    let n = d.normalize();
    if n.is_zero() {
        "0".to_string()
    } else {
        n.to_string()
    }
}

/// The keys whose string values are decimals wherever they occur in the
/// `styrkort/1`, `styrkort-evaluation/1`, `styrkort-dialogue/1` and
/// `styrkort-whatif/1` documents (or null). A reader that wants decimals as numbers (the
/// Python binding's `to_dict`, which makes them `decimal.Decimal`) needs to
/// know them, because the documents write decimals as strings (`"62.5"`),
/// like ids. Kept here, next to the serde helpers that write those
/// fields, so that a new decimal field is added in one place.
pub const DECIMAL_KEYS: &[&str] = &[
    // model
    "value",
    "warning",
    "women",
    "men",
    "weight",
    "partly_at",
    "fulfilled_at",
    "progress",
    "change",
    "change_share",
    // evaluation and dialogue
    "target",
    "achievement",
    "previous",
    "year_earlier",
    "year_change",
    "change_required",
    "score",
    "evenness",
    // comparison with similar municipalities (an indicator result's
    // `comparison`; its `value` is above)
    "lower_quartile",
    "median",
    "upper_quartile",
    "best",
    "worst",
    // rank targets (an indicator result's `rank`; a target's shares)
    "best_share",
    "worst_share",
    "best_up_to",
    "worst_above",
    // a goal judged on its activities (a goal result's `activities`)
    "completion",
    // what-if (`styrkort-whatif/1`; `value` and `weight` are above)
    "needed",
    "change",
];
