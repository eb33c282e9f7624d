"""The nightly schedule: jobs at their times in each school's time zone, whatever the
machine's zone, with a run missed while the machine was off made up once at start-up.

    scheduler = Scheduler([Entry("nightly", ("02:00",), "Asia/Bishkek")], run_job, state)
    scheduler.catch_up()            # once, at start-up
    scheduler.run_pending()         # whenever the loop wakes up
    scheduler.loop(stop=event)      # both, until ``stop`` is set

The clock (an aware ``datetime``) and the sleep are injectable. A job that raises is logged
and the loop goes on; the state file keeps the last start and outcome of every job.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .state import State

POLL_SECONDS = 30.0


@dataclass(frozen=True)
class Entry:
    job: str
    at: tuple[str, ...]
    timezone: str

    def occurrences(self, day: datetime) -> list[datetime]:
        zone = ZoneInfo(self.timezone)
        local = day.astimezone(zone).date()
        found = []
        for text in self.at:
            hour, minute = (int(part) for part in text.split(":"))
            found.append(datetime.combine(local, time(hour, minute), zone))
        return found

    def last_due(self, now: datetime) -> datetime | None:
        """The latest scheduled time at or before ``now``."""
        candidates = [
            moment
            for offset in (0, 1)
            for moment in self.occurrences(now - timedelta(days=offset))
            if moment <= now
        ]
        return max(candidates, default=None)

    def next_due(self, now: datetime) -> datetime:
        return min(
            moment
            for offset in (0, 1)
            for moment in self.occurrences(now + timedelta(days=offset))
            if moment > now
        )


@dataclass
class Outcome:
    ok: bool
    schools: dict[str, str]


class Scheduler:
    def __init__(
        self,
        entries: Sequence[Entry],
        run_job: Callable[[str], Outcome],
        state: State,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        sleep: Callable[[float], object] | None = None,
        log: Callable[[str], None] = print,
    ) -> None:
        self.entries = list(entries)
        self._run_job = run_job
        self.state = state
        self._clock = clock
        self._sleep = sleep
        self._log = log

    def catch_up(self) -> list[str]:
        """Run once every job whose last scheduled time passed without a run (a job that never
        ran at all waits for its first time)."""
        ran = []
        now = self._clock()
        for entry in self.entries:
            due = entry.last_due(now)
            last = self.state.last_start(entry.job)
            if due is not None and last is not None and last < due:
                self._log(f"catch-up {entry.job} {due.isoformat()}")
                self._run(entry, now)
                ran.append(entry.job)
        return ran

    def run_pending(self) -> list[str]:
        ran = []
        now = self._clock()
        for entry in self.entries:
            due = entry.last_due(now)
            last = self.state.last_start(entry.job)
            if due is None:
                continue
            missed = last < due if last is not None else now - due < timedelta(seconds=POLL_SECONDS)
            if missed:
                self._run(entry, now)
                ran.append(entry.job)
        return ran

    def loop(self, stop: threading.Event) -> None:
        self.catch_up()
        while not stop.is_set():
            self.run_pending()
            now = self._clock()
            wait = min((e.next_due(now) - now).total_seconds() for e in self.entries)
            wait = max(0.0, min(wait, POLL_SECONDS))
            if self._sleep is not None:
                self._sleep(wait)
            else:
                stop.wait(wait)

    def _run(self, entry: Entry, now: datetime) -> None:
        try:
            outcome = self._run_job(entry.job)
        except Exception as error:  # a failing job never ends the schedule
            self._log(f"{entry.job} failed: {type(error).__name__}: {error}")
            outcome = Outcome(False, {})
        self.state.record(entry.job, started=now, ok=outcome.ok, schools=outcome.schools)
