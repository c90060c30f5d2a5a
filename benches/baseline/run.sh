#!/usr/bin/env bash
# Runs the pandas baseline against styrkort on one generated model:
#   bash benches/baseline/run.sh [SCALE] [PERIOD] [--series]   (default: small 2025T2)
# (--series: also the 16 periods of 2025, the pandas loop against
# Model.series_table; any argument after PERIOD goes to compare.py)
# Creates a venv under the cargo target dir, installs pandas and maturin,
# builds the styrkort Python package in release mode, generates the model
# and runs compare.py (same statuses? timings and ratio).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD"
SCALE="${1:-small}"
PERIOD="${2:-2025T2}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
VENV="$CARGO_TARGET_DIR/baseline-venv"
if [ ! -x "$VENV/bin/python" ]; then
  "${PYTHON:-python3}" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
  'pandas>=2,<4' 'pyarrow>=14' 'maturin>=1.16,<1.17'
rm -rf "$CARGO_TARGET_DIR/baseline-wheels"
(cd bindings/python && "$VENV/bin/maturin" build --release --quiet -o "$CARGO_TARGET_DIR/baseline-wheels")
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps \
  "$CARGO_TARGET_DIR"/baseline-wheels/*.whl
MODEL="$CARGO_TARGET_DIR/baseline-$SCALE.json"
cargo run --release --quiet -p styrkort-benches --bin generate -- --scale "$SCALE" --seed 1 --out "$MODEL"
"$VENV/bin/python" benches/baseline/compare.py "$MODEL" "$PERIOD" "${@:3}"
