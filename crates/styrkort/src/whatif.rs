//! What-if (*vad krävs för att målet ska bli grönt?*): which items of a
//! goal must change, and to what, for the goal to reach a wanted status.
//!
//! [`crate::Evaluation::what_if`] answers it for one goal of an evaluation,
//! exactly, from the goal's rule; the document is `styrkort-whatif/1`
//! ([`WhatIf::to_json`]). How the smallest change is chosen per rule is in
//! the [engine docs](crate::engine#what-if).

use rust_decimal::Decimal;
use serde::Serialize;

use crate::evaluation::{norm, opt_norm, ItemKind};
use crate::ids::{GoalId, OrgId};
use crate::model::RuleKind;
use crate::perspective::Status;
use crate::Period;

/// The format tag of a what-if document.
pub const WHAT_IF_FORMAT: &str = "styrkort-whatif/1";

/// Whether the changes are all needed, or any one of them is enough.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Need {
    /// Every change listed is needed.
    All,
    /// Any one of the changes listed is enough (`all_some_none` from not
    /// fulfilled to partly fulfilled).
    AnyOne,
    /// Nothing to change: the goal is there already, or cannot get there
    /// by changing its items (see [`WhatIf::reachable`]).
    Nothing,
}

/// One item of the goal that must change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemChange {
    /// Goal or indicator.
    pub kind: ItemKind,
    /// The indicator's or the child goal's id.
    pub id: String,
    /// Where the indicator is evaluated (the goal's owner), or the child goal's owner.
    pub org: OrgId,
    /// The item's weight in the goal.
    #[serde(with = "norm")]
    pub weight: Decimal,
    /// The item's status now.
    pub status: Status,
    /// The status the item must reach (for an indicator without a partly
    /// band, reaching partly means reaching the target: `fulfilled`).
    pub to: Status,
    /// The indicator's value now (as evaluated: own, consolidated or a
    /// window mean; for a rank target the municipality's figure in the
    /// comparison data); `None` for a goal.
    #[serde(with = "opt_norm")]
    pub value: Option<Decimal>,
    /// The value the indicator must reach: the target or warning; for an
    /// `improve` target, last year's value; for a rank target, the value of
    /// the municipality at the rank to reach among the others (equal values
    /// share a rank); `None` for a goal.
    #[serde(with = "opt_norm")]
    pub needed: Option<Decimal>,
    /// Whether the value must go strictly beyond `needed` (an `improve`
    /// target asks for better than last year); else reaching it is enough.
    pub strict: bool,
    /// `needed − value`: the signed change (negative: lower the value).
    #[serde(with = "opt_norm")]
    pub change: Option<Decimal>,
    /// For a rank target: the rank (1 = best) the municipality must reach or beat.
    pub rank: Option<usize>,
    /// The change in words (English), e.g. `raise the value from 74.1 to at least 75 (+0.9)`.
    pub how: String,
}

/// What it takes for a goal to reach a wanted status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WhatIf {
    /// Always `styrkort-whatif/1`.
    pub format: &'static str,
    /// The period of the evaluation.
    pub period: Period,
    /// The goal.
    pub goal: GoalId,
    /// Its rule.
    pub rule: RuleKind,
    /// The rule's fulfilled threshold, when it has one.
    #[serde(with = "opt_norm")]
    pub fulfilled_at: Option<Decimal>,
    /// The rule's partly threshold, when it has one.
    #[serde(with = "opt_norm")]
    pub partly_at: Option<Decimal>,
    /// The goal's final status now.
    pub status: Status,
    /// The status its rule computes now (what the changes move).
    pub computed_status: Status,
    /// Whether a manual assessment sets the final status: the changes then
    /// move the computed status only.
    pub manual: bool,
    /// The status asked for: `fulfilled` or `partly_fulfilled`.
    pub wanted: Status,
    /// Whether the computed status is at least `wanted` already.
    pub reached: bool,
    /// Whether changing the goal's assessed items can get it there.
    pub reachable: bool,
    /// Whether every change is needed or any one is enough.
    pub need: Need,
    /// The items to change, in the order of the goal's items.
    pub changes: Vec<ItemChange>,
    /// The answer in words (English), the trace of how it was found.
    pub explanation: String,
}

impl WhatIf {
    /// The document as pretty-printed JSON (two-space indent), deterministic.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a what-if always serialises")
    }
}
