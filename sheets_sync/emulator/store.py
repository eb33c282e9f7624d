"""Where the emulator keeps its spreadsheets: in memory, under one lock, optionally on disk.

With a ``state_dir`` every spreadsheet is a JSON file there (``<id>.json``), loaded at start
and rewritten atomically after every change::

    store = Store(Path("emulator-state"))
    with store.lock:
        book = store.get(spreadsheet_id)          # ApiError 404 / 403 like Google
        work = book.copy()
        ...                                       # change the copy
        store.commit(work)                        # replace, stamp and save
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from pathlib import Path

from .errors import ApiError
from .model import Spreadsheet


class Store:
    def __init__(self, state_dir: str | os.PathLike[str] | None = None) -> None:
        self.lock = threading.RLock()
        self.books: dict[str, Spreadsheet] = {}
        self.restricted: set[str] = set()
        # Spreadsheets shared read-only: with these e-mails, or (None) with every caller.
        self.viewers: dict[str, set[str] | None] = {}
        self.state_dir = Path(state_dir) if state_dir is not None else None
        if self.state_dir is not None:
            self.state_dir.mkdir(parents=True, exist_ok=True)
            for path in sorted(self.state_dir.glob("*.json")):
                book = Spreadsheet.from_json(json.loads(path.read_text(encoding="utf-8")))
                self.books[book.spreadsheet_id] = book

    def get(self, spreadsheet_id: str) -> Spreadsheet:
        """The spreadsheet, or Google's 404 / 403 (for ``restrict``-ed ones)."""
        if spreadsheet_id in self.restricted:
            raise ApiError(403, "The caller does not have permission")
        book = self.books.get(spreadsheet_id)
        if book is None:
            raise ApiError.not_found("Requested entity was not found.")
        return book

    def add(self, book: Spreadsheet) -> None:
        with self.lock:
            self.books[book.spreadsheet_id] = book
            self.save(book)

    def commit(self, book: Spreadsheet) -> None:
        with self.lock:
            book.touch()
            self.books[book.spreadsheet_id] = book
            self.save(book)

    def delete(self, spreadsheet_id: str) -> None:
        with self.lock:
            self.get(spreadsheet_id)
            del self.books[spreadsheet_id]
            if self.state_dir is not None:
                (self.state_dir / f"{spreadsheet_id}.json").unlink(missing_ok=True)

    def save(self, book: Spreadsheet) -> None:
        """Write one spreadsheet's file atomically (a temporary file, then a rename)."""
        if self.state_dir is None:
            return
        target = self.state_dir / f"{book.spreadsheet_id}.json"
        handle, temporary = tempfile.mkstemp(dir=self.state_dir, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump(book.to_json(), stream, ensure_ascii=False)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
