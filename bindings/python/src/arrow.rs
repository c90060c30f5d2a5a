//! The evaluation's tables, and the series table's, as Arrow record
//! batches (`styrkort.Table`),
//! handed to Python through the Arrow `PyCapsule` interface
//! (`__arrow_c_stream__`), so that `pyarrow.table(t)`,
//! `polars.DataFrame(t)` and `DuckDB` read them without one Python object
//! per cell. The pandas frames are built from these tables too, so the
//! schema below is the one place that says what each column holds.
//!
//! Column types:
//!
//! - ids, titles, owners: `utf8`;
//! - statuses, perspectives and levels: `dictionary<int8, utf8>`, *ordered*,
//!   whose dictionary is the whole scale in its order (statuses:
//!   `fulfilled`, `partly_fulfilled`, `not_fulfilled`, `no_data`,
//!   `not_assessed`; perspectives in the order of the management system;
//!   levels council, board, operational), so every category is present
//!   even when no row has it; trends, rules, target kinds and item kinds
//!   are unordered dictionaries;
//! - decimals: exact `decimal128(38, s)`, the scale fixed per column so that
//!   tables of different evaluations (or of the parts of a cut model)
//!   concatenate: `s = 4` for the columns the core rounds to 4 places
//!   (achievement, goal and balance scores, evenness, plan progress) and
//!   `s = 12` for the rest (values, targets, warnings, previous values,
//!   weights, the comparison's median, quartiles, best and worst), 12 being
//!   the places of every quotient the core computes. A value that does not
//!   fit exactly (more than 12 places in the measured data, or more than
//!   26 integer digits) raises `ArithmeticOverflowError` naming the column
//!   and row; nothing is rounded on the way;
//! - counts: `int64`; the comparison's rank and group size: nullable
//!   `int64`; flags: `bool` (nullable where the comparison may be missing).
//!   Every decimal column and `target_kind` are nullable; the schema is
//!   the same for every evaluation, so tables concatenate.
//!
//! Every table is sorted as the evaluation is (by its ids).
//!
//! The series table (`styrkort.SeriesTable`, many periods' rows) has two
//! tables, `series_indicators` (`period`, `indicator`, `org`, `value`,
//! `consolidated`, `target`, `achievement`, `status`, `trend`, `arrow`,
//! `forecast`) and `series_goals` (`period`, `goal`, `status`,
//! `computed_status`, `score`, `manual`, `forecast`), with the types
//! above, except that the ids and the period are
//! `dictionary<int32, utf8>` columns, unordered, built straight from the
//! core's codes: the keys of `indicator`, `org` and `goal` are the codes
//! into the model's indicators, orgs and goals (every one of the model,
//! in model order, is in the dictionary), the keys of `period` index the
//! periods asked (without repeats, in the order asked). So a table of
//! millions of rows holds no string per row, and pandas makes the columns
//! categoricals. Its rows are period by period in the order asked, each
//! period's in its evaluation's order.
//!
//! Building: each column is an arrow-rs builder filled a row at a time.
//! The indicators table, the large one (one row per indicator-org result,
//! about 700,000 at the national scale, each result a few hundred bytes),
//! is filled in one pass over the results that appends to every column
//! of a row while the row is in cache, rather than one pass per column;
//! from [`PARALLEL_ROWS`] rows its columns are split in two halves, each
//! filled in its own pass on its own thread (both reading the results,
//! writing nothing shared), and the halves are joined in schema order,
//! so the table is the same either way (`tests/test_arrow_large.py`
//! compares every cell of a table above the threshold with the
//! evaluation document). Splitting columns rather than rows keeps one
//! record batch and needs no copy to join.

use std::collections::hash_map::{Entry, HashMap};
use std::sync::Arc;

use arrow_array::builder::{
    BooleanBuilder, Decimal128Builder, Int64Builder, Int8Builder, StringBuilder,
};
use arrow_array::types::{Int32Type, Int8Type};
use arrow_array::{ArrayRef, DictionaryArray, Int32Array, RecordBatch, StringArray, StructArray};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use pyo3::prelude::*;
use pyo3::types::PyCapsule;
use pyo3_arrow::ffi::{to_schema_pycapsule, to_stream_pycapsule, ArrayIterator};
use rust_decimal::Decimal;
use styrkort::evaluation::{GoalItem, ItemKind};
use styrkort::{
    Error, Evaluation, IndicatorResult, Period, Perspective, RuleKind, SeriesTable, Status,
};

use crate::conversions::{
    LEVELS, LEVEL_NAMES, PERSPECTIVE_NAMES, STATUS_NAMES, TRENDS, TREND_NAMES,
};

/// The scale of the decimal columns the core rounds to 4 places.
const RATIO_SCALE: i8 = 4;
/// The scale of every other decimal column: the places of the core's quotients.
const VALUE_SCALE: i8 = 12;
/// The largest precision of `decimal128`.
const PRECISION: u8 = 38;

/// The tables, in the order `Evaluation.table` lists them.
pub(crate) const TABLES: [&str; 5] = [
    "goals",
    "goal_items",
    "indicators",
    "scorecards",
    "action_plans",
];

const RULES: [&str; 5] = [
    RuleKind::AllSomeNone.as_str(),
    RuleKind::WeightedScore.as_str(),
    RuleKind::ShareFulfilled.as_str(),
    RuleKind::Worst.as_str(),
    RuleKind::Manual.as_str(),
];
const TARGET_KINDS: [&str; 3] = ["value", "improve", "rank"];
const ITEM_KINDS: [&str; 2] = ["goal", "indicator"];

/// A finished column: its field and its array.
type Column = (Field, ArrayRef);

/// Columns and their fields, gathered while a table is built.
struct Builder {
    fields: Vec<Field>,
    columns: Vec<ArrayRef>,
}

impl Builder {
    fn new() -> Self {
        Self {
            fields: Vec::new(),
            columns: Vec::new(),
        }
    }

    fn push(&mut self, (field, column): Column) {
        self.fields.push(field);
        self.columns.push(column);
    }

    fn strings<'a>(&mut self, name: &str, values: impl Iterator<Item = &'a str>) {
        let mut col = Strings::new(name, values.size_hint().0);
        values.for_each(|v| col.push(v));
        self.push(col.finish());
    }

    fn counts(&mut self, name: &str, values: impl Iterator<Item = usize>) {
        let mut col = Counts::new(name, false, values.size_hint().0);
        values.for_each(|v| col.push(Some(v)));
        self.push(col.finish());
    }

    fn flags(&mut self, name: &str, values: impl Iterator<Item = bool>) {
        let mut col = Flags::new(name, false, values.size_hint().0);
        values.for_each(|v| col.push(Some(v)));
        self.push(col.finish());
    }

    /// A dictionary column: `keys` index `names` (the whole scale, so
    /// every category is present); `ordered` for statuses, perspectives
    /// and levels, whose order means something. Nullability is part of
    /// the schema, not of the data, so that every evaluation's table has
    /// the same schema.
    fn dictionary(
        &mut self,
        name: &str,
        names: &[&str],
        ordered: bool,
        keys: impl Iterator<Item = Option<usize>>,
    ) {
        let mut col = Keys::new(name, names, ordered, false, keys.size_hint().0);
        keys.for_each(|k| col.push(k));
        self.push(col.finish());
    }

    /// A `decimal128(38, scale)` column (see [`Decimals`]); `row` names
    /// the row of a value that does not fit exactly.
    fn decimals<T>(
        &mut self,
        name: &str,
        scale: i8,
        rows: &[T],
        get: impl Fn(&T) -> Option<Decimal>,
        row: impl Fn(&T) -> String,
    ) -> Result<(), Error> {
        let mut col = Decimals::new(name, scale, rows.len());
        for r in rows {
            col.push(get(r), || row(r))?;
        }
        self.push(col.finish());
        Ok(())
    }

    fn finish(self) -> RecordBatch {
        let schema = Arc::new(Schema::new(self.fields));
        RecordBatch::try_new(schema, self.columns).expect("the columns match the fields")
    }
}

// Columns filled a row at a time. A large table (the indicators: one row
// per indicator-org pair, ~700,000 at the national scale, each result a
// few hundred bytes) is built in one pass over its rows that appends to
// every column while the row is in cache, rather than one pass over
// every row per column; the small tables use the same columns through
// `Builder`, one column at a time.

/// A `utf8` column.
struct Strings<'a> {
    name: &'a str,
    b: StringBuilder,
}

impl<'a> Strings<'a> {
    fn new(name: &'a str, rows: usize) -> Self {
        // Ids are short; the data buffer grows if they are not.
        Self {
            name,
            b: StringBuilder::with_capacity(rows, rows * 16),
        }
    }

    fn push(&mut self, v: &str) {
        self.b.append_value(v);
    }

    fn finish(mut self) -> Column {
        let field = Field::new(self.name, DataType::Utf8, false);
        (field, Arc::new(self.b.finish()))
    }
}

/// An `int64` column (counts; nullable where the comparison may be missing).
struct Counts<'a> {
    name: &'a str,
    nullable: bool,
    b: Int64Builder,
}

impl<'a> Counts<'a> {
    fn new(name: &'a str, nullable: bool, rows: usize) -> Self {
        Self {
            name,
            nullable,
            b: Int64Builder::with_capacity(rows),
        }
    }

    fn push(&mut self, v: Option<usize>) {
        self.b
            .append_option(v.map(|v| i64::try_from(v).unwrap_or(i64::MAX)));
    }

    fn finish(mut self) -> Column {
        let field = Field::new(self.name, DataType::Int64, self.nullable);
        (field, Arc::new(self.b.finish()))
    }
}

/// A `bool` column (nullable where the comparison may be missing).
struct Flags<'a> {
    name: &'a str,
    nullable: bool,
    b: BooleanBuilder,
}

impl<'a> Flags<'a> {
    fn new(name: &'a str, nullable: bool, rows: usize) -> Self {
        Self {
            name,
            nullable,
            b: BooleanBuilder::with_capacity(rows),
        }
    }

    fn push(&mut self, v: Option<bool>) {
        self.b.append_option(v);
    }

    fn finish(mut self) -> Column {
        let field = Field::new(self.name, DataType::Boolean, self.nullable);
        (field, Arc::new(self.b.finish()))
    }
}

/// A `dictionary<int8, utf8>` column whose keys index `names`, the whole
/// scale (see [`Builder::dictionary`]).
struct Keys<'a> {
    name: &'a str,
    names: &'a [&'a str],
    ordered: bool,
    nullable: bool,
    b: Int8Builder,
}

impl<'a> Keys<'a> {
    fn new(
        name: &'a str,
        names: &'a [&'a str],
        ordered: bool,
        nullable: bool,
        rows: usize,
    ) -> Self {
        Self {
            name,
            names,
            ordered,
            nullable,
            b: Int8Builder::with_capacity(rows),
        }
    }

    fn push(&mut self, k: Option<usize>) {
        self.b
            .append_option(k.map(|k| i8::try_from(k).unwrap_or_default()));
    }

    fn finish(mut self) -> Column {
        let values = Arc::new(StringArray::from_iter_values(self.names.iter().copied()));
        let a = DictionaryArray::<Int8Type>::try_new(self.b.finish(), values)
            .expect("every key indexes the dictionary");
        let field = Field::new_dictionary(self.name, DataType::Int8, DataType::Utf8, self.nullable)
            .with_dict_is_ordered(self.ordered);
        (field, Arc::new(a))
    }
}

/// A `decimal128(38, scale)` column, nullable whatever the data so that
/// the schema is the same for every evaluation.
struct Decimals<'a> {
    name: &'a str,
    scale: i8,
    places: u32,
    b: Decimal128Builder,
}

impl<'a> Decimals<'a> {
    fn new(name: &'a str, scale: i8, rows: usize) -> Self {
        Self {
            name,
            scale,
            places: u32::try_from(scale).unwrap_or_default(),
            b: Decimal128Builder::with_capacity(rows)
                .with_precision_and_scale(PRECISION, scale)
                .expect("38 and the scale are valid"),
        }
    }

    /// Appends `d`; `row` names the row when `d` does not fit exactly.
    fn push(&mut self, d: Option<Decimal>, row: impl FnOnce() -> String) -> Result<(), Error> {
        match d {
            None => self.b.append_null(),
            Some(d) => match unscaled(d, self.places) {
                Some(v) => self.b.append_value(v),
                None => return Err(does_not_fit(self.name, self.scale, &row(), d)),
            },
        }
        Ok(())
    }

    fn finish(mut self) -> Column {
        let field = Field::new(self.name, DataType::Decimal128(PRECISION, self.scale), true);
        (field, Arc::new(self.b.finish()))
    }
}

/// `d` as an integer at `places` decimal places (at most 12), when that
/// is exact and within the 38 digits of `decimal128`.
fn unscaled(d: Decimal, places: u32) -> Option<i128> {
    /// 10^0 … 10^12: the shifts to the two scales, without a power per cell.
    const POW10: [i128; 13] = {
        let mut t = [1i128; 13];
        let mut i = 1;
        while i < t.len() {
            t[i] = t[i - 1] * 10;
            i += 1;
        }
        t
    };
    let d = if d.scale() > places { d.normalize() } else { d };
    let shift = places.checked_sub(d.scale())?;
    let v = d
        .mantissa()
        .checked_mul(*POW10.get(usize::try_from(shift).ok()?)?)?;
    (v.unsigned_abs() < 10u128.pow(u32::from(PRECISION))).then_some(v)
}

/// The error for a decimal that does not fit its column exactly.
fn does_not_fit(name: &str, scale: i8, row: &str, d: Decimal) -> Error {
    Error::Overflow {
        context: format!(
            "Arrow column {name:?} (decimal128({PRECISION}, {scale})), {row}: \
             {} does not fit exactly",
            styrkort::json::normalised(d)
        ),
    }
}

fn level_key(l: styrkort::Level) -> usize {
    LEVELS.iter().position(|x| *x == l).unwrap_or_default()
}

fn rule_key(r: RuleKind) -> Option<usize> {
    RULES.iter().position(|x| *x == r.as_str())
}

/// Builds one table of `e` (one of [`TABLES`]).
pub(crate) fn table(e: &Evaluation, name: &str, explain: bool) -> Result<RecordBatch, Error> {
    match name {
        "goals" => goals(e, explain),
        "goal_items" => goal_items(e),
        "indicators" => indicators(e),
        "scorecards" => scorecards(e),
        "action_plans" => action_plans(e),
        _ => Err(Error::UnknownId {
            kind: "table",
            id: format!("{name} (the tables: {})", TABLES.join(", ")),
        }),
    }
}

fn goals(e: &Evaluation, explain: bool) -> Result<RecordBatch, Error> {
    let g = &e.goals;
    let mut b = Builder::new();
    b.strings("goal", g.iter().map(|g| g.goal.as_str()));
    b.strings("title", g.iter().map(|g| g.title.as_str()));
    b.dictionary(
        "level",
        &LEVEL_NAMES,
        true,
        g.iter().map(|g| Some(level_key(g.level))),
    );
    b.dictionary(
        "perspective",
        &PERSPECTIVE_NAMES,
        true,
        g.iter().map(|g| Some(g.perspective.index())),
    );
    b.strings("owner", g.iter().map(|g| g.owner.as_str()));
    b.dictionary(
        "status",
        &STATUS_NAMES,
        true,
        g.iter().map(|g| Some(g.status.index())),
    );
    b.dictionary(
        "computed_status",
        &STATUS_NAMES,
        true,
        g.iter().map(|g| Some(g.computed_status.index())),
    );
    b.flags("manual", g.iter().map(|g| g.manual));
    b.decimals(
        "score",
        RATIO_SCALE,
        g,
        |g| g.score,
        |g| format!("goal {}", g.goal),
    )?;
    b.dictionary("rule", &RULES, false, g.iter().map(|g| rule_key(g.rule)));
    b.counts("items", g.iter().map(|g| g.items.len()));
    let tags: Vec<String> = g.iter().map(|g| g.tags.join(",")).collect();
    b.strings("tags", tags.iter().map(String::as_str));
    if explain {
        let texts: Vec<String> = g.iter().map(styrkort::GoalResult::explain).collect();
        b.strings("explanation", texts.iter().map(String::as_str));
    }
    Ok(b.finish())
}

fn goal_items(e: &Evaluation) -> Result<RecordBatch, Error> {
    let rows: Vec<(&str, &GoalItem)> = e
        .goals
        .iter()
        .flat_map(|g| g.items.iter().map(move |i| (g.goal.as_str(), i)))
        .collect();
    let mut b = Builder::new();
    b.strings("goal", rows.iter().map(|r| r.0));
    b.dictionary(
        "kind",
        &ITEM_KINDS,
        false,
        rows.iter().map(|r| {
            Some(match r.1.kind {
                ItemKind::Goal => 0,
                ItemKind::Indicator => 1,
            })
        }),
    );
    b.strings("id", rows.iter().map(|r| r.1.id.as_str()));
    b.strings("org", rows.iter().map(|r| r.1.org.as_str()));
    b.decimals(
        "weight",
        VALUE_SCALE,
        &rows,
        |r| Some(r.1.weight),
        |r| format!("goal {} item {}", r.0, r.1.id),
    )?;
    b.dictionary(
        "status",
        &STATUS_NAMES,
        true,
        rows.iter().map(|r| Some(r.1.status.index())),
    );
    Ok(b.finish())
}

/// From this many rows the indicators table is built on two threads, each
/// filling half of the columns in its own pass over the rows (below it
/// starting a thread costs more than it saves: at 20,000 rows a pass
/// takes about 5 ms). `tests/test_arrow_large.py` builds a table just
/// above it.
const PARALLEL_ROWS: usize = 20_000;

/// The indicators table: one row per (indicator, org) result. Built in one
/// pass over the results per half of the columns, the two halves side by
/// side on a large table (see [`PARALLEL_ROWS`]); the columns are the same
/// either way. A value that does not fit names the first such row of its
/// half of the columns.
fn indicators(e: &Evaluation) -> Result<RecordBatch, Error> {
    let r = &e.indicators;
    let (first, second) = if r.len() >= PARALLEL_ROWS {
        std::thread::scope(|s| {
            let second = s.spawn(|| indicator_columns_second(r));
            let first = indicator_columns_first(r);
            let second = second
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (first, second)
        })
    } else {
        (indicator_columns_first(r), indicator_columns_second(r))
    };
    let mut b = Builder::new();
    for col in first?.into_iter().chain(second?) {
        b.push(col);
    }
    Ok(b.finish())
}

/// Where an indicator result is, for an error message.
fn indicator_at(r: &IndicatorResult) -> String {
    format!("indicator {} at {}", r.indicator, r.org)
}

fn trend_key(t: styrkort::Trend) -> Option<usize> {
    TRENDS.iter().position(|x| *x == t)
}

/// The indicators table's columns from `indicator` to `trend`.
fn indicator_columns_first(rows: &[IndicatorResult]) -> Result<Vec<Column>, Error> {
    let n = rows.len();
    let mut indicator = Strings::new("indicator", n);
    let mut org = Strings::new("org", n);
    let mut value = Decimals::new("value", VALUE_SCALE, n);
    let mut consolidated = Flags::new("consolidated", false, n);
    let mut target_kind = Keys::new("target_kind", &TARGET_KINDS, false, true, n);
    let mut target = Decimals::new("target", VALUE_SCALE, n);
    let mut warning = Decimals::new("warning", VALUE_SCALE, n);
    let mut achievement = Decimals::new("achievement", RATIO_SCALE, n);
    let mut status = Keys::new("status", &STATUS_NAMES, true, false, n);
    let mut previous = Decimals::new("previous", VALUE_SCALE, n);
    let mut trend = Keys::new("trend", &TREND_NAMES, false, false, n);
    for r in rows {
        let at = || indicator_at(r);
        indicator.push(r.indicator.as_str());
        org.push(r.org.as_str());
        value.push(r.value, at)?;
        consolidated.push(Some(r.consolidated));
        // Every kind is in the dictionary (a rank target once fell back
        // to "value" here).
        target_kind.push(r.target_kind.map(|k| match k {
            styrkort::TargetKind::Value => 0,
            styrkort::TargetKind::Improve => 1,
            styrkort::TargetKind::Rank => 2,
        }));
        target.push(r.target, at)?;
        warning.push(r.warning, at)?;
        achievement.push(r.achievement, at)?;
        status.push(Some(r.status.index()));
        previous.push(r.previous, at)?;
        trend.push(trend_key(r.trend));
    }
    Ok(vec![
        indicator.finish(),
        org.finish(),
        value.finish(),
        consolidated.finish(),
        target_kind.finish(),
        target.finish(),
        warning.finish(),
        achievement.finish(),
        status.finish(),
        previous.finish(),
        trend.finish(),
    ])
}

/// The indicators table's columns from `year_earlier` on: the same period
/// a year earlier, the scorecard's arrow, forecasts and change targets
/// (issue 14), and the comparison with similar municipalities.
fn indicator_columns_second(rows: &[IndicatorResult]) -> Result<Vec<Column>, Error> {
    let n = rows.len();
    let mut year_earlier = Decimals::new("year_earlier", VALUE_SCALE, n);
    let mut year_change = Decimals::new("year_change", VALUE_SCALE, n);
    let mut year_trend = Keys::new("year_trend", &TREND_NAMES, false, false, n);
    let mut arrow = Keys::new("arrow", &TREND_NAMES, false, false, n);
    let mut forecast = Flags::new("forecast", false, n);
    let mut change_required = Decimals::new("change_required", VALUE_SCALE, n);
    let mut rank = Counts::new("rank", true, n);
    let mut group_size = Counts::new("group_size", true, n);
    let mut median = Decimals::new("median", VALUE_SCALE, n);
    let mut lower_quartile = Decimals::new("lower_quartile", VALUE_SCALE, n);
    let mut upper_quartile = Decimals::new("upper_quartile", VALUE_SCALE, n);
    let mut best = Decimals::new("best", VALUE_SCALE, n);
    let mut worst = Decimals::new("worst", VALUE_SCALE, n);
    let mut best_quartile = Flags::new("best_quartile", true, n);
    let mut worst_quartile = Flags::new("worst_quartile", true, n);
    for r in rows {
        let at = || indicator_at(r);
        year_earlier.push(r.year_earlier, at)?;
        year_change.push(r.year_change, at)?;
        year_trend.push(trend_key(r.year_trend));
        arrow.push(trend_key(r.arrow));
        forecast.push(Some(r.forecast));
        change_required.push(r.change_required, at)?;
        let c = r.comparison.as_ref();
        rank.push(c.map(|c| c.rank));
        group_size.push(c.map(|c| c.group_size));
        median.push(c.map(|c| c.median), at)?;
        lower_quartile.push(c.map(|c| c.lower_quartile), at)?;
        upper_quartile.push(c.map(|c| c.upper_quartile), at)?;
        best.push(c.map(|c| c.best), at)?;
        worst.push(c.map(|c| c.worst), at)?;
        best_quartile.push(c.map(|c| c.best_quartile));
        worst_quartile.push(c.map(|c| c.worst_quartile));
    }
    Ok(vec![
        year_earlier.finish(),
        year_change.finish(),
        year_trend.finish(),
        arrow.finish(),
        forecast.finish(),
        change_required.finish(),
        rank.finish(),
        group_size.finish(),
        median.finish(),
        lower_quartile.finish(),
        upper_quartile.finish(),
        best.finish(),
        worst.finish(),
        best_quartile.finish(),
        worst_quartile.finish(),
    ])
}

fn scorecards(e: &Evaluation) -> Result<RecordBatch, Error> {
    let rows: Vec<(&styrkort::Scorecard, Perspective)> = e
        .scorecards
        .iter()
        .flat_map(|s| Perspective::ALL.iter().map(move |p| (s, *p)))
        .collect();
    let at = |r: &(&styrkort::Scorecard, Perspective)| format!("scorecard {} {}", r.0.org, r.1);
    let mut b = Builder::new();
    b.strings("org", rows.iter().map(|r| r.0.org.as_str()));
    b.dictionary(
        "perspective",
        &PERSPECTIVE_NAMES,
        true,
        rows.iter().map(|r| Some(r.1.index())),
    );
    b.counts(
        "goals",
        rows.iter().map(|r| r.0.balance.perspective(r.1).goals),
    );
    b.counts(
        "indicators",
        rows.iter().map(|r| r.0.balance.perspective(r.1).indicators),
    );
    for s in Status::ALL {
        b.counts(
            s.as_str(),
            rows.iter().map(|r| r.0.balance.perspective(r.1).count(s)),
        );
    }
    b.decimals(
        "score",
        RATIO_SCALE,
        &rows,
        |r| r.0.balance.perspective(r.1).score,
        at,
    )?;
    b.counts("scorecard_goals", rows.iter().map(|r| r.0.balance.goals));
    b.decimals(
        "scorecard_score",
        RATIO_SCALE,
        &rows,
        |r| r.0.balance.score,
        at,
    )?;
    b.decimals(
        "evenness",
        RATIO_SCALE,
        &rows,
        |r| Some(r.0.balance.evenness),
        at,
    )?;
    Ok(b.finish())
}

fn action_plans(e: &Evaluation) -> Result<RecordBatch, Error> {
    let p = &e.action_plans;
    let mut b = Builder::new();
    b.strings("plan", p.iter().map(|p| p.plan.as_str()));
    b.strings("owner", p.iter().map(|p| p.owner.as_str()));
    b.decimals(
        "progress",
        RATIO_SCALE,
        p,
        |p| p.progress,
        |p| format!("action plan {}", p.plan),
    )?;
    b.counts("overdue", p.iter().map(|p| p.overdue.len()));
    b.counts("not_started", p.iter().map(|p| p.activities.not_started));
    b.counts("ongoing", p.iter().map(|p| p.activities.ongoing));
    b.counts("completed", p.iter().map(|p| p.activities.completed));
    b.counts("paused", p.iter().map(|p| p.activities.paused));
    b.counts("cancelled", p.iter().map(|p| p.activities.cancelled));
    Ok(b.finish())
}

// The series table (`styrkort.SeriesTable`): many periods' rows, whose
// ids are already codes into the model's dictionaries, so the id and
// period columns are dictionaries with `int32` keys copied from the codes
// (no string per row).

/// The series table's tables, in the order `SeriesTable` lists them.
pub(crate) const SERIES_TABLES: [&str; 2] = ["series_indicators", "series_goals"];

/// A `dictionary<int32, utf8>` column, not null, unordered: row `k` names
/// `names[codes[k]]`. The keys are the codes as they are; a code outside
/// `names` (or beyond `int32`) is an error, never a panic.
fn codes_column<'a>(
    name: &str,
    kind: &'static str,
    names: impl ExactSizeIterator<Item = &'a str>,
    codes: &[u32],
) -> Result<Column, Error> {
    let len = u32::try_from(names.len()).unwrap_or(u32::MAX);
    let values = Arc::new(StringArray::from_iter_values(names));
    let keys: Vec<i32> = codes
        .iter()
        .map(|&c| {
            i32::try_from(c)
                .ok()
                .filter(|_| c < len)
                .ok_or_else(|| Error::UnknownId {
                    kind,
                    id: format!("code {c} (of {len}) in Arrow column {name:?}"),
                })
        })
        .collect::<Result<_, _>>()?;
    let a = DictionaryArray::<Int32Type>::try_new(Int32Array::from(keys), values).map_err(|e| {
        Error::Overflow {
            context: format!("Arrow column {name:?} (dictionary<int32, utf8>): {e}"),
        }
    })?;
    let field = Field::new_dictionary(name, DataType::Int32, DataType::Utf8, false);
    Ok((field, Arc::new(a)))
}

/// The `period` column of a series table: a `dictionary<int32, utf8>`
/// whose dictionary is the periods asked, without repeats, in the order
/// asked (unordered: the order asked need not be the calendar's), and
/// whose key is the index of the row's period among them.
fn period_column(periods: &[Period], rows: &[Period]) -> Result<Column, Error> {
    let mut distinct: Vec<Period> = Vec::with_capacity(periods.len());
    let mut index: HashMap<Period, u32> = HashMap::with_capacity(periods.len());
    for &p in periods {
        if let Entry::Vacant(e) = index.entry(p) {
            e.insert(u32::try_from(distinct.len()).unwrap_or(u32::MAX));
            distinct.push(p);
        }
    }
    // Rows come period by period: one look-up per run of rows.
    let mut codes = Vec::with_capacity(rows.len());
    let mut last: Option<(Period, u32)> = None;
    for &p in rows {
        let code = match last {
            Some((q, c)) if q == p => c,
            _ => {
                let c = index.get(&p).copied().ok_or_else(|| Error::UnknownId {
                    kind: "period",
                    id: format!("{p} (a row's period is not among the table's periods)"),
                })?;
                last = Some((p, c));
                c
            }
        };
        codes.push(code);
    }
    let names: Vec<String> = distinct.iter().map(ToString::to_string).collect();
    codes_column("period", "period", names.iter().map(String::as_str), &codes)
}

/// The id at `code` of `ids`, for an error message.
fn id_at<T: AsRef<str>>(ids: &[T], code: u32) -> &str {
    usize::try_from(code)
        .ok()
        .and_then(|c| ids.get(c))
        .map_or("?", AsRef::as_ref)
}

/// Where row `k` of a series table's indicator rows is, for an error message.
fn series_indicator_at(t: &SeriesTable, k: usize) -> String {
    let r = &t.indicators;
    format!(
        "period {}, indicator {} at {}",
        r.period[k],
        id_at(&t.indicator_ids, r.indicator[k]),
        id_at(&t.org_ids, r.org[k])
    )
}

/// The indicators table of a series table: one row per period and
/// indicator-org result, columns `period`, `indicator`, `org`, `value`,
/// `consolidated`, `target`, `achievement`, `status`, `trend`, `arrow`,
/// `forecast`. From [`PARALLEL_ROWS`] rows the two halves of the columns
/// are built on two threads; the table is the same either way.
pub(crate) fn series_indicators(t: &SeriesTable) -> Result<RecordBatch, Error> {
    let first = || -> Result<Vec<Column>, Error> {
        let r = &t.indicators;
        let mut value = Decimals::new("value", VALUE_SCALE, r.len());
        for (k, v) in r.value.iter().enumerate() {
            value.push(*v, || series_indicator_at(t, k))?;
        }
        let mut consolidated = Flags::new("consolidated", false, r.len());
        r.consolidated
            .iter()
            .for_each(|c| consolidated.push(Some(*c)));
        Ok(vec![
            period_column(&t.periods, &r.period)?,
            codes_column(
                "indicator",
                "indicator",
                t.indicator_ids.iter().map(styrkort::IndicatorId::as_str),
                &r.indicator,
            )?,
            codes_column(
                "org",
                "org",
                t.org_ids.iter().map(styrkort::OrgId::as_str),
                &r.org,
            )?,
            value.finish(),
            consolidated.finish(),
        ])
    };
    let second = || -> Result<Vec<Column>, Error> {
        let r = &t.indicators;
        let n = r.len();
        let mut target = Decimals::new("target", VALUE_SCALE, n);
        let mut achievement = Decimals::new("achievement", RATIO_SCALE, n);
        for k in 0..n {
            target.push(r.target[k], || series_indicator_at(t, k))?;
            achievement.push(r.achievement[k], || series_indicator_at(t, k))?;
        }
        let mut status = Keys::new("status", &STATUS_NAMES, true, false, n);
        r.status.iter().for_each(|s| status.push(Some(s.index())));
        let mut trend = Keys::new("trend", &TREND_NAMES, false, false, n);
        r.trend.iter().for_each(|x| trend.push(trend_key(*x)));
        let mut arrow = Keys::new("arrow", &TREND_NAMES, false, false, n);
        r.arrow.iter().for_each(|x| arrow.push(trend_key(*x)));
        let mut forecast = Flags::new("forecast", false, n);
        r.forecast.iter().for_each(|f| forecast.push(Some(*f)));
        Ok(vec![
            target.finish(),
            achievement.finish(),
            status.finish(),
            trend.finish(),
            arrow.finish(),
            forecast.finish(),
        ])
    };
    let (first, second) = if t.indicators.len() >= PARALLEL_ROWS {
        std::thread::scope(|s| {
            let second = s.spawn(second);
            let first = first();
            let second = second
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (first, second)
        })
    } else {
        (first(), second())
    };
    let mut b = Builder::new();
    for col in first?.into_iter().chain(second?) {
        b.push(col);
    }
    Ok(b.finish())
}

/// The goals table of a series table: one row per period and reported
/// goal, columns `period`, `goal`, `status`, `computed_status`, `score`,
/// `manual`, `forecast`.
pub(crate) fn series_goals(t: &SeriesTable) -> Result<RecordBatch, Error> {
    let r = &t.goals;
    let n = r.len();
    let mut b = Builder::new();
    b.push(period_column(&t.periods, &r.period)?);
    b.push(codes_column(
        "goal",
        "goal",
        t.goal_ids.iter().map(styrkort::GoalId::as_str),
        &r.goal,
    )?);
    b.dictionary(
        "status",
        &STATUS_NAMES,
        true,
        r.status.iter().map(|s| Some(s.index())),
    );
    b.dictionary(
        "computed_status",
        &STATUS_NAMES,
        true,
        r.computed_status.iter().map(|s| Some(s.index())),
    );
    let mut score = Decimals::new("score", RATIO_SCALE, n);
    for (k, v) in r.score.iter().enumerate() {
        score.push(*v, || {
            format!(
                "period {}, goal {}",
                r.period[k],
                id_at(&t.goal_ids, r.goal[k])
            )
        })?;
    }
    b.push(score.finish());
    b.flags("manual", r.manual.iter().copied());
    b.flags("forecast", r.forecast.iter().copied());
    Ok(b.finish())
}

/// One table of an evaluation as Arrow data: give it to
/// `pyarrow.table(t)`, `polars.DataFrame(t)` or `DuckDB` (`duckdb.sql("…
/// FROM t")` after `t = pa.table(…)`, or `duckdb.from_arrow(t)`); any
/// reader of the Arrow `PyCapsule` interface takes it without copying.
#[pyclass(module = "styrkort", name = "Table", frozen)]
pub(crate) struct PyTable {
    pub(crate) name: &'static str,
    pub(crate) batch: RecordBatch,
}

impl PyTable {
    fn schema(&self) -> SchemaRef {
        self.batch.schema()
    }
}

#[pymethods]
impl PyTable {
    /// The table's name (`goals`, `goal_items`, `indicators`,
    /// `scorecards` or `action_plans` for an evaluation's;
    /// `series_indicators` or `series_goals` for a series table's).
    #[getter]
    fn name(&self) -> &'static str {
        self.name
    }

    /// The number of rows.
    #[getter]
    fn num_rows(&self) -> usize {
        self.batch.num_rows()
    }

    /// The column names, in order.
    #[getter]
    fn column_names(&self) -> Vec<String> {
        self.schema()
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect()
    }

    /// Column name → Arrow type, as Arrow writes it
    /// (`Decimal128(38, 4)`, `Dictionary(Int8, Utf8)`, …).
    #[getter]
    fn column_types(&self) -> Vec<(String, String)> {
        self.schema()
            .fields()
            .iter()
            .map(|f| (f.name().clone(), f.data_type().to_string()))
            .collect()
    }

    /// The Arrow schema (`PyCapsule` interface).
    fn __arrow_c_schema__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyCapsule>> {
        Ok(to_schema_pycapsule(py, self.schema().as_ref())?)
    }

    /// The table as an Arrow C stream of one record batch (`PyCapsule`
    /// interface); `requested_schema` casts where Arrow can.
    #[pyo3(signature = (requested_schema = None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyCapsule>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        let schema = self.schema();
        let field = Field::new_struct("", schema.fields().clone(), false)
            .with_metadata(schema.metadata().clone());
        let batch: ArrayRef = Arc::new(StructArray::from(self.batch.clone()));
        let reader = ArrayIterator::new(std::iter::once(Ok(batch)), Arc::new(field));
        Ok(to_stream_pycapsule(py, Box::new(reader), requested_schema)?)
    }

    fn __len__(&self) -> usize {
        self.batch.num_rows()
    }

    fn __repr__(&self) -> String {
        format!(
            "<styrkort.Table {}: {} rows, columns {}>",
            self.name,
            self.batch.num_rows(),
            self.column_names().join(", ")
        )
    }
}
