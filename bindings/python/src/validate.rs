//! `styrkort.Diagnostic`: one finding of validation (the core's `validate`
//! module).

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};
use styrkort::{Diagnostic, Severity};

use crate::conversions::py_severity;

/// One finding of `Model.validate()`.
#[pyclass(module = "styrkort", name = "Diagnostic", frozen, eq)]
#[derive(Clone, PartialEq)]
pub(crate) struct PyDiagnostic(pub(crate) Diagnostic);

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
pub(crate) fn _diagnostic(
    code: &str,
    severity: &str,
    message: &str,
    subject: &str,
) -> PyResult<PyDiagnostic> {
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
