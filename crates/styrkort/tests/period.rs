//! Period arithmetic against hand-worked calendar dates.

use chrono::NaiveDate;
use styrkort::{Error, Period, PeriodKind};

fn p(s: &str) -> Period {
    s.parse()
        .unwrap_or_else(|e| panic!("{s:?} should parse: {e}"))
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn tertial_start_and_end() {
    assert_eq!(p("2024T1").start(), d(2024, 1, 1));
    assert_eq!(p("2024T1").end(), d(2024, 4, 30));
    assert_eq!(p("2024T2").start(), d(2024, 5, 1));
    assert_eq!(p("2024T2").end(), d(2024, 8, 31));
    assert_eq!(p("2024T3").start(), d(2024, 9, 1));
    assert_eq!(p("2024T3").end(), d(2024, 12, 31));
}

#[test]
fn month_ends_respect_leap_years() {
    assert_eq!(p("2024-02").end(), d(2024, 2, 29));
    assert_eq!(p("2023-02").end(), d(2023, 2, 28));
    assert_eq!(p("2000-02").end(), d(2000, 2, 29));
    assert_eq!(p("2100-02").end(), d(2100, 2, 28));
    assert_eq!(p("2025-04").end(), d(2025, 4, 30));
    assert_eq!(p("2025-12").end(), d(2025, 12, 31));
    assert_eq!(p("2025-12").start(), d(2025, 12, 1));
}

#[test]
fn quarter_and_year_bounds() {
    assert_eq!(p("2025Q4").start(), d(2025, 10, 1));
    assert_eq!(p("2025Q4").end(), d(2025, 12, 31));
    assert_eq!(p("2025Q1").end(), d(2025, 3, 31));
    assert_eq!(p("2025Q2").start(), d(2025, 4, 1));
    assert_eq!(p("2025Q3").end(), d(2025, 9, 30));
    assert_eq!(p("2025").start(), d(2025, 1, 1));
    assert_eq!(p("2025").end(), d(2025, 12, 31));
}

#[test]
fn kinds_and_indices() {
    assert_eq!(p("2025").kind(), PeriodKind::Year);
    assert_eq!(p("2025T3").kind(), PeriodKind::Tertial);
    assert_eq!(p("2025Q2").kind(), PeriodKind::Quarter);
    assert_eq!(p("2025-07").kind(), PeriodKind::Month);
    assert_eq!(p("2025-07").index(), 7);
    assert_eq!(p("2025T3").year(), 2025);
    assert_eq!(Period::tertial(2025, 2).unwrap(), p("2025T2"));
    assert_eq!(Period::quarter(2025, 4).unwrap(), p("2025Q4"));
    assert_eq!(Period::month(2025, 1).unwrap(), p("2025-01"));
    assert_eq!(Period::year_of(2025).unwrap(), p("2025"));
    assert!(Period::tertial(2025, 4).is_err());
    assert!(Period::month(2025, 0).is_err());
    assert!(Period::year_of(999).is_err());
}

#[test]
fn previous_crosses_year_boundaries() {
    assert_eq!(p("2025T1").previous(), p("2024T3"));
    assert_eq!(p("2025T3").previous(), p("2025T2"));
    assert_eq!(p("2025-01").previous(), p("2024-12"));
    assert_eq!(p("2025-03").previous(), p("2025-02"));
    assert_eq!(p("2025Q1").previous(), p("2024Q4"));
    assert_eq!(p("2025").previous(), p("2024"));
    assert_eq!(p("2024T3").checked_next(), Some(p("2025T1")));
    assert_eq!(p("2024-12").checked_next(), Some(p("2025-01")));
    assert_eq!(p("1000-01").checked_previous(), None);
    assert_eq!(p("9999Q4").checked_next(), None);
}

#[test]
fn year_earlier_keeps_the_kind() {
    assert_eq!(p("2025T2").year_earlier(), p("2024T2"));
    assert_eq!(p("2025-02").year_earlier(), p("2024-02"));
    assert_eq!(p("2025Q4").year_earlier(), p("2024Q4"));
    assert_eq!(p("2025").year_earlier(), p("2024"));
    assert_eq!(p("1000T1").checked_year_earlier(), None);
}

#[test]
fn contains() {
    assert!(p("2025").contains(&p("2025-05")));
    assert!(p("2025T2").contains(&p("2025-05")));
    assert!(p("2025T2").contains(&p("2025-08")));
    assert!(!p("2025T2").contains(&p("2025-09")));
    assert!(!p("2025Q2").contains(&p("2025-07")));
    assert!(p("2025Q2").contains(&p("2025-06")));
    assert!(
        !p("2025T2").contains(&p("2025Q2")),
        "Q2 starts in April, T2 in May"
    );
    assert!(p("2025").contains(&p("2025")));
    assert!(!p("2024").contains(&p("2025-01")));
    assert!(!p("2025-05").contains(&p("2025T2")));
    assert!(p("2025T1").contains_date(d(2025, 4, 30)));
    assert!(!p("2025T1").contains_date(d(2025, 5, 1)));
}

#[test]
fn enclosing_is_shortest_first() {
    let up = |s: &str| -> Vec<String> { p(s).enclosing().map(|x| x.to_string()).collect() };
    assert_eq!(up("2025-05"), ["2025Q2", "2025T2", "2025"]);
    assert_eq!(up("2025-04"), ["2025Q2", "2025T1", "2025"]);
    assert_eq!(up("2025-12"), ["2025Q4", "2025T3", "2025"]);
    assert_eq!(up("2025Q2"), ["2025"]);
    assert_eq!(up("2025T3"), ["2025"]);
    assert!(up("2025").is_empty());
}

#[test]
fn ordering_by_start_then_shorter_first() {
    let mut v = [
        p("2025"),
        p("2025T1"),
        p("2025Q1"),
        p("2025-01"),
        p("2024-12"),
        p("2025-02"),
        p("2025T2"),
    ];
    v.sort();
    let s: Vec<String> = v.iter().map(ToString::to_string).collect();
    assert_eq!(
        s,
        ["2024-12", "2025-01", "2025Q1", "2025T1", "2025", "2025-02", "2025T2"]
    );
    assert!(p("2024T3") < p("2025T1"));
    assert!(p("2025-09") > p("2025-08"));
}

#[test]
fn display_and_parse_round_trip() {
    for s in [
        "2025", "2025T1", "2025T2", "2025T3", "2025Q1", "2025Q4", "2025-01", "2025-09", "2025-12",
        "1000", "9999-12",
    ] {
        assert_eq!(p(s).to_string(), s);
        assert_eq!(p(&p(s).to_string()), p(s));
    }
    // Every month of a year round-trips through its components.
    for m in 1..=12u8 {
        let x = Period::month(2024, m).unwrap();
        assert_eq!(p(&x.to_string()), x);
        assert_eq!(x.first_month(), u32::from(m));
    }
}

#[test]
fn rejects_non_canonical_and_out_of_range() {
    // Only the canonical spelling is a period: "2025t2" is refused too.
    for s in [
        "2025T0",
        "2025T4",
        "2025Q0",
        "2025Q5",
        "2025-13",
        "2025-00",
        "2025-1",
        "25",
        "2025t2",
        "2025q2",
        "",
        " 2025",
        "2025 ",
        "2025T",
        "2025T12",
        "2025-",
        "2025-123",
        "2025H1",
        "2025/05",
        "+2025",
        "２０２５",
    ] {
        match s.parse::<Period>() {
            Err(Error::Period { input, reason }) => {
                assert_eq!(input, s);
                assert!(!reason.is_empty());
            }
            other => panic!("{s:?} should be refused, got {other:?}"),
        }
    }
}

#[test]
fn years_outside_1000_to_9999_are_refused() {
    assert!("0999".parse::<Period>().is_err());
    assert!("0000".parse::<Period>().is_err());
    assert!("1000".parse::<Period>().is_ok());
    assert!("9999T3".parse::<Period>().is_ok());
    assert!("10000".parse::<Period>().is_err());
}

#[test]
fn period_error_message_names_the_input() {
    let e = "2025T4".parse::<Period>().unwrap_err();
    assert_eq!(e.code(), "period");
    assert!(e.to_string().contains("\"2025T4\""), "{e}");
}

#[test]
fn ordinal_is_dense_within_a_kind() {
    assert_eq!(p("2025T1").ordinal() - p("2024T3").ordinal(), 1);
    assert_eq!(p("2025-01").ordinal() - p("2024-12").ordinal(), 1);
    assert_eq!(p("2025Q1").ordinal() - p("2024Q1").ordinal(), 4);
}
