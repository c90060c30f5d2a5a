//! What the series tests walk: the periods of 2025, and every conformance
//! vector's compiled model with its periods and options.

use std::fs;
use std::path::Path;
use std::sync::Arc;

use styrkort::kolada::{self, ComparisonData};
use styrkort::{Compiled, EvalOptions, Model, Period};

/// Every month, tertial and the year of 2025, and two periods of 2024.
pub fn periods_2025() -> Vec<Period> {
    let mut names: Vec<String> = (1..=12).map(|m| format!("2025-{m:02}")).collect();
    names.extend(["2025T1", "2025T2", "2025T3", "2025", "2024T3", "2024"].map(String::from));
    names.iter().map(|p| p.parse().unwrap()).collect()
}

/// One valid conformance vector, ready for a series.
pub struct VectorCase {
    /// The vector's directory, for messages.
    pub name: String,
    pub compiled: Arc<Compiled>,
    /// [`periods_2025`], then the vector's own period, the one before it
    /// and the one a year earlier.
    pub periods: Vec<Period>,
    /// The vector's tag and comparison data, if it has them.
    pub options: EvalOptions,
}

/// Every conformance vector of a valid model (windows, consolidation,
/// forecasts, improve and change targets, rank targets with their
/// comparison data, assessments, activities, validities, tags).
pub fn vector_cases() -> Vec<VectorCase> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors");
    let mut cases = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let dir = entry.unwrap().path();
        let Ok(text) = fs::read_to_string(dir.join("model.json")) else {
            continue;
        };
        let Ok(compiled) = Model::from_json(&text).and_then(|m| m.compile()) else {
            continue; // a vector of an invalid model
        };
        let mut periods = periods_2025();
        if let Ok(p) = fs::read_to_string(dir.join("period.txt")) {
            let p: Period = p.trim().parse().unwrap();
            periods.extend([
                p,
                p.checked_previous().unwrap(),
                p.checked_year_earlier().unwrap(),
            ]);
        }
        let tag = fs::read_to_string(dir.join("tag.txt"))
            .ok()
            .map(|t| t.trim().to_string());
        let comparison = fs::read_to_string(dir.join("comparison.json"))
            .ok()
            .map(|t| ComparisonData::from_rows(&kolada::parse_data(&t).unwrap().rows));
        cases.push(VectorCase {
            name: dir.display().to_string(),
            compiled: Arc::new(compiled),
            periods,
            options: EvalOptions { tag, comparison },
        });
    }
    cases
}
