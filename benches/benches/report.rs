//! Criterion benches of the HTML report (`styrkort-report`): the whole
//! document (red thread, every scorecard with its sparklines, follow-up,
//! warnings) from an evaluation, the indicator histories included.
//!
//! Two models: the bundled example municipality
//! (`examples/exempelkommun.json`, 26 orgs, 78 goals; goal: well under
//! 10 ms) and a generated one of about 250 orgs (`x6`: six example-sized
//! municipalities, 240 orgs, about 900 goals; goal: under 100 ms). Figures
//! in `benches/README.md`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use styrkort::{Model, Period};
use styrkort_benches::{generate, Scale};
use styrkort_report::{Options, Report};

fn benches(c: &mut Criterion) {
    let period: Period = "2025T2".parse().expect("a period");
    let example = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/exempelkommun.json"
    ))
    .expect("the example municipality");
    let generated = generate(&"x6".parse::<Scale>().expect("a scale"), 1);
    let mut g = c.benchmark_group("report");
    g.warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    for (name, json) in [("exempelkommun", &example), ("x6", &generated)] {
        let model = Model::from_json(json).expect("the model loads");
        let eval = model.evaluate(&period).expect("it evaluates");
        let html = Report::new(&model, &eval, Options::default())
            .expect("a report")
            .document();
        eprintln!(
            "report/{name}: {} orgs, {} goals, {} bytes of HTML",
            model.organisation.len(),
            model.goals.len(),
            html.len()
        );
        g.bench_function(format!("{name}/document"), |b| {
            b.iter(|| {
                let r = Report::new(black_box(&model), black_box(&eval), Options::default())
                    .expect("a report");
                black_box(r.document())
            });
        });
        g.bench_function(format!("{name}/evaluate"), |b| {
            b.iter(|| {
                black_box(&model)
                    .evaluate(black_box(&period))
                    .expect("it evaluates")
            });
        });
    }
    g.finish();
}

criterion_group!(report, benches);
criterion_main!(report);
