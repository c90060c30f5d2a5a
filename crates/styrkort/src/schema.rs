//! JSON Schemas (draft 2020-12) of the `styrkort/1` model format and the
//! `styrkort-evaluation/1` document, generated from the Rust types with
//! [`schemars`] (feature `schema`; off by default, so the core's
//! dependencies stay what they are).
//!
//! The model schema follows what [`crate::Model::from_json`] *accepts*
//! (decimals as strings or numbers, the perspective's Swedish and English
//! spellings, unknown fields refused); the evaluation schema follows what
//! [`crate::Evaluation::to_json`] *writes* (decimals always as strings,
//! perspectives by their canonical names). Rules beyond a value's shape
//! (ids that must exist, the red thread, duplicate periods) are
//! [`crate::Model::validate`]'s; a document valid against the schema may
//! still have validation errors.
//!
//! The committed files are `schema/styrkort-1.schema.json` and
//! `schema/styrkort-evaluation-1.schema.json`; `crates/styrkort-schema`
//! writes them and its test fails when they differ from the types.
//!
//! ```
//! let model = styrkort::schema::model_schema();
//! assert_eq!(model["$schema"], "https://json-schema.org/draft/2020-12/schema");
//! assert_eq!(model["properties"]["format"]["const"], "styrkort/1");
//! ```

use std::borrow::Cow;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde_json::Value;

use crate::evaluation::Evaluation;
use crate::model::Model;

/// The model schema (`styrkort/1`, what [`Model::from_json`] accepts).
pub fn model_schema() -> Value {
    let mut g = schemars::generate::SchemaSettings::draft2020_12()
        .for_deserialize()
        .into_generator();
    let mut s = g.root_schema_for::<Model>();
    s.insert(
        "$id".into(),
        "https://styrkort.example.invalid/schema/styrkort-1.schema.json".into(),
    );
    s.insert("title".into(), "styrkort/1".into());
    s.to_value()
}

/// The evaluation schema (`styrkort-evaluation/1`, what
/// [`Evaluation::to_json`] writes).
pub fn evaluation_schema() -> Value {
    let mut g = schemars::generate::SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator();
    let mut s = g.root_schema_for::<Evaluation>();
    s.insert(
        "$id".into(),
        "https://styrkort.example.invalid/schema/styrkort-evaluation-1.schema.json".into(),
    );
    s.insert("title".into(), "styrkort-evaluation/1".into());
    s.to_value()
}

/// A schema as the committed file: pretty-printed, two-space indent, one
/// trailing newline.
pub fn to_file_text(schema: &Value) -> String {
    serde_json::to_string_pretty(schema).expect("a schema always serialises") + "\n"
}

/// An exact decimal: a JSON number or a string holding one (`"62.5"`,
/// `"1.5e3"`) in a model; always a string in an evaluation.
#[derive(Debug)]
pub(crate) struct DecimalText;

impl JsonSchema for DecimalText {
    fn schema_name() -> Cow<'static, str> {
        "Decimal".into()
    }

    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        let pattern = "^-?(0|[1-9][0-9]*|[0-9]+)(\\.[0-9]+)?([eE][-+]?[0-9]+)?$";
        if g.contract().is_serialize() {
            json_schema!({
                "description": "An exact decimal as a string, e.g. \"0.6667\".",
                "type": "string",
                "pattern": pattern
            })
        } else {
            json_schema!({
                "description": "An exact decimal: a JSON number or a string holding one (\"62.5\"); at most 28 significant digits, never rounded.",
                "type": ["string", "number"],
                "pattern": pattern
            })
        }
    }
}

/// A calendar date `YYYY-MM-DD`.
#[derive(Debug)]
pub(crate) struct DateText;

impl JsonSchema for DateText {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A calendar date written YYYY-MM-DD.",
            "type": "string",
            "format": "date",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
        })
    }
}

impl JsonSchema for crate::Period {
    fn schema_name() -> Cow<'static, str> {
        "Period".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A period: a year (2025), a tertial (2025T2), a quarter (2025Q3) or a month (2025-08), canonical spelling only.",
            "type": "string",
            "pattern": "^[0-9]{4}(T[1-3]|Q[1-4]|-(0[1-9]|1[0-2]))?$"
        })
    }
}

impl JsonSchema for crate::Perspective {
    fn schema_name() -> Cow<'static, str> {
        "Perspective".into()
    }

    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        if g.contract().is_serialize() {
            json_schema!({
                "description": "One of the four perspectives.",
                "enum": ["citizen", "society_environment", "employees", "economy"]
            })
        } else {
            json_schema!({
                "description": "One of the four perspectives, by its name or an alias, in any case and surrounded by spaces: citizen (medborgare, kund, customer), society_environment (samhälle och miljö, samhälle & miljö, samhalle_miljo, society and environment), employees (medarbetare, employee), economy (ekonomi).",
                "type": "string"
            })
        }
    }
}

impl JsonSchema for crate::GoalLink {
    fn schema_name() -> Cow<'static, str> {
        "GoalLink".into()
    }

    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        let id = g.subschema_for::<crate::GoalId>();
        let dec = g.subschema_for::<DecimalText>();
        let period = g.subschema_for::<crate::Period>();
        json_schema!({
            "description": "A red-thread link to a goal one level up: the bare goal id (weight 1, always in force) or an object.",
            "oneOf": [
                id.clone(),
                {
                    "type": "object",
                    "properties": {
                        "goal": id,
                        "weight": dec,
                        "valid_from": period.clone(),
                        "valid_to": period
                    },
                    "required": ["goal"],
                    "additionalProperties": false
                }
            ]
        })
    }
}

/// The JSON shape of an [`Evaluation`], whose `Serialize` is written by
/// hand (it keeps the compiled model beside the results).
#[derive(JsonSchema)]
#[schemars(rename = "Evaluation")]
#[allow(dead_code)]
struct EvaluationShape {
    /// Always `styrkort-evaluation/1`.
    #[schemars(with = "FormatTag")]
    format: (),
    period: crate::Period,
    /// The last day of the period.
    #[schemars(with = "DateText")]
    as_of: (),
    /// The tag the evaluation is narrowed to; absent when none.
    #[serde(skip_serializing_if = "Option::is_none")]
    tag: Option<String>,
    indicators: Vec<crate::IndicatorResult>,
    goals: Vec<crate::GoalResult>,
    scorecards: Vec<crate::Scorecard>,
    action_plans: Vec<crate::PlanResult>,
    /// Assignments (*uppdrag*); absent when there are none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    assignments: Vec<crate::AssignmentResult>,
    diagnostics: Vec<crate::Diagnostic>,
}

/// The constant `styrkort-evaluation/1`.
struct FormatTag;

impl JsonSchema for FormatTag {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "EvaluationFormat".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "const": crate::evaluation::EVALUATION_FORMAT })
    }
}

impl JsonSchema for Evaluation {
    fn schema_name() -> Cow<'static, str> {
        "Evaluation".into()
    }

    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        let mut s = EvaluationShape::json_schema(g);
        s.insert("additionalProperties".into(), false.into());
        s
    }
}

/// The constant `styrkort/1` of a model's `format`.
#[derive(Debug)]
pub(crate) struct ModelFormat;

impl JsonSchema for ModelFormat {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "ModelFormat".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "const": crate::model::MODEL_FORMAT })
    }
}

/// The four perspective balances, as an object keyed by the perspectives'
/// canonical names (all four always present).
#[derive(JsonSchema)]
#[allow(dead_code)]
pub(crate) struct PerspectiveBalances {
    citizen: crate::PerspectiveBalance,
    society_environment: crate::PerspectiveBalance,
    employees: crate::PerspectiveBalance,
    economy: crate::PerspectiveBalance,
}
