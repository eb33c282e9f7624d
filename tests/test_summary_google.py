"""The furnished summary tabs on Google Sheets, through the emulator over a real socket: one
batch writes cells, styles, frozen rows, links and the chart; a rerun of the unchanged
spreadsheet costs the one read alone."""

from __future__ import annotations

import dataclasses

import pytest
from test_google_backend import api_calls, google, seed
from test_retry import FakeTime

from jobs.methodical_work import JOB
from schemas.samples import DEMO_AS_OF, SAMPLE_WORKBOOK
from sheets_sync.emulator import Emulator
from sheets_sync.job import run

FURNISHED = dataclasses.replace(JOB, summary_furniture=True)


@pytest.fixture
def emu():
    with Emulator() as emulator:
        yield emulator


@pytest.fixture
def fake():
    return FakeTime()


def sheet_of(emu: Emulator, sid: str, title: str):
    with emu.store.lock:
        return next(s for s in emu.store.books[sid].sheets if s.title == title)


def test_the_furnished_summaries_land_in_one_batch_and_a_rerun_costs_one_read(emu, fake):
    sid = seed(emu, SAMPLE_WORKBOOK)
    first = run(FURNISHED, google(emu, sid, fake), as_of=DEMO_AS_OF)
    assert first.ok and first.applied
    assert [call for call in api_calls(emu) if call[0] == "POST"] == [("POST", "batchUpdate")]
    overview = sheet_of(emu, sid, "Жыйынтык")
    assert overview.properties["gridProperties"]["frozenRowCount"] == 2
    [chart] = overview.charts
    basic = chart["spec"]["basicChart"]
    [names] = basic["domains"][0]["domain"]["sourceRange"]["sources"]
    [rates] = basic["series"][0]["series"]["sourceRange"]["sources"]
    assert (names["startColumnIndex"], rates["startColumnIndex"]) == (0, 3)  # A: names, D: rates
    assert names["startRowIndex"] == rates["startRowIndex"]
    first = names["startRowIndex"] + 1
    assert (
        emu.cell_data(sid, "Жыйынтык", f"A{first}")["userEnteredValue"]["stringValue"] == "Тилдер"
    )
    header = next(
        row
        for row in range(1, 40)
        if emu.cell_data(sid, "Жыйынтык", f"A{row}").get("userEnteredValue", {}).get("stringValue")
        == "Ким аткарат"
    )
    style = emu.cell_data(sid, "Жыйынтык", f"B{header}")["userEnteredFormat"]
    assert style["textFormat"]["bold"] is True
    link = emu.cell_data(sid, "Жыйынтык", f"E{header + 1}")
    assert "#gid=" in str(link), link
    emu.clear_log()
    again = run(FURNISHED, google(emu, sid, fake), as_of=DEMO_AS_OF)
    summary = [c for c in again.changes if getattr(c, "tab", None) in ("Жыйынтык", "Мөөнөттөр")]
    summary += [c for c in again.changes.cells() if c.ref.tab in ("Жыйынтык", "Мөөнөттөр")]
    assert summary == []
    assert not again.changes
    assert api_calls(emu) == [("GET", "get")]
