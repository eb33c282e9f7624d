"""Real gspread, over real HTTP on a loopback socket, against the Sheets emulator."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import gspread
import pytest
from gspread.exceptions import APIError, SpreadsheetNotFound, WorksheetNotFound

from sheets_sync.emulator import Emulator, Formula
from sheets_sync.emulator.client import gspread_client, rewrite

TEACHERS = [
    ["ID", "Аты-жөнү", "Кызматы", "Ишке кабыл алынган күн"],
    ["1", "Асанова Гүлзат", "мугалим", date(2010, 9, 1)],
    ["2", "Бекова Айгүл", "директордун орун басары", date(2015, 8, 25)],
]


@pytest.fixture
def emu() -> Iterator[Emulator]:
    with Emulator() as emulator:
        yield emulator


@pytest.fixture
def school(emu: Emulator) -> str:
    return emu.create_spreadsheet(
        "Мектеп №8", tabs={"Мугалимдер": TEACHERS, "Квалификация": [["Мугалим", "Саат"]]}
    )


@pytest.fixture
def gc(emu: Emulator) -> gspread.Client:
    return gspread_client(emu.url)


def test_gspread_opens_a_seeded_spreadsheet_and_lists_its_tabs(gc, school) -> None:
    book = gc.open_by_key(school)
    assert book.title == "Мектеп №8"
    assert [ws.title for ws in book.worksheets()] == ["Мугалимдер", "Квалификация"]
    assert book.sheet1.row_count == 1000 and book.sheet1.col_count == 26


def test_get_all_values_shows_dates_as_typed_and_numbers_unformatted_on_request(gc, school):
    sheet = gc.open_by_key(school).worksheet("Мугалимдер")
    assert sheet.get_all_values()[1] == ["1", "Асанова Гүлзат", "мугалим", "2010-09-01"]
    unformatted = sheet.get_all_values(value_render_option="UNFORMATTED_VALUE")
    assert unformatted[1][3] == 40422  # the date's serial number


def test_batch_get_returns_each_range_trimmed(gc, school) -> None:
    sheet = gc.open_by_key(school).worksheet("Мугалимдер")
    first, second = sheet.batch_get(["A1:B2", "D3:F9"])
    assert first == [["ID", "Аты-жөнү"], ["1", "Асанова Гүлзат"]]
    assert second == [["2015-08-25"]]
    assert second.range == "'Мугалимдер'!D3:F9"


def test_update_raw_keeps_text_and_user_entered_parses_it(emu, gc, school) -> None:
    sheet = gc.open_by_key(school).worksheet("Мугалимдер")
    sheet.update([["=1+2", "0042", "TRUE"]], "A5", value_input_option="RAW")
    sheet.update([["=1+2", "0042", "TRUE", "01.09.2024"]], "A6", value_input_option="USER_ENTERED")
    rows = emu.values(school, "Мугалимдер")
    assert rows[4] == ["=1+2", "0042", "TRUE"]
    assert rows[5] == [3, 42, True, 45536]
    assert sheet.get("A6", value_render_option="FORMULA") == [["=1+2"]]
    assert emu.formats(school, "Мугалимдер")[(6, 4)] == {"type": "DATE", "pattern": "dd.mm.yyyy"}


def test_batch_update_of_values_writes_every_range(emu, gc, school) -> None:
    sheet = gc.open_by_key(school).worksheet("Квалификация")
    sheet.batch_update(
        [
            {"range": "A2:B2", "values": [["Асанова Гүлзат", 72]]},
            {"range": "A3", "values": [["Бекова Айгүл"]]},
        ]
    )
    assert emu.values(school, "Квалификация") == [
        ["Мугалим", "Саат"],
        ["Асанова Гүлзат", 72],
        ["Бекова Айгүл"],
    ]


def test_append_row_lands_under_the_table(emu, gc, school) -> None:
    sheet = gc.open_by_key(school).worksheet("Мугалимдер")
    result = sheet.append_row(["3", "Токтосунова Нуриза"])
    assert result["updates"]["updatedRange"] == "'Мугалимдер'!A4:B4"
    assert result["tableRange"] == "'Мугалимдер'!A1:D3"
    assert emu.values(school, "Мугалимдер")[3] == ["3", "Токтосунова Нуриза"]


def test_clear_empties_values_but_keeps_number_formats(emu, gc, school) -> None:
    sheet = gc.open_by_key(school).worksheet("Мугалимдер")
    sheet.clear()
    assert emu.values(school, "Мугалимдер") == []
    assert sheet.get_all_values() == [[]]  # gspread pads an empty answer
    assert (2, 4) in emu.formats(school, "Мугалимдер")


def test_add_and_delete_worksheets(emu, gc, school) -> None:
    book = gc.open_by_key(school)
    added = book.add_worksheet("Методбирикме", rows=50, cols=8)
    assert (added.row_count, added.col_count) == (50, 8)
    assert emu.sheet_titles(school) == ["Мугалимдер", "Квалификация", "Методбирикме"]
    book.del_worksheet(book.worksheet("Квалификация"))
    assert emu.sheet_titles(school) == ["Мугалимдер", "Методбирикме"]
    with pytest.raises(WorksheetNotFound):
        gc.open_by_key(school).worksheet("Квалификация")


def test_spreadsheet_batch_update_with_update_cells_sets_value_format_and_note(
    emu, gc, school
) -> None:
    book = gc.open_by_key(school)
    sheet_id = book.worksheet("Мугалимдер").id
    book.batch_update(
        {
            "requests": [
                {
                    "updateCells": {
                        "start": {"sheetId": sheet_id, "rowIndex": 0, "columnIndex": 4},
                        "rows": [
                            {
                                "values": [
                                    {
                                        "userEnteredValue": {"stringValue": "=Статус"},
                                        "userEnteredFormat": {
                                            "backgroundColor": {"red": 1, "green": 0.8},
                                            "textFormat": {"bold": True},
                                        },
                                        "note": "sheets-sync",
                                    }
                                ]
                            }
                        ],
                        "fields": "userEnteredValue,"
                        "userEnteredFormat(backgroundColor,textFormat),note",
                    }
                }
            ]
        }
    )
    cell = emu.cell_data(school, "Мугалимдер", "E1")
    assert cell["userEnteredValue"] == {"stringValue": "=Статус"}  # a string, never a formula
    assert cell["note"] == "sheets-sync"
    assert cell["userEnteredFormat"]["textFormat"] == {"bold": True}
    assert book.worksheet("Мугалимдер").acell("E1").value == "=Статус"


def test_gspread_raises_api_errors_with_googles_codes(emu, gc, school) -> None:
    book = gc.open_by_key(school)
    with pytest.raises(APIError) as bad_range:
        book.values_get("'Жок'!A1")
    assert bad_range.value.code == 400
    assert bad_range.value.error["message"] == "Unable to parse range: 'Жок'!A1"
    with pytest.raises(APIError) as bad_request:
        book.batch_update({"requests": [{"deleteSheet": {"sheetId": 4242}}]})
    assert bad_request.value.code == 400
    with pytest.raises(SpreadsheetNotFound):
        gc.open_by_key("1" + "x" * 43)
    emu.restrict(school)
    with pytest.raises(PermissionError):
        gc.open_by_key(school)
    with pytest.raises(APIError) as forbidden:
        book.sheet1.get_all_values()
    assert forbidden.value.code == 403
    assert forbidden.value.error["status"] == "PERMISSION_DENIED"


def test_create_open_by_title_and_delete_go_through_the_drive_shim(emu, gc) -> None:
    created = gc.create("Жаңы мектеп")
    assert emu.sheet_titles(created.id) == ["Sheet1"]
    assert gc.open("Жаңы мектеп").id == created.id
    gc.del_spreadsheet(created.id)
    with pytest.raises(SpreadsheetNotFound):
        gc.open("Жаңы мектеп")


def test_formulas_are_evaluated_where_the_emulator_knows_them(emu, gc) -> None:
    sid = emu.create_spreadsheet(
        "Саат", tabs={"Sheet1": [["Саат", 72], ["", 500], ["Жалпы", Formula("=SUM(B1:B2)")]]}
    )
    sheet = gc.open_by_key(sid).sheet1
    assert sheet.acell("B3").value == "572"
    sheet.update([["=B3/0", "=VLOOKUP(A1,A1:B2,2)"]], "C3", value_input_option="USER_ENTERED")
    assert sheet.get("C3:D3") == [["#DIV/0!", "=VLOOKUP(A1,A1:B2,2)"]]  # unknown: the text


def test_gspread_backoff_client_retries_through_injected_failures(emu, school, monkeypatch) -> None:
    waits: list[float] = []
    monkeypatch.setattr(gspread.http_client.time, "sleep", waits.append)
    gc = gspread_client(emu.url, http_client=gspread.BackOffHTTPClient)
    emu.faults.fail_next(2, status=503)
    assert gc.open_by_key(school).title == "Мектеп №8"
    assert [r.status for r in emu.requests[:3]] == [503, 503, 200]
    assert len(waits) == 2


def test_client_rewrites_only_google_api_urls() -> None:
    base = "http://127.0.0.1:9"
    sheets = "https://sheets.googleapis.com/v4/spreadsheets/x/values/A1"
    assert rewrite(sheets, base) == base + "/v4/spreadsheets/x/values/A1"
    assert rewrite("https://www.googleapis.com/drive/v3/files", base) == base + "/drive/v3/files"
    assert rewrite("https://oauth2.googleapis.com/token", base) == base + "/token"
    assert rewrite("https://example.org/x", base) == "https://example.org/x"


def test_formats_notes_and_frozen_rows_set_through_gspread(emu, gc, school) -> None:
    sheet = gc.open_by_key(school).worksheet("Мугалимдер")
    sheet.format("A1:D1", {"textFormat": {"bold": True}, "backgroundColor": {"red": 0.9}})
    sheet.insert_note("B2", "Сертификат жок")
    sheet.freeze(rows=1)
    assert emu.cell_data(school, "Мугалимдер", "C1")["userEnteredFormat"] == {
        "textFormat": {"bold": True},
        "backgroundColor": {"red": 0.8980392},  # 229/255: 8 bits a channel, as Google keeps it
        "backgroundColorStyle": {"rgbColor": {"red": 0.8980392}},  # one colour, two spellings
    }
    assert sheet.get_note("B2") == "Сертификат жок"
    assert gc.open_by_key(school).worksheet("Мугалимдер").frozen_row_count == 1


def test_rows_inserted_sorted_and_deleted_through_gspread(emu, gc, school) -> None:
    sheet = gc.open_by_key(school).worksheet("Мугалимдер")
    sheet.insert_rows([["3", "Осмонов Бакыт"]], row=2)
    sheet.sort((2, "asc"), range="A2:D4")
    sheet.delete_rows(4)
    assert [row[:2] for row in emu.values(school, "Мугалимдер")] == [
        ["ID", "Аты-жөнү"],
        ["1", "Асанова Гүлзат"],
        ["2", "Бекова Айгүл"],
    ]


def test_duplicate_sheet_copies_the_tab_after_its_source(emu, gc, school) -> None:
    book = gc.open_by_key(school)
    copy = book.duplicate_sheet(book.worksheet("Мугалимдер").id)
    assert copy.title == "Copy of Мугалимдер"
    assert emu.sheet_titles(school) == ["Мугалимдер", "Copy of Мугалимдер", "Квалификация"]
    assert emu.values(school, "Copy of Мугалимдер") == emu.values(school, "Мугалимдер")


def test_drive_metadata_moves_forward_with_every_write(gc, school) -> None:
    book = gc.open_by_key(school)

    def drive_file() -> dict:
        url = f"https://www.googleapis.com/drive/v3/files/{school}"
        params = {"fields": "modifiedTime,version"}
        return gc.http_client.request("get", url, params=params).json()

    before = drive_file()
    book.sheet1.update([["x"]], "F1")
    after = drive_file()
    assert after["modifiedTime"] > before["modifiedTime"]
    assert int(after["version"]) == int(before["version"]) + 1
    assert book.get_lastUpdateTime() == after["modifiedTime"]
