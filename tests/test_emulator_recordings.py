"""The emulator answers like Google did in real recorded exchanges, field for field.

The recordings (``../shared/sheets-api-recordings``, vcrpy cassettes of gspread's own test suite
against Google) are replayed request by request against the emulator: a Drive ``files`` create
becomes ``spreadsheets.create`` with that title, and the status code and the WHOLE JSON answer
of every Sheets call are compared with Google's. Nothing is normalised away: a missing field,
an extra one, ``{}`` against no field at all (``{}`` is a black colour), ``false`` against no
field, a list's length and order all count, and so do Google's theme (``spreadsheetTheme``),
default format (``defaultFormat``) and each colour's ``*Style`` twin. The only conversion is
that a whole float equals the int (JSON has one number type; Google writes ``1``, a float
field read back in Python is ``1.0``). The folder is absent in a fresh clone; then every test
here skips.

What cannot match by design, and how it is handled:

- Ids Google generates (spreadsheet, sheet, named range and protected range ids) differ by
  design. Each is paired with the emulator's when it first appears and replaced by it in the
  recorded requests and answers, inside URLs (``spreadsheetUrl``) too; then they are compared.
- Drive calls (file metadata, listing, deletion, ``lastUpdateTime`` reads) are not replayed:
  the emulator's Drive shim is only what gspread's client needs, and the recorded Drive answers
  carry Google's timestamps. A Drive ``files`` create is replayed as ``spreadsheets.create``.
- A protected range's ``editors`` in ``spreadsheets.get``: Google adds the calling account
  (the recording's service-account e-mail) as an editor; the emulator has no accounts. The
  ``editors`` of the ``addProtectedRange`` reply is compared (Google answers ``{}`` there).

Every cassette in the folder is in ``CASSETTES`` and passes; a recording added later is not
replayed until it is listed here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import SplitResult, urlsplit

import pytest
import requests

from sheets_sync.emulator import Emulator

RECORDINGS = Path(__file__).resolve().parents[2] / "shared" / "sheets-api-recordings"

CASSETTES = [
    # errors (403, 400 for a bad body and for hiding every sheet)
    "ClientTest.test_access_private_spreadsheet",
    "WorksheetTest.test_get_values_merge_cells_outside_of_range",
    "WorksheetTest.test_hide_show_worksheet",
    # batchUpdate kinds: merges, named and protected ranges, dimensions, groups, filters, notes
    "CellTest.test_define_named_range",
    "CellTest.test_delete_named_range",
    "CellTest.test_merge_cells",
    "CellTest.test_update_named_range",
    "SpreadsheetTest.test_get_lastUpdateTime",
    "SpreadsheetTest.test_lastUpdateTime_prop",
    "SpreadsheetTest.test_timezone_and_locale",
    "SpreadsheetTest.test_update_title",
    "SpreadsheetTest.test_values_get",
    "SpreadsheetTest.test_worksheets",
    "SpreadsheetTest.test_worksheets_exclude_hidden",
    "WorksheetTest.test_add_protected_range_normal",
    "WorksheetTest.test_basic_filters",
    "WorksheetTest.test_batch_merged_cells",
    "WorksheetTest.test_copy_cut_range",
    "WorksheetTest.test_delete_cols",
    "WorksheetTest.test_delete_protected_range",
    "WorksheetTest.test_get_merge_cells_and_unmerge_cells",
    "WorksheetTest.test_get_notes_2nd_sheet",
    "WorksheetTest.test_get_values_and_combine_merged_cells",
    "WorksheetTest.test_get_values_merge_cells_from_centre_of_sheet",
    "WorksheetTest.test_get_values_merge_cells_with_named_range",
    "WorksheetTest.test_group_columns",
    "WorksheetTest.test_group_rows",
    "WorksheetTest.test_hide_columns_rows",
    "WorksheetTest.test_insert_cols",
    "WorksheetTest.test_worksheet_update_index",
    # values get/update/append/clear/batch*, and sheet properties (size, title, tab colour)
    "CellTest.test_a1_value",
    "CellTest.test_equality",
    "CellTest.test_numeric_value",
    "CellTest.test_properties",
    "WorksheetTest.test_acell",
    "WorksheetTest.test_append_row",
    "WorksheetTest.test_append_row_with_empty_value_and_table_range",
    "WorksheetTest.test_attributes",
    "WorksheetTest.test_batch_get",
    "WorksheetTest.test_batch_update",
    "WorksheetTest.test_cell",
    "WorksheetTest.test_cell_return_first",
    "WorksheetTest.test_clear",
    "WorksheetTest.test_clear_tab_color",
    "WorksheetTest.test_find",
    "WorksheetTest.test_findall",
    "WorksheetTest.test_get_all_records",
    "WorksheetTest.test_get_all_records_different_header",
    "WorksheetTest.test_get_all_records_duplicate_keys",
    "WorksheetTest.test_get_all_records_numericise_unformatted",
    "WorksheetTest.test_get_all_records_pad_more_than_one_key",
    "WorksheetTest.test_get_all_records_pad_one_key",
    "WorksheetTest.test_get_all_records_pad_values",
    "WorksheetTest.test_get_all_records_value_render_options",
    "WorksheetTest.test_get_all_records_with_all_values_blank",
    "WorksheetTest.test_get_all_records_with_blank_final_headers",
    "WorksheetTest.test_get_all_records_with_keys_blank",
    "WorksheetTest.test_get_all_records_with_some_values_blank",
    "WorksheetTest.test_get_all_values",
    "WorksheetTest.test_get_and_get_values_have_same_signature",
    "WorksheetTest.test_get_returns_ValueRange_with_metadata",
    "WorksheetTest.test_get_values_and_maintain_size",
    "WorksheetTest.test_get_values_can_emulate_get_with_kwargs",
    "WorksheetTest.test_get_values_with_args_or_kwargs",
    "WorksheetTest.test_hide_gridlines",
    "WorksheetTest.test_range",
    "WorksheetTest.test_range_get_all_values",
    "WorksheetTest.test_range_reversed",
    "WorksheetTest.test_reorder_worksheets",
    "WorksheetTest.test_resize",
    "WorksheetTest.test_set_tab_color",
    "WorksheetTest.test_show_gridlines",
    "WorksheetTest.test_update_acell",
    "WorksheetTest.test_update_and_get",
    "WorksheetTest.test_update_cell",
    "WorksheetTest.test_update_cell_multiline",
    "WorksheetTest.test_update_cell_objects",
    "WorksheetTest.test_update_cell_unicode",
    "WorksheetTest.test_update_cells",
    "WorksheetTest.test_update_cells_noncontiguous",
    "WorksheetTest.test_update_tab_color",
    "WorksheetTest.test_update_title",
    "WorksheetTest.test_update_works_with_swapped_values_and_range",
    # spreadsheet metadata
    "CellTest.test_update_named_range_no_args",
    "ClientTest.test_create",
    "ClientTest.test_no_found_exeption",
    "ClientTest.test_open_by_key_has_metadata",
    "SpreadsheetTest.test_creationTime_prop",
    "SpreadsheetTest.test_get_worksheet",
    "SpreadsheetTest.test_get_worksheet_by_id",
    "SpreadsheetTest.test_properties",
    "SpreadsheetTest.test_sheet1",
    "SpreadsheetTest.test_worksheet",
    "SpreadsheetTest.test_worksheet_iteration",
]

_ID_KEYS = ("sheetId", "protectedRangeId", "namedRangeId")


def _numbers(value: Any) -> Any:
    """Whole floats as ints: JSON has one number type (Google writes 1, Python reads 1.0)."""
    if isinstance(value, dict):
        return {key: _numbers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_numbers(item) for item in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


class Replay:
    """Replays one cassette against an emulator and collects the differences."""

    def __init__(self, emu: Emulator) -> None:
        self.emu = emu
        self.ids: dict[Any, Any] = {}  # recorded id -> emulator id (spreadsheets and the rest)
        self.differences: list[str] = []
        self.checked = 0

    def map(self, value: Any) -> Any:
        """Recorded ids in a JSON value replaced by the emulator's (inside URLs too)."""
        if isinstance(value, dict):
            return {
                key: (
                    self.ids.get(item, item)
                    if key in (*_ID_KEYS, "spreadsheetId")
                    else self.map(item)
                )
                for key, item in value.items()
            }
        if isinstance(value, list):
            return [self.map(item) for item in value]
        if isinstance(value, str) and value.startswith("https://"):
            for recorded, ours in self.ids.items():
                if isinstance(recorded, str):
                    value = value.replace(recorded, ours)
        return value

    def learn(self, recorded: Any, ours: Any) -> None:
        """Pair the ids Google generated with the ones the emulator generated."""
        if isinstance(recorded, dict) and isinstance(ours, dict):
            for key, item in recorded.items():
                if key in _ID_KEYS and key in ours and item not in self.ids:
                    self.ids[item] = ours[key]
                else:
                    self.learn(item, ours.get(key))
        elif isinstance(recorded, list) and isinstance(ours, list):
            for left, right in zip(recorded, ours, strict=False):
                self.learn(left, right)

    def run(self, cassette: dict[str, Any]) -> None:
        for number, interaction in enumerate(cassette["interactions"]):
            request, response = interaction["request"], interaction["response"]
            parts = urlsplit(request["uri"])
            if parts.netloc == "www.googleapis.com":
                if request["method"] == "POST" and parts.path == "/drive/v3/files":
                    self.create(json.loads(request["body"]), response)
                continue
            self.sheets(number, request, response, parts)

    def create(self, body: dict[str, Any], response: dict[str, Any]) -> None:
        recorded_id = json.loads(response["body"]["string"])["id"]
        answer = requests.post(
            f"{self.emu.url}/v4/spreadsheets",
            json={"properties": {"title": body["name"]}},
            timeout=10,
        )
        assert answer.status_code == 200, answer.text
        self.ids[recorded_id] = answer.json()["spreadsheetId"]

    def sheets(
        self, number: int, request: dict[str, Any], response: dict[str, Any], parts: SplitResult
    ) -> None:
        recorded_id = parts.path.split("/")[3].split(":")[0]
        if recorded_id not in self.ids:
            # Opened without being created in the recording: Google refused access to it.
            assert response["status"]["code"] == 403, f"unknown spreadsheet in #{number}"
            self.emu.restrict(recorded_id)
            self.ids[recorded_id] = recorded_id
        path = parts.path.replace(recorded_id, self.ids[recorded_id], 1)
        url = f"{self.emu.url}{path}" + (f"?{parts.query}" if parts.query else "")
        body = request.get("body")
        data = None
        if body:
            data = json.dumps(self.map(json.loads(body))).encode()
        answer = requests.request(
            request["method"], url, data=data,
            headers={"Content-Type": "application/json"} if data else {}, timeout=10,
        )  # fmt: skip
        expected_status = response["status"]["code"]
        where = f"#{number} {request['method']} {parts.path.split('/', 4)[-1]}?{parts.query}"
        self.checked += 1
        if answer.status_code != expected_status:
            self.differences.append(
                f"{where}: status {answer.status_code} != {expected_status}: {answer.text[:300]}"
            )
            return
        recorded = json.loads(response["body"]["string"]) if response["body"]["string"] else {}
        ours = answer.json() if answer.content else {}
        self.learn(recorded, ours)
        wanted, got = _numbers(self.comparable(self.map(recorded))), _numbers(self.comparable(ours))
        if wanted != got:
            self.differences.append(f"{where}:\n" + "\n".join(_diff(wanted, got)))

    @staticmethod
    def comparable(body: Any) -> Any:
        """The whole answer, less what cannot match by design (see the module docstring)."""
        if not isinstance(body, dict):
            return body
        for sheet in body.get("sheets", []):
            for protected in sheet.get("protectedRanges", []):
                protected.pop("editors", None)  # Google adds the caller; see the docstring
        return body


def _diff(wanted: Any, got: Any, where: str = "") -> list[str]:
    """Every path where the emulator's answer differs from Google's, a missing key included."""
    if isinstance(wanted, dict) and isinstance(got, dict):
        lines = []
        for key in {**wanted, **got}:
            here = f"{where}.{key}"
            if key not in got:
                lines.append(f"  {here}: missing (google: {_short(wanted[key])})")
            elif key not in wanted:
                lines.append(f"  {here}: extra (emulator: {_short(got[key])})")
            else:
                lines += _diff(wanted[key], got[key], here)
        return lines
    if isinstance(wanted, list) and isinstance(got, list) and len(wanted) == len(got):
        lines = []
        for index, (left, right) in enumerate(zip(wanted, got, strict=True)):
            lines += _diff(left, right, f"{where}[{index}]")
        return lines
    if wanted == got and type(wanted) is type(got):
        return []
    return [f"  {where or '.'}: google {_short(wanted)} != emulator {_short(got)}"]


def _short(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)[:300]


def _cassette(name: str) -> dict[str, Any]:
    if not RECORDINGS.is_dir():
        pytest.skip(f"no recordings at {RECORDINGS} (a fresh clone has no ../shared)")
    path = RECORDINGS / f"{name}.json"
    if not path.is_file():
        pytest.skip(f"recording {name} is not in {RECORDINGS}")
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", CASSETTES)
def test_emulator_answers_like_google_in_recording(name: str) -> None:
    cassette = _cassette(name)
    with Emulator() as emu:
        replay = Replay(emu)
        replay.run(cassette)
    assert replay.checked, "the recording holds no Sheets requests"
    assert not replay.differences, "\n".join(replay.differences)


def test_the_curated_recordings_cover_every_kind_of_call() -> None:
    """At least 15 recordings, spanning reads, writes, batchUpdate, metadata and errors."""
    if not RECORDINGS.is_dir():
        pytest.skip(f"no recordings at {RECORDINGS}")
    seen = set()
    for name in CASSETTES:
        for interaction in _cassette(name)["interactions"]:
            request = interaction["request"]
            uri = request["uri"]
            if "sheets.googleapis.com" not in uri:
                continue
            status = interaction["response"]["status"]["code"]
            path = urlsplit(uri).path
            kind = path.rsplit(":", 1)[-1] if ":" in path.rsplit("/", 1)[-1] else request["method"]
            seen.add("error" if status >= 400 else kind)
            if kind == "batchUpdate" and "/values" not in path:
                body = json.loads(request["body"])
                seen.update(next(iter(r)) for r in body["requests"])
    assert len(CASSETTES) >= 15
    expected = {"GET", "PUT", "append", "clear", "batchGet", "batchUpdate", "error",
                "addSheet", "updateSheetProperties", "insertDimension", "deleteDimension",
                "updateCells", "addProtectedRange", "mergeCells"}  # fmt: skip
    assert expected <= seen, expected - seen


def test_the_replay_reports_an_answer_that_differs_from_google() -> None:
    """A tampered recording must fail, or a passing replay would prove nothing."""
    cassette = _cassette("WorksheetTest.test_update_and_get")
    for interaction in cassette["interactions"]:
        text = interaction["response"]["body"]["string"]
        if interaction["request"]["method"] == "GET" and '"values"' in text:
            body = json.loads(text)
            body["values"][0][0] = "tampered"
            interaction["response"]["body"]["string"] = json.dumps(body)
            break
    else:
        pytest.fail("the recording holds no values to tamper with")
    with Emulator() as emu:
        replay = Replay(emu)
        replay.run(cassette)
    assert len(replay.differences) == 1
    assert "tampered" in replay.differences[0]


def _drop_black_text_colour(properties: dict[str, Any]) -> None:
    del properties["defaultFormat"]["textFormat"]["foregroundColor"]  # Google's {} (black)


def _rename_theme_font(properties: dict[str, Any]) -> None:
    properties["spreadsheetTheme"]["primaryFontFamily"] = "Roboto"


def _drop_style_twin(properties: dict[str, Any]) -> None:
    del properties["defaultFormat"]["backgroundColorStyle"]


@pytest.mark.parametrize(
    ("tamper", "reported"),
    [
        (_drop_black_text_colour, ".defaultFormat.textFormat.foregroundColor: extra"),
        (_rename_theme_font, '.spreadsheetTheme.primaryFontFamily: google "Roboto"'),
        (_drop_style_twin, ".defaultFormat.backgroundColorStyle: extra"),
    ],
)
def test_the_replay_reports_a_difference_in_theme_default_format_or_an_empty_colour(
    tamper, reported: str
) -> None:
    """An empty object is not a missing field, and the theme and default format count."""
    cassette = _cassette("SpreadsheetTest.test_properties")
    for interaction in cassette["interactions"]:
        if "includeGridData" in interaction["request"]["uri"]:
            body = json.loads(interaction["response"]["body"]["string"])
            tamper(body["properties"])
            interaction["response"]["body"]["string"] = json.dumps(body)
            break
    else:
        pytest.fail("the recording holds no spreadsheets.get")
    with Emulator() as emu:
        replay = Replay(emu)
        replay.run(cassette)
    assert len(replay.differences) == 1, replay.differences
    assert reported in replay.differences[0]
