"""A job over several schools: one broken workbook never stops the others, and the summaries
job writes the summary tabs only. Real .xlsx files on disk."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import openpyxl
from conftest import course, school, teacher

from jobs import definitions
from schemas.policy import Policy
from sheets_sync.district import run_district
from sheets_sync.settings import School

NOW = datetime(2026, 11, 21, 20, 0, tzinfo=UTC)


def schools_on_disk(tmp_path, count: int) -> list[School]:
    found = []
    for number in range(count):
        path = school(
            tmp_path,
            [teacher("Асанова Гүлзат"), teacher("Бакиев Нурлан", hired_on=None)],
            [course("Асанова Гүлзат")],
            name=f"school{number}.xlsx",
        )
        found.append(School(f"Мектеп {number}", str(path), policy=Policy()))
    return found


def headers(path: str, title: str = "Мугалимдер") -> list:
    sheet = openpyxl.load_workbook(path)[title]
    return [cell.value for cell in sheet[1]]


def test_one_broken_school_does_not_stop_the_others(tmp_path):
    schools = schools_on_disk(tmp_path, 3)
    broken = School("Жок мектеп", str(tmp_path / "missing.xlsx"))
    runs = run_district(definitions()["nightly"], [schools[0], broken, *schools[1:]], now=NOW)
    assert [run.ok for run in runs] == [True, False, True, True]
    assert runs[1].error == "workbook-not-found"
    for item in schools:
        assert "Статус" in headers(item.workbook)
    assert all(run.writes > 0 and run.findings > 0 for run in runs if run.ok)


def test_the_summaries_job_writes_the_summary_tabs_and_no_status_column(tmp_path):
    (only,) = schools_on_disk(tmp_path, 1)
    before = headers(only.workbook)
    (outcome,) = run_district(definitions()["summaries"], [only], now=NOW)
    assert outcome.ok and outcome.writes > 0
    book = openpyxl.load_workbook(only.workbook)
    assert "Жыйынтык" in book.sheetnames and "Мөөнөттөр" in book.sheetnames
    assert headers(only.workbook) == before


def test_the_summaries_job_rebuilds_the_summary_tabs_it_marked_on_an_earlier_run(tmp_path):
    (only,) = schools_on_disk(tmp_path, 1)
    run_district(definitions()["summaries"], [only], now=NOW)
    (next_day,) = run_district(definitions()["summaries"], [only], now=NOW + timedelta(days=1))
    assert next_day.ok and next_day.writes > 0  # the as-of date on the tabs found by their mark
    book = openpyxl.load_workbook(only.workbook)
    assert [title for title in book.sheetnames if "Жыйынтык" in title] == ["Жыйынтык"]
    assert "Статус" not in headers(only.workbook)


def test_a_stop_before_a_school_starts_leaves_it_untouched(tmp_path):
    schools = schools_on_disk(tmp_path, 2)
    stop = threading.Event()
    started = []

    def on_start(number, total, item):
        started.append(item.name)
        stop.set()  # SIGTERM arrives while the first workbook is in hand

    runs = run_district(
        definitions()["nightly"], schools, now=NOW, stop=stop, concurrency=1, on_start=on_start
    )
    assert runs[0].ok and runs[1].skipped and started == ["Мектеп 0"]
    assert "Статус" in headers(schools[0].workbook)
    assert "Статус" not in headers(schools[1].workbook)
