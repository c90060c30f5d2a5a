"""The Kolada fetcher against a local HTTP server on 127.0.0.1.

The server serves the hand-written v3-shaped fixtures of
``tests/fixtures/kolada`` (their ``https://api.kolada.se/v3`` URLs rewritten
to the server), scripted failures (a 500, a slow answer, a malformed body)
and generated pages for the 25-id split. Nothing here reaches the internet.

Runs inside the built package (``styrkort.kolada``) or, when the native
module is not built, on ``kolada.py`` loaded by path::

    python3 -m pytest --noconftest bindings/python/tests/test_kolada.py
"""

from __future__ import annotations

import importlib.util
import json
import pathlib
import pickle
import socket
import sys
import threading
import time
import urllib.parse
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import ModuleType
from typing import Any, Dict, Iterator, List, Optional, Set, Tuple

import pytest

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "kolada"
REAL_BASE = "https://api.kolada.se/v3"


def _load_kolada() -> Tuple[ModuleType, bool]:
    try:
        from styrkort import kolada as mod

        return mod, True
    except ImportError:
        path = REPO / "bindings" / "python" / "python" / "styrkort" / "kolada.py"
        spec = importlib.util.spec_from_file_location("styrkort_kolada_standalone", path)
        assert spec is not None and spec.loader is not None
        mod = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = mod
        spec.loader.exec_module(mod)
        return mod, False


kolada, IN_PACKAGE = _load_kolada()
KoladaError = kolada.KoladaError


# --------------------------------------------------------------------------- server

# A scripted answer: (status, body, delay in seconds before answering).
Answer = Tuple[int, str, float]


class Server:
    """A tiny Kolada: routes by path+query, scripted answers, a request log."""

    def __init__(self) -> None:
        self.routes: Dict[str, List[Answer]] = {}
        # Extra headers per path (a redirect's Location).
        self.headers: Dict[str, Dict[str, str]] = {}
        # Paths answered without Content-Length (the body ends at close).
        self.no_length: Set[str] = set()
        self.log: List[str] = []
        self.lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

            def do_GET(self) -> None:  # noqa: N802
                with outer.lock:
                    outer.log.append(self.path)
                    answer = outer.answer(self.path)
                status, body, delay = answer
                if delay:
                    time.sleep(delay)
                data = body.encode("utf-8")
                path = self.path
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json; charset=utf-8")
                    if path not in outer.no_length:
                        self.send_header("Content-Length", str(len(data)))
                    for k, v in outer.headers.get(path, {}).items():
                        self.send_header(k, v)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a time-out test)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}/v3"
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def fixture(self, name: str) -> str:
        return (FIXTURES / name).read_text(encoding="utf-8").replace(REAL_BASE, self.base)

    def route(self, url_or_path: str, *answers: Answer) -> None:
        """Scripts the answers for a path (or a full URL on this server);
        the last answer repeats."""
        path = url_or_path.replace(self.base.rsplit("/v3", 1)[0], "")
        self.routes[path] = list(answers)

    def answer(self, path: str) -> Answer:
        scripted = self.routes.get(path)
        if scripted:
            return scripted.pop(0) if len(scripted) > 1 else scripted[0]
        if path.startswith("/v3/data/kpi/"):
            return (200, generated_page(path), 0.0)
        if path.startswith("/v3/endless"):
            # A server that invents pages: each names one more.
            n = int(path.rsplit("=", 1)[1]) if "=" in path else 1
            nxt = f"{self.base}/endless?page={n + 1}"
            return (200, json.dumps({"values": [], "next_url": nxt}), 0.0)
        return (404, json.dumps({"error": "not found"}), 0.0)

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def generated_page(path: str) -> str:
    """One row per (kpi, municipality, year) named in the path, value 1.5."""
    parts = urllib.parse.unquote(path.split("?", 1)[0]).split("/")
    # /v3/data/kpi/{kpis}/municipality/{codes}/year/{years}
    kpis, codes, years = parts[4].split(","), parts[6].split(","), parts[8].split(",")
    rows = [
        {
            "kpi": k,
            "municipality": m,
            "period": int(y),
            "values": [{"gender": "T", "value": 1.5, "count": 1, "status": ""}],
        }
        for k in kpis
        for m in codes
        for y in years
    ]
    return json.dumps({"count": len(rows), "next_url": None, "previous_url": None, "values": rows})


@pytest.fixture
def server() -> Iterator[Server]:
    s = Server()
    try:
        yield s
    finally:
        s.close()


FAST = {"backoff": 0.0, "timeout": 5.0}
PAGE1 = "/v3/data/kpi/N15428,U00408/municipality/0114,0115/year/2023,2024"
PAGE2 = PAGE1 + "?page=2&per_page=4"


def serve_two_pages(server: Server) -> None:
    server.route(PAGE1, (200, server.fixture("data_page1.json"), 0.0))
    server.route(PAGE2, (200, server.fixture("data_page2.json"), 0.0))


# --------------------------------------------------------------------------- URLs


def test_urls_are_v3_and_split_at_25() -> None:
    assert kolada.MAX_IDS == 25
    assert kolada.data_urls(["N15428", "U00408"], "0114", [2023, "2024"]) == [
        "https://api.kolada.se/v3/data/kpi/N15428,U00408/municipality/0114/year/2023,2024"
    ]
    assert kolada.ou_data_urls("N15428", ["V15E011400101"], 2024, base_url="http://x/v3/") == [
        "http://x/v3/oudata/kpi/N15428/ou/V15E011400101/year/2024"
    ]
    assert kolada.kpi_urls(["N1", "N2", "N1"]) == ["https://api.kolada.se/v3/kpi/N1,N2"]
    kpis = [f"N{i:05d}" for i in range(30)]
    codes = [f"{i:04d}" for i in range(114, 140)]  # 26 codes
    urls = kolada.data_urls(kpis, codes, [2024])
    assert len(urls) == 2 * 2
    first = urls[0].split("/")
    assert len(first[6].split(",")) == 25 and len(first[8].split(",")) == 25
    last = urls[-1].split("/")
    assert last[6].split(",") == kpis[25:] and last[8].split(",") == codes[25:]
    years = list(range(1990, 2020))  # 30 years are split too
    assert len(kolada.data_urls("N1", "0114", years)) == 2


@pytest.mark.parametrize(
    "kpis, codes, years",
    [([], ["0114"], [2024]), (["N1"], ["0114"], [24]), (["N1"], [""], [2024]),
     (["N1,N2"], ["0114"], [2024]), (["N1"], ["0114"], [True]), (["N1"], ["0114"], [])],
)
def test_bad_arguments_are_value_errors(kpis: Any, codes: Any, years: Any) -> None:
    with pytest.raises(ValueError):
        kolada.data_urls(kpis, codes, years)


# --------------------------------------------------------------------------- fetching


def test_paging_follows_next_url(server: Server) -> None:
    serve_two_pages(server)
    rows = kolada.fetch_values(
        ["N15428", "U00408"], ["0114", "0115"], [2023, 2024], base_url=server.base, **FAST
    )
    assert server.log == [PAGE1, PAGE2]
    assert len(rows) == 4 + 3  # rows as Kolada sends them, the deleted one included
    first = rows[0]
    assert (first["kpi"], first["municipality"], first["period"]) == ("N15428", "0114", 2024)
    total = next(v for v in first["values"] if v["gender"] == "T")
    assert total["value"] == Decimal("74.1") and isinstance(total["value"], Decimal)
    assert str(rows[1]["values"][0]["value"]) == "75.0"  # scale kept
    assert rows[3]["values"][0]["value"] is None  # null stays None, never 0
    assert rows[4]["period"] == "2024"
    assert rows[5]["isdeleted"] is True


def test_raw_pages(server: Server) -> None:
    serve_two_pages(server)
    texts = kolada.fetch_pages(server.base + PAGE1[3:], **FAST)
    assert [json.loads(t)["next_url"] is None for t in texts] == [False, True]


def test_a_500_is_retried(server: Server) -> None:
    server.route(
        PAGE1,
        (500, "Internal Server Error", 0.0),
        (200, server.fixture("data_page1.json"), 0.0),
    )
    server.route(PAGE2, (503, "", 0.0), (200, server.fixture("data_page2.json"), 0.0))
    rows = kolada.fetch_values(
        ["N15428", "U00408"], ["0114", "0115"], [2023, 2024], base_url=server.base, **FAST
    )
    assert len(rows) == 7
    assert server.log == [PAGE1, PAGE1, PAGE2, PAGE2]


def test_5xx_every_time_is_an_error_after_the_retries(server: Server) -> None:
    server.route(PAGE1, (503, "busy", 0.0))
    with pytest.raises(KoladaError) as info:
        kolada.fetch_values(
            ["N15428", "U00408"], ["0114", "0115"], [2023, 2024],
            base_url=server.base, retries=2, **FAST,
        )
    assert server.log == [PAGE1] * 3
    err = info.value
    assert err.status == 503 and err.url == server.base + PAGE1[3:]
    assert "3 attempts" in str(err) and "503" in str(err)
    assert err.code == "kolada"


def test_4xx_is_an_error_at_once(server: Server) -> None:
    with pytest.raises(KoladaError) as info:
        kolada.fetch_kpis(["N99999"], base_url=server.base, **FAST)
    assert server.log == ["/v3/kpi/N99999"]
    assert info.value.status == 404 and "404" in str(info.value)
    if IN_PACKAGE:
        import styrkort

        assert isinstance(info.value, styrkort.StyrkortError)
    copy = pickle.loads(pickle.dumps(info.value))
    assert type(copy) is KoladaError and copy.status == 404 and str(copy) == str(info.value)


def test_slow_answer_times_out_then_retries(server: Server) -> None:
    server.route(
        PAGE1,
        (200, server.fixture("data_page1.json"), 1.5),
        (200, server.fixture("data_page1.json"), 0.0),
    )
    server.route(PAGE2, (200, server.fixture("data_page2.json"), 0.0))
    rows = kolada.fetch_values(
        ["N15428", "U00408"], ["0114", "0115"], [2023, 2024],
        base_url=server.base, timeout=0.3, retries=1, backoff=0.0,
    )
    assert len(rows) == 7
    assert server.log == [PAGE1, PAGE1, PAGE2]


def test_slow_every_time_is_a_timeout_error(server: Server) -> None:
    server.route(PAGE1, (200, server.fixture("data_page1.json"), 1.5))
    with pytest.raises(KoladaError) as info:
        kolada.fetch_values(
            ["N15428", "U00408"], ["0114", "0115"], [2023, 2024],
            base_url=server.base, timeout=0.3, retries=0, backoff=0.0,
        )
    assert "timed out" in str(info.value)
    assert info.value.status is None


@pytest.mark.parametrize(
    "body, needle",
    [
        ('{"count": 1, "values": [', "not JSON"),
        ("<html>maintenance</html>", "not JSON"),
        ("[1, 2]", "not a page"),
        ('{"count": 0}', "not a page"),
        ('{"values": [], "next_url": 5}', "next_url"),
    ],
)
def test_malformed_body_is_an_error_not_retried(server: Server, body: str, needle: str) -> None:
    server.route(PAGE1, (200, body, 0.0))
    with pytest.raises(KoladaError) as info:
        kolada.fetch_values(
            ["N15428", "U00408"], ["0114", "0115"], [2023, 2024], base_url=server.base, **FAST
        )
    assert needle in str(info.value)
    assert server.log == [PAGE1]


def test_paging_loop_is_an_error(server: Server) -> None:
    looping = json.dumps({"values": [], "next_url": server.base + PAGE1[3:]})
    server.route(PAGE1, (200, looping, 0.0))
    with pytest.raises(KoladaError, match="loops"):
        kolada.fetch_values(
            ["N15428", "U00408"], ["0114", "0115"], [2023, 2024], base_url=server.base, **FAST
        )


def test_connection_refused_is_retried_then_an_error() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(KoladaError) as info:
        kolada.fetch_kpis("N1", base_url=f"http://127.0.0.1:{port}/v3", retries=1, **FAST)
    assert "2 attempts" in str(info.value) and "connection" in str(info.value)


def test_ids_are_split_at_25(server: Server) -> None:
    kpis = [f"N{i:05d}" for i in range(30)]
    rows = kolada.fetch_values(kpis, ["0114"], [2024], base_url=server.base, **FAST)
    assert len(server.log) == 2
    assert server.log[0].split("/")[4].count(",") == 24  # 25 ids
    assert server.log[1] == "/v3/data/kpi/" + ",".join(kpis[25:]) + "/municipality/0114/year/2024"
    assert [r["kpi"] for r in rows] == kpis
    assert all(r["values"][0]["value"] == Decimal("1.5") for r in rows)


def test_cache_makes_a_rerun_request_nothing(server: Server, tmp_path: pathlib.Path) -> None:
    serve_two_pages(server)
    args = (["N15428", "U00408"], ["0114", "0115"], [2023, 2024])
    first = kolada.fetch_values(*args, base_url=server.base, cache_dir=tmp_path, **FAST)
    assert len(server.log) == 2
    assert len(list(tmp_path.glob("*.json"))) == 2
    second = kolada.fetch_values(*args, base_url=server.base, cache_dir=str(tmp_path), **FAST)
    assert len(server.log) == 2, "the second call made no request"
    assert second == first
    # A failed page is not cached: the next call asks again.
    server.route("/v3/kpi/N15428", (500, "", 0.0))
    with pytest.raises(KoladaError):
        kolada.fetch_kpis("N15428", base_url=server.base, cache_dir=tmp_path, retries=0, **FAST)
    assert len(list(tmp_path.glob("*.json"))) == 2
    assert not list(tmp_path.glob("*.tmp"))


def test_fetch_kpis_and_ou_values(server: Server) -> None:
    server.route("/v3/kpi/N15428,U00408,N17413,N00945", (200, server.fixture("kpi_metadata.json"), 0.0))
    kpis = kolada.fetch_kpis(["N15428", "U00408", "N17413", "N00945"], base_url=server.base, **FAST)
    assert [k["id"] for k in kpis] == ["N15428", "U00408", "N17413", "N00945"]
    assert kpis[0]["is_divided_by_gender"] is True and kpis[1]["is_divided_by_gender"] == 0
    assert kpis[2]["title"].endswith("kr/inv")
    server.route("/v3/oudata/kpi/N15428/ou/V15E011400101/year/2024", (200, server.fixture("ou_data.json"), 0.0))
    rows = kolada.fetch_ou_values("N15428", "V15E011400101", 2024, base_url=server.base, **FAST)
    assert rows[0]["ou"] == "V15E011400101"
    assert rows[0]["values"][2]["value"] == Decimal("75.3")


def test_payload_is_exact_json_for_the_core(server: Server) -> None:
    serve_two_pages(server)
    rows = kolada.fetch_values(
        ["N15428", "U00408"], ["0114", "0115"], [2023, 2024], base_url=server.base, **FAST
    )
    text = kolada.to_payload(rows)
    doc = json.loads(text)
    assert len(doc["values"]) == 7
    assert doc["values"][0]["values"][2] == {"count": 1, "gender": "T", "status": "", "value": "74.1"}
    assert doc["values"][1]["values"][0]["value"] == "75.0"
    assert doc["values"][3]["values"][0]["value"] is None
    assert doc["values"][2]["values"][0]["value"] == 58  # an integer stays a JSON integer
    with pytest.raises(TypeError):
        kolada.to_payload([{"kpi": "N1", "values": [{"gender": "T", "value": 74.1}]}])


def test_payload_applies_to_a_model_when_the_binding_has_it(server: Server) -> None:
    """Once the native Model exposes ``apply_kolada`` the fetched payload
    goes straight into a model; until then this test is skipped."""
    if not IN_PACKAGE:
        pytest.skip("the native module is not built")
    import styrkort

    apply = getattr(styrkort.Model, "apply_kolada", None)
    if apply is None:
        pytest.skip("Model.apply_kolada is not exposed yet")
    serve_two_pages(server)
    rows = kolada.fetch_values(
        ["N15428", "U00408"], ["0114", "0115"], [2023, 2024], base_url=server.base, **FAST
    )
    model = styrkort.load(str(FIXTURES / "model.json"))
    report: Optional[Any] = model.apply_kolada(kolada.to_payload(rows), policy="keep")
    assert report is not None


# --------------------------------------------------------------------------- trusting the network less


@pytest.fixture
def other() -> Iterator[Server]:
    """A second server, on another port: another origin."""
    s = Server()
    try:
        yield s
    finally:
        s.close()


def page_pointing_to(next_url: str) -> str:
    return json.dumps({"count": 0, "values": [], "next_url": next_url})


@pytest.mark.parametrize("where", ["other port", "other host", "other scheme"])
def test_next_url_off_the_origin_is_refused(server: Server, other: Server, where: str) -> None:
    port = server.base.split(":")[2].split("/")[0]
    target = {
        # The same path on another server: it would answer, but is never asked.
        "other port": other.base + PAGE2[3:],
        # `localhost` reaches this very server, yet it is another host name.
        "other host": f"http://localhost:{port}/v3" + PAGE2[3:],
        "other scheme": f"https://127.0.0.1:{port}/v3" + PAGE2[3:],
    }[where]
    other.route(PAGE2, (200, other.fixture("data_page2.json"), 0.0))
    server.route(PAGE1, (200, page_pointing_to(target), 0.0))
    server.route(PAGE2, (200, server.fixture("data_page2.json"), 0.0))
    with pytest.raises(KoladaError) as info:
        kolada.fetch_values(
            ["N15428", "U00408"], ["0114", "0115"], [2023, 2024], base_url=server.base, **FAST
        )
    assert "leaves the origin http://127.0.0.1:" in str(info.value), str(info.value)
    assert target in str(info.value)
    assert info.value.url == server.base + PAGE1[3:]
    assert server.log == [PAGE1] and other.log == []


def test_next_url_on_the_origin_may_be_relative_or_spell_the_default_port() -> None:
    start = "http://Example.org/v3/kpi/N1"
    page = {"values": []}
    assert kolada._next(start, {**page, "next_url": "/v3/kpi/N1?page=2"}, start) == (
        "http://Example.org/v3/kpi/N1?page=2"
    )
    assert kolada._next(start, {**page, "next_url": "http://example.org:80/x"}, start) == (
        "http://example.org:80/x"
    )
    with pytest.raises(KoladaError, match="leaves the origin"):
        kolada._next(start, {**page, "next_url": "http://example.org:8080/x"}, start)


def test_pages_per_request_are_capped(server: Server) -> None:
    start = server.base + "/endless"
    with pytest.raises(KoladaError) as info:
        kolada.fetch_pages(start, **FAST)
    assert kolada.DEFAULT_MAX_PAGES == 100
    assert len(server.log) == 100, "the default cap: 100 pages, not one more request"
    assert "past max_pages=100 pages" in str(info.value)
    assert info.value.url == server.base + "/endless?page=101"
    server.log.clear()
    with pytest.raises(KoladaError, match="max_pages=3"):
        kolada.fetch_pages(start, max_pages=3, **FAST)
    assert server.log == ["/v3/endless", "/v3/endless?page=2", "/v3/endless?page=3"]
    # Exactly max_pages pages are fine.
    serve_two_pages(server)
    rows = kolada.fetch_values(
        ["N15428", "U00408"], ["0114", "0115"], [2023, 2024],
        base_url=server.base, max_pages=2, **FAST,
    )
    assert len(rows) == 7
    with pytest.raises(KoladaError, match="max_pages=1"):
        kolada.fetch_values(
            ["N15428", "U00408"], ["0114", "0115"], [2023, 2024],
            base_url=server.base, max_pages=1, **FAST,
        )


@pytest.mark.parametrize("declared", [True, False])
def test_bodies_are_capped(server: Server, declared: bool) -> None:
    body = server.fixture("data_page2.json")
    size = len(body.encode("utf-8"))
    server.route(PAGE2, (200, body, 0.0))
    if not declared:
        server.no_length.add(PAGE2)
    url = server.base + PAGE2[3:]
    assert kolada.DEFAULT_MAX_BYTES == 64 * 1024 * 1024
    # A body of exactly max_bytes is read; one byte less is refused, not retried.
    assert kolada.fetch_pages(url, max_bytes=size, **FAST) == [body]
    server.log.clear()
    with pytest.raises(KoladaError) as info:
        kolada.fetch_pages(url, max_bytes=size - 1, retries=3, **FAST)
    if declared:
        assert f"is {size} bytes long, more than max_bytes={size - 1}" in str(info.value)
    else:
        assert f"is longer than max_bytes={size - 1}" in str(info.value)
    assert info.value.url == url and server.log == [PAGE2]


def test_redirects_are_followed_on_the_origin_only(server: Server, other: Server) -> None:
    server.route("/v3/moved", (302, "", 0.0))
    server.headers["/v3/moved"] = {"Location": server.base + PAGE2[3:]}
    server.route(PAGE2, (200, server.fixture("data_page2.json"), 0.0))
    texts = kolada.fetch_pages(server.base + "/moved", **FAST)
    assert len(texts) == 1 and server.log == ["/v3/moved", PAGE2]
    server.log.clear()
    server.route("/v3/away", (302, "", 0.0))
    server.headers["/v3/away"] = {"Location": other.base + PAGE2[3:]}
    other.route(PAGE2, (200, other.fixture("data_page2.json"), 0.0))
    with pytest.raises(KoladaError) as info:
        kolada.fetch_pages(server.base + "/away", **FAST)
    assert "redirects to " + other.base + PAGE2[3:] in str(info.value)
    assert info.value.status == 302
    assert server.log == ["/v3/away"] and other.log == []


@pytest.mark.parametrize("bad", [0, -1, 1.5, True, "10"])
def test_caps_must_be_positive_ints(bad: Any) -> None:
    with pytest.raises(ValueError, match="max_pages"):
        kolada.fetch_pages("http://127.0.0.1:9/v3/kpi/N1", max_pages=bad)
    with pytest.raises(ValueError, match="max_bytes"):
        kolada.fetch_pages("http://127.0.0.1:9/v3/kpi/N1", max_bytes=bad)
