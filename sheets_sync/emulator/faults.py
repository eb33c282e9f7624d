"""Injected failures and Google-like per-minute quotas, both safe to use from any thread.

    emu.faults.fail_next(2, status=503)                 # the next 2 API requests get 503
    emu.faults.fail_next(1, status=429, retry_after=2)  # ... with a Retry-After: 2 header
    emu.faults.drop_next(1)                             # the connection closes, no answer
    emu.faults.fail_next(1, status=503, method="POST", then=colleague_edits)
    #   the next write gets 503, and ``colleague_edits()`` runs before the answer goes out:
    #   a colleague inserting or sorting rows while the client waits to retry
    emu.faults.before_next(colleague_edits, method="POST")  # runs, then the write is served
    emu.faults.random(rate=0.3, statuses=(429, 500, 503), retry_after=1, drop_rate=0.1, seed=1)
    emu.faults.clear()

    quota = Quota(reads_per_minute=60, writes_per_minute=60, clock=fake_clock)
    quota.check(is_read=True)        # None, or the ApiError 429 Google answers

Faults apply to API requests (Sheets and the Drive shim), never to the token endpoint.
Quota counts Sheets requests only: reads are GETs, everything else is a write, each in
fixed one-minute windows of ``clock()`` seconds.
"""

from __future__ import annotations

import random as _random
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .errors import ApiError


@dataclass(frozen=True)
class Fault:
    """One injected failure: an HTTP error ``status``, or ``status=None`` to drop the connection."""

    status: int | None
    retry_after: float | None = None
    method: str | None = None  # only a request with this HTTP method takes the fault
    then: Callable[[], object] | None = None  # run once the answer is chosen, before it goes

    def error(self) -> ApiError:
        headers = {}
        if self.retry_after is not None:
            seconds = self.retry_after
            headers["Retry-After"] = str(int(seconds) if float(seconds).is_integer() else seconds)
        return ApiError(self.status or 500, headers=headers)


class Faults:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._queue: deque[Fault] = deque()
        self._hooks: list[tuple[str | None, Callable[[], object]]] = []
        self._rng: _random.Random | None = None
        self._rate = 0.0
        self._drop_rate = 0.0
        self._statuses: tuple[int, ...] = ()
        self._retry_after: float | None = None

    def fail_next(
        self,
        n: int = 1,
        status: int = 429,
        retry_after: float | None = None,
        *,
        method: str | None = None,
        then: Callable[[], object] | None = None,
    ) -> None:
        """Answer the next ``n`` API requests (of ``method``, if given) with ``status`` (and
        Retry-After when given); ``then()`` runs after each such answer is chosen."""
        with self._lock:
            self._queue.extend(Fault(status, retry_after, method, then) for _ in range(n))

    def drop_next(
        self, n: int = 1, *, method: str | None = None, then: Callable[[], object] | None = None
    ) -> None:
        """Close the connection of the next ``n`` API requests without answering."""
        with self._lock:
            self._queue.extend(Fault(None, None, method, then) for _ in range(n))

    def before_next(self, run: Callable[[], object], *, method: str | None = None) -> None:
        """Run ``run()`` just before the next API request (of ``method``) is served: an edit
        landing between a client's check and its write."""
        with self._lock:
            self._hooks.append((method, run))

    def hook(self, method: str) -> Callable[[], object] | None:
        """The ``before_next`` hook for a request of ``method``, if one is waiting."""
        with self._lock:
            for index, (wanted, run) in enumerate(self._hooks):
                if wanted is None or wanted == method:
                    del self._hooks[index]
                    return run
        return None

    def random(
        self,
        rate: float = 0.3,
        statuses: Iterable[int] = (429, 500, 503),
        retry_after: float | None = 1,
        drop_rate: float = 0.0,
        seed: int | None = 1,
    ) -> None:
        """Fail a share ``rate`` of requests with one of ``statuses``; drop ``drop_rate`` more.

        The same ``seed`` gives the same sequence of failures, and tests rely on it: each API
        request draws one ``random.Random(seed).random()`` (below ``drop_rate``: dropped; below
        ``drop_rate + rate``: failed, with one more draw choosing the status). Keep that order.
        """
        with self._lock:
            self._rng = _random.Random(seed)
            self._rate = rate
            self._drop_rate = drop_rate
            self._statuses = tuple(statuses)
            self._retry_after = retry_after

    def clear(self) -> None:
        with self._lock:
            self._queue.clear()
            self._hooks.clear()
            self._rng = None

    def take(self, method: str | None = None) -> Fault | None:
        """The fault for the request (of ``method``) being handled now, if any."""
        with self._lock:
            for index, fault in enumerate(self._queue):
                if fault.method is None or method is None or fault.method == method:
                    del self._queue[index]
                    return fault
            if self._rng is None:
                return None
            draw = self._rng.random()
            if draw < self._drop_rate:
                return Fault(None)
            if draw < self._drop_rate + self._rate and self._statuses:
                return Fault(self._rng.choice(self._statuses), self._retry_after)
            return None


class Quota:
    """Per-minute read and write limits; ``None`` means no limit of that kind."""

    def __init__(
        self,
        reads_per_minute: int | None = 60,
        writes_per_minute: int | None = 60,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self.limits = {True: reads_per_minute, False: writes_per_minute}
        self.clock = clock or time.monotonic
        self._lock = threading.Lock()
        self._window: int | None = None
        self._used = {True: 0, False: 0}

    def check(self, is_read: bool) -> ApiError | None:
        """Count one request; return the 429 to answer if it is over the limit."""
        with self._lock:
            window = int(self.clock() // 60)
            if window != self._window:
                self._window = window
                self._used = {True: 0, False: 0}
            limit = self.limits[is_read]
            if limit is None or self._used[is_read] < limit:
                self._used[is_read] += 1
                return None
        kind = "Read" if is_read else "Write"
        return ApiError(
            429,
            f"Quota exceeded for quota metric '{kind} requests' and limit '{kind} requests per "
            f"minute per user' of service 'sheets.googleapis.com' for consumer "
            f"'project_number:0'.",
            details=[
                {
                    "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                    "reason": "RATE_LIMIT_EXCEEDED",
                    "domain": "googleapis.com",
                    "metadata": {
                        "service": "sheets.googleapis.com",
                        "quota_metric": f"sheets.googleapis.com/{kind.lower()}_requests",
                        "quota_limit": f"{kind}RequestsPerMinutePerUser",
                        "quota_limit_value": str(limit),
                        "consumer": "projects/0",
                    },
                }
            ],
        )
