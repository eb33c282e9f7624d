"""The ``spreadsheets.values`` methods: get, batchGet, update, batchUpdate, append, clear.

Each takes the spreadsheet (a private copy for writes, committed by the caller only if the
handler returns), the validated query and body, and returns Google's response JSON::

    get(book, "'Мугалимдер'!A1:D", {"valueRenderOption": "UNFORMATTED_VALUE"})
    update(book, "Sheet1!A1", {"valueInputOption": "RAW"}, {"values": [["a", 1]]})
"""

from __future__ import annotations

from typing import Any

from . import a1
from .cells import parse_input
from .errors import ApiError
from .model import Spreadsheet
from .ranges import Block, bound, resolve
from .render import Renderer

_INPUT_OPTIONS = ("RAW", "USER_ENTERED")


def _by_columns(major: str | None) -> bool:
    return major == "COLUMNS"


def _value_range(
    book: Spreadsheet,
    block: Block,
    render: str,
    date_time: str,
    major: str | None,
    renderer: Renderer | None = None,
) -> dict[str, Any]:
    renderer = renderer or Renderer(book)
    by_columns = _by_columns(major)
    result: dict[str, Any] = {
        "range": block.a1,
        "majorDimension": "COLUMNS" if by_columns else "ROWS",
    }
    values = renderer.values(block.sheet, block.rows, block.cols, render, date_time, by_columns)
    if values:
        result["values"] = values
    return result


def get(book: Spreadsheet, range_text: str, query: dict[str, Any]) -> dict[str, Any]:
    block = resolve(book, range_text)
    return _value_range(
        book,
        block,
        query.get("valueRenderOption", "FORMATTED_VALUE"),
        query.get("dateTimeRenderOption", "SERIAL_NUMBER"),
        query.get("majorDimension"),
    )


def batch_get(book: Spreadsheet, query: dict[str, Any]) -> dict[str, Any]:
    renderer = Renderer(book)
    blocks = [resolve(book, text) for text in query.get("ranges", [])]
    result: dict[str, Any] = {"spreadsheetId": book.spreadsheet_id}
    if blocks:
        result["valueRanges"] = [
            _value_range(
                book,
                block,
                query.get("valueRenderOption", "FORMATTED_VALUE"),
                query.get("dateTimeRenderOption", "SERIAL_NUMBER"),
                query.get("majorDimension"),
                renderer,
            )
            for block in blocks
        ]
    return result


def _input_option(value: Any, required_message: str) -> str:
    if value in _INPUT_OPTIONS:
        return value
    raise ApiError.invalid(required_message)


def _positions(values: list[list[Any]], by_columns: bool) -> list[tuple[int, int, Any]]:
    """(row offset, column offset, value) for every cell of a values array."""
    return [
        ((j, i, value) if by_columns else (i, j, value))
        for i, line in enumerate(values)
        for j, value in enumerate(line)
    ]


class Written:
    """What one write touched, for the ``updated*`` counts."""

    def __init__(self, block: Block) -> None:
        self.block = block
        self.rows: set[int] = set()
        self.cols: set[int] = set()
        self.cells = 0

    def response(self, book: Spreadsheet) -> dict[str, Any]:
        result: dict[str, Any] = {
            "spreadsheetId": book.spreadsheet_id,
            "updatedRange": self.block.a1,
        }
        if self.cells:
            result["updatedRows"] = len(self.rows)
            result["updatedColumns"] = len(self.cols)
            result["updatedCells"] = self.cells
        return result


def write(
    book: Spreadsheet,
    target: Block,
    values: list[list[Any]],
    major: str | None,
    option: str,
    *,
    fit: bool,
    grow: bool = False,
) -> Written:
    """Write a values array with its top-left at ``target``'s top-left.

    ``fit``: the data must stay inside ``target`` (a range bigger than one cell is a limit).
    ``grow``: extend the grid instead of failing when the data runs past it (append does).
    """
    by_columns = _by_columns(major)
    cells = _positions(values, by_columns)
    height = max((r + 1 for r, _, _ in cells), default=0)
    width = max((c + 1 for _, c, _ in cells), default=0)
    sheet = target.sheet
    too_big = height > len(target.rows) or width > len(target.cols)
    if fit and too_big and not target.single_cell:
        where = (
            f"row [{target.start_row + height}]"
            if height > len(target.rows)
            else f"column [{a1.column_letters(target.start_col + width - 1)}]"
        )
        raise ApiError.invalid(
            f"Requested writing within range [{target.a1}], but tried writing to {where}"
        )
    end_row, end_col = target.start_row + max(height, 1), target.start_col + max(width, 1)
    if grow and (end_row > sheet.row_count or end_col > sheet.column_count):
        sheet.resize(max(end_row, sheet.row_count), max(end_col, sheet.column_count))
    written = Written(bound(sheet, target.start_row, end_row, target.start_col, end_col))
    locale = book.properties.get("locale", "en_US")
    for dr, dc, value in cells:
        if value is None:
            continue  # null cells are skipped, as Google documents
        r, c = target.start_row + dr, target.start_col + dc
        entered, number_format = parse_input(value, option, locale)
        data = sheet.edit(r, c)
        if entered is None:
            data.pop("userEnteredValue", None)
        else:
            data["userEnteredValue"] = entered
        if number_format is not None:
            data.setdefault("userEnteredFormat", {})["numberFormat"] = number_format
        sheet.tidy(r, c)
        written.rows.add(r)
        written.cols.add(c)
        written.cells += 1
    return written


def _updated_data(book: Spreadsheet, written: Written, options: dict[str, Any]) -> dict[str, Any]:
    return _value_range(
        book,
        written.block,
        options.get("responseValueRenderOption", "FORMATTED_VALUE"),
        options.get("responseDateTimeRenderOption", "SERIAL_NUMBER"),
        None,
    )


def _check_values(body: dict[str, Any], prefix: str = "") -> list[list[Any]]:
    values = body.get("values") or []
    for i, line in enumerate(values):
        for j, cell in enumerate(line or []):
            if isinstance(cell, dict | list):
                raise ApiError.invalid(f"Invalid {prefix}values[{i}][{j}]: {cell!r}")
    return [line or [] for line in values]


def _where(block: Block) -> tuple[int, int, int, int, int]:
    return (block.sheet.sheet_id, block.start_row, block.end_row, block.start_col, block.end_col)


def _check_body_range(book: Spreadsheet, body: dict[str, Any], range_text: str) -> None:
    given = body.get("range")
    if given is not None and _where(resolve(book, given)) != _where(resolve(book, range_text)):
        raise ApiError.invalid(
            f"Requested update range [{given}] does not match the range in the URL [{range_text}]."
        )


def update(
    book: Spreadsheet, range_text: str, query: dict[str, Any], body: dict[str, Any]
) -> dict[str, Any]:
    option = _input_option(
        query.get("valueInputOption"), "'valueInputOption' is required but not specified"
    )
    _check_body_range(book, body, range_text)
    target = resolve(book, range_text)
    written = write(book, target, _check_values(body), body.get("majorDimension"), option, fit=True)
    result = written.response(book)
    if query.get("includeValuesInResponse"):
        result["updatedData"] = _updated_data(book, written, query)
    return result


def batch_update(book: Spreadsheet, body: dict[str, Any]) -> dict[str, Any]:
    option = _input_option(
        body.get("valueInputOption"), "Invalid valueInputOption: INPUT_VALUE_OPTION_UNSPECIFIED"
    )
    responses = []
    rows: set[tuple[int, int]] = set()
    cols: set[tuple[int, int]] = set()
    sheets: set[int] = set()
    cells = 0
    for index, data in enumerate(body.get("data", [])):
        if "range" not in data:
            raise ApiError.invalid(f"Invalid data[{index}]: Requested range is missing.")
        target = resolve(book, data["range"])
        values = _check_values(data, f"data[{index}].")
        written = write(book, target, values, data.get("majorDimension"), option, fit=True)
        response = written.response(book)
        if body.get("includeValuesInResponse"):
            response["updatedData"] = _updated_data(book, written, body)
        responses.append(response)
        sheet_id = target.sheet.sheet_id
        rows |= {(sheet_id, r) for r in written.rows}
        cols |= {(sheet_id, c) for c in written.cols}
        if written.cells:
            sheets.add(sheet_id)
        cells += written.cells
    result: dict[str, Any] = {"spreadsheetId": book.spreadsheet_id}
    if cells:
        result.update(
            totalUpdatedRows=len(rows),
            totalUpdatedColumns=len(cols),
            totalUpdatedCells=cells,
            totalUpdatedSheets=len(sheets),
        )
    if responses:
        result["responses"] = responses
    return result


def _table(block: Block) -> tuple[int, int, int, int] | None:
    """The table append extends: (first row, last row, start col, end col), or None if empty.

    Google looks for data in the input range, takes the contiguous rows holding data from the
    first one down (past the range's end if the data continues) and appends below them,
    starting in the table's first column.
    """
    sheet = block.sheet
    filled: dict[int, tuple[int, int]] = {}
    for (r, c), data in sheet.cells.items():
        if c in block.cols and data.get("userEnteredValue"):
            low, high = filled.get(r, (c, c))
            filled[r] = (min(low, c), max(high, c))
    in_range = [r for r in filled if r in block.rows]
    if not in_range:
        return None
    first = last = min(in_range)
    while last + 1 in filled:
        last += 1
    spans = [filled[r] for r in range(first, last + 1)]
    return first, last, min(s[0] for s in spans), max(s[1] for s in spans) + 1


def append(
    book: Spreadsheet, range_text: str, query: dict[str, Any], body: dict[str, Any]
) -> dict[str, Any]:
    option = _input_option(
        query.get("valueInputOption"), "'valueInputOption' is required but not specified"
    )
    _check_body_range(book, body, range_text)
    block = resolve(book, range_text)
    values = _check_values(body)
    table = _table(block)
    start_row = block.start_row if table is None else table[1] + 1
    start_col = block.start_col if table is None else table[2]
    sheet = block.sheet
    if query.get("insertDataOption") == "INSERT_ROWS":
        height = (
            len(values)
            if not _by_columns(body.get("majorDimension"))
            else max((len(line) for line in values), default=0)
        )
        if height and start_row < sheet.row_count:
            sheet.insert_dimension(True, start_row, start_row + height)
    if start_row >= sheet.row_count:
        sheet.resize(rows=start_row + 1)
    target = Block(sheet, start_row, start_row + 1, start_col, start_col + 1)
    written = write(book, target, values, body.get("majorDimension"), option, fit=False, grow=True)
    updates = written.response(book)
    if query.get("includeValuesInResponse"):
        updates["updatedData"] = _updated_data(book, written, query)
    result: dict[str, Any] = {"spreadsheetId": book.spreadsheet_id}
    if table is not None:
        first, last, first_col, end_col = table
        result["tableRange"] = a1.format_range(sheet.title, first, last + 1, first_col, end_col)
    result["updates"] = updates
    return result


def clear_block(block: Block) -> None:
    """Empty the values of a block; formats, notes and validation stay, as in Google."""
    sheet = block.sheet
    for key in [k for k in sheet.cells if k[0] in block.rows and k[1] in block.cols]:
        sheet.edit(*key).pop("userEnteredValue", None)
        sheet.tidy(*key)


def clear(book: Spreadsheet, range_text: str) -> dict[str, Any]:
    block = resolve(book, range_text)
    clear_block(block)
    return {"spreadsheetId": book.spreadsheet_id, "clearedRange": block.a1}


def batch_clear(book: Spreadsheet, body: dict[str, Any]) -> dict[str, Any]:
    blocks = [resolve(book, text) for text in body.get("ranges", [])]
    for block in blocks:
        clear_block(block)
    result: dict[str, Any] = {"spreadsheetId": book.spreadsheet_id}
    if blocks:
        result["clearedRanges"] = [block.a1 for block in blocks]
    return result
