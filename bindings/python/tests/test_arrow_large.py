"""The indicators table of a large evaluation: from 20,000 rows (``PARALLEL_ROWS``
in ``bindings/python/src/arrow.rs``) its two halves of columns are built on
two threads, each in one pass over the results. The table must be the
same as on one thread: every cell equals the evaluation document."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

import styrkort

pa = pytest.importorskip("pyarrow")

UNITS = 20_500  # one indicator result per unit: above the two-thread threshold


def _model(fine_at: int | None = None) -> dict[str, Any]:
    """One indicator measured at every unit in 2024 and 2025 (2025 against a
    target of 50, warning 40, so every status and trend occurs);
    ``fine_at``: that unit's 2025 value has 13 decimal places."""
    orgs: list[dict[str, Any]] = [
        {"id": "kf", "name": "KF", "kind": "council"},
        {"id": "bn", "name": "Nämnden", "kind": "board", "parent": "kf"},
        {"id": "kt", "name": "Kontoret", "kind": "office", "parent": "bn"},
    ]
    measurements: list[dict[str, Any]] = []
    for i in range(UNITS):
        u = f"u{i:05}"
        orgs.append({"id": u, "name": u, "kind": "unit", "parent": "kt"})
        v2025 = str(Decimal(i % 997) / 10)
        if i == fine_at:
            v2025 = "1.0000000000001"
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


def test_large_indicators_table_equals_the_document() -> None:
    e = styrkort.Model.from_dict(_model()).evaluate("2025")
    doc = e.to_dict()["indicators"]
    assert len(doc) >= UNITS
    t = pa.table(e.indicators_table())
    assert t.num_rows == len(doc)
    small = styrkort.Model.from_json('{"format": "styrkort/1"}').evaluate("2025")
    assert t.schema == pa.table(small.indicators_table()).schema
    cols = t.to_pydict()
    for k in ("indicator", "org", "status", "trend", "year_trend", "arrow"):
        assert cols[k] == [r[k] for r in doc], k
    for k in ("value", "target", "warning", "achievement", "previous", "year_earlier", "year_change",
              "change_required"):
        assert cols[k] == [r.get(k) for r in doc], k
    assert cols["consolidated"] == [r["consolidated"] for r in doc]
    assert cols["forecast"] == [r.get("forecast", False) for r in doc]
    assert cols["target_kind"] == [r.get("target_kind") for r in doc]
    assert cols["rank"] == [None] * len(doc) and cols["best_quartile"] == [None] * len(doc)
    # The statuses are not all alike: the columns were really filled per row.
    assert set(cols["status"]) == {"fulfilled", "partly_fulfilled", "not_fulfilled"}
    assert {"improving", "worsening"} <= set(cols["trend"])
    # By hand: unit 123 has 12.3 in 2025 (below the warning 40) and 86.1 in 2024.
    i = cols["org"].index("u00123")
    assert (cols["value"][i], cols["status"][i], cols["previous"][i]) == (
        Decimal("12.3"), "not_fulfilled", Decimal("86.1"))
    assert cols["year_change"][i] == Decimal("-73.8")


def test_large_table_names_the_row_that_does_not_fit() -> None:
    e = styrkort.Model.from_dict(_model(fine_at=20_321)).evaluate("2025")
    with pytest.raises(styrkort.ArithmeticOverflowError,
                       match=r'"value".*indicator nki at u20321.*1\.0000000000001'):
        e.indicators_table()
