//! Cutting a model into parts (`styrkort::partition`): the part below any
//! org of the example municipality evaluates every goal and indicator
//! result of its orgs exactly as the whole model does (differential), a
//! target set above the cut still applies below it (worked by hand), and
//! bad roots are refused.

use std::collections::HashSet;

use styrkort::{Error, Model, Period};

fn example() -> Model {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/exempelkommun.json"
    ))
    .expect("the example model");
    Model::from_json(&text).expect("loads")
}

fn p(s: &str) -> Period {
    s.parse().unwrap()
}

/// Goals of the part that something outside the part contributes to,
/// directly or through a goal in between: only those may differ.
fn fed_from_outside(whole: &Model, part: &Model) -> HashSet<String> {
    let inside: HashSet<&str> = part.goals.iter().map(|g| g.id.as_str()).collect();
    let mut tainted: HashSet<String> = HashSet::new();
    loop {
        let before = tainted.len();
        for g in &whole.goals {
            let from_outside = !inside.contains(g.id.as_str()) || tainted.contains(g.id.as_str());
            if from_outside {
                for l in &g.contributes_to {
                    if inside.contains(l.goal.as_str()) {
                        tainted.insert(l.goal.to_string());
                    }
                }
            }
        }
        if tainted.len() == before {
            return tainted;
        }
    }
}

#[test]
fn every_cut_of_the_example_agrees_with_the_whole() {
    let whole = example();
    for period in ["2025T2", "2025", "2024T3", "2025-05"] {
        let full = whole.evaluate(&p(period)).expect("evaluates");
        for root in &whole.organisation {
            let part = whole.cut(root.id.as_str()).expect("cuts");
            let errors: Vec<String> = part
                .validate()
                .into_iter()
                .filter(styrkort::Diagnostic::is_error)
                .map(|d| d.to_string())
                .collect();
            assert!(errors.is_empty(), "part below {}: {errors:#?}", root.id);
            let e = part.evaluate(&p(period)).expect("the part evaluates");
            let skip = fed_from_outside(&whole, &part);
            let mut compared = 0;
            for g in &e.goals {
                if skip.contains(g.goal.as_str()) {
                    continue;
                }
                let w = full.goal(g.goal.as_str()).expect("the whole has the goal");
                assert_eq!(g, w, "goal {} below {} at {period}", g.goal, root.id);
                compared += 1;
            }
            for r in &e.indicators {
                let w = full
                    .indicators
                    .iter()
                    .find(|x| x.indicator == r.indicator && x.org == r.org)
                    .expect("the whole has the pair");
                assert_eq!(
                    r, w,
                    "{}@{} below {} at {period}",
                    r.indicator, r.org, root.id
                );
            }
            let in_part: HashSet<&str> = e.goals.iter().map(|g| g.goal.as_str()).collect();
            for s in &e.scorecards {
                let w = full
                    .scorecards
                    .iter()
                    .find(|x| x.org == s.org)
                    .expect("scorecard");
                // an office's scorecard shows its board's goals, which a cut
                // at the office leaves outside
                let whole_inside = w
                    .goals
                    .iter()
                    .all(|g| in_part.contains(g.as_str()) && !skip.contains(g.as_str()));
                if whole_inside {
                    assert_eq!(
                        s.balance, w.balance,
                        "scorecard {} below {}",
                        s.org, root.id
                    );
                }
            }
            assert_eq!(compared + skip.len(), e.goals.len());
            // the root's own goals are all there
            let owned = whole.goals.iter().filter(|g| g.owner == root.id).count();
            assert!(e.goals.iter().filter(|g| g.owner == root.id).count() == owned);
        }
    }
}

/// kf > utbn > skola; the indicator belongs to kf, whose 2025 target (80,
/// set for kf) applies to skola through the tree. Cut at utbn: kf is gone,
/// so its target moves to utbn, and skola's 70 still misses 80 (not
/// fulfilled, achievement 70/80 = 0.875), and 85 in 2024 against the
/// target without org (60) is fulfilled.
#[test]
fn a_target_set_above_the_cut_still_applies() {
    let whole = Model::from_json(
        r#"{"format": "styrkort/1",
        "organisation": [
          {"id": "kf", "name": "KF", "kind": "council"},
          {"id": "utbn", "name": "Utbildningsnämnden", "kind": "board", "parent": "kf"},
          {"id": "skola", "name": "Skola", "kind": "unit", "parent": "utbn"}],
        "indicators": [
          {"id": "beh", "name": "Behöriga", "owner": "kf",
           "targets": [{"period": "2025", "org": "kf", "value": "80"},
                       {"period": "2025", "value": "50"},
                       {"period": "2024", "value": "60"}],
           "measurements": [{"period": "2025", "org": "skola", "value": "70"},
                            {"period": "2024", "org": "skola", "value": "85"},
                            {"period": "2025", "value": "99"}]}],
        "goals": [
          {"id": "kf-1", "title": "KF", "level": "council", "perspective": "citizen", "owner": "kf"},
          {"id": "utbn-1", "title": "N", "level": "board", "perspective": "citizen",
           "owner": "utbn", "contributes_to": ["kf-1"]},
          {"id": "s-1", "title": "S", "level": "operational", "perspective": "citizen",
           "owner": "skola", "contributes_to": ["utbn-1"],
           "indicators": [{"indicator": "beh"}]}]}"#,
    )
    .expect("loads");
    let part = whole.cut("utbn").expect("cuts");
    assert_eq!(
        part.organisation
            .iter()
            .map(|o| o.id.as_str())
            .collect::<Vec<_>>(),
        ["utbn", "skola"]
    );
    assert!(part.organisation[0].parent.is_none());
    let ind = &part.indicators[0];
    // owned by utbn in the part; kf's own measurement (99) is not the part's
    assert_eq!(ind.owner.as_str(), "utbn");
    assert_eq!(ind.measurements.len(), 2);
    assert!(ind
        .targets
        .iter()
        .any(|t| t.org.as_ref().is_some_and(|o| o.as_str() == "utbn")
            && t.value == Some("80".parse().unwrap())));
    // utbn-1's link to kf-1 is cut; s-1's to utbn-1 kept
    assert!(part
        .goals
        .iter()
        .find(|g| g.id.as_str() == "utbn-1")
        .unwrap()
        .contributes_to
        .is_empty());
    for (period, status, achievement) in [
        ("2025", "not_fulfilled", "0.875"),
        ("2024", "fulfilled", "1.4167"),
    ] {
        let e = part.evaluate(&p(period)).expect("evaluates");
        let r = e
            .indicators
            .iter()
            .find(|r| r.org.as_str() == "skola")
            .unwrap();
        assert_eq!(r.status.as_str(), status, "{period}");
        assert_eq!(
            r.achievement,
            Some(achievement.parse().unwrap()),
            "{period}"
        );
        let w = whole.evaluate(&p(period)).expect("evaluates");
        assert_eq!(e.goal("s-1"), w.goal("s-1"));
        assert_eq!(e.goal("utbn-1"), w.goal("utbn-1"));
    }
}

#[test]
fn bad_roots_are_refused() {
    let m = example();
    assert!(matches!(
        m.cut("nope"),
        Err(Error::UnknownId { kind: "org", .. })
    ));
    let board = m
        .organisation
        .iter()
        .find(|o| o.kind == styrkort::OrgKind::Board)
        .expect("a board");
    let above = board.parent.as_ref().expect("a board has a parent");
    match styrkort::partition::cut_many(&m, &[above.as_str(), board.id.as_str()]) {
        Err(Error::Invalid { diagnostics }) => {
            assert_eq!(diagnostics[0].code, "overlapping_parts");
            assert!(diagnostics[0].message.contains(board.id.as_str()));
        }
        other => panic!("expected overlapping_parts, got {other:?}"),
    }
}

#[test]
fn a_one_municipality_model_splits_into_itself() {
    let m = example();
    let parts = m.split_municipalities().expect("splits");
    assert_eq!(parts.len(), 1);
    let (root, part) = &parts[0];
    assert_eq!(
        m.organisation
            .iter()
            .find(|o| o.id == *root)
            .map(|o| o.kind),
        Some(styrkort::OrgKind::Municipality)
    );
    let a = m.evaluate(&p("2025T2")).unwrap();
    let b = part.evaluate(&p("2025T2")).unwrap();
    assert_eq!(a.goals, b.goals);
    assert_eq!(a.indicators, b.indicators);
    assert_eq!(a.scorecards, b.scorecards);
    assert_eq!(a.action_plans, b.action_plans);
}
