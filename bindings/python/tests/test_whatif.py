"""What-if (issue 14, item 7), rank targets (item 2) and goals judged on
activities (item 4) through Python: the faces over the core's answers."""

from __future__ import annotations

from decimal import Decimal

import pytest

import styrkort
from styrkort import Status, UnknownIdError

from .conftest import VECTORS


def _evaluation(name: str) -> styrkort.Evaluation:
    d = VECTORS / name
    comparison = d / "comparison.json"
    return styrkort.load(d / "model.json").evaluate(
        (d / "period.txt").read_text().strip(),
        comparison=comparison.read_text() if comparison.exists() else None,
    )


def test_what_if_all_some_none() -> None:
    w = _evaluation("54-whatif-all-some-none").what_if("kf-1")
    assert (w.goal, w.wanted, w.status) == ("kf-1", Status.FULFILLED, Status.PARTLY_FULFILLED)
    assert (w.reached, w.reachable, w.need) == (False, True, "all")
    changes = w.changes()
    # nmi 60 -> 62 (+2, higher is better), sjuk 8.5 -> 7 (-1.5, lower is better)
    assert [(c["id"], c["needed"], c["change"]) for c in changes] == [
        ("nmi", Decimal("62"), Decimal("2")),
        ("sjuk", Decimal("7"), Decimal("-1.5")),
    ]
    assert "raise the value from 60 to at least 62 (+2)" in w.explanation
    assert w.to_dict(decimal=False)["changes"][1]["change"] == "-1.5"


def test_what_if_rank_names_the_value() -> None:
    w = _evaluation("59-whatif-rank-and-manual").what_if("kf-1", "fulfilled")
    (c,) = w.changes()
    # rank 4 of 8, best quarter up to rank 2: the others' 2nd best value is 80
    assert (c["rank"], c["value"], c["needed"], c["change"]) == (2, Decimal("75"), Decimal("80"), Decimal("5"))
    assert "manual assessment still sets the final status" in w.explanation


def test_what_if_errors() -> None:
    e = _evaluation("54-whatif-all-some-none")
    with pytest.raises(UnknownIdError):
        e.what_if("kf-9")
    with pytest.raises(UnknownIdError):
        e.what_if("kf-1", "no_data")
    assert e.what_if("kf-1", "partly_fulfilled").reached


def test_rank_and_activities_in_results() -> None:
    e = _evaluation("51-rank-target-shares-and-ties")
    r = e.indicator("kost", "kf")
    assert r.status == Status.PARTLY_FULFILLED
    d = _evaluation("53-goal-judged-on-activities").goal("utbn-1")
    assert d.status == Status.PARTLY_FULFILLED
    assert "judged on the activities of plan hp-1" in d.explain()
