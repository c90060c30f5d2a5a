//! The fast way to read a model (issue 12: load at ≥ 200 MB/s).
//!
//! Measurements are most of a model's bytes: 87 % of a national model's
//! 946 MB are 11.5 million objects such as
//! `{"period": "2025-03", "org": "0135-gvnk-e13", "value": "58.7"}`. Read
//! through serde, every one costs a struct visitor, a key match per field,
//! a string per value handed to its visitor, and `rust_decimal`'s general
//! parser. [`model`] instead walks the text once, reads each indicator's
//! `measurements` list straight from its bytes, and hands serde the rest
//! of the text with each list read replaced by its number (`"17"`), which
//! [`crate::model`]'s list reader then takes ([`lists_read`]).
//!
//! Only the plain shape is read here: the keys of a measurement (any
//! order, each once), values as JSON strings without escapes (`forecast`
//! as `true` or `false`), periods, non-empty org ids and decimals that
//! parse. A list of any other shape — an escape, a JSON number, `null`,
//! an unknown or repeated key, a missing field, a bad value — is left in
//! the text for serde, so what is accepted and what it reads as is
//! unchanged. A text that fails (whatever the cause) is read again the
//! general way ([`crate::json::from_str_with_path`]) for the message, so
//! every error is the one it always was.
//!
//! The walk keeps a depth count and the kinds of the first three levels,
//! never a stack or recursion: the lists it looks for are the values of
//! `measurements` in an object of the top-level `indicators` list.

use std::cell::RefCell;
use std::fmt::Write as _;

use rust_decimal::Decimal;

use crate::ids::OrgId;
use crate::json;
use crate::model::{Measurement, Model};
use crate::Period;

thread_local! {
    /// The measurement lists [`model`] read, while serde reads the rest.
    static LISTS: RefCell<Option<Vec<Option<Vec<Measurement>>>>> = const { RefCell::new(None) };
}

/// Holds the lists read in [`LISTS`] until dropped.
struct Lists(());

impl Lists {
    fn start(lists: Vec<Option<Vec<Measurement>>>) -> Self {
        LISTS.with(|l| *l.borrow_mut() = Some(lists));
        Self(())
    }

    /// Whether every list was taken.
    fn all_taken() -> bool {
        LISTS.with(|l| l.borrow().iter().flatten().all(Option::is_none))
    }
}

impl Drop for Lists {
    fn drop(&mut self) {
        LISTS.with(|l| *l.borrow_mut() = None);
    }
}

/// Whether [`model`] is having serde read the rest of a model: a
/// measurement list is then either the number of a list read already
/// ([`measurements`]) or a list of another shape, left to serde.
pub(crate) fn lists_read() -> bool {
    LISTS.with(|l| l.borrow().is_some())
}

/// Reads the measurements of an indicator while [`lists_read`]: the list
/// read already whose number stands in its place, or a list (of another
/// shape) through serde.
pub(crate) fn measurements<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Vec<Measurement>, D::Error> {
    struct V;
    impl<'de> serde::de::Visitor<'de> for V {
        type Value = Vec<Measurement>;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a sequence")
        }

        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Vec<Measurement>, E> {
            v.parse::<usize>()
                .ok()
                .and_then(|k| LISTS.with(|l| l.borrow_mut().as_mut()?.get_mut(k)?.take()))
                .ok_or_else(|| E::custom("not a list read"))
        }

        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            seq: A,
        ) -> Result<Vec<Measurement>, A::Error> {
            crate::model::read_measurements(serde::de::value::SeqAccessDeserializer::new(seq))
        }
    }
    d.deserialize_any(V)
}

/// Reads a `styrkort/1` model the fast way; `None` when the text is not
/// read (then [`Model::from_json`] reads it the general way, which names
/// the error). A byte-order mark at the start is skipped.
pub(crate) fn model(text: &str) -> Option<Model> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (rest, lists) = split(body)?;
    let _lists = Lists::start(lists);
    let model: Model = serde_json::from_str(&rest).ok()?;
    Lists::all_taken().then_some(model)
}

/// The kind of a container: an object or an array.
const OBJECT: u8 = b'{';

/// Walks `body`: reads each plain `indicators[i].measurements` list and
/// gives the text with those lists replaced by their numbers, and the
/// lists. `None` when a `measurements` value there is not a list (the
/// text is not a model).
fn split(body: &str) -> Option<(String, Vec<Option<Vec<Measurement>>>)> {
    let b = body.as_bytes();
    let mut rest = String::with_capacity(b.len() / 4);
    let mut lists = Vec::new();
    let mut copied = 0;
    let mut i = 0;
    // Open containers, and the kinds of the first three (index = depth).
    let mut depth = 0usize;
    let mut kinds = [0u8; 4];
    // In an object, after `{` or `,`: the next string is a key.
    let mut key_next = false;
    // The last key of the top-level object was `indicators`.
    let mut indicators_key = false;
    // The container at depth 2 is the top-level `indicators` list.
    let mut in_indicators = false;
    while let Some(&c) = b.get(i) {
        match c {
            b'"' => {
                let start = i + 1;
                let mut j = start;
                loop {
                    j += quote_or_backslash(b.get(j..)?)?;
                    if b[j] == b'"' {
                        break;
                    }
                    j += 2;
                }
                i = j + 1;
                if !key_next {
                    continue;
                }
                key_next = false;
                let key = &b[start..j];
                if depth == 1 {
                    indicators_key = key == b"indicators";
                } else if depth == 3 && in_indicators && key == b"measurements" {
                    let mut k = i;
                    let ws = |k: &mut usize| {
                        while matches!(b.get(*k), Some(b' ' | b'\n' | b'\r' | b'\t')) {
                            *k += 1;
                        }
                    };
                    ws(&mut k);
                    if b.get(k) != Some(&b':') {
                        return None;
                    }
                    k += 1;
                    ws(&mut k);
                    if b.get(k) != Some(&b'[') {
                        return None;
                    }
                    let mut plain = Plain::new(body, k);
                    let read = crate::model::collect_exact(|buf| plain.list(buf).ok_or(()));
                    if let Ok(list) = read {
                        rest.push_str(body.get(copied..k)?);
                        let _ = write!(rest, "\"{}\"", lists.len());
                        lists.push(Some(list));
                        i = plain.at;
                        copied = i;
                    }
                }
            }
            b'{' | b'[' => {
                depth += 1;
                if depth <= 3 {
                    kinds[depth] = c;
                }
                if depth == 2 {
                    in_indicators = c == b'[' && indicators_key;
                }
                key_next = c == OBJECT;
                i += 1;
            }
            b'}' | b']' => {
                depth = depth.checked_sub(1)?;
                key_next = false;
                i += 1;
            }
            b',' => {
                key_next = (1..=3).contains(&depth) && kinds[depth] == OBJECT;
                i += 1;
            }
            b':' => {
                key_next = false;
                i += 1;
            }
            _ => i += 1,
        }
    }
    rest.push_str(body.get(copied..)?);
    Some((rest, lists))
}

/// A field of a measurement.
#[derive(Clone, Copy)]
enum Field {
    Period,
    Org,
    Value,
    Women,
    Men,
    Forecast,
}

/// Where the first `"` or `\\` in `b` is, eight bytes at a time.
fn quote_or_backslash(b: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // The lowest byte flagged is the first equal to `c` (bits flagged
    // above it may be false).
    let flag = |w: u64, c: u8| {
        let x = w ^ (ONES * u64::from(c));
        x.wrapping_sub(ONES) & !x & HIGH
    };
    let mut k = 0;
    while let Some(chunk) = b.get(k..k + 8) {
        let w = u64::from_le_bytes(chunk.try_into().ok()?);
        let found = flag(w, b'"') | flag(w, b'\\');
        if found != 0 {
            return Some(k + (found.trailing_zeros() / 8) as usize);
        }
        k += 8;
    }
    Some(k + b.get(k..)?.iter().position(|&c| c == b'"' || c == b'\\')?)
}

/// A reader of the plain shape over one measurement list's text.
struct Plain<'a> {
    text: &'a str,
    at: usize,
    /// The org named last and its id (runs of one org's measurements).
    last_org: Option<(&'a str, OrgId)>,
}

impl<'a> Plain<'a> {
    /// A reader of the list at byte `at` of `text`.
    fn new(text: &'a str, at: usize) -> Self {
        Self {
            text,
            at,
            last_org: None,
        }
    }

    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    /// Skips JSON white space.
    fn ws(&mut self) {
        let b = self.bytes();
        while let Some(&c) = b.get(self.at) {
            if matches!(c, b' ' | b'\n' | b'\r' | b'\t') {
                self.at += 1;
            } else {
                break;
            }
        }
    }

    /// Takes `c` after white space, if it is next.
    fn eat(&mut self, c: u8) -> bool {
        self.ws();
        if self.bytes().get(self.at) == Some(&c) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    /// A string without escapes, after white space.
    fn string(&mut self) -> Option<&'a str> {
        if !self.eat(b'"') {
            return None;
        }
        let b = self.bytes();
        let start = self.at;
        let end = start + quote_or_backslash(b.get(start..)?)?;
        if b[end] != b'"' {
            return None;
        }
        self.at = end + 1;
        // Both ends are at a `"`, so on character boundaries.
        self.text.get(start..end)
    }

    /// The key of a measurement field and its colon, after white space.
    fn key(&mut self) -> Option<Field> {
        self.ws();
        let rest = self.bytes().get(self.at..)?;
        let (field, name): (Field, &[u8]) = match rest.get(1)? {
            b'p' => (Field::Period, b"\"period\""),
            b'o' => (Field::Org, b"\"org\""),
            b'v' => (Field::Value, b"\"value\""),
            b'w' => (Field::Women, b"\"women\""),
            b'm' => (Field::Men, b"\"men\""),
            b'f' => (Field::Forecast, b"\"forecast\""),
            _ => return None,
        };
        if !rest.starts_with(name) {
            return None;
        }
        self.at += name.len();
        self.eat(b':').then_some(field)
    }

    /// The list, appended to `out` (then [`Plain::at`] is just after it);
    /// `None` when it is not the plain shape.
    fn list(&mut self, out: &mut Vec<Measurement>) -> Option<()> {
        if !self.eat(b'[') {
            return None;
        }
        if !self.eat(b']') {
            loop {
                out.push(self.measurement()?);
                if self.eat(b',') {
                    continue;
                }
                if self.eat(b']') {
                    break;
                }
                return None;
            }
        }
        Some(())
    }

    /// One measurement object.
    fn measurement(&mut self) -> Option<Measurement> {
        if !self.eat(b'{') {
            return None;
        }
        let mut period = None;
        let mut org = None;
        let mut value = None;
        let mut women = None;
        let mut men = None;
        let mut forecast = None;
        loop {
            match self.key()? {
                Field::Period if period.is_none() => {
                    period = Some(self.string()?.parse::<Period>().ok()?);
                }
                Field::Org if org.is_none() => org = Some(self.org()?),
                Field::Value if value.is_none() => value = Some(decimal(self.string()?)?),
                Field::Women if women.is_none() => women = Some(decimal(self.string()?)?),
                Field::Men if men.is_none() => men = Some(decimal(self.string()?)?),
                Field::Forecast if forecast.is_none() => forecast = Some(self.boolean()?),
                _ => return None,
            }
            if self.eat(b',') {
                continue;
            }
            if self.eat(b'}') {
                break;
            }
            return None;
        }
        let mut m = Measurement::new(period?, org, value?);
        if women.is_some() || men.is_some() {
            m.set_gender(women, men);
        }
        if forecast == Some(true) {
            m.set_forecast(true);
        }
        Some(m)
    }

    /// A non-empty org id, shared with the one before when it is the same.
    fn org(&mut self) -> Option<OrgId> {
        let s = self.string()?;
        if s.is_empty() {
            return None;
        }
        if let Some((last, id)) = &self.last_org {
            if *last == s {
                return Some(id.clone());
            }
        }
        let id = OrgId::read(s);
        self.last_org = Some((s, id.clone()));
        Some(id)
    }

    /// `true` or `false`.
    fn boolean(&mut self) -> Option<bool> {
        self.ws();
        let rest = self.bytes().get(self.at..)?;
        if rest.starts_with(b"true") {
            self.at += 4;
            Some(true)
        } else if rest.starts_with(b"false") {
            self.at += 5;
            Some(false)
        } else {
            None
        }
    }
}

/// The decimal `s` spells, as [`json::parse_decimal`] reads it; `None`
/// when that refuses it. Plain decimals of up to 19 digits (`58.7`,
/// `-12.50`) are read here; every other spelling by `rust_decimal`.
pub(crate) fn decimal(s: &str) -> Option<Decimal> {
    let b = s.as_bytes();
    let (negative, digits) = match b.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, b),
    };
    let mut mantissa: u64 = 0;
    let mut count = 0u32;
    let mut scale = 0u32;
    let mut point = false;
    for (k, &c) in digits.iter().enumerate() {
        if c.is_ascii_digit() {
            if count == 19 {
                return general(s);
            }
            mantissa = mantissa * 10 + u64::from(c - b'0');
            count += 1;
            scale += u32::from(point);
        } else if c == b'.' && !point && k > 0 && k + 1 < digits.len() {
            point = true;
        } else {
            return general(s);
        }
    }
    if count == 0 || negative && mantissa == 0 {
        // `-0` keeps whatever sign rust_decimal gives it.
        return general(s);
    }
    #[allow(clippy::cast_possible_truncation)] // the two halves of a u64
    let (lo, mid) = (mantissa as u32, (mantissa >> 32) as u32);
    Some(Decimal::from_parts(lo, mid, 0, negative, scale))
}

/// [`json::parse_decimal`], without spelling a message.
fn general(s: &str) -> Option<Decimal> {
    json::parse_decimal_quiet(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(s: &str) {
        let want = json::parse_decimal(s).ok();
        let got = decimal(s);
        assert_eq!(
            got.map(|d| d.serialize()),
            want.map(|d| d.serialize()),
            "{s:?}"
        );
    }

    #[test]
    fn quotes_and_backslashes_are_found_where_they_are() {
        for n in 0..40 {
            for c in [b'"', b'\\'] {
                for filler in [b'a', b'"' ^ 0x80, b'\\' + 1, 0xff, 0x21, 0x01] {
                    let mut b = vec![filler; n];
                    assert_eq!(quote_or_backslash(&b), None);
                    b.push(c);
                    b.extend([b'"'; 9]);
                    assert_eq!(quote_or_backslash(&b), Some(n));
                }
            }
        }
    }

    #[test]
    fn decimals_read_as_rust_decimal_reads_them() {
        for s in [
            "0",
            "00",
            "0.0",
            "-0",
            "-0.0",
            "-0.00",
            "1",
            "-1",
            "58.7",
            "58.70",
            "007.50",
            "0.001",
            "-12.50",
            "9999999999999999999",
            "-9999999999999999999",
            "10000000000000000000",
            "18446744073709551615",
            "18446744073709551616",
            "1.000000000000000000",
            "0.000000000000000001",
            "79228162514264337593543950335",
            "79228162514264337593543950336",
            "1.",
            ".5",
            "-.5",
            "+5",
            "1e3",
            "1E-2",
            " 1",
            "1 ",
            "",
            "-",
            ".",
            "1..2",
            "1.2.3",
            "1_000",
            "0x10",
            "--1",
            "1-",
            "١",
            "12a",
            "0.0000000000000000000000000001",
            "0.00000000000000000000000000001",
        ] {
            same(s);
        }
        // Every short spelling over a small alphabet.
        let alphabet = ["0", "1", "9", ".", "-", "5"];
        let mut words = vec![String::new()];
        for _ in 0..6 {
            let mut next = Vec::new();
            for w in &words {
                for a in alphabet {
                    let s = format!("{w}{a}");
                    same(&s);
                    next.push(s);
                }
            }
            words = next;
        }
        // Long digit runs around the 19-digit edge, with a point anywhere.
        for n in 17..=21 {
            let digits: String = "9876543210".repeat(3).chars().take(n).collect();
            for p in 0..=n {
                let (a, b) = digits.split_at(p);
                same(&format!("{a}.{b}"));
                same(&format!("-{a}.{b}"));
            }
            same(&digits);
        }
    }

    fn read(text: &str) -> Option<Vec<Measurement>> {
        let mut out = Vec::new();
        let mut plain = Plain::new(text, 0);
        plain.list(&mut out)?;
        plain.ws();
        (plain.at == text.len()).then_some(out)
    }

    #[test]
    fn the_plain_shape_reads_as_serde_reads_it() {
        for text in [
            "[]",
            " [ ] ",
            r#"[{"period": "2025", "value": "1"}]"#,
            r#"[{"value":"1.50","period":"2025-03","org":"a"},{"period":"2025T2","org":"a","value":"-2"}]"#,
            r#"[{"period": "2025Q3", "org": "b", "value": "3", "women": "4", "men": "5", "forecast": true},
               {"period": "2024", "value": "3", "men": "5", "forecast": false},
               {"period": "2024", "org": "c", "value": "3", "women": "0"}]"#,
        ] {
            let fast = read(text).expect("the plain shape");
            let serde: Vec<Measurement> = serde_json::from_str(text).expect("serde reads it");
            assert_eq!(fast, serde, "{text}");
        }
    }

    #[test]
    fn anything_else_is_left_to_serde() {
        for text in [
            r#"[{"period": "2025", "value": 1}]"#,
            r#"[{"period": "2025", "value": "1", "org": null}]"#,
            r#"[{"period": "2025", "value": "1", "women": null}]"#,
            r#"[{"period": "2025", "value": "1", "org": "\u0061"}]"#,
            r#"[{"per\u0069od": "2025", "value": "1"}]"#,
            r#"[{"period": "2025", "value": "1", "value": "2"}]"#,
            r#"[{"period": "2025", "value": "1", "extra": "2"}]"#,
            r#"[{"period": "2025"}]"#,
            r#"[{"value": "1"}]"#,
            r"[{}]",
            r#"[{"period": "2025", "value": "1", "org": ""}]"#,
            r#"[{"period": "2025X", "value": "1"}]"#,
            r#"[{"period": "2025", "value": "1e99"}]"#,
            r#"[{"period": "2025", "value": " 1"}]"#,
            r#"[{"period": "2025", "value": "1", "forecast": "true"}]"#,
            r#"[{"period": "2025", "value": "1", "forecast": null}]"#,
            r#"[{"period": "2025", "value": "1"}, 3]"#,
            r#"[{"period": "2025", "value": "1"}] x"#,
        ] {
            assert!(read(text).is_none(), "{text}");
        }
    }

    /// The fast read gives what the general read gives, or nothing.
    fn agrees(text: &str) -> Option<Model> {
        let _interning = crate::ids::Interning::start();
        let fast = model(text);
        let general = json::from_str_with_path::<Model>(text);
        if let Some(m) = &fast {
            assert_eq!(Some(m), general.as_ref().ok(), "{text}");
        }
        fast
    }

    #[test]
    fn every_vector_and_the_example_read_the_fast_way() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
        let mut files = vec![format!("{root}/examples/exempelkommun.json")];
        for dir in std::fs::read_dir(format!("{root}/tests/vectors")).expect("the vectors") {
            let model = dir.expect("a vector").path().join("model.json");
            if model.exists() {
                files.push(model.display().to_string());
            }
        }
        assert!(files.len() > 50);
        for f in files {
            let text = std::fs::read_to_string(&f).expect("a model file");
            assert!(agrees(&text).is_some(), "{f}");
        }
    }

    #[test]
    #[allow(clippy::useless_format)] // the cases side by side
    fn only_the_lists_of_indicators_are_read_and_anything_odd_reads_the_general_way() {
        let head = r#"{"format": "styrkort/1", "organisation": [{"id": "kf", "name": "KF", "kind": "council"}],"#;
        let read = |rest: &str| agrees(&format!("{head}{rest}"));
        let plain = r#"[{"period": "2025", "value": "1"}, {"period": "2025T1", "org": "kf", "value": "2.5"}]"#;
        // Read the fast way, the list from its bytes.
        let m = read(&format!(
            r#""indicators": [{{"id": "i", "name": "I", "owner": "kf", "measurements": {plain}}}]}}"#
        ))
        .expect("read");
        assert_eq!(m.indicators[0].measurements.len(), 2);
        // A list of another shape is read by serde in the same read.
        let m = read(
            r#""indicators": [{"id": "i", "name": "I", "owner": "kf", "measurements": [{"period": "2025", "value": 1.50}]}]}"#,
        )
        .expect("read");
        assert_eq!(m.indicators[0].measurements[0].value.to_string(), "1.50");
        // `measurements` elsewhere, in strings, or twice; not a list; no indicators.
        for rest in [
            format!(r#""indicators": [{{"id": "i", "name": "I", "owner": "kf", "measurements": {plain}, "measurements": {plain}}}]}}"#),
            format!(r#""indicators": [{{"id": "i", "name": "\"measurements\": [", "owner": "kf", "measurements": {plain}}}]}}"#),
            format!(r#""indicators": [{{"id": "i", "name": "I", "owner": "kf", "measurements": "0"}}]}}"#),
            format!(r#""indicators": [{{"id": "i", "name": "I", "owner": "kf", "measurements": 0}}]}}"#),
            format!(r#""indicators": [{{"id": "i", "name": "I", "owner": "kf", "source": {{"measurements": {plain}}}}}]}}"#),
            format!(r#""indicators": [[{{"measurements": {plain}}}]]}}"#),
            format!(r#""goals": [{{"measurements": {plain}}}]}}"#),
            format!(r#""settings": {{"measurements": {plain}}}}}"#),
            format!(r#""indicators": [{{"id": "i", "name": "I", "owner": "kf", "measurements": {plain}}}], "indicators": []}}"#),
            format!(r#""indicators": [{{"id": "i", "name": "I", "owner": "kf", "measurements": {plain}}}]"#),
            format!(r#""indicators": [{{"id": "i", "name": "I", "owner": "kf", "measurements": {plain}}}]}} x"#),
            format!(r#""indicators": [{{"id": "i", "name": "I", "owner": "kf", "measurements": {plain}]}}"#),
            format!(r#""indicators": [{{"id": "i", "name": "I", "owner": "kf", "measurements": {plain}}}]}}}}"#),
            r#""indicators": [{"id": "i", "name": "I", "owner": "kf", "measurements": [{"period": "2025", "value": "1"}"#.to_string(),
            r#""indicators": [{"id": "i", "name": "I", "owner": "kf", "measurements": [{"period": "2025", "value": "1", "org": "\"#.to_string(),
        ] {
            let general = json::from_str_with_path::<Model>(&format!("{head}{rest}"));
            assert_eq!(read(&rest).is_some(), general.is_ok(), "{rest}");
        }
    }
}
