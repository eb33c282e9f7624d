"""Whether a register's status cells can be placed at all, before anything is planned.

A merged range over the status cells (in the header row or any data row) would swallow a
status, and a tab with no free column left has no room to append them. Either way the register
gets one finding naming the tab, the cell and the fix, and its status cells are not written;
the rest of the workbook goes on::

    problem = blocked_status_cells(tab, "teachers", header_row=1, columns=(9, 10, 11))
    if problem:
        findings.append(problem)

Text a cell cannot hold is cut, never refused: ``fit_text`` ends it with "…".
"""

from __future__ import annotations

from collections.abc import Sequence

from .changes import CellRef, column_letter
from .findings import Finding, Severity
from .snapshot import CellValue, Span, Tab

MAX_CELL_TEXT = 32_767
"""Characters an xlsx cell holds (Google's cells hold more): the limit every written text keeps."""

BLOCKED_MERGED = "status-cells-merged"
BLOCKED_NO_ROOM = "status-cells-no-room"
BLOCKED_CODES = frozenset({BLOCKED_MERGED, BLOCKED_NO_ROOM})


def blocked_status_cells(
    tab: Tab, register: str, header_row: int, columns: Sequence[int]
) -> Finding | None:
    """The one finding that keeps this tab's status cells from being written, or None."""
    last = max(columns)
    if tab.max_columns is not None and last > tab.max_columns:
        return Finding(
            register,
            BLOCKED_NO_ROOM,
            Severity.ERROR,
            params={
                "tab": tab.title,
                "cell": f"{column_letter(tab.max_columns)}{header_row}",
            },
        )
    bottom = max(tab.height, header_row)
    for span in sorted(tab.merged, key=lambda s: (s.first_row, s.first_column)):
        hit = _first_overlap(span, header_row, bottom, min(columns), last)
        if hit is not None:
            return Finding(
                register,
                BLOCKED_MERGED,
                Severity.ERROR,
                params={
                    "tab": tab.title,
                    "cell": CellRef(tab.title, *hit).a1,
                    "range": _range(span),
                },
            )
    return None


def _first_overlap(
    span: Span, top: int, bottom: int, left: int, right: int
) -> tuple[int, int] | None:
    row, column = max(span.first_row, top), max(span.first_column, left)
    if row > min(span.last_row, bottom) or column > min(span.last_column, right):
        return None
    return row, column


def _range(span: Span) -> str:
    first = f"{column_letter(span.first_column)}{span.first_row}"
    return f"{first}:{column_letter(span.last_column)}{span.last_row}"


def fit_text(value: CellValue, limit: int = MAX_CELL_TEXT) -> CellValue:
    """``value`` cut to ``limit`` characters, the last one "…", when it is longer text."""
    if isinstance(value, str) and len(value) > limit:
        return value[: limit - 1] + "…"
    return value
