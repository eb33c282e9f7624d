"""Write-back: the three status columns the toolkit owns on every register tab.

«Статус» shows the row's worst severity (✔ when nothing is wrong), «Мөөнөт» the nearest due
date, «Эскертүү» the row's messages, worst first. The columns are found by their headers in
any language, as three adjacent cells, so a lone user column called «Примечание» is never
taken for ours; when absent they are appended right of everything the tab holds, a formula
showing "" included. A note longer than a cell holds is cut with "…"::

    desired = status_cells(tab, table, findings, deadlines, render, language="ky")
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from .changes import CellRef, SetColumnWidth
from .findings import Deadline, Finding
from .layout import fit_text
from .snapshot import CellValue, Tab
from .text import display, normalize
from .validation import Table

STATUS_HEADERS: dict[str, dict[str, str]] = {
    "status": {"ky": "Статус", "ru": "Статус", "en": "Status"},
    "due": {"ky": "Мөөнөт", "ru": "Срок", "en": "Due"},
    "notes": {"ky": "Эскертүү", "ru": "Замечания", "en": "Notes"},
}
OK_MARK = "✔"
WIDTHS = {"status": 8, "due": 12, "notes": 80}  # characters; set once, when the columns are new


@dataclass(frozen=True)
class StatusColumns:
    status: int
    due: int
    notes: int

    @property
    def all(self) -> tuple[int, int, int]:
        return (self.status, self.due, self.notes)


def _is(role: str, cell: CellValue) -> bool:
    return normalize(display(cell)) in {normalize(name) for name in STATUS_HEADERS[role].values()}


def find_status_columns(tab: Tab, header_row: int) -> StatusColumns | None:
    """The toolkit's columns: «Статус», «Мөөнөт», «Эскертүү» side by side in the header row."""
    cells = tab.row_values(header_row)
    for index in range(len(cells) - 2):
        if (
            _is("status", cells[index])
            and _is("due", cells[index + 1])
            and _is("notes", cells[index + 2])
        ):
            return StatusColumns(index + 1, index + 2, index + 3)
    return None


def place_status_columns(tab: Tab, header_row: int) -> StatusColumns:
    found = find_status_columns(tab, header_row)
    if found:
        return found
    first = tab.occupied_width + 1
    return StatusColumns(first, first + 1, first + 2)


def new_column_widths(tab: Tab, header_row: int) -> list[SetColumnWidth]:
    """Widths for the status columns when this run creates them (never again after)."""
    if find_status_columns(tab, header_row) is not None:
        return []
    columns = place_status_columns(tab, header_row)
    return [
        SetColumnWidth(tab.title, column, WIDTHS[role])
        for role, column in zip(STATUS_HEADERS, columns.all, strict=True)
    ]


def status_cells(
    tab: Tab,
    table: Table,
    findings: Iterable[Finding],
    deadlines: Iterable[Deadline],
    render: Callable[[Finding], str],
    language: str,
) -> dict[CellRef, CellValue]:
    """Every status cell of the tab as it should read: header, data rows, and cleared leftovers."""
    columns = place_status_columns(tab, table.header.row)
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

    desired: dict[CellRef, CellValue] = {}
    for role, column in zip(STATUS_HEADERS, columns.all, strict=True):
        desired[CellRef(tab.title, table.header.row, column)] = STATUS_HEADERS[role][language]
    records = {record.row for record in table.records}
    for row in range(table.header.row + 1, tab.height + 1):
        if row not in records:
            values: tuple[CellValue, CellValue, CellValue] = (None, None, None)
        else:
            ranked = sorted(by_row.get(row, []), key=Finding.sort_key)
            worst = ranked[0].severity if ranked else None
            mark = worst.icon if worst and worst.rank > 0 else OK_MARK
            notes = "\n".join(f"{f.severity.icon} {render(f)}" for f in ranked)
            values = (mark, due_by_row.get(row), fit_text(notes) or None)
        for column, value in zip(columns.all, values, strict=True):
            desired[CellRef(tab.title, row, column)] = value
    return desired
