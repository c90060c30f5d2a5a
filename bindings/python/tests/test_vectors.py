"""Every conformance vector gives the core's JSON byte for byte through Python."""

from __future__ import annotations

import json
import pathlib

import pytest

import styrkort

from .conftest import VECTORS


def _vectors() -> list[pathlib.Path]:
    if not VECTORS.is_dir():
        return []
    return sorted(d for d in VECTORS.iterdir() if (d / "model.json").is_file())


VECTOR_DIRS = _vectors()


def _read(p: pathlib.Path) -> str:
    return p.read_text(encoding="utf-8")


def _expected(p: pathlib.Path) -> str:
    text = _read(p)
    assert text.endswith("\n") and not text.endswith("\n\n"), f"{p} must end with exactly one newline"
    return text[:-1]


@pytest.mark.skipif(not VECTOR_DIRS, reason="no conformance vectors in tests/vectors")
@pytest.mark.parametrize("vector", VECTOR_DIRS, ids=[d.name for d in VECTOR_DIRS])
def test_vector(vector: pathlib.Path) -> None:
    model = styrkort.load(vector / "model.json")
    period = _read(vector / "period.txt").strip()
    tag_file = vector / "tag.txt"
    tag = _read(tag_file).strip() if tag_file.exists() else None
    comparison_file = vector / "comparison.json"
    comparison = _read(comparison_file) if comparison_file.exists() else None
    evaluation = model.evaluate(period, tag=tag, comparison=comparison)
    expected = _expected(vector / "expected.json")
    assert evaluation.to_json() == expected
    # to_dict is exactly the document: written back with the core's layout it is the same text.
    assert json.dumps(evaluation.to_dict(decimal=False), indent=2, ensure_ascii=False) == expected
    assert evaluation.to_dict() == json.loads(expected, object_hook=styrkort._json._decimal_hook)
    dialogue = vector / "dialogue.txt"
    if dialogue.exists():
        upper, lower = _read(dialogue).split()
        brief = evaluation.dialogue(upper, lower)
        assert brief.to_json() == _expected(vector / "expected-dialogue.json")


@pytest.mark.skipif(not VECTOR_DIRS, reason="no conformance vectors in tests/vectors")
@pytest.mark.parametrize("vector", VECTOR_DIRS, ids=[d.name for d in VECTOR_DIRS])
def test_vector_through_dict(vector: pathlib.Path) -> None:
    """model.json -> dict (decimals as Decimal) -> Model gives the same evaluation."""
    text = _read(vector / "model.json")
    model = styrkort.Model.from_json(text)
    again = styrkort.Model.from_dict(model.to_dict())
    assert again == model
    period = _read(vector / "period.txt").strip()
    tag_file = vector / "tag.txt"
    tag = _read(tag_file).strip() if tag_file.exists() else None
    comparison_file = vector / "comparison.json"
    comparison = _read(comparison_file) if comparison_file.exists() else None
    first = model.evaluate(period, tag=tag, comparison=comparison)
    assert again.evaluate(period, tag=tag, comparison=comparison).to_json() == first.to_json()


@pytest.mark.skipif(not VECTOR_DIRS, reason="no conformance vectors in tests/vectors")
def test_decimal_keys_hold_decimals() -> None:
    """Every string under a name of the core's DECIMAL_KEYS in the documents is a decimal."""
    from decimal import Decimal, InvalidOperation

    def walk(obj: object, where: str) -> None:
        if isinstance(obj, dict):
            for k, v in obj.items():
                if k in styrkort._native.DECIMAL_KEYS and isinstance(v, str):
                    try:
                        Decimal(v)
                    except InvalidOperation:  # pragma: no cover - the failure message
                        pytest.fail(f"{where}.{k} = {v!r} is not a decimal")
                walk(v, f"{where}.{k}")
        elif isinstance(obj, list):
            for i, v in enumerate(obj):
                walk(v, f"{where}[{i}]")

    for d in VECTOR_DIRS:
        for name in ("model.json", "expected.json", "expected-dialogue.json"):
            p = d / name
            if p.exists():
                walk(json.loads(_read(p)), f"{d.name}/{name}")
