//! Validation of models that are deep or long rather than wide: a chain of
//! 100,000 orgs, a parent cycle of 100,000 orgs, and goal chains and cycles
//! of 100,000 goals. Each runs on a thread with a 256 KiB stack, the stack
//! of a small host thread pool, so any recursion the input's depth controls
//! would overflow it, and the diagnostics are checked in full.
//!
//! Speed is not asserted here (see the `scale` benches and
//! `benches/README.md`); a quadratic pass would still make these tests take
//! minutes instead of seconds.

use std::fmt::Write as _;

use styrkort::{Error, Model, Period, Severity};

/// The depth, cycle length and goal count of the tests.
const N: usize = 100_000;

/// Runs `f` on a thread with a 256 KiB stack and returns its result.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .name("256k".into())
        .stack_size(256 * 1024)
        .spawn(f)
        .expect("a thread starts")
        .join()
        .expect("the thread does not panic or overflow")
}

/// `(code, subject, message)` of each diagnostic, in the order reported.
fn triples(model: &Model) -> Vec<(String, String, String)> {
    model
        .validate()
        .into_iter()
        .map(|d| (d.code, d.subject, d.message))
        .collect()
}

/// The issue's generator: council `kf`, board `o0` under it, units
/// `o1…o(n-1)` each the parent of the next, one indicator `ind` owned by
/// `kf` with consolidation `sum`, a target for 2025 and one measurement at
/// the deepest unit. `extra_orgs` and `goals` are spliced into the lists.
fn deep_chain(n: usize, extra_orgs: &str, goals: &str) -> String {
    let mut s = String::with_capacity(n * 64);
    s.push_str(
        r#"{"format": "styrkort/1", "organisation": [
        {"id": "kf", "name": "KF", "kind": "council"},
        {"id": "o0", "name": "Nämnd", "kind": "board", "parent": "kf"}"#,
    );
    for k in 1..n {
        let _ = write!(
            s,
            r#", {{"id": "o{k}", "name": "Enhet {k}", "kind": "unit", "parent": "o{}"}}"#,
            k - 1
        );
    }
    s.push_str(extra_orgs);
    let _ = write!(
        s,
        r#"], "indicators": [{{"id": "ind", "name": "Antal", "owner": "kf",
            "consolidation": "sum", "targets": [{{"period": "2025", "value": "1"}}],
            "measurements": [{{"period": "2025", "org": "o{}", "value": "1"}}]}}],
        "goals": [{goals}]}}"#,
        n - 1
    );
    s
}

#[test]
fn a_chain_100000_deep_validates_clean_on_a_small_stack() {
    let d = on_small_stack(|| {
        let model = Model::from_json(&deep_chain(N, "", "")).expect("the chain loads");
        assert_eq!(model.organisation.len(), N + 1);
        triples(&model)
    });
    // Every org is known, the tree has no cycle, the indicator has a target,
    // and there are no goals: nothing to report.
    assert_eq!(d, vec![]);
}

#[test]
fn the_responsible_board_of_the_deepest_unit_is_found_through_100000_levels() {
    // Board `b2` beside `o0`; the deepest unit `o99999` has one goal under
    // `o0`'s goal (its own board: fine) and one under `b2`'s goal (another
    // board's: `cross_board_contribution`, naming `o0` as its board, found
    // 99,999 levels up). Every goal is measured by `ind` and has the
    // citizen perspective, so the four scorecards that hold goals (kf, o0,
    // b2, o99999) miss the other three perspectives.
    let deepest = format!("o{}", N - 1);
    let goals = format!(
        r#"{{"id": "kf-1", "title": "K", "level": "council", "perspective": "citizen", "owner": "kf", "indicators": [{{"indicator": "ind"}}]}},
        {{"id": "o0-1", "title": "N", "level": "board", "perspective": "citizen", "owner": "o0", "indicators": [{{"indicator": "ind"}}], "contributes_to": ["kf-1"]}},
        {{"id": "b2-1", "title": "N2", "level": "board", "perspective": "citizen", "owner": "b2", "indicators": [{{"indicator": "ind"}}], "contributes_to": ["kf-1"]}},
        {{"id": "deep-1", "title": "V1", "level": "operational", "perspective": "citizen", "owner": "{deepest}", "indicators": [{{"indicator": "ind"}}], "contributes_to": ["o0-1"]}},
        {{"id": "deep-2", "title": "V2", "level": "operational", "perspective": "citizen", "owner": "{deepest}", "indicators": [{{"indicator": "ind"}}], "contributes_to": ["b2-1"]}}"#
    );
    let text = deep_chain(
        N,
        r#", {"id": "b2", "name": "Nämnd 2", "kind": "board", "parent": "kf"}"#,
        &goals,
    );
    let d = on_small_stack(move || triples(&Model::from_json(&text).expect("loads")));
    let missing = |org: &str, goals: usize| {
        (
            "missing_perspective".to_string(),
            format!("org:{org}"),
            format!(
                "org \"{org}\": the scorecard holds {goals} goal(s) but none in the perspective(s) society_environment, employees, economy"
            ),
        )
    };
    assert_eq!(
        d,
        vec![
            (
                "cross_board_contribution".to_string(),
                "goal:deep-2".to_string(),
                format!(
                    "goal \"deep-2\": contributes_to[0] names goal \"b2-1\" of board \"b2\", but the goal's owner \"{deepest}\" is in the area of another board (whose responsible board is \"o0\")"
                ),
            ),
            missing("b2", 1),
            missing("kf", 1),
            missing("o0", 1),
            missing(&deepest, 2),
        ]
    );
}

#[test]
fn a_parent_cycle_of_100000_orgs_is_one_org_cycle_error() {
    // o0 → o1 → … → o99999 → o0, every org a unit.
    let mut s = String::from(r#"{"format": "styrkort/1", "organisation": ["#);
    for k in 0..N {
        if k > 0 {
            s.push(',');
        }
        let _ = write!(
            s,
            r#"{{"id": "o{k}", "name": "E", "kind": "unit", "parent": "o{}"}}"#,
            (k + 1) % N
        );
    }
    s.push_str("]}");
    let (d, evaluated) = on_small_stack(move || {
        let model = Model::from_json(&s).expect("loads");
        let d = model.validate();
        let evaluated = model.evaluate(&"2025".parse::<Period>().expect("a period"));
        (d, evaluated)
    });
    // The listing starts at the smallest id and follows the parents; it
    // spells out 12 of the 100,001 ids (o0 closes the circle).
    let message = "org \"o0\": the parent chain \"o0\" → \"o1\" → \"o2\" → \"o3\" → \"o4\" → \"o5\" → \"o6\" → \"o7\" → \"o8\" → \"o9\" → \"o10\" → \"o11\" → … (99989 more) is a cycle of 100000 org(s); the organisation must be a tree";
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].code, "org_cycle");
    assert_eq!(d[0].severity, Severity::Error);
    assert_eq!(d[0].subject, "org:o0");
    assert_eq!(d[0].message, message);
    // Evaluation refuses the model with the same one error.
    match evaluated {
        Err(Error::Invalid { diagnostics }) => assert_eq!(diagnostics, d),
        other => panic!("expected Error::Invalid, got {other:?}"),
    }
}

#[test]
fn a_cycle_hanging_off_a_chain_is_reported_once_and_the_chain_is_not() {
    // kf ← o0 (board) ← o1 … o49999 is a chain; o50000x … o99999x form a
    // cycle (o50000x → o50001x → … → o99999x → o50000x) of units, and
    // `hang` (a unit) hangs off the cycle. The chain is fine; the cycle is
    // one error with the smallest id "o50000x".
    let half = N / 2;
    let mut extra = String::new();
    for k in half..N {
        let parent = if k + 1 == N { half } else { k + 1 };
        let _ = write!(
            extra,
            r#", {{"id": "o{k}x", "name": "C", "kind": "unit", "parent": "o{parent}x"}}"#
        );
    }
    let _ = write!(
        extra,
        r#", {{"id": "hang", "name": "H", "kind": "unit", "parent": "o{}x"}}"#,
        N - 1
    );
    let text = deep_chain(half, &extra, "");
    let d = on_small_stack(move || triples(&Model::from_json(&text).expect("loads")));
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].0, "org_cycle");
    assert_eq!(d[0].1, format!("org:o{half}x"));
    assert!(
        d[0].2
            .ends_with("is a cycle of 50000 org(s); the organisation must be a tree"),
        "{}",
        d[0].2
    );
}

/// `n` board goals `g0…g(n-1)` owned by board `b`, each contributing to the
/// next; with `cycle`, the last contributes to `g0`.
fn goal_chain(n: usize, cycle: bool) -> String {
    let mut s = String::from(
        r#"{"format": "styrkort/1", "organisation": [
        {"id": "kf", "name": "KF", "kind": "council"},
        {"id": "b", "name": "Nämnd", "kind": "board", "parent": "kf"}], "goals": ["#,
    );
    for k in 0..n {
        if k > 0 {
            s.push(',');
        }
        let next = if k + 1 < n {
            format!(r#"["g{}"]"#, k + 1)
        } else if cycle {
            r#"["g0"]"#.to_string()
        } else {
            "[]".to_string()
        };
        let _ = write!(
            s,
            r#"{{"id": "g{k}", "title": "M", "level": "board", "perspective": "citizen", "owner": "b", "contributes_to": {next}}}"#
        );
    }
    s.push_str("]}");
    s
}

/// Counts the diagnostics by code.
fn count(d: &[(String, String, String)], code: &str) -> usize {
    d.iter().filter(|t| t.0 == code).count()
}

#[test]
fn a_goal_cycle_of_100000_is_one_goal_cycle_error() {
    let text = goal_chain(N, true);
    let d = on_small_stack(move || triples(&Model::from_json(&text).expect("loads")));
    // The 12 smallest ids in string order, then the count of the rest.
    let cycle = (
        "goal_cycle".to_string(),
        "goal:g0".to_string(),
        "goal \"g0\": the goals \"g0\", \"g1\", \"g10\", \"g100\", \"g1000\", \"g10000\", \"g10001\", \"g10002\", \"g10003\", \"g10004\", \"g10005\", \"g10006\", … (99988 more) contribute to each other in a cycle; the red thread must run upwards only".to_string(),
    );
    assert_eq!(count(&d, "goal_cycle"), 1);
    assert!(d.contains(&cycle), "{:?}", &d[..3]);
    // Every link is board → board: one wrong_level_link per goal.
    assert_eq!(count(&d, "wrong_level_link"), N);
    // Every goal has a contributor and a link, so nothing else is said but
    // the unbalanced scorecard of `b`.
    assert_eq!(count(&d, "missing_perspective"), 1);
    assert_eq!(d.len(), N + 2);
}

#[test]
fn a_goal_chain_of_100000_has_no_cycle() {
    let text = goal_chain(N, false);
    let d = on_small_stack(move || triples(&Model::from_json(&text).expect("loads")));
    assert_eq!(count(&d, "goal_cycle"), 0);
    assert_eq!(count(&d, "wrong_level_link"), N - 1);
    // g(n-1) links to nothing; g0 has no contributor and no indicator.
    let last = format!("goal:g{}", N - 1);
    assert!(d.iter().any(|t| t.0 == "broken_red_thread" && t.1 == last));
    assert!(d
        .iter()
        .any(|t| t.0 == "nothing_to_assess" && t.1 == "goal:g0"));
    assert_eq!(d.len(), (N - 1) + 1 + 1 + 1);
}
