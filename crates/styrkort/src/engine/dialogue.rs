//! The dialogue brief between an upper and a lower org: coverage of the
//! upper goals along the red thread, deviations and whether they are
//! addressed, overdue activities and disagreements.
//!
//! Cost: coverage compares every upper goal with every lower goal, each a
//! walk along `contributes_to` of at most two steps (links go one level
//! up): O(upper × lower × links). The rest is linear in the lower
//! scorecard's goals, their indicators and the plans.

use std::sync::Arc;

use rustc_hash::FxHashSet as FastSet;

use super::plans::is_overdue;
use crate::compile::{in_force, link_validity, Compiled, Ix};
use crate::error::Error;
use crate::evaluation::{
    Coverage, Deviation, DialogueBrief, Disagreement, Evaluation, GoalResult, IndicatorResult,
    OverdueActivity, Trend, DIALOGUE_FORMAT,
};
use crate::ids::{GoalId, IndicatorId};
use crate::model::ActivityStatus;
use crate::perspective::Status;

impl Evaluation {
    /// The brief for a dialogue between `upper` (say the executive board or
    /// a board) and `lower` (a board, an office, a unit or a provider):
    /// the lower scorecard, which upper goals it covers, its deviations and
    /// whether they are addressed, overdue activities and manual-versus-
    /// computed disagreements. Narrowed to the evaluation's tag, if any.
    pub fn dialogue(&self, upper: &str, lower: &str) -> Result<DialogueBrief, Error> {
        let c = &self.compiled;
        let u = *c
            .org_ix()
            .get(upper)
            .ok_or_else(|| Error::unknown("org", upper))?;
        let l = *c
            .org_ix()
            .get(lower)
            .ok_or_else(|| Error::unknown("org", lower))?;
        // The tagged goals in force in the period: the ones the evaluation reports.
        let keep = |g: Ix| {
            self.tag
                .as_ref()
                .is_none_or(|t| c.goals[g as usize].tags.contains(t))
                && c.goals[g as usize].in_force(self.period)
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
                .filter(|&lg| lg == ug || c.reaches(lg, ug, self.period))
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
            assignments: self
                .assignments
                .iter()
                .filter(|a| {
                    a.assigned_by == c.orgs[u as usize].id && a.assigned_to == c.orgs[l as usize].id
                })
                .cloned()
                .collect(),
        })
    }

    /// The compiled model this evaluation was made from, to evaluate
    /// another period without validating again.
    pub fn compiled(&self) -> &Arc<Compiled> {
        &self.compiled
    }
}

impl Compiled {
    /// Whether goal `from` reaches goal `to` along `contributes_to` links
    /// in force in `period`, through goals in force.
    pub(super) fn reaches(&self, from: Ix, to: Ix, period: crate::Period) -> bool {
        // Links go exactly one level up, so the walk is at most two steps deep.
        let mut stack = vec![from];
        let mut seen = FastSet::default();
        while let Some(g) = stack.pop() {
            let goal = &self.goals[g as usize];
            for (k, &u) in goal.upper.iter().enumerate() {
                if !in_force(link_validity(&goal.upper_valid, k), period)
                    || !self.goals[u as usize].in_force(period)
                {
                    continue;
                }
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
