//! Resident memory of a loaded model, per measurement.
//!
//! ```text
//! cargo run --release -p styrkort-benches --bin memory -- FILE
//! ```
//!
//! Reads the model file, parses it, drops the text, then compiles it, and
//! prints the resident set size (`VmRSS`, and the peak `VmHWM`, from
//! `/proc/self/status`; Linux only) after each step, with bytes per
//! measurement.
//!
//! Unlike the other bench binaries it does not link the `styrkort_benches`
//! library, so it runs on the system allocator: what the C library and a
//! Rust program that picks no allocator hold. `scale` prints the same
//! figure under mimalloc, the Python extension's allocator, whose
//! transparent huge pages hold about a tenth more.

use std::process::ExitCode;

/// A field of `/proc/self/status` in bytes (`VmRSS`, `VmHWM`).
fn status_bytes(field: &str) -> Option<u64> {
    let text = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = text.lines().find(|l| l.starts_with(field))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

fn report(step: &str, measurements: usize) {
    let rss = status_bytes("VmRSS:").unwrap_or(0);
    let hwm = status_bytes("VmHWM:").unwrap_or(0);
    let per = |b: u64| {
        if measurements == 0 {
            0
        } else {
            b / measurements as u64
        }
    };
    println!(
        "{step:<28} rss {:>6} MB ({:>4} B/measurement)   peak {:>6} MB ({:>4} B/measurement)",
        rss / 1_000_000,
        per(rss),
        hwm / 1_000_000,
        per(hwm)
    );
}

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: memory FILE");
        return ExitCode::from(2);
    };
    report("start", 0);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("memory: {path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let model = match styrkort::Model::from_json(&text) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("memory: {path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let n: usize = model.indicators.iter().map(|i| i.measurements.len()).sum();
    println!("{path}: {} bytes, {n} measurements", text.len());
    report("text + model", n);
    drop(text);
    report("model (text dropped)", n);
    match model.compile() {
        Ok(compiled) => {
            report("model + compiled", n);
            drop(model);
            report("compiled (model dropped)", n);
            drop(compiled);
        }
        Err(e) => {
            eprintln!("memory: {path}: {e}");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
