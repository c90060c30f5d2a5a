"""The incremental engine (``styrkort.Engine``): hand-worked updates, errors,
snapshots, pickling, and equality with a full evaluation of the edited model
after random edit sequences (hypothesis)."""

from __future__ import annotations

import copy
import pickle
import threading
from decimal import Decimal
from typing import Any, Optional

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import styrkort
from styrkort import (
    Engine,
    Model,
    ModelError,
    PeriodError,
    Status,
    UnknownIdError,
    Update,
    ValidationError,
)

from .conftest import SMALL


def _status(e: styrkort.Evaluation, goal: str) -> Status:
    return e.goal(goal).status


# --------------------------------------------------------------------------- hand-worked


def test_measurement_flips_goals_up_the_red_thread(small: Model) -> None:
    # SMALL for 2025 (see conftest): behoriga@skola-a 70 vs target 80 is
    # not_fulfilled, so skola-1 is not_fulfilled and utbn-1 (kostnad
    # fulfilled + skola-1 not_fulfilled) partly_fulfilled.
    engine = small.engine("2025")
    e = engine.evaluation
    assert (_status(e, "skola-1"), _status(e, "utbn-1"), _status(e, "kf-1")) == (
        Status.NOT_FULFILLED, Status.PARTLY_FULFILLED, Status.PARTLY_FULFILLED,
    )
    # 85 >= 80: behoriga fulfilled -> skola-1 fulfilled (score 1) -> utbn-1
    # fulfilled (both items fulfilled, score 1) -> kf-1 stays partly
    # (nmi partly 0.5, utbn-1 fulfilled 1: score 0.75).
    u = engine.set_measurement("behoriga", "2025", Decimal("85"))
    e = engine.evaluation
    assert e.indicator("behoriga", "skola-a").status == Status.FULFILLED
    assert e.indicator("behoriga", "skola-a").value == Decimal("85")
    assert (_status(e, "skola-1"), _status(e, "utbn-1"), _status(e, "kf-1")) == (
        Status.FULFILLED, Status.FULFILLED, Status.PARTLY_FULFILLED,
    )
    assert e.goal("skola-1").score == Decimal(1)
    assert e.goal("utbn-1").score == Decimal(1)
    assert e.goal("kf-1").score == Decimal("0.75")
    # One indicator pair (behoriga@skola-a: no other org reports it); three
    # goals (skola-1, then utbn-1 because skola-1 changed, then kf-1 because
    # utbn-1 changed); the scorecards holding a changed goal: skola-a
    # (skola-1), utbn and utbk (utbn-1, a board goal the office shares).
    assert engine.status("utbn-1") == Status.FULFILLED
    assert u == Update(indicators=1, goals=3, scorecards=3)
    assert (u.indicators, u.goals, u.scorecards) == (1, 3, 3)
    assert u.to_dict() == {"indicators": 1, "goals": 3, "scorecards": 3}
    assert repr(u) == "Update(indicators=1, goals=3, scorecards=3)"
    assert {s.org for s in e.scorecards if {"skola-1", "utbn-1"} & set(s.goals)} == {
        "skola-a", "utbn", "utbk",
    }


def test_measurement_below_warning_and_removal(small: Model) -> None:
    engine = Engine(small, "2025")
    # nmi@kf: 57 < warning 58 -> not_fulfilled; kf-1 (nmi not, utbn-1
    # partly) stays partly with score 0.25. No status changed above nmi's
    # goal, so only kf-1 is recomputed and no scorecard.
    u = engine.set_measurement("nmi", "2025", "57")
    assert engine.evaluation.indicator("nmi", "kf").status == Status.NOT_FULFILLED
    assert engine.evaluation.goal("kf-1").score == Decimal("0.25")
    assert u == Update(1, 1, 0)
    # Removing the 2025 value: nmi has no data, so kf-1 rests on utbn-1 alone.
    engine.set_measurement("nmi", "2025", None)
    r = engine.evaluation.indicator("nmi", "kf")
    assert r.value is None and r.status == Status.NO_DATA
    assert engine.evaluation.to_json() == engine.model.evaluate("2025").to_json()


def test_assessment_and_targets(small: Model) -> None:
    engine = small.engine("2025")
    u = engine.set_assessment("kf-1", "2025", Status.FULFILLED, comment="Beslutat i KF",
                              author="KF", date="2025-12-31")
    g = engine.evaluation.goal("kf-1")
    assert (g.status, g.computed_status, g.manual) == (
        Status.FULFILLED, Status.PARTLY_FULFILLED, True,
    )
    assert g.assessment is not None and g.assessment["comment"] == "Beslutat i KF"
    assert u.goals == 1 and u.indicators == 0
    # An assessment for another period leaves this one as it is.
    assert engine.set_assessment("kf-1", "2024", "not_fulfilled") == Update()
    assert engine.set_assessment("kf-1", "2025") .goals == 1  # removed
    assert engine.evaluation.goal("kf-1").status == Status.PARTLY_FULFILLED
    # nmi 60 against a new target of 60: fulfilled.
    u = engine.set_targets("nmi", [{"period": "2025", "value": 60}])
    assert engine.evaluation.indicator("nmi", "kf").status == Status.FULFILLED
    assert engine.evaluation.indicator("nmi", "kf").warning is None
    assert u.indicators == 1
    # No targets: no_data is not what it becomes; the indicator is simply
    # unassessed, and the model warns about it.
    engine.set_targets("nmi", [])
    codes = [(d.code, d.subject) for d in engine.evaluation.diagnostics]
    assert ("indicator_without_target", "indicator:nmi") in codes
    assert engine.evaluation.to_json() == engine.model.evaluate("2025").to_json()


def test_engine_model_is_the_edited_model_and_the_original_is_untouched(small: Model) -> None:
    before = small.to_json()
    engine = small.engine("2025")
    engine.set_measurement("kostnad", "2025", "101", org="utbn")
    engine.set_measurement("kostnad", "2025T2", 7, org="skola-a")
    assert small.to_json() == before
    meas = {
        (m["period"], m.get("org")): m["value"]
        for m in next(i for i in engine.model.to_dict()["indicators"] if i["id"] == "kostnad")[
            "measurements"
        ]
    }
    # org "utbn" is the owner: the owner's measurement is replaced in place.
    assert meas == {("2025", None): Decimal("101"), ("2025T2", "skola-a"): Decimal("7")}


def test_replacing_a_measurement_drops_its_gender_split(small: Model) -> None:
    engine = small.engine("2025")
    engine.set_measurement("nmi", "2025", "61")
    nmi = engine.model.to_dict()["indicators"][0]
    m2025 = [m for m in nmi["measurements"] if m["period"] == "2025"]
    assert m2025 == [{"period": "2025", "value": Decimal("61")}]


def test_snapshots_do_not_move(small: Model) -> None:
    engine = small.engine("2025")
    e1 = engine.evaluation
    text = e1.to_json()
    assert engine.evaluation == e1  # nothing changed: the same evaluation
    engine.set_measurement("behoriga", "2025", "85")
    assert e1.to_json() == text
    assert e1.model == small
    e2 = engine.evaluation
    assert e2.to_json() != text
    assert e2.model != small
    assert e2.goal("utbn-1").status == Status.FULFILLED
    # dialogue and frames work on an engine's evaluation
    assert e2.dialogue("kf", "utbn").deviations == []
    assert e2.goals_frame()["status"].tolist()[2] == "fulfilled"


def test_tag_and_period_of_the_engine(small: Model) -> None:
    engine = Engine(small, styrkort.Period("2025"), tag="quality")
    assert engine.tag == "quality" and engine.period == styrkort.Period("2025")
    engine.set_measurement("behoriga", "2025", "85")
    e = engine.evaluation
    assert e.tag == "quality" and [g.goal for g in e.goals] == ["skola-1"]
    assert e.to_json() == engine.model.evaluate("2025", tag="quality").to_json()
    assert "tag=quality" in repr(engine)


# --------------------------------------------------------------------------- errors


def test_unknown_ids(small: Model) -> None:
    engine = small.engine("2025")
    before = engine.evaluation.to_json()
    with pytest.raises(UnknownIdError) as ei:
        engine.set_measurement("nope", "2025", "1")
    assert (ei.value.kind, ei.value.id) == ("indicator", "nope")
    assert isinstance(ei.value, KeyError)
    with pytest.raises(UnknownIdError) as ei:
        engine.set_measurement("nmi", "2025", "1", org="nowhere")
    assert (ei.value.kind, ei.value.id) == ("org", "nowhere")
    with pytest.raises(UnknownIdError) as ei:
        engine.set_targets("nope", [])
    assert ei.value.kind == "indicator"
    with pytest.raises(UnknownIdError) as ei:
        engine.set_targets("nmi", [{"period": "2025", "value": "1", "org": "nowhere"}])
    assert (ei.value.kind, ei.value.id) == ("org", "nowhere")
    with pytest.raises(UnknownIdError) as ei:
        engine.set_assessment("nope", "2025", "fulfilled")
    assert (ei.value.kind, ei.value.id) == ("goal", "nope")
    with pytest.raises(UnknownIdError) as ei:
        engine.status("nope")
    assert (ei.value.kind, ei.value.id) == ("goal", "nope")
    assert engine.evaluation.to_json() == before
    assert engine.model == small


def test_bad_periods_values_and_targets(small: Model) -> None:
    engine = small.engine("2025")
    before = engine.evaluation.to_json()
    with pytest.raises(PeriodError) as pe:
        engine.set_measurement("nmi", "2025T4", "1")
    assert pe.value.input == "2025T4"
    with pytest.raises(PeriodError):
        engine.set_assessment("kf-1", "25", "fulfilled")
    with pytest.raises(PeriodError):
        Engine(small, "2025-13")
    with pytest.raises(ModelError) as me:
        engine.set_measurement("nmi", "2025", 60.5)
    assert me.value.code == "float" and me.value.path == "value"
    with pytest.raises(ModelError) as me:
        engine.set_measurement("nmi", "2025", True)
    assert me.value.path == "value"
    with pytest.raises(ModelError) as me:
        engine.set_measurement("nmi", "2025", "sextio")
    assert me.value.path == "value"
    with pytest.raises(ModelError) as me:
        engine.set_targets("nmi", [{"period": "2025", "value": 62.5}])
    assert me.value.code == "float" and me.value.path == "targets[0].value"
    with pytest.raises(ModelError) as me:
        engine.set_targets("nmi", [{"period": "2025", "value": "62", "colour": "red"}])
    assert me.value.path.startswith("targets[0]")
    with pytest.raises(ValidationError) as ve:
        engine.set_targets("nmi", [{"period": "2025"}])  # a value target without value
    assert [d.code for d in ve.value.diagnostics] == ["invalid_target"]
    with pytest.raises(ValidationError):
        engine.set_targets("nmi", [{"period": "2025", "value": "1"}, {"period": "2025", "value": "2"}])
    with pytest.raises(TypeError):
        engine.set_targets("nmi", {"period": "2025", "value": "1"})  # type: ignore[arg-type]
    with pytest.raises(ModelError) as me:
        engine.set_assessment("kf-1", "2025", "great")
    assert me.value.path == "assessment.status"
    with pytest.raises(TypeError):
        engine.set_assessment("kf-1", "2025", comment="no status")
    assert engine.evaluation.to_json() == before
    # allow_float converts through repr, as everywhere else
    engine.set_measurement("nmi", "2025", 60.1, allow_float=True)
    assert engine.evaluation.indicator("nmi", "kf").value == Decimal("60.1")


def test_invalid_model_is_refused(small_dict: dict[str, Any]) -> None:
    small_dict["goals"][0]["indicators"] = [{"indicator": "missing"}]
    with pytest.raises(ValidationError):
        Model.from_dict(small_dict).engine("2025")


# --------------------------------------------------------------------------- pickling, threads


def test_engine_and_its_evaluations_pickle(small: Model) -> None:
    engine = small.engine("2025", tag="quality")
    engine.set_measurement("behoriga", "2025", "85")
    e = engine.evaluation
    e2 = pickle.loads(pickle.dumps(e))
    assert e2 == e and e2.to_json() == e.to_json() and e2.tag == "quality"
    engine2 = pickle.loads(pickle.dumps(engine))
    assert isinstance(engine2, Engine)
    assert engine2.evaluation.to_json() == e.to_json()
    assert engine2.model == engine.model
    u = Update(1, 2, 3)
    assert pickle.loads(pickle.dumps(u)) == u and hash(u) == hash(Update(1, 2, 3))


def test_threads_share_one_engine(small: Model) -> None:
    engine = small.engine("2025")
    values = [str(v) for v in range(50, 90)]

    def work(indicator: str) -> None:
        for v in values:
            engine.set_measurement(indicator, "2025", v)
            engine.evaluation.goal("kf-1")

    threads = [threading.Thread(target=work, args=(i,)) for i in ("nmi", "kostnad", "behoriga")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert engine.evaluation.to_json() == engine.model.evaluate("2025").to_json()
    d = engine.model.to_dict()
    last = {i["id"]: [m["value"] for m in i["measurements"] if m["period"] == "2025"] for i in d["indicators"]}
    assert last == {"nmi": [Decimal(89)], "kostnad": [Decimal(89)], "behoriga": [Decimal(89)]}


# --------------------------------------------------------------------------- random edits

ORGS = [None, "kf", "utbn", "utbk", "skola-a"]
PERIODS = ["2024", "2025", "2025T1", "2025T2", "2025Q3", "2025-08"]
EVAL_PERIODS = ["2025", "2025T2", "2025-08"]
values = st.decimals(min_value=Decimal("-1000"), max_value=Decimal("1000"), places=2)
positive = st.decimals(min_value=Decimal("1"), max_value=Decimal("1000"), places=1)


@st.composite
def target_lists(draw: st.DrawFn) -> list[dict[str, Any]]:
    keys = draw(st.lists(st.tuples(st.sampled_from(PERIODS), st.sampled_from(ORGS)),
                         unique=True, max_size=3))
    out: list[dict[str, Any]] = []
    for period, org in keys:
        t: dict[str, Any] = {"period": period}
        if org is not None:
            t["org"] = org
        if draw(st.booleans()):
            t["kind"] = "improve"
        else:
            t["value"] = draw(positive)
            if draw(st.booleans()):
                t["warning"] = t["value"] * Decimal("0.9")
        out.append(t)
    return out


edits = st.one_of(
    st.tuples(st.just("measurement"), st.sampled_from(["nmi", "kostnad", "behoriga"]),
              st.sampled_from(PERIODS), st.one_of(st.none(), values), st.sampled_from(ORGS)),
    st.tuples(st.just("targets"), st.sampled_from(["nmi", "kostnad", "behoriga"]), target_lists()),
    st.tuples(st.just("assessment"), st.sampled_from(["kf-1", "utbn-1", "skola-1"]),
              st.sampled_from(PERIODS),
              st.one_of(st.none(), st.sampled_from(["fulfilled", "partly_fulfilled", "not_fulfilled"]))),
)


def _owner(d: dict[str, Any], indicator: str) -> str:
    return str(next(i["owner"] for i in d["indicators"] if i["id"] == indicator))


def _apply(d: dict[str, Any], edit: tuple[Any, ...]) -> None:
    """The same edit on the model dict, by the rules of the model format."""
    if edit[0] == "measurement":
        _, ind_id, period, value, org = edit
        owner = _owner(d, ind_id)
        ind = next(i for i in d["indicators"] if i["id"] == ind_id)
        at = org or owner
        kept = [m for m in ind["measurements"]
                if not (m["period"] == period and (m.get("org") or owner) == at)]
        if value is not None:
            m: dict[str, Any] = {"period": period, "value": value}
            if org is not None:
                m["org"] = org
            kept.append(m)
        ind["measurements"] = kept
    elif edit[0] == "targets":
        _, ind_id, targets = edit
        next(i for i in d["indicators"] if i["id"] == ind_id)["targets"] = copy.deepcopy(targets)
    else:
        _, goal_id, period, status = edit
        goal = next(g for g in d["goals"] if g["id"] == goal_id)
        kept = [a for a in goal.get("assessments", []) if a["period"] != period]
        if status is not None:
            kept.append({"period": period, "status": status})
        goal["assessments"] = kept


def _run(engine: Engine, edit: tuple[Any, ...]) -> Update:
    if edit[0] == "measurement":
        _, ind_id, period, value, org = edit
        return engine.set_measurement(ind_id, period, value, org=org)
    if edit[0] == "targets":
        return engine.set_targets(edit[1], edit[2])
    return engine.set_assessment(edit[1], edit[2], edit[3])


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(EVAL_PERIODS), st.one_of(st.none(), st.just("quality")),
       st.lists(edits, min_size=1, max_size=12))
def test_engine_equals_a_full_evaluation_after_random_edits(
    period: str, tag: Optional[str], sequence: list[tuple[Any, ...]]
) -> None:
    d = copy.deepcopy(SMALL)
    engine = Model.from_dict(d).engine(period, tag=tag)
    for k, edit in enumerate(sequence):
        _run(engine, edit)
        _apply(d, edit)
        if k % 4 == 3:  # now and then mid-sequence, always at the end
            assert engine.evaluation.to_json() == Model.from_dict(d).evaluate(period, tag=tag).to_json()
    expected = Model.from_dict(d).evaluate(period, tag=tag)
    assert engine.evaluation.to_json() == expected.to_json()
    assert engine.evaluation == expected
    assert engine.model.evaluate(period, tag=tag).to_json() == expected.to_json()
