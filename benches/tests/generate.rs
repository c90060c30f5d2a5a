//! The generator writes valid, deterministic models with every status.

use std::collections::BTreeSet;

use styrkort::{Model, Status};
use styrkort_benches::{generate, generate_with, write_model, Options, Scale};

#[test]
fn small_scale_validates_without_errors() {
    let model = Model::from_json(&generate(&Scale::Small, 1)).expect("loads");
    let errors: Vec<String> = model
        .validate()
        .into_iter()
        .filter(styrkort::Diagnostic::is_error)
        .map(|d| d.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(
        model
            .organisation
            .iter()
            .filter(|o| o.kind == styrkort::OrgKind::Municipality)
            .count(),
        3
    );
}

#[test]
fn same_seed_same_bytes_other_seed_other_model() {
    assert_eq!(generate(&Scale::Example, 5), generate(&Scale::Example, 5));
    assert_ne!(generate(&Scale::Example, 5), generate(&Scale::Example, 6));
}

#[test]
fn org_everywhere_spells_the_same_model_with_every_org() {
    let plain = generate(&Scale::Example, 4);
    let everywhere = generate_with(
        &Scale::Example,
        4,
        Options {
            org_everywhere: true,
        },
    );
    // The default is the plain spelling.
    assert_eq!(plain, generate_with(&Scale::Example, 4, Options::default()));
    let a = Model::from_json(&plain).expect("loads");
    let b = Model::from_json(&everywhere).expect("loads");
    let count = |m: &Model, named: bool| {
        m.indicators
            .iter()
            .flat_map(|i| &i.measurements)
            .filter(|x| x.org().is_some() == named)
            .count()
    };
    // The plain model leaves the org out at the owner; the other never does,
    // and names the owner exactly there.
    assert!(count(&a, false) > 1000, "{}", count(&a, false));
    assert_eq!(count(&b, false), 0);
    assert_eq!(count(&b, true), count(&a, true) + count(&a, false));
    for (x, y) in a.indicators.iter().zip(&b.indicators) {
        for (p, q) in x.measurements.iter().zip(&y.measurements) {
            assert_eq!(q.org(), Some(p.org().unwrap_or(&x.owner)));
            assert_eq!((p.period(), p.value), (q.period(), q.value));
        }
    }
    // The same model: the same evaluation, byte for byte.
    let period = "2025T2".parse().expect("a period");
    assert_eq!(
        a.evaluate(&period).expect("evaluates").to_json(),
        b.evaluate(&period).expect("evaluates").to_json()
    );
}

#[test]
fn stats_count_what_is_written() {
    let mut out = Vec::new();
    let stats = write_model(&Scale::Factor(2), 3, &mut out).expect("writes");
    let model = Model::from_json(std::str::from_utf8(&out).expect("utf-8")).expect("loads");
    assert_eq!(stats.bytes, out.len() as u64);
    assert_eq!(stats.municipalities, 2);
    assert_eq!(stats.orgs, model.organisation.len());
    assert_eq!(stats.indicators, model.indicators.len());
    assert_eq!(stats.goals, model.goals.len());
    assert_eq!(stats.plans, model.action_plans.len());
    let measurements: usize = model.indicators.iter().map(|i| i.measurements.len()).sum();
    assert_eq!(stats.measurements, measurements);
    // Two example-sized municipalities, ids prefixed by their codes.
    assert!(model
        .organisation
        .iter()
        .any(|o| o.id.as_str() == "0114-kf"));
    assert!(model
        .organisation
        .iter()
        .any(|o| o.id.as_str() == "0115-kf"));
}

#[test]
fn example_has_every_status_and_the_size_of_a_small_municipality() {
    let model = Model::from_json(&generate(&Scale::Example, 1)).expect("loads");
    assert!((35..=45).contains(&model.organisation.len()));
    let e = model
        .evaluate(&"2025T2".parse().expect("period"))
        .expect("evaluates");
    let all: BTreeSet<&str> = [
        Status::Fulfilled,
        Status::PartlyFulfilled,
        Status::NotFulfilled,
        Status::NoData,
        Status::NotAssessed,
    ]
    .iter()
    .map(|s| s.as_str())
    .collect();
    let of_indicators: BTreeSet<&str> = e.indicators.iter().map(|r| r.status.as_str()).collect();
    let of_goals: BTreeSet<&str> = e.goals.iter().map(|r| r.status.as_str()).collect();
    assert_eq!(of_indicators, all);
    assert_eq!(of_goals, all);
    assert!(e.indicators.iter().any(|r| r.consolidated));
    assert!(e.action_plans.iter().any(|p| !p.overdue.is_empty()));
}

#[test]
fn units_scale_is_one_municipality_with_that_many_units_and_providers() {
    assert_eq!("u40".parse::<Scale>(), Ok(Scale::Units(40)));
    assert!("u0".parse::<Scale>().is_err());
    assert!("u".parse::<Scale>().is_err());
    let model = Model::from_json(&generate(&Scale::Units(40), 2)).expect("loads");
    let count = |kinds: &[styrkort::OrgKind]| {
        model
            .organisation
            .iter()
            .filter(|o| kinds.contains(&o.kind))
            .count()
    };
    assert_eq!(count(&[styrkort::OrgKind::Municipality]), 1);
    assert_eq!(
        count(&[styrkort::OrgKind::Unit, styrkort::OrgKind::Provider]),
        40
    );
}
