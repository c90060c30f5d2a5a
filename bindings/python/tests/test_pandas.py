"""pandas frames (typed columns, ordered categoricals) and measurements from a frame;
the package without pandas."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from decimal import Decimal

import pytest

import styrkort
from styrkort import Evaluation, Model, ModelError

pd = pytest.importorskip("pandas")

STATUSES = ["fulfilled", "partly_fulfilled", "not_fulfilled", "no_data", "not_assessed"]


def _assert_status_column(col: "pd.Series") -> None:
    assert isinstance(col.dtype, pd.CategoricalDtype)
    assert list(col.cat.categories) == STATUSES
    assert col.cat.ordered


def test_goals_frame(small_2025: Evaluation) -> None:
    df = small_2025.goals_frame()
    assert list(df.columns) == [
        "goal", "title", "level", "perspective", "owner", "status", "computed_status",
        "manual", "score", "rule", "items", "tags",
    ]
    assert df["goal"].tolist() == ["kf-1", "skola-1", "utbn-1"]
    _assert_status_column(df["status"])
    _assert_status_column(df["computed_status"])
    assert df["status"].tolist() == ["partly_fulfilled", "not_fulfilled", "partly_fulfilled"]
    assert list(df["perspective"].cat.categories) == [
        "citizen", "society_environment", "employees", "economy"]
    assert df["perspective"].tolist() == ["citizen", "employees", "economy"]
    assert list(df["level"].cat.categories) == ["council", "board", "operational"]
    # exact decimal128 (scale 4 for scores), each cell a Decimal
    assert str(df["score"].dtype) == "decimal128(38, 4)[pyarrow]"
    assert df["score"].tolist() == [Decimal("0.5"), Decimal(0), Decimal("0.5")]
    assert all(isinstance(x, Decimal) for x in df["score"])
    assert df["score"].sum() == Decimal(1)
    assert df["manual"].dtype == bool
    assert df["items"].tolist() == [2, 1, 2]
    assert df["tags"].tolist() == ["", "quality", ""]
    # sorting by the ordered status puts the worst last
    assert df.sort_values("status")["goal"].tolist()[-1] == "skola-1"


def test_goals_frame_explain(small_2025: Evaluation) -> None:
    df = small_2025.goals_frame(explain=True)
    assert df["explanation"].tolist() == [g.explain() for g in small_2025.goals]
    off = df[df["status"].isin(["partly_fulfilled", "not_fulfilled"])]
    assert off["goal"].tolist() == ["kf-1", "skola-1", "utbn-1"]


def test_indicators_frame(small_2025: Evaluation) -> None:
    df = small_2025.indicators_frame()
    assert list(df.columns) == [
        "indicator", "org", "value", "consolidated", "target_kind", "target", "warning",
        "achievement", "status", "previous", "trend",
        # the same period a year earlier, the scorecard's arrow, forecasts, change targets
        "year_earlier", "year_change", "year_trend", "arrow", "forecast", "change_required",
        # the comparison with similar municipalities: always there, missing here
        "rank", "group_size", "median", "lower_quartile", "upper_quartile", "best", "worst",
        "best_quartile", "worst_quartile",
    ]
    assert str(df["rank"].dtype) == "Int64" and df["rank"].isna().all()
    assert str(df["best_quartile"].dtype) == "boolean" and df["best_quartile"].isna().all()
    assert df["median"].isna().all()
    _assert_status_column(df["status"])
    row = df[(df["indicator"] == "nmi") & (df["org"] == "kf")].iloc[0]
    assert row["value"] == Decimal(60)
    assert row["achievement"] == Decimal("0.9677")
    assert row["warning"] == Decimal(58)
    assert row["trend"] == "improving"
    for col in ("value", "target", "warning", "previous", "year_earlier", "year_change"):
        assert str(df[col].dtype) == "decimal128(38, 12)[pyarrow]"
    assert str(df["achievement"].dtype) == "decimal128(38, 4)[pyarrow]"
    for col in ("trend", "year_trend", "arrow"):
        assert list(df[col].cat.categories) == ["improving", "unchanged", "worsening", "unknown"]
    assert df["forecast"].tolist() == [False] * len(df)
    assert len(df) == len(small_2025.indicators)


def test_scorecards_frame(small_2025: Evaluation) -> None:
    df = small_2025.scorecards_frame()
    assert len(df) == 4 * len(small_2025.scorecards)
    utbn = df[df["org"] == "utbn"].set_index("perspective", observed=False) if False else df[df["org"] == "utbn"]
    eco = utbn[utbn["perspective"] == "economy"].iloc[0]
    assert (eco["goals"], eco["indicators"], eco["partly_fulfilled"], eco["score"]) == (
        1, 1, 1, Decimal("0.5"))
    assert utbn["evenness"].tolist() == [Decimal(0)] * 4
    assert utbn[utbn["perspective"] == "citizen"].iloc[0]["score"] is pd.NA
    for s in STATUSES:
        assert df[s].dtype == "int64"


def test_goal_items_and_plans_frames(small_2025: Evaluation) -> None:
    items = small_2025.goal_items_frame()
    assert items[items["goal"] == "kf-1"][["kind", "id"]].values.tolist() == [
        ["goal", "utbn-1"], ["indicator", "nmi"]]
    _assert_status_column(items["status"])
    plans = small_2025.action_plans_frame()
    assert plans.to_dict("records") == [{
        "plan": "hp-1", "owner": "utbk", "progress": Decimal(40), "overdue": 1,
        "not_started": 0, "ongoing": 1, "completed": 0, "paused": 0, "cancelled": 0}]


def test_frames_decimals_object_and_float(small_2025: Evaluation) -> None:
    """decimals="object" gives Decimal objects (None when missing), "float" float64."""
    obj = small_2025.indicators_frame(decimals="object")
    assert obj["value"].dtype == object
    row = obj[(obj["indicator"] == "nmi") & (obj["org"] == "kf")].iloc[0]
    assert row["achievement"] == Decimal("0.9677") and isinstance(row["achievement"], Decimal)
    assert obj["median"].tolist() == [None] * len(obj)
    flt = small_2025.goals_frame(decimals="float")
    assert flt["score"].dtype == "float64"
    assert flt["score"].tolist() == [0.5, 0.0, 0.5]
    with pytest.raises(ValueError, match="decimals is one of arrow, object, float"):
        small_2025.goals_frame(decimals="double")


def test_empty_frames() -> None:
    m = Model.from_json('{"format": "styrkort/1"}')
    e = m.evaluate("2025")
    assert len(e.goals_frame()) == 0
    _assert_status_column(e.goals_frame()["status"])
    assert len(e.indicators_frame()) == 0


def test_measurements_from_frame(small: Model) -> None:
    df = pd.DataFrame({
        "kpi": ["nmi", "nmi", "behoriga"],
        "year": [2025, 2026, 2025],
        "v": [Decimal("63"), Decimal("64.5"), "81"],
        "k": [Decimal("64"), None, None],
    })
    rows = styrkort.measurements_from_frame(df, indicator="kpi", period="year", value="v", women="k")
    assert rows == [
        {"indicator": "nmi", "period": "2025", "value": Decimal("63"), "women": Decimal("64")},
        {"indicator": "nmi", "period": "2026", "value": Decimal("64.5")},
        {"indicator": "behoriga", "period": "2025", "value": "81"},
    ]
    m2 = small.with_measurements(rows)
    assert m2.evaluate("2025").goal("kf-1").status == "fulfilled"


def test_measurements_from_frame_int_and_pandas_periods() -> None:
    df = pd.DataFrame({
        "indicator": ["a", "a"],
        "period": [pd.Period("2025Q3", freq="Q"), pd.Period("2025-08", freq="M")],
        "value": [5, 7],
        "org": ["x", None],
    })
    rows = styrkort.measurements_from_frame(df, org="org")
    assert rows == [
        {"indicator": "a", "period": "2025Q3", "value": 5, "org": "x"},
        {"indicator": "a", "period": "2025-08", "value": 7},
    ]


def test_measurements_from_frame_refuses_floats() -> None:
    df = pd.DataFrame({"indicator": ["a"], "period": ["2025"], "value": [0.1]})
    with pytest.raises(ModelError, match="float64") as info:
        styrkort.measurements_from_frame(df)
    assert info.value.code == "float"
    rows = styrkort.measurements_from_frame(df, allow_float=True)
    assert rows[0]["value"] == "0.1"
    mixed = pd.DataFrame({"indicator": ["a"], "period": ["2025"], "value": pd.Series([0.25], dtype=object)})
    with pytest.raises(ModelError, match=r"row 0\.value"):
        styrkort.measurements_from_frame(mixed)


def test_measurements_from_frame_missing() -> None:
    df = pd.DataFrame({"indicator": ["a", "a"], "period": ["2024", "2025"],
                       "value": pd.Series([Decimal(1), None], dtype=object)})
    with pytest.raises(ModelError, match="missing"):
        styrkort.measurements_from_frame(df)
    assert len(styrkort.measurements_from_frame(df, dropna=True)) == 1
    with pytest.raises(ModelError, match="no column 'nope'"):
        styrkort.measurements_from_frame(df, value="nope")


def test_import_without_pandas(small: Model) -> None:
    code = textwrap.dedent(
        """
        import sys
        sys.modules["pandas"] = None  # import pandas now raises ImportError
        import styrkort
        from decimal import Decimal
        m = styrkort.Model.from_json(sys.stdin.read())
        e = m.evaluate("2025")
        assert e.goal("kf-1").score == Decimal("0.5")
        assert "pandas" not in [k for k, v in sys.modules.items() if v is not None]
        try:
            e.goals_frame()
        except ImportError as err:
            assert "styrkort[pandas]" in str(err), err
        else:
            raise SystemExit("goals_frame worked without pandas")
        print("ok")
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code], input=small.to_json(), capture_output=True, text=True,
        env={**os.environ}, timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
