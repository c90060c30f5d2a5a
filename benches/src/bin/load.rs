//! Wall-clock time of loading a model file in Rust: read the file and
//! `Model::from_json`, best of N runs; the reference for the Python
//! package's `styrkort.load` (`benches/python/bench_tables.py`).
//!
//! ```text
//! cargo run --release -p styrkort-benches --bin load -- FILE [N]
//! ```

use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: load FILE [N]");
        return ExitCode::FAILURE;
    };
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(3);
    let mut best = f64::INFINITY;
    for _ in 0..n {
        let t = Instant::now();
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{path}: {e}");
                return ExitCode::FAILURE;
            }
        };
        match styrkort::Model::from_json(&text) {
            Ok(m) => drop(m),
            Err(e) => {
                eprintln!("{path}: {e}");
                return ExitCode::FAILURE;
            }
        }
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!("load (read + Model::from_json in Rust), best of {n}: {best:.3} s");
    ExitCode::SUCCESS
}
