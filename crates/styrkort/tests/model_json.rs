//! Reading and writing the `styrkort/1` model: exact decimals, perspective
//! aliases, the citizen label, and malformed input refused with its JSON path.
//!
//! `serde_path_to_error` reports an **unknown field** at the path of the field
//! itself (`goals[0].indicators[0].weigth`), and the message names the field
//! and lists the expected ones. Every other
//! bad value is reported at its own path (`goals[0].indicators[0].weight`).
//! Syntax errors (and trailing text) come with the path reached so far and
//! the line and column.

use std::str::FromStr;

use styrkort::{CitizenLabel, Decimal, Error, Model, Perspective, Status};

/// A valid model in the shape of DESIGN.md §3, one item per line where it matters.
const BASE: &str = r#"{
  "format": "styrkort/1",
  "settings": { "citizen_label": "Medborgare", "partly_at": "0.8", "rule": { "kind": "all_some_none" } },
  "organisation": [
    { "id": "kommun", "name": "Exempelkommun", "kind": "municipality" },
    { "id": "kf", "name": "Kommunfullmäktige", "kind": "council", "parent": "kommun" },
    { "id": "utbn", "name": "Utbildningsnämnden", "kind": "board", "parent": "kf" },
    { "id": "utbk", "name": "Utbildningskontoret", "kind": "office", "parent": "utbn" },
    { "id": "skola-a", "name": "Skola A", "kind": "unit", "parent": "utbk" },
    { "id": "friskola-b", "name": "Friskola B", "kind": "provider", "provider": "independent", "parent": "utbn" }
  ],
  "indicators": [
    { "id": "nmi", "name": "Nöjd-Medborgar-Index", "unit": "index",
      "direction": "higher_is_better", "perspective": "citizen", "owner": "kf",
      "consolidation": "mean", "partly_at": "0.9", "window": 1,
      "source": { "kolada": { "kpi": "U00408", "municipality": "0114" } },
      "tags": ["quality"],
      "targets": [ { "period": "2025", "value": "62", "warning": "58" },
                   { "period": "2026", "kind": "improve" } ],
      "measurements": [
        { "period": "2024", "value": 58 },
        { "period": "2025", "value": "60", "women": "61", "men": "59" },
        { "period": "2025T1", "value": 74.1 }
      ] }
  ],
  "goals": [
    { "id": "kf-1", "title": "Väsbyborna är nöjda med kommunens service",
      "level": "council", "perspective": "citizen", "owner": "kf",
      "indicators": [ { "indicator": "nmi", "weight": "1" } ],
      "rule": { "kind": "weighted_score", "fulfilled_at": "0.75", "partly_at": "0.4" },
      "assessments": [ { "period": "2025", "status": "partly_fulfilled",
                         "comment": "Nära målet", "author": "Controller", "date": "2026-02-10" } ],
      "tags": [] },
    { "id": "kf-2", "title": "God ekonomi", "level": "council", "perspective": "ekonomi", "owner": "kf" },
    { "id": "utbn-1", "title": "Alla elever når målen", "level": "board", "perspective": "kund",
      "owner": "utbn", "contributes_to": ["kf-1", { "goal": "kf-2", "weight": "2" }],
      "applies_to": ["friskola-b"] }
  ],
  "action_plans": [
    { "id": "hp-1", "title": "Läsfrämjande", "owner": "utbk", "goals": ["utbn-1"],
      "activities": [ { "id": "a-1", "title": "Läsveckor", "responsible": "skola-a",
                        "start": "2025-01-15", "due": "2025-06-30",
                        "status": "ongoing", "progress": "40" } ] }
  ]
}"#;

fn base() -> Model {
    Model::from_json(BASE).expect("the base model loads")
}

/// Replaces exactly one occurrence of `from` in the base document.
fn with(from: &str, to: &str) -> String {
    assert_eq!(
        BASE.matches(from).count(),
        1,
        "{from:?} must occur once in BASE"
    );
    BASE.replacen(from, to, 1)
}

/// Loads `text`, which must fail with [`Error::Json`]; returns (path, line, column, message).
fn json_err(text: &str) -> (String, usize, usize, String) {
    match Model::from_json(text) {
        Err(Error::Json {
            document,
            path,
            line,
            column,
            message,
        }) => {
            assert_eq!(document, "model");
            (path, line, column, message)
        }
        Err(other) => panic!("expected Error::Json, got {other:?}"),
        Ok(_) => panic!("expected an error for {text}"),
    }
}

/// Asserts the error path and that the message contains `needle`.
fn assert_path(text: &str, path: &str, needle: &str) {
    let (p, line, _, msg) = json_err(text);
    assert_eq!(p, path, "message: {msg}");
    assert!(
        msg.contains(needle),
        "message {msg:?} should contain {needle:?}"
    );
    assert!(line > 0, "a line is reported for {path}: {msg}");
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str_exact(s).unwrap()
}

// ---------------------------------------------------------------- perspectives

#[test]
fn perspective_aliases_parse_case_insensitively() {
    let cases: &[(&str, Perspective)] = &[
        ("citizen", Perspective::Citizen),
        ("medborgare", Perspective::Citizen),
        ("Medborgare", Perspective::Citizen),
        ("kund", Perspective::Citizen),
        ("KUND", Perspective::Citizen),
        ("customer", Perspective::Citizen),
        ("Customer", Perspective::Citizen),
        ("society_environment", Perspective::SocietyEnvironment),
        ("samhälle och miljö", Perspective::SocietyEnvironment),
        ("Samhälle och miljö", Perspective::SocietyEnvironment),
        ("SAMHÄLLE OCH MILJÖ", Perspective::SocietyEnvironment),
        ("samhalle_miljo", Perspective::SocietyEnvironment),
        ("Samhälle & miljö", Perspective::SocietyEnvironment),
        ("society and environment", Perspective::SocietyEnvironment),
        ("Society and Environment", Perspective::SocietyEnvironment),
        ("employees", Perspective::Employees),
        ("medarbetare", Perspective::Employees),
        ("Medarbetare", Perspective::Employees),
        ("employee", Perspective::Employees),
        ("economy", Perspective::Economy),
        ("ekonomi", Perspective::Economy),
        ("Ekonomi", Perspective::Economy),
        ("ECONOMY", Perspective::Economy),
    ];
    for (text, want) in cases {
        assert_eq!(Perspective::from_str(text), Ok(*want), "{text:?}");
    }
    for bad in ["", "kunder", "miljö", "personal", "economics", "citizens"] {
        assert!(
            Perspective::from_str(bad).is_err(),
            "{bad:?} is not a perspective"
        );
    }
}

#[test]
fn perspectives_in_json_accept_aliases_and_write_canonical_ids() {
    let m = base();
    assert_eq!(m.goals[1].perspective, Perspective::Economy); // "ekonomi"
    assert_eq!(m.goals[2].perspective, Perspective::Citizen); // "kund"
    let out = m.to_json();
    assert!(out.contains(r#""perspective": "economy""#));
    assert!(!out.contains("kund"));
    let m2 = Model::from_json(&with(
        r#""perspective": "ekonomi""#,
        r#""perspective": "Samhälle och miljö""#,
    ))
    .unwrap();
    assert_eq!(m2.goals[1].perspective, Perspective::SocietyEnvironment);
}

#[test]
fn citizen_label_setting() {
    assert_eq!(base().settings.citizen_label, CitizenLabel::Medborgare);
    for (text, label) in [
        ("Kund", CitizenLabel::Kund),
        ("Medborgare (Kund)", CitizenLabel::Both),
        ("Medborgare", CitizenLabel::Medborgare),
    ] {
        let m = Model::from_json(&with(
            r#""citizen_label": "Medborgare""#,
            &format!(r#""citizen_label": "{text}""#),
        ))
        .unwrap();
        assert_eq!(m.settings.citizen_label, label);
        assert_eq!(Perspective::Citizen.label(label), text);
        assert_eq!(Model::from_json(&m.to_json()).unwrap(), m);
    }
    // Without settings the label is Medborgare.
    let m = Model::from_json(r#"{"format": "styrkort/1"}"#).unwrap();
    assert_eq!(m.settings.citizen_label, CitizenLabel::Medborgare);
    assert_eq!(
        Perspective::Citizen.label(m.settings.citizen_label),
        "Medborgare"
    );
    assert_eq!(
        Perspective::SocietyEnvironment.label(CitizenLabel::Kund),
        "Samhälle & miljö"
    );
    assert_path(
        &with(
            r#""citizen_label": "Medborgare""#,
            r#""citizen_label": "Invånare""#,
        ),
        "settings.citizen_label",
        "Invånare",
    );
}

// ---------------------------------------------------------------- decimals

#[test]
fn json_number_is_read_exactly() {
    let m = base();
    let v = m.indicators[0].measurements[2].value; // JSON number 74.1
    assert_eq!(v, dec("74.1"));
    assert_eq!(v.scale(), 1);
    assert_eq!(v.to_string(), "74.1");
    assert_eq!(m.indicators[0].measurements[0].value, Decimal::from(58));
    assert!(m.to_json().contains(r#""value": "74.1""#));
}

#[test]
fn sums_of_read_decimals_are_exact() {
    let text = with(
        r#""value": 74.1"#,
        r#""value": 0.1, "women": 0.2, "men": 0.3"#,
    );
    let m = Model::from_json(&text).unwrap();
    let x = &m.indicators[0].measurements[2];
    let sum = x.value + x.women().unwrap();
    assert_eq!(sum, x.men().unwrap(), "0.1 + 0.2 == 0.3 exactly");
    assert_eq!(sum.to_string(), "0.3");
}

#[test]
fn scientific_and_negative_numbers() {
    let m = Model::from_json(&with(r#""value": 74.1"#, r#""value": 1e3"#)).unwrap();
    assert_eq!(m.indicators[0].measurements[2].value, Decimal::from(1000));
    let m = Model::from_json(&with(r#""value": 74.1"#, r#""value": "2.5E-2""#)).unwrap();
    assert_eq!(m.indicators[0].measurements[2].value, dec("0.025"));
    let m = Model::from_json(&with(r#""value": 74.1"#, r#""value": -12.50"#)).unwrap();
    assert_eq!(m.indicators[0].measurements[2].value, dec("-12.50"));
    assert_eq!(m.indicators[0].measurements[2].value.to_string(), "-12.50");
}

#[test]
fn string_decimal_keeps_its_scale() {
    let m = Model::from_json(&with(r#""value": 74.1"#, r#""value": "62.50""#)).unwrap();
    let v = m.indicators[0].measurements[2].value;
    assert_eq!(v.scale(), 2);
    assert_eq!(v.to_string(), "62.50");
    let out = m.to_json();
    assert!(out.contains(r#""value": "62.50""#), "{out}");
    let back = Model::from_json(&out).unwrap();
    assert_eq!(back.indicators[0].measurements[2].value.scale(), 2);
    assert_eq!(back, m);
}

#[test]
fn too_many_digits_is_an_error_not_rounded() {
    // 29 nines exceed the 96-bit mantissa, so the number cannot be held exactly.
    let n29 = "9.9999999999999999999999999999";
    assert_path(
        &with(r#""value": 74.1"#, &format!(r#""value": {n29}"#)),
        "indicators[0].measurements[2].value",
        "exact",
    );
    assert_path(
        &with(r#""value": 74.1"#, &format!(r#""value": "{n29}""#)),
        "indicators[0].measurements[2].value",
        "exact",
    );
    // 28 digits still fit.
    let n28 = "1.234567890123456789012345678";
    let m = Model::from_json(&with(r#""value": 74.1"#, &format!(r#""value": "{n28}""#))).unwrap();
    assert_eq!(m.indicators[0].measurements[2].value.to_string(), n28);
    // So does a scale above 28, and a 30-digit integer.
    assert_path(
        &with(
            r#""value": 74.1"#,
            r#""value": 0.12345678901234567890123456789"#,
        ),
        "indicators[0].measurements[2].value",
        "exact",
    );
    assert_path(
        &with(
            r#""value": 74.1"#,
            r#""value": 123456789012345678901234567890"#,
        ),
        "indicators[0].measurements[2].value",
        "exact",
    );
}

// ---------------------------------------------------------------- malformed input

#[test]
fn bad_weight_string() {
    assert_path(
        &with(r#""weight": "1""#, r#""weight": "abc""#),
        "goals[0].indicators[0].weight",
        "abc",
    );
}

#[test]
fn boolean_weight() {
    assert_path(
        &with(r#""weight": "1""#, r#""weight": true"#),
        "goals[0].indicators[0].weight",
        "boolean",
    );
}

#[test]
fn weight_with_spaces() {
    assert_path(
        &with(r#""weight": "1""#, r#""weight": " 1""#),
        "goals[0].indicators[0].weight",
        "decimal",
    );
}

#[test]
fn bad_goal_link_weight() {
    assert_path(
        &with(r#""weight": "2""#, r#""weight": "two""#),
        "goals[2].contributes_to[1].weight",
        "two",
    );
}

#[test]
fn bad_org_kind() {
    assert_path(
        &with(r#""kind": "council""#, r#""kind": "parliament""#),
        "organisation[1].kind",
        "parliament",
    );
}

#[test]
fn bad_provider_kind() {
    assert_path(
        &with(r#""provider": "independent""#, r#""provider": "charity""#),
        "organisation[5].provider",
        "charity",
    );
}

#[test]
fn bad_measurement_period() {
    assert_path(
        &with(r#""period": "2025T1""#, r#""period": "2025T4""#),
        "indicators[0].measurements[2].period",
        "2025T4",
    );
}

#[test]
fn lowercase_tertial_is_not_a_period() {
    assert_path(
        &with(r#""period": "2025T1""#, r#""period": "2025t1""#),
        "indicators[0].measurements[2].period",
        "2025t1",
    );
}

#[test]
fn period_as_number() {
    assert_path(
        &with(
            r#"{ "period": "2024", "value": 58 }"#,
            r#"{ "period": 2024, "value": 58 }"#,
        ),
        "indicators[0].measurements[0].period",
        "period",
    );
}

#[test]
fn bad_target_period() {
    assert_path(
        &with(r#""period": "2026""#, r#""period": "2026Q5""#),
        "indicators[0].targets[1].period",
        "2026Q5",
    );
}

#[test]
fn bad_activity_due_date() {
    assert_path(
        &with(r#""due": "2025-06-30""#, r#""due": "2025-06-31""#),
        "action_plans[0].activities[0].due",
        "2025-06-31",
    );
    assert_path(
        &with(r#""due": "2025-06-30""#, r#""due": "30/6 2025""#),
        "action_plans[0].activities[0].due",
        "YYYY-MM-DD",
    );
    assert_path(
        &with(r#""start": "2025-01-15""#, r#""start": "2025-1-15""#),
        "action_plans[0].activities[0].start",
        "YYYY-MM-DD",
    );
}

#[test]
fn bad_assessment_date_and_status() {
    assert_path(
        &with(r#""date": "2026-02-10""#, r#""date": "2026-02-30""#),
        "goals[0].assessments[0].date",
        "2026-02-30",
    );
    assert_path(
        &with(
            r#""status": "partly_fulfilled""#,
            r#""status": "delvis uppfyllt""#,
        ),
        "goals[0].assessments[0].status",
        "delvis uppfyllt",
    );
}

#[test]
fn bad_activity_status() {
    assert_path(
        &with(r#""status": "ongoing""#, r#""status": "done""#),
        "action_plans[0].activities[0].status",
        "done",
    );
}

#[test]
fn unknown_field_in_goal() {
    assert_path(
        &with(r#""tags": [] }"#, r#""tags": [], "colour": "red" }"#),
        "goals[0].colour",
        "expected one of `id`, `title`",
    );
}

#[test]
fn unknown_field_in_indicator_link() {
    assert_path(
        &with(r#""weight": "1""#, r#""weigth": "1""#),
        "goals[0].indicators[0].weigth",
        "unknown field `weigth`, expected one of `indicator`, `weight`, `valid_from`, `valid_to`",
    );
}

#[test]
fn unknown_field_in_goal_link_object() {
    assert_path(
        &with(r#""weight": "2""#, r#""weight": "2", "note": "x""#),
        "goals[2].contributes_to[1].note",
        "unknown field `note`",
    );
}

#[test]
fn unknown_field_at_top_level() {
    let (path, line, _, msg) = json_err(&with(
        r#""format": "styrkort/1","#,
        r#""format": "styrkort/1", "version": 2,"#,
    ));
    assert_eq!(path, "version");
    assert!(msg.contains("unknown field `version`"), "{msg}");
    assert_eq!(line, 2);
}

#[test]
fn unknown_field_in_settings_and_kolada_source() {
    assert_path(
        &with(
            r#""partly_at": "0.8","#,
            r#""partly_at": "0.8", "currency": "SEK","#,
        ),
        "settings.currency",
        "currency",
    );
    assert_path(
        &with(
            r#""municipality": "0114""#,
            r#""municipality": "0114", "gender": "T""#,
        ),
        "indicators[0].source.kolada.gender",
        "gender",
    );
}

#[test]
fn wrong_format_tag() {
    assert_path(
        &with(r#""format": "styrkort/1""#, r#""format": "styrkort/2""#),
        "format",
        "styrkort/2",
    );
    let (path, _, _, msg) = json_err(r#"{"organisation": []}"#);
    assert_eq!(path, ".");
    assert!(msg.contains("format"), "{msg}");
}

#[test]
fn syntax_error_has_line_and_column() {
    // Line 3 of BASE is the settings line; drop the comma after it.
    let text = with(
        r#""rule": { "kind": "all_some_none" } },"#,
        r#""rule": { "kind": "all_some_none" } }"#,
    );
    let (_, line, column, msg) = json_err(&text);
    assert_eq!(line, 4, "{msg}");
    assert_eq!(column, 3, "{msg}");
    assert!(msg.contains("expected"), "{msg}");
    let e = Model::from_json(&text).unwrap_err();
    assert!(e.to_string().contains("(line 4, column 3)"), "{e}");
}

#[test]
fn trailing_garbage() {
    let (path, line, column, msg) = json_err(&format!("{BASE} x"));
    assert!(path.is_empty() || path == ".", "{path}");
    assert_eq!(line, BASE.lines().count());
    assert_eq!(column, 3);
    assert!(msg.contains("trailing"), "{msg}");
}

#[test]
fn empty_input_and_not_an_object() {
    let (_, line, _, msg) = json_err("");
    assert_eq!(line, 1);
    assert_eq!(msg, "the text holds no JSON value (0 bytes)");
    let (path, _, _, msg) = json_err("[]");
    assert_eq!(path, ".");
    assert!(msg.contains("Model") || msg.contains("struct"), "{msg}");
}

#[test]
fn empty_ids() {
    assert_path(
        &with(r#"{ "id": "kommun","#, r#"{ "id": "","#),
        "organisation[0].id",
        "non-empty",
    );
    assert_path(
        &with(r#""goals": ["utbn-1"]"#, r#""goals": [""]"#),
        "action_plans[0].goals[0]",
        "non-empty",
    );
    assert_path(
        &with(r#"["kf-1", { "goal""#, r#"["", { "goal""#),
        "goals[2].contributes_to[0]",
        "non-empty",
    );
}

#[test]
fn bad_perspective() {
    assert_path(
        &with(r#""perspective": "ekonomi""#, r#""perspective": "finance""#),
        "goals[1].perspective",
        "finance",
    );
    assert_path(
        &with(
            r#""higher_is_better", "perspective": "citizen""#,
            r#""higher_is_better", "perspective": "x""#,
        ),
        "indicators[0].perspective",
        "perspective",
    );
}

#[test]
fn bad_level_direction_consolidation_rule_kind() {
    assert_path(
        &with(r#""level": "board""#, r#""level": "nämnd""#),
        "goals[2].level",
        "nämnd",
    );
    assert_path(
        &with(r#""direction": "higher_is_better""#, r#""direction": "up""#),
        "indicators[0].direction",
        "up",
    );
    assert_path(
        &with(r#""consolidation": "mean""#, r#""consolidation": "median""#),
        "indicators[0].consolidation",
        "median",
    );
    assert_path(
        &with(r#""kind": "weighted_score""#, r#""kind": "average""#),
        "goals[0].rule.kind",
        "average",
    );
    assert_path(
        &with(r#""kind": "improve""#, r#""kind": "better""#),
        "indicators[0].targets[1].kind",
        "better",
    );
}

#[test]
fn bad_window_and_progress() {
    assert_path(
        &with(r#""window": 1"#, r#""window": -1"#),
        "indicators[0].window",
        "-1",
    );
    assert_path(
        &with(r#""window": 1"#, r#""window": "3""#),
        "indicators[0].window",
        "string",
    );
    assert_path(
        &with(r#""progress": "40""#, r#""progress": "40%""#),
        "action_plans[0].activities[0].progress",
        "40%",
    );
}

#[test]
fn missing_required_field() {
    assert_path(
        &with(
            r#"{ "id": "kf-2", "title": "God ekonomi", "#,
            r#"{ "id": "kf-2", "#,
        ),
        "goals[1]",
        "title",
    );
    assert_path(
        &with(
            r#"{ "period": "2024", "value": 58 }"#,
            r#"{ "period": "2024" }"#,
        ),
        "indicators[0].measurements[0]",
        "value",
    );
}

#[test]
fn null_where_a_value_is_required() {
    assert_path(
        &with(
            r#"{ "period": "2024", "value": 58 }"#,
            r#"{ "period": "2024", "value": null }"#,
        ),
        "indicators[0].measurements[0].value",
        "null",
    );
    assert_path(
        &with(r#""organisation": ["#, r#""organisation": null, "x": ["#),
        "organisation",
        "null",
    );
}

#[test]
fn tags_must_be_strings() {
    assert_path(
        &with(r#""tags": ["quality"]"#, r#""tags": ["quality", 14001]"#),
        "indicators[0].tags[1]",
        "string",
    );
}

#[test]
fn error_display_names_path() {
    let e = Model::from_json(&with(r#""weight": "1""#, r#""weight": "abc""#)).unwrap_err();
    assert_eq!(e.code(), "json");
    let s = e.to_string();
    assert!(
        s.starts_with("invalid model JSON at goals[0].indicators[0].weight (line "),
        "{s}"
    );
}

// ---------------------------------------------------------------- writing

#[test]
fn base_round_trips_and_statuses_parse() {
    let m = base();
    assert_eq!(Model::from_json(&m.to_json()).unwrap(), m);
    assert_eq!(Model::from_json(&m.to_json_compact()).unwrap(), m);
    assert_eq!(m.goals[0].assessments[0].status, Status::PartlyFulfilled);
    assert_eq!(m.goals[2].contributes_to[1].weight, Some(dec("2")));
    assert_eq!(m.goals[2].contributes_to[0].weight, None);
    // A bare goal id stays bare; a weighted link stays an object.
    let compact = m.to_json_compact();
    assert!(
        compact.contains(r#""contributes_to":["kf-1",{"goal":"kf-2","weight":"2"}]"#),
        "{compact}"
    );
}

#[test]
fn defaults_are_not_written() {
    let m = Model::from_json(
        r#"{"format": "styrkort/1", "organisation": [{"id": "kf", "name": "KF", "kind": "council"}]}"#,
    )
    .unwrap();
    assert_eq!(
        m.to_json_compact(),
        r#"{"format":"styrkort/1","organisation":[{"id":"kf","name":"KF","kind":"council"}],"indicators":[],"goals":[],"action_plans":[]}"#
    );
}

// ---------------------------------------------------- messages in the caller's terms

#[test]
fn a_byte_order_mark_is_skipped() {
    let with_bom = format!("\u{feff}{BASE}");
    assert_eq!(Model::from_json(&with_bom).unwrap(), base());
    // Positions count from the character after the mark, as editors show them.
    let (path, line, column, message) = json_err("\u{feff}{\"format\": 5}");
    assert_eq!((path.as_str(), line, column), ("format", 1, 12));
    assert!(message.contains("invalid type: integer `5`"), "{message}");
    // Only one mark, and only at the start: elsewhere it is not white space.
    let (_, line, column, message) = json_err(&format!("\u{feff}\u{feff}{BASE}"));
    assert_eq!((line, column), (1, 1));
    assert_eq!(message, "expected value");
}

#[test]
fn a_decimal_beyond_the_range_is_too_large_not_too_precise() {
    let too_large =
        "is too large for an exact decimal (at most 79228162514264337593543950335, about 7.9e28)";
    // A string is echoed with its quotes, a number as the caller wrote it
    // (serde_json would spell 1e30 as 1e+30).
    for (written, shown) in [
        (r#""1e30""#, r#""1e30""#),
        ("1e30", "the number 1e30"),
        ("1E30", "the number 1E30"),
        ("-1e+30", "the number -1e+30"),
        ("8e28", "the number 8e28"),
        (
            r#""79228162514264337593543950336""#,
            r#""79228162514264337593543950336""#,
        ),
    ] {
        let (path, _, _, message) =
            json_err(&with(r#""value": 74.1"#, &format!(r#""value": {written}"#)));
        assert_eq!(path, "indicators[0].measurements[2].value");
        assert_eq!(message, format!("{shown} {too_large}"), "{written}");
    }
    let (_, _, _, message) = json_err(&with(r#""value": 74.1"#, r#""value": 1e-29"#));
    assert_eq!(
        message,
        "the number 1e-29 has 29 decimal places; an exact decimal holds at most 28"
    );
    let (_, _, _, message) = json_err(&with(
        r#""value": 74.1"#,
        r#""value": "9.9999999999999999999999999999""#,
    ));
    assert_eq!(
        message,
        r#""9.9999999999999999999999999999" has more significant digits than an exact decimal holds (28, or 29 below 7.9e28)"#
    );
}

#[test]
fn scientific_numbers_within_the_range_are_read_exactly() {
    // rust_decimal's from_scientific refuses 0.1e29 (its mantissa has a
    // scale); written out it is 10^28, which a decimal holds.
    for (written, value) in [
        ("0.1e29", "10000000000000000000000000000"),
        ("7.9e28", "79000000000000000000000000000"),
        ("1e-28", "0.0000000000000000000000000001"),
    ] {
        let m = Model::from_json(&with(r#""value": 74.1"#, &format!(r#""value": {written}"#)))
            .unwrap_or_else(|e| panic!("{written}: {e}"));
        assert_eq!(m.indicators[0].measurements[2].value.to_string(), value);
    }
}

#[test]
fn a_text_cut_short_says_so_and_where() {
    // Cut inside the first org's object: the path names the org (a key not
    // yet read is left out, never shown as `?`), the message the length.
    let cut = &BASE[..BASE.find("\"name\": \"Exempelkommun\"").unwrap()];
    let e = Model::from_json(cut).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "invalid model JSON at organisation[0] (line 5, column 22): the JSON text ends early, after {} bytes, while parsing a value",
            cut.len()
        )
    );
    // Cut inside the first key: no path is known yet.
    let e = Model::from_json("{\"form").unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid model JSON (line 1, column 6): the JSON text ends early, after 6 bytes, while parsing a string"
    );
    // A byte-order mark counts in the length (it is in the caller's buffer).
    let e = Model::from_json("\u{feff}{").unwrap_err();
    assert!(
        e.to_string()
            .ends_with("the JSON text ends early, after 4 bytes, while parsing an object"),
        "{e}"
    );
    let e = Model::from_json(" \n ").unwrap_err();
    assert!(
        e.to_string()
            .ends_with("the text holds no JSON value (3 bytes)"),
        "{e}"
    );
}
