"""Runs styrkort and the pandas baseline on the same model in one process,
checks that they give the same statuses, and prints the timings and ratio.

    python benches/baseline/compare.py MODEL.json [PERIOD]   (default 2025T2)

Exit status 1 when a status differs. Needs pandas and the ``styrkort``
Python package (build it with ``maturin build --release``; ``run.sh`` does
all of it).
"""

from __future__ import annotations

import json
import sys
import time

import styrkort

import baseline


def main() -> int:
    path = sys.argv[1]
    period = sys.argv[2] if len(sys.argv) > 2 else "2025T2"
    with open(path, encoding="utf-8") as fh:
        text = fh.read()

    t0 = time.perf_counter()
    model = styrkort.Model.from_json(text)
    t1 = time.perf_counter()
    evaluation = model.evaluate(period)
    t2 = time.perf_counter()
    ours = json.loads(evaluation.to_json())

    t3 = time.perf_counter()
    doc = json.loads(text)
    f = baseline.frames(doc)
    t4 = time.perf_counter()
    pairs, goals = baseline.evaluate(f, period)
    t5 = time.perf_counter()

    # Same pairs, same statuses.
    mine = {(r["indicator"], r["org"]): r["status"] for r in ours["indicators"]}
    theirs = dict(zip(zip(pairs["ind"], pairs["org"]), pairs["status"]))
    goal_ours = {r["goal"]: (r["status"], r["computed_status"]) for r in ours["goals"]}
    goal_theirs = dict(zip(goals["goal"], zip(goals["status"], goals["computed"])))
    bad = 0
    for k in sorted(set(mine) | set(theirs)):
        if mine.get(k) != theirs.get(k):
            bad += 1
            if bad <= 10:
                print(f"indicator {k}: styrkort {mine.get(k)}, pandas {theirs.get(k)}")
    for k in sorted(set(goal_ours) | set(goal_theirs)):
        if goal_ours.get(k) != goal_theirs.get(k):
            bad += 1
            if bad <= 20:
                print(f"goal {k}: styrkort {goal_ours.get(k)}, pandas {goal_theirs.get(k)}")

    n_meas = len(f.measurements)
    print(f"model {path}: {len(doc['organisation'])} orgs, {len(doc['goals'])} goals, "
          f"{n_meas} measurements; period {period}")
    print(f"compared {len(mine)} indicator-org pairs and {len(goal_ours)} goals: "
          f"{'all statuses equal' if bad == 0 else f'{bad} differences'}")
    print(f"styrkort: load {t1 - t0:.3f} s, evaluate (validate + compile + evaluate) {t2 - t1:.3f} s")
    print(f"pandas:   json.loads + frames {t4 - t3:.3f} s, evaluate {t5 - t4:.3f} s")
    print(f"ratio pandas evaluate / styrkort evaluate = {(t5 - t4) / (t2 - t1):.1f}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
