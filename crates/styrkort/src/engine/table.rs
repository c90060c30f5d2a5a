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
        forced: Option<usize>,
    ) -> Result<SeriesTable, Error> {
        let threads = |n: usize| {
            if let Some(t) = forced {
                t.max(1)
            } else if n < PARALLEL_PAIRS {
                1
            } else {
                std::thread::available_parallelism()
                    .map_or(1, std::num::NonZero::get)
                    .min(8)
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
        // contiguous range of slots (see `table_chunk`).
        let mut chunks: Vec<Chunk> = (0..threads(self.slots.len()))
            .map(|_| Chunk::new(np))
            .collect();
        let mut row_of = vec![NONE; self.slots.len() * np];
        in_chunks_with(&mut row_of, np, &mut chunks, |first, rows, chunk| {
            self.table_chunk(first / np, rows, periods, chunk, comparison);
        });
        let rows: usize = chunks
            .iter()
            .flat_map(|c| &c.rows)
            .map(IndicatorRows::len)
            .sum();
        table.indicators.reserve(rows);

        // Then period by period, in the order given: the period's rows move
        // to the table, the goals roll up from them, and the first error
        // of the first period that has one is the error (as evaluating the
        // periods one by one would meet it).
        let mut work = Work {
            goals: vec![GoalRow::default(); self.goals.len()],
            finals: vec![Status::NotAssessed; self.goals.len()],
            on_forecast: vec![false; self.goals.len()],
            threads: threads(self.goals.len()),
        };
        let mut period_row = vec![NONE; self.slots.len()];
        for (t, &period) in periods.iter().enumerate() {
            if let Some(e) = chunks.iter_mut().find_map(|c| c.errors[t].take()) {
                return Err(e);
            }
            // Each slot's row of the period, counted from the table's
            // start, so the goals read their items' statuses there: one
            // vector by slot (the goals visit slots in no order; a slot's
            // rows of all periods are one cache line apart).
            let first_row = table.indicators.len();
            let mut first_slot = 0;
            for chunk in &mut chunks {
                let start = ix(table.indicators.len());
                for s in first_slot..first_slot + chunk.slots {
                    period_row[s] = match row_of[s * np + t] {
                        NONE => NONE,
                        k => k + start,
                    };
                }
                first_slot += chunk.slots;
                // Freed once moved: the table holds the rows now.
                table
                    .indicators
                    .append(&mut std::mem::take(&mut chunk.rows[t]));
            }
            self.table_goals(
                period,
                |slot| period_row[slot as usize],
                (&keep, options.tag.is_some()),
                first_row,
                &mut work,
                &mut table,
            )?;
            if t == 0 {
                // The periods report about as many goals each: grow the
                // column once rather than doubling (and copying) it.
                table.goals.reserve(table.goals.len() * (np - 1));
            }
        }
        Ok(table)
    }

    /// Rolls up the goals of `period` from its indicator rows (the row of
    /// each slot: `row_of`), keeps the rows the period reports from
    /// `first_row` on, and adds its goal rows to `table`.
    fn table_goals(
        &self,
        period: Period,
        row_of: impl Fn(Slot) -> u32 + Sync,
        (keep, tagged): (&Filter, bool),
        first_row: usize,
        work: &mut Work,
        table: &mut SeriesTable,
    ) -> Result<(), Error> {
        let rows = &table.indicators;
        // Goals bottom-up along the red thread, a level at a time.
        for level in self
            .goal_order
            .chunk_by(|a, b| self.goals[*a as usize].level == self.goals[*b as usize].level)
        {
            let (finals, on_forecast) = (&work.finals, &work.on_forecast);
            let done = in_chunks(level, work.threads, |chunk| {
                chunk
                    .iter()
                    .map(|&g| {
                        let items = self.items_in_force(g, period).map(|item| match item {
                            ItemRef::Goal { child, weight } => {
                                (weight, finals[child as usize], on_forecast[child as usize])
                            }
                            ItemRef::Indicator { slot, weight, .. } => match row_of(slot) {
                                NONE => (weight, Status::NoData, false),
                                k => (weight, rows.status[k as usize], rows.forecast[k as usize]),
                            },
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

    /// The indicator rows of every period of `periods` for the slots from
    /// `first` on (`row_of` has a row number, or [`NONE`], per slot and
    /// period: slot by slot, the periods in order), into `chunk.rows` (one
    /// list per period, in slot order); the first error of each period
    /// into `chunk.errors`, after which the period is skipped.
    ///
    /// Indicator by indicator, then period by period, then the
    /// indicator's slots: an indicator's outcomes (one vector, a few
    /// kilobytes), its targets and the consolidated values its slots read
    /// from each other stay in the cache for all the periods, and its memo
    /// of consolidated values and target walks is dropped when it is done.
    fn table_chunk(
        &self,
        first: usize,
        row_of: &mut [u32],
        periods: &[Period],
        chunk: &mut Chunk,
        comparison: Option<&ComparisonData>,
    ) {
        let np = periods.len();
        let n = row_of.len() / np;
        chunk.slots = n;
        let mut memo = BaseCache::default();
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
            for (t, &period) in periods.iter().enumerate() {
                if chunk.errors[t].is_some() {
                    continue;
                }
                let rows = &mut chunk.rows[t];
                for k in from..to {
                    let s: Slot = ix(first + k);
                    let at = &mut row_of[k * np + t];
                    if !self.reported(s, period) {
                        *at = NONE;
                        continue;
                    }
                    let o = self.slots[s as usize].1;
                    let row = run.judge(i, o, period).and_then(|judged| {
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
                            *at = ix(rows.len());
                            push(rows, period, i, o, &judged, status);
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

/// The goal pass's work vectors, kept from period to period.
struct Work {
    /// By goal index: its row of the period.
    goals: Vec<GoalRow>,
    /// By goal index: the final status (what a parent reads).
    finals: Vec<Status>,
    /// By goal index: whether the final status rests on a forecast.
    on_forecast: Vec<bool>,
    /// Threads per level of goals.
    threads: usize,
}

/// What one thread's range of slots gives: its rows and first error of
/// each period.
struct Chunk {
    /// How many slots the range has.
    slots: usize,
    /// By period (in the order asked): the range's rows, in slot order.
    rows: Vec<IndicatorRows>,
    /// By period: the first error, if any.
    errors: Vec<Option<Error>>,
}

impl Chunk {
    /// Nothing yet for `periods` periods.
    fn new(periods: usize) -> Self {
        Self {
            slots: 0,
            rows: (0..periods).map(|_| IndicatorRows::default()).collect(),
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
