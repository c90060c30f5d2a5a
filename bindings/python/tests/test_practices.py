"""Forecasts, change targets with a size and the year-on-year change, as
Python sees them (the numbers are vectors 40-44, worked out by hand)."""

from __future__ import annotations

from decimal import Decimal

import styrkort
from styrkort import Status, Trend

from .conftest import VECTORS


def _load(name: str) -> styrkort.Model:
    return styrkort.load(str(VECTORS / name / "model.json"))


def test_year_on_year_fields_and_arrow() -> None:
    e = _load("40-year-on-year-tertials").evaluate("2025T2")
    sjuk = e.indicator("sjuk", "kf")
    assert sjuk.trend == Trend.IMPROVING  # against 2025T1 7.2
    assert sjuk.year_earlier == Decimal("5")  # 2024T2
    assert sjuk.year_change == Decimal("0.4")
    assert sjuk.year_trend == Trend.WORSENING
    assert sjuk.arrow == Trend.WORSENING  # the default: a year earlier
    e = _load("41-arrow-previous-months").evaluate("2025-03")
    i = e.indicator("i", "kf")
    assert (i.trend, i.year_trend, i.arrow) == (
        Trend.IMPROVING,
        Trend.WORSENING,
        Trend.IMPROVING,  # settings.arrow: previous
    )
    assert i.year_change == Decimal("-5")


def test_change_target_with_a_size() -> None:
    e = _load("42-change-target-unit").evaluate("2025")
    b = e.indicator("b", "kf")
    assert (b.status, b.target, b.change_required) == (
        Status.PARTLY_FULFILLED,
        Decimal("62"),
        Decimal("2"),
    )
    assert e.indicator("c", "kf").status == Status.NOT_FULFILLED
    assert e.indicator("f", "kf").change_required is None
    assert "required a change of 2 the better way, to 62" in e.goal("kf-1").explain()
    assert e.indicator("b", "kf").to_dict()["change_required"] == Decimal("2")


def test_forecasts_are_marked_up_the_red_thread() -> None:
    model = _load("44-forecast-year")
    e = model.evaluate("2025")
    res = e.indicator("res", "bn")
    assert (res.value, res.forecast, res.consolidated) == (Decimal("7"), True, True)
    assert e.indicator("kost", "bn").forecast is False  # an outcome consolidation wins
    assert e.goal("kf-1").forecast is True
    assert [(i.id, i.forecast) for i in e.goal("bn-1").items] == [("kost", False), ("res", True)]
    assert e.goal("bn-2").forecast is False  # manual
    assert "(prognos" in e.goal("kf-1").explain()
    df = e.indicators_frame()
    assert df[df["forecast"]]["indicator"].tolist() == ["res", "res", "sjuk"]
    # The outcome arrives: it wins over the forecast, which stays in the model.
    later = model.with_measurements([{"indicator": "sjuk", "period": "2025", "value": "5.9"}])
    sjuk = later.evaluate("2025").indicator("sjuk", "bn")
    assert (sjuk.value, sjuk.forecast, sjuk.status) == (Decimal("5.9"), False, Status.FULFILLED)
    # A forecast row replaces only the forecast.
    revised = model.with_measurements(
        [{"indicator": "nmi", "period": "2025", "value": "75", "forecast": True}]
    )
    assert revised.evaluate("2025").indicator("nmi", "bn").value == Decimal("70")
    assert revised.evaluate("2025").indicator("nmi", "bn").forecast is False
