//! The report's tests: escaping, the DOM marks, determinism and the golden files.
