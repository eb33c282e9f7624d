"""A bounded retry for HTTP calls: exponential backoff with jitter, ``Retry-After`` honoured.

Every try is counted and the whole call is timed, so a flaky API costs at most ``max_tries``
requests and about ``max_total_seconds`` of waiting, never more::

    policy = RetryPolicy(max_tries=6, max_total_seconds=120)
    response = call_with_retry(lambda: session.get(url), policy, retry_error=is_transient)

``sleep``, ``clock`` and ``now`` are injectable, so tests never wait::

    waits = []
    call_with_retry(send, policy, sleep=waits.append, clock=fake_clock)

gspread's own ``BackOffHTTPClient`` is not used: it calls itself recursively, keeps its counter
on the class and its limit does not stop it, so one bad minute can stall a run indefinitely.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import requests

__all__ = [
    "RETRY_STATUSES",
    "Backoff",
    "GaveUp",
    "RetryPolicy",
    "call_with_retry",
    "retry_after_seconds",
]

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
"""Answers that mean "not now": rate limited, or the server failed before doing anything."""


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try.

    The delay before try ``n + 1`` is ``base_delay * 2 ** (n - 1)`` capped at ``max_delay``,
    then shortened by up to ``jitter`` of itself at random (so many clients that failed
    together do not come back together), and never shorter than the server's ``Retry-After``.
    Retrying stops at ``max_tries`` tries or when the next wait would end after
    ``max_total_seconds`` from the first try, whichever comes first.

    A 429 without ``Retry-After`` waits at least ``rate_limit_delay`` (lengthened by up to
    ``jitter`` of itself): Google counts Sheets quotas per minute and does not say when the
    minute ends, and 1 + 2 + 4 + 8 + 16 seconds of plain backoff would give up inside the
    very minute that is exhausted. With the defaults, the waits after 429s pass a minute
    before the bounds stop them.
    """

    max_tries: int = 6
    max_total_seconds: float = 120
    base_delay: float = 1
    max_delay: float = 32
    jitter: float = 0.5
    rate_limit_delay: float = 20

    def __post_init__(self) -> None:
        if self.max_tries < 1:
            raise ValueError("max_tries must be at least 1")
        if not 0 <= self.jitter <= 1:
            raise ValueError("jitter is a fraction between 0 and 1")
        if min(self.max_total_seconds, self.base_delay, self.max_delay, self.rate_limit_delay) < 0:
            raise ValueError("times cannot be negative")

    def backoff(self, tries: int, rng: Callable[[], float] = random.random) -> float:
        """Seconds to wait after ``tries`` failed tries, before any ``Retry-After``."""
        delay = min(self.max_delay, self.base_delay * 2 ** max(tries - 1, 0))
        return delay * (1 - self.jitter * rng())


class GaveUp(Exception):
    """The policy's bound was reached. ``last`` names the last failure ("HTTP 503", ...)."""

    def __init__(self, tries: int, seconds: float, last: str) -> None:
        super().__init__(f"gave up after {tries} tries over {seconds:.0f} s; last: {last}")
        self.tries = tries
        self.seconds = seconds
        self.last = last


def retry_after_seconds(value: str | None, now: datetime) -> float | None:
    """``Retry-After`` as seconds from ``now``: delta-seconds or an HTTP date; None if absent.

    >>> retry_after_seconds("2", datetime.now(UTC))
    2.0
    """
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        try:
            moment = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None  # unreadable: fall back to our own backoff
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)  # HTTP dates are GMT by definition
        seconds = (moment - now).total_seconds()
    if not math.isfinite(seconds):
        return None
    return max(seconds, 0.0)


_DNS_SIGNS = (
    "failed to resolve",
    "name or service not known",
    "nodename nor servname",
    "temporary failure in name resolution",
    "getaddrinfo failed",
)


def describe(error: BaseException) -> str:
    """A short, secret-free name of a transport failure, for messages."""
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and len(chain) < 10:
        chain.append(current)
        current = current.__cause__ or current.__context__
    names = {type(item).__name__ for item in chain}
    texts = " ".join(str(item) for item in chain).lower()
    if (
        "NameResolutionError" in names
        or "gaierror" in names
        or any(sign in texts for sign in _DNS_SIGNS)
    ):
        return "host name not found"
    if "ConnectionRefusedError" in names or "refused" in texts:
        return "connection refused"
    if isinstance(error, requests.exceptions.ConnectTimeout):
        return "connection timed out"
    if isinstance(error, requests.exceptions.ReadTimeout):
        return "no answer in time"
    if isinstance(error, requests.exceptions.SSLError):
        return "TLS error"
    return "connection dropped"


class Backoff:
    """The waiting side of a ``RetryPolicy`` for a caller running its own loop (one that must
    do something before each new try, such as checking the rows it is about to write)::

        backoff = Backoff(policy, sleep=time.sleep)
        while True:
            response = send()
            if response.status_code not in RETRY_STATUSES:
                break
            backoff.failed_answer(response)    # sleeps, or raises GaveUp at the bound
    """

    def __init__(
        self,
        policy: RetryPolicy,
        *,
        sleep: Callable[[float], object] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        rng: Callable[[], float] = random.random,
    ) -> None:
        self.policy = policy
        self._sleep = sleep
        self._clock = clock
        self._now = now
        self._rng = rng
        self.started = clock()
        self.tries = 0

    def failed_answer(self, response: requests.Response) -> None:
        """A ``RETRY_STATUSES`` answer: wait as the policy and the server say, or give up."""
        retry_after = retry_after_seconds(response.headers.get("Retry-After"), self._now())
        if retry_after is None and response.status_code == 429:
            retry_after = self.policy.rate_limit_delay * (1 + self.policy.jitter * self._rng())
        response.close()  # give the connection back to the pool
        self.failed(f"HTTP {response.status_code}", retry_after=retry_after)

    def failed(
        self,
        last: str,
        *,
        retry_after: float | None = None,
        cause: BaseException | None = None,
    ) -> None:
        """One more failed try: sleep before the next, or raise ``GaveUp`` at the bound."""
        self.tries += 1
        wait = self.policy.backoff(self.tries, self._rng)
        if retry_after is not None:
            wait = max(wait, retry_after)  # the server knows best when it will take us again
        elapsed = self._clock() - self.started
        if self.tries >= self.policy.max_tries or elapsed + wait > self.policy.max_total_seconds:
            raise GaveUp(self.tries, elapsed, last) from cause
        self._sleep(wait)


def call_with_retry(
    send: Callable[[], requests.Response],
    policy: RetryPolicy,
    *,
    retry_error: Callable[[Exception], bool] = lambda _error: False,
    sleep: Callable[[float], object] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
    rng: Callable[[], float] = random.random,
) -> requests.Response:
    """Call ``send`` until it answers with something other than a ``RETRY_STATUSES`` status.

    Returns that answer (success or not: the caller decides what a 404 means). An exception
    from ``send`` is retried when ``retry_error`` says so and re-raised otherwise. Raises
    ``GaveUp`` (chained to the last exception, if any) when the policy's bound is reached.
    """
    backoff = Backoff(policy, sleep=sleep, clock=clock, now=now, rng=rng)
    while True:
        try:
            response = send()
        except Exception as error:
            if not retry_error(error):
                raise
            backoff.failed(describe(error), cause=error)
            continue
        if response.status_code not in RETRY_STATUSES:
            return response
        backoff.failed_answer(response)
