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

/// Org-specific targets on a deep chain: each org takes the target of its
/// nearest ancestor-or-self with one (DESIGN.md §4), found by a walk up
/// the tree that is memoised, so a measurement at every one of the 50,000
/// levels costs a linear pass, not one walk to the top per org. Worked by
/// hand: `o0` has 10, `o25000` has 20 (both for 2025), the model-wide
/// entry is 5 (it applies to `kf` only, which has no org-specific one);
/// every org measures 15, so `o1 … o24999` are fulfilled against 10 and
/// `o25000 … o49999` not fulfilled against 20 (no partly band), `kf`
/// fulfilled against 5.
#[test]
fn org_targets_on_a_deep_chain_take_the_nearest_ancestors() {
    const N: usize = 50_000;
    on_small_stack(|| {
        let mut orgs = String::from(
            r#"{"id": "kf", "name": "KF", "kind": "council"},
               {"id": "o0", "name": "o0", "kind": "board", "parent": "kf"}"#,
        );
        let mut measurements = String::from(r#"{"period": "2025", "value": "15", "org": "kf"}"#);
        for k in 1..N {
            let _ = write!(
                orgs,
                r#",{{"id": "o{k}", "name": "o{k}", "kind": "unit", "parent": "o{}"}}"#,
                k - 1
            );
        }
        for k in 0..N {
            let _ = write!(
                measurements,
                r#",{{"period": "2025", "value": "15", "org": "o{k}"}}"#
            );
        }
        let json = format!(
            r#"{{"format": "styrkort/1", "organisation": [{orgs}],
            "indicators": [{{"id": "ind", "name": "I", "owner": "kf",
               "targets": [{{"period": "2025", "value": "5"}},
                           {{"period": "2025", "value": "10", "org": "o0"}},
                           {{"period": "2025", "value": "20", "org": "o25000"}}],
               "measurements": [{measurements}]}}]}}"#
        );
        let model = Model::from_json(&json).expect("the chain loads");
        let e = model
            .evaluate(&"2025".parse::<Period>().unwrap())
            .expect("evaluates");
        assert_eq!(e.indicators.len(), N + 1);
        let at = |org: &str| e.indicator("ind", org).expect("reported");
        assert_eq!(at("kf").target, Some(Decimal::from(5)));
        assert_eq!(at("kf").status, Status::Fulfilled);
        for org in ["o0", "o1", "o12345", "o24999"] {
            assert_eq!(at(org).target, Some(Decimal::from(10)), "{org}");
            assert_eq!(at(org).status, Status::Fulfilled, "{org}");
        }
        for org in ["o25000", "o25001", "o49999"] {
            assert_eq!(at(org).target, Some(Decimal::from(20)), "{org}");
            assert_eq!(at(org).status, Status::NotFulfilled, "{org}");
        }
        let fulfilled = e
            .indicators
            .iter()
            .filter(|r| r.status == Status::Fulfilled)
            .count();
        assert_eq!(fulfilled, 1 + 25_000);
    });
}
