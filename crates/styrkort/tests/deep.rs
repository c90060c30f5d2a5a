//! Deep org trees (issue 11): no pass of the engine recurses once per org
//! level, so a chain far deeper than any real organisation evaluates on a
//! thread with a small stack, as in a host's thread pool.
//!
//! The chain: council `kf`, board `o0` under it, units `o1 … o(N-1)` each
//! the parent of the next; one indicator owned by `kf`, consolidated by
//! `sum`, with a target of 10 for 2025 and one measurement, 7, at the
//! deepest unit. Its value at `kf` is that 7, carried up through every
//! level.

use std::fmt::Write as _;

use styrkort::{Decimal, Engine, EvalOptions, Model, Period, Status};

/// Stack of the evaluating thread: what a host's worker thread may have.
const SMALL_STACK: usize = 256 * 1024;

/// The chain model, `depth` orgs below the council, the ones below `o0` of
/// kind `unit_kind`; with `goal`, a council goal links the indicator, so
/// its value at `kf` is reported.
fn chain(depth: usize, unit_kind: &str, goal: bool) -> String {
    let mut orgs = String::from(
        r#"{"id": "kf", "name": "KF", "kind": "council"},
           {"id": "o0", "name": "o0", "kind": "board", "parent": "kf"}"#,
    );
    for k in 1..depth {
        let _ = write!(
            orgs,
            r#",{{"id": "o{k}", "name": "o{k}", "kind": "{unit_kind}", "parent": "o{}"}}"#,
            k - 1
        );
    }
    let goals = if goal {
        r#"[{"id": "kf-1", "title": "T", "level": "council", "perspective": "citizen",
             "owner": "kf", "indicators": [{"indicator": "ind"}]}]"#
    } else {
        "[]"
    };
    format!(
        r#"{{"format": "styrkort/1", "organisation": [{orgs}],
        "indicators": [{{"id": "ind", "name": "I", "owner": "kf", "consolidation": "sum",
           "targets": [{{"period": "2025", "value": "10"}}],
           "measurements": [{{"period": "2025", "value": "7", "org": "o{}"}}]}}],
        "goals": {goals}}}"#,
        depth - 1
    )
}

/// Runs `f` on a thread with [`SMALL_STACK`] bytes of stack.
fn on_small_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(SMALL_STACK)
        .spawn(f)
        .expect("a thread")
        .join()
        .expect("the evaluation finishes");
}

fn deep_chain_evaluates(depth: usize, unit_kind: &'static str) {
    on_small_stack(move || {
        let deepest = format!("o{}", depth - 1);
        let model = Model::from_json(&chain(depth, unit_kind, true)).expect("the chain loads");
        let year: Period = "2025".parse().unwrap();
        let compiled = std::sync::Arc::new(model.compile().expect("the chain is valid"));
        let e = compiled
            .evaluate(&year, &EvalOptions::default())
            .expect("the chain evaluates");
        let at_kf = e
            .indicator("ind", "kf")
            .expect("the goal's pair is reported");
        assert_eq!(at_kf.value, Some(Decimal::from(7)));
        assert!(at_kf.consolidated);
        assert_eq!(
            at_kf.status,
            Status::NotFulfilled,
            "7 is below the target 10"
        );
        let own = e.indicator("ind", &deepest).expect("the measured pair");
        assert_eq!(
            (own.value, own.consolidated),
            (Some(Decimal::from(7)), false)
        );
        assert_eq!(e.goal("kf-1").unwrap().status, Status::NotFulfilled);
        assert!(e.to_json().contains(r#""value": "7""#));

        // The issue's generator as given (no goal): only the deepest unit's
        // own pair is reported.
        let plain = Model::from_json(&chain(depth, unit_kind, false)).unwrap();
        let e = plain.evaluate(&year).unwrap();
        assert_eq!(e.indicators.len(), 1);
        assert_eq!(e.indicators[0].org.as_str(), deepest);

        // An update at the deepest unit reaches the council through every level.
        let mut engine = Engine::new(&model, year, EvalOptions::default()).unwrap();
        engine
            .set_measurement("ind", Some(&deepest), year, Some(Decimal::from(12)))
            .unwrap();
        let at_kf = engine.evaluation().indicator("ind", "kf").unwrap();
        assert_eq!(at_kf.value, Some(Decimal::from(12)));
        assert_eq!(at_kf.status, Status::Fulfilled);
        assert_eq!(
            engine.evaluation().goal("kf-1").unwrap().status,
            Status::Fulfilled
        );
    });
}

/// The issue's chain, 100,000 levels deep: validation, compiling and the
/// engine are linear and without recursion by depth, on a 256 KiB stack.
#[test]
fn chain_of_100_000_units_on_a_small_stack() {
    deep_chain_evaluates(100_000, "unit");
}

/// The issue's chain of units at a depth the quadratic validation passes
/// quickly, still far deeper than a recursion per level fits in 256 KiB
/// (the recursive engine aborted here).
#[test]
fn chain_of_4_000_units_on_a_small_stack() {
    deep_chain_evaluates(4_000, "unit");
}

/// 100,000 levels today: the same chain with every org below the council a
/// board, so each org is its own responsible board and validation stays
/// linear; the engine's passes see the same depth.
#[test]
fn chain_of_100_000_boards_on_a_small_stack() {
    deep_chain_evaluates(100_000, "board");
}
