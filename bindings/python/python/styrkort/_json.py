"""Exact JSON across the boundary.

Writing (``Model.from_dict``, ``Model.with_measurements``): a dict becomes
JSON text that the core reads exactly. ``decimal.Decimal`` is written as a
string in plain notation (``Decimal("1E+2")`` → ``"100"``), ``int`` as a
number, ``datetime.date`` as ``YYYY-MM-DD``, a ``Period`` or str-enum as its
text. A ``float`` cannot be exact, so it is refused with a ``ModelError``
naming its path, unless the caller opts in with ``allow_float=True``: then
the float is written as its shortest ``repr`` (``0.1`` → ``"0.1"``), which is
what a person reading the number sees, not its binary value.

Reading (``to_dict``): ``json.loads`` of the core's text; with
``decimal=True`` (the default) the decimal fields become ``Decimal``. The
decimal fields are recognised by name, by the core's list
(``styrkort._native.DECIMAL_KEYS``, from ``styrkort::json::DECIMAL_KEYS``):
in the ``styrkort/1``, ``styrkort-evaluation/1`` and
``styrkort-dialogue/1`` formats those names hold a decimal (or null)
wherever they occur.
"""

from __future__ import annotations

import datetime
import enum
import json
import math
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from . import _native
from ._errors import ModelError

__all__ = ["comparison_pages", "dumps", "dumps_rows", "loads", "to_jsonable"]

#: Keys whose string values are decimals in every styrkort JSON format:
#: the core's list (``styrkort::json::DECIMAL_KEYS``), held once, in Rust.
_DECIMAL_KEYS = frozenset(_native.DECIMAL_KEYS)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _float_text(x: float) -> str:
    if math.isnan(x) or math.isinf(x):
        return repr(x)
    return format(Decimal(repr(x)), "f")


def to_jsonable(obj: Any, allow_float: bool = False, path: str = "") -> Any:
    """``obj`` with every value turned into what ``json.dumps`` writes exactly."""
    if obj is None or isinstance(obj, bool):
        return obj
    if isinstance(obj, str):
        return str.__str__(obj)  # plain str, also for str-enums
    if isinstance(obj, int):
        return int(obj)
    if isinstance(obj, Decimal):
        return format(obj, "f")
    if isinstance(obj, float):
        if allow_float:
            return _float_text(obj)
        where = path or "the document"
        raise ModelError(
            f"invalid model JSON at {where}: the float {obj!r} cannot be taken exactly; "
            f"give a decimal.Decimal or a str such as {repr(obj)!r}, "
            "or pass allow_float=True to convert floats through repr",
            code="float",
            path=path,
            detail=f"the float {obj!r} cannot be taken exactly",
        )
    if isinstance(obj, Mapping):
        out: dict[str, Any] = {}
        for k, v in obj.items():
            if not isinstance(k, str):
                raise ModelError(
                    f"invalid model JSON at {path or 'the document'}: key {k!r} is not a str",
                    path=path,
                    detail=f"key {k!r} is not a str",
                )
            out[str.__str__(k)] = to_jsonable(v, allow_float, _join(path, k))
        return out
    if isinstance(obj, (list, tuple)):
        return [to_jsonable(v, allow_float, f"{path}[{i}]") for i, v in enumerate(obj)]
    if isinstance(obj, datetime.datetime):
        pass  # a datetime is not a date of the format; refused below
    elif isinstance(obj, datetime.date):
        return obj.isoformat()
    if isinstance(obj, enum.Enum):
        return to_jsonable(obj.value, allow_float, path)
    from ._native import Period

    if isinstance(obj, Period):
        return str(obj)
    where = path or "the document"
    raise ModelError(
        f"invalid model JSON at {where}: a {type(obj).__name__} cannot be written as JSON",
        path=path,
        detail=f"a {type(obj).__name__} cannot be written as JSON",
    )


def dumps(obj: Any, allow_float: bool = False, path: str = "") -> str:
    """Compact JSON text of ``obj``, exact (see the module docs); errors
    name their place under ``path``."""
    return json.dumps(
        to_jsonable(obj, allow_float, path), ensure_ascii=False, separators=(",", ":")
    )


def dumps_rows(rows: Any, allow_float: bool = False) -> str:
    """JSON text of measurement rows (a list of dicts), paths ``rows[i].field``."""
    if isinstance(rows, Mapping) or isinstance(rows, (str, bytes)):
        raise ModelError(
            "measurement rows must be a list of dicts with indicator, period and value",
            path="rows",
        )
    items = list(rows)
    return json.dumps(
        [to_jsonable(r, allow_float, f"rows[{i}]") for i, r in enumerate(items)],
        ensure_ascii=False,
        separators=(",", ":"),
    )


def _decimal_hook(obj: dict[str, Any]) -> dict[str, Any]:
    for k, v in obj.items():
        if k in _DECIMAL_KEYS and isinstance(v, str):
            obj[k] = Decimal(v)
    return obj


def loads(text: str, decimal: bool = True) -> Any:
    """``json.loads`` of a styrkort document, decimal fields as ``Decimal`` when ``decimal``."""
    if decimal:
        return json.loads(text, object_hook=_decimal_hook)
    return json.loads(text)


def comparison_pages(payload: Any) -> list[str]:
    """The Kolada data pages (JSON texts) of a ``comparison`` argument.

    ``payload`` is one page as JSON text or as a dict (``{"values": [...]}``),
    a list of page texts (e.g. from ``styrkort.kolada.fetch_pages``), or a
    list of row dicts (``styrkort.kolada.fetch_values``), written as one
    page by ``styrkort.kolada.to_payload``. Floats are refused: Kolada's
    figures must stay exact (``json.loads(text, parse_float=Decimal)``).
    """
    if isinstance(payload, str):
        return [payload]
    if isinstance(payload, (bytes, bytearray)):
        raise TypeError("comparison: give the Kolada page as str, not bytes")
    if isinstance(payload, Mapping):
        return [dumps(payload, False, "comparison")]
    try:
        items = list(payload)
    except TypeError:
        raise TypeError(
            "comparison: expected a Kolada data page (str or dict), a list of pages, "
            f"or the rows of styrkort.kolada.fetch_values, not {type(payload).__name__}"
        ) from None
    if all(isinstance(i, str) for i in items):
        return items
    if all(isinstance(i, Mapping) for i in items):
        from .kolada import to_payload

        for n, row in enumerate(items):
            to_jsonable(row, False, f"comparison[{n}]")  # a float names its row
        return [to_payload(items)]
    raise TypeError(
        "comparison: a list must hold only page texts (str) or only rows (dict)"
    )
