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
//! refuses `float`), `load`, and the pandas frames built from the Arrow
//! tables this module returns.
//!
//! One module per Python class family, named after the part of the core it
//! mirrors (as huggingface/tokenizers lays out its `bindings/python/src`):
//! `period`, `model` (with `validate` for diagnostics),
//! `evaluation` (and its results), `scorecard` (balance and dialogue),
//! `engine` (incremental), `kolada` (comparison, KPI metadata),
//! `series_table` (many periods as columns), `arrow` (the evaluation's
//! and the series table's tables as Arrow record batches); the
//! shared `conversions` and `errors`. This file only registers them.
#![deny(missing_docs)]

mod arrow;
mod conversions;
mod engine;
mod errors;
mod evaluation;
mod kolada;
mod model;
mod period;
mod report;
mod scorecard;
mod series_table;
mod validate;
mod whatif;

use pyo3::prelude::*;

/// Rust's allocations in this module (never Python's) go to mimalloc: at
/// national scale an evaluation is a third faster than on glibc's malloc,
/// loading and JSON half again as fast (`benches/README.md`, issue 12).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use styrkort::{Perspective, Status};

use conversions::{LEVEL_NAMES, PERSPECTIVE_NAMES, STATUS_NAMES, TREND_NAMES};
use engine::{_engine_from_state, PyEngine, PyUpdate};
use evaluation::{
    _evaluation_from_state, PyEvaluation, PyGoalItem, PyGoalResult, PyIndicatorResult, PyPlanResult,
};
use kolada::{kolada_indicator, PyComparison};
use model::{_model_from_json, PyModel};
use period::PyPeriod;
use scorecard::{PyDialogueBrief, PyPerspectiveBalance, PyScorecard};
use series_table::PySeriesTable;
use validate::{_diagnostic, PyDiagnostic};
use whatif::PyWhatIf;

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
    m.add_class::<arrow::PyTable>()?;
    m.add_class::<PySeriesTable>()?;
    m.add_class::<PyUpdate>()?;
    m.add_class::<PyWhatIf>()?;
    m.add_function(wrap_pyfunction!(kolada_indicator, m)?)?;
    m.add_function(wrap_pyfunction!(_engine_from_state, m)?)?;
    m.add_function(wrap_pyfunction!(_model_from_json, m)?)?;
    m.add_function(wrap_pyfunction!(_evaluation_from_state, m)?)?;
    m.add_function(wrap_pyfunction!(series_table::_series_table_from_state, m)?)?;
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
    m.add("DECIMAL_KEYS", styrkort::json::DECIMAL_KEYS.to_vec())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
