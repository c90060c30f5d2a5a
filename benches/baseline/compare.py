"""Runs styrkort and the pandas baseline on the same model in one process,
checks that they give the same statuses, and prints the timings and ratios.

    python benches/baseline/compare.py MODEL.json [PERIOD] [--series]   (default 2025T2)

One period: styrkort's ``Model.evaluate`` is timed twice, the first call
(validation + compilation + evaluation, as a fresh model does) and the
second (the compiled model is kept by the model object, so this is the
evaluation alone); the pandas baseline's ``evaluate`` for the period
(after its frames are built, which are timed apart). The ratios are
pandas / styrkort for both calls. Also the period's statuses as columns
(``Model.series_table([period])``, best of three; its pandas frames timed
apart), checked against the baseline too.

``--series`` also times the 16 periods of 2025 (the twelve months, the
three tertials and the year, as a report's trend lines need them): the
pandas baseline looping over them (frames built once) against one
``Model.series_table`` call of the same list on the already compiled
model (the statuses of every period as columns; its pandas frames are
timed apart), and checks the statuses for every period. The table is
timed three times, each freed before the next, as the evaluation is: the
first call and the best are printed, the ratio taken on the best.

Exit status 1 when a status differs. Needs pandas and the ``styrkort``
Python package (build it with ``maturin build --release``; ``run.sh`` does
all of it).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

import pandas as pd

import styrkort

import baseline

# The series of issue 12 (the same list as benches/src/bin/scale.rs).
SERIES_2025 = [f"2025-{m:02}" for m in range(1, 13)] + ["2025T1", "2025T2", "2025T3", "2025"]


def compare_dicts(mine: dict, theirs: dict, goal_ours: dict, goal_theirs: dict,
                  label: str, shown: int) -> int:
    """The number of indicator statuses (by (indicator, org)) and goal
    statuses (final, computed) that differ, printing the first few."""
    bad = 0
    for k in sorted(set(mine) | set(theirs)):
        if mine.get(k) != theirs.get(k):
            bad += 1
            if shown + bad <= 10:
                print(f"{label} indicator {k}: styrkort {mine.get(k)}, pandas {theirs.get(k)}")
    for k in sorted(set(goal_ours) | set(goal_theirs)):
        if goal_ours.get(k) != goal_theirs.get(k):
            bad += 1
            if shown + bad <= 20:
                print(f"{label} goal {k}: styrkort {goal_ours.get(k)}, pandas {goal_theirs.get(k)}")
    return bad


def pandas_statuses(pairs: pd.DataFrame, goals: pd.DataFrame) -> tuple[dict, dict]:
    """The baseline's indicator and goal statuses as dicts."""
    return (dict(zip(zip(pairs["ind"], pairs["org"]), pairs["status"])),
            dict(zip(goals["goal"], zip(goals["status"], goals["computed"]))))


def differences(evaluation: styrkort.Evaluation, pairs: pd.DataFrame, goals: pd.DataFrame,
                label: str, shown: int) -> tuple[int, int, int]:
    """The number of indicator and goal statuses (final and computed) that
    differ, printing the first few; and the pairs and goals compared."""
    ours = json.loads(evaluation.to_json())
    mine = {(r["indicator"], r["org"]): r["status"] for r in ours["indicators"]}
    goal_ours = {r["goal"]: (r["status"], r["computed_status"]) for r in ours["goals"]}
    theirs, goal_theirs = pandas_statuses(pairs, goals)
    bad = compare_dicts(mine, theirs, goal_ours, goal_theirs, label, shown)
    return bad, len(mine), len(goal_ours)


def table_differences(ind: pd.DataFrame, gl: pd.DataFrame, pairs: pd.DataFrame,
                      goals: pd.DataFrame, label: str, shown: int) -> int:
    """As ``differences``, for one period's rows of a series table's frames."""
    mine = dict(zip(zip(ind["indicator"].astype(str), ind["org"].astype(str)),
                    ind["status"].astype(str)))
    goal_ours = dict(zip(gl["goal"].astype(str),
                         zip(gl["status"].astype(str), gl["computed_status"].astype(str))))
    theirs, goal_theirs = pandas_statuses(pairs, goals)
    return compare_dicts(mine, theirs, goal_ours, goal_theirs, label, shown)


def timed(f: Any) -> tuple[float, Any]:
    t = time.perf_counter()
    out = f()
    return time.perf_counter() - t, out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("model")
    ap.add_argument("period", nargs="?", default="2025T2")
    ap.add_argument("--series", action="store_true",
                    help="also time the 16 periods of 2025: the pandas loop against Model.evaluate_series")
    a = ap.parse_args()
    path, period = a.model, a.period
    with open(path, encoding="utf-8") as fh:
        text = fh.read()

    load, model = timed(lambda: styrkort.Model.from_json(text))
    first, evaluation = timed(lambda: model.evaluate(period))
    del evaluation  # freed outside the timings, as the Rust bench does
    # From the compiled model: best of three, as `scale` takes the best of
    # its runs (each freed before the next is timed).
    again = float("inf")
    for _ in range(3):
        took, evaluation = timed(lambda: model.evaluate(period))
        again = min(again, took)
        del evaluation
    evaluation = model.evaluate(period)

    t = time.perf_counter()
    doc = json.loads(text)
    f = baseline.frames(doc)
    frames_t = time.perf_counter() - t
    pandas_t, (pairs, goals) = timed(lambda: baseline.evaluate(f, period))

    bad, n_pairs, n_goals = differences(evaluation, pairs, goals, period, 0)
    del evaluation
    # The same period's statuses as columns (a one-period series table):
    # what the baseline's evaluate gives, without an evaluation's result
    # objects. Best of three, each freed before the next.
    columns = float("inf")
    for _ in range(3):
        took, table = timed(lambda: model.series_table([period]))
        columns = min(columns, took)
        del table
    table = model.series_table([period])
    columns_frames, (ind1, gl1) = timed(lambda: (table.indicators_frame(), table.goals_frame()))
    bad_columns = table_differences(ind1, gl1, pairs, goals, f"{period} (columns)", bad)
    bad += bad_columns
    del table, ind1, gl1
    n_meas = len(f.measurements)
    n_orgs, n_goals_model = len(doc["organisation"]), len(doc["goals"])
    # The text and the parsed document are no longer needed: at the national
    # scale they take several GB, which the series below needs.
    del text, doc

    print(f"model {path}: {n_orgs} orgs, {n_goals_model} goals, "
          f"{n_meas} measurements; period {period}")
    print(f"compared {n_pairs} indicator-org pairs and {n_goals} goals: "
          f"{'all statuses equal' if bad == 0 else f'{bad} differences'}")
    print(f"styrkort: load {load:.3f} s, evaluate (validate + compile + evaluate) {first:.3f} s, "
          f"evaluate again (compiled model) {again:.3f} s")
    print(f"pandas:   json.loads + frames {frames_t:.3f} s, evaluate {pandas_t:.3f} s")
    print(f"ratio pandas evaluate / styrkort evaluate = {pandas_t / first:.1f} (first call), "
          f"{pandas_t / again:.1f} (compiled model)")
    print(f"styrkort: the statuses as columns (series_table of the period) {columns:.3f} s "
          f"best of three (its two pandas frames {columns_frames:.3f} s); "
          f"{'all statuses equal' if bad_columns == 0 else f'{bad_columns} differences'}")
    print(f"ratio pandas evaluate / styrkort columns = {pandas_t / columns:.1f} "
          f"({pandas_t / (columns + columns_frames):.1f} with the frames)")

    if a.series:
        def loop() -> list[tuple[pd.DataFrame, pd.DataFrame]]:
            # Each period's frames cut to the statuses compared, so that 16
            # of them fit beside the 16 evaluations at the national scale.
            out = []
            for p in SERIES_2025:
                pp, gg = baseline.evaluate(f, p)
                out.append((pp[["ind", "org", "status"]].copy(),
                            gg[["goal", "status", "computed"]].copy()))
                del pp, gg
            return out

        pandas_s, results = timed(loop)
        series_first, table = timed(lambda: model.series_table(SERIES_2025))
        series_t = series_first
        for _ in range(2):
            del table
            took, table = timed(lambda: model.series_table(SERIES_2025))
            series_t = min(series_t, took)
        frames_s, (ind, gl) = timed(lambda: (table.indicators_frame(), table.goals_frame()))
        bad_s = 0
        by_period = dict(tuple(ind.groupby("period", observed=True)))
        goals_by_period = dict(tuple(gl.groupby("period", observed=True)))
        empty_i, empty_g = ind.iloc[0:0], gl.iloc[0:0]
        for p, (pp, gg) in zip(SERIES_2025, results):
            bad_s += table_differences(by_period.get(p, empty_i), goals_by_period.get(p, empty_g),
                                       pp, gg, p, bad + bad_s)
        bad += bad_s
        print(f"series of {len(SERIES_2025)} periods ({', '.join(SERIES_2025)}): "
              f"{len(ind)} indicator rows, {len(gl)} goal rows; "
              f"{'all statuses equal in every period' if bad_s == 0 else f'{bad_s} differences'}")
        print(f"styrkort: series_table (compiled model) {series_t:.3f} s best of three, "
              f"{series_first:.3f} s the first call "
              f"(its two pandas frames {frames_s:.3f} s); "
              f"pandas: evaluate per period in a loop {pandas_s:.3f} s")
        print(f"ratio pandas loop / styrkort series_table = {pandas_s / series_t:.1f} "
              f"({pandas_s / series_first:.1f} the first call, "
              f"{pandas_s / (series_t + frames_s):.1f} with the frames)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
