//! Values across the boundary: decimals as `decimal.Decimal` built from the
//! core's normalised text (never through `float`), statuses, perspectives,
//! levels, trends and severities as the str-valued enums of
//! `styrkort._enums`, and parts of the evaluation document as dicts.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyType;
use rust_decimal::Decimal;
use styrkort::{Level, Perspective, Severity, Status, Trend};

pub(crate) static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// `decimal.Decimal` of the core's normalised text.
pub(crate) fn dec(py: Python<'_>, d: Decimal) -> PyResult<Bound<'_, PyAny>> {
    DECIMAL
        .import(py, "decimal", "Decimal")?
        .call1((styrkort::json::normalised(d),))
}

/// `decimal.Decimal` or `None`.
pub(crate) fn opt_dec(py: Python<'_>, d: Option<Decimal>) -> PyResult<Bound<'_, PyAny>> {
    match d {
        Some(d) => dec(py, d),
        None => Ok(py.None().into_bound(py)),
    }
}

/// The members of one of the enums of `styrkort._enums`, in the order of `names`.
pub(crate) fn enum_member<'py>(
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

pub(crate) static STATUS: PyOnceLock<Vec<Py<PyAny>>> = PyOnceLock::new();
pub(crate) static PERSPECTIVE: PyOnceLock<Vec<Py<PyAny>>> = PyOnceLock::new();
pub(crate) static LEVEL: PyOnceLock<Vec<Py<PyAny>>> = PyOnceLock::new();
pub(crate) static TREND: PyOnceLock<Vec<Py<PyAny>>> = PyOnceLock::new();
pub(crate) static SEVERITY: PyOnceLock<Vec<Py<PyAny>>> = PyOnceLock::new();

pub(crate) const STATUS_NAMES: [&str; 5] = [
    Status::ALL[0].as_str(),
    Status::ALL[1].as_str(),
    Status::ALL[2].as_str(),
    Status::ALL[3].as_str(),
    Status::ALL[4].as_str(),
];
pub(crate) const PERSPECTIVE_NAMES: [&str; 4] = [
    Perspective::ALL[0].as_str(),
    Perspective::ALL[1].as_str(),
    Perspective::ALL[2].as_str(),
    Perspective::ALL[3].as_str(),
];
pub(crate) const LEVELS: [Level; 3] = [Level::Council, Level::Board, Level::Operational];
pub(crate) const LEVEL_NAMES: [&str; 3] =
    [LEVELS[0].as_str(), LEVELS[1].as_str(), LEVELS[2].as_str()];
pub(crate) const TRENDS: [Trend; 4] = [
    Trend::Improving,
    Trend::Unchanged,
    Trend::Worsening,
    Trend::Unknown,
];
pub(crate) const TREND_NAMES: [&str; 4] = [
    TRENDS[0].as_str(),
    TRENDS[1].as_str(),
    TRENDS[2].as_str(),
    TRENDS[3].as_str(),
];
pub(crate) const SEVERITY_NAMES: [&str; 2] = [Severity::Error.as_str(), Severity::Warning.as_str()];

pub(crate) fn py_status(py: Python<'_>, s: Status) -> PyResult<Bound<'_, PyAny>> {
    enum_member(py, &STATUS, "Status", &STATUS_NAMES, s.index())
}

pub(crate) fn py_perspective(py: Python<'_>, p: Perspective) -> PyResult<Bound<'_, PyAny>> {
    enum_member(
        py,
        &PERSPECTIVE,
        "Perspective",
        &PERSPECTIVE_NAMES,
        p.index(),
    )
}

pub(crate) fn level_index(l: Level) -> usize {
    LEVELS.iter().position(|x| *x == l).unwrap_or_default()
}

pub(crate) fn py_level(py: Python<'_>, l: Level) -> PyResult<Bound<'_, PyAny>> {
    enum_member(py, &LEVEL, "Level", &LEVEL_NAMES, level_index(l))
}

pub(crate) fn trend_index(t: Trend) -> usize {
    TRENDS.iter().position(|x| *x == t).unwrap_or_default()
}

pub(crate) fn py_trend(py: Python<'_>, t: Trend) -> PyResult<Bound<'_, PyAny>> {
    enum_member(py, &TREND, "Trend", &TREND_NAMES, trend_index(t))
}

pub(crate) fn py_severity(py: Python<'_>, s: Severity) -> PyResult<Bound<'_, PyAny>> {
    let i = usize::from(s == Severity::Warning);
    enum_member(py, &SEVERITY, "Severity", &SEVERITY_NAMES, i)
}

/// `json.loads` through `styrkort._json.loads` (decimal fields as `Decimal` or `str`).
pub(crate) fn json_to_py<'py>(
    py: Python<'py>,
    text: &str,
    decimal: bool,
) -> PyResult<Bound<'py, PyAny>> {
    py.import("styrkort._json")?
        .getattr("loads")?
        .call1((text, decimal))
}

pub(crate) fn target_kind_str(k: styrkort::TargetKind) -> &'static str {
    match k {
        styrkort::TargetKind::Value => "value",
        styrkort::TargetKind::Improve => "improve",
        styrkort::TargetKind::Rank => "rank",
    }
}

/// Serialises one part of an evaluation to a Python dict through the core's serde.
pub(crate) fn part_to_dict<'py, T: serde::Serialize>(
    py: Python<'py>,
    part: &T,
    decimal: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let text = serde_json::to_string(part).unwrap_or_default();
    json_to_py(py, &text, decimal)
}
