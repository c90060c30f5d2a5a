"""The evaluation's tables as Arrow data (PyCapsule interface): schema, exact
decimals, dictionaries, agreement with the evaluation document, and the
readers (pyarrow; polars and DuckDB when installed)."""

from __future__ import annotations

import json
import pathlib
from decimal import Decimal
from typing import Any

import pytest

import styrkort
from styrkort import Evaluation, Model

from .conftest import EXAMPLE, VECTORS

pa = pytest.importorskip("pyarrow")

STATUSES = ["fulfilled", "partly_fulfilled", "not_fulfilled", "no_data", "not_assessed"]


def test_goals_table_schema_and_values(small_2025: Evaluation) -> None:
    t = small_2025.goals_table()
    assert isinstance(t, styrkort.Table)
    assert (t.name, t.num_rows, len(t)) == ("goals", 3, 3)
    pt = pa.table(t)
    assert pt.column_names == t.column_names
    status = pt.schema.field("status").type
    assert pa.types.is_dictionary(status) and status.ordered
    assert status.index_type == pa.int8() and status.value_type == pa.string()
    # the whole scale is the dictionary, whatever rows there are
    assert pt.column("status").chunk(0).dictionary.to_pylist() == STATUSES
    assert pt.column("status").to_pylist() == ["partly_fulfilled", "not_fulfilled", "partly_fulfilled"]
    assert pt.schema.field("perspective").type.ordered
    assert pt.schema.field("level").type.ordered
    assert not pt.schema.field("rule").type.ordered
    assert pt.schema.field("score").type == pa.decimal128(38, 4)
    assert pt.column("score").to_pylist() == [Decimal("0.5"), Decimal(0), Decimal("0.5")]
    assert pt.column("items").type == pa.int64()
    assert dict(t.column_types)["score"] == "Decimal128(38, 4)"


def test_indicator_table_scales_and_nulls(small_2025: Evaluation) -> None:
    pt = pa.table(small_2025.indicators_table())
    for col in ("value", "target", "warning", "previous", "median", "best", "worst"):
        assert pt.schema.field(col).type == pa.decimal128(38, 12), col
    assert pt.schema.field("achievement").type == pa.decimal128(38, 4)
    rows = {(r["indicator"], r["org"]): r for r in pt.to_pylist()}
    nmi = rows[("nmi", "kf")]
    # worked out by hand in conftest: 60 vs 62, warning 58
    assert (nmi["value"], nmi["target"], nmi["warning"]) == (Decimal(60), Decimal(62), Decimal(58))
    assert nmi["achievement"] == Decimal("0.9677")
    assert (nmi["status"], nmi["trend"], nmi["target_kind"]) == ("partly_fulfilled", "improving", "value")
    assert nmi["rank"] is None and nmi["median"] is None and nmi["best_quartile"] is None


def test_tables_concatenate_across_evaluations(small: Model) -> None:
    """The schema is fixed (scales, nullability), so the tables of two
    evaluations concatenate as they are (the Dask example relies on it)."""
    a = pa.table(small.evaluate("2025").indicators_table())
    b = pa.table(small.evaluate("2024").indicators_table())
    assert a.schema == b.schema
    assert pa.concat_tables([a, b]).num_rows == a.num_rows + b.num_rows
    empty = pa.table(Model.from_json('{"format": "styrkort/1"}').evaluate("2025").goals_table())
    assert empty.schema == pa.table(small.evaluate("2025").goals_table()).schema


def test_unknown_table(small_2025: Evaluation) -> None:
    with pytest.raises(styrkort.UnknownIdError, match="goals, goal_items, indicators"):
        small_2025.table("budget")


def test_value_too_fine_for_the_column(small_dict: dict[str, Any]) -> None:
    """13 decimal places do not fit decimal128(38, 12): an error naming the
    column and the row, never a rounded value."""
    small_dict["indicators"][0]["measurements"][-1]["value"] = "60.0000000000001"
    e = Model.from_dict(small_dict).evaluate("2025")
    with pytest.raises(styrkort.ArithmeticOverflowError, match=r'"value".*indicator nmi at kf.*60\.0000000000001'):
        e.indicators_table()
    # trailing zeros beyond the scale are fine: the value is exact at 12 places
    small_dict["indicators"][0]["measurements"][-1]["value"] = "60.00000000000000"
    e = Model.from_dict(small_dict).evaluate("2025")
    assert pa.table(e.indicators_table()).column("value").to_pylist()[0] is not None


def _vectors() -> list[pathlib.Path]:
    if not VECTORS.is_dir():
        return []
    return sorted(d for d in VECTORS.iterdir() if (d / "model.json").is_file())


@pytest.mark.parametrize("vector", _vectors(), ids=[d.name for d in _vectors()])
def test_tables_agree_with_the_document(vector: pathlib.Path) -> None:
    """Differential: every cell of every table equals the evaluation JSON."""
    model = styrkort.load(vector / "model.json")
    period = (vector / "period.txt").read_text(encoding="utf-8").strip()
    tag_file = vector / "tag.txt"
    tag = tag_file.read_text(encoding="utf-8").strip() if tag_file.exists() else None
    cmp_file = vector / "comparison.json"
    comparison = cmp_file.read_text(encoding="utf-8") if cmp_file.exists() else None
    try:
        e = model.evaluate(period, tag=tag, comparison=comparison)
    except styrkort.ValidationError:
        pytest.skip("the vector's model is invalid")
    doc = e.to_dict()

    goals = pa.table(e.goals_table()).to_pylist()
    assert [g["goal"] for g in goals] == [g["goal"] for g in doc["goals"]]
    for row, g in zip(goals, doc["goals"]):
        assert (row["status"], row["computed_status"], row["manual"], row["rule"]) == (
            g["status"], g["computed_status"], g["manual"], g["rule"])
        assert row["score"] == g.get("score")
        assert row["items"] == len(g["items"])

    inds = pa.table(e.indicators_table()).to_pylist()
    assert len(inds) == len(doc["indicators"])
    for row, r in zip(inds, doc["indicators"]):
        assert (row["indicator"], row["org"], row["status"]) == (r["indicator"], r["org"], r["status"])
        for k in ("value", "target", "warning", "achievement", "previous"):
            assert row[k] == r.get(k), (r["indicator"], r["org"], k)
        c = r.get("comparison")
        for k in ("median", "lower_quartile", "upper_quartile", "best", "worst", "rank", "group_size"):
            assert row[k] == (c[k] if c else None)

    cards = pa.table(e.scorecards_table()).to_pylist()
    assert len(cards) == 4 * len(doc["scorecards"])
    by_org = {s["org"]: s for s in doc["scorecards"]}
    for row in cards:
        bal = by_org[row["org"]]["balance"]
        p = bal["perspectives"][row["perspective"]]
        assert (row["goals"], row["score"], row["evenness"]) == (p["goals"], p.get("score"), bal["evenness"])
        for s in STATUSES:
            assert row[s] == p[s]

    plans = pa.table(e.action_plans_table()).to_pylist()
    assert [(p["plan"], p["progress"], p["overdue"]) for p in plans] == [
        (p["plan"], p.get("progress"), len(p["overdue"])) for p in doc["action_plans"]]


def test_polars_reads_the_table() -> None:
    pl = pytest.importorskip("polars")
    e = styrkort.load(EXAMPLE).evaluate("2025T2")
    df = pl.DataFrame(e.goals_table())
    assert df.height == len(e.goals)
    assert df.schema["score"] == pl.Decimal(38, 4)
    assert df.schema["status"] in (pl.Categorical, pl.Enum(STATUSES)) or str(df.schema["status"]).startswith(
        ("Categorical", "Enum"))
    fulfilled = df.filter(pl.col("status").cast(pl.String) == "fulfilled").height
    assert fulfilled == sum(1 for g in e.goals if g.status == "fulfilled")


def test_duckdb_reads_the_table() -> None:
    duckdb = pytest.importorskip("duckdb")
    e = styrkort.load(EXAMPLE).evaluate("2025T2")
    goals = pa.table(e.goals_table())  # noqa: F841 - DuckDB finds it by name
    con = duckdb.connect()
    [(n, total)] = con.sql("SELECT count(*), sum(score) FROM goals WHERE status = 'fulfilled'").fetchall()
    expected = [g for g in e.goals if g.status == "fulfilled"]
    assert n == len(expected)
    assert Decimal(total) == sum((g.score for g in expected if g.score is not None), Decimal(0))
    # straight from the capsule, without pyarrow in between
    direct = con.from_arrow(e.goals_table())
    assert direct.aggregate("count(*)").fetchall() == [(len(e.goals),)]


def test_table_json_roundtrip_sanity(small_2025: Evaluation) -> None:
    """pyarrow's own JSON of a row agrees with the document's decimals."""
    row = pa.table(small_2025.action_plans_table()).to_pylist()[0]
    doc = json.loads(small_2025.to_json())["action_plans"][0]
    assert (row["plan"], row["progress"]) == (doc["plan"], Decimal(doc["progress"]))


def test_rank_targets_are_named_rank() -> None:
    """A rank target is ``rank`` in the ``target_kind`` column, as in the
    evaluation document (vector 52: three rank targets, no comparison)."""
    d = VECTORS / "52-rank-target-without-comparison"
    e = Model.from_json((d / "model.json").read_text()).evaluate("2025")
    pt = pa.table(e.indicators_table())
    kinds = pt.column("target_kind").to_pylist()
    doc = json.loads(e.to_json())["indicators"]
    assert kinds == [r["target_kind"] for r in doc]
    assert kinds.count("rank") == 3
