"""The emulator's pure parts: A1 notation, field masks, number formats, input and formulas."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from sheets_sync.emulator import a1, discovery, fieldmask, formulas, numfmt
from sheets_sync.emulator.cells import Formula, parse_input, user_value
from sheets_sync.emulator.errors import ApiError


# -- A1 ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sheet1!A1:B2", ("Sheet1", 0, 2, 0, 2)),
        ("'Мугалимдер'!A1", ("Мугалимдер", 0, 1, 0, 1)),
        ("'O''Brien'!A:A", ("O'Brien", None, None, 0, 1)),
        ("'It''s ''quoted'''!C3", ("It's 'quoted'", 2, 3, 2, 3)),
        ("A2:C", (None, 1, None, 0, 3)),
        ("2:5", (None, 1, 5, None, None)),
        ("A5:5", (None, 4, 5, 0, None)),
        ("B:A", (None, None, None, 0, 2)),
        ("Z9:A1", (None, 0, 9, 0, 26)),
        ("$B$2", (None, 1, 2, 1, 2)),
        ("R2C3:R4C5", (None, 1, 4, 2, 5)),
        ("AA10", (None, 9, 10, 26, 27)),
    ],
)
def test_a1_text_parses_into_grid_indexes(text: str, expected: tuple) -> None:
    ref = a1.parse(text)
    assert ref.cells
    assert (ref.sheet, ref.start_row, ref.end_row, ref.start_col, ref.end_col) == expected


def test_a1_words_that_are_not_cells_name_sheets_or_named_ranges() -> None:
    assert a1.parse("Мугалимдер") == a1.A1Ref(name="Мугалимдер")
    assert a1.parse("'My tab'") == a1.A1Ref(sheet="My tab")
    assert a1.parse("Sheet1!Names") == a1.A1Ref(sheet="Sheet1", name="Names")


@pytest.mark.parametrize("text", ["", "'open!A1", "'a'b!A1", "Sheet1!A1:B2:C3", "Sheet1!A0"])
def test_malformed_a1_is_refused(text: str) -> None:
    with pytest.raises(a1.A1Error):
        a1.parse(text)


@pytest.mark.parametrize(
    ("title", "quoted"),
    [
        ("Sheet1", "Sheet1"),
        ("Мугалимдер", "'Мугалимдер'"),
        ("My tab", "'My tab'"),
        ("O'Brien", "'O''Brien'"),
        ("A1", "'A1'"),
        ("R1C1", "'R1C1'"),
        ("2024", "'2024'"),
    ],
)
def test_sheet_titles_are_quoted_when_google_quotes_them(title: str, quoted: str) -> None:
    assert a1.quote_sheet(title) == quoted


def test_columns_convert_both_ways() -> None:
    assert [a1.column_letters(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]
    assert [a1.column_index(s) for s in ("A", "z", "AA", "ZZ", "AAA")] == [0, 25, 26, 701, 702]
    assert a1.format_range("Мугалимдер", 0, 10, 0, 4) == "'Мугалимдер'!A1:D10"
    assert a1.format_range("Sheet1", 4, 5, 2, 3) == "Sheet1!C5"


# -- field masks ---------------------------------------------------------------------------
def test_field_masks_parse_nested_and_slash_paths() -> None:
    assert fieldmask.parse("sheets.properties(sheetId,title),spreadsheetId") == {
        "sheets": {"properties": {"sheetId": {}, "title": {}}},
        "spreadsheetId": {},
    }
    assert fieldmask.paths(fieldmask.parse("gridProperties/rowCount,title")) == [
        ("title",),
        ("gridProperties", "rowCount"),
    ]
    assert fieldmask.parse("a.b,a") == {"a": {}}
    with pytest.raises(fieldmask.MaskError):
        fieldmask.parse("a(b")


def test_field_masks_select_from_lists_and_keep_empty_objects() -> None:
    value = {"sheets": [{"properties": {"title": "A", "index": 0}, "data": []}, {"properties": {}}]}
    assert fieldmask.select(value, fieldmask.parse("sheets.properties.title")) == {
        "sheets": [{"properties": {"title": "A"}}, {"properties": {}}]
    }


def test_assign_copies_a_masked_path_or_clears_it() -> None:
    target = {"gridProperties": {"rowCount": 5, "columnCount": 3}, "title": "x"}
    fieldmask.assign(target, {"gridProperties": {"rowCount": 9}}, ("gridProperties", "rowCount"))
    fieldmask.assign(target, {}, ("title",))
    assert target == {"gridProperties": {"rowCount": 9, "columnCount": 3}}


# -- number formats ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("number", "number_format", "shown"),
    [
        (42.0, None, "42"),
        (0.0009765625, None, "0.0009765625"),
        (1 / 3, None, "0.3333333333"),
        (1e20, None, "1E+20"),
        (2000000.01, {"type": "NUMBER", "pattern": "#,##0.00"}, "2,000,000.01"),
        (-1234.5, {"type": "CURRENCY"}, "-$1,234.50"),
        (0.125, {"type": "PERCENT", "pattern": "0.0%"}, "12.5%"),
        (5.0, {"type": "NUMBER", "pattern": "0.00;(0.00)"}, "5.00"),
        (-5.0, {"type": "NUMBER", "pattern": "0.00;(0.00)"}, "(5.00)"),
        (12345.678, {"type": "SCIENTIFIC"}, "1.23E+04"),
        (45536.0, {"type": "DATE", "pattern": "dd.mm.yyyy"}, "01.09.2024"),
        (45536.0, {"type": "DATE", "pattern": "d mmmm yyyy"}, "1 September 2024"),
        (45536.0, {"type": "DATE"}, "9/1/2024"),
        (45536.75, {"type": "DATE_TIME", "pattern": "yyyy-mm-dd hh:mm"}, "2024-09-01 18:00"),
        (0.5, {"type": "TIME", "pattern": "h:mm am/pm"}, "12:00 PM"),
        (1.5, {"type": "TIME", "pattern": "[h]:mm"}, "36:00"),
    ],
)
def test_numbers_render_as_sheets_displays_them(number, number_format, shown) -> None:
    assert numfmt.format_number(number, number_format) == shown


def test_serials_count_days_from_1899_12_30() -> None:
    assert numfmt.to_serial(date(2024, 9, 1)) == 45536
    assert numfmt.to_serial(datetime(2024, 9, 1, 12)) == 45536.5
    assert numfmt.serial_to_datetime(45536.5) == datetime(2024, 9, 1, 12)


# -- values in -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "stored", "number_format"),
    [
        ("=A1+1", {"formulaValue": "=A1+1"}, None),
        ("'=A1", {"stringValue": "=A1"}, None),
        ("0042", {"numberValue": 42}, None),
        ("-3.5", {"numberValue": -3.5}, None),
        ("2,500", {"numberValue": 2500}, {"type": "NUMBER", "pattern": "#,##0"}),
        ("12%", {"numberValue": 0.12}, {"type": "PERCENT", "pattern": "0%"}),
        ("$3.50", {"numberValue": 3.5}, {"type": "CURRENCY", "pattern": '"$"#,##0.00'}),
        ("false", {"boolValue": False}, None),
        ("2024-09-01", {"numberValue": 45536}, {"type": "DATE", "pattern": "yyyy-mm-dd"}),
        ("01.09.2024", {"numberValue": 45536}, {"type": "DATE", "pattern": "dd.mm.yyyy"}),
        ("9/1/2024", {"numberValue": 45536}, {"type": "DATE", "pattern": "M/d/yyyy"}),
        ("2024-02-30", {"stringValue": "2024-02-30"}, None),
        ("+996 555 12 34", {"stringValue": "+996 555 12 34"}, None),
        ("", None, None),
    ],
)
def test_user_entered_text_is_read_like_typing_in_sheets(typed, stored, number_format) -> None:
    assert parse_input(typed, "USER_ENTERED") == (stored, number_format)


def test_raw_input_stores_text_as_given_and_dates_depend_on_the_locale() -> None:
    assert parse_input("=A1+1", "RAW") == ({"stringValue": "=A1+1"}, None)
    assert parse_input("42", "RAW") == ({"stringValue": "42"}, None)
    assert parse_input(7, "RAW") == ({"numberValue": 7}, None)
    assert parse_input("1/9/2024", "USER_ENTERED", "ru_RU")[0] == {"numberValue": 45536}


def test_seeded_python_values_become_cells() -> None:
    assert user_value(date(2024, 9, 1)) == (
        {"numberValue": 45536},
        {"type": "DATE", "pattern": "yyyy-mm-dd"},
    )
    assert user_value(Formula("=1")) == ({"formulaValue": "=1"}, None)
    assert user_value("=1") == ({"stringValue": "=1"}, None)
    assert user_value(None) == (None, None)


# -- formulas ------------------------------------------------------------------------------
GRID = {(0, 0): 72.0, (1, 0): 500.0, (2, 0): "текст", (0, 1): True}


def lookup(sheet: str | None, row: int, col: int) -> object:
    return GRID.get((row, col))


@pytest.mark.parametrize(
    ("formula", "value"),
    [
        ("= 1 / 1024", 0.0009765625),
        ("=2^3*2-1", 15.0),
        ("=-A1+A2", 428.0),
        ("=SUM(A1:A3)", 572.0),
        ("=AVERAGE(A1:A2)", 286.0),
        ('=IF(A1>=72,"ok","short")', "ok"),
        ('=A3&" "&A1', "текст 72"),
        ("=ROUND(2.345, 2)", 2.35),
        ("=DATE(2024,9,1)", 45536.0),
        ("=50%", 0.5),
        ("=B1", True),
        ("=A9", 0.0),
        ("=COUNTA(A1:A5)", 3.0),
    ],
)
def test_known_formulas_are_evaluated(formula: str, value) -> None:
    assert formulas.evaluate(formula, lookup, lambda sheet: (10, 5)) == pytest.approx(value)


def test_formula_errors_and_unknown_functions() -> None:
    with pytest.raises(formulas.FormulaError) as divided:
        formulas.evaluate("=1/0", lookup)
    assert divided.value.code == "#DIV/0!"
    with pytest.raises(formulas.FormulaError):
        formulas.evaluate("=A3*2", lookup)
    with pytest.raises(formulas.Unsupported):
        formulas.evaluate("=VLOOKUP(1,A1:B2,2)", lookup)
    with pytest.raises(formulas.Unsupported):
        formulas.evaluate("=MyNamedRange", lookup)


# -- discovery -----------------------------------------------------------------------------
def test_the_discovery_document_comes_from_the_installed_client() -> None:
    assert discovery.document()["name"] == "sheets"
    assert "sheets.spreadsheets.values.update" in discovery.methods()


def test_bodies_are_normalised_and_unknown_names_listed_together() -> None:
    body = discovery.check_body(
        "BatchUpdateSpreadsheetRequest",
        {"requests": [{"delete_sheet": {"sheet_id": "5"}, "addSheet": None}]},
    )
    assert body == {"requests": [{"deleteSheet": {"sheetId": 5}}]}
    with pytest.raises(ApiError) as refused:
        discovery.check_body("ValueRange", {"valuez": [], "rang": "A1"}, prefix="data")
    assert refused.value.message.splitlines() == [
        "Invalid JSON payload received. Unknown name \"valuez\" at 'data': Cannot find field.",
        "Invalid JSON payload received. Unknown name \"rang\" at 'data': Cannot find field.",
    ]
