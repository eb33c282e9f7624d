"""The emulator's HTTP surface: Google's URL and JSON shapes, validation, ranges, batchUpdate."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
import requests

from sheets_sync.emulator import Emulator, Formula


class Sheets:
    """Plain HTTP calls to one emulated spreadsheet."""

    def __init__(self, emu: Emulator, spreadsheet_id: str) -> None:
        self.emu = emu
        self.base = f"{emu.url}/v4/spreadsheets/{spreadsheet_id}"
        self.id = spreadsheet_id

    def call(self, method: str, path: str = "", **kwargs: Any) -> tuple[int, Any]:
        answer = requests.request(method, self.base + path, timeout=10, **kwargs)
        return answer.status_code, answer.json() if answer.content else None

    def get(self, path: str = "", **params: Any) -> tuple[int, Any]:
        return self.call("GET", path, params=params)

    def put_values(self, a1: str, values: list, option: str = "RAW", **params: Any):
        params = {"valueInputOption": option, **params}
        return self.call("PUT", f"/values/{a1}", params=params, json={"values": values})

    def batch(self, *requests_: dict[str, Any]) -> tuple[int, Any]:
        return self.call("POST", ":batchUpdate", json={"requests": list(requests_)})


@pytest.fixture
def emu() -> Iterator[Emulator]:
    with Emulator() as emulator:
        yield emulator


@pytest.fixture
def sheets(emu: Emulator) -> Sheets:
    spreadsheet_id = emu.create_spreadsheet(
        "Мектеп №8",
        tabs={
            "Мугалимдер": [["ID", "Аты-жөнү"], ["1", "Асанова Гүлзат"], ["2", "Бекова Айгүл"]],
            "O'Brien": [["x"]],
            "Sheet1": [],
        },
    )
    return Sheets(emu, spreadsheet_id)


def error(answer: tuple[int, Any]) -> tuple[int, str, str]:
    status, body = answer
    return status, body["error"]["status"], body["error"]["message"]


# -- discovery validation ------------------------------------------------------------------
def test_an_unknown_field_is_rejected_with_googles_message(sheets: Sheets) -> None:
    answer = sheets.batch({"updateCells": {"foo": 1, "fields": "note"}})
    assert error(answer) == (
        400,
        "INVALID_ARGUMENT",
        "Invalid JSON payload received. Unknown name \"foo\" at 'requests[0].update_cells': "
        "Cannot find field.",
    )
    details = answer[1]["error"]["details"][0]["fieldViolations"]
    assert details == [
        {"field": "requests[0].update_cells", "description": answer[1]["error"]["message"]}
    ]


def test_an_unknown_field_in_a_values_body_is_reported_under_data(sheets: Sheets) -> None:
    answer = sheets.call(
        "PUT", "/values/A1", params={"valueInputOption": "RAW"}, json={"values": [[1]], "foo": 2}
    )
    assert error(answer)[2] == (
        "Invalid JSON payload received. Unknown name \"foo\" at 'data': Cannot find field."
    )


@pytest.mark.parametrize(
    ("request_", "message"),
    [
        (
            {"updateCells": {"start": {"rowIndex": "abc"}, "fields": "note"}},
            "Invalid value at 'requests[0].update_cells.start.row_index' (TYPE_INT32), \"abc\"",
        ),
        (
            {"updateSheetProperties": {"properties": {"hidden": "yes"}, "fields": "hidden"}},
            "Invalid value at 'requests[0].update_sheet_properties.properties.hidden' "
            '(TYPE_BOOL), "yes"',
        ),
        (
            {"insertDimension": {"range": {"dimension": "DIAGONAL"}}},
            "Invalid value at 'requests[0].insert_dimension.range.dimension' (TYPE_ENUM), "
            '"DIAGONAL"',
        ),
        (
            {"addSheet": {"properties": ["title"]}},
            "Invalid value at 'requests[0].add_sheet.properties' "
            '(type.googleapis.com/google.apps.sheets.v4.SheetProperties), ["title"]',
        ),
    ],
)
def test_a_value_of_the_wrong_type_is_rejected(sheets: Sheets, request_, message) -> None:
    assert error(sheets.batch(request_)) == (400, "INVALID_ARGUMENT", message)


def test_values_that_are_not_a_list_are_rejected_like_google(sheets: Sheets) -> None:
    answer = sheets.call(
        "PUT", "/values/A1", params={"valueInputOption": "RAW"}, json={"values": "A1:D4"}
    )
    assert error(answer)[2] == (
        "Invalid value at 'data.values' (type.googleapis.com/google.protobuf.ListValue), \"A1:D4\""
    )


def test_integers_as_json_strings_and_snake_case_names_are_accepted(sheets: Sheets) -> None:
    status, body = sheets.batch(
        {"add_sheet": {"properties": {"sheet_id": "77", "title": "Жаңы"}}},
        {"appendDimension": {"sheetId": "77", "dimension": "ROWS", "length": "5"}},
    )
    assert status == 200, body
    assert body["replies"][0]["addSheet"]["properties"]["sheetId"] == 77
    status, book = sheets.get()
    added = next(s for s in book["sheets"] if s["properties"]["title"] == "Жаңы")
    assert added["properties"]["gridProperties"]["rowCount"] == 1005


def test_query_parameters_are_checked_against_the_method(sheets: Sheets) -> None:
    assert error(sheets.put_values("A1", [[1]], option="TYPED")) == (
        400,
        "INVALID_ARGUMENT",
        "Invalid value at 'value_input_option' (TYPE_ENUM), \"TYPED\"",
    )
    assert error(sheets.get("/values/A1", valueRenderOption="PRETTY"))[0] == 400
    assert error(sheets.get("/values/A1", colour="red"))[2] == (
        'Invalid JSON payload received. Unknown name "colour": Cannot bind query parameter. '
        "Field 'colour' could not be found in request message."
    )
    answer = sheets.call("PUT", "/values/A1", json={"values": [[1]]})
    assert error(answer)[2] == "'valueInputOption' is required but not specified"


def test_boolean_query_parameters_accept_pythons_spelling(sheets: Sheets) -> None:
    status, body = sheets.put_values("A9", [["x"]], includeValuesInResponse="False")
    assert status == 200 and "updatedData" not in body
    status, body = sheets.put_values("A9", [["y"]], includeValuesInResponse="True")
    assert body["updatedData"]["values"] == [["y"]]


def test_malformed_json_is_a_400(sheets: Sheets) -> None:
    answer = sheets.call(
        "POST", ":batchUpdate", data=b"{nope", headers={"Content-Type": "application/json"}
    )
    assert error(answer)[:2] == (400, "INVALID_ARGUMENT")


# -- paths and errors ----------------------------------------------------------------------
def test_unknown_paths_and_spreadsheets_are_404_and_unimplemented_methods_501(
    emu: Emulator, sheets: Sheets
) -> None:
    assert requests.get(f"{emu.url}/v4/nothing", timeout=5).status_code == 404
    assert requests.get(f"{emu.url}/elsewhere", timeout=5).json()["error"]["status"] == "NOT_FOUND"
    missing = requests.get(f"{emu.url}/v4/spreadsheets/1missing", timeout=5)
    assert missing.json()["error"] == {
        "code": 404,
        "message": "Requested entity was not found.",
        "status": "NOT_FOUND",
    }
    assert sheets.call("DELETE", "/values/A1")[0] == 404  # a real path, not with DELETE
    assert sheets.call("POST", ":getByDataFilter", json={})[0] == 501
    assert error(sheets.batch({"addSlicer": {"slicer": {}}}))[:2] == (501, "UNIMPLEMENTED")


# -- A1 notation ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("asked", "answered"),
    [
        ("'Мугалимдер'!A1:B2", "'Мугалимдер'!A1:B2"),
        ("Мугалимдер", "'Мугалимдер'!A1:Z1000"),
        ("Мугалимдер!B2", "'Мугалимдер'!B2"),
        ("'O''Brien'!A:A", "'O''Brien'!A1:A1000"),
        ("Sheet1!A1:A1", "Sheet1!A1"),
        ("Sheet1", "Sheet1!A1:Z1000"),
        ("A2:C", "'Мугалимдер'!A2:C1000"),
        ("2:5", "'Мугалимдер'!A2:Z5"),
        ("A5:5", "'Мугалимдер'!A5:Z5"),
        ("B:C", "'Мугалимдер'!B1:C1000"),
        ("D4:A1", "'Мугалимдер'!A1:D4"),
        ("$a$1:$b$2", "'Мугалимдер'!A1:B2"),
        ("'Мугалимдер'!R2C1:R3C2", "'Мугалимдер'!A2:B3"),
    ],
)
def test_a1_ranges_are_read_and_spelled_like_google(sheets: Sheets, asked, answered) -> None:
    status, body = sheets.get(f"/values/{asked}")
    assert status == 200, body
    assert body["range"] == answered


def test_values_are_trimmed_and_can_be_read_by_columns(sheets: Sheets) -> None:
    sheets.put_values("'Мугалимдер'!D1", [["", "x"], [], ["", "", ""]])
    _, body = sheets.get("/values/'Мугалимдер'!A1:E5")
    assert body["values"] == [
        ["ID", "Аты-жөнү", "", "", "x"],
        ["1", "Асанова Гүлзат"],
        ["2", "Бекова Айгүл"],
    ]
    _, body = sheets.get("/values/'Мугалимдер'!A1:B3", majorDimension="COLUMNS")
    assert body["majorDimension"] == "COLUMNS"
    assert body["values"] == [["ID", "1", "2"], ["Аты-жөнү", "Асанова Гүлзат", "Бекова Айгүл"]]
    _, body = sheets.get("/values/'O''Brien'!B2:C3")
    assert "values" not in body and body["range"] == "'O''Brien'!B2:C3"


@pytest.mark.parametrize("asked", ["Жок!A1", "'Мугалимдер'!A1:B2:C3", "'unclosed!A1", "!!"])
def test_an_unknown_sheet_or_bad_text_is_unable_to_parse(sheets: Sheets, asked: str) -> None:
    assert error(sheets.get(f"/values/{asked}")) == (
        400,
        "INVALID_ARGUMENT",
        f"Unable to parse range: {asked}",
    )


def test_a_named_range_can_be_read_by_name(sheets: Sheets) -> None:
    sheets.batch(
        {
            "addNamedRange": {
                "namedRange": {
                    "name": "Names",
                    "range": {
                        "sheetId": 0,
                        "startColumnIndex": 1,
                        "endColumnIndex": 2,
                        "startRowIndex": 1,
                        "endRowIndex": 3,
                    },
                }
            }
        }
    )
    assert sheets.get("/values/Names")[1]["values"] == [["Асанова Гүлзат"], ["Бекова Айгүл"]]
    assert sheets.get("/values/'Мугалимдер'!Names")[1]["range"] == "'Мугалимдер'!B2:B3"


# -- grid limits ---------------------------------------------------------------------------
def test_reading_or_writing_outside_the_grid_exceeds_grid_limits(sheets: Sheets) -> None:
    assert error(sheets.get("/values/'Мугалимдер'!A1001")) == (
        400,
        "INVALID_ARGUMENT",
        "Range ('Мугалимдер'!A1001) exceeds grid limits. Max rows: 1000, max columns: 26",
    )
    assert error(sheets.put_values("'Мугалимдер'!Z1", [["ok", "too far"]]))[2] == (
        "Range ('Мугалимдер'!Z1:AA1) exceeds grid limits. Max rows: 1000, max columns: 26"
    )
    answer = sheets.batch(
        {
            "updateCells": {
                "start": {"sheetId": 0, "rowIndex": 1000, "columnIndex": 0},
                "rows": [{"values": [{"note": "x"}]}],
                "fields": "note",
            }
        }
    )
    assert error(answer)[2].startswith("Invalid requests[0].updateCells: Range ('Мугалимдер'!")
    assert "exceeds grid limits" in error(answer)[2]


def test_a_write_larger_than_its_range_is_refused(sheets: Sheets) -> None:
    assert error(sheets.put_values("'Мугалимдер'!A1:B1", [["a", "b", "c"]]))[2] == (
        "Requested writing within range ['Мугалимдер'!A1:B1], but tried writing to column [C]"
    )


def test_append_grows_the_grid_when_the_table_reaches_its_end(
    emu: Emulator, sheets: Sheets
) -> None:
    sheets.batch(
        {
            "updateSheetProperties": {
                "properties": {"sheetId": 0, "gridProperties": {"rowCount": 3}},
                "fields": "gridProperties.rowCount",
            }
        }
    )
    status, body = sheets.call(
        "POST", "/values/'Мугалимдер'!A1:append", params={"valueInputOption": "RAW"},
        json={"values": [["3", "Токтосунова"], ["4", "Осмонов"]]},
    )  # fmt: skip
    assert status == 200, body
    assert body["updates"]["updatedRange"] == "'Мугалимдер'!A4:B5"
    assert emu.values(sheets.id, "Мугалимдер")[-1] == ["4", "Осмонов"]


# -- batchUpdate -----------------------------------------------------------------------------
def test_batch_update_applies_nothing_when_a_later_request_fails(
    emu: Emulator, sheets: Sheets
) -> None:
    before = emu.values(sheets.id, "Мугалимдер")
    answer = sheets.batch(
        {"addSheet": {"properties": {"title": "Жаңы"}}},
        {
            "updateCells": {
                "start": {"sheetId": 0, "rowIndex": 0, "columnIndex": 0},
                "rows": [{"values": [{"userEnteredValue": {"stringValue": "changed"}}]}],
                "fields": "userEnteredValue",
            }
        },
        {"deleteSheet": {"sheetId": 999}},
    )
    assert error(answer) == (
        400,
        "INVALID_ARGUMENT",
        "Invalid requests[2].deleteSheet: No sheet with id: 999",
    )
    assert emu.sheet_titles(sheets.id) == ["Мугалимдер", "O'Brien", "Sheet1"]
    assert emu.values(sheets.id, "Мугалимдер") == before


def test_values_batch_update_applies_nothing_when_a_range_fails(
    emu: Emulator, sheets: Sheets
) -> None:
    before = emu.values(sheets.id, "Мугалимдер")
    answer = sheets.call(
        "POST", "/values:batchUpdate",
        json={"valueInputOption": "RAW", "data": [
            {"range": "'Мугалимдер'!A1", "values": [["changed"]]},
            {"range": "Жок!A1", "values": [["x"]]},
        ]},
    )  # fmt: skip
    assert error(answer)[0] == 400
    assert emu.values(sheets.id, "Мугалимдер") == before


def test_add_sheet_honours_a_given_id_and_replies_with_its_properties(sheets: Sheets) -> None:
    status, body = sheets.batch(
        {"addSheet": {"properties": {"sheetId": 4242, "title": "Квалификация", "index": 1}}}
    )
    assert status == 200
    assert body["replies"][0]["addSheet"]["properties"] == {
        "sheetId": 4242,
        "title": "Квалификация",
        "index": 1,
        "sheetType": "GRID",
        "gridProperties": {"rowCount": 1000, "columnCount": 26},
    }
    assert error(sheets.batch({"addSheet": {"properties": {"sheetId": 4242}}}))[0] == 400
    assert error(sheets.batch({"addSheet": {"properties": {"title": "квалификация"}}}))[2] == (
        'Invalid requests[0].addSheet: A sheet with the name "квалификация" already exists. '
        "Please enter another name."
    )


def test_update_sheet_properties_changes_only_the_masked_fields(
    emu: Emulator, sheets: Sheets
) -> None:
    status, _ = sheets.batch(
        {
            "updateSheetProperties": {
                "properties": {
                    "sheetId": 0,
                    "title": "Педагоги",
                    "gridProperties": {"frozenRowCount": 1, "rowCount": 2},
                },
                "fields": "title,gridProperties.frozenRowCount",
            }
        }
    )
    assert status == 200
    status, book = sheets.get(fields="sheets.properties(title,gridProperties)")
    assert book["sheets"][0] == {
        "properties": {
            "title": "Педагоги",
            "gridProperties": {"rowCount": 1000, "columnCount": 26, "frozenRowCount": 1},
        }
    }
    assert (
        error(
            sheets.batch({"updateSheetProperties": {"properties": {"sheetId": 0, "title": "x"}}})
        )[0]
        == 400
    )


def test_update_cells_with_a_range_clears_masked_fields_it_does_not_cover(
    emu: Emulator, sheets: Sheets
) -> None:
    status, body = sheets.batch(
        {
            "updateCells": {
                "range": {
                    "sheetId": 0,
                    "startRowIndex": 1,
                    "endRowIndex": 3,
                    "startColumnIndex": 0,
                    "endColumnIndex": 2,
                },
                "rows": [{"values": [{"userEnteredValue": {"numberValue": 7}}]}],
                "fields": "userEnteredValue",
            }
        }
    )
    assert status == 200, body
    assert emu.values(sheets.id, "Мугалимдер") == [["ID", "Аты-жөнү"], [7]]


def test_repeat_cell_validation_and_formats_reach_every_cell(emu: Emulator, sheets: Sheets) -> None:
    grid = {
        "sheetId": 0,
        "startRowIndex": 1,
        "endRowIndex": 3,
        "startColumnIndex": 2,
        "endColumnIndex": 3,
    }
    rule = {
        "condition": {"type": "ONE_OF_LIST", "values": [{"userEnteredValue": "✔"}]},
        "strict": True,
    }
    status, body = sheets.batch(
        {
            "repeatCell": {
                "range": grid,
                "cell": {
                    "userEnteredFormat": {"numberFormat": {"type": "DATE", "pattern": "dd.mm.yyyy"}}
                },
                "fields": "userEnteredFormat.numberFormat",
            }
        },
        {"setDataValidation": {"range": grid, "rule": rule}},
        {
            "addConditionalFormatRule": {
                "rule": {
                    "ranges": [grid],
                    "booleanRule": {
                        "condition": {"type": "BLANK"},
                        "format": {"backgroundColor": {"red": 1}},
                    },
                },
                "index": 0,
            }
        },
        {
            "addProtectedRange": {
                "protectedRange": {"range": grid, "description": "sheets-sync", "warningOnly": True}
            }
        },
    )
    assert status == 200, body
    protected_id = body["replies"][3]["addProtectedRange"]["protectedRange"]["protectedRangeId"]
    assert emu.formats(sheets.id, "Мугалимдер") == {
        (2, 3): {"type": "DATE", "pattern": "dd.mm.yyyy"},
        (3, 3): {"type": "DATE", "pattern": "dd.mm.yyyy"},
    }
    assert emu.cell_data(sheets.id, "Мугалимдер", "C3")["dataValidation"] == rule
    status, book = sheets.get(fields="sheets(conditionalFormats,protectedRanges)")
    on_first_sheet = {key: value for key, value in grid.items() if key != "sheetId"}
    # Google leaves sheetId 0 out of a range: it is the field's proto3 default.
    assert book["sheets"][0]["conditionalFormats"][0]["ranges"] == [on_first_sheet]
    assert book["sheets"][0]["protectedRanges"][0]["description"] == "sheets-sync"
    assert sheets.batch({"deleteProtectedRange": {"protectedRangeId": protected_id}})[0] == 200
    assert (
        error(sheets.batch({"deleteProtectedRange": {"protectedRangeId": protected_id}}))[0] == 400
    )


def test_inserting_and_deleting_rows_moves_the_cells_below(emu: Emulator, sheets: Sheets) -> None:
    dims = {"sheetId": 0, "dimension": "ROWS", "startIndex": 1, "endIndex": 2}
    assert sheets.batch({"insertDimension": {"range": dims}})[0] == 200
    assert emu.values(sheets.id, "Мугалимдер") == [
        ["ID", "Аты-жөнү"],
        [],
        ["1", "Асанова Гүлзат"],
        ["2", "Бекова Айгүл"],
    ]
    assert sheets.get(fields="sheets.properties.gridProperties.rowCount")[1]["sheets"][0] == {
        "properties": {"gridProperties": {"rowCount": 1001}}
    }
    assert (
        sheets.batch({"deleteDimension": {"range": {**dims, "startIndex": 1, "endIndex": 3}}})[0]
        == 200
    )
    assert emu.values(sheets.id, "Мугалимдер") == [["ID", "Аты-жөнү"], ["2", "Бекова Айгүл"]]
    everything = {"sheetId": 0, "dimension": "COLUMNS", "startIndex": 0, "endIndex": 26}
    assert error(sheets.batch({"deleteDimension": {"range": everything}}))[2] == (
        "Invalid requests[0].deleteDimension: You can't delete all the columns on the sheet."
    )


def test_dimension_properties_are_stored_per_row(sheets: Sheets) -> None:
    request = {
        "updateDimensionProperties": {
            "range": {"sheetId": 0, "dimension": "COLUMNS", "startIndex": 1, "endIndex": 2},
            "properties": {"pixelSize": 240, "hiddenByUser": True},
            "fields": "pixelSize",
        }
    }
    assert sheets.batch(request)[0] == 200
    _, book = sheets.get(ranges="'Мугалимдер'!A1:C1", fields="sheets.data.columnMetadata")
    assert book["sheets"][0]["data"][0]["columnMetadata"] == [
        {"pixelSize": 100},
        {"pixelSize": 240},
        {"pixelSize": 100},
    ]


def test_update_spreadsheet_properties_respects_its_mask(sheets: Sheets) -> None:
    status, _ = sheets.batch(
        {
            "updateSpreadsheetProperties": {
                "properties": {"title": "Мектеп №9", "locale": "ky_KG"},
                "fields": "title",
            }
        }
    )
    assert status == 200
    assert sheets.get(fields="properties(title,locale)")[1] == {
        "properties": {"title": "Мектеп №9", "locale": "en_US"}
    }


def test_include_spreadsheet_in_response_returns_the_updated_spreadsheet(sheets: Sheets) -> None:
    _, body = sheets.call(
        "POST", ":batchUpdate",
        json={
            "requests": [{"addSheet": {"properties": {"title": "Жаңы"}}}],
            "includeSpreadsheetInResponse": True,
        },
    )  # fmt: skip
    assert [s["properties"]["title"] for s in body["updatedSpreadsheet"]["sheets"]][-1] == "Жаңы"


# -- spreadsheets.get ----------------------------------------------------------------------
def test_field_masks_select_nested_fields(sheets: Sheets) -> None:
    status, body = sheets.get(
        fields="spreadsheetId,sheets.properties(sheetId,title,index,gridProperties)"
    )
    assert status == 200
    assert body["spreadsheetId"] == sheets.id
    assert body["sheets"][1] == {
        "properties": {
            "sheetId": body["sheets"][1]["properties"]["sheetId"],
            "title": "O'Brien",
            "index": 1,
            "gridProperties": {"rowCount": 1000, "columnCount": 26},
        }
    }
    assert set(body) == {"spreadsheetId", "sheets"}
    assert error(sheets.get(fields="sheets.colour"))[2] == "Invalid field selection sheets.colour"


def test_grid_data_covers_the_requested_ranges(emu: Emulator) -> None:
    sid = emu.create_spreadsheet(
        "Даталар", tabs={"Sheet1": [["Күн", date(2024, 9, 1)], [True, Formula("=B1+1")]]}
    )
    sheets = Sheets(emu, sid)
    _, body = sheets.get(includeGridData="true", ranges="Sheet1!B1:B2")
    data = body["sheets"][0]["data"][0]
    assert data["startColumn"] == 1 and "startRow" not in data
    first, second = (row["values"][0] for row in data["rowData"])
    assert first["userEnteredValue"] == {"numberValue": 45536}
    assert first["formattedValue"] == "2024-09-01"
    assert first["effectiveFormat"]["numberFormat"] == {"type": "DATE", "pattern": "yyyy-mm-dd"}
    assert second["userEnteredValue"] == {"formulaValue": "=B1+1"}
    assert second["effectiveValue"] == {"numberValue": 45537}
    assert len(data["rowMetadata"]) == 2 and len(data["columnMetadata"]) == 1


def test_creating_a_spreadsheet_over_http_with_tabs_and_data(emu: Emulator) -> None:
    body = {
        "properties": {"title": "Жаңы мектеп", "locale": "ru_RU"},
        "sheets": [
            {"properties": {"title": "Педагоги",
                            "gridProperties": {"rowCount": 10, "columnCount": 5}},
             "data": [{"startRow": 1,
                       "rowData": [{"values": [{"userEnteredValue": {"stringValue": "x"}}]}]}]},
            {"properties": {"title": "Курсы", "sheetId": 9}},
        ],
    }  # fmt: skip
    answer = requests.post(f"{emu.url}/v4/spreadsheets", json=body, timeout=5).json()
    assert answer["properties"]["title"] == "Жаңы мектеп"
    assert [s["properties"]["sheetId"] for s in answer["sheets"]] == [0, 9]
    assert emu.values(answer["spreadsheetId"], "Педагоги") == [[], ["x"]]
    assert answer["spreadsheetUrl"].endswith(answer["spreadsheetId"] + "/edit")


# -- values in and out ---------------------------------------------------------------------
def test_render_options_show_values_formulas_and_dates(emu: Emulator) -> None:
    sid = emu.create_spreadsheet(
        "Render", tabs={"Sheet1": [[date(2024, 9, 1), 2000000.01, Formula("=B1*2"), "=text", 0.5]]}
    )
    sheets = Sheets(emu, sid)
    sheets.put_values("F1", [["12%", "$3.50", "2,500", "=1/3"]], option="USER_ENTERED")
    row = lambda **p: sheets.get("/values/A1:I1", **p)[1]["values"][0]  # noqa: E731
    assert row() == [
        "2024-09-01",
        "2000000.01",
        "4000000.02",
        "=text",
        "0.5",
        "12%",
        "$3.50",
        "2,500",
        "0.3333333333",
    ]
    assert row(valueRenderOption="UNFORMATTED_VALUE") == [
        45536,
        2000000.01,
        4000000.02,
        "=text",
        0.5,
        0.12,
        3.5,
        2500,
        1 / 3,
    ]
    assert row(valueRenderOption="FORMULA")[2] == "=B1*2"
    assert (
        row(valueRenderOption="UNFORMATTED_VALUE", dateTimeRenderOption="FORMATTED_STRING")[0]
        == "2024-09-01"
    )


def test_user_entered_text_becomes_numbers_booleans_and_dates(
    emu: Emulator, sheets: Sheets
) -> None:
    sheets.put_values(
        "Sheet1!A1",
        [["42", "-3.5", "true", "'007", "2024-09-01", "9/1/2024", "10:30", "текст"]],
        option="USER_ENTERED",
    )
    assert emu.values(sheets.id, "Sheet1") == [
        [42, -3.5, True, "007", 45536, 45536, 0.4375, "текст"]
    ]
    sheets.put_values("Sheet1!A2", [["42", True, 1.5, None, ""]], option="RAW")
    assert emu.values(sheets.id, "Sheet1")[1] == ["42", True, 1.5]


def test_null_cells_are_skipped_and_counted_out(sheets: Sheets) -> None:
    _, body = sheets.put_values("'Мугалимдер'!A1:B2", [[None, "x"], ["y", None]])
    counts = [body[key] for key in ("updatedRows", "updatedColumns", "updatedCells")]
    assert (body["updatedRange"], counts) == ("'Мугалимдер'!A1:B2", [2, 2, 2])
    assert sheets.get("/values/'Мугалимдер'!A1:B2")[1]["values"] == [
        ["ID", "x"],
        ["y", "Асанова Гүлзат"],
    ]


def test_batch_get_and_batch_clear(emu: Emulator, sheets: Sheets) -> None:
    _, body = sheets.call(
        "GET",
        "/values:batchGet",
        params=[("ranges", "'Мугалимдер'!A1:A2"), ("ranges", "'O''Brien'!A1")],
    )
    assert [vr["values"] for vr in body["valueRanges"]] == [[["ID"], ["1"]], [["x"]]]
    _, body = sheets.call(
        "POST", "/values:batchClear", json={"ranges": ["'Мугалимдер'!B2:B3", "'O''Brien'"]}
    )
    assert body["clearedRanges"] == ["'Мугалимдер'!B2:B3", "'O''Brien'!A1:Z1000"]
    assert emu.values(sheets.id, "Мугалимдер") == [["ID", "Аты-жөнү"], ["1"], ["2"]]
