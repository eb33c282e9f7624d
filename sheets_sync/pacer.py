"""One quota pacer per service account: keeps reads and writes each under a per-minute quota.

Google counts Sheets API requests per user per minute (60 reads and 60 writes by default).
The pacer is handed to the Google backend as its ``before_call`` and is called with "read" or
"write" before every HTTP attempt; it waits until the call fits in the last 60 seconds, so a
district run meets no 429 at all::

    pacer = QuotaPacer(reads_per_minute=60, writes_per_minute=60)
    backend = GoogleSheetsBackend(sheet, credentials=key, before_call=pacer)

Thread-safe: every school of a district run sharing one key shares one pacer. Clock and sleep
are injectable, so tests run a whole night in simulated time.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

WINDOW = 60.0  # seconds: Google's quotas are per minute


class QuotaPacer:
    def __init__(
        self,
        reads_per_minute: int = 60,
        writes_per_minute: int = 60,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], object] = time.sleep,
        margin: float = 0.5,
    ) -> None:
        self._limits = {"read": reads_per_minute, "write": writes_per_minute}
        self._sent: dict[str, deque[float]] = {"read": deque(), "write": deque()}
        self._locks = {"read": threading.Lock(), "write": threading.Lock()}
        self._clock = clock
        self._sleep = sleep
        # the request reaches Google a little after the pacer lets it go
        self._margin = margin
        self.calls = {"read": 0, "write": 0}
        self.waited = 0.0
        self.waiting = 0.0  # the wait in progress, for a progress line

    def __call__(self, kind: str) -> None:
        kind = "read" if kind == "read" else "write"
        with self._locks[kind]:
            sent = self._sent[kind]
            while True:
                now = self._clock()
                while sent and sent[0] <= now - WINDOW - self._margin:
                    sent.popleft()
                if len(sent) < self._limits[kind]:
                    break
                wait = sent[0] + WINDOW + self._margin - now
                self.waiting = wait
                self._sleep(wait)
                self.waited += wait
            self.waiting = 0.0
            sent.append(self._clock())
            self.calls[kind] += 1
