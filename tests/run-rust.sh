#!/usr/bin/env bash
# The Rust suite: the core's tests (incl. every conformance vector) and doctests.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --workspace --all-targets
cargo test --workspace --doc
# The main job of README.md runs on the example municipality without error.
cargo run --quiet --example scorecard -- examples/exempelkommun.json 2025T2 --no-color > /dev/null
