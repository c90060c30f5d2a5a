"""``Model.evaluate_series``: many periods through one call (issue 12).

Each evaluation of a series must be exactly the evaluation of its period
alone: the JSON is compared byte for byte with ``Model.evaluate`` on a
separately loaded model (so that nothing cached by the series can leak into
the reference), on the example municipality and on every conformance vector.
"""

from __future__ import annotations

import copy
import pathlib
from decimal import Decimal
from typing import Any, Iterable, Iterator

import pytest

import styrkort
from styrkort import Period, PeriodError, Status, ValidationError

from .conftest import EXAMPLE, SMALL, VECTORS

# The 16 periods of 2025 a report's trend lines use: twelve months, three
# tertials and the year (the same list as benches/src/bin/scale.rs).
PERIODS_2025 = [f"2025-{m:02}" for m in range(1, 13)] + ["2025T1", "2025T2", "2025T3", "2025"]


def _alone(path: pathlib.Path, periods: list[str], **kw: Any) -> list[str]:
    model = styrkort.load(path)
    return [model.evaluate(p, **kw).to_json() for p in periods]


def test_example_2025_equals_each_period_alone() -> None:
    model = styrkort.load(EXAMPLE)
    series = model.evaluate_series(PERIODS_2025)
    assert [str(e.period) for e in series] == PERIODS_2025
    assert [e.to_json() for e in series] == _alone(EXAMPLE, PERIODS_2025)
    # The example has data in 2025: the series is not 16 empty documents.
    assert any(g.status is Status.FULFILLED for e in series for g in e.goals)
    # The evaluations belong to the model they came from.
    assert all(e.model == model for e in series)


def test_example_tagged_and_after_evaluate() -> None:
    model = styrkort.load(EXAMPLE)
    # evaluate first: the series then reuses the compiled model it cached.
    model.evaluate("2025T2")
    periods = ["2025T3", "2025-05", "2024", "2025-05"]  # any order, repeats kept
    series = model.evaluate_series(periods, tag="environment")
    assert [e.tag for e in series] == ["environment"] * 4
    assert [e.to_json() for e in series] == _alone(EXAMPLE, periods, tag="environment")
    assert series[1].to_json() == series[3].to_json()


def _vectors() -> list[pathlib.Path]:
    if not VECTORS.is_dir():
        return []
    return sorted(d for d in VECTORS.iterdir() if (d / "model.json").is_file())


VECTOR_DIRS = _vectors()


@pytest.mark.skipif(not VECTOR_DIRS, reason="no conformance vectors in tests/vectors")
@pytest.mark.parametrize("vector", VECTOR_DIRS, ids=[d.name for d in VECTOR_DIRS])
def test_vector_series(vector: pathlib.Path) -> None:
    """The vector's period in a series with its neighbours (the periods a
    trend, window or year-on-year change reads) gives the vector's expected
    JSON, and every neighbour its evaluation alone."""
    period = Period((vector / "period.txt").read_text(encoding="utf-8").strip())
    tag_file = vector / "tag.txt"
    tag = tag_file.read_text(encoding="utf-8").strip() if tag_file.exists() else None
    comparison_file = vector / "comparison.json"
    comparison = comparison_file.read_text(encoding="utf-8") if comparison_file.exists() else None
    periods = [period.previous(), period.year_earlier(), period, Period(str(period.year)), period.next()]
    model = styrkort.load(vector / "model.json")
    series = model.evaluate_series(periods, tag=tag, comparison=comparison)
    expected = (vector / "expected.json").read_text(encoding="utf-8")[:-1]
    assert series[2].to_json() == expected
    alone = _alone(vector / "model.json", [str(p) for p in periods], tag=tag, comparison=comparison)
    assert [e.to_json() for e in series] == alone


def test_small_by_hand() -> None:
    # SMALL (conftest): nmi@kf has 59 in 2024 and 60 in 2025, a target only
    # for 2025 (62, warning 58); kostnad and behoriga are measured in 2025 only.
    # 2024: nmi has a value but no target -> not_assessed; kostnad and
    #       behoriga no data; so kf-1 has items but none assessed -> no_data.
    # 2025: nmi 60 in [58, 62) -> partly_fulfilled, 60/62 = 0.9677, trend
    #       improving from 59; kf-1 partly_fulfilled (see conftest).
    model = styrkort.Model.from_dict(SMALL)
    y2024, y2025 = model.evaluate_series([2024, Period("2025")])
    nmi = y2024.indicator("nmi", "kf")
    assert (nmi.value, nmi.status) == (Decimal("59"), Status.NOT_ASSESSED)
    assert y2024.indicator("kostnad", "utbn").status is Status.NO_DATA
    assert y2024.goal("kf-1").status is Status.NO_DATA
    nmi = y2025.indicator("nmi", "kf")
    assert (nmi.value, nmi.status, nmi.achievement) == (Decimal("60"), Status.PARTLY_FULFILLED, Decimal("0.9677"))
    assert nmi.trend.value == "improving"
    assert y2025.goal("kf-1").status is Status.PARTLY_FULFILLED
    assert y2025.goal("kf-1").score == Decimal("0.5")


def test_period_arguments() -> None:
    model = styrkort.Model.from_dict(SMALL)
    want = [model.evaluate(p).to_json() for p in ("2025", "2025T2", "2024")]

    def gen() -> Iterator[Any]:
        yield 2025
        yield Period("2025T2")
        yield "2024"

    cases: list[Iterable[Any]] = [[2025, Period("2025T2"), "2024"], (2025, "2025T2", 2024), gen()]
    for periods in cases:
        assert [e.to_json() for e in model.evaluate_series(periods)] == want


def test_empty() -> None:
    model = styrkort.Model.from_dict(SMALL)
    assert model.evaluate_series([]) == []
    assert model.evaluate_series(iter(())) == []


def test_bad_period_names_its_position() -> None:
    model = styrkort.Model.from_dict(SMALL)
    with pytest.raises(PeriodError) as info:
        model.evaluate_series(["2025-01", "2025T2", "2025T4"])
    e = info.value
    assert isinstance(e, ValueError)
    assert str(e).startswith('periods[2]: invalid period "2025T4"')
    assert (e.code, e.input) == ("period", "2025T4")
    with pytest.raises(PeriodError, match=r"^periods\[0\]: .*\"10000\""):
        model.evaluate_series([10000])


@pytest.mark.parametrize("bad", [2025.0, True, None, b"2025"])
def test_wrong_item_type_names_its_position(bad: Any) -> None:
    model = styrkort.Model.from_dict(SMALL)
    with pytest.raises(TypeError, match=r"^periods\[1\]: a period is a styrkort.Period or a str"):
        model.evaluate_series(["2025", bad])


def test_not_a_list() -> None:
    model = styrkort.Model.from_dict(SMALL)
    # A str is iterable, but its characters are no periods.
    with pytest.raises(TypeError, match="not one str"):
        model.evaluate_series("2025")
    with pytest.raises(TypeError, match="not int"):
        model.evaluate_series(2025)  # type: ignore[arg-type]


def test_invalid_model() -> None:
    d = copy.deepcopy(SMALL)
    d["goals"][2]["owner"] = "nowhere"
    model = styrkort.Model.from_dict(d)
    with pytest.raises(ValidationError) as info:
        model.evaluate_series(["2025", "2024"])
    assert [x.subject for x in info.value.diagnostics] == ["goal:skola-1"]
