//! The series table: many periods' statuses as columns
//! ([`crate::SeriesTable`]), computed without building an evaluation.
//!
//! A period is the same pass as [`Compiled::evaluate`] — the reported
//! slots in order, then the goals a level at a time — but each result goes
//! straight into the table's columns: no ids are cloned, no goal item or
//! explanation is built, no scorecard or plan is assembled, and nothing is
//! freed afterwards. The periods share the compiled model, the tag filter,
//! the memo of consolidated values (as [`Compiled::evaluate_series`] does)
//! and the per-slot and per-goal work vectors.
//!
//! Cost per period: one pass over the slots and one over the goals and
//! their items, as an evaluation, less the output; the memo grows with the
//! consolidated values of every period touched.

use rust_decimal::Decimal;

use super::indicators::Judged;
use super::output::Filter;
use super::state::{in_chunks, in_chunks_with, PARALLEL_PAIRS};
use super::values::{BaseCache, NearCache, Run};
use super::EvalOptions;
use crate::compile::{ix, Compiled, Ix, Slot};
use crate::error::Error;
use crate::kolada::ComparisonData;
use crate::perspective::Status;
use crate::series_table::{IndicatorRows, SeriesTable};
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

/// No row: the slot's pair is not reported in the period.
const NONE: u32 = u32::MAX;

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
    /// one below [`PARALLEL_PAIRS`] slots or goals, else up to 8 as the
    /// machine has cores). The table does not depend on it.
    fn series_table_on(
        &self,
        periods: &[Period],
        options: &EvalOptions,
        threads: Option<usize>,
    ) -> Result<SeriesTable, Error> {
        let keep = self.filter(options);
        let comparison = options.comparison.as_ref();
        let mut table = SeriesTable::empty(self, periods, options.tag.clone());
        let mut work = Work {
            chunks: Vec::new(),
            row_of_slot: vec![NONE; self.slots.len()],
            goals: vec![GoalRow::default(); self.goals.len()],
            finals: vec![Status::NotAssessed; self.goals.len()],
            on_forecast: vec![false; self.goals.len()],
            threads,
        };
        for (n, &period) in periods.iter().enumerate() {
            if n == 1 {
                // The periods report about as many rows each: grow the
                // columns once rather than doubling (and copying) them.
                let rest = periods.len() - 1;
                table.indicators.reserve(table.indicators.len() * rest);
                table.goals.reserve(table.goals.len() * rest);
            }
            self.table_period(
                period,
                comparison,
                (&keep, options.tag.is_some()),
                &mut work,
                &mut table,
            )?;
        }
        Ok(table)
    }

    /// Adds the rows of `period` to `table`.
    fn table_period(
        &self,
        period: Period,
        comparison: Option<&ComparisonData>,
        (keep, tagged): (&Filter, bool),
        work: &mut Work,
        table: &mut SeriesTable,
    ) -> Result<(), Error> {
        let forced = work.threads;
        let threads = |n: usize| {
            if let Some(t) = forced {
                t
            } else if n < PARALLEL_PAIRS {
                1
            } else {
                std::thread::available_parallelism()
                    .map_or(1, std::num::NonZero::get)
                    .min(8)
            }
        };
        // The indicators, each thread a contiguous range of slots, the
        // same ranges every period: a chunk keeps its memo of consolidated
        // values, its target walks and its row buffer from period to period.
        let n = threads(self.slots.len());
        if work.chunks.len() != n {
            work.chunks.clear();
            work.chunks.resize_with(n, Chunk::default);
        }
        let parts = in_chunks_with(
            &mut work.row_of_slot,
            &mut work.chunks,
            |first, rows, chunk| {
                let len = rows.len();
                self.table_chunk(first, rows, period, chunk, comparison)
                    .map(|()| first..first + len)
            },
        );
        // The chunks' rows go straight to the end of the table; each
        // slot's row is counted from the table's start, so the goals read
        // their items' statuses there.
        let first_row = table.indicators.len();
        for (part, chunk) in parts.into_iter().zip(&mut work.chunks) {
            let slots = part?;
            let start = ix(table.indicators.len());
            if start > 0 {
                for at in &mut work.row_of_slot[slots] {
                    if *at != NONE {
                        *at += start;
                    }
                }
            }
            table.indicators.append(&mut chunk.rows);
        }
        let rows = &table.indicators;

        // Goals bottom-up along the red thread, a level at a time.
        let level_threads = threads(self.goals.len());
        for level in self
            .goal_order
            .chunk_by(|a, b| self.goals[*a as usize].level == self.goals[*b as usize].level)
        {
            let (finals, on_forecast, row_of_slot) =
                (&work.finals, &work.on_forecast, &work.row_of_slot);
            let done = in_chunks(level, level_threads, |chunk| {
                chunk
                    .iter()
                    .map(|&g| {
                        let items = self.items_in_force(g, period).map(|item| match item {
                            ItemRef::Goal { child, weight } => {
                                (weight, finals[child as usize], on_forecast[child as usize])
                            }
                            ItemRef::Indicator { slot, weight, .. } => {
                                match row_of_slot[slot as usize] {
                                    NONE => (weight, Status::NoData, false),
                                    k => {
                                        (weight, rows.status[k as usize], rows.forecast[k as usize])
                                    }
                                }
                            }
                        });
                        self.roll_up(g, period, items).map(|r| GoalRow::of(&r))
                    })
                    .collect::<Result<Vec<GoalRow>, Error>>()
            });
            let mut first = 0;
            for part in done {
                let part = part?;
                for (row, &g) in part.into_iter().zip(&level[first..]) {
                    work.finals[g as usize] = row.status;
                    work.on_forecast[g as usize] = row.forecast;
                    work.goals[g as usize] = row;
                    first += 1;
                }
            }
        }

        // The rows the evaluation reports: the kept indicators (in slot
        // order = output order), the kept goals in force.
        if tagged {
            let rows = table.indicators.split_off(first_row);
            let mask: Vec<bool> = rows
                .indicator
                .iter()
                .map(|&i| keep.indicators[i as usize])
                .collect();
            table.indicators.append(&mut rows.retain(&mask));
        }
        let reported = self.reported_goals(period, keep);
        let goals = &mut table.goals;
        for &g in &self.goal_sorted {
            if !reported[g as usize] {
                continue;
            }
            let row = &work.goals[g as usize];
            goals.period.push(period);
            goals.goal.push(g);
            goals.status.push(row.status);
            goals.computed_status.push(row.computed);
            goals.score.push(row.score);
            goals.manual.push(row.manual);
            goals.forecast.push(row.forecast);
        }
        Ok(())
    }

    /// The rows of the slots from `first` on (as many as `row_of_slot`
    /// has), in slot order, into `chunk.rows` (empty when called); each
    /// slot's row in that list (or [`NONE`]) is written into `row_of_slot`.
    fn table_chunk(
        &self,
        first: usize,
        row_of_slot: &mut [u32],
        period: Period,
        chunk: &mut Chunk,
        comparison: Option<&ComparisonData>,
    ) -> Result<(), Error> {
        // The memo holds what this chunk consolidated in earlier periods
        // (a value is the same whoever works it out; the slots of one
        // indicator, which read each other's values, are mostly in one
        // chunk); the target walks are memoised by period too.
        let mut run = Run {
            c: self,
            shared: None,
            base: &mut chunk.memo,
            near: std::mem::take(&mut chunk.near),
            last_target: None,
        };
        let rows = &mut chunk.rows;
        // An upper bound, once: the buffer is kept from period to period.
        rows.reserve(row_of_slot.len());
        let mut done = Ok(());
        for (k, at) in row_of_slot.iter_mut().enumerate() {
            let s: Slot = ix(first + k);
            if !self.reported(s, period) {
                *at = NONE;
                continue;
            }
            let (i, o) = self.slots[s as usize];
            let judged = match run.judge(i, o, period) {
                Ok(j) => j,
                Err(e) => {
                    done = Err(e);
                    break;
                }
            };
            let status = match judged.rank_shares {
                Some(shares) => match self.rank_status(i, o, period, shares, comparison) {
                    Ok(r) => r.map_or(judged.status, |(status, _)| status),
                    Err(e) => {
                        done = Err(e);
                        break;
                    }
                },
                None => judged.status,
            };
            *at = ix(rows.len());
            push(rows, period, i, o, &judged, status);
        }
        chunk.near = run.near;
        done
    }
}

/// Appends one indicator row.
fn push(rows: &mut IndicatorRows, period: Period, i: Ix, o: Ix, j: &Judged, status: Status) {
    rows.period.push(period);
    rows.indicator.push(i);
    rows.org.push(o);
    rows.value.push(j.value);
    rows.consolidated.push(j.consolidated);
    rows.target.push(j.target);
    rows.achievement.push(j.achievement);
    rows.status.push(status);
    rows.trend.push(j.trend);
    rows.arrow.push(j.arrow);
    rows.forecast.push(j.forecast);
}

/// What a series table keeps between its periods: the memo of
/// consolidated values, and the work vectors of a period (by slot, by goal).
struct Work {
    /// What each thread's range of slots keeps between periods.
    chunks: Vec<Chunk>,
    /// By slot: its row among the period's rows, or [`NONE`].
    row_of_slot: Vec<u32>,
    /// By goal index: its row of the period.
    goals: Vec<GoalRow>,
    /// By goal index: the final status (what a parent reads).
    finals: Vec<Status>,
    /// By goal index: whether the final status rests on a forecast.
    on_forecast: Vec<bool>,
    /// Threads per pass, when forced (tests).
    threads: Option<usize>,
}

/// What one range of slots keeps from period to period.
#[derive(Default)]
struct Chunk {
    /// Consolidated values worked out for the range, by (indicator, org,
    /// period).
    memo: BaseCache,
    /// Target walks up the org tree, by (indicator, period, org).
    near: NearCache,
    /// The range's rows of the period (moved to the table after it).
    rows: IndicatorRows,
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
