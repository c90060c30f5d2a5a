//! `styrkort.Engine` (the core's incremental `Engine`): one period's
//! evaluation kept up to date under edits, and the `Update` each edit
//! returns.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError, Weak};

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString, PyTuple};
use rust_decimal::Decimal;
use styrkort::{Assessment, Engine, Error, Measurement, Model, OrgId, Period, Target, Update};

use crate::conversions::py_status;
use crate::errors::{core, guarded, unknown, Failure};
use crate::evaluation::{EvalInner, PyEvaluation};
use crate::kolada::{comparison_arg, comparison_from_pages, ComparisonInput};
use crate::model::{eval_options, model_from_json, ModelInner, PyModel};
use crate::period::{period_arg, PyPeriod};

/// How much one change to an `Engine` recomputed.
#[pyclass(module = "styrkort", name = "Update", frozen, eq, hash)]
#[derive(PartialEq, Eq, Hash)]
pub(crate) struct PyUpdate {
    pub(crate) indicators: usize,
    pub(crate) goals: usize,
    pub(crate) scorecards: usize,
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
pub(crate) struct EngineState {
    pub(crate) engine: Engine,
    /// The edited model; copied on write while an evaluation still holds it.
    pub(crate) model: Arc<ModelInner>,
    /// Indicator id → position in `model.indicators` (the order never changes).
    pub(crate) indicators: HashMap<String, usize>,
    /// Goal id → position in `model.goals`.
    pub(crate) goals: HashMap<String, usize>,
    pub(crate) comparison: Option<Arc<ComparisonInput>>,
    /// The last evaluation handed out, reused while nothing changed.
    pub(crate) snapshot: Weak<EvalInner>,
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
pub(crate) struct PyEngine {
    pub(crate) state: Mutex<EngineState>,
}

/// One measurement value, a target list or an assessment, exactly as JSON
/// text through `styrkort._json.dumps` (floats refused unless allowed).
pub(crate) fn exact_json(
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
pub(crate) fn parse_at<T: serde::de::DeserializeOwned>(text: &str, path: &str) -> Result<T, Error> {
    styrkort::json::from_str_with_path(text).map_err(|e| match e {
        Error::Json {
            document,
            path: inner,
            line,
            column,
            message,
        } => Error::Json {
            document,
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
pub(crate) struct ExactValue(#[serde(with = "styrkort::json::dec")] Decimal);

impl PyEngine {
    pub(crate) fn new(
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

    pub(crate) fn from_parts(
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
pub(crate) fn _engine_from_state(
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
