"""Cells to and from the Sheets API's JSON: A1 titles, values, and compact ``updateCells``.

Pure functions, no network::

    quote_title("Mom's tab")                       # "'Mom''s tab'"
    cell_data(date(2026, 9, 1))                    # serial number + a DATE format, and its mask
    update_cells(7, {(2, 9): "✔", (2, 10): None})  # one updateCells for the two cells
    batches(requests, limit=2_000_000)             # split a batch whose body is too large
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from ..changes import SERIAL_EPOCH
from ..changes import check_value as check_cell_value
from ..snapshot import CellValue
from .google_http import utf8_json

__all__ = [
    "LINK_MASK",
    "MAX_COLUMNS",
    "MAX_TEXT",
    "VALUE_MASK",
    "WITH_FORMAT_MASK",
    "LinkText",
    "batches",
    "body_size",
    "cell_data",
    "check_value",
    "from_api",
    "quote_title",
    "update_cells",
    "without_rows",
]

MAX_TEXT = 50_000  # characters in one cell
MAX_COLUMNS = 18_278  # column ZZZ
VALUE_MASK = "userEnteredValue"
WITH_FORMAT_MASK = "userEnteredValue,userEnteredFormat.numberFormat"
LINK_MASK = "userEnteredValue,textFormatRuns"


@dataclass(frozen=True)
class LinkText:
    """Text that links to ``uri`` (a ``Link`` with its target resolved to a sheet id)."""

    text: str
    uri: str


DATE_PATTERN = "dd.mm.yyyy"
_FORMATS = {
    "date": {"type": "DATE", "pattern": DATE_PATTERN},
    "datetime": {"type": "DATE_TIME", "pattern": DATE_PATTERN + " hh:mm"},
    "time": {"type": "TIME", "pattern": "hh:mm"},
}


def quote_title(title: str) -> str:
    """A tab title as an A1 sheet reference: always quoted, apostrophes doubled."""
    return "'" + title.replace("'", "''") + "'"


def from_api(value: Any) -> CellValue:
    """A value from ``UNFORMATTED_VALUE``/``SERIAL_NUMBER`` reads; empty text is an empty cell."""
    if value == "" or value is None:
        return None
    if isinstance(value, bool | int | float | str):
        return value
    return str(value)  # not expected from the API; keep it readable rather than fail


def check_value(value: CellValue, where: str) -> None:
    """Refuse what a Sheets cell cannot hold, before anything is sent."""
    check_cell_value(value, where, max_text=MAX_TEXT)


def cell_data(value: CellValue | LinkText) -> tuple[dict[str, Any], str]:
    """The ``CellData`` for ``value`` and the ``fields`` mask that touches only what it sets.

    Text is always a ``stringValue``, so "=1+1" or "+996 555" stays text, never a formula.
    ``None`` sends no value under the value mask, which clears the cell's value only. A link
    is its text with one text run carrying the link: the value stays plain text (a HYPERLINK
    formula would make the cell a formula, which reads differently and depends on quoting).
    """
    if isinstance(value, LinkText):
        runs = [{"startIndex": 0, "format": {"link": {"uri": value.uri}}}]
        return {"userEnteredValue": {"stringValue": value.text}, "textFormatRuns": runs}, LINK_MASK
    if value is None:
        return {}, VALUE_MASK
    if isinstance(value, bool):
        return {"userEnteredValue": {"boolValue": value}}, VALUE_MASK
    if isinstance(value, int | float):
        return {"userEnteredValue": {"numberValue": value}}, VALUE_MASK
    if isinstance(value, str):
        return {"userEnteredValue": {"stringValue": value}}, VALUE_MASK
    serial, kind = _serial(value)
    data = {
        "userEnteredValue": {"numberValue": serial},
        "userEnteredFormat": {"numberFormat": dict(_FORMATS[kind])},
    }
    return data, WITH_FORMAT_MASK


def _serial(value: date | datetime | time) -> tuple[float | int, str]:
    if isinstance(value, datetime):
        days = (value - datetime.combine(SERIAL_EPOCH, time())) / timedelta(days=1)
        return days, "datetime"
    if isinstance(value, date):
        return value.toordinal() - SERIAL_EPOCH.toordinal(), "date"
    seconds = value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
    return seconds / 86400, "time"


def update_cells(
    sheet_id: int,
    cells: Mapping[tuple[int, int], Any],
    prepare: Callable[[Any], tuple[dict[str, Any], str]] = cell_data,
) -> list[dict]:
    """``updateCells`` requests for ``{(row, column): value}`` (1-based), as few as possible;
    ``prepare`` turns a value into its CellData and mask (``cell_data`` for values).

    Cells with the same mask side by side in a row form a run; runs spanning the same
    columns on consecutive rows merge into one rectangle, one request. The three status
    columns of a whole tab thus take one to three requests rather than one per cell.
    """
    prepared = {position: prepare(value) for position, value in cells.items()}
    runs: list[tuple[int, int, int, str]] = []  # row, first column, last column, mask
    for row, column in sorted(prepared):
        mask = prepared[(row, column)][1]
        if runs and runs[-1][0] == row and runs[-1][2] == column - 1 and runs[-1][3] == mask:
            runs[-1] = (row, runs[-1][1], column, mask)
        else:
            runs.append((row, column, column, mask))
    rectangles: dict[tuple[int, int, str], list[int]] = {}  # (first, last, mask) -> rows
    ordered: list[tuple[int, int, str, list[int]]] = []
    for row, first, last, mask in runs:
        rows = rectangles.get((first, last, mask))
        if rows is not None and rows[-1] == row - 1:
            rows.append(row)
            continue
        rows = [row]
        rectangles[(first, last, mask)] = rows
        ordered.append((first, last, mask, rows))
    requests = []
    for first, last, mask, rows in ordered:
        grid_rows = [
            {"values": [prepared[(row, column)][0] for column in range(first, last + 1)]}
            for row in rows
        ]
        requests.append(
            {
                "updateCells": {
                    "start": {
                        "sheetId": sheet_id,
                        "rowIndex": rows[0] - 1,
                        "columnIndex": first - 1,
                    },
                    "rows": grid_rows,
                    "fields": mask,
                }
            }
        )
    return requests


def body_size(requests: Sequence[dict]) -> int:
    """Bytes of the JSON body requests would send for these requests."""
    return len(utf8_json({"requests": list(requests)}))


def batches(requests: Iterable[dict], limit: int) -> list[list[dict]]:
    """Split requests into consecutive batches whose bodies stay under ``limit`` bytes.

    The order is kept, so structural requests (new tabs, more columns) stay in the first
    batch, ahead of the cells that need them. A single ``updateCells`` too large on its own is
    cut into runs of its rows.
    """
    parts: list[list[dict]] = [[]]
    size = body_size([])
    for request in requests:
        for piece in _fitting(request, limit - body_size([])):
            piece_size = body_size([piece]) - body_size([])
            if parts[-1] and size + piece_size + 2 > limit:
                parts.append([])
                size = body_size([])
            parts[-1].append(piece)
            size += piece_size + 2  # ", " between requests
    return [part for part in parts if part]


def _fitting(request: dict, room: int) -> list[dict]:
    update = request.get("updateCells")
    if update is None or len(update["rows"]) < 2 or body_size([request]) <= room:
        return [request]
    half = len(update["rows"]) // 2
    start = update["start"]
    head = {**update, "rows": update["rows"][:half]}
    tail = {
        **update,
        "rows": update["rows"][half:],
        "start": {**start, "rowIndex": start["rowIndex"] + half},
    }
    return _fitting({"updateCells": head}, room) + _fitting({"updateCells": tail}, room)


def without_rows(requests: Iterable[dict], rows: Mapping[int, set[int]]) -> list[dict]:
    """``requests`` with the ``updateCells`` rows of ``rows`` (sheetId -> 1-based rows) taken
    out: a rectangle over a left-out row becomes the rectangles above and below it."""
    kept: list[dict] = []
    for request in requests:
        update = request.get("updateCells")
        start = (update or {}).get("start")
        skip = rows.get(start.get("sheetId", 0), set()) if start else set()
        if not skip:
            kept.append(request)
            continue
        first = start.get("rowIndex", 0)
        run: list[dict] = []
        run_start = first
        for offset, line in enumerate([*update["rows"], None]):
            if line is not None and first + offset + 1 not in skip:
                if not run:
                    run_start = first + offset
                run.append(line)
                continue
            if run:
                piece = {**update, "start": {**start, "rowIndex": run_start}, "rows": run}
                kept.append({"updateCells": piece})
                run = []
    return kept
