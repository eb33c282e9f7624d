"""The command line: exit codes, one clear line per failure, the JSON report, help and README."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import click
import openpyxl
import pytest
from click.testing import CliRunner
from conftest import COURSE_HEADERS, course, school, teacher, write_workbook

from sheets_sync.cli import main

ROOT = Path(__file__).resolve().parent.parent


def cli(*args: str):
    return CliRunner().invoke(main, list(args))


def sample(tmp_path):
    return school(
        tmp_path,
        [teacher("Асанова Гүлзат"), teacher("Бакиев Нурлан", hired_on=None)],
        [course("Асанова Гүлзат", end=date(2024, 6, 1)), course("Белгисиз Адам")],
    )


def test_run_reports_counts_and_worst_items_and_exits_zero(tmp_path):
    path = sample(tmp_path)
    result = cli("run", "--xlsx", str(path), "--as-of", "2026-11-21")
    assert result.exit_code == 0, result.output
    assert "Мугалимдер: 2 сап" in result.output
    assert "Эң шашылыш" in result.output
    assert "Квалификацияны жогорулатуу боюнча маалымат жок" in result.output
    assert f"Натыйжа: {path}" in result.output


def test_rerun_says_nothing_changed(tmp_path):
    path = sample(tmp_path)
    cli("run", "--xlsx", str(path), "--as-of", "2026-11-21")
    result = cli("run", "--xlsx", str(path), "--as-of", "2026-11-21", "--language", "en")
    assert "Cells updated" in result.output  # headers and notes switch language
    again = cli("run", "--xlsx", str(path), "--as-of", "2026-11-21", "--language", "en")
    assert "No changes" in again.output


def test_dry_run_prints_the_changes_and_writes_nothing(tmp_path):
    path = sample(tmp_path)
    before = path.read_bytes()
    result = cli("run", "--xlsx", str(path), "--dry-run", "--as-of", "2026-11-21")
    assert result.exit_code == 0
    assert "--dry-run" in result.output and "Мугалимдер!I1: «» → «Статус»" in result.output
    assert path.read_bytes() == before


def test_json_report_follows_the_domain_contract(tmp_path):
    path = sample(tmp_path)
    report = tmp_path / "out" / "report.json"
    cli("run", "--xlsx", str(path), "--as-of", "2026-11-21", "--report-json", str(report))
    document = json.loads(report.read_text("utf-8"))
    assert set(document) == {"as_of", "language", "spreadsheets"}
    assert (document["as_of"], document["language"]) == ("2026-11-21", "ky")
    sheet = document["spreadsheets"][0]
    assert set(sheet) == {"source", "ok", "error", "registers"}
    assert (sheet["source"], sheet["ok"], sheet["error"]) == (str(path), True, None)
    teachers, courses = sheet["registers"][:2]
    assert set(teachers) == {"register", "tab", "rows", "skipped_rules", "findings"}
    assert (teachers["register"], teachers["tab"], teachers["rows"]) == (
        "teachers",
        "Мугалимдер",
        2,
    )
    for finding in teachers["findings"] + courses["findings"]:
        assert set(finding) == {"row", "column", "code", "severity", "due", "message"}
        assert finding["due"] is None or date.fromisoformat(finding["due"])
    unknown = [f for f in courses["findings"] if f["code"] == "unknown-teacher"]
    assert unknown == [
        {
            "row": 3,
            "column": "Мугалим",
            "code": "unknown-teacher",
            "severity": "error",
            "due": None,
            "message": unknown[0]["message"],
        }
    ]
    assert "Белгисиз Адам" in unknown[0]["message"]
    overdue = [f for f in teachers["findings"] if f["code"] == "pd-no-record"]
    assert overdue[0]["row"] == 3


def test_missing_file_is_one_line_and_exit_2(tmp_path):
    result = cli("run", "--xlsx", str(tmp_path / "жок.xlsx"))
    assert result.exit_code == 2
    assert "жок.xlsx" in result.output and "табылган жок" in result.output
    assert "Traceback" not in result.output


def test_missing_required_column_exits_3_and_names_the_column(tmp_path):
    headers = [h for h in COURSE_HEADERS if h != "Аякташы"]
    path = school(tmp_path, [teacher("Асанова Гүлзат")], [], course_headers=headers)
    result = cli("run", "--xlsx", str(path), "--language", "ru")
    assert result.exit_code == 3
    assert "нет столбца «Окончание»" in result.output


def test_workbook_with_no_register_tab_exits_3(tmp_path):
    path = write_workbook(tmp_path / "x.xlsx", {"Лист1": [("a", "b")]})
    result = cli("run", "--xlsx", str(path), "--language", "en")
    assert result.exit_code == 3
    assert "No register tab was found" in result.output and "«Teachers»" in result.output


def test_workbook_open_in_libreoffice_is_refused_and_kept(tmp_path):
    path = sample(tmp_path)
    (tmp_path / f".~lock.{path.name}#").write_text("someone,host,2026")
    before = path.read_bytes()
    result = cli("run", "--xlsx", str(path))
    assert result.exit_code == 4
    assert "LibreOffice" in result.output
    assert path.read_bytes() == before


def test_one_broken_workbook_does_not_stop_the_others(tmp_path):
    good = sample(tmp_path)
    result = cli("run", "--xlsx", str(tmp_path / "missing.xlsx"), "--xlsx", str(good))
    assert result.exit_code == 2
    assert openpyxl.load_workbook(good)["Мугалимдер"]["I1"].value == "Статус"


def test_bad_as_of_is_a_usage_error(tmp_path):
    result = cli("run", "--xlsx", str(sample(tmp_path)), "--as-of", "21.11.2026")
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output


def test_debug_shows_the_traceback(tmp_path):
    plain = cli("run", "--xlsx", str(tmp_path / "missing.xlsx"))
    debug = cli("run", "--xlsx", str(tmp_path / "missing.xlsx"), "--debug")
    assert "Traceback" not in plain.output
    assert "Traceback" in debug.output and "WorkbookNotFound" in debug.output


def test_settings_file_changes_policy_and_language(tmp_path):
    path = school(
        tmp_path, [teacher("Асанова Гүлзат")], [course("Асанова Гүлзат", end=date(2022, 1, 1))]
    )
    config = tmp_path / "settings.toml"
    config.write_text('language = "en"\n[policy]\npd_cycle_years = 3\n', "utf-8")
    result = cli("run", "--xlsx", str(path), "--config", str(config), "--as-of", "2026-11-21")
    assert "Professional development was due on 2025-01-01" in result.output


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('[policy]\npd_warn_days = "soon"\n', "policy.pd_warn_days"),
        ("[policy]\npd_cycle = 3\n", "policy.pd_cycle"),
        ('language = "kz"\n', "language"),
    ],
)
def test_wrong_setting_names_the_key_and_what_it_accepts(tmp_path, text, key):
    config = tmp_path / "settings.toml"
    config.write_text(text, "utf-8")
    result = cli("run", "--xlsx", str(sample(tmp_path)), "--config", str(config))
    assert result.exit_code == 2
    assert key in result.output


def test_settings_command_prints_every_policy_number_with_its_source():
    from schemas.policy import Policy

    output = cli("settings").output
    for name in Policy.model_fields:
        assert re.search(rf"^{name} = ", output, re.MULTILINE)
    assert "seed 004" in output


def _commands(group: click.Group, prefix: str = ""):
    for name, command in group.commands.items():
        yield f"{prefix}{name}", command
        if isinstance(command, click.Group):
            yield from _commands(command, f"{prefix}{name} ")


def test_every_command_has_help_and_is_in_the_readme():
    readme = (ROOT / "README.md").read_text("utf-8")
    for name, command in _commands(main):
        assert command.help, name
        assert cli(*name.split(), "--help").exit_code == 0
        assert f"sheets-sync {name}" in readme, name


def test_console_script_is_installed():
    script = Path(sys.executable).parent / "sheets-sync"
    completed = subprocess.run([str(script), "--help"], capture_output=True, text=True, check=True)
    assert "run" in completed.stdout and "demo" in completed.stdout


def test_a_failing_workbook_is_reported_in_the_settings_files_language(tmp_path):
    config = tmp_path / "settings.toml"
    config.write_text('language = "ru"\n', "utf-8")
    result = cli("run", "--xlsx", str(tmp_path / "нет.xlsx"), "--config", str(config))
    assert result.exit_code == 2
    assert "не найден" in result.output
