"""Turning A1 text and GridRanges into bounded blocks of one sheet, with Google's errors.

block = resolve(book, "'Мугалимдер'!A2:C")     # open ends clipped to the grid
block.a1                                       # "'Мугалимдер'!A2:C1000"
block.rows, block.cols                         # range(1, 1000), range(0, 3)
resolve(book, "Nope!A1")                       # ApiError 400 "Unable to parse range: Nope!A1"
resolve(book, "Sheet1!A1001")                  # ApiError 400 "... exceeds grid limits ..."
grid_block(book, {"sheetId": 0, "startRowIndex": 2})   # a GridRange; "No grid with id: 7"
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import a1
from .errors import ApiError
from .model import Sheet, Spreadsheet


@dataclass(frozen=True)
class Block:
    """A bounded rectangle of one sheet, 0-based and half open."""

    sheet: Sheet
    start_row: int
    end_row: int
    start_col: int
    end_col: int

    @property
    def rows(self) -> range:
        return range(self.start_row, self.end_row)

    @property
    def cols(self) -> range:
        return range(self.start_col, self.end_col)

    @property
    def a1(self) -> str:
        return a1.format_range(
            self.sheet.title, self.start_row, self.end_row, self.start_col, self.end_col
        )

    @property
    def single_cell(self) -> bool:
        return self.end_row - self.start_row == 1 and self.end_col - self.start_col == 1

    def grid_range(self) -> dict[str, int]:
        return {
            "sheetId": self.sheet.sheet_id,
            "startRowIndex": self.start_row,
            "endRowIndex": self.end_row,
            "startColumnIndex": self.start_col,
            "endColumnIndex": self.end_col,
        }


def grid_error(sheet: Sheet, cells: str) -> ApiError:
    return ApiError.invalid(
        f"Range ('{sheet.title.replace(chr(39), chr(39) * 2)}'!{cells}) exceeds grid limits. "
        f"Max rows: {sheet.row_count}, max columns: {sheet.column_count}"
    )


def resolve(book: Spreadsheet, text: str) -> Block:
    """A1 text -> Block; raises ApiError 400 like Google for unknown sheets or bad text."""
    unparsable = ApiError.invalid(f"Unable to parse range: {text}")
    try:
        ref = a1.parse(text)
    except a1.A1Error:
        raise unparsable from None
    if ref.cells and ref.sheet is None:
        exact = book.find_title(text.strip())  # a tab titled like a cell ("Q1") wins
        if exact is not None:
            return whole(exact)
    if not ref.cells:
        if ref.name is None:
            sheet = book.find_title(ref.sheet or "")
            if sheet is None:
                raise unparsable
            return whole(sheet)
        if ref.sheet is None:
            sheet = book.find_title(ref.name)
            if sheet is not None:
                return whole(sheet)
        named = next((n for n in book.named_ranges if n.get("name") == ref.name), None)
        if named is None:
            raise unparsable
        return grid_block(book, named.get("range", {}), unparsable)
    sheet = book.find_title(ref.sheet) if ref.sheet is not None else first_sheet(book)
    if sheet is None:
        raise unparsable
    _, cells = a1.split_sheet(text.strip())
    return bound(sheet, ref.start_row, ref.end_row, ref.start_col, ref.end_col, cells.upper())


def first_sheet(book: Spreadsheet) -> Sheet | None:
    return book.sheets[0] if book.sheets else None


def whole(sheet: Sheet) -> Block:
    return Block(sheet, 0, sheet.row_count, 0, sheet.column_count)


def bound(
    sheet: Sheet,
    start_row: int | None,
    end_row: int | None,
    start_col: int | None,
    end_col: int | None,
    cells: str | None = None,
) -> Block:
    """Clip open ends to the grid; a given bound outside the grid is Google's grid error."""
    rows, columns = sheet.row_count, sheet.column_count
    block = Block(
        sheet,
        start_row or 0,
        rows if end_row is None else end_row,
        start_col or 0,
        columns if end_col is None else end_col,
    )
    outside = (
        (start_row is not None and start_row >= rows)
        or (end_row is not None and end_row > rows)
        or (start_col is not None and start_col >= columns)
        or (end_col is not None and end_col > columns)
    )
    if outside:
        text = cells or a1.format_cells(
            block.start_row, block.end_row, block.start_col, block.end_col
        )
        raise grid_error(sheet, text)
    return block


def grid_block(book: Spreadsheet, grid: dict[str, Any], error: ApiError | None = None) -> Block:
    """A GridRange -> Block; a missing sheetId means sheet 0, as in protobuf."""
    sheet_id = grid.get("sheetId", 0)
    sheet = book.find_id(sheet_id)
    if sheet is None:
        raise error or RequestError(f"No grid with id: {sheet_id}")
    start_row, end_row = grid.get("startRowIndex"), grid.get("endRowIndex")
    start_col, end_col = grid.get("startColumnIndex"), grid.get("endColumnIndex")
    for low, high in ((start_row, end_row), (start_col, end_col)):
        if low is not None and high is not None and low > high:
            raise RequestError("The start index must be less than or equal to the end index.")
        if (low is not None and low < 0) or (high is not None and high < 0):
            raise RequestError("Indexes must be non-negative.")
    return bound(sheet, start_row, end_row, start_col, end_col)


class RequestError(Exception):
    """A batchUpdate request is invalid; the caller prefixes ``Invalid requests[i].kind:``."""
