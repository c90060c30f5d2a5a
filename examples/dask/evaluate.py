"""Evaluates a multi-municipality model on a Dask cluster, one task per
municipality, and gathers the results into one Arrow table.

    python examples/dask/evaluate.py [N_MUNICIPALITIES] [PERIOD]

starts a ``LocalCluster`` of two worker processes, cuts a generated model of
N municipalities (``multi.municipalities``) into one self-contained model per
municipality (``Model.split_municipalities``, in Rust, one pass), sends
each part to a worker (a ``styrkort.Model`` pickles as its JSON), evaluates
it there and brings back its goals and indicators as Arrow tables (exact
``decimal128`` columns; a ``pyarrow.Table`` pickles without Python
objects per cell). Concatenated and sorted, they are the table that one
process evaluating the whole model gives — ``test_dask.py`` checks that.
See README.md for a real cluster and for Spark.
"""

from __future__ import annotations

import sys
from typing import Any

import pyarrow as pa

import styrkort

TABLES = ("goals", "indicators")
#: The sort keys of each table: the order of the one-process evaluation.
KEYS = {"goals": ["goal"], "indicators": ["indicator", "org"]}


def evaluate_part(part: styrkort.Model, period: str) -> dict[str, pa.Table]:
    """Runs on a worker: one municipality's tables as pyarrow tables."""
    e = part.evaluate(period)
    return {name: pa.table(e.table(name)) for name in TABLES}


def gather(results: list[dict[str, pa.Table]]) -> dict[str, pa.Table]:
    """One table per name from the parts', in the whole evaluation's order."""
    out = {}
    for name in TABLES:
        t = pa.concat_tables([r[name] for r in results])
        out[name] = t.sort_by([(k, "ascending") for k in KEYS[name]]).combine_chunks()
    return out


def one_process(model: styrkort.Model, period: str) -> dict[str, pa.Table]:
    """The reference: the whole model evaluated in this process."""
    e = model.evaluate(period)
    return {name: pa.table(e.table(name)).combine_chunks() for name in TABLES}


def on_dask(client: Any, model: styrkort.Model, period: str) -> dict[str, pa.Table]:
    """Cuts ``model`` per municipality and evaluates the parts on ``client``."""
    parts = [part for _, part in model.split_municipalities()]
    futures = client.map(evaluate_part, parts, period=period, pure=False)
    return gather(client.gather(futures))


def main() -> None:
    from dask.distributed import Client, LocalCluster

    from multi import municipalities

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 8
    period = sys.argv[2] if len(sys.argv) > 2 else "2025T2"
    model = styrkort.Model.from_dict(municipalities(n))
    with LocalCluster(n_workers=2, threads_per_worker=1) as cluster, Client(cluster) as client:
        tables = on_dask(client, model, period)
    reference = one_process(model, period)
    for name in TABLES:
        same = tables[name].equals(reference[name])
        print(f"{name}: {tables[name].num_rows} rows from {n} municipalities; "
              f"identical to one process: {same}")
    goals = tables["goals"].to_pandas()
    print(goals.groupby(goals["goal"].str[:3], observed=True)["status"]
          .value_counts().unstack(fill_value=0))


if __name__ == "__main__":
    main()
