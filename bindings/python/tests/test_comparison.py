"""Comparison with similar municipalities (*jämförelsekommuner*): the
``comparison`` argument of ``Model.evaluate`` and ``Engine``, the
``comparison`` of indicator results, the frame columns, the dialogue, and
indicators made from Kolada KPI metadata (``styrkort.kolada_indicator``).

Fixtures: ``tests/fixtures/kolada`` (hand-written, v3-shaped)."""

from __future__ import annotations

import copy
import json
import pathlib
import pickle
from decimal import Decimal
from typing import Any

import pytest

import styrkort
from styrkort import Comparison, Model, ModelError

HERE = pathlib.Path(__file__).resolve().parent
FIXTURES = HERE.parents[2] / "tests" / "fixtures" / "kolada"


def _fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


@pytest.fixture
def kolada_model() -> Model:
    return Model.from_json(_fixture("model.json"))


def _row(code: str, value: str) -> dict[str, Any]:
    return {"kpi": "N15428", "municipality": code, "period": 2024,
            "values": [{"gender": "T", "value": Decimal(value), "count": 1, "status": ""}]}


# The brief's group: 0114 74.1 among 65.2, 70.5, 80.0 (higher is better).
FOUR = [_row("0114", "74.1"), _row("0120", "65.2"), _row("0123", "70.5"), _row("0117", "80.0")]


def _check_four(c: Comparison) -> None:
    # Sorted 65.2, 70.5, 74.1, 80.0; n = 4; h = (n - 1) p (type 7):
    #   Q1: h = 0.75 -> 65.2 + 0.75 * 5.3 = 69.175
    #   median: h = 1.5 -> 70.5 + 0.5 * 3.6 = 72.3
    #   Q3: h = 2.25 -> 74.1 + 0.25 * 5.9 = 75.575
    # rank = 1 + (values better than 74.1: 80.0) = 2; 69.175 < 74.1 < 75.575:
    # in neither the best nor the worst quartile.
    assert (c.municipality, c.value, c.direction) == ("0114", Decimal("74.1"), "higher_is_better")
    assert (c.rank, c.group_size) == (2, 4)
    assert c.median == Decimal("72.3")
    assert c.lower_quartile == Decimal("69.175")
    assert c.upper_quartile == Decimal("75.575")
    assert (c.best, c.worst) == (Decimal("80"), Decimal("65.2"))
    assert (c.best_quartile, c.worst_quartile) == (False, False)
    for x in (c.value, c.median, c.lower_quartile, c.upper_quartile, c.best, c.worst):
        assert isinstance(x, Decimal)


def test_hand_worked_group_in_every_payload_shape(kolada_model: Model) -> None:
    page = styrkort.kolada.to_payload(FOUR)
    split = [styrkort.kolada.to_payload(FOUR[:1]), styrkort.kolada.to_payload(FOUR[1:])]
    as_dict = {"count": 4, "next_url": None, "values": FOUR}
    results = []
    for payload in (FOUR, page, split, as_dict):
        e = kolada_model.evaluate("2024", comparison=payload)
        c = e.indicator("behorighet", "utbn").comparison
        assert c is not None
        _check_four(c)
        results.append(e.to_json())
    assert len(set(results)) == 1


def test_fixture_group(kolada_model: Model) -> None:
    # tests/fixtures/kolada/README.md: 0114 74.1 among 65.2, 70.5, 78.25, 80.0
    # (0125 has no value, 0000 is the nation): Q1 70.5, median 74.1,
    # Q3 78.25, rank 3 of 5.
    e = kolada_model.evaluate("2024", comparison=_fixture("comparison_group.json"))
    c = e.indicator("behorighet", "utbn").comparison
    assert c is not None
    assert (c.rank, c.group_size) == (3, 5)
    assert (c.lower_quartile, c.median, c.upper_quartile) == (
        Decimal("70.5"), Decimal("74.1"), Decimal("78.25"),
    )
    assert (c.best, c.worst) == (Decimal("80"), Decimal("65.2"))
    # nmi's KPI (U00408) is not in the data: no comparison.
    assert e.indicator("nmi", "kf").comparison is None
    assert c == e.indicator("behorighet", "utbn").comparison
    assert "rank 3 of 5" in repr(c)


def test_lower_is_better_and_best_quartile(kolada_model: Model) -> None:
    d = kolada_model.to_dict()
    d["indicators"][0]["direction"] = "lower_is_better"
    c = Model.from_dict(d).evaluate("2024", comparison=FOUR).indicator("behorighet", "utbn").comparison
    assert c is not None
    # lower is better: 65.2 and 70.5 are better than 74.1 -> rank 3; the
    # quartiles do not depend on the direction.
    assert (c.rank, c.direction) == (3, "lower_is_better")
    assert (c.best, c.worst) == (Decimal("65.2"), Decimal("80"))
    assert c.median == Decimal("72.3")
    assert (c.best_quartile, c.worst_quartile) == (False, False)
    # 0117 (80.0) compared, higher is better: 80.0 >= Q3 75.575 -> best quartile, rank 1.
    d = kolada_model.to_dict()
    d["indicators"][0]["source"]["kolada"]["municipality"] = "0117"
    c = Model.from_dict(d).evaluate("2024", comparison=FOUR).indicator("behorighet", "utbn").comparison
    assert c is not None
    assert (c.rank, c.best_quartile, c.worst_quartile) == (1, True, False)
    # 0120 (65.2): <= Q1 69.175 -> worst quartile, rank 4.
    d["indicators"][0]["source"]["kolada"]["municipality"] = "0120"
    c = Model.from_dict(d).evaluate("2024", comparison=FOUR).indicator("behorighet", "utbn").comparison
    assert c is not None
    assert (c.rank, c.best_quartile, c.worst_quartile) == (4, False, True)


def test_only_with_data_in_a_year_period(kolada_model: Model) -> None:
    plain = kolada_model.evaluate("2024")
    assert all(r.comparison is None for r in plain.indicators)
    assert '"comparison"' not in plain.to_json()
    # the same evaluation with comparison data differs only by the comparison entries
    with_cmp = kolada_model.evaluate("2024", comparison=FOUR)
    assert '"comparison"' in with_cmp.to_json()
    stripped = with_cmp.to_dict(decimal=False)
    for r in stripped["indicators"]:
        r.pop("comparison", None)
    assert stripped == plain.to_dict(decimal=False)
    # Kolada's figures are annual: no comparison in a tertial.
    t = kolada_model.evaluate("2024T3", comparison=FOUR)
    assert all(r.comparison is None for r in t.indicators)
    # An empty payload is no data.
    assert kolada_model.evaluate("2024", comparison=[]).to_json() == plain.to_json()


def test_to_dict_and_frame(kolada_model: Model) -> None:
    e = kolada_model.evaluate("2024", comparison=FOUR)
    entry = next(r for r in e.to_dict()["indicators"] if r["indicator"] == "behorighet")
    assert entry["comparison"]["median"] == Decimal("72.3")
    assert entry["comparison"]["lower_quartile"] == Decimal("69.175")
    assert entry["comparison"]["rank"] == 2
    text_entry = next(r for r in e.to_dict(decimal=False)["indicators"] if r["indicator"] == "behorighet")
    assert text_entry["comparison"]["upper_quartile"] == "75.575"
    assert json.dumps(e.to_dict(decimal=False), indent=2, ensure_ascii=False) == e.to_json()
    c = e.indicator("behorighet", "utbn").comparison
    assert c is not None and c.to_dict() == entry["comparison"]
    df = e.indicators_frame().set_index(["indicator", "org"])
    row = df.loc[("behorighet", "utbn")]
    assert (row["rank"], row["group_size"]) == (2, 4)
    assert (row["median"], row["lower_quartile"], row["upper_quartile"]) == (
        Decimal("72.3"), Decimal("69.175"), Decimal("75.575"),
    )
    assert (row["best"], row["worst"]) == (Decimal("80"), Decimal("65.2"))
    assert not row["best_quartile"] and not row["worst_quartile"]
    other = df.loc[("nmi", "kf")]
    assert other["rank"] is styrkort_na() and other["median"] is styrkort_na()
    assert str(df["rank"].dtype) == "Int64" and str(df["best_quartile"].dtype) == "boolean"


def styrkort_na() -> Any:
    import pandas as pd

    return pd.NA


def test_dialogue_lists_the_comparisons(kolada_model: Model) -> None:
    e = kolada_model.evaluate("2024", comparison=FOUR)
    brief = e.dialogue("kf", "utbn")
    comps = brief.comparisons()
    assert [(c["indicator"], c["org"]) for c in comps] == [("behorighet", "utbn")]
    assert comps[0]["comparison"]["median"] == Decimal("72.3")
    assert brief.to_dict()["comparisons"] == comps
    assert kolada_model.evaluate("2024").dialogue("kf", "utbn").comparisons() == []


def test_pickles_with_its_comparison(kolada_model: Model) -> None:
    e = kolada_model.evaluate("2024", tag=None, comparison=FOUR)
    e2 = pickle.loads(pickle.dumps(e))
    assert e2 == e and e2.to_json() == e.to_json()
    c = e2.indicator("behorighet", "utbn").comparison
    assert c is not None
    _check_four(c)


def test_engine_keeps_the_comparison(kolada_model: Model) -> None:
    engine = kolada_model.engine("2024", comparison=FOUR)
    engine.set_measurement("behorighet", "2024", "77")
    e = engine.evaluation
    assert e.indicator("behorighet", "utbn").status == styrkort.Status.FULFILLED
    c = e.indicator("behorighet", "utbn").comparison
    assert c is not None
    _check_four(c)  # from the comparison data, not from the measurement
    assert e.to_json() == engine.model.evaluate("2024", comparison=FOUR).to_json()
    e2 = pickle.loads(pickle.dumps(e))
    assert e2.to_json() == e.to_json()
    assert pickle.loads(pickle.dumps(engine)).evaluation.to_json() == e.to_json()


def test_bad_payloads(kolada_model: Model) -> None:
    with pytest.raises(ModelError) as me:
        kolada_model.evaluate("2024", comparison=[_fixture("comparison_group.json"),
                                                  _fixture("malformed_row.json")])
    assert me.value.path.startswith("pages[1].values[1]")
    rows = copy.deepcopy(FOUR)
    rows[2]["values"][0]["value"] = 70.5
    with pytest.raises(ModelError) as me:
        kolada_model.evaluate("2024", comparison=rows)
    assert me.value.code == "float" and me.value.path == "comparison[2].values[0].value"
    with pytest.raises(TypeError):
        kolada_model.evaluate("2024", comparison=42)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        kolada_model.evaluate("2024", comparison=["{}", {"values": []}])  # type: ignore[list-item]
    with pytest.raises(ModelError):
        kolada_model.evaluate("2024", comparison="not json")


# --------------------------------------------------------------------------- KPI metadata


def test_kolada_indicator_from_metadata() -> None:
    metas = json.loads(_fixture("kpi_metadata.json"))["values"]
    ind = styrkort.kolada_indicator(metas[0], "utbn", municipality="0114")
    assert ind == {
        "id": "N15428",
        "name": "Elever i åk 9 som är behöriga till ett yrkesprogram, kommunala skolor, andel (%)",
        "description": metas[0]["description"],
        "unit": "%",
        "owner": "utbn",
        "source": {"kolada": {"kpi": "N15428", "municipality": "0114"}},
    }
    # Units from the title: "kr/inv", "antal"; no description when there is none.
    units = [styrkort.kolada_indicator(m, "kf", municipality="0114").get("unit") for m in metas]
    assert units == ["%", "index", "kr/inv", "antal"]
    assert "description" not in styrkort.kolada_indicator(metas[3], "kf", municipality="0114")
    # JSON text of one KPI or of a page; an OU as the place.
    from_text = styrkort.kolada_indicator(json.dumps(metas[0]), "skola-a", ou="V15E011400101")
    assert from_text["source"] == {"kolada": {"kpi": "N15428", "ou": "V15E011400101"}}
    page = json.dumps({"values": metas[:1]})
    assert styrkort.kolada_indicator(page, "utbn", municipality="0114") == ind
    with pytest.raises(ValueError):
        styrkort.kolada_indicator(metas[0], "utbn")
    with pytest.raises(ValueError):
        styrkort.kolada_indicator(metas[0], "utbn", municipality="0114", ou="x")
    with pytest.raises(ValueError):
        styrkort.kolada_indicator(json.dumps({"values": metas}), "utbn", municipality="0114")
    with pytest.raises(ModelError):
        styrkort.kolada_indicator({"title": "no id"}, "utbn", municipality="0114")


def test_from_kpi_ids_to_an_evaluated_model() -> None:
    """The notebook's path, offline: metadata -> indicators -> model ->
    apply_kolada -> evaluate with the comparison group."""
    metas = json.loads(_fixture("kpi_metadata.json"))["values"]
    indicator = styrkort.kolada_indicator(metas[0], "utbn", municipality="0114")
    indicator["targets"] = [{"period": "2024", "value": "76", "warning": "72"}]
    model = Model.from_dict({
        "format": "styrkort/1",
        "organisation": [{"id": "kf", "name": "KF", "kind": "council"},
                         {"id": "utbn", "name": "Utbildningsnämnden", "kind": "board", "parent": "kf"}],
        "indicators": [indicator],
        "goals": [{"id": "utbn-1", "title": "Fler behöriga", "level": "board",
                   "perspective": "citizen", "owner": "utbn", "indicators": [{"indicator": "N15428"}]}],
    })
    group = _fixture("comparison_group.json")
    model, report = model.apply_kolada(group)
    assert [(c["indicator"], c["period"]) for c in report["added"]] == [("N15428", "2024")]
    e = model.evaluate(2024, comparison=group)
    r = e.indicator("N15428", "utbn")
    # 74.1 against 76 with warning 72: partly fulfilled; rank 3 of 5.
    assert (r.value, r.status) == (Decimal("74.1"), styrkort.Status.PARTLY_FULFILLED)
    assert r.comparison is not None and (r.comparison.rank, r.comparison.group_size) == (3, 5)
    assert e.goal("utbn-1").status == styrkort.Status.PARTLY_FULFILLED
