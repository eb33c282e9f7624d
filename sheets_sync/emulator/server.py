"""The emulator's HTTP server, the ``Emulator`` test harness and the blocking ``serve``.

with Emulator() as emu:                      # a free port on 127.0.0.1, background thread
    sid = emu.create_spreadsheet("Мектеп №8", tabs={"Мугалимдер": [["ID", "Аты-жөнү"]]})
    gc = gspread_client(emu.url)             # sheets_sync.emulator.client
    gc.open_by_key(sid).sheet1.get_all_values()
    emu.values(sid, "Мугалимдер")            # [["ID", "Аты-жөнү"]]

serve(port=8765, state_dir="emulator-state")  # for `sheets-sync emulator`; Ctrl-C stops
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
import socket
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, TypeVar
from urllib.parse import SplitResult, parse_qs, unquote, urlsplit

from . import a1
from .faults import Faults, Quota
from .handlers import Api, Reply
from .model import Sheet, Spreadsheet
from .render import Renderer
from .requestlog import Headers, LoggedRequest, RequestLog
from .store import Store

T = TypeVar("T")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as Google's front end and requests expect
    server_version = "sheets-sync-emulator"
    sys_version = ""
    emulator: Emulator  # set on the subclass made per server

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def do_PUT(self) -> None:
        self._serve()

    def do_PATCH(self) -> None:
        self._serve()

    def do_DELETE(self) -> None:
        self._serve()

    def _body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    self.rfile.readline()
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _serve(self) -> None:
        body = self._body()
        parts = urlsplit(self.path)
        reply = self.emulator.api.handle(self.command, parts.path, parts.query, body, self.headers)
        self.emulator._record(self.command, parts, self.headers, body, reply)
        if reply.drop:
            self.close_connection = True  # close without a byte of answer
            return
        self._answer(reply)

    def setup(self) -> None:
        super().setup()
        # Answers go out whole in one write; without this, Nagle's algorithm and the
        # client's delayed ACK can hold a small answer back for 40 ms.
        with contextlib.suppress(OSError):
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def _answer(self, reply: Reply) -> None:
        payload = b""
        if reply.body is not None:
            # Compact: a 10,000-row grid read is a third of its pretty-printed size.
            payload = json.dumps(reply.body, ensure_ascii=False, separators=(",", ":")).encode()
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        if reply.body is not None:
            self.send_header("Content-Type", "application/json; charset=UTF-8")
        self.send_header("Content-Length", str(len(payload)))
        # Headers and body in one send, not two.
        self._headers_buffer.append(b"\r\n" + payload)
        self.flush_headers()

    def log_message(self, format: str, *args: Any) -> None:
        if self.emulator.verbose:
            sys.stderr.write(f"{self.address_string()} {format % args}\n")


class _Server(ThreadingHTTPServer):
    """Tracks open connections so that stopping also ends idle keep-alive connections."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], handler: type[_Handler]) -> None:
        self.connections: set[socket.socket] = set()
        self.connections_lock = threading.Lock()
        super().__init__(address, handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self.connections_lock:
            self.connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self.connections_lock:
            self.connections.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        with self.connections_lock:
            open_now = list(self.connections)
        for connection in open_now:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)


class Emulator:
    """A Google Sheets API v4 emulator on a loopback socket; see the module docstring."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        state_dir: str | os.PathLike[str] | None = None,
        *,
        verbose: bool = False,
    ) -> None:
        self.host = host
        self.port = port
        self.verbose = verbose
        self.store = Store(state_dir)
        self.faults = Faults()
        self._quota: Quota | None = None
        self._log = RequestLog()
        self.api = Api(self.store, self.faults, lambda: self._quota)
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle --------------------------------------------------------------------------
    def bind(self) -> ThreadingHTTPServer:
        """Open the listening socket (``port=0`` picks a free one) without serving yet."""
        handler = type("EmulatorHandler", (_Handler,), {"emulator": self})
        server = _Server((self.host, self.port), handler)
        self._server = server
        self.port = server.server_address[1]
        return server

    def start(self) -> Emulator:
        """Listen and serve in a background thread; returns self."""
        if self._server is None:
            server = self.bind()
            # A short poll interval makes stop() quick (the default waits up to 0.5 s).
            self._thread = threading.Thread(
                target=server.serve_forever,
                kwargs={"poll_interval": 0.05},
                name="sheets-emulator",
                daemon=True,
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server.close_connections()  # no answer from a stopped emulator, ever
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    # -- seeding and inspecting (no HTTP, not logged) ---------------------------------------
    def create_spreadsheet(
        self,
        title: str,
        tabs: Mapping[str, Sequence[Sequence[Any]]] | None = None,
        *,
        locale: str | None = None,
    ) -> str:
        """A new spreadsheet with these tabs (rows of Python values); returns its id.

        A tab is 1000x26 like a new sheet, or larger to fit its rows. Values: str, int, float,
        bool, None, ``datetime.date``/``datetime`` (a serial with a DATE format, as a date typed
        in Sheets) and ``Formula("=...")``. Strings are stored as typed text, never formulas.
        """
        book = Spreadsheet.new(title)
        if locale:
            book.properties["locale"] = locale
        for position, (name, rows) in enumerate((tabs or {"Sheet1": []}).items()):
            height = len(rows)
            width = max((len(row) for row in rows), default=0)
            sheet = book.add_sheet(
                name,
                sheet_id=0 if position == 0 else None,
                rows=max(1000, height),
                columns=max(26, width),
            )
            for r, row in enumerate(rows, start=1):
                for c, value in enumerate(row, start=1):
                    sheet.set_value(r, c, value)
        self.store.add(book)
        return book.spreadsheet_id

    def _tab(self, spreadsheet_id: str, tab: str) -> tuple[Spreadsheet, Sheet]:
        book = self.store.books[spreadsheet_id]
        return book, book.sheet(tab)

    def values(self, spreadsheet_id: str, tab: str) -> list[list[Any]]:
        """The tab's values as UNFORMATTED_VALUE reads them (trailing empties trimmed)."""
        with self.store.lock:
            book, sheet = self._tab(spreadsheet_id, tab)
            return Renderer(book).values(
                sheet, range(sheet.row_count), range(sheet.column_count), "UNFORMATTED_VALUE"
            )

    def formats(self, spreadsheet_id: str, tab: str) -> dict[tuple[int, int], dict[str, Any]]:
        """{(row, col): numberFormat} for every cell that has one, 1-based."""
        with self.store.lock:
            _, sheet = self._tab(spreadsheet_id, tab)
            return {
                (r + 1, c + 1): copy.deepcopy(data["userEnteredFormat"]["numberFormat"])
                for (r, c), data in sorted(sheet.cells.items())
                if "numberFormat" in data.get("userEnteredFormat", {})
            }

    def cell_data(self, spreadsheet_id: str, tab: str, cell: str) -> dict[str, Any]:
        """A copy of the stored CellData at an A1 cell ("J2"): value, format, note, validation."""
        row, _, col, _ = a1.parse_cells(cell)
        with self.store.lock:
            _, sheet = self._tab(spreadsheet_id, tab)
            return copy.deepcopy(sheet.cell(row or 0, col or 0) or {})

    def sheet_titles(self, spreadsheet_id: str) -> list[str]:
        with self.store.lock:
            return [sheet.title for sheet in self.store.books[spreadsheet_id].sheets]

    def mutate(self, spreadsheet_id: str, fn: Callable[[Spreadsheet], T]) -> T:
        """Run ``fn(spreadsheet)`` under the lock (a colleague's edit between two requests).

        All or nothing: ``fn`` works on a copy that replaces the spreadsheet if it returns.
        """
        with self.store.lock:
            work = self.store.books[spreadsheet_id].copy()
            result = fn(work)
            self.store.commit(work)
            return result

    # -- behaviour --------------------------------------------------------------------------
    def quota(
        self,
        reads_per_minute: int | None = 60,
        writes_per_minute: int | None = 60,
        clock: Callable[[], float] | None = None,
    ) -> Quota:
        """Enforce Google-like per-minute quotas; None is unlimited, so ``emu.quota(None, None)``
        turns them off. ``clock`` returns seconds (``time.monotonic`` by default)."""
        self._quota = Quota(reads_per_minute, writes_per_minute, clock)
        return self._quota

    def restrict(self, spreadsheet_id: str) -> None:
        """Answer every request for this spreadsheet with 403 PERMISSION_DENIED (not persisted)."""
        with self.store.lock:
            self.store.restricted.add(spreadsheet_id)

    def unrestrict(self, spreadsheet_id: str) -> None:
        with self.store.lock:
            self.store.restricted.discard(spreadsheet_id)
            self.store.viewers.pop(spreadsheet_id, None)

    def share_read_only(self, spreadsheet_id: str, *emails: str) -> None:
        """Share as viewer: these service accounts (by e-mail), or every caller when none is
        named, may read the spreadsheet but get Google's 403 on any write (not persisted)."""
        with self.store.lock:
            self.store.viewers[spreadsheet_id] = set(emails) if emails else None

    def protect(
        self,
        spreadsheet_id: str,
        tab: str,
        cells: str | None = None,
        *,
        editors: Sequence[str] = (),
        warning_only: bool = False,
    ) -> int:
        """Protect a tab, or an A1 block of it ("J1:L"), as a person does in the Sheets UI;
        only ``editors`` (and the owner: requests without a token) may then edit it."""
        from .ranges import resolve  # the A1 reader of the API itself

        def add(book: Spreadsheet) -> int:
            sheet = book.sheet(tab)
            if cells is None:
                grid: dict[str, Any] = {"sheetId": sheet.sheet_id}
            else:
                a1_text = f"'{tab.replace(chr(39), chr(39) * 2)}'!{cells}"
                grid = resolve(book, a1_text).grid_range()
            taken = {p["protectedRangeId"] for s in book.sheets for p in s.protected_ranges}
            protected_id = max(taken, default=0) + 1
            sheet.protected_ranges.append(
                {
                    "protectedRangeId": protected_id,
                    "range": grid,
                    "warningOnly": warning_only,
                    "requestingUserCanEdit": True,
                    "editors": {"users": list(editors)},
                }
            )
            return protected_id

        return self.mutate(spreadsheet_id, add)

    # -- request log ------------------------------------------------------------------------
    @property
    def requests(self) -> list[LoggedRequest]:
        return self._log.entries()

    def clear_log(self) -> None:
        self._log.clear()

    def _record(
        self, method: str, parts: SplitResult, headers: Any, body: bytes, reply: Reply
    ) -> None:
        parsed: Any = None
        if body:
            try:
                parsed = json.loads(body)
            except (json.JSONDecodeError, UnicodeDecodeError):
                parsed = None
        self._log.add(
            LoggedRequest(
                method=method,
                path=unquote(parts.path),
                query=parse_qs(parts.query, keep_blank_values=True),
                body=parsed,
                status=None if reply.drop else reply.status,
                headers=Headers(headers.items()),
                raw_path=parts.path,
            )
        )


def serve(
    host: str = "127.0.0.1",
    port: int = 8765,
    state_dir: str | os.PathLike[str] | None = None,
    *,
    verbose: bool = True,
    on_start: Callable[[Emulator], None] | None = None,
) -> None:
    """Run the emulator in the foreground until Ctrl-C; prints where it listens.

    ``on_start`` runs once the socket is open and before requests are served (the CLI seeds
    spreadsheets there)."""
    emulator = Emulator(host, port, state_dir, verbose=verbose)
    server = emulator.bind()
    # serve_forever below blocks; Ctrl-C raises KeyboardInterrupt in it.
    where = f" (spreadsheets kept in {state_dir})" if state_dir is not None else ""
    print(f"Sheets API emulator listening on {emulator.url}{where}", flush=True)
    print(f"  Sheets API: {emulator.url}/v4/spreadsheets/...   token_uri: {emulator.url}/token")
    if on_start is not None:
        on_start(emulator)
    print("  Press Ctrl-C to stop.", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("Stopped.", flush=True)
    finally:
        server.server_close()
