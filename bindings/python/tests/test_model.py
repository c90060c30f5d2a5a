"""Reading and writing models: from_json, from_dict, load, to_json, to_dict, validate, Period."""

from __future__ import annotations

import datetime
import json
import pathlib
from decimal import Decimal
from typing import Any

import pytest

import styrkort
from styrkort import Model, Period, Severity

from .conftest import EXAMPLE, SMALL


def test_from_dict_to_dict_round_trip(small: Model) -> None:
    d = small.to_dict()
    nmi = d["indicators"][0]
    assert nmi["measurements"][1] == {
        "period": "2025",
        "value": Decimal("60"),
        "women": Decimal("61"),
        "men": Decimal("59"),
    }
    # an int given for a decimal comes back as Decimal
    assert d["indicators"][1]["targets"][0]["value"] == Decimal("100")
    assert isinstance(d["indicators"][1]["targets"][0]["value"], Decimal)
    assert Model.from_dict(d) == small


def test_to_dict_strings(small: Model) -> None:
    d = small.to_dict(decimal=False)
    assert d == json.loads(small.to_json())
    assert d["indicators"][0]["targets"][0] == {"period": "2025", "value": "62", "warning": "58"}


def test_to_json_round_trip(small: Model) -> None:
    text = small.to_json()
    assert text.startswith('{\n  "format": "styrkort/1"')
    assert Model.from_json(text) == small
    compact = small.to_json(compact=True)
    assert "\n" not in compact
    assert Model.from_json(compact) == small
    assert json.loads(compact) == json.loads(text)


def test_decimal_text_is_exact() -> None:
    m: dict[str, Any] = json.loads(json.dumps(SMALL, default=str))
    m["indicators"][0]["measurements"][1]["value"] = Decimal("60.123456789012345678901234")
    m["indicators"][0]["measurements"][0]["value"] = Decimal("1E+2")
    back = Model.from_dict(m).to_dict()
    assert back["indicators"][0]["measurements"][1]["value"] == Decimal("60.123456789012345678901234")
    assert str(back["indicators"][0]["measurements"][1]["value"]) == "60.123456789012345678901234"
    assert back["indicators"][0]["measurements"][0]["value"] == Decimal(100)


def test_from_dict_accepts_dates_periods_and_enums(small_dict: dict[str, Any]) -> None:
    act = small_dict["action_plans"][0]["activities"][0]
    act["start"] = datetime.date(2025, 1, 15)
    act["due"] = datetime.date(2025, 6, 30)
    small_dict["goals"][0]["perspective"] = styrkort.Perspective.CITIZEN
    small_dict["indicators"][0]["targets"][0]["period"] = Period("2025")
    small_dict["organisation"] = tuple(small_dict["organisation"])
    assert Model.from_dict(small_dict) == Model.from_dict(SMALL)


def test_load(tmp_path: pathlib.Path, small: Model) -> None:
    p = tmp_path / "m.json"
    p.write_text(small.to_json(), encoding="utf-8")
    assert styrkort.load(p) == small
    assert styrkort.load(str(p)) == small
    assert Model.from_file(p) == small


def test_load_errors(tmp_path: pathlib.Path) -> None:
    """The file is read in Rust; the errors are Python's own kinds, with the file."""
    missing = tmp_path / "nope.json"
    with pytest.raises(FileNotFoundError) as e:
        styrkort.load(missing)
    assert e.value.filename == str(missing)
    bad = tmp_path / "bad.json"
    bad.write_bytes(b'{"format": "styrkort/1", "x": "' + bytes([0xFF]) + b'"}')
    with pytest.raises(UnicodeDecodeError):
        styrkort.load(bad)
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "styrkort/1", "goals": [{"id": 1}]}', encoding="utf-8")
    with pytest.raises(styrkort.ModelError, match=r"goals\[0\]"):
        styrkort.load(broken)


@pytest.mark.skipif(not EXAMPLE.exists(), reason="examples/exempelkommun.json not written yet")
def test_load_example() -> None:
    m = styrkort.load(EXAMPLE)
    assert not [d for d in m.validate() if d.is_error]
    assert m.evaluate("2025T2").period == Period("2025T2")


def test_validate_returns_diagnostics(small: Model) -> None:
    ds = small.validate()
    assert all(isinstance(d, styrkort.Diagnostic) for d in ds)
    assert all(d.severity is Severity.WARNING for d in ds)
    codes = {(d.code, d.subject) for d in ds}
    # the small model misses perspectives in its scorecards
    assert ("missing_perspective", "org:kf") in codes
    d = ds[0]
    assert d.to_dict() == {
        "code": d.code,
        "severity": "warning",
        "message": d.message,
        "subject": d.subject,
    }
    assert repr(d).startswith("<Diagnostic warning ")


def test_validate_errors(small_dict: dict[str, Any]) -> None:
    small_dict["goals"][1]["contributes_to"] = ["nope"]
    small_dict["indicators"][0]["measurements"].append({"period": "2025", "value": "1"})
    ds = Model.from_dict(small_dict).validate()
    errors = [d for d in ds if d.is_error]
    assert {d.subject for d in errors} >= {"goal:utbn-1", "indicator:nmi"}
    assert all(d.severity == "error" for d in errors)


def test_model_repr_and_ids(small: Model) -> None:
    assert repr(small) == "<styrkort.Model: 4 orgs, 3 indicators, 3 goals, 1 action plans>"
    assert small.org_ids() == ["kf", "utbn", "utbk", "skola-a"]
    assert small.indicator_ids() == ["nmi", "kostnad", "behoriga"]
    assert small.goal_ids() == ["kf-1", "utbn-1", "skola-1"]
    assert small != object()


def test_period() -> None:
    t2 = Period("2025T2")
    assert str(t2) == "2025T2"
    assert repr(t2) == "Period('2025T2')"
    assert (t2.kind, t2.year, t2.index) == ("tertial", 2025, 2)
    assert t2.start == datetime.date(2025, 5, 1)
    assert t2.end == datetime.date(2025, 8, 31)
    assert t2.previous() == Period("2025T1")
    assert t2.next() == Period("2025T3")
    assert Period("2025T1").previous() == Period("2024T3")
    assert t2.year_earlier() == Period("2024T2")
    assert Period(2025).contains(t2)
    assert Period("2025").contains("2025-08")
    assert not t2.contains("2025-09")
    assert Period("2025-01") < Period("2025Q1") < Period("2025T1") < Period("2025")
    assert len({Period("2025Q3"), Period("2025Q3"), Period("2025-08")}) == 2
    assert Period("2025-08").kind == "month"
    assert Period("2025Q3").end == datetime.date(2025, 9, 30)


def test_with_measurements(small: Model) -> None:
    rows = [
        {"indicator": "nmi", "period": "2025", "value": Decimal("63")},  # replaces 60
        {"indicator": "nmi", "period": "2026", "value": "64", "women": 65},
        {"indicator": "behoriga", "period": "2025", "org": "skola-a", "value": "81"},  # owner = skola-a
    ]
    m2 = small.with_measurements(rows)
    assert m2 != small
    ms = m2.to_dict()["indicators"][0]["measurements"]
    assert ms == [
        {"period": "2024", "value": Decimal("59")},
        {"period": "2025", "value": Decimal("63")},
        {"period": "2026", "value": Decimal("64"), "women": Decimal("65")},
    ]
    e = m2.evaluate("2025")
    assert e.goal("kf-1").status == "fulfilled"  # nmi 63 >= 62, utbn-1: kostnad ok, skola-1 81 >= 80
    # the original is unchanged
    assert small.evaluate("2025").goal("kf-1").status == "partly_fulfilled"
    # without replace the duplicate reaches validation
    dup = small.with_measurements(rows[:1], replace=False)
    assert any(d.is_error and d.subject == "indicator:nmi" for d in dup.validate())


KOLADA_MODEL = """{"format": "styrkort/1",
  "organisation": [{"id": "kf", "name": "KF", "kind": "council"}],
  "indicators": [{"id": "nmi", "name": "NMI", "owner": "kf",
    "source": {"kolada": {"kpi": "U00408", "municipality": "0114"}},
    "measurements": [{"period": "2023", "value": "57"}]}]}"""


def test_apply_kolada() -> None:
    m = Model.from_json(KOLADA_MODEL)
    page = {"values": [
        {"kpi": "U00408", "municipality": "0114", "period": 2024,
         "values": [{"gender": "T", "value": Decimal("58.5")}, {"gender": "K", "value": 60}]},
        {"kpi": "U00408", "municipality": "0114", "period": 2023,
         "values": [{"gender": "T", "value": "56"}]},
    ]}
    with pytest.raises(styrkort.ConflictError) as info:
        m.apply_kolada(page)
    e = info.value
    assert isinstance(e, ValueError)
    assert (e.indicator, e.org, e.period) == ("nmi", "kf", "2023")
    m2, report = m.apply_kolada(page, policy="keep")
    assert [c["period"] for c in report["added"]] == ["2024"]
    assert [c["period"] for c in report["kept"]] == ["2023"]
    ms = m2.to_dict()["indicators"][0]["measurements"]
    assert ms[1] == {"period": "2024", "value": Decimal("58.5"), "women": Decimal(60)}
    assert ms[0]["value"] == Decimal(57)
    assert m.to_dict()["indicators"][0]["measurements"] == [{"period": "2023", "value": Decimal(57)}]
    m3, _ = m.apply_kolada(json.dumps(page, default=str), policy="replace")
    assert m3.to_dict()["indicators"][0]["measurements"][0]["value"] == Decimal(56)
    with pytest.raises(ValueError, match="policy"):
        m.apply_kolada(page, policy="sometimes")


@pytest.mark.skipif(not EXAMPLE.exists(), reason="examples/exempelkommun.json not written yet")
def test_cut_and_split() -> None:
    """The core's partition, from Python: the part below a board holds its
    subtree and evaluates its goals as the whole does; the one municipality
    of the example splits into itself; parts pickle."""
    import pickle

    m = styrkort.load(EXAMPLE)
    part = m.cut("utbn")
    orgs = part.org_ids()
    assert orgs[0] == "utbn" and "kf" not in orgs and len(orgs) < len(m.org_ids())
    whole, alone = m.evaluate("2025T2"), part.evaluate("2025T2")
    board_goals = [g for g in alone.goals if g.owner == "utbn"]
    assert board_goals
    for g in alone.goals:
        assert g.to_dict() == whole.goal(g.goal).to_dict()
    [(root, only)] = m.split_municipalities()
    assert root == "kommun"
    assert only.evaluate("2025T2").to_dict()["goals"] == whole.to_dict()["goals"]
    assert pickle.loads(pickle.dumps(part)) == part
    with pytest.raises(styrkort.UnknownIdError):
        m.cut("nope")
