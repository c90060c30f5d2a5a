//! `styrkort.Scorecard`, `PerspectiveBalance` and `DialogueBrief` (the
//! core's `scorecard` module): the balance of an org's goals across the
//! four perspectives and the brief for a dialogue between two levels.

use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::PyDict;
use styrkort::evaluation::PerspectiveBalance;
use styrkort::{Perspective, Status};

use crate::conversions::{dec, opt_dec, part_to_dict, py_perspective, py_status};
use crate::evaluation::EvalInner;
use crate::period::PyPeriod;

/// The balance of one perspective in a scorecard.
#[pyclass(module = "styrkort", name = "PerspectiveBalance", frozen)]
pub(crate) struct PyPerspectiveBalance(pub(crate) PerspectiveBalance);

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
pub(crate) struct PyScorecard {
    pub(crate) inner: Arc<EvalInner>,
    pub(crate) ix: usize,
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
        crate::report::render(py, &self.inner, &crate::report::Page::Scorecard(org), "sv")
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

/// The brief for a dialogue between an upper and a lower org.
#[pyclass(module = "styrkort", name = "DialogueBrief", frozen)]
pub(crate) struct PyDialogueBrief {
    pub(crate) brief: styrkort::DialogueBrief,
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
