//! Output: the reported [`Evaluation`] from a per-period state — the tag
//! filter, the comparison with similar municipalities, results sorted by
//! id, scorecards and action plans.
//!
//! Cost: linear in the results, plus sorting them by precomputed id ranks
//! (n log n); the scorecards and plans are linear in their members.

use std::borrow::Cow;
use std::sync::Arc;

use super::goals::Known;
use super::numbers::Quotients;
use super::plans::{assignment_results, plan_result};
use super::state::{gather, threads_for, State};
use super::EvalOptions;
use crate::compile::{Compiled, Ix};
use crate::error::Error;
use crate::evaluation::{Evaluation, GoalResult};
use crate::Period;

impl Compiled {
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

    /// Which goals (by dense id) `period` reports: those the tag filter
    /// keeps and, when the model gives validities, in force in the period.
    /// Goals out of force are left out everywhere (their history is in the
    /// periods they were in force). The evaluation and the series table
    /// both report by this.
    pub(crate) fn reported_goals<'a>(&self, period: Period, keep: &'a Filter) -> Cow<'a, [bool]> {
        if self.validities {
            Cow::Owned(
                self.goals
                    .iter()
                    .zip(&keep.goals)
                    .map(|(g, k)| *k && g.in_force(period))
                    .collect(),
            )
        } else {
            Cow::Borrowed(&keep.goals)
        }
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
        self.assemble_kept(state, options, &self.filter(options))
    }

    /// [`Compiled::assemble`] with the tag filter worked out already (a
    /// series shares it between its periods).
    pub(crate) fn assemble_kept(
        self: &Arc<Self>,
        state: State,
        options: &EvalOptions,
        keep: &Filter,
    ) -> Result<Evaluation, Error> {
        let State {
            period,
            indicators,
            rolled,
            finals,
            on_forecast,
            ..
        } = state;
        // The reported goals in id order, built from their statuses on
        // every core (each a few allocations: its items, title, tags).
        let keep_goals = self.reported_goals(period, keep);
        let keep_goals: &[bool] = &keep_goals;
        let reported: Vec<Ix> = self
            .goal_sorted
            .iter()
            .copied()
            .filter(|&g| keep_goals[g as usize])
            .collect();
        let known = Known {
            period,
            indicators: &indicators,
            finals: &finals,
            on_forecast: &on_forecast,
        };
        let goals: Vec<GoalResult> =
            gather(&reported, threads_for(reported.len()), |(), &g, out| {
                if let Some(rolled) = &rolled[g as usize] {
                    out.push(self.goal_result(g, &known, rolled));
                }
                Ok::<_, Error>(())
            })?;
        drop(rolled);
        // In output order already: the slots are sorted by id.
        let (mut indicators, pairs) = indicators.into_sorted(self);
        if options.tag.is_some() {
            let mut kept = pairs.iter().map(|(i, _)| keep.indicators[*i as usize]);
            indicators.retain(|_| kept.next().unwrap_or(false));
        }
        if options.comparison.is_some() {
            let kept = pairs.iter().filter(|(i, _)| keep.indicators[*i as usize]);
            for (r, &(i, o)) in indicators.iter_mut().zip(kept) {
                r.comparison = self.comparison(i, o, period, options).map(Box::new);
            }
        }

        let scorecards = gather(
            &self.org_sorted,
            threads_for(self.org_sorted.len()),
            |quotients: &mut Quotients, &o, out| {
                out.push(self.scorecard(o, &finals, keep_goals, quotients)?);
                Ok(())
            },
        )?;

        // Action plans at the as-of date.
        let as_of = period.end();
        let action_plans = gather(
            &self.plan_sorted,
            threads_for(self.plan_sorted.len()),
            |(), &p, out| {
                let p = &self.plans[p as usize];
                let kept = match &options.tag {
                    None => true,
                    Some(t) => {
                        p.tags.contains(t) || p.goals.iter().any(|g| keep.goals[*g as usize])
                    }
                };
                if kept {
                    out.push(plan_result(p, &self.orgs, as_of)?);
                }
                Ok(())
            },
        )?;
        debug_assert!(action_plans.is_sorted_by(|a, b| a.plan <= b.plan));
        let assignments = assignment_results(&self.assignments, period);

        Ok(Evaluation {
            period,
            as_of,
            tag: options.tag.clone(),
            indicators,
            goals,
            scorecards,
            action_plans,
            assignments,
            diagnostics: self.warnings.clone(),
            compiled: Arc::clone(self),
            comparison: options.comparison.clone(),
        })
    }
}

/// What the tag filter keeps, by dense id.
#[derive(Debug, Clone)]
pub(crate) struct Filter {
    pub(crate) goals: Vec<bool>,
    pub(crate) indicators: Vec<bool>,
}
