//! The per-period state: every indicator result and goal status of one
//! period, unfiltered and indexed by dense ids, computed from the compiled
//! layout (indicators first, then the goals a level at a time).
//!
//! Cost: one pass over the compiled result slots (whether each is
//! reported: a flag or one lookup in the pair's own series), one indicator
//! result per reported slot (see `indicators` and `values`), then each goal
//! once, operational → board → council: linear in the slots, the goals and
//! their items; nothing is sorted per period.

use rustc_hash::FxHashMap as FastMap;

use super::goals::{Known, Rolled};
use super::numbers::Quotients;
use super::values::{BaseCache, NearCache, Run};
use crate::compile::{ix, on_cores, Compiled, Ix, Own, Slot};
use crate::error::Error;
use crate::evaluation::IndicatorResult;
use crate::kolada::ComparisonData;
use crate::perspective::Status;
use crate::Period;

impl Compiled {
    /// Whether the pair in slot `s` is reported for `period`: a goal uses
    /// it, or it has an own outcome (`own`: the pair's own outcomes, found
    /// by the caller, who reads them too) or forecast for exactly the
    /// period.
    pub(crate) fn reported_own(&self, s: Slot, period: Period, own: Own<'_>) -> bool {
        if self.slot_used[s as usize] {
            return true;
        }
        let (i, o) = self.slots[s as usize];
        let ind = &self.indicators[i as usize];
        own.get(period).is_some()
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

    /// [`Compiled::compute_compared`] for an evaluation alone, which drops
    /// the memo ([`Memo::PerIndicator`]): the state's memo holds only part
    /// of the consolidated values.
    pub(crate) fn compute_alone(
        &self,
        period: Period,
        comparison: Option<&ComparisonData>,
    ) -> Result<State, Error> {
        self.compute_slots(period, None, Memo::PerIndicator, comparison)
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
        self.compute_slots(period, threads, Memo::Kept(None), comparison)
    }

    /// The state of `period`, its memo used as `memo_mode` says (the statuses
    /// do not depend on it: a memoised value is the value). The comparison
    /// data, when given, judges rank targets.
    pub(super) fn compute_slots(
        &self,
        period: Period,
        threads: Option<usize>,
        memo_mode: Memo<'_>,
        comparison: Option<&ComparisonData>,
    ) -> Result<State, Error> {
        let forced = threads;
        let threads_for = |n: usize| forced.unwrap_or_else(|| threads_for(n));
        let n = self.slots.len();
        let threads = threads_for(n);
        let mut marks: Vec<Mark> = vec![Mark::NONE; n];
        // The slots in blocks taken from both ends (see `from_both_ends`):
        // this thread lists its results in a list with room for all, the
        // others' blocks are appended to it, in slot order, afterwards.
        let block = block_for(n, threads);
        let front = Listed {
            results: Vec::with_capacity(n),
            slots: Vec::with_capacity(n),
        };
        let both = from_both_ends(
            marks.chunks_mut(block).enumerate(),
            threads,
            front,
            |memo: &mut PassMemo, out, k, marks| {
                self.indicator_block(k * block, marks, memo, out, period, memo_mode, comparison)
            },
        )?;
        let mut base = both.front_memo.base;
        for memo in both.back_memos {
            if base.is_empty() {
                base = memo.base;
            } else {
                base.extend(memo.base);
            }
        }
        let Listed {
            results: mut list,
            slots: mut list_slots,
        } = both.front;
        for part in both.back {
            // Positions in the others' blocks were counted from 0.
            let offset = ix(list.len());
            for &s in &part.slots {
                marks[s as usize].pos += offset;
            }
            list.extend(part.results);
            list_slots.extend(part.slots);
        }
        let indicators = Results {
            list,
            list_slots,
            marks,
            sorted: true,
            extra: FastMap::default(),
        };
        // Goals bottom-up along the red thread: a level at a time, each goal
        // of a level independent of the others (its items are one level
        // down). Only the statuses here: the output builds the reported
        // goals, with their items, from them.
        let mut finals: Vec<Status> = vec![Status::NotAssessed; self.goals.len()];
        let mut on_forecast: Vec<bool> = vec![false; self.goals.len()];
        let mut rolled: Vec<Option<Rolled>> = Vec::with_capacity(self.goals.len());
        rolled.resize_with(self.goals.len(), || None);
        let threads = threads_for(self.goals.len());
        for level in self
            .goal_order
            .chunk_by(|a, b| self.goals[*a as usize].level == self.goals[*b as usize].level)
        {
            let known = Known {
                period,
                indicators: &indicators,
                finals: &finals,
                on_forecast: &on_forecast,
            };
            let done = gather(level, threads, |quotients: &mut Quotients, &g, out| {
                out.push(self.roll_goal(g, &known, quotients)?);
                Ok::<_, Error>(())
            })?;
            // In the order of the level's goals.
            for (r, &g) in done.into_iter().zip(level) {
                finals[g as usize] = r.status;
                on_forecast[g as usize] = r.forecast;
                rolled[g as usize] = Some(r);
            }
        }
        Ok(State {
            period,
            base,
            indicators,
            rolled,
            finals,
            on_forecast,
        })
    }

    /// Lists into `out` the results of the slots from `first` on (as
    /// many as `marks` has), in slot order, with their slots; each
    /// reported slot's position in `out` and its brief are written into
    /// `marks`. `memo`: the thread's memos, kept from block to block.
    #[allow(clippy::too_many_arguments)]
    fn indicator_block(
        &self,
        first: usize,
        marks: &mut [Mark],
        memo: &mut PassMemo,
        out: &mut Listed,
        period: Period,
        mode: Memo<'_>,
        comparison: Option<&ComparisonData>,
    ) -> Result<(), Error> {
        let (shared, forget) = match mode {
            Memo::Kept(shared) => (shared, false),
            Memo::PerIndicator => (None, true),
        };
        if out.results.capacity() == 0 {
            out.results.reserve_exact(marks.len());
            out.slots.reserve_exact(marks.len());
        }
        let mut run = Run {
            c: self,
            shared,
            base: &mut memo.base,
            near: std::mem::take(&mut memo.near),
            last_target: None,
        };
        let mut last = None;
        let owns = self.own_runs(first..first + marks.len());
        // An error ends the block with `break`, not `?`: the memo of nearest
        // target orgs must go back to `memo` either way.
        let mut outcome = Ok(());
        for ((k, at), own) in marks.iter_mut().enumerate().zip(owns) {
            let s = ix(first + k);
            let (i, o) = self.slots[s as usize];
            if forget && last != Some(i) {
                // A consolidation reads only its own indicator's values.
                run.base.clear();
                last = Some(i);
            }
            // `own`, found once for both questions.
            if !self.reported_own(s, period, own) {
                continue;
            }
            let judged = match run.judge_own(i, o, period, own) {
                Ok(j) => j,
                Err(e) => {
                    outcome = Err(e);
                    break;
                }
            };
            let mut r = judged.into_result(
                self.indicators[i as usize].id.clone(),
                self.orgs[o as usize].id.clone(),
            );
            if let Err(e) = self.judge_rank(i, o, period, &mut r, comparison) {
                outcome = Err(e);
                break;
            }
            *at = Mark::of(ix(out.results.len()), &r);
            out.results.push(r);
            out.slots.push(s);
        }
        memo.near = run.near;
        outcome
    }
}

/// One thread's memos in the indicator pass, kept from block to block:
/// the consolidated values and the nearest orgs with a target (see
/// [`Run`]).
#[derive(Default)]
struct PassMemo {
    base: BaseCache,
    near: NearCache,
}

/// Indicator results in slot order, with their slots.
#[derive(Default)]
struct Listed {
    results: Vec<IndicatorResult>,
    slots: Vec<Slot>,
}

/// What a period's computation does with its memo of consolidated values
/// (`State::base`).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Memo<'a> {
    /// Keeps every value it consolidates (an [`crate::Engine`] updates
    /// them after an edit; a series hands them to its next period), and
    /// reads those of `Some(memo)` rather than computing them again.
    Kept(Option<&'a BaseCache>),
    /// Forgets an indicator's values when the next indicator's slots
    /// start (a consolidation reads only its own indicator's values): an
    /// evaluation alone, which drops the memo. The table in use stays the
    /// size of one indicator's orgs, in the cache, rather than growing
    /// with every consolidation of the period (one indicator pass 4–7 %
    /// faster at national scale).
    PerIndicator,
}

/// Below this many indicator-org pairs (or goals) one thread is faster than several.
pub(super) const PARALLEL_PAIRS: usize = 20_000;

/// How many threads a period's pass over `n` items (pairs, goals,
/// scorecards, plans) runs on: one below [`PARALLEL_PAIRS`], else every
/// core (at most 8).
pub(super) fn threads_for(n: usize) -> usize {
    if n < PARALLEL_PAIRS {
        1
    } else {
        std::thread::available_parallelism()
            .map_or(1, std::num::NonZero::get)
            .min(8)
    }
}

/// `work` over `items` split into `threads` chunks of about equal size,
/// the results in the order of the chunks (see [`on_cores`], which this
/// is with every item weighing the same). A panic on a thread is resumed
/// here.
pub(crate) fn in_chunks<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    work: impl Fn(&[T]) -> R + Sync,
) -> Vec<R> {
    on_cores(items, threads, |_| 1, work)
}

/// `each` over `items` on `threads` threads (in blocks taken from both
/// ends: see [`from_both_ends`]), what it pushes gathered in the order of
/// the items. Each thread has its own `S` (a memo, say). The front's list
/// reserves room for one result an item, so no list grows on the way and
/// the others' are appended to it without moving it: results are large (a
/// goal result is 176 bytes), and a list grown by doubling copies them
/// again and again. Fails with the first error in the order of the items.
pub(super) fn gather<T: Sync, R: Send, E: Send, S: Default + Send>(
    items: &[T],
    threads: usize,
    each: impl Fn(&mut S, &T, &mut Vec<R>) -> Result<(), E> + Sync,
) -> Result<Vec<R>, E> {
    let block = block_for(items.len(), threads);
    let both = from_both_ends(
        items.chunks(block).enumerate(),
        threads,
        Vec::with_capacity(items.len()),
        |state: &mut S, out: &mut Vec<R>, _, block: &[T]| {
            if out.capacity() == 0 {
                out.reserve_exact(block.len());
            }
            block.iter().try_for_each(|t| each(state, t, out))
        },
    )?;
    let mut all = both.front;
    for part in both.back {
        all.extend(part);
    }
    Ok(all)
}

/// How many items a block of [`from_both_ends`] takes: about sixteen
/// blocks a thread, so a thread slowed by other work (on a busy machine)
/// or by costlier items leaves at most one block's time unshared; all
/// of them on one thread.
fn block_for(items: usize, threads: usize) -> usize {
    if threads <= 1 {
        items.max(1)
    } else {
        (items / (threads * 16)).max(1)
    }
}

/// What [`from_both_ends`] gives back: this thread's memo and output, the
/// other threads' memos, and the outputs of their blocks in block order.
struct BothEnds<M, O> {
    front_memo: M,
    front: O,
    back_memos: Vec<M>,
    back: Vec<O>,
}

/// `work` over numbered `blocks` on `threads` threads, each taking the
/// next block as it becomes free: this thread from the front, writing
/// into `front`, the others from the back, each block into an output of
/// its own (`work` is told the block's number). They meet wherever their
/// speeds put them, so a thread slowed by other work (on a busy machine)
/// or by costlier blocks does less, and yet the front's blocks are one
/// run from the first: its output can be the start of the whole, with
/// the others' appended in block order. (A fixed split into two equal
/// halves left one core idle for up to 40 % of the indicator pass on a
/// busy VM.) Each thread keeps one memo `M` from block to block.
///
/// Each thread stops at its first error, and the error of the earliest
/// block is returned: the first in block order, since the front's blocks
/// are a run from the first and every other block taken was done or
/// failed. A panic on a thread is resumed here.
fn from_both_ends<B: Send, M: Default + Send, O: Default + Send, E: Send>(
    blocks: impl DoubleEndedIterator<Item = (usize, B)> + ExactSizeIterator + Send,
    threads: usize,
    front: O,
    work: impl Fn(&mut M, &mut O, usize, B) -> Result<(), E> + Sync,
) -> Result<BothEnds<M, O>, E> {
    // No more threads than blocks: the others would find nothing to take.
    let threads = threads.min(blocks.len());
    let queue = std::sync::Mutex::new(blocks);
    let take = |back: bool| {
        // A panic elsewhere is resumed below; the queue is still whole.
        let mut q = queue
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if back {
            q.next_back()
        } else {
            q.next()
        }
    };
    let run_front = |mut out: O| {
        let mut memo = M::default();
        while let Some((k, block)) = take(false) {
            if let Err(e) = work(&mut memo, &mut out, k, block) {
                return (memo, out, Some((k, e)));
            }
        }
        (memo, out, None)
    };
    let run_back = || {
        let mut memo = M::default();
        let mut outs = Vec::new();
        while let Some((k, block)) = take(true) {
            let mut out = O::default();
            if let Err(e) = work(&mut memo, &mut out, k, block) {
                return (memo, outs, Some((k, e)));
            }
            outs.push((k, out));
        }
        (memo, outs, None)
    };
    let ((front_memo, front, mut failed), backs) = if threads <= 1 {
        (run_front(front), Vec::new())
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = (1..threads).map(|_| scope.spawn(run_back)).collect();
            let front = run_front(front);
            let backs: Vec<_> = handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                .collect();
            (front, backs)
        })
    };
    let mut back_memos = Vec::with_capacity(backs.len());
    let mut back = Vec::new();
    for (memo, outs, error) in backs {
        back_memos.push(memo);
        back.extend(outs);
        if let Some((k, e)) = error {
            if failed.as_ref().is_none_or(|(first, _)| k < *first) {
                failed = Some((k, e));
            }
        }
    }
    if let Some((_, e)) = failed {
        return Err(e);
    }
    back.sort_unstable_by_key(|(k, _)| *k);
    Ok(BothEnds {
        front_memo,
        front,
        back_memos,
        back: back.into_iter().map(|(_, out)| out).collect(),
    })
}

/// `work` over `items` split into one chunk per entry of `states` (fewer
/// when `items` are few), each chunk a whole number of `unit`s of items
/// and given its own state to fill, told the index of its first item.
/// `threads` threads take the chunks in order as they become free (this
/// one alone when `threads` ≤ 1), so more chunks than threads even out
/// chunks of uneven cost. A panic on a thread is resumed here.
pub(super) fn in_chunks_with<T: Send, S: Send>(
    items: &mut [T],
    unit: usize,
    states: &mut [S],
    threads: usize,
    work: impl Fn(usize, &mut [T], &mut S) + Sync,
) {
    if states.is_empty() {
        return;
    }
    let unit = unit.max(1);
    let size = (items.len() / unit).div_ceil(states.len()).max(1) * unit;
    let mut tasks = items
        .chunks_mut(size)
        .zip(states.iter_mut())
        .enumerate()
        .map(|(n, (chunk, state))| (n * size, chunk, state));
    if threads <= 1 {
        for (first, chunk, state) in tasks {
            work(first, chunk, state);
        }
        return;
    }
    let queue = std::sync::Mutex::new(&mut tasks);
    let (work, queue) = (&work, &queue);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(move || loop {
                    // A panic elsewhere is resumed below; the queue is
                    // still whole.
                    let next = queue
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .next();
                    let Some((first, chunk, state)) = next else {
                        break;
                    };
                    work(first, chunk, state);
                })
            })
            .collect();
        for h in handles {
            h.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
        }
    });
}

/// No position: the slot's pair is not reported.
const NONE: u32 = u32::MAX;

/// A slot's place in [`Results`]: the position of its result in the list
/// and what a goal item reads of it. The goals read their indicators'
/// statuses from these 8 bytes a slot, not from the 200-byte results
/// scattered over the list: at national scale the marks fit in the cache
/// and the results do not.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Mark {
    /// The position in the list, or [`NONE`].
    pos: u32,
    /// The result's status ([`Status::NoData`] when not reported).
    pub(crate) status: Status,
    /// Whether the result rests on a forecast.
    pub(crate) forecast: bool,
    /// Whether the result has a required change (a goal item explains it
    /// in a note, read from the result itself).
    pub(crate) noted: bool,
}

impl Mark {
    /// Not reported.
    const NONE: Mark = Mark {
        pos: NONE,
        status: Status::NoData,
        forecast: false,
        noted: false,
    };

    /// The mark of result `r` at position `pos`.
    fn of(pos: u32, r: &IndicatorResult) -> Mark {
        Mark {
            pos,
            status: r.status,
            forecast: r.forecast,
            noted: r.change_required.is_some(),
        }
    }
}

/// The indicator results of one period: a list in output order (the
/// slots' order, [`Compiled::slots`]) and each slot's position in it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Results {
    /// The reported results; in slot order while `sorted`.
    list: Vec<IndicatorResult>,
    /// The slot of each result in `list`.
    list_slots: Vec<Slot>,
    /// By slot: the position of its result in `list` (or [`NONE`]) and
    /// its brief.
    marks: Vec<Mark>,
    /// Whether `list` is in slot order (an [`crate::Engine`] update that
    /// adds or removes a pair appends or swaps instead).
    sorted: bool,
    /// Reported pairs without a slot: an [`crate::Engine`] update measured
    /// an indicator at an org the model never measured it at.
    extra: FastMap<(Ix, Ix), IndicatorResult>,
}

impl Results {
    /// The result in slot `s`, if reported.
    pub(crate) fn slot(&self, s: Slot) -> Option<&IndicatorResult> {
        match self.marks[s as usize].pos {
            NONE => None,
            k => Some(&self.list[k as usize]),
        }
    }

    /// The mark of slot `s`: its status, forecast and whether it has a
    /// note, without reading the result.
    pub(crate) fn mark(&self, s: Slot) -> Mark {
        self.marks[s as usize]
    }

    /// Sets the result of `i` at `o` (`None`: not reported); the old one.
    pub(crate) fn put(
        &mut self,
        c: &Compiled,
        i: Ix,
        o: Ix,
        r: Option<IndicatorResult>,
    ) -> Option<IndicatorResult> {
        let Some(s) = c.slot_of(i, o) else {
            return match r {
                Some(r) => self.extra.insert((i, o), r),
                None => self.extra.remove(&(i, o)),
            };
        };
        match (self.marks[s as usize].pos, r) {
            (NONE, None) => None,
            (NONE, Some(r)) => {
                self.marks[s as usize] = Mark::of(ix(self.list.len()), &r);
                self.list.push(r);
                self.list_slots.push(s);
                self.sorted = false;
                None
            }
            (k, Some(r)) => {
                self.marks[s as usize] = Mark::of(k, &r);
                Some(std::mem::replace(&mut self.list[k as usize], r))
            }
            (k, None) => {
                let old = self.list.swap_remove(k as usize);
                self.list_slots.swap_remove(k as usize);
                self.marks[s as usize] = Mark::NONE;
                if let Some(&moved) = self.list_slots.get(k as usize) {
                    self.marks[moved as usize].pos = k;
                }
                self.sorted = false;
                Some(old)
            }
        }
    }

    /// The reported pairs, in no particular order.
    pub(crate) fn pairs<'a>(&'a self, c: &'a Compiled) -> impl Iterator<Item = (Ix, Ix)> + 'a {
        self.list_slots
            .iter()
            .map(|&s| c.slots[s as usize])
            .chain(self.extra.keys().copied())
    }

    /// The reported results and their pairs, in output order (indicator
    /// id, then org id). Moves nothing when the list is in slot order and
    /// every pair has a slot, as after a full computation.
    pub(crate) fn into_sorted(self, c: &Compiled) -> (Vec<IndicatorResult>, Vec<(Ix, Ix)>) {
        let Self {
            mut list,
            list_slots,
            sorted,
            extra,
            ..
        } = self;
        let mut pairs: Vec<(Ix, Ix)> = list_slots.iter().map(|&s| c.slots[s as usize]).collect();
        if sorted && extra.is_empty() {
            return (list, pairs);
        }
        pairs.extend(extra.keys().copied());
        list.extend(extra.into_values());
        let key = |(i, o): (Ix, Ix)| (c.ind_rank[i as usize], c.org_rank[o as usize]);
        let mut both: Vec<((Ix, Ix), IndicatorResult)> = pairs.into_iter().zip(list).collect();
        both.sort_by_key(|(p, _)| key(*p));
        let (pairs, list): (Vec<(Ix, Ix)>, Vec<IndicatorResult>) = both.into_iter().unzip();
        (list, pairs)
    }
}

/// Every status of one period, unfiltered, indexed by dense ids; what
/// [`Compiled::assemble`] turns into an [`crate::Evaluation`] and what the
/// incremental engine keeps up to date.
#[derive(Debug, Clone)]
pub(crate) struct State {
    pub(crate) period: Period,
    pub(crate) base: BaseCache,
    pub(crate) indicators: Results,
    /// The statuses of every goal, by goal index, from which the output
    /// builds the reported goal results (`None` only while computing).
    pub(crate) rolled: Vec<Option<Rolled>>,
    /// Final status by goal index.
    pub(crate) finals: Vec<Status>,
    /// Whether the final status rests on a forecast, by goal index.
    pub(crate) on_forecast: Vec<bool>,
}

impl State {
    /// What its goals are rolled up from (see [`Known`]).
    pub(crate) fn known(&self) -> Known<'_> {
        Known {
            period: self.period,
            indicators: &self.indicators,
            finals: &self.finals,
            on_forecast: &self.on_forecast,
        }
    }
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

    /// `gather` keeps the order of the items on any number of threads,
    /// grows no list on the way, and fails with the first error in the
    /// order of the items.
    #[test]
    fn gather_keeps_the_order_and_the_first_error() {
        let items: Vec<u32> = (0..1001).collect();
        // Every even item twice, numbered by how many items its thread
        // had seen.
        let each = |seen: &mut u32, x: &u32, out: &mut Vec<(u32, u32)>| {
            *seen += 1;
            if x % 2 == 0 {
                out.extend([(*x, *seen), (*x, *seen)]);
            }
            Ok::<_, u32>(())
        };
        let one = gather(&items, 1, each).unwrap();
        assert_eq!(one.len(), 1002);
        assert_eq!(one[..4], [(0, 1), (0, 1), (2, 3), (2, 3)]);
        for threads in [0, 2, 3, 8] {
            let many = gather(&items, threads, each).unwrap();
            let values: Vec<u32> = many.iter().map(|v| v.0).collect();
            let expected: Vec<u32> = one.iter().map(|v| v.0).collect();
            // (Each thread's state carrying from block to block is
            // checked by `both_ends_meet_once`.)
            assert_eq!(values, expected, "{threads} threads");
        }
        // One result an item fits the room reserved: nothing grew.
        let doubled = gather(&items, 3, |(), x, out| {
            out.push(x * 2);
            Ok::<_, ()>(())
        })
        .unwrap();
        assert_eq!(doubled.capacity(), items.len());
        assert_eq!(doubled[1000], 2000);
        let fails = |(): &mut (), x: &u32, _: &mut Vec<u32>| {
            if *x == 400 || *x == 900 {
                Err(*x)
            } else {
                Ok(())
            }
        };
        for threads in [1, 2, 3] {
            assert_eq!(
                gather(&items, threads, fails),
                Err(400),
                "{threads} threads"
            );
        }
        assert_eq!(gather(&[] as &[u32], 4, fails), Ok(vec![]));
        // More threads than items: one block an item, a thread a block.
        let few = gather(&items[..5], 2000, |(), x, out| {
            out.push(*x);
            Ok::<_, ()>(())
        });
        assert_eq!(few, Ok(vec![0, 1, 2, 3, 4]));
    }

    /// The front takes a run of blocks from the first, the others the
    /// rest; every block is done once, and each thread's memo goes with
    /// it from block to block.
    #[test]
    fn both_ends_meet_once() {
        let blocks = || (0..100usize).map(|k| (k, k * 10));
        for threads in [1, 2, 3, 8] {
            let both = from_both_ends(
                blocks(),
                threads,
                Vec::new(),
                |done: &mut usize, out: &mut Vec<usize>, k, first| {
                    assert_eq!(first, k * 10);
                    *done += 1;
                    out.push(k);
                    Ok::<_, ()>(())
                },
            )
            .unwrap();
            let front = both.front.len();
            assert_eq!(
                both.front,
                (0..front).collect::<Vec<_>>(),
                "{threads} threads"
            );
            assert_eq!(both.front_memo, front, "{threads} threads");
            let back: Vec<usize> = both.back.into_iter().flatten().collect();
            assert_eq!(back, (front..100).collect::<Vec<_>>(), "{threads} threads");
            assert_eq!(both.back_memos.len(), threads - 1);
            assert_eq!(both.back_memos.iter().sum::<usize>(), 100 - front);
        }
        // No more threads than blocks: the others would find nothing.
        let both = from_both_ends((0..3usize).map(|k| (k, k)), 500, (), |(), (), _, _| {
            Ok::<_, ()>(())
        })
        .unwrap();
        assert_eq!(both.back_memos, vec![(); 2]);
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
                // Forgetting each indicator's memo changes nothing either.
                let alone = compiled
                    .compute_slots(period, Some(threads), Memo::PerIndicator, None)
                    .unwrap();
                let alone = compiled.assemble(alone, &options).unwrap().to_json();
                assert_eq!(one, alone, "{p} on {threads} threads, memo per indicator");
            }
        }
    }

    /// A state whose memo was kept holds every consolidated value; one
    /// computed for an evaluation alone forgets all but the last
    /// indicator's (so a test of the two modes tests something).
    #[test]
    fn an_evaluation_alone_forgets_the_memo() {
        let text = include_str!("../../../../examples/exempelkommun.json");
        let compiled = Model::from_json(text).unwrap().compile().unwrap();
        let period: Period = "2025T2".parse().unwrap();
        let kept = compiled.compute_on(period, Some(1), None).unwrap().base;
        let alone = compiled.compute_alone(period, None).unwrap().base;
        let indicators = |b: &BaseCache| {
            let mut i: Vec<Ix> = b.keys().map(|k| k.0).collect();
            i.sort_unstable();
            i.dedup();
            i.len()
        };
        assert!(
            indicators(&kept) > 1,
            "the example consolidates several indicators"
        );
        assert!(indicators(&alone) <= 1);
        assert!(alone.iter().all(|(k, v)| kept.get(k) == Some(v)));
    }
}
