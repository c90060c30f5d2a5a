#!/usr/bin/env bash
# The Rust suite: the core's tests (incl. every conformance vector) and doctests.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --workspace --all-targets
cargo test --workspace --doc
