"""Findings: what the rules say about a row, a register or a workbook.

A finding has a stable English ``code`` (``pd-overdue``), a severity, the place it is about
(register, sheet row, field) and, when something is due, a due date. Its human message is
rendered later from the catalog, in the reader's language::

    Finding("teachers", "pd-overdue", Severity.ERROR, row=7, field="full_name",
            due=date(2026, 3, 1))
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is worse; sorts findings worst first."""
        return {"error": 2, "warning": 1, "info": 0}[self.value]

    @property
    def icon(self) -> str:
        return {"error": "✖", "warning": "⚠", "info": "ℹ"}[self.value]


class _Same:
    """What ``Finding.amended`` keeps when a field is not given (None is a value there)."""


_SAME = _Same()


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a reader should know or fix.

    ``row`` is the sheet's own 1-based row number, ``None`` for a register-level finding.
    ``field`` names the register field it is about; ``column`` is the header text as it
    stands in the sheet (filled in by the runner from the header map when not given).
    ``params`` feed the message template of ``code``.
    """

    register: str
    code: str
    severity: Severity
    row: int | None = None
    field: str | None = None
    column: str | None = None
    due: date | None = None
    params: dict[str, Any] = dataclasses.field(default_factory=dict, compare=False, hash=False)
    tabs: Mapping[str, str] = dataclasses.field(
        default_factory=dict, compare=False, hash=False, repr=False
    )
    """Register id -> its tab's title in this workbook, for messages that name a tab."""

    def amended(
        self, *, column: str | _Same | None = _SAME, tabs: Mapping[str, str] | _Same = _SAME
    ) -> Finding:
        """The finding with ``column`` and/or ``tabs`` given: ``dataclasses.replace`` at a
        fraction of its cost, for the thousands of findings a run fills in."""
        return Finding(
            self.register,
            self.code,
            self.severity,
            self.row,
            self.field,
            self.column if isinstance(column, _Same) else column,
            self.due,
            self.params,
            self.tabs if isinstance(tabs, _Same) else tabs,
        )

    def sort_key(self) -> tuple[int, date, str, int, str]:
        """Worst first, then soonest due, then sheet order."""
        return (
            -self.severity.rank,
            self.due or date.max,
            self.register,
            self.row or 0,
            self.code,
        )


@dataclass(frozen=True, slots=True)
class Deadline:
    """A due date a rule wants shown on a row even when nothing is wrong yet.

    The teacher row's «Мөөнөт» shows the next PD due date whether or not it is close.
    """

    register: str
    row: int
    due: date


def due_severity(due: date, as_of: date) -> Severity:
    """Warning until the due date, error once it has passed."""
    return Severity.ERROR if as_of > due else Severity.WARNING
