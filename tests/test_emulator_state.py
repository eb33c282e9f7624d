"""Persistence across restarts, the model's test helpers and the blocking ``serve``."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import requests

from sheets_sync.emulator import Emulator, Formula, Spreadsheet
from sheets_sync.emulator.client import gspread_client

ROOT = Path(__file__).resolve().parents[1]


def test_spreadsheets_survive_a_restart_with_a_state_dir(tmp_path: Path) -> None:
    with Emulator(state_dir=tmp_path) as emu:
        seeded = emu.create_spreadsheet(
            "Мектеп", tabs={"Мугалимдер": [["ID", "Күн"], ["1", date(2024, 9, 1)]]}
        )
        gc = gspread_client(emu.url)
        created = gc.create("Жаңы")
        created.sheet1.update([["=1+1", "x"]], "A1", value_input_option="USER_ENTERED")
        gc.open_by_key(seeded).add_worksheet("Квалификация", rows=10, cols=5)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [f"{seeded}.json", f"{created.id}.json"]
    )  # one file each, no temporary files left behind

    with Emulator(state_dir=tmp_path) as emu:
        assert emu.sheet_titles(seeded) == ["Мугалимдер", "Квалификация"]
        assert emu.values(seeded, "Мугалимдер") == [["ID", "Күн"], ["1", 45536]]
        assert emu.formats(seeded, "Мугалимдер") == {
            (2, 2): {"type": "DATE", "pattern": "yyyy-mm-dd"}
        }
        sheet = gspread_client(emu.url).open_by_key(created.id).sheet1
        assert sheet.get("A1:B1", value_render_option="FORMULA") == [["=1+1", "x"]]
        gspread_client(emu.url).del_spreadsheet(created.id)
    assert [p.name for p in tmp_path.iterdir()] == [f"{seeded}.json"]


def test_a_failed_write_is_not_saved(tmp_path: Path) -> None:
    with Emulator(state_dir=tmp_path) as emu:
        sid = emu.create_spreadsheet("Мектеп", tabs={"Sheet1": [["a"]]})
        before = (tmp_path / f"{sid}.json").read_text(encoding="utf-8")
        answer = requests.post(
            f"{emu.url}/v4/spreadsheets/{sid}:batchUpdate",
            json={"requests": [{"addSheet": {}}, {"deleteSheet": {"sheetId": 5}}]},
            timeout=5,
        )
        assert answer.status_code == 400
        assert (tmp_path / f"{sid}.json").read_text(encoding="utf-8") == before


def test_mutate_changes_the_sheet_between_a_clients_read_and_write() -> None:
    with Emulator() as emu:
        sid = emu.create_spreadsheet(
            "Мектеп", tabs={"Мугалимдер": [["ID", "Статус"], ["1", ""], ["2", ""]]}
        )
        sheet = gspread_client(emu.url).open_by_key(sid).worksheet("Мугалимдер")
        rows = sheet.get_all_values()
        row_of_2 = next(i for i, row in enumerate(rows, start=1) if row[0] == "2")

        def colleague_inserts_a_row(book: Spreadsheet) -> None:
            tab = book.sheet("Мугалимдер")
            tab.insert_rows(2)
            tab.set_value(2, 1, "0")

        emu.mutate(sid, colleague_inserts_a_row)
        sheet.update([["✔"]], f"B{row_of_2}")
        # The row number read before the insert now points at teacher 1: a stale write.
        assert emu.values(sid, "Мугалимдер") == [["ID", "Статус"], ["0"], ["1", "✔"], ["2"]]


def test_mutate_is_all_or_nothing() -> None:
    with Emulator() as emu:
        sid = emu.create_spreadsheet("Мектеп", tabs={"Sheet1": [["a"], ["b"]]})

        def half_done(book: Spreadsheet) -> None:
            book.sheet("Sheet1").delete_rows(1)
            raise RuntimeError("interrupted")

        with pytest.raises(RuntimeError):
            emu.mutate(sid, half_done)
        assert emu.values(sid, "Sheet1") == [["a"], ["b"]]


def test_model_helpers_sort_delete_and_seed_formulas() -> None:
    with Emulator() as emu:
        sid = emu.create_spreadsheet(
            "Мектеп",
            tabs={"Sheet1": [["Аты", "Саат"], ["Осмонов", 72], ["Асанова", 500], ["Бекова", None]]},
        )

        def edit(book: Spreadsheet) -> str:
            tab = book.sheet("Sheet1")
            tab.sort_rows(column=1)
            tab.insert_columns(1)
            tab.set_value(1, 1, Formula('=CONCATENATE("N", 1)'))
            tab.delete_columns(3)
            return tab.title

        assert emu.mutate(sid, edit) == "Sheet1"
        assert emu.values(sid, "Sheet1") == [
            ["N1", "Аты"],
            ["", "Асанова"],
            ["", "Бекова"],
            ["", "Осмонов"],
        ]
        assert emu.cell_data(sid, "Sheet1", "A1")["userEnteredValue"] == {
            "formulaValue": '=CONCATENATE("N", 1)'
        }


def test_serve_prints_its_url_answers_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "sheets_sync.emulator", "--port", "0", "--quiet",
         "--state-dir", str(tmp_path)],
        stdout=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert first.startswith("Sheets API emulator listening on http://127.0.0.1:")
        url = first.split()[5]
        created = requests.post(
            f"{url}/v4/spreadsheets", json={"properties": {"title": "Мектеп"}}, timeout=5
        ).json()
        about = requests.get(f"{url}/", timeout=5).json()
        assert about["spreadsheets"] == [
            {"spreadsheetId": created["spreadsheetId"], "title": "Мектеп"}
        ]
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=10)
    finally:
        process.kill()
    assert process.returncode == 0
    assert "Stopped." in output
    saved = json.loads((tmp_path / f"{created['spreadsheetId']}.json").read_text("utf-8"))
    assert saved["properties"]["title"] == "Мектеп"


def test_a_write_s_copy_shares_cells_until_it_changes_them_and_never_changes_the_original():
    from sheets_sync.emulator import Spreadsheet

    book = Spreadsheet.new("x")
    sheet = book.add_sheet("A", sheet_id=0)
    for row in range(1, 6):
        sheet.set_value(row, 1, f"r{row}")
    sheet.edit(1, 0)["note"] = "n"
    work = book.copy()
    copied = work.sheet("A")
    assert copied.cells[(0, 0)] is sheet.cells[(0, 0)]  # shared, not copied up front
    copied.set_value(1, 1, "changed")
    copied.insert_rows(1)  # every cell moves: the copy forgets which ones it owns
    copied.edit(2, 0)["note"] = "moved"  # was row 2 of the original: must be copied first
    copied.sort_rows(column=1, first_row=1, reverse=True)
    copied.edit(1, 0)["userEnteredValue"] = {"stringValue": "sorted"}
    assert [sheet.value(row, 1) for row in range(1, 6)] == ["r1", "r2", "r3", "r4", "r5"]
    assert sheet.cell(1, 0) == {"userEnteredValue": {"stringValue": "r2"}, "note": "n"}
    assert sheet.cell(0, 0) == {"userEnteredValue": {"stringValue": "r1"}}
