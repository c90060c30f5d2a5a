"""Models, evaluations, periods and diagnostics pickle, also across processes."""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import pickle

import styrkort
from styrkort import Evaluation, Model


def test_model_pickles(small: Model) -> None:
    m2 = pickle.loads(pickle.dumps(small))
    assert m2 == small
    assert m2.to_json() == small.to_json()


def test_evaluation_pickles(small: Model) -> None:
    for e in (small.evaluate("2025"), small.evaluate("2025", tag="quality")):
        e2 = pickle.loads(pickle.dumps(e))
        assert isinstance(e2, Evaluation)
        assert e2 == e
        assert e2.to_json() == e.to_json()
        assert e2.tag == e.tag


def test_small_objects_pickle(small: Model) -> None:
    p = styrkort.Period("2025-08")
    assert pickle.loads(pickle.dumps(p)) == p
    for d in small.validate():
        assert pickle.loads(pickle.dumps(d)) == d


def _status_in_worker(e: Evaluation) -> str:
    return str(e.goal("kf-1").status)


def test_evaluation_travels_to_a_worker_process(small_2025: Evaluation) -> None:
    ctx = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
        assert pool.submit(_status_in_worker, small_2025).result(timeout=120) == "partly_fulfilled"
