//! `styrkort.Period` (the core's `period` module) and the period argument
//! every method takes as `Period`, `str` or `int`.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyString, PyTuple};
use styrkort::{Error, Period, PeriodKind};

use crate::errors::{core, raise, raise_at, Failure};

/// A period given as `Period`, `str` or `int` (a year).
pub(crate) fn period_arg(obj: &Bound<'_, PyAny>) -> PyResult<Period> {
    match period_of(obj)? {
        Ok(p) => Ok(p),
        Err(e) => Err(raise(obj.py(), Failure::Core(e))),
    }
}

/// A list of periods (any iterable of what [`period_arg`] takes, but not
/// a `str`, whose characters are no periods), in the order given. A bad
/// item is named by its position: `periods[3]: invalid period "2025T4": …`
/// (a `PeriodError`), or a `TypeError` for an item of the wrong type.
pub(crate) fn periods_arg(obj: &Bound<'_, PyAny>) -> PyResult<Vec<Period>> {
    if obj.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(
            "periods is a list of periods such as [\"2025-01\", \"2025T1\"], not one str",
        ));
    }
    let items = obj.try_iter().map_err(|_| {
        PyTypeError::new_err(format!(
            "periods is a list of periods such as [\"2025-01\", \"2025T1\"], not {}",
            type_name(obj)
        ))
    })?;
    let mut out = Vec::with_capacity(obj.len().unwrap_or(0));
    let py = obj.py();
    for (i, item) in items.enumerate() {
        match period_of(&item?) {
            Ok(Ok(p)) => out.push(p),
            Ok(Err(e)) => return Err(raise_at(py, Failure::Core(e), &format!("periods[{i}]"))),
            Err(e) if e.is_instance_of::<PyTypeError>(py) => {
                return Err(PyTypeError::new_err(format!(
                    "periods[{i}]: {}",
                    e.value(py)
                )))
            }
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

/// The period of `obj`: a `TypeError` for the wrong type (the outer
/// error), the core's error for text that is no period (the inner one).
fn period_of(obj: &Bound<'_, PyAny>) -> PyResult<Result<Period, Error>> {
    if let Ok(p) = obj.cast::<PyPeriod>() {
        return Ok(Ok(p.get().0));
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
            type_name(obj)
        )));
    };
    Ok(text.parse::<Period>())
}

/// The name of `obj`'s type, for a message.
fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map_or_else(|_| "this type".to_string(), |n| n.to_string())
}

/// A follow-up period: a year (`2025`), tertial (`2025T2`), quarter
/// (`2025Q3`) or month (`2025-08`).
#[pyclass(module = "styrkort", name = "Period", frozen, eq, ord, hash)]
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct PyPeriod(pub(crate) Period);

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
pub(crate) fn period_range(p: Period) -> Error {
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
