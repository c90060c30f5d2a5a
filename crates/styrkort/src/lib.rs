//! # styrkort — an engine for municipal goal- and result steering
//!
//! styrkort (Swedish: *scorecard*) models a Swedish municipal management
//! system (*ledningssystem*, *mål- och resultatstyrning*) as pure types and
//! evaluates it exactly: council goals, board goals and operational goals
//! linked by the red thread (*röda tråden*); scorecards for every board,
//! office, unit and provider; indicators (*nyckeltal*) with targets and
//! measurements; action plans; four perspectives and their balance.
//!
//! ```
//! use styrkort::{Model, Period};
//! let model = Model::from_json(r#"{"format": "styrkort/1",
//!   "organisation": [{"id": "kf", "name": "Kommunfullmäktige", "kind": "council"}]}"#)?;
//! assert!(model.validate().iter().all(|d| !d.is_error()));
//! let t2: Period = "2025T2".parse()?;
//! assert_eq!(t2.end().to_string(), "2025-08-31");
//! # Ok::<(), styrkort::Error>(())
//! ```
//!
//! ## The pieces
//!
//! | module | what |
//! |---|---|
//! | [`model`] | the `styrkort/1` model: [`Model::from_json`], [`Model::to_json`] |
//! | [`period`] | years, tertials, quarters and months ([`Period`]) |
//! | [`validate`] | [`Model::validate`] and the table of every diagnostic code |
//! | [`engine`] | [`Model::evaluate`], the decisions where the design is silent, and the incremental [`Engine`] |
//! | [`evaluation`] | the `styrkort-evaluation/1` result: goals with their explanation, indicators, scorecards and balance, action plans, the dialogue brief |
//! | [`series_table`] | many periods' statuses as columns: [`Compiled::series_table`] |
//! | [`history`] | an indicator's value and status over earlier periods of the same kind (sparklines) |
//! | [`kolada`] | Kolada v3 key figures: parse, apply to a model, indicators from KPI metadata, comparison with similar municipalities |
//! | [`whatif`] | what it takes for a goal to reach a status: [`Evaluation::what_if`] |
//!
//! The Python package (`bindings/python`) and the C ABI (`bindings/c`)
//! expose exactly these types and errors; no rule lives outside this crate.
//!
//! ## Numbers
//! Every number is a [`rust_decimal::Decimal`]; nothing passes through
//! binary floating point. JSON numbers are read from their source text.
//! Quotients are rounded half-to-even to 12 places where they are computed;
//! output ratios to 4.
//!
//! ## Errors
//! Every fallible function returns the one [`Error`] enum; its messages name
//! the JSON path, the id or the period.
#![deny(missing_docs)]
// A library writes to no stream of its host: a result or an error says it.
#![deny(clippy::print_stdout, clippy::print_stderr, clippy::dbg_macro)]

mod compile;
pub mod diagnostic;
pub mod engine;
pub mod error;
pub mod evaluation;
pub mod history;
pub mod ids;
pub mod json;
pub mod kolada;
mod load;
pub mod model;
pub mod partition;
pub mod period;
pub mod perspective;
#[cfg(feature = "schema")]
pub mod schema;
mod scorecard;
pub mod series_table;
pub mod validate;
pub mod whatif;

pub use diagnostic::{Diagnostic, Severity};
pub use engine::{Compiled, Engine, EvalOptions, Update};
pub use error::Error;
pub use evaluation::{
    ActivityBasis, AssignmentResult, Balance, DialogueBrief, Evaluation, GoalItem, GoalResult,
    IndicatorResult, ItemKind, PerspectiveBalance, PlanResult, RankJudgement, Scorecard, Trend,
};
pub use history::{HistoryPoint, IndicatorHistory};
pub use ids::{ActivityId, AssignmentId, GoalId, IndicatorId, ItemId, OrgId, PlanId};
pub use model::{
    ActionPlan, Activity, ActivityJudgement, ActivityStatus, ArrowBasis, Assessment, Assignment,
    AssignmentReport, AssignmentStatus, Consolidation, Direction, Goal, GoalLink, Indicator,
    IndicatorLink, KoladaSource, Level, Measurement, Model, Org, OrgKind, ProviderKind, Rule,
    RuleKind, Settings, Source, Target, TargetKind,
};
pub use period::{Period, PeriodKind};
pub use perspective::{CitizenLabel, Perspective, Status};
pub use rust_decimal::Decimal;
pub use series_table::{GoalRows, IndicatorRows, SeriesTable};
pub use whatif::{ItemChange, Need, WhatIf};
