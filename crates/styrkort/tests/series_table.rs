//! `Compiled::series_table`: many periods' statuses as columns are exactly
//! the columns of the periods' evaluations, made one at a time.

use std::sync::Arc;

use crate::cases::{periods_2025, vector_cases};
use styrkort::{Compiled, Decimal, EvalOptions, Model, Period, SeriesTable, Status, Trend};

/// Asserts that the table of `periods` is the table of the evaluations of
/// the periods one at a time.
fn assert_table_is_the_evaluations(
    c: &Arc<Compiled>,
    periods: &[Period],
    options: &EvalOptions,
    what: &str,
) {
    let table = c.series_table(periods, options).unwrap();
    let alone: Vec<_> = periods
        .iter()
        .map(|p| c.evaluate(p, options).unwrap())
        .collect();
    let want = SeriesTable::from_evaluations(c, &alone).unwrap();
    assert_eq!(
        table.periods, periods,
        "{what}: the periods in the order given"
    );
    assert_eq!(table.indicators.len(), want.indicators.len(), "{what}");
    assert_eq!(table.goals.len(), want.goals.len(), "{what}");
    assert_eq!(table, want, "{what}");
    assert_eq!(table.to_json(), want.to_json(), "{what}");
}

#[test]
fn the_table_of_the_example_is_its_evaluations() {
    let text = include_str!("../../../examples/exempelkommun.json");
    let c = Arc::new(Model::from_json(text).unwrap().compile().unwrap());
    for options in [EvalOptions::default(), EvalOptions::tag("environment")] {
        assert_table_is_the_evaluations(&c, &periods_2025(), &options, "example");
    }
    // Any order, repeats included.
    let mut shuffled = periods_2025();
    shuffled.reverse();
    shuffled.push(shuffled[3]);
    assert_table_is_the_evaluations(&c, &shuffled, &EvalOptions::default(), "reversed");
}

/// Every conformance vector's model (windows, consolidation, forecasts,
/// improve and change targets, rank targets with their comparison data,
/// assessments, activities, validities, tags) over the 2025 series and
/// the vector's own period.
#[test]
fn the_table_of_every_vector_is_its_evaluations() {
    let cases = vector_cases();
    for case in &cases {
        assert_table_is_the_evaluations(&case.compiled, &case.periods, &case.options, &case.name);
    }
    assert!(cases.len() >= 50, "only {} vectors checked", cases.len());
}

/// Worked by hand: `sum` at the council of two units, month by month,
/// against a target of 6 with a partly band from 5; each month's trend
/// reads the previous month's consolidated value.
#[test]
fn the_table_consolidates_month_by_month() {
    let m = Model::from_json(
        r#"{"format": "styrkort/1",
        "organisation": [{"id": "kf", "name": "KF", "kind": "council"},
                         {"id": "a", "name": "A", "kind": "board", "parent": "kf"},
                         {"id": "b", "name": "B", "kind": "board", "parent": "kf"}],
        "indicators": [{"id": "ind", "name": "I", "owner": "kf", "consolidation": "sum",
           "targets": [{"period": "2025", "value": "6", "warning": "5"}],
           "measurements": [{"period": "2025-01", "value": "1", "org": "a"},
                            {"period": "2025-01", "value": "2", "org": "b"},
                            {"period": "2025-02", "value": "3", "org": "a"},
                            {"period": "2025-02", "value": "4", "org": "b"},
                            {"period": "2025-03", "value": "5", "org": "a"}]}],
        "goals": [{"id": "kf-1", "title": "T", "level": "council", "perspective": "economy",
                   "owner": "kf", "indicators": [{"indicator": "ind"}]}]}"#,
    )
    .unwrap();
    let c = m.compile().unwrap();
    let months: Vec<Period> = ["2025-01", "2025-02", "2025-03"]
        .iter()
        .map(|p| p.parse().unwrap())
        .collect();
    let t = c.series_table(&months, &EvalOptions::default()).unwrap();
    let rows = &t.indicators;
    // The rows at kf, one per month (a and b are reported where measured).
    let at_kf: Vec<_> = (0..rows.len())
        .filter(|&k| t.org_ids[rows.org[k] as usize].as_str() == "kf")
        .map(|k| {
            (
                rows.period[k].to_string(),
                rows.value[k],
                rows.status[k],
                rows.trend[k],
                rows.achievement[k],
            )
        })
        .collect();
    let d = |n: &str| Some(n.parse::<Decimal>().unwrap());
    assert_eq!(
        at_kf,
        [
            (
                "2025-01".into(),
                d("3"),
                Status::NotFulfilled,
                Trend::Unknown,
                d("0.5")
            ),
            (
                "2025-02".into(),
                d("7"),
                Status::Fulfilled,
                Trend::Improving,
                d("1.1667")
            ),
            (
                "2025-03".into(),
                d("5"),
                Status::PartlyFulfilled,
                Trend::Worsening,
                d("0.8333")
            ),
        ]
    );
    assert!(rows
        .consolidated
        .iter()
        .zip(&rows.org)
        .all(|(&c, &o)| c == (o == 0)));
    // 2025-01 and 2025-02: kf, a, b; 2025-03: kf, a.
    assert_eq!(rows.len(), 8);
    assert_eq!(
        t.goals.status,
        [
            Status::NotFulfilled,
            Status::Fulfilled,
            Status::PartlyFulfilled
        ]
    );
    assert_eq!(
        t.goals.score,
        [d("0"), d("1"), d("0.5")],
        "score = weight × item score / weight"
    );
    let empty = c.series_table(&[], &EvalOptions::default()).unwrap();
    assert!(empty.indicators.is_empty() && empty.goals.is_empty());
    assert_eq!(
        empty.indicator_ids.len(),
        1,
        "the dictionaries are the model's"
    );
}

/// A period that overflows fails the table with the error it gives alone.
#[test]
fn the_table_fails_with_the_periods_own_error() {
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
    let table = c
        .series_table(&[jan, feb], &EvalOptions::default())
        .unwrap_err();
    assert_eq!(table, alone);
}

/// Two periods fail at different indicators: the error is that of the
/// first failing period in the order asked, though the table works out
/// the first indicator (the one failing in March) for every period before
/// the second.
#[test]
fn the_table_fails_with_the_first_failing_periods_error() {
    let max = Decimal::MAX;
    let m = Model::from_json(&format!(
        r#"{{"format": "styrkort/1",
        "organisation": [{{"id": "kf", "name": "KF", "kind": "council"}},
                         {{"id": "a", "name": "A", "kind": "board", "parent": "kf"}},
                         {{"id": "b", "name": "B", "kind": "board", "parent": "kf"}}],
        "indicators": [
          {{"id": "i1", "name": "I1", "owner": "kf", "consolidation": "sum",
           "measurements": [{{"period": "2025-03", "value": "{max}", "org": "a"}},
                            {{"period": "2025-03", "value": "{max}", "org": "b"}}]}},
          {{"id": "i2", "name": "I2", "owner": "kf", "consolidation": "sum",
           "measurements": [{{"period": "2025-02", "value": "{max}", "org": "a"}},
                            {{"period": "2025-02", "value": "{max}", "org": "b"}}]}}],
        "goals": [{{"id": "kf-1", "title": "T", "level": "council", "perspective": "economy",
                   "owner": "kf", "indicators": [{{"indicator": "i1"}}, {{"indicator": "i2"}}]}}]}}"#
    ))
    .unwrap();
    let c = Arc::new(m.compile().unwrap());
    let [jan, feb, mar]: [Period; 3] =
        ["2025-01", "2025-02", "2025-03"].map(|p| p.parse().unwrap());
    let options = EvalOptions::default();
    let feb_alone = c.evaluate(&feb, &options).unwrap_err();
    let mar_alone = c.evaluate(&mar, &options).unwrap_err();
    assert_ne!(feb_alone, mar_alone);
    assert!(feb_alone.to_string().contains("i2"), "{feb_alone}");
    assert_eq!(
        c.series_table(&[jan, feb, mar], &options).unwrap_err(),
        feb_alone
    );
    assert_eq!(
        c.series_table(&[jan, mar, feb], &options).unwrap_err(),
        mar_alone
    );
    assert!(c.series_table(&[jan], &options).is_ok());
}

/// The document: the format tag, the dictionaries, each column an array;
/// decimals as normalised strings, statuses and trends by name.
#[test]
fn the_table_document_is_columns() {
    let m = Model::from_json(
        r#"{"format": "styrkort/1",
        "organisation": [{"id": "kf", "name": "KF", "kind": "council"}],
        "indicators": [{"id": "nmi", "name": "NMI", "owner": "kf",
           "targets": [{"period": "2025", "value": "61.50"}],
           "measurements": [{"period": "2025-01", "value": "60.0"}]}]}"#,
    )
    .unwrap();
    let c = m.compile().unwrap();
    let months: Vec<Period> = vec!["2025-01".parse().unwrap(), "2025-02".parse().unwrap()];
    let doc: serde_json::Value = serde_json::from_str(
        &c.series_table(&months, &EvalOptions::default())
            .unwrap()
            .to_json(),
    )
    .unwrap();
    assert_eq!(doc["format"], "styrkort-series-table/1");
    assert_eq!(doc["periods"], serde_json::json!(["2025-01", "2025-02"]));
    assert_eq!(doc["indicator_ids"], serde_json::json!(["nmi"]));
    // Only January has a measurement (no goal uses the pair).
    let rows = &doc["indicators"];
    assert_eq!(rows["period"], serde_json::json!(["2025-01"]));
    assert_eq!(rows["value"], serde_json::json!(["60"]));
    assert_eq!(rows["target"], serde_json::json!(["61.5"]));
    assert_eq!(rows["achievement"], serde_json::json!(["0.9756"]));
    assert_eq!(rows["status"], serde_json::json!(["not_fulfilled"]));
    assert_eq!(rows["trend"], serde_json::json!(["unknown"]));
    assert_eq!(doc["goals"]["status"], serde_json::json!([]));
}
