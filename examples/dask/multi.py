"""A generated multi-municipality model for the Dask example and its test.

``municipalities(n)`` makes ``n`` municipalities from the bundled example
municipality (``examples/exempelkommun.json``): every id gets the prefix
``k01-``, ``k02-``, …, and every measured value is scaled by a factor that
differs per municipality (exactly, with ``Decimal``, to one decimal place),
so the municipalities reach different statuses. The result is one
``styrkort/1`` dict, as a kommunförbund or a national analyst would hold it.
"""

from __future__ import annotations

import copy
import json
import pathlib
from decimal import Decimal
from typing import Any

EXAMPLE = pathlib.Path(__file__).resolve().parents[1] / "exempelkommun.json"

# Where each kind of object keeps org, goal or indicator ids.
_ORG_KEYS = ("id", "parent", "owner", "org", "responsible")


def _rename(obj: Any, prefix: str) -> Any:
    """Prefixes every id and reference in one municipality's model."""
    if isinstance(obj, list):
        return [_rename(v, prefix) for v in obj]
    if not isinstance(obj, dict):
        return obj
    out: dict[str, Any] = {}
    for k, v in obj.items():
        if k in _ORG_KEYS and isinstance(v, str):
            out[k] = prefix + v
        elif k in ("indicator", "goal") and isinstance(v, str):
            out[k] = prefix + v
        elif k in ("applies_to", "goals") and isinstance(v, list) and all(isinstance(x, str) for x in v):
            out[k] = [prefix + x for x in v]
        elif k == "contributes_to":
            out[k] = [prefix + x if isinstance(x, str) else _rename(x, prefix) for x in v]
        elif k == "name" and isinstance(v, str) and "kind" in obj and obj.get("kind") == "municipality":
            out[k] = f"{v} {prefix.rstrip('-')}"
        else:
            out[k] = _rename(v, prefix)
    return out


def municipalities(n: int) -> dict[str, Any]:
    """``n`` municipalities in one model dict (decimals as ``Decimal``)."""
    base = json.loads(EXAMPLE.read_text(encoding="utf-8"), parse_float=Decimal)
    model: dict[str, Any] = {
        "format": base["format"],
        "settings": base.get("settings", {}),
        "organisation": [],
        "indicators": [],
        "goals": [],
        "action_plans": [],
    }
    for k in range(1, n + 1):
        part = _rename(copy.deepcopy(base), f"k{k:02d}-")
        factor = Decimal(100 + (k * 7) % 23 - 11) / 100  # 0.89 … 1.11
        for ind in part["indicators"]:
            for m in ind.get("measurements", []):
                for key in ("value", "women", "men"):
                    if key in m:
                        m[key] = str((Decimal(str(m[key])) * factor).quantize(Decimal("0.1")))
        for key in ("organisation", "indicators", "goals", "action_plans"):
            model[key].extend(part.get(key, []))
    return model
