"""Feedback on Google through real gspread and the emulator on a socket: every kind written in
the one guarded batch and read back in the one get, the toolkit's records moving with rows,
a person's own notes and filter criteria left alone, and the call budget held."""

from __future__ import annotations

import pytest
from test_retry import FakeTime

from sheets_sync.backends.google import GoogleSheetsBackend
from sheets_sync.backends.google_feedback import OWNED_KEY
from sheets_sync.changes import (
    AddChart,
    AddTab,
    CellRef,
    ChangeSet,
    FreezeRows,
    Link,
    MarkLayout,
    ProtectRange,
    RecordOwned,
    SetCell,
    SetFill,
    SetFilter,
    SetNote,
    SetPrint,
    SetStyle,
    SetValidation,
    Style,
    Validation,
)
from sheets_sync.emulator import Emulator, Spreadsheet
from sheets_sync.emulator.client import sheets_service
from sheets_sync.emulator.discovery import check_body
from sheets_sync.snapshot import Owned, Span

TAB = "Мугалимдер"
OTHER = "Жыйынтык"
LATE = "Курс мөөнөтү өттү"
RED, HEADER = "FFC7CE", "D9E1F2"


@pytest.fixture
def emu():
    with Emulator() as emulator:
        yield emulator


def google(emu: Emulator, sid: str) -> GoogleSheetsBackend:
    fake = FakeTime()
    return GoogleSheetsBackend(
        sid, credentials="none", endpoint=emu.url, sleep=fake.sleep, clock=fake.clock
    )


def api_calls(emu: Emulator) -> list[tuple[str, str]]:
    return [
        (r.method, r.path.rsplit("/", 1)[-1].split(":")[-1])
        for r in emu.requests
        if r.path.startswith("/v4/")
    ]


def batches(emu: Emulator) -> list[dict]:
    return [r.body for r in emu.requests if r.method == "POST" and r.path.endswith(":batchUpdate")]


def school(emu: Emulator) -> str:
    rows = [
        ["ID", "Аты-жөнү", "Курс", "Статус"],
        ["T1", "Асанова", 2024],
        ["T2", "Бакиев", 2019],
        ["T3", "Жумабаев", 2025],
    ]
    sid = emu.create_spreadsheet("Мектеп", tabs={TAB: rows, OTHER: [["Жыйынтык"]]})

    def person_writes_a_note(book: Spreadsheet) -> None:
        book.sheet(TAB).edit(2, 2)["note"] = "мугалимдин өз эскертүүсү"  # C3, beside B3

    emu.mutate(sid, person_writes_a_note)
    return sid


def raw(emu: Emulator, sid: str) -> dict:
    get = sheets_service(emu.url).spreadsheets().get(spreadsheetId=sid, includeGridData=True)
    return get.execute()


def sheet_json(document: dict, title: str) -> dict:
    return next(s for s in document["sheets"] if s["properties"]["title"] == title)


def cell_json(sheet: dict, row: int, column: int) -> dict:
    rows = sheet["data"][0].get("rowData", [])
    values = rows[row - 1].get("values", []) if row <= len(rows) else []
    return values[column - 1] if column <= len(values) else {}


def levels(color: dict) -> tuple[int, ...]:
    """A colour's 8-bit channels (Google leaves out channels that are 0)."""
    return tuple(round(color.get(channel, 0) * 255) for channel in ("red", "green", "blue"))


def everything() -> ChangeSet:
    owned = {(3, 2): Owned(note=LATE, fill=RED)}
    return ChangeSet(
        (
            SetStyle(TAB, Span(1, 4, 1, 4), Style(fill=HEADER, bold=True, border=True)),
            SetCell(CellRef(TAB, 1, 4), "Статус"),
            SetCell(CellRef(TAB, 2, 4), Link("Жыйынтыкка", CellRef(OTHER, 5, 1))),
            SetFill(CellRef(TAB, 3, 2), RED),
            SetNote(CellRef(TAB, 3, 2), LATE),
            RecordOwned(TAB, owned),
            FreezeRows(TAB, 1),
            SetFilter(TAB, Span(1, 1, 4, 4)),
            SetValidation(TAB, Span(2, 4, 4, 4), Validation("list", ("✔", "⚠", "✖"))),
            ProtectRange(TAB, Span(1, 4, 4, 4), "status", "Толтурат программа"),
            SetPrint(TAB, landscape=True, fit_width=True, repeat_rows=1),
            AddChart(
                TAB, "overview", "Курстар", Span(2, 2, 4, 2), Span(2, 3, 4, 3), CellRef(TAB, 6, 6)
            ),
            MarkLayout(TAB, "0f1e2d"),
        )
    )


def test_every_feedback_kind_goes_in_the_one_guarded_batch_and_reads_back(emu):
    sid = school(emu)
    backend = google(emu, sid)
    snapshot = backend.read()
    emu.clear_log()
    backend.apply(snapshot, everything())
    assert api_calls(emu) == [("GET", "batchGet"), ("POST", "batchUpdate")]
    assert all(r.status == 200 for r in emu.requests)
    (batch,) = batches(emu)
    check_body("BatchUpdateSpreadsheetRequest", batch)  # Google's own schema takes every request
    kinds = {next(iter(request)) for request in batch["requests"]}
    assert {
        "repeatCell", "updateCells", "updateSheetProperties", "setBasicFilter",
        "setDataValidation", "addNamedRange", "addProtectedRange", "addChart",
        "createDeveloperMetadata",
    } <= kinds  # fmt: skip

    emu.clear_log()
    tab = google(emu, sid).read().tab(TAB)
    assert api_calls(emu) == [("GET", sid)]
    assert tab.value(2, 4) == "Жыйынтыкка" and tab.value(1, 4) == "Статус"
    assert tab.notes == {(3, 2): LATE, (3, 3): "мугалимдин өз эскертүүсү"}
    assert tab.fills == {(1, 4): HEADER, (3, 2): RED}
    assert tab.owned == {(3, 2): Owned(note=LATE, fill=RED)}
    assert tab.layout == "0f1e2d"
    assert tab.frozen_rows == 1
    assert tab.filter == Span(1, 1, 4, 4)
    assert tab.validated_columns == frozenset({4})
    assert tab.mark is None and tab.column_marks == {}  # records are not marks


def test_the_raw_answer_holds_what_google_keeps(emu):
    sid = school(emu)
    backend = google(emu, sid)
    backend.apply(backend.read(), everything())
    document = raw(emu, sid)
    sheet = sheet_json(document, TAB)
    other_id = sheet_json(document, OTHER)["properties"].get("sheetId", 0)
    link = cell_json(sheet, 2, 4)
    assert link["userEnteredValue"] == {"stringValue": "Жыйынтыкка"}
    assert link["textFormatRuns"][0]["format"]["link"]["uri"] == f"#gid={other_id}&range=A5"
    tinted = cell_json(sheet, 3, 2)
    assert tinted["note"] == LATE
    entered, effective = tinted["userEnteredFormat"], tinted["effectiveFormat"]
    assert levels(entered["backgroundColor"]) == (255, 199, 206)  # FFC7CE
    assert entered["backgroundColorStyle"] == {"rgbColor": entered["backgroundColor"]}
    assert effective["backgroundColorStyle"] == {"rgbColor": entered["backgroundColor"]}
    header = cell_json(sheet, 1, 4)["userEnteredFormat"]
    assert header["textFormat"]["bold"] is True
    assert header["borders"]["bottom"]["style"] == "SOLID"
    assert sheet["properties"]["gridProperties"]["frozenRowCount"] == 1
    assert {"sheetId": 0, **sheet["basicFilter"]["range"]} == {
        "sheetId": sheet["properties"].get("sheetId", 0),
        "startRowIndex": 0,
        "endRowIndex": 4,
        "startColumnIndex": 0,
        "endColumnIndex": 4,
    }
    rule = cell_json(sheet, 3, 4)["dataValidation"]
    assert rule["condition"]["type"] == "ONE_OF_LIST" and not rule.get("strict", False)
    (protected,) = sheet["protectedRanges"]
    assert protected["warningOnly"] is True and protected["description"] == "Толтурат программа"
    assert protected["range"]["startColumnIndex"] == 3 and protected["range"]["endRowIndex"] == 4
    (chart,) = sheet["charts"]
    assert chart["spec"]["basicChart"]["chartType"] == "BAR"
    assert chart["spec"]["title"] == "Курстар"
    assert chart["position"]["overlayPosition"]["anchorCell"]["rowIndex"] == 5
    row_records = [
        m
        for line in sheet["data"][0]["rowMetadata"]
        for m in line.get("developerMetadata", [])
        if m["metadataKey"] == OWNED_KEY
    ]
    (record,) = row_records
    assert record["location"]["dimensionRange"]["startIndex"] == 2  # row 3
    assert "Асанова" not in record["metadataValue"]  # never cell text


def test_a_second_run_replaces_the_toolkits_protection_and_chart_instead_of_adding(emu):
    sid = school(emu)
    google(emu, sid).apply(google(emu, sid).read(), everything())
    first = sheet_json(raw(emu, sid), TAB)
    moved = ChangeSet(
        (
            ProtectRange(TAB, Span(1, 4, 10, 4), "status", "Жаңы түшүндүрмө"),
            AddChart(
                TAB, "overview", "Жаңы", Span(2, 2, 4, 2), Span(2, 3, 4, 3), CellRef(TAB, 8, 6)
            ),
        )
    )
    backend = google(emu, sid)
    backend.apply(backend.read(), moved)
    sheet = sheet_json(raw(emu, sid), TAB)
    (protected,) = sheet["protectedRanges"]
    assert protected["protectedRangeId"] == first["protectedRanges"][0]["protectedRangeId"]
    assert protected["description"] == "Жаңы түшүндүрмө" and protected["range"]["endRowIndex"] == 10
    (chart,) = sheet["charts"]
    assert chart["spec"]["title"] == "Жаңы"
    assert chart["chartId"] != first["charts"][0]["chartId"]


def test_a_persons_protection_and_chart_are_never_taken_for_the_toolkits(emu):
    sid = school(emu)

    def person_protects_and_charts(book: Spreadsheet) -> None:
        sheet = book.sheet(TAB)
        grid = {"sheetId": sheet.sheet_id, "startRowIndex": 0, "endRowIndex": 1}
        sheet.protected_ranges.append(
            {"protectedRangeId": 77, "range": grid, "description": "status", "warningOnly": True}
        )
        anchor = {"sheetId": sheet.sheet_id, "rowIndex": 0, "columnIndex": 0}
        position = {"overlayPosition": {"anchorCell": anchor}}
        sheet.charts.append({"chartId": 88, "position": position})

    emu.mutate(sid, person_protects_and_charts)
    backend = google(emu, sid)
    backend.apply(backend.read(), everything())
    sheet = sheet_json(raw(emu, sid), TAB)
    assert 77 in {p["protectedRangeId"] for p in sheet["protectedRanges"]}
    assert len(sheet["protectedRanges"]) == 2
    assert 88 in {c["chartId"] for c in sheet["charts"]} and len(sheet["charts"]) == 2


def test_a_note_is_cleared_and_a_persons_note_beside_it_stays(emu):
    sid = school(emu)
    google(emu, sid).apply(google(emu, sid).read(), everything())
    backend = google(emu, sid)
    snapshot = backend.read()
    cleared = ChangeSet(
        (SetNote(CellRef(TAB, 3, 2), None), SetFill(CellRef(TAB, 3, 2), None), RecordOwned(TAB, {}))
    )
    backend.apply(snapshot, cleared)
    tab = google(emu, sid).read().tab(TAB)
    assert tab.notes == {(3, 3): "мугалимдин өз эскертүүсү"}
    assert (3, 2) not in tab.fills and tab.owned == {}
    cell = cell_json(sheet_json(raw(emu, sid), TAB), 3, 2)
    assert "note" not in cell and "backgroundColorStyle" not in cell.get("userEnteredFormat", {})


def test_a_fill_keeps_the_cells_font_and_number_format(emu):
    sid = school(emu)

    def person_formats(book: Spreadsheet) -> None:
        data = book.sheet(TAB).edit(2, 1)  # B3
        data["userEnteredFormat"] = {
            "textFormat": {"italic": True},
            "numberFormat": {"type": "NUMBER", "pattern": "0.0"},
        }

    emu.mutate(sid, person_formats)
    backend = google(emu, sid)
    backend.apply(backend.read(), ChangeSet((SetFill(CellRef(TAB, 3, 2), RED),)))
    entered = cell_json(sheet_json(raw(emu, sid), TAB), 3, 2)["userEnteredFormat"]
    assert entered["textFormat"]["italic"] is True
    assert entered["numberFormat"]["pattern"] == "0.0"
    assert entered["backgroundColorStyle"]["rgbColor"]["red"] == 1


def test_rows_inserted_above_an_owned_cell_carry_its_record(emu):
    sid = school(emu)
    google(emu, sid).apply(google(emu, sid).read(), everything())
    emu.mutate(sid, lambda book: book.sheet(TAB).insert_rows(2, count=2))
    tab = google(emu, sid).read().tab(TAB)
    assert tab.value(5, 2) == "Бакиев"
    assert tab.owned == {(5, 2): Owned(note=LATE, fill=RED)}
    assert tab.notes[(5, 2)] == LATE and tab.fills[(5, 2)] == RED
    emu.mutate(sid, lambda book: book.sheet(TAB).delete_rows(5))
    assert google(emu, sid).read().tab(TAB).owned == {}  # the record went with its row


def test_a_record_already_in_place_and_an_unchanged_layout_cost_no_call(emu):
    sid = school(emu)
    google(emu, sid).apply(google(emu, sid).read(), everything())
    backend = google(emu, sid)
    emu.clear_log()
    snapshot = backend.read()
    same = ChangeSet(
        (
            RecordOwned(TAB, {(3, 2): Owned(note=LATE, fill=RED)}),
            MarkLayout(TAB, "0f1e2d"),
            SetPrint(TAB),
        )
    )
    backend.apply(snapshot, same)
    assert api_calls(emu) == [("GET", sid)]  # the read alone


def test_a_filter_moved_keeps_the_criteria_staff_set(emu):
    sid = school(emu)
    google(emu, sid).apply(google(emu, sid).read(), everything())

    def person_filters(book: Spreadsheet) -> None:
        book.sheet(TAB).basic_filter["filterSpecs"] = [
            {"columnIndex": 1, "filterCriteria": {"hiddenValues": ["Бакиев"]}}
        ]

    emu.mutate(sid, person_filters)
    backend = google(emu, sid)
    backend.apply(backend.read(), ChangeSet((SetFilter(TAB, Span(1, 1, 20, 4)),)))
    basic = sheet_json(raw(emu, sid), TAB)["basicFilter"]
    assert basic["range"]["endRowIndex"] == 20
    assert basic["filterSpecs"] == [
        {"columnIndex": 1, "filterCriteria": {"hiddenValues": ["Бакиев"]}}
    ]


def test_a_decoration_on_a_row_that_moved_meanwhile_is_left_for_the_next_run(emu):
    sid = school(emu)
    backend = google(emu, sid)
    snapshot = backend.read()
    emu.mutate(sid, lambda book: book.sheet(TAB).insert_rows(2))  # after the read
    changes = ChangeSet(
        (
            SetNote(CellRef(TAB, 3, 2), LATE),
            SetFill(CellRef(TAB, 3, 2), RED),
            RecordOwned(TAB, {(3, 2): Owned(note=LATE, fill=RED)}),
        )
    )
    backend.apply(snapshot, changes)
    assert (TAB, 3) in backend.skipped_rows
    tab = google(emu, sid).read().tab(TAB)
    assert tab.owned == {} and tab.fills == {}
    assert tab.notes == {(4, 3): "мугалимдин өз эскертүүсү"}


def test_a_kind_the_backend_does_not_know_refuses_the_whole_set(emu):
    sid = school(emu)
    backend = google(emu, sid)
    snapshot = backend.read()
    emu.clear_log()
    with pytest.raises(TypeError):
        backend.apply(snapshot, ChangeSet((SetNote(CellRef(TAB, 2, 2), "x"), object())))  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        backend.apply(snapshot, ChangeSet((SetFill(CellRef(TAB, 2, 2), "red"),)))
    assert api_calls(emu) == []


@pytest.mark.parametrize("served", [True, False])
def test_a_feedback_write_whose_answer_was_lost_is_checked_and_never_sent_twice(emu, served):
    sid = school(emu)
    backend = google(emu, sid)
    snapshot = backend.read()
    emu.faults.drop_next(1, method="POST", served=served)
    backend.apply(snapshot, everything())
    sheet = sheet_json(raw(emu, sid), TAB)
    assert len(sheet["protectedRanges"]) == 1 and len(sheet["charts"]) == 1
    tab = google(emu, sid).read().tab(TAB)
    assert tab.owned == {(3, 2): Owned(note=LATE, fill=RED)} and tab.layout == "0f1e2d"
    posts = [r.status for r in emu.requests if r.method == "POST"]
    assert posts == ([None] if served else [None, 200])


def test_a_summary_tab_added_gets_its_furniture_in_the_same_batch(emu):
    sid = school(emu)
    backend = google(emu, sid)
    snapshot = backend.read()
    emu.clear_log()
    summary = "Мөөнөттөр"
    changes = ChangeSet(
        (
            AddTab(summary),
            SetCell(CellRef(summary, 1, 1), "Мугалим"),
            SetCell(CellRef(summary, 2, 1), Link("Асанова", CellRef(TAB, 2, 2))),
            SetStyle(summary, Span(1, 1, 1, 2), Style(fill=HEADER, bold=True)),
            FreezeRows(summary, 1),
            AddChart(
                summary,
                "due",
                "Мөөнөттөр",
                Span(2, 1, 3, 1),
                Span(2, 2, 3, 2),
                CellRef(summary, 1, 4),
            ),
            MarkLayout(summary, "aa11"),
        )
    )
    backend.apply(snapshot, changes)
    assert api_calls(emu) == [("POST", "batchUpdate")]  # a new tab has no rows to guard
    tab = google(emu, sid).read().tab(summary)
    assert tab.value(2, 1) == "Асанова" and tab.fills == {(1, 1): HEADER, (1, 2): HEADER}
    assert tab.frozen_rows == 1 and tab.layout == "aa11"
    document = raw(emu, sid)
    teachers_id = sheet_json(document, TAB)["properties"].get("sheetId", 0)
    link = cell_json(sheet_json(document, summary), 2, 1)["textFormatRuns"][0]["format"]["link"]
    assert link == {"uri": f"#gid={teachers_id}&range=B2"}
    assert len(sheet_json(document, summary)["charts"]) == 1


def test_columns_inserted_before_an_owned_cell_carry_its_record_and_a_deleted_column_ends_it(emu):
    sid = school(emu)
    google(emu, sid).apply(google(emu, sid).read(), everything())
    emu.mutate(sid, lambda book: book.sheet(TAB).insert_columns(1, count=2))
    tab = google(emu, sid).read().tab(TAB)
    assert tab.value(3, 4) == "Бакиев"
    assert tab.owned == {(3, 4): Owned(note=LATE, fill=RED)}
    assert tab.notes[(3, 4)] == LATE and tab.fills[(3, 4)] == RED

    backend = google(emu, sid)  # the toolkit records a second cell after the move
    snapshot = backend.read()
    both = {(3, 4): Owned(note=LATE, fill=RED), (4, 5): Owned(fill=RED)}
    backend.apply(snapshot, ChangeSet((SetFill(CellRef(TAB, 4, 5), RED), RecordOwned(TAB, both))))
    assert google(emu, sid).read().tab(TAB).owned == both

    emu.mutate(sid, lambda book: book.sheet(TAB).delete_columns(4))
    assert google(emu, sid).read().tab(TAB).owned == {(4, 4): Owned(fill=RED)}


def test_every_style_field_and_validation_kind_is_sent_as_google_reads_it(emu):
    sid = school(emu)
    backend = google(emu, sid)
    snapshot = backend.read()
    full = Style(
        fill="C6EFCE", bold=True, italic=True, color="9C0006", size=11, wrap=True,
        align="center", top=True, number_format="dd.mm.yyyy", border=True,
    )  # fmt: skip
    source = CellRef(OTHER, 2, 1)
    changes = ChangeSet(
        (
            SetStyle(TAB, Span(2, 5, 4, 5), full),
            SetValidation(TAB, Span(2, 5, 4, 5), Validation("date", message="Күнү")),
            SetValidation(
                TAB,
                Span(2, 6, 4, 6),
                Validation("range", source=source, source_end=CellRef(OTHER, 9, 1)),
            ),
            SetValidation(TAB, Span(2, 4, 4, 4), None),
            FreezeRows(TAB, 0),
        )
    )
    emu.clear_log()
    backend.apply(snapshot, changes)
    (body,) = batches(emu)
    check_body("BatchUpdateSpreadsheetRequest", body)
    assert api_calls(emu) == [("POST", "batchUpdate")]  # no cell written: no row to guard
    rules = [r["setDataValidation"] for r in body["requests"] if "setDataValidation" in r]
    assert [r["rule"]["strict"] for r in rules if "rule" in r] == [False, False]
    assert sum("rule" not in r for r in rules) == 1  # the removal
    sheet = sheet_json(raw(emu, sid), TAB)
    entered = cell_json(sheet, 3, 5)["userEnteredFormat"]
    assert entered["numberFormat"] == {"type": "DATE", "pattern": "dd.mm.yyyy"}
    assert entered["horizontalAlignment"] == "CENTER" and entered["verticalAlignment"] == "TOP"
    assert entered["wrapStrategy"] == "WRAP"
    assert entered["textFormat"]["italic"] is True and entered["textFormat"]["fontSize"] == 11
    assert levels(entered["textFormat"]["foregroundColorStyle"]["rgbColor"]) == (156, 0, 6)
    date_rule = cell_json(sheet, 3, 5)["dataValidation"]
    assert date_rule["condition"] == {"type": "DATE_IS_VALID"}
    assert date_rule["inputMessage"] == "Күнү" and not date_rule.get("strict", False)
    range_rule = cell_json(sheet, 3, 6)["dataValidation"]["condition"]
    assert range_rule == {
        "type": "ONE_OF_RANGE",
        "values": [{"userEnteredValue": f"='{OTHER}'!$A$2:$A$9"}],
    }
    tab = google(emu, sid).read().tab(TAB)
    assert tab.validated_columns == frozenset({5, 6}) and tab.frozen_rows == 0


def test_a_theme_colour_reads_as_pattern_and_a_plain_one_as_its_hex(emu):
    sid = school(emu)

    def person_colours(book: Spreadsheet) -> None:
        sheet = book.sheet(TAB)
        sheet.edit(1, 0)["userEnteredFormat"] = {"backgroundColorStyle": {"themeColor": "ACCENT1"}}
        sheet.edit(1, 1)["userEnteredFormat"] = {"backgroundColor": {"green": 1}}

    emu.mutate(sid, person_colours)
    tab = google(emu, sid).read().tab(TAB)
    assert tab.fills == {(2, 1): "pattern", (2, 2): "00FF00"}
