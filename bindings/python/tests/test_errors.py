"""Every error class, its bases, its attributes and the core's message."""

from __future__ import annotations

import json
import pickle
from decimal import Decimal
from typing import Any

import pytest

import styrkort
from styrkort import (
    Model,
    ModelError,
    Period,
    PeriodError,
    StyrkortError,
    UnknownIdError,
    ValidationError,
)


def test_json_syntax_error_has_position() -> None:
    with pytest.raises(ModelError) as info:
        Model.from_json('{"format": "styrkort/1",\n "goals": [}')
    e = info.value
    assert isinstance(e, StyrkortError) and isinstance(e, ValueError)
    assert e.code == "json"
    assert e.line == 2
    assert "line 2" in str(e)


def test_json_error_names_the_path(small_dict: dict[str, Any]) -> None:
    small_dict["goals"][1]["indicators"][0]["weight"] = "tung"
    with pytest.raises(ModelError) as info:
        Model.from_dict(small_dict)
    e = info.value
    assert e.path == "goals[1].indicators[0].weight"
    assert str(e).startswith("invalid model JSON at goals[1].indicators[0].weight")
    assert "tung" in str(e)


def test_a_byte_order_mark_is_skipped(small_dict: dict[str, Any]) -> None:
    text = Model.from_dict(small_dict).to_json()
    assert Model.from_json("\ufeff" + text) == Model.from_json(text)


def test_a_decimal_beyond_the_range_is_too_large(small_dict: dict[str, Any]) -> None:
    too_large = (
        "is too large for an exact decimal (at most 79228162514264337593543950335, about 7.9e28)"
    )
    small_dict["indicators"][0]["measurements"][1]["value"] = "1e30"
    with pytest.raises(ModelError) as info:
        Model.from_dict(small_dict)
    assert info.value.path == "indicators[0].measurements[1].value"
    assert str(info.value).endswith(f'"1e30" {too_large}')
    # A JSON number is echoed as written, not as 1e+30.
    text = json.dumps(small_dict, default=str).replace('"1e30"', "1e30")
    with pytest.raises(ModelError) as info:
        Model.from_json(text)
    assert str(info.value).endswith(f"the number 1e30 {too_large}")


def test_a_text_cut_short_says_so_and_where() -> None:
    text = '{"format": "styrkort/1", "organisation": [{"id": "kf", '
    with pytest.raises(ModelError) as info:
        Model.from_json(text)
    e = info.value
    assert e.path == "organisation[0]" and (e.line, e.column) == (1, 55)
    assert str(e) == (
        "invalid model JSON at organisation[0] (line 1, column 55): "
        "the JSON text ends early, after 55 bytes, while parsing a value"
    )
    with pytest.raises(ModelError) as info:
        Model.from_json('{"form')
    assert "?" not in str(info.value)


def test_kolada_page_errors_name_the_page(small: styrkort.Model) -> None:
    with pytest.raises(ModelError) as info:
        small.apply_kolada('{"values": 5}')
    assert str(info.value).startswith("invalid Kolada data page JSON at values")


def test_unknown_field_is_refused(small_dict: dict[str, Any]) -> None:
    small_dict["indicators"][2]["colour"] = "red"
    with pytest.raises(ModelError, match=r"indicators\[2\]") as info:
        Model.from_dict(small_dict)
    assert "colour" in str(info.value)


def test_wrong_format_tag() -> None:
    with pytest.raises(ModelError, match="styrkort/1"):
        Model.from_json(json.dumps({"format": "styrkort/2"}))


def test_float_is_refused(small_dict: dict[str, Any]) -> None:
    small_dict["indicators"][0]["measurements"][1]["value"] = 60.1
    with pytest.raises(ModelError) as info:
        Model.from_dict(small_dict)
    e = info.value
    assert isinstance(e, ValueError)
    assert e.code == "float"
    assert e.path == "indicators[0].measurements[1].value"
    assert "60.1" in str(e) and "allow_float=True" in str(e)


def test_float_opt_in_goes_through_repr(small_dict: dict[str, Any]) -> None:
    ms = small_dict["indicators"][0]["measurements"]
    ms[1]["value"] = 60.1
    ms[0]["value"] = 1e-7
    m = Model.from_dict(small_dict, allow_float=True)
    back = m.to_dict()["indicators"][0]["measurements"]
    assert back[1]["value"] == Decimal("60.1")  # not 60.10000000000000142...
    assert back[0]["value"] == Decimal("0.0000001")


def test_float_in_rows_is_refused(small: Model) -> None:
    with pytest.raises(ModelError) as info:
        small.with_measurements([{"indicator": "nmi", "period": "2025", "value": 61.5}])
    assert info.value.path == "rows[0].value"
    m = small.with_measurements(
        [{"indicator": "nmi", "period": "2025", "value": 61.5}], allow_float=True
    )
    assert m.to_dict()["indicators"][0]["measurements"][1]["value"] == Decimal("61.5")


def test_rows_errors_name_the_row(small: Model) -> None:
    with pytest.raises(ModelError) as info:
        small.with_measurements([{"indicator": "nmi", "period": "2025", "value": "1"},
                                 {"indicator": "nmi", "period": "2025T4", "value": "1"}])
    assert info.value.path.startswith("rows[1]")
    with pytest.raises(UnknownIdError, match='unknown indicator id "nope"'):
        small.with_measurements([{"indicator": "nope", "period": "2025", "value": "1"}])


def test_other_types_are_refused(small_dict: dict[str, Any]) -> None:
    small_dict["goals"][0]["title"] = {1, 2}
    with pytest.raises(ModelError, match=r"goals\[0\]\.title: a set"):
        Model.from_dict(small_dict)


def test_period_error() -> None:
    with pytest.raises(PeriodError) as info:
        Period("2025T4")
    e = info.value
    assert isinstance(e, ValueError) and isinstance(e, StyrkortError)
    assert e.input == "2025T4"
    assert e.code == "period"
    assert str(e).startswith('invalid period "2025T4"')
    with pytest.raises(PeriodError):
        Period("0999")
    with pytest.raises(TypeError):
        Period(2025.0)  # type: ignore[arg-type]
    with pytest.raises(PeriodError):
        Period("1000").previous()


def test_evaluate_bad_period(small: Model) -> None:
    with pytest.raises(PeriodError, match="2025X"):
        small.evaluate("2025X")


def test_validation_error(small_dict: dict[str, Any]) -> None:
    small_dict["goals"][2]["owner"] = "nowhere"
    m = Model.from_dict(small_dict)
    with pytest.raises(ValidationError) as info:
        m.evaluate("2025")
    e = info.value
    assert isinstance(e, ValueError)
    assert e.code == "invalid_model"
    assert [d.subject for d in e.diagnostics] == ["goal:skola-1"]
    assert all(d.is_error for d in e.diagnostics)
    assert '"nowhere"' in str(e) and "goal:skola-1" in str(e)


def test_unknown_id(small_2025: styrkort.Evaluation) -> None:
    with pytest.raises(UnknownIdError) as info:
        small_2025.goal("kf-9")
    e = info.value
    assert isinstance(e, KeyError) and isinstance(e, StyrkortError)
    assert (e.kind, e.id) == ("goal", "kf-9")
    assert str(e) == 'unknown goal id "kf-9"'
    with pytest.raises(UnknownIdError, match='unknown org id "x"'):
        small_2025.dialogue("kf", "x")
    with pytest.raises(KeyError):
        small_2025.scorecard("x")
    with pytest.raises(KeyError):
        small_2025.indicator("nmi", "utbn")
    with pytest.raises(KeyError):
        small_2025.action_plan("hp-9")


def test_errors_pickle(small_dict: dict[str, Any]) -> None:
    small_dict["goals"][2]["owner"] = "nowhere"
    with pytest.raises(ValidationError) as info:
        Model.from_dict(small_dict).evaluate("2025")
    e2 = pickle.loads(pickle.dumps(info.value))
    assert type(e2) is ValidationError
    assert str(e2) == str(info.value)
    assert e2.diagnostics == info.value.diagnostics
    with pytest.raises(ModelError) as mi:
        Model.from_json("{")
    m2 = pickle.loads(pickle.dumps(mi.value))
    assert (m2.path, m2.line, m2.column, str(m2)) == (
        mi.value.path, mi.value.line, mi.value.column, str(mi.value))


def test_error_classes_are_public() -> None:
    for name in ("StyrkortError", "ModelError", "PeriodError", "ValidationError",
                 "UnknownIdError", "ArithmeticOverflowError", "ConflictError", "InternalError"):
        cls = getattr(styrkort, name)
        assert issubclass(cls, StyrkortError)
        assert cls.__module__ == "styrkort"
