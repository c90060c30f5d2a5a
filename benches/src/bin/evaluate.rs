//! Writes the evaluation JSON (`styrkort-evaluation/1`) of a model for a
//! period.
//!
//! ```text
//! cargo run -p styrkort-benches --bin evaluate -- MODEL PERIOD --out FILE
//! ```
//!
//! The browser tests (`tests/run-browser.sh`) check the rendered HTML
//! report against this document, so it is written by the core itself and
//! not by the report under test.

use std::process::ExitCode;

use styrkort::{Model, Period};

fn usage() -> ExitCode {
    eprintln!("usage: evaluate MODEL PERIOD --out FILE");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [model_path, period, flag, out] = args.as_slice() else {
        return usage();
    };
    if flag != "--out" {
        return usage();
    }
    let text = match std::fs::read_to_string(model_path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("evaluate: cannot read {model_path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let model = match Model::from_json(&text) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("evaluate: {model_path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let period: Period = match period.parse() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("evaluate: period {period:?}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let evaluation = match model.evaluate(&period) {
        Ok(ev) => ev,
        Err(e) => {
            eprintln!("evaluate: {model_path} for {period}: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Err(e) = std::fs::write(out, evaluation.to_json()) {
        eprintln!("evaluate: cannot write {out}: {e}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
