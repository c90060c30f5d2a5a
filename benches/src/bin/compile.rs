//! Validation and compiling alone, for profiling them (e.g. under
//! `perf record`) without the load around them: loads a model once, then
//! validates it and compiles it N times (default 3), printing each time,
//! the best, and the memory the compiled layout adds.
//!
//! ```text
//! cargo run --release -p styrkort-benches --bin compile -- MODEL [N]
//! ```

use std::process::ExitCode;
use std::time::Instant;

use styrkort::Model;
use styrkort_benches::measure::{process_cpu, rss};

#[allow(clippy::cast_precision_loss)]
fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: compile MODEL [N]");
        return ExitCode::from(2);
    };
    let n: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(3);
    let model = match std::fs::read_to_string(path)
        .map_err(|e| e.to_string())
        .and_then(|t| Model::from_json(&t).map_err(|e| e.to_string()))
    {
        Ok(m) => m,
        Err(e) => {
            eprintln!("compile: {path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let (mut best_v, mut best_c, mut best_cpu) = (f64::INFINITY, f64::INFINITY, f64::INFINITY);
    for k in 0..n.max(1) {
        let t = Instant::now();
        let d = model.validate();
        let v = t.elapsed().as_secs_f64();
        drop(d);
        let before = rss();
        let (t, c0) = (Instant::now(), process_cpu());
        let compiled = match model.compile() {
            Ok(c) => c,
            Err(e) => {
                eprintln!("compile: {e}");
                return ExitCode::FAILURE;
            }
        };
        let c = t.elapsed().as_secs_f64();
        let c_cpu = process_cpu() - c0;
        let added = rss().saturating_sub(before) as f64 / 1e6;
        println!("run {k}: validate {v:.3} s, compile (validates too) {c:.3} s (cpu {c_cpu:.2} s, +{added:.0} MB)");
        best_v = best_v.min(v);
        best_c = best_c.min(c);
        best_cpu = best_cpu.min(c_cpu);
        let t = Instant::now();
        drop(compiled);
        println!("        drop {:.3} s", t.elapsed().as_secs_f64());
    }
    println!("best: validate {best_v:.3} s, compile {best_c:.3} s (cpu {best_cpu:.2} s)");
    ExitCode::SUCCESS
}
