//! `styrkort.Evaluation` and the results it holds (the core's `evaluation`
//! module): goals, goal items, indicator results and action plans, and
//! its tables (Arrow, in `arrow`) and pandas frames.

use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};
use pyo3::IntoPyObjectExt;
use rust_decimal::Decimal;
use styrkort::evaluation::{GoalItem, IndicatorResult, ItemKind, PlanResult};
use styrkort::{Evaluation, Status};

use crate::arrow::{self, PyTable, TABLES};
use crate::conversions::{
    dec, json_to_py, opt_dec, part_to_dict, py_level, py_perspective, py_status, py_trend,
    target_kind_str,
};
use crate::errors::{core, guarded, unknown};
use crate::kolada::{comparison_from_pages, ComparisonInput, PyComparison};
use crate::model::{model_from_json, ModelInner, PyModel};
use crate::period::{period_arg, PyPeriod};
use crate::scorecard::{PyDialogueBrief, PyScorecard};
use crate::validate::PyDiagnostic;
use crate::whatif::PyWhatIf;

pub(crate) struct EvalInner {
    pub(crate) model: Arc<ModelInner>,
    pub(crate) eval: Evaluation,
    pub(crate) comparison: Option<Arc<ComparisonInput>>,
}

/// The evaluation of a model for one period (`styrkort-evaluation/1`).
#[pyclass(module = "styrkort", name = "Evaluation", frozen)]
pub(crate) struct PyEvaluation {
    pub(crate) inner: Arc<EvalInner>,
}

/// Re-evaluates a pickled evaluation: the model JSON, the period, the tag
/// and the comparison pages.
#[pyfunction]
#[pyo3(signature = (model_json, period, tag = None, comparison = None))]
pub(crate) fn _evaluation_from_state(
    py: Python<'_>,
    model_json: &str,
    period: &Bound<'_, PyAny>,
    tag: Option<String>,
    comparison: Option<Vec<String>>,
) -> PyResult<PyEvaluation> {
    let model = model_from_json(py, model_json)?;
    let period = period_arg(period)?;
    let comparison = comparison
        .map(|pages| comparison_from_pages(py, pages))
        .transpose()?;
    let inner = &model.inner;
    let e = py.detach(|| inner.evaluate(period, tag, comparison));
    Ok(PyEvaluation {
        inner: core(py, e)?,
    })
}

#[pymethods]
impl PyEvaluation {
    /// The period evaluated.
    #[getter]
    fn period(&self) -> PyPeriod {
        PyPeriod(self.inner.eval.period)
    }

    /// The as-of date: the last day of the period.
    #[getter]
    fn as_of(&self) -> chrono::NaiveDate {
        self.inner.eval.as_of
    }

    /// The tag the evaluation is narrowed to, if any.
    #[getter]
    fn tag(&self) -> Option<&str> {
        self.inner.eval.tag.as_deref()
    }

    /// The model evaluated.
    #[getter]
    fn model(&self) -> PyModel {
        PyModel {
            inner: Arc::clone(&self.inner.model),
        }
    }

    /// The `styrkort-evaluation/1` document, byte for byte the core's
    /// (pretty-printed, two-space indent, no trailing newline).
    fn to_json(&self, py: Python<'_>) -> String {
        let e = &self.inner.eval;
        py.detach(|| e.to_json())
    }

    /// The whole report (red thread, every scorecard, follow-up, warnings)
    /// as one self-contained HTML document; `lang` is `"sv"` or `"en"`.
    #[pyo3(signature = (*, lang = "sv"))]
    fn report_html(&self, py: Python<'_>, lang: &str) -> PyResult<String> {
        crate::report::render(py, &self.inner, &crate::report::Page::Document, lang)
    }

    /// Writes [`report_html`] to the file `path` (UTF-8).
    #[pyo3(signature = (path, *, lang = "sv"))]
    #[allow(clippy::needless_pass_by_value)] // pyo3 hands the path over
    fn write_report(&self, py: Python<'_>, path: std::path::PathBuf, lang: &str) -> PyResult<()> {
        let html = crate::report::render(py, &self.inner, &crate::report::Page::Document, lang)?;
        std::fs::write(&path, html).map_err(|e| {
            pyo3::exceptions::PyOSError::new_err(format!("cannot write {}: {e}", path.display()))
        })
    }

    /// The overview with its pictures, for a notebook.
    fn _repr_html_(&self, py: Python<'_>) -> PyResult<String> {
        crate::report::render(py, &self.inner, &crate::report::Page::Fragment, "sv")
    }

    /// `json.loads(to_json())`: exactly the core's document, with the
    /// decimal fields as `decimal.Decimal` (or `str` with `decimal=False`).
    #[pyo3(signature = (*, decimal = true))]
    fn to_dict<'py>(&self, py: Python<'py>, decimal: bool) -> PyResult<Bound<'py, PyAny>> {
        let e = &self.inner.eval;
        let text = py.detach(|| serde_json::to_string(e).unwrap_or_default());
        json_to_py(py, &text, decimal)
    }

    /// The result of one goal; `UnknownIdError` when the evaluation has none.
    fn goal(&self, py: Python<'_>, id: &str) -> PyResult<PyGoalResult> {
        let e = &self.inner.eval;
        let ix = e
            .goals
            .binary_search_by(|g| g.goal.as_str().cmp(id))
            .map_err(|_| unknown(py, "goal", id))?;
        Ok(PyGoalResult {
            inner: Arc::clone(&self.inner),
            ix,
        })
    }

    /// The result of one indicator at one org; `UnknownIdError` when none.
    fn indicator(&self, py: Python<'_>, id: &str, org: &str) -> PyResult<PyIndicatorResult> {
        let e = &self.inner.eval;
        let ix = e
            .indicators
            .binary_search_by(|r| (r.indicator.as_str(), r.org.as_str()).cmp(&(id, org)))
            .map_err(|_| unknown(py, "indicator", &format!("{id}@{org}")))?;
        Ok(PyIndicatorResult {
            inner: Arc::clone(&self.inner),
            ix,
        })
    }

    /// The scorecard of one org; `UnknownIdError` when none.
    fn scorecard(&self, py: Python<'_>, org: &str) -> PyResult<PyScorecard> {
        let e = &self.inner.eval;
        let ix = e
            .scorecards
            .binary_search_by(|s| s.org.as_str().cmp(org))
            .map_err(|_| unknown(py, "org", org))?;
        Ok(PyScorecard {
            inner: Arc::clone(&self.inner),
            ix,
        })
    }

    /// The result of one action plan; `UnknownIdError` when none.
    fn action_plan(&self, py: Python<'_>, id: &str) -> PyResult<PyPlanResult> {
        let e = &self.inner.eval;
        let ix = e
            .action_plans
            .binary_search_by(|p| p.plan.as_str().cmp(id))
            .map_err(|_| unknown(py, "action_plan", id))?;
        Ok(PyPlanResult {
            inner: Arc::clone(&self.inner),
            ix,
        })
    }

    /// Every goal result, sorted by goal id.
    #[getter]
    fn goals(&self) -> Vec<PyGoalResult> {
        (0..self.inner.eval.goals.len())
            .map(|ix| PyGoalResult {
                inner: Arc::clone(&self.inner),
                ix,
            })
            .collect()
    }

    /// Every indicator result, sorted by indicator and org.
    #[getter]
    fn indicators(&self) -> Vec<PyIndicatorResult> {
        (0..self.inner.eval.indicators.len())
            .map(|ix| PyIndicatorResult {
                inner: Arc::clone(&self.inner),
                ix,
            })
            .collect()
    }

    /// Every scorecard, sorted by org.
    #[getter]
    fn scorecards(&self) -> Vec<PyScorecard> {
        (0..self.inner.eval.scorecards.len())
            .map(|ix| PyScorecard {
                inner: Arc::clone(&self.inner),
                ix,
            })
            .collect()
    }

    /// Every action plan, sorted by plan id.
    #[getter]
    fn action_plans(&self) -> Vec<PyPlanResult> {
        (0..self.inner.eval.action_plans.len())
            .map(|ix| PyPlanResult {
                inner: Arc::clone(&self.inner),
                ix,
            })
            .collect()
    }

    /// The assignments (*uppdrag*) the evaluation lists, as entries of the
    /// document (dicts with `assignment`, `title`, `assigned_by`,
    /// `assigned_to`, `decided`, `due`, `status`, `reported`, `comment`,
    /// `overdue`): those `org` carries out, or all when `org` is None.
    /// `UnknownIdError` for an org not in the model.
    #[pyo3(signature = (org = None))]
    fn assignments<'py>(&self, py: Python<'py>, org: Option<&str>) -> PyResult<Bound<'py, PyAny>> {
        let list = match org {
            Some(o) => self
                .inner
                .eval
                .assignments_for(o)
                .map_err(|_| unknown(py, "org", o))?,
            None => &self.inner.eval.assignments[..],
        };
        part_to_dict(py, &list, true)
    }

    /// The model's validation warnings.
    #[getter]
    fn diagnostics(&self) -> Vec<PyDiagnostic> {
        self.inner
            .eval
            .diagnostics
            .iter()
            .cloned()
            .map(PyDiagnostic)
            .collect()
    }

    /// The brief for a dialogue between `upper` and `lower` (org ids).
    fn dialogue(&self, py: Python<'_>, upper: &str, lower: &str) -> PyResult<PyDialogueBrief> {
        let e = &self.inner.eval;
        let brief = core(py, py.detach(|| guarded(|| e.dialogue(upper, lower))))?;
        Ok(PyDialogueBrief { brief })
    }

    /// What it takes for goal `goal` to reach `wanted` (`"fulfilled"`,
    /// the default, or `"partly_fulfilled"`): the items to change, to what
    /// and by how much, from the goal's rule.
    #[pyo3(signature = (goal, wanted = "fulfilled"))]
    fn what_if(&self, py: Python<'_>, goal: &str, wanted: &str) -> PyResult<PyWhatIf> {
        let e = &self.inner.eval;
        let what_if = core(py, py.detach(|| guarded(|| e.what_if_named(goal, wanted))))?;
        Ok(PyWhatIf { what_if })
    }

    /// One table of the evaluation as Arrow data (`styrkort.Table`, read
    /// by `pyarrow.table`, `polars.DataFrame`, `DuckDB`): `goals`,
    /// `goal_items`, `indicators`, `scorecards` or `action_plans`, with
    /// the columns of the matching `*_frame`; `explain` adds the goals'
    /// explanations. Decimals are exact `decimal128` (scale 4 for scores,
    /// achievement, evenness and progress, 12 for the rest); statuses,
    /// perspectives and levels are ordered dictionaries. Built with the
    /// GIL released.
    #[pyo3(signature = (name, *, explain = false))]
    fn table(&self, py: Python<'_>, name: &str, explain: bool) -> PyResult<PyTable> {
        let e = &self.inner.eval;
        let batch = core(py, py.detach(|| guarded(|| arrow::table(e, name, explain))))?;
        let name = TABLES.iter().find(|t| **t == name).copied().unwrap_or("");
        Ok(PyTable { name, batch })
    }

    /// One row per goal as Arrow data (`table("goals")`).
    #[pyo3(signature = (*, explain = false))]
    fn goals_table(&self, py: Python<'_>, explain: bool) -> PyResult<PyTable> {
        self.table(py, "goals", explain)
    }

    /// One row per goal item as Arrow data (`table("goal_items")`).
    fn goal_items_table(&self, py: Python<'_>) -> PyResult<PyTable> {
        self.table(py, "goal_items", false)
    }

    /// One row per indicator result as Arrow data (`table("indicators")`).
    fn indicators_table(&self, py: Python<'_>) -> PyResult<PyTable> {
        self.table(py, "indicators", false)
    }

    /// One row per scorecard and perspective as Arrow data
    /// (`table("scorecards")`): the balance.
    fn scorecards_table(&self, py: Python<'_>) -> PyResult<PyTable> {
        self.table(py, "scorecards", false)
    }

    /// One row per action plan as Arrow data (`table("action_plans")`).
    fn action_plans_table(&self, py: Python<'_>) -> PyResult<PyTable> {
        self.table(py, "action_plans", false)
    }

    /// One row per goal (pandas and pyarrow: `pip install
    /// styrkort[pandas]`), built from `goals_table()`: ids, title, level,
    /// perspective, owner, status and computed status (ordered
    /// categoricals), manual, score, rule, number of items, tags; with
    /// `explain`, the explanation of each status. `decimals` chooses the
    /// decimal columns' dtype: `"arrow"` (the default: exact
    /// `ArrowDtype(decimal128)`, cells are `Decimal`), `"object"`
    /// (`Decimal` objects) or `"float"` (`float64`, for plotting only).
    #[pyo3(signature = (*, explain = false, decimals = "arrow"))]
    fn goals_frame<'py>(
        slf: &Bound<'py, Self>,
        explain: bool,
        decimals: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        frame(slf, "goals", explain, decimals)
    }

    /// One row per item of every goal: goal, kind, id, org, weight, status
    /// (`decimals` as in `goals_frame`).
    #[pyo3(signature = (*, decimals = "arrow"))]
    fn goal_items_frame<'py>(
        slf: &Bound<'py, Self>,
        decimals: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        frame(slf, "goal_items", false, decimals)
    }

    /// One row per indicator result: indicator, org, value, consolidated,
    /// target kind, target, warning, achievement, status, previous, trend,
    /// and the comparison with similar municipalities: rank, group size
    /// (nullable `Int64`), median, lower and upper quartile, best, worst,
    /// best and worst quartile (nullable `boolean`); these are always
    /// present, missing where the result has no comparison (`decimals` as
    /// in `goals_frame`).
    #[pyo3(signature = (*, decimals = "arrow"))]
    fn indicators_frame<'py>(
        slf: &Bound<'py, Self>,
        decimals: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        frame(slf, "indicators", false, decimals)
    }

    /// One row per scorecard and perspective: the perspective's balance,
    /// with the scorecard's goal count, score and evenness repeated.
    #[pyo3(signature = (*, decimals = "arrow"))]
    fn scorecards_frame<'py>(
        slf: &Bound<'py, Self>,
        decimals: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        frame(slf, "scorecards", false, decimals)
    }

    /// One row per action plan: progress, overdue count, activities by status.
    #[pyo3(signature = (*, decimals = "arrow"))]
    fn action_plans_frame<'py>(
        slf: &Bound<'py, Self>,
        decimals: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        frame(slf, "action_plans", false, decimals)
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<Self>()
            .is_ok_and(|o| o.get().inner.eval == self.inner.eval)
    }

    fn __repr__(&self) -> String {
        let e = &self.inner.eval;
        let mut counts = [0usize; 5];
        for g in &e.goals {
            counts[g.status.index()] += 1;
        }
        let tag = e
            .tag
            .as_ref()
            .map(|t| format!(" tag={t}"))
            .unwrap_or_default();
        let summary = Status::ALL
            .iter()
            .zip(counts)
            .filter(|(_, n)| *n > 0)
            .map(|(s, n)| format!("{n} {s}"))
            .collect::<Vec<_>>()
            .join(", ");
        format!(
            "<styrkort.Evaluation {}{}: {} goals ({}), {} indicator results, {} scorecards>",
            e.period,
            tag,
            e.goals.len(),
            if summary.is_empty() { "none" } else { &summary },
            e.indicators.len(),
            e.scorecards.len()
        )
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let f = py
            .import("styrkort._native")?
            .getattr("_evaluation_from_state")?;
        let m = &self.inner.model.model;
        let text = py.detach(|| m.to_json_compact());
        let e = &self.inner.eval;
        let pages = self.inner.comparison.as_ref().map(|c| c.pages.clone());
        (f, (text, e.period.to_string(), e.tag.clone(), pages)).into_pyobject(py)
    }
}

/// Builds a pandas frame of one Arrow table through `styrkort._frames`.
pub(crate) fn frame<'py>(
    slf: &Bound<'py, PyEvaluation>,
    table: &str,
    explain: bool,
    decimals: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let py = slf.py();
    let t = slf.get().table(py, table, explain)?;
    py.import("styrkort._frames")?
        .getattr("frame")?
        .call1((t, decimals))
}

/// The evaluation of one goal, with its items and explanation.
#[pyclass(module = "styrkort", name = "GoalResult", frozen)]
pub(crate) struct PyGoalResult {
    pub(crate) inner: Arc<EvalInner>,
    pub(crate) ix: usize,
}

impl PyGoalResult {
    fn g(&self) -> &styrkort::GoalResult {
        &self.inner.eval.goals[self.ix]
    }
}

#[pymethods]
impl PyGoalResult {
    /// The goal id.
    #[getter]
    fn goal(&self) -> &str {
        self.g().goal.as_str()
    }

    /// The goal id (same as `goal`).
    #[getter]
    fn id(&self) -> &str {
        self.g().goal.as_str()
    }

    /// The title.
    #[getter]
    fn title(&self) -> &str {
        &self.g().title
    }

    /// `Level.COUNCIL`, `Level.BOARD` or `Level.OPERATIONAL`.
    #[getter]
    fn level<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py_level(py, self.g().level)
    }

    /// The perspective.
    #[getter]
    fn perspective<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py_perspective(py, self.g().perspective)
    }

    /// The owner org id.
    #[getter]
    fn owner(&self) -> &str {
        self.g().owner.as_str()
    }

    /// The tags.
    #[getter]
    fn tags(&self) -> Vec<String> {
        self.g().tags.clone()
    }

    /// The final status (manual when assessed, else computed).
    #[getter]
    fn status<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py_status(py, self.g().status)
    }

    /// The status the rule gives.
    #[getter]
    fn computed_status<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py_status(py, self.g().computed_status)
    }

    /// Whether a manual assessment set the status.
    #[getter]
    fn manual(&self) -> bool {
        self.g().manual
    }

    /// Whether the status rests on a forecast (*prognos*): not manual, and
    /// an assessed item rests on one.
    #[getter]
    fn forecast(&self) -> bool {
        self.g().forecast
    }

    /// Σ w·score / Σ w over the assessed items (4 places), or `None`.
    #[getter]
    fn score<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        opt_dec(py, self.g().score)
    }

    /// The rule applied (`all_some_none`, `weighted_score`, …).
    #[getter]
    fn rule(&self) -> &'static str {
        self.g().rule.as_str()
    }

    /// The rule's fulfilled threshold, or `None`.
    #[getter]
    fn fulfilled_at<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        opt_dec(py, self.g().fulfilled_at)
    }

    /// The rule's partly threshold, or `None`.
    #[getter]
    fn partly_at<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        opt_dec(py, self.g().partly_at)
    }

    /// The manual assessment for the period (`status`, `comment`, `author`,
    /// `date`), or `None`.
    #[getter]
    fn assessment<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match &self.g().assessment {
            None => Ok(py.None().into_bound(py)),
            Some(a) => {
                let d = PyDict::new(py);
                d.set_item("status", py_status(py, a.status)?)?;
                d.set_item("comment", a.comment.as_deref())?;
                d.set_item("author", a.author.as_deref())?;
                d.set_item("date", a.date)?;
                d.into_bound_py_any(py)
            }
        }
    }

    /// The items the status is computed from.
    #[getter]
    fn items(&self) -> Vec<PyGoalItem> {
        self.g().items.iter().cloned().map(PyGoalItem).collect()
    }

    /// Why the goal has its status, in one paragraph (English).
    fn explain(&self) -> String {
        self.g().explain()
    }

    /// The goal's entry of the evaluation document.
    #[pyo3(signature = (*, decimal = true))]
    fn to_dict<'py>(&self, py: Python<'py>, decimal: bool) -> PyResult<Bound<'py, PyAny>> {
        part_to_dict(py, self.g(), decimal)
    }

    fn __repr__(&self) -> String {
        let g = self.g();
        let score = g
            .score
            .map_or_else(|| "None".to_string(), styrkort::json::normalised);
        format!(
            "<GoalResult {} {}{} score={} {:?}>",
            g.goal,
            g.status,
            if g.manual { " (manual)" } else { "" },
            score,
            g.title
        )
    }
}

/// One item of a goal: a contributing goal or a linked indicator.
#[pyclass(module = "styrkort", name = "GoalItem", frozen)]
pub(crate) struct PyGoalItem(pub(crate) GoalItem);

#[pymethods]
impl PyGoalItem {
    /// `goal` or `indicator`.
    #[getter]
    fn kind(&self) -> &'static str {
        match self.0.kind {
            ItemKind::Goal => "goal",
            ItemKind::Indicator => "indicator",
        }
    }

    /// The child goal's or the indicator's id.
    #[getter]
    fn id(&self) -> &str {
        self.0.id.as_str()
    }

    /// The org: the indicator's evaluation org, or the child goal's owner.
    #[getter]
    fn org(&self) -> &str {
        self.0.org.as_str()
    }

    /// The weight.
    #[getter]
    fn weight<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        dec(py, self.0.weight)
    }

    /// The item's status.
    #[getter]
    fn status<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py_status(py, self.0.status)
    }

    /// Whether the item's status rests on a forecast (*prognos*).
    #[getter]
    fn forecast(&self) -> bool {
        self.0.forecast
    }

    fn __repr__(&self) -> String {
        format!(
            "<GoalItem {} {} at {}: {} weight={}>",
            self.kind(),
            self.0.id,
            self.0.org,
            self.0.status,
            styrkort::json::normalised(self.0.weight)
        )
    }
}

/// The evaluation of one indicator at one org.
#[pyclass(module = "styrkort", name = "IndicatorResult", frozen)]
pub(crate) struct PyIndicatorResult {
    pub(crate) inner: Arc<EvalInner>,
    pub(crate) ix: usize,
}

impl PyIndicatorResult {
    fn r(&self) -> &IndicatorResult {
        &self.inner.eval.indicators[self.ix]
    }
}

#[pymethods]
impl PyIndicatorResult {
    /// The indicator id.
    #[getter]
    fn indicator(&self) -> &str {
        self.r().indicator.as_str()
    }

    /// The org id.
    #[getter]
    fn org(&self) -> &str {
        self.r().org.as_str()
    }

    /// The value for the period, or `None`.
    #[getter]
    fn value<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        opt_dec(py, self.r().value)
    }

    /// Whether the value was consolidated from child orgs.
    #[getter]
    fn consolidated(&self) -> bool {
        self.r().consolidated
    }

    /// `value`, `improve`, or `None` when no target applies.
    #[getter]
    fn target_kind(&self) -> Option<&'static str> {
        self.r().target_kind.map(target_kind_str)
    }

    /// The target, or `None`.
    #[getter]
    fn target<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        opt_dec(py, self.r().target)
    }

    /// The warning level (edge of the partly band), or `None`.
    #[getter]
    fn warning<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        opt_dec(py, self.r().warning)
    }

    /// *Måluppfyllelse* (4 places), or `None`.
    #[getter]
    fn achievement<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        opt_dec(py, self.r().achievement)
    }

    /// The status.
    #[getter]
    fn status<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py_status(py, self.r().status)
    }

    /// The value for the previous period of the same kind, or `None`.
    #[getter]
    fn previous<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        opt_dec(py, self.r().previous)
    }

    /// The trend against the previous period.
    #[getter]
    fn trend<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py_trend(py, self.r().trend)
    }

    /// The value for the same period one year earlier (*samma period
    /// föregående år*), or `None`.
    #[getter]
    fn year_earlier<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        opt_dec(py, self.r().year_earlier)
    }

    /// `value - year_earlier` (exact), or `None`.
    #[getter]
    fn year_change<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        opt_dec(py, self.r().year_change)
    }

    /// The trend against the same period one year earlier.
    #[getter]
    fn year_trend<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py_trend(py, self.r().year_trend)
    }

    /// The scorecard's arrow: `year_trend` or `trend`, as the model's
    /// `settings.arrow` says (default: the same period one year earlier).
    #[getter]
    fn arrow<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py_trend(py, self.r().arrow)
    }

    /// Whether the value (and so the status) rests on a forecast (*prognos*).
    #[getter]
    fn forecast(&self) -> bool {
        self.r().forecast
    }

    /// For an `improve` target with a size: the change against the value
    /// one year earlier that fulfils it, or `None`.
    #[getter]
    fn change_required<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        opt_dec(py, self.r().change_required)
    }

    /// Where the indicator's municipality stands among comparable
    /// municipalities (`Comparison`), or `None`: present only when the
    /// evaluation was given comparison data, for an indicator with a Kolada
    /// municipality source, at its owner, in a year period.
    #[getter]
    fn comparison(&self) -> Option<PyComparison> {
        self.r().comparison.as_deref().cloned().map(PyComparison)
    }

    /// The entry of the evaluation document.
    #[pyo3(signature = (*, decimal = true))]
    fn to_dict<'py>(&self, py: Python<'py>, decimal: bool) -> PyResult<Bound<'py, PyAny>> {
        part_to_dict(py, self.r(), decimal)
    }

    fn __repr__(&self) -> String {
        let r = self.r();
        let s =
            |d: Option<Decimal>| d.map_or_else(|| "None".to_string(), styrkort::json::normalised);
        format!(
            "<IndicatorResult {} at {}: {} value={} target={}>",
            r.indicator,
            r.org,
            r.status,
            s(r.value),
            s(r.target)
        )
    }
}

/// An action plan at the as-of date.
#[pyclass(module = "styrkort", name = "PlanResult", frozen)]
pub(crate) struct PyPlanResult {
    pub(crate) inner: Arc<EvalInner>,
    pub(crate) ix: usize,
}

impl PyPlanResult {
    fn p(&self) -> &PlanResult {
        &self.inner.eval.action_plans[self.ix]
    }
}

#[pymethods]
impl PyPlanResult {
    /// The plan id.
    #[getter]
    fn plan(&self) -> &str {
        self.p().plan.as_str()
    }

    /// The owner org id.
    #[getter]
    fn owner(&self) -> &str {
        self.p().owner.as_str()
    }

    /// Mean progress of the non-cancelled activities (0–100), or `None`.
    #[getter]
    fn progress<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        opt_dec(py, self.p().progress)
    }

    /// Overdue activity ids.
    #[getter]
    fn overdue(&self) -> Vec<String> {
        self.p().overdue.iter().map(ToString::to_string).collect()
    }

    /// The entry of the evaluation document.
    #[pyo3(signature = (*, decimal = true))]
    fn to_dict<'py>(&self, py: Python<'py>, decimal: bool) -> PyResult<Bound<'py, PyAny>> {
        part_to_dict(py, self.p(), decimal)
    }

    fn __repr__(&self) -> String {
        let p = self.p();
        format!(
            "<PlanResult {} ({}): progress={} overdue={:?}>",
            p.plan,
            p.owner,
            p.progress
                .map_or_else(|| "None".to_string(), styrkort::json::normalised),
            p.overdue
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
        )
    }
}
