//! Criterion benches of the engine on generated models.
//!
//! `STYRKORT_BENCH_SCALE` picks the model (`example`, the default; `small`,
//! `medium`, `national`, or `xN` such as `x1000`); `STYRKORT_BENCH_MODEL`
//! instead names a model file written by the `generate` binary. See
//! `benches/README.md` for the commands and the recorded figures.
//!
//! Benches: `load` (JSON to model, throughput in bytes), `validate`,
//! `compile`, `evaluate` (one period, 2025T2, from the compiled model),
//! `series` (every month, tertial and the year of 2025 through
//! `evaluate_series`) and `series_one_by_one` (the same 16 periods through
//! `evaluate`, one at a time),
//! `to_json` (of that evaluation), `incremental` (one changed measurement
//! in an [`Engine`](styrkort::Engine)), and `floor`: one pass over the
//! model's measurement values summing them, the memory-bound floor that no
//! evaluation can beat.

use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use styrkort::{Decimal, Engine, EvalOptions, Model, Period};
use styrkort_benches::{generate, Scale};

/// The model text and a name for the bench ids.
fn model_json() -> (String, String) {
    if let Ok(path) = std::env::var("STYRKORT_BENCH_MODEL") {
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("STYRKORT_BENCH_MODEL={path}: {e}"));
        return (text, path);
    }
    let name = std::env::var("STYRKORT_BENCH_SCALE").unwrap_or_else(|_| "example".into());
    let scale: Scale = name
        .parse()
        .unwrap_or_else(|e| panic!("STYRKORT_BENCH_SCALE: {e}"));
    (generate(&scale, 1), name)
}

/// Every measurement value of the model, in model order.
fn measurement_values(model: &Model) -> Vec<Decimal> {
    model
        .indicators
        .iter()
        .flat_map(|i| i.measurements.iter().map(|m| m.value))
        .collect()
}

/// Every month, tertial and the year of 2025: 16 periods.
fn series_2025() -> Vec<Period> {
    let mut names: Vec<String> = (1..=12).map(|m| format!("2025-{m:02}")).collect();
    names.extend(["2025T1", "2025T2", "2025T3", "2025"].map(String::from));
    names.iter().map(|p| p.parse().expect("a period")).collect()
}

fn benches(c: &mut Criterion) {
    let (json, name) = model_json();
    let model = Model::from_json(&json).expect("the generated model loads");
    let big = json.len() > 10_000_000;
    let period: Period = "2025T2".parse().expect("a period");
    let configure = |g: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>| {
        if big {
            g.sample_size(10)
                .warm_up_time(Duration::from_secs(1))
                .measurement_time(Duration::from_secs(10));
        } else {
            g.warm_up_time(Duration::from_secs(1))
                .measurement_time(Duration::from_secs(3));
        }
    };

    let mut g = c.benchmark_group(format!("{name}/load"));
    configure(&mut g);
    g.throughput(Throughput::Bytes(json.len() as u64));
    g.bench_function("load", |b| {
        b.iter(|| Model::from_json(black_box(&json)).expect("loads"));
    });
    g.finish();
    drop(json);

    let values = measurement_values(&model);
    let mut g = c.benchmark_group(format!("{name}/floor"));
    configure(&mut g);
    g.throughput(Throughput::Elements(values.len() as u64));
    g.bench_function("floor", |b| {
        b.iter(|| {
            black_box(&values)
                .iter()
                .fold(Decimal::ZERO, |acc, v| acc + *v)
        });
    });
    g.finish();
    drop(values);

    let mut g = c.benchmark_group(name.clone());
    configure(&mut g);

    g.bench_function("validate", |b| b.iter(|| black_box(&model).validate()));
    g.bench_function("compile", |b| {
        b.iter(|| black_box(&model).compile().expect("valid"));
    });
    let compiled = Arc::new(model.compile().expect("valid"));
    let options = EvalOptions::default();
    g.bench_function("evaluate", |b| {
        b.iter(|| {
            compiled
                .evaluate(black_box(&period), &options)
                .expect("evaluates")
        });
    });
    // The series of issue 12: every month, tertial and the year of 2025,
    // through one call and, for comparison, one period at a time.
    let series = series_2025();
    g.bench_function("series", |b| {
        b.iter(|| {
            compiled
                .evaluate_series(black_box(&series), &options)
                .expect("evaluates")
        });
    });
    g.bench_function("series_one_by_one", |b| {
        b.iter(|| {
            black_box(&series)
                .iter()
                .map(|p| compiled.evaluate(p, &options).expect("evaluates"))
                .collect::<Vec<_>>()
        });
    });
    let evaluation = compiled.evaluate(&period, &options).expect("evaluates");
    g.bench_function("to_json", |b| b.iter(|| black_box(&evaluation).to_json()));
    drop(evaluation);
    drop(compiled);

    // One changed measurement: a unit's value of the first indicator that
    // is measured at a unit for the period, toggled between two values.
    let edit = model.indicators.iter().find_map(|ind| {
        ind.measurements
            .iter()
            .find(|m| m.period() == period && m.org().is_some())
            .map(|m| {
                (
                    ind.id.to_string(),
                    m.org().map(ToString::to_string),
                    m.value,
                )
            })
    });
    if let Some((indicator, org, value)) = edit {
        let mut engine = Engine::new(&model, period, options.clone()).expect("valid");
        drop(model);
        let mut flip = false;
        g.bench_function("incremental", |b| {
            b.iter_batched(
                || {
                    flip = !flip;
                    if flip {
                        value + Decimal::TEN
                    } else {
                        value
                    }
                },
                |v| {
                    engine
                        .set_measurement(&indicator, org.as_deref(), period, Some(v))
                        .expect("updates")
                },
                BatchSize::SmallInput,
            );
        });
    }
    g.finish();
}

criterion_group!(engine, benches);
criterion_main!(engine);
