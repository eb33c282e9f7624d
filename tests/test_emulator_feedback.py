"""The emulator keeps a sheet's feedback and furniture as Google does, driven by Google's own
client over a socket: colours with their Style twins, notes, validation, frozen rows, basic
filters, protections backed by named ranges, charts, and row metadata that moves with rows."""

from __future__ import annotations

import pytest
from googleapiclient.errors import HttpError

from sheets_sync.emulator import Emulator
from sheets_sync.emulator.client import sheets_service

TAB = "Мугалимдер"


@pytest.fixture
def emu():
    with Emulator() as emulator:
        yield emulator


@pytest.fixture
def sid(emu):
    rows = [["ID", "Аты-жөнү", "Курс"], ["T1", "Асанова", 3], ["T2", "Бакиев", 5]]
    return emu.create_spreadsheet("Мектеп", tabs={TAB: rows})


def batch(emu: Emulator, sid: str, *requests: dict) -> dict:
    body = {"requests": list(requests)}
    return (
        sheets_service(emu.url).spreadsheets().batchUpdate(spreadsheetId=sid, body=body).execute()
    )


def sheet(emu: Emulator, sid: str, fields: str | None = None) -> dict:
    query = {"spreadsheetId": sid, "includeGridData": True}
    if fields:
        query["fields"] = fields
    found = sheets_service(emu.url).spreadsheets().get(**query).execute()
    return found["sheets"][0]


def cell(found: dict, row: int, column: int) -> dict:
    values = found["data"][0]["rowData"][row]["values"]
    return values[column] if column < len(values) else {}


def grid(start_row: int, end_row: int, start_column: int, end_column: int) -> dict:
    return {
        "sheetId": 0,
        "startRowIndex": start_row,
        "endRowIndex": end_row,
        "startColumnIndex": start_column,
        "endColumnIndex": end_column,
    }


def same_grid(found: dict, wanted: dict) -> bool:
    """GridRanges equal; Google leaves out a sheetId of 0 (the proto3 default)."""
    return {"sheetId": 0, **found} == {"sheetId": 0, **wanted}


AMBER = {"red": 1, "green": 0.92156863, "blue": 0.6117647}


def test_a_colour_written_either_way_comes_back_with_its_style_twin(emu, sid):
    plain = {"userEnteredFormat": {"backgroundColor": AMBER}}
    batch(
        emu,
        sid,
        {
            "repeatCell": {
                "range": grid(1, 2, 0, 1),
                "cell": plain,
                "fields": "userEnteredFormat.backgroundColor",
            }
        },
    )
    entered = cell(sheet(emu, sid), 1, 0)["userEnteredFormat"]
    assert entered == {"backgroundColor": AMBER, "backgroundColorStyle": {"rgbColor": AMBER}}
    effective = cell(sheet(emu, sid), 1, 0)["effectiveFormat"]
    assert effective["backgroundColor"] == AMBER
    assert effective["backgroundColorStyle"] == {"rgbColor": AMBER}

    styled = {"userEnteredFormat": {"textFormat": {"foregroundColorStyle": {"rgbColor": AMBER}}}}
    batch(
        emu,
        sid,
        {
            "updateCells": {
                "start": {"sheetId": 0, "rowIndex": 1, "columnIndex": 0},
                "rows": [{"values": [styled]}],
                "fields": "userEnteredFormat.textFormat.foregroundColorStyle",
            }
        },
    )
    text = cell(sheet(emu, sid), 1, 0)["userEnteredFormat"]["textFormat"]
    assert text == {"foregroundColor": AMBER, "foregroundColorStyle": {"rgbColor": AMBER}}


def test_clearing_a_background_clears_both_twins_and_keeps_the_font(emu, sid):
    whole = {"backgroundColor": AMBER, "textFormat": {"bold": True}}
    batch(
        emu,
        sid,
        {
            "repeatCell": {
                "range": grid(1, 2, 0, 1),
                "cell": {"userEnteredFormat": whole},
                "fields": "userEnteredFormat",
            }
        },
        {
            "repeatCell": {
                "range": grid(1, 2, 0, 1),
                "cell": {},
                "fields": "userEnteredFormat.backgroundColor",
            }
        },
    )
    assert cell(sheet(emu, sid), 1, 0)["userEnteredFormat"] == {"textFormat": {"bold": True}}


def test_a_note_is_set_then_cleared(emu, sid):
    def note(text: str | None) -> dict:
        values = [{"note": text}] if text is not None else [{}]
        return {
            "updateCells": {
                "start": {"sheetId": 0, "rowIndex": 1, "columnIndex": 1},
                "rows": [{"values": values}],
                "fields": "note",
            }
        }

    batch(emu, sid, note("Курс мөөнөтү өттү"))
    found = sheet(emu, sid, "sheets.data.rowData.values(note,effectiveValue)")
    assert cell(found, 1, 1) == {
        "effectiveValue": {"stringValue": "Асанова"},
        "note": "Курс мөөнөтү өттү",
    }
    batch(emu, sid, note(None))
    found = sheet(emu, sid, "sheets.data.rowData.values(note,effectiveValue)")
    assert cell(found, 1, 1) == {"effectiveValue": {"stringValue": "Асанова"}}


def test_validation_frozen_rows_and_a_basic_filter_come_back(emu, sid):
    rule = {
        "condition": {"type": "ONE_OF_LIST", "values": [{"userEnteredValue": "✔"}]},
        "strict": False,
        "showCustomUi": True,
    }
    batch(
        emu,
        sid,
        {"setDataValidation": {"range": grid(1, 3, 2, 3), "rule": rule}},
        {
            "updateSheetProperties": {
                "properties": {"sheetId": 0, "gridProperties": {"frozenRowCount": 1}},
                "fields": "gridProperties.frozenRowCount",
            }
        },
        {"setBasicFilter": {"filter": {"range": grid(0, 3, 0, 3)}}},
    )
    found = sheet(emu, sid)
    assert cell(found, 2, 2)["dataValidation"] == rule
    assert found["properties"]["gridProperties"]["frozenRowCount"] == 1
    assert set(found["basicFilter"]) == {"range"}
    assert same_grid(found["basicFilter"]["range"], grid(0, 3, 0, 3))


def test_a_protection_backed_by_a_named_range_follows_it(emu, sid):
    named = {"namedRangeId": "statuses1", "name": "statuses", "range": grid(0, 3, 2, 3)}
    protected = {"namedRangeId": "statuses1", "description": "программа", "warningOnly": True}
    reply = batch(
        emu,
        sid,
        {"addNamedRange": {"namedRange": named}},
        {"addProtectedRange": {"protectedRange": protected}},
    )
    added = reply["replies"][1]["addProtectedRange"]["protectedRange"]
    assert added["namedRangeId"] == "statuses1" and same_grid(added["range"], grid(0, 3, 2, 3))
    moved = {"namedRangeId": "statuses1", "range": grid(0, 10, 2, 3)}
    batch(emu, sid, {"updateNamedRange": {"namedRange": moved, "fields": "range"}})
    (found,) = sheet(emu, sid)["protectedRanges"]
    assert same_grid(found["range"], grid(0, 10, 2, 3)) and found["warningOnly"] is True
    rows = {"sheetId": 0, "dimension": "ROWS", "startIndex": 0, "endIndex": 2}
    batch(emu, sid, {"insertDimension": {"range": rows}})
    (found,) = sheet(emu, sid)["protectedRanges"]
    assert same_grid(found["range"], grid(2, 12, 2, 3))


def chart(chart_id: int, row: int) -> dict:
    sources = {"sourceRange": {"sources": [grid(1, 3, 2, 3)]}}
    spec = {
        "title": "Курстар",
        "basicChart": {
            "chartType": "BAR",
            "domains": [{"domain": {"sourceRange": {"sources": [grid(1, 3, 1, 2)]}}}],
            "series": [{"series": sources, "targetAxis": "BOTTOM_AXIS"}],
        },
    }
    anchor = {"sheetId": 0, "rowIndex": row, "columnIndex": 5}
    position = {"overlayPosition": {"anchorCell": anchor}}
    return {"addChart": {"chart": {"chartId": chart_id, "spec": spec, "position": position}}}


def test_a_chart_is_added_returned_moved_with_rows_and_deleted(emu, sid):
    reply = batch(emu, sid, chart(4242, 4))
    assert reply["replies"][0]["addChart"]["chart"]["chartId"] == 4242
    (found,) = sheet(emu, sid)["charts"]
    assert found["spec"]["basicChart"]["chartType"] == "BAR"
    assert found["position"]["overlayPosition"]["anchorCell"]["rowIndex"] == 4
    rows = {"sheetId": 0, "dimension": "ROWS", "startIndex": 0, "endIndex": 1}
    batch(emu, sid, {"insertDimension": {"range": rows}})
    (found,) = sheet(emu, sid)["charts"]
    assert found["position"]["overlayPosition"]["anchorCell"]["rowIndex"] == 5
    series = found["spec"]["basicChart"]["series"][0]["series"]["sourceRange"]["sources"][0]
    assert same_grid(series, grid(2, 4, 2, 3))
    batch(emu, sid, {"deleteEmbeddedObject": {"objectId": 4242}})
    assert "charts" not in sheet(emu, sid)
    with pytest.raises(HttpError) as refused:
        batch(emu, sid, {"deleteEmbeddedObject": {"objectId": 4242}})
    assert refused.value.resp.status == 400


def test_a_chart_id_taken_is_refused(emu, sid):
    batch(emu, sid, chart(4242, 4))
    with pytest.raises(HttpError) as refused:
        batch(emu, sid, chart(4242, 8))
    assert refused.value.resp.status == 400
    assert len(sheet(emu, sid)["charts"]) == 1  # the failed batch changed nothing


def test_a_field_google_does_not_know_is_refused_by_the_discovery_check(emu, sid):
    bad = chart(1, 1)
    bad["addChart"]["chart"]["spec"]["basicChart"]["bars"] = 3
    with pytest.raises(HttpError) as refused:
        batch(emu, sid, bad)
    assert refused.value.resp.status == 400 and b"Unknown name" in refused.value.content


def test_row_metadata_moves_with_rows_inserted_above_and_dies_with_its_row(emu, sid):
    location = {
        "dimensionRange": {"sheetId": 0, "dimension": "ROWS", "startIndex": 2, "endIndex": 3}
    }
    metadata = {
        "metadataId": 31,
        "metadataKey": "sheets-sync.row.owned",
        "metadataValue": '{"2":{"fill":"FFC7CE"}}',
        "location": location,
        "visibility": "DOCUMENT",
    }
    batch(emu, sid, {"createDeveloperMetadata": {"developerMetadata": metadata}})
    rows = {"sheetId": 0, "dimension": "ROWS", "startIndex": 1, "endIndex": 3}
    batch(emu, sid, {"insertDimension": {"range": rows}})
    fields = "sheets.data.rowMetadata.developerMetadata(metadataId,location)"
    lines = sheet(emu, sid, fields)["data"][0]["rowMetadata"]
    (at,) = [index for index, line in enumerate(lines) if line.get("developerMetadata")]
    assert at == 4  # row 3 moved down by the two rows inserted above it
    doomed = {"sheetId": 0, "dimension": "ROWS", "startIndex": 4, "endIndex": 5}
    batch(emu, sid, {"deleteDimension": {"range": doomed}})
    lines = sheet(emu, sid, fields)["data"][0]["rowMetadata"]
    assert not any(line.get("developerMetadata") for line in lines)


def test_row_metadata_and_cells_move_together_when_rows_are_moved(emu, sid):
    location = {
        "dimensionRange": {"sheetId": 0, "dimension": "ROWS", "startIndex": 1, "endIndex": 2}
    }
    metadata = {
        "metadataId": 32,
        "metadataKey": "sheets-sync.row.owned",
        "location": location,
        "visibility": "DOCUMENT",
    }
    batch(emu, sid, {"createDeveloperMetadata": {"developerMetadata": metadata}})
    source = {"sheetId": 0, "dimension": "ROWS", "startIndex": 1, "endIndex": 2}
    batch(emu, sid, {"moveDimension": {"source": source, "destinationIndex": 3}})
    assert emu.values(sid, TAB) == [
        ["ID", "Аты-жөнү", "Курс"],
        ["T2", "Бакиев", 5],
        ["T1", "Асанова", 3],
    ]
    fields = "sheets.data.rowMetadata.developerMetadata(metadataId,location)"
    lines = sheet(emu, sid, fields)["data"][0]["rowMetadata"]
    (at,) = [index for index, line in enumerate(lines) if line.get("developerMetadata")]
    assert at == 2  # with Асанова's row


def test_a_link_run_is_underlined_shown_as_the_cells_hyperlink_and_erased_by_a_new_value(emu, sid):
    start = {"sheetId": 0, "rowIndex": 1, "columnIndex": 3}
    linked = {
        "userEnteredValue": {"stringValue": "Жыйынтык"},
        "textFormatRuns": [{"startIndex": 0, "format": {"link": {"uri": "#gid=0&range=A5"}}}],
    }
    batch(
        emu,
        sid,
        {
            "updateCells": {
                "start": start,
                "rows": [{"values": [linked]}],
                "fields": "userEnteredValue,textFormatRuns",
            }
        },
    )
    found = cell(sheet(emu, sid), 1, 3)
    assert found["hyperlink"] == "#gid=0&range=A5"
    assert found["effectiveValue"] == {"stringValue": "Жыйынтык"}
    (run,) = found["textFormatRuns"]
    assert run["format"]["underline"] is True
    assert run["format"]["foregroundColorStyle"] == {
        "rgbColor": {"red": 0.06666667, "green": 0.33333334, "blue": 0.8}
    }
    plain = {"userEnteredValue": {"stringValue": "✔"}}
    batch(
        emu,
        sid,
        {
            "updateCells": {
                "start": start,
                "rows": [{"values": [plain]}],
                "fields": "userEnteredValue",
            }
        },
    )
    found = cell(sheet(emu, sid), 1, 3)
    assert "textFormatRuns" not in found and "hyperlink" not in found


def test_a_duplicated_sheet_s_chart_gets_an_id_of_its_own_on_the_copy(emu, sid):
    batch(emu, sid, chart(4242, 4))
    reply = batch(emu, sid, {"duplicateSheet": {"sourceSheetId": 0, "newSheetId": 9}})
    assert reply["replies"][0]["duplicateSheet"]["properties"]["sheetId"] == 9
    found = sheets_service(emu.url).spreadsheets().get(spreadsheetId=sid).execute()
    original, twin = found["sheets"][0]["charts"][0], found["sheets"][1]["charts"][0]
    assert original["chartId"] == 4242 and twin["chartId"] not in (4242, 0, 9)
    assert twin["position"]["overlayPosition"]["anchorCell"]["sheetId"] == 9
    sources = twin["spec"]["basicChart"]["series"][0]["series"]["sourceRange"]["sources"]
    assert sources[0]["sheetId"] == 9
    assert original["position"]["overlayPosition"]["anchorCell"].get("sheetId", 0) == 0
