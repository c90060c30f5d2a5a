//! The round trip model → JSON → model: reading what `Model::to_json` (and
//! `to_json_compact`) writes gives an equal model, writing it again gives
//! the same text, and evaluating both gives the same document (or the same
//! error).
#![no_main]

use libfuzzer_sys::fuzz_target;
use styrkort::{Model, Period};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(model) = Model::from_json(text) else {
        return;
    };
    let pretty = model.to_json();
    let again = Model::from_json(&pretty)
        .unwrap_or_else(|e| panic!("to_json wrote JSON that does not read back: {e}\n{pretty}"));
    assert_eq!(again, model, "model → JSON → model changed the model");
    assert_eq!(again.to_json(), pretty, "writing the re-read model differs");
    let compact = Model::from_json(&model.to_json_compact()).expect("compact JSON reads back");
    assert_eq!(compact, model);

    let period: Period = "2025T2".parse().expect("a fixed period");
    let first = model.evaluate(&period).map(|e| e.to_json());
    let second = again.evaluate(&period).map(|e| e.to_json());
    match (first, second) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "the re-read model evaluates differently"),
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
        (a, b) => panic!("one evaluation failed: {:?} vs {:?}", a.err(), b.err()),
    }
});
