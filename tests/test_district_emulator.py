"""Fifty schools on the Sheets emulator over a real socket, with 5xx answers and dropped
connections injected: every school's sheet still ends right."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import course, school, teacher
from test_google_backend import TEACHERS_TAB, seed, statuses_by_name

from jobs import definitions
from schemas.policy import Policy
from sheets_sync.district import run_district
from sheets_sync.emulator import Emulator
from sheets_sync.settings import School

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)


@pytest.fixture
def emu():
    with Emulator() as emulator:
        yield emulator


def test_fifty_schools_through_failures_all_end_right(emu, tmp_path):
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
    emu.faults.random(rate=0.15, statuses=(500, 502, 503), drop_rate=0.05, seed=7)
    runs = run_district(
        definitions()["nightly"],
        schools,
        concurrency=4,
        now=NOW,
        backend_options={"sleep": lambda seconds: None},
    )
    emu.faults.clear()
    assert [run.school for run in runs if not run.ok] == []
    for sheet in sheets:
        statuses = statuses_by_name(emu.values(sheet, TEACHERS_TAB))
        assert statuses["Бакиев Нурлан"][0] == "✖"
        assert statuses["Асанова Гүлзат"][0]
