//! The per-period state: every indicator result and goal status of one
//! period, unfiltered and indexed by dense ids, computed from the compiled
//! layout (indicators first, then the goals a level at a time).
//!
//! Cost: listing and sorting the reported pairs (n log n), one indicator
//! result per pair (see `indicators` and `values`), then each goal once,
//! operational → board → council: linear in the goals and their items.

use rustc_hash::FxHashMap as FastMap;

use super::values::{BaseCache, Run};
use crate::compile::{ix, Compiled, Ix, Slot};
use crate::error::Error;
use crate::evaluation::{GoalResult, IndicatorResult};
use crate::kolada::ComparisonData;
use crate::perspective::Status;
use crate::Period;

impl Compiled {
    /// Whether the pair in slot `s` is reported for `period`: a goal uses
    /// it, or it has an own outcome or forecast for exactly the period.
    pub(crate) fn reported(&self, s: Slot, period: Period) -> bool {
        if self.slot_used[s as usize] {
            return true;
        }
        let (i, o) = self.slots[s as usize];
        let ind = &self.indicators[i as usize];
        ind.own(o, period).is_some()
            || (!ind.forecasts.is_empty() && ind.own_forecast(o, period).is_some())
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
        self.compute_slots(period, threads, None, comparison)
    }

    /// The state of `period`, reading the
    /// consolidated values in `shared` (if any) rather than computing them
    /// again; the state's memo holds only the ones computed here. The
    /// result does not depend on `shared`: a memoised value is the value.
    /// The comparison data, when given, judges rank targets.
    pub(super) fn compute_slots(
        &self,
        period: Period,
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
        let threads = threads_for(self.slots.len());
        let mut by_slot: Vec<Option<IndicatorResult>> = Vec::new();
        by_slot.resize_with(self.slots.len(), || None);
        let memos = in_chunks_mut(&mut by_slot, threads, |first, out| {
            self.indicator_chunk(first, out, period, shared, comparison)
        });
        let mut base = BaseCache::default();
        for memo in memos {
            let memo = memo?;
            if base.is_empty() {
                base = memo;
            } else {
                base.extend(memo);
            }
        }
        let indicators = Results {
            by_slot,
            extra: FastMap::default(),
        };
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

    /// The results of the slots from `first` on, written into `out` (one
    /// per slot, `None` where the pair is not reported); the memo of
    /// consolidated values made on the way.
    fn indicator_chunk(
        &self,
        first: usize,
        out: &mut [Option<IndicatorResult>],
        period: Period,
        shared: Option<&BaseCache>,
        comparison: Option<&ComparisonData>,
    ) -> Result<BaseCache, Error> {
        let mut base = BaseCache::default();
        let mut run = Run {
            c: self,
            shared,
            base: &mut base,
            near: super::values::NearCache::default(),
        };
        for (k, result) in out.iter_mut().enumerate() {
            let s = ix(first + k);
            if !self.reported(s, period) {
                continue;
            }
            let (i, o) = self.slots[s as usize];
            let mut r = run.indicator(i, o, period)?;
            self.judge_rank(i, o, period, &mut r, comparison)?;
            *result = Some(r);
        }
        Ok(base)
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

/// `work` over `items` split into `threads` chunks written in place, each
/// on its own thread (on this one when `threads` ≤ 1) and told the index
/// of its first item; what each returns, in the order of the chunks.
/// A panic on a thread is resumed here.
pub(super) fn in_chunks_mut<T: Send, R: Send>(
    items: &mut [T],
    threads: usize,
    work: impl Fn(usize, &mut [T]) -> R + Sync,
) -> Vec<R> {
    if threads <= 1 || items.len() < 2 {
        return vec![work(0, items)];
    }
    let size = items.len().div_ceil(threads);
    let work = &work;
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks_mut(size)
            .enumerate()
            .map(|(n, chunk)| scope.spawn(move || work(n * size, chunk)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    })
}

/// The indicator results of one period, by result slot
/// ([`Compiled::slots`]).
#[derive(Debug, Clone, Default)]
pub(crate) struct Results {
    /// By slot: the result when the pair is reported in the period.
    by_slot: Vec<Option<IndicatorResult>>,
    /// Reported pairs without a slot: an [`crate::Engine`] update measured
    /// an indicator at an org the model never measured it at.
    extra: FastMap<(Ix, Ix), IndicatorResult>,
}

impl Results {
    /// The result in slot `s`, if reported.
    pub(crate) fn slot(&self, s: Slot) -> Option<&IndicatorResult> {
        self.by_slot[s as usize].as_ref()
    }

    /// Sets the result of `i` at `o` (`None`: not reported); the old one.
    pub(crate) fn put(
        &mut self,
        c: &Compiled,
        i: Ix,
        o: Ix,
        r: Option<IndicatorResult>,
    ) -> Option<IndicatorResult> {
        match (c.slot_of.get(&(i, o)), r) {
            (Some(&s), r) => std::mem::replace(&mut self.by_slot[s as usize], r),
            (None, Some(r)) => self.extra.insert((i, o), r),
            (None, None) => self.extra.remove(&(i, o)),
        }
    }

    /// The reported pairs, in no particular order.
    pub(crate) fn pairs<'a>(&'a self, c: &'a Compiled) -> impl Iterator<Item = (Ix, Ix)> + 'a {
        self.by_slot
            .iter()
            .zip(&c.slots)
            .filter(|(r, _)| r.is_some())
            .map(|(_, &p)| p)
            .chain(self.extra.keys().copied())
    }

    /// The reported results with their pairs, in output order (indicator
    /// id, then org id): the slots' order, with any extra pair merged in.
    pub(crate) fn into_sorted(self, c: &Compiled) -> Vec<((Ix, Ix), IndicatorResult)> {
        let mut out: Vec<((Ix, Ix), IndicatorResult)> = self
            .by_slot
            .into_iter()
            .zip(&c.slots)
            .filter_map(|(r, &p)| Some((p, r?)))
            .collect();
        if !self.extra.is_empty() {
            out.extend(self.extra);
            let key = |(i, o): (Ix, Ix)| (c.ind_rank[i as usize], c.org_rank[o as usize]);
            out.sort_by_key(|(p, _)| key(*p));
        }
        out
    }
}

/// Every status of one period, unfiltered, indexed by dense ids; what
/// [`Compiled::assemble`] turns into an [`Evaluation`] and what the
/// incremental engine keeps up to date.
#[derive(Debug, Clone)]
pub(crate) struct State {
    pub(crate) period: Period,
    pub(crate) base: BaseCache,
    pub(crate) indicators: Results,
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
