"""Developer metadata: the create, update and delete requests, search, get, and lookups.

Metadata lives where Google keeps it: on the spreadsheet (``Spreadsheet.developer_metadata``)
or on a sheet (``Sheet.developer_metadata``: the sheet itself, or one of its rows or columns).
A row or column entry moves with inserted and deleted lines and is deleted with its line or
sheet (``model.Sheet``); sorting moves cell contents, not lines, so it leaves metadata where
it is, like row heights::

    create(book, {"developerMetadata": {"metadataKey": "k", "visibility": "DOCUMENT",
        "location": {"dimensionRange": {"sheetId": 0, "dimension": "COLUMNS",
                                        "startIndex": 8, "endIndex": 9}}}})
    search(book, [{"developerMetadataLookup": {"metadataKey": "k"}}])
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from . import fieldmask
from .errors import ApiError
from .model import Sheet, Spreadsheet, random_id
from .ranges import RequestError

_FIELDS = ("metadataId", "metadataKey", "metadataValue", "location", "visibility")


def every(book: Spreadsheet) -> Iterator[tuple[Sheet | None, dict[str, Any]]]:
    """(sheet or None for the spreadsheet, metadata) for every entry, in creation order."""
    for item in book.developer_metadata:
        yield None, item
    for sheet in book.sheets:
        for item in sheet.developer_metadata:
            yield sheet, item


def _location(book: Spreadsheet, given: dict[str, Any]) -> tuple[Sheet | None, dict[str, Any]]:
    """A request's location checked and in Google's form (``locationType`` filled in)."""
    kinds = [key for key in ("spreadsheet", "sheetId", "dimensionRange") if key in given]
    if len(kinds) != 1:
        raise RequestError("Developer metadata must have exactly one location specified.")
    kind = kinds[0]
    if kind == "spreadsheet":
        if given["spreadsheet"] is not True:
            raise RequestError("Spreadsheet location must be true.")
        return None, {"locationType": "SPREADSHEET", "spreadsheet": True}
    if kind == "sheetId":
        sheet = book.find_id(given["sheetId"])
        if sheet is None:
            raise RequestError(f"No grid with id: {given['sheetId']}")
        return sheet, {"locationType": "SHEET", "sheetId": sheet.sheet_id}
    span = given["dimensionRange"]
    sheet = book.find_id(span.get("sheetId", 0))
    if sheet is None:
        raise RequestError(f"No grid with id: {span.get('sheetId', 0)}")
    dimension = span.get("dimension")
    if dimension not in ("ROWS", "COLUMNS"):
        raise RequestError("Dimension must be ROWS or COLUMNS.")
    start, end = span.get("startIndex"), span.get("endIndex")
    if start is None or end is None or end != start + 1:
        raise RequestError(
            "Developer metadata location must be a single row or column, and cannot be unbounded."
        )
    size = sheet.row_count if dimension == "ROWS" else sheet.column_count
    if not 0 <= start < size:
        raise RequestError(f"The {dimension.lower()} index {start} is outside the sheet.")
    location = {
        "locationType": "ROW" if dimension == "ROWS" else "COLUMN",
        "dimensionRange": {
            "sheetId": sheet.sheet_id,
            "dimension": dimension,
            "startIndex": start,
            "endIndex": end,
        },
    }
    return sheet, location


def _ordered(item: dict[str, Any]) -> dict[str, Any]:
    return {key: item[key] for key in _FIELDS if key in item}


def create(book: Spreadsheet, request: dict[str, Any]) -> dict[str, Any]:
    given = copy.deepcopy(request.get("developerMetadata") or {})
    if not given.get("metadataKey"):
        raise RequestError("Developer metadata must always have a key specified.")
    if given.get("visibility") not in ("DOCUMENT", "PROJECT"):
        raise RequestError("Developer metadata must always have a visibility specified.")
    if "location" not in given:
        raise RequestError("Developer metadata must always have a location specified.")
    sheet, location = _location(book, given["location"])
    taken = {item["metadataId"] for _, item in every(book)}
    metadata_id = given.get("metadataId")
    if metadata_id is not None:
        if metadata_id < 1:
            raise RequestError("Developer metadata IDs must be positive.")
        if metadata_id in taken:
            raise RequestError(f"Developer metadata with ID {metadata_id} already exists.")
    else:
        metadata_id = random_id(taken)
    stored = _ordered({**given, "metadataId": metadata_id, "location": location})
    (book.developer_metadata if sheet is None else sheet.developer_metadata).append(stored)
    return {"developerMetadata": copy.deepcopy(stored)}


def matches(book: Spreadsheet, item: dict[str, Any], data_filter: dict[str, Any]) -> bool:
    """Whether one DataFilter selects this metadata (lookups only; ranges answer 501)."""
    lookup = data_filter.get("developerMetadataLookup")
    if lookup is None:
        raise ApiError.unimplemented("data filters by range for developer metadata")
    for key in ("metadataId", "metadataKey", "metadataValue", "visibility"):
        if key in lookup and item.get(key) != lookup[key]:
            return False
    if "locationType" in lookup and item["location"]["locationType"] != lookup["locationType"]:
        return False
    if "metadataLocation" in lookup:
        _, wanted = _location(book, lookup["metadataLocation"])
        have = item["location"]
        strategy = lookup.get("locationMatchingStrategy", "EXACT_LOCATION")
        if strategy == "INTERSECTING_LOCATION" and "dimensionRange" in wanted:
            span, mine = wanted["dimensionRange"], have.get("dimensionRange")
            if mine is None or (mine["sheetId"], mine["dimension"]) != (
                span["sheetId"],
                span["dimension"],
            ):
                return False
            return mine["startIndex"] < span["endIndex"] and span["startIndex"] < mine["endIndex"]
        return have == wanted
    return True


def _selected(book: Spreadsheet, filters: list[dict[str, Any]]):
    found = []
    for sheet, item in every(book):
        if any(matches(book, item, data_filter) for data_filter in filters):
            found.append((sheet, item))
    return found


def update(book: Spreadsheet, request: dict[str, Any]) -> dict[str, Any]:
    filters = request.get("dataFilters") or []
    if not filters:
        raise RequestError("At least one data filter must be specified.")
    text = request.get("fields")
    if not text:
        raise RequestError("At least one field must be specified in 'fields'.")
    try:
        paths = fieldmask.paths(fieldmask.parse(text))
    except fieldmask.MaskError:
        raise RequestError(f"Invalid field mask: '{text}'") from None
    given = request.get("developerMetadata") or {}
    if any(path[0] not in _FIELDS for path in paths):
        raise RequestError(f"Invalid field mask path: '{text}'")
    if any(path[0] == "metadataId" for path in paths):
        raise RequestError("metadataId cannot be updated.")
    updated = []
    for sheet, item in _selected(book, filters):
        for path in paths:
            if path[0] == "location":
                target, location = _location(book, given.get("location") or {})
                if target is not sheet:
                    (book.developer_metadata if sheet is None else sheet.developer_metadata).remove(
                        item
                    )
                    owner = book.developer_metadata if target is None else target.developer_metadata
                    owner.append(item)
                    sheet = target
                item["location"] = location
            else:
                fieldmask.assign(item, given, path)
        if not item.get("metadataKey"):
            raise RequestError("Developer metadata must always have a key specified.")
        if item.get("visibility") not in ("DOCUMENT", "PROJECT"):
            raise RequestError("Developer metadata must always have a visibility specified.")
        item_copy = _ordered(item)
        item.clear()
        item.update(item_copy)
        updated.append(copy.deepcopy(item))
    return {"developerMetadata": updated} if updated else {}


def delete(book: Spreadsheet, request: dict[str, Any]) -> dict[str, Any]:
    data_filter = request.get("dataFilter")
    if not data_filter:
        raise RequestError("A data filter must be specified.")
    deleted = []
    for sheet, item in _selected(book, [data_filter]):
        (book.developer_metadata if sheet is None else sheet.developer_metadata).remove(item)
        deleted.append(copy.deepcopy(item))
    return {"deletedDeveloperMetadata": deleted} if deleted else {}


def search(book: Spreadsheet, body: dict[str, Any]) -> dict[str, Any]:
    """developerMetadata:search: each match with the filters that selected it."""
    filters = body.get("dataFilters") or []
    matched = []
    for _, item in every(book):
        chosen = [f for f in filters if matches(book, item, f)]
        if chosen:
            matched.append(
                {"developerMetadata": copy.deepcopy(item), "dataFilters": copy.deepcopy(chosen)}
            )
    return {"matchedDeveloperMetadata": matched} if matched else {}


def get(book: Spreadsheet, metadata_id: str) -> dict[str, Any]:
    for _, item in every(book):
        if str(item["metadataId"]) == metadata_id:
            return copy.deepcopy(item)
    raise ApiError.not_found(f"No developer metadata with ID {metadata_id}")


def on_line(sheet: Sheet, rows: bool, index: int) -> list[dict[str, Any]]:
    """Metadata of one row or column, for its DimensionProperties."""
    dimension = "ROWS" if rows else "COLUMNS"
    return [
        copy.deepcopy(item)
        for item in sheet.developer_metadata
        if (span := item["location"].get("dimensionRange"))
        and span["dimension"] == dimension
        and span["startIndex"] == index
    ]


def on_sheet(sheet: Sheet) -> list[dict[str, Any]]:
    return [
        copy.deepcopy(item)
        for item in sheet.developer_metadata
        if item["location"]["locationType"] == "SHEET"
    ]
