"""Times the Python side of issue 13: loading a model, the evaluation's Arrow
tables, and the pandas frames built from them.

    python benches/python/bench_tables.py MODEL.json [PERIOD] [--repeat N]

Needs the release build of the package (``cd bindings/python && maturin
develop --release``), pyarrow and pandas (polars optional). Prints one line
per step with the best of N runs (wall clock, ``time.perf_counter``); the
figures go to benches/README.md by hand. Not run in CI.
"""

from __future__ import annotations

import argparse
import gc
import os
import time
from typing import Any, Callable

import styrkort


def best(f: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times = []
    out = None
    for _ in range(repeat):
        gc.collect()
        t = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t)
    return min(times), out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("period", nargs="?", default="2025T2")
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    import pandas as pd  # noqa: F401 - imported before timing
    import pyarrow as pa

    size = os.path.getsize(a.model)
    print(f"model {a.model}: {size / 1e6:.1f} MB, period {a.period}, best of {a.repeat}")

    def load_text() -> styrkort.Model:
        with open(a.model, encoding="utf-8") as f:
            return styrkort.Model.from_json(f.read())

    t, model = best(lambda: styrkort.load(a.model), a.repeat)
    print(f"load (styrkort.load: read + parse in Rust)      {t:8.3f} s")
    t, _ = best(load_text, a.repeat)
    print(f"load (Python str, then Model.from_json)         {t:8.3f} s")
    t, e = best(lambda: model.evaluate(a.period), a.repeat)
    print(f"evaluate (first call compiles)                  {t:8.3f} s")
    print(f"  {len(e.goals):,} goals, {len(e.indicators):,} indicator results")

    t_g, g = best(lambda: pa.table(e.goals_table()), a.repeat)
    t_i, i = best(lambda: pa.table(e.indicators_table()), a.repeat)
    print(f"goals table -> pyarrow                          {t_g:8.3f} s  ({g.num_rows:,} rows)")
    print(f"indicators table -> pyarrow                     {t_i:8.3f} s  ({i.num_rows:,} rows)")
    print(f"goals + indicators tables                       {t_g + t_i:8.3f} s")
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
        print(f"goals + indicators frames (decimals={decimals:6})   {t_g + t_i:8.3f} s"
              f"  (goals {t_g:.3f}, indicators {t_i:.3f})")


if __name__ == "__main__":
    main()
