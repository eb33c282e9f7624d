"""A Google Sheets spreadsheet through the Sheets API v4, with real gspread underneath.

::

    backend = GoogleSheetsBackend(
        "https://docs.google.com/spreadsheets/d/1AbC.../edit#gid=0",  # or just the ID
        credentials="key.json",            # else $GOOGLE_APPLICATION_CREDENTIALS
    )
    snapshot = backend.read()              # 1 spreadsheets.get: values, formulas, merges, marks
    backend.apply(snapshot, changes)       # + 1 guard values:batchGet + 1 batchUpdate
    backend.skipped_rows                   # [("Мугалимдер", 7)]: moved meanwhile, not written

    # An emulator on this machine, no key:
    GoogleSheetsBackend(sid, credentials="none", endpoint="http://127.0.0.1:8085")

The call budget does not grow with the number of rows or tabs: ``read()`` is one
``spreadsheets.get`` with grid data under a ``fields`` mask (``google_grid``); ``apply()`` is
nothing for an empty change set, else one guard ``values:batchGet`` and one
``spreadsheets:batchUpdate`` (split only if its body would pass ~2 MB). Every call runs under
a bounded ``RetryPolicy``; a write answered 429/5xx or cut off is tried again only after a new
guard (``_send_guarded``), so a retry costs one guard and one write more.

Unlike a file, a spreadsheet is edited by staff while the job runs, so ``apply`` does not
refuse the whole write when anything changed: it re-reads the rows it is about to write and
leaves out those whose other cells no longer match the snapshot (``skipped_rows``); the next
run writes them.

``MarkColumn`` and ``MarkTab`` become developer metadata requests (``google_marks``) in the
same batch as the cells; marks already in place send nothing. Styles, tints, notes, links,
frozen rows, the filter, validation, protections, charts and the toolkit's records of them go
in that batch too (``google_feedback`` says how each is written and known again); tints,
notes and records of a row left out by the guard are left out with it. ``SetPrint`` sends
nothing: the Sheets API has no print setup.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import gspread
import requests
from google.auth import exceptions as auth_exceptions
from gspread.exceptions import APIError
from gspread.urls import SPREADSHEET_BATCH_UPDATE_URL

from ..changes import (
    AddChart,
    AddTab,
    ChangeSet,
    FreezeRows,
    Link,
    MarkColumn,
    MarkLayout,
    MarkTab,
    ProtectRange,
    RecordOwned,
    RenameTab,
    SetCell,
    SetColumnWidth,
    SetFill,
    SetFilter,
    SetNote,
    SetPrint,
    SetStyle,
    SetValidation,
    Style,
    Validation,
    column_letter,
)
from ..errors import (
    CredentialsRejected,
    CredentialsRequired,
    SheetsEndpointInvalid,
    SheetsRetriesExhausted,
    SheetsUnreachable,
    SpreadsheetAccessDenied,
    SpreadsheetAccessDeniedNoKey,
    SpreadsheetAddressInvalid,
    SpreadsheetError,
    SpreadsheetNotFound,
    WorkbookChanged,
)
from ..retry import RETRY_STATUSES, Backoff, GaveUp, RetryPolicy, describe
from ..snapshot import CellValue, Owned, Snapshot, Span, trimmed_rows
from . import google_feedback as feedback
from .google_cells import (
    MAX_COLUMNS,
    LinkText,
    batches,
    check_value,
    from_api,
    quote_title,
    update_cells,
    without_rows,
)
from .google_credentials import NO_CREDENTIALS, Key, key_path, load_key
from .google_grid import LANDED_FIELDS, READ_FIELDS, SheetInfo, named_range_ids, parse_sheets
from .google_http import RetryingHTTPClient, failure_kind
from .google_marks import column_mark_requests, tab_mark_requests
from .google_session import SHEETS_ROOT, is_loopback, redirecting_session, valid_endpoint

__all__ = ["ENV_ENDPOINT", "GoogleRevision", "GoogleSheetsBackend", "SheetInfo"]

ENV_ENDPOINT = "SHEETS_SYNC_ENDPOINT"
TIMEOUT = (10, 90)  # seconds to connect, to wait for an answer: a hung socket must not hang us
MAX_BODY_BYTES = 2_000_000
PIXELS_PER_CHARACTER = 7  # Sheets' default font: about 7 px a character
MAX_ROWS = 10_000_000

_READ_OPTIONS = {
    "valueRenderOption": "UNFORMATTED_VALUE",  # numbers as numbers, never "1 234,5"
    "dateTimeRenderOption": "SERIAL_NUMBER",  # dates as serials, as the engine reads them
    "majorDimension": "ROWS",
}
_LOST_AND_CHANGED = (
    "the connection dropped during the write and the tabs changed meanwhile, so whether it"
    " was applied is unknown; run again to finish"
)
_NEW_TAB_GRID = (1000, 26)
# Requests that must not be sent twice: a second tab, more columns, a second mark.
_STRUCTURAL = frozenset(
    {
        "addSheet", "appendDimension", "createDeveloperMetadata", "deleteDeveloperMetadata",
        "addNamedRange", "addProtectedRange", "addChart", "deleteEmbeddedObject",
    }
)  # fmt: skip
_MARK_KEY = re.compile(r"[a-z][a-z0-9_]*")
_URL_ID = re.compile(r"/spreadsheets/d/([A-Za-z0-9_-]+)")
_BARE_ID = re.compile(r"[A-Za-z0-9_-]+")


@dataclass(frozen=True)
class GoogleRevision:
    """What ``apply`` needs from the read: which spreadsheet, and every tab's id and grid."""

    spreadsheet_id: str
    sheets: tuple[SheetInfo, ...]
    named_ranges: frozenset[str] = frozenset()


@dataclass
class _Target:
    """A tab a change set writes to: ``title`` after the set, ``sheet`` as read (None: new)."""

    title: str
    sheet: SheetInfo | None
    sheet_id: int = 0
    cells: dict[tuple[int, int], CellValue] = field(default_factory=dict)
    widths: dict[int, float] = field(default_factory=dict)  # column -> characters
    column_marks: dict[str, int] = field(default_factory=dict)  # key -> column
    tab_mark: str | None = None
    styles: list[tuple[Span, Style]] = field(default_factory=list)
    fills: dict[tuple[int, int], str | None] = field(default_factory=dict)
    notes: dict[tuple[int, int], str | None] = field(default_factory=dict)
    owned: dict[tuple[int, int], Owned] | None = None  # a RecordOwned: the whole record
    layout: str | None = None
    frozen: int | None = None
    filter: Span | None = None
    validations: list[tuple[Span, Validation | None]] = field(default_factory=list)
    protections: dict[str, ProtectRange] = field(default_factory=dict)
    charts: dict[str, AddChart] = field(default_factory=dict)

    def decorated(self) -> set[tuple[int, int]]:
        """Cells this set decorates (notes, tints) or whose record it changes."""
        found = set(self.fills) | set(self.notes)
        if self.owned is not None:
            furniture = self.sheet.furniture if self.sheet is not None else None
            found |= {(row, 0) for row in feedback.changed_owned_rows(furniture, self.owned)}
        return found

    def spans(self) -> list[Span]:
        found = [span for span, _ in self.styles] + [span for span, _ in self.validations]
        found += [p.span for p in self.protections.values()]
        found += [span for c in self.charts.values() for span in (c.categories, c.values)]
        return found + ([self.filter] if self.filter is not None else [])

    def extent(self) -> tuple[int, int]:
        """The last row and column this set writes to (cells, widths, marks, furniture)."""
        spans = self.spans()
        cells = [*self.cells, *self.fills, *self.notes]
        rows = max((*(row for row, _ in cells), *(s.last_row for s in spans)), default=0)
        columns = max(
            (
                *(column for _, column in cells),
                *self.widths,
                *self.column_marks.values(),
                *(s.last_column for s in spans),
            ),
            default=0,
        )
        return rows, columns

    def mark_requests(self, new_id: Callable[[], int]) -> list[dict]:
        """Developer metadata requests for this tab's marks; none for marks already in place."""
        sheet = self.sheet
        requests_: list[dict] = []
        if self.column_marks:
            existing = sheet.column_marks if sheet is not None else ()
            requests_ += column_mark_requests(self.sheet_id, existing, self.column_marks, new_id)
        if self.tab_mark is not None:
            existing_tab = sheet.tab_marks if sheet is not None else ()
            requests_ += tab_mark_requests(self.sheet_id, existing_tab, self.tab_mark, new_id)
        return requests_


@dataclass
class _Plan:
    """A validated change set, by tab; turned into ``batchUpdate`` requests at the end."""

    revision: GoogleRevision
    targets: dict[str, _Target]  # by title after the set
    added: list[_Target] = field(default_factory=list)
    renamed: list[_Target] = field(default_factory=list)
    new_metadata_ids: list[int] = field(default_factory=list)  # marks this set creates
    # id() of a request -> (sheetId, 1-based row as read): a row record left out with its row.
    row_of: dict[int, tuple[int, int]] = field(default_factory=dict)
    # id() of a request -> sheetId: furniture addressed by column, left out if columns moved.
    furniture_of: dict[int, int] = field(default_factory=dict)

    def _new_metadata_id(self) -> int:
        taken = {mark[-1] for sheet in self.revision.sheets for mark in sheet.column_marks}
        taken |= {mark[-1] for sheet in self.revision.sheets for mark in sheet.tab_marks}
        for sheet in self.revision.sheets:
            taken |= sheet.furniture.metadata_ids()
        taken |= set(self.new_metadata_ids)
        while True:
            candidate = 1 + secrets.randbelow(2**31 - 2)
            if candidate not in taken:
                self.new_metadata_ids.append(candidate)
                return candidate

    def _new_chart_id(self) -> int:
        taken = {chart for sheet in self.revision.sheets for chart in sheet.furniture.charts}
        taken |= {target.sheet_id for target in self.targets.values()}
        return _fresh(taken | set(self.new_metadata_ids))

    def requests(self) -> list[dict]:
        """Tabs first (new, renamed), then grids grown, widths, marks, styles, then cells,
        then tints, notes and the rest of the furniture: the order they need (a mark needs its
        column to exist, a date cell's format must come after the style of its column)."""
        self.new_metadata_ids = []
        self.row_of, self.furniture_of = {}, {}
        requests_: list[dict] = [_add_sheet(target) for target in self.added]
        for target in self.renamed:
            properties = {"sheetId": target.sheet_id, "title": target.title}
            requests_.append(
                {"updateSheetProperties": {"properties": properties, "fields": "title"}}
            )
        for target in self.targets.values():
            requests_.extend(_grow(target))
        for target in self.targets.values():
            requests_.extend(_column_width(target.sheet_id, c, w) for c, w in target.widths.items())
        for target in self.targets.values():
            requests_.extend(target.mark_requests(self._new_metadata_id))
        for target in self.targets.values():
            for span, style in target.styles:
                requests_.append(
                    self._furniture(target, feedback.style_request(target.sheet_id, span, style))
                )
        for target in self.targets.values():
            if target.cells:
                cells = {pos: self._link(value) for pos, value in target.cells.items()}
                requests_.extend(update_cells(target.sheet_id, cells))
        for target in self.targets.values():
            requests_.extend(self._feedback(target))
        return requests_

    def _furniture(self, target: _Target, request: dict) -> dict:
        self.furniture_of[id(request)] = target.sheet_id
        return request

    def _link(self, value: CellValue | Link) -> CellValue | LinkText:
        if not isinstance(value, Link):
            return value
        ref = value.target
        sheet_id = self.targets[ref.tab].sheet_id  # checked by _plan
        return LinkText(value.text, feedback.link_uri(sheet_id, ref.row, ref.column))

    def _feedback(self, target: _Target) -> list[dict]:
        """Tints, notes, validation, frozen rows, filter, protections, charts and records."""
        sid = target.sheet_id
        furniture = target.sheet.furniture if target.sheet is not None else None
        found: list[dict] = []
        if target.fills:
            found += update_cells(
                sid, target.fills, lambda c: (feedback.fill_cell(c), feedback.FILL_MASK)
            )
        if target.notes:
            found += update_cells(
                sid, target.notes, lambda t: (feedback.note_cell(t), feedback.NOTE_MASK)
            )
        furnished: list[dict] = []
        grid_rows = target.sheet.rows if target.sheet is not None else None
        for span, validation in target.validations:
            to_end = grid_rows is not None and span.last_row >= grid_rows
            furnished.append(
                feedback.validation_request(sid, span, validation, {}, to_grid_end=to_end)
            )
        if target.frozen is not None:
            furnished.append(feedback.freeze_request(sid, target.frozen))
        if target.filter is not None:
            existing = furniture.basic_filter if furniture is not None else None
            furnished.append(feedback.filter_request(sid, target.filter, existing))
        furnished += self._protections(target, furniture)
        furnished += self._charts(target, furniture)
        if target.layout is not None:
            furnished += feedback.record_request(
                furniture, feedback.LAYOUT_KEY, target.layout, sid, self._new_metadata_id
            )
        found += [self._furniture(target, request) for request in furnished]
        if target.owned is not None:
            for row, request in feedback.owned_requests(
                furniture, sid, target.owned, self._new_metadata_id
            ):
                if row:
                    self.row_of[id(request)] = (sid, row)
                found.append(self._furniture(target, request))
        return found

    def _protections(self, target: _Target, furniture: feedback.Furniture | None) -> list[dict]:
        if not target.protections:
            return []
        sid = target.sheet_id
        record = dict(furniture.record(feedback.PROTECTIONS_KEY)) if furniture else {}
        found: list[dict] = []
        for key, change in target.protections.items():
            named = record.get(key)
            exists = isinstance(named, str) and named in self.revision.named_ranges
            if not exists:
                named = _fresh_named_range_id(self.revision.named_ranges)
                name = f"sheets_sync_{key}_{named}"
                found.append(
                    feedback.named_range_request(named, name, sid, change.span, update=False)
                )
            else:
                found.append(feedback.named_range_request(named, "", sid, change.span, update=True))
            protected = furniture.protections.get(named) if exists and furniture else None
            found.append(
                feedback.protection_requests(
                    protected, named, change.description, change.warning_only
                )
            )
            record[key] = named
        value = json.dumps(record, sort_keys=True)
        found += feedback.record_request(
            furniture, feedback.PROTECTIONS_KEY, value, sid, self._new_metadata_id
        )
        return found

    def _charts(self, target: _Target, furniture: feedback.Furniture | None) -> list[dict]:
        if not target.charts:
            return []
        sid = target.sheet_id
        record = dict(furniture.record(feedback.CHARTS_KEY)) if furniture else {}
        found: list[dict] = []
        for key, chart in target.charts.items():
            old = record.get(key)
            if furniture is not None and isinstance(old, int) and old in furniture.charts:
                found.append({"deleteEmbeddedObject": {"objectId": old}})
            chart_id = self._new_chart_id()
            self.new_metadata_ids.append(chart_id)  # not reused for another chart of the set
            anchor = (chart.anchor.row, chart.anchor.column)
            found.append(
                feedback.chart_request(
                    sid,
                    chart_id,
                    chart.title,
                    chart.categories,
                    chart.values,
                    anchor,
                    chart.horizontal,
                )
            )
            record[key] = chart_id
        value = json.dumps(record, sort_keys=True)
        found += feedback.record_request(
            furniture, feedback.CHARTS_KEY, value, sid, self._new_metadata_id
        )
        return found


def _plan(snapshot: Snapshot, changes: ChangeSet, spreadsheet_id: str) -> _Plan:
    """Every change checked before any call: one bad change refuses the whole set."""
    revision = snapshot.revision
    if not isinstance(revision, GoogleRevision) or revision.spreadsheet_id != spreadsheet_id:
        raise ValueError("the snapshot was not read from this spreadsheet by this backend")
    taken = {sheet.title.casefold() for sheet in revision.sheets}  # titles ignore case
    plan = _Plan(revision, {s.title: _Target(s.title, s, s.sheet_id) for s in revision.sheets})
    new_ids = iter(_new_sheet_ids(revision, sum(type(c) is AddTab for c in changes)))
    for change in changes:
        if type(change) is AddTab:
            _check_title(change.title, taken, snapshot.source)
            target = _Target(change.title, None, next(new_ids))
            plan.targets[change.title] = target
            plan.added.append(target)
        elif type(change) is RenameTab:
            target = plan.targets.pop(change.title, None)
            if target is None:
                raise ValueError(f"no tab named {change.title!r} in {snapshot.source}")
            taken.discard(change.title.casefold())
            _check_title(change.new_title, taken, snapshot.source)
            target.title = change.new_title
            plan.targets[change.new_title] = target
            # A tab added by this set is simply added under its final title.
            if target.sheet is not None and all(t is not target for t in plan.renamed):
                plan.renamed.append(target)
        elif type(change) is SetCell:
            ref = change.ref
            target = plan.targets.get(ref.tab)
            if target is None or (target.sheet is not None and not target.sheet.grid):
                raise ValueError(f"no tab named {ref.tab!r} in {snapshot.source}")
            if not (1 <= ref.row <= MAX_ROWS and 1 <= ref.column <= MAX_COLUMNS):
                raise ValueError(f"cell {ref.tab}!R{ref.row}C{ref.column} is outside a sheet")
            check_value(change.value, f"{ref.tab}!{ref.a1}")
            target.cells[(ref.row, ref.column)] = change.value
        elif type(change) is SetColumnWidth:
            target = plan.targets.get(change.tab)
            if target is None or not (1 <= change.column <= MAX_COLUMNS and change.width > 0):
                raise ValueError(f"no column {change.column} on a tab named {change.tab!r}")
            target.widths[change.column] = change.width
        elif type(change) is MarkColumn:
            target = plan.targets.get(change.tab)
            if target is None or not (1 <= change.column <= MAX_COLUMNS):
                raise ValueError(f"no column {change.column} on a tab named {change.tab!r}")
            _check_mark_key(change.key)
            target.column_marks[change.key] = change.column
        elif type(change) is MarkTab:
            target = plan.targets.get(change.tab)
            if target is None:
                raise ValueError(f"no tab named {change.tab!r} in {snapshot.source}")
            _check_mark_key(change.key)
            target.tab_mark = change.key
        elif not _plan_feedback(plan, change, snapshot.source):
            kind = type(change).__name__
            raise TypeError(f"the Google Sheets backend cannot apply {kind} changes")
    for target in plan.targets.values():
        for value in target.cells.values():
            if isinstance(value, Link) and value.target.tab not in plan.targets:
                raise ValueError(f"a link to {value.target.tab!r}, which is not a tab")
    return plan


def _plan_feedback(plan: _Plan, change: object, source: str) -> bool:
    """Record one feedback or furniture change on its tab; False for a kind not known here."""
    if type(change) is SetPrint:
        # The Sheets API has no print setup (orientation, fit and repeated rows are set in
        # the print dialog only): accepted, and nothing is sent.
        _target_of(plan, change.tab, source)
        return True
    if type(change) in (SetFill, SetNote):
        ref = change.ref  # type: ignore[attr-defined]
        target = _target_of(plan, ref.tab, source)
        if not (1 <= ref.row <= MAX_ROWS and 1 <= ref.column <= MAX_COLUMNS):
            raise ValueError(f"cell {ref.tab}!R{ref.row}C{ref.column} is outside a sheet")
        if type(change) is SetFill:
            if change.color is not None:  # type: ignore[attr-defined]
                feedback.color_json(change.color)  # type: ignore[attr-defined]
            target.fills[(ref.row, ref.column)] = change.color  # type: ignore[attr-defined]
        else:
            text = change.text  # type: ignore[attr-defined]
            if text is not None:
                check_value(text, f"{ref.tab}!{ref.a1}")
            target.notes[(ref.row, ref.column)] = text
        return True
    if type(change) not in _FURNITURE:
        return False
    target = _target_of(plan, change.tab, source)  # type: ignore[attr-defined]
    if type(change) is SetStyle:
        _check_span(change.span)
        feedback.style_format(change.style)  # a bad colour or alignment refuses the set
        target.styles.append((change.span, change.style))
    elif type(change) is RecordOwned:
        target.owned = dict(change.cells)
    elif type(change) is MarkLayout:
        target.layout = change.digest
    elif type(change) is FreezeRows:
        if change.rows < 0:
            raise ValueError(f"cannot freeze {change.rows} rows")
        target.frozen = change.rows
    elif type(change) is SetFilter:
        _check_span(change.span)
        target.filter = change.span
    elif type(change) is SetValidation:
        _check_span(change.span)
        if change.validation is not None:
            feedback.validation_rule(change.validation, {})
        target.validations.append((change.span, change.validation))
    elif type(change) is ProtectRange:
        _check_span(change.span)
        _check_mark_key(change.key)
        target.protections[change.key] = change
    elif type(change) is AddChart:
        for span in (change.categories, change.values):
            _check_span(span)
        _check_mark_key(change.key)
        if change.anchor.tab != change.tab:
            raise ValueError(f"a chart on {change.tab!r} anchored on {change.anchor.tab!r}")
        target.charts[change.key] = change
    return True


_FURNITURE = (
    SetStyle, RecordOwned, MarkLayout, FreezeRows, SetFilter, SetValidation, ProtectRange,
    AddChart,
)  # fmt: skip


def _target_of(plan: _Plan, title: str, source: str) -> _Target:
    target = plan.targets.get(title)
    if target is None or (target.sheet is not None and not target.sheet.grid):
        raise ValueError(f"no tab named {title!r} in {source}")
    return target


def _check_span(span: Span) -> None:
    if not (
        1 <= span.first_row <= span.last_row <= MAX_ROWS
        and 1 <= span.first_column <= span.last_column <= MAX_COLUMNS
    ):
        raise ValueError(f"{span} is not a range of a sheet")


def _check_mark_key(key: str) -> None:
    if not _MARK_KEY.fullmatch(key):
        raise ValueError(f"{key!r} is not a mark key (a-z, 0-9 and _, from a letter)")


def _check_title(title: str, taken: set[str], source: str) -> None:
    if not title.strip() or len(title) > 100 or title.casefold() in taken:
        raise ValueError(f"cannot name a tab {title!r} in {source}")
    taken.add(title.casefold())


class GoogleSheetsBackend:
    """One spreadsheet, by ID or URL. Nothing is sent until ``read()``."""

    def __init__(
        self,
        spreadsheet: str,
        *,
        credentials: str | Path | None,
        endpoint: str | None = None,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], object] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        before_call: Callable[[str], None] | None = None,
    ) -> None:
        self._source = spreadsheet
        self._before_call = before_call  # hears "read" or "write" before every API try
        self._credentials = credentials
        self._endpoint = endpoint if endpoint is not None else os.environ.get(ENV_ENDPOINT)
        self._endpoint = (self._endpoint or "").strip() or None
        self._policy = retry or RetryPolicy()
        self._sleep = sleep
        self._clock = clock
        self._http: RetryingHTTPClient | None = None
        self._key: Key | None = None
        self.max_body_bytes = MAX_BODY_BYTES
        self.skipped_rows: list[tuple[str, int]] = []

    @property
    def source(self) -> str:
        return self._source

    @property
    def spreadsheet_id(self) -> str:
        """The ID inside the URL, or the ID as given."""
        text = self._source.strip()
        if "/" in text or ":" in text:
            parts = urlsplit(text)
            found = _URL_ID.search(parts.path)
            if found is None:
                reason = "no /spreadsheets/d/<ID>/ in the URL"
                raise SpreadsheetAddressInvalid(source=self._source, reason=reason)
            return found.group(1)
        if not _BARE_ID.fullmatch(text):
            reason = "an ID has only letters, digits, - and _"
            raise SpreadsheetAddressInvalid(source=self._source, reason=reason)
        return text

    # -- reading -----------------------------------------------------------------------------

    def read(self) -> Snapshot:
        """One ``spreadsheets.get``: every tab's values, formulas, merges and marks."""
        http = self._connect()
        sid = self.spreadsheet_id
        with self._translated():
            metadata = http.spreadsheets_get(sid, params={"fields": READ_FIELDS})
        parsed = parse_sheets(metadata)
        tabs = {info.title: tab for info, tab in parsed if tab is not None}
        sheets = tuple(info for info, _ in parsed)
        revision = GoogleRevision(sid, sheets, named_range_ids(metadata))
        return Snapshot(source=self._source, tabs=tabs, revision=revision)

    # -- writing -----------------------------------------------------------------------------

    def apply(self, snapshot: Snapshot, changes: ChangeSet) -> None:
        """Write ``changes`` in one ``batchUpdate``; rows that moved meanwhile are left out."""
        self.skipped_rows = []
        plan = _plan(snapshot, changes, self.spreadsheet_id)  # refuses before any call
        if not changes:
            return  # not a single call: a rerun on an unchanged spreadsheet costs one read
        requests_ = plan.requests()
        if not requests_:
            return  # marks already in place: nothing to send either
        http = self._connect()
        skipped: set[tuple[str, int]] = set()
        # Each part below is atomic on Google's side; with more than one part the set as a
        # whole no longer is (a failure after the first part leaves the earlier parts
        # written). Only a body past ~2 MB splits, far beyond a school's status columns.
        try:
            for part in batches(requests_, self.max_body_bytes):
                self._send_guarded(http, snapshot, plan, part, skipped)
        finally:
            self.skipped_rows = sorted(skipped)

    def _send_guarded(
        self,
        http: RetryingHTTPClient,
        snapshot: Snapshot,
        plan: _Plan,
        part: list[dict],
        skipped: set[tuple[str, int]],
    ) -> None:
        """One ``batchUpdate``, each try preceded by its own row guard.

        Why a guard before every try rather than rows anchored by developer metadata: a
        ``batchUpdate`` addresses cells by row number only (metadata-located writes exist
        just for plain values, not for the date formats the status cells need), so an anchor
        would still have to be looked up before each write, and Google does not say that
        sorting carries row metadata along. Reading the rows again right before each try
        costs one read, the same as a lookup, and it proves what matters: the row still
        holds the person its status was computed for. A 429 or 503 can hold a write for
        20 s or more; the guard runs after that wait, never before it. Rows seen moved once
        stay left out for this run (``skipped_rows``) and are written by the next one.
        """
        url = SPREADSHEET_BATCH_UPDATE_URL % plan.revision.spreadsheet_id
        backoff = Backoff(self._policy, sleep=self._sleep, clock=self._clock)
        ids = {title: target.sheet_id for title, target in plan.targets.items()}
        with self._translated():
            while True:
                skipped |= self._moved_rows(http, snapshot, plan, skipped)
                by_sheet: dict[int, set[int]] = {}
                for title, row in skipped:
                    by_sheet.setdefault(ids[title], set()).add(row)
                body = without_rows(part, by_sheet)
                # A moved top row (the header) means the columns may have moved too: marks
                # and widths addressed by column number would land on the school's columns.
                shifted = {
                    ids[title]
                    for title, target in plan.targets.items()
                    if target.cells and (title, min(row for row, _ in target.cells)) in skipped
                }
                body = [
                    request
                    for request in body
                    if _column_sheet(request) not in shifted
                    and plan.furniture_of.get(id(request)) not in shifted
                    and _row_kept(plan.row_of.get(id(request)), by_sheet)
                ]
                if not body:
                    return
                structural = [r for r in body if _STRUCTURAL & set(r)]
                try:
                    response = http.request("post", url, json={"requests": body}, once=True)
                except requests.RequestException as error:
                    kind = failure_kind(error)
                    if kind == "fatal" or (kind == "unsent" and not http.answered):
                        raise
                    # A new tab, more columns or a new mark must not be sent twice: find out
                    # whether the lost write landed. Cells alone may simply be sent again.
                    if (
                        kind == "dropped"
                        and structural
                        and self._landed(http, plan.revision, structural)
                    ):
                        return
                    backoff.failed(describe(error), cause=error)
                    continue
                if response.status_code in RETRY_STATUSES:
                    backoff.failed_answer(response)
                    continue
                if not response.ok:
                    raise APIError(response)
                return

    def _moved_rows(
        self,
        http: RetryingHTTPClient,
        snapshot: Snapshot,
        plan: _Plan,
        known: set[tuple[str, int]] = frozenset(),  # type: ignore[assignment]
    ) -> set[tuple[str, int]]:
        """Rows whose cells (other than the ones being written) changed since the read.

        This is the one extra read a write costs, and the reason for it: status cells are
        addressed by row number, and staff insert, delete and sort rows while the job runs.
        Without it, a status computed for row 7 lands on whatever row 7 holds now: another
        teacher's "✔" next to a teacher whose course is overdue. A row whose own cells still
        match the snapshot is the row the statuses were computed for; one that does not is
        left for the next run. (A change in the instant between this read and the write
        cannot be caught: the API has no conditional write.)
        """
        spans: list[tuple[_Target, int, int]] = []
        for target in plan.targets.values():
            sheet = target.sheet
            touched = {*target.cells, *target.decorated()}
            if sheet is None or not touched or sheet.title not in snapshot.tabs:
                continue  # a tab this set adds has nothing to compare
            rows = {row for row, _ in touched if (target.title, row) not in known}
            if not rows:
                continue
            last = min(max(rows), sheet.rows)  # rows past the grid cannot hold anything
            if min(rows) <= last:
                spans.append((target, min(rows), last))
        if not spans:
            return set()
        # One range per tab, from the first to the last touched row: a few rows read for
        # nothing cost less than a URL that grows with every scattered row. Titles are the
        # ones read: renames in this set have not happened yet.
        ranges = [
            f"{quote_title(t.sheet.title)}!A{first}:"  # type: ignore[union-attr]
            f"{column_letter(max(t.sheet.columns, 1))}{last}"  # type: ignore[union-attr]
            for t, first, last in spans
        ]
        with self._translated():
            try:
                found = http.values_batch_get(
                    plan.revision.spreadsheet_id, ranges, params=dict(_READ_OPTIONS)
                )
            except APIError as error:
                if error.response.status_code == 400:  # a tab deleted or renamed meanwhile
                    raise WorkbookChanged(path=self._source) from error
                raise
        moved: set[tuple[str, int]] = set()
        value_ranges = found.get("valueRanges", [])
        for (target, first, _last), value_range in zip(spans, value_ranges, strict=True):
            now = _rows(value_range.get("values", []))
            before = snapshot.tab(target.sheet.title)  # type: ignore[union-attr]
            written: dict[int, set[int]] = {row: set() for row, _ in target.decorated()}
            for row, column in target.cells:
                written.setdefault(row, set()).add(column)
            for row, columns in written.items():
                if (target.title, row) in known:
                    continue
                current = now[row - first] if 0 <= row - first < len(now) else ()
                if not _same_row(before.row_values(row), current, skip=columns):
                    moved.add((target.title, row))
        return moved

    def _landed(
        self, http: RetryingHTTPClient, revision: GoogleRevision, structural: list[dict]
    ) -> bool:
        """Whether a batch whose answer was lost was applied (batches are all-or-nothing).

        A tab or a mark we added under our own id is proof; otherwise the grids must have grown
        by exactly what we appended. Anything else means someone else changed the grid too.
        """
        with self._translated():
            metadata = http.spreadsheets_get(
                revision.spreadsheet_id, params={"fields": LANDED_FIELDS}
            )
        now = {info.sheet_id: info for info, _ in parse_sheets(metadata)}
        new_ids = [r["addSheet"]["properties"]["sheetId"] for r in structural if "addSheet" in r]
        if new_ids:
            return any(sheet_id in now for sheet_id in new_ids)
        marks_now = {mark[-1] for info in now.values() for mark in info.column_marks}
        marks_now |= {mark[-1] for info in now.values() for mark in info.tab_marks}
        for info in now.values():
            marks_now |= info.furniture.metadata_ids()
        created = [
            r["createDeveloperMetadata"]["developerMetadata"]["metadataId"]
            for r in structural
            if "createDeveloperMetadata" in r
        ]
        if created:
            return any(metadata_id in marks_now for metadata_id in created)
        # Charts and named ranges are added under ids of ours too; a protection is known by
        # the named range it protects.
        charts = [r["addChart"]["chart"]["chartId"] for r in structural if "addChart" in r]
        if charts:
            return any(chart in info.furniture.charts for info in now.values() for chart in charts)
        named = [
            r["addNamedRange"]["namedRange"]["namedRangeId"]
            for r in structural
            if "addNamedRange" in r
        ]
        if named:
            return bool(named_range_ids(metadata) & set(named))
        backing = [
            r["addProtectedRange"]["protectedRange"]["namedRangeId"]
            for r in structural
            if "addProtectedRange" in r
        ]
        if backing:
            return any(n in info.furniture.protections for info in now.values() for n in backing)
        grown = [r["appendDimension"] for r in structural if "appendDimension" in r]
        if not grown:  # only marks deleted: gone means done
            deleted = [
                r["deleteDeveloperMetadata"]["dataFilter"]["developerMetadataLookup"]["metadataId"]
                for r in structural
                if "deleteDeveloperMetadata" in r
            ]
            return not marks_now & set(deleted)
        before = {sheet.sheet_id: sheet for sheet in revision.sheets}
        applied, untouched = True, True
        for grow in grown:
            sheet_id, length = grow["sheetId"], grow["length"]
            field = "columns" if grow["dimension"] == "COLUMNS" else "rows"
            if sheet_id not in now:
                raise SpreadsheetError(source=self._source, reason=_LOST_AND_CHANGED)
            was, is_ = getattr(before[sheet_id], field), getattr(now[sheet_id], field)
            applied = applied and is_ == was + length
            untouched = untouched and is_ == was
        if applied == untouched:  # neither: the grid changed under us
            raise SpreadsheetError(source=self._source, reason=_LOST_AND_CHANGED)
        return applied

    # -- connecting and errors ---------------------------------------------------------------

    def _connect(self) -> RetryingHTTPClient:
        if self._http is not None:
            return self._http
        endpoint = self._endpoint
        if endpoint is not None:
            problem = valid_endpoint(endpoint)
            if problem:
                raise SheetsEndpointInvalid(endpoint=endpoint, reason=problem, source=self._source)
        self.spreadsheet_id  # noqa: B018 - a bad address fails before any key is read
        path = key_path(self._credentials, source=self._source)
        if path == NO_CREDENTIALS:
            if endpoint is None or not is_loopback(endpoint):
                raise CredentialsRequired(endpoint=endpoint or SHEETS_ROOT, source=self._source)
            self._key = None
        else:
            self._key = load_key(path)
        session = redirecting_session(endpoint, self._key.credentials if self._key else None)

        def http_client(auth: object, session: requests.Session | None) -> RetryingHTTPClient:
            return RetryingHTTPClient(
                auth,
                session,
                policy=self._policy,
                sleep=self._sleep,
                clock=self._clock,
                before_call=self._before_call,
            )

        client = gspread.Client(None, session=session, http_client=http_client)  # type: ignore[arg-type]
        client.set_timeout(TIMEOUT)
        self._http = client.http_client  # type: ignore[assignment]
        return self._http  # type: ignore[return-value]

    @contextmanager
    def _translated(self) -> Iterator[None]:
        """gspread, requests and google-auth failures as one-line ``SheetsSyncError``s."""
        try:
            yield
        except GaveUp as error:
            raise SheetsRetriesExhausted(
                source=self._source,
                tries=error.tries,
                seconds=round(error.seconds),
                last=error.last,
            ) from error
        except APIError as error:
            raise self._api_error(error) from error
        except auth_exceptions.RefreshError as error:
            raise CredentialsRejected(
                path=self._key.path if self._key else "—",
                client_email=self._key.client_email if self._key else "—",
                reason=_refresh_reason(error),
            ) from error
        except auth_exceptions.TransportError as error:
            token_uri = getattr(self._key.credentials, "_token_uri", None) if self._key else None
            raise SheetsUnreachable(
                source=self._source,
                endpoint=_origin(token_uri or SHEETS_ROOT),
                reason=describe(error),
            ) from error
        except requests.exceptions.JSONDecodeError as error:  # not the Sheets API answering
            reason = f"the answer is not JSON: {_first_line(error)}"[:160]
            raise SpreadsheetError(source=self._source, reason=reason) from error
        except requests.RequestException as error:
            raise SheetsUnreachable(
                source=self._source,
                endpoint=self._endpoint or SHEETS_ROOT,
                reason=describe(error),
            ) from error

    def _api_error(self, error: APIError) -> SpreadsheetError | CredentialsRejected:
        status = error.response.status_code
        message = _first_line(error.error.get("message", "")) or f"HTTP {status}"
        if status == 404:
            return SpreadsheetNotFound(source=self._source)
        if status == 403 and _service_disabled(error):
            reason = "the Google Sheets API is not enabled for the key's project: enable it"
            return SpreadsheetError(source=self._source, reason=reason)
        if status == 403:
            if self._key is None:
                return SpreadsheetAccessDeniedNoKey(source=self._source)
            return SpreadsheetAccessDenied(source=self._source, client_email=self._key.client_email)
        if status == 401 and self._key is not None:
            return CredentialsRejected(
                path=self._key.path, client_email=self._key.client_email, reason=message
            )
        return SpreadsheetError(source=self._source, reason=f"HTTP {status}: {message}")


# -- helpers ---------------------------------------------------------------------------------


def _rows(values: Sequence[Sequence[object]]) -> tuple[tuple[CellValue, ...], ...]:
    return trimmed_rows([from_api(value) for value in row] for row in values)


def _same_row(before: Sequence[CellValue], now: Sequence[CellValue], *, skip: set[int]) -> bool:
    """Cell by cell, outside ``skip`` (1-based columns); True is not 1, 1.0 is 1."""
    for column in range(1, max(len(before), len(now)) + 1):
        if column in skip:
            continue
        old = before[column - 1] if column <= len(before) else None
        new = now[column - 1] if column <= len(now) else None
        if isinstance(old, bool) != isinstance(new, bool) or old != new:
            return False
    return True


def _fresh(taken: set[int]) -> int:
    while True:
        candidate = 1 + secrets.randbelow(2**31 - 2)
        if candidate not in taken:
            return candidate


def _fresh_named_range_id(taken: frozenset[str]) -> str:
    while True:
        candidate = "sheetssync" + secrets.token_hex(6)
        if candidate not in taken:
            return candidate


def _new_sheet_ids(revision: GoogleRevision, count: int) -> list[int]:
    """Ids for new tabs, chosen by us so later requests of the same batch can name them."""
    taken = {sheet.sheet_id for sheet in revision.sheets}
    ids: list[int] = []
    while len(ids) < count:
        candidate = 1 + secrets.randbelow(2**31 - 2)
        if candidate not in taken:
            taken.add(candidate)
            ids.append(candidate)
    return ids


def _row_kept(row: tuple[int, int] | None, skipped: dict[int, set[int]]) -> bool:
    """Whether a request tied to (sheetId, row) may go: its row was not left out."""
    return row is None or row[1] not in skipped.get(row[0], set())


def _column_sheet(request: dict) -> int | None:
    """The sheet whose columns a request addresses by number (a mark, a width), else None."""
    body = next(iter(request.values()))
    span = body.get("range") or body.get("developerMetadata", {}).get("location", {}).get(
        "dimensionRange"
    )
    if isinstance(span, dict) and span.get("dimension") == "COLUMNS":
        return span.get("sheetId", 0)
    return None


def _add_sheet(target: _Target) -> dict:
    """``addSheet`` under our own sheetId, its grid already large enough for its cells."""
    rows, columns = target.extent()
    grid = {
        "rowCount": max(rows, _NEW_TAB_GRID[0]),
        "columnCount": max(columns, _NEW_TAB_GRID[1]),
    }
    properties = {"sheetId": target.sheet_id, "title": target.title, "gridProperties": grid}
    return {"addSheet": {"properties": properties}}


def _column_width(sheet_id: int, column: int, width: float) -> dict:
    """A column's width: Excel's characters become pixels as Sheets counts them."""
    span = {
        "sheetId": sheet_id,
        "dimension": "COLUMNS",
        "startIndex": column - 1,
        "endIndex": column,
    }
    return {
        "updateDimensionProperties": {
            "range": span,
            "properties": {"pixelSize": round(width * PIXELS_PER_CHARACTER + 5)},
            "fields": "pixelSize",
        }
    }


def _grow(target: _Target) -> list[dict]:
    """``appendDimension`` for cells past the tab's grid: the API refuses to write there."""
    sheet = target.sheet
    if sheet is None or not (target.cells or target.widths or target.decorated() or target.spans()):
        return []
    rows, columns = target.extent()
    grow = []
    for dimension, needed, have in (
        ("ROWS", rows, sheet.rows),
        ("COLUMNS", columns, sheet.columns),
    ):
        if needed > have:
            length = needed - have
            append = {"sheetId": sheet.sheet_id, "dimension": dimension, "length": length}
            grow.append({"appendDimension": append})
    return grow


def _service_disabled(error: APIError) -> bool:
    details = error.error.get("details") or []
    reasons = {detail.get("reason") for detail in details if isinstance(detail, dict)}
    return "SERVICE_DISABLED" in reasons or "has not been used in project" in str(
        error.error.get("message", "")
    )


def _refresh_reason(error: auth_exceptions.RefreshError) -> str:
    """The token endpoint's own words ("invalid_grant: Invalid JWT Signature.")."""
    body = error.args[1] if len(error.args) > 1 else None
    if isinstance(body, dict) and isinstance(body.get("error"), str):
        description = body.get("error_description")
        words = f"{body['error']}: {description}" if isinstance(description, str) else body["error"]
        return _first_line(words)
    return _first_line(error.args[0] if error.args else error)


def _first_line(value: object) -> str:
    text = str(value).strip()
    return text.splitlines()[0][:200] if text else ""


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else url
