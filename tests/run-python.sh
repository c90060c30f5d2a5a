#!/usr/bin/env bash
# The Python suite: builds the `styrkort` package into .venv (maturin
# develop), then mypy --strict on the package and the typed example, pytest
# (conformance vectors, round trips, errors, Arrow tables read by pyarrow,
# polars and DuckDB, pandas, pickling, threads,
# the incremental engine, comparison groups, hypothesis), the Dask example
# (examples/dask: a LocalCluster of 2 workers) and the notebook,
# executed headless with nbclient and STYRKORT_OFFLINE=1 (it never touches
# the internet here).
# Needs only CPython >= 3.9 with pip and Rust; installs the rest itself.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
PY="${PYTHON:-python3}"

if [ ! -x .venv/bin/python ]; then
  echo "--> creating .venv"
  "$PY" -m venv .venv
fi
export VIRTUAL_ENV="$ROOT/.venv"
export PATH="$VIRTUAL_ENV/bin:$PATH"

echo "--> installing the Python test tools"
python -m pip install --quiet --disable-pip-version-check \
  'maturin>=1.16,<1.17' 'pytest>=8,<10' 'hypothesis>=6,<7' 'pandas>=2,<4' \
  'pandas-stubs>=2,<4' 'mypy>=1.10,<2' 'nbclient>=0.10,<1' 'nbformat>=5,<6' \
  'ipykernel>=6,<8' 'matplotlib>=3.8,<4' 'pyarrow>=14' 'polars>=1' 'duckdb>=1' \
  'dask[distributed]>=2024'

echo "--> maturin develop (debug build)"
# The debug build is a few seconds faster to compile and fast enough for the
# tests; `maturin build --release` makes the distributable abi3 wheel.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
(cd bindings/python && maturin develop --quiet)

echo "--> mypy --strict (package, stubs, typed example) and stubtest (stubs = runtime)"
python -m mypy --strict bindings/python/python/styrkort bindings/python/examples/typed_example.py
python -m mypy.stubtest styrkort._native

echo "--> pytest"
set +e
python -m pytest -q -p no:cacheprovider bindings/python/tests
rc=$?
set -e
if [ "$rc" -ne 0 ]; then
  echo "pytest failed (exit $rc; 5 means no test was collected)" >&2
  exit "$rc"
fi

echo "--> the Dask example (examples/dask: a LocalCluster of 2 worker processes)"
# A process of its own: importing dask.distributed installs tblib's
# exception pickling, which changes how the other tests' exceptions pickle.
set +e
python -m pytest -q -p no:cacheprovider examples/dask
rc=$?
set -e
if [ "$rc" -ne 0 ]; then
  echo "pytest (examples/dask) failed (exit $rc; 5 means no test was collected)" >&2
  exit "$rc"
fi

echo "--> notebook (nbclient, headless, offline: Kolada from tests/fixtures/kolada)"
STYRKORT_OFFLINE=1 MPLBACKEND=Agg python - <<'PYEOF'
import nbformat
from nbclient import NotebookClient

path = "examples/notebooks/styrkort-exempel.ipynb"
nb = nbformat.read(path, as_version=4)
NotebookClient(nb, timeout=120, kernel_name="python3",
               resources={"metadata": {"path": "examples/notebooks"}}).execute()
print(f"{path}: {len(nb.cells)} cells executed")
PYEOF
