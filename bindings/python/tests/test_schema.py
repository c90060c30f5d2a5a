"""The published JSON Schemas (schema/, draft 2020-12, generated from the Rust
types): every vector's model.json and expected.json and the example validate,
the evaluation of the example validates, and typical mistakes are refused."""

from __future__ import annotations

import json
import pathlib
from typing import Any

import pytest

jsonschema = pytest.importorskip("jsonschema")

import styrkort  # noqa: E402

from .conftest import EXAMPLE, REPO, VECTORS  # noqa: E402

SCHEMA = REPO / "schema"


def _validator(name: str) -> Any:
    schema = json.loads((SCHEMA / name).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


MODEL = _validator("styrkort-1.schema.json")
EVALUATION = _validator("styrkort-evaluation-1.schema.json")
DIRS = sorted(p for p in VECTORS.iterdir() if (p / "model.json").is_file())


def _errors(validator: Any, doc: Any) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(doc)]


@pytest.mark.parametrize("vector", DIRS, ids=lambda p: p.name)
def test_vector_validates(vector: pathlib.Path) -> None:
    assert _errors(MODEL, json.loads((vector / "model.json").read_text(encoding="utf-8"))) == []
    expected = json.loads((vector / "expected.json").read_text(encoding="utf-8"))
    assert _errors(EVALUATION, expected) == []


def test_example_and_its_evaluation_validate() -> None:
    doc = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    assert _errors(MODEL, doc) == []
    for period in ["2025T2", "2025", "2025-05"]:
        e = styrkort.load(str(EXAMPLE)).evaluate(period)
        assert _errors(EVALUATION, json.loads(e.to_json())) == []


@pytest.mark.parametrize(
    "edit, where",
    [
        (lambda m: m["goals"][0].update(weigth="1"), ["goals", 0]),
        (lambda m: m["indicators"][0]["measurements"][0].update(period="2025t2"), ["indicators", 0, "measurements", 0, "period"]),
        (lambda m: m["indicators"][0]["measurements"][0].update(value="sextio"), ["indicators", 0, "measurements", 0, "value"]),
        (lambda m: m.update(format="styrkort/2"), ["format"]),
        (lambda m: m["organisation"][0].update(kind="kommun"), ["organisation", 0, "kind"]),
    ],
)
def test_mistakes_are_refused(edit: Any, where: list[Any]) -> None:
    doc = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    edit(doc)
    errors = list(MODEL.iter_errors(doc))
    assert errors, "the schema accepted a broken model"
    assert any(list(e.absolute_path)[: len(where)] == where for e in errors), [
        list(e.absolute_path) for e in errors
    ]
