"""Just enough of Drive v3 ``files`` for gspread's client: create, get, list by name, delete.

gspread creates, finds and deletes spreadsheets through Drive, not Sheets; these four calls let
``gc.create("Мектеп №8")``, ``gc.open("Мектеп №8")`` and ``gc.del_spreadsheet(id)`` work
against the emulator. Paths are Google's under ``/drive/v3/files``.
"""

from __future__ import annotations

import re
from typing import Any

from .errors import ApiError
from .model import Spreadsheet
from .store import Store

SHEETS_MIME = "application/vnd.google-apps.spreadsheet"
# What Drive v3 returns when the request names no ``fields``.
DEFAULT_FILE_FIELDS = ("kind", "id", "name", "mimeType")


def _file(book: Spreadsheet) -> dict[str, Any]:
    return {
        "kind": "drive#file",
        "id": book.spreadsheet_id,
        "name": book.title,
        "mimeType": SHEETS_MIME,
        "createdTime": book.created_time,
        "modifiedTime": book.modified_time,
        "version": str(book.version),
    }


def _not_found(file_id: str) -> ApiError:
    return ApiError(404, f"File not found: {file_id}.")


def create(store: Store, body: dict[str, Any]) -> dict[str, Any]:
    if body.get("mimeType") != SHEETS_MIME:
        raise ApiError.unimplemented("Drive files other than Google Sheets spreadsheets")
    book = Spreadsheet.new(str(body.get("name") or "Untitled spreadsheet"))
    book.add_sheet("Sheet1", sheet_id=0)
    store.add(book)
    return _file(book)


def get(store: Store, file_id: str) -> dict[str, Any]:
    try:
        return _file(store.get(file_id))
    except ApiError as error:
        if error.code == 404:
            raise _not_found(file_id) from None
        raise


def delete(store: Store, file_id: str) -> None:
    try:
        store.delete(file_id)
    except ApiError as error:
        if error.code == 404:
            raise _not_found(file_id) from None
        raise


def list_files(store: Store, query: dict[str, list[str]]) -> dict[str, Any]:
    """Files matching the ``q`` parameter's ``name = "..."`` (other terms are ignored)."""
    q = (query.get("q") or [""])[0]
    match = re.search(r"name\s*=\s*(['\"])(.*?)(?<!\\)\1", q)
    wanted = match.group(2).replace("\\'", "'").replace('\\"', '"') if match else None
    files = [
        _file(book)
        for book_id, book in store.books.items()
        if book_id not in store.restricted and (wanted is None or book.title == wanted)
    ]
    return {"kind": "drive#fileList", "incompleteSearch": False, "files": files}


def default_fields(result: dict[str, Any]) -> dict[str, Any]:
    """An answer cut to Drive's default fields, for requests that name no ``fields``."""
    if result.get("kind") == "drive#file":
        return {key: result[key] for key in DEFAULT_FILE_FIELDS}
    return {**result, "files": [default_fields(file) for file in result.get("files", [])]}
