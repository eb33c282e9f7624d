"""What the command line writes besides workbooks, and how it ends when things go wrong: the
report never replaces a workbook or a stranger's file and is written atomically, the demo
never overwrites a workbook, a vanished reader of the output is no error, and a fault in one
workbook neither skips the others nor the report."""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
from dataclasses import replace
from datetime import date

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import JOB, course, school, teacher, write_workbook

from sheets_sync import cli as cli_module
from sheets_sync.cli import main
from sheets_sync.rules import rule

TEACHERS = "Мугалимдер"


def cli(*args: str):
    return CliRunner().invoke(main, list(args))


def sample(tmp_path, name="school.xlsx"):
    return school(
        tmp_path,
        [teacher("Асанова Гүлзат"), teacher("Бакиев Нурлан", hired_on=None)],
        [course("Асанова Гүлзат", end=date(2024, 6, 1))],
        name=name,
    )


def command(*args: str) -> list[str]:
    """The command as a shell runs it (the installed console script's entry point)."""
    return [sys.executable, "-c", "from sheets_sync.cli import main; main()", *args]


# -- the report's path ---------------------------------------------------------------------


def test_a_report_path_naming_the_workbook_is_refused_before_anything_runs(tmp_path):
    path = sample(tmp_path)
    before = path.read_bytes()
    result = cli("run", "--xlsx", str(path), "--report-json", str(path), "--language", "en")
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "is a workbook this command checks" in result.output
    assert path.read_bytes() == before


def test_a_report_path_naming_the_copy_given_with_out_is_refused(tmp_path):
    path, copy = sample(tmp_path), tmp_path / "copy.xlsx"
    result = cli("run", "--xlsx", str(path), "--out", str(copy), "--report-json", str(copy))
    assert result.exit_code == 2 and not copy.exists()


def test_a_report_path_naming_another_file_is_refused_and_the_file_kept(tmp_path):
    path, other = sample(tmp_path), tmp_path / "notes.json"
    other.write_text('{"as_of": "mine", "language": "ky"}', "utf-8")
    before = path.read_bytes()
    result = cli("run", "--xlsx", str(path), "--report-json", str(other), "--language", "ru")
    assert result.exit_code == 2 and "не является отчётом sheets-sync" in result.output
    assert other.read_text("utf-8") == '{"as_of": "mine", "language": "ky"}'
    assert path.read_bytes() == before  # refused before the run, not after it


def test_an_earlier_report_is_replaced_and_keeps_its_permissions(tmp_path):
    path, report = sample(tmp_path), tmp_path / "out" / "report.json"
    assert cli("run", "--xlsx", str(path), "--report-json", str(report)).exit_code == 0
    report.chmod(0o640)
    assert cli("run", "--xlsx", str(path), "--report-json", str(report)).exit_code == 0
    assert json.loads(report.read_text("utf-8"))["spreadsheets"][0]["ok"] is True
    assert report.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in report.parent.iterdir()] == ["report.json"]  # no temp file left


def _limit_file_size() -> None:
    # A file may not grow past 600 bytes: the report's writes fail as on a full disk.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (600, 600))


def test_a_report_that_cannot_be_written_leaves_the_previous_one_whole(tmp_path):
    path, report = sample(tmp_path), tmp_path / "report.json"
    assert cli("run", "--xlsx", str(path), "--report-json", str(report)).exit_code == 0
    previous = report.read_bytes()
    assert len(previous) > 600
    finished = subprocess.run(
        command("run", "--xlsx", str(path), "--dry-run", "--report-json", str(report)),
        capture_output=True,
        text=True,
        preexec_fn=_limit_file_size,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        check=False,
    )
    assert finished.returncode == 2, finished.stderr
    assert "JSON-отчёту жазылган жок" in finished.stderr and "Traceback" not in finished.stderr
    assert report.read_bytes() == previous
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json", "school.xlsx"]


# -- the demo --------------------------------------------------------------------------------


def test_the_demo_never_overwrites_an_existing_workbook(tmp_path):
    folder = tmp_path / "demo"
    folder.mkdir()
    mine = write_workbook(folder / "school.xlsx", {"Менин": [("маанилүү",)]})
    before = mine.read_bytes()
    result = cli("demo", "--out", str(folder), "--language", "en")
    assert result.exit_code == 0, result.output
    assert mine.read_bytes() == before
    assert "already exists and was kept" in result.output
    fresh = openpyxl.load_workbook(folder / "school-2.xlsx")
    assert fresh[fresh.sheetnames[0]]["A1"].value is not None
    assert (folder / "report-2.json").exists()


def test_the_demo_run_twice_keeps_the_first_result(tmp_path):
    folder = tmp_path / "demo"
    assert cli("demo", "--out", str(folder)).exit_code == 0
    first = (folder / "school.xlsx").read_bytes()
    assert cli("demo", "--out", str(folder)).exit_code == 0
    assert (folder / "school.xlsx").read_bytes() == first
    assert (folder / "school-2.xlsx").exists()


# -- how a run ends --------------------------------------------------------------------------


def test_output_into_a_closed_pipe_ends_quietly_and_the_run_still_finishes(tmp_path):
    path, report = sample(tmp_path), tmp_path / "report.json"
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first line, as `| head -0` leaves it
    try:
        finished = subprocess.run(
            command("run", "--xlsx", str(path), "--report-json", str(report)),
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    finally:
        os.close(write_end)
    assert finished.returncode == 0 and finished.stderr == ""
    assert openpyxl.load_workbook(path)[TEACHERS]["I1"].value == "Статус"
    assert json.loads(report.read_text("utf-8"))["spreadsheets"][0]["ok"] is True


def test_a_run_piped_into_head_ends_with_the_runs_own_code(tmp_path):
    path = sample(tmp_path)
    line = " ".join(f"'{part}'" for part in command("run", "--xlsx", str(path)))
    finished = subprocess.run(
        ["bash", "-c", f"{line} | head -n 1 >/dev/null; echo ${{PIPESTATUS[0]}}"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert finished.stdout.strip() == "0" and "Traceback" not in finished.stderr


@pytest.mark.parametrize("day", ["9999-12-31", "3000-01-01", "1899-12-31"])
def test_an_as_of_date_out_of_any_school_year_is_one_line(tmp_path, day):
    result = cli("run", "--xlsx", str(sample(tmp_path)), "--as-of", day)
    assert result.exit_code == 2 and "1900-01-01" in result.output and "2999-12-31" in result.output
    assert "Traceback" not in result.output and "ValueError" not in result.output


def test_the_latest_accepted_as_of_date_runs(tmp_path):
    result = cli("run", "--xlsx", str(sample(tmp_path)), "--as-of", "2999-12-31", "--dry-run")
    assert result.exit_code == 0, result.output


@rule("broken-for-test", needs={"teachers": ["full_name"]})
def _broken(ctx):
    if any(r.data.full_name == "Ката Бар" for r in ctx.table("teachers").records):
        raise RuntimeError("a fault of the toolkit")
    return []


def test_a_fault_in_one_workbook_skips_neither_the_others_nor_the_report(tmp_path, monkeypatch):
    faulty = school(tmp_path, [teacher("Ката Бар")], [], name="faulty.xlsx")
    good = sample(tmp_path)
    report = tmp_path / "report.json"
    job = replace(JOB, rules=(*JOB.rules, _broken))
    monkeypatch.setattr(cli_module, "_default_job", lambda: job)
    result = cli(
        "run", "--xlsx", str(faulty), "--xlsx", str(good), "--report-json", str(report),
        "--language", "en",
    )  # fmt: skip
    assert result.exit_code == 1
    assert "failed unexpectedly (RuntimeError)" in result.output
    assert "Traceback" not in result.output
    assert openpyxl.load_workbook(good)[TEACHERS]["I1"].value == "Status"
    sheets = json.loads(report.read_text("utf-8"))["spreadsheets"]
    assert [s["ok"] for s in sheets] == [False, True]
    assert "RuntimeError" in sheets[0]["error"]


def test_debug_shows_the_fault_behind_an_unexpected_failure(tmp_path, monkeypatch):
    faulty = school(tmp_path, [teacher("Ката Бар")], [], name="faulty.xlsx")
    job = replace(JOB, rules=(*JOB.rules, _broken))
    monkeypatch.setattr(cli_module, "_default_job", lambda: job)
    result = cli("run", "--xlsx", str(faulty), "--debug")
    assert "Traceback" in result.output and "a fault of the toolkit" in result.output


# -- header rows -----------------------------------------------------------------------------


def test_a_header_row_below_the_scanned_rows_is_named_in_the_advice(tmp_path):
    path = sample(tmp_path)
    workbook = openpyxl.load_workbook(path)
    workbook[TEACHERS].insert_rows(1, amount=10)
    workbook.save(path)
    result = cli("run", "--xlsx", str(path), "--language", "en")
    assert result.exit_code == 3
    assert "are in row 11" in result.output and "first 10 rows" in result.output
    assert "(row 1)" not in result.output


# -- the copy's path -----------------------------------------------------------------------


def test_a_copy_path_naming_a_workbook_the_toolkit_did_not_write_is_refused_and_kept(tmp_path):
    path, other = sample(tmp_path), sample(tmp_path, name="other.xlsx")
    before = other.read_bytes()
    result = cli("run", "--xlsx", str(path), "--out", str(other), "--language", "en")
    assert result.exit_code == 2
    assert "is not a copy written by sheets-sync" in result.output
    assert other.read_bytes() == before


def test_a_copy_path_naming_any_other_existing_file_is_refused_and_kept(tmp_path):
    path, other = sample(tmp_path), tmp_path / "notes.xlsx"
    other.write_text("not a workbook", "utf-8")
    result = cli("run", "--xlsx", str(path), "--out", str(other), "--language", "ru")
    assert result.exit_code == 2 and "не является копией" in result.output
    assert other.read_text("utf-8") == "not a workbook"


def test_a_copy_written_earlier_is_written_again(tmp_path):
    path, copy = sample(tmp_path), tmp_path / "checked.xlsx"
    assert cli("run", "--xlsx", str(path), "--out", str(copy)).exit_code == 0
    again = cli("run", "--xlsx", str(path), "--out", str(copy), "--as-of", "2027-01-10")
    assert again.exit_code == 0
    assert "Статус" in [cell.value for cell in openpyxl.load_workbook(copy)[TEACHERS][1]]
