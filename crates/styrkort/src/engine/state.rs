//! The per-period state: every indicator result and goal status of one
//! period, unfiltered and indexed by dense ids, computed from the compiled
//! layout (indicators first, then the goals a level at a time).
//!
//! Cost: listing and sorting the reported pairs (n log n), one indicator
//! result per pair (see `indicators` and `values`), then each goal once,
//! operational → board → council: linear in the goals and their items.

use rustc_hash::{FxBuildHasher, FxHashMap as FastMap, FxHashSet as FastSet};

use super::values::{BaseCache, Run};
use crate::compile::{ix, Compiled, Ix};
use crate::error::Error;
use crate::evaluation::{GoalResult, IndicatorResult};
use crate::kolada::ComparisonData;
use crate::perspective::Status;
use crate::Period;

impl Compiled {
    /// The (indicator, org) pairs a goal uses: reported in every period.
    /// Linear in the goals' indicator links.
    pub(crate) fn goal_pairs(&self) -> FastSet<(Ix, Ix)> {
        let mut pairs: FastSet<(Ix, Ix)> = FastSet::default();
        for g in &self.goals {
            for &(i, _) in &g.indicators {
                pairs.insert((i, g.owner));
            }
        }
        pairs
    }

    /// Every (indicator, org) pair reported for `period`, sorted: those a
    /// goal uses (`goal_pairs`) and those with an own measurement for
    /// exactly the period.
    pub(crate) fn pairs(&self, goal_pairs: &FastSet<(Ix, Ix)>, period: Period) -> Vec<(Ix, Ix)> {
        let mut pairs = goal_pairs.clone();
        for (i, ind) in self.indicators.iter().enumerate() {
            // An org with a forecast for the period is reported like one
            // with an outcome.
            for listed in [&ind.measured, &ind.forecasted] {
                if let Some(orgs) = listed.get(&period) {
                    for &o in orgs {
                        pairs.insert((ix(i), o));
                    }
                }
            }
        }
        // Sorted, so that a chunk holds whole indicators and their
        // consolidations are memoised on one thread.
        let mut pairs: Vec<(Ix, Ix)> = pairs.into_iter().collect();
        pairs.sort_unstable();
        pairs
    }

    /// Computes every status of `period`, unfiltered and indexed by dense
    /// ids; the comparison data, when given, judges rank targets.
    pub(crate) fn compute_compared(
        &self,
        period: Period,
        comparison: Option<&ComparisonData>,
    ) -> Result<State, Error> {
        self.compute_on(period, None, comparison)
    }

    /// [`Compiled::compute_compared`] on `threads` threads (`None`: one below
    /// [`PARALLEL_PAIRS`] pairs, else up to 8 as the machine has cores). The
    /// result does not depend on the number of threads.
    pub(super) fn compute_on(
        &self,
        period: Period,
        threads: Option<usize>,
        comparison: Option<&ComparisonData>,
    ) -> Result<State, Error> {
        let pairs = self.pairs(&self.goal_pairs(), period);
        self.compute_pairs(period, &pairs, threads, None, comparison)
    }

    /// The state of `period` from its reported `pairs`, reading the
    /// consolidated values in `shared` (if any) rather than computing them
    /// again; the state's memo holds only the ones computed here. The
    /// result does not depend on `shared`: a memoised value is the value.
    /// The comparison data, when given, judges rank targets.
    pub(super) fn compute_pairs(
        &self,
        period: Period,
        pairs: &[(Ix, Ix)],
        threads: Option<usize>,
        shared: Option<&BaseCache>,
        comparison: Option<&ComparisonData>,
    ) -> Result<State, Error> {
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
        let parts = in_chunks(pairs, threads, |chunk| {
            self.indicator_chunk(chunk, period, shared)
        });
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
        for (&(i, o), r) in &mut indicators {
            self.judge_rank(i, o, period, r, comparison)?;
        }
        // Goals bottom-up along the red thread: a level at a time, each goal
        // of a level independent of the others (its items are one level down).
        let mut finals: Vec<Status> = vec![Status::NotAssessed; self.goals.len()];
        let mut on_forecast: Vec<bool> = vec![false; self.goals.len()];
        let mut goals: Vec<Option<GoalResult>> = vec![None; self.goals.len()];
        let threads = threads_for(self.goals.len());
        for level in self
            .goal_order
            .chunk_by(|a, b| self.goals[*a as usize].level == self.goals[*b as usize].level)
        {
            let done = in_chunks(level, threads, |chunk| {
                chunk
                    .iter()
                    .map(|&g| Ok((g, self.goal(g, period, &indicators, &finals, &on_forecast)?)))
                    .collect::<Result<Vec<_>, Error>>()
            });
            for part in done {
                for (g, r) in part? {
                    finals[g as usize] = r.status;
                    on_forecast[g as usize] = r.forecast;
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
            on_forecast,
        })
    }

    /// The results of `pairs`, with the memo of consolidated values made on the way.
    fn indicator_chunk(
        &self,
        pairs: &[(Ix, Ix)],
        period: Period,
        shared: Option<&BaseCache>,
    ) -> Result<Chunk, Error> {
        let mut base = BaseCache::default();
        let mut run = Run {
            c: self,
            shared,
            base: &mut base,
            near: super::values::NearCache::default(),
        };
        let mut results = Vec::with_capacity(pairs.len());
        for &(i, o) in pairs {
            results.push(((i, o), run.indicator(i, o, period)?));
        }
        Ok((base, results))
    }
}

/// Below this many indicator-org pairs (or goals) one thread is faster than several.
pub(super) const PARALLEL_PAIRS: usize = 20_000;

/// `work` over `items` split into `threads` chunks, each on its own thread
/// (on this one when `threads` ≤ 1), the results in the order of the chunks.
/// A panic on a thread is resumed here.
pub(super) fn in_chunks<T: Sync, R: Send>(
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
    /// Whether the final status rests on a forecast, by goal index.
    pub(crate) on_forecast: Vec<bool>,
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::engine::EvalOptions;
    use crate::Model;

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
            let one = compiled.compute_on(period, Some(1), None).unwrap();
            let one = compiled.assemble(one, &options).unwrap().to_json();
            for threads in [2, 3, 7] {
                let many = compiled.compute_on(period, Some(threads), None).unwrap();
                let many = compiled.assemble(many, &options).unwrap().to_json();
                assert_eq!(one, many, "{p} on {threads} threads");
            }
        }
    }
}
