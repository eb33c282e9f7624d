"""The scheduler driven by an injected clock: times in the school's zone whatever the machine's,
DST, missed runs caught up once, failing jobs, the log line and the state file."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from sheets_sync.run_state import Outcome, RunState, SchoolOutcome
from sheets_sync.scheduler import ScheduledJob, Scheduler, StopFlag

BISHKEK = ZoneInfo("Asia/Bishkek")


class FakeTime:
    """A clock and a sleep that moves it; stops the scheduler once ``end`` is reached."""

    def __init__(self, start: datetime, end: datetime) -> None:
        self.now, self.end = start, end
        self.scheduler: Scheduler | None = None
        self.sleeps: list[float] = []

    def clock(self) -> datetime:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now = min(self.now + timedelta(seconds=seconds), self.end)
        if self.now >= self.end and self.scheduler is not None:
            self.scheduler.stop()


class Recorder:
    """A job's callable that notes the clock at every call."""

    def __init__(self, fake: FakeTime, fail_first: int = 0) -> None:
        self.fake, self.calls, self.fail_first = fake, [], fail_first

    def __call__(self, _stop: StopFlag) -> Outcome:
        self.calls.append(self.fake.now)
        if len(self.calls) <= self.fail_first:
            raise RuntimeError("the spreadsheet service is down")
        return Outcome((SchoolOutcome("school.xlsx", findings=2, writes=1),))


@pytest.fixture
def machine_zone(request: pytest.FixtureRequest) -> Iterator[str]:
    """Set the process's local zone (``TZ``), as a machine configured that way has it."""
    zone = getattr(request, "param", "UTC")
    before = os.environ.get("TZ")
    os.environ["TZ"] = zone
    time.tzset()
    yield zone
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


def _scheduler(
    tmp_path: Path, fake: FakeTime, jobs: list[ScheduledJob], lines: list | None = None
) -> Scheduler:
    scheduler = Scheduler(
        jobs,
        state_path=tmp_path / "state.json",
        lock_path=tmp_path / "state.json.lock",
        clock=fake.clock,
        sleep=fake.sleep,
        log=(lines.append if lines is not None else None),
    )
    fake.scheduler = scheduler
    return scheduler


def _utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@pytest.mark.parametrize("machine_zone", ["UTC", "America/New_York"], indirect=True)
def test_jobs_fire_at_their_bishkek_times_on_a_machine_in_another_zone(
    tmp_path: Path, machine_zone: str
) -> None:
    assert time.strftime("%Z", time.localtime(0)) in {"UTC", "EST"}
    fake = FakeTime(_utc(2026, 11, 30, 12), _utc(2026, 12, 2, 12))
    nightly, summaries = Recorder(fake), Recorder(fake)
    _scheduler(
        tmp_path,
        fake,
        [
            ScheduledJob("nightly", ("02:00",), "Asia/Bishkek", nightly),
            ScheduledJob("summaries", ("07:00",), "Asia/Bishkek", summaries),
        ],
    ).run()
    # 02:00 in Bishkek (UTC+6) is 20:00 UTC the evening before; 07:00 is 01:00 UTC.
    assert nightly.calls == [_utc(2026, 11, 30, 20), _utc(2026, 12, 1, 20)]
    assert summaries.calls == [_utc(2026, 12, 1, 1), _utc(2026, 12, 2, 1)]
    assert {call.astimezone(BISHKEK).strftime("%H:%M") for call in nightly.calls} == {"02:00"}


def test_a_job_runs_once_a_day_across_both_dst_changes(tmp_path: Path, machine_zone: str) -> None:
    berlin = "Europe/Berlin"
    for start, expected in [
        # 2026-03-29 02:30 does not exist (02:00 → 03:00): it runs at 03:30 CEST = 01:30 UTC.
        (_utc(2026, 3, 28, 12), [_utc(2026, 3, 29, 1, 30), _utc(2026, 3, 30, 0, 30)]),
        # 2026-10-25 02:30 happens twice (03:00 → 02:00): it runs at the first, 00:30 UTC.
        (_utc(2026, 10, 24, 12), [_utc(2026, 10, 25, 0, 30), _utc(2026, 10, 26, 1, 30)]),
    ]:
        folder = tmp_path / start.strftime("%m")
        fake = FakeTime(start, start + timedelta(days=2))
        recorder = Recorder(fake)
        _scheduler(folder, fake, [ScheduledJob("nightly", ("02:30",), berlin, recorder)]).run()
        assert recorder.calls == expected


def test_a_missed_run_catches_up_once_at_start_and_not_after_a_restart(
    tmp_path: Path, machine_zone: str
) -> None:
    def start(begin: datetime, end: datetime) -> list[datetime]:
        fake = FakeTime(begin, end)
        recorder = Recorder(fake)
        job = ScheduledJob("nightly", ("02:00",), "Asia/Bishkek", recorder)
        _scheduler(tmp_path, fake, [job]).run()
        return recorder.calls

    # A first start misses nothing (nothing was scheduled before it); it runs at 02:00 Bishkek.
    assert start(_utc(2026, 11, 30, 12), _utc(2026, 11, 30, 21)) == [_utc(2026, 11, 30, 20)]
    # The machine is off for two nights; at start the job runs once, at once.
    assert start(_utc(2026, 12, 3, 5), _utc(2026, 12, 3, 5, 30)) == [_utc(2026, 12, 3, 5)]
    state = RunState(tmp_path / "state.json")
    assert state.last_slot("nightly") == _utc(2026, 12, 2, 20)
    # A restart over the same state runs nothing more.
    assert start(_utc(2026, 12, 3, 5, 40), _utc(2026, 12, 3, 6)) == []
    # The state is written whole: valid JSON, no temporary file left beside it.
    assert sorted(path.name for path in tmp_path.iterdir()) == ["state.json", "state.json.lock"]
    json.loads((tmp_path / "state.json").read_text(encoding="utf-8"))


def test_a_failing_job_is_logged_and_the_loop_goes_on(tmp_path: Path, machine_zone: str) -> None:
    fake = FakeTime(_utc(2026, 11, 30, 12), _utc(2026, 12, 2, 12))
    failing = Recorder(fake, fail_first=1)
    other = Recorder(fake)
    lines: list[dict] = []
    _scheduler(
        tmp_path,
        fake,
        [
            ScheduledJob("nightly", ("02:00",), "Asia/Bishkek", failing),
            ScheduledJob("summaries", ("07:00",), "Asia/Bishkek", other),
        ],
        lines,
    ).run()
    assert len(failing.calls) == 2 and len(other.calls) == 2
    runs = [(line["job"], line["failures"], line["error"]) for line in lines]
    assert runs == [
        ("nightly", 1, "RuntimeError: the spreadsheet service is down"),
        ("summaries", 0, None),
        ("nightly", 0, None),
        ("summaries", 0, None),
    ]
    assert {line["schools"] for line in lines[1:]} == {1}
    assert [(line["findings"], line["writes"]) for line in lines[1:]] == [(2, 1)] * 3
    record = {record.name: record for record in RunState(tmp_path / "state.json").records()}
    assert record["nightly"].result == "ok"


def test_a_stop_between_workbooks_ends_the_run_and_the_loop(
    tmp_path: Path, machine_zone: str
) -> None:
    fake = FakeTime(_utc(2026, 11, 30, 19, 59), _utc(2026, 12, 5))
    done: list[str] = []
    scheduler: Scheduler

    def two_workbooks(stop: StopFlag) -> Outcome:
        schools = []
        for name in ("first.xlsx", "second.xlsx"):
            if stop:
                return Outcome(tuple(schools), interrupted=True)
            done.append(name)
            schools.append(SchoolOutcome(name))
            scheduler.stop()  # as SIGTERM's handler does while a workbook is in hand
        return Outcome(tuple(schools))

    lines: list[dict] = []
    scheduler = _scheduler(
        tmp_path, fake, [ScheduledJob("nightly", ("02:00",), "Asia/Bishkek", two_workbooks)], lines
    )
    scheduler.run()
    assert done == ["first.xlsx"]
    assert [(line["schools"], line["interrupted"]) for line in lines] == [(1, True)]
    assert fake.now == _utc(2026, 11, 30, 20)  # the loop ended with the run
    record = next(RunState(tmp_path / "state.json").records())
    assert (record.result, list(record.schools)) == ("interrupted", ["first.xlsx"])


@pytest.mark.parametrize(
    "reading",
    [lambda: _utc(2026, 11, 30, 20).timestamp(), lambda: _utc(2026, 11, 30, 20)],
    ids=["epoch-seconds", "aware-datetime"],
)
def test_the_clock_may_give_epoch_seconds_or_aware_datetimes(
    tmp_path: Path, reading: Callable[[], object]
) -> None:
    scheduler = Scheduler(
        [], state_path=tmp_path / "s.json", lock_path=tmp_path / "l", clock=reading
    )
    assert scheduler.now() == _utc(2026, 11, 30, 20)
