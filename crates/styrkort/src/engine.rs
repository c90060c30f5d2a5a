//! The evaluation engine: statuses, consolidation, roll-up along the red
//! thread, balance, action plans and the dialogue brief.

use crate::error::Error;
use crate::evaluation::{DialogueBrief, Evaluation};
use crate::model::Model;
use crate::Period;

/// A validated model indexed by dense integer ids, ready to evaluate.
#[derive(Debug)]
pub struct Compiled {}

/// Options for [`Model::evaluate_with`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EvalOptions {
    /// Narrow the goals, indicators, scorecards and plans reported to those
    /// carrying this tag (e.g. `environment` for an ISO 14001 review).
    /// Statuses are computed on the whole model either way.
    pub tag: Option<String>,
}

impl Model {
    /// Evaluates the model for `period`. Validates first: a model with
    /// validation errors gives [`Error::Invalid`].
    pub fn evaluate(&self, period: &Period) -> Result<Evaluation, Error> {
        self.evaluate_with(period, &EvalOptions::default())
    }

    /// Evaluates the model for `period` with options.
    pub fn evaluate_with(
        &self,
        period: &Period,
        options: &EvalOptions,
    ) -> Result<Evaluation, Error> {
        let _ = (period, options);
        todo!("engine")
    }
}

impl Evaluation {
    /// The dialogue brief between the `upper` and `lower` orgs.
    pub fn dialogue(&self, upper: &str, lower: &str) -> Result<DialogueBrief, Error> {
        let _ = (upper, lower);
        todo!("engine")
    }
}
