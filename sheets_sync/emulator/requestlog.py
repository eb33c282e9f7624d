"""The emulator's record of every request it received, for assertions in tests.

    [(r.method, r.path, r.status) for r in emu.requests]
    # [("GET", "/v4/spreadsheets/1abc/values/'Sheet1'!A1:B2", 200), ...]
    writes = [r for r in emu.requests if r.method != "GET" and r.path.startswith("/v4/")]
    emu.clear_log()

``path`` is percent-decoded; ``query`` maps each parameter to its list of values; ``body`` is
the parsed JSON body (None when there was none, or it was not JSON, like the token form);
``status`` is None when an injected fault dropped the connection; ``headers`` ignores the
case of names, as HTTP does (``r.headers["Authorization"]``).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any


class Headers(dict[str, str]):
    """Header names in lower case; lookups ignore case."""

    def __init__(self, items: Iterable[tuple[str, str]] = ()) -> None:
        super().__init__((name.lower(), value) for name, value in items)

    def __getitem__(self, name: str) -> str:
        return super().__getitem__(name.lower())

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and super().__contains__(name.lower())

    def get(self, name: str, default: Any = None) -> Any:  # type: ignore[override]
        return super().get(name.lower(), default)


@dataclass(frozen=True)
class LoggedRequest:
    method: str
    path: str
    query: dict[str, list[str]]
    body: Any
    status: int | None
    headers: Headers = field(default_factory=Headers)
    raw_path: str = ""


class RequestLog:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: list[LoggedRequest] = []

    def add(self, entry: LoggedRequest) -> None:
        with self._lock:
            self._entries.append(entry)

    def entries(self) -> list[LoggedRequest]:
        with self._lock:
            return list(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
