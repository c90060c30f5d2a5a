"""The exceptions of styrkort.

Every error the engine reports is a ``StyrkortError``. Errors caused by bad
input are also ``ValueError`` (``ModelError``, ``PeriodError``,
``ValidationError``), so ``except ValueError`` keeps working; a lookup of an
id the evaluation does not have is also a ``KeyError`` (``UnknownIdError``),
like a missing key in a dict. Each message is the core's, naming the JSON
path, the id or the period.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._native import Diagnostic

__all__ = [
    "StyrkortError",
    "ModelError",
    "PeriodError",
    "ValidationError",
    "UnknownIdError",
    "ArithmeticOverflowError",
    "ConflictError",
    "InternalError",
]


def _rebuild(cls: type[StyrkortError], message: str, attrs: dict[str, Any]) -> StyrkortError:
    return cls(message, **attrs)


class StyrkortError(Exception):
    """Base class of every styrkort error.

    ``code`` is the core's stable name of the error kind: ``json``,
    ``period``, ``invalid_model``, ``unknown_id``, ``overflow`` or
    ``internal``.
    """

    code: str
    message: str

    def __init__(self, message: str, *, code: str = "error") -> None:
        super().__init__(message)
        self.message = message
        self.code = code

    def _attrs(self) -> dict[str, Any]:
        return {"code": self.code}

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.message, self._attrs()))


class ModelError(StyrkortError, ValueError):
    """The model text or dict is malformed or does not follow ``styrkort/1``.

    ``path`` is where (``goals[3].indicators[0].weight``; empty for the
    document), ``line``/``column`` the position in the JSON text (0 when
    unknown or when the problem was found before the text was written, such
    as a ``float`` refused by ``Model.from_dict``), ``detail`` the message
    without the location.
    """

    path: str
    line: int
    column: int
    detail: str

    def __init__(
        self,
        message: str,
        *,
        code: str = "json",
        path: str = "",
        line: int = 0,
        column: int = 0,
        detail: str = "",
    ) -> None:
        super().__init__(message, code=code)
        self.path = path
        self.line = line
        self.column = column
        self.detail = detail or message

    def _attrs(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "detail": self.detail,
        }


class PeriodError(StyrkortError, ValueError):
    """A period string could not be parsed (``input``, ``reason``)."""

    input: str
    reason: str

    def __init__(self, message: str, *, code: str = "period", input: str = "", reason: str = "") -> None:
        super().__init__(message, code=code)
        self.input = input
        self.reason = reason

    def _attrs(self) -> dict[str, Any]:
        return {"code": self.code, "input": self.input, "reason": self.reason}


class ValidationError(StyrkortError, ValueError):
    """The model has validation errors, so it cannot be evaluated.

    ``diagnostics`` lists every diagnostic of severity error.
    """

    diagnostics: list[Diagnostic]

    def __init__(
        self,
        message: str,
        *,
        code: str = "invalid_model",
        diagnostics: list[Diagnostic] | None = None,
    ) -> None:
        super().__init__(message, code=code)
        self.diagnostics = list(diagnostics or [])

    def _attrs(self) -> dict[str, Any]:
        return {"code": self.code, "diagnostics": self.diagnostics}


class UnknownIdError(StyrkortError, KeyError):
    """An id the model or evaluation does not have (``kind``, ``id``).

    Also a ``KeyError``, like a missing key of a mapping.
    """

    kind: str
    id: str

    def __init__(self, message: str, *, code: str = "unknown_id", kind: str = "", id: str = "") -> None:
        super().__init__(message, code=code)
        self.kind = kind
        self.id = id

    def _attrs(self) -> dict[str, Any]:
        return {"code": self.code, "kind": self.kind, "id": self.id}


class ArithmeticOverflowError(StyrkortError, ArithmeticError):
    """A sum, product or quotient left the range of a decimal (about ±7.9e28)."""

    context: str

    def __init__(self, message: str, *, code: str = "overflow", context: str = "") -> None:
        super().__init__(message, code=code)
        self.context = context

    def _attrs(self) -> dict[str, Any]:
        return {"code": self.code, "context": self.context}


class ConflictError(StyrkortError, ValueError):
    """Two sources disagree about a measurement (``indicator``, ``org``, ``period``)."""

    indicator: str
    org: str
    period: str

    def __init__(
        self, message: str, *, code: str = "conflict", indicator: str = "", org: str = "", period: str = ""
    ) -> None:
        super().__init__(message, code=code)
        self.indicator = indicator
        self.org = org
        self.period = period

    def _attrs(self) -> dict[str, Any]:
        return {"code": self.code, "indicator": self.indicator, "org": self.org, "period": self.period}


class InternalError(StyrkortError):
    """A bug in styrkort (a Rust panic caught at the boundary). Please report it."""


for _cls in (
    StyrkortError,
    ModelError,
    PeriodError,
    ValidationError,
    UnknownIdError,
    ArithmeticOverflowError,
    ConflictError,
    InternalError,
):
    _cls.__module__ = "styrkort"
