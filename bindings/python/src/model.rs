//! `styrkort.Model` (the core's `model` module): reading, writing,
//! validating and evaluating a model, and the edits that return a new model.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use pyo3::exceptions::{PyOSError, PyUnicodeDecodeError};
use pyo3::prelude::*;
use pyo3::types::{PyString, PyTuple};
use rust_decimal::Decimal;
use styrkort::{Compiled, Error, EvalOptions, Measurement, Model, OrgId, Period, SeriesTable};

use crate::conversions::json_to_py;
use crate::engine::PyEngine;
use crate::errors::{core, guarded, raise, Failure};
use crate::evaluation::{EvalInner, PyEvaluation};
use crate::kolada::{comparison_arg, ComparisonInput};
use crate::period::{period_arg, periods_arg};
use crate::series_table::PySeriesTable;
use crate::validate::PyDiagnostic;

/// A model and, once evaluated, its compiled form (validation is done once
/// per model, whatever the number of periods evaluated).
pub(crate) struct ModelInner {
    pub(crate) model: Model,
    pub(crate) compiled: OnceLock<Result<Arc<Compiled>, Error>>,
}

impl ModelInner {
    pub(crate) fn new(model: Model) -> Self {
        Self {
            model,
            compiled: OnceLock::new(),
        }
    }

    pub(crate) fn compiled(&self) -> Result<Arc<Compiled>, Error> {
        self.compiled
            .get_or_init(|| self.model.compile().map(Arc::new))
            .clone()
    }

    pub(crate) fn evaluate(
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

    /// Every period of `periods` evaluated through the core's
    /// `Compiled::evaluate_series` on the cached compiled model (one
    /// validation and compilation, whatever the number of periods or
    /// calls; the work common to the periods done once).
    pub(crate) fn evaluate_series(
        self: &Arc<Self>,
        periods: &[Period],
        tag: Option<String>,
        comparison: Option<&Arc<ComparisonInput>>,
    ) -> Result<Vec<Arc<EvalInner>>, Failure> {
        let options = eval_options(tag, comparison.map(Arc::as_ref));
        let evals = guarded(|| self.compiled()?.evaluate_series(periods, &options))?;
        Ok(evals
            .into_iter()
            .map(|eval| {
                Arc::new(EvalInner {
                    model: Arc::clone(self),
                    eval,
                    comparison: comparison.cloned(),
                })
            })
            .collect())
    }

    /// The core's `Compiled::series_table` of `periods` on the cached
    /// compiled model (one validation and compilation, whatever the number
    /// of periods or calls).
    pub(crate) fn series_table(
        &self,
        periods: &[Period],
        tag: Option<String>,
        comparison: Option<&ComparisonInput>,
    ) -> Result<SeriesTable, Failure> {
        let options = eval_options(tag, comparison);
        guarded(|| self.compiled()?.series_table(periods, &options))
    }
}

/// The evaluation options of a tag and comparison data.
pub(crate) fn eval_options(
    tag: Option<String>,
    comparison: Option<&ComparisonInput>,
) -> EvalOptions {
    let options = EvalOptions {
        tag,
        ..EvalOptions::default()
    };
    match comparison {
        Some(c) => options.with_comparison(c.data.clone()),
        None => options,
    }
}

/// A management system: organisation, indicators, goals and action plans
/// (the `styrkort/1` format). Immutable; `with_measurements` returns a new model.
#[pyclass(module = "styrkort", name = "Model", frozen)]
pub(crate) struct PyModel {
    pub(crate) inner: Arc<ModelInner>,
}

pub(crate) fn model_from_json(py: Python<'_>, text: &str) -> PyResult<PyModel> {
    let model = py.detach(|| guarded(|| Model::from_json(text)));
    Ok(PyModel {
        inner: Arc::new(ModelInner::new(core(py, model)?)),
    })
}

/// Rebuilds a model from its JSON (for pickling).
#[pyfunction]
pub(crate) fn _model_from_json(py: Python<'_>, text: &str) -> PyResult<PyModel> {
    model_from_json(py, text)
}

/// A measurement row for `Model.with_measurements`.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MeasurementRow {
    pub(crate) indicator: String,
    #[serde(flatten)]
    pub(crate) measurement: MeasurementFields,
}

#[derive(serde::Deserialize)]
pub(crate) struct MeasurementFields {
    pub(crate) period: Period,
    #[serde(default)]
    pub(crate) org: Option<OrgId>,
    #[serde(with = "styrkort::json::dec")]
    pub(crate) value: Decimal,
    #[serde(default, with = "styrkort::json::opt_dec")]
    pub(crate) women: Option<Decimal>,
    #[serde(default, with = "styrkort::json::opt_dec")]
    pub(crate) men: Option<Decimal>,
    /// A forecast (*prognos*) rather than an outcome.
    #[serde(default)]
    pub(crate) forecast: bool,
}

#[pymethods]
impl PyModel {
    /// Reads a model from `styrkort/1` JSON text. Raises `ModelError` with
    /// the JSON path of the first problem.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &str) -> PyResult<Self> {
        model_from_json(py, text)
    }

    /// Reads a model from a `styrkort/1` JSON file (UTF-8). The file is
    /// read and parsed in Rust with the GIL released: no Python string of
    /// the file is made. A missing file raises `FileNotFoundError` (an
    /// `OSError` with the file name), bad UTF-8 `UnicodeDecodeError`, a
    /// malformed model `ModelError` with the JSON path.
    #[staticmethod]
    #[allow(clippy::needless_pass_by_value)] // pyo3 extracts the path by value
    fn from_file(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        let bytes = py.detach(|| std::fs::read(&path)).map_err(|e| {
            let errno = e.raw_os_error().unwrap_or(0);
            PyOSError::new_err((errno, e.to_string(), path.display().to_string()))
        })?;
        let text = match std::str::from_utf8(&bytes) {
            Ok(t) => t,
            Err(e) => {
                return Err(PyErr::from_value(
                    PyUnicodeDecodeError::new_utf8(py, &bytes, e)?.into_any(),
                ))
            }
        };
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

    /// Evaluates the model for every period of `periods` (a list of what
    /// `evaluate` takes: `"2025-01"`, `Period`, a year as `int`), in the
    /// order given, through one call that shares the compiled model and
    /// the work common to the periods (the core's `evaluate_series`): a
    /// report's trend lines, every month, tertial and the year. Each
    /// evaluation is exactly `evaluate(p, tag=…, comparison=…)` of its
    /// period (the same `to_json()`, byte for byte). An empty list gives an
    /// empty list. A bad period raises `PeriodError` naming its position
    /// (`periods[3]: …`), a model with errors `ValidationError`; on any
    /// error no evaluation is returned. The GIL is released while the
    /// engine runs.
    #[pyo3(signature = (periods, *, tag = None, comparison = None))]
    fn evaluate_series(
        &self,
        py: Python<'_>,
        periods: &Bound<'_, PyAny>,
        tag: Option<String>,
        comparison: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Vec<PyEvaluation>> {
        let periods = periods_arg(periods)?;
        let comparison = comparison_arg(py, comparison)?;
        let inner = &self.inner;
        let evals = py.detach(|| inner.evaluate_series(&periods, tag, comparison.as_ref()));
        Ok(core(py, evals)?
            .into_iter()
            .map(|inner| PyEvaluation { inner })
            .collect())
    }

    /// The statuses of every period of `periods` (as `evaluate_series`
    /// takes them) as one table of columns, a `styrkort.SeriesTable`
    /// (*utfallstabell*): for each period, in the order given, one row per
    /// indicator-org result and one per goal that `evaluate(p, tag=…,
    /// comparison=…)` reports, with the columns a trend table or a
    /// sparkline reads (value, target, achievement, status, trend, arrow;
    /// the goals' status, computed status, score, manual and forecast
    /// marks). Computed by the core's `Compiled::series_table` on the
    /// cached compiled model without building the evaluations, sharing the
    /// work common to the periods; read it as Arrow
    /// (`indicators_table()`, `goals_table()`), pandas
    /// (`indicators_frame()`, `goals_frame()`) or JSON (`to_json()`).
    /// Errors as `evaluate_series`: a bad period raises `PeriodError`
    /// naming its position, a model with errors `ValidationError`. The GIL
    /// is released while the engine runs.
    #[pyo3(signature = (periods, *, tag = None, comparison = None))]
    fn series_table(
        &self,
        py: Python<'_>,
        periods: &Bound<'_, PyAny>,
        tag: Option<String>,
        comparison: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PySeriesTable> {
        let periods = periods_arg(periods)?;
        let comparison = comparison_arg(py, comparison)?;
        PySeriesTable::compute(py, &self.inner, &periods, tag, comparison)
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
    /// a row is added and validation reports the duplicate. A row with
    /// `forecast: True` is a forecast (*prognos*), which replaces only the
    /// forecast for its period and org, never the outcome.
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
                    document,
                    path,
                    line,
                    column,
                    message,
                } => Failure::Core(Error::Json {
                    document,
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
            let mut m = Measurement::new(f.period, f.org, f.value).with_gender(f.women, f.men);
            m.set_forecast(f.forecast);
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

    /// The self-contained part of the model below org `root`
    /// (*delmodell*): its org subtree, the goals they own, the indicators
    /// they use or measure with those orgs' measurements and targets
    /// (a target set above `root` moves to `root`), and their action plans;
    /// the core's `partition::cut`. The part's results for its orgs are the
    /// whole model's as long as no goal outside contributes to a goal
    /// inside. Raises `UnknownIdError` for an unknown org.
    fn cut(&self, py: Python<'_>, root: &str) -> PyResult<Self> {
        let m = &self.inner.model;
        let part = core(py, py.detach(|| guarded(|| m.cut(root))))?;
        Ok(Self {
            inner: Arc::new(ModelInner::new(part)),
        })
    }

    /// One part per municipality, `[(municipality org id, Model), …]` in
    /// model order (the core's `partition::split_municipalities`, one pass
    /// over the model): for disjoint municipalities each part evaluates to
    /// exactly the results the whole model gives for it, so the parts can
    /// be evaluated apart (pickled to other processes or machines).
    fn split_municipalities(&self, py: Python<'_>) -> PyResult<Vec<(String, Self)>> {
        let m = &self.inner.model;
        let parts = core(py, py.detach(|| guarded(|| m.split_municipalities())))?;
        Ok(parts
            .into_iter()
            .map(|(root, part)| {
                (
                    root.to_string(),
                    Self {
                        inner: Arc::new(ModelInner::new(part)),
                    },
                )
            })
            .collect())
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
