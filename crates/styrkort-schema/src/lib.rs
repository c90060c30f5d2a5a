//! The JSON Schemas (draft 2020-12) of `styrkort/1` and
//! `styrkort-evaluation/1` as committed under `schema/`, generated from the
//! Rust types (`styrkort::schema`, the core's `schema` feature).
//!
//! `cargo run -p styrkort-schema` rewrites the files; the crate's test
//! fails when they differ from what the types give (CI runs it), so the
//! published schema never drifts from the code.

use std::path::{Path, PathBuf};

/// The committed files, relative to the repository root, with their text.
pub fn files() -> Vec<(&'static str, String)> {
    vec![
        (
            "schema/styrkort-1.schema.json",
            styrkort::schema::to_file_text(&styrkort::schema::model_schema()),
        ),
        (
            "schema/styrkort-evaluation-1.schema.json",
            styrkort::schema::to_file_text(&styrkort::schema::evaluation_schema()),
        ),
    ]
}

/// The repository root (two levels above this crate).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}
