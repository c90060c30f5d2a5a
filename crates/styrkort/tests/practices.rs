//! Practices from published municipal reports (issue 14): forecasts
//! (*helårsprognos*), change targets with a size, and the year-on-year
//! change. The exact numbers are pinned by vectors 40–44; these tests check
//! what the vectors cannot: the explanation, the model format, and the
//! incremental engine.

use std::path::Path;

use styrkort::{ArrowBasis, Decimal, Engine, EvalOptions, Model, Period, Status, Trend};

fn vector_model(name: &str) -> Model {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/vectors")
        .join(name)
        .join("model.json");
    Model::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn p(s: &str) -> Period {
    s.parse().unwrap()
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

#[test]
fn explanation_names_the_change_reached_and_required() {
    let e = vector_model("42-change-target-unit")
        .evaluate(&p("2025"))
        .unwrap();
    let why = e.goal("kf-1").unwrap().explain();
    for needle in [
        "indicator b at kf: partly_fulfilled (change +1 against 2024 (60 → 61); required a change of 2 the better way, to 62)",
        "indicator d at kf: fulfilled (change -0.5 against 2024 (5 → 4.5); required a change of 0.5 the better way, to 4.5)",
        "indicator g at kf: no_data (required a change of 2 against 2024)",
        "indicator f at kf: not_assessed,",
    ] {
        assert!(why.contains(needle), "{needle:?} not in {why}");
    }
}

#[test]
fn explanation_marks_what_rests_on_a_forecast() {
    let e = vector_model("44-forecast-year")
        .evaluate(&p("2025"))
        .unwrap();
    let why = |g: &str| e.goal(g).unwrap().explain();
    assert_eq!(
        why("kf-1"),
        "Goal kf-1 is partly_fulfilled (prognos: rests on a forecast); rule all_some_none, \
         score 0.5; items: goal bn-1 at bn: partly_fulfilled (prognos)."
    );
    assert!(why("bn-1").contains("indicator res at bn: fulfilled (prognos)"));
    assert!(why("bn-1").contains("indicator kost at bn: partly_fulfilled,"));
    // A manual assessment replaces the computed status: no mark on the goal.
    assert!(why("bn-2").starts_with("Goal bn-2 is partly_fulfilled by manual assessment"));
    assert!(!e.goal("bn-2").unwrap().forecast);
    assert!(!why("kf-2").contains("prognos"));
}

#[test]
fn new_fields_round_trip_and_old_models_write_unchanged() {
    let m = vector_model("44-forecast-year");
    assert_eq!(Model::from_json(&m.to_json()).unwrap(), m);
    assert!(m.to_json().contains("\"forecast\": true"));
    let m = vector_model("43-change-target-share");
    assert_eq!(Model::from_json(&m.to_json()).unwrap(), m);
    let m = vector_model("41-arrow-previous-months");
    assert_eq!(m.settings.arrow, ArrowBasis::Previous);
    assert!(m.to_json().contains("\"arrow\": \"previous\""));
    // An old model writes none of the new fields.
    let old = vector_model("15-improve-targets").to_json();
    for field in ["forecast", "change", "arrow"] {
        assert!(!old.contains(field), "{field} in {old}");
    }
    // A bad arrow basis is refused at load with its path.
    let err = Model::from_json(r#"{"format": "styrkort/1", "settings": {"arrow": "tertial"}}"#)
        .unwrap_err()
        .to_string();
    assert!(err.contains("settings.arrow"), "{err}");
}

#[test]
fn evaluation_reports_the_arrow_basis() {
    let e = vector_model("41-arrow-previous-months")
        .evaluate(&p("2025-03"))
        .unwrap();
    assert_eq!(e.arrow_basis(), ArrowBasis::Previous);
    let i = e.indicator("i", "kf").unwrap();
    assert_eq!(
        (i.trend, i.year_trend, i.arrow),
        (Trend::Improving, Trend::Worsening, Trend::Improving)
    );
    let e = vector_model("40-year-on-year-tertials")
        .evaluate(&p("2025T2"))
        .unwrap();
    assert_eq!(e.arrow_basis(), ArrowBasis::YearEarlier);
    assert_eq!(e.indicator("sjuk", "kf").unwrap().arrow, Trend::Worsening);
}

/// An outcome entered in the incremental engine wins over the forecast, and
/// the mark leaves the indicator, the goal and the goals above it; the
/// result equals a full evaluation of the edited model.
#[test]
fn an_outcome_entered_later_replaces_the_forecast() {
    let mut m = vector_model("44-forecast-year");
    let year = p("2025");
    let mut engine = Engine::new(&m, year, EvalOptions::default()).unwrap();
    assert!(engine.evaluation().goal("kf-1").unwrap().forecast);
    // ua's outcome for res comes in: 3.5; bk = 3.5 + 3 = 6.5, an outcome.
    engine
        .set_measurement("res", Some("ua"), year, Some(dec("3.5")))
        .unwrap();
    let res = engine.evaluation().indicator("res", "bn").unwrap();
    assert_eq!((res.value, res.forecast), (Some(dec("6.5")), false));
    assert!(!engine.evaluation().indicator("res", "ua").unwrap().forecast);
    for g in ["bn-1", "kf-1"] {
        assert!(!engine.evaluation().goal(g).unwrap().forecast, "{g}");
    }
    // The same edit on the model: the forecast stays in the model, beaten.
    m.indicators[0].set_measurement(styrkort::Measurement::new(
        year,
        Some("ua".into()),
        dec("3.5"),
    ));
    assert_eq!(m.indicators[0].measurements.len(), 6);
    assert_eq!(
        engine.evaluation().to_json(),
        m.evaluate(&year).unwrap().to_json()
    );
    // Removing it again brings the forecast back, marked.
    engine
        .set_measurement("res", Some("ua"), year, None)
        .unwrap();
    let res = engine.evaluation().indicator("res", "bn").unwrap();
    assert_eq!((res.value, res.forecast), (Some(dec("7")), true));
    assert_eq!(
        engine.evaluation().goal("kf-1").unwrap().status,
        Status::PartlyFulfilled
    );
    assert!(engine.evaluation().goal("kf-1").unwrap().forecast);
}

/// Forecasts take part only in the period evaluated: evaluated for 2026,
/// the 2025 forecast is not the year-earlier value.
#[test]
fn forecasts_stand_in_only_for_the_period_evaluated() {
    let m = vector_model("44-forecast-year");
    let e = m.evaluate(&p("2026")).unwrap();
    let sjuk = e.indicator("sjuk", "bn").unwrap();
    assert_eq!(
        (sjuk.value, sjuk.year_earlier, sjuk.previous),
        (None, None, None)
    );
    assert!(!sjuk.forecast);
}
