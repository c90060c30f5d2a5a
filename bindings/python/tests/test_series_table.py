"""``Model.series_table``: many periods' statuses as columns (issue 12).

A series table is defined as the columns of the periods' evaluations, so
every row of its frames is compared, cell by cell, with the same period's
``Model.evaluate`` on a separately loaded model: on the example
municipality over the 16 periods of 2025 (twelve months, three tertials,
the year), narrowed to a tag, and on every conformance vector with its
neighbouring periods (tags and comparison groups included). Then the Arrow
types (``int32`` dictionaries for ids and periods), the JSON document and
the errors.
"""

from __future__ import annotations

import json
import pathlib
from decimal import Decimal
from typing import Any, Optional

import pytest

import styrkort
from styrkort import Model, Period, PeriodError, SeriesTable, Status, ValidationError

from .conftest import EXAMPLE, SMALL, VECTORS

pd = pytest.importorskip("pandas")
pa = pytest.importorskip("pyarrow")

# The 16 periods of 2025 a report's trend lines use (as in test_series.py).
PERIODS_2025 = [f"2025-{m:02}" for m in range(1, 13)] + ["2025T1", "2025T2", "2025T3", "2025"]

INDICATOR_COLUMNS = [
    "period",
    "indicator",
    "org",
    "value",
    "consolidated",
    "target",
    "achievement",
    "status",
    "trend",
    "arrow",
    "forecast",
]
GOAL_COLUMNS = ["period", "goal", "status", "computed_status", "score", "manual", "forecast"]


def _cell(v: Any) -> Any:
    """A frame cell as the evaluation's accessors give it: ``None`` for a
    missing decimal, ``str`` for a category, ``bool`` for a flag."""
    if v is None or v is pd.NA:
        return None
    if isinstance(v, Decimal):
        return v
    if hasattr(v, "item"):  # numpy scalars (bool_)
        return v.item()
    return v


def _same_decimal(got: Any, want: Optional[Decimal]) -> bool:
    """Equal as exact decimals (the frame's column has a fixed scale, so
    ``60.000000000000`` stands for ``60``), and both missing or both not."""
    got = _cell(got)
    if want is None or got is None:
        return got is None and want is None
    return isinstance(got, Decimal) and got == want


def assert_same_as_evaluations(
    table: SeriesTable,
    path: pathlib.Path,
    periods: list[str],
    **kw: Any,
) -> None:
    """Every row of the table's frames equals, cell by cell, the same
    period's ``evaluate`` on a separately loaded model, and the row counts
    are equal (both frames, each period)."""
    model = styrkort.load(path)
    evals = [model.evaluate(p, **kw) for p in periods]
    ind = table.indicators_frame()
    goals = table.goals_frame()
    assert list(ind.columns) == INDICATOR_COLUMNS
    assert list(goals.columns) == GOAL_COLUMNS
    assert len(ind) == table.num_indicator_rows == sum(len(e.indicators) for e in evals)
    assert len(goals) == table.num_goal_rows == sum(len(e.goals) for e in evals)

    rows = ind.to_dict("records")
    at = 0
    for p, e in zip(periods, evals):
        for r in e.indicators:
            row = rows[at]
            where = f"{p} row {at} ({r.indicator}@{r.org})"
            assert (row["period"], row["indicator"], row["org"]) == (p, r.indicator, r.org), where
            assert _same_decimal(row["value"], r.value), where
            assert _same_decimal(row["target"], r.target), where
            assert _same_decimal(row["achievement"], r.achievement), where
            assert Status(row["status"]) is r.status, where
            assert row["trend"] == r.trend.value, where
            assert row["arrow"] == r.arrow.value, where
            assert _cell(row["forecast"]) is r.forecast, where
            assert _cell(row["consolidated"]) is r.consolidated, where
            at += 1
    assert at == len(rows)

    rows = goals.to_dict("records")
    at = 0
    for p, e in zip(periods, evals):
        for g in e.goals:
            row = rows[at]
            where = f"{p} row {at} ({g.goal})"
            assert (row["period"], row["goal"]) == (p, g.goal), where
            assert Status(row["status"]) is g.status, where
            assert Status(row["computed_status"]) is g.computed_status, where
            assert _same_decimal(row["score"], g.score), where
            assert _cell(row["manual"]) is g.manual, where
            assert _cell(row["forecast"]) is g.forecast, where
            at += 1
    assert at == len(rows)


def test_example_2025_equals_each_period_alone() -> None:
    model = styrkort.load(EXAMPLE)
    table = model.series_table(PERIODS_2025)
    assert isinstance(table, SeriesTable)
    assert table.periods == [Period(p) for p in PERIODS_2025]
    assert all(isinstance(p, Period) for p in table.periods)
    assert table.tag is None
    assert_same_as_evaluations(table, EXAMPLE, PERIODS_2025)
    # The example has data in 2025: not 16 periods of no_data.
    statuses = set(table.goals_frame()["status"])
    assert "fulfilled" in statuses and "not_fulfilled" in statuses
    assert "16 periods" in repr(table)


def test_example_tagged_narrows_as_evaluate() -> None:
    model = styrkort.load(EXAMPLE)
    model.evaluate("2025T2")  # the table then reuses the compiled model cached
    table = model.series_table(PERIODS_2025, tag="environment")
    assert table.tag == "environment"
    assert_same_as_evaluations(table, EXAMPLE, PERIODS_2025, tag="environment")
    whole = model.series_table(PERIODS_2025)
    assert 0 < table.num_goal_rows < whole.num_goal_rows
    assert 0 < table.num_indicator_rows < whole.num_indicator_rows


def test_repeats_and_any_order() -> None:
    periods = ["2025T3", "2025-05", "2024", "2025-05"]
    table = styrkort.load(EXAMPLE).series_table(periods)
    assert [str(p) for p in table.periods] == periods
    assert_same_as_evaluations(table, EXAMPLE, periods)
    # The period dictionary holds each period once, in the order asked.
    pt = pa.table(table.goals_table())
    assert pt.column("period").chunk(0).dictionary.to_pylist() == ["2025T3", "2025-05", "2024"]


def _vectors() -> list[pathlib.Path]:
    if not VECTORS.is_dir():
        return []
    return sorted(d for d in VECTORS.iterdir() if (d / "model.json").is_file())


VECTOR_DIRS = _vectors()


@pytest.mark.skipif(not VECTOR_DIRS, reason="no conformance vectors in tests/vectors")
@pytest.mark.parametrize("vector", VECTOR_DIRS, ids=[d.name for d in VECTOR_DIRS])
def test_vector_series_table(vector: pathlib.Path) -> None:
    """The vector's period with its neighbours (the periods a trend, window
    or year-on-year change reads), with its tag and comparison group."""
    period = Period((vector / "period.txt").read_text(encoding="utf-8").strip())
    kw: dict[str, Any] = {}
    if (vector / "tag.txt").exists():
        kw["tag"] = (vector / "tag.txt").read_text(encoding="utf-8").strip()
    if (vector / "comparison.json").exists():
        kw["comparison"] = (vector / "comparison.json").read_text(encoding="utf-8")
    periods = [str(p) for p in (period.previous(), period.year_earlier(), period, Period(str(period.year)))]
    model = styrkort.load(vector / "model.json")
    try:
        model.evaluate(period, **kw)
    except ValidationError:
        with pytest.raises(ValidationError):
            model.series_table(periods, **kw)
        return
    table = model.series_table(periods, **kw)
    assert_same_as_evaluations(table, vector / "model.json", periods, **kw)


def test_small_by_hand() -> None:
    # SMALL (conftest), by hand: 2024 nmi 59 without a target -> not_assessed,
    # kf-1 no_data; 2025 nmi 60 vs 62 (warning 58) -> partly_fulfilled,
    # achievement 0.9677, trend improving; kf-1 partly_fulfilled, score 0.5.
    table = Model.from_dict(SMALL).series_table([2024, Period("2025")])
    ind = table.indicators_frame(decimals="object")
    nmi = ind[(ind["indicator"] == "nmi") & (ind["org"] == "kf")]
    assert nmi["period"].tolist() == ["2024", "2025"]
    assert nmi["value"].tolist() == [Decimal(59), Decimal(60)]
    assert nmi["status"].tolist() == ["not_assessed", "partly_fulfilled"]
    assert nmi["achievement"].tolist()[1] == Decimal("0.9677")
    assert nmi["trend"].tolist()[1] == "improving"
    goals = table.goals_frame(decimals="float")
    kf1 = goals[goals["goal"] == "kf-1"]
    assert kf1["status"].tolist() == ["no_data", "partly_fulfilled"]
    assert kf1["score"].tolist()[1] == 0.5


def test_arrow_types() -> None:
    table = styrkort.load(EXAMPLE).series_table(PERIODS_2025)
    t = table.indicators_table()
    assert isinstance(t, styrkort.Table)
    assert (t.name, t.num_rows, len(t)) == ("series_indicators", table.num_indicator_rows, table.num_indicator_rows)
    pt = pa.table(t)
    assert pt.column_names == INDICATOR_COLUMNS
    model = styrkort.load(EXAMPLE)
    for col, ids in (("period", PERIODS_2025), ("indicator", model.indicator_ids()), ("org", model.org_ids())):
        ty = pt.schema.field(col).type
        assert pa.types.is_dictionary(ty), col
        assert (ty.index_type, ty.value_type, ty.ordered) == (pa.int32(), pa.string(), False), col
        assert not pt.schema.field(col).nullable, col
        # the dictionary is the whole vocabulary: every id of the model
        assert pt.column(col).chunk(0).dictionary.to_pylist() == ids, col
    status = pt.schema.field("status").type
    assert status.ordered and status.index_type == pa.int8()
    for col in ("value", "target"):
        assert pt.schema.field(col).type == pa.decimal128(38, 12), col
    assert pt.schema.field("achievement").type == pa.decimal128(38, 4)
    assert pt.schema.field("forecast").type == pa.bool_()

    pg = pa.table(table.goals_table())
    assert pg.column_names == GOAL_COLUMNS
    goal = pg.schema.field("goal").type
    assert (goal.index_type, goal.value_type) == (pa.int32(), pa.string())
    assert pg.column("goal").chunk(0).dictionary.to_pylist() == model.goal_ids()
    assert pg.schema.field("score").type == pa.decimal128(38, 4)
    assert pg.schema.field("computed_status").type.ordered

    # pandas: the int32 dictionaries become categoricals of the same vocabulary
    df = table.indicators_frame()
    for col in ("period", "indicator", "org", "status", "trend", "arrow"):
        assert isinstance(df[col].dtype, pd.CategoricalDtype), col
    assert list(df["period"].cat.categories) == PERIODS_2025
    assert df["status"].cat.ordered and not df["period"].cat.ordered


def test_tables_of_two_series_concatenate() -> None:
    model = styrkort.load(EXAMPLE)
    a = pa.table(model.series_table(["2025-01", "2025-02"]).indicators_table())
    b = pa.table(model.series_table(["2025-01", "2025-02"], tag="environment").indicators_table())
    assert a.schema == b.schema
    empty = pa.table(model.series_table([]).goals_table())
    assert empty.num_rows == 0
    assert empty.schema == pa.table(model.series_table(["2025"]).goals_table()).schema


def test_to_json() -> None:
    model = Model.from_dict(SMALL)
    table = model.series_table(["2024", "2025"])
    doc = json.loads(table.to_json())
    assert doc["format"] == "styrkort-series-table/1"
    assert doc["periods"] == ["2024", "2025"]
    assert doc["tag"] is None
    assert doc["indicator_ids"] == model.indicator_ids()
    assert len(doc["indicators"]["status"]) == table.num_indicator_rows
    assert len(doc["goals"]["goal"]) == table.num_goal_rows
    k = doc["goal_ids"].index("kf-1")
    kf1 = [i for i, g in enumerate(doc["goals"]["goal"]) if g == k]
    assert [doc["goals"]["status"][i] for i in kf1] == ["no_data", "partly_fulfilled"]
    assert [doc["goals"]["score"][i] for i in kf1] == [None, "0.5"]


def test_invalid_period_raises_as_evaluate() -> None:
    model = Model.from_dict(SMALL)
    for bad in ("2025T4", "2025-13", 10000):
        with pytest.raises(PeriodError) as alone:
            model.evaluate(bad)
        with pytest.raises(PeriodError) as series:
            model.series_table(["2025", bad])
        assert (series.value.code, series.value.input) == (alone.value.code, alone.value.input)
        assert str(series.value) == f"periods[1]: {alone.value}"
    with pytest.raises(TypeError, match="not one str"):
        model.series_table("2025")
    with pytest.raises(TypeError, match=r"^periods\[0\]"):
        model.series_table([2025.0])  # type: ignore[list-item]


def test_invalid_model_raises_as_evaluate() -> None:
    d = json.loads(Model.from_dict(SMALL).to_json())
    d["goals"][2]["owner"] = "nowhere"
    model = Model.from_dict(d)
    with pytest.raises(ValidationError) as info:
        model.series_table(["2025", "2024"])
    assert [x.subject for x in info.value.diagnostics] == ["goal:skola-1"]


def test_decimals_argument() -> None:
    table = Model.from_dict(SMALL).series_table(["2025"])
    with pytest.raises(ValueError, match="decimals is one of"):
        table.goals_frame(decimals="exact")  # type: ignore[arg-type]
    assert str(table.goals_frame(decimals="float")["score"].dtype) == "float64"


def _large(units: int, fine_at: Optional[int] = None) -> dict[str, Any]:
    """One indicator measured at ``units`` units in 2024 and 2025 (2025
    against a target of 50, warning 40, so every status and trend occurs);
    ``fine_at``: that unit's 2025 value has 13 decimal places."""
    orgs: list[dict[str, Any]] = [
        {"id": "kf", "name": "KF", "kind": "council"},
        {"id": "bn", "name": "Nämnden", "kind": "board", "parent": "kf"},
    ]
    measurements: list[dict[str, Any]] = []
    for i in range(units):
        u = f"u{i:05}"
        orgs.append({"id": u, "name": u, "kind": "unit", "parent": "bn"})
        v2025 = "1.0000000000001" if i == fine_at else str(Decimal(i % 997) / 10)
        measurements.append({"period": "2025", "org": u, "value": v2025})
        measurements.append({"period": "2024", "org": u, "value": str(Decimal((i * 7) % 991) / 10)})
    return {
        "format": "styrkort/1",
        "organisation": orgs,
        "indicators": [
            {
                "id": "nki",
                "name": "NKI",
                "owner": "bn",
                "targets": [{"period": "2025", "value": "50", "warning": "40"}],
                "measurements": measurements,
            }
        ],
    }


def test_large_table_on_two_threads_equals_the_document() -> None:
    """Above 20,000 rows (``PARALLEL_ROWS`` in arrow.rs) the two halves of
    the indicator columns are built on two threads: every cell must still
    be the core's (its JSON document, column by column)."""
    table = Model.from_dict(_large(10_500)).series_table(["2024", "2025"])
    assert table.num_indicator_rows > 20_000
    doc = json.loads(table.to_json())
    cols = doc["indicators"]
    t = pa.table(table.indicators_table())
    assert t.num_rows == len(cols["status"])
    assert t.column("period").to_pylist() == cols["period"]
    assert t.column("indicator").to_pylist() == [doc["indicator_ids"][k] for k in cols["indicator"]]
    assert t.column("org").to_pylist() == [doc["org_ids"][k] for k in cols["org"]]
    for name in ("value", "target", "achievement"):
        want = [None if v is None else Decimal(v) for v in cols[name]]
        assert t.column(name).to_pylist() == want, name
    for name in ("status", "trend", "arrow", "consolidated", "forecast"):
        assert t.column(name).to_pylist() == cols[name], name
    assert {"fulfilled", "partly_fulfilled", "not_fulfilled"} <= set(cols["status"])


@pytest.mark.parametrize("units", [3, 10_500], ids=["one thread", "two threads"])
def test_value_too_fine_names_column_and_row(units: int) -> None:
    """13 decimal places do not fit decimal128(38, 12): an error naming the
    column and the row, never a rounded value; the JSON keeps it exactly."""
    table = Model.from_dict(_large(units, fine_at=2)).series_table(["2024", "2025"])
    with pytest.raises(
        styrkort.ArithmeticOverflowError,
        match=r'"value".*period 2025, indicator nki at u00002.*1\.0000000000001',
    ):
        table.indicators_table()
    assert '"1.0000000000001"' in table.to_json()
    table.goals_table()  # the goals have no such value


def test_pickles_and_is_made_again() -> None:
    """A pickle holds the model, the periods (repeats and order kept) and
    the tag; unpickling computes the same table."""
    import pickle

    model = Model.from_json(EXAMPLE.read_text(encoding="utf-8"))
    periods = ["2025T2", "2025-03", "2025T2", "2025"]
    t = model.series_table(periods, tag="environment")
    t2 = pickle.loads(pickle.dumps(t))
    assert isinstance(t2, SeriesTable)
    assert [str(p) for p in t2.periods] == periods and t2.tag == "environment"
    assert (t2.num_indicator_rows, t2.num_goal_rows) == (t.num_indicator_rows, t.num_goal_rows)
    assert t2.num_indicator_rows > 0 and t2.num_goal_rows > 0
    assert t2.to_json() == t.to_json()
    assert repr(t2) == repr(t)


def test_pickles_with_its_comparison() -> None:
    """The comparison data travel in the pickle: a rank target is judged
    by them after unpickling as before."""
    import pickle

    vector = VECTORS / "50-rank-target-quartiles"
    model = styrkort.load(vector / "model.json")
    period = (vector / "period.txt").read_text(encoding="utf-8").strip()
    group = (vector / "comparison.json").read_text(encoding="utf-8")
    t = model.series_table([period], comparison=group)
    assert t.to_json() != model.series_table([period]).to_json()  # rank targets judged
    assert pickle.loads(pickle.dumps(t)).to_json() == t.to_json()
