//! Periods: any text either parses or is an `Error::Period` naming the
//! text; a parsed period prints back to the same text, reads the same as a
//! JSON string, and its neighbours, enclosing periods and dates agree.
//! The first bytes also build a period from numbers (`Period::new`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use styrkort::{Error, Period, PeriodKind};

fn check(p: Period) {
    let text = p.to_string();
    let back: Period = text.parse().expect("a period's text parses");
    assert_eq!(back, p);
    assert!(p.start() <= p.end());
    assert!(p.contains(&p) && p.contains_date(p.start()) && p.contains_date(p.end()));
    if let Some(next) = p.checked_next() {
        assert_eq!(next.checked_previous(), Some(p));
        assert_eq!(next.ordinal(), p.ordinal() + 1);
        assert!(next > p);
        assert_eq!(next.start(), p.end().succ_opt().expect("a next day"));
    }
    if let Some(prev) = p.checked_previous() {
        assert_eq!(prev.checked_next(), Some(p));
        assert_eq!(p.previous(), prev);
    }
    if let Some(y) = p.checked_year_earlier() {
        assert_eq!(y.kind(), p.kind());
        assert_eq!(y.year(), p.year() - 1);
    }
    let mut last = p;
    for up in p.enclosing() {
        assert!(up.contains(&p) && up.kind() > last.kind());
        last = up;
    }
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        match text.parse::<Period>() {
            Ok(p) => {
                assert_eq!(p.to_string(), text, "only the canonical form parses");
                check(p);
            }
            Err(Error::Period { input, .. }) => assert_eq!(input, text),
            Err(other) => panic!("a period error of another kind: {other:?}"),
        }
        // As a JSON string inside a document (escapes included).
        let quoted = serde_json::to_string(text).expect("a string serialises");
        if let Ok(p) = serde_json::from_str::<Period>(&quoted) {
            assert_eq!(text.parse::<Period>().ok(), Some(p));
        }
    }
    if data.len() >= 4 {
        // i16 covers the edges 999/1000 and 9999/10000 and negative years.
        let year = i32::from(i16::from_le_bytes([data[0], data[1]]));
        let kind = match data[2] % 4 {
            0 => PeriodKind::Year,
            1 => PeriodKind::Tertial,
            2 => PeriodKind::Quarter,
            _ => PeriodKind::Month,
        };
        if let Ok(p) = Period::new(year, kind, data[3]) {
            check(p);
        }
    }
});
