//! `styrkort.WhatIf` (the core's `whatif` module): what it takes for a goal
//! to reach a wanted status.

use pyo3::prelude::*;

use crate::conversions::{part_to_dict, py_status};
use crate::period::PyPeriod;

/// What it takes for a goal to reach a wanted status
/// (`styrkort-whatif/1`): the items to change, to what and by how much.
#[pyclass(module = "styrkort", name = "WhatIf", frozen)]
pub(crate) struct PyWhatIf {
    pub(crate) what_if: styrkort::WhatIf,
}

#[pymethods]
impl PyWhatIf {
    /// The goal id.
    #[getter]
    fn goal(&self) -> &str {
        self.what_if.goal.as_str()
    }

    /// The period.
    #[getter]
    fn period(&self) -> PyPeriod {
        PyPeriod(self.what_if.period)
    }

    /// The status asked for (a `Status`).
    #[getter]
    fn wanted<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py_status(py, self.what_if.wanted)
    }

    /// The goal's final status now (a `Status`).
    #[getter]
    fn status<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py_status(py, self.what_if.status)
    }

    /// Whether the computed status is at least `wanted` already.
    #[getter]
    fn reached(&self) -> bool {
        self.what_if.reached
    }

    /// Whether changing the goal's assessed items can get it there.
    #[getter]
    fn reachable(&self) -> bool {
        self.what_if.reachable
    }

    /// `all` (every change is needed), `any_one` or `nothing`.
    #[getter]
    fn need(&self) -> &'static str {
        match self.what_if.need {
            styrkort::Need::All => "all",
            styrkort::Need::AnyOne => "any_one",
            styrkort::Need::Nothing => "nothing",
        }
    }

    /// The answer in words: the trace of how it was found.
    #[getter]
    fn explanation(&self) -> &str {
        &self.what_if.explanation
    }

    /// The changes, entries of the document (decimals as `Decimal`, or
    /// `str` with `decimal=False`).
    #[pyo3(signature = (*, decimal = true))]
    fn changes<'py>(&self, py: Python<'py>, decimal: bool) -> PyResult<Bound<'py, PyAny>> {
        part_to_dict(py, &self.what_if.changes, decimal)
    }

    /// The `styrkort-whatif/1` document, byte for byte the core's.
    fn to_json(&self) -> String {
        self.what_if.to_json()
    }

    /// `json.loads(to_json())` with decimals as `Decimal` (or `str`).
    #[pyo3(signature = (*, decimal = true))]
    fn to_dict<'py>(&self, py: Python<'py>, decimal: bool) -> PyResult<Bound<'py, PyAny>> {
        part_to_dict(py, &self.what_if, decimal)
    }

    fn __repr__(&self) -> String {
        let w = &self.what_if;
        format!(
            "<WhatIf {} {} → {}: {} change(s), reachable={}>",
            w.goal,
            w.status,
            w.wanted,
            w.changes.len(),
            w.reachable
        )
    }
}
