//! Differential test of `styrkort::partition::split_municipalities` on
//! generated multi-municipality models: each municipality's part, evaluated
//! alone, gives exactly the goal, indicator, scorecard and action plan
//! results that the whole model gives for it, for several seeds and
//! periods (months, tertials, years) and with a tag filter.

use std::collections::HashMap;

use styrkort::{EvalOptions, Model, Period};
use styrkort_benches::{generate, Scale};

fn check(model: &Model, period: &str, tag: Option<&str>) {
    let period: Period = period.parse().unwrap();
    let options = EvalOptions {
        tag: tag.map(str::to_string),
        ..EvalOptions::default()
    };
    let whole = model.evaluate_with(&period, &options).unwrap();
    let goals: HashMap<&str, _> = whole.goals.iter().map(|g| (g.goal.as_str(), g)).collect();
    let pairs: HashMap<(&str, &str), _> = whole
        .indicators
        .iter()
        .map(|r| ((r.indicator.as_str(), r.org.as_str()), r))
        .collect();
    let parts = model.split_municipalities().unwrap();
    assert!(parts.len() >= 2, "a multi-municipality model");
    let (mut n_goals, mut n_pairs, mut n_cards, mut n_plans) = (0, 0, 0, 0);
    for (root, part) in &parts {
        let e = part.evaluate_with(&period, &options).unwrap();
        for g in &e.goals {
            assert_eq!(
                Some(&g),
                goals.get(g.goal.as_str()),
                "goal {} of {root}",
                g.goal
            );
        }
        for r in &e.indicators {
            let key = (r.indicator.as_str(), r.org.as_str());
            assert_eq!(Some(&r), pairs.get(&key), "{key:?} of {root}");
        }
        for s in &e.scorecards {
            assert_eq!(Some(s), whole.scorecards.iter().find(|w| w.org == s.org));
        }
        for p in &e.action_plans {
            assert_eq!(
                Some(p),
                whole.action_plans.iter().find(|w| w.plan == p.plan)
            );
        }
        n_goals += e.goals.len();
        n_pairs += e.indicators.len();
        n_cards += e.scorecards.len();
        n_plans += e.action_plans.len();
    }
    // disjoint and complete: the parts hold every result of the whole once
    assert_eq!(n_goals, whole.goals.len());
    assert_eq!(n_pairs, whole.indicators.len());
    assert_eq!(n_cards, whole.scorecards.len());
    assert_eq!(n_plans, whole.action_plans.len());
}

#[test]
fn municipalities_evaluate_alone_as_in_the_whole() {
    for seed in [1, 2, 3] {
        let model = Model::from_json(&generate(&Scale::Factor(3), seed)).unwrap();
        for period in ["2025T2", "2025", "2024-11", "2024T3"] {
            check(&model, period, None);
        }
        check(&model, "2025T2", Some("environment"));
    }
}

#[test]
fn skewed_sizes_split_too() {
    let model = Model::from_json(&generate(&Scale::Small, 7)).unwrap();
    check(&model, "2025T2", None);
}
