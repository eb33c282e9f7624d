"""The request kinds of ``spreadsheets:batchUpdate``, one function each.

``apply(book, kind, request)`` runs one already-validated request on the spreadsheet (the
caller gives it a private copy and commits only when every request succeeded) and returns the
reply, or None for kinds whose reply is empty::

    apply(book, "addSheet", {"properties": {"title": "Квалификация"}})
    # {"properties": {"sheetId": 123, "title": "Квалификация", "index": 1, ...}}

A kind the emulator does not implement raises ApiError 501; an invalid request raises
``RequestError`` whose text the caller prefixes with ``Invalid requests[i].kind:``.
"""

from __future__ import annotations

import copy
import functools
import secrets
import struct
from collections.abc import Callable
from typing import Any

from . import fieldmask, furniture, metadata
from .discovery import check_mask
from .errors import ApiError
from .model import Sheet, Spreadsheet, cut_range, random_id, shift_range
from .ranges import Block, RequestError, bound, grid_block, grid_error
from .render import Renderer
from .styles import paired_paths, with_style_twins

Handler = Callable[[Spreadsheet, dict[str, Any]], dict[str, Any] | None]
WRITABLE_CELL_FIELDS = (
    "userEnteredValue", "userEnteredFormat", "note", "textFormatRuns", "dataValidation",
    "pivotTable", "chipRuns",
)  # fmt: skip


# -- helpers -------------------------------------------------------------------------------
@functools.lru_cache(maxsize=1024)  # 256 levels a channel: every write hits the cache
def _float32(value: float) -> float:
    """The shortest decimal that reads back as the same float32, as Google prints colours."""
    target = struct.pack("<f", value)
    single = struct.unpack("<f", target)[0]  # digits of the float32 itself, as Google rounds
    for digits in range(1, 10):
        candidate = float(f"{single:.{digits}g}")
        if struct.pack("<f", candidate) == target:
            return candidate
    return value


def quantize_colors(value: Any) -> Any:
    """Colours as Google keeps them: 8 bits a channel, zero channels left out."""
    if isinstance(value, list):
        return [quantize_colors(item) for item in value]
    if not isinstance(value, dict):
        return value
    channels = {"red", "green", "blue", "alpha"}
    if value and set(value) <= channels and all(isinstance(v, int | float) for v in value.values()):
        result = {}
        for key, channel in value.items():
            level = round(channel * 255 - 1e-9) if key != "alpha" else None
            number = channel if level is None else _float32(int(level) / 255)
            if number:
                result[key] = int(number) if float(number).is_integer() else number
        return result
    return {key: quantize_colors(item) for key, item in value.items()}


def _mask(request: dict[str, Any], schema_name: str) -> list[tuple[str, ...]]:
    text = request.get("fields")
    if not text:
        raise RequestError("At least one field must be specified in 'fields'.")
    try:
        tree = fieldmask.parse(text)
    except fieldmask.MaskError:
        raise RequestError(f"Invalid field mask: '{text}'") from None
    bad = check_mask(schema_name, tree)
    if bad:
        raise RequestError(f"Invalid field mask path: '{bad}'")
    return fieldmask.paths(tree)


def _sheet(book: Spreadsheet, sheet_id: int | None) -> Sheet:
    sheet = book.find_id(sheet_id or 0)
    if sheet is None:
        raise RequestError(f"No grid with id: {sheet_id or 0}")
    return sheet


def _dimension(book: Spreadsheet, dim_range: dict[str, Any], *, allow_end: bool = False):
    """A DimensionRange -> (sheet, rows?, start, end) clipped to the grid."""
    sheet = _sheet(book, dim_range.get("sheetId"))
    dimension = dim_range.get("dimension")
    if dimension not in ("ROWS", "COLUMNS"):
        raise RequestError("Dimension must be ROWS or COLUMNS.")
    rows = dimension == "ROWS"
    size = sheet.row_count if rows else sheet.column_count
    start = dim_range.get("startIndex", 0)
    end = dim_range.get("endIndex", size)
    if start < 0 or end < start:
        raise RequestError("The start index must be less than or equal to the end index.")
    if end > size and not allow_end:
        raise RequestError(
            f"Cannot operate on {dimension.lower()} {start}..{end}: the sheet has {size}."
        )
    return sheet, rows, start, end


def _ranges_on(book: Spreadsheet, sheet: Sheet) -> list[dict[str, Any]]:
    """Named ranges pointing at ``sheet`` (they move with inserted and deleted lines)."""
    return [
        n["range"]
        for n in book.named_ranges
        if n.get("range", {}).get("sheetId", 0) == sheet.sheet_id
    ]


# -- sheets and spreadsheet ----------------------------------------------------------------
def add_sheet(book: Spreadsheet, request: dict[str, Any]) -> dict[str, Any]:
    given = copy.deepcopy(request.get("properties", {}))
    sheet_id = given.get("sheetId")
    if sheet_id is not None and book.find_id(sheet_id):
        raise RequestError(f"Sheet with id {sheet_id} already exists.")
    if sheet_id is None:
        sheet_id = random_id({s.sheet_id for s in book.sheets})
    title = given.get("title")
    if title is None:
        number = len(book.sheets) + 1
        while _title_taken(book, f"Sheet{number}"):
            number += 1
        title = f"Sheet{number}"
    if _title_taken(book, title):
        raise RequestError(
            f'A sheet with the name "{title}" already exists. Please enter another name.'
        )
    grid = given.get("gridProperties", {})
    sheet = book.add_sheet(
        title,
        sheet_id=sheet_id,
        rows=grid.get("rowCount", 1000),
        columns=grid.get("columnCount", 26),
        index=given.get("index"),
    )
    for key, value in given.items():
        if key not in ("sheetId", "title", "index", "gridProperties"):
            sheet.properties[key] = quantize_colors(value)
    extra = {k: v for k, v in grid.items() if k not in ("rowCount", "columnCount")}
    sheet.properties["gridProperties"].update(extra)
    _check_visible(book)
    return {"properties": copy.deepcopy(sheet.properties)}


def duplicate_sheet(book: Spreadsheet, request: dict[str, Any]) -> dict[str, Any]:
    source = _sheet(book, request.get("sourceSheetId"))
    taken = {s.sheet_id for s in book.sheets}
    sheet_id = request.get("newSheetId") or random_id(taken)
    if sheet_id in taken:
        raise RequestError(f"Sheet with id {sheet_id} already exists.")
    title = request.get("newSheetName") or f"Copy of {source.title}"
    if _title_taken(book, title):
        raise RequestError(
            f'A sheet with the name "{title}" already exists. Please enter another name.'
        )
    twin = copy.deepcopy(source)
    twin.properties.update(sheetId=sheet_id, title=title)
    twin.developer_metadata = []  # metadata names its one location; a copy is a new sheet
    for grid in twin.ranges():
        if "sheetId" in grid:
            grid["sheetId"] = sheet_id
    for group in twin.row_groups + twin.column_groups:
        group["range"]["sheetId"] = sheet_id
    ids = {p.get("protectedRangeId") for _, p in _all_protected(book)}
    for protected in twin.protected_ranges:
        protected["protectedRangeId"] = random_id(ids)
        ids.add(protected["protectedRangeId"])
    furniture.renumber_charts(book, twin)
    # Without an index the copy goes right after its source, as "Duplicate" does in Sheets.
    index = request.get("insertSheetIndex", book.sheets.index(source) + 1)
    book.sheets.insert(max(0, min(index, len(book.sheets))), twin)
    book.reindex()
    return {"properties": copy.deepcopy(twin.properties)}


def _title_taken(book: Spreadsheet, title: str, other_than: Sheet | None = None) -> bool:
    return any(s.title.lower() == title.lower() and s is not other_than for s in book.sheets)


def _check_visible(book: Spreadsheet) -> None:
    if all(sheet.properties.get("hidden") for sheet in book.sheets):
        raise RequestError("You can't hide all the sheets in a document.")


def delete_sheet(book: Spreadsheet, request: dict[str, Any]) -> None:
    sheet = book.find_id(request.get("sheetId", 0))
    if sheet is None:
        raise RequestError(f"No sheet with id: {request.get('sheetId', 0)}")
    if len(book.sheets) == 1:
        raise RequestError("You can't remove all the sheets in a document.")
    book.sheets.remove(sheet)
    book.named_ranges = [
        n for n in book.named_ranges if n.get("range", {}).get("sheetId", 0) != sheet.sheet_id
    ]
    book.reindex()
    _check_visible(book)


def update_sheet_properties(book: Spreadsheet, request: dict[str, Any]) -> None:
    given = request.get("properties", {})
    sheet = _sheet(book, given.get("sheetId"))
    paths = _mask(request, "SheetProperties")
    if any(path[0] == "*" for path in paths):
        paths = [(key,) for key in given if key != "sheetId"] or [("title",)]
    old_index = book.sheets.index(sheet)
    given = with_style_twins(given)  # tabColor and tabColorStyle are one colour
    for path in paired_paths(paths):
        if path == ("sheetId",):
            if given.get("sheetId", 0) != sheet.sheet_id:
                raise RequestError("sheetId cannot be changed.")
            continue
        if path == ("index",):
            continue
        if path[0] == "title":
            title = given.get("title", "")
            if not title:
                raise RequestError("A sheet's title cannot be empty.")
            if _title_taken(book, title, sheet):
                raise RequestError(
                    f'A sheet with the name "{title}" already exists. Please enter another name.'
                )
        fieldmask.assign(sheet.properties, quantize_colors(given), path)
    grid = sheet.properties.setdefault("gridProperties", {})
    for key in ("rowCount", "columnCount"):
        if grid.get(key, 1) < 1:
            raise RequestError(f"Invalid {key}: it must be at least 1.")
    sheet.properties = fieldmask.prune(sheet.properties)
    sheet.resize()
    if ("index",) in paths:
        index = given.get("index", 0)
        book.sheets.remove(sheet)
        # Google counts the target index before the move, so moving right lands one earlier.
        position = index - 1 if index > old_index else index
        book.sheets.insert(max(0, min(position, len(book.sheets))), sheet)
        book.reindex()
    else:
        sheet.properties["index"] = old_index
    _check_visible(book)


def update_spreadsheet_properties(book: Spreadsheet, request: dict[str, Any]) -> None:
    given = quantize_colors(request.get("properties", {}))
    for path in _mask(request, "SpreadsheetProperties"):
        if path[0] == "*":
            book.properties.update(copy.deepcopy(given))
            continue
        if path == ("title",) and not given.get("title"):
            raise RequestError("A spreadsheet's title cannot be empty.")
        fieldmask.assign(book.properties, given, path)
    book.properties = fieldmask.prune(book.properties)


# -- cells ---------------------------------------------------------------------------------
def _cell_paths(request: dict[str, Any]) -> list[tuple[str, ...]]:
    paths = _mask(request, "CellData")
    if any(path[0] == "*" for path in paths):
        return [(name,) for name in WRITABLE_CELL_FIELDS]
    return paired_paths([path for path in paths if path[0] in WRITABLE_CELL_FIELDS])


def _twinned(source: dict[str, Any]) -> dict[str, Any]:
    """A cell to write with each colour in both spellings: either one sets both."""
    if "userEnteredFormat" not in source and "textFormatRuns" not in source:
        return source
    twinned = dict(source)
    for key in ("userEnteredFormat", "textFormatRuns"):
        if key in source:
            twinned[key] = with_style_twins(source[key])
    return twinned


def _set_cell(sheet: Sheet, row: int, col: int, source: dict[str, Any], paths) -> None:
    data = sheet.edit(row, col)
    for path in paths:
        fieldmask.assign(data, source, path)
    furniture.twin_styles(data, paths)
    furniture.text_runs(data, paths)
    for key in ("userEnteredFormat", "dataValidation"):
        if key in data:
            data[key] = fieldmask.prune(quantize_colors(data[key]))
            if not data[key]:
                del data[key]
    if data.get("userEnteredValue") == {}:
        del data["userEnteredValue"]
    sheet.tidy(row, col)


def _check_value(source: dict[str, Any]) -> None:
    value = source.get("userEnteredValue")
    if value and len(value) > 1:
        raise RequestError("Only one value kind may be set in userEnteredValue.")
    if value and "errorValue" in value:
        raise RequestError("errorValue cannot be written.")


def update_cells(book: Spreadsheet, request: dict[str, Any]) -> None:
    paths = _cell_paths(request)
    rows = request.get("rows", [])
    if ("range" in request) == ("start" in request):
        raise RequestError("Exactly one of 'range' or 'start' must be set.")
    if "start" in request:
        start = request["start"]
        sheet = _sheet(book, start.get("sheetId"))
        top, left = start.get("rowIndex", 0), start.get("columnIndex", 0)
        height = len(rows)
        width = max((len(row.get("values", [])) for row in rows), default=0)
        area = bound(sheet, top, top + max(height, 1), left, left + max(width, 1))
        clear_rest = False
    else:
        area = grid_block(book, request["range"])
        sheet, top, left = area.sheet, area.start_row, area.start_col
        clear_rest = True
        height = len(rows)
        if height > len(area.rows) or any(
            len(row.get("values", [])) > len(area.cols) for row in rows
        ):
            raise RequestError("The rows given are larger than the range.")
    for i, row in enumerate(rows):
        for j, cell in enumerate(row.get("values", [])):
            _check_value(cell)
            _set_cell(sheet, top + i, left + j, _twinned(cell), paths)
    if clear_rest:
        for r in area.rows:
            given = rows[r - top].get("values", []) if r - top < len(rows) else []
            for c in area.cols:
                if c - left >= len(given) and (r, c) in sheet.cells:
                    _set_cell(sheet, r, c, {}, paths)


def repeat_cell(book: Spreadsheet, request: dict[str, Any]) -> None:
    paths = _cell_paths(request)
    area = grid_block(book, request.get("range", {}))
    cell = _twinned(request.get("cell", {}))
    _check_value(cell)
    for r in area.rows:
        for c in area.cols:
            _set_cell(area.sheet, r, c, cell, paths)


def set_data_validation(book: Spreadsheet, request: dict[str, Any]) -> None:
    area = grid_block(book, request.get("range", {}))
    source = {"dataValidation": request["rule"]} if request.get("rule") else {}
    for r in area.rows:
        for c in area.cols:
            _set_cell(area.sheet, r, c, source, [("dataValidation",)])


# -- dimensions ----------------------------------------------------------------------------
def insert_dimension(book: Spreadsheet, request: dict[str, Any]) -> None:
    sheet, rows, start, end = _dimension(book, request.get("range", {}), allow_end=True)
    size = sheet.row_count if rows else sheet.column_count
    if start > size or end == start:
        raise RequestError("Cannot insert beyond the end of the sheet or an empty range.")
    inherit = request.get("inheritFromBefore", False)
    if inherit and start == 0:
        raise RequestError("Cannot inherit from before the first row or column.")
    sheet.insert_dimension(rows, start, end)
    for grid in _ranges_on(book, sheet):
        shift_range(grid, rows, start, end - start)
    source = start - 1 if inherit else end
    for (r, c), data in list(sheet.cells.items()):
        if (r if rows else c) == source and "userEnteredFormat" in data:
            for index in range(start, end):
                key = (index, c) if rows else (r, index)
                sheet.edit(*key)["userEnteredFormat"] = copy.deepcopy(data["userEnteredFormat"])


def delete_dimension(book: Spreadsheet, request: dict[str, Any]) -> None:
    sheet, rows, start, end = _dimension(book, request.get("range", {}))
    size = sheet.row_count if rows else sheet.column_count
    if end - start >= size:
        kind = "rows" if rows else "columns"
        raise RequestError(f"You can't delete all the {kind} on the sheet.")
    sheet.delete_dimension(rows, start, end)
    for grid in _ranges_on(book, sheet):
        cut_range(grid, rows, start, end)


def move_dimension(book: Spreadsheet, request: dict[str, Any]) -> None:
    """Rows or columns moved elsewhere, with their cells, sizes and developer metadata.

    ``destinationIndex`` counts lines before the source is taken out, as Google says. A range
    (merge, protection, filter) inside the moved lines moves with them; one reaching outside
    them stays where it is (the emulator's simplification)."""
    sheet, rows, start, end = _dimension(book, request.get("source", {}))
    size = sheet.row_count if rows else sheet.column_count
    destination = request.get("destinationIndex")
    if not isinstance(destination, int) or not 0 <= destination <= size:
        raise RequestError("destinationIndex must be inside the sheet.")
    if end == start:
        return
    kept = [i for i in range(size) if not start <= i < end]
    position = destination if destination <= start else destination - (end - start)
    order = kept[:position] + list(range(start, end)) + kept[position:]
    new_index = {old: new for new, old in enumerate(order)}

    def moved(key: tuple[int, int]) -> tuple[int, int]:
        r, c = key
        return (new_index[r], c) if rows else (r, new_index[c])

    sheet.cells = {moved(key): value for key, value in sheet.cells.items()}
    sheet.cells_moved()
    meta = sheet.row_metadata if rows else sheet.column_metadata
    shifted = {new_index[i]: v for i, v in meta.items() if i in new_index}
    meta.clear()
    meta.update(shifted)
    dimension = "ROWS" if rows else "COLUMNS"
    for item in sheet.developer_metadata:
        span = item["location"].get("dimensionRange")
        if span is not None and span["dimension"] == dimension:
            span["startIndex"] = new_index[span["startIndex"]]
            span["endIndex"] = span["startIndex"] + 1
    low, high = ("startRowIndex", "endRowIndex") if rows else ("startColumnIndex", "endColumnIndex")
    offset = new_index[start] - start
    for grid in sheet.ranges():
        if start <= grid.get(low, 0) and grid.get(high, size) <= end:
            for key in (low, high):
                grid[key] = grid.get(key, start if key == low else end) + offset


def append_dimension(book: Spreadsheet, request: dict[str, Any]) -> None:
    sheet = _sheet(book, request.get("sheetId"))
    length = request.get("length", 0)
    if length < 1:
        raise RequestError("length must be at least 1.")
    if request.get("dimension") == "ROWS":
        sheet.resize(rows=sheet.row_count + length)
    elif request.get("dimension") == "COLUMNS":
        sheet.resize(columns=sheet.column_count + length)
    else:
        raise RequestError("Dimension must be ROWS or COLUMNS.")


def update_dimension_properties(book: Spreadsheet, request: dict[str, Any]) -> None:
    if "range" not in request:
        raise ApiError.unimplemented("updateDimensionProperties on data source sheets")
    sheet, rows, start, end = _dimension(book, request["range"])
    paths = _mask(request, "DimensionProperties")
    given = request.get("properties", {})
    meta = sheet.row_metadata if rows else sheet.column_metadata
    for index in range(start, end):
        entry = meta.setdefault(index, {})
        for path in paths:
            if path[0] == "*":
                entry.update(copy.deepcopy(given))
            else:
                fieldmask.assign(entry, given, path)
        if not entry:
            del meta[index]


def _group_list(sheet: Sheet, rows: bool) -> list[dict[str, Any]]:
    return sheet.row_groups if rows else sheet.column_groups


def add_dimension_group(book: Spreadsheet, request: dict[str, Any]) -> dict[str, Any]:
    sheet, rows, start, end = _dimension(book, request.get("range", {}))
    groups = _group_list(sheet, rows)
    # Google switches the +/- control after the group once a sheet has groups.
    control = "rowGroupControlAfter" if rows else "columnGroupControlAfter"
    sheet.properties.setdefault("gridProperties", {}).setdefault(control, True)
    for group in groups:
        g = group["range"]
        if start <= g["startIndex"] and g["endIndex"] <= end:
            group["depth"] += 1  # the new group wraps this one
    depth = 1 + sum(
        1
        for g in groups
        if g["range"]["startIndex"] <= start
        and end <= g["range"]["endIndex"]
        and (g["range"]["startIndex"], g["range"]["endIndex"]) != (start, end)
    )
    dimension = "ROWS" if rows else "COLUMNS"
    groups.append(
        {
            "range": {
                "sheetId": sheet.sheet_id,
                "dimension": dimension,
                "startIndex": start,
                "endIndex": end,
            },
            "depth": depth,
        }
    )
    groups.sort(key=lambda g: (g["depth"], g["range"]["startIndex"]))
    return {"dimensionGroups": copy.deepcopy(groups)}


def delete_dimension_group(book: Spreadsheet, request: dict[str, Any]) -> dict[str, Any]:
    sheet, rows, start, end = _dimension(book, request.get("range", {}))
    groups = _group_list(sheet, rows)
    matching = [
        g for g in groups if (g["range"]["startIndex"], g["range"]["endIndex"]) == (start, end)
    ]
    if not matching:
        raise RequestError("No dimension group matches the range.")
    deepest = max(matching, key=lambda g: g["depth"])
    groups.remove(deepest)
    for group in groups:
        g = group["range"]
        if start <= g["startIndex"] and g["endIndex"] <= end and group["depth"] > deepest["depth"]:
            group["depth"] -= 1
    return {"dimensionGroups": copy.deepcopy(groups)} if groups else {}


# -- merges, named and protected ranges, filters, formats ----------------------------------
def _overlaps(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return (
        a["startRowIndex"] < b["endRowIndex"]
        and b["startRowIndex"] < a["endRowIndex"]
        and a["startColumnIndex"] < b["endColumnIndex"]
        and b["startColumnIndex"] < a["endColumnIndex"]
    )


def merge_cells(book: Spreadsheet, request: dict[str, Any]) -> None:
    area = grid_block(book, request.get("range", {}))
    kind = request.get("mergeType", "MERGE_ALL")
    if kind == "MERGE_ALL":
        pieces = [area]
    elif kind == "MERGE_COLUMNS":
        pieces = [Block(area.sheet, area.start_row, area.end_row, c, c + 1) for c in area.cols]
    else:
        pieces = [Block(area.sheet, r, r + 1, area.start_col, area.end_col) for r in area.rows]
    sheet = area.sheet
    whole = area.grid_range()
    sheet.merges = [m for m in sheet.merges if not _overlaps(m, whole)]
    for piece in pieces:
        if piece.single_cell:
            continue
        sheet.merges.append(piece.grid_range())
        for r in piece.rows:
            for c in piece.cols:
                if (r, c) != (piece.start_row, piece.start_col) and (r, c) in sheet.cells:
                    sheet.edit(r, c).pop("userEnteredValue", None)
                    sheet.tidy(r, c)


def unmerge_cells(book: Spreadsheet, request: dict[str, Any]) -> None:
    area = grid_block(book, request.get("range", {}))
    whole = area.grid_range()
    area.sheet.merges = [m for m in area.sheet.merges if not _overlaps(m, whole)]


def _bounded_range(book: Spreadsheet, grid: dict[str, Any]) -> dict[str, Any]:
    """Validate a GridRange and keep it as given (unbounded sides stay unbounded)."""
    grid_block(book, grid)
    return copy.deepcopy(grid)


def add_named_range(book: Spreadsheet, request: dict[str, Any]) -> dict[str, Any]:
    named = copy.deepcopy(request.get("namedRange", {}))
    name = named.get("name", "")
    if not name or not name.replace("_", "a").replace(".", "a").isalnum() or name[0].isdigit():
        raise RequestError(f"Invalid name: '{name}'.")
    if any(n.get("name", "").lower() == name.lower() for n in book.named_ranges):
        raise RequestError(f"Named range with name '{name}' already exists.")
    named["range"] = _bounded_range(book, named.get("range", {}))
    named.setdefault("namedRangeId", str(secrets.randbelow(2**31 - 1) + 1))
    ordered = {"namedRangeId": named.pop("namedRangeId"), **named}
    book.named_ranges.append(ordered)
    return {"namedRange": copy.deepcopy(ordered)}


def _named(book: Spreadsheet, named_range_id: str | None) -> dict[str, Any]:
    found = next((n for n in book.named_ranges if n["namedRangeId"] == named_range_id), None)
    if found is None:
        raise RequestError(f"No named range with id: {named_range_id}")
    return found


def delete_named_range(book: Spreadsheet, request: dict[str, Any]) -> None:
    book.named_ranges.remove(_named(book, request.get("namedRangeId")))
    furniture.follow_named(book, request.get("namedRangeId"))


def update_named_range(book: Spreadsheet, request: dict[str, Any]) -> None:
    given = request.get("namedRange", {})
    named = _named(book, given.get("namedRangeId"))
    for path in _mask(request, "NamedRange"):
        if path[0] == "range" and "range" in given:
            _bounded_range(book, given["range"])
        if path[0] != "namedRangeId":
            fieldmask.assign(named, given, path)
    furniture.follow_named(book, named["namedRangeId"])


def _all_protected(book: Spreadsheet) -> list[tuple[Sheet, dict[str, Any]]]:
    return [(sheet, p) for sheet in book.sheets for p in sheet.protected_ranges]


def add_protected_range(book: Spreadsheet, request: dict[str, Any]) -> dict[str, Any]:
    given = furniture.resolve_named(book, copy.deepcopy(request.get("protectedRange", {})))
    if "range" not in given:
        raise ApiError.unimplemented("protected ranges without a 'range'")
    sheet = grid_block(book, given["range"]).sheet
    taken: set[int] = {p["protectedRangeId"] for _, p in _all_protected(book)}
    protected_id = given.pop("protectedRangeId", None) or random_id(taken)
    given.pop("requestingUserCanEdit", None)
    stored = {"protectedRangeId": protected_id, **given, "requestingUserCanEdit": True}
    stored.setdefault("editors", {})
    sheet.protected_ranges.append(stored)
    return {"protectedRange": copy.deepcopy(stored)}


def delete_protected_range(book: Spreadsheet, request: dict[str, Any]) -> None:
    wanted = request.get("protectedRangeId")
    for sheet, protected in _all_protected(book):
        if protected.get("protectedRangeId") == wanted:
            sheet.protected_ranges.remove(protected)
            return
    raise RequestError(f"No protected range with id: {wanted}")


def update_protected_range(book: Spreadsheet, request: dict[str, Any]) -> None:
    given = request.get("protectedRange", {})
    wanted = given.get("protectedRangeId")
    found = next((p for _, p in _all_protected(book) if p.get("protectedRangeId") == wanted), None)
    if found is None:
        raise RequestError(f"No protected range with id: {wanted}")
    for path in _mask(request, "ProtectedRange"):
        if path[0] != "protectedRangeId":
            fieldmask.assign(found, given, path)


def set_basic_filter(book: Spreadsheet, request: dict[str, Any]) -> None:
    given = copy.deepcopy(request.get("filter", {}))
    area = grid_block(book, given.get("range", {}))
    given["range"] = area.grid_range()  # Google keeps the filter's range bounded to the grid
    area.sheet.basic_filter = given


def clear_basic_filter(book: Spreadsheet, request: dict[str, Any]) -> None:
    _sheet(book, request.get("sheetId")).basic_filter = None


def add_conditional_format_rule(book: Spreadsheet, request: dict[str, Any]) -> None:
    rule = quantize_colors(copy.deepcopy(request.get("rule", {})))
    ranges = rule.get("ranges") or []
    if not ranges:
        raise RequestError("A conditional format rule needs at least one range.")
    sheets = {grid_block(book, grid).sheet.sheet_id for grid in ranges}
    if len(sheets) != 1:
        raise RequestError("All ranges of a conditional format rule must be on one sheet.")
    sheet = _sheet(book, sheets.pop())
    index = request.get("index", 0)
    if not 0 <= index <= len(sheet.conditional_formats):
        raise RequestError(f"Invalid index: {index}")
    sheet.conditional_formats.insert(index, rule)


def delete_conditional_format_rule(book: Spreadsheet, request: dict[str, Any]) -> dict:
    sheet = _sheet(book, request.get("sheetId"))
    index = request.get("index", 0)
    if not 0 <= index < len(sheet.conditional_formats):
        raise RequestError(f"No conditional format rule at index {index}.")
    return {"rule": sheet.conditional_formats.pop(index)}


def auto_resize_dimensions(book: Spreadsheet, request: dict[str, Any]) -> None:
    if "dimensions" in request:
        _dimension(book, request["dimensions"])  # the emulator has no fonts to measure


# -- copying and sorting -------------------------------------------------------------------
_PASTE_FIELDS = {
    "PASTE_NORMAL": ("userEnteredValue", "userEnteredFormat", "note", "dataValidation"),
    "PASTE_VALUES": ("userEnteredValue",),
    "PASTE_FORMAT": ("userEnteredFormat",),
    "PASTE_NO_BORDERS": ("userEnteredValue", "userEnteredFormat", "note", "dataValidation"),
    "PASTE_FORMULA": ("userEnteredValue",),
    "PASTE_DATA_VALIDATION": ("dataValidation",),
    "PASTE_CONDITIONAL_FORMATTING": (),
}


def _snapshot(book: Spreadsheet, area: Block, paste_type: str) -> list[list[dict[str, Any]]]:
    """The source cells' pasted fields; PASTE_VALUES pastes computed values, not formulas."""
    renderer = Renderer(book)
    fields = _PASTE_FIELDS.get(paste_type)
    if fields is None:
        raise RequestError(f"Unknown paste type: {paste_type}")
    grid = []
    for r in area.rows:
        line = []
        for c in area.cols:
            data = area.sheet.cell(r, c) or {}
            picked = {k: copy.deepcopy(v) for k, v in data.items() if k in fields}
            if paste_type == "PASTE_VALUES" and "formulaValue" in picked.get(
                "userEnteredValue", {}
            ):
                value = renderer.value(area.sheet, r, c, "UNFORMATTED_VALUE")
                picked["userEnteredValue"] = _extended(value)
            line.append(picked)
        grid.append(line)
    return grid


def _extended(value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if isinstance(value, bool):
        return {"boolValue": value}
    if isinstance(value, int | float):
        return {"numberValue": value}
    return {"stringValue": str(value)}


def _paste(sheet: Sheet, top: int, left: int, grid, paste_type: str, rows: int, cols: int):
    fields = [(name,) for name in _PASTE_FIELDS[paste_type]]
    for r in range(rows):
        for c in range(cols):
            source = grid[r % len(grid)][c % len(grid[0])]
            if top + r >= sheet.row_count or left + c >= sheet.column_count:
                raise grid_error(sheet, f"R{top + r + 1}C{left + c + 1}")
            _set_cell(sheet, top + r, left + c, source, fields)


def copy_paste(book: Spreadsheet, request: dict[str, Any]) -> None:
    source = grid_block(book, request.get("source", {}))
    destination = grid_block(book, request.get("destination", {}))
    paste_type = request.get("pasteType", "PASTE_NORMAL")
    grid = _snapshot(book, source, paste_type)
    if request.get("pasteOrientation") == "TRANSPOSE":
        grid = [list(line) for line in zip(*grid, strict=True)]
    height, width = len(grid), len(grid[0])
    # A destination smaller than the source takes the whole source; a bigger one repeats it.
    rows = max(height, len(destination.rows) // height * height)
    cols = max(width, len(destination.cols) // width * width)
    _paste(
        destination.sheet,
        destination.start_row,
        destination.start_col,
        grid,
        paste_type,
        rows,
        cols,
    )


def cut_paste(book: Spreadsheet, request: dict[str, Any]) -> None:
    source = grid_block(book, request.get("source", {}))
    target = request.get("destination", {})
    sheet = _sheet(book, target.get("sheetId"))
    paste_type = request.get("pasteType", "PASTE_NORMAL")
    grid = _snapshot(book, source, paste_type)
    for r in source.rows:
        for c in source.cols:
            _set_cell(source.sheet, r, c, {}, [(name,) for name in _PASTE_FIELDS[paste_type]])
    _paste(
        sheet,
        target.get("rowIndex", 0),
        target.get("columnIndex", 0),
        grid,
        paste_type,
        len(grid),
        len(grid[0]),
    )


def sort_range(book: Spreadsheet, request: dict[str, Any]) -> None:
    area = grid_block(book, request.get("range", {}))
    renderer = Renderer(book)
    sheet = area.sheet
    lines = [{c: sheet.cells.get((r, c)) for c in area.cols} for r in area.rows]
    values = {
        id(line): {c: renderer.value(sheet, r, c, "UNFORMATTED_VALUE") for c in area.cols}
        for r, line in zip(area.rows, lines, strict=True)
    }
    for spec in reversed(request.get("sortSpecs", [])):
        column = area.start_col + spec.get("dimensionIndex", 0)
        descending = spec.get("sortOrder") == "DESCENDING"

        def key(line: dict[int, Any], column: int = column) -> tuple[int, Any]:
            value = values[id(line)].get(column)
            if value is None or value == "":
                return (3, 0)
            if isinstance(value, bool):
                return (2, value)
            if isinstance(value, int | float):
                return (0, value)
            return (1, str(value).lower())

        filled = [line for line in lines if key(line)[0] != 3]
        empty = [line for line in lines if key(line)[0] == 3]
        lines = sorted(filled, key=key, reverse=descending) + empty
    for r, line in zip(area.rows, lines, strict=True):
        for c, data in line.items():
            if data:
                sheet.cells[(r, c)] = data
            else:
                sheet.cells.pop((r, c), None)
    sheet.cells_moved()


HANDLERS: dict[str, Handler] = {
    "addSheet": add_sheet,
    "deleteSheet": delete_sheet,
    "duplicateSheet": duplicate_sheet,
    "updateSheetProperties": update_sheet_properties,
    "updateSpreadsheetProperties": update_spreadsheet_properties,
    "updateCells": update_cells,
    "repeatCell": repeat_cell,
    "setDataValidation": set_data_validation,
    "insertDimension": insert_dimension,
    "deleteDimension": delete_dimension,
    "appendDimension": append_dimension,
    "moveDimension": move_dimension,
    "updateDimensionProperties": update_dimension_properties,
    "addDimensionGroup": add_dimension_group,
    "deleteDimensionGroup": delete_dimension_group,
    "mergeCells": merge_cells,
    "unmergeCells": unmerge_cells,
    "addNamedRange": add_named_range,
    "deleteNamedRange": delete_named_range,
    "updateNamedRange": update_named_range,
    "addProtectedRange": add_protected_range,
    "deleteProtectedRange": delete_protected_range,
    "updateProtectedRange": update_protected_range,
    "setBasicFilter": set_basic_filter,
    "clearBasicFilter": clear_basic_filter,
    "addConditionalFormatRule": add_conditional_format_rule,
    "deleteConditionalFormatRule": delete_conditional_format_rule,
    "autoResizeDimensions": auto_resize_dimensions,
    "copyPaste": copy_paste,
    "cutPaste": cut_paste,
    "sortRange": sort_range,
    "addChart": furniture.add_chart,
    "deleteEmbeddedObject": furniture.delete_embedded_object,
    "createDeveloperMetadata": metadata.create,
    "updateDeveloperMetadata": metadata.update,
    "deleteDeveloperMetadata": metadata.delete,
}
# Kinds whose reply carries data (the others reply with an empty object).
REPLYING = {
    "addSheet", "duplicateSheet", "addDimensionGroup", "deleteDimensionGroup", "addNamedRange",
    "addProtectedRange", "deleteConditionalFormatRule", "createDeveloperMetadata", "addChart",
    "updateDeveloperMetadata", "deleteDeveloperMetadata",
}  # fmt: skip


def apply(book: Spreadsheet, kind: str, request: dict[str, Any]) -> dict[str, Any] | None:
    handler = HANDLERS.get(kind)
    if handler is None:
        raise ApiError.unimplemented(f"the batchUpdate request '{kind}'")
    reply = handler(book, request)
    return reply if kind in REPLYING else None
