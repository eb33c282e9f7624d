"""The change set: every write a run wants, computed against the snapshot it read.

Only cells whose value really differs make it into the change set, so a rerun on an unchanged
workbook produces an empty one and the backend is not called at all::

    changes = diff(snapshot, {CellRef("Мугалимдер", 1, 9): "Статус"})
    if changes:
        backend.apply(snapshot, changes)

Backends apply a change set in one batch (tab changes come first; later changes name tabs by
their new titles). The kinds:

- values and structure: ``SetCell`` (a ``Link`` value is text that jumps to a cell),
  ``AddTab``, ``RenameTab``, ``SetColumnWidth``;
- the toolkit's marks: ``MarkColumn``, ``MarkTab``, ``MarkLayout``, ``RecordOwned``;
- feedback on cells: ``SetStyle`` (the whole look of cells the toolkit owns), ``SetFill``
  (only the background, on any cell), ``SetNote``;
- the sheet's furniture: ``FreezeRows``, ``SetFilter``, ``SetValidation``, ``ProtectRange``,
  ``SetPrint``, ``AddChart``.

Every backend handles every kind; a backend meeting a kind it does not know refuses the whole
set, never applies part of it. A platform that has no such thing (Google's API has no print
setup) accepts the kind and says in its docstring what it does with it.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import lru_cache

from .snapshot import CellValue, Owned, Snapshot, Span, is_blank

SERIAL_EPOCH = date(1899, 12, 30)


@dataclass(frozen=True, order=True, slots=True)
class CellRef:
    """A cell by tab title and 1-based row and column."""

    tab: str
    row: int
    column: int

    @property
    def a1(self) -> str:
        return f"{column_letter(self.column)}{self.row}"


@dataclass(frozen=True, slots=True)
class SetCell:
    """Write ``value`` into one cell. ``previous`` is what the snapshot held (for reports)."""

    ref: CellRef
    value: CellValue | Link
    previous: CellValue = None


@dataclass(frozen=True, slots=True)
class AddTab:
    """Create an empty tab after the last one; later ``SetCell`` changes may fill it."""

    title: str


@dataclass(frozen=True, slots=True)
class RenameTab:
    """Give a tab the toolkit owns a new title (a summary tab after a language switch)."""

    title: str
    new_title: str


@dataclass(frozen=True, slots=True)
class SetColumnWidth:
    """Give a column a width, in characters as Excel counts them (only for columns and tabs
    the toolkit creates, so a rerun has nothing to compare and writes nothing)."""

    tab: str
    column: int
    width: float


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class MarkTab:
    """Put the toolkit's mark ``key`` on a whole tab (it stays when the tab is renamed or
    moved); read back as ``Tab.mark``. A tab carries at most one such key."""

    tab: str
    key: str


@dataclass(frozen=True, slots=True)
class Link:
    """A ``SetCell`` value: ``text`` shown in the cell, which jumps to ``target`` (a cell of
    the same workbook) when clicked. Read back, the cell's value is just ``text``."""

    text: str
    target: CellRef


@dataclass(frozen=True, slots=True)
class Style:
    """How a cell the toolkit owns looks. Colours are "RRGGBB"; None is the sheet's default.

    ``number_format`` uses spreadsheet codes ("dd.mm.yyyy", "0%"); ``align`` is "left",
    "center" or "right"; ``size`` is the font size in points."""

    fill: str | None = None
    bold: bool = False
    italic: bool = False
    color: str | None = None
    size: float | None = None
    wrap: bool = False
    align: str | None = None
    top: bool = False  # vertical alignment at the top (a wrapped cell beside short ones)
    number_format: str | None = None
    border: bool = False  # a thin bottom border (header rows)


@dataclass(frozen=True, slots=True)
class SetStyle:
    """Give every cell of ``span`` exactly ``style`` (replacing its whole format). Only for
    cells the toolkit owns: status columns and summary tabs."""

    tab: str
    span: Span
    style: Style


@dataclass(frozen=True, slots=True)
class SetFill:
    """Set (``color`` "RRGGBB") or remove (None) the background of one cell, leaving its font,
    number format, borders and alignment as they are: the tint on a school's cell."""

    ref: CellRef
    color: str | None


@dataclass(frozen=True, slots=True)
class SetNote:
    """Put a note (a comment on xlsx) with ``text`` on one cell, or remove it (None)."""

    ref: CellRef
    text: str | None


@dataclass(frozen=True, slots=True)
class RecordOwned:
    """The toolkit's record of the notes and tints it owns on ``tab``: after this change it is
    exactly ``cells`` ((row, column) -> ``Owned``, positions as after this change set), read
    back as ``Tab.owned``. The record travels with the cells where the platform can (hidden
    defined names on xlsx, row developer metadata on Google); it is never cell text."""

    tab: str
    cells: Mapping[tuple[int, int], Owned]


@dataclass(frozen=True, slots=True)
class MarkLayout:
    """Remember ``digest`` (lower-case hex) of the furniture the toolkit last put on ``tab``
    (styles of its columns, validations, protection, frozen rows, filter, print setup, chart),
    read back as ``Tab.layout``: when it is unchanged, a rerun sends none of it again."""

    tab: str
    digest: str


@dataclass(frozen=True, slots=True)
class FreezeRows:
    """Freeze the top ``rows`` rows of the tab (0 unfreezes)."""

    tab: str
    rows: int


@dataclass(frozen=True, slots=True)
class SetFilter:
    """Make the tab's autofilter cover ``span``, keeping the criteria it has."""

    tab: str
    span: Span


@dataclass(frozen=True, slots=True)
class Validation:
    """A data validation rule. ``kind``: "list" (one of ``values``), "range" (one of the
    values in ``source``, cells of the same workbook), "date" (a date). ``strict`` False only
    warns, so text that is not in the list can still be typed. ``message`` is shown as the
    input help."""

    kind: str
    values: tuple[str, ...] = ()
    source: CellRef | None = None
    source_end: CellRef | None = None
    strict: bool = False
    message: str | None = None


@dataclass(frozen=True, slots=True)
class SetValidation:
    """Put ``validation`` on every cell of ``span`` (None removes validation there)."""

    tab: str
    span: Span
    validation: Validation | None


@dataclass(frozen=True, slots=True)
class ProtectRange:
    """Protect ``span`` under the toolkit's ``key`` (replacing a protection the toolkit made
    with that key). ``warning_only``: editing is allowed after a warning. ``description`` is
    what the warning says. On xlsx, which has no warning-only protection, a backend may keep
    cells unlocked and show the description as input help; it says what it does."""

    tab: str
    span: Span
    key: str
    description: str
    warning_only: bool = True


@dataclass(frozen=True, slots=True)
class SetPrint:
    """Print setup of a tab: landscape or not, fit to one page wide, the top ``repeat_rows``
    rows repeated on every page."""

    tab: str
    landscape: bool = True
    fit_width: bool = True
    repeat_rows: int = 0


@dataclass(frozen=True, slots=True)
class AddChart:
    """A bar chart on ``tab`` under the toolkit's ``key`` (replacing the chart it made with
    that key): ``categories`` and ``values`` are single-column spans of the tab, the chart's
    top-left corner is at ``anchor``."""

    tab: str
    key: str
    title: str
    categories: Span
    values: Span
    anchor: CellRef
    horizontal: bool = True


Change = (
    SetCell
    | AddTab
    | RenameTab
    | SetColumnWidth
    | MarkColumn
    | MarkTab
    | MarkLayout
    | RecordOwned
    | SetStyle
    | SetFill
    | SetNote
    | FreezeRows
    | SetFilter
    | SetValidation
    | ProtectRange
    | SetPrint
    | AddChart
)


@dataclass(frozen=True, slots=True)
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
    if isinstance(change, SetCell | SetFill | SetNote):
        return change.ref.tab
    if isinstance(change, AddTab):
        return change.title
    if isinstance(change, RenameTab):
        return change.new_title
    return change.tab


def diff(snapshot: Snapshot, desired: Mapping[CellRef, CellValue | Link]) -> ChangeSet:
    """Changes needed to make the snapshot's cells equal ``desired``; unchanged cells drop out."""
    return ChangeSet(tuple(changed_cells(snapshot, desired)))


def changed_cells(
    snapshot: Snapshot, desired: Mapping[CellRef, CellValue | Link]
) -> Iterator[SetCell]:
    """``diff``'s changes one by one, for a caller that gathers several of them."""
    tabs = snapshot.tabs
    title: str | None = None
    rows: Sequence[Sequence[CellValue]] = ()
    for ref, wanted in desired.items():  # the caller's order: register tabs first, row by row
        if ref.tab != title:
            title = ref.tab
            rows = tabs[title].rows if title in tabs else ()
        row, column = ref.row, ref.column
        cells = rows[row - 1] if 0 < row <= len(rows) else ()
        current = cells[column - 1] if 0 < column <= len(cells) else None
        shown = wanted.text if isinstance(wanted, Link) else wanted
        # The common cases first: text against text, a blank against a blank.
        if type(shown) is str and type(current) is str:
            same = current == shown or (not current.strip() and not shown.strip())
        elif shown is None:
            same = current is None or is_blank(current)
        elif current is None:
            same = is_blank(shown)
        else:
            same = same_value(current, shown)
        if not same:
            yield SetCell(ref, wanted, current)


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


def check_value(value: CellValue | Link, where: str, *, max_text: int) -> None:
    """Refuse, before anything is written, a value no spreadsheet cell can hold.

    Backends call this for every ``SetCell`` with their own text limit, so a bad change set is
    refused whole rather than half applied."""
    if isinstance(value, Link):
        value = value.text
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


@lru_cache(maxsize=1 << 14)
def column_letter(column: int) -> str:
    """1 -> A, 27 -> AA."""
    # Asked for every cell a backend writes, always for the same few columns.
    letters = ""
    while column > 0:
        column, remainder = divmod(column - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters
