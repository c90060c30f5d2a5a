//! Property tests of the engine: the order of the model's arrays does not
//! matter, improving a value never worsens a status, and evaluation never
//! panics on a model that passed validation.
//!
//! Models are built from a seed by a small deterministic generator, so a
//! failing case is reproducible from the seed proptest prints.

use proptest::prelude::*;
use styrkort::{
    ActionPlan, Activity, ActivityStatus, Assessment, Consolidation, Decimal, Direction, Goal,
    GoalLink, Indicator, IndicatorLink, Level, Measurement, Model, Org, OrgId, OrgKind, Period,
    Perspective, ProviderKind, Rule, RuleKind, Status, Target, TargetKind,
};

/// splitmix64: tiny, deterministic, good enough to spread test cases.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).unwrap()
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
    fn shuffle<T>(&mut self, xs: &mut [T]) {
        for i in (1..xs.len()).rev() {
            let j = self.below(i + 1);
            xs.swap(i, j);
        }
    }
    /// A decimal 0.0–120.0 with one decimal, sometimes whole.
    fn value(&mut self) -> Decimal {
        let tenths = i64::try_from(self.next() % 1201).unwrap();
        if self.chance(50) {
            Decimal::new(tenths / 10, 0)
        } else {
            Decimal::new(tenths, 1)
        }
    }
}

fn p(s: &str) -> Period {
    s.parse().unwrap()
}

fn pick_period(r: &mut Rng) -> Period {
    p(PERIODS[r.below(PERIODS.len())])
}

fn org(id: &str, kind: OrgKind, parent: Option<&str>) -> Org {
    Org {
        id: id.into(),
        name: format!("Org {id}"),
        kind,
        parent: parent.map(OrgId::from),
        provider: (kind == OrgKind::Provider).then_some(ProviderKind::Independent),
    }
}

const PERIODS: [&str; 7] = [
    "2024T1", "2024T2", "2024T3", "2025T1", "2025T2", "2024", "2025",
];

/// A valid model: a council, 1–3 boards with an office, units and a
/// provider; 1–4 indicators; goals on three levels along the red thread;
/// plans.
fn generate(seed: u64) -> Model {
    let mut r = Rng(seed);
    let mut m = Model::default();
    m.organisation
        .push(org("kommun", OrgKind::Municipality, None));
    m.organisation
        .push(org("kf", OrgKind::Council, Some("kommun")));
    let boards = 1 + r.below(3);
    let mut units: Vec<(String, String)> = Vec::new(); // (unit, board)
    for b in 0..boards {
        let bid = format!("n{b}");
        let oid = format!("k{b}");
        m.organisation.push(org(&bid, OrgKind::Board, Some("kf")));
        m.organisation.push(org(&oid, OrgKind::Office, Some(&bid)));
        for u in 0..r.below(3) {
            let uid = format!("e{b}{u}");
            m.organisation.push(org(&uid, OrgKind::Unit, Some(&oid)));
            units.push((uid, bid.clone()));
        }
        if r.chance(40) {
            let pid = format!("u{b}");
            m.organisation
                .push(org(&pid, OrgKind::Provider, Some(&bid)));
            units.push((pid, bid.clone()));
        }
    }
    if r.chance(50) {
        m.settings.partly_at = Some(Decimal::new(8, 1));
    }
    let org_ids: Vec<String> = m.organisation.iter().map(|o| o.id.to_string()).collect();

    let n_ind = 1 + r.below(4);
    for i in 0..n_ind {
        let mut ind = Indicator {
            id: format!("i{i}").as_str().into(),
            name: format!("Nyckeltal {i}"),
            description: None,
            unit: None,
            direction: if r.chance(50) {
                Direction::HigherIsBetter
            } else {
                Direction::LowerIsBetter
            },
            perspective: None,
            owner: "kf".into(),
            consolidation: *r.pick(&[
                Consolidation::None,
                Consolidation::Sum,
                Consolidation::Mean,
                Consolidation::Min,
                Consolidation::Max,
            ]),
            partly_at: r.chance(30).then(|| Decimal::new(9, 1)),
            window: r.chance(20).then_some(2),
            source: None,
            tags: if r.chance(30) {
                vec!["environment".into()]
            } else {
                vec![]
            },
            targets: vec![],
            measurements: vec![],
        };
        let mut used = std::collections::HashSet::new();
        for _ in 0..r.below(4) {
            let period = pick_period(&mut r);
            let o = r.chance(40).then(|| r.pick(&org_ids).clone());
            if !used.insert((period, o.clone())) {
                continue;
            }
            let improve = r.chance(15);
            ind.targets.push(Target {
                valid_to: None,
                period,
                org: o.map(|o| o.as_str().into()),
                kind: if improve {
                    TargetKind::Improve
                } else {
                    TargetKind::Value
                },
                value: (!improve).then(|| r.value()),
                warning: (!improve && r.chance(20)).then(|| r.value()),
                change: (improve && r.chance(50)).then(|| Decimal::from(1 + r.below(3))),
                change_share: None,
                best_share: None,
                worst_share: None,
            });
        }
        let mut used = std::collections::HashSet::new();
        for _ in 0..r.below(14) {
            let period = pick_period(&mut r);
            let o = r.pick(&org_ids).clone();
            if !used.insert((period, o.clone())) {
                continue;
            }
            let mut m = Measurement::new(period, Some(o.as_str().into()), r.value());
            // Some forecasts, which the edits' outcomes then win over.
            m.set_forecast(r.chance(15));
            ind.measurements.push(m);
        }
        m.indicators.push(ind);
    }

    let perspectives = Perspective::ALL;
    let rules = [
        None,
        Some(Rule {
            kind: RuleKind::WeightedScore,
            fulfilled_at: Some(Decimal::new(75, 2)),
            partly_at: Some(Decimal::new(4, 1)),
        }),
        Some(Rule {
            kind: RuleKind::ShareFulfilled,
            fulfilled_at: Some(Decimal::new(6, 1)),
            partly_at: Some(Decimal::new(3, 1)),
        }),
        Some(Rule {
            kind: RuleKind::Worst,
            fulfilled_at: None,
            partly_at: None,
        }),
        Some(Rule {
            kind: RuleKind::Manual,
            fulfilled_at: None,
            partly_at: None,
        }),
    ];
    let goal = |r: &mut Rng, id: String, level: Level, owner: &str, up: Vec<String>| {
        let indicators = (0..r.below(3))
            .map(|_| format!("i{}", r.below(n_ind)))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .map(|i| IndicatorLink {
                valid_from: None,
                valid_to: None,
                indicator: i.as_str().into(),
                weight: r.chance(30).then(|| Decimal::from(1 + r.below(3))),
            })
            .collect();
        Goal {
            valid_from: None,
            valid_to: None,
            id: id.as_str().into(),
            title: format!("Mål {id}"),
            description: None,
            level,
            perspective: *r.pick(&perspectives),
            owner: owner.into(),
            indicators,
            contributes_to: up
                .into_iter()
                .map(|g| GoalLink {
                    valid_from: None,
                    valid_to: None,
                    goal: g.as_str().into(),
                    weight: r.chance(30).then(|| Decimal::from(1 + r.below(3))),
                })
                .collect(),
            applies_to: vec![],
            rule: *r.pick(&rules),
            assessments: if r.chance(15) {
                vec![Assessment {
                    period: p("2025T2"),
                    status: *r.pick(&Status::ALL[..3]),
                    comment: None,
                    author: None,
                    date: None,
                }]
            } else {
                vec![]
            },
            tags: if r.chance(30) {
                vec!["environment".into(), "quality".into()]
            } else {
                vec![]
            },
            activities: None,
        }
    };
    let council: Vec<String> = (0..=r.below(3)).map(|i| format!("kf-{i}")).collect();
    for id in &council {
        let g = goal(&mut r, id.clone(), Level::Council, "kf", vec![]);
        m.goals.push(g);
    }
    let mut board_goals: Vec<(String, String)> = Vec::new();
    for b in 0..boards {
        for j in 0..r.below(3) {
            let id = format!("n{b}-{j}");
            let up = vec![r.pick(&council).clone()];
            let g = goal(&mut r, id.clone(), Level::Board, &format!("n{b}"), up);
            m.goals.push(g);
            board_goals.push((id, format!("n{b}")));
        }
    }
    for (u, b) in &units {
        let mine: Vec<String> = board_goals
            .iter()
            .filter(|(_, ob)| ob == b)
            .map(|(g, _)| g.clone())
            .collect();
        if mine.is_empty() || r.chance(30) {
            continue;
        }
        let up = vec![r.pick(&mine).clone()];
        let g = goal(&mut r, format!("{u}-1"), Level::Operational, u, up);
        m.goals.push(g);
    }
    let goal_ids: Vec<String> = m.goals.iter().map(|g| g.id.to_string()).collect();
    for pl in 0..r.below(3) {
        let activities = (0..r.below(4))
            .map(|a| Activity {
                id: format!("a{pl}{a}").as_str().into(),
                title: "Aktivitet".into(),
                responsible: None,
                start: None,
                due: r
                    .chance(70)
                    .then(|| pick_period(&mut r).end() - chrono::Days::new(r.below(60) as u64)),
                status: *r.pick(&ActivityStatus::ALL),
                progress: r.chance(70).then(|| Decimal::from(r.below(101))),
            })
            .collect();
        m.action_plans.push(ActionPlan {
            id: format!("hp{pl}").as_str().into(),
            title: "Plan".into(),
            owner: r.pick(&org_ids).as_str().into(),
            goals: vec![r.pick(&goal_ids).as_str().into()],
            tags: vec![],
            activities,
        });
    }
    m
}

/// Every array of the model in another order (tags too).
fn shuffled(m: &Model, seed: u64) -> Model {
    let mut r = Rng(seed);
    let mut m = m.clone();
    r.shuffle(&mut m.organisation);
    r.shuffle(&mut m.indicators);
    for i in &mut m.indicators {
        r.shuffle(&mut i.targets);
        r.shuffle(&mut i.measurements);
        r.shuffle(&mut i.tags);
    }
    r.shuffle(&mut m.goals);
    for g in &mut m.goals {
        r.shuffle(&mut g.indicators);
        r.shuffle(&mut g.contributes_to);
        r.shuffle(&mut g.applies_to);
        r.shuffle(&mut g.assessments);
        r.shuffle(&mut g.tags);
    }
    r.shuffle(&mut m.action_plans);
    for pl in &mut m.action_plans {
        r.shuffle(&mut pl.goals);
        r.shuffle(&mut pl.activities);
        r.shuffle(&mut pl.tags);
    }
    m
}

/// Assessed statuses ranked; the other two must not change at all.
fn rank(s: Status) -> Option<u8> {
    match s {
        Status::NotFulfilled => Some(0),
        Status::PartlyFulfilled => Some(1),
        Status::Fulfilled => Some(2),
        Status::NoData | Status::NotAssessed => None,
    }
}

fn not_worse(before: Status, after: Status) -> bool {
    match (rank(before), rank(after)) {
        (Some(a), Some(b)) => b >= a,
        _ => before == after,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn generated_models_are_valid(seed in any::<u64>()) {
        let m = generate(seed);
        let errors: Vec<_> = m.validate().into_iter().filter(styrkort::Diagnostic::is_error).collect();
        prop_assert!(errors.is_empty(), "{errors:?}");
    }

    #[test]
    fn array_order_does_not_change_the_output(seed in any::<u64>(), order in any::<u64>()) {
        let m = generate(seed);
        let s = shuffled(&m, order);
        for period in ["2025T2", "2025", "2024T3"] {
            let a = m.evaluate(&p(period)).unwrap().to_json();
            let b = s.evaluate(&p(period)).unwrap().to_json();
            prop_assert_eq!(&a, &b, "period {}", period);
        }
        let a = m.evaluate_with(&p("2025T2"), &styrkort::EvalOptions::tag("environment")).unwrap();
        let b = s.evaluate_with(&p("2025T2"), &styrkort::EvalOptions::tag("environment")).unwrap();
        prop_assert_eq!(a.to_json(), b.to_json());
    }

    #[test]
    fn improving_a_value_never_worsens_a_status(seed in any::<u64>(), pick in any::<u64>(), step in 1u32..500) {
        let m = generate(seed);
        let period = p("2025T2");
        // Improve one measurement of the evaluated period, by the indicator's direction.
        let mut candidates = Vec::new();
        for (i, ind) in m.indicators.iter().enumerate() {
            for (j, meas) in ind.measurements.iter().enumerate() {
                if meas.period() == period {
                    candidates.push((i, j));
                }
            }
        }
        prop_assume!(!candidates.is_empty());
        let (i, j) = candidates[usize::try_from(pick % candidates.len() as u64).unwrap()];
        let mut better = m.clone();
        let delta = Decimal::new(i64::from(step), 1);
        let meas = &mut better.indicators[i].measurements[j];
        meas.value = match m.indicators[i].direction {
            Direction::HigherIsBetter => meas.value + delta,
            Direction::LowerIsBetter => meas.value - delta,
        };
        let before = m.evaluate(&period).unwrap();
        let after = better.evaluate(&period).unwrap();
        for (a, b) in before.indicators.iter().zip(&after.indicators) {
            prop_assert_eq!((&a.indicator, &a.org), (&b.indicator, &b.org));
            prop_assert!(not_worse(a.status, b.status),
                "indicator {} at {}: {} -> {}", a.indicator, a.org, a.status, b.status);
        }
        for (a, b) in before.goals.iter().zip(&after.goals) {
            prop_assert!(not_worse(a.status, b.status),
                "goal {}: {} -> {}", a.goal, a.status, b.status);
            prop_assert!(not_worse(a.computed_status, b.computed_status),
                "goal {} computed: {} -> {}", a.goal, a.computed_status, b.computed_status);
        }
    }

    /// Models with random, often wrong references: whatever validation
    /// lets through must evaluate without a panic.
    #[test]
    fn evaluation_never_panics_on_a_validated_model(seed in any::<u64>(), damage in any::<u64>()) {
        let mut m = generate(seed);
        let mut r = Rng(damage);
        let ids: Vec<String> = m.organisation.iter().map(|o| o.id.to_string()).collect();
        // Move owners and parents around, re-link goals across levels, zero weights …
        for g in &mut m.goals {
            if r.chance(20) {
                g.owner = r.pick(&ids).as_str().into();
            }
            if r.chance(10) {
                g.level = *r.pick(&[Level::Council, Level::Board, Level::Operational]);
            }
        }
        for o in &mut m.organisation {
            if r.chance(10) {
                o.parent = Some(r.pick(&ids).as_str().into());
            }
        }
        for i in &mut m.indicators {
            if r.chance(20) {
                i.window = Some(u32::try_from(r.below(4)).unwrap());
            }
            if r.chance(10) {
                i.partly_at = Some(Decimal::ZERO);
            }
        }
        if m.validate().iter().any(styrkort::Diagnostic::is_error) {
            prop_assert!(m.evaluate(&p("2025T2")).is_err());
        } else {
            for period in ["2025T2", "2025-05", "2025Q2", "2025"] {
                let e = m.evaluate(&p(period));
                prop_assert!(e.is_ok(), "{:?}", e.err());
            }
        }
    }
}

/// One edit for the incremental engine, applied to a model copy too.
fn edit(r: &mut Rng, m: &mut Model, engine: &mut styrkort::Engine) -> Result<(), styrkort::Error> {
    let orgs: Vec<String> = m.organisation.iter().map(|o| o.id.to_string()).collect();
    match r.below(4) {
        // Set or remove a measurement (any period: windows, trends and
        // improve baselines read other periods).
        0 | 1 => {
            let i = r.below(m.indicators.len());
            let org = r.pick(&orgs).clone();
            let period = if r.chance(40) {
                engine.period()
            } else {
                pick_period(r)
            };
            let value = (!r.chance(25)).then(|| r.value());
            let ind = &mut m.indicators[i];
            let owner = ind.owner.clone();
            // The engine sets outcomes; a forecast for the same place stays.
            ind.measurements.retain(|x| {
                x.is_forecast()
                    || !(x.period() == period && x.org().unwrap_or(&owner).as_str() == org)
            });
            if let Some(v) = value {
                ind.measurements
                    .push(Measurement::new(period, Some(org.as_str().into()), v));
            }
            engine.set_measurement(ind.id.as_str(), Some(&org), period, value)?;
        }
        // Replace an indicator's targets.
        2 => {
            let i = r.below(m.indicators.len());
            let mut targets: Vec<Target> = Vec::new();
            for _ in 0..r.below(3) {
                let period = pick_period(r);
                let org = r.chance(40).then(|| OrgId::from(r.pick(&orgs).as_str()));
                if targets.iter().any(|t| t.period == period && t.org == org) {
                    continue;
                }
                let improve = r.chance(20);
                targets.push(Target {
                    valid_to: None,
                    period,
                    org,
                    kind: if improve {
                        TargetKind::Improve
                    } else {
                        TargetKind::Value
                    },
                    value: (!improve).then(|| r.value()),
                    warning: None,
                    change: None,
                    change_share: None,
                    best_share: None,
                    worst_share: None,
                });
            }
            m.indicators[i].targets.clone_from(&targets);
            engine.set_targets(m.indicators[i].id.as_str(), &targets)?;
        }
        // Set or remove a manual assessment.
        _ => {
            let g = r.below(m.goals.len());
            let period = if r.chance(70) {
                engine.period()
            } else {
                pick_period(r)
            };
            let a = (!r.chance(30)).then(|| Assessment {
                period,
                status: *r.pick(&Status::ALL[..3]),
                comment: Some("Bedömning".into()),
                author: None,
                date: None,
            });
            let goal = &mut m.goals[g];
            goal.assessments.retain(|x| x.period != period);
            goal.assessments.extend(a.clone());
            engine.set_assessment(goal.id.as_str(), period, a)?;
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    /// After any sequence of edits the incremental engine's evaluation is
    /// byte-identical to a full evaluation of the edited model.
    #[test]
    fn incremental_updates_equal_a_full_evaluation(seed in any::<u64>(), edits in any::<u64>(), tagged in any::<bool>()) {
        let mut m = generate(seed);
        let options = if tagged { styrkort::EvalOptions::tag("environment") } else { styrkort::EvalOptions::default() };
        let period = p("2025T2");
        let mut engine = styrkort::Engine::new(&m, period, options.clone()).unwrap();
        let mut r = Rng(edits);
        for step in 0..12 {
            edit(&mut r, &mut m, &mut engine).unwrap();
            let full = m.evaluate_with(&period, &options).unwrap().to_json();
            prop_assert_eq!(engine.evaluation().to_json(), full, "after edit {}", step);
        }
    }
}

/// Three orgs (the council `kf` over boards `a` and `b`) and one `sum`
/// indicator owned by `kf`, targeting 10 in 2025, measured 4 at `a` and 5
/// at `b` in `measured`; the council goal `kf-1` uses it at `kf`.
fn sum_model(measured: &str) -> Model {
    Model::from_json(&format!(
        r#"{{"format": "styrkort/1",
        "organisation": [
          {{"id": "kf", "name": "KF", "kind": "council"}},
          {{"id": "a", "name": "A", "kind": "board", "parent": "kf"}},
          {{"id": "b", "name": "B", "kind": "board", "parent": "kf"}}],
        "indicators": [{{"id": "sum", "name": "Summa", "owner": "kf", "consolidation": "sum",
          "targets": [{{"period": "2025", "value": "10"}}],
          "measurements": [{{"period": "{measured}", "org": "a", "value": "4"}},
                           {{"period": "{measured}", "org": "b", "value": "5"}}]}}],
        "goals": [{{"id": "kf-1", "title": "Mål", "level": "council", "perspective": "economy",
          "owner": "kf", "indicators": [{{"indicator": "sum"}}]}}]}}"#
    ))
    .unwrap()
}

/// An update that overflows half-way is undone: the engine's evaluation is
/// what it was, and later updates still equal a full evaluation.
#[test]
fn an_overflowing_update_leaves_the_engine_as_it_was() {
    let m = sum_model("2025");
    let period = p("2025");
    let mut engine = styrkort::Engine::new(&m, period, styrkort::EvalOptions::default()).unwrap();
    let before = engine.evaluation().to_json();
    // a + b at kf overflows: MAX + 5.
    let err = engine
        .set_measurement("sum", Some("a"), period, Some(Decimal::MAX))
        .unwrap_err();
    assert_eq!(err.code(), "overflow", "{err}");
    assert_eq!(engine.evaluation().to_json(), before);
    // The engine still works, and agrees with a full evaluation.
    engine
        .set_measurement("sum", Some("b"), period, Some(Decimal::from(6)))
        .unwrap();
    let mut edited = m.clone();
    edited.indicators[0].measurements[1].value = Decimal::from(6);
    assert_eq!(
        engine.evaluation().to_json(),
        edited.evaluate(&period).unwrap().to_json()
    );
    assert_eq!(
        engine.evaluation().goal("kf-1").unwrap().status,
        Status::Fulfilled
    );
}

/// A consolidation for a period no org had an outcome in is answered
/// without walking the org tree; an edit that adds the first outcome of a
/// period must make the walk happen again (the compiled list of measured
/// periods follows the edit).
#[test]
fn the_first_outcome_of_a_period_is_consolidated_after_an_edit() {
    let m = sum_model("2024");
    let period = p("2025");
    let mut engine = styrkort::Engine::new(&m, period, styrkort::EvalOptions::default()).unwrap();
    let kf = engine.evaluation().indicator("sum", "kf").unwrap();
    assert_eq!((kf.value, kf.status), (None, Status::NoData));
    // The previous year consolidates: 4 + 5.
    assert_eq!(kf.year_earlier, Some(Decimal::from(9)));
    engine
        .set_measurement("sum", Some("b"), period, Some(Decimal::from(11)))
        .unwrap();
    let kf = engine.evaluation().indicator("sum", "kf").unwrap();
    assert_eq!(kf.value, Some(Decimal::from(11)));
    assert!(kf.consolidated);
    assert_eq!(kf.status, Status::Fulfilled);
    let mut edited = m.clone();
    edited.indicators[0]
        .measurements
        .push(serde_json::from_str(r#"{"period": "2025", "org": "b", "value": "11"}"#).unwrap());
    assert_eq!(
        engine.evaluation().to_json(),
        edited.evaluate(&period).unwrap().to_json()
    );
}
