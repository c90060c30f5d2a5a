"""The HTML report from Python: the notebook views and the report file."""

from __future__ import annotations

import pathlib

import pytest

import styrkort
from styrkort import Evaluation

ROOT = pathlib.Path(__file__).resolve().parents[3]

UNSAFE = """{"format": "styrkort/1",
  "organisation": [{"id": "kf", "name": "KF", "kind": "council"}],
  "goals": [{"id": "kf-1", "title": "<script>alert(1)</script>", "level": "council",
             "perspective": "medborgare", "owner": "kf"}]}"""


def test_notebook_views(small_2025: Evaluation) -> None:
    html = small_2025._repr_html_()
    assert html.startswith('<div class="styrkort"><style>')
    assert 'class="red-thread"' in html
    for sc in small_2025.scorecards:
        assert f'data-org="{sc.org}"' in html
    sc = small_2025.scorecard("kf")
    one = sc._repr_html_()
    assert one.startswith('<div class="styrkort"><style>')
    assert one.count('<section class="scorecard"') == 1
    for p in ("citizen", "society_environment", "employees", "economy"):
        assert f'data-perspective="{p}"' in one
    g = small_2025.goal("kf-1")
    assert f'data-goal="kf-1" data-status="{g.status.value}"' in one
    assert "Delvis uppfyllt" in one


def test_report_file_is_the_whole_document(small_2025: Evaluation, tmp_path: pathlib.Path) -> None:
    out = tmp_path / "rapport.html"
    small_2025.write_report(out)
    text = out.read_text(encoding="utf-8")
    assert text == small_2025.report_html()
    assert text.startswith('<!DOCTYPE html><html lang="sv">')
    assert text.count("<h1>") == 1
    assert "<script" not in text
    en = small_2025.report_html(lang="en")
    assert '<html lang="en">' in en and "Partly fulfilled" in en
    with pytest.raises(ValueError, match='"de"'):
        small_2025.report_html(lang="de")


def test_model_text_is_escaped() -> None:
    e = styrkort.Model.from_json(UNSAFE).evaluate("2025T2")
    for html in (e.report_html(), e._repr_html_(), e.scorecard("kf")._repr_html_()):
        assert "<script" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_example_report_matches_rust() -> None:
    """The same bytes as the Rust golden file of the example municipality."""
    e = styrkort.load(ROOT / "examples" / "exempelkommun.json").evaluate("2025T2")
    golden = ROOT / "crates" / "styrkort-report" / "tests" / "golden" / "exempelkommun" / "report.html"
    assert e.report_html() == golden.read_text(encoding="utf-8")
