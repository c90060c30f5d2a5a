"""Str-valued enums of the management system's vocabulary.

Each member *is* its JSON name (``Status.FULFILLED == "fulfilled"``), so the
members compare equal to the strings in ``to_dict()`` and in JSON.
"""

from __future__ import annotations

import enum

__all__ = ["Status", "Perspective", "Level", "Trend", "Severity"]


class _StrEnum(str, enum.Enum):
    def __str__(self) -> str:
        return str(self.value)

    def __repr__(self) -> str:
        return f"{type(self).__name__}.{self.name}"


class Status(_StrEnum):
    """How far a goal or indicator is reached, in order of the scale."""

    FULFILLED = "fulfilled"
    PARTLY_FULFILLED = "partly_fulfilled"
    NOT_FULFILLED = "not_fulfilled"
    NO_DATA = "no_data"
    NOT_ASSESSED = "not_assessed"

    @property
    def label_sv(self) -> str:
        """The Swedish label (*Delvis uppfyllt*), from the core."""
        from . import _native

        return _native.STATUS_LABELS_SV[_native.STATUSES.index(self.value)]

    @property
    def is_assessed(self) -> bool:
        """Whether the status is fulfilled, partly fulfilled or not fulfilled."""
        return self in (Status.FULFILLED, Status.PARTLY_FULFILLED, Status.NOT_FULFILLED)


class Perspective(_StrEnum):
    """The four perspectives of the management system, in its order."""

    CITIZEN = "citizen"
    SOCIETY_ENVIRONMENT = "society_environment"
    EMPLOYEES = "employees"
    ECONOMY = "economy"

    @property
    def label(self) -> str:
        """The Swedish label (with the default citizen label), from the core."""
        from . import _native

        return _native.PERSPECTIVE_LABELS[_native.PERSPECTIVES.index(self.value)]


class Level(_StrEnum):
    """The three goal levels of the red thread (röda tråden)."""

    COUNCIL = "council"
    BOARD = "board"
    OPERATIONAL = "operational"


class Trend(_StrEnum):
    """Which way an indicator moved since the previous period."""

    IMPROVING = "improving"
    UNCHANGED = "unchanged"
    WORSENING = "worsening"
    UNKNOWN = "unknown"


class Severity(_StrEnum):
    """How serious a diagnostic is."""

    ERROR = "error"
    WARNING = "warning"


for _cls in (Status, Perspective, Level, Trend, Severity):
    _cls.__module__ = "styrkort"
