//! Kolada (the core's `kolada` module): the comparison with similar
//! municipalities (`styrkort.Comparison` and the `comparison` argument of
//! an evaluation) and indicators made from KPI metadata.

use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::PyString;
use styrkort::kolada::{Comparison, ComparisonData};
use styrkort::{Direction, Error, OrgId};

use crate::conversions::{dec, json_to_py, part_to_dict};
use crate::errors::{core, guarded};

/// Comparison data for an evaluation (*jämförelsekommuner*): the Kolada
/// data pages it was read from (kept so that an evaluation pickles) and
/// the core's parsed form.
pub(crate) struct ComparisonInput {
    pub(crate) pages: Vec<String>,
    pub(crate) data: ComparisonData,
}

impl ComparisonInput {
    /// Parses Kolada data pages with the core (`parse_data_pages`).
    fn parse(pages: Vec<String>) -> Result<Self, Error> {
        let rows = styrkort::kolada::parse_data_pages(pages.iter().map(String::as_str))?;
        let data = ComparisonData::from_rows(&rows);
        Ok(Self { pages, data })
    }
}

/// The `comparison` argument: `None`, a Kolada data page (JSON text or a
/// dict), a list of page texts, or the rows of `styrkort.kolada.fetch_values`;
/// `styrkort._json.comparison_pages` turns each into page texts.
pub(crate) fn comparison_arg(
    py: Python<'_>,
    payload: Option<&Bound<'_, PyAny>>,
) -> PyResult<Option<Arc<ComparisonInput>>> {
    let Some(payload) = payload.filter(|p| !p.is_none()) else {
        return Ok(None);
    };
    let pages: Vec<String> = py
        .import("styrkort._json")?
        .getattr("comparison_pages")?
        .call1((payload,))?
        .extract()?;
    comparison_from_pages(py, pages).map(Some)
}

pub(crate) fn comparison_from_pages(
    py: Python<'_>,
    pages: Vec<String>,
) -> PyResult<Arc<ComparisonInput>> {
    let input = py.detach(|| guarded(|| ComparisonInput::parse(pages)));
    core(py, input).map(Arc::new)
}

pub(crate) fn direction_str(d: Direction) -> &'static str {
    match d {
        Direction::HigherIsBetter => "higher_is_better",
        Direction::LowerIsBetter => "lower_is_better",
    }
}

/// Where a municipality stands in its comparison group (*jämförelsegrupp*)
/// for one KPI and year, as the core computes it.
#[pyclass(module = "styrkort", name = "Comparison", frozen, eq)]
#[derive(PartialEq)]
pub(crate) struct PyComparison(pub(crate) Comparison);

#[pymethods]
impl PyComparison {
    /// The municipality compared (a code such as `0114`).
    #[getter]
    fn municipality(&self) -> &str {
        &self.0.municipality
    }

    /// Its value in the comparison data.
    #[getter]
    fn value<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        dec(py, self.0.value)
    }

    /// `higher_is_better` or `lower_is_better`: the indicator's direction,
    /// used for rank, best, worst and the quartile flags.
    #[getter]
    fn direction(&self) -> &'static str {
        direction_str(self.0.direction)
    }

    /// 1 = best by direction; tied values share the best rank.
    #[getter]
    fn rank(&self) -> usize {
        self.0.rank
    }

    /// How many municipalities have a value (the municipality included).
    #[getter]
    fn group_size(&self) -> usize {
        self.0.group_size
    }

    /// The 25th percentile (linear interpolation, type 7).
    #[getter]
    fn lower_quartile<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        dec(py, self.0.lower_quartile)
    }

    /// The median.
    #[getter]
    fn median<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        dec(py, self.0.median)
    }

    /// The 75th percentile (linear interpolation, type 7).
    #[getter]
    fn upper_quartile<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        dec(py, self.0.upper_quartile)
    }

    /// The best value in the group, by direction.
    #[getter]
    fn best<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        dec(py, self.0.best)
    }

    /// The worst value in the group, by direction.
    #[getter]
    fn worst<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        dec(py, self.0.worst)
    }

    /// Whether the municipality is in the best quartile.
    #[getter]
    fn best_quartile(&self) -> bool {
        self.0.best_quartile
    }

    /// Whether the municipality is in the worst quartile.
    #[getter]
    fn worst_quartile(&self) -> bool {
        self.0.worst_quartile
    }

    /// The `comparison` entry of the evaluation document.
    #[pyo3(signature = (*, decimal = true))]
    fn to_dict<'py>(&self, py: Python<'py>, decimal: bool) -> PyResult<Bound<'py, PyAny>> {
        part_to_dict(py, &self.0, decimal)
    }

    fn __repr__(&self) -> String {
        let c = &self.0;
        let n = styrkort::json::normalised;
        format!(
            "<Comparison {} rank {} of {}: value={} median={} quartiles=[{}, {}]{}>",
            c.municipality,
            c.rank,
            c.group_size,
            n(c.value),
            n(c.median),
            n(c.lower_quartile),
            n(c.upper_quartile),
            if c.best_quartile {
                " best quartile"
            } else if c.worst_quartile {
                " worst quartile"
            } else {
                ""
            }
        )
    }
}

/// Makes an indicator definition (a dict in the `styrkort/1` shape) from
/// Kolada KPI metadata (a dict of `styrkort.kolada.fetch_kpis`, or JSON
/// text of one KPI or a page of one), by the core's
/// `kolada::indicator_from_kpi`: id and `source.kolada.kpi` the KPI id,
/// name and description from the metadata, unit guessed from the title,
/// direction higher-is-better (left out of the dict, being the default:
/// set `direction` by hand where less is better), no targets or
/// measurements. Exactly one of `municipality` (a code such as `"0114"`)
/// and `ou` names the place.
#[pyfunction]
#[pyo3(signature = (meta, owner, *, municipality = None, ou = None))]
pub(crate) fn kolada_indicator<'py>(
    py: Python<'py>,
    meta: &Bound<'py, PyAny>,
    owner: &str,
    municipality: Option<String>,
    ou: Option<String>,
) -> PyResult<Bound<'py, PyAny>> {
    let place = match (municipality, ou) {
        (Some(m), None) => styrkort::kolada::Place::Municipality(m),
        (None, Some(u)) => styrkort::kolada::Place::Ou(u),
        _ => {
            return Err(pyo3::exceptions::PyValueError::new_err(
                "give exactly one of municipality (a code such as \"0114\") or ou",
            ))
        }
    };
    let owner = OrgId::new(owner)
        .ok_or_else(|| pyo3::exceptions::PyValueError::new_err("owner: an org id is not empty"))?;
    let text: String = if let Ok(s) = meta.cast::<PyString>() {
        s.to_cow()?.into_owned()
    } else {
        py.import("styrkort._json")?
            .getattr("dumps")?
            .call1((vec![meta], false))?
            .extract()?
    };
    // A page (envelope or array) or, as text, one bare KPI object.
    let page = core(
        py,
        guarded(|| {
            styrkort::kolada::parse_kpis(&text)
                .or_else(|e| styrkort::kolada::parse_kpis(&format!("[{text}]")).map_err(|_| e))
        }),
    )?;
    let [kpi] = <[styrkort::kolada::KpiMeta; 1]>::try_from(page.kpis).map_err(|v| {
        pyo3::exceptions::PyValueError::new_err(format!(
            "expected the metadata of one KPI, found {}",
            v.len()
        ))
    })?;
    let indicator = styrkort::kolada::indicator_from_kpi(&kpi, owner, place);
    let json = serde_json::to_string(&indicator).unwrap_or_default();
    json_to_py(py, &json, true)
}
