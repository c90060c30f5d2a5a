"""styrkort: exact evaluation of Swedish municipal goal- and result steering.

A thin layer over the Rust engine (the ``styrkort`` crate)::

    import styrkort
    model = styrkort.load("examples/exempelkommun.json")
    evaluation = model.evaluate("2025T2")
    evaluation.goal("kf-1").status          # Status.PARTLY_FULFILLED
    evaluation.goals_frame(explain=True)    # pandas, optional
    engine = model.engine("2025T2")         # incremental: set_measurement, …
    table = model.series_table(["2025-01", "2025-02", "2025"])
    table.indicators_frame()                # many periods as columns

Numbers are ``decimal.Decimal`` both ways; a ``float`` is refused unless
``allow_float=True`` is passed. Every error is a ``StyrkortError``; bad
input is also a ``ValueError``.
"""

from __future__ import annotations

import os
import sys
from typing import Union

from ._enums import Level, Perspective, Severity, Status, Trend
from ._errors import (
    ArithmeticOverflowError,
    ConflictError,
    InternalError,
    ModelError,
    PeriodError,
    StyrkortError,
    UnknownIdError,
    ValidationError,
)
from ._frames import measurements_from_frame
from . import kolada
from ._native import (
    Comparison,
    Diagnostic,
    DialogueBrief,
    Engine,
    Evaluation,
    GoalItem,
    GoalResult,
    IndicatorResult,
    Model,
    Period,
    PerspectiveBalance,
    PlanResult,
    Scorecard,
    SeriesTable,
    Table,
    Update,
    WhatIf,
    __version__,
    kolada_indicator,
)

__all__ = [
    "ArithmeticOverflowError",
    "Comparison",
    "ConflictError",
    "Diagnostic",
    "DialogueBrief",
    "Engine",
    "Evaluation",
    "GoalItem",
    "GoalResult",
    "IndicatorResult",
    "InternalError",
    "Level",
    "Model",
    "ModelError",
    "Period",
    "PeriodError",
    "Perspective",
    "PerspectiveBalance",
    "PlanResult",
    "Scorecard",
    "SeriesTable",
    "Severity",
    "Status",
    "StyrkortError",
    "Table",
    "Trend",
    "UnknownIdError",
    "Update",
    "WhatIf",
    "ValidationError",
    "__version__",
    "kolada",
    "kolada_indicator",
    "load",
    "measurements_from_frame",
]


def load(path: Union[str, "os.PathLike[str]"]) -> Model:
    """Reads a ``styrkort/1`` model from a UTF-8 JSON file.

    The file is read and parsed in Rust (``Model.from_file``), so a large
    model never becomes a Python string. A malformed model raises
    ``ModelError`` with the JSON path; on Python 3.11+ the file name is
    added as a note to the exception.
    """
    try:
        return Model.from_file(path)
    except ModelError as e:
        if sys.version_info >= (3, 11):
            e.add_note(f"in {os.fspath(path)}")
        raise
