//! Criterion benches of validation and evaluation on the shapes of issue 11
//! ([`styrkort_benches::shapes`]): a chain of orgs 100,000 deep, a parent
//! cycle of 100,000 orgs and a wide tree (one board with 100,000 units).
//! Each pass must be linear or n log n, so these take milliseconds; a
//! quadratic pass would take a minute.
//!
//! `STYRKORT_BENCH_SHAPE_N` sets the size (default 100000). The deep
//! chain's evaluation is timed only with `STYRKORT_BENCH_CHAIN_EVALUATE=1`:
//! it needs an engine without recursion per org level, and a recursing one
//! overflows the stack, which aborts the process rather than failing a
//! bench. See `benches/README.md` for the figures.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use styrkort::{Error, Model, Period};
use styrkort_benches::shapes;

fn size() -> usize {
    std::env::var("STYRKORT_BENCH_SHAPE_N").map_or(100_000, |v| {
        v.parse()
            .unwrap_or_else(|e| panic!("STYRKORT_BENCH_SHAPE_N={v}: {e}"))
    })
}

fn benches(c: &mut Criterion) {
    let n = size();
    let period: Period = "2025".parse().expect("a period");
    let mut g = c.benchmark_group(format!("shapes-{n}"));
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));

    let chain = Model::from_json(&shapes::deep_chain(n)).expect("the chain loads");
    g.bench_function("deep_chain/validate", |b| {
        b.iter(|| black_box(&chain).validate());
    });
    if std::env::var_os("STYRKORT_BENCH_CHAIN_EVALUATE").is_some() {
        g.bench_function("deep_chain/evaluate", |b| {
            b.iter(|| black_box(&chain).evaluate(&period).expect("evaluates"));
        });
    }
    drop(chain);

    let cycle = Model::from_json(&shapes::parent_cycle(n)).expect("the cycle loads");
    g.bench_function("parent_cycle/validate", |b| {
        b.iter(|| black_box(&cycle).validate());
    });
    // Evaluation validates first and refuses the model: the time to say so.
    g.bench_function("parent_cycle/evaluate", |b| {
        b.iter(|| {
            let r = black_box(&cycle).evaluate(&period);
            assert!(matches!(r, Err(Error::Invalid { .. })));
        });
    });
    drop(cycle);

    let wide = Model::from_json(&shapes::wide_tree(n)).expect("the tree loads");
    g.bench_function("wide_tree/validate", |b| {
        b.iter(|| black_box(&wide).validate());
    });
    g.bench_function("wide_tree/evaluate", |b| {
        b.iter(|| black_box(&wide).evaluate(&period).expect("evaluates"));
    });
    g.finish();
}

criterion_group!(shapes_benches, benches);
criterion_main!(shapes_benches);
