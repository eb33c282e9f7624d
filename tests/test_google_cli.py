"""`sheets-sync run` with Google spreadsheets: options, settings file, failures that do not stop
the others. Real CLI (click's runner), real HTTP to the emulator."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import course, school, teacher
from test_google_backend import TEACHERS_TAB, seed, statuses_by_name, xlsx_tabs

from sheets_sync.cli import main
from sheets_sync.emulator import Emulator


def cli(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def emu():
    with Emulator() as emulator:
        yield emulator


@pytest.fixture
def workbook(tmp_path):
    return school(
        tmp_path,
        [teacher("Асанова Гүлзат"), teacher("Бакиев Нурлан", hired_on=None)],
        [course("Асанова Гүлзат"), course("Белгисиз Адам")],
    )


def test_run_on_a_spreadsheet_through_the_emulator_without_a_key(emu, workbook):
    sid = seed(emu, workbook)
    result = cli(
        "run",
        "--spreadsheet",
        sid,
        "--endpoint",
        emu.url,
        "--credentials",
        "none",
        "--as-of",
        "2026-11-21",
    )
    assert result.exit_code == 0, result.output
    assert "Мугалимдер: 2 сап" in result.output and f"Натыйжа: {sid}" in result.output
    statuses = statuses_by_name(emu.values(sid, TEACHERS_TAB))
    assert statuses["Асанова Гүлзат"][0] and statuses["Бакиев Нурлан"][0] == "✖"


def test_xlsx_and_spreadsheets_mix_and_one_failure_does_not_stop_the_others(
    emu, workbook, tmp_path
):
    sid = seed(emu, workbook)
    other = school(tmp_path, [teacher("Асанова Гүлзат")], [], name="other.xlsx")
    result = cli(
        "run",
        "--spreadsheet",
        "1NoSuchSpreadsheet",
        "--spreadsheet",
        sid,
        "--xlsx",
        str(other),
        "--endpoint",
        emu.url,
        "--credentials",
        "none",
        "--language",
        "en",
    )
    assert result.exit_code == 2
    assert "Spreadsheet «1NoSuchSpreadsheet» was not found" in result.output
    assert emu.values(sid, TEACHERS_TAB)[0][-3:] == ["Status", "Due", "Notes"]
    assert xlsx_tabs(other)[TEACHERS_TAB][0][-3:] == ["Status", "Due", "Notes"]


def test_an_unreachable_api_exits_5_with_one_line(workbook):
    result = cli(
        "run", "--spreadsheet", "1AbC", "--endpoint", "http://127.0.0.1:9", "--credentials", "none"
    )
    assert result.exit_code == 5
    assert "http://127.0.0.1:9" in result.output and "Traceback" not in result.output


def test_the_settings_file_can_name_spreadsheets_key_and_endpoint(emu, workbook, tmp_path):
    sid = seed(emu, workbook)
    config = tmp_path / "settings.toml"
    config.write_text(
        f'language = "ru"\nspreadsheets = ["{sid}"]\ncredentials = "none"\n'
        f'endpoint = "{emu.url}"\n',
        "utf-8",
    )
    result = cli("run", "--config", str(config), "--as-of", "2026-11-21")
    assert result.exit_code == 0, result.output
    assert emu.values(sid, TEACHERS_TAB)[0][-3:] == ["Статус", "Срок", "Замечания"]


def test_a_relative_key_path_in_the_settings_file_is_read_beside_it(tmp_path):
    config = tmp_path / "conf" / "settings.toml"
    config.parent.mkdir()
    config.write_text('spreadsheets = ["1AbC"]\ncredentials = "key.json"\n', "utf-8")
    result = cli("run", "--config", str(config), "--language", "en")
    assert result.exit_code == 2
    assert str(tmp_path / "conf" / "key.json") in result.output and "was not found" in result.output


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('spreadsheets = "1AbC"\n', "spreadsheets"),
        ("spreadsheets = [1]\n", "spreadsheets"),
        ("credentials = 5\n", "credentials"),
        ('endpoint = ""\n', "endpoint"),
    ],
)
def test_wrong_google_settings_name_the_key(tmp_path, text, key):
    config = tmp_path / "settings.toml"
    config.write_text(text, "utf-8")
    result = cli("run", "--config", str(config), "--spreadsheet", "1AbC")
    assert result.exit_code == 2 and key in result.output


def test_run_needs_at_least_one_workbook():
    result = cli("run")
    assert result.exit_code == 2
    assert "--xlsx" in result.output and "--spreadsheet" in result.output


def test_out_is_only_for_a_single_xlsx(workbook, tmp_path):
    result = cli("run", "--spreadsheet", "1AbC", "--out", str(tmp_path / "copy.xlsx"))
    assert result.exit_code == 2 and "--out" in result.output


def test_none_is_refused_for_google_itself(workbook):
    result = cli("run", "--spreadsheet", "1AbC", "--credentials", "none", "--language", "en")
    assert result.exit_code == 2
    assert "--credentials none works only with an endpoint on this machine" in result.output


def test_rows_left_for_the_next_run_are_listed_after_the_report(emu, workbook, monkeypatch):
    from sheets_sync.backends import google as google_backend

    sid = seed(emu, workbook)
    real_apply = google_backend.GoogleSheetsBackend.apply

    def apply_after_an_edit(self, snapshot, changes):
        emu.mutate(sid, lambda book: book.sheet(TEACHERS_TAB).insert_rows(3))
        real_apply(self, snapshot, changes)

    # The colleague's edit lands between the job's read and its write.
    monkeypatch.setattr(google_backend.GoogleSheetsBackend, "apply", apply_after_an_edit)
    result = cli(
        "run", "--spreadsheet", sid, "--endpoint", emu.url, "--credentials", "none",
        "--language", "en",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Left for the next run" in result.output and "Мугалимдер!3" in result.output
