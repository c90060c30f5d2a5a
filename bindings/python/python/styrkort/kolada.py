"""Fetch key figures from Kolada, the national database of municipal key figures.

Only the standard library is used (``urllib``, ``json``, ``time``)::

    from styrkort import kolada
    rows = kolada.fetch_values(["N15428", "U00408"], ["0114"], [2023, 2024],
                               cache_dir=".kolada-cache")
    payload = kolada.to_payload(rows)      # JSON text in the shape the core parses
    kpis = kolada.fetch_kpis(["N15428"])   # KPI metadata dicts

What it does, against the Kolada API v3 (``https://api.kolada.se/v3``):

* builds the v3 URLs: ``/data/kpi/{kpis}/municipality/{codes}/year/{years}``,
  ``/oudata/kpi/{kpis}/ou/{ous}/year/{years}`` and ``/kpi/{ids}``, splitting
  every id list at the API's limit of 25 (:data:`MAX_IDS`), one request per
  combination of chunks;
* follows ``next_url`` from page to page, but only on the scheme, host and
  port the fetch started from, and at most ``max_pages`` pages per request
  (default :data:`DEFAULT_MAX_PAGES`); refuses a loop. HTTP redirects are
  followed on that origin only, too;
* reads at most ``max_bytes`` bytes of a body (default
  :data:`DEFAULT_MAX_BYTES`), refusing a longer one (its ``Content-Length``
  is checked before reading, and the reading stops one byte past the cap);
* retries transient failures (HTTP 5xx and 429, time-outs, refused or
  dropped connections) up to ``retries`` times, sleeping ``backoff * 2**n``
  seconds before retry ``n + 1``;
* raises :class:`KoladaError` at once on any other HTTP error (4xx), on a
  body that is not a JSON object with a ``values`` list, and on each
  refusal above (none of them is retried);
* with ``cache_dir``, keeps each page's body in a file named by the SHA-256
  of its URL, so a re-run (a notebook) makes no request at all. Only good
  pages are cached; delete the directory to fetch anew.

JSON numbers are parsed with ``parse_float=decimal.Decimal``, so ``74.1``
stays exact; integers stay ``int``. The rows are returned as Kolada sends
them (deleted rows and ``null`` values included): the core
(``styrkort::kolada`` in Rust) decides what they mean. :func:`to_payload`
turns rows back into one JSON document for it, decimals written as strings.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import socket
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from decimal import Decimal
from typing import Any, Dict, Iterable, List, Optional, Sequence, Set, Tuple, Union

try:
    from ._errors import StyrkortError as _Base
except ImportError:  # loaded by path, outside the package
    _Base = Exception  # type: ignore[misc, assignment]

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_PAGES",
    "MAX_IDS",
    "KoladaError",
    "data_urls",
    "fetch_kpis",
    "fetch_ou_values",
    "fetch_pages",
    "fetch_values",
    "kpi_urls",
    "ou_data_urls",
    "to_payload",
]

#: The Kolada API v3.
DEFAULT_BASE_URL = "https://api.kolada.se/v3"
#: The most ids Kolada accepts in one list of a request path.
MAX_IDS = 25
#: The most pages one request (one first-page URL and its ``next_url``
#: chain) may take. A request names at most 25 KPIs × 25 places × 25 years,
#: about 16,000 rows, which Kolada serves in a handful of pages (up to 5,000
#: rows each); 100 leaves room for small ``per_page`` values while a server
#: that invents pages is stopped after 100 requests.
DEFAULT_MAX_PAGES = 100
#: The most bytes of one response body: 64 MiB. A full Kolada page of 5,000
#: rows is about 1–2 MB; a body past the cap is refused rather than read
#: into memory.
DEFAULT_MAX_BYTES = 64 * 1024 * 1024

_USER_AGENT = "styrkort-kolada/1 (+python urllib)"

Row = Dict[str, Any]
Ids = Union[str, Iterable[str]]
Years = Union[int, str, Iterable[Union[int, str]]]


class KoladaError(_Base):
    """Fetching from Kolada failed: an HTTP error, a time-out or a connection
    error after every retry, or a body that is not a Kolada JSON page.

    ``url`` is the URL that failed; ``status`` the HTTP status when there
    was one. ``code`` is ``"kolada"``. A subclass of
    ``styrkort.StyrkortError`` when the package is importable.
    """

    code: str
    message: str
    url: Optional[str]
    status: Optional[int]

    def __init__(
        self,
        message: str,
        *,
        url: Optional[str] = None,
        status: Optional[int] = None,
        code: str = "kolada",
    ) -> None:
        Exception.__init__(self, message)
        self.message = message
        self.code = code
        self.url = url
        self.status = status

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> Any:
        return (_rebuild, (type(self), self.message, self.url, self.status, self.code))


def _rebuild(
    cls: type, message: str, url: Optional[str], status: Optional[int], code: str
) -> KoladaError:
    err: KoladaError = cls(message, url=url, status=status, code=code)
    return err


# --------------------------------------------------------------------------- URLs


def _ids(ids: Ids, what: str) -> List[str]:
    items = [ids] if isinstance(ids, str) else list(ids)
    out: List[str] = []
    for i in items:
        if not isinstance(i, str) or not i.strip():
            raise ValueError(f"{what}: expected non-empty strings, found {i!r}")
        if "," in i or "/" in i:
            raise ValueError(f"{what}: {i!r} is not a single id")
        if i not in out:
            out.append(i)
    if not out:
        raise ValueError(f"{what}: give at least one")
    return out


def _years(years: Years) -> List[str]:
    items: List[Union[int, str]] = (
        [years] if isinstance(years, (int, str)) else list(years)
    )
    out: List[str] = []
    for y in items:
        text = str(y) if isinstance(y, int) and not isinstance(y, bool) else y
        if not isinstance(text, str) or len(text) != 4 or not text.isdigit():
            raise ValueError(f"years: expected four-digit years, found {y!r}")
        if text not in out:
            out.append(text)
    if not out:
        raise ValueError("years: give at least one")
    return out


def _chunks(items: Sequence[str]) -> List[str]:
    return [
        ",".join(urllib.parse.quote(i, safe="") for i in items[k : k + MAX_IDS])
        for k in range(0, len(items), MAX_IDS)
    ]


def _base(base_url: str) -> str:
    return base_url.rstrip("/")


def data_urls(
    kpis: Ids, municipalities: Ids, years: Years, *, base_url: str = DEFAULT_BASE_URL
) -> List[str]:
    """The first-page URLs of ``/data/kpi/{kpis}/municipality/{codes}/year/{years}``,
    every list split at 25 ids (duplicates dropped, order kept)."""
    b = _base(base_url)
    return [
        f"{b}/data/kpi/{k}/municipality/{m}/year/{y}"
        for k in _chunks(_ids(kpis, "kpis"))
        for m in _chunks(_ids(municipalities, "municipalities"))
        for y in _chunks(_years(years))
    ]


def ou_data_urls(
    kpis: Ids, ous: Ids, years: Years, *, base_url: str = DEFAULT_BASE_URL
) -> List[str]:
    """The first-page URLs of ``/oudata/kpi/{kpis}/ou/{ous}/year/{years}``
    (organisational units, e.g. schools), split at 25 ids."""
    b = _base(base_url)
    return [
        f"{b}/oudata/kpi/{k}/ou/{o}/year/{y}"
        for k in _chunks(_ids(kpis, "kpis"))
        for o in _chunks(_ids(ous, "ous"))
        for y in _chunks(_years(years))
    ]


def kpi_urls(ids: Ids, *, base_url: str = DEFAULT_BASE_URL) -> List[str]:
    """The first-page URLs of ``/kpi/{ids}`` (KPI metadata), split at 25 ids."""
    b = _base(base_url)
    return [f"{b}/kpi/{k}" for k in _chunks(_ids(ids, "ids"))]


# --------------------------------------------------------------------------- HTTP


def _cache_path(cache_dir: str, url: str) -> str:
    return os.path.join(cache_dir, hashlib.sha256(url.encode("utf-8")).hexdigest() + ".json")


def _write_cache(cache_dir: str, url: str, body: str) -> None:
    os.makedirs(cache_dir, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=cache_dir, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(body)
        os.replace(tmp, _cache_path(cache_dir, url))
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


_TRANSIENT = (
    TimeoutError,
    socket.timeout,
    ConnectionError,
    http.client.IncompleteRead,
    http.client.RemoteDisconnected,
    http.client.BadStatusLine,
)


def _origin(url: str) -> Tuple[str, str, Optional[int]]:
    """``(scheme, host, port)`` of ``url``, the port made explicit."""
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:
        port = -1  # not a port: matches nothing
    if port is None:
        port = {"http": 80, "https": 443}.get(scheme)
    return scheme, (parts.hostname or "").lower(), port


def _show_origin(url: str) -> str:
    scheme, host, port = _origin(url)
    return f"{scheme}://{host}:{port}"


class _SameOriginRedirects(urllib.request.HTTPRedirectHandler):
    """Follows an HTTP redirect only to the origin of the first request:
    a redirect elsewhere is refused like a ``next_url`` elsewhere."""

    def __init__(self, start: str) -> None:
        super().__init__()
        self.start = start

    def redirect_request(
        self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str
    ) -> Any:
        if _origin(newurl) != _origin(self.start):
            raise KoladaError(
                f"Kolada's answer for {req.full_url} redirects to {newurl}, off the origin "
                f"{_show_origin(self.start)} the fetch started from; refused",
                url=req.full_url,
                status=code,
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _read_capped(response: Any, url: str, max_bytes: int) -> bytes:
    """The body of ``response``, refused when it is longer than ``max_bytes``."""
    declared = response.headers.get("Content-Length")
    if declared is not None and declared.strip().isdigit() and int(declared) > max_bytes:
        raise KoladaError(
            f"Kolada's answer for {url} is {int(declared)} bytes long, more than "
            f"max_bytes={max_bytes}; refused",
            url=url,
        )
    raw: bytes = response.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise KoladaError(
            f"Kolada's answer for {url} is longer than max_bytes={max_bytes}; refused",
            url=url,
        )
    return raw


def _get(
    url: str,
    timeout: float,
    retries: int,
    backoff: float,
    max_bytes: int = DEFAULT_MAX_BYTES,
    start: Optional[str] = None,
) -> str:
    """GET ``url`` and return the body text, retrying transient failures.
    Redirects are followed on the origin of ``start`` (default ``url``) only."""
    if retries < 0:
        raise ValueError("retries must be >= 0")
    request = urllib.request.Request(
        url, headers={"Accept": "application/json", "User-Agent": _USER_AGENT}
    )
    opener = urllib.request.build_opener(_SameOriginRedirects(start or url))
    last = ""
    last_status: Optional[int] = None
    for attempt in range(retries + 1):
        if attempt > 0 and backoff > 0:
            time.sleep(backoff * 2 ** (attempt - 1))
        try:
            with opener.open(request, timeout=timeout) as response:
                raw = _read_capped(response, url, max_bytes)
        except urllib.error.HTTPError as e:
            if e.code >= 500 or e.code == 429:
                last, last_status = f"HTTP {e.code} {e.reason}", e.code
                continue
            raise KoladaError(
                f"Kolada answered HTTP {e.code} {e.reason} for {url}", url=url, status=e.code
            ) from None
        except urllib.error.URLError as e:
            if isinstance(e.reason, (OSError, TimeoutError)):
                last, last_status = f"connection error: {e.reason}", None
                continue
            raise KoladaError(f"cannot fetch {url}: {e.reason}", url=url) from None
        except _TRANSIENT as e:
            kind = "timed out" if isinstance(e, (TimeoutError, socket.timeout)) else "failed"
            last, last_status = f"the request {kind}: {e or type(e).__name__}", None
            continue
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as e:
            raise KoladaError(f"Kolada's answer for {url} is not UTF-8: {e}", url=url) from None
    attempts = retries + 1
    raise KoladaError(
        f"fetching {url} failed after {attempts} attempt{'s' if attempts != 1 else ''}: {last}",
        url=url,
        status=last_status,
    )


def _parse_page(url: str, body: str) -> Dict[str, Any]:
    try:
        page = json.loads(body, parse_float=Decimal)
    except ValueError as e:
        raise KoladaError(f"Kolada's answer for {url} is not JSON: {e}", url=url) from None
    if not isinstance(page, dict) or not isinstance(page.get("values"), list):
        raise KoladaError(
            f"Kolada's answer for {url} is not a page: expected an object with a 'values' list",
            url=url,
        )
    next_url = page.get("next_url")
    if next_url is not None and not isinstance(next_url, str):
        raise KoladaError(f"Kolada's answer for {url} has a next_url that is not a string", url=url)
    return page


def _next(url: str, page: Dict[str, Any], start: str) -> Optional[str]:
    nxt = page.get("next_url")
    if not nxt:
        return None
    absolute: str = urllib.parse.urljoin(url, str(nxt))
    if urllib.parse.urlsplit(absolute).scheme not in ("http", "https"):
        raise KoladaError(f"Kolada's next_url {nxt!r} is not an http(s) URL", url=url)
    if _origin(absolute) != _origin(start):
        raise KoladaError(
            f"Kolada's next_url {nxt!r} leaves the origin {_show_origin(start)} the fetch "
            f"started from; refused",
            url=url,
        )
    return absolute


def _positive(name: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name} must be a positive int, not {value!r}")


def fetch_pages(
    url: str,
    *,
    timeout: float = 30,
    retries: int = 3,
    backoff: float = 0.5,
    cache_dir: Optional[Union[str, "os.PathLike[str]"]] = None,
    max_pages: int = DEFAULT_MAX_PAGES,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> List[str]:
    """Fetches ``url`` and every page after it through ``next_url``, and
    returns the pages' JSON texts in order (each checked to be a page).

    ``next_url`` (and any HTTP redirect) is followed only on the scheme,
    host and port of ``url``; at most ``max_pages`` pages are fetched and
    at most ``max_bytes`` bytes read of each body. Each refusal raises
    :class:`KoladaError`; none is retried.
    """
    _positive("max_pages", max_pages)
    _positive("max_bytes", max_bytes)
    cache = os.fspath(cache_dir) if cache_dir is not None else None
    texts: List[str] = []
    seen: Set[str] = set()
    current: Optional[str] = url
    while current is not None:
        if current in seen:
            raise KoladaError(f"Kolada's paging loops: {current} was already fetched", url=current)
        if len(texts) >= max_pages:
            raise KoladaError(
                f"Kolada's paging for {url} goes on past max_pages={max_pages} pages "
                f"(next: {current}); refused",
                url=current,
            )
        seen.add(current)
        body: Optional[str] = None
        if cache is not None:
            path = _cache_path(cache, current)
            if os.path.exists(path):
                with open(path, encoding="utf-8") as f:
                    body = f.read()
        from_cache = body is not None
        if body is None:
            body = _get(current, timeout, retries, backoff, max_bytes, start=url)
        page = _parse_page(current, body)
        if cache is not None and not from_cache:
            _write_cache(cache, current, body)
        texts.append(body)
        current = _next(current, page, url)
    return texts


def _rows(urls: List[str], **options: Any) -> List[Row]:
    rows: List[Row] = []
    for url in urls:
        for text in fetch_pages(url, **options):
            rows.extend(json.loads(text, parse_float=Decimal)["values"])
    return rows


# --------------------------------------------------------------------------- API


def fetch_values(
    kpis: Ids,
    municipalities: Ids,
    years: Years,
    *,
    base_url: str = DEFAULT_BASE_URL,
    timeout: float = 30,
    retries: int = 3,
    backoff: float = 0.5,
    cache_dir: Optional[Union[str, "os.PathLike[str]"]] = None,
    max_pages: int = DEFAULT_MAX_PAGES,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> List[Row]:
    """Fetches the data rows of ``kpis`` for ``municipalities`` (codes such
    as ``"0114"``) and ``years``, every page of every request, in order.

    Each row is a dict ``{"kpi", "municipality", "period", "values": [{"gender",
    "value", "count", "status", ...}], ...}`` exactly as Kolada sends it,
    with decimals as :class:`decimal.Decimal`. Raises :class:`KoladaError`
    on failure and :class:`ValueError` on bad arguments. ``max_pages``
    and ``max_bytes`` cap each request's pages and each body's size (see
    :func:`fetch_pages`).
    """
    return _rows(
        data_urls(kpis, municipalities, years, base_url=base_url),
        timeout=timeout,
        retries=retries,
        backoff=backoff,
        cache_dir=cache_dir,
        max_pages=max_pages,
        max_bytes=max_bytes,
    )


def fetch_ou_values(
    kpis: Ids,
    ous: Ids,
    years: Years,
    *,
    base_url: str = DEFAULT_BASE_URL,
    timeout: float = 30,
    retries: int = 3,
    backoff: float = 0.5,
    cache_dir: Optional[Union[str, "os.PathLike[str]"]] = None,
    max_pages: int = DEFAULT_MAX_PAGES,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> List[Row]:
    """Like :func:`fetch_values` for organisational units (ids such as
    ``"V15E144001301"``): rows carry ``"ou"`` instead of ``"municipality"``."""
    return _rows(
        ou_data_urls(kpis, ous, years, base_url=base_url),
        timeout=timeout,
        retries=retries,
        backoff=backoff,
        cache_dir=cache_dir,
        max_pages=max_pages,
        max_bytes=max_bytes,
    )


def fetch_kpis(
    ids: Ids,
    *,
    base_url: str = DEFAULT_BASE_URL,
    timeout: float = 30,
    retries: int = 3,
    backoff: float = 0.5,
    cache_dir: Optional[Union[str, "os.PathLike[str]"]] = None,
    max_pages: int = DEFAULT_MAX_PAGES,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> List[Row]:
    """Fetches KPI metadata for ``ids``: dicts ``{"id", "title",
    "description", "is_divided_by_gender", "municipality_type",
    "operating_area", "perspective", "publication_date", ...}``."""
    return _rows(
        kpi_urls(ids, base_url=base_url),
        timeout=timeout,
        retries=retries,
        backoff=backoff,
        cache_dir=cache_dir,
        max_pages=max_pages,
        max_bytes=max_bytes,
    )


def _exact(o: Any) -> Any:
    if isinstance(o, Decimal):
        if not o.is_finite():
            raise ValueError(f"cannot write {o} as a Kolada value")
        return str(o)
    raise TypeError(f"{type(o).__name__} is not JSON serialisable")


def to_payload(rows: Iterable[Row]) -> str:
    """One JSON document ``{"values": rows}`` in the shape the core parses
    (``styrkort::kolada::parse_data``, ``Model.apply_kolada``); decimals are
    written as strings (``"74.1"``) so nothing passes through ``float``.
    A ``float`` anywhere is refused with :class:`TypeError`."""
    rows = list(rows)

    def check(o: Any) -> None:
        if isinstance(o, float):
            raise TypeError(f"float {o!r} in a Kolada row: use decimal.Decimal")
        if isinstance(o, dict):
            for v in o.values():
                check(v)
        elif isinstance(o, list):
            for v in o:
                check(v)

    check(rows)
    return json.dumps({"values": rows}, default=_exact, ensure_ascii=False)
