//! The conformance vectors (`tests/vectors/*`), run against the Rust core.
//!
//! Every vector directory holds `model.json`, `period.txt` and
//! `expected.json` (the exact `Evaluation::to_json()` output plus one
//! trailing newline), and optionally `tag.txt` (evaluate narrowed to that
//! tag), `comparison.json` (a Kolada v3 data page: the figures of similar
//! municipalities), `dialogue.txt` (`UPPER LOWER`) with
//! `expected-dialogue.json`, `history.json` (the expected
//! `Evaluation::history_json(N)`, N read from its `points` field), and
//! `whatif.txt` (`GOAL WANTED`) with `expected-whatif.json` (the
//! `WhatIf::to_json()` output).
//! The expected files were worked out by hand (see `tests/vectors/README.md`).
//! All vectors are run; the test fails listing every failing vector, each
//! with a line diff.

use std::fmt::Write as _;
use std::fs;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use styrkort::kolada::{self, ComparisonData};
use styrkort::{EvalOptions, Model, Period};

/// The least number of vectors the suite must hold.
const MIN_VECTORS: usize = 25;

fn vectors_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors")
}

fn read(dir: &Path, name: &str) -> Result<String, String> {
    fs::read_to_string(dir.join(name)).map_err(|e| format!("cannot read {name}: {e}"))
}

fn read_opt(dir: &Path, name: &str) -> Result<Option<String>, String> {
    let p = dir.join(name);
    if p.exists() {
        read(dir, name).map(Some)
    } else {
        Ok(None)
    }
}

/// The expected text without its one trailing newline.
fn expected(dir: &Path, name: &str) -> Result<String, String> {
    let text = read(dir, name)?;
    text.strip_suffix('\n')
        .map(str::to_string)
        .ok_or_else(|| format!("{name} must end with one newline"))
}

/// A readable line diff: the first differing lines with their numbers, and
/// the extra lines on either side (at most `LIMIT` lines reported).
fn line_diff(want: &str, got: &str) -> String {
    const LIMIT: usize = 40;
    let w: Vec<&str> = want.lines().collect();
    let g: Vec<&str> = got.lines().collect();
    let mut out = String::new();
    let mut shown = 0;
    for i in 0..w.len().max(g.len()) {
        let (a, b) = (w.get(i), g.get(i));
        if a == b {
            continue;
        }
        if shown == LIMIT {
            out.push_str("    …\n");
            break;
        }
        shown += 1;
        match (a, b) {
            (Some(a), Some(b)) => {
                let _ = writeln!(out, "    line {}:\n      - {a}\n      + {b}", i + 1);
            }
            (Some(a), None) => {
                let _ = writeln!(out, "    line {} missing:\n      - {a}", i + 1);
            }
            (None, Some(b)) => {
                let _ = writeln!(out, "    line {} extra:\n      + {b}", i + 1);
            }
            (None, None) => {}
        }
    }
    out
}

/// Runs one vector; `Err` describes every mismatch found in it.
fn run_vector(dir: &Path) -> Result<(), String> {
    let model_text = read(dir, "model.json")?;
    let period: Period = read(dir, "period.txt")?
        .trim()
        .parse()
        .map_err(|e| format!("bad period.txt: {e}"))?;
    let tag = read_opt(dir, "tag.txt")?.map(|t| t.trim().to_string());
    let comparison = match read_opt(dir, "comparison.json")? {
        Some(text) => Some(ComparisonData::from_rows(
            &kolada::parse_data(&text)
                .map_err(|e| format!("comparison.json: {e}"))?
                .rows,
        )),
        None => None,
    };
    let model = Model::from_json(&model_text).map_err(|e| format!("model.json: {e}"))?;
    let evaluation = model
        .evaluate_with(&period, &EvalOptions { tag, comparison })
        .map_err(|e| format!("evaluation refused: {e}"))?;
    let mut problems = String::new();
    let got = evaluation.to_json();
    let want = expected(dir, "expected.json")?;
    if got != want {
        let _ = write!(
            problems,
            "  expected.json differs:\n{}",
            line_diff(&want, &got)
        );
    }
    if let Some(line) = read_opt(dir, "dialogue.txt")? {
        let mut parts = line.split_whitespace();
        let (Some(upper), Some(lower), None) = (parts.next(), parts.next(), parts.next()) else {
            return Err(format!(
                "dialogue.txt must be `UPPER LOWER`, found {line:?}"
            ));
        };
        let want = expected(dir, "expected-dialogue.json")?;
        match evaluation.dialogue(upper, lower) {
            Ok(brief) => {
                let got = brief.to_json();
                if got != want {
                    let _ = write!(
                        problems,
                        "  expected-dialogue.json ({upper} {lower}) differs:\n{}",
                        line_diff(&want, &got)
                    );
                }
            }
            Err(e) => {
                let _ = writeln!(problems, "  dialogue {upper} {lower} refused: {e}");
            }
        }
    }
    if let Some(text) = read_opt(dir, "history.json")? {
        let want = text
            .strip_suffix('\n')
            .ok_or("history.json must end with one newline")?;
        let n = serde_json::from_str::<serde_json::Value>(want)
            .map_err(|e| format!("history.json: {e}"))?
            .get("points")
            .and_then(serde_json::Value::as_u64)
            .and_then(|n| usize::try_from(n).ok())
            .ok_or("history.json needs a whole number `points`")?;
        match evaluation.history_json(n) {
            Ok(got) if got == want => {}
            Ok(got) => {
                let _ = write!(
                    problems,
                    "  history.json differs:\n{}",
                    line_diff(want, &got)
                );
            }
            Err(e) => {
                let _ = writeln!(problems, "  history refused: {e}");
            }
        }
    }
    if let Some(line) = read_opt(dir, "whatif.txt")? {
        let mut parts = line.split_whitespace();
        let (Some(goal), Some(wanted), None) = (parts.next(), parts.next(), parts.next()) else {
            return Err(format!("whatif.txt must be `GOAL WANTED`, found {line:?}"));
        };
        let want = expected(dir, "expected-whatif.json")?;
        match evaluation.what_if_named(goal, wanted) {
            Ok(w) => {
                let got = w.to_json();
                if got != want {
                    let _ = write!(
                        problems,
                        "  expected-whatif.json ({goal} {wanted}) differs:\n{}",
                        line_diff(&want, &got)
                    );
                }
            }
            Err(e) => {
                let _ = writeln!(problems, "  what-if {goal} {wanted} refused: {e}");
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

#[test]
fn conformance_vectors() {
    let root = vectors_dir();
    let mut dirs: Vec<PathBuf> = fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", root.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(
        dirs.len() >= MIN_VECTORS,
        "expected at least {MIN_VECTORS} vectors in {}, found {}",
        root.display(),
        dirs.len()
    );
    let mut failures = Vec::new();
    for dir in &dirs {
        let name = dir
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let outcome = catch_unwind(AssertUnwindSafe(|| run_vector(dir)));
        match outcome {
            Ok(Ok(())) => {}
            Ok(Err(why)) => failures.push(format!("{name}:\n{why}")),
            Err(panic) => {
                let msg = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_string()))
                    .unwrap_or_else(|| "a panic".to_string());
                failures.push(format!("{name}:\n  panicked: {msg}\n"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} vectors failed: {}\n\n{}",
        failures.len(),
        dirs.len(),
        failures
            .iter()
            .map(|f| f.lines().next().unwrap_or_default().trim_end_matches(':'))
            .collect::<Vec<_>>()
            .join(", "),
        failures.join("\n")
    );
}
