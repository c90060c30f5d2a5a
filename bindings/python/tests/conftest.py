"""Shared fixtures: a small hand-checked model and the repository paths."""

from __future__ import annotations

import copy
import pathlib
from decimal import Decimal
from typing import Any

import pytest

import styrkort

REPO = pathlib.Path(__file__).resolve().parents[3]
VECTORS = REPO / "tests" / "vectors"
EXAMPLE = REPO / "examples" / "exempelkommun.json"

# kf (council) > utbn (board) > utbk (office) > skola-a (unit).
# For 2025, worked out by hand:
#   nmi@kf      60 vs target 62, warning 58  -> partly_fulfilled, achievement 60/62 = 0.9677,
#               2024 value 59                -> trend improving
#   kostnad@utbn 95, lower is better, target 100 -> fulfilled, achievement 100/95 = 1.0526
#   behoriga@skola-a 70 vs 80, no band       -> not_fulfilled
#   skola-1 (operational): behoriga not_fulfilled                 -> not_fulfilled, score 0
#   utbn-1 (board): kostnad fulfilled + skola-1 not_fulfilled     -> partly_fulfilled, score 0.5
#   kf-1 (council): nmi partly + utbn-1 partly                    -> partly_fulfilled, score 0.5
#   hp-1: one ongoing activity at 40 %, due 2025-06-30            -> progress 40, overdue [a-1]
SMALL: dict[str, Any] = {
    "format": "styrkort/1",
    "organisation": [
        {"id": "kf", "name": "Kommunfullmäktige", "kind": "council"},
        {"id": "utbn", "name": "Utbildningsnämnden", "kind": "board", "parent": "kf"},
        {"id": "utbk", "name": "Utbildningskontoret", "kind": "office", "parent": "utbn"},
        {"id": "skola-a", "name": "Skola A", "kind": "unit", "parent": "utbk"},
    ],
    "indicators": [
        {
            "id": "nmi",
            "name": "Nöjd-Medborgar-Index",
            "owner": "kf",
            "targets": [{"period": "2025", "value": "62", "warning": "58"}],
            "measurements": [
                {"period": "2024", "value": "59"},
                {"period": "2025", "value": Decimal("60"), "women": "61", "men": "59"},
            ],
        },
        {
            "id": "kostnad",
            "name": "Kostnad per elev",
            "owner": "utbn",
            "direction": "lower_is_better",
            "targets": [{"period": "2025", "value": 100}],
            "measurements": [{"period": "2025", "value": "95"}],
        },
        {
            "id": "behoriga",
            "name": "Behöriga lärare",
            "owner": "skola-a",
            "targets": [{"period": "2025", "value": "80"}],
            "measurements": [{"period": "2025", "value": "70"}],
        },
    ],
    "goals": [
        {
            "id": "kf-1",
            "title": "Invånarna är nöjda",
            "level": "council",
            "perspective": "medborgare",
            "owner": "kf",
            "indicators": [{"indicator": "nmi"}],
        },
        {
            "id": "utbn-1",
            "title": "Kostnadseffektiv skola",
            "level": "board",
            "perspective": "economy",
            "owner": "utbn",
            "indicators": [{"indicator": "kostnad"}],
            "contributes_to": ["kf-1"],
        },
        {
            "id": "skola-1",
            "title": "Behöriga lärare i alla ämnen",
            "level": "operational",
            "perspective": "employees",
            "owner": "skola-a",
            "indicators": [{"indicator": "behoriga"}],
            "contributes_to": ["utbn-1"],
            "tags": ["quality"],
        },
    ],
    "action_plans": [
        {
            "id": "hp-1",
            "title": "Rekrytera lärare",
            "owner": "utbk",
            "goals": ["utbn-1"],
            "activities": [
                {
                    "id": "a-1",
                    "title": "Annonsera",
                    "responsible": "skola-a",
                    "start": "2025-01-15",
                    "due": "2025-06-30",
                    "status": "ongoing",
                    "progress": "40",
                }
            ],
        }
    ],
}


@pytest.fixture
def small_dict() -> dict[str, Any]:
    return copy.deepcopy(SMALL)


@pytest.fixture
def small() -> styrkort.Model:
    return styrkort.Model.from_dict(SMALL)


@pytest.fixture
def small_2025(small: styrkort.Model) -> styrkort.Evaluation:
    return small.evaluate("2025")
