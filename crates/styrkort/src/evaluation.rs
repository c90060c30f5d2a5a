//! The result of evaluating a model for a period: the `styrkort-evaluation/1`
//! document.
//!
//! Every number here is ready for output: achievements, scores, evenness and
//! progress are rounded half-to-even to 4 places; values, targets and
//! warnings are exact (or a quotient at 12 places). Every list is sorted by
//! its ids, so the same model and period always give byte-identical JSON.

use std::sync::Arc;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use crate::compile::Compiled;
use crate::error::Error;
use crate::ids::{ActivityId, AssignmentId, GoalId, IndicatorId, ItemId, OrgId, PlanId};
use crate::model::{AssignmentStatus, Level, RuleKind, TargetKind};
use crate::perspective::{Perspective, Status};
use crate::validate::Diagnostic;
use crate::Period;

mod write;

/// The format tag of an evaluation document.
pub const EVALUATION_FORMAT: &str = "styrkort-evaluation/1";

/// Serialises decimals normalised (`"0.5"`, never `"0.50"`).
pub(crate) mod norm {
    use rust_decimal::Decimal;
    use serde::Serializer;

    #[allow(clippy::trivially_copy_pass_by_ref)]
    pub fn serialize<S: Serializer>(v: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&crate::json::normalised(*v))
    }
}

/// Serialises optional decimals normalised, `null` when absent.
pub(crate) mod opt_norm {
    use rust_decimal::Decimal;
    use serde::Serializer;

    #[allow(clippy::ref_option)]
    pub fn serialize<S: Serializer>(v: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(d) => s.serialize_str(&crate::json::normalised(*d)),
            None => s.serialize_none(),
        }
    }
}

/// Which way an indicator moved since the previous period of the same kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Trend {
    /// Better than the previous period, by the indicator's direction.
    Improving,
    /// The same value.
    Unchanged,
    /// Worse than the previous period.
    Worsening,
    /// One of the two values is missing.
    Unknown,
}

impl Trend {
    /// The JSON name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Improving => "improving",
            Self::Unchanged => "unchanged",
            Self::Worsening => "worsening",
            Self::Unknown => "unknown",
        }
    }
}

/// The evaluation of one indicator at one org.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct IndicatorResult {
    /// The indicator.
    pub indicator: IndicatorId,
    /// The org it is evaluated at.
    pub org: OrgId,
    /// The value for the period: own, consolidated from the children, or a
    /// window mean; `None` when missing.
    #[serde(with = "opt_norm")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::schema::DecimalText>")
    )]
    pub value: Option<Decimal>,
    /// Whether the value was consolidated from child orgs (for any period of the window).
    pub consolidated: bool,
    /// `value` or `improve`; `None` when no target applies.
    pub target_kind: Option<TargetKind>,
    /// The target value; for an `improve` target, the value one year earlier
    /// that must be beaten, and for one with a size (`change`,
    /// `change_share`) the level that value moved by the required change
    /// reaches (`None` when the value one year earlier is missing).
    #[serde(with = "opt_norm")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::schema::DecimalText>")
    )]
    pub target: Option<Decimal>,
    /// The warning level: the edge of the partly band (given, or derived from `partly_at`).
    #[serde(with = "opt_norm")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::schema::DecimalText>")
    )]
    pub warning: Option<Decimal>,
    /// For an `improve` target with a size: the change against the value one
    /// year earlier that fulfils it, in the indicator's unit (for
    /// `change_share`, the share of that value's magnitude). Left out of the
    /// JSON when absent.
    #[serde(with = "opt_norm", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::schema::DecimalText>")
    )]
    pub change_required: Option<Decimal>,
    /// *Måluppfyllelse*: value / target (higher is better) or target / value
    /// (lower is better), 4 places; `None` when undefined or for `improve`.
    #[serde(with = "opt_norm")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::schema::DecimalText>")
    )]
    pub achievement: Option<Decimal>,
    /// The status.
    pub status: Status,
    /// The value for the previous period of the same kind (computed the same way).
    #[serde(with = "opt_norm")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::schema::DecimalText>")
    )]
    pub previous: Option<Decimal>,
    /// The trend against `previous`.
    pub trend: Trend,
    /// The value for the same period one year earlier (*samma period
    /// föregående år*), computed the same way (window included); for a year
    /// period the same as `previous`.
    #[serde(with = "opt_norm")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::schema::DecimalText>")
    )]
    pub year_earlier: Option<Decimal>,
    /// `value − year_earlier`, exact; `None` when either is missing.
    #[serde(with = "opt_norm")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::schema::DecimalText>")
    )]
    pub year_change: Option<Decimal>,
    /// The trend against `year_earlier`, by the indicator's direction.
    pub year_trend: Trend,
    /// The scorecard's arrow: `year_trend` or `trend`, as `settings.arrow`
    /// says (default: the same period one year earlier).
    pub arrow: Trend,
    /// Whether the value rests on a forecast (*prognos*): the period has no
    /// outcome at the org, or a consolidation took in a child's forecast.
    /// The status then rests on it too. Left out of the JSON when false.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub forecast: bool,
    /// How the value ranks among comparable municipalities (*jämförelsekommuner*):
    /// present only when the evaluation was given comparison data
    /// ([`crate::EvalOptions::comparison`]), for the indicator at its owner
    /// in a year period.
    // Boxed, like `rank`: most results have neither, and a result is
    // written for every reported pair of every period.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comparison: Option<Box<crate::kolada::Comparison>>,
    /// For a `rank` target: the shares and the rank limits they give in
    /// the comparison group; present only for a rank target.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rank: Option<Box<RankJudgement>>,
}

/// How a `rank` target was judged (*Kommunens Kvalitet i Korthet*).
///
/// With n municipalities in the group and rank r (1 = best, equal values
/// share the best rank): fulfilled when r ≤ `best_share` × n, not
/// fulfilled when r > (1 − `worst_share`) × n, else partly fulfilled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RankJudgement {
    /// The share of the group counted as the best (green).
    #[serde(with = "norm")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::DecimalText"))]
    pub best_share: Decimal,
    /// The share of the group counted as the worst (red).
    #[serde(with = "norm")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::DecimalText"))]
    pub worst_share: Decimal,
    /// The municipality's rank, when judged (1 = best).
    pub rank: Option<usize>,
    /// The group size, when judged.
    pub group_size: Option<usize>,
    /// `best_share` × n: a rank at or below it is fulfilled; `None` when not judged.
    #[serde(with = "opt_norm")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::schema::DecimalText>")
    )]
    pub best_up_to: Option<Decimal>,
    /// (1 − `worst_share`) × n: a rank above it is not fulfilled; `None` when not judged.
    #[serde(with = "opt_norm")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::schema::DecimalText>")
    )]
    pub worst_above: Option<Decimal>,
}

/// What a goal judged on its action plans' activities rests on
/// ([`crate::model::ActivityJudgement`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ActivityBasis {
    /// The plans that list the goal, sorted.
    pub plans: Vec<PlanId>,
    /// Their non-cancelled activities.
    pub activities: usize,
    /// Of which completed.
    pub completed: usize,
    /// Mean completion (completed = 1, else progress / 100), 4 places.
    #[serde(with = "norm")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::DecimalText"))]
    pub completion: Decimal,
    /// The threshold for fulfilled.
    #[serde(with = "norm")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::DecimalText"))]
    pub fulfilled_at: Decimal,
    /// The threshold for partly fulfilled.
    #[serde(with = "norm")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::DecimalText"))]
    pub partly_at: Decimal,
}

/// What an item of a goal is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// A child goal that contributes to the goal.
    Goal,
    /// An indicator linked to the goal, evaluated at the goal's owner.
    Indicator,
}

/// One item a goal's status is computed from.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct GoalItem {
    /// Goal or indicator.
    pub kind: ItemKind,
    /// The child goal's or the indicator's id.
    // A plain string in the schema, as it was before it shared the id's text.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub id: ItemId,
    /// For an indicator: the org it was evaluated at (the goal's owner); for
    /// a child goal: its owner.
    pub org: OrgId,
    /// The weight of the item.
    #[serde(with = "norm")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::DecimalText"))]
    pub weight: Decimal,
    /// The item's status (a child goal's final status).
    pub status: Status,
    /// Whether the item's status rests on a forecast (*prognos*): an
    /// indicator whose value is a forecast, or a child goal whose status
    /// does. Left out of the JSON when false.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub forecast: bool,
    /// What the explanation says about the item beyond its status (a
    /// change target's required and reached change); not in the JSON.
    #[serde(skip)]
    pub note: Option<String>,
}

/// The manual assessment that applied to a goal in the period.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AppliedAssessment {
    /// The status given.
    pub status: Status,
    /// The motivation.
    pub comment: Option<String>,
    /// Who.
    pub author: Option<String>,
    /// When.
    #[serde(serialize_with = "ser_opt_date")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::schema::DateText>"))]
    pub date: Option<NaiveDate>,
}

#[allow(clippy::ref_option, clippy::trivially_copy_pass_by_ref)]
fn ser_opt_date<S: Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.collect_str(&d.format("%Y-%m-%d")),
        None => s.serialize_none(),
    }
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde passes fields by reference
fn ser_date<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&d.format("%Y-%m-%d"))
}

/// The evaluation of one goal, with its explanation.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct GoalResult {
    /// The goal.
    pub goal: GoalId,
    /// Its title.
    pub title: String,
    /// Its level.
    pub level: Level,
    /// Its perspective.
    pub perspective: Perspective,
    /// Its owner.
    pub owner: OrgId,
    /// Its tags.
    pub tags: Vec<String>,
    /// The final status: the manual assessment's when there is one, else the computed one.
    pub status: Status,
    /// The status the rule gives (for `manual`, by `all_some_none`, advisory).
    pub computed_status: Status,
    /// Whether a manual assessment set `status`.
    pub manual: bool,
    /// Whether the final status rests on a forecast (*prognos*): it is not
    /// manual and an assessed item rests on one. Left out of the JSON when
    /// false.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub forecast: bool,
    /// Σ w·score / Σ w over the assessed items, 4 places; `None` when none is assessed.
    #[serde(with = "opt_norm")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::schema::DecimalText>")
    )]
    pub score: Option<Decimal>,
    /// The rule applied.
    pub rule: RuleKind,
    /// The rule's fulfilled threshold, when it has one.
    #[serde(with = "opt_norm")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::schema::DecimalText>")
    )]
    pub fulfilled_at: Option<Decimal>,
    /// The rule's partly threshold, when it has one.
    #[serde(with = "opt_norm")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::schema::DecimalText>")
    )]
    pub partly_at: Option<Decimal>,
    /// The manual assessment for the period, if any.
    // Boxed, like `activities`: most goals have neither, and a result is
    // written for every goal in every period.
    pub assessment: Option<Box<AppliedAssessment>>,
    /// The items, sorted by kind, id and org.
    pub items: Vec<GoalItem>,
    /// When no item had a status and the goal is judged on its action
    /// plans' activities: what the computed status rests on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub activities: Option<Box<ActivityBasis>>,
}

impl GoalResult {
    /// A one-paragraph explanation in English of why the goal has its
    /// status: the rule, its thresholds, the score and each item.
    ///
    /// ```
    /// # use styrkort::Model;
    /// let m = Model::from_json(r#"{"format": "styrkort/1",
    ///   "organisation": [{"id": "kf", "name": "KF", "kind": "council"}],
    ///   "indicators": [{"id": "nmi", "name": "NMI", "owner": "kf",
    ///      "targets": [{"period": "2025", "value": "62", "warning": "58"}],
    ///      "measurements": [{"period": "2025", "value": "60"}]}],
    ///   "goals": [{"id": "kf-1", "title": "Nöjda invånare", "level": "council",
    ///      "perspective": "citizen", "owner": "kf", "indicators": [{"indicator": "nmi"}]}]}"#)?;
    /// let e = m.evaluate(&"2025".parse()?)?;
    /// let why = e.goal("kf-1").unwrap().explain();
    /// assert!(why.contains("indicator nmi at kf: partly_fulfilled"), "{why}");
    /// # Ok::<(), styrkort::Error>(())
    /// ```
    pub fn explain(&self) -> String {
        use std::fmt::Write as _;
        let mut s = format!("Goal {} is {}", self.goal, self.status);
        if self.forecast {
            s.push_str(" (prognos: rests on a forecast)");
        }
        if self.manual {
            let _ = write!(
                s,
                " by manual assessment (the rule computes {})",
                self.computed_status
            );
        }
        let _ = write!(s, "; rule {}", self.rule.as_str());
        if let (Some(f), Some(p)) = (self.fulfilled_at, self.partly_at) {
            let _ = write!(
                s,
                " (fulfilled at {}, partly at {})",
                crate::json::normalised(f),
                crate::json::normalised(p)
            );
        }
        match self.score {
            Some(score) => {
                let _ = write!(s, ", score {}", crate::json::normalised(score));
            }
            None => s.push_str(", no assessed item"),
        }
        if let Some(a) = &self.activities {
            let _ = write!(
                s,
                "; no item has a status yet, so it is judged on the activities of plan{} {}: \
                 {} of {} completed, completion {} (fulfilled at {}, partly at {})",
                if a.plans.len() == 1 { "" } else { "s" },
                a.plans
                    .iter()
                    .map(PlanId::as_str)
                    .collect::<Vec<_>>()
                    .join(", "),
                a.completed,
                a.activities,
                crate::json::normalised(a.completion),
                crate::json::normalised(a.fulfilled_at),
                crate::json::normalised(a.partly_at)
            );
        }
        if self.items.is_empty() {
            s.push_str("; it has no items.");
            return s;
        }
        s.push_str("; items: ");
        for (n, it) in self.items.iter().enumerate() {
            if n > 0 {
                s.push_str(", ");
            }
            let kind = match it.kind {
                ItemKind::Goal => "goal",
                ItemKind::Indicator => "indicator",
            };
            let _ = write!(s, "{kind} {} at {}: {}", it.id, it.org, it.status);
            if it.forecast {
                s.push_str(" (prognos)");
            }
            if let Some(note) = &it.note {
                let _ = write!(s, " ({note})");
            }
            if it.weight != Decimal::ONE {
                let _ = write!(s, " (weight {})", crate::json::normalised(it.weight));
            }
        }
        s.push('.');
        s
    }
}

/// The per-perspective part of a [`Balance`].
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PerspectiveBalance {
    /// Number of goals in the perspective.
    pub goals: usize,
    /// Distinct indicators linked from those goals.
    pub indicators: usize,
    /// Goals fulfilled.
    pub fulfilled: usize,
    /// Goals partly fulfilled.
    pub partly_fulfilled: usize,
    /// Goals not fulfilled.
    pub not_fulfilled: usize,
    /// Goals without data.
    pub no_data: usize,
    /// Goals not assessed.
    pub not_assessed: usize,
    /// Mean status score of the assessed goals, 4 places; `None` when none.
    #[serde(with = "opt_norm")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::schema::DecimalText>")
    )]
    pub score: Option<Decimal>,
}

impl PerspectiveBalance {
    /// The count for one status.
    pub fn count(&self, s: Status) -> usize {
        match s {
            Status::Fulfilled => self.fulfilled,
            Status::PartlyFulfilled => self.partly_fulfilled,
            Status::NotFulfilled => self.not_fulfilled,
            Status::NoData => self.no_data,
            Status::NotAssessed => self.not_assessed,
        }
    }
}

/// The balance of a scorecard across the four perspectives.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Balance {
    /// Number of goals in the scorecard.
    pub goals: usize,
    /// Mean status score over all assessed goals, 4 places.
    #[serde(with = "opt_norm")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::schema::DecimalText>")
    )]
    pub score: Option<Decimal>,
    /// `1 − Σ_p |n_p/N − 1/4| / (3/2)`, 4 places; 1 is perfectly even, 0 when N = 0.
    #[serde(with = "norm")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::DecimalText"))]
    pub evenness: Decimal,
    /// Perspectives with no goal, in the order of the management system.
    pub missing: Vec<Perspective>,
    /// Per perspective, in the order of the management system.
    #[serde(serialize_with = "ser_perspectives")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::schema::PerspectiveBalances")
    )]
    pub perspectives: [PerspectiveBalance; 4],
}

fn ser_perspectives<S: Serializer>(p: &[PerspectiveBalance; 4], s: S) -> Result<S::Ok, S::Error> {
    let mut m = s.serialize_map(Some(4))?;
    for (persp, b) in Perspective::ALL.iter().zip(p) {
        m.serialize_entry(persp.as_str(), b)?;
    }
    m.end()
}

impl Balance {
    /// The balance of one perspective.
    pub fn perspective(&self, p: Perspective) -> &PerspectiveBalance {
        &self.perspectives[p.index()]
    }
}

/// The scorecard (*styrkort*) of one org in the period.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Scorecard {
    /// The org.
    pub org: OrgId,
    /// Its goals: own, its responsible board's (for an office), and those applied to it.
    pub goals: Vec<GoalId>,
    /// Their balance.
    pub balance: Balance,
}

/// Counts of activities by status.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ActivityCounts {
    /// Not started.
    pub not_started: usize,
    /// Ongoing.
    pub ongoing: usize,
    /// Completed.
    pub completed: usize,
    /// Paused.
    pub paused: usize,
    /// Cancelled.
    pub cancelled: usize,
}

/// An action plan at the as-of date.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PlanResult {
    /// The plan.
    pub plan: PlanId,
    /// Its owner.
    pub owner: OrgId,
    /// Mean progress of its non-cancelled activities (completed = 100), 4 places.
    #[serde(with = "opt_norm")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::schema::DecimalText>")
    )]
    pub progress: Option<Decimal>,
    /// Activities past due and not completed or cancelled, sorted.
    pub overdue: Vec<ActivityId>,
    /// Activities by status.
    pub activities: ActivityCounts,
}

/// An assignment (*uppdrag*) as it stands at the end of the period.
///
/// Listed in a period when it was decided by the period's end and was not
/// closed (done or cancelled) in a report of an earlier year: the annual
/// report lists what was finished during the year, not what was finished
/// the year before.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AssignmentResult {
    /// The assignment.
    pub assignment: AssignmentId,
    /// What is assigned.
    pub title: String,
    /// The org that gave it.
    pub assigned_by: OrgId,
    /// The org that carries it out.
    pub assigned_to: OrgId,
    /// The decision date, if given.
    #[serde(serialize_with = "ser_opt_date")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::schema::DateText>"))]
    pub decided: Option<NaiveDate>,
    /// The due date, if given.
    #[serde(serialize_with = "ser_opt_date")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::schema::DateText>"))]
    pub due: Option<NaiveDate>,
    /// The status of the latest report for a period ending by the as-of
    /// date; `not_started` when there is none.
    pub status: AssignmentStatus,
    /// The period of that report, if any.
    pub reported: Option<Period>,
    /// That report's comment, if any.
    pub comment: Option<String>,
    /// Past its due date (due before the as-of date) and neither done nor cancelled.
    pub overdue: bool,
}

/// The evaluation of a model for one period.
///
/// ```
/// use styrkort::{Model, Status};
/// let m = Model::from_json(r#"{"format": "styrkort/1",
///   "organisation": [{"id": "kf", "name": "KF", "kind": "council"}],
///   "indicators": [{"id": "nmi", "name": "NMI", "owner": "kf",
///      "targets": [{"period": "2025", "value": "62"}],
///      "measurements": [{"period": "2025", "value": "63"}]}],
///   "goals": [{"id": "kf-1", "title": "Nöjda invånare", "level": "council",
///      "perspective": "kund", "owner": "kf", "indicators": [{"indicator": "nmi"}]}]}"#)?;
/// let e = m.evaluate(&"2025".parse()?)?;
/// assert_eq!(e.goal("kf-1").unwrap().status, Status::Fulfilled);
/// # Ok::<(), styrkort::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Evaluation {
    /// The period evaluated.
    pub period: Period,
    /// The last day of the period.
    pub as_of: NaiveDate,
    /// The tag the evaluation is narrowed to, if any.
    pub tag: Option<String>,
    /// Indicator results, sorted by indicator and org.
    pub indicators: Vec<IndicatorResult>,
    /// Goal results, sorted by goal id.
    pub goals: Vec<GoalResult>,
    /// Scorecards of every org, sorted by org id.
    pub scorecards: Vec<Scorecard>,
    /// Action plans, sorted by plan id.
    pub action_plans: Vec<PlanResult>,
    /// Assignments (*uppdrag*) listed in the period, sorted by the org
    /// carrying them out, then by id (so they read per org); left out of
    /// the JSON when empty, so models without assignments give the same
    /// document as before.
    pub assignments: Vec<AssignmentResult>,
    /// The model's validation warnings.
    pub diagnostics: Vec<Diagnostic>,
    pub(crate) compiled: Arc<Compiled>,
    /// The comparison data it was made with, for what-if on rank targets.
    pub(crate) comparison: Option<crate::kolada::ComparisonData>,
}

impl PartialEq for Evaluation {
    fn eq(&self, other: &Self) -> bool {
        self.period == other.period
            && self.tag == other.tag
            && self.indicators == other.indicators
            && self.goals == other.goals
            && self.scorecards == other.scorecards
            && self.action_plans == other.action_plans
            && self.assignments == other.assignments
            && self.diagnostics == other.diagnostics
    }
}

impl Serialize for Evaluation {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("format", EVALUATION_FORMAT)?;
        m.serialize_entry("period", &self.period)?;
        m.serialize_entry("as_of", &self.as_of.format("%Y-%m-%d").to_string())?;
        if let Some(tag) = &self.tag {
            m.serialize_entry("tag", tag)?;
        }
        m.serialize_entry("indicators", &self.indicators)?;
        m.serialize_entry("goals", &self.goals)?;
        m.serialize_entry("scorecards", &self.scorecards)?;
        m.serialize_entry("action_plans", &self.action_plans)?;
        if !self.assignments.is_empty() {
            m.serialize_entry("assignments", &self.assignments)?;
        }
        m.serialize_entry("diagnostics", &self.diagnostics)?;
        m.end()
    }
}

impl Evaluation {
    /// The `styrkort-evaluation/1` document, pretty-printed with two-space
    /// indent and no trailing newline. Deterministic: identical input gives
    /// byte-identical output.
    ///
    /// The text is exactly `serde_json::to_string_pretty(self)` (the
    /// [`Serialize`] implementation stays the definition), written by a
    /// dedicated writer that is several times faster and, for a large
    /// evaluation, writes parts of the document on the machine's cores.
    pub fn to_json(&self) -> String {
        write::evaluation(self)
    }

    /// The assignments (*uppdrag*) listed for `org` to carry out (they sit
    /// together, as the list is sorted by assignee); unknown org: an error.
    ///
    /// ```
    /// use styrkort::Model;
    /// let m = Model::from_json(r#"{"format": "styrkort/1",
    ///   "organisation": [{"id": "kf", "name": "KF", "kind": "council"},
    ///                    {"id": "bn", "name": "BN", "kind": "board", "parent": "kf"}],
    ///   "assignments": [{"id": "u-1", "title": "Utred", "assigned_by": "kf", "assigned_to": "bn",
    ///                    "due": "2025-04-30"}]}"#)?;
    /// let e = m.evaluate(&"2025T1".parse()?)?;
    /// assert_eq!(e.assignments_for("bn")?.len(), 1);
    /// assert!(!e.assignments_for("bn")?[0].overdue); // due on the as-of date
    /// assert!(e.assignments_for("kf")?.is_empty());
    /// # Ok::<(), styrkort::Error>(())
    /// ```
    pub fn assignments_for(&self, org: &str) -> Result<&[AssignmentResult], Error> {
        if !self.compiled.org_ix().contains_key(org) {
            return Err(Error::unknown("org", org));
        }
        let from = self
            .assignments
            .partition_point(|a| a.assigned_to.as_str() < org);
        let to = self
            .assignments
            .partition_point(|a| a.assigned_to.as_str() <= org);
        Ok(&self.assignments[from..to])
    }

    /// The assignments of `org` (`None`: all) as a pretty-printed JSON
    /// array, for the C ABI and other callers that read JSON.
    pub fn assignments_json(&self, org: Option<&str>) -> Result<String, Error> {
        let list = match org {
            Some(o) => self.assignments_for(o)?,
            None => &self.assignments[..],
        };
        Ok(serde_json::to_string_pretty(list).expect("assignments always serialise"))
    }

    /// What the scorecard's trend arrow compares with (`settings.arrow`);
    /// each indicator result's `arrow` already follows it.
    pub fn arrow_basis(&self) -> crate::model::ArrowBasis {
        self.compiled.arrow
    }

    /// The result of one goal.
    pub fn goal(&self, id: &str) -> Option<&GoalResult> {
        self.goals
            .binary_search_by(|g| g.goal.as_str().cmp(id))
            .ok()
            .map(|i| &self.goals[i])
    }

    /// The result of one indicator at one org.
    pub fn indicator(&self, id: &str, org: &str) -> Option<&IndicatorResult> {
        self.indicators
            .binary_search_by(|r| (r.indicator.as_str(), r.org.as_str()).cmp(&(id, org)))
            .ok()
            .map(|i| &self.indicators[i])
    }

    /// The scorecard of one org.
    pub fn scorecard(&self, org: &str) -> Option<&Scorecard> {
        self.scorecards
            .binary_search_by(|s| s.org.as_str().cmp(org))
            .ok()
            .map(|i| &self.scorecards[i])
    }

    /// The result of one action plan.
    pub fn action_plan(&self, id: &str) -> Option<&PlanResult> {
        self.action_plans
            .binary_search_by(|p| p.plan.as_str().cmp(id))
            .ok()
            .map(|i| &self.action_plans[i])
    }
}

/// A goal of the upper org and the goals of the lower org that contribute to it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Coverage {
    /// The upper org's goal.
    pub goal: GoalId,
    /// Its final status.
    pub status: Status,
    /// Goals in the lower org's scorecard that reach it along the red thread, or the goal itself when the lower scorecard holds it too; sorted.
    pub contributors: Vec<GoalId>,
}

/// A goal of the lower org that needs attention.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Deviation {
    /// The goal.
    pub goal: GoalId,
    /// Its final status.
    pub status: Status,
    /// Its indicators (at the goal's owner) whose trend is worsening, sorted.
    pub worsening: Vec<IndicatorId>,
}

/// An overdue activity in the dialogue brief.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct OverdueActivity {
    /// The plan it belongs to.
    pub plan: PlanId,
    /// The activity.
    pub activity: ActivityId,
    /// Its due date.
    #[serde(serialize_with = "ser_date")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::DateText"))]
    pub due: NaiveDate,
    /// Who is responsible, if set.
    pub responsible: Option<OrgId>,
}

/// A goal whose manual status differs from the computed one.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Disagreement {
    /// The goal.
    pub goal: GoalId,
    /// The manual (final) status.
    pub status: Status,
    /// What the rule computed.
    pub computed_status: Status,
}

/// The format tag of a dialogue brief.
pub const DIALOGUE_FORMAT: &str = "styrkort-dialogue/1";

/// The brief for a dialogue between an upper org (say the executive board)
/// and a lower one (a board), or a board and one of its operations.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DialogueBrief {
    /// Always `styrkort-dialogue/1`.
    pub format: &'static str,
    /// The period.
    pub period: Period,
    /// The tag the brief is narrowed to, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// The upper org.
    pub upper: OrgId,
    /// The lower org.
    pub lower: OrgId,
    /// The lower org's scorecard and balance.
    pub scorecard: Scorecard,
    /// For each goal in the upper org's scorecard, the lower org's goals that contribute.
    pub coverage: Vec<Coverage>,
    /// Upper goals nothing of the lower org contributes to.
    pub uncovered: Vec<GoalId>,
    /// Lower goals that are not fulfilled or have a worsening indicator.
    pub deviations: Vec<Deviation>,
    /// Deviations with no plan that has an active (not started or ongoing) activity.
    pub unaddressed: Vec<GoalId>,
    /// Overdue activities of the lower org's plans.
    pub overdue: Vec<OverdueActivity>,
    /// Lower goals whose manual status differs from the computed one.
    pub disagreements: Vec<Disagreement>,
    /// The comparisons with other municipalities of the indicators of the
    /// lower scorecard's goals, when the evaluation had comparison data;
    /// left out of the JSON when empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub comparisons: Vec<IndicatorResult>,
    /// The assignments the upper org gave the lower one that the
    /// evaluation lists, sorted by id; left out of the JSON when empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub assignments: Vec<AssignmentResult>,
}

impl DialogueBrief {
    /// The brief as pretty-printed JSON, deterministic like [`Evaluation::to_json`].
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a brief always serialises")
    }
}
