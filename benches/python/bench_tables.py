"""Times the Python side of issues 12 and 13: loading a model, evaluating it
(the first call, which validates and compiles, and again on the compiled
model the first call kept), a series of periods, the evaluation's Arrow
tables, and the pandas frames built from them.

    python benches/python/bench_tables.py MODEL.json [PERIOD] [--repeat N]
        [--load-repeat N] [--no-str] [--series] [--rust BIN]

Needs the release build of the package (``cd bindings/python && maturin
develop --release``), pyarrow and pandas (polars optional). Prints one line
per step with the best of N runs (wall clock, ``time.perf_counter``; the
previous result is freed outside the timing, as Rust's ``scale`` does); the
figures go to benches/README.md by hand. Not run in CI.

``--series`` times ``Model.evaluate_series`` of the 16 periods of 2025 (the
twelve months, three tertials and the year) on the compiled model.
``--rust BIN`` runs Rust's ``scale`` binary (``cargo build --release -p
styrkort-benches --bin scale``; ``target/release/scale``) on the same model
and period after the Python figures, with the Python model freed first, and
prints Python / Rust for the evaluation of the compiled model (issue 12:
within 1.2×) and for the series. ``--no-str`` leaves out the old loading
path through a Python ``str`` (at the national scale it costs a 0.9 GB
string and half a minute per run).
"""

from __future__ import annotations

import argparse
import gc
import os
import re
import subprocess
import time
from typing import Any, Callable

import styrkort

# The series of issue 12 (the same list as benches/src/bin/scale.rs).
SERIES_2025 = [f"2025-{m:02}" for m in range(1, 13)] + ["2025T1", "2025T2", "2025T3", "2025"]


def best(f: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times = []
    out = None
    for _ in range(max(repeat, 1)):
        gc.collect()
        t = time.perf_counter()
        r = f()
        times.append(time.perf_counter() - t)
        out = r  # the previous result is freed here, after the timing
        del r
    return min(times), out


def rust_figures(binary: str, model: str, period: str, repeat: int) -> dict[str, float]:
    """Runs Rust's ``scale`` and returns its ``evaluate`` and ``series`` seconds."""
    out = subprocess.run([binary, model, period, str(repeat)], check=True, capture_output=True,
                         text=True).stdout
    print("rust scale:")
    for line in out.splitlines():
        print(f"  {line}")
    figures = {}
    for key, pattern in (("evaluate", rf"^evaluate {re.escape(period)}\s+([0-9.]+) s"),
                         ("series", r"^series \(16 periods\)\s+([0-9.]+) s")):
        m = re.search(pattern, out, re.MULTILINE)
        if m:
            figures[key] = float(m.group(1))
    return figures


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("period", nargs="?", default="2025T2")
    ap.add_argument("--repeat", type=int, default=3, help="runs per fast step, best kept (default 3)")
    ap.add_argument("--load-repeat", type=int, default=None, help="runs per load (default: --repeat)")
    ap.add_argument("--no-str", action="store_true", help="leave out loading through a Python str")
    ap.add_argument("--series", action="store_true", help="time evaluate_series of the 16 periods of 2025")
    ap.add_argument("--rust", metavar="BIN", help="Rust's scale binary, run afterwards for the ratios")
    a = ap.parse_args()
    import pandas as pd  # noqa: F401 - imported before timing
    import pyarrow as pa

    load_repeat = a.repeat if a.load_repeat is None else a.load_repeat
    size = os.path.getsize(a.model)
    print(f"model {a.model}: {size / 1e6:.1f} MB, period {a.period}, best of {a.repeat} "
          f"(loads: {load_repeat})")

    def load_text() -> styrkort.Model:
        with open(a.model, encoding="utf-8") as f:
            return styrkort.Model.from_json(f.read())

    t, model = best(lambda: styrkort.load(a.model), load_repeat)
    print(f"load (styrkort.load: read + parse in Rust)      {t:8.3f} s  = {size / t / 1e6:.0f} MB/s")
    if not a.no_str:
        t, _ = best(load_text, load_repeat)
        print(f"load (Python str, then Model.from_json)         {t:8.3f} s")
        gc.collect()
    # The first call validates and compiles; the model keeps the compiled
    # form, so every later call (and evaluate_series) only evaluates.
    t_first, e = best(lambda: model.evaluate(a.period), 1)
    print(f"evaluate (first call: validate + compile)       {t_first:8.3f} s")
    del e
    t_eval, e = best(lambda: model.evaluate(a.period), a.repeat)
    print(f"evaluate again (compiled model)                 {t_eval:8.3f} s")
    print(f"  {len(e.goals):,} goals, {len(e.indicators):,} indicator results")
    t_series = None
    if a.series:
        t_series, s = best(lambda: model.evaluate_series(SERIES_2025), 1)
        print(f"evaluate_series (16 periods of 2025, compiled)  {t_series:8.3f} s"
              f"  ({t_series / t_eval:.1f} × one {a.period})")
        del s

    t_g, g = best(lambda: pa.table(e.goals_table()), a.repeat)
    t_i, i = best(lambda: pa.table(e.indicators_table()), a.repeat)
    print(f"goals table -> pyarrow                          {t_g:8.3f} s  ({g.num_rows:,} rows)")
    print(f"indicators table -> pyarrow                     {t_i:8.3f} s  ({i.num_rows:,} rows)")
    print(f"goals + indicators tables                       {t_g + t_i:8.3f} s  (target 0.5 s at national)")
    del g, i
    t_s, _ = best(lambda: pa.table(e.scorecards_table()), a.repeat)
    t_p, _ = best(lambda: pa.table(e.action_plans_table()), a.repeat)
    print(f"scorecards table / action plans table           {t_s:8.3f} s / {t_p:.3f} s")
    try:
        import polars as pl

        t, _ = best(lambda: pl.DataFrame(e.indicators_table()), a.repeat)
        print(f"indicators table -> polars                      {t:8.3f} s")
    except ImportError:
        pass

    for decimals in ("arrow", "float", "object"):
        t_g, _ = best(lambda: e.goals_frame(decimals=decimals), a.repeat)
        t_i, _ = best(lambda: e.indicators_frame(decimals=decimals), a.repeat)
        target = "  (target 1 s at national)" if decimals == "arrow" else ""
        print(f"goals + indicators frames (decimals={decimals:6})   {t_g + t_i:8.3f} s"
              f"  (goals {t_g:.3f}, indicators {t_i:.3f}){target}")

    if a.rust:
        del e, model
        gc.collect()
        rust = rust_figures(a.rust, a.model, a.period, a.repeat)
        if "evaluate" in rust:
            print(f"Python / Rust, evaluate of the compiled model   {t_eval / rust['evaluate']:8.2f}"
                  f"  ({t_eval:.3f} s / {rust['evaluate']:.3f} s; target ≤ 1.2)")
        if t_series is not None and "series" in rust:
            print(f"Python / Rust, evaluate_series                  {t_series / rust['series']:8.2f}"
                  f"  ({t_series:.3f} s / {rust['series']:.3f} s)")


if __name__ == "__main__":
    main()
