"""Property tests (hypothesis) over generated models."""

from __future__ import annotations

import copy
import random
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from styrkort import Model

from .conftest import SMALL

decimals = st.decimals(
    min_value=Decimal("-1e12"), max_value=Decimal("1e12"), allow_nan=False, allow_infinity=False,
    places=None,
).filter(lambda d: len(d.as_tuple().digits) <= 26 and d.as_tuple().exponent >= -20)  # type: ignore[operator]

periods = st.sampled_from(["2023", "2024", "2025", "2025T1", "2025T2", "2025T3", "2025Q1", "2025-08"])


@st.composite
def models(draw: st.DrawFn) -> dict[str, Any]:
    """SMALL with generated measurements and targets for its three indicators."""
    m = copy.deepcopy(SMALL)
    for ind in m["indicators"]:
        ps = draw(st.lists(periods, unique=True, max_size=6))
        ind["measurements"] = [{"period": p, "value": draw(decimals)} for p in ps]
        tp = draw(st.lists(periods, unique=True, max_size=3))
        ind["targets"] = [{"period": p, "value": draw(decimals.filter(lambda d: d > 0))} for p in tp]
    return m


def _measurement_values(d: dict[str, Any]) -> list[list[tuple[str, Decimal]]]:
    return [[(m["period"], m["value"]) for m in ind.get("measurements", [])] for ind in d["indicators"]]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(models())
def test_values_round_trip_exactly(m: dict[str, Any]) -> None:
    model = Model.from_dict(m)
    back = model.to_dict()
    assert _measurement_values(back) == _measurement_values(m)
    for got, want in zip(back["indicators"], m["indicators"]):
        for a, b in zip(got.get("measurements", []), want["measurements"]):
            assert isinstance(a["value"], Decimal)
            assert a["value"] == b["value"]  # exact, whatever the scale
    assert Model.from_json(model.to_json()) == model
    assert Model.from_dict(back) == model


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(models(), periods, st.randoms(use_true_random=False))
def test_evaluation_is_invariant_under_shuffling(m: dict[str, Any], period: str, rnd: random.Random) -> None:
    expected = Model.from_dict(m).evaluate(period).to_json()
    shuffled = copy.deepcopy(m)
    for key in ("organisation", "indicators", "goals"):
        rnd.shuffle(shuffled[key])
    for ind in shuffled["indicators"]:
        rnd.shuffle(ind["measurements"])
        rnd.shuffle(ind["targets"])
    assert Model.from_dict(shuffled).evaluate(period).to_json() == expected
