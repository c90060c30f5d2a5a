//! The compiled layout: a validated [`Model`] indexed by dense integer ids
//! ([`Compiled`]), built once by [`Model::compile`] and read by every
//! evaluation of every period.
//!
//! This is the first step of the engine's one-way flow
//! (model → compiled layout → per-period state → evaluation): it imports
//! the model and validation, and nothing that is built on it. Each kind of
//! item (org, indicator, goal, plan) sits in one vector indexed by its
//! [`Ix`]; links between items are indices, so the evaluation passes never
//! look up a string.
//!
//! Cost: building is linear in the model's size, plus the sorts by id
//! (n log n) that give each item its output rank, and marking the orgs
//! that can have a value (`cover`: each org once per indicator). It reuses
//! what validation looked up ([`crate::validate::Index`]: the id indices
//! and the scorecard membership, whose responsible-board walk is memoised:
//! linear in the orgs, however deep the tree), so no id is hashed twice.
//! For a large model the goals' side (goals, plans, their orders, the
//! scorecards) is compiled on a thread of its own while the indicators
//! are compiled on the others and this one ([`on_cores`]), and the slot
//! layout on every core. The maps by id text are made only when first
//! asked for ([`Compiled::org_ix`] …): no evaluation needs them. The orgs
//! are sorted by id first, so that each indicator's outcomes are laid
//! out in the order of its slots as they are copied in ([`Outcomes`]: one
//! vector per indicator, not one per (indicator, org) pair). Links that
//! are always in force keep no validity ([`link_validity`]).

use std::collections::HashMap;
use std::sync::OnceLock;

// Maps keyed by dense integer ids use the Fx hash (fast, and the keys are
// ours, not the caller's); maps keyed by the model's string ids keep std's
// SipHash.
use rustc_hash::{FxHashMap as FastMap, FxHashSet as FastSet};

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::diagnostic::{Diagnostic, Severity};
use crate::error::Error;
use crate::ids::IdIndex;
use crate::ids::{ActivityId, GoalId, IndicatorId, OrgId, PlanId};
use crate::model::{
    ActivityStatus, ArrowBasis, Assessment, Assignment, Consolidation, Direction, KoladaSource,
    Level, Model, RuleKind, TargetKind,
};
use crate::perspective::Perspective;
use crate::validate::{GoalRefs, Index};
use crate::Period;

pub(crate) type Ix = u32;

/// A reference validation found.
fn known(r: Option<u32>) -> Ix {
    r.expect("validation refuses an unknown reference")
}

/// The position of `id` in `index`; validation found every reference.
fn at(index: &IdIndex<'_>, id: &str) -> Ix {
    ix(index
        .get(id)
        .expect("validation refuses an unknown reference"))
}

/// The index of an (indicator, org) pair in [`Compiled::slots`].
pub(crate) type Slot = u32;

#[derive(Debug, Clone)]
pub(crate) struct OrgInfo {
    pub(crate) id: OrgId,
    pub(crate) parent: Option<Ix>,
    pub(crate) children: Vec<Ix>,
}

#[derive(Debug, Clone)]
pub(crate) struct TargetInfo {
    pub(crate) kind: TargetKind,
    pub(crate) value: Option<Decimal>,
    pub(crate) warning: Option<Decimal>,
    /// For `improve`: the smallest change, in the unit or as a share.
    pub(crate) change: Option<Change>,
    /// For a rank target: the best and worst shares, defaults applied.
    pub(crate) shares: (Decimal, Decimal),
}

/// The size of an `improve` target's change (`change` or `change_share`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Change {
    /// In the indicator's unit.
    Unit(Decimal),
    /// As a share of the value one year earlier.
    Share(Decimal),
}

impl TargetInfo {
    /// The compiled form of a target entry (defaults applied).
    pub(crate) fn of(t: &crate::model::Target) -> Self {
        Self {
            kind: t.kind,
            value: t.value,
            warning: t.warning,
            change: Change::of(t),
            shares: (
                t.best_share.unwrap_or(crate::model::DEFAULT_RANK_SHARE),
                t.worst_share.unwrap_or(crate::model::DEFAULT_RANK_SHARE),
            ),
        }
    }
}

impl Change {
    /// The change of a target entry; validation guarantees at most one is set.
    pub(crate) fn of(t: &crate::model::Target) -> Option<Self> {
        t.change
            .map(Self::Unit)
            .or_else(|| t.change_share.map(Self::Share))
    }
}

/// An indicator's own outcomes at every org, in one pair of vectors
/// (compressed sparse rows): the orgs with an outcome in org id order —
/// the order of the indicator's result slots ([`Compiled::slots`]) — and
/// each org's outcomes sorted by period, so that the periods one result
/// reads (the period, the previous one, a year earlier, a window) sit
/// together, and a pass over the slots in order streams through the
/// vectors. One allocation per indicator instead of one per (indicator,
/// org) pair.
///
/// The periods are kept apart from the values, as their
/// [`Period::sort_key`]s: a search for a period reads four bytes an
/// outcome (a run of monthly, tertial and yearly outcomes over three years
/// fits in a few cache lines), and touches the values only where it found
/// one.
///
/// ```text
///  ranks   [  3        8             12   ]   org ranks (Compiled::org_rank), ascending
///  start   [  0        2             5      6 ]
///  keys    [  T1  T2 | T1  T2  T3 | 2025 ]    Period::sort_key
///  values  [  a   b  | c   d   e  | f    ]
/// ```
///
/// An org is found by its rank with a binary search in `ranks` (no hash
/// lookup). An edit ([`crate::Engine`]) inserts or removes in place:
/// linear in the indicator's outcomes.
#[derive(Debug, Clone)]
pub(crate) struct Outcomes {
    /// The rank ([`Compiled::org_rank`]) of each org with an outcome, ascending.
    ranks: Vec<Ix>,
    /// Where each org's outcomes start in `keys` and `values`, and one
    /// more entry for the end. Offsets fit in u32: compile checks that the
    /// measurements number fewer than 2^32, and an edit adds one value at
    /// a time.
    start: Vec<u32>,
    /// The period of every outcome ([`Period::sort_key`]), org by org.
    keys: Vec<u32>,
    /// The value of every outcome, parallel to `keys`.
    values: Vec<Decimal>,
}

/// One org's own outcomes of one indicator, sorted by period (a view into
/// [`Outcomes`]).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Own<'a> {
    keys: &'a [u32],
    values: &'a [Decimal],
}

impl<'a> Own<'a> {
    /// The outcome for `p`, if any.
    #[inline]
    pub(crate) fn get(self, p: Period) -> Option<Decimal> {
        let key = p.sort_key();
        self.keys.binary_search(&key).ok().map(|k| self.values[k])
    }

    /// The outcomes by period, ascending.
    pub(crate) fn iter(self) -> impl Iterator<Item = (Period, Decimal)> + 'a {
        self.keys
            .iter()
            .zip(self.values)
            .map(|(&k, &v)| (Period::from_sort_key(k), v))
    }
}

impl Outcomes {
    /// No outcome yet, with room for `orgs` orgs and `values` values.
    fn with_capacity(orgs: usize, values: usize) -> Self {
        let mut start = Vec::with_capacity(orgs + 1);
        start.push(0);
        Self {
            ranks: Vec::with_capacity(orgs),
            start,
            keys: Vec::with_capacity(values),
            values: Vec::with_capacity(values),
        }
    }

    /// Adds the org of rank `rank` (above every rank so far) with its
    /// outcomes `sorted` (by period, distinct); nothing when it has none.
    fn push_org(&mut self, rank: Ix, sorted: &[(Period, Decimal)]) {
        if sorted.is_empty() {
            return;
        }
        self.keys.extend(sorted.iter().map(|(p, _)| p.sort_key()));
        self.values.extend(sorted.iter().map(|(_, v)| *v));
        self.ranks.push(rank);
        self.start.push(ix(self.values.len()));
    }

    /// Frees the room reserved and not used (some measurements were
    /// forecasts).
    fn shrink_to_fit(&mut self) {
        self.keys.shrink_to_fit();
        self.values.shrink_to_fit();
    }

    /// The outcomes of the org at `k` in `ranks`.
    fn at(&self, k: usize) -> Own<'_> {
        let (from, to) = (self.start[k] as usize, self.start[k + 1] as usize);
        Own {
            keys: &self.keys[from..to],
            values: &self.values[from..to],
        }
    }

    /// The outcomes of the org of rank `rank`, sorted by period; empty
    /// when it has none.
    pub(crate) fn of(&self, rank: Ix) -> Own<'_> {
        match self.ranks.binary_search(&rank) {
            Ok(k) => self.at(k),
            Err(_) => Own::default(),
        }
    }

    /// The ranks of the orgs with an outcome, ascending.
    pub(crate) fn ranks(&self) -> &[Ix] {
        &self.ranks
    }

    /// Each org with an outcome (by rank, ascending) and its outcomes.
    pub(crate) fn orgs(&self) -> impl Iterator<Item = (Ix, Own<'_>)> {
        self.ranks.iter().enumerate().map(|(k, &r)| (r, self.at(k)))
    }

    /// Sets or removes the outcome of the org of rank `rank` for `p`; the
    /// old value. An org whose last outcome is removed leaves the list.
    fn set(&mut self, rank: Ix, p: Period, value: Option<Decimal>) -> Option<Decimal> {
        let k = match (self.ranks.binary_search(&rank), value) {
            (Ok(k), _) => k,
            (Err(_), None) => return None,
            (Err(k), Some(_)) => {
                // A new org: an empty range where its rank belongs.
                self.ranks.insert(k, rank);
                self.start.insert(k + 1, self.start[k]);
                k
            }
        };
        let (from, to) = (self.start[k] as usize, self.start[k + 1] as usize);
        let key = p.sort_key();
        let found = self.keys[from..to].binary_search(&key);
        match (found, value) {
            (Ok(j), Some(v)) => Some(std::mem::replace(&mut self.values[from + j], v)),
            (Ok(j), None) => {
                self.keys.remove(from + j);
                let old = self.values.remove(from + j);
                for s in &mut self.start[k + 1..] {
                    *s -= 1;
                }
                if from + 1 == to {
                    self.ranks.remove(k);
                    self.start.remove(k + 1);
                }
                Some(old)
            }
            (Err(j), Some(v)) => {
                self.keys.insert(from + j, key);
                self.values.insert(from + j, v);
                for s in &mut self.start[k + 1..] {
                    *s += 1;
                }
                None
            }
            (Err(_), None) => None,
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct IndicatorInfo {
    pub(crate) id: IndicatorId,
    pub(crate) owner: Ix,
    pub(crate) kolada: Option<KoladaSource>,
    pub(crate) direction: Direction,
    pub(crate) consolidation: Consolidation,
    pub(crate) partly_at: Option<Decimal>,
    pub(crate) window: u32,
    pub(crate) tags: Vec<String>,
    /// The own outcomes (*utfall*), org by org in the order of the
    /// indicator's slots, each org's sorted by period (see [`Outcomes`]).
    pub(crate) outcomes: Outcomes,
    /// Whether any target names an org (else the org walk is skipped).
    pub(crate) org_targets: bool,
    /// The periods `targets` has entries for, sorted, each with whether an
    /// entry for it names an org: a target lookup skips the periods
    /// without an entry (a month of an indicator with yearly targets asks
    /// for the month, quarter and tertial in vain) and walks up the org
    /// tree only for periods with org-specific entries.
    pub(crate) target_periods: Vec<(Period, bool)>,
    /// The orgs that can have a value in some period: those with a
    /// measurement and, when the indicator consolidates, their ancestors.
    /// Everything else is skipped without a lookup, so consolidating at a
    /// board touches only the part of its subtree that reports the indicator.
    pub(crate) covered: FastSet<Ix>,
    /// Every period with an own outcome at some org, sorted (a superset
    /// after an edit removed one): a consolidation for any other period
    /// finds nothing, so it is answered without walking the subtree. (An
    /// annual key figure is consolidated at every tertial and month a goal
    /// reads it in; at national scale those walks were most of the memo.)
    pub(crate) periods: Vec<Period>,
    /// Targets by (org or none, period).
    pub(crate) targets: FastMap<(Option<Ix>, Period), TargetInfo>,
    /// Forecasts (*prognoser*): per org its forecast values sorted by period.
    /// Empty for most indicators, which then never look at them.
    pub(crate) forecasts: FastMap<Ix, Vec<(Period, Decimal)>>,
    /// The orgs with a forecast and, when the indicator consolidates, their
    /// ancestors: only there can a value rest on a forecast.
    pub(crate) forecast_covered: FastSet<Ix>,
}

#[derive(Debug, Clone)]
pub(crate) struct GoalInfo {
    pub(crate) id: GoalId,
    pub(crate) title: String,
    pub(crate) level: Level,
    pub(crate) perspective: Perspective,
    pub(crate) owner: Ix,
    pub(crate) tags: Vec<String>,
    /// When the goal is in force (`valid_from`, `valid_to`).
    pub(crate) valid: Validity,
    /// Sorted by indicator id (the order of the result's items).
    pub(crate) indicators: Vec<(Ix, Decimal)>,
    /// The result slot of each indicator link at the owner, parallel to
    /// `indicators` (see [`Compiled::slots`]).
    pub(crate) indicator_slots: Vec<Slot>,
    /// When each indicator link is in force, parallel to `indicators`,
    /// or empty when every one always is (most goals: no allocation); read
    /// it with [`link_validity`].
    pub(crate) indicator_valid: Vec<Validity>,
    /// Goals that contribute to this one, with the link's weight, sorted
    /// by goal id (the order of the result's items).
    pub(crate) contributors: Vec<(Ix, Decimal)>,
    /// When each contributing link is in force, parallel to `contributors`,
    /// or empty when every one always is ([`link_validity`]).
    pub(crate) contributor_valid: Vec<Validity>,
    /// Goals this one contributes to.
    pub(crate) upper: Vec<Ix>,
    /// When each upward link is in force, parallel to `upper`, or empty
    /// when every one always is ([`link_validity`]).
    pub(crate) upper_valid: Vec<Validity>,
    pub(crate) rule: RuleKind,
    pub(crate) fulfilled_at: Option<Decimal>,
    pub(crate) partly_at: Option<Decimal>,
    pub(crate) assessments: FastMap<Period, Assessment>,
    /// Plans that list this goal.
    pub(crate) plans: Vec<Ix>,
    /// Judge on the plans' activities while no item has a status.
    pub(crate) activities: Option<crate::model::ActivityJudgement>,
}

/// A validity (*giltighet*) from–to, both inclusive, `None` open.
pub(crate) type Validity = (Option<Period>, Option<Period>);

/// The validity of link `k` of a goal's list whose validities are
/// `valid`: parallel to the list, or empty when every link is always in
/// force.
pub(crate) fn link_validity(valid: &[Validity], k: usize) -> Validity {
    valid.get(k).copied().unwrap_or((None, None))
}

/// The validities of a list of links, or none when every link is always
/// in force (see [`link_validity`]).
fn validities(links: impl ExactSizeIterator<Item = Validity> + Clone) -> Vec<Validity> {
    if links.clone().all(|v| v == (None, None)) {
        Vec::new()
    } else {
        links.collect()
    }
}

/// Whether `v` is in force in `p` (see [`crate::model::valid_in`]).
pub(crate) fn in_force(v: Validity, p: Period) -> bool {
    (v.0.is_none() && v.1.is_none()) || crate::model::valid_in(v.0, v.1, p)
}

impl GoalInfo {
    /// Whether the goal is in force in `p`.
    pub(crate) fn in_force(&self, p: Period) -> bool {
        in_force(self.valid, p)
    }
}

#[derive(Debug, Clone)]
pub(crate) struct ActivityInfo {
    pub(crate) id: ActivityId,
    pub(crate) status: ActivityStatus,
    pub(crate) due: Option<NaiveDate>,
    pub(crate) progress: Option<Decimal>,
    pub(crate) responsible: Option<OrgId>,
}

#[derive(Debug, Clone)]
pub(crate) struct PlanInfo {
    pub(crate) id: PlanId,
    pub(crate) owner: Ix,
    pub(crate) goals: Vec<Ix>,
    pub(crate) tags: Vec<String>,
    pub(crate) activities: Vec<ActivityInfo>,
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
    pub(crate) orgs: Vec<OrgInfo>,
    pub(crate) indicators: Vec<IndicatorInfo>,
    pub(crate) goals: Vec<GoalInfo>,
    /// The look-ups by id text ([`Compiled::org_ix`] …), made on first use:
    /// an evaluation reads none of them, only the calls that take an id
    /// (edits, the dialogue, series by id) do, and at national scale
    /// making them was a fifth of compiling.
    by_text: ByText,
    /// Goal indices, operational first, then board, then council.
    pub(crate) goal_order: Vec<Ix>,
    /// Goal indices in output order (by goal id).
    pub(crate) goal_sorted: Vec<Ix>,
    /// The result slots: every (indicator, org) pair that can be reported
    /// in some period (a goal uses it, or it has an own measurement or
    /// forecast in some period), in output order (indicator id, then org
    /// id). A period's results sit in a vector by slot, so that results are
    /// written in place, found by index, and come out sorted.
    pub(crate) slots: Vec<(Ix, Ix)>,
    /// Whether a goal uses the slot's pair: then it is reported in every period.
    pub(crate) slot_used: Vec<bool>,
    /// Per indicator, the range of its slots (`slots` holds each
    /// indicator's pairs together, by org id). See [`Compiled::slot_of`].
    pub(crate) slot_range: Vec<(Slot, Slot)>,
    pub(crate) plans: Vec<PlanInfo>,
    /// The plans in id order (the order of the evaluation's).
    pub(crate) plan_sorted: Vec<Ix>,
    /// Per org, the goals of its scorecard, sorted by goal id.
    pub(crate) scorecards: Vec<Vec<Ix>>,
    /// Each scorecard's distinct indicators by perspective with all its
    /// goals reported (see [`distinct_indicators`]): the count of nearly
    /// every period, worked out once.
    pub(crate) scorecard_indicators: Vec<[usize; 4]>,
    /// The model's assignments (*uppdrag*), sorted by assignee, then id.
    pub(crate) assignments: Vec<Assignment>,
    /// Whether any goal or link has a validity (else no period filter is needed).
    pub(crate) validities: bool,
    /// Org indices sorted by org id.
    pub(crate) org_sorted: Vec<Ix>,
    /// Each org's and indicator's position in id order, so that
    /// output is sorted by comparing integers, not strings.
    pub(crate) org_rank: Vec<Ix>,
    pub(crate) ind_rank: Vec<Ix>,
    pub(crate) warnings: Vec<Diagnostic>,
    /// What the scorecard's arrow compares with (`settings.arrow`).
    pub(crate) arrow: ArrowBasis,
}

/// How many threads to compile or validate `items` items on: one for a
/// small model (a thread costs more than it saves), else every core (at
/// most 8).
pub(crate) fn threads_for(items: usize) -> usize {
    if items < 2_000 {
        1
    } else {
        std::thread::available_parallelism()
            .map_or(1, std::num::NonZero::get)
            .min(8)
    }
}

/// `work` over `items` cut into `threads` runs of about equal total
/// `weight` (at least one item each), the results in order; one for a
/// single thread. The calling thread works on the first run rather than
/// wait: a thread fewer to start, and its allocations come from the main
/// heap, which grows 128 kB at a time, where a new thread's heap (glibc)
/// grows a page at a time, a system call each (at national scale the
/// compiled outcomes alone are 230 MB). A panic on a thread is resumed here.
pub(crate) fn on_cores<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    weight: impl Fn(&T) -> usize,
    work: impl Fn(&[T]) -> R + Sync,
) -> Vec<R> {
    if threads <= 1 || items.len() < 2 {
        return vec![work(items)];
    }
    // Cut where the running total of the weights passes each share.
    let total: usize = items.iter().map(|t| weight(t).max(1)).sum();
    let mut cuts = Vec::with_capacity(threads + 1);
    cuts.push(0);
    let mut sum = 0;
    for (k, t) in items.iter().enumerate() {
        sum += weight(t).max(1);
        let next = cuts.len();
        if next < threads && sum * threads >= total * next && k + 1 < items.len() {
            cuts.push(k + 1);
        }
    }
    cuts.push(items.len());
    let work = &work;
    std::thread::scope(|scope| {
        let handles: Vec<_> = cuts[1..]
            .windows(2)
            .map(|w| scope.spawn(move || work(&items[w[0]..w[1]])))
            .collect();
        let mut out = Vec::with_capacity(handles.len() + 1);
        out.push(work(&items[..cuts[1]]));
        out.extend(
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))),
        );
        out
    })
}

#[allow(clippy::cast_possible_truncation)]
pub(crate) fn ix(i: usize) -> Ix {
    // Models are far below 4 billion items per kind; checked in `compile`.
    i as Ix
}

impl Model {
    /// Validates the model and indexes it for evaluation.
    ///
    /// Fails with [`Error::Invalid`] when validation finds errors; the
    /// warnings are kept and reported with every evaluation.
    pub fn compile(&self) -> Result<Compiled, Error> {
        let (diagnostics, index) = self.validate_indexed();
        if diagnostics.iter().any(Diagnostic::is_error) {
            return Err(Error::Invalid {
                diagnostics: diagnostics
                    .into_iter()
                    .filter(Diagnostic::is_error)
                    .collect(),
            });
        }
        // Result slots are numbered by u32 too: there are at most as many
        // as measurements plus goal-indicator links.
        let slot_bound = self
            .indicators
            .iter()
            .map(|i| i.measurements.len())
            .chain(self.goals.iter().map(|g| g.indicators.len()))
            .fold(0usize, usize::saturating_add);
        let too_big = [
            self.organisation.len(),
            self.indicators.len(),
            self.goals.len(),
            self.action_plans.len(),
            slot_bound,
        ]
        .iter()
        .any(|n| u32::try_from(*n).is_err());
        if too_big {
            return Err(Error::Overflow {
                context: "the model has more than 2^32 items of one kind, or measurements and goal links together".into(),
            });
        }
        let c = Compiled::build(self, index, diagnostics);
        Ok(c)
    }
}

impl Compiled {
    /// The layout of `model`, which validation found free of errors; `index`
    /// is what validation looked up ([`Model::validate_indexed`]).
    pub(crate) fn build(model: &Model, index: Index<'_>, warnings: Vec<Diagnostic>) -> Self {
        let Index {
            org_ix: org_of,
            goal_ix: goal_of,
            scorecards,
            goal_refs,
        } = index;
        let threads = threads_for(model.indicators.len() + model.goals.len());
        // The goals' side (goals, plans, their orders and the scorecards)
        // does not depend on the indicators' (outcomes, forecasts, targets):
        // for a large model it is compiled on a thread of its own meanwhile,
        // so that its sequential steps overlap the indicators' work rather
        // than leave all cores but one idle after it.
        let goal_side = || {
            // The indicators in id order too, for the order of the goals' items.
            let by_id = sorted_by_id(model.indicators.iter().map(|i| i.id.as_str()));
            let ind_rank = ranks(&by_id);
            let mut side =
                GoalSide::build(model, &goal_refs, &goal_of, &org_of, scorecards, threads);
            order_items(&mut side.goals, &ind_rank, &side.goal_rank);
            (side, by_id, ind_rank)
        };
        std::thread::scope(|scope| {
            let goal_side = if threads > 1 {
                Err(scope.spawn(goal_side))
            } else {
                Ok(goal_side())
            };
            let org = |id: &OrgId| at(&org_of, id.as_str());
            let mut orgs: Vec<OrgInfo> = model
                .organisation
                .iter()
                .map(|o| OrgInfo {
                    id: o.id.clone(),
                    parent: o.parent.as_ref().map(org),
                    children: Vec::new(),
                })
                .collect();
            for i in 0..orgs.len() {
                if let Some(p) = orgs[i].parent {
                    orgs[p as usize].children.push(ix(i));
                }
            }
            // The orgs in id order first: an indicator's outcomes are laid
            // out in it (the order of its slots).
            let org_sorted = sorted_by_id(model.organisation.iter().map(|o| o.id.as_str()));
            let org_rank = ranks(&org_sorted);
            // Indicators are compiled independently of each other: on every
            // core for a large model, in shares of about equal work.
            let indicators = concat(on_cores(
                &model.indicators,
                threads_for(model.indicators.len()),
                |ind| ind.measurements.len() + ind.targets.len(),
                |chunk| {
                    let mut scratch = Scratch::default();
                    chunk
                        .iter()
                        .map(|ind| {
                            indicator_info(model, ind, &orgs, &org_of, &org_rank, &mut scratch)
                        })
                        .collect::<Vec<_>>()
                },
            ));
            let (
                GoalSide {
                    mut goals,
                    plans,
                    plan_sorted,
                    goal_order,
                    goal_sorted,
                    goal_rank: _,
                    scorecards,
                    scorecard_indicators,
                },
                by_id,
                ind_rank,
            ) = goal_side
                .unwrap_or_else(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
            let (slots, slot_used, slot_range) = slot_layout(
                &indicators,
                &mut goals,
                &by_id,
                &org_rank,
                &org_sorted,
                threads,
            );
            let validities = model.goals.iter().any(|g| {
                g.valid_from.is_some()
                    || g.valid_to.is_some()
                    || g.indicators
                        .iter()
                        .any(|l| l.valid_from.is_some() || l.valid_to.is_some())
                    || g.contributes_to
                        .iter()
                        .any(|l| l.valid_from.is_some() || l.valid_to.is_some())
            });
            let mut assignments = model.assignments.clone();
            assignments.sort_by(|a, b| (&a.assigned_to, &a.id).cmp(&(&b.assigned_to, &b.id)));
            Self {
                assignments,
                validities,
                orgs,
                indicators,
                goals,
                by_text: ByText::default(),
                goal_order,
                goal_sorted,
                slots,
                slot_used,
                slot_range,
                plans,
                plan_sorted,
                scorecards,
                scorecard_indicators,
                org_sorted,
                org_rank,
                ind_rank,
                warnings: warnings
                    .into_iter()
                    .filter(|d| d.severity == Severity::Warning)
                    .collect(),
                arrow: model.settings.arrow,
            }
        })
    }
}

/// The goals' part of the layout, compiled apart from the indicators'
/// ([`Compiled::build`]).
struct GoalSide {
    /// [`Compiled::goals`], but for the items' order and the slots.
    goals: Vec<GoalInfo>,
    plans: Vec<PlanInfo>,
    plan_sorted: Vec<Ix>,
    goal_order: Vec<Ix>,
    goal_sorted: Vec<Ix>,
    /// Each goal's position in id order.
    goal_rank: Vec<Ix>,
    scorecards: Vec<Vec<Ix>>,
    scorecard_indicators: Vec<[usize; 4]>,
}

/// How many distinct indicators the goals `members` link to, by
/// perspective (an indicator linked from two goals of a perspective
/// counts once): a scorecard's `indicators` per perspective. `scratch`:
/// a list to reuse.
pub(crate) fn distinct_indicators(
    goals: &[GoalInfo],
    members: impl Iterator<Item = Ix>,
    scratch: &mut Vec<(usize, Ix)>,
) -> [usize; 4] {
    // (perspective, indicator) of every link, counted distinct: one list
    // rather than a hash set per perspective and org.
    scratch.clear();
    for g in members {
        let goal = &goals[g as usize];
        let p = goal.perspective.index();
        scratch.extend(goal.indicators.iter().map(|(i, _)| (p, *i)));
    }
    scratch.sort_unstable();
    scratch.dedup();
    let mut counts = [0; 4];
    for &(p, _) in scratch.iter() {
        counts[p] += 1;
    }
    counts
}

impl GoalSide {
    /// The goals with the links to them, the plans, the goals' orders and
    /// the scorecards (each org's goals in id order), from what validation
    /// looked up. The goals are compiled on `threads - 1` threads (the
    /// indicators take the others meanwhile).
    fn build(
        model: &Model,
        goal_refs: &GoalRefs,
        goal_of: &IdIndex<'_>,
        org_of: &IdIndex<'_>,
        scorecards: Vec<Vec<usize>>,
        threads: usize,
    ) -> Self {
        let default_rule = model.settings.rule.unwrap_or_default();
        // Each goal on its own, but for the links to it, added after.
        let goal_list: Vec<(usize, &crate::model::Goal)> = model.goals.iter().enumerate().collect();
        let mut goals = concat(on_cores(
            &goal_list,
            threads_for(model.goals.len()).min(threads.saturating_sub(1).max(1)),
            |_| 1,
            |chunk| {
                chunk
                    .iter()
                    .map(|&(gi, g)| goal_info(g, gi, default_rule, goal_refs))
                    .collect::<Vec<_>>()
            },
        ));
        for (i, g) in model.goals.iter().enumerate() {
            for (l, up) in g.contributes_to.iter().zip(goal_refs.upper(i)) {
                let up = &mut goals[known(*up) as usize];
                up.contributors
                    .push((ix(i), l.weight.unwrap_or(Decimal::ONE)));
                // Kept empty while every link is always in force.
                let valid = (l.valid_from, l.valid_to);
                if valid != (None, None) || !up.contributor_valid.is_empty() {
                    up.contributor_valid
                        .resize(up.contributors.len() - 1, (None, None));
                    up.contributor_valid.push(valid);
                }
            }
        }
        let plans: Vec<PlanInfo> = model
            .action_plans
            .iter()
            .enumerate()
            .map(|(pi, p)| {
                let goal_list: Vec<Ix> = p.goals.iter().map(|g| at(goal_of, g.as_str())).collect();
                for &g in &goal_list {
                    goals[g as usize].plans.push(ix(pi));
                }
                PlanInfo {
                    id: p.id.clone(),
                    owner: at(org_of, p.owner.as_str()),
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
        let plan_sorted = sorted_by_id(plans.iter().map(|p| p.id.as_str()));
        let mut goal_order: Vec<Ix> = (0..goals.len()).map(ix).collect();
        goal_order.sort_by_key(|&g| goals[g as usize].level);
        let goal_sorted = sorted_by_id(model.goals.iter().map(|g| g.id.as_str()));
        let goal_rank = ranks(&goal_sorted);
        let scorecards: Vec<Vec<Ix>> = scorecards
            .into_iter()
            .map(|l| {
                let mut l: Vec<Ix> = l.into_iter().map(ix).collect();
                l.sort_unstable_by_key(|&g| goal_rank[g as usize]);
                l
            })
            .collect();
        let mut scratch = Vec::new();
        let scorecard_indicators = scorecards
            .iter()
            .map(|l| distinct_indicators(&goals, l.iter().copied(), &mut scratch))
            .collect();
        Self {
            goals,
            plans,
            plan_sorted,
            goal_order,
            goal_sorted,
            goal_rank,
            scorecards,
            scorecard_indicators,
        }
    }
}

/// The look-ups by id text of a [`Compiled`], each made on first use from
/// the ids it holds.
#[derive(Debug, Clone, Default)]
struct ByText {
    orgs: OnceLock<HashMap<OrgId, Ix>>,
    indicators: OnceLock<HashMap<IndicatorId, Ix>>,
    goals: OnceLock<HashMap<GoalId, Ix>>,
}

impl Compiled {
    /// Each org's index by its id (`get` takes the text).
    pub(crate) fn org_ix(&self) -> &HashMap<OrgId, Ix> {
        self.by_text
            .orgs
            .get_or_init(|| text_index(self.orgs.iter().map(|o| &o.id)))
    }

    /// Each indicator's index by its id (`get` takes the text).
    pub(crate) fn ind_ix(&self) -> &HashMap<IndicatorId, Ix> {
        self.by_text
            .indicators
            .get_or_init(|| text_index(self.indicators.iter().map(|i| &i.id)))
    }

    /// Each goal's index by its id (`get` takes the text).
    pub(crate) fn goal_ix(&self) -> &HashMap<GoalId, Ix> {
        self.by_text
            .goals
            .get_or_init(|| text_index(self.goals.iter().map(|g| &g.id)))
    }
}

/// Each id's index, by its text (the ids are unique in a valid model),
/// found with a `&str` (an id borrows as its text). The keys share the
/// model's strings: a reference count each, not a copy of the text (at
/// national scale 360,000 allocations fewer).
fn text_index<'a, K: Clone + Eq + std::hash::Hash + 'a>(
    ids: impl ExactSizeIterator<Item = &'a K>,
) -> HashMap<K, Ix> {
    let mut m = HashMap::with_capacity(ids.len());
    for (i, id) in ids.enumerate() {
        m.insert(id.clone(), ix(i));
    }
    m
}

/// The positions of `ids` in id order. The ids are unique (validation
/// refuses repeats), so the order is the one a stable sort by text gives;
/// the sort compares the first 16 bytes as one number and reads the rest
/// of an id only when those are equal.
fn sorted_by_id<'a>(ids: impl Iterator<Item = &'a str>) -> Vec<Ix> {
    let texts: Vec<&str> = ids.collect();
    let mut keyed: Vec<(u128, Ix)> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| (prefix(t), ix(i)))
        .collect();
    keyed.sort_unstable_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| texts[a.1 as usize].cmp(texts[b.1 as usize]))
    });
    keyed.into_iter().map(|(_, i)| i).collect()
}

/// The first 16 bytes of `s` as a big-endian number, padded with zeros:
/// of two texts, the one with the smaller prefix sorts first, and equal
/// prefixes leave it to the rest.
fn prefix(s: &str) -> u128 {
    let mut b = [0u8; 16];
    let n = s.len().min(16);
    b[..n].copy_from_slice(&s.as_bytes()[..n]);
    u128::from_be_bytes(b)
}

/// The parts' items in order, in one vector: the first part grown to
/// hold the others. (A large part sits in pages of its own, which the
/// allocator moves when it grows rather than copying them: at national
/// scale the goals are 100 MB, and copying them into a fresh vector cost
/// a page fault per 4 kB on top of the copy.)
fn concat<T>(parts: Vec<Vec<T>>) -> Vec<T> {
    let total = parts.iter().map(Vec::len).sum::<usize>();
    let mut parts = parts.into_iter();
    let mut all = parts.next().unwrap_or_default();
    all.reserve_exact(total - all.len());
    for p in parts {
        all.extend(p);
    }
    all
}

/// The compiled form of one goal, but for the links to it (`contributors`,
/// `plans`) and the slots (see [`slot_layout`]).
fn goal_info(
    g: &crate::model::Goal,
    gi: usize,
    default_rule: crate::model::Rule,
    refs: &GoalRefs,
) -> GoalInfo {
    let rule = g.rule.unwrap_or(default_rule);
    GoalInfo {
        id: g.id.clone(),
        title: g.title.clone(),
        level: g.level,
        perspective: g.perspective,
        owner: known(refs.owner[gi]),
        tags: sorted_tags(&g.tags),
        valid: (g.valid_from, g.valid_to),
        indicator_valid: validities(g.indicators.iter().map(|l| (l.valid_from, l.valid_to))),
        contributor_valid: Vec::new(),
        upper_valid: validities(g.contributes_to.iter().map(|l| (l.valid_from, l.valid_to))),
        indicators: g
            .indicators
            .iter()
            .zip(refs.indicators(gi))
            .map(|(l, &i)| (known(i), l.weight.unwrap_or(Decimal::ONE)))
            .collect(),
        indicator_slots: Vec::new(),
        contributors: Vec::new(),
        upper: refs.upper(gi).iter().map(|&u| known(u)).collect(),
        rule: rule.kind,
        fulfilled_at: rule.fulfilled_at.filter(|_| rule.kind.has_thresholds()),
        partly_at: rule.partly_at.filter(|_| rule.kind.has_thresholds()),
        assessments: g
            .assessments
            .iter()
            .map(|a| (a.period, a.clone()))
            .collect(),
        plans: Vec::new(),
        activities: g.activities,
    }
}

/// What [`indicator_info`] reuses from indicator to indicator on one thread.
#[derive(Default)]
struct Scratch {
    /// The runs of one org's measurements: (org rank, org, range).
    runs: Vec<(Ix, Ix, std::ops::Range<usize>)>,
    keys: Vec<u64>,
    values: Vec<(Period, Decimal)>,
    /// One org's outcomes, before they are sorted into the indicator's.
    own: Vec<(Period, Decimal)>,
}

/// The compiled form of one indicator: its outcomes by org in slot order
/// ([`Outcomes`]), its forecasts, the orgs that can have a value, its
/// targets. `org_rank` is [`Compiled::org_rank`].
fn indicator_info(
    model: &Model,
    ind: &crate::model::Indicator,
    orgs: &[OrgInfo],
    org_of: &IdIndex<'_>,
    org_rank: &[Ix],
    scratch: &mut Scratch,
) -> IndicatorInfo {
    let org = |id: &OrgId| at(org_of, id.as_str());
    let owner = org(&ind.owner);
    let mut forecasts: FastMap<Ix, Vec<(Period, Decimal)>> = FastMap::default();
    let mut forecast_covered = FastSet::default();
    // The measurements of one org mostly come together (in a run): its id
    // is looked up once per run rather than once per measurement. The runs
    // are then taken in org id order (the order of the indicator's slots),
    // an org's runs together, and each org's outcomes copied straight into
    // the one vector of the indicator.
    let ms = &ind.measurements;
    let Scratch {
        runs,
        keys,
        values,
        own,
    } = scratch;
    runs.clear();
    for (first, run) in crate::model::org_runs(ms) {
        let o = first.map_or(owner, org);
        runs.push((org_rank[o as usize], o, run));
    }
    // Room for an org per run and, when the indicator consolidates, a few
    // ancestors (shared by most of them): one table, sized once.
    let extra = if ind.consolidation == Consolidation::None {
        0
    } else {
        8
    };
    let mut covered =
        FastSet::with_capacity_and_hasher(runs.len() + extra, rustc_hash::FxBuildHasher);
    if !runs.is_sorted_by_key(|r| r.0) {
        // Stable: an org's runs keep their order.
        runs.sort_by_key(|r| r.0);
    }
    let mut outcomes = Outcomes::with_capacity(runs.len(), ms.len());
    for group in runs.chunk_by(|a, b| a.0 == b.0) {
        let (rank, o) = (group[0].0, group[0].1);
        own.clear();
        for (_, _, run) in group {
            for m in &ms[run.clone()] {
                if m.is_forecast() {
                    forecasts.entry(o).or_default().push((m.period(), m.value));
                } else {
                    own.push((m.period(), m.value));
                }
            }
        }
        if !own.is_empty() {
            sort_by_period(own, keys, values);
            outcomes.push_org(rank, own);
            cover(&mut covered, orgs, ind.consolidation, o);
        }
    }
    if outcomes.values.len() < ms.len() {
        // Some were forecasts.
        outcomes.shrink_to_fit();
    }
    for (&o, v) in &mut forecasts {
        sort_by_period(v, keys, values);
        cover(&mut forecast_covered, orgs, ind.consolidation, o);
    }
    let mut targets: FastMap<(Option<Ix>, Period), TargetInfo> = ind
        .targets
        .iter()
        .map(|t| ((t.org.as_ref().map(org), t.period), TargetInfo::of(t)))
        .collect();
    expand_multi_year(&mut targets, &ind.targets, |t| t.org.as_ref().map(org));
    // Only a consolidation reads them (`engine::values`).
    let mut periods = Vec::new();
    if ind.consolidation != Consolidation::None {
        // Most orgs measure the periods the org before them did: those
        // add nothing, found by comparing the two lists for equality.
        let mut before: &[u32] = &[];
        for (_, v) in outcomes.orgs() {
            if v.keys == before {
                continue;
            }
            add_sorted(&mut periods, v.iter().map(|(p, _)| p));
            before = v.keys;
        }
    }
    IndicatorInfo {
        id: ind.id.clone(),
        owner,
        kolada: ind.source.as_ref().and_then(|s| s.kolada.clone()),
        direction: ind.direction,
        consolidation: ind.consolidation,
        partly_at: ind.partly_at.or(model.settings.partly_at),
        window: ind.window.unwrap_or(1).max(1),
        tags: ind.tags.clone(),
        outcomes,
        org_targets: ind.targets.iter().any(|t| t.org.is_some()),
        target_periods: target_periods(&targets),
        covered,
        periods,
        targets,
        forecasts,
        forecast_covered,
    }
}

/// Adds the periods of `more` (sorted, distinct) to `into` (sorted,
/// distinct). Most orgs measure the same periods, so the common case is a
/// merge walk that finds nothing new: linear, no sort.
fn add_sorted(into: &mut Vec<Period>, more: impl Iterator<Item = Period>) {
    let mut missing = Vec::new();
    let mut k = 0;
    for p in more {
        while k < into.len() && into[k] < p {
            k += 1;
        }
        if into.get(k) != Some(&p) {
            missing.push(p);
        }
    }
    if !missing.is_empty() {
        into.extend(missing);
        into.sort_unstable();
        into.dedup();
    }
}

/// The months of a period of each kind, in the order of
/// [`crate::PeriodKind`] (month, quarter, tertial, year).
const MONTHS: [u64; 4] = [1, 3, 4, 12];

/// Sorts one org's values by period. The periods are distinct (validation
/// refuses a repeat), so the order is the one any sort gives; the periods
/// are compared as numbers, (year, first month, last month) packed as 32,
/// 4 and 4 bits above 16 bits that hold the value's position.
/// `keys` and `scratch` are reused from call to call.
fn sort_by_period(
    v: &mut [(Period, Decimal)],
    keys: &mut Vec<u64>,
    scratch: &mut Vec<(Period, Decimal)>,
) {
    if v.len() < 2 {
        return;
    }
    if v.len() > usize::from(u16::MAX) {
        v.sort_unstable_by_key(|(p, _)| *p);
        return;
    }
    keys.clear();
    keys.extend(v.iter().enumerate().map(|(k, (p, _))| {
        // Years as unsigned numbers in the same order: flip the sign bit.
        #[allow(clippy::cast_sign_loss)]
        let year = u64::from(p.year() as u32 ^ 0x8000_0000);
        // The months of the period's kind from a table (`Period::first_month`
        // divides): a key per outcome at compile.
        let months = MONTHS[p.kind() as usize];
        let last = u64::from(p.index()) * months;
        (year << 24) | ((last + 1 - months) << 20) | (last << 16) | k as u64
    }));
    if keys.is_sorted() {
        return;
    }
    keys.sort_unstable();
    scratch.clear();
    #[allow(clippy::cast_possible_truncation)]
    scratch.extend(keys.iter().map(|&k| v[(k & 0xFFFF) as usize]));
    v.copy_from_slice(scratch);
}

/// Puts each goal's items in the order its result lists them (child goals
/// by id, then indicators by id), so that the evaluation builds the items
/// in order instead of sorting them in every period. Validation rules out
/// a goal linking one indicator or one child twice (`duplicate_link`).
fn order_items(goals: &mut [GoalInfo], ind_rank: &[Ix], goal_rank: &[Ix]) {
    // Most lists are short and in order already; the others are put in
    // order through buffers reused from goal to goal.
    let mut order: Vec<(Ix, usize)> = Vec::new();
    let mut items: Vec<(Ix, Decimal)> = Vec::new();
    let mut valid: Vec<Validity> = Vec::new();
    for g in goals.iter_mut() {
        let GoalInfo {
            indicators,
            indicator_valid,
            contributors,
            contributor_valid,
            ..
        } = g;
        reorder(
            indicators,
            indicator_valid,
            ind_rank,
            (&mut order, &mut items, &mut valid),
        );
        reorder(
            contributors,
            contributor_valid,
            goal_rank,
            (&mut order, &mut items, &mut valid),
        );
    }
}

/// Sorts `list` by the rank of its items, and `valid` (parallel to it,
/// or empty) along; the ranks are distinct. The buffers are reused.
#[allow(clippy::type_complexity)]
fn reorder(
    list: &mut [(Ix, Decimal)],
    valid: &mut [Validity],
    rank: &[Ix],
    (order, items, valids): (
        &mut Vec<(Ix, usize)>,
        &mut Vec<(Ix, Decimal)>,
        &mut Vec<Validity>,
    ),
) {
    if list.is_sorted_by_key(|&(i, _)| rank[i as usize]) {
        return;
    }
    order.clear();
    order.extend(
        list.iter()
            .enumerate()
            .map(|(k, &(i, _))| (rank[i as usize], k)),
    );
    order.sort_unstable();
    items.clear();
    items.extend(order.iter().map(|&(_, k)| list[k]));
    list.copy_from_slice(items);
    if valid.is_empty() {
        return; // every link always in force
    }
    valids.clear();
    valids.extend(order.iter().map(|&(_, k)| valid[k]));
    valid.copy_from_slice(valids);
}

/// The result slots (see [`Compiled::slots`]): the pairs goals use and
/// those measured (or forecast) in any period, indicator by indicator in
/// id order (`by_id`) and within one by org id; fills in each goal's
/// `indicator_slots`. Returns the slots, whether a goal uses each, and
/// each indicator's range of slots ([`Compiled::slot_range`]). The
/// answer does not depend on the number of `threads`.
///
/// Cost: linear in the pairs and the goal links, plus sorting each
/// indicator's users (the orgs with outcomes come sorted, see
/// [`Outcomes`]); the indicators and the goals on every core for a large
/// model, and no list per indicator.
#[allow(clippy::type_complexity)]
fn slot_layout(
    indicators: &[IndicatorInfo],
    goals: &mut [GoalInfo],
    by_id: &[Ix],
    org_rank: &[Ix],
    org_sorted: &[Ix],
    threads: usize,
) -> (Vec<(Ix, Ix)>, Vec<bool>, Vec<(Slot, Slot)>) {
    // The ranks of the orgs whose goals use each indicator, grouped by
    // indicator in one list: `users[users_at[i]..users_at[i + 1]]`.
    let mut users_at = vec![0usize; indicators.len() + 1];
    for g in goals.iter() {
        for &(i, _) in &g.indicators {
            users_at[i as usize + 1] += 1;
        }
    }
    for k in 1..users_at.len() {
        users_at[k] += users_at[k - 1];
    }
    let mut fill = users_at.clone();
    let mut users = vec![0; users_at[indicators.len()]];
    for g in goals.iter() {
        for &(i, _) in &g.indicators {
            users[fill[i as usize]] = org_rank[g.owner as usize];
            fill[i as usize] += 1;
        }
    }
    drop(fill);
    // Each indicator's slots merge three lists sorted by org rank: the
    // users, the orgs with outcomes and those with forecasts.
    let parts = on_cores(
        by_id,
        threads,
        |&i| indicators[i as usize].outcomes.ranks().len(),
        |chunk| {
            let (mut slots, mut used, mut lens) = (Vec::new(), Vec::new(), Vec::new());
            let (mut mine, mut forecast) = (Vec::new(), Vec::new());
            for &i in chunk {
                let ind = &indicators[i as usize];
                mine.clear();
                mine.extend_from_slice(&users[users_at[i as usize]..users_at[i as usize + 1]]);
                mine.sort_unstable();
                mine.dedup();
                forecast.clear();
                forecast.extend(ind.forecasts.keys().map(|&o| org_rank[o as usize]));
                forecast.sort_unstable();
                let measured = ind.outcomes.ranks();
                let before = slots.len();
                let (mut a, mut b, mut c) = (0, 0, 0);
                while let Some(&r) = [mine.get(a), measured.get(b), forecast.get(c)]
                    .into_iter()
                    .flatten()
                    .min()
                {
                    let by_goal = mine.get(a) == Some(&r);
                    a += usize::from(by_goal);
                    b += usize::from(measured.get(b) == Some(&r));
                    c += usize::from(forecast.get(c) == Some(&r));
                    slots.push((i, org_sorted[r as usize]));
                    used.push(by_goal);
                }
                lens.push(slots.len() - before);
            }
            (slots, used, lens)
        },
    );
    let mut slot_range = vec![(0, 0); indicators.len()];
    let total = parts.iter().map(|p| p.0.len()).sum();
    let (mut slots, mut slot_used) = (Vec::with_capacity(total), Vec::with_capacity(total));
    let mut ids = by_id.iter();
    for (s, u, lens) in parts {
        slots.extend(s);
        slot_used.extend(u);
        let mut at = slots.len() - lens.iter().sum::<usize>();
        // `lens` first: zip stops on it without taking one more id.
        for (n, &i) in lens.into_iter().zip(ids.by_ref()) {
            slot_range[i as usize] = (ix(at), ix(at + n));
            at += n;
        }
    }
    let found = on_cores(
        goals,
        threads,
        |g| g.indicators.len(),
        |chunk| {
            chunk
                .iter()
                .map(|g| {
                    g.indicators
                        .iter()
                        .map(|&(i, _)| {
                            find_slot(&slots, &slot_range, org_rank, i, g.owner)
                                .expect("every goal's pair has a slot")
                        })
                        .collect::<Vec<Slot>>()
                })
                .collect::<Vec<_>>()
        },
    );
    for (g, s) in goals.iter_mut().zip(found.into_iter().flatten()) {
        g.indicator_slots = s;
    }
    (slots, slot_used, slot_range)
}

/// The slot of `i` at `o`: a binary search by org id among the
/// indicator's slots, which sit together in `slot_range[i]`.
fn find_slot(
    slots: &[(Ix, Ix)],
    slot_range: &[(Slot, Slot)],
    org_rank: &[Ix],
    i: Ix,
    o: Ix,
) -> Option<Slot> {
    let (from, to) = slot_range[i as usize];
    let from = from as usize;
    let mine = &slots[from..to as usize];
    mine.binary_search_by_key(&org_rank[o as usize], |&(_, so)| org_rank[so as usize])
        .ok()
        .map(|k| ix(from + k))
}

/// The inverse of a sorted permutation: `ranks(sorted)[x]` is x's position.
pub(crate) fn ranks(sorted: &[Ix]) -> Vec<Ix> {
    let mut r = vec![0; sorted.len()];
    for (pos, &x) in sorted.iter().enumerate() {
        r[x as usize] = ix(pos);
    }
    r
}

impl Compiled {
    /// The result slot of `i` at `o`, if the pair has one.
    pub(crate) fn slot_of(&self, i: Ix, o: Ix) -> Option<Slot> {
        find_slot(&self.slots, &self.slot_range, &self.org_rank, i, o)
    }
}

impl Compiled {
    /// The own outcomes of `i` at `o`, sorted by period; empty when it has none.
    pub(crate) fn own_series(&self, i: Ix, o: Ix) -> Own<'_> {
        self.indicators[i as usize]
            .outcomes
            .of(self.org_rank[o as usize])
    }

    /// The own outcomes of each slot of `slots`, in slot order: what
    /// [`Compiled::own_series`] gives each, found by walking each
    /// indicator's org ranks alongside its slots (both ascend by org id)
    /// rather than by a binary search a slot. Cost: linear in the slots
    /// and the ranks walked, plus one search where an indicator starts.
    pub(crate) fn own_runs(&self, slots: std::ops::Range<usize>) -> impl Iterator<Item = Own<'_>> {
        let mut at: Option<(Ix, usize)> = None;
        self.slots[slots].iter().map(move |&(i, o)| {
            let outcomes = &self.indicators[i as usize].outcomes;
            let ranks = outcomes.ranks();
            let rank = self.org_rank[o as usize];
            let k = match at {
                Some((was, k)) if was == i => {
                    k + ranks[k..].iter().take_while(|&&r| r < rank).count()
                }
                _ => ranks.partition_point(|&r| r < rank),
            };
            at = Some((i, k));
            let own = if ranks.get(k) == Some(&rank) {
                outcomes.at(k)
            } else {
                Own::default()
            };
            debug_assert_eq!(own.keys, self.own_series(i, o).keys);
            own
        })
    }

    /// The own outcome of `i` at `o` for `p`.
    pub(crate) fn own(&self, i: Ix, o: Ix, p: Period) -> Option<Decimal> {
        self.own_series(i, o).get(p)
    }

    /// Sets or removes the own outcome of `i` at `o` for `p`; the old value.
    pub(crate) fn set_own(
        &mut self,
        i: Ix,
        o: Ix,
        p: Period,
        value: Option<Decimal>,
    ) -> Option<Decimal> {
        let ind = &mut self.indicators[i as usize];
        if value.is_some() {
            if let Err(k) = ind.periods.binary_search(&p) {
                ind.periods.insert(k, p);
            }
        }
        ind.outcomes.set(self.org_rank[o as usize], p, value)
    }
}

impl IndicatorInfo {
    /// The own forecast at `o` for `p`.
    pub(crate) fn own_forecast(&self, o: Ix, p: Period) -> Option<Decimal> {
        let s = self.forecasts.get(&o)?;
        s.binary_search_by_key(&p, |(q, _)| *q).ok().map(|k| s[k].1)
    }
}

/// Adds to `targets` the periods a multi-year target (`valid_to`) stands
/// for: each later period of its `period`'s kind up to `valid_to`, unless
/// an entry is written for it; of two multi-year entries the
/// later-starting (the newer plan) wins. `org_of` gives a target's org index.
/// The periods of an indicator's targets (see
/// [`IndicatorInfo::target_periods`]).
pub(crate) fn target_periods(
    targets: &FastMap<(Option<Ix>, Period), TargetInfo>,
) -> Vec<(Period, bool)> {
    let mut periods: Vec<(Period, bool)> =
        targets.keys().map(|(org, p)| (*p, org.is_some())).collect();
    // One entry per period, naming an org if any of its entries does
    // (`false` sorts first).
    periods.sort_unstable();
    periods.dedup_by(|later, kept| {
        if later.0 == kept.0 {
            kept.1 |= later.1;
            true
        } else {
            false
        }
    });
    periods
}

pub(crate) fn expand_multi_year(
    targets: &mut FastMap<(Option<Ix>, Period), TargetInfo>,
    list: &[crate::model::Target],
    org_of: impl Fn(&crate::model::Target) -> Option<Ix>,
) {
    let mut ranged: Vec<&crate::model::Target> =
        list.iter().filter(|t| t.valid_to.is_some()).collect();
    ranged.sort_by_key(|t| std::cmp::Reverse(t.period));
    for t in ranged {
        let Some(to) = t.valid_to else { continue };
        let mut p = t.period.checked_next();
        while let Some(q) = p.filter(|q| q.end() <= to.end()) {
            targets.entry((org_of(t), q)).or_insert(TargetInfo::of(t));
            p = q.checked_next();
        }
    }
}

/// Marks `o` as able to have a value, and its ancestors when the indicator
/// consolidates (they may get one from it).
pub(crate) fn cover(
    covered: &mut FastSet<Ix>,
    orgs: &[OrgInfo],
    consolidation: Consolidation,
    o: Ix,
) {
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
pub(crate) fn sorted_tags(tags: &[String]) -> Vec<String> {
    let mut t = tags.to_vec();
    t.sort();
    t.dedup();
    t
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    /// Edits of the outcomes in one vector agree with a map by (org, period).
    #[test]
    fn outcomes_edits_agree_with_a_map() {
        let periods: Vec<Period> = ["2024", "2025T1", "2025T2", "2025-05", "2025"]
            .iter()
            .map(|p| p.parse().unwrap())
            .collect();
        let mut outcomes = Outcomes::with_capacity(0, 0);
        let mut map: BTreeMap<(Ix, Period), Decimal> = BTreeMap::new();
        // A small deterministic walk of sets and removals over 6 orgs.
        let mut x: u64 = 7;
        for step in 0..2000u32 {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let rank = ix((x >> 33) as usize % 6);
            let p = periods[(x >> 40) as usize % periods.len()];
            let value = ((x >> 50) % 3 != 0).then(|| Decimal::from(step));
            let old = match value {
                Some(v) => map.insert((rank, p), v),
                None => map.remove(&(rank, p)),
            };
            assert_eq!(outcomes.set(rank, p, value), old, "step {step}");
            let listed: Vec<(Ix, Period, Decimal)> = outcomes
                .orgs()
                .flat_map(|(r, v)| v.iter().map(move |(p, d)| (r, p, d)))
                .collect();
            let expected: Vec<(Ix, Period, Decimal)> =
                map.iter().map(|(&(r, p), &d)| (r, p, d)).collect();
            assert_eq!(listed, expected, "step {step}");
            for r in 0..6 {
                assert_eq!(
                    outcomes.ranks().binary_search(&r).is_ok(),
                    outcomes.of(r).iter().next().is_some()
                );
            }
        }
    }

    /// The packed sort key agrees with the periods' order.
    #[test]
    fn period_keys_sort_like_periods() {
        for k in [
            crate::PeriodKind::Month,
            crate::PeriodKind::Quarter,
            crate::PeriodKind::Tertial,
            crate::PeriodKind::Year,
        ] {
            assert_eq!(MONTHS[k as usize], u64::from(k.months()), "{k:?}");
        }
        let mut all: Vec<Period> = Vec::new();
        for year in [1000, 2024, 2025, 9999] {
            for text in ["", "T1", "T2", "T3", "Q1", "Q2", "Q3", "Q4"] {
                all.push(format!("{year}{text}").parse().unwrap());
            }
            for m in 1..=12 {
                all.push(format!("{year}-{m:02}").parse().unwrap());
            }
        }
        all.reverse();
        let mut v: Vec<(Period, Decimal)> = all.iter().map(|&p| (p, Decimal::ZERO)).collect();
        sort_by_period(&mut v, &mut Vec::new(), &mut Vec::new());
        let mut expected = all.clone();
        expected.sort_unstable();
        assert_eq!(v.iter().map(|(p, _)| *p).collect::<Vec<_>>(), expected);
    }

    /// The slot layout is the same on one thread and on several.
    #[test]
    fn slot_layout_does_not_depend_on_threads() {
        let text = include_str!("../../../examples/exempelkommun.json");
        let c = Model::from_json(text).unwrap().compile().unwrap();
        let mut by_id: Vec<Ix> = (0..c.indicators.len()).map(ix).collect();
        by_id.sort_unstable_by_key(|&i| c.ind_rank[i as usize]);
        for threads in [1, 2, 3, 7] {
            let mut goals = c.goals.clone();
            let (slots, used, range) = slot_layout(
                &c.indicators,
                &mut goals,
                &by_id,
                &c.org_rank,
                &c.org_sorted,
                threads,
            );
            assert_eq!(slots, c.slots, "{threads} threads");
            assert_eq!(used, c.slot_used, "{threads} threads");
            assert_eq!(range, c.slot_range, "{threads} threads");
            for (g, h) in goals.iter().zip(&c.goals) {
                assert_eq!(g.indicator_slots, h.indicator_slots, "{threads} threads");
            }
        }
        // Output order: indicator id, then org id.
        assert!(c
            .slots
            .is_sorted_by_key(|&(i, o)| (c.ind_rank[i as usize], c.org_rank[o as usize])));
    }
}
