//! Python bindings of styrkort: the extension module `styrkort._native`.
//!
//! The binding is thin on purpose. Every rule of the management system lives
//! in the `styrkort` crate; this crate only moves values across the
//! boundary:
//!
//! - decimals cross as `decimal.Decimal`, built from the core's normalised
//!   text (`"0.5"`), never through `float`;
//! - statuses, perspectives, levels, trends and severities cross as the
//!   str-valued enums of `styrkort._enums`;
//! - every [`styrkort::Error`] becomes an exception of `styrkort._errors`
//!   (one class per variant, all deriving from `StyrkortError`), and a Rust
//!   panic becomes `styrkort.InternalError` instead of unwinding into Python;
//! - evaluation and JSON work runs with the GIL released (`py.detach`), so
//!   threads evaluate a shared model in parallel.
//!
//! The Python package (`bindings/python/python/styrkort`) adds what is
//! naturally Python: `from_dict` / `to_dict` (the exact JSON encoder that
//! refuses `float`), `load`, and the pandas frames built from the column
//! vectors this module returns.
#![deny(missing_docs)]

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, Mutex, OnceLock, PoisonError, Weak};

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyString, PyTuple, PyType};
use pyo3::IntoPyObjectExt;
use rust_decimal::Decimal;
use styrkort::evaluation::{GoalItem, IndicatorResult, ItemKind, PerspectiveBalance, PlanResult};
use styrkort::kolada::{Comparison, ComparisonData};
use styrkort::{
    Assessment, Compiled, Diagnostic, Direction, Engine, Error, EvalOptions, Evaluation, Level,
    Measurement, Model, OrgId, Period, PeriodKind, Perspective, Severity, Status, Target, Trend,
    Update,
};

// ---------------------------------------------------------------------------
// Conversions
// ---------------------------------------------------------------------------

static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// `decimal.Decimal` of the core's normalised text.
fn dec(py: Python<'_>, d: Decimal) -> PyResult<Bound<'_, PyAny>> {
    DECIMAL
        .import(py, "decimal", "Decimal")?
        .call1((styrkort::json::normalised(d),))
}

/// `decimal.Decimal` or `None`.
fn opt_dec(py: Python<'_>, d: Option<Decimal>) -> PyResult<Bound<'_, PyAny>> {
    match d {
        Some(d) => dec(py, d),
        None => Ok(py.None().into_bound(py)),
    }
}

/// The members of one of the enums of `styrkort._enums`, in the order of `names`.
fn enum_member<'py>(
    py: Python<'py>,
    cell: &'static PyOnceLock<Vec<Py<PyAny>>>,
    class: &str,
    names: &[&str],
    i: usize,
) -> PyResult<Bound<'py, PyAny>> {
    let members = cell.get_or_try_init(py, || -> PyResult<Vec<Py<PyAny>>> {
        let cls = py.import("styrkort._enums")?.getattr(class)?;
        names
            .iter()
            .map(|n| cls.call1((*n,)).map(Bound::unbind))
            .collect()
    })?;
    Ok(members[i].bind(py).clone())
}

static STATUS: PyOnceLock<Vec<Py<PyAny>>> = PyOnceLock::new();
static PERSPECTIVE: PyOnceLock<Vec<Py<PyAny>>> = PyOnceLock::new();
static LEVEL: PyOnceLock<Vec<Py<PyAny>>> = PyOnceLock::new();
static TREND: PyOnceLock<Vec<Py<PyAny>>> = PyOnceLock::new();
static SEVERITY: PyOnceLock<Vec<Py<PyAny>>> = PyOnceLock::new();

const STATUS_NAMES: [&str; 5] = [
    Status::ALL[0].as_str(),
    Status::ALL[1].as_str(),
    Status::ALL[2].as_str(),
    Status::ALL[3].as_str(),
    Status::ALL[4].as_str(),
];
const PERSPECTIVE_NAMES: [&str; 4] = [
    Perspective::ALL[0].as_str(),
    Perspective::ALL[1].as_str(),
    Perspective::ALL[2].as_str(),
    Perspective::ALL[3].as_str(),
];
const LEVELS: [Level; 3] = [Level::Council, Level::Board, Level::Operational];
const LEVEL_NAMES: [&str; 3] = [LEVELS[0].as_str(), LEVELS[1].as_str(), LEVELS[2].as_str()];
const TRENDS: [Trend; 4] = [
    Trend::Improving,
    Trend::Unchanged,
    Trend::Worsening,
    Trend::Unknown,
];
const TREND_NAMES: [&str; 4] = [
    TRENDS[0].as_str(),
    TRENDS[1].as_str(),
    TRENDS[2].as_str(),
    TRENDS[3].as_str(),
];
const SEVERITY_NAMES: [&str; 2] = [Severity::Error.as_str(), Severity::Warning.as_str()];

fn py_status(py: Python<'_>, s: Status) -> PyResult<Bound<'_, PyAny>> {
    enum_member(py, &STATUS, "Status", &STATUS_NAMES, s.index())
}

fn py_perspective(py: Python<'_>, p: Perspective) -> PyResult<Bound<'_, PyAny>> {
    enum_member(
        py,
        &PERSPECTIVE,
        "Perspective",
        &PERSPECTIVE_NAMES,
        p.index(),
    )
}

fn level_index(l: Level) -> usize {
    LEVELS.iter().position(|x| *x == l).unwrap_or_default()
}

fn py_level(py: Python<'_>, l: Level) -> PyResult<Bound<'_, PyAny>> {
    enum_member(py, &LEVEL, "Level", &LEVEL_NAMES, level_index(l))
}

fn trend_index(t: Trend) -> usize {
    TRENDS.iter().position(|x| *x == t).unwrap_or_default()
}

fn py_trend(py: Python<'_>, t: Trend) -> PyResult<Bound<'_, PyAny>> {
    enum_member(py, &TREND, "Trend", &TREND_NAMES, trend_index(t))
}

fn py_severity(py: Python<'_>, s: Severity) -> PyResult<Bound<'_, PyAny>> {
    let i = usize::from(s == Severity::Warning);
    enum_member(py, &SEVERITY, "Severity", &SEVERITY_NAMES, i)
}

/// `json.loads` through `styrkort._json.loads` (decimal fields as `Decimal` or `str`).
fn json_to_py<'py>(py: Python<'py>, text: &str, decimal: bool) -> PyResult<Bound<'py, PyAny>> {
    py.import("styrkort._json")?
        .getattr("loads")?
        .call1((text, decimal))
}

mod report;

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

/// What can go wrong inside a call: the core's error, or a panic caught at
/// the boundary.
enum Failure {
    Core(Error),
    Panic(String),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Self::Core(e)
    }
}

/// Runs `f`, turning a panic into [`Failure::Panic`] so that it reaches
/// Python as `styrkort.InternalError`, never as an unwinding panic.
fn guarded<T>(f: impl FnOnce() -> Result<T, Error>) -> Result<T, Failure> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r.map_err(Failure::Core),
        Err(payload) => {
            let msg = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_string());
            Err(Failure::Panic(msg))
        }
    }
}

#[allow(clippy::needless_pass_by_value)] // callers hand over the failure
fn raise(py: Python<'_>, f: Failure) -> PyErr {
    match build_exception(py, &f) {
        Ok(e) | Err(e) => e,
    }
}

fn build_exception(py: Python<'_>, f: &Failure) -> PyResult<PyErr> {
    let errors = py.import("styrkort._errors")?;
    let kw = PyDict::new(py);
    let (class, message) = match f {
        Failure::Panic(msg) => {
            kw.set_item("code", "internal")?;
            (
                "InternalError",
                format!("internal error in styrkort (please report it): {msg}"),
            )
        }
        Failure::Core(e) => {
            kw.set_item("code", e.code())?;
            let class = match e {
                Error::Json {
                    path,
                    line,
                    column,
                    message,
                } => {
                    kw.set_item("path", path)?;
                    kw.set_item("line", line)?;
                    kw.set_item("column", column)?;
                    kw.set_item("detail", message)?;
                    "ModelError"
                }
                Error::Period { input, reason } => {
                    kw.set_item("input", input)?;
                    kw.set_item("reason", reason)?;
                    "PeriodError"
                }
                Error::Invalid { diagnostics } => {
                    let list = diagnostics
                        .iter()
                        .map(|d| PyDiagnostic(d.clone()))
                        .collect::<Vec<_>>();
                    kw.set_item("diagnostics", list)?;
                    "ValidationError"
                }
                Error::UnknownId { kind, id } => {
                    kw.set_item("kind", *kind)?;
                    kw.set_item("id", id)?;
                    "UnknownIdError"
                }
                Error::Overflow { context } => {
                    kw.set_item("context", context)?;
                    "ArithmeticOverflowError"
                }
                Error::Conflict {
                    indicator,
                    org,
                    period,
                    ..
                } => {
                    kw.set_item("indicator", indicator)?;
                    kw.set_item("org", org)?;
                    kw.set_item("period", period)?;
                    "ConflictError"
                }
                _ => "StyrkortError",
            };
            (class, e.to_string())
        }
    };
    let exc = errors.getattr(class)?.call((message,), Some(&kw))?;
    Ok(PyErr::from_value(exc))
}

fn core<T>(py: Python<'_>, r: Result<T, Failure>) -> PyResult<T> {
    r.map_err(|f| raise(py, f))
}

/// A period given as `Period`, `str` or `int` (a year).
fn period_arg(obj: &Bound<'_, PyAny>) -> PyResult<Period> {
    if let Ok(p) = obj.cast::<PyPeriod>() {
        return Ok(p.get().0);
    }
    let text: String = if let Ok(s) = obj.cast::<PyString>() {
        s.to_cow()?.into_owned()
    } else if obj.is_instance_of::<pyo3::types::PyInt>()
        && !obj.is_instance_of::<pyo3::types::PyBool>()
    {
        obj.str()?.to_cow()?.into_owned()
    } else {
        return Err(PyTypeError::new_err(format!(
            "a period is a styrkort.Period or a str such as \"2025T2\", not {}",
            obj.get_type().name()?
        )));
    };
    core(obj.py(), text.parse::<Period>().map_err(Failure::Core))
}

// ---------------------------------------------------------------------------
// Period
// ---------------------------------------------------------------------------

/// A follow-up period: a year (`2025`), tertial (`2025T2`), quarter
/// (`2025Q3`) or month (`2025-08`).
#[pyclass(module = "styrkort", name = "Period", frozen, eq, ord, hash)]
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct PyPeriod(Period);

#[pymethods]
#[allow(clippy::trivially_copy_pass_by_ref)] // pyo3 methods take `&self`
impl PyPeriod {
    #[new]
    fn new(value: &Bound<'_, PyAny>) -> PyResult<Self> {
        period_arg(value).map(Self)
    }

    /// `year`, `tertial`, `quarter` or `month`.
    #[getter]
    fn kind(&self) -> &'static str {
        self.0.kind().as_str()
    }

    /// The calendar year.
    #[getter]
    fn year(&self) -> i32 {
        self.0.year()
    }

    /// The 1-based index within the year (1 for a year).
    #[getter]
    fn index(&self) -> u8 {
        self.0.index()
    }

    /// The first day.
    #[getter]
    fn start(&self) -> chrono::NaiveDate {
        self.0.start()
    }

    /// The last day (the as-of date of an evaluation).
    #[getter]
    fn end(&self) -> chrono::NaiveDate {
        self.0.end()
    }

    /// The previous period of the same kind.
    fn previous(&self, py: Python<'_>) -> PyResult<Self> {
        let p = self.0;
        core(
            py,
            p.checked_previous()
                .map(Self)
                .ok_or_else(|| Failure::Core(period_range(p))),
        )
    }

    /// The next period of the same kind.
    fn next(&self, py: Python<'_>) -> PyResult<Self> {
        let p = self.0;
        core(
            py,
            p.checked_next()
                .map(Self)
                .ok_or_else(|| Failure::Core(period_range(p))),
        )
    }

    /// The same period one year earlier.
    fn year_earlier(&self, py: Python<'_>) -> PyResult<Self> {
        let p = self.0;
        core(
            py,
            p.checked_year_earlier()
                .map(Self)
                .ok_or_else(|| Failure::Core(period_range(p))),
        )
    }

    /// Whether `other` lies within this period (a year contains its tertials).
    fn contains(&self, other: &Bound<'_, PyAny>) -> PyResult<bool> {
        Ok(self.0.contains(&period_arg(other)?))
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }

    fn __repr__(&self) -> String {
        format!("Period('{}')", self.0)
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let cls = slf.get_type();
        (cls, (slf.get().0.to_string(),)).into_pyobject(slf.py())
    }
}

/// The error for a period step that leaves years 1000–9999: the core's
/// parser gives it for the text of the out-of-range period.
fn period_range(p: Period) -> Error {
    let y = if p.year() <= styrkort::period::MIN_YEAR {
        styrkort::period::MIN_YEAR - 1
    } else {
        styrkort::period::MAX_YEAR + 1
    };
    let text = match p.kind() {
        PeriodKind::Year => format!("{y}"),
        PeriodKind::Tertial => format!("{y}T1"),
        PeriodKind::Quarter => format!("{y}Q1"),
        PeriodKind::Month => format!("{y}-01"),
    };
    text.parse::<Period>()
        .err()
        .unwrap_or_else(|| Error::Period {
            input: text,
            reason: "out of range".to_string(),
        })
}

// ---------------------------------------------------------------------------
// Diagnostic
// ---------------------------------------------------------------------------

/// One finding of `Model.validate()`.
#[pyclass(module = "styrkort", name = "Diagnostic", frozen, eq)]
#[derive(Clone, PartialEq)]
struct PyDiagnostic(Diagnostic);

#[pymethods]
impl PyDiagnostic {
    /// A stable code such as `unknown_reference`.
    #[getter]
    fn code(&self) -> &str {
        &self.0.code
    }

    /// `Severity.ERROR` or `Severity.WARNING`.
    #[getter]
    fn severity<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py_severity(py, self.0.severity)
    }

    /// What is wrong and where.
    #[getter]
    fn message(&self) -> &str {
        &self.0.message
    }

    /// What it is about, `kind:id` (`goal:kf-1`) or `model`.
    #[getter]
    fn subject(&self) -> &str {
        &self.0.subject
    }

    /// Whether the model cannot be evaluated because of this.
    #[getter]
    fn is_error(&self) -> bool {
        self.0.is_error()
    }

    /// `{code, severity, message, subject}` as in the evaluation JSON.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("code", &self.0.code)?;
        d.set_item("severity", self.0.severity.as_str())?;
        d.set_item("message", &self.0.message)?;
        d.set_item("subject", &self.0.subject)?;
        Ok(d)
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }

    fn __repr__(&self) -> String {
        format!(
            "<Diagnostic {} {} [{}]: {}>",
            self.0.severity, self.0.code, self.0.subject, self.0.message
        )
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let f = py.import("styrkort._native")?.getattr("_diagnostic")?;
        let d = &self.0;
        (
            f,
            (
                d.code.clone(),
                d.severity.as_str(),
                d.message.clone(),
                d.subject.clone(),
            ),
        )
            .into_pyobject(py)
    }
}

/// Rebuilds a diagnostic (for pickling).
#[pyfunction]
fn _diagnostic(code: &str, severity: &str, message: &str, subject: &str) -> PyResult<PyDiagnostic> {
    let severity = match severity {
        "error" => Severity::Error,
        "warning" => Severity::Warning,
        other => {
            return Err(PyTypeError::new_err(format!(
                "severity is error or warning, not {other:?}"
            )))
        }
    };
    Ok(PyDiagnostic(Diagnostic::new(
        code, severity, subject, message,
    )))
}

// ---------------------------------------------------------------------------
// Model
// ---------------------------------------------------------------------------

/// A model and, once evaluated, its compiled form (validation is done once
/// per model, whatever the number of periods evaluated).
struct ModelInner {
    model: Model,
    compiled: OnceLock<Result<Arc<Compiled>, Error>>,
}

impl ModelInner {
    fn new(model: Model) -> Self {
        Self {
            model,
            compiled: OnceLock::new(),
        }
    }

    fn compiled(&self) -> Result<Arc<Compiled>, Error> {
        self.compiled
            .get_or_init(|| self.model.compile().map(Arc::new))
            .clone()
    }

    fn evaluate(
        self: &Arc<Self>,
        period: Period,
        tag: Option<String>,
        comparison: Option<Arc<ComparisonInput>>,
    ) -> Result<Arc<EvalInner>, Failure> {
        let me = Arc::clone(self);
        let options = eval_options(tag, comparison.as_deref());
        let eval = guarded(move || me.compiled()?.evaluate(&period, &options))?;
        Ok(Arc::new(EvalInner {
            model: Arc::clone(self),
            eval,
            comparison,
        }))
    }
}

/// The evaluation options of a tag and comparison data.
fn eval_options(tag: Option<String>, comparison: Option<&ComparisonInput>) -> EvalOptions {
    let options = EvalOptions {
        tag,
        ..EvalOptions::default()
    };
    match comparison {
        Some(c) => options.with_comparison(c.data.clone()),
        None => options,
    }
}

/// Comparison data for an evaluation (*jämförelsekommuner*): the Kolada
/// data pages it was read from (kept so that an evaluation pickles) and
/// the core's parsed form.
struct ComparisonInput {
    pages: Vec<String>,
    data: ComparisonData,
}

impl ComparisonInput {
    /// Parses Kolada data pages with the core (`parse_data_pages`).
    fn parse(pages: Vec<String>) -> Result<Self, Error> {
        let rows = styrkort::kolada::parse_data_pages(pages.iter().map(String::as_str))?;
        let data = ComparisonData::from_rows(&rows);
        Ok(Self { pages, data })
    }
}

/// The `comparison` argument: `None`, a Kolada data page (JSON text or a
/// dict), a list of page texts, or the rows of `styrkort.kolada.fetch_values`;
/// `styrkort._json.comparison_pages` turns each into page texts.
fn comparison_arg(
    py: Python<'_>,
    payload: Option<&Bound<'_, PyAny>>,
) -> PyResult<Option<Arc<ComparisonInput>>> {
    let Some(payload) = payload.filter(|p| !p.is_none()) else {
        return Ok(None);
    };
    let pages: Vec<String> = py
        .import("styrkort._json")?
        .getattr("comparison_pages")?
        .call1((payload,))?
        .extract()?;
    comparison_from_pages(py, pages).map(Some)
}

fn comparison_from_pages(py: Python<'_>, pages: Vec<String>) -> PyResult<Arc<ComparisonInput>> {
    let input = py.detach(|| guarded(|| ComparisonInput::parse(pages)));
    core(py, input).map(Arc::new)
}

/// A management system: organisation, indicators, goals and action plans
/// (the `styrkort/1` format). Immutable; `with_measurements` returns a new model.
#[pyclass(module = "styrkort", name = "Model", frozen)]
struct PyModel {
    inner: Arc<ModelInner>,
}

fn model_from_json(py: Python<'_>, text: &str) -> PyResult<PyModel> {
    let model = py.detach(|| guarded(|| Model::from_json(text)));
    Ok(PyModel {
        inner: Arc::new(ModelInner::new(core(py, model)?)),
    })
}

/// Rebuilds a model from its JSON (for pickling).
#[pyfunction]
fn _model_from_json(py: Python<'_>, text: &str) -> PyResult<PyModel> {
    model_from_json(py, text)
}

/// A measurement row for `Model.with_measurements`.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct MeasurementRow {
    indicator: String,
    #[serde(flatten)]
    measurement: MeasurementFields,
}

#[derive(serde::Deserialize)]
struct MeasurementFields {
    period: Period,
    #[serde(default)]
    org: Option<OrgId>,
    #[serde(with = "styrkort::json::dec")]
    value: Decimal,
    #[serde(default, with = "styrkort::json::opt_dec")]
    women: Option<Decimal>,
    #[serde(default, with = "styrkort::json::opt_dec")]
    men: Option<Decimal>,
}

#[pymethods]
impl PyModel {
    /// Reads a model from `styrkort/1` JSON text. Raises `ModelError` with
    /// the JSON path of the first problem.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &str) -> PyResult<Self> {
        model_from_json(py, text)
    }

    /// Reads a model from a dict (as `json.loads` gives, with decimals as
    /// `Decimal`, `str` or `int`). A `float` is refused unless
    /// `allow_float=True`, which converts it through `repr` (`0.1` → `"0.1"`).
    #[staticmethod]
    #[pyo3(signature = (data, *, allow_float = false))]
    fn from_dict(py: Python<'_>, data: &Bound<'_, PyAny>, allow_float: bool) -> PyResult<Self> {
        let text: String = py
            .import("styrkort._json")?
            .getattr("dumps")?
            .call1((data, allow_float))?
            .extract()?;
        model_from_json(py, &text)
    }

    /// The model as `styrkort/1` JSON: pretty (two-space indent) unless `compact`.
    #[pyo3(signature = (*, compact = false))]
    fn to_json(&self, py: Python<'_>, compact: bool) -> String {
        let m = &self.inner.model;
        py.detach(|| {
            if compact {
                m.to_json_compact()
            } else {
                m.to_json()
            }
        })
    }

    /// The model as a dict: `json.loads(to_json())`, with the decimal fields
    /// as `decimal.Decimal` (or `str` with `decimal=False`).
    #[pyo3(signature = (*, decimal = true))]
    fn to_dict<'py>(&self, py: Python<'py>, decimal: bool) -> PyResult<Bound<'py, PyAny>> {
        let text = self.to_json(py, true);
        json_to_py(py, &text, decimal)
    }

    /// Every problem of the model at once: errors (evaluation refuses the
    /// model) and warnings, as `Diagnostic` objects.
    fn validate(&self, py: Python<'_>) -> PyResult<Vec<PyDiagnostic>> {
        let m = &self.inner.model;
        let ds = core(py, py.detach(|| guarded(|| Ok(m.validate()))))?;
        Ok(ds.into_iter().map(PyDiagnostic).collect())
    }

    /// Evaluates the model for `period` (`"2025T2"`, a `Period`, or a year as
    /// `int`), optionally narrowed to goals, indicators and plans tagged
    /// `tag`. `comparison` is Kolada data of comparable municipalities (a
    /// data page as JSON text or dict, a list of page texts, or the rows of
    /// `styrkort.kolada.fetch_values`): each indicator with a Kolada
    /// municipality source then gets its `comparison` at its owner in a
    /// year period. Raises `ValidationError` when the model has errors. The
    /// GIL is released while the engine runs.
    #[pyo3(signature = (period, *, tag = None, comparison = None))]
    fn evaluate(
        &self,
        py: Python<'_>,
        period: &Bound<'_, PyAny>,
        tag: Option<String>,
        comparison: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyEvaluation> {
        let period = period_arg(period)?;
        let comparison = comparison_arg(py, comparison)?;
        let inner = &self.inner;
        let e = py.detach(|| inner.evaluate(period, tag, comparison));
        Ok(PyEvaluation {
            inner: core(py, e)?,
        })
    }

    /// An incremental engine (`styrkort.Engine`) keeping this model's
    /// evaluation for `period` up to date under edits; the same as
    /// `styrkort.Engine(model, period, tag=…, comparison=…)`.
    #[pyo3(signature = (period, *, tag = None, comparison = None))]
    fn engine(
        slf: &Bound<'_, Self>,
        period: &Bound<'_, PyAny>,
        tag: Option<String>,
        comparison: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyEngine> {
        PyEngine::new(slf, period, tag, comparison)
    }

    /// A new model with measurements added: `rows` is a list of dicts with
    /// `indicator`, `period`, `value` and optionally `org`, `women`, `men`
    /// (see `styrkort.measurements_from_frame`). With `replace` (the
    /// default) a row replaces the measurement of the same indicator, org
    /// and period (a missing org is the indicator's owner); without it such
    /// a row is added and validation reports the duplicate.
    #[pyo3(signature = (rows, *, allow_float = false, replace = true))]
    fn with_measurements(
        &self,
        py: Python<'_>,
        rows: &Bound<'_, PyAny>,
        allow_float: bool,
        replace: bool,
    ) -> PyResult<Self> {
        let text: String = py
            .import("styrkort._json")?
            .getattr("dumps_rows")?
            .call1((rows, allow_float))?
            .extract()?;
        let rows: Vec<MeasurementRow> = core(
            py,
            styrkort::json::from_str_with_path(&text).map_err(|e| match e {
                Error::Json {
                    path,
                    line,
                    column,
                    message,
                } => Failure::Core(Error::Json {
                    path: format!("rows{path}"),
                    line,
                    column,
                    message,
                }),
                other => Failure::Core(other),
            }),
        )?;
        let mut model = self.inner.model.clone();
        for row in rows {
            let Some(ind) = model
                .indicators
                .iter_mut()
                .find(|i| i.id.as_str() == row.indicator)
            else {
                return Err(raise(
                    py,
                    Failure::Core(Error::UnknownId {
                        kind: "indicator",
                        id: row.indicator,
                    }),
                ));
            };
            let f = row.measurement;
            let m = Measurement::new(f.period, f.org, f.value).with_gender(f.women, f.men);
            if replace {
                ind.set_measurement(m);
            } else {
                ind.measurements.push(m);
            }
        }
        Ok(Self {
            inner: Arc::new(ModelInner::new(model)),
        })
    }

    /// Applies a Kolada data page (JSON text, or a dict such as
    /// `{"values": [...]}`, e.g. from `styrkort.kolada.to_payload`) to the
    /// measurements of the indicators whose `source.kolada` matches, by the
    /// core's `Model::apply_kolada`. Returns the new model and the report
    /// (`added`, `replaced`, `kept`, `unchanged`, `missing`, `unmatched`) as
    /// a dict; the model itself is unchanged. `policy` for a measurement
    /// that differs: `"error"` (raise `ConflictError`, the default),
    /// `"keep"` or `"replace"`.
    #[pyo3(signature = (payload, *, policy = "error"))]
    fn apply_kolada<'py>(
        &self,
        py: Python<'py>,
        payload: &Bound<'py, PyAny>,
        policy: &str,
    ) -> PyResult<(Self, Bound<'py, PyAny>)> {
        let policy: styrkort::kolada::ConflictPolicy = policy
            .parse()
            .map_err(pyo3::exceptions::PyValueError::new_err)?;
        let text: String = if let Ok(s) = payload.cast::<PyString>() {
            s.to_cow()?.into_owned()
        } else {
            py.import("styrkort._json")?
                .getattr("dumps")?
                .call1((payload, false))?
                .extract()?
        };
        let mut model = self.inner.model.clone();
        let report = core(
            py,
            py.detach(|| guarded(|| model.apply_kolada_json(&text, policy))),
        )?;
        let report = json_to_py(py, &report.to_json(), true)?;
        Ok((
            Self {
                inner: Arc::new(ModelInner::new(model)),
            },
            report,
        ))
    }

    /// The org ids, in model order.
    fn org_ids(&self) -> Vec<String> {
        let m = &self.inner.model;
        m.organisation.iter().map(|o| o.id.to_string()).collect()
    }

    /// The indicator ids, in model order.
    fn indicator_ids(&self) -> Vec<String> {
        let m = &self.inner.model;
        m.indicators.iter().map(|o| o.id.to_string()).collect()
    }

    /// The goal ids, in model order.
    fn goal_ids(&self) -> Vec<String> {
        let m = &self.inner.model;
        m.goals.iter().map(|o| o.id.to_string()).collect()
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<Self>()
            .is_ok_and(|o| o.get().inner.model == self.inner.model)
    }

    fn __repr__(&self) -> String {
        let m = &self.inner.model;
        format!(
            "<styrkort.Model: {} orgs, {} indicators, {} goals, {} action plans>",
            m.organisation.len(),
            m.indicators.len(),
            m.goals.len(),
            m.action_plans.len()
        )
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let f = py.import("styrkort._native")?.getattr("_model_from_json")?;
        let text = self.to_json(py, true);
        (f, (text,)).into_pyobject(py)
    }
}

// ---------------------------------------------------------------------------
// Evaluation
// ---------------------------------------------------------------------------

struct EvalInner {
    model: Arc<ModelInner>,
    eval: Evaluation,
    comparison: Option<Arc<ComparisonInput>>,
}

/// The evaluation of a model for one period (`styrkort-evaluation/1`).
#[pyclass(module = "styrkort", name = "Evaluation", frozen)]
struct PyEvaluation {
    inner: Arc<EvalInner>,
}

/// Re-evaluates a pickled evaluation: the model JSON, the period, the tag
/// and the comparison pages.
#[pyfunction]
#[pyo3(signature = (model_json, period, tag = None, comparison = None))]
fn _evaluation_from_state(
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

fn unknown(py: Python<'_>, kind: &'static str, id: &str) -> PyErr {
    raise(
        py,
        Failure::Core(Error::UnknownId {
            kind,
            id: id.to_string(),
        }),
    )
}

/// Column vectors as a dict of lists, for the pandas frames.
struct Columns<'py> {
    dict: Bound<'py, PyDict>,
}

impl<'py> Columns<'py> {
    fn new(py: Python<'py>) -> Self {
        Self {
            dict: PyDict::new(py),
        }
    }

    fn put<T: IntoPyObject<'py>>(&self, name: &str, values: Vec<T>) -> PyResult<()> {
        let list = PyList::new(self.dict.py(), values)?;
        self.dict.set_item(name, list)
    }

    fn decimals(&self, name: &str, values: impl Iterator<Item = Option<Decimal>>) -> PyResult<()> {
        let py = self.dict.py();
        let v = values
            .map(|d| opt_dec(py, d))
            .collect::<PyResult<Vec<_>>>()?;
        self.put(name, v)
    }
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
        report::render(py, &self.inner, &report::Page::Document, lang)
    }

    /// Writes [`report_html`] to the file `path` (UTF-8).
    #[pyo3(signature = (path, *, lang = "sv"))]
    #[allow(clippy::needless_pass_by_value)] // pyo3 hands the path over
    fn write_report(&self, py: Python<'_>, path: std::path::PathBuf, lang: &str) -> PyResult<()> {
        let html = report::render(py, &self.inner, &report::Page::Document, lang)?;
        std::fs::write(&path, html).map_err(|e| {
            pyo3::exceptions::PyOSError::new_err(format!("cannot write {}: {e}", path.display()))
        })
    }

    /// The overview with its pictures, for a notebook.
    fn _repr_html_(&self, py: Python<'_>) -> PyResult<String> {
        report::render(py, &self.inner, &report::Page::Fragment, "sv")
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

    /// Column vectors of one table (`goals`, `goal_items`, `indicators`,
    /// `scorecards`, `action_plans`) for the pandas frames: a dict of
    /// equally long lists. Statuses and perspectives are integer codes into
    /// `STATUSES` and `PERSPECTIVES`.
    #[pyo3(signature = (table, *, explain = false))]
    fn _columns<'py>(
        &self,
        py: Python<'py>,
        table: &str,
        explain: bool,
    ) -> PyResult<Bound<'py, PyDict>> {
        let e = &self.inner.eval;
        let c = Columns::new(py);
        match table {
            "goals" => {
                let g = &e.goals;
                c.put("goal", g.iter().map(|g| g.goal.as_str()).collect())?;
                c.put("title", g.iter().map(|g| g.title.as_str()).collect())?;
                c.put("level", g.iter().map(|g| g.level.as_str()).collect())?;
                c.put("perspective", g.iter().map(|g| g.perspective.index()).collect())?;
                c.put("owner", g.iter().map(|g| g.owner.as_str()).collect())?;
                c.put("status", g.iter().map(|g| g.status.index()).collect())?;
                c.put(
                    "computed_status",
                    g.iter().map(|g| g.computed_status.index()).collect(),
                )?;
                c.put("manual", g.iter().map(|g| g.manual).collect())?;
                c.decimals("score", g.iter().map(|g| g.score))?;
                c.put("rule", g.iter().map(|g| g.rule.as_str()).collect())?;
                c.put("items", g.iter().map(|g| g.items.len()).collect())?;
                c.put("tags", g.iter().map(|g| g.tags.join(",")).collect())?;
                if explain {
                    let texts = py.detach(|| g.iter().map(styrkort::GoalResult::explain).collect());
                    c.put::<String>("explanation", texts)?;
                }
            }
            "goal_items" => {
                let rows: Vec<(&str, &GoalItem)> = e
                    .goals
                    .iter()
                    .flat_map(|g| g.items.iter().map(move |i| (g.goal.as_str(), i)))
                    .collect();
                c.put("goal", rows.iter().map(|r| r.0).collect())?;
                c.put(
                    "kind",
                    rows.iter()
                        .map(|r| match r.1.kind {
                            ItemKind::Goal => "goal",
                            ItemKind::Indicator => "indicator",
                        })
                        .collect(),
                )?;
                c.put("id", rows.iter().map(|r| r.1.id.as_str()).collect())?;
                c.put("org", rows.iter().map(|r| r.1.org.as_str()).collect())?;
                c.decimals("weight", rows.iter().map(|r| Some(r.1.weight)))?;
                c.put("status", rows.iter().map(|r| r.1.status.index()).collect())?;
            }
            "indicators" => {
                let r: &[IndicatorResult] = &e.indicators;
                c.put("indicator", r.iter().map(|r| r.indicator.as_str()).collect())?;
                c.put("org", r.iter().map(|r| r.org.as_str()).collect())?;
                c.decimals("value", r.iter().map(|r| r.value))?;
                c.put("consolidated", r.iter().map(|r| r.consolidated).collect())?;
                c.put(
                    "target_kind",
                    r.iter()
                        .map(|r| r.target_kind.map(target_kind_str))
                        .collect(),
                )?;
                c.decimals("target", r.iter().map(|r| r.target))?;
                c.decimals("warning", r.iter().map(|r| r.warning))?;
                c.decimals("achievement", r.iter().map(|r| r.achievement))?;
                c.put("status", r.iter().map(|r| r.status.index()).collect())?;
                c.decimals("previous", r.iter().map(|r| r.previous))?;
                c.put("trend", r.iter().map(|r| r.trend.as_str()).collect())?;
                let cmp: Vec<Option<&Comparison>> =
                    r.iter().map(|r| r.comparison.as_ref()).collect();
                c.put("rank", cmp.iter().map(|x| x.map(|c| c.rank)).collect())?;
                c.put(
                    "group_size",
                    cmp.iter().map(|x| x.map(|c| c.group_size)).collect(),
                )?;
                c.decimals("median", cmp.iter().map(|x| x.map(|c| c.median)))?;
                c.decimals(
                    "lower_quartile",
                    cmp.iter().map(|x| x.map(|c| c.lower_quartile)),
                )?;
                c.decimals(
                    "upper_quartile",
                    cmp.iter().map(|x| x.map(|c| c.upper_quartile)),
                )?;
                c.decimals("best", cmp.iter().map(|x| x.map(|c| c.best)))?;
                c.decimals("worst", cmp.iter().map(|x| x.map(|c| c.worst)))?;
                c.put(
                    "best_quartile",
                    cmp.iter().map(|x| x.map(|c| c.best_quartile)).collect(),
                )?;
                c.put(
                    "worst_quartile",
                    cmp.iter().map(|x| x.map(|c| c.worst_quartile)).collect(),
                )?;
            }
            "scorecards" => {
                let rows: Vec<(&styrkort::Scorecard, Perspective, &PerspectiveBalance)> = e
                    .scorecards
                    .iter()
                    .flat_map(|s| {
                        Perspective::ALL
                            .iter()
                            .map(move |p| (s, *p, s.balance.perspective(*p)))
                    })
                    .collect();
                c.put("org", rows.iter().map(|r| r.0.org.as_str()).collect())?;
                c.put("perspective", rows.iter().map(|r| r.1.index()).collect())?;
                c.put("goals", rows.iter().map(|r| r.2.goals).collect())?;
                c.put("indicators", rows.iter().map(|r| r.2.indicators).collect())?;
                for s in Status::ALL {
                    c.put(s.as_str(), rows.iter().map(|r| r.2.count(s)).collect())?;
                }
                c.decimals("score", rows.iter().map(|r| r.2.score))?;
                c.put(
                    "scorecard_goals",
                    rows.iter().map(|r| r.0.balance.goals).collect(),
                )?;
                c.decimals("scorecard_score", rows.iter().map(|r| r.0.balance.score))?;
                c.decimals("evenness", rows.iter().map(|r| Some(r.0.balance.evenness)))?;
            }
            "action_plans" => {
                let p: &[PlanResult] = &e.action_plans;
                c.put("plan", p.iter().map(|p| p.plan.as_str()).collect())?;
                c.put("owner", p.iter().map(|p| p.owner.as_str()).collect())?;
                c.decimals("progress", p.iter().map(|p| p.progress))?;
                c.put("overdue", p.iter().map(|p| p.overdue.len()).collect())?;
                c.put("not_started", p.iter().map(|p| p.activities.not_started).collect())?;
                c.put("ongoing", p.iter().map(|p| p.activities.ongoing).collect())?;
                c.put("completed", p.iter().map(|p| p.activities.completed).collect())?;
                c.put("paused", p.iter().map(|p| p.activities.paused).collect())?;
                c.put("cancelled", p.iter().map(|p| p.activities.cancelled).collect())?;
            }
            other => {
                return Err(PyTypeError::new_err(format!(
                    "unknown table {other:?}: goals, goal_items, indicators, scorecards or action_plans"
                )))
            }
        }
        Ok(c.dict)
    }

    /// One row per goal (pandas; `pip install styrkort[pandas]`): ids,
    /// title, level, perspective, owner, status and computed status
    /// (ordered categoricals), manual, score (`Decimal`), rule, number of
    /// items, tags; with `explain`, the explanation of each status.
    #[pyo3(signature = (*, explain = false))]
    fn goals_frame<'py>(slf: &Bound<'py, Self>, explain: bool) -> PyResult<Bound<'py, PyAny>> {
        frame(slf, "goals", explain)
    }

    /// One row per item of every goal: goal, kind, id, org, weight, status.
    fn goal_items_frame<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        frame(slf, "goal_items", false)
    }

    /// One row per indicator result: indicator, org, value, consolidated,
    /// target kind, target, warning, achievement, status, previous, trend,
    /// and the comparison with similar municipalities: rank, group size
    /// (nullable `Int64`), median, lower and upper quartile, best, worst
    /// (`Decimal`), best and worst quartile (nullable `boolean`); these are
    /// always present, missing where the result has no comparison.
    fn indicators_frame<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        frame(slf, "indicators", false)
    }

    /// One row per scorecard and perspective: the perspective's balance,
    /// with the scorecard's goal count, score and evenness repeated.
    fn scorecards_frame<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        frame(slf, "scorecards", false)
    }

    /// One row per action plan: progress, overdue count, activities by status.
    fn action_plans_frame<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        frame(slf, "action_plans", false)
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

/// Builds a pandas frame of one table through `styrkort._frames`.
fn frame<'py>(
    slf: &Bound<'py, PyEvaluation>,
    table: &str,
    explain: bool,
) -> PyResult<Bound<'py, PyAny>> {
    slf.py()
        .import("styrkort._frames")?
        .getattr("frame")?
        .call1((slf, table, explain))
}

fn target_kind_str(k: styrkort::TargetKind) -> &'static str {
    match k {
        styrkort::TargetKind::Value => "value",
        styrkort::TargetKind::Improve => "improve",
    }
}

/// Serialises one part of an evaluation to a Python dict through the core's serde.
fn part_to_dict<'py, T: serde::Serialize>(
    py: Python<'py>,
    part: &T,
    decimal: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let text = serde_json::to_string(part).unwrap_or_default();
    json_to_py(py, &text, decimal)
}

// ---------------------------------------------------------------------------
// Results
// ---------------------------------------------------------------------------

/// The evaluation of one goal, with its items and explanation.
#[pyclass(module = "styrkort", name = "GoalResult", frozen)]
struct PyGoalResult {
    inner: Arc<EvalInner>,
    ix: usize,
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
struct PyGoalItem(GoalItem);

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
        &self.0.id
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
struct PyIndicatorResult {
    inner: Arc<EvalInner>,
    ix: usize,
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

    /// Where the indicator's municipality stands among comparable
    /// municipalities (`Comparison`), or `None`: present only when the
    /// evaluation was given comparison data, for an indicator with a Kolada
    /// municipality source, at its owner, in a year period.
    #[getter]
    fn comparison(&self) -> Option<PyComparison> {
        self.r().comparison.clone().map(PyComparison)
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

/// The balance of one perspective in a scorecard.
#[pyclass(module = "styrkort", name = "PerspectiveBalance", frozen)]
struct PyPerspectiveBalance(PerspectiveBalance);

#[pymethods]
impl PyPerspectiveBalance {
    /// Number of goals.
    #[getter]
    fn goals(&self) -> usize {
        self.0.goals
    }

    /// Distinct indicators linked from those goals.
    #[getter]
    fn indicators(&self) -> usize {
        self.0.indicators
    }

    /// Number of goals per status, every status present.
    #[getter]
    fn counts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for s in Status::ALL {
            d.set_item(py_status(py, s)?, self.0.count(s))?;
        }
        Ok(d)
    }

    /// Mean status score of the assessed goals (4 places), or `None`.
    #[getter]
    fn score<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        opt_dec(py, self.0.score)
    }

    fn __repr__(&self) -> String {
        format!(
            "<PerspectiveBalance goals={} indicators={} score={}>",
            self.0.goals,
            self.0.indicators,
            self.0
                .score
                .map_or_else(|| "None".to_string(), styrkort::json::normalised)
        )
    }
}

/// The scorecard (*styrkort*) of one org: its goals and their balance.
#[pyclass(module = "styrkort", name = "Scorecard", frozen)]
struct PyScorecard {
    inner: Arc<EvalInner>,
    ix: usize,
}

impl PyScorecard {
    fn s(&self) -> &styrkort::Scorecard {
        &self.inner.eval.scorecards[self.ix]
    }
}

#[pymethods]
impl PyScorecard {
    /// The scorecard with its balance picture and sparklines, for a notebook.
    fn _repr_html_(&self, py: Python<'_>) -> PyResult<String> {
        let org = self.s().org.as_str();
        report::render(py, &self.inner, &report::Page::Scorecard(org), "sv")
    }

    /// The org id.
    #[getter]
    fn org(&self) -> &str {
        self.s().org.as_str()
    }

    /// The goal ids in the scorecard.
    #[getter]
    fn goals(&self) -> Vec<String> {
        self.s().goals.iter().map(ToString::to_string).collect()
    }

    /// Number of goals.
    #[getter]
    fn goal_count(&self) -> usize {
        self.s().balance.goals
    }

    /// Mean status score over all assessed goals (4 places), or `None`.
    #[getter]
    fn score<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        opt_dec(py, self.s().balance.score)
    }

    /// Evenness of the goals over the perspectives, 0–1 (1 = even).
    #[getter]
    fn evenness<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        dec(py, self.s().balance.evenness)
    }

    /// Perspectives with no goal.
    #[getter]
    fn missing<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyAny>>> {
        self.s()
            .balance
            .missing
            .iter()
            .map(|p| py_perspective(py, *p))
            .collect()
    }

    /// The balance per perspective, in the order of the management system.
    #[getter]
    fn perspectives<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for p in Perspective::ALL {
            d.set_item(
                py_perspective(py, p)?,
                PyPerspectiveBalance(self.s().balance.perspective(p).clone()),
            )?;
        }
        Ok(d)
    }

    /// The entry of the evaluation document.
    #[pyo3(signature = (*, decimal = true))]
    fn to_dict<'py>(&self, py: Python<'py>, decimal: bool) -> PyResult<Bound<'py, PyAny>> {
        part_to_dict(py, self.s(), decimal)
    }

    fn __repr__(&self) -> String {
        let s = self.s();
        format!(
            "<Scorecard {}: {} goals, evenness {}, missing [{}]>",
            s.org,
            s.balance.goals,
            styrkort::json::normalised(s.balance.evenness),
            s.balance
                .missing
                .iter()
                .map(|p| p.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )
    }
}

/// An action plan at the as-of date.
#[pyclass(module = "styrkort", name = "PlanResult", frozen)]
struct PyPlanResult {
    inner: Arc<EvalInner>,
    ix: usize,
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

/// The brief for a dialogue between an upper and a lower org.
#[pyclass(module = "styrkort", name = "DialogueBrief", frozen)]
struct PyDialogueBrief {
    brief: styrkort::DialogueBrief,
}

#[pymethods]
impl PyDialogueBrief {
    /// The upper org id.
    #[getter]
    fn upper(&self) -> &str {
        self.brief.upper.as_str()
    }

    /// The lower org id.
    #[getter]
    fn lower(&self) -> &str {
        self.brief.lower.as_str()
    }

    /// The period.
    #[getter]
    fn period(&self) -> PyPeriod {
        PyPeriod(self.brief.period)
    }

    /// Upper goals nothing of the lower org contributes to.
    #[getter]
    fn uncovered(&self) -> Vec<String> {
        self.brief
            .uncovered
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    /// Lower goals off track with no active plan.
    #[getter]
    fn unaddressed(&self) -> Vec<String> {
        self.brief
            .unaddressed
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    /// Lower goals that are not fulfilled or have a worsening indicator.
    #[getter]
    fn deviations(&self) -> Vec<String> {
        self.brief
            .deviations
            .iter()
            .map(|d| d.goal.to_string())
            .collect()
    }

    /// The indicator results with a comparison among similar
    /// municipalities, of the indicators of the lower scorecard's goals
    /// (empty without comparison data): entries of the document, decimals
    /// as `Decimal` (or `str` with `decimal=False`).
    #[pyo3(signature = (*, decimal = true))]
    fn comparisons<'py>(&self, py: Python<'py>, decimal: bool) -> PyResult<Bound<'py, PyAny>> {
        part_to_dict(py, &self.brief.comparisons, decimal)
    }

    /// The `styrkort-dialogue/1` document, byte for byte the core's.
    fn to_json(&self) -> String {
        self.brief.to_json()
    }

    /// `json.loads(to_json())` with decimals as `Decimal` (or `str`).
    #[pyo3(signature = (*, decimal = true))]
    fn to_dict<'py>(&self, py: Python<'py>, decimal: bool) -> PyResult<Bound<'py, PyAny>> {
        part_to_dict(py, &self.brief, decimal)
    }

    fn __repr__(&self) -> String {
        let b = &self.brief;
        format!(
            "<DialogueBrief {} → {} {}: {} deviations, {} unaddressed, {} uncovered, {} overdue>",
            b.upper,
            b.lower,
            b.period,
            b.deviations.len(),
            b.unaddressed.len(),
            b.uncovered.len(),
            b.overdue.len()
        )
    }
}

// ---------------------------------------------------------------------------
// Comparison with similar municipalities
// ---------------------------------------------------------------------------

fn direction_str(d: Direction) -> &'static str {
    match d {
        Direction::HigherIsBetter => "higher_is_better",
        Direction::LowerIsBetter => "lower_is_better",
    }
}

/// Where a municipality stands in its comparison group (*jämförelsegrupp*)
/// for one KPI and year, as the core computes it.
#[pyclass(module = "styrkort", name = "Comparison", frozen, eq)]
#[derive(PartialEq)]
struct PyComparison(Comparison);

#[pymethods]
impl PyComparison {
    /// The municipality compared (a code such as `0114`).
    #[getter]
    fn municipality(&self) -> &str {
        &self.0.municipality
    }

    /// Its value in the comparison data.
    #[getter]
    fn value<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        dec(py, self.0.value)
    }

    /// `higher_is_better` or `lower_is_better`: the indicator's direction,
    /// used for rank, best, worst and the quartile flags.
    #[getter]
    fn direction(&self) -> &'static str {
        direction_str(self.0.direction)
    }

    /// 1 = best by direction; tied values share the best rank.
    #[getter]
    fn rank(&self) -> usize {
        self.0.rank
    }

    /// How many municipalities have a value (the municipality included).
    #[getter]
    fn group_size(&self) -> usize {
        self.0.group_size
    }

    /// The 25th percentile (linear interpolation, type 7).
    #[getter]
    fn lower_quartile<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        dec(py, self.0.lower_quartile)
    }

    /// The median.
    #[getter]
    fn median<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        dec(py, self.0.median)
    }

    /// The 75th percentile (linear interpolation, type 7).
    #[getter]
    fn upper_quartile<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        dec(py, self.0.upper_quartile)
    }

    /// The best value in the group, by direction.
    #[getter]
    fn best<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        dec(py, self.0.best)
    }

    /// The worst value in the group, by direction.
    #[getter]
    fn worst<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        dec(py, self.0.worst)
    }

    /// Whether the municipality is in the best quartile.
    #[getter]
    fn best_quartile(&self) -> bool {
        self.0.best_quartile
    }

    /// Whether the municipality is in the worst quartile.
    #[getter]
    fn worst_quartile(&self) -> bool {
        self.0.worst_quartile
    }

    /// The `comparison` entry of the evaluation document.
    #[pyo3(signature = (*, decimal = true))]
    fn to_dict<'py>(&self, py: Python<'py>, decimal: bool) -> PyResult<Bound<'py, PyAny>> {
        part_to_dict(py, &self.0, decimal)
    }

    fn __repr__(&self) -> String {
        let c = &self.0;
        let n = styrkort::json::normalised;
        format!(
            "<Comparison {} rank {} of {}: value={} median={} quartiles=[{}, {}]{}>",
            c.municipality,
            c.rank,
            c.group_size,
            n(c.value),
            n(c.median),
            n(c.lower_quartile),
            n(c.upper_quartile),
            if c.best_quartile {
                " best quartile"
            } else if c.worst_quartile {
                " worst quartile"
            } else {
                ""
            }
        )
    }
}

/// Makes an indicator definition (a dict in the `styrkort/1` shape) from
/// Kolada KPI metadata (a dict of `styrkort.kolada.fetch_kpis`, or JSON
/// text of one KPI or a page of one), by the core's
/// `kolada::indicator_from_kpi`: id and `source.kolada.kpi` the KPI id,
/// name and description from the metadata, unit guessed from the title,
/// direction higher-is-better (left out of the dict, being the default:
/// set `direction` by hand where less is better), no targets or
/// measurements. Exactly one of `municipality` (a code such as `"0114"`)
/// and `ou` names the place.
#[pyfunction]
#[pyo3(signature = (meta, owner, *, municipality = None, ou = None))]
fn kolada_indicator<'py>(
    py: Python<'py>,
    meta: &Bound<'py, PyAny>,
    owner: &str,
    municipality: Option<String>,
    ou: Option<String>,
) -> PyResult<Bound<'py, PyAny>> {
    let place = match (municipality, ou) {
        (Some(m), None) => styrkort::kolada::Place::Municipality(m),
        (None, Some(u)) => styrkort::kolada::Place::Ou(u),
        _ => {
            return Err(pyo3::exceptions::PyValueError::new_err(
                "give exactly one of municipality (a code such as \"0114\") or ou",
            ))
        }
    };
    let owner = OrgId::new(owner)
        .ok_or_else(|| pyo3::exceptions::PyValueError::new_err("owner: an org id is not empty"))?;
    let text: String = if let Ok(s) = meta.cast::<PyString>() {
        s.to_cow()?.into_owned()
    } else {
        py.import("styrkort._json")?
            .getattr("dumps")?
            .call1((vec![meta], false))?
            .extract()?
    };
    // A page (envelope or array) or, as text, one bare KPI object.
    let page = core(
        py,
        guarded(|| {
            styrkort::kolada::parse_kpis(&text)
                .or_else(|e| styrkort::kolada::parse_kpis(&format!("[{text}]")).map_err(|_| e))
        }),
    )?;
    let [kpi] = <[styrkort::kolada::KpiMeta; 1]>::try_from(page.kpis).map_err(|v| {
        pyo3::exceptions::PyValueError::new_err(format!(
            "expected the metadata of one KPI, found {}",
            v.len()
        ))
    })?;
    let indicator = styrkort::kolada::indicator_from_kpi(&kpi, owner, place);
    let json = serde_json::to_string(&indicator).unwrap_or_default();
    json_to_py(py, &json, true)
}

// ---------------------------------------------------------------------------
// Incremental engine
// ---------------------------------------------------------------------------

/// How much one change to an `Engine` recomputed.
#[pyclass(module = "styrkort", name = "Update", frozen, eq, hash)]
#[derive(PartialEq, Eq, Hash)]
struct PyUpdate {
    indicators: usize,
    goals: usize,
    scorecards: usize,
}

impl From<Update> for PyUpdate {
    fn from(u: Update) -> Self {
        Self {
            indicators: u.indicators,
            goals: u.goals,
            scorecards: u.scorecards,
        }
    }
}

#[pymethods]
impl PyUpdate {
    #[new]
    #[pyo3(signature = (indicators = 0, goals = 0, scorecards = 0))]
    fn new(indicators: usize, goals: usize, scorecards: usize) -> Self {
        Self {
            indicators,
            goals,
            scorecards,
        }
    }

    /// Indicator results recomputed.
    #[getter]
    fn indicators(&self) -> usize {
        self.indicators
    }

    /// Goal results recomputed.
    #[getter]
    fn goals(&self) -> usize {
        self.goals
    }

    /// Scorecards recomputed.
    #[getter]
    fn scorecards(&self) -> usize {
        self.scorecards
    }

    /// `{"indicators", "goals", "scorecards"}`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("indicators", self.indicators)?;
        d.set_item("goals", self.goals)?;
        d.set_item("scorecards", self.scorecards)?;
        Ok(d)
    }

    fn __repr__(&self) -> String {
        format!(
            "Update(indicators={}, goals={}, scorecards={})",
            self.indicators, self.goals, self.scorecards
        )
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let u = slf.get();
        (slf.get_type(), (u.indicators, u.goals, u.scorecards)).into_pyobject(slf.py())
    }
}

/// The state behind a `styrkort.Engine`: the core's engine and the model
/// with the same edits (for `Engine.model`, and so that an evaluation from
/// the engine pickles as model JSON like any other).
struct EngineState {
    engine: Engine,
    /// The edited model; copied on write while an evaluation still holds it.
    model: Arc<ModelInner>,
    /// Indicator id → position in `model.indicators` (the order never changes).
    indicators: HashMap<String, usize>,
    /// Goal id → position in `model.goals`.
    goals: HashMap<String, usize>,
    comparison: Option<Arc<ComparisonInput>>,
    /// The last evaluation handed out, reused while nothing changed.
    snapshot: Weak<EvalInner>,
}

impl EngineState {
    fn new(
        model: Arc<ModelInner>,
        period: Period,
        tag: Option<String>,
        comparison: Option<Arc<ComparisonInput>>,
    ) -> Result<Self, Error> {
        let options = eval_options(tag, comparison.as_deref());
        let engine = Engine::new(&model.model, period, options)?;
        let m = &model.model;
        let indicators = m
            .indicators
            .iter()
            .enumerate()
            .map(|(k, i)| (i.id.to_string(), k))
            .collect();
        let goals = m
            .goals
            .iter()
            .enumerate()
            .map(|(k, g)| (g.id.to_string(), k))
            .collect();
        Ok(Self {
            engine,
            model,
            indicators,
            goals,
            comparison,
            snapshot: Weak::new(),
        })
    }

    /// The edited model, for changing: copied first when an evaluation
    /// handed out still holds it.
    fn model_mut(&mut self) -> &mut Model {
        if Arc::get_mut(&mut self.model).is_none() {
            self.model = Arc::new(ModelInner::new(self.model.model.clone()));
        }
        let inner = Arc::get_mut(&mut self.model).expect("the model was just made unique");
        inner.compiled = OnceLock::new();
        &mut inner.model
    }

    /// Runs one edit on the engine, then (when it succeeded) on the model.
    /// The core refuses unknown ids and invalid targets before changing
    /// anything; after any other failure (an overflow, a panic) the engine
    /// is rebuilt from the unedited model, so a failed edit changes nothing.
    fn edit(
        &mut self,
        on_engine: impl FnOnce(&mut Engine) -> Result<Update, Error>,
        on_model: impl FnOnce(&mut Self),
    ) -> Result<Update, Failure> {
        match guarded(|| on_engine(&mut self.engine)) {
            Ok(update) => {
                on_model(self);
                self.snapshot = Weak::new();
                Ok(update)
            }
            Err(failure) => {
                let untouched = matches!(
                    failure,
                    Failure::Core(Error::UnknownId { .. } | Error::Invalid { .. })
                );
                if !untouched {
                    let period = self.engine.period();
                    let options = self.engine.options().clone();
                    let model = &self.model.model;
                    if let Ok(engine) = guarded(|| Engine::new(model, period, options)) {
                        self.engine = engine;
                    }
                    self.snapshot = Weak::new();
                }
                Err(failure)
            }
        }
    }

    fn evaluation(&mut self) -> Arc<EvalInner> {
        if let Some(e) = self.snapshot.upgrade() {
            return e;
        }
        let e = Arc::new(EvalInner {
            model: Arc::clone(&self.model),
            eval: self.engine.evaluation().clone(),
            comparison: self.comparison.clone(),
        });
        self.snapshot = Arc::downgrade(&e);
        e
    }
}

/// Keeps the evaluation of one period up to date while measurements,
/// targets and assessments change, recomputing only what depends on each
/// change (the core's `styrkort::Engine`). The result is always exactly
/// what `Model.evaluate` gives for the model with the same edits.
#[pyclass(module = "styrkort", name = "Engine", frozen)]
struct PyEngine {
    state: Mutex<EngineState>,
}

/// One measurement value, a target list or an assessment, exactly as JSON
/// text through `styrkort._json.dumps` (floats refused unless allowed).
fn exact_json(
    py: Python<'_>,
    obj: &Bound<'_, PyAny>,
    allow_float: bool,
    path: &str,
) -> PyResult<String> {
    py.import("styrkort._json")?
        .getattr("dumps")?
        .call1((obj, allow_float, path))?
        .extract()
}

/// Deserializes `T` from `text`, prefixing the error path with `path`.
fn parse_at<T: serde::de::DeserializeOwned>(text: &str, path: &str) -> Result<T, Error> {
    styrkort::json::from_str_with_path(text).map_err(|e| match e {
        Error::Json {
            path: inner,
            line,
            column,
            message,
        } => Error::Json {
            path: if inner.is_empty() || inner == "." {
                path.to_string()
            } else if inner.starts_with('[') {
                format!("{path}{inner}")
            } else {
                format!("{path}.{inner}")
            },
            line,
            column,
            message,
        },
        other => other,
    })
}

/// A value of `set_measurement`.
#[derive(serde::Deserialize)]
struct ExactValue(#[serde(with = "styrkort::json::dec")] Decimal);

impl PyEngine {
    fn new(
        model: &Bound<'_, PyModel>,
        period: &Bound<'_, PyAny>,
        tag: Option<String>,
        comparison: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let py = model.py();
        let period = period_arg(period)?;
        let comparison = comparison_arg(py, comparison)?;
        let inner = Arc::clone(&model.get().inner);
        Self::from_parts(py, inner, period, tag, comparison)
    }

    fn from_parts(
        py: Python<'_>,
        model: Arc<ModelInner>,
        period: Period,
        tag: Option<String>,
        comparison: Option<Arc<ComparisonInput>>,
    ) -> PyResult<Self> {
        let state = py.detach(|| guarded(|| EngineState::new(model, period, tag, comparison)));
        Ok(Self {
            state: Mutex::new(core(py, state)?),
        })
    }

    /// Runs `f` on the locked state with the GIL released.
    fn with_state<T: Send>(
        &self,
        py: Python<'_>,
        f: impl FnOnce(&mut EngineState) -> T + Send,
    ) -> T {
        py.detach(|| {
            let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
            f(&mut state)
        })
    }
}

#[pymethods]
impl PyEngine {
    /// Validates and evaluates `model` for `period` (as `Model.evaluate`,
    /// with the same `tag` and `comparison`), keeping what an update needs.
    #[new]
    #[pyo3(signature = (model, period, *, tag = None, comparison = None))]
    fn py_new(
        model: &Bound<'_, PyModel>,
        period: &Bound<'_, PyAny>,
        tag: Option<String>,
        comparison: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        Self::new(model, period, tag, comparison)
    }

    /// Sets the measurement of `indicator` at `org` (the indicator's owner
    /// when `None`) for `period` to `value` (`Decimal`, `int` or `str`; a
    /// `float` only with `allow_float=True`, through `repr`), or removes it
    /// when `value` is `None`, and updates the evaluation. A new value
    /// replaces the whole measurement (its women/men split is dropped).
    /// Raises `UnknownIdError` for an unknown indicator or org.
    #[pyo3(signature = (indicator, period, value, *, org = None, allow_float = false))]
    fn set_measurement(
        &self,
        py: Python<'_>,
        indicator: &str,
        period: &Bound<'_, PyAny>,
        value: &Bound<'_, PyAny>,
        org: Option<&str>,
        allow_float: bool,
    ) -> PyResult<PyUpdate> {
        let period = period_arg(period)?;
        let value = if value.is_none() {
            None
        } else {
            let text = exact_json(py, value, allow_float, "value")?;
            Some(
                core(
                    py,
                    parse_at::<ExactValue>(&text, "value").map_err(Failure::Core),
                )?
                .0,
            )
        };
        let r = self.with_state(py, |st| {
            st.edit(
                |e| e.set_measurement(indicator, org, period, value),
                |st| {
                    let k = st.indicators[indicator];
                    let ind = &mut st.model_mut().indicators[k];
                    match value {
                        Some(v) => {
                            ind.set_measurement(Measurement::new(
                                period,
                                org.and_then(OrgId::new),
                                v,
                            ));
                        }
                        None => {
                            ind.remove_measurement(org, period);
                        }
                    }
                },
            )
        });
        core(py, r).map(PyUpdate::from)
    }

    /// Replaces the targets of `indicator` with `targets`, a list of dicts
    /// in the model's JSON target shape (`{"period", "value", "warning",
    /// "org", "kind"}`), and updates the evaluation. Raises
    /// `UnknownIdError` for an unknown indicator or org, `ModelError` for a
    /// malformed target, `ValidationError` for an invalid one.
    #[pyo3(signature = (indicator, targets, *, allow_float = false))]
    fn set_targets(
        &self,
        py: Python<'_>,
        indicator: &str,
        targets: &Bound<'_, PyAny>,
        allow_float: bool,
    ) -> PyResult<PyUpdate> {
        if targets.is_instance_of::<PyString>() || targets.is_instance_of::<PyDict>() {
            return Err(PyTypeError::new_err(
                "targets is a list of dicts such as {\"period\": \"2025\", \"value\": \"62\"}",
            ));
        }
        let text = exact_json(py, targets, allow_float, "targets")?;
        let targets: Vec<Target> = core(py, parse_at(&text, "targets").map_err(Failure::Core))?;
        let r = self.with_state(py, |st| {
            st.edit(
                |e| e.set_targets(indicator, &targets),
                |st| {
                    let k = st.indicators[indicator];
                    st.model_mut().indicators[k].targets.clone_from(&targets);
                },
            )
        });
        core(py, r).map(PyUpdate::from)
    }

    /// Sets the manual assessment (*bedömning*) of `goal` for `period` to
    /// `status` (a `Status` or its value, with an optional `comment`,
    /// `author` and `date`), or removes it when `status` is `None`, and
    /// updates the evaluation. Raises `UnknownIdError` for an unknown goal.
    #[pyo3(signature = (goal, period, status = None, *, comment = None, author = None, date = None))]
    #[allow(clippy::too_many_arguments)] // the fields of an assessment
    fn set_assessment(
        &self,
        py: Python<'_>,
        goal: &str,
        period: &Bound<'_, PyAny>,
        status: Option<&Bound<'_, PyAny>>,
        comment: Option<&Bound<'_, PyAny>>,
        author: Option<&Bound<'_, PyAny>>,
        date: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyUpdate> {
        let period = period_arg(period)?;
        let status = status.filter(|s| !s.is_none());
        let assessment: Option<Assessment> = match status {
            None => {
                if [comment, author, date]
                    .iter()
                    .flatten()
                    .any(|x| !x.is_none())
                {
                    return Err(PyTypeError::new_err(
                        "a comment, author or date needs a status (status=None removes the assessment)",
                    ));
                }
                None
            }
            Some(status) => {
                let d = PyDict::new(py);
                d.set_item("period", period.to_string())?;
                d.set_item("status", status)?;
                for (key, v) in [("comment", comment), ("author", author), ("date", date)] {
                    if let Some(v) = v.filter(|v| !v.is_none()) {
                        d.set_item(key, v)?;
                    }
                }
                let text = exact_json(py, d.as_any(), false, "assessment")?;
                Some(core(
                    py,
                    parse_at(&text, "assessment").map_err(Failure::Core),
                )?)
            }
        };
        let r = self.with_state(py, |st| {
            let for_model = assessment.clone();
            st.edit(
                |e| e.set_assessment(goal, period, assessment),
                |st| {
                    let k = st.goals[goal];
                    let list = &mut st.model_mut().goals[k].assessments;
                    list.retain(|a| a.period != period);
                    if let Some(a) = for_model {
                        list.push(a);
                    }
                },
            )
        });
        core(py, r).map(PyUpdate::from)
    }

    /// The evaluation as it stands after the edits so far: an `Evaluation`
    /// like `Model.evaluate` gives (its `model` is the edited model). It is
    /// a snapshot: later edits do not change it.
    #[getter]
    fn evaluation(&self, py: Python<'_>) -> PyEvaluation {
        PyEvaluation {
            inner: self.with_state(py, EngineState::evaluation),
        }
    }

    /// The final status of one goal as it stands now, without taking a
    /// snapshot of the whole evaluation (`evaluation` copies every result,
    /// which takes a while on a large model); `UnknownIdError` when the
    /// evaluation has no such goal.
    fn status<'py>(&self, py: Python<'py>, goal: &str) -> PyResult<Bound<'py, PyAny>> {
        let status = self.with_state(py, |st| st.engine.evaluation().goal(goal).map(|g| g.status));
        match status {
            Some(s) => py_status(py, s),
            None => Err(unknown(py, "goal", goal)),
        }
    }

    /// The model with the edits so far (immutable, like every `Model`).
    #[getter]
    fn model(&self, py: Python<'_>) -> PyModel {
        PyModel {
            inner: self.with_state(py, |st| Arc::clone(&st.model)),
        }
    }

    /// The period kept up to date.
    #[getter]
    fn period(&self, py: Python<'_>) -> PyPeriod {
        PyPeriod(self.with_state(py, |st| st.engine.period()))
    }

    /// The tag the evaluation is narrowed to, if any.
    #[getter]
    fn tag(&self, py: Python<'_>) -> Option<String> {
        self.with_state(py, |st| st.engine.options().tag.clone())
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        self.with_state(py, |st| {
            let e = st.engine.evaluation();
            format!(
                "<styrkort.Engine {}{}: {} goals, {} indicator results>",
                e.period,
                e.tag
                    .as_ref()
                    .map(|t| format!(" tag={t}"))
                    .unwrap_or_default(),
                e.goals.len(),
                e.indicators.len()
            )
        })
    }

    /// Pickles as the edited model's JSON, the period, the tag and the
    /// comparison pages; unpickling builds a new engine from them.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let f = py
            .import("styrkort._native")?
            .getattr("_engine_from_state")?;
        let (text, period, tag, pages) = self.with_state(py, |st| {
            (
                st.model.model.to_json_compact(),
                st.engine.period().to_string(),
                st.engine.options().tag.clone(),
                st.comparison.as_ref().map(|c| c.pages.clone()),
            )
        });
        (f, (text, period, tag, pages)).into_pyobject(py)
    }
}

/// Rebuilds a pickled engine: the edited model's JSON, the period, the tag
/// and the comparison pages.
#[pyfunction]
#[pyo3(signature = (model_json, period, tag = None, comparison = None))]
fn _engine_from_state(
    py: Python<'_>,
    model_json: &str,
    period: &Bound<'_, PyAny>,
    tag: Option<String>,
    comparison: Option<Vec<String>>,
) -> PyResult<PyEngine> {
    let model = model_from_json(py, model_json)?;
    let period = period_arg(period)?;
    let comparison = comparison
        .map(|pages| comparison_from_pages(py, pages))
        .transpose()?;
    PyEngine::from_parts(py, model.inner, period, tag, comparison)
}

// ---------------------------------------------------------------------------
// Module
// ---------------------------------------------------------------------------

/// The native half of the `styrkort` package; import `styrkort` instead.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyModel>()?;
    m.add_class::<PyEvaluation>()?;
    m.add_class::<PyPeriod>()?;
    m.add_class::<PyDiagnostic>()?;
    m.add_class::<PyGoalResult>()?;
    m.add_class::<PyGoalItem>()?;
    m.add_class::<PyIndicatorResult>()?;
    m.add_class::<PyScorecard>()?;
    m.add_class::<PyPerspectiveBalance>()?;
    m.add_class::<PyPlanResult>()?;
    m.add_class::<PyDialogueBrief>()?;
    m.add_class::<PyComparison>()?;
    m.add_class::<PyEngine>()?;
    m.add_class::<PyUpdate>()?;
    m.add_function(wrap_pyfunction!(kolada_indicator, m)?)?;
    m.add_function(wrap_pyfunction!(_engine_from_state, m)?)?;
    m.add_function(wrap_pyfunction!(_model_from_json, m)?)?;
    m.add_function(wrap_pyfunction!(_evaluation_from_state, m)?)?;
    m.add_function(wrap_pyfunction!(_diagnostic, m)?)?;
    m.add("STATUSES", STATUS_NAMES.to_vec())?;
    m.add("PERSPECTIVES", PERSPECTIVE_NAMES.to_vec())?;
    m.add("LEVELS", LEVEL_NAMES.to_vec())?;
    m.add("TRENDS", TREND_NAMES.to_vec())?;
    m.add(
        "STATUS_LABELS_SV",
        Status::ALL.iter().map(|s| s.label_sv()).collect::<Vec<_>>(),
    )?;
    m.add(
        "PERSPECTIVE_LABELS",
        Perspective::ALL
            .iter()
            .map(|p| p.label(styrkort::CitizenLabel::default()))
            .collect::<Vec<_>>(),
    )?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
