"""The long-running scheduler: jobs at their times of day in the school's time zone.

A scheduled job is a name, its times of day (``"02:00"``), a time zone name and a callable
that runs it and returns an ``Outcome`` (schools, findings, writes, failures)::

    nightly = ScheduledJob("nightly", ("02:00",), "Asia/Bishkek", run_nightly)
    Scheduler([nightly], state_path=..., lock_path=...).run()

The loop is built on the ``schedule`` package: its ``Scheduler`` holds the jobs, orders them and
runs the due ones (``run_pending``). What ``schedule`` does not do is ours:

Time zones and DST. ``schedule`` compares naive ``datetime.now()`` values, the machine's local
time, and its own ``.at(..., tz)`` needs pytz. So it never sees a wall-clock time here: each
job is a ``schedule.Job`` whose next run is an aware UTC instant computed with ``zoneinfo``
from the wall-clock time in the job's zone, and whose "is it due" compares that instant with
the injected clock, also in UTC. Nothing depends on the machine's zone (``TZ``), and a UTC
instant never jumps: the slot for a day is found by building ``HH:MM`` on that calendar day in
the zone and converting it, so each time of day gives exactly one instant per calendar day.
Where a DST change makes a time ambiguous (the hour repeated in autumn) the first of the two is
used; where it makes a time not exist (the hour skipped in spring), the run comes at the same
distance past the change (02:30 in a 02:00→03:00 gap runs at 03:30). Two times of day that fall
on the same instant run once. Asia/Bishkek keeps UTC+6 all year; the rules matter for zones
that change.

Missed runs. The state file (``run_state``) keeps the slot every job last ran for. At start-up,
a job whose latest slot at or before now is later than that (and than the time the scheduler
first watched the job) runs once, at once, for that latest slot: three missed nights give one
run, and a restart after it gives none. A job the state file has never seen has missed
nothing. After the machine sleeps past a slot, the loop runs it once on waking, likewise.

One instance (``instance_lock``), a failing job (logged as one line, the loop goes on), and
SIGTERM/SIGINT: the handler only sets a flag, which the job's callable reads between
workbooks, and the loop stops before the next job; a workbook's save is never cut.

Not done here: no run is retried (a failed or interrupted run waits for its next slot; a run
killed with the machine counts as run, so a workbook that kills the process cannot make it
restart forever); no two jobs run at once (a job due while another runs starts after it); no
calendar beyond times of day (no weekdays, no holidays); the clock is trusted (a clock set
back runs nothing twice for a slot already run, a clock set forward runs what it skipped once).
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from types import FrameType
from typing import Any
from zoneinfo import ZoneInfo

import schedule

from .instance_lock import InstanceLock
from .run_state import Outcome, RunState

Clock = Callable[[], "datetime | float"]
Sleep = Callable[[float], None]
LogLine = Callable[[dict[str, Any]], None]
MAX_SLEEP = 60.0  # seconds; a clock that jumps (suspend, NTP) is noticed within a minute


class StopFlag(threading.Event):
    """Set on SIGTERM/SIGINT; a job's callable reads it between workbooks (true once set).
    It is a ``threading.Event``, so it can be handed on to code that waits on one."""

    def __bool__(self) -> bool:
        return self.is_set()


@dataclass(frozen=True)
class ScheduledJob:
    name: str
    times: tuple[str, ...]
    timezone: str
    run: Callable[[StopFlag], Outcome]


def parse_time(text: str) -> clock_time:
    """``"HH:MM"`` (24-hour) as a time of day; ``ValueError`` otherwise."""
    hours, sep, minutes = text.partition(":")
    if not sep or len(hours) != 2 or len(minutes) != 2 or not (hours + minutes).isdigit():
        raise ValueError(f"{text!r}: use HH:MM, e.g. 02:00")
    return clock_time(int(hours), int(minutes))


def slots_on(day: date, times: Iterable[clock_time], zone: ZoneInfo) -> list[datetime]:
    """The UTC instants of ``times`` on the calendar ``day`` in ``zone`` (fold=0 rules)."""
    return sorted({datetime.combine(day, at, tzinfo=zone).astimezone(UTC) for at in times})


def next_slot(after: datetime, times: Sequence[clock_time], zone: ZoneInfo) -> datetime:
    """The first slot strictly after ``after``."""
    today = after.astimezone(zone).date()
    for offset in range(-1, 3):
        later = [s for s in slots_on(today + timedelta(days=offset), times, zone) if s > after]
        if later:
            return later[0]
    raise ValueError("no time of day given")


def latest_slot(now: datetime, times: Sequence[clock_time], zone: ZoneInfo) -> datetime:
    """The last slot at or before ``now``."""
    today = now.astimezone(zone).date()
    for offset in range(0, -3, -1):
        earlier = [s for s in slots_on(today + timedelta(days=offset), times, zone) if s <= now]
        if earlier:
            return earlier[-1]
    raise ValueError("no time of day given")


def utc_now(clock: Clock) -> datetime:
    """The injected clock's reading as an aware UTC datetime (epoch seconds accepted)."""
    reading = clock()
    if isinstance(reading, datetime):
        if reading.tzinfo is None:
            raise ValueError("the clock must give aware datetimes or epoch seconds")
        return reading.astimezone(UTC)
    return datetime.fromtimestamp(reading, UTC)


class _SlotJob(schedule.Job):
    """A ``schedule`` job whose next run is a UTC instant in its own zone (see above)."""

    def __init__(
        self, owner: Scheduler, job: ScheduledJob, runs: schedule.Scheduler, first: datetime
    ) -> None:
        super().__init__(1, runs)
        self.unit = "days"
        self.owner = owner
        self.job = job
        self.zone = ZoneInfo(job.timezone)
        self.times = [parse_time(text) for text in job.times]
        self._first = first

    def _schedule_next_run(self) -> None:
        if self._first is not None:
            self.next_run, self._first = self._first, None
            return
        self.next_run = next_slot(self.owner.now(), self.times, self.zone)

    @property
    def should_run(self) -> bool:
        return self.owner.now() >= self.next_run

    def __repr__(self) -> str:
        return f"<{self.job.name} next {self.next_run}>"

    __str__ = __repr__


class Scheduler:
    """Runs ``jobs`` at their times until stopped; see the module docstring."""

    def __init__(
        self,
        jobs: Sequence[ScheduledJob],
        *,
        state_path: Path,
        lock_path: Path,
        clock: Clock = time.time,
        sleep: Sleep | None = None,
        log: LogLine | None = None,
        max_sleep: float = MAX_SLEEP,
    ) -> None:
        for job in jobs:
            ZoneInfo(job.timezone)
            if not job.times:
                raise ValueError(f"{job.name}: no time of day")
            for text in job.times:
                parse_time(text)
        self.jobs = list(jobs)
        self.state_path = Path(state_path)
        self.lock_path = Path(lock_path)
        self.clock = clock
        self.stop_flag = StopFlag()
        self.sleep = sleep or self._wait
        self.log = log or (lambda _line: None)
        self.max_sleep = max_sleep
        self.runs = schedule.Scheduler()

    def now(self) -> datetime:
        return utc_now(self.clock)

    def _wait(self, seconds: float) -> None:
        self.stop_flag.wait(seconds)  # wakes as soon as a signal handler sets the flag

    def stop(self) -> None:
        self.stop_flag.set()

    def handle_signals(self) -> None:
        """SIGTERM and SIGINT stop the loop after the workbook in hand."""

        def handler(_number: int, _frame: FrameType | None) -> None:
            self.stop()

        signal.signal(signal.SIGTERM, handler)
        signal.signal(signal.SIGINT, handler)

    def run(self) -> None:
        """Hold the lock, catch up what was missed, then run the jobs until stopped."""
        with InstanceLock(self.lock_path, now=self.now()):
            state = RunState(self.state_path)
            now = self.now()
            for job in self.jobs:
                times = [parse_time(text) for text in job.times]
                zone = ZoneInfo(job.timezone)
                first = next_slot(now, times, zone)
                missed = self._missed(state, job.name, latest_slot(now, times, zone))
                state.watch(job.name, now)
                runner = _SlotJob(self, job, self.runs, first)
                runner.do(self._run_slot, state, runner)
                if missed is not None and not self.stop_flag:
                    self._run(state, job, missed)
            while not self.stop_flag:
                self.runs.run_pending()
                if self.stop_flag:
                    break
                due = min(runner.next_run for runner in self.runs.jobs)
                wait = (due - self.now()).total_seconds()
                self.sleep(min(max(wait, 0.0), self.max_sleep))
            self.runs.clear()

    @staticmethod
    def _missed(state: RunState, name: str, latest: datetime) -> datetime | None:
        watched = state.watched_since(name)
        if watched is None:
            return None
        done = state.last_slot(name)
        if latest <= watched or (done is not None and latest <= done):
            return None
        return latest

    def _run_slot(self, state: RunState, runner: _SlotJob) -> None:
        if not self.stop_flag:
            self._run(state, runner.job, runner.next_run)

    def _run(self, state: RunState, job: ScheduledJob, slot: datetime) -> None:
        started = self.now()
        state.started(job.name, slot, started)
        outcome: Outcome | None = None
        error: str | None = None
        try:
            outcome = job.run(self.stop_flag)
        except Exception as problem:  # one failing job must not end the loop
            error = f"{type(problem).__name__}: {problem}"
        finished = self.now()
        state.finished(job.name, finished, outcome, error)
        shown = outcome or Outcome()
        self.log(
            {
                "time": finished.isoformat(timespec="seconds"),
                "job": job.name,
                "slot": slot.isoformat(timespec="seconds"),
                "schools": len(shown.schools),
                "findings": shown.findings,
                "writes": shown.writes,
                "duration": round((finished - started).total_seconds(), 3),
                "failures": shown.failures + (1 if error else 0),
                "interrupted": shown.interrupted,
                "error": error,
            }
        )
