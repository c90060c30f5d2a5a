//! The evaluation engine: indicator statuses, consolidation up the org
//! tree, goal roll-up along the red thread, scorecard balance, action plans
//! and the dialogue brief.
//!
//! [`Model::compile`] validates a model and indexes it by dense integer ids
//! ([`Compiled`]); [`Compiled::evaluate`] then computes one period. The hot
//! path walks vectors and integer-keyed maps, never string maps.
//!
//! # Semantics
//! DESIGN.md §4 is the contract. Where it is silent, the engine decides as
//! follows (the conformance vectors in `tests/vectors/` pin each point):
//!
//! * **Quotients** (consolidated and window means, `t / partly_at`, `v / t`,
//!   scores, shares, evenness terms) are rounded half-to-even to 12 places
//!   where computed; output ratios are then rounded half-to-even to 4.
//! * **Indicator pairs** reported: every (indicator, goal owner) for a goal's
//!   indicator link, and every (indicator, org) with an own measurement for
//!   exactly the period.
//! * **Window** means are taken over the period's *value* at the org (own
//!   or consolidated); `consolidated` is true when any period of the window
//!   was consolidated. `previous` (for the trend) and the baseline of an
//!   `improve` target are computed the same way, window included.
//! * **`improve` targets** report the baseline (the value one year earlier)
//!   as `target`, no warning and no achievement.
//! * **Scorecards** are reported for every org; the four perspectives are
//!   always present, in the order citizen, society & environment,
//!   employees, economy (also the order of `missing`). A perspective's
//!   `indicators` counts the distinct indicators linked from its goals.
//! * **Plan progress** counts an activity without `progress` as 0.
//! * **Tag filter**: statuses are computed on the whole model (a tagged goal
//!   is still judged by its untagged children); the output then keeps the
//!   tagged goals, the indicators that carry the tag or are linked from a
//!   kept goal, every scorecard narrowed to kept goals, and the plans that
//!   carry the tag or work towards a kept goal.
//! * **Dialogue**: an upper goal is covered by every goal of the lower
//!   scorecard that reaches it along `contributes_to`, directly or through
//!   levels between, and by itself when the lower scorecard holds it too
//!   (an office shares its board's goals; a board sets a goal on a
//!   provider with `applies_to`); a deviation is a partly or not fulfilled
//!   goal, or one with a worsening indicator; it is unaddressed when no plan
//!   for it has a `not_started` or `ongoing` activity. Under a tag filter
//!   the brief sees only the tagged goals of both scorecards.
//! * **Comparison** with similar municipalities (when
//!   [`EvalOptions::comparison`] is given) is reported for an indicator at
//!   its owner, whose figures its Kolada source names, in year periods.
//!
//! # Cost
//! One evaluation is a pass over the reported (indicator, org) pairs, then
//! the goals level by level, then the scorecards. Own measurements sit per
//! org in period-sorted series, so one lookup serves the period, its
//! predecessor, the year before and a window; an org with no measurement of
//! an indicator below it is skipped without a lookup, and only consolidated
//! values are memoised. Models with more than 20,000 pairs, goals or orgs
//! use every core for those passes; the output does not depend on it.
//! [`Engine`] keeps one period up to date under edits, recomputing only
//! what depends on them.

use std::collections::HashMap;

// Maps keyed by dense integer ids use the Fx hash (fast, and the keys are
// ours, not the caller's); maps keyed by the model's string ids keep std's
// SipHash.
use rustc_hash::{FxBuildHasher, FxHashMap as FastMap, FxHashSet as FastSet};
use std::sync::Arc;

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};

use crate::error::Error;
use crate::evaluation::{
    ActivityCounts, AppliedAssessment, Balance, Coverage, Deviation, DialogueBrief, Disagreement,
    Evaluation, GoalItem, GoalResult, IndicatorResult, ItemKind, OverdueActivity,
    PerspectiveBalance, PlanResult, Scorecard, Trend, DIALOGUE_FORMAT,
};
use crate::ids::{ActivityId, GoalId, IndicatorId, OrgId, PlanId};
use crate::model::{
    ActivityStatus, Assessment, Consolidation, Direction, KoladaSource, Level, Model, RuleKind,
    TargetKind,
};
use crate::perspective::{Perspective, Status};
use crate::scorecard;
use crate::validate::{Diagnostic, Severity};
use crate::Period;

mod incremental;
pub use incremental::{Engine, Update};

/// Rounds a quotient half-to-even to the 12 places it is carried at.
fn q12(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(12, RoundingStrategy::MidpointNearestEven)
}

/// Rounds an output ratio half-to-even to 4 places.
fn r4(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(4, RoundingStrategy::MidpointNearestEven)
}

fn overflow(what: impl Into<String>) -> Error {
    Error::Overflow {
        context: what.into(),
    }
}

fn add(a: Decimal, b: Decimal, what: &dyn Fn() -> String) -> Result<Decimal, Error> {
    a.checked_add(b).ok_or_else(|| overflow(what()))
}

fn mul(a: Decimal, b: Decimal, what: &dyn Fn() -> String) -> Result<Decimal, Error> {
    a.checked_mul(b).ok_or_else(|| overflow(what()))
}

/// `a / b` rounded to 12 places; `None` when `b` is zero.
fn div(a: Decimal, b: Decimal, what: &dyn Fn() -> String) -> Result<Option<Decimal>, Error> {
    if b.is_zero() {
        return Ok(None);
    }
    a.checked_div(b)
        .map(|d| Some(q12(d)))
        .ok_or_else(|| overflow(what()))
}

/// Options for [`Model::evaluate_with`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EvalOptions {
    /// Narrow the goals, indicators, scorecards and plans reported to those
    /// carrying this tag (e.g. `environment` for an ISO 14001 review).
    /// Statuses are computed on the whole model either way. Default: none.
    pub tag: Option<String>,
    /// Key figures of comparable municipalities (*jämförelsekommuner*),
    /// e.g. from Kolada: each indicator with a Kolada municipality source
    /// then reports its rank, median and quartiles at its owner, in year
    /// periods. Default: none.
    pub comparison: Option<crate::kolada::ComparisonData>,
}

impl EvalOptions {
    /// Options narrowing the output to `tag`.
    pub fn tag(tag: impl Into<String>) -> Self {
        Self {
            tag: Some(tag.into()),
            comparison: None,
        }
    }

    /// These options with comparison data added.
    #[must_use]
    pub fn with_comparison(mut self, data: crate::kolada::ComparisonData) -> Self {
        self.comparison = Some(data);
        self
    }
}

pub(crate) type Ix = u32;

#[derive(Debug, Clone)]
struct OrgInfo {
    id: OrgId,
    parent: Option<Ix>,
    children: Vec<Ix>,
}

#[derive(Debug, Clone)]
struct TargetInfo {
    kind: TargetKind,
    value: Option<Decimal>,
    warning: Option<Decimal>,
}

#[derive(Debug, Clone)]
struct IndicatorInfo {
    id: IndicatorId,
    owner: Ix,
    kolada: Option<KoladaSource>,
    direction: Direction,
    consolidation: Consolidation,
    partly_at: Option<Decimal>,
    window: u32,
    tags: Vec<String>,
    /// Own measurements by (org, period).
    /// Own measurements: per org its values sorted by period, so the
    /// periods one result reads (the period, the previous one, a year
    /// earlier, a window) sit together in memory.
    series: FastMap<Ix, Vec<(Period, Decimal)>>,
    /// Whether any target names an org (else the org walk is skipped).
    org_targets: bool,
    /// Orgs with a measurement, by period (for listing the reported pairs).
    measured: FastMap<Period, Vec<Ix>>,
    /// The orgs that can have a value in some period: those with a
    /// measurement and, when the indicator consolidates, their ancestors.
    /// Everything else is skipped without a lookup, so consolidating at a
    /// board touches only the part of its subtree that reports the indicator.
    covered: FastSet<Ix>,
    /// Targets by (org or none, period).
    targets: FastMap<(Option<Ix>, Period), TargetInfo>,
}

#[derive(Debug, Clone)]
struct GoalInfo {
    id: GoalId,
    title: String,
    level: Level,
    perspective: Perspective,
    owner: Ix,
    tags: Vec<String>,
    indicators: Vec<(Ix, Decimal)>,
    /// Goals that contribute to this one, with the link's weight.
    contributors: Vec<(Ix, Decimal)>,
    /// Goals this one contributes to.
    upper: Vec<Ix>,
    rule: RuleKind,
    fulfilled_at: Option<Decimal>,
    partly_at: Option<Decimal>,
    assessments: FastMap<Period, Assessment>,
    /// Plans that list this goal.
    plans: Vec<Ix>,
}

#[derive(Debug, Clone)]
struct ActivityInfo {
    id: ActivityId,
    status: ActivityStatus,
    due: Option<NaiveDate>,
    progress: Option<Decimal>,
    responsible: Option<OrgId>,
}

#[derive(Debug, Clone)]
struct PlanInfo {
    id: PlanId,
    owner: Ix,
    goals: Vec<Ix>,
    tags: Vec<String>,
    activities: Vec<ActivityInfo>,
}

/// A validated model indexed by dense integer ids, ready to evaluate any
/// number of periods. Build it with [`Model::compile`].
///
/// ```
/// use styrkort::Model;
/// let model = Model::from_json(r#"{"format": "styrkort/1",
///   "organisation": [{"id": "kf", "name": "KF", "kind": "council"}]}"#)?;
/// let compiled = std::sync::Arc::new(model.compile()?);
/// let t1 = compiled.evaluate(&"2025T1".parse()?, &Default::default())?;
/// let t2 = compiled.evaluate(&"2025T2".parse()?, &Default::default())?;
/// assert_eq!(t1.scorecards.len(), t2.scorecards.len());
/// # Ok::<(), styrkort::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Compiled {
    orgs: Vec<OrgInfo>,
    org_ix: HashMap<String, Ix>,
    indicators: Vec<IndicatorInfo>,
    ind_ix: HashMap<String, Ix>,
    goals: Vec<GoalInfo>,
    goal_ix: HashMap<String, Ix>,
    /// Goal indices, operational first, then board, then council.
    goal_order: Vec<Ix>,
    plans: Vec<PlanInfo>,
    /// Per org, the goals of its scorecard, sorted by goal id.
    scorecards: Vec<Vec<Ix>>,
    /// Org indices sorted by org id.
    org_sorted: Vec<Ix>,
    /// Each org's, indicator's and goal's position in id order, so that
    /// output is sorted by comparing integers, not strings.
    org_rank: Vec<Ix>,
    ind_rank: Vec<Ix>,
    goal_rank: Vec<Ix>,
    warnings: Vec<Diagnostic>,
}

#[allow(clippy::cast_possible_truncation)]
fn ix(i: usize) -> Ix {
    // Models are far below 4 billion items per kind; checked in `compile`.
    i as Ix
}

impl Model {
    /// Validates the model and indexes it for evaluation.
    ///
    /// Fails with [`Error::Invalid`] when validation finds errors; the
    /// warnings are kept and reported with every evaluation.
    pub fn compile(&self) -> Result<Compiled, Error> {
        let diagnostics = self.validate();
        if diagnostics.iter().any(Diagnostic::is_error) {
            return Err(Error::Invalid {
                diagnostics: diagnostics
                    .into_iter()
                    .filter(Diagnostic::is_error)
                    .collect(),
            });
        }
        let too_big = [
            self.organisation.len(),
            self.indicators.len(),
            self.goals.len(),
            self.action_plans.len(),
        ]
        .iter()
        .any(|n| u32::try_from(*n).is_err());
        if too_big {
            return Err(overflow("the model has more than 2^32 items of one kind"));
        }
        Ok(Compiled::build(self, diagnostics))
    }

    /// Evaluates the model for `period`. Validates first: a model with
    /// validation errors gives [`Error::Invalid`].
    pub fn evaluate(&self, period: &Period) -> Result<Evaluation, Error> {
        self.evaluate_with(period, &EvalOptions::default())
    }

    /// Evaluates the model for `period` with options (a tag filter).
    ///
    /// ```
    /// use styrkort::{EvalOptions, Model};
    /// let m = Model::from_json(r#"{"format": "styrkort/1",
    ///   "organisation": [{"id": "kf", "name": "KF", "kind": "council"}],
    ///   "goals": [{"id": "kf-1", "title": "Minskade utsläpp", "level": "council",
    ///              "perspective": "samhälle och miljö", "owner": "kf", "tags": ["environment"]},
    ///             {"id": "kf-2", "title": "Nöjda invånare", "level": "council",
    ///              "perspective": "medborgare", "owner": "kf"}]}"#)?;
    /// let e = m.evaluate_with(&"2025".parse()?, &EvalOptions::tag("environment"))?;
    /// assert_eq!(e.goals.len(), 1);
    /// # Ok::<(), styrkort::Error>(())
    /// ```
    pub fn evaluate_with(
        &self,
        period: &Period,
        options: &EvalOptions,
    ) -> Result<Evaluation, Error> {
        Arc::new(self.compile()?).evaluate(period, options)
    }
}

impl Compiled {
    fn build(model: &Model, warnings: Vec<Diagnostic>) -> Self {
        let mut org_ix = HashMap::with_capacity(model.organisation.len());
        for (i, o) in model.organisation.iter().enumerate() {
            org_ix.insert(o.id.as_str().to_string(), ix(i));
        }
        let mut orgs: Vec<OrgInfo> = model
            .organisation
            .iter()
            .map(|o| OrgInfo {
                id: o.id.clone(),
                parent: o.parent.as_ref().map(|p| org_ix[p.as_str()]),
                children: Vec::new(),
            })
            .collect();
        for i in 0..orgs.len() {
            if let Some(p) = orgs[i].parent {
                orgs[p as usize].children.push(ix(i));
            }
        }
        let org = |id: &OrgId| org_ix[id.as_str()];

        let mut ind_ix = HashMap::with_capacity(model.indicators.len());
        let indicators: Vec<IndicatorInfo> = model
            .indicators
            .iter()
            .enumerate()
            .map(|(i, ind)| {
                ind_ix.insert(ind.id.as_str(), ix(i));
                let owner = org(&ind.owner);
                let mut series: FastMap<Ix, Vec<(Period, Decimal)>> = FastMap::default();
                let mut measured: FastMap<Period, Vec<Ix>> = FastMap::default();
                let mut covered = FastSet::default();
                for m in &ind.measurements {
                    let o = m.org.as_ref().map_or(owner, org);
                    series.entry(o).or_default().push((m.period, m.value));
                    measured.entry(m.period).or_default().push(o);
                    cover(&mut covered, &orgs, ind.consolidation, o);
                }
                let targets = ind
                    .targets
                    .iter()
                    .map(|t| {
                        (
                            (t.org.as_ref().map(org), t.period),
                            TargetInfo {
                                kind: t.kind,
                                value: t.value,
                                warning: t.warning,
                            },
                        )
                    })
                    .collect();
                IndicatorInfo {
                    id: ind.id.clone(),
                    owner,
                    kolada: ind.source.as_ref().and_then(|s| s.kolada.clone()),
                    direction: ind.direction,
                    consolidation: ind.consolidation,
                    partly_at: ind.partly_at.or(model.settings.partly_at),
                    window: ind.window.unwrap_or(1).max(1),
                    tags: ind.tags.clone(),
                    series: series
                        .into_iter()
                        .map(|(o, mut v)| {
                            v.sort_unstable_by_key(|(p, _)| *p);
                            v.shrink_to_fit();
                            (o, v)
                        })
                        .collect(),
                    org_targets: ind.targets.iter().any(|t| t.org.is_some()),
                    measured,
                    covered,
                    targets,
                }
            })
            .collect();

        let ind_ix: HashMap<String, Ix> = ind_ix
            .into_iter()
            .map(|(k, v): (&str, Ix)| (k.to_string(), v))
            .collect();
        let mut goal_ix = HashMap::with_capacity(model.goals.len());
        for (i, g) in model.goals.iter().enumerate() {
            goal_ix.insert(g.id.as_str().to_string(), ix(i));
        }
        let default_rule = model.settings.rule.unwrap_or_default();
        let mut goals: Vec<GoalInfo> = model
            .goals
            .iter()
            .map(|g| {
                let rule = g.rule.unwrap_or(default_rule);
                GoalInfo {
                    id: g.id.clone(),
                    title: g.title.clone(),
                    level: g.level,
                    perspective: g.perspective,
                    owner: org(&g.owner),
                    tags: sorted_tags(&g.tags),
                    indicators: g
                        .indicators
                        .iter()
                        .map(|l| {
                            (
                                ind_ix[l.indicator.as_str()],
                                l.weight.unwrap_or(Decimal::ONE),
                            )
                        })
                        .collect(),
                    contributors: Vec::new(),
                    upper: g
                        .contributes_to
                        .iter()
                        .map(|l| goal_ix[l.goal.as_str()])
                        .collect(),
                    rule: rule.kind,
                    fulfilled_at: rule.fulfilled_at.filter(|_| rule.kind.has_thresholds()),
                    partly_at: rule.partly_at.filter(|_| rule.kind.has_thresholds()),
                    assessments: g
                        .assessments
                        .iter()
                        .map(|a| (a.period, a.clone()))
                        .collect(),
                    plans: Vec::new(),
                }
            })
            .collect();
        for (i, g) in model.goals.iter().enumerate() {
            for l in &g.contributes_to {
                let up = goal_ix[l.goal.as_str()] as usize;
                goals[up]
                    .contributors
                    .push((ix(i), l.weight.unwrap_or(Decimal::ONE)));
            }
        }
        let plans: Vec<PlanInfo> = model
            .action_plans
            .iter()
            .enumerate()
            .map(|(pi, p)| {
                let goal_list: Vec<Ix> = p.goals.iter().map(|g| goal_ix[g.as_str()]).collect();
                for &g in &goal_list {
                    goals[g as usize].plans.push(ix(pi));
                }
                PlanInfo {
                    id: p.id.clone(),
                    owner: org(&p.owner),
                    goals: goal_list,
                    tags: p.tags.clone(),
                    activities: p
                        .activities
                        .iter()
                        .map(|a| ActivityInfo {
                            id: a.id.clone(),
                            status: a.status,
                            due: a.due,
                            progress: a.progress,
                            responsible: a.responsible.clone(),
                        })
                        .collect(),
                }
            })
            .collect();
        let mut goal_order: Vec<Ix> = (0..goals.len()).map(ix).collect();
        goal_order.sort_by_key(|&g| goals[g as usize].level);
        let scorecards = scorecard::scorecard_goals(model)
            .into_iter()
            .map(|l| l.into_iter().map(ix).collect())
            .collect();
        let mut org_sorted: Vec<Ix> = (0..orgs.len()).map(ix).collect();
        org_sorted.sort_by(|a, b| orgs[*a as usize].id.cmp(&orgs[*b as usize].id));
        let org_rank = ranks(&org_sorted);
        let mut by_id: Vec<Ix> = (0..indicators.len()).map(ix).collect();
        by_id.sort_by(|a, b| indicators[*a as usize].id.cmp(&indicators[*b as usize].id));
        let ind_rank = ranks(&by_id);
        let mut by_id: Vec<Ix> = (0..goals.len()).map(ix).collect();
        by_id.sort_by(|a, b| goals[*a as usize].id.cmp(&goals[*b as usize].id));
        let goal_rank = ranks(&by_id);
        Self {
            orgs,
            org_ix,
            indicators,
            ind_ix,
            goals,
            goal_ix,
            goal_order,
            plans,
            scorecards,
            org_sorted,
            org_rank,
            ind_rank,
            goal_rank,
            warnings: warnings
                .into_iter()
                .filter(|d| d.severity == Severity::Warning)
                .collect(),
        }
    }

    /// Evaluates one period. Takes `self` in an [`Arc`] because the
    /// evaluation keeps it for [`Evaluation::dialogue`].
    ///
    /// A model with more than 20,000 reported indicator-org pairs has its
    /// indicators evaluated on several threads (up to 8, as many as the
    /// machine has cores); the output is the same on any number.
    pub fn evaluate(
        self: &Arc<Self>,
        period: &Period,
        options: &EvalOptions,
    ) -> Result<Evaluation, Error> {
        let state = self.compute(*period)?;
        self.assemble(state, options)
    }

    /// Each (indicator, org) of `pairs` evaluated for each of `periods`,
    /// sharing one cache of consolidated values. The hook of [`crate::history`].
    pub(crate) fn indicator_series(
        &self,
        pairs: &[(&str, &str)],
        periods: &[Period],
    ) -> Result<Vec<Vec<IndicatorResult>>, Error> {
        let mut base = BaseCache::default();
        let mut run = Run {
            c: self,
            base: &mut base,
        };
        pairs
            .iter()
            .map(|&(indicator, org)| {
                let i = *self
                    .ind_ix
                    .get(indicator)
                    .ok_or_else(|| Error::unknown("indicator", indicator))?;
                let o = *self
                    .org_ix
                    .get(org)
                    .ok_or_else(|| Error::unknown("org", org))?;
                periods.iter().map(|&p| run.indicator(i, o, p)).collect()
            })
            .collect()
    }

    /// Every (indicator, org) pair reported for `period`: those a goal uses
    /// and those with an own measurement for exactly the period.
    pub(crate) fn pairs(&self, period: Period) -> FastSet<(Ix, Ix)> {
        let mut pairs: FastSet<(Ix, Ix)> = FastSet::default();
        for g in &self.goals {
            for &(i, _) in &g.indicators {
                pairs.insert((i, g.owner));
            }
        }
        for (i, ind) in self.indicators.iter().enumerate() {
            if let Some(orgs) = ind.measured.get(&period) {
                for &o in orgs {
                    pairs.insert((ix(i), o));
                }
            }
        }
        pairs
    }

    /// Computes every status of `period`, unfiltered and indexed by dense ids.
    pub(crate) fn compute(&self, period: Period) -> Result<State, Error> {
        self.compute_on(period, None)
    }

    /// [`Compiled::compute`] on `threads` threads (`None`: one below
    /// [`PARALLEL_PAIRS`] pairs, else up to 8 as the machine has cores). The
    /// result does not depend on the number of threads.
    fn compute_on(&self, period: Period, threads: Option<usize>) -> Result<State, Error> {
        // Sorted, so that a chunk holds whole indicators and their
        // consolidations are memoised on one thread.
        let mut pairs: Vec<(Ix, Ix)> = self.pairs(period).into_iter().collect();
        pairs.sort_unstable();
        let forced = threads;
        let threads_for = |n: usize| {
            forced.unwrap_or_else(|| {
                if n < PARALLEL_PAIRS {
                    1
                } else {
                    std::thread::available_parallelism()
                        .map_or(1, std::num::NonZero::get)
                        .min(8)
                }
            })
        };
        let threads = threads_for(pairs.len());
        let parts = in_chunks(&pairs, threads, |chunk| self.indicator_chunk(chunk, period));
        let mut base = BaseCache::default();
        let mut indicators: FastMap<(Ix, Ix), IndicatorResult> =
            FastMap::with_capacity_and_hasher(pairs.len(), FxBuildHasher);
        for part in parts {
            let (memo, results) = part?;
            if base.is_empty() {
                base = memo;
            } else {
                base.extend(memo);
            }
            indicators.extend(results);
        }
        // Goals bottom-up along the red thread: a level at a time, each goal
        // of a level independent of the others (its items are one level down).
        let mut finals: Vec<Status> = vec![Status::NotAssessed; self.goals.len()];
        let mut goals: Vec<Option<GoalResult>> = vec![None; self.goals.len()];
        let threads = threads_for(self.goals.len());
        for level in self
            .goal_order
            .chunk_by(|a, b| self.goals[*a as usize].level == self.goals[*b as usize].level)
        {
            let done = in_chunks(level, threads, |chunk| {
                chunk
                    .iter()
                    .map(|&g| Ok((g, self.goal(g, period, &indicators, &finals)?)))
                    .collect::<Result<Vec<_>, Error>>()
            });
            for part in done {
                for (g, r) in part? {
                    finals[g as usize] = r.status;
                    goals[g as usize] = Some(r);
                }
            }
        }
        Ok(State {
            period,
            base,
            indicators,
            goals: goals.into_iter().flatten().collect(),
            finals,
        })
    }

    /// The results of `pairs`, with the memo of consolidated values made on the way.
    fn indicator_chunk(&self, pairs: &[(Ix, Ix)], period: Period) -> Result<Chunk, Error> {
        let mut base = BaseCache::default();
        let mut run = Run {
            c: self,
            base: &mut base,
        };
        let mut results = Vec::with_capacity(pairs.len());
        for &(i, o) in pairs {
            results.push(((i, o), run.indicator(i, o, period)?));
        }
        Ok((base, results))
    }

    /// Which goals and indicators the tag filter keeps.
    pub(crate) fn filter(&self, options: &EvalOptions) -> Filter {
        let goals: Vec<bool> = self
            .goals
            .iter()
            .map(|g| options.tag.as_ref().is_none_or(|t| g.tags.contains(t)))
            .collect();
        let indicators = match &options.tag {
            None => vec![true; self.indicators.len()],
            Some(tag) => {
                let mut keep: Vec<bool> = self
                    .indicators
                    .iter()
                    .map(|i| i.tags.contains(tag))
                    .collect();
                for (g, goal) in self.goals.iter().enumerate() {
                    if goals[g] {
                        for &(i, _) in &goal.indicators {
                            keep[i as usize] = true;
                        }
                    }
                }
                keep
            }
        };
        Filter { goals, indicators }
    }

    /// The comparison of indicator `i` at org `o`: only at the indicator's
    /// owner, whose figures the Kolada source names.
    pub(crate) fn comparison(
        &self,
        i: Ix,
        o: Ix,
        period: Period,
        options: &EvalOptions,
    ) -> Option<crate::kolada::Comparison> {
        let ind = &self.indicators[i as usize];
        if ind.owner != o {
            return None;
        }
        options
            .comparison
            .as_ref()?
            .compare_source(ind.kolada.as_ref()?, ind.direction, period)
    }

    /// Builds the reported [`Evaluation`] from a computed state: the tag
    /// filter, sorting, scorecards and action plans.
    pub(crate) fn assemble(
        self: &Arc<Self>,
        state: State,
        options: &EvalOptions,
    ) -> Result<Evaluation, Error> {
        let keep = self.filter(options);
        let State {
            period,
            indicators,
            goals,
            finals,
            ..
        } = state;
        let indicators: Vec<((Ix, Ix), IndicatorResult)> = indicators
            .into_iter()
            .filter(|((i, _), _)| keep.indicators[*i as usize])
            .map(|((i, o), mut r)| {
                r.comparison = self.comparison(i, o, period, options);
                ((self.ind_rank[i as usize], self.org_rank[o as usize]), r)
            })
            .collect();
        let indicators = sorted_by_key(indicators);
        let goals: Vec<(Ix, GoalResult)> = goals
            .into_iter()
            .enumerate()
            .filter(|(g, _)| keep.goals[*g])
            .map(|(g, r)| (self.goal_rank[g], r))
            .collect();
        let goals = sorted_by_key(goals);

        let threads = if self.org_sorted.len() < PARALLEL_PAIRS {
            1
        } else {
            std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
        };
        let mut scorecards = Vec::with_capacity(self.org_sorted.len());
        for part in in_chunks(&self.org_sorted, threads, |orgs| {
            orgs.iter()
                .map(|&o| self.scorecard(o, &finals, &keep.goals))
                .collect::<Result<Vec<_>, Error>>()
        }) {
            scorecards.extend(part?);
        }

        // Action plans at the as-of date.
        let as_of = period.end();
        let mut action_plans = Vec::new();
        for p in &self.plans {
            let kept = match &options.tag {
                None => true,
                Some(t) => p.tags.contains(t) || p.goals.iter().any(|g| keep.goals[*g as usize]),
            };
            if kept {
                action_plans.push(plan_result(p, &self.orgs, as_of)?);
            }
        }
        action_plans.sort_by(|a, b| a.plan.cmp(&b.plan));

        Ok(Evaluation {
            period,
            as_of,
            tag: options.tag.clone(),
            indicators,
            goals,
            scorecards,
            action_plans,
            diagnostics: self.warnings.clone(),
            compiled: Arc::clone(self),
        })
    }

    pub(crate) fn goal(
        &self,
        g: Ix,
        period: Period,
        inds: &FastMap<(Ix, Ix), IndicatorResult>,
        finals: &[Status],
    ) -> Result<GoalResult, Error> {
        let goal = &self.goals[g as usize];
        let mut items = Vec::with_capacity(goal.indicators.len() + goal.contributors.len());
        for &(i, w) in &goal.indicators {
            let status = inds
                .get(&(i, goal.owner))
                .map_or(Status::NoData, |r| r.status);
            items.push(GoalItem {
                kind: ItemKind::Indicator,
                id: self.indicators[i as usize].id.as_str().to_string(),
                org: self.orgs[goal.owner as usize].id.clone(),
                weight: w,
                status,
            });
        }
        for &(c, w) in &goal.contributors {
            let child = &self.goals[c as usize];
            items.push(GoalItem {
                kind: ItemKind::Goal,
                id: child.id.as_str().to_string(),
                org: self.orgs[child.owner as usize].id.clone(),
                weight: w,
                status: finals[c as usize],
            });
        }
        items.sort_by(|a, b| (a.kind, &a.id, &a.org).cmp(&(b.kind, &b.id, &b.org)));

        let what = || format!("goal {:?} in {period}", goal.id.as_str());
        // Weighted sums over the assessed items.
        let mut sum_w = Decimal::ZERO;
        let mut sum_ws = Decimal::ZERO;
        let mut sum_wf = Decimal::ZERO;
        let mut any_fulfilled_or_partly = false;
        let mut all_fulfilled = true;
        let mut worst: Option<Status> = None;
        for it in &items {
            let Some(score) = it.status.score() else {
                continue;
            };
            sum_w = add(sum_w, it.weight, &what)?;
            sum_ws = add(sum_ws, mul(it.weight, score, &what)?, &what)?;
            if it.status == Status::Fulfilled {
                sum_wf = add(sum_wf, it.weight, &what)?;
            }
            any_fulfilled_or_partly |= it.status != Status::NotFulfilled;
            all_fulfilled &= it.status == Status::Fulfilled;
            worst = Some(match worst {
                Some(w) if rank(w) <= rank(it.status) => w,
                _ => it.status,
            });
        }
        let score = div(sum_ws, sum_w, &what)?;
        let computed = if items.is_empty() {
            Status::NotAssessed
        } else if worst.is_none() {
            Status::NoData
        } else {
            let asn = if all_fulfilled {
                Status::Fulfilled
            } else if any_fulfilled_or_partly {
                Status::PartlyFulfilled
            } else {
                Status::NotFulfilled
            };
            let thresholds = |s: Decimal| {
                let (f, p) = (
                    goal.fulfilled_at.unwrap_or(Decimal::ONE),
                    goal.partly_at.unwrap_or(Decimal::ONE),
                );
                if s >= f {
                    Status::Fulfilled
                } else if s >= p {
                    Status::PartlyFulfilled
                } else {
                    Status::NotFulfilled
                }
            };
            match goal.rule {
                RuleKind::AllSomeNone | RuleKind::Manual => asn,
                RuleKind::WeightedScore => thresholds(score.unwrap_or_default()),
                RuleKind::ShareFulfilled => {
                    thresholds(div(sum_wf, sum_w, &what)?.unwrap_or_default())
                }
                RuleKind::Worst => worst.unwrap_or(Status::NoData),
            }
        };
        let assessment = goal.assessments.get(&period);
        let status = match (assessment, goal.rule) {
            (Some(a), _) => a.status,
            (None, RuleKind::Manual) => Status::NotAssessed,
            (None, _) => computed,
        };
        Ok(GoalResult {
            goal: goal.id.clone(),
            title: goal.title.clone(),
            level: goal.level,
            perspective: goal.perspective,
            owner: self.orgs[goal.owner as usize].id.clone(),
            tags: goal.tags.clone(),
            status,
            computed_status: computed,
            manual: assessment.is_some(),
            score: score.map(r4),
            rule: goal.rule,
            fulfilled_at: goal.fulfilled_at,
            partly_at: goal.partly_at,
            assessment: assessment.map(|a| AppliedAssessment {
                status: a.status,
                comment: a.comment.clone(),
                author: a.author.clone(),
                date: a.date,
            }),
            items,
        })
    }

    pub(crate) fn scorecard(
        &self,
        o: Ix,
        finals: &[Status],
        keep: &[bool],
    ) -> Result<Scorecard, Error> {
        let members: Vec<Ix> = self.scorecards[o as usize]
            .iter()
            .copied()
            .filter(|g| keep[*g as usize])
            .collect();
        let org_id = &self.orgs[o as usize].id;
        let what = || format!("the balance of org {:?}", org_id.as_str());
        let mut per: [PerspectiveBalance; 4] = Default::default();
        let mut inds: [FastSet<Ix>; 4] = Default::default();
        let mut sums = [(Decimal::ZERO, 0u32); 4];
        let (mut total, mut total_n) = (Decimal::ZERO, 0u32);
        for &g in &members {
            let goal = &self.goals[g as usize];
            let p = goal.perspective.index();
            let s = finals[g as usize];
            let b = &mut per[p];
            b.goals += 1;
            match s {
                Status::Fulfilled => b.fulfilled += 1,
                Status::PartlyFulfilled => b.partly_fulfilled += 1,
                Status::NotFulfilled => b.not_fulfilled += 1,
                Status::NoData => b.no_data += 1,
                Status::NotAssessed => b.not_assessed += 1,
            }
            inds[p].extend(goal.indicators.iter().map(|(i, _)| *i));
            if let Some(score) = s.score() {
                sums[p].0 += score;
                sums[p].1 += 1;
                total += score;
                total_n += 1;
            }
        }
        for p in 0..4 {
            per[p].indicators = inds[p].len();
            per[p].score = div(sums[p].0, Decimal::from(sums[p].1), &what)?.map(r4);
        }
        let n = members.len();
        let evenness = if n == 0 {
            Decimal::ZERO
        } else {
            let quarter = Decimal::new(25, 2);
            let mut dev = Decimal::ZERO;
            for b in &per {
                let share =
                    div(Decimal::from(b.goals), Decimal::from(n), &what)?.unwrap_or_default();
                dev += (share - quarter).abs();
            }
            let ratio = div(dev, Decimal::new(15, 1), &what)?.unwrap_or_default();
            r4(Decimal::ONE - ratio)
        };
        let missing = Perspective::ALL
            .into_iter()
            .filter(|p| per[p.index()].goals == 0)
            .collect();
        let mut goals: Vec<GoalId> = members
            .iter()
            .map(|g| self.goals[*g as usize].id.clone())
            .collect();
        goals.sort();
        Ok(Scorecard {
            org: org_id.clone(),
            goals,
            balance: Balance {
                goals: n,
                score: div(total, Decimal::from(total_n), &what)?.map(r4),
                evenness,
                missing,
                perspectives: per,
            },
        })
    }

    /// Whether goal `from` reaches goal `to` along `contributes_to` links.
    fn reaches(&self, from: Ix, to: Ix) -> bool {
        // Links go exactly one level up, so the walk is at most two steps deep.
        let mut stack = vec![from];
        let mut seen = FastSet::default();
        while let Some(g) = stack.pop() {
            for &u in &self.goals[g as usize].upper {
                if u == to {
                    return true;
                }
                if seen.insert(u) {
                    stack.push(u);
                }
            }
        }
        false
    }
}

/// The items ordered by their keys. Sorts small (key, position) pairs and
/// then moves each item once, rather than moving the large results around
/// while sorting.
fn sorted_by_key<K: Ord + Copy, T>(items: Vec<(K, T)>) -> Vec<T> {
    let mut order: Vec<(K, usize)> = items
        .iter()
        .enumerate()
        .map(|(n, (k, _))| (*k, n))
        .collect();
    order.sort_unstable();
    let mut slots: Vec<Option<T>> = items.into_iter().map(|(_, t)| Some(t)).collect();
    order
        .into_iter()
        .filter_map(|(_, n)| slots[n].take())
        .collect()
}

/// The inverse of a sorted permutation: `ranks(sorted)[x]` is x's position.
fn ranks(sorted: &[Ix]) -> Vec<Ix> {
    let mut r = vec![0; sorted.len()];
    for (pos, &x) in sorted.iter().enumerate() {
        r[x as usize] = ix(pos);
    }
    r
}

impl IndicatorInfo {
    /// The own measurement at `o` for `p`.
    fn own(&self, o: Ix, p: Period) -> Option<Decimal> {
        let s = self.series.get(&o)?;
        s.binary_search_by_key(&p, |(q, _)| *q).ok().map(|k| s[k].1)
    }

    /// Sets or removes the own measurement at `o` for `p`; the old value.
    fn set_own(&mut self, o: Ix, p: Period, value: Option<Decimal>) -> Option<Decimal> {
        let s = self.series.entry(o).or_default();
        match (s.binary_search_by_key(&p, |(q, _)| *q), value) {
            (Ok(k), Some(v)) => Some(std::mem::replace(&mut s[k].1, v)),
            (Ok(k), None) => Some(s.remove(k).1),
            (Err(k), Some(v)) => {
                s.insert(k, (p, v));
                None
            }
            (Err(_), None) => None,
        }
    }
}

/// Marks `o` as able to have a value, and its ancestors when the indicator
/// consolidates (they may get one from it).
fn cover(covered: &mut FastSet<Ix>, orgs: &[OrgInfo], consolidation: Consolidation, o: Ix) {
    if consolidation == Consolidation::None {
        covered.insert(o);
        return;
    }
    let mut at = Some(o);
    while let Some(a) = at {
        if !covered.insert(a) {
            break; // the rest of the chain is covered already
        }
        at = orgs[a as usize].parent;
    }
}

/// Tags sorted and without duplicates, so their order in the model does
/// not change the output.
fn sorted_tags(tags: &[String]) -> Vec<String> {
    let mut t = tags.to_vec();
    t.sort();
    t.dedup();
    t
}

/// Order of the assessed statuses for `worst`: not fulfilled is lowest.
fn rank(s: Status) -> u8 {
    match s {
        Status::NotFulfilled => 0,
        Status::PartlyFulfilled => 1,
        Status::Fulfilled => 2,
        Status::NoData | Status::NotAssessed => 3,
    }
}

fn plan_result(p: &PlanInfo, orgs: &[OrgInfo], as_of: NaiveDate) -> Result<PlanResult, Error> {
    let what = || format!("the progress of action plan {:?}", p.id.as_str());
    let mut counts = ActivityCounts::default();
    let mut overdue = Vec::new();
    let (mut sum, mut n) = (Decimal::ZERO, 0u32);
    for a in &p.activities {
        match a.status {
            ActivityStatus::NotStarted => counts.not_started += 1,
            ActivityStatus::Ongoing => counts.ongoing += 1,
            ActivityStatus::Completed => counts.completed += 1,
            ActivityStatus::Paused => counts.paused += 1,
            ActivityStatus::Cancelled => counts.cancelled += 1,
        }
        if is_overdue(a, as_of) {
            overdue.push(a.id.clone());
        }
        if a.status != ActivityStatus::Cancelled {
            let progress = if a.status == ActivityStatus::Completed {
                Decimal::ONE_HUNDRED
            } else {
                a.progress.unwrap_or_default()
            };
            sum = add(sum, progress, &what)?;
            n += 1;
        }
    }
    overdue.sort();
    Ok(PlanResult {
        plan: p.id.clone(),
        owner: orgs[p.owner as usize].id.clone(),
        progress: div(sum, Decimal::from(n), &what)?.map(r4),
        overdue,
        activities: counts,
    })
}

fn is_overdue(a: &ActivityInfo, as_of: NaiveDate) -> bool {
    a.due.is_some_and(|d| d < as_of)
        && !matches!(
            a.status,
            ActivityStatus::Completed | ActivityStatus::Cancelled
        )
}

/// Below this many indicator-org pairs (or goals) one thread is faster than several.
const PARALLEL_PAIRS: usize = 20_000;

/// `work` over `items` split into `threads` chunks, each on its own thread
/// (on this one when `threads` ≤ 1), the results in the order of the chunks.
/// A panic on a thread is resumed here.
fn in_chunks<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    work: impl Fn(&[T]) -> R + Sync,
) -> Vec<R> {
    if threads <= 1 || items.len() < 2 {
        return vec![work(items)];
    }
    let size = items.len().div_ceil(threads);
    let work = &work;
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(size)
            .map(|chunk| scope.spawn(move || work(chunk)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    })
}

/// What one thread computes: its memo and its results.
type Chunk = (BaseCache, Vec<((Ix, Ix), IndicatorResult)>);

/// Memoised base values by (indicator, org, period).
pub(crate) type BaseCache = FastMap<(Ix, Ix, Period), Option<(Decimal, bool)>>;

/// Every status of one period, unfiltered, indexed by dense ids; what
/// [`Compiled::assemble`] turns into an [`Evaluation`] and what the
/// incremental engine keeps up to date.
#[derive(Debug, Clone)]
pub(crate) struct State {
    pub(crate) period: Period,
    pub(crate) base: BaseCache,
    pub(crate) indicators: FastMap<(Ix, Ix), IndicatorResult>,
    /// By goal index.
    pub(crate) goals: Vec<GoalResult>,
    /// Final status by goal index.
    pub(crate) finals: Vec<Status>,
}

/// What the tag filter keeps, by dense id.
#[derive(Debug, Clone)]
pub(crate) struct Filter {
    pub(crate) goals: Vec<bool>,
    pub(crate) indicators: Vec<bool>,
}

/// One computation: reads the compiled model, memoises base values.
pub(crate) struct Run<'a> {
    pub(crate) c: &'a Compiled,
    pub(crate) base: &'a mut BaseCache,
}

impl Run<'_> {
    /// The own or consolidated value of `i` at `o` for `p`, and whether it
    /// was consolidated.
    fn base(&mut self, i: Ix, o: Ix, p: Period) -> Result<Option<(Decimal, bool)>, Error> {
        let ind = &self.c.indicators[i as usize];
        if !ind.covered.contains(&o) {
            return Ok(None);
        }
        if let Some(v) = ind.own(o, p) {
            return Ok(Some((v, false)));
        }
        if ind.consolidation == Consolidation::None {
            return Ok(None);
        }
        // Only consolidated values are memoised: they are the costly ones.
        if let Some(v) = self.base.get(&(i, o, p)) {
            return Ok(*v);
        }
        let v = {
            let what = || {
                format!(
                    "consolidating indicator {:?} at org {:?} for {p}",
                    ind.id.as_str(),
                    self.c.orgs[o as usize].id.as_str()
                )
            };
            let mut acc: Option<Decimal> = None;
            let mut n = 0u32;
            let children = &self.c.orgs[o as usize].children;
            for k in 0..children.len() {
                let child = self.c.orgs[o as usize].children[k];
                let Some((cv, _)) = self.base(i, child, p)? else {
                    continue;
                };
                n += 1;
                acc = Some(match (acc, ind.consolidation) {
                    (None, _) => cv,
                    (Some(a), Consolidation::Sum | Consolidation::Mean) => add(a, cv, &what)?,
                    (Some(a), Consolidation::Min) => a.min(cv),
                    (Some(a), Consolidation::Max) => a.max(cv),
                    (Some(a), Consolidation::None) => a,
                });
            }
            match (acc, ind.consolidation) {
                (Some(a), Consolidation::Mean) => {
                    div(a, Decimal::from(n), &what)?.map(|m| (m, true))
                }
                (Some(a), _) => Some((a, true)),
                (None, _) => None,
            }
        };
        self.base.insert((i, o, p), v);
        Ok(v)
    }

    /// The value of `i` at `o` for `p`, window applied.
    fn value(&mut self, i: Ix, o: Ix, p: Period) -> Result<Option<(Decimal, bool)>, Error> {
        let window = self.c.indicators[i as usize].window;
        if window <= 1 {
            return self.base(i, o, p);
        }
        let mut sum = Decimal::ZERO;
        let mut consolidated = false;
        let mut at = Some(p);
        for _ in 0..window {
            let Some(q) = at else { return Ok(None) };
            let Some((v, c)) = self.base(i, o, q)? else {
                return Ok(None);
            };
            sum = add(sum, v, &|| {
                format!(
                    "the window mean of indicator {:?}",
                    self.c.indicators[i as usize].id.as_str()
                )
            })?;
            consolidated |= c;
            at = q.checked_previous();
        }
        let mean = div(sum, Decimal::from(window), &|| {
            format!(
                "the window mean of indicator {:?}",
                self.c.indicators[i as usize].id.as_str()
            )
        })?;
        Ok(mean.map(|m| (m, consolidated)))
    }

    fn target(&self, i: Ix, o: Ix, p: Period) -> Option<&'_ TargetInfo> {
        let ind = &self.c.indicators[i as usize];
        if ind.targets.is_empty() {
            return None;
        }
        std::iter::once(p).chain(p.enclosing()).find_map(|c| {
            let mut at = ind.org_targets.then_some(o);
            while let Some(a) = at {
                if let Some(t) = ind.targets.get(&(Some(a), c)) {
                    return Some(t);
                }
                at = self.c.orgs[a as usize].parent;
            }
            ind.targets.get(&(None, c))
        })
    }

    pub(crate) fn indicator(&mut self, i: Ix, o: Ix, p: Period) -> Result<IndicatorResult, Error> {
        let ind = &self.c.indicators[i as usize];
        let (direction, partly_at) = (ind.direction, ind.partly_at);
        let what = || {
            format!(
                "indicator {:?} at org {:?} for {p}",
                self.c.indicators[i as usize].id.as_str(),
                self.c.orgs[o as usize].id.as_str()
            )
        };
        let value = self.value(i, o, p)?;
        let previous = match p.checked_previous() {
            Some(q) => self.value(i, o, q)?.map(|v| v.0),
            None => None,
        };
        let v = value.map(|v| v.0);
        let better = |a: Decimal, b: Decimal| match direction {
            Direction::HigherIsBetter => a.cmp(&b),
            Direction::LowerIsBetter => b.cmp(&a),
        };
        let trend = match (v, previous) {
            (Some(a), Some(b)) => match better(a, b) {
                std::cmp::Ordering::Greater => Trend::Improving,
                std::cmp::Ordering::Equal => Trend::Unchanged,
                std::cmp::Ordering::Less => Trend::Worsening,
            },
            _ => Trend::Unknown,
        };
        let target = self.target(i, o, p).map(|t| (t.kind, t.value, t.warning));
        let (target_kind, t, warning, achievement, status) = match target {
            None => (
                None,
                None,
                None,
                None,
                if v.is_some() {
                    Status::NotAssessed
                } else {
                    Status::NoData
                },
            ),
            Some((TargetKind::Improve, _, _)) => {
                let baseline = match p.checked_year_earlier() {
                    Some(q) => self.value(i, o, q)?.map(|v| v.0),
                    None => None,
                };
                let status = match (v, baseline) {
                    (None, _) => Status::NoData,
                    (Some(_), None) => Status::NotAssessed,
                    (Some(a), Some(b)) => match better(a, b) {
                        std::cmp::Ordering::Greater => Status::Fulfilled,
                        std::cmp::Ordering::Equal => Status::PartlyFulfilled,
                        std::cmp::Ordering::Less => Status::NotFulfilled,
                    },
                };
                (Some(TargetKind::Improve), baseline, None, None, status)
            }
            Some((TargetKind::Value, tv, tw)) => {
                // Validation guarantees a value target has a value.
                let t = tv.unwrap_or_default();
                let w = match (tw, partly_at) {
                    (Some(w), _) => Some(w),
                    (None, Some(pa)) if t > Decimal::ZERO => match direction {
                        Direction::HigherIsBetter => Some(mul(t, pa, &what)?),
                        Direction::LowerIsBetter => div(t, pa, &what)?,
                    },
                    _ => None,
                };
                let achievement = match (v, direction) {
                    (Some(v), Direction::HigherIsBetter) => div(v, t, &what)?,
                    (Some(v), Direction::LowerIsBetter) => div(t, v, &what)?,
                    (None, _) => None,
                };
                let status = match v {
                    None => Status::NoData,
                    Some(v) => {
                        let at_least = |a: Decimal, b: Decimal| better(a, b).is_ge();
                        if at_least(v, t) {
                            Status::Fulfilled
                        } else if w.is_some_and(|w| at_least(v, w)) {
                            Status::PartlyFulfilled
                        } else {
                            Status::NotFulfilled
                        }
                    }
                };
                (
                    Some(TargetKind::Value),
                    Some(t),
                    w,
                    achievement.map(r4),
                    status,
                )
            }
        };
        Ok(IndicatorResult {
            indicator: self.c.indicators[i as usize].id.clone(),
            org: self.c.orgs[o as usize].id.clone(),
            value: v,
            consolidated: value.is_some_and(|v| v.1),
            target_kind,
            target: t,
            warning,
            achievement,
            status,
            previous,
            trend,
            comparison: None,
        })
    }
}

impl Evaluation {
    /// The brief for a dialogue between `upper` (say the executive board or
    /// a board) and `lower` (a board, an office, a unit or a provider):
    /// the lower scorecard, which upper goals it covers, its deviations and
    /// whether they are addressed, overdue activities and manual-versus-
    /// computed disagreements. Narrowed to the evaluation's tag, if any.
    pub fn dialogue(&self, upper: &str, lower: &str) -> Result<DialogueBrief, Error> {
        let c = &self.compiled;
        let u = *c
            .org_ix
            .get(upper)
            .ok_or_else(|| Error::unknown("org", upper))?;
        let l = *c
            .org_ix
            .get(lower)
            .ok_or_else(|| Error::unknown("org", lower))?;
        let keep = |g: Ix| {
            self.tag
                .as_ref()
                .is_none_or(|t| c.goals[g as usize].tags.contains(t))
        };
        let status_of = |g: Ix| -> &GoalResult {
            self.goal(c.goals[g as usize].id.as_str())
                .expect("every kept goal has a result")
        };
        let lower_goals: Vec<Ix> = c.scorecards[l as usize]
            .iter()
            .copied()
            .filter(|g| keep(*g))
            .collect();
        let upper_goals: Vec<Ix> = c.scorecards[u as usize]
            .iter()
            .copied()
            .filter(|g| keep(*g))
            .collect();
        let id = |g: Ix| c.goals[g as usize].id.clone();

        let mut coverage = Vec::new();
        let mut uncovered = Vec::new();
        for &ug in &upper_goals {
            let contributors: Vec<GoalId> = lower_goals
                .iter()
                .copied()
                .filter(|&lg| lg == ug || c.reaches(lg, ug))
                .map(id)
                .collect();
            if contributors.is_empty() {
                uncovered.push(id(ug));
            }
            coverage.push(Coverage {
                goal: id(ug),
                status: status_of(ug).status,
                contributors,
            });
        }

        let mut deviations = Vec::new();
        let mut unaddressed = Vec::new();
        let mut disagreements = Vec::new();
        for &lg in &lower_goals {
            let goal = &c.goals[lg as usize];
            let r = status_of(lg);
            let mut worsening: Vec<IndicatorId> = goal
                .indicators
                .iter()
                .filter_map(|&(i, _)| {
                    let ind = &c.indicators[i as usize].id;
                    let res = self.indicator(ind.as_str(), c.orgs[goal.owner as usize].id.as_str());
                    res.filter(|res| res.trend == Trend::Worsening)
                        .map(|_| ind.clone())
                })
                .collect();
            worsening.sort();
            worsening.dedup();
            let off = matches!(r.status, Status::PartlyFulfilled | Status::NotFulfilled);
            if off || !worsening.is_empty() {
                let addressed = goal.plans.iter().any(|&p| {
                    c.plans[p as usize].activities.iter().any(|a| {
                        matches!(
                            a.status,
                            ActivityStatus::NotStarted | ActivityStatus::Ongoing
                        )
                    })
                });
                if !addressed {
                    unaddressed.push(goal.id.clone());
                }
                deviations.push(Deviation {
                    goal: goal.id.clone(),
                    status: r.status,
                    worsening,
                });
            }
            if r.manual && r.status != r.computed_status {
                disagreements.push(Disagreement {
                    goal: goal.id.clone(),
                    status: r.status,
                    computed_status: r.computed_status,
                });
            }
        }

        let lower_set: FastSet<Ix> = lower_goals.iter().copied().collect();
        let mut overdue = Vec::new();
        for p in &c.plans {
            let relevant = p.owner == l || p.goals.iter().any(|g| lower_set.contains(g));
            let kept = self
                .tag
                .as_ref()
                .is_none_or(|t| p.tags.contains(t) || p.goals.iter().any(|g| keep(*g)));
            if !(relevant && kept) {
                continue;
            }
            for a in &p.activities {
                if is_overdue(a, self.as_of) {
                    overdue.push(OverdueActivity {
                        plan: p.id.clone(),
                        activity: a.id.clone(),
                        due: a.due.unwrap_or(self.as_of),
                        responsible: a.responsible.clone(),
                    });
                }
            }
        }
        overdue.sort_by(|a, b| (&a.plan, &a.activity).cmp(&(&b.plan, &b.activity)));

        let mut comparisons: Vec<IndicatorResult> = Vec::new();
        for &lg in &lower_goals {
            let goal = &c.goals[lg as usize];
            for &(i, _) in &goal.indicators {
                let r = self.indicator(
                    c.indicators[i as usize].id.as_str(),
                    c.orgs[goal.owner as usize].id.as_str(),
                );
                if let Some(r) = r.filter(|r| r.comparison.is_some()) {
                    comparisons.push(r.clone());
                }
            }
        }
        comparisons.sort_by(|a, b| (&a.indicator, &a.org).cmp(&(&b.indicator, &b.org)));
        comparisons.dedup_by(|a, b| a.indicator == b.indicator && a.org == b.org);

        let scorecard = self
            .scorecard(lower)
            .cloned()
            .ok_or_else(|| Error::unknown("org", lower))?;
        Ok(DialogueBrief {
            format: DIALOGUE_FORMAT,
            period: self.period,
            tag: self.tag.clone(),
            upper: c.orgs[u as usize].id.clone(),
            lower: c.orgs[l as usize].id.clone(),
            scorecard,
            coverage,
            uncovered,
            deviations,
            unaddressed,
            overdue,
            disagreements,
            comparisons,
        })
    }

    /// The compiled model this evaluation was made from, to evaluate
    /// another period without validating again.
    pub fn compiled(&self) -> &Arc<Compiled> {
        &self.compiled
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Chunks come back in order, whatever the number of threads.
    #[test]
    fn in_chunks_keeps_the_order() {
        let items: Vec<u32> = (0..1001).collect();
        for threads in [0, 1, 2, 3, 8, 2000] {
            let out: Vec<u32> = in_chunks(&items, threads, |c| {
                c.iter().map(|x| x * 2).collect::<Vec<_>>()
            })
            .into_iter()
            .flatten()
            .collect();
            assert_eq!(
                out,
                items.iter().map(|x| x * 2).collect::<Vec<_>>(),
                "{threads} threads"
            );
        }
        assert_eq!(in_chunks(&[] as &[u32], 4, <[u32]>::len), vec![0]);
    }

    /// The indicator phase gives the same evaluation on any number of threads.
    #[test]
    fn threads_do_not_change_the_result() {
        let text = include_str!("../../../../examples/exempelkommun.json");
        let compiled = Arc::new(Model::from_json(text).unwrap().compile().unwrap());
        for p in ["2025T2", "2025", "2024T3", "2025-05", "2024Q4"] {
            let period: Period = p.parse().unwrap();
            let options = EvalOptions::default();
            let one = compiled.compute_on(period, Some(1)).unwrap();
            let one = compiled.assemble(one, &options).unwrap().to_json();
            for threads in [2, 3, 7] {
                let many = compiled.compute_on(period, Some(threads)).unwrap();
                let many = compiled.assemble(many, &options).unwrap().to_json();
                assert_eq!(one, many, "{p} on {threads} threads");
            }
        }
    }
}
