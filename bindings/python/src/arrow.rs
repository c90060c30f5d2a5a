//! The evaluation's tables as Arrow record batches (`styrkort.Table`),
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

use std::sync::Arc;

use arrow_array::types::Int8Type;
use arrow_array::{
    ArrayRef, BooleanArray, Decimal128Array, DictionaryArray, Int64Array, Int8Array, RecordBatch,
    StringArray, StructArray,
};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use pyo3::prelude::*;
use pyo3::types::PyCapsule;
use pyo3_arrow::ffi::{to_schema_pycapsule, to_stream_pycapsule, ArrayIterator};
use rust_decimal::Decimal;
use styrkort::evaluation::{GoalItem, ItemKind};
use styrkort::{Error, Evaluation, Perspective, RuleKind, Status};

use crate::conversions::{
    target_kind_str, LEVELS, LEVEL_NAMES, PERSPECTIVE_NAMES, STATUS_NAMES, TRENDS, TREND_NAMES,
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
const TARGET_KINDS: [&str; 2] = ["value", "improve"];
const ITEM_KINDS: [&str; 2] = ["goal", "indicator"];

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

    fn push(&mut self, field: Field, column: ArrayRef) {
        self.fields.push(field);
        self.columns.push(column);
    }

    fn strings<'a>(&mut self, name: &str, values: impl Iterator<Item = &'a str>) {
        let a = StringArray::from_iter_values(values);
        self.push(Field::new(name, DataType::Utf8, false), Arc::new(a));
    }

    fn counts(&mut self, name: &str, values: impl Iterator<Item = usize>) {
        let a: Int64Array = values
            .map(|v| i64::try_from(v).unwrap_or(i64::MAX))
            .collect::<Vec<_>>()
            .into();
        self.push(Field::new(name, DataType::Int64, false), Arc::new(a));
    }

    fn opt_counts(&mut self, name: &str, values: impl Iterator<Item = Option<usize>>) {
        let a: Int64Array = values
            .map(|v| v.map(|v| i64::try_from(v).unwrap_or(i64::MAX)))
            .collect();
        self.push(Field::new(name, DataType::Int64, true), Arc::new(a));
    }

    fn flags(&mut self, name: &str, values: impl Iterator<Item = bool>) {
        let a: BooleanArray = values.map(Some).collect();
        self.push(Field::new(name, DataType::Boolean, false), Arc::new(a));
    }

    fn opt_flags(&mut self, name: &str, values: impl Iterator<Item = Option<bool>>) {
        let a: BooleanArray = values.collect();
        self.push(Field::new(name, DataType::Boolean, true), Arc::new(a));
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
        self.dictionary_of(name, names, ordered, false, keys);
    }

    fn dictionary_of(
        &mut self,
        name: &str,
        names: &[&str],
        ordered: bool,
        nullable: bool,
        keys: impl Iterator<Item = Option<usize>>,
    ) {
        let keys: Int8Array = keys
            .map(|k| k.map(|k| i8::try_from(k).unwrap_or_default()))
            .collect();
        let values = Arc::new(StringArray::from_iter_values(names.iter().copied()));
        let a = DictionaryArray::<Int8Type>::try_new(keys, values)
            .expect("every key indexes the dictionary");
        let field = Field::new_dictionary(name, DataType::Int8, DataType::Utf8, nullable)
            .with_dict_is_ordered(ordered);
        self.push(field, Arc::new(a));
    }

    /// A `decimal128(38, scale)` column (nullable, whatever the data, so
    /// that the schema is the same for every evaluation); `row` names the
    /// row of a value that does not fit exactly.
    fn decimals<T>(
        &mut self,
        name: &str,
        scale: i8,
        rows: &[T],
        get: impl Fn(&T) -> Option<Decimal>,
        row: impl Fn(&T) -> String,
    ) -> Result<(), Error> {
        let places = u32::try_from(scale).unwrap_or_default();
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            match get(r) {
                None => out.push(None),
                Some(d) => match unscaled(d, places) {
                    Some(v) => out.push(Some(v)),
                    None => {
                        return Err(Error::Overflow {
                            context: format!(
                                "Arrow column {name:?} (decimal128({PRECISION}, {scale})), {}: \
                                 {} does not fit exactly",
                                row(r),
                                styrkort::json::normalised(d)
                            ),
                        })
                    }
                },
            }
        }
        let a = Decimal128Array::from(out)
            .with_precision_and_scale(PRECISION, scale)
            .expect("38 and the scale are valid");
        let field = Field::new(name, DataType::Decimal128(PRECISION, scale), true);
        self.push(field, Arc::new(a));
        Ok(())
    }

    fn finish(self) -> RecordBatch {
        let schema = Arc::new(Schema::new(self.fields));
        RecordBatch::try_new(schema, self.columns).expect("the columns match the fields")
    }
}

/// `d` as an integer at `places` decimal places, when that is exact and
/// within the 38 digits of `decimal128`.
fn unscaled(d: Decimal, places: u32) -> Option<i128> {
    let d = if d.scale() > places { d.normalize() } else { d };
    let shift = places.checked_sub(d.scale())?;
    let v = d.mantissa().checked_mul(10i128.checked_pow(shift)?)?;
    (v.unsigned_abs() < 10u128.pow(u32::from(PRECISION))).then_some(v)
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

fn indicators(e: &Evaluation) -> Result<RecordBatch, Error> {
    let r = &e.indicators;
    let at = |r: &styrkort::IndicatorResult| format!("indicator {} at {}", r.indicator, r.org);
    let mut b = Builder::new();
    b.strings("indicator", r.iter().map(|r| r.indicator.as_str()));
    b.strings("org", r.iter().map(|r| r.org.as_str()));
    b.decimals("value", VALUE_SCALE, r, |r| r.value, at)?;
    b.flags("consolidated", r.iter().map(|r| r.consolidated));
    b.dictionary_of(
        "target_kind",
        &TARGET_KINDS,
        false,
        true,
        r.iter().map(|r| {
            r.target_kind.map(|k| {
                TARGET_KINDS
                    .iter()
                    .position(|x| *x == target_kind_str(k))
                    .unwrap_or(0)
            })
        }),
    );
    b.decimals("target", VALUE_SCALE, r, |r| r.target, at)?;
    b.decimals("warning", VALUE_SCALE, r, |r| r.warning, at)?;
    b.decimals("achievement", RATIO_SCALE, r, |r| r.achievement, at)?;
    b.dictionary(
        "status",
        &STATUS_NAMES,
        true,
        r.iter().map(|r| Some(r.status.index())),
    );
    b.decimals("previous", VALUE_SCALE, r, |r| r.previous, at)?;
    b.dictionary(
        "trend",
        &TREND_NAMES,
        false,
        r.iter().map(|r| TRENDS.iter().position(|t| *t == r.trend)),
    );
    // The same period a year earlier, the scorecard's arrow, forecasts and
    // change targets (issue 14).
    b.decimals("year_earlier", VALUE_SCALE, r, |r| r.year_earlier, at)?;
    b.decimals("year_change", VALUE_SCALE, r, |r| r.year_change, at)?;
    b.dictionary(
        "year_trend",
        &TREND_NAMES,
        false,
        r.iter()
            .map(|r| TRENDS.iter().position(|t| *t == r.year_trend)),
    );
    b.dictionary(
        "arrow",
        &TREND_NAMES,
        false,
        r.iter().map(|r| TRENDS.iter().position(|t| *t == r.arrow)),
    );
    b.flags("forecast", r.iter().map(|r| r.forecast));
    b.decimals("change_required", VALUE_SCALE, r, |r| r.change_required, at)?;
    b.opt_counts(
        "rank",
        r.iter().map(|r| r.comparison.as_ref().map(|c| c.rank)),
    );
    b.opt_counts(
        "group_size",
        r.iter()
            .map(|r| r.comparison.as_ref().map(|c| c.group_size)),
    );
    b.decimals(
        "median",
        VALUE_SCALE,
        r,
        |r| r.comparison.as_ref().map(|c| c.median),
        at,
    )?;
    b.decimals(
        "lower_quartile",
        VALUE_SCALE,
        r,
        |r| r.comparison.as_ref().map(|c| c.lower_quartile),
        at,
    )?;
    b.decimals(
        "upper_quartile",
        VALUE_SCALE,
        r,
        |r| r.comparison.as_ref().map(|c| c.upper_quartile),
        at,
    )?;
    b.decimals(
        "best",
        VALUE_SCALE,
        r,
        |r| r.comparison.as_ref().map(|c| c.best),
        at,
    )?;
    b.decimals(
        "worst",
        VALUE_SCALE,
        r,
        |r| r.comparison.as_ref().map(|c| c.worst),
        at,
    )?;
    b.opt_flags(
        "best_quartile",
        r.iter()
            .map(|r| r.comparison.as_ref().map(|c| c.best_quartile)),
    );
    b.opt_flags(
        "worst_quartile",
        r.iter()
            .map(|r| r.comparison.as_ref().map(|c| c.worst_quartile)),
    );
    Ok(b.finish())
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
    /// `scorecards` or `action_plans`).
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
