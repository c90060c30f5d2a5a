"""Evaluation accessors, enums, reprs and the dialogue brief, on the hand-checked small model."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import styrkort
from styrkort import Evaluation, Level, Model, Perspective, Status, Trend


def test_goal(small_2025: Evaluation) -> None:
    g = small_2025.goal("kf-1")
    assert g.goal == g.id == "kf-1"
    assert g.title == "Invånarna är nöjda"
    assert g.status is Status.PARTLY_FULFILLED
    assert g.status == "partly_fulfilled"
    assert g.computed_status is Status.PARTLY_FULFILLED
    assert g.manual is False
    assert g.score == Decimal("0.5")
    assert g.rule == "all_some_none"
    assert g.level is Level.COUNCIL
    assert g.perspective is Perspective.CITIZEN
    assert g.owner == "kf"
    assert g.assessment is None
    assert g.fulfilled_at is None
    assert [(i.kind, i.id, i.org, i.weight, i.status) for i in g.items] == [
        ("goal", "utbn-1", "utbn", Decimal(1), Status.PARTLY_FULFILLED),
        ("indicator", "nmi", "kf", Decimal(1), Status.PARTLY_FULFILLED),
    ]
    assert "rule all_some_none" in g.explain()
    assert repr(g) == '<GoalResult kf-1 partly_fulfilled score=0.5 "Invånarna är nöjda">'


def test_goal_chain(small_2025: Evaluation) -> None:
    assert small_2025.goal("skola-1").status is Status.NOT_FULFILLED
    assert small_2025.goal("skola-1").score == Decimal(0)
    assert small_2025.goal("skola-1").tags == ["quality"]
    u = small_2025.goal("utbn-1")
    assert (u.status, u.score, u.level) == (Status.PARTLY_FULFILLED, Decimal("0.5"), Level.BOARD)
    assert [g.goal for g in small_2025.goals] == ["kf-1", "skola-1", "utbn-1"]


def test_indicator(small_2025: Evaluation) -> None:
    r = small_2025.indicator("nmi", "kf")
    assert (r.indicator, r.org) == ("nmi", "kf")
    assert r.value == Decimal(60)
    assert r.target == Decimal(62)
    assert r.warning == Decimal(58)
    assert r.achievement == Decimal("0.9677")
    assert r.status is Status.PARTLY_FULFILLED
    assert r.previous == Decimal(59)
    assert r.trend is Trend.IMPROVING
    assert r.target_kind == "value"
    assert r.consolidated is False
    k = small_2025.indicator("kostnad", "utbn")
    assert (k.status, k.achievement) == (Status.FULFILLED, Decimal("1.0526"))
    assert repr(k) == "<IndicatorResult kostnad at utbn: fulfilled value=95 target=100>"


def test_no_data_in_a_tertial(small: Model) -> None:
    e = small.evaluate("2025T2")
    r = e.indicator("nmi", "kf")
    assert r.value is None
    assert r.status is Status.NO_DATA
    assert r.target == Decimal(62)  # the year's target applies to its tertial
    assert e.goal("kf-1").status is Status.NO_DATA
    assert e.as_of == datetime.date(2025, 8, 31)


def test_scorecard(small_2025: Evaluation) -> None:
    s = small_2025.scorecard("utbk")  # an office sees its board's goals
    assert s.org == "utbk"
    assert s.goals == ["utbn-1"]
    card = small_2025.scorecard("utbn")
    assert card.goal_count == 1
    assert card.missing == [Perspective.CITIZEN, Perspective.SOCIETY_ENVIRONMENT, Perspective.EMPLOYEES]
    # one goal in one perspective: 1 - (3/4 + 3 * 1/4) / (3/2) = 0
    assert card.evenness == Decimal(0)
    eco = card.perspectives[Perspective.ECONOMY]
    assert (eco.goals, eco.indicators, eco.score) == (1, 1, Decimal("0.5"))
    assert eco.counts[Status.PARTLY_FULFILLED] == 1
    assert sum(eco.counts.values()) == 1
    assert list(card.perspectives) == list(Perspective)
    assert [s.org for s in small_2025.scorecards] == ["kf", "skola-a", "utbk", "utbn"]


def test_action_plan(small_2025: Evaluation) -> None:
    p = small_2025.action_plan("hp-1")
    assert (p.plan, p.owner, p.progress, p.overdue) == ("hp-1", "utbk", Decimal(40), ["a-1"])
    assert p.to_dict()["activities"]["ongoing"] == 1
    assert small_2025.model.evaluate("2025T1").action_plan("hp-1").overdue == []


def test_evaluation_properties(small: Model, small_2025: Evaluation) -> None:
    assert small_2025.period == styrkort.Period("2025")
    assert small_2025.tag is None
    assert small_2025.model == small
    assert sorted(map(str, small_2025.diagnostics)) == sorted(
        str(d) for d in small.validate() if not d.is_error
    )
    assert repr(small_2025) == (
        "<styrkort.Evaluation 2025: 3 goals (2 partly_fulfilled, 1 not_fulfilled), "
        "3 indicator results, 4 scorecards>"
    )
    assert small.evaluate(styrkort.Period("2025")) == small_2025
    assert small.evaluate(2025) == small_2025
    assert small.evaluate("2025T1") != small_2025


def test_tag(small: Model) -> None:
    e = small.evaluate("2025", tag="quality")
    assert e.tag == "quality"
    assert [g.goal for g in e.goals] == ["skola-1"]
    assert json.loads(e.to_json())["tag"] == "quality"


def test_to_dict_is_the_document(small_2025: Evaluation) -> None:
    text = small_2025.to_json()
    assert small_2025.to_dict(decimal=False) == json.loads(text)
    assert json.dumps(small_2025.to_dict(decimal=False), indent=2, ensure_ascii=False) == text
    d = small_2025.to_dict()
    assert list(d) == ["format", "period", "as_of", "indicators", "goals", "scorecards",
                       "action_plans", "diagnostics"]
    assert d["goals"][0]["score"] == Decimal("0.5")
    assert d["scorecards"][0]["balance"]["evenness"] == Decimal(0)
    assert small_2025.goal("kf-1").to_dict() == d["goals"][0]
    assert small_2025.indicator("nmi", "kf").to_dict() == next(
        r for r in d["indicators"] if r["indicator"] == "nmi")
    assert small_2025.scorecard("kf").to_dict() == d["scorecards"][0]


def test_dialogue(small_2025: Evaluation) -> None:
    b = small_2025.dialogue("utbn", "skola-a")
    assert (b.upper, b.lower, b.period) == ("utbn", "skola-a", styrkort.Period("2025"))
    assert b.deviations == ["skola-1"]
    # hp-1 is for utbn-1, not skola-1: the deviation has no plan
    assert b.unaddressed == ["skola-1"]
    assert b.uncovered == []
    d = b.to_dict(decimal=False)
    assert d == json.loads(b.to_json())
    assert d["format"] == "styrkort-dialogue/1"
    assert "DialogueBrief utbn → skola-a 2025" in repr(b)


def test_enums() -> None:
    assert [s.value for s in Status] == styrkort._native.STATUSES
    assert [p.value for p in Perspective] == styrkort._native.PERSPECTIVES
    assert [lv.value for lv in Level] == styrkort._native.LEVELS
    assert [t.value for t in Trend] == styrkort._native.TRENDS
    assert Status.PARTLY_FULFILLED.label_sv == "Delvis uppfyllt"
    assert Perspective.CITIZEN.label == "Medborgare"
    assert str(Status.NO_DATA) == "no_data"
    assert f"{Status.NO_DATA}" == "no_data"
    assert repr(Status.NO_DATA) == "Status.NO_DATA"
    assert Status("fulfilled") is Status.FULFILLED
    assert Status.FULFILLED.is_assessed and not Status.NO_DATA.is_assessed
