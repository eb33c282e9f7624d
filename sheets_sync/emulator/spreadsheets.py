"""The ``spreadsheets`` methods: create, get (with grid data) and batchUpdate.

create(store_add, {"properties": {"title": "Мектеп №8"}})       # -> Spreadsheet JSON
get(book, {"includeGridData": True, "ranges": ["Sheet1!A1:B2"]}, mask_tree)
batch_update(book, {"requests": [{"addSheet": {...}}]})           # all or nothing (caller)
"""

from __future__ import annotations

import copy
from typing import Any

from . import metadata, updates, wire
from .errors import ApiError
from .fieldmask import Tree
from .model import Sheet, Spreadsheet
from .ranges import Block, RequestError, resolve, whole
from .render import Renderer
from .styles import with_style_twins


def sheet_json(
    book: Spreadsheet,
    sheet: Sheet,
    blocks: list[Block] | None,
    renderer,
    data_mask: Tree | None = None,
) -> dict:
    """One ``Sheet`` resource; ``blocks`` adds its grid data (only what ``data_mask`` names)."""
    theme = book.properties.get("spreadsheetTheme")
    result: dict[str, Any] = {"properties": with_style_twins(sheet.properties, theme)}
    if blocks is not None:
        result["data"] = [
            renderer.grid(sheet, b.start_row, b.end_row, b.start_col, b.end_col, data_mask)
            for b in blocks
        ]
    on_sheet = metadata.on_sheet(sheet)
    if on_sheet:
        result["developerMetadata"] = on_sheet
    if sheet.merges:
        result["merges"] = copy.deepcopy(sheet.merges)
    if sheet.conditional_formats:
        result["conditionalFormats"] = with_style_twins(sheet.conditional_formats, theme)
    if sheet.protected_ranges:
        result["protectedRanges"] = copy.deepcopy(sheet.protected_ranges)
    if sheet.basic_filter:
        result["basicFilter"] = copy.deepcopy(sheet.basic_filter)
    if sheet.row_groups:
        result["rowGroups"] = copy.deepcopy(sheet.row_groups)
    if sheet.column_groups:
        result["columnGroups"] = copy.deepcopy(sheet.column_groups)
    if sheet.charts:
        result["charts"] = copy.deepcopy(sheet.charts)
    return result


def spreadsheet_json(
    book: Spreadsheet,
    *,
    grid_data: bool = False,
    ranges: list[str] | None = None,
    mask: Tree | None = None,
) -> dict[str, Any]:
    """The ``Spreadsheet`` resource as spreadsheets.get returns it."""
    renderer = Renderer(book)
    selected: dict[int, list[Block]] = {}
    order: list[Sheet] = []
    if ranges:
        for text in ranges:
            block = resolve(book, text)
            if block.sheet.sheet_id not in selected:
                order.append(block.sheet)
            selected.setdefault(block.sheet.sheet_id, []).append(block)
    else:
        order = list(book.sheets)
        selected = {sheet.sheet_id: [whole(sheet)] for sheet in book.sheets}
    result: dict[str, Any] = {
        "spreadsheetId": book.spreadsheet_id,
        "properties": with_style_twins(book.properties, book.properties.get("spreadsheetTheme")),
        "sheets": [
            sheet_json(
                book,
                sheet,
                selected[sheet.sheet_id] if grid_data else None,
                renderer,
                _data_mask(mask),
            )
            for sheet in order
        ],
    }
    if book.named_ranges:
        result["namedRanges"] = copy.deepcopy(book.named_ranges)
    if book.developer_metadata:
        result["developerMetadata"] = copy.deepcopy(book.developer_metadata)
    result["spreadsheetUrl"] = f"https://docs.google.com/spreadsheets/d/{book.spreadsheet_id}/edit"
    for sheet in result["sheets"]:
        for key in sheet:
            if key != "data":  # cells hold no ranges: a big grid is not walked again
                sheet[key] = wire.drop_defaults(sheet[key])
    for key in ("properties", "namedRanges"):
        if key in result:
            result[key] = wire.drop_defaults(result[key])
    return result


def _data_mask(mask: Tree | None) -> Tree | None:
    """The part of a spreadsheets.get mask below ``sheets.data`` (None: everything)."""
    if not mask or "*" in mask:
        return None
    sheets = mask.get("sheets")
    if sheets is None or not sheets or "*" in sheets:
        return None
    return sheets.get("data") or None


def wants_grid_data(query: dict[str, Any], mask: Tree | None) -> bool:
    """includeGridData, or a field mask that names ``sheets.data`` (Google honours either)."""
    if query.get("includeGridData"):
        return True
    return bool(mask and "data" in mask.get("sheets", {}))


def get(book: Spreadsheet, query: dict[str, Any], mask: Tree | None) -> dict[str, Any]:
    return spreadsheet_json(
        book,
        grid_data=wants_grid_data(query, mask),
        ranges=query.get("ranges") or None,
        mask=mask,
    )


def create(book: Spreadsheet, body: dict[str, Any]) -> dict[str, Any]:
    """Fill a new spreadsheet from a create request body (properties, sheets with data)."""
    properties = body.get("properties", {})
    for key, value in properties.items():
        book.properties[key] = copy.deepcopy(value)
    book.properties.setdefault("title", "Untitled spreadsheet")
    for position, given in enumerate(body.get("sheets") or []):
        props = given.get("properties", {})
        request = {"properties": {**props, "index": position}}
        if position == 0 and "sheetId" not in props:
            request["properties"]["sheetId"] = 0
        request["properties"].setdefault("title", f"Sheet{position + 1}")
        try:
            updates.add_sheet(book, request)
        except RequestError as error:
            raise ApiError.invalid(f"Invalid sheets[{position}]: {error}") from None
        sheet = book.sheets[-1]
        for data in given.get("data", []):
            _seed_grid(sheet, data)
    if not book.sheets:
        book.add_sheet("Sheet1", sheet_id=0)
    return spreadsheet_json(book)


def _seed_grid(sheet: Sheet, data: dict[str, Any]) -> None:
    top, left = data.get("startRow", 0), data.get("startColumn", 0)
    for i, row in enumerate(data.get("rowData", [])):
        for j, cell in enumerate(row.get("values", [])):
            kept = {
                k: copy.deepcopy(v) for k, v in cell.items() if k in updates.WRITABLE_CELL_FIELDS
            }
            if kept:
                if top + i >= sheet.row_count or left + j >= sheet.column_count:
                    sheet.resize(
                        max(sheet.row_count, top + i + 1), max(sheet.column_count, left + j + 1)
                    )
                sheet.cells[(top + i, left + j)] = kept


def batch_update(book: Spreadsheet, body: dict[str, Any]) -> dict[str, Any]:
    """Apply every request in order on ``book`` (a private copy); any failure raises."""
    replies = []
    if not body.get("requests"):
        raise ApiError.invalid("Must specify at least one request.")
    for index, request in enumerate(body["requests"]):
        kinds = list(request)
        if len(kinds) != 1:
            raise ApiError.invalid(
                f"Invalid requests[{index}]: Exactly one request kind must be set."
            )
        kind = kinds[0]
        theme = book.properties.get("spreadsheetTheme")
        try:
            reply = updates.apply(book, kind, request[kind])
        except RequestError as error:
            raise ApiError.invalid(f"Invalid requests[{index}].{kind}: {error}") from None
        except ApiError as error:
            if error.code != 400:
                raise
            raise ApiError.invalid(f"Invalid requests[{index}].{kind}: {error.message}") from None
        if reply is not None:
            reply = wire.drop_defaults(with_style_twins(reply, theme))
        replies.append({kind: reply} if reply is not None else {})
    result: dict[str, Any] = {"spreadsheetId": book.spreadsheet_id, "replies": replies}
    if body.get("includeSpreadsheetInResponse"):
        result["updatedSpreadsheet"] = spreadsheet_json(
            book,
            grid_data=bool(body.get("responseIncludeGridData")),
            ranges=body.get("responseRanges") or None,
        )
    return result


def trim_grid(result: dict[str, Any]) -> dict[str, Any]:
    """Grid data under a field mask, trimmed as Google trims it: a cell with nothing selected
    is ``{}`` between others and gone at a row's end, a row with no such cell is ``{}``,
    trailing empty rows go, and a block with no row left has no ``rowData`` at all."""
    for sheet in result.get("sheets", []):
        for block in sheet.get("data", []):
            rows = block.get("rowData")
            if rows is None:
                continue
            trimmed = []
            for row in rows:
                values = list(row.get("values", []))
                while values and not values[-1]:
                    values.pop()
                trimmed.append({**row, "values": values} if values else {})
            while trimmed and not trimmed[-1]:
                trimmed.pop()
            if trimmed:
                block["rowData"] = trimmed
            else:
                del block["rowData"]
    return result
