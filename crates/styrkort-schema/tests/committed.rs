//! The committed schema files equal what the Rust types generate
//! (`STYRKORT_BLESS=1` rewrites them), and they are well-formed draft
//! 2020-12 schemas. The vectors and the example are validated against them
//! by the Python suite (`bindings/python/tests/test_schema.py`, with the
//! `jsonschema` package).

#[test]
fn committed_schemas_match_the_types() {
    let root = styrkort_schema::repo_root();
    let bless = std::env::var_os("STYRKORT_BLESS").is_some();
    for (path, want) in styrkort_schema::files() {
        let file = root.join(path);
        if bless {
            std::fs::write(&file, &want).unwrap();
            continue;
        }
        let got = std::fs::read_to_string(&file).unwrap_or_default();
        assert!(
            got == want,
            "{path} differs from the schema the Rust types give; run `cargo run -p styrkort-schema` (or STYRKORT_BLESS=1) and review the diff"
        );
    }
}

#[test]
fn schemas_name_their_draft_and_format() {
    let model = styrkort::schema::model_schema();
    assert_eq!(
        model["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_eq!(model["properties"]["format"]["const"], "styrkort/1");
    assert_eq!(model["additionalProperties"], false);
    let eval = styrkort::schema::evaluation_schema();
    assert_eq!(
        eval["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_eq!(
        eval["properties"]["format"]["const"],
        "styrkort-evaluation/1"
    );
}
