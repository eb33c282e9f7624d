"""The toolkit's marks as developer metadata requests of a ``batchUpdate``.

A column mark is metadata on one column (location ``dimensionRange`` COLUMNS), a tab mark
metadata on the sheet (location ``sheetId``), both visibility DOCUMENT and keyed
``MARK_PREFIX + key``. Google moves column metadata with inserted and deleted columns and
deletes it with its column or sheet, so the mark follows the column staff see::

    requests = column_mark_requests(sheet_id=7, existing=[("status", 9, 123)],
                                    wanted={"status": 10}, new_id=ids.__next__)
    # [{"updateDeveloperMetadata": ... location -> column 10 ...}]

A mark already where it is wanted costs nothing, so a rerun stays write-free.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from .google_grid import MARK_PREFIX

__all__ = ["column_mark_requests", "tab_mark_requests"]


def _by_id(metadata_id: int) -> dict[str, Any]:
    return {"developerMetadataLookup": {"metadataId": metadata_id}}


def _column_location(sheet_id: int, column: int) -> dict[str, Any]:
    span = {"sheetId": sheet_id, "dimension": "COLUMNS", "startIndex": column - 1}
    return {"dimensionRange": {**span, "endIndex": column}}


def _create(metadata_id: int, key: str, location: dict[str, Any]) -> dict[str, Any]:
    metadata = {
        "metadataId": metadata_id,
        "metadataKey": MARK_PREFIX + key,
        "location": location,
        "visibility": "DOCUMENT",
    }
    return {"createDeveloperMetadata": {"developerMetadata": metadata}}


def _delete(metadata_id: int) -> dict[str, Any]:
    return {"deleteDeveloperMetadata": {"dataFilter": _by_id(metadata_id)}}


def column_mark_requests(
    sheet_id: int,
    existing: Iterable[tuple[str, int, int]],
    wanted: Mapping[str, int],
    new_id: Callable[[], int],
) -> list[dict[str, Any]]:
    """Requests leaving each wanted key on exactly its column; ``existing`` as read."""
    requests: list[dict[str, Any]] = []
    marks = list(existing)
    for key, column in wanted.items():
        mine = [(col, metadata_id) for k, col, metadata_id in marks if k == key]
        keep = next((item for item in mine if item[0] == column), None)
        if keep is None and mine:
            keep = mine[0]
            location = _column_location(sheet_id, column)
            update = {
                "dataFilters": [_by_id(keep[1])],
                "developerMetadata": {"location": location},
                "fields": "location",
            }
            requests.append({"updateDeveloperMetadata": update})
        elif keep is None:
            requests.append(_create(new_id(), key, _column_location(sheet_id, column)))
        requests.extend(_delete(metadata_id) for _, metadata_id in mine if metadata_id != keep[1])
    return requests


def tab_mark_requests(
    sheet_id: int,
    existing: Iterable[tuple[str, int]],
    wanted: str,
    new_id: Callable[[], int],
) -> list[dict[str, Any]]:
    """Requests leaving exactly one tab mark, ``wanted``, on the sheet."""
    marks = sorted(existing, key=lambda mark: mark[0] != wanted)  # a mark with the key first
    if not marks:
        return [_create(new_id(), wanted, {"sheetId": sheet_id})]
    (key, metadata_id), rest = marks[0], marks[1:]
    requests: list[dict[str, Any]] = []
    if key != wanted:
        update = {
            "dataFilters": [_by_id(metadata_id)],
            "developerMetadata": {"metadataKey": MARK_PREFIX + wanted},
            "fields": "metadataKey",
        }
        requests.append({"updateDeveloperMetadata": update})
    requests.extend(_delete(other) for _, other in rest)
    return requests
