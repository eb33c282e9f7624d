"""Answers leave out what Google's JSON leaves out: proto3 defaults of plain fields."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests

from sheets_sync.emulator import Emulator
from sheets_sync.emulator.wire import drop_defaults


@pytest.fixture
def emu() -> Iterator[Emulator]:
    with Emulator() as emulator:
        yield emulator


def _batch(emu: Emulator, sid: str, *requests_: dict[str, Any]) -> dict[str, Any]:
    answer = requests.post(
        f"{emu.url}/v4/spreadsheets/{sid}:batchUpdate",
        json={"requests": list(requests_)},
        timeout=10,
    )
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_a_protected_range_answers_without_its_false_and_empty_fields(emu: Emulator) -> None:
    sid = emu.create_spreadsheet("Мектеп", tabs={"Sheet1": [["x"]], "Экинчи": []})
    grid = {"sheetId": 0, "startRowIndex": 0, "endRowIndex": 2}
    protected = {"range": grid, "description": "", "warningOnly": False,
                 "editors": {"users": [], "groups": []}, "unprotectedRanges": []}  # fmt: skip
    reply = _batch(emu, sid, {"addProtectedRange": {"protectedRange": protected}})
    answered = reply["replies"][0]["addProtectedRange"]["protectedRange"]
    assert answered["range"] == {"startRowIndex": 0, "endRowIndex": 2}
    assert answered["editors"] == {}
    assert not {"description", "warningOnly", "unprotectedRanges"} & set(answered)


def test_a_sheet_shown_again_has_no_hidden_field(emu: Emulator) -> None:
    sid = emu.create_spreadsheet("Мектеп", tabs={"Sheet1": [["x"]], "Экинчи": []})
    book = requests.get(f"{emu.url}/v4/spreadsheets/{sid}", timeout=10).json()
    second = book["sheets"][1]["properties"]["sheetId"]
    for hidden in (True, False):
        _batch(emu, sid, {"updateSheetProperties": {
            "properties": {"sheetId": second, "hidden": hidden}, "fields": "hidden"}})  # fmt: skip
    book = requests.get(f"{emu.url}/v4/spreadsheets/{sid}", timeout=10).json()
    assert "hidden" not in book["sheets"][1]["properties"]


def test_a_range_on_another_sheet_keeps_its_sheet_id_and_presence_fields_stay() -> None:
    other = {"sheetId": 7, "startRowIndex": 0, "endRowIndex": 0}
    assert drop_defaults({"range": other}) == {"range": other}
    bold = {"textFormat": {"bold": False}, "sheetId": 0}  # not a range: nothing dropped
    assert drop_defaults(bold) == bold
