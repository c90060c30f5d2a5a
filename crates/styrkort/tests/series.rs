//! `evaluate_series`: many periods through one call give, period by
//! period, exactly the evaluation of that period alone.

use std::sync::Arc;

use crate::cases::{periods_2025, vector_cases};
use styrkort::{Compiled, Decimal, EvalOptions, Model, Period, Trend};

/// Asserts that the series of `periods` is, JSON byte for JSON byte, the
/// evaluations of the periods one at a time.
fn assert_series_is_each_alone(
    c: &Arc<Compiled>,
    periods: &[Period],
    options: &EvalOptions,
    what: &str,
) {
    let series = c.evaluate_series(periods, options).unwrap();
    assert_eq!(series.len(), periods.len(), "{what}");
    for (e, p) in series.iter().zip(periods) {
        let alone = c.evaluate(p, options).unwrap();
        assert_eq!(e.period, *p, "{what}: the series keeps the order given");
        assert_eq!(e.to_json(), alone.to_json(), "{what} {p}");
    }
}

#[test]
fn series_of_the_example_is_each_period_alone() {
    let text = include_str!("../../../examples/exempelkommun.json");
    let c = Arc::new(Model::from_json(text).unwrap().compile().unwrap());
    for options in [EvalOptions::default(), EvalOptions::tag("environment")] {
        assert_series_is_each_alone(&c, &periods_2025(), &options, "example");
    }
    // Any order, repeats included.
    let mut shuffled = periods_2025();
    shuffled.reverse();
    shuffled.push(shuffled[3]);
    assert_series_is_each_alone(&c, &shuffled, &EvalOptions::default(), "example reversed");
}

/// Every conformance vector's model over the 2025 series and the vector's
/// own period (windows, consolidation, improve targets, assessments …).
#[test]
fn series_of_every_vector_is_each_period_alone() {
    let cases = vector_cases();
    for case in &cases {
        assert_series_is_each_alone(&case.compiled, &case.periods, &case.options, &case.name);
    }
    assert!(cases.len() >= 25, "only {} vectors checked", cases.len());
}

/// Worked by hand: `sum` at the council of two units, month by month; each
/// month's trend reads the previous month's consolidated value, which the
/// series has memoised from the month before.
#[test]
fn series_consolidates_month_by_month() {
    let m = Model::from_json(
        r#"{"format": "styrkort/1",
        "organisation": [{"id": "kf", "name": "KF", "kind": "council"},
                         {"id": "a", "name": "A", "kind": "board", "parent": "kf"},
                         {"id": "b", "name": "B", "kind": "board", "parent": "kf"}],
        "indicators": [{"id": "ind", "name": "I", "owner": "kf", "consolidation": "sum",
           "measurements": [{"period": "2025-01", "value": "1", "org": "a"},
                            {"period": "2025-01", "value": "2", "org": "b"},
                            {"period": "2025-02", "value": "3", "org": "a"},
                            {"period": "2025-02", "value": "4", "org": "b"},
                            {"period": "2025-03", "value": "5", "org": "a"}]}],
        "goals": [{"id": "kf-1", "title": "T", "level": "council", "perspective": "economy",
                   "owner": "kf", "indicators": [{"indicator": "ind"}]}]}"#,
    )
    .unwrap();
    let months: Vec<Period> = ["2025-01", "2025-02", "2025-03"]
        .iter()
        .map(|p| p.parse().unwrap())
        .collect();
    let series = m.evaluate_series(&months, &EvalOptions::default()).unwrap();
    let at_kf: Vec<_> = series
        .iter()
        .map(|e| {
            let r = e.indicator("ind", "kf").unwrap();
            (r.value, r.previous, r.trend)
        })
        .collect();
    let d = |n: i64| Some(Decimal::from(n));
    assert_eq!(
        at_kf,
        [
            (d(3), None, Trend::Unknown),
            (d(7), d(3), Trend::Improving),
            (d(5), d(7), Trend::Worsening),
        ]
    );
    assert!(m
        .evaluate_series(&[], &EvalOptions::default())
        .unwrap()
        .is_empty());
}

/// A period that overflows fails the series with the error it gives alone.
#[test]
fn series_fails_with_the_periods_own_error() {
    let max = Decimal::MAX;
    let m = Model::from_json(&format!(
        r#"{{"format": "styrkort/1",
        "organisation": [{{"id": "kf", "name": "KF", "kind": "council"}},
                         {{"id": "a", "name": "A", "kind": "board", "parent": "kf"}},
                         {{"id": "b", "name": "B", "kind": "board", "parent": "kf"}}],
        "indicators": [{{"id": "ind", "name": "I", "owner": "kf", "consolidation": "sum",
           "measurements": [{{"period": "2025-01", "value": "1", "org": "a"}},
                            {{"period": "2025-02", "value": "{max}", "org": "a"}},
                            {{"period": "2025-02", "value": "{max}", "org": "b"}}]}}],
        "goals": [{{"id": "kf-1", "title": "T", "level": "council", "perspective": "economy",
                   "owner": "kf", "indicators": [{{"indicator": "ind"}}]}}]}}"#
    ))
    .unwrap();
    let c = Arc::new(m.compile().unwrap());
    let jan: Period = "2025-01".parse().unwrap();
    let feb: Period = "2025-02".parse().unwrap();
    let alone = c.evaluate(&feb, &EvalOptions::default()).unwrap_err();
    assert!(
        alone
            .to_string()
            .contains("consolidating indicator \"ind\" at org \"kf\" for 2025-02"),
        "{alone}"
    );
    let series = c
        .evaluate_series(&[jan, feb], &EvalOptions::default())
        .unwrap_err();
    assert_eq!(series, alone);
}
