"""The one read of a spreadsheet: a ``spreadsheets.get`` field mask and its answer as tabs.

Pure functions, no network::

    metadata = http.spreadsheets_get(sid, params={"fields": READ_FIELDS})
    for info, tab in parse_sheets(metadata):
        ...                         # SheetInfo (ids, grid, marks) and the Tab the engine reads

Why grid data rather than ``values:batchGet``: values hide a formula whose result is "" (the
cell looks empty, and a status column would be written over the school's helper formula),
and carry no merges and no developer metadata. One ``spreadsheets.get`` brings all of it:
per cell only ``effectiveValue`` (numbers, text, booleans, dates as serials: what
``UNFORMATTED_VALUE`` gives) and ``userEnteredValue.formulaValue`` (present only for
formulas), and for feedback the note, the cell's own background and whether it has data
validation (``google_feedback``). Sheet-level furniture comes in the same answer: frozen rows,
the basic filter, protections, chart ids and the toolkit's row and sheet records.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..snapshot import CellValue, Span, Tab, trimmed_rows
from .google_cells import MAX_COLUMNS, from_api
from .google_feedback import (
    FEEDBACK_CELL_FIELDS,
    FEEDBACK_SHEET_FIELDS,
    LAYOUT_KEY,
    Furniture,
    basic_filter_span,
    fill_of,
    has_validation,
    read_furniture,
)

__all__ = [
    "CELL_FIELDS",
    "MARK_PREFIX",
    "READ_FIELDS",
    "SHEET_FIELDS",
    "SheetInfo",
    "mark_key",
    "named_range_ids",
    "parse_sheets",
]

MARK_PREFIX = "sheets-sync."
"""Every developer metadata key the toolkit writes starts so; nothing else is taken for ours."""
_KEY = re.compile(r"[a-z][a-z0-9_]*")

SHEET_FIELDS = (
    "properties(sheetId,title,index,sheetType,gridProperties(rowCount,columnCount,frozenRowCount))"
)
CELL_FIELDS = f"effectiveValue,userEnteredValue.formulaValue,{FEEDBACK_CELL_FIELDS}"
READ_FIELDS = (
    f"sheets({SHEET_FIELDS},merges,developerMetadata,{FEEDBACK_SHEET_FIELDS},"
    f"data(rowData.values({CELL_FIELDS}),columnMetadata.developerMetadata,"
    "rowMetadata.developerMetadata)),namedRanges.namedRangeId"
)
# What a lost write's outcome is judged by: grids, tabs, the toolkit's marks and the objects it
# adds under its own ids, no cells.
LANDED_FIELDS = (
    f"sheets({SHEET_FIELDS},developerMetadata,charts.chartId,"
    "protectedRanges(protectedRangeId,namedRangeId),"
    "data(columnMetadata.developerMetadata,rowMetadata.developerMetadata)),"
    "namedRanges.namedRangeId"
)

# ErrorValue.type -> the text UNFORMATTED_VALUE reads show for it.
_ERRORS = {
    "NULL_VALUE": "#NULL!",
    "DIVIDE_BY_ZERO": "#DIV/0!",
    "VALUE": "#VALUE!",
    "REF": "#REF!",
    "NAME": "#NAME?",
    "NUM": "#NUM!",
    "N_A": "#N/A",
    "LOADING": "Loading...",
}


@dataclass(frozen=True)
class SheetInfo:
    """One tab as read (0-based ``index``, grid size in cells) and the toolkit's marks on it:
    ``column_marks`` as (key, 1-based column, metadataId), ``tab_marks`` as (key, metadataId)."""

    sheet_id: int
    title: str
    index: int
    rows: int
    columns: int
    grid: bool = True
    column_marks: tuple[tuple[str, int, int], ...] = field(default=())
    tab_marks: tuple[tuple[str, int], ...] = field(default=())
    furniture: Furniture = field(default_factory=Furniture)


def mark_key(metadata: Mapping[str, Any], location_type: str) -> str | None:
    """The toolkit's key in one DeveloperMetadata, or None when it is not one of its marks."""
    key = metadata.get("metadataKey")
    location = metadata.get("location") or {}
    if (
        not isinstance(key, str)
        or not key.startswith(MARK_PREFIX)
        or metadata.get("visibility") != "DOCUMENT"
        or location.get("locationType") != location_type
    ):
        return None
    bare = key[len(MARK_PREFIX) :]
    return bare if _KEY.fullmatch(bare) else None


def cell_value(cell: Mapping[str, Any]) -> CellValue:
    """A CellData's effective value as the engine reads it (errors as their text)."""
    effective = cell.get("effectiveValue") or {}
    if "errorValue" in effective:
        error = effective["errorValue"] or {}
        return _ERRORS.get(error.get("type", ""), "#ERROR!")
    for kind in ("numberValue", "stringValue", "boolValue"):
        if kind in effective:
            return from_api(effective[kind])
    return None


def _is_formula(cell: Mapping[str, Any]) -> bool:
    return "formulaValue" in (cell.get("userEnteredValue") or {})


def parse_sheets(metadata: Mapping[str, Any]) -> list[tuple[SheetInfo, Tab | None]]:
    """Every tab of a ``READ_FIELDS`` answer in sheet order; chart sheets have no Tab."""
    found = []
    for position, sheet in enumerate(metadata.get("sheets", [])):
        properties = sheet.get("properties", {})
        grid = properties.get("gridProperties", {})
        rows, columns = int(grid.get("rowCount", 0)), int(grid.get("columnCount", 0))
        data = (sheet.get("data") or [{}])[0]
        column_marks = []
        for index, line in enumerate(data.get("columnMetadata") or []):
            for item in line.get("developerMetadata") or []:
                key = mark_key(item, "COLUMN")
                if key is not None:
                    first = data.get("startColumn", 0) + index + 1
                    column_marks.append((key, first, int(item.get("metadataId", 0))))
        tab_marks = [
            (key, int(item.get("metadataId", 0)))
            for item in sheet.get("developerMetadata") or []
            if (key := mark_key(item, "SHEET")) is not None
        ]
        info = SheetInfo(
            sheet_id=int(properties.get("sheetId", 0)),
            title=str(properties.get("title", "")),
            index=int(properties.get("index", position)),
            rows=rows,
            columns=columns,
            grid=properties.get("sheetType", "GRID") == "GRID",
            column_marks=tuple(column_marks),
            tab_marks=tuple(tab_marks),
            furniture=read_furniture(sheet, data),
        )
        tab = _tab(info, sheet, data, rows, columns) if info.grid else None
        found.append((info, tab))
    return sorted(found, key=lambda pair: pair[0].index)


def named_range_ids(metadata: Mapping[str, Any]) -> frozenset[str]:
    """Ids of the spreadsheet's named ranges (the toolkit's protections are backed by some)."""
    return frozenset(str(n.get("namedRangeId")) for n in metadata.get("namedRanges") or [])


def _tab(
    info: SheetInfo, sheet: Mapping[str, Any], data: Mapping[str, Any], rows: int, columns: int
) -> Tab:
    values: list[list[CellValue]] = []
    used = 0
    notes: dict[tuple[int, int], str] = {}
    fills: dict[tuple[int, int], str] = {}
    validated: set[int] = set()
    top, left = int(data.get("startRow", 0)), int(data.get("startColumn", 0))
    for row_index, line in enumerate(data.get("rowData") or []):
        cells = line.get("values") or []
        values.append([cell_value(cell) for cell in cells])
        row = top + row_index + 1
        for column_index, cell in enumerate(cells):
            if not cell:
                continue
            column = left + column_index + 1
            note = cell.get("note")
            if isinstance(note, str) and note:
                notes[(row, column)] = note
            fill = fill_of(cell)
            if fill is not None:
                fills[(row, column)] = fill
            if row > 1 and has_validation(cell):
                validated.add(column)
        for index in range(len(cells), 0, -1):
            cell = cells[index - 1]
            if _is_formula(cell) or cell_value(cell) is not None:
                used = max(used, index)
                break
    marks: dict[str, int] = {}
    for key, column, _ in sorted(info.column_marks, key=lambda mark: mark[1]):
        marks.setdefault(key, column)  # the leftmost, should a copy ever carry the key twice
    tab_mark = min(info.tab_marks, key=lambda mark: mark[1])[0] if info.tab_marks else None
    furniture = info.furniture
    owned = furniture.owned()
    layout = furniture.records.get(LAYOUT_KEY)
    grid = (sheet.get("properties") or {}).get("gridProperties") or {}
    return Tab(
        info.title,
        trimmed_rows(values),
        used_width=used,
        merged=tuple(_spans(sheet.get("merges") or [], rows, columns)),
        max_columns=MAX_COLUMNS,
        column_marks=marks,
        mark=tab_mark,
        notes=notes,
        fills=fills,
        owned=owned,
        layout=layout[1] if layout is not None and layout[1] else None,
        frozen_rows=int(grid.get("frozenRowCount", 0)),
        filter=basic_filter_span(furniture.basic_filter, rows, columns),
        validated_columns=frozenset(validated),
    )


def _spans(merges: Iterable[Mapping[str, Any]], rows: int, columns: int) -> list[Span]:
    return [
        Span(
            int(grid.get("startRowIndex", 0)) + 1,
            int(grid.get("startColumnIndex", 0)) + 1,
            int(grid.get("endRowIndex", rows)),
            int(grid.get("endColumnIndex", columns)),
        )
        for grid in merges
    ]
