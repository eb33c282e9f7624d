"""The toolkit's marks on Google: developer metadata it writes, reads back and moves, through
real gspread and the emulator on a socket; what a person or another app put there is never
taken for the toolkit's."""

from __future__ import annotations

import pytest
from test_retry import FakeTime

from sheets_sync.backends.google import GoogleSheetsBackend
from sheets_sync.changes import AddTab, CellRef, ChangeSet, MarkColumn, MarkTab, SetCell
from sheets_sync.emulator import Emulator, Formula
from sheets_sync.emulator.client import sheets_service
from sheets_sync.snapshot import Span

TAB = "Мугалимдер"


@pytest.fixture
def emu():
    with Emulator() as emulator:
        yield emulator


def google(emu: Emulator, sid: str) -> GoogleSheetsBackend:
    fake = FakeTime()
    return GoogleSheetsBackend(
        sid, credentials="none", endpoint=emu.url, sleep=fake.sleep, clock=fake.clock
    )


def writes(emu: Emulator) -> list[dict]:
    return [r.body for r in emu.requests if r.method == "POST" and r.path.startswith("/v4/")]


def metadata_of(emu: Emulator, sid: str) -> list[dict]:
    found = (
        sheets_service(emu.url)
        .spreadsheets()
        .developerMetadata()
        .search(spreadsheetId=sid, body={"dataFilters": [{"developerMetadataLookup": {}}]})
    )
    return [m["developerMetadata"] for m in found.execute().get("matchedDeveloperMetadata", [])]


def school(emu: Emulator) -> str:
    rows = [["ID", "Аты-жөнү", "Статус"], ["T1", "Асанова"], ["T2", "Бакиев"]]
    return emu.create_spreadsheet("Мектеп", tabs={TAB: rows, "Башка": [["x"]]})


def test_marks_go_in_the_same_single_batch_as_the_cells_and_read_back(emu):
    sid = school(emu)
    backend = google(emu, sid)
    snapshot = backend.read()
    assert snapshot.tab(TAB).column_marks == {} and snapshot.tab(TAB).mark is None
    emu.clear_log()
    changes = ChangeSet(
        (
            MarkColumn(TAB, 4, "status"),
            MarkColumn(TAB, 5, "due"),
            MarkTab("Башка", "summary_overview"),
            SetCell(CellRef(TAB, 1, 4), "Статус"),
        )
    )
    backend.apply(snapshot, changes)
    (batch,) = writes(emu)
    kinds = [next(iter(request)) for request in batch["requests"]]
    assert kinds.count("createDeveloperMetadata") == 3 and "updateCells" in kinds
    again = google(emu, sid).read()
    assert again.tab(TAB).column_marks == {"status": 4, "due": 5}
    assert again.tab("Башка").mark == "summary_overview" and again.tab(TAB).mark is None
    created = [r["createDeveloperMetadata"]["developerMetadata"] for r in batch["requests"][:3]]
    assert {m["visibility"] for m in created} == {"DOCUMENT"}
    assert all(m["metadataKey"].startswith("sheets-sync.") for m in created)


def test_a_column_mark_follows_columns_inserted_before_it_and_dies_with_its_column(emu):
    sid = school(emu)
    backend = google(emu, sid)
    snapshot = backend.read()
    backend.apply(snapshot, ChangeSet((MarkColumn(TAB, 3, "status"), MarkColumn(TAB, 4, "due"))))
    emu.mutate(sid, lambda book: book.sheet(TAB).insert_columns(1, count=2))
    assert google(emu, sid).read().tab(TAB).column_marks == {"status": 5, "due": 6}
    emu.mutate(sid, lambda book: book.sheet(TAB).delete_columns(5))
    assert google(emu, sid).read().tab(TAB).column_marks == {"due": 5}


def test_a_tab_mark_stays_through_a_rename_and_a_move(emu):
    sid = school(emu)
    backend = google(emu, sid)
    backend.apply(backend.read(), ChangeSet((MarkTab("Башка", "summary_deadlines"),)))

    def rename_and_move(book):
        sheet = book.sheet("Башка")
        sheet.properties["title"] = "Мөөнөттөр (эски)"
        book.sheets.remove(sheet)
        book.sheets.insert(0, sheet)
        book.reindex()

    emu.mutate(sid, rename_and_move)
    snapshot = google(emu, sid).read()
    assert list(snapshot.tabs) == ["Мөөнөттөр (эски)", TAB]
    assert snapshot.tab("Мөөнөттөр (эски)").mark == "summary_deadlines"


def test_a_mark_already_in_place_costs_no_call_and_a_moved_one_is_updated_not_doubled(emu):
    sid = school(emu)
    backend = google(emu, sid)
    backend.apply(backend.read(), ChangeSet((MarkColumn(TAB, 3, "status"),)))
    emu.clear_log()
    backend.apply(backend.read(), ChangeSet((MarkColumn(TAB, 3, "status"),)))
    assert [r.method for r in emu.requests] == ["GET"]  # the read only
    emu.clear_log()
    backend.apply(backend.read(), ChangeSet((MarkColumn(TAB, 7, "status"),)))
    (batch,) = writes(emu)
    assert [next(iter(r)) for r in batch["requests"]] == ["updateDeveloperMetadata"]
    assert google(emu, sid).read().tab(TAB).column_marks == {"status": 7}
    assert len(metadata_of(emu, sid)) == 1


def test_a_tab_mark_replaces_the_tab_s_other_mark(emu):
    sid = school(emu)
    backend = google(emu, sid)
    backend.apply(backend.read(), ChangeSet((MarkTab("Башка", "summary_overview"),)))
    backend.apply(backend.read(), ChangeSet((MarkTab("Башка", "summary_deadlines"),)))
    assert google(emu, sid).read().tab("Башка").mark == "summary_deadlines"
    assert len(metadata_of(emu, sid)) == 1


def test_a_new_tab_gets_its_mark_and_cells_in_one_batch(emu):
    sid = school(emu)
    backend = google(emu, sid)
    snapshot = backend.read()
    emu.clear_log()
    changes = ChangeSet(
        (
            AddTab("Жыйынтык"),
            MarkTab("Жыйынтык", "summary_overview"),
            SetCell(CellRef("Жыйынтык", 1, 1), "x"),
        )
    )
    backend.apply(snapshot, changes)
    assert len(writes(emu)) == 1 and len(emu.requests) == 1
    assert google(emu, sid).read().tab("Жыйынтык").mark == "summary_overview"


def test_metadata_a_person_or_another_app_wrote_is_never_taken_for_a_mark(emu):
    sid = school(emu)
    column = {
        "dimensionRange": {"sheetId": 0, "dimension": "COLUMNS", "startIndex": 2, "endIndex": 3}
    }
    row = {"dimensionRange": {"sheetId": 0, "dimension": "ROWS", "startIndex": 1, "endIndex": 2}}
    foreign = [
        ("status", "DOCUMENT", column),  # another app's key without our prefix
        ("sheets-sync.status", "PROJECT", column),  # not the visibility we write
        ("sheets-sync.due", "DOCUMENT", row),  # on a row, not a column
        ("sheets-sync.Status", "DOCUMENT", column),  # not a key we could have written
        ("sheets-sync.summary_overview", "DOCUMENT", column),  # a tab key, but on a column
        ("summary_overview", "DOCUMENT", {"sheetId": 0}),
    ]
    requests = [
        {
            "createDeveloperMetadata": {
                "developerMetadata": {"metadataKey": key, "visibility": vis, "location": where}
            }
        }
        for key, vis, where in foreign
    ]
    sheets_service(emu.url).spreadsheets().batchUpdate(
        spreadsheetId=sid, body={"requests": requests}
    ).execute()
    tab = google(emu, sid).read().tab(TAB)
    assert tab.column_marks == {"summary_overview": 3}  # only the one in our own form
    assert tab.mark is None


def test_the_read_reports_merges_the_column_limit_and_formulas_whose_result_is_empty(emu):
    rows = [
        ["ID", "Аты-жөнү", None, None],
        ["T1", "Асанова", None, Formula('=IF(A2="T9","x","")')],
    ]
    sid = emu.create_spreadsheet("Мектеп", tabs={TAB: rows})
    sheets_service(emu.url).spreadsheets().batchUpdate(
        spreadsheetId=sid,
        body={
            "requests": [
                {
                    "mergeCells": {
                        "range": {
                            "sheetId": 0,
                            "startRowIndex": 0,
                            "endRowIndex": 1,
                            "startColumnIndex": 5,
                            "endColumnIndex": 8,
                        }
                    }
                }
            ]
        },
    ).execute()
    tab = google(emu, sid).read().tab(TAB)
    assert tab.width == 2 and tab.used_width == 4 and tab.occupied_width == 4
    assert tab.value(2, 4) is None
    assert tab.merged == (Span(1, 6, 1, 8),) and tab.merged_at(1, 7) == Span(1, 6, 1, 8)
    assert tab.max_columns == 18_278


@pytest.mark.parametrize(
    "change",
    [MarkColumn(TAB, 3, "Status"), MarkColumn(TAB, 0, "status"), MarkTab("Жок", "x")],
    ids=["bad-key", "no-column", "no-tab"],
)
def test_a_bad_mark_refuses_the_whole_set_before_any_call(emu, change):
    sid = school(emu)
    backend = google(emu, sid)
    snapshot = backend.read()
    emu.clear_log()
    with pytest.raises(ValueError):
        backend.apply(snapshot, ChangeSet((SetCell(CellRef(TAB, 1, 4), "x"), change)))
    assert emu.requests == []
