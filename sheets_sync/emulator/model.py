"""The emulator's spreadsheets: sheets of sparse cells stored as Google's own JSON shapes.

A cell is a ``CellData`` dict (``userEnteredValue``, ``userEnteredFormat``, ``note``,
``dataValidation``, ...) keyed by its 0-based (row, column). Tests reach the model through
``Emulator.mutate``; its helpers count rows and columns from 1, as staff see them::

    def someone_edits(book: Spreadsheet) -> None:
        tab = book.sheet("Мугалимдер")
        tab.insert_rows(2)                       # a new empty row 2, the rest moves down
        tab.set_value(2, 1, "99")                # A2
        tab.delete_rows(5, count=2)
        tab.sort_rows(column=2, first_row=2)     # sort the data under the header by column B

    emu.mutate(spreadsheet_id, someone_edits)
"""

from __future__ import annotations

import copy
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from .cells import python_value, user_value

DEFAULT_ROWS = 1000
DEFAULT_COLUMNS = 26

# What a new spreadsheet's properties hold (Google's defaults for an en_US account).
_WHITE = {"red": 1, "green": 1, "blue": 1}
DEFAULT_FORMAT: dict[str, Any] = {
    "backgroundColor": dict(_WHITE),
    "padding": {"top": 2, "right": 3, "bottom": 2, "left": 3},
    "verticalAlignment": "BOTTOM",
    "wrapStrategy": "OVERFLOW_CELL",
    "textFormat": {
        "foregroundColor": {},
        "fontFamily": "arial,sans,sans-serif",
        "fontSize": 10,
        "bold": False,
        "italic": False,
        "strikethrough": False,
        "underline": False,
        "foregroundColorStyle": {"rgbColor": {}},
    },
    "backgroundColorStyle": {"rgbColor": dict(_WHITE)},
}


def _theme_color(kind: str, red: float = 0, green: float = 0, blue: float = 0) -> dict[str, Any]:
    channels = {"red": red, "green": green, "blue": blue}
    return {"colorType": kind, "color": {"rgbColor": {k: v for k, v in channels.items() if v}}}


# Google's default theme, channels as it prints them (float32, zero channels left out).
DEFAULT_THEME: dict[str, Any] = {
    "primaryFontFamily": "Arial",
    "themeColors": [
        _theme_color("TEXT"),
        _theme_color("BACKGROUND", 1, 1, 1),
        _theme_color("ACCENT1", 0.25882354, 0.52156866, 0.95686275),
        _theme_color("ACCENT2", 0.91764706, 0.2627451, 0.20784314),
        _theme_color("ACCENT3", 0.9843137, 0.7372549, 0.015686275),
        _theme_color("ACCENT4", 0.20392157, 0.65882355, 0.3254902),
        _theme_color("ACCENT5", 1, 0.42745098, 0.003921569),
        _theme_color("ACCENT6", 0.27450982, 0.7411765, 0.7764706),
        _theme_color("LINK", 0.06666667, 0.33333334, 0.8),
    ],
}


def default_properties(title: str) -> dict[str, Any]:
    """A new spreadsheet's ``SpreadsheetProperties``, in the order Google writes them."""
    return {
        "title": title,
        "locale": "en_US",
        "autoRecalc": "ON_CHANGE",
        "timeZone": "Etc/GMT",
        "defaultFormat": copy.deepcopy(DEFAULT_FORMAT),
        "spreadsheetTheme": copy.deepcopy(DEFAULT_THEME),
    }


def new_id() -> str:
    """A spreadsheet id shaped like Google's (44 URL-safe characters)."""
    return "1" + secrets.token_urlsafe(32)[:43]


def random_id(taken: set[int]) -> int:
    """A positive int32 not in ``taken``, like the sheet and range ids Google picks."""
    while True:
        candidate = secrets.randbelow(2**31 - 1) + 1
        if candidate not in taken:
            return candidate


def now_rfc3339(after: str | None = None) -> str:
    """The time as Drive spells it, with milliseconds; strictly later than ``after``."""
    moment = datetime.now(UTC)
    if after is not None:
        previous = datetime.strptime(after, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
        moment = max(moment, previous + timedelta(milliseconds=1))
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


@dataclass
class Sheet:
    """One tab: its ``SheetProperties`` JSON, cells and the sheet-level objects around them."""

    properties: dict[str, Any]
    cells: dict[tuple[int, int], dict[str, Any]] = field(default_factory=dict)
    merges: list[dict[str, Any]] = field(default_factory=list)
    conditional_formats: list[dict[str, Any]] = field(default_factory=list)
    protected_ranges: list[dict[str, Any]] = field(default_factory=list)
    basic_filter: dict[str, Any] | None = None
    row_groups: list[dict[str, Any]] = field(default_factory=list)
    column_groups: list[dict[str, Any]] = field(default_factory=list)
    row_metadata: dict[int, dict[str, Any]] = field(default_factory=dict)
    column_metadata: dict[int, dict[str, Any]] = field(default_factory=dict)
    developer_metadata: list[dict[str, Any]] = field(default_factory=list)  # sheet, rows, columns
    charts: list[dict[str, Any]] = field(default_factory=list)  # EmbeddedChart, see furniture
    # Cells this copy owns; the others may be shared with the spreadsheet it was copied from.
    _owned: set[tuple[int, int]] = field(default_factory=set, repr=False, compare=False)

    def copy(self) -> Sheet:
        """A copy for one write: everything copied but the cells, which are shared until
        ``edit`` changes one (a write to a 10,000-row tab copies the cells it touches)."""
        twin = copy.copy(self)
        for name in (
            "properties", "merges", "conditional_formats", "protected_ranges", "basic_filter",
            "row_groups", "column_groups", "row_metadata", "column_metadata",
            "developer_metadata", "charts",
        ):  # fmt: skip
            setattr(twin, name, copy.deepcopy(getattr(self, name)))
        twin.cells = dict(self.cells)
        twin._owned = set()
        return twin

    # -- properties -------------------------------------------------------------------------
    @property
    def sheet_id(self) -> int:
        return self.properties.get("sheetId", 0)

    @property
    def title(self) -> str:
        return self.properties["title"]

    @property
    def row_count(self) -> int:
        return self.properties.setdefault("gridProperties", {}).get("rowCount", 0)

    @property
    def column_count(self) -> int:
        return self.properties.setdefault("gridProperties", {}).get("columnCount", 0)

    def resize(self, rows: int | None = None, columns: int | None = None) -> None:
        """Set the grid size; cells, merges and metadata beyond it are dropped."""
        grid = self.properties.setdefault("gridProperties", {})
        if rows is not None:
            grid["rowCount"] = rows
        if columns is not None:
            grid["columnCount"] = columns
        rows, columns = self.row_count, self.column_count
        self.cells = {(r, c): v for (r, c), v in self.cells.items() if r < rows and c < columns}
        self.row_metadata = {i: v for i, v in self.row_metadata.items() if i < rows}
        self.column_metadata = {i: v for i, v in self.column_metadata.items() if i < columns}
        self.developer_metadata = [
            item
            for item in self.developer_metadata
            if (span := item["location"].get("dimensionRange")) is None
            or span["startIndex"] < (rows if span["dimension"] == "ROWS" else columns)
        ]

    # -- cells ------------------------------------------------------------------------------
    def cell(self, row: int, col: int) -> dict[str, Any] | None:
        """The CellData at 0-based (row, col), or None when the cell was never touched."""
        return self.cells.get((row, col))

    def cells_moved(self) -> None:
        """Cells changed places: which of them this copy owns is no longer known by key."""
        self._owned = set()

    def edit(self, row: int, col: int) -> dict[str, Any]:
        """The CellData at (row, col) to change in place (made, or copied first if shared)."""
        key = (row, col)
        data = self.cells.get(key)
        if data is None or key not in self._owned:
            data = {} if data is None else copy.deepcopy(data)
            self.cells[key] = data
            self._owned.add(key)
        return data

    def tidy(self, row: int, col: int) -> None:
        """Forget a cell that holds nothing any more."""
        if not self.cells.get((row, col)):
            self.cells.pop((row, col), None)

    def used_extent(self) -> tuple[int, int]:
        """(rows, columns) up to the last cell holding a value."""
        rows = columns = 0
        for (r, c), data in self.cells.items():
            if "userEnteredValue" in data:
                rows, columns = max(rows, r + 1), max(columns, c + 1)
        return rows, columns

    # -- dimensions (0-based, half open) ----------------------------------------------------
    def insert_dimension(self, rows: bool, start: int, end: int) -> None:
        count = end - start
        self.cells = {_shift(key, rows, start, count): value for key, value in self.cells.items()}
        self.cells_moved()
        meta = self.row_metadata if rows else self.column_metadata
        shifted = {(i + count if i >= start else i): v for i, v in meta.items()}
        meta.clear()
        meta.update(shifted)
        for item in self.ranges():
            shift_range(item, rows, start, count)
        for span in self._metadata_spans(rows):
            if span["startIndex"] >= start:
                span["startIndex"] += count
                span["endIndex"] += count
        if rows:
            self.resize(rows=self.row_count + count)
        else:
            self.resize(columns=self.column_count + count)

    def delete_dimension(self, rows: bool, start: int, end: int) -> None:
        count = end - start
        kept = {}
        for (r, c), value in self.cells.items():
            index = r if rows else c
            if start <= index < end:
                continue
            kept[_shift((r, c), rows, end, -count)] = value
        self.cells = kept
        self.cells_moved()
        meta = self.row_metadata if rows else self.column_metadata
        shifted = {
            (i - count if i >= end else i): v for i, v in meta.items() if not start <= i < end
        }
        meta.clear()
        meta.update(shifted)
        for item in self.ranges():
            cut_range(item, rows, start, end)
        self.merges = [m for m in self.merges if _non_empty(m)]
        # Metadata on a deleted line goes with it; below it, it moves up.
        dimension = "ROWS" if rows else "COLUMNS"
        kept_metadata = []
        for item in self.developer_metadata:
            span = item["location"].get("dimensionRange")
            if span is not None and span["dimension"] == dimension:
                if start <= span["startIndex"] < end:
                    continue
                if span["startIndex"] >= end:
                    span["startIndex"] -= count
                    span["endIndex"] -= count
            kept_metadata.append(item)
        self.developer_metadata = kept_metadata
        if rows:
            self.properties["gridProperties"]["rowCount"] = self.row_count - count
        else:
            self.properties["gridProperties"]["columnCount"] = self.column_count - count

    def _metadata_spans(self, rows: bool) -> list[dict[str, Any]]:
        dimension = "ROWS" if rows else "COLUMNS"
        return [
            span
            for item in self.developer_metadata
            if (span := item["location"].get("dimensionRange")) and span["dimension"] == dimension
        ]

    def ranges(self) -> list[dict[str, Any]]:
        """Every GridRange the sheet holds (merges, protections, rules, filter), live."""
        found = list(self.merges)
        found += [p["range"] for p in self.protected_ranges if "range" in p]
        for rule in self.conditional_formats:
            found += rule.get("ranges", [])
        if self.basic_filter and "range" in self.basic_filter:
            found.append(self.basic_filter["range"])
        from .furniture import chart_ranges  # charts live there; it reads this module

        found += chart_ranges(self.charts)
        found += [anchor for chart in self.charts if (anchor := _anchor_range(chart)) is not None]
        return found

    # -- helpers for tests (1-based, as staff count) ----------------------------------------
    def insert_rows(self, row: int, count: int = 1) -> None:
        """Insert ``count`` empty rows so that the first new one is sheet row ``row``."""
        self.insert_dimension(True, row - 1, row - 1 + count)

    def delete_rows(self, row: int, count: int = 1) -> None:
        self.delete_dimension(True, row - 1, row - 1 + count)

    def insert_columns(self, column: int, count: int = 1) -> None:
        self.insert_dimension(False, column - 1, column - 1 + count)

    def delete_columns(self, column: int, count: int = 1) -> None:
        self.delete_dimension(False, column - 1, column - 1 + count)

    def set_value(self, row: int, column: int, value: Any) -> None:
        """Put a Python value (str, number, bool, date, None, ``Formula``) into a cell."""
        if row > self.row_count or column > self.column_count:
            self.resize(max(row, self.row_count), max(column, self.column_count))
        data = self.edit(row - 1, column - 1)
        entered, number_format = user_value(value)
        if entered is None:
            data.pop("userEnteredValue", None)
        else:
            data["userEnteredValue"] = entered
        if number_format is not None:
            data.setdefault("userEnteredFormat", {})["numberFormat"] = number_format
        self.tidy(row - 1, column - 1)

    def value(self, row: int, column: int) -> Any:
        """The value the user entered in a cell (a formula as its text), or None."""
        data = self.cells.get((row - 1, column - 1)) or {}
        return python_value(data.get("userEnteredValue"))

    def sort_rows(
        self,
        column: int,
        *,
        first_row: int = 2,
        reverse: bool = False,
        key: Callable[[Any], Any] | None = None,
    ) -> None:
        """Sort whole rows from ``first_row`` to the last used row by one column's value.

        Empty values sort last, like Sheets' own sort.
        """
        last, _ = self.used_extent()
        start = first_row - 1
        if last <= start:
            return
        rows = [
            {c: v for (r, c), v in self.cells.items() if r == index} for index in range(start, last)
        ]
        to_key = key or (lambda value: (isinstance(value, str), value))

        def order(cells: dict[int, dict[str, Any]]) -> tuple[bool, Any]:
            value = python_value((cells.get(column - 1) or {}).get("userEnteredValue"))
            return (value is None, to_key(value) if value is not None else 0)

        filled = sorted((r for r in rows if order(r)[0] is False), key=order, reverse=reverse)
        ordered = filled + [r for r in rows if order(r)[0] is True]
        self.cells = {(r, c): v for (r, c), v in self.cells.items() if not start <= r < last}
        for offset, cells in enumerate(ordered):
            for c, value in cells.items():
                self.cells[(start + offset, c)] = value
        self.cells_moved()

    # -- persistence ------------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        return {
            "properties": self.properties,
            "cells": [[r, c, v] for (r, c), v in sorted(self.cells.items())],
            "merges": self.merges,
            "conditionalFormats": self.conditional_formats,
            "protectedRanges": self.protected_ranges,
            "basicFilter": self.basic_filter,
            "rowGroups": self.row_groups,
            "columnGroups": self.column_groups,
            "rowMetadata": [[i, v] for i, v in sorted(self.row_metadata.items())],
            "columnMetadata": [[i, v] for i, v in sorted(self.column_metadata.items())],
            "developerMetadata": self.developer_metadata,
            "charts": self.charts,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Sheet:
        return cls(
            properties=data["properties"],
            cells={(r, c): v for r, c, v in data.get("cells", [])},
            merges=data.get("merges", []),
            conditional_formats=data.get("conditionalFormats", []),
            protected_ranges=data.get("protectedRanges", []),
            basic_filter=data.get("basicFilter"),
            row_groups=data.get("rowGroups", []),
            column_groups=data.get("columnGroups", []),
            row_metadata={i: v for i, v in data.get("rowMetadata", [])},
            column_metadata={i: v for i, v in data.get("columnMetadata", [])},
            developer_metadata=data.get("developerMetadata", []),
            charts=data.get("charts", []),
        )


class _AnchorRange(dict):
    """A chart's anchor cell seen as a one-cell GridRange, so it moves like the others."""

    def __init__(self, cell: dict[str, Any]) -> None:
        row, column = cell.get("rowIndex", 0), cell.get("columnIndex", 0)
        super().__init__(startRowIndex=row, endRowIndex=row + 1)
        self.update(startColumnIndex=column, endColumnIndex=column + 1)
        self._cell = cell

    def __setitem__(self, key: str, value: int) -> None:
        super().__setitem__(key, value)
        if key == "startRowIndex":
            self._cell["rowIndex"] = value
        elif key == "startColumnIndex":
            self._cell["columnIndex"] = value


def _anchor_range(chart: dict[str, Any]) -> dict[str, Any] | None:
    cell = ((chart.get("position") or {}).get("overlayPosition") or {}).get("anchorCell")
    return _AnchorRange(cell) if isinstance(cell, dict) else None


def _shift(key: tuple[int, int], rows: bool, start: int, count: int) -> tuple[int, int]:
    r, c = key
    if rows:
        return (r + count if r >= start else r, c)
    return (r, c + count if c >= start else c)


def _keys(rows: bool) -> tuple[str, str]:
    return ("startRowIndex", "endRowIndex") if rows else ("startColumnIndex", "endColumnIndex")


def shift_range(grid: dict[str, Any], rows: bool, start: int, count: int) -> None:
    low, high = _keys(rows)
    if low in grid and grid[low] >= start:
        grid[low] += count
    if high in grid and grid[high] > start:
        grid[high] += count


def cut_range(grid: dict[str, Any], rows: bool, start: int, end: int) -> None:
    low, high = _keys(rows)
    count = end - start
    for key in (low, high):
        if key in grid:
            index = grid[key]
            if index >= end:
                grid[key] = index - count
            elif index > start:
                grid[key] = start


def _non_empty(grid: dict[str, Any]) -> bool:
    return grid.get("endRowIndex", 1) > grid.get("startRowIndex", 0) and grid.get(
        "endColumnIndex", 1
    ) > grid.get("startColumnIndex", 0)


@dataclass
class Spreadsheet:
    """A spreadsheet: its ``SpreadsheetProperties`` JSON, sheets in order and named ranges."""

    spreadsheet_id: str
    properties: dict[str, Any]
    sheets: list[Sheet] = field(default_factory=list)
    named_ranges: list[dict[str, Any]] = field(default_factory=list)
    developer_metadata: list[dict[str, Any]] = field(default_factory=list)  # on the spreadsheet
    created_time: str = field(default_factory=now_rfc3339)
    modified_time: str = field(default_factory=now_rfc3339)
    version: int = 1  # Drive's file version: grows with every change

    @classmethod
    def new(cls, title: str, spreadsheet_id: str | None = None) -> Spreadsheet:
        return cls(spreadsheet_id or new_id(), default_properties(title))

    @property
    def title(self) -> str:
        return self.properties.get("title", "")

    def add_sheet(
        self,
        title: str,
        *,
        sheet_id: int | None = None,
        rows: int = DEFAULT_ROWS,
        columns: int = DEFAULT_COLUMNS,
        index: int | None = None,
    ) -> Sheet:
        if sheet_id is None:
            sheet_id = 0 if not self.sheets else random_id({s.sheet_id for s in self.sheets})
        properties = {
            "sheetId": sheet_id,
            "title": title,
            "index": 0,
            "sheetType": "GRID",
            "gridProperties": {"rowCount": rows, "columnCount": columns},
        }
        sheet = Sheet(properties)
        position = len(self.sheets) if index is None else max(0, min(index, len(self.sheets)))
        self.sheets.insert(position, sheet)
        self.reindex()
        return sheet

    def reindex(self) -> None:
        for position, sheet in enumerate(self.sheets):
            sheet.properties["index"] = position

    def sheet(self, title: str) -> Sheet:
        """The tab with this title (KeyError if none)."""
        for sheet in self.sheets:
            if sheet.title == title:
                return sheet
        raise KeyError(title)

    def find_title(self, title: str) -> Sheet | None:
        return next((s for s in self.sheets if s.title == title), None)

    def find_id(self, sheet_id: int) -> Sheet | None:
        return next((s for s in self.sheets if s.sheet_id == sheet_id), None)

    def touch(self) -> None:
        self.modified_time = now_rfc3339(after=self.modified_time)
        self.version += 1

    def copy(self) -> Spreadsheet:
        """A copy to change and commit; no deep copy of every cell (see ``Sheet.copy``)."""
        twin = copy.copy(self)
        twin.properties = copy.deepcopy(self.properties)
        twin.named_ranges = copy.deepcopy(self.named_ranges)
        twin.developer_metadata = copy.deepcopy(self.developer_metadata)
        twin.sheets = [sheet.copy() for sheet in self.sheets]
        return twin

    def to_json(self) -> dict[str, Any]:
        return {
            "spreadsheetId": self.spreadsheet_id,
            "properties": self.properties,
            "sheets": [sheet.to_json() for sheet in self.sheets],
            "namedRanges": self.named_ranges,
            "developerMetadata": self.developer_metadata,
            "createdTime": self.created_time,
            "modifiedTime": self.modified_time,
            "version": self.version,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Spreadsheet:
        properties = data["properties"]
        if "spreadsheetTheme" not in properties:
            # Saved before the theme was kept: every Google spreadsheet has one.
            properties["spreadsheetTheme"] = copy.deepcopy(DEFAULT_THEME)
        return cls(
            spreadsheet_id=data["spreadsheetId"],
            properties=properties,
            sheets=[Sheet.from_json(sheet) for sheet in data.get("sheets", [])],
            named_ranges=data.get("namedRanges", []),
            developer_metadata=data.get("developerMetadata", []),
            created_time=data.get("createdTime") or now_rfc3339(),
            modified_time=data.get("modifiedTime") or now_rfc3339(),
            version=data.get("version", 1),
        )
