//! Model JSON: load → validate → evaluate several periods → JSON, and the
//! dialogue brief between the first orgs. Any panic, abort or hang is a
//! finding; errors are fine as long as they are `Err`, not a crash.
//!
//! Speed: the model is validated and compiled once and the compiled form
//! evaluated for each period (`Model::evaluate` would validate again every
//! time), and inputs are kept small by `-max_len` in scripts/fuzz.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use styrkort::{EvalOptions, Model, Period};

/// One period of each kind, in the year the seeds use: a year evaluates
/// every period-kind path (windows, inheritance down from the year).
const PERIODS: [&str; 4] = ["2025", "2025T2", "2025Q1", "2025-05"];

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(model) = Model::from_json(text) else {
        return;
    };
    let diagnostics = model.validate();
    let listed = serde_json::to_string(&diagnostics).expect("diagnostics serialise");
    assert!(listed.starts_with('['));
    let Ok(compiled) = model.compile() else {
        assert!(diagnostics.iter().any(styrkort::Diagnostic::is_error));
        return;
    };
    let compiled = Arc::new(compiled);
    let orgs: Vec<&str> = model
        .organisation
        .iter()
        .take(3)
        .map(|o| o.id.as_str())
        .collect();
    for p in PERIODS {
        let period: Period = p.parse().expect("a fixed period");
        let Ok(eval) = compiled.evaluate(&period, &EvalOptions::default()) else {
            continue;
        };
        let doc = eval.to_json();
        // The document is JSON, and deterministic.
        serde_json::from_str::<serde_json::Value>(&doc).expect("evaluation JSON parses");
        for upper in &orgs {
            for lower in &orgs {
                if let Ok(brief) = eval.dialogue(upper, lower) {
                    let _ = serde_json::to_string(&brief).expect("a brief serialises");
                }
            }
        }
    }
});
