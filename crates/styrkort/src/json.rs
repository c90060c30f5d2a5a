//! Exact JSON reading and writing helpers.
//!
//! Decimals are written as JSON strings (`"62.5"`). On input a JSON number is
//! accepted too and parsed from its source text (`serde_json`'s
//! `arbitrary_precision` hands us the digits), so `74.1` stays `74.1` and
//! never passes through `f64`. A decimal that cannot be held exactly (more
//! than 28 significant digits) is an error, never rounded.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Serializer;

use crate::error::Error;

/// Parses a decimal from text exactly: plain (`-12.50`) or scientific (`1e3`).
pub fn parse_decimal(s: &str) -> Result<Decimal, String> {
    let t = s.trim();
    if t != s || t.is_empty() {
        return Err(format!("expected a decimal number, found {s:?}"));
    }
    let r = if t.contains(['e', 'E']) {
        Decimal::from_scientific(t)
    } else {
        Decimal::from_str_exact(t)
    };
    r.map_err(|e| format!("{s:?} is not an exact decimal ({e})"))
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
        parse_decimal(&n.to_string()).map_err(de::Error::custom)
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

/// Deserializes `T` from JSON text, turning any failure into [`Error::Json`]
/// with the path of the offending value.
pub fn from_str_with_path<T: de::DeserializeOwned>(text: &str) -> Result<T, Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        Error::from_json_error(path, e.inner())
    })?;
    de.end()
        .map_err(|e| Error::from_json_error(String::new(), &e))?;
    Ok(value)
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
/// `styrkort/1`, `styrkort-evaluation/1` and `styrkort-dialogue/1`
/// documents (or null). A reader that wants decimals as numbers (the
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
    // evaluation and dialogue
    "target",
    "achievement",
    "previous",
    "score",
    "evenness",
    // comparison with similar municipalities (an indicator result's
    // `comparison`; its `value` is above)
    "lower_quartile",
    "median",
    "upper_quartile",
    "best",
    "worst",
];
