"""Routing one HTTP request to the emulator's methods, HTTP-server agnostic.

``Api.handle`` takes the raw request and returns a ``Reply`` (status, JSON body, headers, or
``drop=True`` to close the connection unanswered). Order of checks for API paths: injected
faults, quota (Sheets only), discovery validation of query and body, then the method itself,
with restricted spreadsheets answering 403::

    api = Api(store, faults, quota=lambda: None)
    reply = api.handle("GET", "/v4/spreadsheets/1abc/values/Sheet1%21A1", "", b"")
"""

from __future__ import annotations

import json
import re
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, unquote

from . import discovery, drive, fieldmask, metadata, spreadsheets, tokens, values
from .errors import ApiError
from .faults import Faults, Quota
from .model import Spreadsheet
from .store import Store

_ID = r"(?P<id>[^/:]+)"
_RANGE = r"(?P<range>[^/]+)"


@dataclass
class Reply:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    drop: bool = False


@dataclass(frozen=True)
class Route:
    http_method: str
    pattern: re.Pattern[str]
    method_id: str
    body_prefix: str = ""  # the name Google's request message gives the body, for error paths


def _route(http_method: str, path: str, method_id: str, body_prefix: str = "") -> Route:
    return Route(http_method, re.compile("^/v4/spreadsheets" + path + "$"), method_id, body_prefix)


_S = "sheets.spreadsheets."
ROUTES = [
    _route("POST", "/?", _S + "create", "spreadsheet"),
    _route("GET", f"/{_ID}", _S + "get"),
    _route("POST", f"/{_ID}:batchUpdate", _S + "batchUpdate"),
    _route("GET", f"/{_ID}/values:batchGet", _S + "values.batchGet"),
    _route("POST", f"/{_ID}/values:batchUpdate", _S + "values.batchUpdate"),
    _route("POST", f"/{_ID}/values:batchClear", _S + "values.batchClear"),
    _route("POST", f"/{_ID}/values/{_RANGE}:append", _S + "values.append", "value_range"),
    _route("POST", f"/{_ID}/values/{_RANGE}:clear", _S + "values.clear"),
    _route("GET", f"/{_ID}/values/{_RANGE}", _S + "values.get"),
    _route("PUT", f"/{_ID}/values/{_RANGE}", _S + "values.update", "data"),
    _route("GET", f"/{_ID}/developerMetadata/(?P<metadata>\\d+)", _S + "developerMetadata.get"),
    _route("POST", f"/{_ID}/developerMetadata:search", _S + "developerMetadata.search"),
]
# Real methods the emulator does not implement: 501 rather than a misleading 404.
UNIMPLEMENTED = [
    (re.compile(r"^/v4/spreadsheets/[^/]+:getByDataFilter$"), "spreadsheets.getByDataFilter"),
    (re.compile(r"^/v4/spreadsheets/[^/]+/values:\w+ByDataFilter$"), "the ByDataFilter methods"),
    (re.compile(r"^/v4/spreadsheets/[^/]+/sheets/[^/]+:copyTo$"), "spreadsheets.sheets.copyTo"),
]


class Api:
    def __init__(
        self,
        store: Store,
        faults: Faults,
        quota: Callable[[], Quota | None] = lambda: None,
    ) -> None:
        self.store = store
        self.faults = faults
        self.quota = quota

    # -- entry point ------------------------------------------------------------------------
    def handle(self, method: str, raw_path: str, raw_query: str, body: bytes) -> Reply:
        query = parse_qs(raw_query, keep_blank_values=True)
        if raw_path == "/token":
            if method != "POST":
                return _error(ApiError.not_found())
            status, payload = tokens.exchange(body)
            return Reply(status, payload)
        if raw_path in ("", "/") and method == "GET":
            return Reply(200, self._about())
        is_sheets = raw_path.startswith("/v4/")
        if not is_sheets and not raw_path.startswith("/drive/v3/"):
            return _error(ApiError.not_found(f"Not found: {raw_path}"))
        fault = self.faults.take(method)
        if fault is not None:
            if fault.then is not None:
                fault.then()  # e.g. a colleague's edit while the client waits to retry
            return Reply(0, drop=True) if fault.status is None else _error(fault.error())
        hook = self.faults.hook(method)
        if hook is not None:
            hook()
        try:
            if is_sheets:
                quota = self.quota()
                # A search is a POST but reads, and Google counts it as a read.
                is_read = method == "GET" or raw_path.endswith("developerMetadata:search")
                refusal = quota.check(is_read=is_read) if quota else None
                if refusal is not None:
                    raise refusal
                return self._sheets(method, raw_path, query, body)
            return self._drive(method, raw_path, query, body)
        except ApiError as error:
            return _error(error)
        except Exception as error:  # an emulator bug must still answer like a server
            traceback.print_exc(file=sys.stderr)
            return _error(ApiError(500, f"Internal error in the Sheets emulator: {error!r}"))

    def _about(self) -> dict[str, Any]:
        with self.store.lock:
            books = [
                {"spreadsheetId": b.spreadsheet_id, "title": b.title}
                for b in self.store.books.values()
            ]
        return {"emulator": "sheets-sync Google Sheets API v4 emulator", "spreadsheets": books}

    # -- Sheets -----------------------------------------------------------------------------
    def _sheets(self, method: str, path: str, query: dict[str, list[str]], body: bytes) -> Reply:
        for pattern, what in UNIMPLEMENTED:
            if pattern.match(path):
                raise ApiError.unimplemented(what)
        known_path = False
        for route in ROUTES:
            match = route.pattern.match(path)
            if not match:
                continue
            known_path = True
            if route.http_method != method:
                continue
            groups = {key: unquote(value) for key, value in match.groupdict().items()}
            return self._run(route, groups, query, body)
        raise ApiError.not_found("Method not found." if known_path else f"Not found: {path}")

    def _run(
        self, route: Route, groups: dict[str, str], query: dict[str, list[str]], raw: bytes
    ) -> Reply:
        method = discovery.methods()[route.method_id]
        params = discovery.check_query(route.method_id, query)
        mask = _mask(params.get("fields"), method)
        body: dict[str, Any] = {}
        if "request" in method:
            body = discovery.check_body(
                method["request"]["$ref"], _json(raw), prefix=route.body_prefix
            )
        name = route.method_id.removeprefix(_S)
        sid, range_text = groups.get("id", ""), groups.get("range", "")
        if name == "create":
            result = self._create(body)
        elif name == "get":
            result = self._read(sid, lambda book: spreadsheets.get(book, params, mask))
        elif name == "batchUpdate":
            result = self._write(sid, lambda book: spreadsheets.batch_update(book, body))
        elif name == "values.get":
            result = self._read(sid, lambda book: values.get(book, range_text, params))
        elif name == "values.batchGet":
            result = self._read(sid, lambda book: values.batch_get(book, params))
        elif name == "values.update":
            result = self._write(sid, lambda book: values.update(book, range_text, params, body))
        elif name == "values.append":
            result = self._write(sid, lambda book: values.append(book, range_text, params, body))
        elif name == "values.batchUpdate":
            result = self._write(sid, lambda book: values.batch_update(book, body))
        elif name == "developerMetadata.get":
            result = self._read(sid, lambda book: metadata.get(book, groups["metadata"]))
        elif name == "developerMetadata.search":
            result = self._read(sid, lambda book: metadata.search(book, body))
        elif name == "values.clear":
            result = self._write(sid, lambda book: values.clear(book, range_text))
        else:
            result = self._write(sid, lambda book: values.batch_clear(book, body))
        return Reply(200, fieldmask.select(result, mask) if mask else result)

    def _create(self, body: dict[str, Any]) -> dict[str, Any]:
        book = Spreadsheet.new(body.get("properties", {}).get("title", "Untitled spreadsheet"))
        result = spreadsheets.create(book, body)
        self.store.add(book)
        return result

    def _read(self, spreadsheet_id: str, action: Callable[[Spreadsheet], Any]) -> Any:
        with self.store.lock:
            return action(self.store.get(spreadsheet_id))

    def _write(self, spreadsheet_id: str, action: Callable[[Spreadsheet], Any]) -> Any:
        """Run ``action`` on a copy and keep the copy only if it succeeded (all or nothing)."""
        with self.store.lock:
            work = self.store.get(spreadsheet_id).copy()
            result = action(work)
            self.store.commit(work)
            return result

    # -- Drive ------------------------------------------------------------------------------
    def _drive(self, method: str, path: str, query: dict[str, list[str]], raw: bytes) -> Reply:
        match = re.match(r"^/drive/v3/files(?:/(?P<id>[^/]+))?$", path)
        if not match:
            raise ApiError.unimplemented(f"Drive {path}")
        file_id = unquote(match.group("id") or "")
        mask = None
        if query.get("fields"):
            mask = _parse_mask(query["fields"][-1])
        with self.store.lock:
            if method == "POST" and not file_id:
                payload = _json(raw)
                result = drive.create(self.store, payload if isinstance(payload, dict) else {})
            elif method == "GET" and not file_id:
                result = drive.list_files(self.store, query)
            elif method == "GET":
                result = drive.get(self.store, file_id)
            elif method == "DELETE" and file_id:
                drive.delete(self.store, file_id)
                return Reply(204)
            else:
                raise ApiError.unimplemented(f"Drive {method} {path}")
        return Reply(200, fieldmask.select(result, mask) if mask else drive.default_fields(result))


def _json(raw: bytes) -> Any:
    if not raw.strip():
        return {}
    try:
        return json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise ApiError.invalid("Invalid JSON payload received. Unexpected token.") from None


def _parse_mask(text: str) -> fieldmask.Tree:
    try:
        return fieldmask.parse(text)
    except fieldmask.MaskError:
        raise ApiError.invalid(f"Invalid field selection {text}") from None


def _mask(text: str | None, method: dict[str, Any]) -> fieldmask.Tree | None:
    if not text:
        return None
    tree = _parse_mask(text)
    response = method.get("response", {}).get("$ref")
    bad = discovery.check_mask(response, tree) if response else None
    if bad:
        raise ApiError.invalid(f"Invalid field selection {bad}")
    return tree


def _error(error: ApiError) -> Reply:
    return Reply(error.code, error.body(), dict(error.headers))
