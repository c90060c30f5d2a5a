//! The evaluation JSON two ways in one process: `Evaluation::to_json` (the
//! dedicated writer) against `serde_json::to_string_pretty` over the serde
//! derives (what `to_json` was before, and still its definition),
//! alternating, best of N each, with the CPU time they took; and a check
//! that the two texts are the same bytes.
//!
//! ```text
//! cargo run --release -p styrkort-benches --bin json_out -- MODEL [PERIOD] [N]
//! ```
//!
//! Alternating the two in one run keeps the comparison fair on a shared
//! machine, whose load moves the wall-clock figures of separate runs.

use std::process::ExitCode;
use std::time::Instant;

use styrkort::{Model, Period};
use styrkort_benches::measure::process_cpu;

struct Timing {
    best: f64,
    cpu: f64,
}

impl Timing {
    fn run(&mut self, f: impl FnOnce() -> String) -> String {
        let (c, t) = (process_cpu(), Instant::now());
        let out = f();
        self.best = self.best.min(t.elapsed().as_secs_f64());
        self.cpu += process_cpu() - c;
        out
    }
}

#[allow(clippy::cast_precision_loss)]
fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: json_out MODEL [PERIOD] [N]");
        return ExitCode::from(2);
    };
    let period: Period = match args.get(1).map_or("2025T2", String::as_str).parse() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("json_out: {e}");
            return ExitCode::from(2);
        }
    };
    let n: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(3).max(1);
    let evaluation = match std::fs::read_to_string(path)
        .map_err(|e| e.to_string())
        .and_then(|t| Model::from_json(&t).map_err(|e| e.to_string()))
        .and_then(|m| m.evaluate(&period).map_err(|e| e.to_string()))
    {
        Ok(e) => e,
        Err(e) => {
            eprintln!("json_out: {path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "{path} {period}: {} indicator results, {} goals, {} scorecards; load {}",
        evaluation.indicators.len(),
        evaluation.goals.len(),
        evaluation.scorecards.len(),
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );
    let mut serde = Timing {
        best: f64::INFINITY,
        cpu: 0.0,
    };
    let mut ours = Timing {
        best: f64::INFINITY,
        cpu: 0.0,
    };
    let mut len = 0;
    for round in 0..n {
        let a = serde
            .run(|| serde_json::to_string_pretty(&evaluation).expect("an evaluation serialises"));
        let b = ours.run(|| evaluation.to_json());
        if round == 0 && a != b {
            eprintln!("json_out: to_json differs from serde_json::to_string_pretty");
            return ExitCode::FAILURE;
        }
        len = b.len();
    }
    let mb = len as f64 / 1e6;
    for (name, t) in [("serde_json::to_string_pretty", &serde), ("to_json", &ours)] {
        println!(
            "{name:<30} best {:>7.3} s = {:>5.0} MB/s; CPU {:.3} s per call",
            t.best,
            mb / t.best,
            t.cpu / n as f64
        );
    }
    println!("{mb:.0} MB, the same bytes both ways");
    ExitCode::SUCCESS
}
