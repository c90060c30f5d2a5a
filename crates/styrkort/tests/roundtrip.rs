//! Round-trip property tests: any model written by `to_json` or
//! `to_json_compact` reads back equal, and keeps every decimal's scale.

use chrono::NaiveDate;
use proptest::prelude::*;
use styrkort::{
    ActionPlan, Activity, ActivityStatus, ArrowBasis, Assessment, CitizenLabel, Consolidation,
    Decimal, Direction, Goal, GoalLink, Indicator, IndicatorLink, KoladaSource, Level, Measurement,
    Model, Org, OrgKind, Period, PeriodKind, Perspective, ProviderKind, Rule, RuleKind, Settings,
    Source, Status, Target, TargetKind,
};

/// Ids: non-empty, from a small alphabet (so references collide) or any text.
fn id() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-z]{1,3}(-[0-9]{1,2})?",
        1 => "\\PC{1,8}",
        1 => "[\"\\\\/ \t\n{}:,åäö€😀]{1,4}",
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![3 => "[A-Za-zåäöÅÄÖ .,&-]{0,20}", 1 => "\\PC{0,12}", 1 => ".{0,6}"]
}

/// Any exact decimal: a mantissa of up to 96 bits with a scale of 0–28, so
/// trailing zeros (`62.50`) and tiny values (`1e-28`) both occur.
fn decimal() -> impl Strategy<Value = Decimal> {
    let max = (1i128 << 96) - 1;
    prop_oneof![
        (-100_000i128..100_000, 0u32..4),
        (-max..=max, 0u32..=28),
        (0i128..2, 0u32..=28),
    ]
    .prop_map(|(m, s)| Decimal::from_i128_with_scale(m, s))
}

fn period() -> impl Strategy<Value = Period> {
    (
        1000i32..=9999,
        prop::sample::select(vec![
            PeriodKind::Year,
            PeriodKind::Tertial,
            PeriodKind::Quarter,
            PeriodKind::Month,
        ]),
        0u8..12,
    )
        .prop_map(|(y, kind, i)| Period::new(y, kind, i % kind.per_year() + 1).unwrap())
}

fn date() -> impl Strategy<Value = NaiveDate> {
    (1000i32..=9999, 1u32..=12, 1u32..=31).prop_map(|(y, m, d)| {
        NaiveDate::from_ymd_opt(y, m, d)
            .or_else(|| NaiveDate::from_ymd_opt(y, m, 28))
            .unwrap()
    })
}

fn opt<T: std::fmt::Debug + Clone>(
    s: impl Strategy<Value = T>,
) -> impl Strategy<Value = Option<T>> {
    prop::option::of(s)
}

fn tags() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(
        prop_oneof!["environment", "quality", "\\PC{0,6}"].prop_map(String::from),
        0..3,
    )
}

fn rule() -> impl Strategy<Value = Rule> {
    (
        prop::sample::select(vec![
            RuleKind::AllSomeNone,
            RuleKind::WeightedScore,
            RuleKind::ShareFulfilled,
            RuleKind::Worst,
            RuleKind::Manual,
        ]),
        opt(decimal()),
        opt(decimal()),
    )
        .prop_map(|(kind, fulfilled_at, partly_at)| Rule {
            kind,
            fulfilled_at,
            partly_at,
        })
}

fn org() -> impl Strategy<Value = Org> {
    (
        id(),
        text(),
        prop::sample::select(vec![
            OrgKind::Municipality,
            OrgKind::Council,
            OrgKind::ExecutiveBoard,
            OrgKind::Board,
            OrgKind::Office,
            OrgKind::Unit,
            OrgKind::Company,
            OrgKind::Provider,
        ]),
        opt(id()),
        opt(prop::sample::select(vec![
            ProviderKind::Municipal,
            ProviderKind::Independent,
            ProviderKind::Private,
        ])),
    )
        .prop_map(|(id, name, kind, parent, provider)| Org {
            id: id.as_str().into(),
            name,
            kind,
            parent: parent.map(|p| p.as_str().into()),
            provider,
        })
}

fn target() -> impl Strategy<Value = Target> {
    (
        period(),
        opt(id()),
        prop::sample::select(vec![TargetKind::Value, TargetKind::Improve]),
        opt(decimal()),
        opt(decimal()),
        opt(decimal()),
        opt(decimal()),
    )
        .prop_map(
            |(period, org, kind, value, warning, change, change_share)| Target {
                valid_to: None,
                period,
                org: org.map(|o| o.as_str().into()),
                kind,
                value,
                warning,
                change,
                change_share,
                best_share: None,
                worst_share: None,
            },
        )
}

fn measurement() -> impl Strategy<Value = Measurement> {
    (
        period(),
        opt(id()),
        decimal(),
        opt(decimal()),
        opt(decimal()),
        any::<bool>(),
    )
        .prop_map(|(period, org, value, women, men, forecast)| {
            let m = Measurement::new(period, org.map(|o| o.as_str().into()), value)
                .with_gender(women, men);
            if forecast {
                m.as_forecast()
            } else {
                m
            }
        })
}

fn indicator() -> impl Strategy<Value = Indicator> {
    let head = (
        id(),
        text(),
        opt(text()),
        opt(prop_oneof!["%", "kr", "index", "dagar"].prop_map(String::from)),
        prop::sample::select(vec![Direction::HigherIsBetter, Direction::LowerIsBetter]),
        opt(prop::sample::select(Perspective::ALL.to_vec())),
        id(),
    );
    let tail = (
        prop::sample::select(vec![
            Consolidation::None,
            Consolidation::Sum,
            Consolidation::Mean,
            Consolidation::Min,
            Consolidation::Max,
        ]),
        opt(decimal()),
        opt(any::<u32>()),
        opt((opt("[UN][0-9]{5}"), opt("[0-9]{4}"), opt("V[0-9A-Z]{12}"))),
        tags(),
        prop::collection::vec(target(), 0..4),
        prop::collection::vec(measurement(), 0..6),
    );
    (head, tail).prop_map(
        |(
            (id, name, description, unit, direction, perspective, owner),
            (consolidation, partly_at, window, source, tags, targets, measurements),
        )| Indicator {
            id: id.as_str().into(),
            name,
            description,
            unit,
            direction,
            perspective,
            owner: owner.as_str().into(),
            consolidation,
            partly_at,
            window,
            source: source.map(|(kpi, municipality, ou)| Source {
                kolada: kpi.map(|kpi| KoladaSource {
                    kpi,
                    municipality,
                    ou,
                }),
            }),
            tags,
            targets,
            measurements,
        },
    )
}

fn assessment() -> impl Strategy<Value = Assessment> {
    (
        period(),
        prop::sample::select(Status::ALL.to_vec()),
        opt(text()),
        opt(text()),
        opt(date()),
    )
        .prop_map(|(period, status, comment, author, date)| Assessment {
            period,
            status,
            comment,
            author,
            date,
        })
}

fn goal() -> impl Strategy<Value = Goal> {
    let head = (
        id(),
        text(),
        opt(text()),
        prop::sample::select(vec![Level::Council, Level::Board, Level::Operational]),
        prop::sample::select(Perspective::ALL.to_vec()),
        id(),
    );
    let tail = (
        prop::collection::vec((id(), opt(decimal())), 0..3),
        prop::collection::vec((id(), opt(decimal())), 0..3),
        prop::collection::vec(id(), 0..2),
        opt(rule()),
        prop::collection::vec(assessment(), 0..3),
        tags(),
    );
    (head, tail).prop_map(
        |(
            (id, title, description, level, perspective, owner),
            (indicators, ups, applies_to, rule, assessments, tags),
        )| Goal {
            valid_from: None,
            valid_to: None,
            id: id.as_str().into(),
            title,
            description,
            level,
            perspective,
            owner: owner.as_str().into(),
            indicators: indicators
                .into_iter()
                .map(|(i, weight)| IndicatorLink {
                    valid_from: None,
                    valid_to: None,
                    indicator: i.as_str().into(),
                    weight,
                })
                .collect(),
            contributes_to: ups
                .into_iter()
                .map(|(g, weight)| GoalLink {
                    valid_from: None,
                    valid_to: None,
                    goal: g.as_str().into(),
                    weight,
                })
                .collect(),
            applies_to: applies_to.into_iter().map(|o| o.as_str().into()).collect(),
            rule,
            assessments,
            tags,
            activities: None,
        },
    )
}

fn activity() -> impl Strategy<Value = Activity> {
    (
        id(),
        text(),
        opt(id()),
        opt(date()),
        opt(date()),
        prop::sample::select(ActivityStatus::ALL.to_vec()),
        opt(decimal()),
    )
        .prop_map(
            |(id, title, responsible, start, due, status, progress)| Activity {
                id: id.as_str().into(),
                title,
                responsible: responsible.map(|r| r.as_str().into()),
                start,
                due,
                status,
                progress,
            },
        )
}

fn plan() -> impl Strategy<Value = ActionPlan> {
    (
        id(),
        text(),
        id(),
        prop::collection::vec(id(), 0..3),
        tags(),
        prop::collection::vec(activity(), 0..4),
    )
        .prop_map(|(id, title, owner, goals, tags, activities)| ActionPlan {
            id: id.as_str().into(),
            title,
            owner: owner.as_str().into(),
            goals: goals.into_iter().map(|g| g.as_str().into()).collect(),
            tags,
            activities,
        })
}

fn settings() -> impl Strategy<Value = Settings> {
    (
        prop::sample::select(vec![
            CitizenLabel::Medborgare,
            CitizenLabel::Kund,
            CitizenLabel::Both,
        ]),
        opt(decimal()),
        opt(rule()),
        prop::sample::select(vec![ArrowBasis::YearEarlier, ArrowBasis::Previous]),
    )
        .prop_map(|(citizen_label, partly_at, rule, arrow)| Settings {
            citizen_label,
            partly_at,
            rule,
            arrow,
        })
}

fn model() -> impl Strategy<Value = Model> {
    (
        settings(),
        prop::collection::vec(org(), 0..6),
        prop::collection::vec(indicator(), 0..4),
        prop::collection::vec(goal(), 0..6),
        prop::collection::vec(plan(), 0..3),
    )
        .prop_map(
            |(settings, organisation, indicators, goals, action_plans)| Model {
                settings,
                organisation,
                indicators,
                goals,
                action_plans,
                ..Model::default()
            },
        )
}

/// Every decimal of the model with its scale, in document order, so that a
/// lost trailing zero (equal as a number) is still caught.
fn scaled_decimals(m: &Model) -> Vec<(Decimal, u32)> {
    let mut v = Vec::new();
    let mut push = |d: Option<Decimal>| {
        if let Some(d) = d {
            v.push((d, d.scale()));
        }
    };
    push(m.settings.partly_at);
    for i in &m.indicators {
        push(i.partly_at);
        for t in &i.targets {
            push(t.value);
            push(t.warning);
        }
        for x in &i.measurements {
            push(Some(x.value));
            push(x.women());
            push(x.men());
        }
    }
    for g in &m.goals {
        if let Some(r) = &g.rule {
            push(r.fulfilled_at);
            push(r.partly_at);
        }
        g.indicators.iter().for_each(|l| push(l.weight));
        g.contributes_to.iter().for_each(|l| push(l.weight));
    }
    for p in &m.action_plans {
        p.activities.iter().for_each(|a| push(a.progress));
    }
    v
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn pretty_json_round_trips(m in model()) {
        let text = m.to_json();
        let back = Model::from_json(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(&back, &m);
        prop_assert_eq!(scaled_decimals(&back), scaled_decimals(&m));
        prop_assert_eq!(back.to_json(), text);
    }

    #[test]
    fn compact_json_round_trips(m in model()) {
        let text = m.to_json_compact();
        prop_assert!(!text.contains('\n'));
        let back = Model::from_json(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(&back, &m);
        prop_assert_eq!(scaled_decimals(&back), scaled_decimals(&m));
        // Pretty and compact describe the same model.
        prop_assert_eq!(Model::from_json(&m.to_json()).unwrap(), back);
    }

    #[test]
    fn decimals_read_from_json_numbers_equal_their_strings(d in decimal()) {
        // The same digits as a JSON number and as a JSON string give the same
        // decimal with the same scale.
        let doc = |v: &str| format!(
            r#"{{"format": "styrkort/1", "indicators": [{{"id": "i", "name": "n", "owner": "o",
                "measurements": [{{"period": "2025", "value": {v}}}]}}]}}"#
        );
        let s = d.to_string();
        let from_number = Model::from_json(&doc(&s)).unwrap().indicators[0].measurements[0].value;
        let from_string = Model::from_json(&doc(&format!("\"{s}\""))).unwrap().indicators[0].measurements[0].value;
        prop_assert_eq!(from_number, d);
        prop_assert_eq!(from_number.scale(), d.scale());
        prop_assert_eq!(from_string.scale(), d.scale());
    }

    #[test]
    fn periods_round_trip_through_text(p in period()) {
        let s = p.to_string();
        prop_assert_eq!(s.parse::<Period>().unwrap(), p);
        prop_assert!(p.start() <= p.end());
        prop_assert!(p.contains(&p));
        for up in p.enclosing() {
            prop_assert!(up.contains(&p));
            prop_assert!(up.kind() > p.kind());
        }
        if let Some(prev) = p.checked_previous() {
            prop_assert_eq!(prev.checked_next(), Some(p));
            prop_assert_eq!(prev.end().succ_opt(), Some(p.start()));
        }
    }
}

#[test]
fn model_with_every_field_round_trips_in_fixed_form() {
    let text = r#"{"format":"styrkort/1","settings":{"citizen_label":"Medborgare (Kund)","partly_at":"0.80","rule":{"kind":"share_fulfilled","fulfilled_at":"0.75","partly_at":"0.5"}},"organisation":[{"id":"p","name":"P","kind":"provider","parent":"b","provider":"private"}],"indicators":[{"id":"i","name":"I","description":"d","unit":"%","direction":"lower_is_better","perspective":"employees","owner":"p","consolidation":"max","partly_at":"0.9","window":3,"source":{"kolada":{"kpi":"N00945","municipality":"0114","ou":"V15E144001301"}},"tags":["quality"],"targets":[{"period":"2025T2","org":"p","kind":"improve"},{"period":"2025","value":"5.0","warning":"6"}],"measurements":[{"period":"2025-08","org":"p","value":"4.10","women":"4","men":"4.2"}]}],"goals":[{"id":"g","title":"G","description":"D","level":"operational","perspective":"economy","owner":"p","indicators":[{"indicator":"i","weight":"0.5"}],"contributes_to":["b-1",{"goal":"b-2","weight":"2.0"}],"applies_to":["q"],"rule":{"kind":"manual"},"assessments":[{"period":"2025Q3","status":"not_assessed","comment":"c","author":"a","date":"2025-10-01"}],"tags":["environment"]}],"action_plans":[{"id":"hp","title":"H","owner":"p","goals":["g"],"tags":["t"],"activities":[{"id":"a","title":"A","responsible":"p","start":"2025-01-01","due":"2025-12-31","status":"paused","progress":"12.50"}]}]}"#;
    let m = Model::from_json(text).unwrap();
    assert_eq!(m.to_json_compact(), text);
    assert_eq!(Model::from_json(&m.to_json()).unwrap(), m);
    assert!(m
        .to_json()
        .starts_with("{\n  \"format\": \"styrkort/1\",\n  \"settings\": {\n    "));
}
