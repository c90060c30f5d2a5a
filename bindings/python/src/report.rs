//! HTML reports (`styrkort-report`) for notebooks and files: what
//! `Evaluation._repr_html_`, `Scorecard._repr_html_`,
//! `Evaluation.report_html` and `Evaluation.write_report` call.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use styrkort_report::{Language, Options, Report, ReportError};

use crate::errors::{raise, Failure};
use crate::evaluation::EvalInner;

/// `sv` or `en`.
fn language(lang: &str) -> PyResult<Language> {
    match lang {
        "sv" => Ok(Language::Sv),
        "en" => Ok(Language::En),
        other => Err(PyValueError::new_err(format!(
            "lang must be \"sv\" or \"en\", not {other:?}"
        ))),
    }
}

fn report_error(py: Python<'_>, e: ReportError) -> PyErr {
    match e {
        ReportError::Core(e) => raise(py, Failure::Core(e)),
        other => PyValueError::new_err(other.to_string()),
    }
}

/// What to render.
pub(crate) enum Page<'a> {
    /// The whole document.
    Document,
    /// The overview as an embeddable `<div>`.
    Fragment,
    /// One scorecard as an embeddable `<div>`.
    Scorecard(&'a str),
}

/// Renders `page` of the evaluation in `lang`, without the GIL.
pub(crate) fn render(
    py: Python<'_>,
    inner: &EvalInner,
    page: &Page<'_>,
    lang: &str,
) -> PyResult<String> {
    let options = Options {
        language: language(lang)?,
        ..Options::default()
    };
    let (model, eval) = (&inner.model.model, &inner.eval);
    py.detach(|| {
        let r = Report::new(model, eval, options)?;
        Ok(match page {
            Page::Document => r.document(),
            Page::Fragment => r.fragment(),
            Page::Scorecard(org) => r.scorecard_fragment(org)?,
        })
    })
    .map_err(|e| report_error(py, e))
}
