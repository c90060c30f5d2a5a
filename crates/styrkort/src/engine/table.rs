//! The series table: many periods' statuses as columns
//! ([`crate::SeriesTable`]), computed without building an evaluation.
//!
//! The same rules as [`Compiled::evaluate`] (the indicator results of the
//! reported slots, then the goals a level at a time), in the order that
//! keeps the data in the cache:
//!
//! ```text
//!  count        which pairs each period reports, and how many rows each
//!               chunk of slots gives each period
//!  indicators   for each indicator (each thread a range of slots)
//!                 for each period          its outcomes, targets and memo
//!                   for each of its slots  stay in the cache meanwhile
//!                     judge → the period's rows, written in place in the
//!                             table's columns; the (status, forecast)
//!                             goals read
//!  goals        for each level (each thread a range of its goals)
//!                 for each goal
//!                   for each period        its links read once for all
//!                     roll up → its row, in place (rows in goal order)
//!  goal rows    for each goal in id order (each thread some periods)
//!                 for each period          into the period's rows, in place
//! ```
//!
//! Every column is allocated once at its final size and written in place
//! by the threads, each in its own stretch: no list per thread is copied
//! together afterwards (at national scale that was a second table's worth
//! of fresh memory and its copy).
//!
//! No ids are cloned, no goal item or explanation is built, no scorecard
//! or plan is assembled. A period's first error is kept and the period
//! skipped from there on; the table fails with the error of the first
//! period (in the order asked) that has one, the error that evaluating the
//! periods one by one would meet.
//!
//! Cost: linear in slots × periods and goal items × periods; the memo of
//! consolidated values holds one indicator at a time.

use rust_decimal::Decimal;

use super::indicators::Judged;
use super::numbers::Quotients;
use super::state::{in_chunks_with, threads_for};
use super::values::{BaseCache, NearCache, Run};
use super::EvalOptions;
use crate::compile::{ix, Compiled, Ix, Slot};
use crate::error::Error;
use crate::evaluation::Trend;
use crate::kolada::ComparisonData;
use crate::perspective::Status;
use crate::series_table::{GoalRows, IndicatorRows, SeriesTable};
use crate::Period;

use super::goals::{ItemRef, Rolled};

impl crate::Model {
    /// Validates the model once and gives the statuses of every period of
    /// `periods` as one table (see [`Compiled::series_table`]).
    pub fn series_table(
        &self,
        periods: &[Period],
        options: &EvalOptions,
    ) -> Result<SeriesTable, Error> {
        self.compile()?.series_table(periods, options)
    }
}

impl Compiled {
    /// The statuses of every period of `periods` as one table of columns
    /// (*utfallstabell*): the rows are exactly the indicator results and
    /// goals the periods' evaluations report ([`crate::SeriesTable`] says
    /// which columns), computed without building the evaluations; the
    /// work common to the periods is shared as in
    /// [`Compiled::evaluate_series`]. Fails with the first period's error,
    /// as evaluating the periods one by one would.
    ///
    /// This is the call for trend tables, sparklines and data frames over
    /// many periods; [`Compiled::evaluate_series`] gives the whole
    /// evaluation of each period (explanations, scorecards, plans).
    pub fn series_table(
        &self,
        periods: &[Period],
        options: &EvalOptions,
    ) -> Result<SeriesTable, Error> {
        self.series_table_on(periods, options, None)
    }

    /// [`Compiled::series_table`] on `threads` threads per pass (`None`:
    /// one below [`super::state::PARALLEL_PAIRS`] slots or goals, else up to 8 as the
    /// machine has cores). The table does not depend on it.
    fn series_table_on(
        &self,
        periods: &[Period],
        options: &EvalOptions,
        forced: Option<usize>,
    ) -> Result<SeriesTable, Error> {
        let threads = |n: usize| {
            if let Some(t) = forced {
                t.max(1)
            } else {
                threads_for(n)
            }
        };
        let keep = self.filter(options);
        let comparison = options.comparison.as_ref();
        let mut table = SeriesTable::empty(self, periods, options.tag.clone());
        let np = periods.len();
        if np == 0 {
            return Ok(table);
        }

        // Every indicator row of every period first, each thread a
        // contiguous range of slots (see `table_chunk`); what the goals
        // read of each (slot, period) goes to `items`, slot by slot.
        // More chunks than threads, taken as threads become free:
        // indicators differ in cost (consolidation, many periods).
        let workers = threads(self.slots.len());
        let pieces = if workers > 1 {
            (workers * 8).min(self.slots.len() / 1024).max(workers)
        } else {
            1
        };
        // First which pairs each period reports (marked in `items`) and how
        // many rows each chunk gives each period: then every chunk writes
        // its rows straight into their place in the table's columns, which
        // are period by period and, within a period, chunk by chunk. (Rows
        // listed per chunk and copied together afterwards cost a second
        // table's worth of fresh memory and its copy.)
        let mut items = vec![NO_ROW; self.slots.len() * np];
        let mut counts: Vec<Vec<usize>> = vec![vec![0; np]; pieces];
        in_chunks_with(
            &mut items,
            np,
            &mut counts,
            workers,
            |first, items, counts| {
                self.table_count(first / np, items, periods, &keep.indicators, counts);
            },
        );
        let lens: Vec<usize> = (0..np)
            .flat_map(|t| counts.iter().map(move |c| c[t]))
            .collect();
        table.indicators = IndicatorRows::filled(lens.iter().sum(), periods[0], workers > 1);
        let mut chunks: Vec<Chunk> = (0..pieces).map(|_| Chunk::new(np)).collect();
        for (j, rows) in RowsMut::split(&mut table.indicators, &lens)
            .into_iter()
            .enumerate()
        {
            chunks[j % pieces].rows.push(rows);
        }
        in_chunks_with(
            &mut items,
            np,
            &mut chunks,
            workers,
            |first, items, chunk| {
                self.table_chunk(
                    first / np,
                    items,
                    periods,
                    chunk,
                    comparison,
                    &keep.indicators,
                );
            },
        );
        // By period: the first error, an indicator's (met before any goal
        // when the period is evaluated alone) or else a goal's.
        let mut failed: Vec<Option<Error>> = (0..np)
            .map(|t| chunks.iter_mut().find_map(|c| c.errors[t].take()))
            .collect();
        // The count and this pass split the slots alike (the same
        // `in_chunks_with` over the same items): every stretch is written
        // to its end. Were that ever broken, placeholder rows would pass
        // for results: a bug, stopped here (the bindings turn the panic
        // into an error).
        assert!(
            chunks.iter().all(|c| c
                .rows
                .iter()
                .zip(&failed)
                .all(|(r, f)| f.is_some() || r.at == r.period.len())),
            "series table: a chunk did not fill the rows counted for it"
        );
        drop(chunks);

        // The goals bottom-up along the red thread, a level at a time, each
        // goal for every period (its links are read once for all of them).
        let (goal_rows, goal_at) =
            self.table_goals(periods, &items, threads(self.goals.len()), &mut failed);
        drop(items);
        // The error of the first period (in the order asked) that has one,
        // as evaluating the periods one by one would meet it.
        if let Some(e) = failed.into_iter().flatten().next() {
            return Err(e);
        }

        // The goal rows of the reported goals, period by period, each
        // period's written in place (the periods shared out over the
        // threads): goal by goal in id order, so each goal's rows, side by
        // side in `goal_rows`, are read once for the thread's periods.
        let reported: Vec<_> = periods
            .iter()
            .map(|&p| self.reported_goals(p, &keep))
            .collect();
        let lens: Vec<usize> = reported
            .iter()
            .map(|r| self.goal_sorted.iter().filter(|&&g| r[g as usize]).count())
            .collect();
        table.goals = GoalRows::filled(lens.iter().sum(), periods[0]);
        let mut by_period = GoalRowsMut::split(&mut table.goals, &lens);
        let workers = threads(self.goal_sorted.len() * np).min(np);
        in_chunks_with(
            &mut by_period,
            1,
            &mut vec![(); workers],
            workers,
            |first, out, ()| {
                for &g in &self.goal_sorted {
                    let rows = &goal_rows[goal_at[g as usize] as usize * np..];
                    for (t, out) in (first..).zip(out.iter_mut()) {
                        if reported[t][g as usize] {
                            out.push(periods[t], g, &rows[t]);
                        }
                    }
                }
            },
        );
        Ok(table)
    }

    /// Every goal's row of every period, rolled up from the indicator
    /// statuses `items` (slot by slot, the periods in order) and the rows
    /// of the goals below: by position in [`Compiled::goal_order`], the
    /// periods in order (`rows[k * np + t]` is goal `goal_order[k]` in
    /// period `t`), and each goal's position. In that order a level's goals
    /// are one stretch of the rows, which its threads write in place. A
    /// period with an error in `failed` is skipped (its rows are left
    /// default); a goal's error is recorded there for its period, the first
    /// in the order an evaluation of the period alone meets them (level by
    /// level, in [`Compiled::goal_order`]).
    fn table_goals(
        &self,
        periods: &[Period],
        items: &[ItemState],
        threads: usize,
        failed: &mut [Option<Error>],
    ) -> (Vec<GoalRow>, Vec<u32>) {
        let np = periods.len();
        let mut at = vec![0u32; self.goals.len()];
        for (k, &g) in self.goal_order.iter().enumerate() {
            at[g as usize] = ix(k);
        }
        let mut rows = vec![GoalRow::default(); self.goals.len() * np];
        let mut done = 0;
        for level in self
            .goal_order
            .chunk_by(|a, b| self.goals[*a as usize].level == self.goals[*b as usize].level)
        {
            let skip: Vec<bool> = failed.iter().map(Option::is_some).collect();
            // The levels below are written; this one is written in place.
            let (below, rest) = rows.split_at_mut(done * np);
            let below: &[GoalRow] = below;
            let here = &mut rest[..level.len() * np];
            let at = &at;
            // Each chunk whole goals (`np` rows each) and its own errors.
            let mut parts: Vec<Vec<Option<Error>>> = (0..threads.max(1))
                .map(|_| (0..np).map(|_| None).collect())
                .collect();
            in_chunks_with(here, np, &mut parts, threads, |first, out, errors| {
                let mut quotients = Quotients::default();
                let goals = &level[first / np..(first + out.len()) / np];
                for (&g, out) in goals.iter().zip(out.chunks_exact_mut(np)) {
                    for ((t, &period), row) in periods.iter().enumerate().zip(out.iter_mut()) {
                        if skip[t] || errors[t].is_some() {
                            continue;
                        }
                        let items = self.items_in_force(g, period).map(|item| match item {
                            ItemRef::Goal { child, weight } => {
                                let r = &below[at[child as usize] as usize * np + t];
                                (weight, r.status, r.forecast)
                            }
                            ItemRef::Indicator { slot, weight, .. } => {
                                let r = items[slot as usize * np + t];
                                (weight, r.status, r.forecast)
                            }
                        });
                        match self.roll_up(g, period, items, &mut quotients) {
                            Ok(r) => *row = GoalRow::of(&r),
                            Err(e) => errors[t] = Some(e),
                        }
                    }
                }
            });
            for errors in parts {
                for (f, e) in failed.iter_mut().zip(errors) {
                    if f.is_none() {
                        *f = e;
                    }
                }
            }
            done += level.len();
        }
        (rows, at)
    }

    /// The indicator rows of every period of `periods` for the slots from
    /// `first` on (as many as `items` has, per slot and period: slot by
    /// slot, the periods in order), into `chunk.rows` (one list per period,
    /// in slot order), and what a goal reads of each into `items`
    /// ([`NO_ROW`] where the pair is not reported); the first error of each
    /// period into `chunk.errors`, after which the period is skipped.
    ///
    /// Indicator by indicator, then period by period, then the
    /// indicator's slots: an indicator's outcomes (one vector, a few
    /// kilobytes), its targets and the consolidated values its slots read
    /// from each other stay in the cache for all the periods, and its memo
    /// of consolidated values and target walks is dropped when it is done.
    fn table_chunk(
        &self,
        first: usize,
        items: &mut [ItemState],
        periods: &[Period],
        chunk: &mut Chunk<'_>,
        comparison: Option<&ComparisonData>,
        kept: &[bool],
    ) {
        let np = periods.len();
        let n = items.len() / np;
        let mut memo = BaseCache::default();
        let mut own = Vec::new();
        let mut from = 0;
        while from < n {
            let i = self.slots[first + from].0;
            let to = from
                + self.slots[first + from..first + n]
                    .iter()
                    .take_while(|(j, _)| *j == i)
                    .count();
            memo.clear();
            let mut run = Run {
                c: self,
                shared: None,
                base: &mut memo,
                near: NearCache::default(),
                last_target: None,
            };
            // Each slot's own outcomes, found once for all the periods.
            own.clear();
            own.extend(self.own_runs(first + from..first + to));
            for (t, &period) in periods.iter().enumerate() {
                if chunk.errors[t].is_some() {
                    continue;
                }
                let rows = &mut chunk.rows[t];
                let kept = kept[i as usize];
                for k in from..to {
                    if !items[k * np + t].reported {
                        continue; // not reported: `items` holds NO_ROW
                    }
                    let s: Slot = ix(first + k);
                    let mine = own[k - from];
                    let o = self.slots[s as usize].1;
                    let row = run.judge_own(i, o, period, mine).and_then(|judged| {
                        let status = match judged.rank_shares {
                            Some(shares) => self
                                .rank_status(i, o, period, shares, comparison)?
                                .map_or(judged.status, |(status, _)| status),
                            None => judged.status,
                        };
                        Ok((judged, status))
                    });
                    match row {
                        Ok((judged, status)) => {
                            items[k * np + t] = ItemState {
                                status,
                                forecast: judged.forecast,
                                reported: true,
                            };
                            if kept {
                                rows.push(period, i, o, &judged, status);
                            }
                        }
                        Err(e) => {
                            chunk.errors[t] = Some(e);
                            break;
                        }
                    }
                }
            }
            from = to;
        }
    }
}

impl Compiled {
    /// Marks in `items` (per slot and period, as in `table_chunk`) the
    /// pairs each period reports, for the slots from `first` on, and
    /// counts in `counts` the rows each period will have of them: the
    /// reported pairs of the `kept` indicators.
    fn table_count(
        &self,
        first: usize,
        items: &mut [ItemState],
        periods: &[Period],
        kept: &[bool],
        counts: &mut [usize],
    ) {
        let np = periods.len();
        let owns = self.own_runs(first..first + items.len() / np);
        for ((k, marks), own) in items.chunks_exact_mut(np).enumerate().zip(owns) {
            let s: Slot = ix(first + k);
            let i = self.slots[s as usize].0;
            for ((mark, &period), count) in marks.iter_mut().zip(periods).zip(counts.iter_mut()) {
                if self.reported_own(s, period, own) {
                    *mark = PENDING;
                    *count += usize::from(kept[i as usize]);
                }
            }
        }
    }
}

/// Declares a set of column stretches written in place, `$name`: one
/// stretch of each column of the table part `$rows` (all of its fields
/// are named, so a new column cannot be left out) and the next row to
/// write, with `split`, which cuts the columns alike into consecutive
/// stretches. The row writer (`push`) is each set's own: what it writes
/// differs.
macro_rules! stretches {
    ($(#[$doc:meta])* $name:ident of $rows:ident { $($col:ident: $ty:ty),+ $(,)? }) => {
        $(#[$doc])*
        struct $name<'a> {
            $($col: &'a mut [$ty],)+
            /// The next row to write.
            at: usize,
        }

        impl<'a> $name<'a> {
            /// `rows` cut into consecutive stretches of `lens` rows (they
            /// add up to its length), every column at the same places.
            fn split(rows: &'a mut $rows, lens: &[usize]) -> Vec<Self> {
                let $rows { $($col),+ } = rows;
                $(let mut $col = cut($col, lens);)+
                std::iter::from_fn(move || Some(Self { $($col: $col.next()?,)+ at: 0 }))
                    .collect()
            }
        }
    };
}

stretches! {
    /// One chunk's rows of one period, written in place: its stretch of
    /// each of the table's indicator columns and the next row.
    RowsMut of IndicatorRows {
        period: Period,
        indicator: u32,
        org: u32,
        value: Option<Decimal>,
        consolidated: bool,
        target: Option<Decimal>,
        achievement: Option<Decimal>,
        status: Status,
        trend: Trend,
        arrow: Trend,
        forecast: bool,
    }
}

impl RowsMut<'_> {
    /// Writes the next row.
    fn push(&mut self, period: Period, i: Ix, o: Ix, j: &Judged, status: Status) {
        let k = self.at;
        self.period[k] = period;
        self.indicator[k] = i;
        self.org[k] = o;
        self.value[k] = j.value;
        self.consolidated[k] = j.consolidated;
        self.target[k] = j.target;
        self.achievement[k] = j.achievement;
        self.status[k] = status;
        self.trend[k] = j.trend;
        self.arrow[k] = j.arrow;
        self.forecast[k] = j.forecast;
        self.at += 1;
    }
}

stretches! {
    /// One period's goal rows, written in place: its stretch of each of
    /// the table's goal columns and the next row.
    GoalRowsMut of GoalRows {
        period: Period,
        goal: u32,
        status: Status,
        computed_status: Status,
        score: Option<Decimal>,
        manual: bool,
        forecast: bool,
    }
}

impl GoalRowsMut<'_> {
    /// Writes the next row: goal `g` in `period`.
    fn push(&mut self, period: Period, g: Ix, row: &GoalRow) {
        let k = self.at;
        self.period[k] = period;
        self.goal[k] = g;
        self.status[k] = row.status;
        self.computed_status[k] = row.computed;
        self.score[k] = row.score;
        self.manual[k] = row.manual;
        self.forecast[k] = row.forecast;
        self.at += 1;
    }
}

/// `column` cut into consecutive pieces of `lens`.
fn cut<'a, T>(mut column: &'a mut [T], lens: &[usize]) -> std::vec::IntoIter<&'a mut [T]> {
    let mut out = Vec::with_capacity(lens.len());
    for &n in lens {
        let (piece, rest) = std::mem::take(&mut column).split_at_mut(n);
        out.push(piece);
        column = rest;
    }
    out.into_iter()
}

/// What a goal reads of an indicator result: its status and whether it
/// rests on a forecast; and whether the pair is reported at all.
#[derive(Debug, Clone, Copy)]
struct ItemState {
    status: Status,
    forecast: bool,
    reported: bool,
}

/// A pair not reported in the period: no data.
const NO_ROW: ItemState = ItemState {
    status: Status::NoData,
    forecast: false,
    reported: false,
};

/// A pair the period reports, not judged yet.
const PENDING: ItemState = ItemState {
    status: Status::NoData,
    forecast: false,
    reported: true,
};

/// What one thread's range of slots gives: its rows and first error of
/// each period.
struct Chunk<'a> {
    /// By period (in the order asked): the range's rows, in slot order.
    rows: Vec<RowsMut<'a>>,
    /// By period: the first error, if any.
    errors: Vec<Option<Error>>,
}

impl Chunk<'_> {
    /// Nothing yet for `periods` periods.
    fn new(periods: usize) -> Self {
        Self {
            rows: Vec::with_capacity(periods),
            errors: (0..periods).map(|_| None).collect(),
        }
    }
}

/// A goal's row of one period.
#[derive(Debug, Clone, Copy)]
struct GoalRow {
    status: Status,
    computed: Status,
    score: Option<Decimal>,
    manual: bool,
    forecast: bool,
}

impl Default for GoalRow {
    fn default() -> Self {
        Self {
            status: Status::NotAssessed,
            computed: Status::NotAssessed,
            score: None,
            manual: false,
            forecast: false,
        }
    }
}

impl GoalRow {
    fn of(r: &Rolled) -> Self {
        Self {
            status: r.status,
            computed: r.computed,
            score: r.score,
            manual: r.manual,
            forecast: r.forecast,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::Model;

    /// The indicator and goal passes give the same table on any number of
    /// threads (a chunk's rows are counted from its start and moved).
    #[test]
    fn threads_do_not_change_the_table() {
        let text = include_str!("../../../../examples/exempelkommun.json");
        let c = Arc::new(Model::from_json(text).unwrap().compile().unwrap());
        let periods: Vec<Period> = ["2025-05", "2025-06", "2025T2", "2025", "2024T3"]
            .iter()
            .map(|p| p.parse().unwrap())
            .collect();
        for options in [EvalOptions::default(), EvalOptions::tag("environment")] {
            let one = c.series_table_on(&periods, &options, Some(1)).unwrap();
            assert!(!one.indicators.is_empty() && !one.goals.is_empty());
            for threads in [2, 3, 7, 64] {
                let many = c
                    .series_table_on(&periods, &options, Some(threads))
                    .unwrap();
                assert_eq!(one, many, "{threads} threads");
            }
        }
    }
}
