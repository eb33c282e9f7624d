"""`check` on Google spreadsheets: one not shared with the key is named, with the account to
share it with, in the run's language, and nothing is written anywhere. The emulator's access
control over a real socket, a real key and tokens from the emulator's token endpoint."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import course, school, teacher
from test_google_backend import seed
from test_google_credentials import CLIENT_EMAIL, write_key

from sheets_sync.cli import main
from sheets_sync.emulator import Emulator

TAB = "Мугалимдер"


@pytest.fixture
def emu():
    with Emulator() as emulator:
        yield emulator


def test_check_names_an_unshared_sheet_in_the_run_s_language_and_writes_nothing(emu, tmp_path):
    key = write_key(tmp_path, emu.url + "/token")
    book = school(tmp_path, [teacher("Асанова Гүлзат")], [course("Асанова Гүлзат")])
    shared, unshared = seed(emu, book), seed(emu, book)
    emu.restrict(unshared)  # not shared with the key's account at all
    config = tmp_path / "sheets-sync.toml"
    config.write_text(
        f'language = "ru"\ncredentials = "{key.name}"\nendpoint = "{emu.url}"\n'
        f'[[schools]]\nname = "Школа № 5"\nworkbook = "{shared}"\n'
        f'[[schools]]\nname = "Школа № 12"\nworkbook = "{unshared}"\n',
        "utf-8",
    )
    before = {sid: emu.values(sid, TAB) for sid in (shared, unshared)}
    emu.clear_log()
    result = CliRunner().invoke(main, ["check", "--config", str(config)])
    assert result.exit_code == 2, result.output
    lines = result.output.splitlines()
    twelve = lines.index(f"Школа № 12 ({unshared}):")
    assert lines[twelve + 1] == (
        f"  ✖ Нет доступа к «{unshared}». Откройте доступ к таблице для {CLIENT_EMAIL} с ролью "
        "«Редактор» и запустите снова."
    )
    five = lines.index(f"Школа № 5 ({shared}):")
    assert lines[five + 1] == "  найдены листы: «Мугалимдер», «Квалификация»"
    assert not any("✖" in line for line in lines[five:twelve])
    assert lines[-1] == "Ничего не записано."
    sheets_calls = [r for r in emu.requests if r.path.startswith("/v4/")]
    assert {r.method for r in sheets_calls} == {"GET"} and len(sheets_calls) == 2
    assert {sid: emu.values(sid, TAB) for sid in (shared, unshared)} == before


def test_check_in_kyrgyz_by_default_names_the_account_to_share_with(emu, tmp_path):
    key = write_key(tmp_path, emu.url + "/token")
    book = school(tmp_path, [teacher("Асанова Гүлзат")], [course("Асанова Гүлзат")])
    unshared = seed(emu, book)
    emu.restrict(unshared)
    config = tmp_path / "sheets-sync.toml"
    config.write_text(
        f'credentials = "{key.name}"\nendpoint = "{emu.url}"\nspreadsheets = ["{unshared}"]\n',
        "utf-8",
    )
    result = CliRunner().invoke(main, ["check", "--config", str(config)])
    assert result.exit_code == 2
    assert CLIENT_EMAIL in result.output and "Эч нерсе жазылган жок" in result.output
