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
//! ## Numbers
//! Every number is a [`rust_decimal::Decimal`]; nothing passes through
//! binary floating point. JSON numbers are read from their source text.
//!
//! ## Diagnostics
//! See [`validate`] for the table of diagnostic codes.
#![deny(missing_docs)]

pub mod engine;
pub mod error;
pub mod evaluation;
pub mod ids;
pub mod json;
pub mod kolada;
pub mod model;
pub mod period;
pub mod perspective;
mod scorecard;
pub mod validate;

pub use engine::{Compiled, Engine, EvalOptions, Update};
pub use error::Error;
pub use evaluation::{
    Balance, DialogueBrief, Evaluation, GoalItem, GoalResult, IndicatorResult, ItemKind,
    PerspectiveBalance, PlanResult, Scorecard, Trend,
};
pub use ids::{ActivityId, GoalId, IndicatorId, OrgId, PlanId};
pub use model::{
    ActionPlan, Activity, ActivityStatus, Assessment, Consolidation, Direction, GenderSplit, Goal,
    GoalLink, Indicator, IndicatorLink, KoladaSource, Level, Measurement, Model, Org, OrgKind,
    ProviderKind, Rule, RuleKind, Settings, Source, Target, TargetKind,
};
pub use period::{Period, PeriodKind};
pub use perspective::{CitizenLabel, Perspective, Status};
pub use rust_decimal::Decimal;
pub use validate::{Diagnostic, Severity};
