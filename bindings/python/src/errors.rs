//! Errors: every [`styrkort::Error`] becomes an exception of
//! `styrkort._errors` (one class per variant, all deriving from
//! `StyrkortError`), and a panic becomes `styrkort.InternalError` instead of
//! unwinding into Python.

use std::panic::{catch_unwind, AssertUnwindSafe};

use pyo3::prelude::*;
use pyo3::types::PyDict;
use styrkort::Error;

use crate::validate::PyDiagnostic;

/// What can go wrong inside a call: the core's error, or a panic caught at
/// the boundary.
pub(crate) enum Failure {
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
pub(crate) fn guarded<T>(f: impl FnOnce() -> Result<T, Error>) -> Result<T, Failure> {
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
pub(crate) fn raise(py: Python<'_>, f: Failure) -> PyErr {
    match build_exception(py, &f, None) {
        Ok(e) | Err(e) => e,
    }
}

/// [`raise`] with the message prefixed by where in the arguments the
/// problem is (`periods[3]: invalid period …`); the attributes are the
/// core's, unchanged.
#[allow(clippy::needless_pass_by_value)] // callers hand over the failure
pub(crate) fn raise_at(py: Python<'_>, f: Failure, at: &str) -> PyErr {
    match build_exception(py, &f, Some(at)) {
        Ok(e) | Err(e) => e,
    }
}

pub(crate) fn build_exception(py: Python<'_>, f: &Failure, at: Option<&str>) -> PyResult<PyErr> {
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
                    ..
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
    let message = match at {
        Some(at) => format!("{at}: {message}"),
        None => message,
    };
    let exc = errors.getattr(class)?.call((message,), Some(&kw))?;
    Ok(PyErr::from_value(exc))
}

pub(crate) fn core<T>(py: Python<'_>, r: Result<T, Failure>) -> PyResult<T> {
    r.map_err(|f| raise(py, f))
}

pub(crate) fn unknown(py: Python<'_>, kind: &'static str, id: &str) -> PyErr {
    raise(
        py,
        Failure::Core(Error::UnknownId {
            kind,
            id: id.to_string(),
        }),
    )
}
