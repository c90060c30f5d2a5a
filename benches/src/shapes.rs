//! Models that are deep, circular or wide rather than realistic: the shapes
//! a hostile or careless caller can send (issue 11). Each is tiny in every
//! other respect, so a bench of it times only how the engine copes with
//! the shape.
//!
//! ```
//! use styrkort_benches::shapes;
//! let chain = styrkort::Model::from_json(&shapes::deep_chain(1_000)).unwrap();
//! assert_eq!(chain.organisation.len(), 1_001);
//! assert!(chain.validate().is_empty());
//! let cycle = styrkort::Model::from_json(&shapes::parent_cycle(1_000)).unwrap();
//! assert_eq!(cycle.validate()[0].code, "org_cycle");
//! let wide = styrkort::Model::from_json(&shapes::wide_tree(1_000)).unwrap();
//! assert!(wide.validate().is_empty());
//! ```

use std::fmt::Write as _;

/// The head of a model with council `kf` and board `o0` under it.
const HEAD: &str = r#"{"format": "styrkort/1", "organisation": [
{"id": "kf", "name": "Kommunfullmäktige", "kind": "council"},
{"id": "o0", "name": "Nämnd", "kind": "board", "parent": "kf"}"#;

/// One indicator `ind` owned by `kf`, consolidation `sum`, a 2025 target of
/// `target`, and the given measurements.
fn indicator(target: usize, measurements: &str) -> String {
    format!(
        r#"], "indicators": [{{"id": "ind", "name": "Antal", "owner": "kf",
"consolidation": "sum", "targets": [{{"period": "2025", "value": "{target}"}}],
"measurements": [{measurements}]}}]}}"#
    )
}

/// The issue's deep chain: council `kf`, board `o0` under it, units
/// `o1…o(n-1)` each the parent of the next, one indicator owned by `kf`
/// with consolidation `sum`, a target for 2025 and one measurement (1) at
/// the deepest unit. Valid, without diagnostics; its 2025 sum at `kf` is 1.
///
/// # Panics
/// If `n` is 0.
pub fn deep_chain(n: usize) -> String {
    assert!(n > 0, "a chain has at least the board");
    let mut s = String::with_capacity(n * 72 + 512);
    s.push_str(HEAD);
    for k in 1..n {
        let _ = write!(
            s,
            ",\n{{\"id\": \"o{k}\", \"name\": \"Enhet {k}\", \"kind\": \"unit\", \"parent\": \"o{}\"}}",
            k - 1
        );
    }
    s.push_str(&indicator(
        1,
        &format!(r#"{{"period": "2025", "org": "o{}", "value": "1"}}"#, n - 1),
    ));
    s
}

/// A parent cycle of `n` units: `o0 → o1 → … → o(n-1) → o0`. Validation
/// reports one `org_cycle` error, and evaluation refuses the model.
pub fn parent_cycle(n: usize) -> String {
    let mut s = String::with_capacity(n * 64 + 64);
    s.push_str(r#"{"format": "styrkort/1", "organisation": ["#);
    for k in 0..n {
        if k > 0 {
            s.push_str(",\n");
        }
        let _ = write!(
            s,
            "{{\"id\": \"o{k}\", \"name\": \"Enhet {k}\", \"kind\": \"unit\", \"parent\": \"o{}\"}}",
            (k + 1) % n
        );
    }
    s.push_str("]}");
    s
}

/// A wide tree: council `kf`, board `o0` and `n` units `u0…u(n-1)` all
/// directly under `o0`; the indicator of [`deep_chain`] measured (1) at
/// every unit, so its 2025 sum at `kf` is `n` against a target of `n`.
/// Valid, without diagnostics.
pub fn wide_tree(n: usize) -> String {
    let mut s = String::with_capacity(n * 128 + 512);
    s.push_str(HEAD);
    let mut m = String::with_capacity(n * 56);
    for k in 0..n {
        let _ = write!(
            s,
            ",\n{{\"id\": \"u{k}\", \"name\": \"Enhet {k}\", \"kind\": \"unit\", \"parent\": \"o0\"}}"
        );
        if k > 0 {
            m.push_str(",\n");
        }
        let _ = write!(m, r#"{{"period": "2025", "org": "u{k}", "value": "1"}}"#);
    }
    s.push_str(&indicator(n, &m));
    s
}
