"""pandas frames of an evaluation, and measurements from a frame.

pandas and pyarrow are an optional extra (``pip install styrkort[pandas]``);
they are imported here only, when a frame is asked for.

A frame is built from the evaluation's Arrow table (``Evaluation.table``):
the native module builds the record batch in Rust, pyarrow reads it through
the Arrow PyCapsule interface, and each Arrow column becomes one pandas
column. The column types come from the Arrow schema, which the Rust side
defines once (``bindings/python/src/arrow.rs``): ordered dictionaries
(statuses, perspectives, levels) become ordered categoricals whose
categories are the whole scale; unordered dictionaries (trend, rule,
target kind, item kind) plain categoricals; nullable ``int64`` / ``bool``
columns pandas' ``Int64`` / ``boolean``; ``decimal128`` columns, by
``decimals``: ``"arrow"`` (exact ``ArrowDtype(decimal128(38, s))``, the
default), ``"object"`` (``decimal.Decimal`` objects, exact) or
``"float"`` (``float64``, for plotting; not exact).
"""

from __future__ import annotations

import datetime
import math
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from . import _native
from ._errors import ModelError
from ._json import _float_text

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["frame", "measurements_from_frame"]

_DECIMALS = ("arrow", "object", "float")


def _require_pandas() -> None:
    try:
        import pandas  # noqa: F401
        import pyarrow  # type: ignore[import-untyped]  # noqa: F401
    except ImportError as e:  # exercised in a subprocess test
        raise ImportError(
            "styrkort's DataFrames need pandas and pyarrow: pip install 'styrkort[pandas]'"
        ) from e


def frame(table: _native.Table, decimals: str = "arrow") -> pd.DataFrame:
    """The pandas frame of one Arrow table of an evaluation (see
    ``Evaluation.goals_frame``); ``decimals`` is ``"arrow"``, ``"object"``
    or ``"float"``."""
    if decimals not in _DECIMALS:
        raise ValueError(f"decimals is one of {', '.join(_DECIMALS)}, not {decimals!r}")
    _require_pandas()
    import pandas as pd
    import pyarrow as pa

    t = pa.table(table)
    nullable = {pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype()}
    data: dict[str, Any] = {}
    for field, column in zip(t.schema, t.columns):
        ty = field.type
        if pa.types.is_decimal(ty):
            if decimals == "arrow":
                data[field.name] = pd.Series(pd.arrays.ArrowExtensionArray(column))
            elif decimals == "float":
                data[field.name] = column.cast(pa.float64()).to_pandas()
            else:
                data[field.name] = column.to_pandas()
        elif field.nullable and ty in nullable:
            data[field.name] = column.to_pandas(types_mapper=nullable.get)
        else:
            data[field.name] = column.to_pandas()
    return pd.DataFrame(data, columns=t.column_names)


def _missing(v: Any) -> bool:
    if v is None:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    try:
        import pandas

        return bool(v is pandas.NA or v is pandas.NaT)
    except ImportError:  # pragma: no cover
        return False


def _decimal_cell(v: Any, allow_float: bool, path: str) -> Any:
    if isinstance(v, bool):
        raise ModelError(f"invalid measurement at {path}: {v!r} is not a number", path=path)
    if isinstance(v, (Decimal, int, str)):
        return v
    if isinstance(v, float):
        if allow_float:
            return _float_text(v)
        raise ModelError(
            f"invalid measurement at {path}: the float {v!r} cannot be taken exactly; "
            "give Decimal or str values (or pass allow_float=True to convert floats through repr)",
            code="float",
            path=path,
        )
    # numpy integer scalars and the like
    if hasattr(v, "__index__"):
        return int(v)
    if allow_float and hasattr(v, "__float__"):
        return _float_text(float(v))
    raise ModelError(
        f"invalid measurement at {path}: a {type(v).__name__} is not an exact number",
        code="float" if hasattr(v, "__float__") else "json",
        path=path,
    )


def _period_cell(v: Any) -> str:
    if isinstance(v, (datetime.date,)):
        raise ModelError(
            f"a date ({v}) is not a period; give '2025', '2025T2', '2025Q3' or '2025-08'"
        )
    if hasattr(v, "__index__") and not isinstance(v, bool):
        return str(int(v))
    return str(v)


def measurements_from_frame(
    df: pd.DataFrame,
    *,
    indicator: str = "indicator",
    period: str = "period",
    value: str = "value",
    org: str | None = None,
    women: str | None = None,
    men: str | None = None,
    allow_float: bool = False,
    dropna: bool = False,
) -> list[dict[str, Any]]:
    """Measurement rows from a DataFrame, for ``Model.with_measurements``.

    The arguments name the columns. ``value``, ``women`` and ``men`` must be
    exact: ``Decimal``, ``int`` or ``str`` (an int column is fine); a float
    column or cell is refused with a ``ModelError`` unless
    ``allow_float=True``, which converts through ``repr``. ``period`` may be
    a str (``"2025T2"``), an int year, or a ``pandas.Period`` of a year,
    quarter or month. A missing ``org`` means the indicator's owner; a
    missing ``women``/``men`` is left out; a missing ``value`` is an error
    unless ``dropna=True`` skips the row.
    """
    _require_pandas()
    import pandas as pd

    names = {"indicator": indicator, "period": period, "value": value}
    optional = {"org": org, "women": women, "men": men}
    for key, col in {**names, **{k: v for k, v in optional.items() if v is not None}}.items():
        if col not in df.columns:
            raise ModelError(
                f"the frame has no column {col!r} for {key}; columns: {list(df.columns)}",
                path=key,
            )
    if not allow_float:
        for key, fcol in (("value", value), ("women", women), ("men", men)):
            if fcol is not None and pd.api.types.is_float_dtype(df[fcol].dtype):
                col = fcol
                raise ModelError(
                    f"invalid measurements: column {col!r} ({key}) has dtype {df[col].dtype}, "
                    "which cannot be exact; give Decimal, int or str values, "
                    "or pass allow_float=True to convert floats through repr",
                    code="float",
                    path=col,
                )
    n = len(df)
    ind = df[indicator].tolist()
    per = df[period].tolist()
    val = df[value].tolist()
    orgs = df[org].tolist() if org is not None else [None] * n
    wom = df[women].tolist() if women is not None else [None] * n
    mens = df[men].tolist() if men is not None else [None] * n
    rows: list[dict[str, Any]] = []
    labels = df.index.tolist()
    for i in range(n):
        where = f"row {labels[i]!r}"
        if _missing(val[i]):
            if dropna:
                continue
            raise ModelError(
                f"invalid measurement at {where}: column {value!r} is missing "
                "(pass dropna=True to skip such rows)",
                path=f"{where}.{value}",
            )
        row: dict[str, Any] = {
            "indicator": str(ind[i]),
            "period": _period_cell(per[i]),
            "value": _decimal_cell(val[i], allow_float, f"{where}.{value}"),
        }
        if not _missing(orgs[i]):
            row["org"] = str(orgs[i])
        if not _missing(wom[i]):
            row["women"] = _decimal_cell(wom[i], allow_float, f"{where}.{women}")
        if not _missing(mens[i]):
            row["men"] = _decimal_cell(mens[i], allow_float, f"{where}.{men}")
        rows.append(row)
    return rows
