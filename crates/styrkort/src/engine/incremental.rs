//! Incremental re-evaluation: keep one period's evaluation up to date while
//! measurements, targets and assessments change, recomputing only what
//! depends on the change.
//!
//! A changed measurement of indicator I at org O for period Q can only
//! change the base value of I at O and its ancestors for Q (consolidation
//! runs upwards), so only the reported pairs (I, A) for A an ancestor-or-self
//! of O are recomputed. From them the goals that use those pairs, then the
//! goals above them along the red thread (only while a final status
//! changes), then the scorecards holding a goal whose status changed. The
//! result is exactly what a full evaluation of the edited model gives; a
//! property test checks that on random edit sequences. An update that
//! fails half-way (a decimal overflow) is undone and the period evaluated
//! afresh, so the engine is never left half updated.
//!
//! Cost of one measurement update: the edit in the indicator's one vector
//! of outcomes (an insert or removal moves the indicator's later outcomes:
//! linear in its outcomes, see `crate::compile::Outcomes`; a new org of the
//! indicator takes its place there, so the compiled outcomes are always
//! the edited model's), the org's ancestors (a loop, O(depth)),
//! re-consolidating along that path (each ancestor's children once), the
//! goals using the recomputed pairs and those above them, and the
//! scorecards holding a changed goal.

use std::collections::BTreeSet;

use rustc_hash::{FxBuildHasher, FxHashMap as FastMap};
use std::sync::Arc;

use rust_decimal::Decimal;

use super::numbers::Quotients;
use super::output::Filter;
use super::state::State;
use super::values::Run;
use super::EvalOptions;
use crate::compile::{cover, ix, Compiled, Ix, TargetInfo};
use crate::diagnostic::{Diagnostic, Severity};
use crate::error::Error;
use crate::evaluation::{Evaluation, IndicatorResult};
use crate::model::{Assessment, Target, TargetKind};
use crate::{Model, Period};

/// How much one change recomputed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Update {
    /// Indicator results recomputed.
    pub indicators: usize,
    /// Goal results recomputed.
    pub goals: usize,
    /// Scorecards recomputed.
    pub scorecards: usize,
}

/// Keeps the evaluation of one period up to date under edits.
///
/// ```
/// use styrkort::{Decimal, Engine, Model, Status};
/// let m = Model::from_json(r#"{"format": "styrkort/1",
///   "organisation": [{"id": "kf", "name": "KF", "kind": "council"}],
///   "indicators": [{"id": "nmi", "name": "NMI", "owner": "kf",
///      "targets": [{"period": "2025", "value": "62"}],
///      "measurements": [{"period": "2025", "value": "60"}]}],
///   "goals": [{"id": "kf-1", "title": "Nöjda invånare", "level": "council",
///      "perspective": "citizen", "owner": "kf", "indicators": [{"indicator": "nmi"}]}]}"#)?;
/// let mut engine = Engine::new(&m, "2025".parse()?, Default::default())?;
/// assert_eq!(engine.evaluation().goal("kf-1").unwrap().status, Status::NotFulfilled);
/// engine.set_measurement("nmi", None, "2025".parse()?, Some(Decimal::from(63)))?;
/// assert_eq!(engine.evaluation().goal("kf-1").unwrap().status, Status::Fulfilled);
/// # Ok::<(), styrkort::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Engine {
    options: EvalOptions,
    filter: Filter,
    state: State,
    evaluation: Evaluation,
    /// The goals that use each (indicator, org) pair.
    goals_by_pair: FastMap<(Ix, Ix), Vec<Ix>>,
    /// The orgs whose scorecard holds each goal.
    scorecards_of_goal: Vec<Vec<Ix>>,
    /// The orgs of the reported pairs of each indicator.
    pairs_of_indicator: Vec<BTreeSet<Ix>>,
}

impl Engine {
    /// Validates and evaluates `model` for `period`, keeping what an update needs.
    pub fn new(model: &Model, period: Period, options: EvalOptions) -> Result<Self, Error> {
        let compiled = Arc::new(model.compile()?);
        let state = compiled.compute_compared(period, options.comparison.as_ref())?;
        let evaluation = compiled.assemble(state.clone(), &options)?;
        let filter = compiled.filter(&options);
        let mut goals_by_pair: FastMap<(Ix, Ix), Vec<Ix>> = FastMap::default();
        for (g, goal) in compiled.goals.iter().enumerate() {
            for &(i, _) in &goal.indicators {
                goals_by_pair
                    .entry((i, goal.owner))
                    .or_default()
                    .push(ix(g));
            }
        }
        let mut scorecards_of_goal: Vec<Vec<Ix>> = vec![Vec::new(); compiled.goals.len()];
        for (o, goals) in compiled.scorecards.iter().enumerate() {
            for &g in goals {
                scorecards_of_goal[g as usize].push(ix(o));
            }
        }
        let mut pairs_of_indicator = vec![BTreeSet::new(); compiled.indicators.len()];
        for (i, o) in state.indicators.pairs(&compiled) {
            pairs_of_indicator[i as usize].insert(o);
        }
        Ok(Self {
            options,
            filter,
            state,
            evaluation,
            goals_by_pair,
            scorecards_of_goal,
            pairs_of_indicator,
        })
    }

    /// The evaluation as it stands after the updates so far.
    pub fn evaluation(&self) -> &Evaluation {
        &self.evaluation
    }

    /// The period kept up to date.
    pub fn period(&self) -> Period {
        self.state.period
    }

    fn compiled(&self) -> &Compiled {
        &self.evaluation.compiled
    }

    fn org(&self, id: &str) -> Result<Ix, Error> {
        self.compiled()
            .org_ix()
            .get(id)
            .copied()
            .ok_or_else(|| Error::unknown("org", id))
    }

    fn indicator_ix(&self, id: &str) -> Result<Ix, Error> {
        self.compiled()
            .ind_ix()
            .get(id)
            .copied()
            .ok_or_else(|| Error::unknown("indicator", id))
    }

    /// Sets (`Some`) or removes (`None`) the measurement of `indicator` at
    /// `org` (the indicator's owner when `None`) for `period`, and updates
    /// the evaluation.
    pub fn set_measurement(
        &mut self,
        indicator: &str,
        org: Option<&str>,
        period: Period,
        value: Option<Decimal>,
    ) -> Result<Update, Error> {
        let i = self.indicator_ix(indicator)?;
        let o = match org {
            Some(id) => self.org(id)?,
            None => self.compiled().indicators[i as usize].owner,
        };
        // A caller still holding a clone of the evaluation keeps its
        // snapshot: make_mut copies the compiled model in that case.
        let old = self.put_measurement(i, o, period, value);
        // The base values that can change: I at O and its ancestors, for Q.
        let ancestors = self.ancestors(o);
        for &a in &ancestors {
            self.state.base.remove(&(i, a, period));
        }
        let mut pairs: Vec<(Ix, Ix)> = ancestors
            .iter()
            .filter(|a| self.pairs_of_indicator[i as usize].contains(a))
            .map(|&a| (i, a))
            .collect();
        if period == self.state.period && !pairs.contains(&(i, o)) {
            pairs.push((i, o)); // a measurement for the period adds the pair
        }
        self.recompute(pairs).or_else(|e| {
            self.put_measurement(i, o, period, old);
            self.rebuild(e)
        })
    }

    /// Sets or removes an own measurement in the compiled model; the old value.
    fn put_measurement(
        &mut self,
        i: Ix,
        o: Ix,
        period: Period,
        value: Option<Decimal>,
    ) -> Option<Decimal> {
        let c = Arc::make_mut(&mut self.evaluation.compiled);
        let old = c.set_own(i, o, period, value);
        let ind = &mut c.indicators[i as usize];
        if value.is_some() {
            cover(&mut ind.covered, &c.orgs, ind.consolidation, o);
        }
        old
    }

    /// After an update failed half-way (a decimal overflow) and its edit was
    /// undone: evaluates the period afresh so that nothing stays half
    /// updated, and returns the update's error.
    fn rebuild(&mut self, error: Error) -> Result<Update, Error> {
        let compiled = Arc::clone(&self.evaluation.compiled);
        let state =
            compiled.compute_compared(self.state.period, self.options.comparison.as_ref())?;
        self.evaluation = compiled.assemble(state.clone(), &self.options)?;
        for orgs in &mut self.pairs_of_indicator {
            orgs.clear();
        }
        for (i, o) in state.indicators.pairs(&compiled) {
            self.pairs_of_indicator[i as usize].insert(o);
        }
        self.state = state;
        Err(error)
    }

    /// Replaces the targets of `indicator` and updates the evaluation.
    pub fn set_targets(&mut self, indicator: &str, targets: &[Target]) -> Result<Update, Error> {
        let i = self.indicator_ix(indicator)?;
        let mut map = FastMap::with_capacity_and_hasher(targets.len(), FxBuildHasher);
        for (n, t) in targets.iter().enumerate() {
            let org = t.org.as_ref().map(|id| self.org(id.as_str())).transpose()?;
            let bad = match t.kind {
                TargetKind::Value => t.value.is_none(),
                TargetKind::Improve | TargetKind::Rank => t.value.is_some() || t.warning.is_some(),
            } || t.share_problem().is_some();
            if let Some(problem) = crate::validate::change_problems(t).into_iter().next() {
                return Err(Error::Invalid {
                    diagnostics: vec![Diagnostic::new(
                        "invalid_change",
                        Severity::Error,
                        format!("indicator:{indicator}"),
                        format!(
                            "indicator {indicator:?}: targets[{n}] (period {}) {problem}",
                            t.period
                        ),
                    )],
                });
            }
            if bad || map.contains_key(&(org, t.period)) {
                return Err(Error::Invalid {
                    diagnostics: vec![Diagnostic::new(
                        "invalid_target",
                        Severity::Error,
                        format!("indicator:{indicator}"),
                        format!(
                            "indicator {indicator:?}: targets[{n}] for {} is a value target \
                             without value, an improve or rank target with a value or warning, \
                             shares that are not those of a rank target, or a second target for \
                             the same period and org",
                            t.period
                        ),
                    )],
                });
            }
            map.insert((org, t.period), TargetInfo::of(t));
        }
        // Targets passed validation above, so their orgs are known.
        let orgs = self.evaluation.compiled.org_ix();
        crate::compile::expand_multi_year(&mut map, targets, |t| {
            t.org.as_ref().and_then(|id| orgs.get(id.as_str()).copied())
        });
        let flag = targets.iter().any(|t| t.org.is_some());
        let (old_flag, old_map) = self.put_targets(i, flag, map);
        let pairs = self.pairs_of_indicator[i as usize]
            .iter()
            .map(|&o| (i, o))
            .collect();
        match self.recompute(pairs) {
            Ok(update) => {
                // The one validation finding that targets change, kept in
                // the compiled model (the source) and the evaluation alike.
                let subject = format!("indicator:{indicator}");
                let c = Arc::make_mut(&mut self.evaluation.compiled);
                for diagnostics in [&mut c.warnings, &mut self.evaluation.diagnostics] {
                    diagnostics.retain(|d| {
                        !(d.code == "indicator_without_target" && d.subject == subject)
                    });
                    if targets.is_empty() {
                        diagnostics.push(crate::validate::indicator_without_target(indicator));
                        crate::validate::sort(diagnostics);
                    }
                }
                Ok(update)
            }
            Err(e) => {
                self.put_targets(i, old_flag, old_map);
                self.rebuild(e)
            }
        }
    }

    /// Replaces an indicator's targets in the compiled model; the old ones.
    fn put_targets(
        &mut self,
        i: Ix,
        org_targets: bool,
        targets: FastMap<(Option<Ix>, Period), TargetInfo>,
    ) -> (bool, FastMap<(Option<Ix>, Period), TargetInfo>) {
        let ind = &mut Arc::make_mut(&mut self.evaluation.compiled).indicators[i as usize];
        ind.target_periods = crate::compile::target_periods(&targets);
        (
            std::mem::replace(&mut ind.org_targets, org_targets),
            std::mem::replace(&mut ind.targets, targets),
        )
    }

    /// Sets (`Some`) or removes (`None`) the manual assessment of `goal` for
    /// `period` and updates the evaluation.
    pub fn set_assessment(
        &mut self,
        goal: &str,
        period: Period,
        assessment: Option<Assessment>,
    ) -> Result<Update, Error> {
        let g = *self
            .compiled()
            .goal_ix()
            .get(goal)
            .ok_or_else(|| Error::unknown("goal", goal))?;
        let old = self.put_assessment(g, period, assessment);
        if period != self.state.period {
            return Ok(Update::default());
        }
        let mut update = Update::default();
        match self.recompute_goals(vec![g], &mut update) {
            Ok(()) => Ok(update),
            Err(e) => {
                self.put_assessment(g, period, old);
                self.rebuild(e)
            }
        }
    }

    /// Sets or removes a goal's assessment in the compiled model; the old one.
    fn put_assessment(
        &mut self,
        g: Ix,
        period: Period,
        assessment: Option<Assessment>,
    ) -> Option<Assessment> {
        let c = Arc::make_mut(&mut self.evaluation.compiled);
        let map = &mut c.goals[g as usize].assessments;
        match assessment {
            Some(mut a) => {
                a.period = period;
                map.insert(period, a)
            }
            None => map.remove(&period),
        }
    }

    fn ancestors(&self, o: Ix) -> Vec<Ix> {
        let orgs = &self.compiled().orgs;
        let mut out = vec![o];
        let mut at = orgs[o as usize].parent;
        while let Some(a) = at {
            out.push(a);
            at = orgs[a as usize].parent;
        }
        out
    }

    /// Recomputes the given indicator pairs and everything above them.
    fn recompute(&mut self, pairs: Vec<(Ix, Ix)>) -> Result<Update, Error> {
        let period = self.state.period;
        let mut update = Update::default();
        let mut dirty_goals = Vec::new();
        for (i, o) in pairs {
            let c: &Compiled = &self.evaluation.compiled;
            let used = self.goals_by_pair.contains_key(&(i, o));
            let ind = &c.indicators[i as usize];
            let measured = c.own(i, o, period).is_some() || ind.own_forecast(o, period).is_some();
            let new = if used || measured {
                let mut run = Run {
                    c,
                    shared: None,
                    base: &mut self.state.base,
                    near: super::values::NearCache::default(),
                    last_target: None,
                };
                let mut r = run.indicator(i, o, period)?;
                c.judge_rank(i, o, period, &mut r, self.options.comparison.as_ref())?;
                Some(r)
            } else {
                None // an unused pair whose measurement was removed
            };
            update.indicators += 1;
            let old = self.state.indicators.put(c, i, o, new.clone());
            if new.is_some() {
                self.pairs_of_indicator[i as usize].insert(o);
            } else {
                self.pairs_of_indicator[i as usize].remove(&o);
            }
            if self.filter.indicators[i as usize] {
                let new = new.map(|mut r| {
                    r.comparison = c.comparison(i, o, period, &self.options).map(Box::new);
                    r
                });
                patch_indicator(&mut self.evaluation.indicators, old.as_ref(), new);
            }
            if let Some(goals) = self.goals_by_pair.get(&(i, o)) {
                dirty_goals.extend(goals.iter().copied());
            }
        }
        self.recompute_goals(dirty_goals, &mut update)?;
        Ok(update)
    }

    /// Recomputes `goals` and, while final statuses change, the goals above
    /// them; then the scorecards holding a goal whose status changed.
    fn recompute_goals(&mut self, goals: Vec<Ix>, update: &mut Update) -> Result<(), Error> {
        // Three buckets by level: a goal's parents are one level up, so
        // processing operational → board → council sees final children.
        let mut buckets: [BTreeSet<Ix>; 3] = Default::default();
        let level_of = |c: &Compiled, g: Ix| c.goals[g as usize].level as usize;
        for g in goals {
            buckets[level_of(self.compiled(), g)].insert(g);
        }
        let mut changed = Vec::new();
        let mut quotients = Quotients::default();
        for level in 0..3 {
            let todo = std::mem::take(&mut buckets[level]);
            for g in todo {
                let c: &Compiled = &self.evaluation.compiled;
                let state = &mut self.state;
                let rolled = c.roll_goal(g, &state.known(), &mut quotients)?;
                update.goals += 1;
                // A parent's item also shows whether the status rests on a forecast.
                let forecast_changed = rolled.forecast != state.on_forecast[g as usize];
                let status_changed = rolled.status != state.finals[g as usize];
                state.finals[g as usize] = rolled.status;
                state.on_forecast[g as usize] = rolled.forecast;
                if self.filter.goals[g as usize] {
                    let list = &mut self.evaluation.goals;
                    let id = &c.goals[g as usize].id;
                    if let Ok(k) = list.binary_search_by(|x| x.goal.cmp(id)) {
                        list[k] = c.goal_result(g, &state.known(), &rolled);
                    }
                }
                state.rolled[g as usize] = Some(rolled);
                if status_changed {
                    changed.push(g);
                }
                if status_changed || forecast_changed {
                    for &u in &c.goals[g as usize].upper {
                        buckets[level_of(c, u)].insert(u);
                    }
                }
            }
        }
        let orgs: BTreeSet<Ix> = changed
            .iter()
            .flat_map(|g| self.scorecards_of_goal[*g as usize].iter().copied())
            .collect();
        let mut quotients = super::numbers::Quotients::default();
        for o in orgs {
            let c: &Compiled = &self.evaluation.compiled;
            let card = c.scorecard(o, &self.state.finals, &self.filter.goals, &mut quotients)?;
            update.scorecards += 1;
            let list = &mut self.evaluation.scorecards;
            if let Ok(k) = list.binary_search_by(|x| x.org.cmp(&card.org)) {
                list[k] = card;
            }
        }
        Ok(())
    }

    /// The options the evaluation was made with.
    pub fn options(&self) -> &EvalOptions {
        &self.options
    }
}

/// Replaces, inserts or removes one indicator result in the sorted list.
fn patch_indicator(
    list: &mut Vec<IndicatorResult>,
    old: Option<&IndicatorResult>,
    new: Option<IndicatorResult>,
) {
    let key = match (&new, old) {
        (Some(r), _) | (None, Some(r)) => (r.indicator.clone(), r.org.clone()),
        (None, None) => return,
    };
    let at = list.binary_search_by(|x| (&x.indicator, &x.org).cmp(&(&key.0, &key.1)));
    match (at, new) {
        (Ok(k), Some(r)) => list[k] = r,
        (Ok(k), None) => {
            list.remove(k);
        }
        (Err(k), Some(r)) => list.insert(k, r),
        (Err(_), None) => {}
    }
}
