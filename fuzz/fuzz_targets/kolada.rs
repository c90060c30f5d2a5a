//! Kolada payloads: data pages, KPI metadata pages, several pages at once,
//! unit guessing from titles, the comparison group, and applying a page to
//! a fixed model under each conflict policy (atomic on failure; the model
//! changes exactly when the report says so).
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use styrkort::kolada::{self, ComparisonData, ConflictPolicy, Place};
use styrkort::{Direction, Error, KoladaSource, Model, OrgId};

/// The model of the Kolada fixtures: indicators with `source.kolada`.
fn base_model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| {
        Model::from_json(include_str!("../../tests/fixtures/kolada/model.json"))
            .expect("the fixture model reads")
    })
}

fn is_json_error(e: &Error) -> bool {
    matches!(e, Error::Json { .. })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = kolada::unit_from_title(text);

    match kolada::parse_kpis(text) {
        Ok(page) => {
            for meta in &page.kpis {
                let _ = kolada::unit_from_title(&meta.title);
                let ind = kolada::indicator_from_kpi(
                    meta,
                    OrgId::from("kf"),
                    Place::Municipality("0114".into()),
                );
                assert_eq!(ind.id.as_str(), meta.id);
            }
        }
        Err(e) => assert!(is_json_error(&e), "{e:?}"),
    }

    // Several pages: split at NUL bytes (absent from JSON text).
    let pages: Vec<&str> = text.split('\0').collect();
    if pages.len() > 1 {
        if let Err(e) = kolada::parse_data_pages(pages.iter().copied()) {
            assert!(is_json_error(&e), "{e:?}");
        }
    }

    let page = match kolada::parse_data(text) {
        Ok(page) => page,
        Err(e) => {
            assert!(is_json_error(&e), "{e:?}");
            return;
        }
    };
    let comparison = ComparisonData::from_rows(&page.rows);
    for row in page.rows.iter().take(8) {
        let _ = row.place().to_string();
        if let Some(municipality) = &row.municipality {
            let source = KoladaSource {
                kpi: row.kpi.clone(),
                municipality: Some(municipality.clone()),
                ou: None,
            };
            for direction in [Direction::HigherIsBetter, Direction::LowerIsBetter] {
                if let Some(c) = comparison.compare_source(&source, direction, row.period) {
                    assert!(c.rank >= 1 && c.rank <= c.group_size);
                    assert!(c.lower_quartile <= c.median && c.median <= c.upper_quartile);
                }
            }
        }
    }

    for policy in [
        ConflictPolicy::Keep,
        ConflictPolicy::Replace,
        ConflictPolicy::Error,
    ] {
        let mut model = base_model().clone();
        match model.apply_kolada(&page.rows, policy) {
            Ok(report) => {
                let _ = report.to_json();
                assert_eq!(
                    &model != base_model(),
                    report.modified(),
                    "the report and the model disagree on whether it changed"
                );
            }
            Err(e) => {
                assert_eq!(
                    &model,
                    base_model(),
                    "a failed apply changed the model: {e}"
                );
            }
        }
    }
});
