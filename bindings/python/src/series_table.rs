//! `styrkort.SeriesTable` (the core's `series_table` module): many
//! periods' statuses as columns, from `Model.series_table`, with its Arrow
//! tables (built in `arrow`) and pandas frames.

use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::PyTuple;
use styrkort::SeriesTable;

use crate::arrow::{self, PyTable, SERIES_TABLES};
use crate::errors::{core, guarded};
use crate::kolada::{comparison_from_pages, ComparisonInput};
use crate::model::{model_from_json, ModelInner};
use crate::period::{periods_arg, PyPeriod};

/// Many periods' indicator and goal statuses as columns (*utfallstabell*):
/// the core's `SeriesTable`, made by `Model.series_table`. Immutable.
#[pyclass(module = "styrkort", name = "SeriesTable", frozen)]
pub(crate) struct PySeriesTable {
    pub(crate) table: SeriesTable,
    /// The model it was made from and the comparison data it was given:
    /// what a pickle holds to make it again.
    pub(crate) model: Arc<ModelInner>,
    pub(crate) comparison: Option<Arc<ComparisonInput>>,
}

/// Makes a series table again from its pickled state: the model's JSON,
/// the periods, the tag and the comparison pages (`SeriesTable.__reduce__`).
#[pyfunction]
#[pyo3(signature = (model_json, periods, tag = None, comparison = None))]
pub(crate) fn _series_table_from_state(
    py: Python<'_>,
    model_json: &str,
    periods: &Bound<'_, PyAny>,
    tag: Option<String>,
    comparison: Option<Vec<String>>,
) -> PyResult<PySeriesTable> {
    let model = model_from_json(py, model_json)?;
    let periods = periods_arg(periods)?;
    let comparison = comparison
        .map(|pages| comparison_from_pages(py, pages))
        .transpose()?;
    PySeriesTable::compute(py, &model.inner, &periods, tag, comparison)
}

impl PySeriesTable {
    /// The table of `periods` on `model` (the GIL released while the
    /// engine runs), keeping what a pickle needs to make it again.
    pub(crate) fn compute(
        py: Python<'_>,
        model: &Arc<ModelInner>,
        periods: &[styrkort::Period],
        tag: Option<String>,
        comparison: Option<Arc<ComparisonInput>>,
    ) -> PyResult<Self> {
        let table = py.detach(|| model.series_table(periods, tag, comparison.as_deref()));
        Ok(Self {
            table: core(py, table)?,
            model: Arc::clone(model),
            comparison,
        })
    }
}

impl PySeriesTable {
    /// One of the two Arrow tables, built with the GIL released.
    fn arrow(&self, py: Python<'_>, name: &'static str) -> PyResult<PyTable> {
        let t = &self.table;
        let batch = core(
            py,
            py.detach(|| {
                guarded(|| {
                    if name == SERIES_TABLES[0] {
                        arrow::series_indicators(t)
                    } else {
                        arrow::series_goals(t)
                    }
                })
            }),
        )?;
        Ok(PyTable { name, batch })
    }
}

/// The pandas frame of one of the series table's Arrow tables, through
/// `styrkort._frames.frame` (as `Evaluation`'s frames).
fn frame<'py>(
    slf: &Bound<'py, PySeriesTable>,
    name: &'static str,
    decimals: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let py = slf.py();
    let t = slf.get().arrow(py, name)?;
    py.import("styrkort._frames")?
        .getattr("frame")?
        .call1((t, decimals))
}

#[pymethods]
impl PySeriesTable {
    /// The periods, in the order asked (repeats kept), as `Period`s.
    #[getter]
    fn periods(&self) -> Vec<PyPeriod> {
        self.table.periods.iter().copied().map(PyPeriod).collect()
    }

    /// The tag the rows are narrowed to, if any.
    #[getter]
    fn tag(&self) -> Option<&str> {
        self.table.tag.as_deref()
    }

    /// The number of indicator rows (every period's indicator-org results).
    #[getter]
    fn num_indicator_rows(&self) -> usize {
        self.table.indicators.len()
    }

    /// The number of goal rows (every period's goals).
    #[getter]
    fn num_goal_rows(&self) -> usize {
        self.table.goals.len()
    }

    /// One row per period and indicator-org result as Arrow data
    /// (`styrkort.Table` named `series_indicators`): `period`,
    /// `indicator`, `org` (dictionaries with `int32` keys: the periods
    /// asked, every indicator and org of the model), `value`, `target`
    /// (`decimal128(38, 12)`), `achievement` (`decimal128(38, 4)`),
    /// `consolidated`, `status` (ordered dictionary), `trend`, `arrow`,
    /// `forecast`. Each period's rows are its evaluation's indicator
    /// results, in the same order.
    fn indicators_table(&self, py: Python<'_>) -> PyResult<PyTable> {
        self.arrow(py, SERIES_TABLES[0])
    }

    /// One row per period and goal as Arrow data (`styrkort.Table` named
    /// `series_goals`): `period`, `goal` (dictionaries with `int32` keys),
    /// `status`, `computed_status` (ordered dictionaries), `score`
    /// (`decimal128(38, 4)`), `manual`, `forecast`. Each period's rows are
    /// its evaluation's goals, in the same order.
    fn goals_table(&self, py: Python<'_>) -> PyResult<PyTable> {
        self.arrow(py, SERIES_TABLES[1])
    }

    /// `indicators_table()` as a pandas frame (pandas and pyarrow: `pip
    /// install styrkort[pandas]`): ids, period, statuses, trends and
    /// arrows are categoricals; `decimals` as in
    /// `Evaluation.indicators_frame` (`"arrow"`, `"object"`, `"float"`).
    #[pyo3(signature = (*, decimals = "arrow"))]
    fn indicators_frame<'py>(
        slf: &Bound<'py, Self>,
        decimals: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        frame(slf, SERIES_TABLES[0], decimals)
    }

    /// `goals_table()` as a pandas frame (`decimals` as in
    /// `indicators_frame`).
    #[pyo3(signature = (*, decimals = "arrow"))]
    fn goals_frame<'py>(slf: &Bound<'py, Self>, decimals: &str) -> PyResult<Bound<'py, PyAny>> {
        frame(slf, SERIES_TABLES[1], decimals)
    }

    /// The core's `styrkort-series-table/1` document: the periods, the
    /// tag, the dictionaries (`indicator_ids`, `org_ids`, `goal_ids`), then
    /// the rows column by column (`indicators`, `goals`; ids as codes into
    /// the dictionaries, decimals as normalised strings, `null` when
    /// absent). Compact, built with the GIL released.
    fn to_json(&self, py: Python<'_>) -> String {
        let t = &self.table;
        py.detach(|| t.to_json())
    }

    fn __repr__(&self) -> String {
        let t = &self.table;
        let tag = t
            .tag
            .as_ref()
            .map(|t| format!(" tag={t}"))
            .unwrap_or_default();
        format!(
            "<styrkort.SeriesTable {} periods{}: {} indicator rows, {} goal rows>",
            t.periods.len(),
            tag,
            t.indicators.len(),
            t.goals.len()
        )
    }

    /// Pickles as the model's JSON, the periods, the tag and the
    /// comparison pages; unpickling computes the table again (as
    /// `Evaluation` does), which gives the same table.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let f = py
            .import("styrkort._native")?
            .getattr("_series_table_from_state")?;
        let m = &self.model.model;
        let text = py.detach(|| m.to_json_compact());
        let periods: Vec<String> = self.table.periods.iter().map(ToString::to_string).collect();
        let pages = self.comparison.as_ref().map(|c| c.pages.clone());
        (f, (text, periods, self.table.tag.clone(), pages)).into_pyobject(py)
    }
}
