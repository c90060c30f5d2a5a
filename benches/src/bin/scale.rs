//! Every figure of issue 12 for one model file in one process: load,
//! validate, compile, evaluate one period (as an evaluation and as a
//! one-period table of status columns), the series of 2025 (every month,
//! tertial and the year: 16 periods) against the same periods one at a
//! time, the evaluation JSON, the memory-bound floor and the resident
//! memory per measurement. Best of N (default 3) for the fast steps.
//!
//! ```text
//! cargo run --release -p styrkort-benches --bin scale -- MODEL [PERIOD] [N] [--no-series]
//! ```
//!
//! `STYRKORT_SCALE_EVALUATE_ONLY=1` stops after the evaluation, the
//! floor and the status columns (for profiling the evaluation alone,
//! e.g. under `perf record`).
//! `--no-series` skips the two slowest steps (the series and the 16
//! periods one at a time), e.g. while profiling the evaluation.
//!
//! This is the Rust half of the side-by-side run with the pandas baseline
//! (`benches/baseline/run.sh national`); criterion (`benches/engine.rs`)
//! gives the same steps with confidence intervals, at the price of many
//! more runs (minutes per step at the national scale).

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use styrkort::{EvalOptions, Model, Period};
use styrkort_benches::measure::{process_cpu, rss, thread_cpu};

fn best<T>(n: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut best = f64::INFINITY;
    let mut out = None;
    for _ in 0..n.max(1) {
        let t = Instant::now();
        let r = f();
        best = best.min(t.elapsed().as_secs_f64());
        out = Some(r);
    }
    (best, out.expect("ran at least once"))
}

/// The 16 periods of the series: the twelve months, three tertials and the year of 2025.
pub fn series_2025() -> Vec<Period> {
    let mut ps: Vec<Period> = (1..=12)
        .map(|m| format!("2025-{m:02}").parse().expect("a month"))
        .collect();
    ps.extend((1..=3).map(|t| format!("2025T{t}").parse::<Period>().expect("a tertial")));
    ps.push("2025".parse().expect("a year"));
    ps
}

#[allow(clippy::cast_precision_loss)]
fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let no_series = args.iter().any(|a| a == "--no-series");
    args.retain(|a| a != "--no-series");
    let Some(path) = args.first() else {
        eprintln!("usage: scale MODEL [PERIOD] [N]");
        return ExitCode::from(2);
    };
    let period: Period = match args.get(1).map_or("2025T2", String::as_str).parse() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("scale: {e}");
            return ExitCode::from(2);
        }
    };
    let n: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(3);
    let rss0 = rss();
    let t = Instant::now();
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("scale: {path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let read = t.elapsed().as_secs_f64();
    let bytes = text.len() as f64;
    let (t, c) = (Instant::now(), thread_cpu());
    let model = match Model::from_json(&text) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("scale: {path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let (parse, parse_cpu) = (t.elapsed().as_secs_f64(), thread_cpu() - c);
    drop(text);
    let measurements: usize = model.indicators.iter().map(|i| i.measurements.len()).sum();
    let model_bytes = rss().saturating_sub(rss0);
    println!("{path}: {bytes:.0} bytes, {measurements} measurements, period {period}");
    println!(
        "load (from_json)          {parse:>9.3} s  = {:.0} MB/s   (file read {read:.3} s; cpu {parse_cpu:.2} s = {:.0} MB/s)",
        bytes / parse / 1e6,
        bytes / parse_cpu.max(0.01) / 1e6
    );
    println!(
        "model in memory           {:>9.0} MB = {:.1} B/measurement",
        model_bytes as f64 / 1e6,
        model_bytes as f64 / measurements.max(1) as f64
    );
    let c = thread_cpu();
    let (validate, _) = best(1, || model.validate().len());
    println!(
        "validate                  {validate:>9.3} s   (cpu {:.2} s)",
        thread_cpu() - c
    );
    let before = rss();
    let c = thread_cpu();
    let (compile, compiled) = best(1, || model.compile());
    let compile_cpu = thread_cpu() - c;
    let compiled = match compiled {
        Ok(c) => Arc::new(c),
        Err(e) => {
            eprintln!("scale: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!(
        "compile (validates too)   {compile:>9.3} s   (+{:.0} MB; cpu {compile_cpu:.2} s)",
        rss().saturating_sub(before) as f64 / 1e6
    );
    let options = EvalOptions::default();
    let c = process_cpu();
    let (evaluate, evaluation) = best(n, || compiled.evaluate(&period, &options));
    let evaluate_cpu = (process_cpu() - c) / n.max(1) as f64;
    let evaluation = match evaluation {
        Ok(e) => e,
        Err(e) => {
            eprintln!("scale: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!(
        "evaluate {period:<8}         {evaluate:>9.3} s   ({} indicator results, {} goals; cpu {evaluate_cpu:.2} s all threads, a run)",
        evaluation.indicators.len(),
        evaluation.goals.len()
    );
    println!(
        "   (an indicator result is {} B inline, a goal result {} B, a goal item {} B)",
        std::mem::size_of::<styrkort::IndicatorResult>(),
        std::mem::size_of::<styrkort::GoalResult>(),
        std::mem::size_of::<styrkort::GoalItem>()
    );
    let values: Vec<styrkort::Decimal> = model
        .indicators
        .iter()
        .flat_map(|i| i.measurements.iter().map(|m| m.value))
        .collect();
    let (floor, sum) = best(n, || {
        values.iter().fold(styrkort::Decimal::ZERO, |a, v| a + v)
    });
    println!(
        "floor (sum every value)   {floor:>9.3} s   (evaluate / floor {:.1}; sum {sum})",
        evaluate / floor
    );
    // The same period's statuses as columns (a one-period series table):
    // what the pandas baseline's evaluate gives, without the result
    // objects (items, explanations, scorecards, plans) of an evaluation.
    let (columns, table) = best(n, || {
        compiled.series_table(std::slice::from_ref(&period), &options)
    });
    match table {
        Ok(t) => println!(
            "statuses as columns       {columns:>9.3} s   ({} indicator rows, {} goal rows; columns / floor {:.1})",
            t.indicators.len(),
            t.goals.len(),
            columns / floor
        ),
        Err(e) => {
            eprintln!("scale: {e}");
            return ExitCode::FAILURE;
        }
    }
    if std::env::var_os("STYRKORT_SCALE_EVALUATE_ONLY").is_some() {
        return ExitCode::SUCCESS; // profiling the evaluation alone
    }
    let (to_json, json) = best(n, || evaluation.to_json());
    println!(
        "to_json                   {to_json:>9.3} s  = {:.0} MB/s ({:.0} MB)",
        json.len() as f64 / to_json / 1e6,
        json.len() as f64 / 1e6
    );
    drop(json);
    drop(evaluation);
    let periods = series_2025();
    let c = process_cpu();
    let (table_t, table) = best(n, || compiled.series_table(&periods, &options));
    let table_cpu = (process_cpu() - c) / n.max(1) as f64;
    match table {
        Ok(t) => println!(
            "series table (16 periods) {table_t:>9.3} s   ({} indicator rows, {} goal rows; {:.3} s a period; cpu {table_cpu:.2} s all threads, a run)",
            t.indicators.len(),
            t.goals.len(),
            table_t / periods.len() as f64
        ),
        Err(e) => {
            eprintln!("scale: {e}");
            return ExitCode::FAILURE;
        }
    }
    if no_series {
        return ExitCode::SUCCESS;
    }
    let (series, s) = best(1, || compiled.evaluate_series(&periods, &options));
    if let Err(e) = s {
        eprintln!("scale: {e}");
        return ExitCode::FAILURE;
    }
    drop(s);
    println!("series (16 periods)       {series:>9.3} s");
    let (one_by_one, _) = best(1, || {
        periods
            .iter()
            .map(|p| compiled.evaluate(p, &options).map(|e| e.goals.len()))
            .collect::<Vec<_>>()
    });
    println!(
        "16 × evaluate             {one_by_one:>9.3} s   (series / one by one {:.2})",
        series / one_by_one
    );
    ExitCode::SUCCESS
}
