"""Assignments (uppdrag) and multi-year plans through Python, on vectors 61 and 62 (worked by hand there)."""

from __future__ import annotations

import pytest

import styrkort

from .conftest import VECTORS


def test_assignments_per_org_and_in_the_brief() -> None:
    model = styrkort.load(str(VECTORS / "61-assignments-year-dialogue" / "model.json"))
    e = model.evaluate("2025")
    # Listed per org: ks u-3, u-6; utbn u-1, u-4, u-5 (u-2 closed in 2023).
    assert [a["assignment"] for a in e.assignments()] == ["u-3", "u-6", "u-1", "u-4", "u-5"]
    utbn = e.assignments("utbn")
    assert [(a["assignment"], a["status"], a["overdue"]) for a in utbn] == [
        ("u-1", "ongoing", True),
        ("u-4", "done", False),
        ("u-5", "done", False),
    ]
    assert utbn[0]["reported"] == "2025T1" and utbn[0]["comment"] == "Förslag i juni"
    assert e.assignments("kf") == []
    with pytest.raises(styrkort.UnknownIdError):
        e.assignments("nope")
    # The brief kf → utbn: what kf gave utbn, not what ks gave it.
    brief = e.dialogue("kf", "utbn")
    assert [a["assignment"] for a in brief.assignments()] == ["u-1", "u-5"]
    assert e.to_dict()["assignments"] == e.assignments()


def test_multi_year_plan_keeps_history() -> None:
    model = styrkort.load(str(VECTORS / "62-multi-year-plan" / "model.json"))
    e2025, e2024 = model.evaluate("2025"), model.evaluate("2024")
    assert sorted(g.goal for g in e2025.goals) == ["bn-1", "bn-2", "kf-2"]
    assert sorted(g.goal for g in e2024.goals) == ["bn-1", "bn-2", "kf-1"]
    assert e2025.goal("bn-1").status == "partly_fulfilled"
    assert e2024.goal("kf-1").status == "fulfilled"
    assert [d.code for d in e2025.diagnostics if d.subject == "goal:bn-2"] == [
        "link_outside_validity",
        "nothing_to_assess",
    ]
