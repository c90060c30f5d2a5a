"""Eight threads evaluate one shared model at once and agree byte for byte."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

import styrkort

from .conftest import EXAMPLE

PERIODS = ["2025", "2025T1", "2025T2", "2025Q3", "2025-08", "2024"]


def _shared_model() -> styrkort.Model:
    if EXAMPLE.exists():
        return styrkort.load(EXAMPLE)
    from .conftest import SMALL

    return styrkort.Model.from_dict(SMALL)


@pytest.mark.parametrize("rounds", [5])
def test_eight_threads(rounds: int) -> None:
    model = _shared_model()
    expected = {p: model.evaluate(p).to_json() for p in PERIODS}
    barrier = threading.Barrier(8)

    def work(n: int) -> list[tuple[str, str]]:
        barrier.wait()
        out = []
        for r in range(rounds):
            for p in PERIODS[(n + r) % len(PERIODS):] + PERIODS[: (n + r) % len(PERIODS)]:
                out.append((p, model.evaluate(p).to_json()))
        return out

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(work, range(8)))
    assert len(results) == 8
    for got in results:
        assert len(got) == rounds * len(PERIODS)
        for p, text in got:
            assert text == expected[p], p
