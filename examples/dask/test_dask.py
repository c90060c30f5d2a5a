"""The Dask example: a generated model of six municipalities, cut per
municipality, evaluated on a LocalCluster of two worker processes, gathers
into exactly the tables one process gives (tests/run-python.sh installs
dask; without it the test is skipped)."""

from __future__ import annotations

import pathlib
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

pa = pytest.importorskip("pyarrow")
distributed = pytest.importorskip("dask.distributed")

import styrkort  # noqa: E402

from evaluate import TABLES, on_dask, one_process  # noqa: E402
from multi import municipalities  # noqa: E402


def test_parts_on_two_workers_gather_to_the_one_process_tables() -> None:
    model = styrkort.Model.from_dict(municipalities(6))
    parts = model.split_municipalities()
    assert [root for root, _ in parts] == [f"k{k:02d}-kommun" for k in range(1, 7)]
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster, distributed.Client(cluster) as client:
        assert len(client.scheduler_info()["workers"]) == 2
        for period in ("2025", "2025T2"):
            got = on_dask(client, model, period)
            want = one_process(model, period)
            for name in TABLES:
                assert got[name].schema == want[name].schema
                assert got[name].equals(want[name]), (name, period)
    # the municipalities differ (the values are scaled per municipality),
    # so the equality is not between identical copies
    goals = want["goals"].to_pandas()  # 2025T2
    by_kommun = goals.groupby(goals["goal"].str[:3], observed=True)["status"].apply(tuple)
    assert by_kommun.nunique() > 1
