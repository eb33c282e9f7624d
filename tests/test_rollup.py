"""The district roll-up: one row per school with counts and rates only, rebuilt by the job
through the xlsx backend in one change set, and no personal data in it. Real files on disk,
compared part by part."""

from __future__ import annotations

import json
import zipfile
from datetime import UTC, date, datetime

import openpyxl
from conftest import course, school, teacher, write_workbook

from jobs.methodical_work import JOB
from sheets_sync.backends.xlsx import XlsxBackend
from sheets_sync.cli_nightly import run_job
from sheets_sync.logs import RunLog
from sheets_sync.rollup import KEY
from sheets_sync.settings import load_settings

NOW = datetime(2026, 12, 1, 20, 0, tzinfo=UTC)  # 02:00 on 2 December in Bishkek
AS_OF = date(2026, 12, 2)
PEOPLE = ["Асанова Гүлзат", "Бакиев Нурлан", "Жумабаева Айгүл", "Осмонов Талант"]


def district(tmp_path, rollup: str = "district.xlsx", language: str = "en"):
    registers = [
        # school 0: one teacher with a course, one hired without any record
        ([teacher(PEOPLE[0]), teacher(PEOPLE[1], hired_on=None)], [course(PEOPLE[0])]),
        # school 1: two teachers, both with a course
        ([teacher(PEOPLE[2]), teacher(PEOPLE[3])], [course(PEOPLE[2]), course(PEOPLE[3])]),
        # school 2: one teacher, no course at all
        ([teacher(PEOPLE[3])], []),
    ]
    text = (
        f'language = "{language}"\n[nightly]\nstate_dir = "{tmp_path / "state"}"\n'
        f'rollup = "{rollup}"\n'
    )
    for number, (teachers, courses) in enumerate(registers):
        path = school(tmp_path, teachers, courses, name=f"s{number}.xlsx")
        text += f'[[schools]]\nname = "School {number}"\nworkbook = "{path}"\n'
    text += f'[[schools]]\nname = "Gone"\nworkbook = "{tmp_path / "gone.xlsx"}"\n'
    config = tmp_path / "sheets-sync.toml"
    config.write_text(text, "utf-8")
    return load_settings(config, JOB.policy)


def run(settings, tmp_path):
    return run_job(
        "nightly",
        settings,
        log=RunLog("json", tmp_path / "log"),
        now=lambda: NOW,
        terminal=False,
        echo=lambda *a, **k: None,
    )


def rows(path) -> list[list]:
    book = openpyxl.load_workbook(path)
    (sheet,) = book.worksheets
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def parts(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as package:
        return {name: package.read(name) for name in package.namelist()}


def test_after_a_district_run_the_xlsx_rollup_has_one_row_per_school(tmp_path):
    settings = district(tmp_path)
    code, outcome = run(settings, tmp_path)
    assert code == 2 and outcome.failures == 1  # Gone's workbook is missing
    found = rows(tmp_path / "district.xlsx")
    assert found[0] == ["sheets-sync · Schools", *[None] * 8]
    assert found[1] == [
        "School",
        "Checked on",
        "Result",
        "Teachers",
        "✖ errors",
        "⚠ warnings",
        "ℹ notes",
        "Overdue",
        "PD up to date, %",
    ]
    by_school = {row[0]: row for row in found[2:]}
    assert list(by_school) == ["School 0", "School 1", "School 2", "Gone"]
    assert by_school["School 0"][3] == 2 and by_school["School 0"][8] == 50
    assert by_school["School 1"][3] == 2 and by_school["School 1"][8] == 100
    assert by_school["School 2"][3] == 1 and by_school["School 2"][8] == 0
    assert [by_school[f"School {n}"][7] for n in range(3)] == [0, 0, 1]  # PD due in 2015
    assert by_school["Gone"][2] == "failed" and by_school["Gone"][3:] == [None] * 6
    assert {row[1].date() for row in found[2:]} == {AS_OF}
    assert [row[2] for row in found[2:5]] == ["checked"] * 3
    report = (tmp_path / "state" / "reports" / "nightly" / "latest.json").read_text("utf-8")
    sheets = {s["source"]: s for s in json.loads(report)["spreadsheets"]}
    for number in range(3):
        registers = sheets[str(tmp_path / f"s{number}.xlsx")]["registers"]
        findings = [f for r in registers for f in r["findings"]]
        severities = [f["severity"] for f in findings]
        assert by_school[f"School {number}"][4:7] == [
            severities.count("error"),
            severities.count("warning"),
            severities.count("info"),
        ]


def test_the_rollup_holds_no_personal_data_from_the_registers(tmp_path):
    settings = district(tmp_path, language="ky")
    run(settings, tmp_path)
    text = b"".join(parts(tmp_path / "district.xlsx").values()).decode("utf-8", "replace")
    cells = " ".join(str(value) for row in rows(tmp_path / "district.xlsx") for value in row)
    for person in PEOPLE:
        for word in person.split():
            assert word not in text and word not in cells, word
    for words in ("Жаңы стандарттар", "А-1", "мугалим", "сертификат"):
        assert words not in text, words  # nor anything else of a register's rows


def test_the_rollup_is_rebuilt_in_place_and_leaves_the_rest_of_its_workbook_alone(tmp_path):
    mine = write_workbook(tmp_path / "district.xlsx", {"Notes": [["the district's own tab"]]})
    settings = district(tmp_path, rollup=str(mine))
    run(settings, tmp_path)
    snapshot = XlsxBackend(mine).read()
    [ours] = [tab for tab in snapshot if tab.mark == KEY]
    assert ours.title == "Schools" and snapshot.tab("Notes").rows == (("the district's own tab",),)
    first = parts(mine)
    run(settings, tmp_path)
    assert parts(mine) == first  # the same night's counts: nothing to write


def test_a_rollup_that_cannot_be_written_is_one_line_and_the_schools_work_is_kept(tmp_path):
    from sheets_sync.cli_schedule import scheduled_jobs
    from sheets_sync.district import Pacers
    from sheets_sync.scheduler import StopFlag

    mine = write_workbook(tmp_path / "district.xlsx", {"Notes": [["the district's own tab"]]})
    mine.chmod(0o444)  # read-only: the xlsx backend refuses to write it
    before = parts(mine)
    settings = district(tmp_path, rollup=str(mine))
    shown: list[str] = []
    code, outcome = run_job(
        "nightly",
        settings,
        log=RunLog("json", tmp_path / "log"),
        now=lambda: NOW,
        terminal=False,
        echo=lambda text, err=False: shown.append(text),
    )
    assert code == 4 and outcome.writes > 0  # the roll-up's "not written" beats "not found"
    [line] = [text for text in shown if "roll-up" in text]
    assert line.startswith(f"✖ roll-up «{mine}»: ")
    log = tmp_path / "scheduled.log"
    [nightly, _] = scheduled_jobs(
        settings, settings.all_schools(), {}, None, Pacers(), RunLog("json", log)
    )
    assert len(nightly.run(StopFlag()).schools) == 4
    [problem] = [text for text in log.read_text("utf-8").splitlines() if '"rollup"' in text]
    assert json.loads(problem)["workbook"] == str(mine)
    assert parts(mine) == before


def test_a_run_over_one_time_zone_keeps_the_other_zones_rows(tmp_path):
    from sheets_sync.cli_schedule import scheduled_jobs
    from sheets_sync.district import Pacers
    from sheets_sync.scheduler import StopFlag

    paths = [school(tmp_path, [teacher(PEOPLE[0])], [], name=f"{n}.xlsx") for n in "ab"]
    config = tmp_path / "sheets-sync.toml"
    config.write_text(
        'language = "en"\n[nightly]\nrollup = "district.xlsx"\n'
        f'[[schools]]\nname = "Bishkek school"\nworkbook = "{paths[0]}"\n'
        f'[[schools]]\nname = "Osh school"\nworkbook = "{paths[1]}"\ntimezone = "Asia/Tashkent"\n',
        "utf-8",
    )
    settings = load_settings(config, JOB.policy)
    bishkek, tashkent = scheduled_jobs(
        settings, settings.all_schools(), {"summaries": ()}, None, Pacers()
    )
    bishkek.run(StopFlag())
    first = rows(tmp_path / "district.xlsx")[2:]
    assert [row[:3] for row in first][1] == ["Osh school", None, "not reached"]
    tashkent.run(StopFlag())
    second = rows(tmp_path / "district.xlsx")[2:]
    assert second[0] == first[0] and first[0][2] == "checked"  # kept from its own run
    assert second[1][0] == "Osh school" and second[1][2] == "checked" and second[1][3] == 1


def test_a_job_with_rollup_false_leaves_the_rollup_alone(tmp_path):
    settings = district(tmp_path)
    config = settings.path
    config.write_text(config.read_text("utf-8") + "[jobs.summaries]\nrollup = false\n", "utf-8")
    settings = load_settings(config, JOB.policy)
    assert settings.jobs["summaries"].rollup is False
    run_job("summaries", settings, log=RunLog("json", tmp_path / "log"), terminal=False)
    assert not (tmp_path / "district.xlsx").exists()
    run(settings, tmp_path)  # nightly keeps the default
    assert [row[0] for row in rows(tmp_path / "district.xlsx")[2:]] == [
        "School 0",
        "School 1",
        "School 2",
        "Gone",
    ]
