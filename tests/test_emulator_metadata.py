"""Developer metadata in the emulator, through googleapiclient over a real socket: created,
updated and deleted in batchUpdate, returned by spreadsheets.get where Google puts it, moved
with inserted and deleted lines and deleted with them, searched and fetched by id."""

from __future__ import annotations

import pytest
from googleapiclient.errors import HttpError

from sheets_sync.emulator import Emulator
from sheets_sync.emulator.client import sheets_service


@pytest.fixture
def emu():
    with Emulator() as emulator:
        yield emulator


@pytest.fixture
def api(emu):
    return sheets_service(emu.url).spreadsheets()


@pytest.fixture
def sid(emu):
    return emu.create_spreadsheet("x", tabs={"A": [["a", "b", "c"], [1, 2, 3]], "B": [["z"]]})


def line(dimension: str, index: int, sheet_id: int = 0) -> dict:
    span = {"sheetId": sheet_id, "dimension": dimension, "startIndex": index}
    return {"dimensionRange": {**span, "endIndex": index + 1}}


def create(key: str, location: dict, **extra) -> dict:
    metadata = {"metadataKey": key, "visibility": "DOCUMENT", "location": location, **extra}
    return {"createDeveloperMetadata": {"developerMetadata": metadata}}


def batch(api, sid: str, *requests: dict) -> dict:
    return api.batchUpdate(spreadsheetId=sid, body={"requests": list(requests)}).execute()


def column_marks(api, sid: str) -> dict[str, int]:
    book = api.get(spreadsheetId=sid, fields="sheets.data.columnMetadata.developerMetadata")
    found = {}
    for index, entry in enumerate(book.execute()["sheets"][0]["data"][0]["columnMetadata"]):
        for item in entry.get("developerMetadata", []):
            found[item["metadataKey"]] = index
    return found


def test_create_replies_with_the_stored_metadata_and_its_location_type(api, sid):
    reply = batch(api, sid, create("k", line("COLUMNS", 2), metadataId=41, metadataValue="v"))
    assert reply["replies"] == [
        {
            "createDeveloperMetadata": {
                "developerMetadata": {
                    "metadataId": 41,
                    "metadataKey": "k",
                    "metadataValue": "v",
                    "location": {
                        "locationType": "COLUMN",
                        "dimensionRange": {
                            "sheetId": 0,
                            "dimension": "COLUMNS",
                            "startIndex": 2,
                            "endIndex": 3,
                        },
                    },
                    "visibility": "DOCUMENT",
                }
            }
        }
    ]


def test_get_returns_each_kind_where_google_puts_it_and_honours_the_mask(api, sid):
    batch(
        api,
        sid,
        create("whole", {"spreadsheet": True}),
        create("tab", {"sheetId": 0}),
        create("row", line("ROWS", 1)),
        create("column", line("COLUMNS", 0)),
    )
    book = api.get(spreadsheetId=sid, fields="developerMetadata.metadataKey").execute()
    assert book == {"developerMetadata": [{"metadataKey": "whole"}]}
    fields = (
        "sheets(developerMetadata.metadataKey,"
        "data(rowMetadata.developerMetadata.metadataKey,columnMetadata.developerMetadata.metadataKey))"
    )
    first = api.get(spreadsheetId=sid, fields=fields).execute()["sheets"][0]
    assert first["developerMetadata"] == [{"metadataKey": "tab"}]
    data = first["data"][0]
    assert data["rowMetadata"][1] == {"developerMetadata": [{"metadataKey": "row"}]}
    assert data["rowMetadata"][0] == {} and data["columnMetadata"][1] == {}
    assert data["columnMetadata"][0] == {"developerMetadata": [{"metadataKey": "column"}]}
    plain = api.get(spreadsheetId=sid).execute()  # no grid data: no line metadata either
    assert "data" not in plain["sheets"][0]
    assert plain["sheets"][0]["developerMetadata"][0]["metadataKey"] == "tab"


def test_line_metadata_moves_with_inserted_and_deleted_lines_and_dies_with_its_line(api, sid):
    batch(api, sid, create("c2", line("COLUMNS", 2)), create("c1", line("COLUMNS", 1)))
    insert = {"range": {"sheetId": 0, "dimension": "COLUMNS", "startIndex": 0, "endIndex": 3}}
    batch(api, sid, {"insertDimension": insert})
    assert column_marks(api, sid) == {"c1": 4, "c2": 5}
    delete = {"range": {"sheetId": 0, "dimension": "COLUMNS", "startIndex": 1, "endIndex": 5}}
    batch(api, sid, {"deleteDimension": delete})
    assert column_marks(api, sid) == {"c2": 1}
    batch(api, sid, {"deleteSheet": {"sheetId": 0}})
    search = api.developerMetadata().search(
        spreadsheetId=sid, body={"dataFilters": [{"developerMetadataLookup": {}}]}
    )
    assert search.execute() == {}


def test_update_moves_a_mark_and_delete_answers_what_it_deleted(api, sid):
    batch(api, sid, create("k", line("COLUMNS", 0), metadataId=7))
    lookup = {"developerMetadataLookup": {"metadataId": 7}}
    reply = batch(
        api,
        sid,
        {
            "updateDeveloperMetadata": {
                "dataFilters": [lookup],
                "developerMetadata": {"location": line("COLUMNS", 2), "metadataValue": "x"},
                "fields": "location,metadataValue",
            }
        },
    )
    (updated,) = reply["replies"][0]["updateDeveloperMetadata"]["developerMetadata"]
    assert updated["metadataValue"] == "x" and updated["location"]["locationType"] == "COLUMN"
    assert column_marks(api, sid) == {"k": 2}
    reply = batch(api, sid, {"deleteDeveloperMetadata": {"dataFilter": lookup}})
    assert (
        reply["replies"][0]["deleteDeveloperMetadata"]["deletedDeveloperMetadata"][0]["metadataId"]
        == 7
    )
    assert column_marks(api, sid) == {}


def test_search_and_get_by_id(api, sid):
    batch(api, sid, create("k", {"sheetId": 0}, metadataId=5), create("other", {"sheetId": 0}))
    service = api.developerMetadata()
    assert service.get(spreadsheetId=sid, metadataId=5).execute()["metadataKey"] == "k"
    lookup = {"developerMetadataLookup": {"metadataKey": "k", "locationType": "SHEET"}}
    found = service.search(spreadsheetId=sid, body={"dataFilters": [lookup]}).execute()
    (match,) = found["matchedDeveloperMetadata"]
    assert match["developerMetadata"]["metadataId"] == 5 and match["dataFilters"] == [lookup]
    with pytest.raises(HttpError) as caught:
        service.get(spreadsheetId=sid, metadataId=6).execute()
    assert caught.value.resp.status == 404


@pytest.mark.parametrize(
    "request_",
    [
        create(
            "k",
            {"dimensionRange": {"sheetId": 0, "dimension": "ROWS", "startIndex": 0, "endIndex": 2}},
        ),
        {
            "createDeveloperMetadata": {
                "developerMetadata": {"metadataKey": "k", "location": {"sheetId": 0}}
            }
        },
        create("", {"sheetId": 0}),
        create("k", {"sheetId": 99}),
        create("k", {"sheetId": 0, "spreadsheet": True}),
        create("k", {"sheetId": 0}, metadataId=1, colour="red"),
    ],
    ids=["two-rows", "no-visibility", "no-key", "no-sheet", "two-locations", "unknown-field"],
)
def test_invalid_metadata_is_refused_with_400_and_nothing_changes(api, sid, request_):
    with pytest.raises(HttpError) as caught:
        batch(api, sid, create("first", {"sheetId": 0}), request_)
    assert caught.value.resp.status == 400
    assert "developerMetadata" not in api.get(spreadsheetId=sid).execute()["sheets"][0]


def test_a_second_metadata_under_a_taken_id_is_refused(api, sid):
    batch(api, sid, create("k", {"sheetId": 0}, metadataId=3))
    with pytest.raises(HttpError) as caught:
        batch(api, sid, create("k", line("COLUMNS", 0), metadataId=3))
    assert caught.value.resp.status == 400 and "already exists" in str(caught.value)


def test_metadata_survives_a_restart_from_the_state_folder(tmp_path):
    with Emulator(state_dir=tmp_path) as first:
        sid = first.create_spreadsheet("x", tabs={"A": [["a"]]})
        batch(sheets_service(first.url).spreadsheets(), sid, create("k", line("COLUMNS", 0)))
    with Emulator(state_dir=tmp_path) as second:
        assert column_marks(sheets_service(second.url).spreadsheets(), sid) == {"k": 0}
