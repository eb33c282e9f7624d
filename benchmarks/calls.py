"""One school against the Sheets emulator: the toolkit beside two scripts users write.

Every script works on a fresh copy of the same spreadsheet and leaves the same cells the
toolkit leaves (the naive one only the status cells of the register tabs; it builds no summary
tabs). Calls, request bytes and seconds are read off the emulator's request log.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

from jobs.methodical_work import JOB
from sheets_sync.backends.google import GoogleSheetsBackend
from sheets_sync.emulator import Emulator, LoggedRequest
from sheets_sync.emulator.client import gspread_client
from sheets_sync.job import run

from .workbooks import AS_OF, xlsx_tabs

QUOTA_PER_MINUTE = 60  # Google: reads and writes, each per minute per user
DISTRICT = 2_300


@dataclass(frozen=True)
class Calls:
    name: str
    reads: int
    writes: int
    request_bytes: int
    seconds: float

    @property
    def total(self) -> int:
        return self.reads + self.writes

    def quota_minutes(self, schools: int = 1) -> float:
        """Least minutes the calls need under the per-minute quotas (reads and writes are
        counted apart, so the larger of the two sets the pace)."""
        return max(self.reads, self.writes) * schools / QUOTA_PER_MINUTE


def request_bytes(entry: LoggedRequest) -> int:
    """Bytes of the request as sent: request line, headers and body."""
    query = urlencode(entry.query, doseq=True)
    line = f"{entry.method} {entry.raw_path}{'?' + query if query else ''} HTTP/1.1\r\n"
    headers = sum(len(k) + len(v) + 4 for k, v in entry.headers.items())
    return len(line.encode()) + headers + 2 + int(entry.headers.get("Content-Length", 0) or 0)


def measure(emu: Emulator, name: str, action: Callable[[], object]) -> Calls:
    emu.clear_log()
    started = time.perf_counter()
    action()
    seconds = time.perf_counter() - started
    sheets = [entry for entry in emu.requests if entry.path.startswith("/v4/")]
    return Calls(
        name=name,
        reads=sum(entry.method == "GET" for entry in sheets),
        writes=sum(entry.method != "GET" for entry in sheets),
        request_bytes=sum(request_bytes(entry) for entry in sheets),
        seconds=seconds,
    )


def _json_value(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else value


def _changed_cells(
    before: dict[str, list[list[object]]], after: dict[str, list[list[object]]]
) -> dict[str, list[tuple[int, int, object]]]:
    """(row, column, value) of every cell the toolkit changed on the tabs that were there."""
    changed: dict[str, list[tuple[int, int, object]]] = {}
    for title, rows in before.items():
        new_rows = after.get(title, [])
        cells = []
        for r, row in enumerate(new_rows, start=1):
            old = rows[r - 1] if r <= len(rows) else []
            for c, value in enumerate(row, start=1):
                was = old[c - 1] if c <= len(old) else None
                if (value or None) != (was or None):
                    cells.append((r, c, _json_value(value)))
        changed[title] = cells
    return changed


def naive_script(url: str, sid: str, cells: dict[str, list[tuple[int, int, object]]]) -> None:
    """What users write: read each tab as records, then one ``update_cell`` per status cell."""
    book = gspread_client(url).open_by_key(sid)
    for sheet in book.worksheets():
        try:
            sheet.get_all_records()
        except Exception:  # blank or repeated headers: users fall back to plain values
            sheet.get_all_values()
        for row, column, value in cells.get(sheet.title, []):
            sheet.update_cell(row, column, value)


def rewrite_script(url: str, sid: str, final: dict[str, list[list[object]]]) -> None:
    """The other common script: read every tab, then write each tab back whole."""
    book = gspread_client(url).open_by_key(sid)
    present = {}
    for sheet in book.worksheets():
        sheet.get_all_values()
        present[sheet.title] = sheet
    for title, rows in final.items():
        sheet = present.get(title)
        width = max((len(row) for row in rows), default=1)
        if sheet is None:
            sheet = book.add_worksheet(title, rows=max(len(rows), 1), cols=width)
        values = [[_json_value(v) for v in row] + [""] * (width - len(row)) for row in rows]
        sheet.update(values, "A1")


def one_school(workbook: Path) -> list[Calls]:
    tabs = xlsx_tabs(workbook)
    with Emulator() as emu:
        sid = emu.create_spreadsheet("bench", tabs=tabs)

        def toolkit() -> None:
            backend = GoogleSheetsBackend(sid, credentials="none", endpoint=emu.url)
            run(JOB, backend, as_of=AS_OF)

        first = measure(emu, "sheets-sync, first run", toolkit)
        rerun = measure(emu, "sheets-sync, unchanged rerun", toolkit)
        final = {title: emu.values(sid, title) for title in emu.sheet_titles(sid)}
        seed_id = emu.create_spreadsheet("seed", tabs=tabs)
        before = {title: emu.values(seed_id, title) for title in tabs}
        cells = _changed_cells(before, final)

        naive_id = emu.create_spreadsheet("naive", tabs=tabs)
        naive = measure(
            emu,
            "naive gspread (get_all_records, update_cell per cell)",
            lambda: naive_script(emu.url, naive_id, cells),
        )
        rewrite_id = emu.create_spreadsheet("rewrite", tabs=tabs)
        rewrite = measure(
            emu,
            "rewrite every tab (get_all_values, update per tab)",
            lambda: rewrite_script(emu.url, rewrite_id, final),
        )
    return [first, rerun, naive, rewrite]
