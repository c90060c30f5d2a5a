//! `evaluate_series`: many periods through one call give, period by
//! period, exactly the evaluation of that period alone.

use std::fs;
use std::path::Path;
use std::sync::Arc;

use styrkort::{Compiled, Decimal, EvalOptions, Model, Period, Trend};

/// Every month, tertial and the year of 2025, and two periods of 2024.
fn periods_2025() -> Vec<Period> {
    let mut names: Vec<String> = (1..=12).map(|m| format!("2025-{m:02}")).collect();
    names.extend(["2025T1", "2025T2", "2025T3", "2025", "2024T3", "2024"].map(String::from));
    names.iter().map(|p| p.parse().unwrap()).collect()
}

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
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors");
    let mut checked = 0;
    for entry in fs::read_dir(dir).unwrap() {
        let dir = entry.unwrap().path();
        let Ok(text) = fs::read_to_string(dir.join("model.json")) else {
            continue;
        };
        let Ok(compiled) = Model::from_json(&text).and_then(|m| m.compile()) else {
            continue; // a vector of an invalid model
        };
        let c = Arc::new(compiled);
        let mut periods = periods_2025();
        if let Ok(p) = fs::read_to_string(dir.join("period.txt")) {
            let p: Period = p.trim().parse().unwrap();
            periods.extend([
                p,
                p.checked_previous().unwrap(),
                p.checked_year_earlier().unwrap(),
            ]);
        }
        let options = fs::read_to_string(dir.join("tag.txt"))
            .map_or_else(|_| EvalOptions::default(), |t| EvalOptions::tag(t.trim()));
        assert_series_is_each_alone(&c, &periods, &options, &dir.display().to_string());
        checked += 1;
    }
    assert!(checked >= 25, "only {checked} vectors checked");
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
