"""Fifty schools on the Sheets emulator over a real socket, with 5xx answers and dropped
connections injected: every school's sheet still ends right."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import course, school, teacher
from test_google_backend import TEACHERS_TAB, seed, statuses_by_name

from jobs import definitions
from schemas.policy import Policy
from sheets_sync.district import Pacers, run_district
from sheets_sync.emulator import Emulator
from sheets_sync.settings import School

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)


@pytest.fixture
def emu():
    with Emulator() as emulator:
        yield emulator


def fifty_schools(emu, tmp_path) -> tuple[list[str], list[School]]:
    """Fifty copies of one small school on the emulator, each a school of the district."""
    path = school(
        tmp_path,
        [teacher("Асанова Гүлзат"), teacher("Бакиев Нурлан", hired_on=None)],
        [course("Асанова Гүлзат")],
    )
    sheets = [seed(emu, path) for _ in range(50)]
    schools = [
        School(f"S{n}", sheet, credentials="none", endpoint=emu.url, policy=Policy())
        for n, sheet in enumerate(sheets)
    ]
    return sheets, schools


def test_fifty_schools_through_failures_all_end_right(emu, tmp_path):
    sheets, schools = fifty_schools(emu, tmp_path)
    emu.faults.random(rate=0.15, statuses=(500, 502, 503), drop_rate=0.05, seed=7)
    runs = run_district(
        definitions()["nightly"],
        schools,
        concurrency=4,
        now=NOW,
        backend_options={"sleep": lambda seconds: None},
    )
    emu.faults.clear()
    assert [(run.school, run.result and str(run.result.error)) for run in runs if not run.ok] == []
    for sheet in sheets:
        statuses = statuses_by_name(emu.values(sheet, TEACHERS_TAB))
        assert statuses["Бакиев Нурлан"][0] == "✖"
        assert statuses["Асанова Гүлзат"][0]


class SimulatedTime:
    """One clock for the emulator's quota, the pacer and the retries: it moves when they
    wait, so minutes of quota pass in moments."""

    def __init__(self) -> None:
        self.now = 10_000.0

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += max(seconds, 0.0)


def test_fifty_schools_on_one_key_meet_no_quota_refusal_and_use_most_of_it(emu, tmp_path):
    time = SimulatedTime()
    emu.quota(reads_per_minute=60, writes_per_minute=60, clock=time.clock)
    sheets, schools = fifty_schools(emu, tmp_path)
    emu.clear_log()
    started = time.now
    runs = run_district(
        definitions()["nightly"],
        schools,
        concurrency=1,  # one at a time: the simulated clock is not shared safely by threads
        now=NOW,
        pacers=Pacers(60, 60, clock=time.clock, sleep=time.sleep),
        backend_options={"sleep": time.sleep, "clock": time.clock},
    )
    assert [run.school for run in runs if not run.ok] == []
    api = [r for r in emu.requests if r.path.startswith("/v4/")]
    assert [r for r in api if r.status == 429] == []
    reads = sum(1 for r in api if r.method == "GET")
    minutes = (time.now - started) / 60
    # the reads bound the run: past the first minute's 60 it waits for quota, and wastes little
    assert reads >= 100
    assert (reads - 60) / 60 <= minutes <= reads / 60 * 1.1
    for sheet in sheets:
        assert statuses_by_name(emu.values(sheet, TEACHERS_TAB))["Бакиев Нурлан"][0] == "✖"


def test_a_school_whose_calls_kept_failing_gets_one_more_turn_after_the_others(emu, tmp_path):
    path = school(tmp_path, [teacher("Бакиев Нурлан", hired_on=None)], [])
    sheets = [seed(emu, path) for _ in range(3)]
    schools = [
        School(f"S{n}", sheet, credentials="none", endpoint=emu.url, policy=Policy())
        for n, sheet in enumerate(sheets)
    ]
    emu.faults.fail_next(6, status=503)  # the first school's read fails through every retry
    runs = run_district(
        definitions()["nightly"],
        schools,
        concurrency=1,
        now=NOW,
        backend_options={"sleep": lambda seconds: None},
    )
    assert [run.ok for run in runs] == [True, True, True]
    for sheet in sheets:
        assert statuses_by_name(emu.values(sheet, TEACHERS_TAB))["Бакиев Нурлан"][0] == "✖"
