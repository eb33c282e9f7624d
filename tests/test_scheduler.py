"""The schedule under an injected clock on a machine in UTC: jobs fire at Asia/Bishkek times,
a missed run is made up once and only once, a failing job does not stop the loop."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from sheets_sync.scheduler import Entry, Outcome, Scheduler
from sheets_sync.state import State


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def make(tmp_path, clock, jobs=None, **entries):
    ran: list[tuple[str, datetime]] = []

    def run_job(name: str) -> Outcome:
        ran.append((name, clock.now))
        if jobs and name in jobs:
            raise RuntimeError("the workbook server is down")
        return Outcome(True, {"Школа 5": "ok"})

    entries = entries or {"nightly": ("02:00",)}
    scheduler = Scheduler(
        [Entry(name, at, "Asia/Bishkek") for name, at in entries.items()],
        run_job,
        State(tmp_path / "state.json"),
        clock=clock,
        log=lambda line: None,
    )
    return scheduler, ran


def test_a_job_fires_at_its_bishkek_time_on_a_machine_in_utc(tmp_path):
    clock = Clock(datetime(2026, 12, 1, 19, 59, 30, tzinfo=UTC))  # 01:59:30 in Bishkek
    scheduler, ran = make(tmp_path, clock)
    assert scheduler.run_pending() == []
    clock.now = datetime(2026, 12, 1, 20, 0, 5, tzinfo=UTC)  # 02:00:05 in Bishkek (UTC+6)
    assert scheduler.run_pending() == ["nightly"]
    assert scheduler.run_pending() == []
    assert ran == [("nightly", datetime(2026, 12, 1, 20, 0, 5, tzinfo=UTC))]
    assert scheduler.entries[0].next_due(clock.now) == datetime(2026, 12, 2, 20, 0, tzinfo=UTC)


def test_a_run_missed_while_off_is_made_up_once_and_only_once(tmp_path):
    clock = Clock(datetime(2026, 12, 1, 20, 0, 5, tzinfo=UTC))
    scheduler, _ = make(tmp_path, clock)
    assert scheduler.run_pending() == ["nightly"]
    clock.now += timedelta(days=1, hours=5)  # the machine was off over the next 02:00
    again, ran_again = make(tmp_path, clock)
    assert again.catch_up() == ["nightly"]
    assert again.catch_up() == [] and again.run_pending() == []
    third, _ = make(tmp_path, clock)  # a restart after the catch-up does not repeat it
    assert third.catch_up() == []
    assert len(ran_again) == 1


def test_a_failing_job_is_recorded_and_the_loop_goes_on(tmp_path):
    clock = Clock(datetime(2026, 12, 1, 19, 0, tzinfo=UTC))
    scheduler, ran = make(
        tmp_path, clock, jobs={"nightly"}, nightly=("02:00",), summaries=("07:00",)
    )
    stop = threading.Event()
    ticks = []

    def sleep(seconds: float) -> None:
        ticks.append(seconds)
        clock.now += timedelta(seconds=seconds)
        if clock.now > datetime(2026, 12, 2, 2, 0, tzinfo=UTC):
            stop.set()

    scheduler._sleep = sleep
    scheduler.loop(stop)
    assert [name for name, _ in ran] == ["nightly", "summaries"]
    state = scheduler.state.load()
    assert state["nightly"]["ok"] is False and state["summaries"]["ok"] is True
