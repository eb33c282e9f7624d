"""Colours come back as Google writes them: each beside its ``*Style`` twin, theme resolved,
the default format and theme on every spreadsheet, and effectiveFormat built from both."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests

from sheets_sync.emulator import Emulator
from sheets_sync.emulator.model import DEFAULT_THEME, Spreadsheet
from sheets_sync.emulator.styles import with_style_twins

ACCENT1 = {"red": 0.25882354, "green": 0.52156866, "blue": 0.95686275}
WHITE = {"red": 1, "green": 1, "blue": 1}


def test_a_plain_colour_gains_its_style_twin_and_the_argument_is_untouched() -> None:
    given = {"backgroundColor": {"red": 1}, "textFormat": {"foregroundColor": {}, "bold": True}}
    twinned = with_style_twins(given)
    assert twinned == {
        "backgroundColor": {"red": 1},
        "backgroundColorStyle": {"rgbColor": {"red": 1}},
        "textFormat": {
            "foregroundColor": {},
            "foregroundColorStyle": {"rgbColor": {}},
            "bold": True,
        },
    }
    assert given == {
        "backgroundColor": {"red": 1},
        "textFormat": {"foregroundColor": {}, "bold": True},
    }


def test_a_style_gives_the_plain_colour_and_wins_over_a_stale_one() -> None:
    given = {
        "backgroundColor": {"red": 1},
        "backgroundColorStyle": {"rgbColor": {"green": 1}},
        "borders": {"top": {"style": "SOLID", "colorStyle": {"themeColor": "ACCENT1"}}},
    }
    twinned = with_style_twins(given, DEFAULT_THEME)
    assert twinned["backgroundColor"] == {"green": 1}
    assert twinned["borders"]["top"]["color"] == ACCENT1
    assert twinned["borders"]["top"]["colorStyle"] == {"themeColor": "ACCENT1"}


def test_twins_are_stable_when_applied_twice() -> None:
    once = with_style_twins({"tabColorStyle": {"themeColor": "LINK"}}, DEFAULT_THEME)
    assert with_style_twins(once, DEFAULT_THEME) == once
    assert once["tabColor"] == {"red": 0.06666667, "green": 0.33333334, "blue": 0.8}


def test_a_theme_colour_pair_and_the_inside_of_a_style_get_no_twin() -> None:
    assert with_style_twins(DEFAULT_THEME) == DEFAULT_THEME
    assert with_style_twins({"rgbColor": {"red": 1}}) == {"rgbColor": {"red": 1}}


def test_a_spreadsheet_saved_without_a_theme_gets_googles_default_theme() -> None:
    saved = Spreadsheet.new("Мектеп").to_json()
    del saved["properties"]["spreadsheetTheme"]
    loaded = Spreadsheet.from_json(saved)
    assert loaded.properties["spreadsheetTheme"] == DEFAULT_THEME


# -- over HTTP -----------------------------------------------------------------------------
@pytest.fixture
def emu() -> Iterator[Emulator]:
    with Emulator() as emulator:
        yield emulator


def _call(emu: Emulator, sid: str, method: str, path: str = "", **kwargs: Any) -> Any:
    answer = requests.request(
        method, f"{emu.url}/v4/spreadsheets/{sid}{path}", timeout=10, **kwargs
    )
    assert answer.status_code == 200, answer.text
    return answer.json()


def _format_a1(emu: Emulator, sid: str, cell: dict[str, Any], fields: str) -> None:
    grid = {"sheetId": 0, "startRowIndex": 0, "endRowIndex": 1, "startColumnIndex": 0,
            "endColumnIndex": 1}  # fmt: skip
    request = {"repeatCell": {"range": grid, "cell": cell, "fields": fields}}
    _call(emu, sid, "POST", ":batchUpdate", json={"requests": [request]})


def _a1(emu: Emulator, sid: str) -> dict[str, Any]:
    book = _call(emu, sid, "GET", params={"ranges": "Sheet1!A1", "includeGridData": "true"})
    return book["sheets"][0]["data"][0]["rowData"][0]["values"][0]


def test_a_cell_format_comes_back_with_twins_in_entered_and_effective_format(
    emu: Emulator,
) -> None:
    sid = emu.create_spreadsheet("Мектеп", tabs={"Sheet1": [["✔"]]})
    fmt = {
        "backgroundColor": {"red": 0.7764706, "green": 0.9372549, "blue": 0.80784315},
        "textFormat": {"bold": True, "foregroundColorStyle": {"themeColor": "ACCENT1"}},
    }
    _format_a1(emu, sid, {"userEnteredFormat": fmt}, "userEnteredFormat")
    cell = _a1(emu, sid)
    entered = cell["userEnteredFormat"]
    assert entered["backgroundColorStyle"] == {"rgbColor": fmt["backgroundColor"]}
    assert entered["textFormat"]["foregroundColor"] == ACCENT1
    effective = cell["effectiveFormat"]
    assert effective == {
        "backgroundColor": fmt["backgroundColor"],
        "padding": {"top": 2, "right": 3, "bottom": 2, "left": 3},
        "verticalAlignment": "BOTTOM",
        "wrapStrategy": "OVERFLOW_CELL",
        "textFormat": {
            "foregroundColor": ACCENT1,
            "fontFamily": "arial,sans,sans-serif",
            "fontSize": 10,
            "bold": True,
            "italic": False,
            "strikethrough": False,
            "underline": False,
            "foregroundColorStyle": {"themeColor": "ACCENT1"},
        },
        "backgroundColorStyle": {"rgbColor": fmt["backgroundColor"]},
    }


def test_a_colour_replaces_the_default_whole_not_channel_by_channel(emu: Emulator) -> None:
    sid = emu.create_spreadsheet("Мектеп", tabs={"Sheet1": [["✖"]]})
    _format_a1(emu, sid, {"userEnteredFormat": {"backgroundColor": {"red": 1}}},
               "userEnteredFormat.backgroundColor")  # fmt: skip
    effective = _a1(emu, sid)["effectiveFormat"]
    assert effective["backgroundColor"] == {"red": 1}  # not white's green and blue kept
    assert effective["backgroundColorStyle"] == {"rgbColor": {"red": 1}}


def test_a_black_text_colour_is_kept_as_an_empty_colour(emu: Emulator) -> None:
    sid = emu.create_spreadsheet("Мектеп", tabs={"Sheet1": [["x"]]})
    black = {"textFormat": {"foregroundColor": {"red": 0, "green": 0, "blue": 0}}}
    _format_a1(emu, sid, {"userEnteredFormat": black}, "userEnteredFormat.textFormat")
    entered = _a1(emu, sid)["userEnteredFormat"]
    assert entered == {
        "textFormat": {"foregroundColor": {}, "foregroundColorStyle": {"rgbColor": {}}}
    }


def test_a_cell_with_only_a_value_has_the_default_format_as_effective_format(
    emu: Emulator,
) -> None:
    sid = emu.create_spreadsheet("Мектеп", tabs={"Sheet1": [["x"]]})
    book = _call(emu, sid, "GET")
    cell = _a1(emu, sid)
    assert "userEnteredFormat" not in cell
    assert cell["effectiveFormat"] == book["properties"]["defaultFormat"]
    assert book["properties"]["defaultFormat"]["backgroundColorStyle"] == {"rgbColor": WHITE}


def test_a_tab_colour_comes_back_with_its_twin_and_a_mask_picks_one(emu: Emulator) -> None:
    sid = emu.create_spreadsheet("Мектеп", tabs={"Sheet1": [["x"]]})
    request = {"updateSheetProperties": {"properties": {"sheetId": 0, "tabColor": {"red": 1,
               "green": 0, "blue": 0.5}}, "fields": "tabColor"}}  # fmt: skip
    _call(emu, sid, "POST", ":batchUpdate", json={"requests": [request]})
    properties = _call(emu, sid, "GET")["sheets"][0]["properties"]
    assert properties["tabColor"] == {"red": 1, "blue": 0.49803922}
    assert properties["tabColorStyle"] == {"rgbColor": {"red": 1, "blue": 0.49803922}}
    masked = _call(emu, sid, "GET", params={"fields": "sheets.properties.tabColorStyle"})
    assert masked == {"sheets": [{"properties": {"tabColorStyle": properties["tabColorStyle"]}}]}


def test_every_spreadsheet_has_googles_theme(emu: Emulator) -> None:
    sid = emu.create_spreadsheet("Мектеп", tabs={"Sheet1": []})
    theme = _call(emu, sid, "GET")["properties"]["spreadsheetTheme"]
    assert theme["primaryFontFamily"] == "Arial"
    assert [pair["colorType"] for pair in theme["themeColors"]] == [
        "TEXT", "BACKGROUND", "ACCENT1", "ACCENT2", "ACCENT3", "ACCENT4", "ACCENT5", "ACCENT6",
        "LINK",
    ]  # fmt: skip
    assert theme["themeColors"][2]["color"] == {"rgbColor": ACCENT1}


def test_colour_channels_read_back_with_googles_digits(emu: Emulator) -> None:
    """Google keeps 8 bits a channel and prints the float32's shortest digits: the theme's
    recorded figures are what an RGB colour of the same levels reads back as."""
    sid = emu.create_spreadsheet("Мектеп", tabs={"Sheet1": []})
    for pair in DEFAULT_THEME["themeColors"]:
        recorded = pair["color"]["rgbColor"]
        levels = {key: round(value * 255) / 255 for key, value in recorded.items()}
        request = {"updateSheetProperties": {"properties": {"sheetId": 0, "tabColor": levels},
                   "fields": "tabColor"}}  # fmt: skip
        _call(emu, sid, "POST", ":batchUpdate", json={"requests": [request]})
        properties = _call(emu, sid, "GET", params={"fields": "sheets.properties"})
        assert properties["sheets"][0]["properties"]["tabColor"] == recorded


def test_writing_one_spelling_of_a_colour_replaces_both(emu: Emulator) -> None:
    """A tint written as backgroundColor over a fill set as backgroundColorStyle shows the
    tint in both fields, and the rest of the format stays."""
    sid = emu.create_spreadsheet("Мектеп", tabs={"Sheet1": [["⚠"]]})
    red = {"red": 1, "green": 0.78039217, "blue": 0.80784315}
    amber = {"red": 1, "green": 0.92156863, "blue": 0.6117647}
    styled = {"backgroundColorStyle": {"rgbColor": red}, "textFormat": {"bold": True}}
    _format_a1(emu, sid, {"userEnteredFormat": styled}, "userEnteredFormat")
    _format_a1(emu, sid, {"userEnteredFormat": {"backgroundColor": amber}},
               "userEnteredFormat.backgroundColor")  # fmt: skip
    entered = _a1(emu, sid)["userEnteredFormat"]
    assert entered == {
        "backgroundColor": amber,
        "backgroundColorStyle": {"rgbColor": amber},
        "textFormat": {"bold": True},
    }
    _format_a1(emu, sid, {"userEnteredFormat": {}}, "userEnteredFormat.backgroundColorStyle")
    assert _a1(emu, sid)["userEnteredFormat"] == {"textFormat": {"bold": True}}


def test_a_tab_colour_set_in_one_spelling_and_cleared_in_the_other_is_gone(emu: Emulator) -> None:
    sid = emu.create_spreadsheet("Мектеп", tabs={"Sheet1": []})

    def update(properties: dict[str, Any], fields: str) -> dict[str, Any]:
        request = {"updateSheetProperties": {"properties": {"sheetId": 0, **properties},
                   "fields": fields}}  # fmt: skip
        _call(emu, sid, "POST", ":batchUpdate", json={"requests": [request]})
        return _call(emu, sid, "GET")["sheets"][0]["properties"]

    assert update({"tabColorStyle": {"rgbColor": {"green": 1}}}, "tabColorStyle")["tabColor"] == {
        "green": 1
    }
    assert update({"tabColor": {"blue": 1}}, "tabColor")["tabColorStyle"] == {
        "rgbColor": {"blue": 1}
    }
    cleared = update({"tabColorStyle": {"rgbColor": None}}, "tabColorStyle")
    assert "tabColor" not in cleared and "tabColorStyle" not in cleared
