//! `Model::validate`: every diagnostic code triggered by a minimal change to
//! a clean model, with its severity, subject and message.

use proptest::prelude::*;
use serde_json::json;
use styrkort::validate::{has_errors, CODES, LOAD_CODES};
use styrkort::{
    Activity, Decimal, Diagnostic, Goal, GoalLink, IndicatorLink, Level, Measurement, Model, Org,
    OrgId, OrgKind, Period, Perspective, ProviderKind, Rule, RuleKind, Severity, Target,
    TargetKind,
};

const PERSPECTIVES: [(&str, &str); 4] = [
    ("c", "citizen"),
    ("s", "society_environment"),
    ("m", "employees"),
    ("e", "economy"),
];

/// A model without any diagnostic: every scorecard is balanced, every goal
/// is linked up and has something to assess, every indicator has a target.
///
/// Orgs: kommun → kf (council) → utbn (board) → utbk (office) → skola (unit);
/// friskola (independent provider) under utbn. Goals `kf-X`, `utbn-X`,
/// `skola-X` for the perspectives X = c, s, m, e; each `skola-X` is measured
/// by indicator `ind` and contributes to `utbn-X`, which contributes to `kf-X`.
fn clean() -> Model {
    let mut goals = Vec::new();
    for (x, p) in PERSPECTIVES {
        goals.push(
            json!({"id": format!("kf-{x}"), "title": "Kommunmål", "level": "council",
                          "perspective": p, "owner": "kf"}),
        );
        goals.push(
            json!({"id": format!("utbn-{x}"), "title": "Nämndmål", "level": "board",
                          "perspective": p, "owner": "utbn",
                          "contributes_to": [format!("kf-{x}")]}),
        );
        goals.push(
            json!({"id": format!("skola-{x}"), "title": "Verksamhetsmål",
                          "level": "operational", "perspective": p, "owner": "skola",
                          "indicators": [{"indicator": "ind"}],
                          "contributes_to": [{"goal": format!("utbn-{x}"), "weight": "2"}],
                          "assessments": [{"period": "2025", "status": "fulfilled"}]}),
        );
    }
    let doc = json!({
        "format": "styrkort/1",
        "settings": {"partly_at": "0.8", "rule": {"kind": "weighted_score",
                     "fulfilled_at": "0.75", "partly_at": "0.4"}},
        "organisation": [
            {"id": "kommun", "name": "Kommunen", "kind": "municipality"},
            {"id": "kf", "name": "KF", "kind": "council", "parent": "kommun"},
            {"id": "utbn", "name": "Utbildningsnämnden", "kind": "board", "parent": "kf"},
            {"id": "utbk", "name": "Utbildningskontoret", "kind": "office", "parent": "utbn"},
            {"id": "skola", "name": "Skola", "kind": "unit", "parent": "utbk"},
            {"id": "friskola", "name": "Friskola", "kind": "provider",
             "provider": "independent", "parent": "utbn"}
        ],
        "indicators": [
            {"id": "ind", "name": "Andel behöriga", "owner": "skola", "partly_at": "1",
             "window": 2,
             "targets": [{"period": "2025", "value": "90", "warning": "80"},
                         {"period": "2025", "org": "skola", "value": "85"},
                         {"period": "2026", "kind": "improve"}],
             "measurements": [{"period": "2025", "value": "88"},
                              {"period": "2025", "org": "friskola", "value": "91"},
                              {"period": "2025T1", "value": "87"}]}
        ],
        "goals": goals,
        "action_plans": [
            {"id": "hp-1", "title": "Plan", "owner": "utbk", "goals": ["utbn-c"],
             "activities": [{"id": "a-1", "title": "Aktivitet", "responsible": "skola",
                             "start": "2025-01-01", "due": "2025-01-01", "progress": "100"},
                            {"id": "a-2", "title": "Aktivitet", "progress": "0"}]}
        ]
    });
    Model::from_json(&doc.to_string()).expect("the clean model loads")
}

fn goal_mut<'a>(m: &'a mut Model, id: &str) -> &'a mut Goal {
    m.goals
        .iter_mut()
        .find(|g| g.id == id)
        .expect("goal exists")
}

fn org_mut<'a>(m: &'a mut Model, id: &str) -> &'a mut Org {
    m.organisation
        .iter_mut()
        .find(|o| o.id == id)
        .expect("org exists")
}

fn link(goal: &str, weight: Option<&str>) -> GoalLink {
    GoalLink {
        valid_from: None,
        valid_to: None,
        goal: goal.into(),
        weight: weight.map(dec),
    }
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str_exact(s).unwrap()
}

fn period(s: &str) -> Period {
    s.parse().unwrap()
}

fn with_code(m: &Model, code: &str) -> Vec<Diagnostic> {
    m.validate()
        .into_iter()
        .filter(|d| d.code == code)
        .collect()
}

/// Asserts that `m` has exactly one diagnostic with `code`, with the severity
/// the table gives and `subject`, and that the message contains each of
/// `needles`. Returns it.
fn one(m: &Model, code: &str, subject: &str, needles: &[&str]) -> Diagnostic {
    let found = with_code(m, code);
    assert_eq!(found.len(), 1, "exactly one {code}: {found:#?}");
    let d = found.into_iter().next().unwrap();
    let severity = CODES
        .iter()
        .find(|(c, _)| *c == code)
        .expect("a listed code")
        .1;
    assert_eq!(d.severity, severity, "{d}");
    assert_eq!(d.subject, subject, "{d}");
    for n in needles {
        assert!(
            d.message.contains(n),
            "{:?} should contain {n:?}",
            d.message
        );
    }
    d
}

// ---------------------------------------------------------------- clean models

#[test]
fn clean_model_has_no_diagnostics() {
    let d = clean().validate();
    assert!(d.is_empty(), "{d:#?}");
    assert!(!has_errors(&d));
}

#[test]
fn empty_model_has_no_diagnostics() {
    assert!(Model::default().validate().is_empty());
}

#[test]
fn bundled_design_example_has_no_errors() {
    let m = Model::from_json(
        r#"{"format": "styrkort/1",
        "organisation": [
          { "id": "kommun", "name": "Exempelkommun", "kind": "municipality" },
          { "id": "kf", "name": "Kommunfullmäktige", "kind": "council", "parent": "kommun" },
          { "id": "utbn", "name": "Utbildningsnämnden", "kind": "board", "parent": "kf" },
          { "id": "utbk", "name": "Utbildningskontoret", "kind": "office", "parent": "utbn" },
          { "id": "skola-a", "name": "Skola A", "kind": "unit", "parent": "utbk" },
          { "id": "friskola-b", "name": "Friskola B", "kind": "provider", "provider": "independent", "parent": "utbn" }],
        "goals": [
          { "id": "kf-1", "title": "t", "level": "council", "perspective": "citizen", "owner": "kf" },
          { "id": "kf-2", "title": "t", "level": "council", "perspective": "economy", "owner": "kf" },
          { "id": "utbn-1", "title": "t", "level": "board", "perspective": "citizen",
            "owner": "utbn", "contributes_to": ["kf-1", { "goal": "kf-2", "weight": "2" }],
            "applies_to": ["friskola-b"] }]}"#,
    )
    .unwrap();
    let d = m.validate();
    assert!(!has_errors(&d), "{d:#?}");
    // kf-1 has a contributor; kf-2 too; utbn-1 has nothing to assess.
    assert!(d.iter().all(|d| d.code != "uncovered_council_goal"));
    assert_eq!(with_code(&m, "nothing_to_assess").len(), 1);
}

// ---------------------------------------------------------------- errors

#[test]
fn duplicate_id_of_each_kind() {
    let mut m = clean();
    let o = m.organisation[4].clone();
    m.organisation.push(o);
    one(
        &m,
        "duplicate_id",
        "org:skola",
        &["organisation[6]", "organisation[4]"],
    );

    let mut m = clean();
    let i = m.indicators[0].clone();
    m.indicators.push(i);
    one(
        &m,
        "duplicate_id",
        "indicator:ind",
        &["indicators[1]", "indicators[0]"],
    );

    let mut m = clean();
    let g = m.goals[1].clone();
    m.goals.push(g);
    one(
        &m,
        "duplicate_id",
        "goal:utbn-c",
        &["goals[12]", "goals[1]"],
    );

    let mut m = clean();
    let mut p = m.action_plans[0].clone();
    p.activities.clear();
    m.action_plans.push(p);
    one(
        &m,
        "duplicate_id",
        "action_plan:hp-1",
        &["action_plans[1]", "action_plans[0]"],
    );

    // Activity ids are unique across the whole model, not only per plan.
    let mut m = clean();
    let mut p = m.action_plans[0].clone();
    p.id = "hp-2".into();
    p.activities.truncate(1);
    m.action_plans.push(p);
    one(
        &m,
        "duplicate_id",
        "activity:a-1",
        &[
            "action_plans[1].activities[0]",
            "action_plans[0].activities[0]",
        ],
    );
}

#[test]
fn same_id_in_different_kinds_is_fine() {
    let mut m = clean();
    m.indicators[0].id = "skola".into();
    for g in &mut m.goals {
        for l in &mut g.indicators {
            l.indicator = "skola".into();
        }
    }
    assert!(m.validate().is_empty());
}

/// Each reference field, broken on its own.
#[test]
fn unknown_reference_in_every_field() {
    type Edit = fn(&mut Model);
    let cases: Vec<(Edit, &str, &str)> = vec![
        (
            |m| org_mut(m, "utbn").parent = Some("nope".into()),
            "org:utbn",
            r#"org "utbn": parent names unknown org "nope""#,
        ),
        (
            |m| m.indicators[0].owner = "nope".into(),
            "indicator:ind",
            r#"indicator "ind": owner names unknown org "nope""#,
        ),
        (
            |m| m.indicators[0].targets[1].org = Some("nope".into()),
            "indicator:ind",
            r#"indicator "ind": targets[1].org names unknown org "nope" (period 2025)"#,
        ),
        (
            |m| m.indicators[0].measurements[2].set_org(Some("nope".into())),
            "indicator:ind",
            r#"indicator "ind": measurements[2].org names unknown org "nope" (period 2025T1)"#,
        ),
        (
            |m| goal_mut(m, "kf-c").owner = "nope".into(),
            "goal:kf-c",
            r#"goal "kf-c": owner names unknown org "nope""#,
        ),
        (
            |m| goal_mut(m, "skola-m").indicators[0].indicator = "nope".into(),
            "goal:skola-m",
            r#"goal "skola-m": indicators[0] names unknown indicator "nope""#,
        ),
    ];
    for (edit, subject, message) in cases {
        let mut m = clean();
        edit(&mut m);
        let d = one(&m, "unknown_reference", subject, &[]);
        assert_eq!(d.message, *message);
    }
}

#[test]
fn unknown_reference_in_links_plans_and_activities() {
    let mut m = clean();
    goal_mut(&mut m, "utbn-s")
        .contributes_to
        .push(link("kf-9", None));
    let d = one(&m, "unknown_reference", "goal:utbn-s", &[]);
    assert_eq!(
        d.message,
        r#"goal "utbn-s": contributes_to[1] names unknown goal "kf-9""#
    );

    let mut m = clean();
    goal_mut(&mut m, "utbn-s").applies_to.push("nope".into());
    let d = one(&m, "unknown_reference", "goal:utbn-s", &[]);
    assert_eq!(
        d.message,
        r#"goal "utbn-s": applies_to[0] names unknown org "nope""#
    );

    let mut m = clean();
    m.action_plans[0].owner = "nope".into();
    let d = one(&m, "unknown_reference", "action_plan:hp-1", &[]);
    assert_eq!(
        d.message,
        r#"action_plan "hp-1": owner names unknown org "nope""#
    );

    let mut m = clean();
    m.action_plans[0].goals.push("nope".into());
    let d = one(&m, "unknown_reference", "action_plan:hp-1", &[]);
    assert_eq!(
        d.message,
        r#"action_plan "hp-1": goals[1] names unknown goal "nope""#
    );

    let mut m = clean();
    m.action_plans[0].activities[1].responsible = Some("nope".into());
    let d = one(&m, "unknown_reference", "activity:a-2", &[]);
    assert_eq!(
        d.message,
        r#"activity "a-2" (action plan "hp-1"): responsible names unknown org "nope""#
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let mut m = clean();
    m.indicators[0].owner = "x1".into();
    goal_mut(&mut m, "kf-c").owner = "x2".into();
    m.action_plans[0].owner = "x3".into();
    m.action_plans[0].activities[0].progress = Some(dec("101"));
    let d = m.validate();
    let codes: Vec<(&str, &str)> = d
        .iter()
        .map(|d| (d.code.as_str(), d.subject.as_str()))
        .collect();
    assert_eq!(
        codes,
        [
            ("unknown_reference", "action_plan:hp-1"),
            ("invalid_progress", "activity:a-1"),
            ("unknown_reference", "goal:kf-c"),
            ("unknown_reference", "indicator:ind"),
            // kf-c no longer sits in kf's scorecard.
            ("missing_perspective", "org:kf"),
        ]
    );
}

#[test]
fn org_cycle_reported_once_with_smallest_id() {
    // utbn → skola → utbk → utbn; friskola hangs off the cycle.
    let mut m = clean();
    org_mut(&mut m, "utbn").parent = Some("skola".into());
    let d = one(&m, "org_cycle", "org:skola", &["3 org(s)"]);
    assert_eq!(
        d.message,
        r#"org "skola": the parent chain "skola" → "utbk" → "utbn" → "skola" is a cycle of 3 org(s); the organisation must be a tree"#
    );
    // Validation still finishes the rest of the model.
    assert_eq!(d.severity, Severity::Error);
}

#[test]
fn org_self_parent_and_two_cycles() {
    let mut m = clean();
    org_mut(&mut m, "kommun").parent = Some("kommun".into());
    let d = one(&m, "org_cycle", "org:kommun", &[]);
    assert!(
        d.message.contains(r#""kommun" → "kommun""#),
        "{}",
        d.message
    );

    let mut m = clean();
    org_mut(&mut m, "kommun").parent = Some("kf".into());
    org_mut(&mut m, "utbk").parent = Some("skola".into());
    let subjects: Vec<String> = with_code(&m, "org_cycle")
        .into_iter()
        .map(|d| d.subject)
        .collect();
    assert_eq!(subjects, ["org:kf", "org:skola"]);
}

#[test]
fn goal_cycle_reported_once_with_smallest_id() {
    let mut m = clean();
    goal_mut(&mut m, "kf-c")
        .contributes_to
        .push(link("utbn-c", None));
    let d = one(&m, "goal_cycle", "goal:kf-c", &[]);
    // skola-c leads into the cycle but is not part of it.
    assert_eq!(
        d.message,
        r#"goal "kf-c": the goals "kf-c", "utbn-c" contribute to each other in a cycle; the red thread must run upwards only"#
    );
    // A council goal with contributes_to is also a wrong-level link.
    one(
        &m,
        "wrong_level_link",
        "goal:kf-c",
        &["a council goal contributes to nothing"],
    );
}

#[test]
fn goal_cycle_self_link_and_long_cycle() {
    let mut m = clean();
    goal_mut(&mut m, "utbn-m")
        .contributes_to
        .push(link("utbn-m", None));
    one(&m, "goal_cycle", "goal:utbn-m", &["names the goal itself"]);

    // A cycle through four goals of one level, reported once.
    let mut m = clean();
    for (from, to) in [
        ("skola-c", "skola-s"),
        ("skola-s", "skola-m"),
        ("skola-m", "skola-e"),
        ("skola-e", "skola-c"),
    ] {
        goal_mut(&mut m, from).contributes_to.push(link(to, None));
    }
    one(
        &m,
        "goal_cycle",
        "goal:skola-c",
        &[r#""skola-c", "skola-e", "skola-m", "skola-s""#],
    );
    assert_eq!(with_code(&m, "wrong_level_link").len(), 4);
}

#[test]
fn wrong_level_link() {
    let mut m = clean();
    goal_mut(&mut m, "skola-e").contributes_to[0] = link("kf-e", None);
    let d = one(&m, "wrong_level_link", "goal:skola-e", &[]);
    assert_eq!(
        d.message,
        r#"goal "skola-e": contributes_to[0] names the council goal "kf-e", but an operational goal contributes to a board goal"#
    );

    let mut m = clean();
    goal_mut(&mut m, "utbn-e")
        .contributes_to
        .push(link("utbn-c", None));
    one(
        &m,
        "wrong_level_link",
        "goal:utbn-e",
        &["contributes_to[1]", r#"the board goal "utbn-c""#],
    );

    let mut m = clean();
    goal_mut(&mut m, "utbn-e").contributes_to[0] = link("skola-e", None);
    one(
        &m,
        "wrong_level_link",
        "goal:utbn-e",
        &[r#"the operational goal "skola-e""#],
    );

    let mut m = clean();
    goal_mut(&mut m, "kf-m")
        .contributes_to
        .push(link("kf-e", None));
    one(
        &m,
        "wrong_level_link",
        "goal:kf-m",
        &[r#"names goal "kf-e", but a council goal contributes to nothing"#],
    );
}

#[test]
fn wrong_owner_kind() {
    // An office owns no operational goals: it shares its board's goals.
    let mut m = clean();
    goal_mut(&mut m, "skola-s").owner = "utbk".into();
    let d = one(&m, "wrong_owner_kind", "goal:skola-s", &[]);
    assert_eq!(
        d.message,
        r#"goal "skola-s": an operational goal is owned by a unit or a provider, but owner "utbk" is of kind "office""#
    );

    let mut m = clean();
    goal_mut(&mut m, "kf-s").owner = "utbn".into();
    one(
        &m,
        "wrong_owner_kind",
        "goal:kf-s",
        &["owned by a council", r#"owner "utbn" is of kind "board""#],
    );

    let mut m = clean();
    goal_mut(&mut m, "utbn-s").owner = "skola".into();
    one(
        &m,
        "wrong_owner_kind",
        "goal:utbn-s",
        &["a board, the executive board or a company", r#""unit""#],
    );

    let mut m = clean();
    goal_mut(&mut m, "utbn-s").owner = "kommun".into();
    one(
        &m,
        "wrong_owner_kind",
        "goal:utbn-s",
        &[r#""municipality""#],
    );
}

#[test]
fn allowed_owner_kinds() {
    let mut m = clean();
    // Board goals may be owned by the executive board or a company.
    for (id, kind) in [("ks", OrgKind::ExecutiveBoard), ("bolag", OrgKind::Company)] {
        m.organisation.push(Org {
            id: id.into(),
            name: id.to_string(),
            kind,
            parent: Some("kf".into()),
            provider: None,
        });
        let mut g = m.goals.iter().find(|g| g.id == "utbn-c").unwrap().clone();
        g.id = format!("{id}-c").as_str().into();
        g.owner = id.into();
        g.indicators.push(IndicatorLink {
            valid_from: None,
            valid_to: None,
            indicator: "ind".into(),
            weight: Some(dec("0.5")),
        });
        m.goals.push(g);
    }
    // An operational goal owned by a provider.
    let mut g = m.goals.iter().find(|g| g.id == "skola-c").unwrap().clone();
    g.id = "friskola-c".into();
    g.owner = "friskola".into();
    m.goals.push(g);
    let d = m.validate();
    assert!(!has_errors(&d), "{d:#?}");
    assert!(with_code(&m, "wrong_owner_kind").is_empty());
}

#[test]
fn invalid_weight() {
    let mut m = clean();
    goal_mut(&mut m, "skola-c").indicators[0].weight = Some(dec("0"));
    let d = one(&m, "invalid_weight", "goal:skola-c", &[]);
    assert_eq!(
        d.message,
        r#"goal "skola-c": indicators[0].weight (indicator "ind") is 0; a weight must be greater than 0"#
    );

    let mut m = clean();
    goal_mut(&mut m, "skola-c").contributes_to[0].weight = Some(dec("-1.5"));
    one(
        &m,
        "invalid_weight",
        "goal:skola-c",
        &[r#"contributes_to[0].weight (goal "utbn-c") is -1.5"#],
    );

    // A tiny positive weight is fine.
    let mut m = clean();
    goal_mut(&mut m, "skola-c").contributes_to[0].weight = Some(dec("0.0001"));
    assert!(m.validate().is_empty());
}

#[test]
fn invalid_progress() {
    for (p, bad) in [
        ("101", true),
        ("-1", true),
        ("100.01", true),
        ("100", false),
        ("0", false),
        ("33.3", false),
    ] {
        let mut m = clean();
        m.action_plans[0].activities[1].progress = Some(dec(p));
        if bad {
            one(
                &m,
                "invalid_progress",
                "activity:a-2",
                &[&format!("progress is {p};"), "between 0 and 100"],
            );
        } else {
            assert!(m.validate().is_empty(), "progress {p}");
        }
    }
}

#[test]
fn due_before_start() {
    let mut m = clean();
    m.action_plans[0].activities[0].due = Some("2024-12-31".parse().unwrap());
    let d = one(&m, "due_before_start", "activity:a-1", &[]);
    assert_eq!(
        d.message,
        r#"activity "a-1" (action plan "hp-1"): due 2024-12-31 is before start 2025-01-01"#
    );
    // Due without start, or start without due, is fine.
    let mut m = clean();
    m.action_plans[0].activities[0].start = None;
    assert!(m.validate().is_empty());
}

#[test]
fn invalid_partly_at() {
    let mut m = clean();
    m.settings.partly_at = Some(dec("0"));
    let d = one(&m, "invalid_partly_at", "model", &[]);
    assert_eq!(
        d.message,
        "settings.partly_at is 0; it must be greater than 0 and at most 1"
    );

    let mut m = clean();
    m.indicators[0].partly_at = Some(dec("1.01"));
    one(
        &m,
        "invalid_partly_at",
        "indicator:ind",
        &["partly_at is 1.01"],
    );

    let mut m = clean();
    m.indicators[0].partly_at = Some(dec("-0.5"));
    one(&m, "invalid_partly_at", "indicator:ind", &["-0.5"]);

    let mut m = clean();
    m.indicators[0].partly_at = Some(dec("0.000001"));
    assert!(m.validate().is_empty());
}

#[test]
fn duplicate_measurement_owner_and_absent_org_collide() {
    let mut m = clean();
    // measurements[0] is 2025 without org, i.e. at the owner "skola".
    m.indicators[0].measurements.push(Measurement::new(
        period("2025"),
        Some("skola".into()),
        dec("1"),
    ));
    let d = one(&m, "duplicate_measurement", "indicator:ind", &[]);
    assert_eq!(
        d.message,
        r#"indicator "ind": measurements[3] repeats the measurement of measurements[0] for org "skola" in period 2025"#
    );
}

#[test]
fn duplicate_measurement_same_org_and_period_only() {
    let mut m = clean();
    let extra =
        |p: &str, org: Option<&str>| Measurement::new(period(p), org.map(OrgId::from), dec("1"));
    // Another period, another org, another period kind: no collision.
    m.indicators[0].measurements.push(extra("2024", None));
    m.indicators[0]
        .measurements
        .push(extra("2025", Some("utbk")));
    m.indicators[0].measurements.push(extra("2025T2", None));
    assert!(m.validate().is_empty());
    // The same again three times: three diagnostics, each naming the first.
    for _ in 0..3 {
        m.indicators[0]
            .measurements
            .push(extra("2025", Some("friskola")));
    }
    let d = with_code(&m, "duplicate_measurement");
    assert_eq!(d.len(), 3);
    assert!(d.iter().all(|d| d
        .message
        .contains("of measurements[1] for org \"friskola\"")));
}

#[test]
fn duplicate_assessment() {
    let mut m = clean();
    let a = goal_mut(&mut m, "skola-m").assessments[0].clone();
    goal_mut(&mut m, "skola-m").assessments.push(a);
    let d = one(&m, "duplicate_assessment", "goal:skola-m", &[]);
    assert_eq!(
        d.message,
        r#"goal "skola-m": assessments[1] repeats the assessment of assessments[0] for period 2025"#
    );
    // Another period is fine.
    let mut m = clean();
    let mut a = goal_mut(&mut m, "skola-m").assessments[0].clone();
    a.period = period("2025T3");
    goal_mut(&mut m, "skola-m").assessments.push(a);
    assert!(m.validate().is_empty());
}

#[test]
fn invalid_rule_on_goals() {
    let rule = |kind, f: Option<&str>, p: Option<&str>| Rule {
        kind,
        fulfilled_at: f.map(dec),
        partly_at: p.map(dec),
    };
    let cases = [
        (
            rule(RuleKind::WeightedScore, Some("0.75"), None),
            "weighted_score needs partly_at, which is missing",
        ),
        (
            rule(RuleKind::ShareFulfilled, None, Some("0.5")),
            "share_fulfilled needs fulfilled_at, which is missing",
        ),
        (
            rule(RuleKind::ShareFulfilled, Some("1.2"), Some("0.5")),
            "fulfilled_at is 1.2; it must be between 0 and 1",
        ),
        (
            rule(RuleKind::WeightedScore, Some("0.5"), Some("-0.1")),
            "partly_at is -0.1; it must be between 0 and 1",
        ),
        (
            rule(RuleKind::WeightedScore, Some("0.5"), Some("0.6")),
            "partly_at 0.6 is above fulfilled_at 0.5; it must be at most fulfilled_at",
        ),
        (
            rule(RuleKind::AllSomeNone, Some("0.5"), None),
            "all_some_none takes no thresholds, but fulfilled_at is given",
        ),
        (
            rule(RuleKind::Worst, None, Some("0.5")),
            "worst takes no thresholds, but partly_at is given",
        ),
        (
            rule(RuleKind::Manual, None, Some("0.5")),
            "manual takes no thresholds, but partly_at is given",
        ),
    ];
    for (r, message) in cases {
        let mut m = clean();
        goal_mut(&mut m, "utbn-m").rule = Some(r);
        let d = one(&m, "invalid_rule", "goal:utbn-m", &[]);
        assert_eq!(d.message, format!(r#"goal "utbn-m": rule: {message}"#));
    }
    // Edges that are fine: thresholds 0 and 1, equal thresholds, no thresholds.
    for r in [
        rule(RuleKind::WeightedScore, Some("1"), Some("0")),
        rule(RuleKind::ShareFulfilled, Some("0.5"), Some("0.5")),
        rule(RuleKind::Worst, None, None),
        rule(RuleKind::Manual, None, None),
    ] {
        let mut m = clean();
        goal_mut(&mut m, "utbn-m").rule = Some(r);
        assert!(m.validate().is_empty(), "{r:?}");
    }
}

#[test]
fn invalid_rule_in_settings() {
    let mut m = clean();
    m.settings.rule = Some(Rule {
        kind: RuleKind::ShareFulfilled,
        fulfilled_at: None,
        partly_at: None,
    });
    let d = with_code(&m, "invalid_rule");
    assert_eq!(d.len(), 2);
    assert!(d
        .iter()
        .all(|d| d.subject == "model" && d.severity == Severity::Error));
    assert_eq!(
        d[0].message,
        "settings.rule: share_fulfilled needs fulfilled_at, which is missing"
    );
    assert_eq!(
        d[1].message,
        "settings.rule: share_fulfilled needs partly_at, which is missing"
    );
}

#[test]
fn invalid_target() {
    let mut m = clean();
    m.indicators[0].targets[0].value = None;
    let d = one(&m, "invalid_target", "indicator:ind", &[]);
    assert_eq!(
        d.message,
        r#"indicator "ind": targets[0] (period 2025) is a value target without value"#
    );

    let mut m = clean();
    m.indicators[0].targets[2].value = Some(dec("5"));
    one(
        &m,
        "invalid_target",
        "indicator:ind",
        &["targets[2] (period 2026) is an improve target, which takes no value"],
    );

    let mut m = clean();
    m.indicators[0].targets[2].warning = Some(dec("5"));
    one(
        &m,
        "invalid_target",
        "indicator:ind",
        &["which takes no warning"],
    );

    // Same period and same org (here: none) twice.
    let mut m = clean();
    m.indicators[0].targets.push(Target {
        valid_to: None,
        period: period("2025"),
        org: None,
        kind: TargetKind::Value,
        value: Some(dec("91")),
        warning: None,
        change: None,
        change_share: None,
        best_share: None,
        worst_share: None,
    });
    let d = one(&m, "invalid_target", "indicator:ind", &[]);
    assert_eq!(
        d.message,
        r#"indicator "ind": targets[3] repeats the target of targets[0] for every org in period 2025"#
    );

    // Same period, same named org.
    let mut m = clean();
    let t = m.indicators[0].targets[1].clone();
    m.indicators[0].targets.push(t);
    one(
        &m,
        "invalid_target",
        "indicator:ind",
        &[r#"targets[3] repeats the target of targets[1] for org "skola""#],
    );
}

#[test]
fn invalid_window() {
    let mut m = clean();
    m.indicators[0].window = Some(0);
    let d = one(&m, "invalid_window", "indicator:ind", &[]);
    assert!(
        d.message.starts_with(r#"indicator "ind": window is 0;"#),
        "{}",
        d.message
    );
    m.indicators[0].window = Some(1);
    assert!(m.validate().is_empty());
}

#[test]
fn misplaced_provider_kind() {
    let mut m = clean();
    org_mut(&mut m, "skola").provider = Some(ProviderKind::Private);
    let d = one(&m, "misplaced_provider_kind", "org:skola", &[]);
    assert_eq!(
        d.message,
        r#"org "skola": provider is "private", but the org is of kind "unit"; only an org of kind "provider" has a provider kind"#
    );
    // A provider without a provider kind is fine (municipal by default).
    let mut m = clean();
    org_mut(&mut m, "friskola").provider = None;
    assert!(m.validate().is_empty());
}

#[test]
fn duplicate_link() {
    let mut m = clean();
    let g = goal_mut(&mut m, "skola-c");
    let twice = g.contributes_to[0].clone();
    let up = twice.goal.to_string();
    g.contributes_to.push(twice);
    let d = one(&m, "duplicate_link", "goal:skola-c", &[]);
    assert_eq!(
        d.message,
        format!(
            r#"goal "skola-c": contributes_to[1] names goal "{up}" again (first at contributes_to[0])"#
        )
    );
    let mut m = clean();
    let g = goal_mut(&mut m, "skola-c");
    let twice = g.indicators[0].clone();
    let ind = twice.indicator.to_string();
    g.indicators.push(twice);
    let n = g.indicators.len() - 1;
    let d = one(&m, "duplicate_link", "goal:skola-c", &[]);
    assert_eq!(
        d.message,
        format!(
            r#"goal "skola-c": indicators[{n}] names indicator "{ind}" again (first at indicators[0])"#
        )
    );
}

// ---------------------------------------------------------------- warnings

#[test]
fn broken_red_thread() {
    let mut m = clean();
    goal_mut(&mut m, "skola-s").contributes_to.clear();
    let d = one(&m, "broken_red_thread", "goal:skola-s", &[]);
    assert_eq!(
        d.message,
        r#"goal "skola-s": the operational goal contributes to no board goal, so the red thread is broken"#
    );
    // utbn-s now has nothing to assess; no errors.
    assert!(!has_errors(&m.validate()));
    one(&m, "nothing_to_assess", "goal:utbn-s", &[]);

    let mut m = clean();
    goal_mut(&mut m, "utbn-s").contributes_to.clear();
    one(
        &m,
        "broken_red_thread",
        "goal:utbn-s",
        &["the board goal contributes to no council goal"],
    );
    one(&m, "uncovered_council_goal", "goal:kf-s", &[]);
}

#[test]
fn uncovered_council_goal() {
    let mut m = clean();
    let mut g = m.goals[0].clone(); // kf-c
    g.id = "kf-x".into();
    g.indicators.push(IndicatorLink {
        valid_from: None,
        valid_to: None,
        indicator: "ind".into(),
        weight: None,
    });
    m.goals.push(g);
    let d = m.validate();
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].code, "uncovered_council_goal");
    assert_eq!(d[0].severity, Severity::Warning);
    assert_eq!(d[0].subject, "goal:kf-x");
    assert_eq!(
        d[0].message,
        r#"goal "kf-x": no board goal contributes to this council goal"#
    );
}

#[test]
fn nothing_to_assess() {
    let mut m = clean();
    goal_mut(&mut m, "skola-e").indicators.clear();
    let d = m.validate();
    assert_eq!(d.len(), 1, "{d:#?}");
    let d = one(&m, "nothing_to_assess", "goal:skola-e", &[]);
    assert_eq!(
        d.message,
        r#"goal "skola-e": has no indicator and no contributing goal, so only a manual assessment can give it a status"#
    );
}

#[test]
fn indicator_without_target() {
    let mut m = clean();
    m.indicators[0].targets.clear();
    let d = m.validate();
    assert_eq!(d.len(), 1, "{d:#?}");
    one(
        &m,
        "indicator_without_target",
        "indicator:ind",
        &[r#"indicator "ind": has no targets"#],
    );
}

#[test]
fn missing_perspective_one_per_org_in_order() {
    let mut m = clean();
    goal_mut(&mut m, "skola-e").perspective = Perspective::Citizen;
    goal_mut(&mut m, "skola-s").perspective = Perspective::Citizen;
    let d = one(&m, "missing_perspective", "org:skola", &[]);
    assert_eq!(
        d.message,
        r#"org "skola": the scorecard holds 4 goal(s) but none in the perspective(s) society_environment, economy"#
    );
}

#[test]
fn missing_perspective_counts_shared_and_applied_goals() {
    // The office shares the board's goals: a board goal moved to another
    // perspective leaves both utbn and utbk without employees.
    let mut m = clean();
    goal_mut(&mut m, "utbn-m").perspective = Perspective::Economy;
    let subjects: Vec<String> = with_code(&m, "missing_perspective")
        .into_iter()
        .map(|d| d.subject)
        .collect();
    assert_eq!(subjects, ["org:utbk", "org:utbn"]);

    // A goal applied to the provider gives it a scorecard missing three perspectives.
    let mut m = clean();
    goal_mut(&mut m, "utbn-c")
        .applies_to
        .push("friskola".into());
    one(
        &m,
        "missing_perspective",
        "org:friskola",
        &[
            "holds 1 goal(s)",
            "perspective(s) society_environment, employees, economy",
        ],
    );
}

#[test]
fn cross_board_contribution() {
    let mut m = clean();
    m.organisation.push(Org {
        id: "socn".into(),
        name: "Socialnämnden".into(),
        kind: OrgKind::Board,
        parent: Some("kf".into()),
        provider: None,
    });
    let mut g = m.goals[1].clone(); // utbn-c → kf-c
    g.id = "socn-c".into();
    g.owner = "socn".into();
    m.goals.push(g);
    goal_mut(&mut m, "skola-c")
        .contributes_to
        .push(link("socn-c", None));
    let d = one(&m, "cross_board_contribution", "goal:skola-c", &[]);
    assert_eq!(
        d.message,
        r#"goal "skola-c": contributes_to[1] names goal "socn-c" of board "socn", but the goal's owner "skola" is in the area of another board (whose responsible board is "utbn")"#
    );
    assert!(!has_errors(&m.validate()));
}

#[test]
fn provider_contributes_to_its_boards_goals_without_warning() {
    let mut m = clean();
    let mut g = m.goals.iter().find(|g| g.id == "skola-c").unwrap().clone();
    g.id = "friskola-c".into();
    g.owner = "friskola".into();
    m.goals.push(g);
    let d = m.validate();
    assert!(
        with_code(&m, "cross_board_contribution").is_empty(),
        "{d:#?}"
    );
}

#[test]
fn cross_board_when_owner_has_no_responsible_board() {
    let mut m = clean();
    m.organisation.push(Org {
        id: "fri".into(),
        name: "Utan nämnd".into(),
        kind: OrgKind::Unit,
        parent: Some("kommun".into()),
        provider: None,
    });
    let mut g = m.goals.iter().find(|g| g.id == "skola-c").unwrap().clone();
    g.id = "fri-c".into();
    g.owner = "fri".into();
    m.goals.push(g);
    one(
        &m,
        "cross_board_contribution",
        "goal:fri-c",
        &["which has no responsible board"],
    );
}

// ---------------------------------------------------------------- the whole

#[test]
fn output_is_sorted_errors_first() {
    let mut m = clean();
    m.indicators[0].targets.clear(); // warning on indicator:ind
    goal_mut(&mut m, "utbn-e").contributes_to.clear(); // warnings
    m.indicators[0].window = Some(0); // error on indicator:ind
    org_mut(&mut m, "utbk").provider = Some(ProviderKind::Municipal); // error on org:utbk
    let d = m.validate();
    let got: Vec<(Severity, &str, &str)> = d
        .iter()
        .map(|d| (d.severity, d.subject.as_str(), d.code.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (Severity::Error, "indicator:ind", "invalid_window"),
            (Severity::Error, "org:utbk", "misplaced_provider_kind"),
            (Severity::Warning, "goal:kf-e", "nothing_to_assess"),
            (Severity::Warning, "goal:kf-e", "uncovered_council_goal"),
            (Severity::Warning, "goal:utbn-e", "broken_red_thread"),
            (
                Severity::Warning,
                "indicator:ind",
                "indicator_without_target"
            ),
        ]
    );
}

#[test]
fn diagnostics_serialise_with_stable_field_names() {
    let d = Diagnostic::new("invalid_window", Severity::Error, "indicator:ind", "m");
    let s = serde_json::to_string(&d).unwrap();
    assert_eq!(
        s,
        r#"{"code":"invalid_window","severity":"error","message":"m","subject":"indicator:ind"}"#
    );
    assert_eq!(d.to_string(), "error invalid_window [indicator:ind]: m");
}

/// The module docs hold one table with every code; it must match `CODES`.
#[test]
fn every_code_is_in_the_documented_table() {
    let src = include_str!("../src/validate.rs");
    let rows: Vec<(&str, &str)> = src
        .lines()
        .filter_map(|l| l.strip_prefix("//! | `"))
        .filter_map(|l| {
            let (code, rest) = l.split_once("` | ")?;
            let (severity, _) = rest.split_once(" | ")?;
            Some((code, severity))
        })
        .collect();
    let mut want: Vec<(&str, &str)> = CODES.iter().map(|(c, s)| (*c, s.as_str())).collect();
    want.extend(LOAD_CODES.iter().map(|c| (*c, "load error")));
    assert_eq!(rows, want);
}

/// Every code of `CODES` is produced by some model in this file.
#[test]
fn every_code_can_be_triggered() {
    let mut m = clean();
    let o = m.organisation[4].clone();
    m.organisation.push(o); // duplicate_id
    org_mut(&mut m, "kommun").parent = Some("kommun".into()); // org_cycle
    org_mut(&mut m, "utbk").provider = Some(ProviderKind::Municipal); // misplaced_provider_kind
    m.indicators[0].owner = "nope".into(); // unknown_reference
    m.indicators[0].window = Some(0); // invalid_window
    m.indicators[0].partly_at = Some(dec("2")); // invalid_partly_at
    let mp = m.indicators[0].measurements[0].clone();
    m.indicators[0].measurements.push(mp.clone()); // duplicate_measurement
    let fc = mp.as_forecast();
    m.indicators[0].measurements.push(fc.clone());
    m.indicators[0].measurements.push(fc); // duplicate_forecast
    m.indicators[0].targets[0].value = None; // invalid_target
    m.indicators[0].targets[0].change = Some(dec("1")); // invalid_change (on a value target)
    goal_mut(&mut m, "utbn-m")
        .contributes_to
        .push(link("utbn-m", Some("0"))); // goal_cycle, wrong_level_link, invalid_weight
    goal_mut(&mut m, "kf-s").owner = "utbn".into(); // wrong_owner_kind
    let a = goal_mut(&mut m, "skola-c").assessments[0].clone();
    goal_mut(&mut m, "skola-c").assessments.push(a); // duplicate_assessment
    goal_mut(&mut m, "skola-s").rule = Some(Rule::default()).map(|mut r| {
        r.kind = RuleKind::WeightedScore;
        r
    }); // invalid_rule
    goal_mut(&mut m, "skola-m").contributes_to.clear(); // broken_red_thread, uncovered/nothing for utbn/kf-m?
    goal_mut(&mut m, "utbn-e").contributes_to.clear(); // uncovered_council_goal, nothing_to_assess
    goal_mut(&mut m, "skola-e").perspective = Perspective::Citizen; // missing_perspective
    let mut act: Activity = m.action_plans[0].activities[0].clone();
    act.id = "a-3".into();
    act.progress = Some(dec("-3")); // invalid_progress
    act.due = Some("2020-01-01".parse().unwrap()); // due_before_start
    m.action_plans[0].activities.push(act);
    m.indicators.push({
        let mut i = m.indicators[0].clone();
        i.id = "ind-2".into();
        i.owner = "skola".into();
        i.targets.clear(); // indicator_without_target
        i
    });
    m.organisation.push(Org {
        id: "socn".into(),
        name: "Socialnämnden".into(),
        kind: OrgKind::Board,
        parent: Some("kf".into()),
        provider: None,
    });
    let mut g = m.goals[1].clone();
    g.id = "socn-c".into();
    g.owner = "socn".into();
    m.goals.push(g);
    goal_mut(&mut m, "skola-c")
        .contributes_to
        .push(link("socn-c", None)); // cross_board_contribution
    let twice = goal_mut(&mut m, "skola-c").indicators[0].clone();
    goal_mut(&mut m, "skola-c").indicators.push(twice); // duplicate_link
    goal_mut(&mut m, "kf-m").valid_to = Some("2024".parse().unwrap()); // link_outside_validity
    goal_mut(&mut m, "kf-e").valid_from = Some("2026".parse().unwrap());
    goal_mut(&mut m, "kf-e").valid_to = Some("2025".parse().unwrap()); // invalid_validity
    m.assignments.push(
        serde_json::from_value(json!({"id": "u-1", "title": "Uppdrag", "assigned_by": "kf",
            "assigned_to": "utbn", "decided": "2025-03-01", "due": "2025-01-01"}))
        .unwrap(),
    ); // invalid_assignment
    m.indicators[0].targets.push(Target {
        change: None,
        change_share: None,
        valid_to: None,
        period: period("2024"),
        org: None,
        kind: TargetKind::Rank,
        value: None,
        warning: None,
        best_share: Some(dec("0")),
        worst_share: None,
    }); // invalid_rank_target, rank_without_comparison_source
    goal_mut(&mut m, "kf-s").activities = Some(styrkort::model::ActivityJudgement {
        fulfilled_at: None,
        partly_at: Some(dec("2")),
    }); // invalid_activity_judgement, activities_without_plan
    let d = m.validate();
    for (code, severity) in CODES {
        assert!(
            d.iter().any(|x| x.code == code && x.severity == severity),
            "{code} not triggered: {d:#?}"
        );
    }
    assert!(d
        .iter()
        .all(|x| CODES.iter().any(|(c, s)| x.code == *c && x.severity == *s)));
}

#[test]
fn large_model_validates_with_duplicates_found() {
    // 200 000 measurements on 2 000 orgs; one duplicate at the very end.
    let mut m = clean();
    let n_orgs = 2_000;
    for k in 0..n_orgs {
        m.organisation.push(Org {
            id: format!("u{k}").as_str().into(),
            name: "Enhet".into(),
            kind: OrgKind::Unit,
            parent: Some("utbk".into()),
            provider: None,
        });
    }
    let months: Vec<Period> = (2017..2026)
        .flat_map(|y| (1..=12).map(move |mo| Period::month(y, mo).unwrap()))
        .collect();
    let ind = &mut m.indicators[0];
    ind.measurements.clear();
    for k in 0..n_orgs {
        let org: OrgId = format!("u{k}").as_str().into();
        for p in months.iter().take(100) {
            ind.measurements
                .push(Measurement::new(*p, Some(org.clone()), Decimal::from(k)));
        }
    }
    assert!(m.validate().is_empty());
    let dup = m.indicators[0].measurements[123_456].clone();
    m.indicators[0].measurements.push(dup);
    let d = one(
        &m,
        "duplicate_measurement",
        "indicator:ind",
        &["measurements[200000]", "of measurements[123456]"],
    );
    assert!(d.message.contains(r#"org "u1234""#), "{}", d.message);
}

// ---------------------------------------------------------------- never panics

/// A model of `n` orgs and goals whose references are drawn from a small id
/// pool that includes unknown ids, so cycles, dangling and duplicate ids
/// all occur.
fn messy_model() -> impl Strategy<Value = Model> {
    let id = || "[a-e]".prop_map(|s| s);
    let kind = prop::sample::select(vec![
        OrgKind::Municipality,
        OrgKind::Council,
        OrgKind::ExecutiveBoard,
        OrgKind::Board,
        OrgKind::Office,
        OrgKind::Unit,
        OrgKind::Company,
        OrgKind::Provider,
    ]);
    let level = prop::sample::select(vec![Level::Council, Level::Board, Level::Operational]);
    let persp = prop::sample::select(Perspective::ALL.to_vec());
    let org =
        (id(), kind, prop::option::of(id()), any::<bool>()).prop_map(|(id, kind, parent, prov)| {
            Org {
                id: id.as_str().into(),
                name: "o".into(),
                kind,
                parent: parent.map(|p| p.as_str().into()),
                provider: prov.then_some(ProviderKind::Private),
            }
        });
    let goal = (
        id(),
        level,
        persp,
        id(),
        prop::collection::vec((id(), -2i64..3), 0..4),
        prop::collection::vec(id(), 0..2),
        prop::collection::vec(id(), 0..2),
    )
        .prop_map(|(id, level, perspective, owner, ups, applies, inds)| Goal {
            valid_from: None,
            valid_to: None,
            id: id.as_str().into(),
            title: "g".into(),
            description: None,
            level,
            perspective,
            owner: owner.as_str().into(),
            indicators: inds
                .into_iter()
                .map(|i| IndicatorLink {
                    valid_from: None,
                    valid_to: None,
                    indicator: i.as_str().into(),
                    weight: None,
                })
                .collect(),
            contributes_to: ups
                .into_iter()
                .map(|(g, w)| GoalLink {
                    valid_from: None,
                    valid_to: None,
                    goal: g.as_str().into(),
                    weight: (w != 1).then(|| Decimal::from(w)),
                })
                .collect(),
            applies_to: applies.into_iter().map(|o| o.as_str().into()).collect(),
            rule: None,
            assessments: Vec::new(),
            tags: Vec::new(),
            activities: None,
        });
    (
        prop::collection::vec(org, 0..8),
        prop::collection::vec(goal, 0..10),
    )
        .prop_map(|(organisation, goals)| {
            let mut m = clean();
            m.organisation.extend(organisation);
            m.goals.extend(goals);
            m
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn validate_never_panics_and_is_sorted_and_stable(m in messy_model()) {
        let d = m.validate();
        for w in d.windows(2) {
            prop_assert!((w[0].severity, &w[0].subject, &w[0].code, &w[0].message)
                <= (w[1].severity, &w[1].subject, &w[1].code, &w[1].message));
        }
        for x in &d {
            prop_assert!(CODES.iter().any(|(c, s)| x.code == *c && x.severity == *s), "{}", x);
            prop_assert!(!x.message.is_empty());
            prop_assert!(x.subject == "model" || x.subject.contains(':'));
        }
        prop_assert_eq!(&d, &m.validate());
        // At most one cycle diagnostic per goal or org subject.
        let mut cyc: Vec<&str> = d.iter()
            .filter(|x| x.code.ends_with("_cycle"))
            .map(|x| x.subject.as_str())
            .collect();
        let n = cyc.len();
        cyc.dedup();
        prop_assert_eq!(n, cyc.len());
    }
}

/// Multi-year plans: validity errors name the field, a link in force
/// longer than the goal it names warns, one within does not.
#[test]
fn validity_codes() {
    let m = styrkort::Model::from_json(
        r#"{"format": "styrkort/1",
      "organisation": [{"id": "kf", "name": "KF", "kind": "council"},
                       {"id": "bn", "name": "BN", "kind": "board", "parent": "kf"}],
      "indicators": [{"id": "a", "name": "A", "owner": "bn",
         "targets": [{"period": "2025", "value": "1", "valid_to": "2024T3"}]}],
      "goals": [
        {"id": "kf-1", "title": "1", "level": "council", "perspective": "medborgare", "owner": "kf",
         "valid_from": "2024", "valid_to": "2027"},
        {"id": "bn-1", "title": "1", "level": "board", "perspective": "medborgare", "owner": "bn",
         "valid_from": "2024", "valid_to": "2027",
         "indicators": [{"indicator": "a", "valid_from": "2026", "valid_to": "2025"}],
         "contributes_to": ["kf-1"]},
        {"id": "bn-2", "title": "2", "level": "board", "perspective": "medborgare", "owner": "bn",
         "valid_from": "2023", "contributes_to": [{"goal": "kf-1", "valid_to": "2026"}]}]}"#,
    )
    .unwrap();
    let d = m.validate();
    let msgs: Vec<(&str, &str, &str)> = d
        .iter()
        .filter(|x| x.code.contains("validity"))
        .map(|x| (x.code.as_str(), x.subject.as_str(), x.message.as_str()))
        .collect();
    assert_eq!(
        msgs,
        [
            (
                "invalid_validity",
                "goal:bn-1",
                r#"goal "bn-1": indicators[0] (indicator "a"): valid_to 2025 is before valid_from 2026"#
            ),
            (
                "invalid_validity",
                "indicator:a",
                r#"indicator "a": targets[0].valid_to 2024T3 ends before its period 2025"#
            ),
            (
                "link_outside_validity",
                "goal:bn-2",
                "goal \"bn-2\": contributes_to[0] is in force 2023–2026 but goal \"kf-1\" only 2024–2027; outside that the link counts for nothing"
            ),
        ]
    );
}

/// Assignments: unknown orgs, repeated ids and reports, due before decided.
#[test]
fn assignment_codes() {
    let m = styrkort::Model::from_json(
        r#"{"format": "styrkort/1",
      "organisation": [{"id": "kf", "name": "KF", "kind": "council"}],
      "assignments": [
        {"id": "u-1", "title": "1", "assigned_by": "kf", "assigned_to": "bn",
         "decided": "2025-03-01", "due": "2025-02-28",
         "reports": [{"period": "2025T1", "status": "ongoing"}, {"period": "2025T1", "status": "done"}]},
        {"id": "u-1", "title": "again", "assigned_by": "kf", "assigned_to": "kf"}]}"#,
    )
    .unwrap();
    let d: Vec<(String, String)> = m
        .validate()
        .into_iter()
        .filter(|x| x.subject.starts_with("assignment:"))
        .map(|x| (x.code, x.message))
        .collect();
    assert_eq!(
        d,
        [
            ("duplicate_id".to_string(), r#"assignment "u-1": assignments[1] repeats the id of assignments[0]; assignment ids must be unique"#.to_string()),
            ("invalid_assignment".to_string(), r#"assignment "u-1": due 2025-02-28 is before decided 2025-03-01"#.to_string()),
            ("invalid_assignment".to_string(), r#"assignment "u-1": reports[1] repeats the report of reports[0] for period 2025T1"#.to_string()),
            ("unknown_reference".to_string(), r#"assignment "u-1": assigned_to names unknown org "bn""#.to_string()),
        ]
    );
}

#[test]
fn forecasts_collide_only_with_forecasts() {
    let mut m = clean();
    // measurements[0] is the 2025 outcome at the owner; a forecast for the
    // same org and period is no duplicate (the outcome wins).
    let forecast = m.indicators[0].measurements[0].clone().as_forecast();
    m.indicators[0].measurements.push(forecast.clone());
    assert!(m.validate().is_empty(), "{:#?}", m.validate());
    m.indicators[0].measurements.push(forecast);
    let d = one(&m, "duplicate_forecast", "indicator:ind", &[]);
    assert_eq!(
        d.message,
        r#"indicator "ind": measurements[4] repeats the forecast of measurements[3] for org "skola" in period 2025; keep one forecast per period (the latest)"#
    );
    assert!(with_code(&m, "duplicate_measurement").is_empty());
}

#[test]
fn invalid_change_sizes() {
    let improve = |change: Option<&str>, share: Option<&str>| Target {
        best_share: None,
        valid_to: None,
        worst_share: None,
        period: period("2027"),
        org: None,
        kind: TargetKind::Improve,
        value: None,
        warning: None,
        change: change.map(dec),
        change_share: share.map(dec),
    };
    // A positive change in the unit, or a positive share: fine.
    for t in [improve(Some("2"), None), improve(None, Some("0.05"))] {
        let mut m = clean();
        m.indicators[0].targets.push(t);
        assert!(m.validate().is_empty(), "{:#?}", m.validate());
    }
    let mut m = clean();
    m.indicators[0].targets.push(improve(Some("0"), None));
    let d = one(&m, "invalid_change", "indicator:ind", &[]);
    assert_eq!(
        d.message,
        r#"indicator "ind": targets[3] (period 2027) has change 0; it must be greater than 0 (the direction comes from the indicator)"#
    );
    let mut m = clean();
    m.indicators[0]
        .targets
        .push(improve(Some("1"), Some("0.1")));
    one(
        &m,
        "invalid_change",
        "indicator:ind",
        &["gives both change and change_share; give one"],
    );
    let mut m = clean();
    m.indicators[0].targets.push(improve(None, Some("-0.05")));
    one(
        &m,
        "invalid_change",
        "indicator:ind",
        &["has change_share -0.05"],
    );
    // On a value target.
    let mut m = clean();
    m.indicators[0].targets[0].change_share = Some(dec("0.1"));
    one(
        &m,
        "invalid_change",
        "indicator:ind",
        &["targets[0] (period 2025) is a value target, which takes no change_share"],
    );
}

/// Rank targets (issue 14, item 2): the shares, the fields a rank target
/// does not take, and a rank target nothing can rank.
#[test]
fn rank_targets() {
    let rank = |best: Option<&str>, worst: Option<&str>| Target {
        change: None,
        change_share: None,
        valid_to: None,
        period: period("2024"),
        org: None,
        kind: TargetKind::Rank,
        value: None,
        warning: None,
        best_share: best.map(dec),
        worst_share: worst.map(dec),
    };
    // With a Kolada municipality source and default shares: clean.
    let mut m = clean();
    m.indicators[0].source = Some(styrkort::Source {
        kolada: Some(styrkort::KoladaSource {
            kpi: "N15419".into(),
            municipality: Some("0114".into()),
            ou: None,
        }),
    });
    m.indicators[0].targets.push(rank(None, None));
    assert!(m.validate().is_empty(), "{:#?}", m.validate());
    // Shares outside (0, 1) and adding up to more than 1.
    m.indicators[0].targets[3] = rank(Some("1"), None);
    one(
        &m,
        "invalid_rank_target",
        "indicator:ind",
        &["targets[3] (period 2024)", "best_share is 1", "less than 1"],
    );
    m.indicators[0].targets[3] = rank(Some("0.6"), Some("0.5"));
    one(
        &m,
        "invalid_rank_target",
        "indicator:ind",
        &["best_share 0.6 and worst_share 0.5 add up to more than 1"],
    );
    m.indicators[0].targets[3] = rank(Some("0.5"), Some("0.5"));
    assert!(with_code(&m, "invalid_rank_target").is_empty());
    // Shares on a value target; a value on a rank target.
    m.indicators[0].targets[3] = Target {
        kind: TargetKind::Value,
        value: Some(dec("1")),
        ..rank(Some("0.2"), None)
    };
    one(
        &m,
        "invalid_rank_target",
        "indicator:ind",
        &["best_share and worst_share belong to rank targets"],
    );
    m.indicators[0].targets[3] = Target {
        value: Some(dec("1")),
        ..rank(None, None)
    };
    one(
        &m,
        "invalid_target",
        "indicator:ind",
        &["is a rank target, which takes no value"],
    );
    // No municipality to rank.
    let mut m = clean();
    m.indicators[0].targets.push(rank(None, None));
    one(
        &m,
        "rank_without_comparison_source",
        "indicator:ind",
        &["targets[3] (period 2024) is a rank target"],
    );
}

/// Judging on activities (issue 14, item 4): thresholds and a goal no plan lists.
#[test]
fn activity_judgement() {
    let j = |f: Option<&str>, p: Option<&str>| {
        Some(styrkort::model::ActivityJudgement {
            fulfilled_at: f.map(dec),
            partly_at: p.map(dec),
        })
    };
    // utbn-c is listed by hp-1: clean with the defaults (1 and 0.5).
    let mut m = clean();
    goal_mut(&mut m, "utbn-c").activities = j(None, None);
    assert!(m.validate().is_empty(), "{:#?}", m.validate());
    goal_mut(&mut m, "utbn-c").activities = j(Some("1.5"), None);
    one(
        &m,
        "invalid_activity_judgement",
        "goal:utbn-c",
        &["activities.fulfilled_at is 1.5; it must lie in [0, 1]"],
    );
    goal_mut(&mut m, "utbn-c").activities = j(Some("0.4"), None);
    one(
        &m,
        "invalid_activity_judgement",
        "goal:utbn-c",
        &["activities.partly_at 0.5 is above activities.fulfilled_at 0.4"],
    );
    goal_mut(&mut m, "utbn-c").activities = j(Some("0.4"), Some("0"));
    assert!(with_code(&m, "invalid_activity_judgement").is_empty());
    let mut m = clean();
    goal_mut(&mut m, "utbn-e").activities = j(None, None);
    one(
        &m,
        "activities_without_plan",
        "goal:utbn-e",
        &["no action plan lists it"],
    );
}

#[test]
fn unknown_orgs_of_measurements_never_pass_for_known_ones() {
    // A repeated org id early in the list, so that the distinct ids are
    // fewer than the orgs: an unknown org must still not be taken for the
    // last org (friskola, measured in 2025 in the clean model).
    let mut m = clean();
    let again = m.organisation[0].clone();
    m.organisation.insert(1, again);
    let at = |org: &str| Measurement::new(period("2025"), Some(org.into()), dec("1"));
    m.indicators[0].measurements.push(at("okänd"));
    assert!(with_code(&m, "duplicate_measurement").is_empty());
    let d = one(&m, "unknown_reference", "indicator:ind", &[]);
    assert_eq!(
        d.message,
        r#"indicator "ind": measurements[3].org names unknown org "okänd" (period 2025)"#
    );
    // The same unknown org twice is a repeat, like a known one.
    m.indicators[0].measurements.push(at("okänd"));
    let d = one(&m, "duplicate_measurement", "indicator:ind", &[]);
    assert_eq!(
        d.message,
        r#"indicator "ind": measurements[4] repeats the measurement of measurements[3] for org "okänd" in period 2025"#
    );
}
