"""Write-back: the three status columns the toolkit owns on every register tab.

«Статус» shows the row's worst severity (✔ when nothing is wrong), «Мөөнөт» the nearest due
date, «Эскертүү» the row's messages, worst first. The toolkit knows its columns only by the
marks it put on them (``MarkColumn`` keys ``status``, ``due``, ``notes``, which travel with
the columns when staff insert or move columns), never by header words: a school's own
«Статус | Срок | Замечания» is the school's. When the tab has no marks the columns are
appended right of everything the tab holds (a formula showing "" included) and marked in the
same change set. Columns an earlier version wrote (found by their words, before marks) are
adopted once, only when they are the exact triple in one language and hold nothing but what
the toolkit writes. A note longer than a cell holds is cut with "…". Each «Статус» cell is
coloured by what it shows (✔ green, ⚠ amber, ✖ red); the colour is compared with the fill
the snapshot read, so a rerun sends no style again::

    placement = place_status_columns(tab, header_row=1)
    placement.marks     # MarkColumn changes (new or adopted columns), else empty
    desired = status_cells(tab, table, findings, deadlines, render, language="ky")
    styles = status_styles(tab, 1, placement.columns.status, desired)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from .changes import CellRef, MarkColumn, SetColumnWidth, SetStyle, Style
from .findings import Deadline, Finding, Severity
from .layout import fit_text
from .snapshot import CellValue, Span, Tab, is_blank
from .validation import Table

STATUS_HEADERS: dict[str, dict[str, str]] = {
    "status": {"ky": "Статус", "ru": "Статус", "en": "Status"},
    "due": {"ky": "Мөөнөт", "ru": "Срок", "en": "Due"},
    "notes": {"ky": "Эскертүү", "ru": "Замечания", "en": "Notes"},
}
ROLES = tuple(STATUS_HEADERS)  # also the MarkColumn keys
LANGS = ("ky", "ru", "en")
OK_MARK = "✔"
ICONS = {severity: severity.icon for severity in Severity}
GLYPHS = frozenset({OK_MARK, *ICONS.values()})
# Characters, set once when the columns are new; a longer «Эскертүү» wraps within its width.
WIDTHS = {"status": 8, "due": 12, "notes": 80}
OK_FILL, WARNING_FILL, ERROR_FILL = "C6EFCE", "FFEB9C", "FFC7CE"
GLYPH_FILLS = {
    OK_MARK: OK_FILL,
    Severity.WARNING.icon: WARNING_FILL,
    Severity.ERROR.icon: ERROR_FILL,
}
_LAST_SERIAL = 2_958_465  # 9999-12-31 as a spreadsheet day number


@dataclass(frozen=True)
class StatusColumns:
    status: int
    due: int
    notes: int

    @property
    def all(self) -> tuple[int, int, int]:
        return (self.status, self.due, self.notes)


@dataclass(frozen=True)
class Placement:
    """Where the status columns are, and the marks to write: for columns this run creates
    (``new``) or adopts from an earlier version."""

    columns: StatusColumns
    new: bool = False
    marks: tuple[MarkColumn, ...] = field(default=())


def marked_status_columns(tab: Tab) -> StatusColumns | None:
    """The columns carrying the toolkit's three marks (all three, or none counts)."""
    marks = tab.column_marks
    if all(role in marks for role in ROLES) and len({marks[role] for role in ROLES}) == 3:
        return StatusColumns(*(marks[role] for role in ROLES))
    return None


def earlier_status_columns(tab: Tab, header_row: int) -> StatusColumns | None:
    """Unmarked columns an earlier version wrote: exactly its three header words of one
    language side by side, with nothing below them but what it writes."""
    cells = tab.row_values(header_row)
    triples = {tuple(STATUS_HEADERS[role][language] for role in ROLES) for language in LANGS}
    for index in range(len(cells) - 2):
        if tuple(cells[index : index + 3]) in triples:
            columns = StatusColumns(index + 1, index + 2, index + 3)
            if _holds_only_ours(tab, header_row, columns):
                return columns
    return None


def _holds_only_ours(tab: Tab, header_row: int, columns: StatusColumns) -> bool:
    for row in range(header_row + 1, tab.height + 1):
        status, due, notes = (tab.value(row, column) for column in columns.all)
        if not (is_blank(status) or status in GLYPHS):
            return False
        if not (is_blank(due) or _is_date(due)):
            return False
        if not (is_blank(notes) or _is_notes(notes)):
            return False
    return True


def _is_date(value: CellValue) -> bool:
    if isinstance(value, datetime):
        return value.time() == datetime.min.time()
    if isinstance(value, date):
        return True
    # A backend reading unformatted values sees a date cell as its day number.
    number = isinstance(value, int | float) and not isinstance(value, bool)
    return number and float(value).is_integer() and 1 <= value <= _LAST_SERIAL


def _is_notes(value: CellValue) -> bool:
    if not isinstance(value, str):
        return False
    return all(line[:2] in {f"{icon} " for icon in GLYPHS} for line in value.split("\n"))


def place_status_columns(tab: Tab, header_row: int) -> Placement:
    """Marked columns; else an earlier version's, adopted; else three new ones on the right."""
    marked = marked_status_columns(tab)
    if marked is not None:
        return Placement(marked)
    earlier = earlier_status_columns(tab, header_row)
    if earlier is not None:
        return Placement(earlier, marks=_marks(tab, earlier))
    first = tab.occupied_width + 1
    columns = StatusColumns(first, first + 1, first + 2)
    return Placement(columns, new=True, marks=_marks(tab, columns))


def _marks(tab: Tab, columns: StatusColumns) -> tuple[MarkColumn, ...]:
    return tuple(
        MarkColumn(tab.title, column, role) for role, column in zip(ROLES, columns.all, strict=True)
    )


def new_column_widths(tab: Tab, header_row: int) -> list[SetColumnWidth]:
    """Widths for the status columns when this run creates them (never again after)."""
    return placement_widths(tab.title, place_status_columns(tab, header_row))


def placement_widths(title: str, placement: Placement) -> list[SetColumnWidth]:
    """``new_column_widths`` for a placement already made."""
    if not placement.new:
        return []
    return [
        SetColumnWidth(title, column, WIDTHS[role])
        for role, column in zip(ROLES, placement.columns.all, strict=True)
    ]


def status_cells(
    tab: Tab,
    table: Table,
    findings: Iterable[Finding],
    deadlines: Iterable[Deadline],
    render: Callable[[Finding], str],
    language: str,
    *,
    columns: StatusColumns | None = None,
) -> dict[CellRef, CellValue]:
    """Every status cell of the tab as it should read: header, data rows, and cleared leftovers.
    ``columns``: where ``place_status_columns`` puts them, when the caller has it already."""
    if columns is None:
        columns = place_status_columns(tab, table.header.row).columns
    by_row: dict[int, list[Finding]] = {}
    dues: list[tuple[int, date]] = [(deadline.row, deadline.due) for deadline in deadlines]
    for finding in findings:
        if finding.row is not None:
            by_row.setdefault(finding.row, []).append(finding)
            if finding.due is not None:
                dues.append((finding.row, finding.due))
    due_by_row: dict[int, date] = {}
    for row, due in dues:
        due_by_row[row] = min(due, due_by_row.get(row, date.max))

    title, header_row = tab.title, table.header.row
    status, due_column, notes_column = columns.all
    desired: dict[CellRef, CellValue] = {}
    for role, column in zip(STATUS_HEADERS, columns.all, strict=True):
        desired[CellRef(title, header_row, column)] = STATUS_HEADERS[role][language]
    records = {record.row for record in table.records}
    notes = _Notes(render)
    for row in range(header_row + 1, tab.height + 1):
        if row not in records:
            mark = due = text = None
        else:
            found = by_row.get(row)
            mark, text = notes.of(found) if found else (OK_MARK, None)
            due = due_by_row.get(row)
        desired[CellRef(title, row, status)] = mark
        desired[CellRef(title, row, due_column)] = due
        desired[CellRef(title, row, notes_column)] = text
    return desired


class _Notes:
    """A row's mark and «Эскертүү», worst first. Rows with the same findings read the same, so
    each distinct note is joined (and kept) once."""

    def __init__(self, render: Callable[[Finding], str]) -> None:
        self.render = render
        self.known: dict[tuple[object, ...], tuple[str, CellValue]] = {}

    def of(self, found: list[Finding]) -> tuple[str, CellValue]:
        ranked = sorted(found, key=Finding.sort_key) if len(found) > 1 else found
        render = self.render
        key = tuple([(f.severity, render(f)) for f in ranked])
        known = self.known.get(key)
        if known is None:
            worst = ranked[0].severity
            mark = ICONS[worst] if worst.rank > 0 else OK_MARK
            text = "\n".join([f"{ICONS[severity]} {message}" for severity, message in key])
            known = self.known[key] = (mark, fit_text(text) or None)
        return known


def status_style(fill: str | None) -> Style:
    """How a «Статус» cell looks: its colour, the glyph centred at the top beside a wrapped
    «Эскертүү» (a cleared cell gets the sheet's default look back)."""
    return Style(fill=fill, align="center", top=True) if fill else Style()


def status_styles(
    tab: Tab, header_row: int, column: int, desired: Mapping[CellRef, CellValue]
) -> list[SetStyle]:
    """A style for every «Статус» cell below the header whose fill differs from its glyph's
    colour; neighbouring rows that need the same style share one change."""
    needed: list[tuple[int, str | None]] = []
    title, fills = tab.title, tab.fills
    for ref, value in desired.items():
        if ref.column != column or ref.row <= header_row or ref.tab != title:
            continue
        fill = GLYPH_FILLS.get(value) if isinstance(value, str) else None
        if fills.get((ref.row, column)) != fill:
            needed.append((ref.row, fill))
    # Runs of neighbouring rows [first, last, style], each sent as one change.
    styles: dict[str | None, Style] = {}
    runs: list[list] = []
    for row, fill in sorted(needed):
        style = styles.get(fill)
        if style is None:
            style = styles[fill] = status_style(fill)
        last = runs[-1] if runs else None
        if last is not None and last[1] == row - 1 and last[2] == style:
            last[1] = row
        else:
            runs.append([row, row, style])
    return [
        SetStyle(title, Span(first, column, last_row, column), style)
        for first, last_row, style in runs
    ]
