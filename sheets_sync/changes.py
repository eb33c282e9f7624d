"""The change set: every write a run wants, computed against the snapshot it read.

Only cells whose value really differs make it into the change set, so a rerun on an unchanged
workbook produces an empty one and the backend is not called at all::

    changes = diff(snapshot, {CellRef("Мугалимдер", 1, 9): "Статус"})
    if changes:
        backend.apply(snapshot, changes)

Backends apply a change set in one batch. ``AddTab``, ``RenameTab``, ``SetColumnWidth``,
``MarkColumn``, ``MarkTab`` and ``SetCell`` are the kinds of change today (tab changes come
first; later changes name tabs by their new titles). Notes,
colours, data validation and protection join them as further change kinds that every backend
must handle: a backend meeting a kind it does not know must refuse the whole set, never apply
part of it.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time

from .snapshot import CellValue, Snapshot, is_blank

SERIAL_EPOCH = date(1899, 12, 30)


@dataclass(frozen=True, order=True)
class CellRef:
    """A cell by tab title and 1-based row and column."""

    tab: str
    row: int
    column: int

    @property
    def a1(self) -> str:
        return f"{column_letter(self.column)}{self.row}"


@dataclass(frozen=True)
class SetCell:
    """Write ``value`` into one cell. ``previous`` is what the snapshot held (for reports)."""

    ref: CellRef
    value: CellValue
    previous: CellValue = None


@dataclass(frozen=True)
class AddTab:
    """Create an empty tab after the last one; later ``SetCell`` changes may fill it."""

    title: str


@dataclass(frozen=True)
class RenameTab:
    """Give a tab the toolkit owns a new title (a summary tab after a language switch)."""

    title: str
    new_title: str


@dataclass(frozen=True)
class SetColumnWidth:
    """Give a column a width, in characters as Excel counts them (only for columns and tabs
    the toolkit creates, so a rerun has nothing to compare and writes nothing)."""

    tab: str
    column: int
    width: float


@dataclass(frozen=True)
class MarkColumn:
    """Put the toolkit's mark ``key`` on a column: after the change, ``key`` marks exactly
    this column of the tab (a mark the key had elsewhere on the tab moves here).

    A mark is how the toolkit knows its own columns, never by header words a person could
    type. It must travel with the column when staff insert, delete or move columns before it:
    a hidden sheet-scoped defined name on xlsx, developer metadata on Google. Backends read
    marks back into ``Tab.column_marks``."""

    tab: str
    column: int
    key: str  # lower-case ASCII letters, digits and "_", starting with a letter


@dataclass(frozen=True)
class MarkTab:
    """Put the toolkit's mark ``key`` on a whole tab (it stays when the tab is renamed or
    moved); read back as ``Tab.mark``. A tab carries at most one such key."""

    tab: str
    key: str


Change = SetCell | AddTab | RenameTab | SetColumnWidth | MarkColumn | MarkTab


@dataclass(frozen=True)
class ChangeSet:
    """An ordered, immutable batch of changes for one workbook."""

    changes: tuple[Change, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.changes)

    def __len__(self) -> int:
        return len(self.changes)

    def __iter__(self) -> Iterator[Change]:
        return iter(self.changes)

    def cells(self) -> list[SetCell]:
        return [change for change in self.changes if isinstance(change, SetCell)]

    def tabs(self) -> list[str]:
        """Tab titles touched (as they are after the change), in first-touched order."""
        return list(dict.fromkeys(_tab_of(change) for change in self.changes))


def _tab_of(change: Change) -> str:
    if isinstance(change, SetCell):
        return change.ref.tab
    if isinstance(change, SetColumnWidth | MarkColumn | MarkTab):
        return change.tab
    return change.new_title if isinstance(change, RenameTab) else change.title


def diff(snapshot: Snapshot, desired: Mapping[CellRef, CellValue]) -> ChangeSet:
    """Changes needed to make the snapshot's cells equal ``desired``; unchanged cells drop out."""
    changes = []
    for ref in desired:  # the caller's order: register tabs first, row by row
        wanted = desired[ref]
        current = (
            snapshot.tab(ref.tab).value(ref.row, ref.column) if ref.tab in snapshot.tabs else None
        )
        if not same_value(current, wanted):
            changes.append(SetCell(ref, wanted, current))
    return ChangeSet(tuple(changes))


def same_value(current: CellValue, wanted: CellValue) -> bool:
    """Whether a cell already shows ``wanted``.

    Dates compare equal to midnight datetimes and to spreadsheet serial numbers, which is how
    a date cell comes back from a backend that reads unformatted values.
    """
    if is_blank(current) and is_blank(wanted):
        return True
    if isinstance(wanted, date) and not isinstance(wanted, datetime):
        return _as_date(current) == wanted
    if isinstance(wanted, bool) or isinstance(current, bool):
        return current is wanted
    if isinstance(wanted, int | float) and isinstance(current, int | float):
        return math.isclose(float(current), float(wanted))
    return type(current) is type(wanted) and current == wanted


def _as_date(value: CellValue) -> date | None:
    if isinstance(value, datetime):
        return value.date() if value.time() == datetime.min.time() else None
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        return date.fromordinal(SERIAL_EPOCH.toordinal() + int(value))
    return None


def check_value(value: CellValue, where: str, *, max_text: int) -> None:
    """Refuse, before anything is written, a value no spreadsheet cell can hold.

    Backends call this for every ``SetCell`` with their own text limit, so a bad change set is
    refused whole rather than half applied."""
    if value is None or isinstance(value, bool | int):
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{where}: a spreadsheet cannot hold {value}")
    elif isinstance(value, str):
        if len(value) > max_text:
            raise ValueError(f"{where}: text longer than {max_text} characters")
    elif isinstance(value, datetime | time):
        if value.tzinfo is not None:
            raise ValueError(f"{where}: a spreadsheet cannot hold a time zone")
    elif not isinstance(value, date):
        raise TypeError(f"{where}: cannot write a {type(value).__name__} value")


def column_letter(column: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while column > 0:
        column, remainder = divmod(column - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters
