//! Goal roll-up along the red thread: a goal's items (its indicators at its
//! owner, and the goals that contribute to it), its rule, and a manual
//! assessment that overrides the computed status.
//!
//! Cost: linear in the goal's items, plus sorting them (n log n).

use rust_decimal::Decimal;

use super::numbers::{add, div, mul, r4, Quotients};
use super::state::Results;
use crate::compile::{in_force, link_validity, Compiled, Ix, Slot};
use crate::error::Error;
use crate::evaluation::{
    ActivityBasis, AppliedAssessment, GoalItem, GoalResult, IndicatorResult, ItemKind,
};
use crate::model::{ActivityJudgement, ActivityStatus, RuleKind};
use crate::perspective::Status;
use crate::Period;

/// What a goal of a period is rolled up from: the period's indicator
/// results and the final statuses of the goals below it (by goal index,
/// worked out already). [`Compiled::roll_goal`] reads their statuses,
/// [`Compiled::goal_result`] the items too.
#[derive(Clone, Copy)]
pub(crate) struct Known<'a> {
    pub(crate) period: Period,
    pub(crate) indicators: &'a Results,
    pub(crate) finals: &'a [Status],
    pub(crate) on_forecast: &'a [bool],
}

impl Compiled {
    /// The statuses of goal `g` from its items' in the period of `known`
    /// (what a period's state keeps of a goal): read from the indicators'
    /// marks and the child goals' final statuses (worked out already),
    /// nothing allocated.
    pub(crate) fn roll_goal(
        &self,
        g: Ix,
        known: &Known<'_>,
        quotients: &mut Quotients,
    ) -> Result<Rolled, Error> {
        self.roll_up(
            g,
            known.period,
            self.items_in_force(g, known.period).map(|item| match item {
                ItemRef::Goal { child, weight } => (
                    weight,
                    known.finals[child as usize],
                    known.on_forecast[child as usize],
                ),
                ItemRef::Indicator { slot, weight, .. } => {
                    let m = known.indicators.mark(slot);
                    (weight, m.status, m.forecast)
                }
            }),
            quotients,
        )
    }

    /// The reported result of goal `g` in the period of `known` with its
    /// statuses `rolled` (from [`Compiled::roll_goal`]): the items with
    /// their ids, statuses and notes, and the goal's own fields.
    pub(crate) fn goal_result(&self, g: Ix, known: &Known<'_>, rolled: &Rolled) -> GoalResult {
        let Known {
            period,
            indicators: inds,
            finals,
            on_forecast,
        } = *known;
        let goal = &self.goals[g as usize];
        let mut items = Vec::with_capacity(goal.indicators.len() + goal.contributors.len());
        for item in self.items_in_force(g, period) {
            items.push(match item {
                ItemRef::Goal { child, weight } => GoalItem {
                    kind: ItemKind::Goal,
                    id: (&self.goals[child as usize].id).into(),
                    org: self.orgs[self.goals[child as usize].owner as usize]
                        .id
                        .clone(),
                    weight,
                    status: finals[child as usize],
                    forecast: on_forecast[child as usize],
                    note: None,
                },
                ItemRef::Indicator { i, slot, weight } => {
                    let m = inds.mark(slot);
                    GoalItem {
                        kind: ItemKind::Indicator,
                        id: (&self.indicators[i as usize].id).into(),
                        org: self.orgs[goal.owner as usize].id.clone(),
                        weight,
                        status: m.status,
                        forecast: m.forecast,
                        // Only then is the result itself read.
                        note: if m.noted {
                            inds.slot(slot).and_then(|r| change_note(r, period))
                        } else {
                            None
                        },
                    }
                }
            });
        }
        debug_assert!(items.is_sorted_by(|a, b| (a.kind, &a.id, &a.org) <= (b.kind, &b.id, &b.org)));
        let assessment = goal.assessments.get(&period);
        GoalResult {
            goal: goal.id.clone(),
            title: goal.title.clone(),
            level: goal.level,
            perspective: goal.perspective,
            owner: self.orgs[goal.owner as usize].id.clone(),
            tags: goal.tags.clone(),
            status: rolled.status,
            computed_status: rolled.computed,
            manual: rolled.manual,
            forecast: rolled.forecast,
            score: rolled.score,
            rule: goal.rule,
            fulfilled_at: goal.fulfilled_at,
            partly_at: goal.partly_at,
            assessment: assessment.map(|a| {
                Box::new(AppliedAssessment {
                    status: a.status,
                    comment: a.comment.clone(),
                    author: a.author.clone(),
                    date: a.date,
                })
            }),
            items,
            activities: rolled.activities.clone(),
        }
    }

    /// The items of goal `g` in `period`, in the order of the result
    /// (kind, then id): child goals, then indicators, each list sorted by
    /// id at compile time. Links out of force in the period, and goals out
    /// of force, are no items.
    pub(crate) fn items_in_force(
        &self,
        g: Ix,
        period: Period,
    ) -> impl Iterator<Item = ItemRef> + '_ {
        let goal = &self.goals[g as usize];
        let children = goal
            .contributors
            .iter()
            .enumerate()
            .filter(move |&(k, &(c, _))| {
                // Without validities in the model everything is in force:
                // the child goal (elsewhere in memory) is not read.
                !self.validities
                    || (in_force(link_validity(&goal.contributor_valid, k), period)
                        && self.goals[c as usize].in_force(period))
            })
            .map(|(_, &(child, weight))| ItemRef::Goal { child, weight });
        let indicators = goal
            .indicators
            .iter()
            .enumerate()
            .filter(move |&(k, _)| {
                !self.validities || in_force(link_validity(&goal.indicator_valid, k), period)
            })
            .map(move |(k, &(i, weight))| ItemRef::Indicator {
                i,
                slot: goal.indicator_slots[k],
                weight,
            });
        children.chain(indicators)
    }

    /// A goal's statuses from its items in the period, each (weight,
    /// status, rests on a forecast): the rule over the assessed items, the
    /// activities where no item has a status, a manual assessment over
    /// both. What [`Compiled::goal_result`] reports, without the items.
    pub(crate) fn roll_up(
        &self,
        g: Ix,
        period: Period,
        items: impl Iterator<Item = (Decimal, Status, bool)>,
        quotients: &mut Quotients,
    ) -> Result<Rolled, Error> {
        let goal = &self.goals[g as usize];
        let what = || format!("goal {:?} in {period}", goal.id.as_str());
        // Weighted sums over the assessed items.
        let mut sum_w = Decimal::ZERO;
        let mut sum_ws = Decimal::ZERO;
        let mut sum_wf = Decimal::ZERO;
        let mut any_fulfilled_or_partly = false;
        let mut all_fulfilled = true;
        let mut worst: Option<Status> = None;
        let (mut count, mut any_forecast) = (0usize, false);
        for (weight, status, on_forecast) in items {
            count += 1;
            any_forecast |= on_forecast && status.score().is_some();
            let Some(score) = status.score() else {
                continue;
            };
            sum_w = add(sum_w, weight, &what)?;
            sum_ws = add(sum_ws, weighted(weight, status, score, &what)?, &what)?;
            if status == Status::Fulfilled {
                sum_wf = add(sum_wf, weight, &what)?;
            }
            any_fulfilled_or_partly |= status != Status::NotFulfilled;
            all_fulfilled &= status == Status::Fulfilled;
            worst = Some(match worst {
                Some(w) if rank(w) <= rank(status) => w,
                _ => status,
            });
        }
        // (quotient, rounded to 4 places for the output)
        let score = quotients.div(sum_ws, sum_w, &what)?;
        let computed = if count == 0 {
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
                RuleKind::WeightedScore => thresholds(score.map(|s| s.0).unwrap_or_default()),
                RuleKind::ShareFulfilled => thresholds(
                    quotients
                        .div(sum_wf, sum_w, &what)?
                        .map(|s| s.0)
                        .unwrap_or_default(),
                ),
                RuleKind::Worst => worst.unwrap_or(Status::NoData),
            }
        };
        // No item has a status: the activities of the goal's plans may judge it.
        let mut activities = None;
        let computed = match goal.activities {
            Some(j) if worst.is_none() => match self.activity_basis(g, j, &what)? {
                Some((status, basis)) => {
                    activities = Some(Box::new(basis));
                    status
                }
                None => computed,
            },
            _ => computed,
        };
        let assessment = goal.assessments.get(&period);
        let status = match (assessment, goal.rule) {
            (Some(a), _) => a.status,
            (None, RuleKind::Manual) => Status::NotAssessed,
            (None, _) => computed,
        };
        // The final status rests on a forecast when the rule's does (an
        // assessed item rests on one) and no manual assessment replaced it.
        let forecast = assessment.is_none() && goal.rule != RuleKind::Manual && any_forecast;
        Ok(Rolled {
            status,
            manual: assessment.is_some(),
            computed,
            forecast,
            score: score.map(|s| s.1),
            activities,
        })
    }

    /// The status a goal gets from its plans' activities, and what it rests
    /// on; `None` when its plans hold no activity that is not cancelled.
    fn activity_basis(
        &self,
        g: Ix,
        judgement: ActivityJudgement,
        what: &dyn Fn() -> String,
    ) -> Result<Option<(Status, ActivityBasis)>, Error> {
        let goal = &self.goals[g as usize];
        let (mut n, mut completed, mut sum) = (0usize, 0usize, Decimal::ZERO);
        let mut plans = Vec::with_capacity(goal.plans.len());
        for &p in &goal.plans {
            let plan = &self.plans[p as usize];
            plans.push(plan.id.clone());
            for a in &plan.activities {
                let done = match a.status {
                    ActivityStatus::Cancelled => continue,
                    ActivityStatus::Completed => {
                        completed += 1;
                        Decimal::ONE
                    }
                    // progress is in 0–100 (validated): a share of it is exact.
                    _ => a.progress.unwrap_or_default() / Decimal::ONE_HUNDRED,
                };
                n += 1;
                sum = add(sum, done, what)?;
            }
        }
        let Some(completion) = div(sum, Decimal::from(n), what)? else {
            return Ok(None);
        };
        plans.sort();
        plans.dedup();
        let (f, p) = (judgement.fulfilled_at(), judgement.partly_at());
        let status = if completion >= f {
            Status::Fulfilled
        } else if completion >= p {
            Status::PartlyFulfilled
        } else {
            Status::NotFulfilled
        };
        Ok(Some((
            status,
            ActivityBasis {
                plans,
                activities: n,
                completed,
                completion: r4(completion),
                fulfilled_at: f,
                partly_at: p,
            },
        )))
    }
}

/// An item of a goal, as [`Compiled::items_in_force`] finds it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum ItemRef {
    /// A child goal that contributes.
    Goal { child: Ix, weight: Decimal },
    /// An indicator at the goal's owner, reported in `slot`.
    Indicator { i: Ix, slot: Slot, weight: Decimal },
}

/// A goal's statuses in a period, from [`Compiled::roll_up`].
#[derive(Debug, Clone)]
pub(crate) struct Rolled {
    /// The final status (a manual assessment's, where one applies).
    pub(crate) status: Status,
    /// Whether a manual assessment set `status`.
    pub(crate) manual: bool,
    /// The status the rule (or the activities) gave.
    pub(crate) computed: Status,
    /// Whether the final status rests on a forecast.
    pub(crate) forecast: bool,
    /// The weighted score over the assessed items, 4 places.
    pub(crate) score: Option<Decimal>,
    /// What the activities judged, where they did.
    pub(crate) activities: Option<Box<ActivityBasis>>,
}

/// The explanation of a change target with a size: the change reached
/// against the same period a year earlier and the change required.
fn change_note(r: &IndicatorResult, period: Period) -> Option<String> {
    let required = r.change_required?;
    let year = period.checked_year_earlier()?;
    let n = crate::json::normalised;
    let signed = |d: Decimal| {
        if d > Decimal::ZERO {
            format!("+{}", n(d))
        } else {
            n(d)
        }
    };
    Some(match (r.year_change, r.year_earlier, r.target) {
        (Some(change), Some(base), Some(level)) => format!(
            "change {} against {year} ({} → {}); required a change of {} the better way, to {}",
            signed(change),
            n(base),
            r.value.map_or_else(String::new, n),
            n(required),
            n(level)
        ),
        _ => format!("required a change of {} against {year}", n(required)),
    })
}

/// Order of the assessed statuses for `worst`: not fulfilled is lowest.
pub(super) fn rank(s: Status) -> u8 {
    match s {
        Status::NotFulfilled => 0,
        Status::PartlyFulfilled => 1,
        Status::Fulfilled => 2,
        Status::NoData | Status::NotAssessed => 3,
    }
}

/// `weight × score` for an item of status `status` (whose score is
/// `score`), the product `mul` gives, to the bits, without multiplying
/// for the two scores where the answer is known: `mul` gives
/// `Decimal::ZERO` when an operand is zero (not a zero at the weight's
/// scale), and `weight × 1` is `weight` itself when its mantissa fits in
/// 32 bits (the product of the low words, at the weight's scale and
/// sign). Half a point, and wider weights, are multiplied.
#[inline]
fn weighted(
    weight: Decimal,
    status: Status,
    score: Decimal,
    what: &dyn Fn() -> String,
) -> Result<Decimal, Error> {
    match status {
        Status::NotFulfilled => Ok(Decimal::ZERO),
        Status::Fulfilled if !weight.is_zero() && weight.mantissa().unsigned_abs() >> 32 == 0 => {
            Ok(weight)
        }
        _ => mul(weight, score, what),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The short cuts give `mul`'s product to the bits, for weights of
    /// every scale and sign, zero and wide ones.
    #[test]
    fn weighted_is_the_product() {
        let what = || String::from("test");
        let weights = [
            "1",
            "0.5",
            "2",
            "1.00",
            "0",
            "0.000",
            "-1",
            "-0.25",
            "4294967295",
            "4294967296",
            "0.0000000000000000000000000001",
            "12345678901234567890.5",
        ];
        for w in weights {
            let w: Decimal = w.parse().unwrap();
            for status in [
                Status::Fulfilled,
                Status::PartlyFulfilled,
                Status::NotFulfilled,
            ] {
                let score = status.score().unwrap();
                assert_eq!(
                    weighted(w, status, score, &what).unwrap().serialize(),
                    mul(w, score, &what).unwrap().serialize(),
                    "{w} × {score}"
                );
            }
        }
    }
}
