"""A small, fully typed use of styrkort; CI checks it with ``mypy --strict``.

Run from the repository root: ``python bindings/python/examples/typed_example.py``.
"""

from __future__ import annotations

import pathlib
import sys
from decimal import Decimal
from typing import Any, Optional

import pandas as pd

import styrkort
from styrkort import Evaluation, GoalResult, Model, Status

EXAMPLE = pathlib.Path(__file__).resolve().parents[3] / "examples" / "exempelkommun.json"


def inline_model() -> Model:
    data: dict[str, Any] = {
        "format": "styrkort/1",
        "organisation": [{"id": "kf", "name": "Kommunfullmäktige", "kind": "council"}],
        "indicators": [
            {
                "id": "nmi",
                "name": "Nöjd-Medborgar-Index",
                "owner": "kf",
                "targets": [{"period": "2025", "value": "62", "warning": "58"}],
                "measurements": [{"period": "2025", "value": Decimal("60")}],
            }
        ],
        "goals": [
            {
                "id": "kf-1",
                "title": "Invånarna är nöjda",
                "level": "council",
                "perspective": "citizen",
                "owner": "kf",
                "indicators": [{"indicator": "nmi"}],
            }
        ],
    }
    return Model.from_dict(data)


def off_track(evaluation: Evaluation) -> list[GoalResult]:
    bad = {Status.PARTLY_FULFILLED, Status.NOT_FULFILLED}
    return [g for g in evaluation.goals if g.status in bad]


def main(path: Optional[str] = None) -> int:
    model = styrkort.load(path) if path else (styrkort.load(EXAMPLE) if EXAMPLE.exists() else inline_model())
    errors = [d for d in model.validate() if d.is_error]
    if errors:
        for d in errors:
            print(d, file=sys.stderr)
        return 1
    evaluation: Evaluation = model.evaluate(styrkort.Period("2025"))
    for g in off_track(evaluation):
        score: Optional[Decimal] = g.score
        print(f"{g.goal:<12} {g.status.label_sv:<16} {score}  {g.title}")
    frame: pd.DataFrame = evaluation.goals_frame(explain=True)
    print(frame[["goal", "status", "score"]].head())
    months = [styrkort.Period(f"2025-{m:02}") for m in range(1, 13)]
    series: styrkort.SeriesTable = model.series_table(months + ["2025"])
    trend: pd.DataFrame = series.goals_frame()
    print(trend.pivot_table(index="goal", columns="period", values="status", aggfunc="first", observed=True).head())
    try:
        evaluation.goal("no-such-goal")
    except styrkort.UnknownIdError as e:
        print(f"{e.kind} {e.id}: {e}")
    rows = styrkort.measurements_from_frame(
        pd.DataFrame({"indicator": ["nmi"], "period": ["2026"], "value": [Decimal("63")]})
    )
    print(model.with_measurements(rows).evaluate("2026").goal(evaluation.goals[0].goal).status)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:2]))
