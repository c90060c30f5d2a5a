//! Series: many periods of one compiled model through one call — every
//! month, tertial and the year for a report's sparklines and trend tables.
//!
//! Each period's evaluation is exactly what [`Compiled::evaluate`] gives
//! for it alone (a test checks the JSON byte for byte). What the periods
//! share is computed once: the compiled model, the tag filter, the pairs
//! that goals use, and the memo of consolidated values. The last matters
//! most: a period's trend reads the previous period's value, a window the
//! ones before it and an `improve` target the year before, so in a run of
//! months most consolidations one period needs were made for another.
//! A mid-sized model (too small for one period to use several threads,
//! large enough to repay starting them) instead has contiguous blocks of
//! its periods evaluated side by side, one per core.
//!
//! Cost: the sum of the periods' evaluations, less the consolidations
//! already memoised; the memo grows with the consolidated values of every
//! period touched (one entry per consolidated (indicator, org, period)).

use std::sync::Arc;

use super::state::{in_chunks, Memo, PARALLEL_PAIRS};
use super::values::BaseCache;
use super::EvalOptions;
use crate::compile::Compiled;
use crate::error::Error;
use crate::evaluation::Evaluation;
use crate::model::Model;
use crate::Period;

/// From this many indicators, goals or orgs (and below
/// [`PARALLEL_PAIRS`], where each period uses several threads itself) a
/// series evaluates blocks of its periods side by side.
const PARALLEL_SERIES: usize = 500;

impl Compiled {
    /// Evaluates every period of `periods`, in that order, sharing the work
    /// common to them; each evaluation is byte-identical to
    /// [`Compiled::evaluate`] of its period alone. Fails with the first
    /// period's error, as evaluating the periods one by one would.
    ///
    /// ```
    /// use styrkort::{Model, Period};
    /// let model = Model::from_json(r#"{"format": "styrkort/1",
    ///   "organisation": [{"id": "kf", "name": "KF", "kind": "council"}],
    ///   "indicators": [{"id": "nmi", "name": "NMI", "owner": "kf",
    ///      "measurements": [{"period": "2025-01", "value": "60"},
    ///                       {"period": "2025-02", "value": "62"}]}]}"#)?;
    /// let compiled = std::sync::Arc::new(model.compile()?);
    /// let months: Vec<Period> = ["2025-01", "2025-02"]
    ///     .iter()
    ///     .map(|p| p.parse())
    ///     .collect::<Result<_, _>>()?;
    /// let series = compiled.evaluate_series(&months, &Default::default())?;
    /// let values: Vec<_> = series
    ///     .iter()
    ///     .map(|e| e.indicator("nmi", "kf").unwrap().value.unwrap().to_string())
    ///     .collect();
    /// assert_eq!(values, ["60", "62"]);
    /// # Ok::<(), styrkort::Error>(())
    /// ```
    pub fn evaluate_series(
        self: &Arc<Self>,
        periods: &[Period],
        options: &EvalOptions,
    ) -> Result<Vec<Evaluation>, Error> {
        // A model below the size at which one period uses several threads
        // evaluates its periods side by side instead, in contiguous blocks
        // (so that a month still finds the month before it memoised);
        // a tiny one stays on this thread, where starting threads would
        // cost more than they save.
        let size = self
            .indicators
            .len()
            .max(self.goals.len())
            .max(self.orgs.len());
        let blocks = if (PARALLEL_SERIES..PARALLEL_PAIRS).contains(&size) {
            std::thread::available_parallelism()
                .map_or(1, std::num::NonZero::get)
                .min(8)
        } else {
            1
        };
        self.series_on(periods, options, blocks, None)
    }

    /// [`Compiled::evaluate_series`] with the periods split into `blocks`
    /// contiguous blocks evaluated side by side, each with its own memo,
    /// and each period on `threads` threads (`None`: as
    /// [`Compiled::evaluate`] chooses). The result does not depend on
    /// either; the error is the first period's in the order given, as the
    /// blocks come back in order.
    fn series_on(
        self: &Arc<Self>,
        periods: &[Period],
        options: &EvalOptions,
        blocks: usize,
        threads: Option<usize>,
    ) -> Result<Vec<Evaluation>, Error> {
        let keep = self.filter(options);
        let block = |block: &[Period]| -> Result<Vec<Evaluation>, Error> {
            let mut memo = BaseCache::default();
            let mut out = Vec::with_capacity(block.len());
            for &period in block {
                let mut state = self.compute_slots(
                    period,
                    threads,
                    Memo::Kept(Some(&memo)),
                    options.comparison.as_ref(),
                )?;
                memo.extend(std::mem::take(&mut state.base));
                out.push(self.assemble_kept(state, options, &keep)?);
            }
            Ok(out)
        };
        let mut out = Vec::with_capacity(periods.len());
        for part in in_chunks(periods, blocks, block) {
            out.extend(part?);
        }
        Ok(out)
    }
}

impl Model {
    /// Validates the model once and evaluates every period of `periods`
    /// (see [`Compiled::evaluate_series`]).
    pub fn evaluate_series(
        &self,
        periods: &[Period],
        options: &EvalOptions,
    ) -> Result<Vec<Evaluation>, Error> {
        Arc::new(self.compile()?).evaluate_series(periods, options)
    }
}

impl Compiled {
    /// Each (indicator, org) of `pairs` evaluated for each of `periods`,
    /// sharing one memo of consolidated values. The hook of
    /// [`crate::history`] (the report's sparklines).
    ///
    /// Cost: one indicator result per (pair, period), less the
    /// consolidations already memoised.
    pub(crate) fn indicator_series(
        &self,
        pairs: &[(&str, &str)],
        periods: &[Period],
    ) -> Result<Vec<Vec<crate::evaluation::IndicatorResult>>, Error> {
        let mut base = BaseCache::default();
        let mut run = super::values::Run {
            c: self,
            shared: None,
            base: &mut base,
            near: super::values::NearCache::default(),
            last_target: None,
        };
        pairs
            .iter()
            .map(|&(indicator, org)| {
                let i = *self
                    .ind_ix()
                    .get(indicator)
                    .ok_or_else(|| Error::unknown("indicator", indicator))?;
                let o = *self
                    .org_ix()
                    .get(org)
                    .ok_or_else(|| Error::unknown("org", org))?;
                periods.iter().map(|&p| run.indicator(i, o, p)).collect()
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The threads of a period read the memo of the earlier periods
    /// together, and blocks of periods run side by side; the result is the
    /// same on any number of either.
    #[test]
    fn threads_share_the_memo_without_changing_the_result() {
        let text = include_str!("../../../../examples/exempelkommun.json");
        let compiled = Arc::new(Model::from_json(text).unwrap().compile().unwrap());
        let periods: Vec<Period> = ["2025-05", "2025-06", "2025T2", "2025", "2025T3", "2024T3"]
            .iter()
            .map(|p| p.parse().unwrap())
            .collect();
        let options = EvalOptions::default();
        for (blocks, threads) in [(1, 1), (1, 2), (1, 7), (2, 1), (3, 2), (8, 3)] {
            let series = compiled
                .series_on(&periods, &options, blocks, Some(threads))
                .unwrap();
            for (e, p) in series.iter().zip(&periods) {
                let alone = compiled.evaluate(p, &options).unwrap();
                assert_eq!(
                    e.to_json(),
                    alone.to_json(),
                    "{p} in {blocks} blocks on {threads} threads"
                );
            }
        }
    }
}
