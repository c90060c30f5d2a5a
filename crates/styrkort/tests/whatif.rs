//! What-if, rank targets and activity judgements (issue 14, items 2, 4
//! and 7) beyond the conformance vectors: the edges, worked by hand.

use styrkort::kolada::ComparisonData;
use styrkort::{Decimal, EvalOptions, Model, Need, Status};

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// One council goal over the given indicators (JSON objects without `owner`).
fn model(indicators: &str, rule: &str) -> Model {
    let text = format!(
        r#"{{"format": "styrkort/1",
        "organisation": [{{"id": "kf", "name": "KF", "kind": "council"}}],
        "indicators": [{indicators}],
        "goals": [{{"id": "kf-1", "title": "Mål", "level": "council", "perspective": "citizen",
                   "owner": "kf", "rule": {rule},
                   "indicators": [{{"indicator": "a"}}, {{"indicator": "b"}}]}}]}}"#
    );
    Model::from_json(&text).unwrap()
}

const A_PARTLY: &str = r#"{"id": "a", "name": "A", "owner": "kf",
    "targets": [{"period": "2025", "value": "10", "warning": "8"}],
    "measurements": [{"period": "2025", "value": "9"}]}"#;

#[test]
fn reached_and_bad_wanted() {
    let b = r#"{"id": "b", "name": "B", "owner": "kf",
        "targets": [{"period": "2025", "value": "5"}],
        "measurements": [{"period": "2025", "value": "6"}]}"#;
    let e = model(&format!("{A_PARTLY}, {b}"), r#"{"kind": "all_some_none"}"#)
        .evaluate(&"2025".parse().unwrap())
        .unwrap();
    // a P, b F → P: partly is reached, nothing to change.
    let w = e.what_if("kf-1", Status::PartlyFulfilled).unwrap();
    assert!(w.reached && w.reachable && w.changes.is_empty());
    assert_eq!(w.need, Need::Nothing);
    // Fulfilled: a from 9 to 10.
    let w = e.what_if("kf-1", Status::Fulfilled).unwrap();
    assert_eq!(w.changes.len(), 1);
    assert_eq!(
        (w.changes[0].needed, w.changes[0].change),
        (Some(d("10")), Some(d("1")))
    );
    for bad in ["no_data", "not_fulfilled", "green"] {
        let err = e.what_if_named("kf-1", bad).unwrap_err();
        assert_eq!(err.code(), "unknown_id", "{bad}");
    }
    assert_eq!(
        e.what_if("kf-9", Status::Fulfilled).unwrap_err().code(),
        "unknown_id"
    );
}

#[test]
fn no_assessed_item_is_unreachable() {
    let b =
        r#"{"id": "b", "name": "B", "owner": "kf", "targets": [{"period": "2025", "value": "5"}]}"#;
    let a =
        r#"{"id": "a", "name": "A", "owner": "kf", "targets": [{"period": "2025", "value": "5"}]}"#;
    let e = model(&format!("{a}, {b}"), r#"{"kind": "worst"}"#)
        .evaluate(&"2025".parse().unwrap())
        .unwrap();
    let w = e.what_if("kf-1", Status::Fulfilled).unwrap();
    assert_eq!(w.computed_status, Status::NoData);
    assert!(!w.reachable && !w.reached && w.changes.is_empty());
    assert!(
        w.explanation.contains("enter the outcomes first"),
        "{}",
        w.explanation
    );
}

/// In a group of 3 nobody is in the best quarter (0.25 · 3 = 0.75 < rank 1):
/// fulfilled cannot be reached by a rank target, so neither by the goal.
#[test]
fn rank_in_a_small_group_cannot_turn_green() {
    let a = r#"{"id": "a", "name": "A", "owner": "kf",
        "source": {"kolada": {"kpi": "N1", "municipality": "0114"}},
        "targets": [{"period": "2025", "kind": "rank"}],
        "measurements": [{"period": "2025", "value": "50"}]}"#;
    let b = r#"{"id": "b", "name": "B", "owner": "kf",
        "targets": [{"period": "2025", "value": "5"}],
        "measurements": [{"period": "2025", "value": "6"}]}"#;
    let mut data = ComparisonData::new();
    for (m, v) in [("0114", "50"), ("0120", "40"), ("0123", "30")] {
        data.insert("N1", 2025, m, d(v));
    }
    let e = model(&format!("{a}, {b}"), r#"{"kind": "all_some_none"}"#)
        .evaluate_with(
            &"2025".parse().unwrap(),
            &EvalOptions::default().with_comparison(data),
        )
        .unwrap();
    // rank 1 of 3: 1 ≤ 0.75? no; 1 > 2.25? no → partly.
    let r = e.indicator("a", "kf").unwrap();
    assert_eq!(r.status, Status::PartlyFulfilled);
    let j = r.rank.as_ref().unwrap();
    assert_eq!(
        (j.best_up_to, j.worst_above),
        (Some(d("0.75")), Some(d("2.25")))
    );
    let w = e.what_if("kf-1", Status::Fulfilled).unwrap();
    assert!(!w.reachable && w.changes.is_empty());
    assert!(
        w.explanation
            .contains("indicator a at kf cannot reach fulfilled"),
        "{}",
        w.explanation
    );
}

/// `weighted_score`: an item already partly gains only ½·w; the fewest items
/// are taken even when a lighter one would need a smaller change.
#[test]
fn weighted_score_takes_the_fewest_items() {
    // a P (w 1), b N (w 3): score (½ + 0)/4 = 0.125; fulfilled at 0.75 needs
    // Σw·s ≥ 3: b to F gives ½ + 3 = 3.5 ≥ 3 (one item); b to P would give
    // 2, not enough, so b stays at F.
    let b = r#"{"id": "b", "name": "B", "owner": "kf",
        "targets": [{"period": "2025", "value": "5", "warning": "4"}],
        "measurements": [{"period": "2025", "value": "3"}]}"#;
    let text = model(
        &format!("{A_PARTLY}, {b}"),
        r#"{"kind": "weighted_score", "fulfilled_at": "0.75", "partly_at": "0.5"}"#,
    )
    .to_json()
    .replace(r#""indicator": "b""#, r#""indicator": "b", "weight": "3""#);
    let e = Model::from_json(&text)
        .unwrap()
        .evaluate(&"2025".parse().unwrap())
        .unwrap();
    assert_eq!(e.goal("kf-1").unwrap().score, Some(d("0.125")));
    let w = e.what_if("kf-1", Status::Fulfilled).unwrap();
    assert_eq!(w.changes.len(), 1);
    assert_eq!(
        (w.changes[0].id.as_str(), w.changes[0].to),
        ("b", Status::Fulfilled)
    );
    assert_eq!(w.changes[0].change, Some(d("2")));
}

#[test]
fn activities_explained() {
    let e = Model::from_json(
        r#"{"format": "styrkort/1",
        "organisation": [{"id": "kf", "name": "KF", "kind": "council"}],
        "goals": [{"id": "kf-1", "title": "Mål", "level": "council", "perspective": "citizen",
                   "owner": "kf", "activities": {"partly_at": "0.25"}}],
        "action_plans": [{"id": "hp-1", "title": "Plan", "owner": "kf", "goals": ["kf-1"],
            "activities": [{"id": "a-1", "title": "A", "status": "ongoing", "progress": "30"},
                           {"id": "a-2", "title": "B", "status": "paused", "progress": "20"}]}]}"#,
    )
    .unwrap()
    .evaluate(&"2025".parse().unwrap())
    .unwrap();
    // (0.3 + 0.2)/2 = 0.25 ≥ 0.25 → partly.
    let g = e.goal("kf-1").unwrap();
    assert_eq!(g.status, Status::PartlyFulfilled);
    assert_eq!(
        g.explain(),
        "Goal kf-1 is partly_fulfilled; rule all_some_none, no assessed item; no item has a status \
         yet, so it is judged on the activities of plan hp-1: 0 of 2 completed, completion 0.25 \
         (fulfilled at 1, partly at 0.25); it has no items."
    );
}
