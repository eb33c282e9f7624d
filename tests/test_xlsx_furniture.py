"""Styles, fills and a tab's furniture written by the xlsx backend, read back by the backend
and by openpyxl (an independent reader), on real files compared part by part.

furniture-libreoffice.xlsx (tests/fixtures/xlsx/make_fixtures.py) is a workbook furnished
by the backend and then saved by LibreOffice Calc, so what Calc writes back is read without
LibreOffice installed.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from lxml import etree
from openpyxl.styles import Border, Font, PatternFill, Side
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.filters import FilterColumn, Filters
from openpyxl.worksheet.table import Table

from sheets_sync.backends.xlsx import XlsxBackend
from sheets_sync.backends.xlsx_furniture import WORKSHEET_ORDER
from sheets_sync.changes import (
    AddTab,
    CellRef,
    ChangeSet,
    FreezeRows,
    MarkLayout,
    ProtectRange,
    SetCell,
    SetFill,
    SetFilter,
    SetPrint,
    SetStyle,
    SetValidation,
    Style,
    Validation,
)
from sheets_sync.snapshot import Span

FIXTURES = Path(__file__).parent / "fixtures" / "xlsx"
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
TEACHERS = "Мугалимдер"
LISTS = "Тизмелер"
GREEN, AMBER, RED, HEADER = "C6EFCE", "FFEB9C", "FFC7CE", "D9E1F2"
DIGEST = "0f3a9c"


def register(path: Path) -> Path:
    """A school's register: a bold, dated cell; a theme-coloured and a patterned cell; a
    filter with criteria on the category; a validation of the school's over B2:B40."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = TEACHERS
    sheet.append(["Аты-жөнү", "Туулган күнү", "Категория", "Стажы", "Статус"])
    sheet.append(["Асанова Гүлзат", date(1980, 9, 1), "жогорку", 12, "✔"])
    sheet.append(["Бакиев Нурлан", date(1975, 10, 15), "биринчи", 20, "✖"])
    sheet.append(["Жумабаева Айгүл", date(1990, 3, 2), "экинчи", 5, "⚠"])
    sheet["B2"].number_format = "DD.MM.YYYY"
    sheet["B2"].font = Font(bold=True, color="FF1F4E79")
    sheet["B2"].border = Border(left=Side(style="thin"))
    sheet["A3"].fill = PatternFill("solid", fgColor=openpyxl.styles.colors.Color(theme=4))
    sheet["A4"].fill = PatternFill("lightGrid", fgColor="FFFF0000")
    sheet.auto_filter.ref = "A1:D4"
    sheet.auto_filter.filterColumn.append(
        FilterColumn(colId=2, filters=Filters(filter=["жогорку"]))
    )
    rule = DataValidation(type="whole", operator="greaterThan", formula1="0", sqref="B2:B40")
    sheet.add_data_validation(rule)
    other = workbook.create_sheet(LISTS)
    for value in ("жогорку", "биринчи", "экинчи"):
        other.append([value])
    workbook.save(path)
    return path


def furniture() -> ChangeSet:
    return ChangeSet(
        (
            SetStyle(TEACHERS, Span(1, 5, 1, 6), Style(fill=HEADER, bold=True, border=True)),
            SetStyle(TEACHERS, Span(2, 6, 4, 6), Style(wrap=True, top=True, number_format="0%")),
            SetFill(CellRef(TEACHERS, 2, 2), AMBER),
            SetFill(CellRef(TEACHERS, 3, 1), None),
            SetFill(CellRef(TEACHERS, 3, 3), RED),
            SetFill(CellRef(TEACHERS, 9, 9), GREEN),
            FreezeRows(TEACHERS, 1),
            SetFilter(TEACHERS, Span(1, 1, 4, 6)),
            SetValidation(
                TEACHERS,
                Span(2, 3, 40, 3),
                Validation("range", source=CellRef(LISTS, 1, 1), source_end=CellRef(LISTS, 3, 1)),
            ),
            SetValidation(
                TEACHERS,
                Span(2, 2, 20, 2),
                Validation("date", strict=True, message="Күнү: күн.ай.жыл"),
            ),
            SetValidation(TEACHERS, Span(2, 4, 40, 4), Validation("list", values=("1", "2"))),
            ProtectRange(TEACHERS, Span(2, 5, 40, 6), "status", "Бул мамычаны программа жазат"),
            SetPrint(TEACHERS, landscape=True, fit_width=True, repeat_rows=1),
            MarkLayout(TEACHERS, DIGEST),
        )
    )


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as package:
        return {name: package.read(name) for name in package.namelist()}


def furnished(tmp_path: Path) -> Path:
    path = register(tmp_path / "register.xlsx")
    backend = XlsxBackend(path)
    backend.apply(backend.read(), furniture())
    return path


def validations(sheet) -> dict[str, DataValidation]:
    return {str(rule.sqref): rule for rule in sheet.data_validations.dataValidation}


def test_the_backend_reads_back_fills_frozen_rows_filter_validation_and_layout(tmp_path):
    tab = XlsxBackend(furnished(tmp_path)).read().tab(TEACHERS)

    assert tab.frozen_rows == 1
    assert tab.filter == Span(1, 1, 4, 6)
    assert tab.layout == DIGEST
    assert tab.validated_columns == frozenset({2, 3, 4})  # input help alone is no rule
    assert tab.fills == {
        (1, 5): HEADER,
        (1, 6): HEADER,
        (2, 2): AMBER,
        (3, 3): RED,
        (4, 1): "pattern",  # the school's lightGrid pattern, untouched
        (9, 9): GREEN,
    }
    assert tab.value(2, 2) == datetime(1980, 9, 1)  # the tint kept the date format


def test_openpyxl_reads_the_same_furniture(tmp_path):
    book = openpyxl.load_workbook(furnished(tmp_path))
    sheet = book[TEACHERS]

    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:F4"
    header = sheet["E1"]
    assert header.fill.fgColor.rgb == "FF" + HEADER and header.font.b
    assert header.border.bottom.style == "thin"
    assert sheet["F3"].number_format == "0%" and sheet["F3"].alignment.wrap_text
    assert sheet["F3"].alignment.vertical == "top"
    assert sheet["I9"].fill.fgColor.rgb == "FF" + GREEN and sheet["I9"].value is None
    assert sheet["A3"].fill.patternType is None  # None took the theme colour away
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$1:$1"
    rules = validations(sheet)
    assert rules["C2:C40"].type == "list" and rules["C2:C40"].formula1 == f"'{LISTS}'!$A$1:$A$3"
    assert rules["C2:C40"].errorStyle == "warning"
    dated = rules["B2:B20"]
    assert (dated.type, dated.operator, dated.formula1) == ("date", "greaterThan", "1")
    assert dated.errorStyle in (None, "stop") and dated.prompt == "Күнү: күн.ай.жыл"
    assert dated.showInputMessage
    assert rules["D2:D40"].formula1 == '"1,2"'
    help_only = rules["E2:F40"]
    assert help_only.type is None and help_only.prompt == "Бул мамычаны программа жазат"
    assert sheet.protection.sheet is False  # nothing is locked for staff


def test_a_fill_keeps_the_cells_number_format_font_and_border(tmp_path):
    sheet = openpyxl.load_workbook(furnished(tmp_path))[TEACHERS]
    cell = sheet["B2"]

    assert cell.fill.fgColor.rgb == "FF" + AMBER and cell.fill.patternType == "solid"
    assert cell.number_format == "DD.MM.YYYY"
    assert cell.font.b and cell.font.color.rgb == "FF1F4E79"
    assert cell.border.left.style == "thin"


def test_validation_is_replaced_on_the_given_span_only(tmp_path):
    sheet = openpyxl.load_workbook(furnished(tmp_path))[TEACHERS]
    rules = validations(sheet)

    schools = [rule for rule in rules.values() if rule.type == "whole"]
    assert len(schools) == 1 and str(schools[0].sqref) == "B21:B40"
    assert schools[0].formula1 == "0"


def test_the_filter_keeps_its_criteria_on_the_same_column(tmp_path):
    sheet = openpyxl.load_workbook(furnished(tmp_path))[TEACHERS]

    (column,) = sheet.auto_filter.filterColumn
    assert column.colId == 2 and column.filters.filter == ["жогорку"]


def test_elements_are_in_schema_order_on_a_sheet_that_had_much_furniture(tmp_path):
    path = tmp_path / "school.xlsx"
    shutil.copyfile(FIXTURES / "school-libreoffice.xlsx", path)
    backend = XlsxBackend(path)
    changes = ChangeSet((*furniture().changes[:8], *furniture().changes[10:13]))
    changes = ChangeSet(
        tuple(c for c in changes if not isinstance(c, SetValidation) or c.span.first_column != 3)
    )
    backend.apply(backend.read(), changes)

    root = etree.fromstring(parts(path)["xl/worksheets/sheet1.xml"])
    names = [etree.QName(child).localname for child in root]
    assert names == sorted(names, key=WORKSHEET_ORDER.index)
    for kept in ("sheetProtection", "protectedRanges", "customSheetViews", "cellWatches",
                 "ignoredErrors", "drawing", "headerFooter", "printOptions"):  # fmt: skip
        assert kept in names
    setup = root.find(f"{MAIN}pageSetup")
    assert setup.get("paperSize") == "9" and setup.get("orientation") == "landscape"
    view = root.find(f"{MAIN}sheetViews/{MAIN}sheetView")
    assert view.get("zoomScalePageLayoutView") == "60" and view.get("tabSelected") == "true"
    assert view[0].tag == f"{MAIN}pane"
    tab = XlsxBackend(path).read().tab(TEACHERS)
    assert tab.frozen_rows == 1 and tab.filter == Span(1, 1, 4, 6)


def test_only_the_sheet_the_workbook_and_the_styles_change(tmp_path):
    path = register(tmp_path / "register.xlsx")
    before = parts(path)
    backend = XlsxBackend(path)

    backend.apply(backend.read(), furniture())

    after = parts(path)
    assert list(after) == list(before)
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {"xl/worksheets/sheet1.xml", "xl/workbook.xml", "xl/styles.xml"}
    sheet = etree.fromstring(after["xl/worksheets/sheet1.xml"])
    old = etree.fromstring(before["xl/worksheets/sheet1.xml"])
    cells = {c.get("r"): c for c in old.iter(f"{MAIN}c")}
    for cell in sheet.iter(f"{MAIN}c"):
        if cell.get("r") in cells and cell.get("r") not in ("E1", "F1", "B2", "A3", "C3"):
            assert etree.tostring(cell, method="c14n") == etree.tostring(
                cells[cell.get("r")], method="c14n"
            )


def test_a_second_apply_of_equal_furniture_leaves_the_file_as_it_was(tmp_path):
    path = furnished(tmp_path)
    data = path.read_bytes()
    backend = XlsxBackend(path)

    backend.apply(backend.read(), furniture())

    assert path.read_bytes() == data


def test_styles_are_shared_by_equal_formats_not_added_again(tmp_path):
    path = furnished(tmp_path)
    styles = etree.fromstring(parts(path)["xl/styles.xml"])
    fills = styles.find(f"{MAIN}fills")
    colours = [f.find(f"{MAIN}patternFill/{MAIN}fgColor") for f in fills]
    rgb = [c.get("rgb") for c in colours if c is not None and c.get("rgb")]
    assert len(rgb) == len(set(rgb))
    backend = XlsxBackend(path)
    more = ChangeSet(
        (SetFill(CellRef(TEACHERS, 4, 4), AMBER), SetFill(CellRef(TEACHERS, 4, 5), AMBER))
    )
    backend.apply(backend.read(), more)
    after = etree.fromstring(parts(path)["xl/styles.xml"])
    assert len(after.find(f"{MAIN}fills")) == len(fills)
    sheet = etree.fromstring(parts(path)["xl/worksheets/sheet1.xml"])
    styled = {c.get("r"): c.get("s") for c in sheet.iter(f"{MAIN}c")}
    assert styled["D4"] == styled["E4"] != styled["B2"]  # B2's tint kept its own format


def test_unfreezing_removing_a_fill_and_a_validation_are_read_back(tmp_path):
    path = furnished(tmp_path)
    backend = XlsxBackend(path)
    undo = ChangeSet(
        (
            FreezeRows(TEACHERS, 0),
            SetFill(CellRef(TEACHERS, 3, 3), None),
            SetValidation(TEACHERS, Span(2, 3, 40, 3), None),
            SetPrint(TEACHERS, landscape=False, fit_width=False, repeat_rows=0),
        )
    )
    backend.apply(backend.read(), undo)

    tab = XlsxBackend(path).read().tab(TEACHERS)
    assert tab.frozen_rows == 0 and (3, 3) not in tab.fills
    assert tab.validated_columns == frozenset({2, 4})
    sheet = openpyxl.load_workbook(path)[TEACHERS]
    assert sheet.freeze_panes is None and sheet.print_title_rows is None
    assert sheet.page_setup.orientation == "portrait"


def test_a_new_protection_with_the_same_key_takes_the_old_help_away(tmp_path):
    path = furnished(tmp_path)
    backend = XlsxBackend(path)
    moved = ProtectRange(TEACHERS, Span(2, 7, 40, 7), "status", "Жаңы жер")
    backend.apply(backend.read(), ChangeSet((moved,)))

    rules = validations(openpyxl.load_workbook(path)[TEACHERS])
    helps = {ref: rule.prompt for ref, rule in rules.items() if rule.type is None}
    assert helps == {"G2:G40": "Жаңы жер"}


def test_a_workbook_without_styles_gets_a_styles_part(tmp_path):
    path = register(tmp_path / "register.xlsx")
    stripped = tmp_path / "bare.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(stripped, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/styles.xml":
                continue
            if info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb' s="\d+"', b"", data)  # no formats without a styles part
            if info.filename == "xl/_rels/workbook.xml.rels":
                root = etree.fromstring(data)
                for rel in list(root):
                    if rel.get("Type", "").endswith("/styles"):
                        root.remove(rel)
                data = etree.tostring(root)
            if info.filename == "[Content_Types].xml":
                data = data.replace(
                    b'<Override PartName="/xl/styles.xml"', b'<Override PartName="/xl/gone.xml"'
                )
            target.writestr(info, data)
    backend = XlsxBackend(stripped)
    change = SetStyle(TEACHERS, Span(1, 1, 1, 1), Style(fill=HEADER, bold=True))
    backend.apply(backend.read(), ChangeSet((change,)))

    assert XlsxBackend(stripped).read().tab(TEACHERS).fills == {(1, 1): HEADER}
    cell = openpyxl.load_workbook(stripped)[TEACHERS]["A1"]
    assert cell.font.b and cell.fill.fgColor.rgb == "FF" + HEADER


@dataclasses.dataclass(frozen=True)
class _Sparkle:
    """A change kind no backend knows."""

    tab: str


def test_a_set_with_a_kind_the_backend_does_not_handle_is_refused_whole(tmp_path):
    path = register(tmp_path / "register.xlsx")
    data = path.read_bytes()
    backend = XlsxBackend(path)
    changes = ChangeSet((FreezeRows(TEACHERS, 1), _Sparkle(TEACHERS)))  # type: ignore[arg-type]

    with pytest.raises(TypeError):
        backend.apply(backend.read(), changes)
    assert path.read_bytes() == data


@pytest.mark.parametrize(
    "change",
    [
        SetFill(CellRef(TEACHERS, 2, 2), "green"),
        FreezeRows("Жок", 1),
        SetFilter(TEACHERS, Span(3, 1, 2, 4)),
        SetValidation(TEACHERS, Span(2, 1, 4, 1), Validation("list", values=("a,b",))),
        MarkLayout(TEACHERS, "Not Hex"),
        ProtectRange(TEACHERS, Span(2, 5, 4, 5), "Status Key", "x"),
    ],
)
def test_a_furniture_change_no_sheet_can_hold_is_refused_before_writing(tmp_path, change):
    path = register(tmp_path / "register.xlsx")
    data = path.read_bytes()
    backend = XlsxBackend(path)

    with pytest.raises(ValueError):
        backend.apply(backend.read(), ChangeSet((SetCell(CellRef(TEACHERS, 2, 5), "✔✔"), change)))
    assert path.read_bytes() == data


def test_furniture_on_a_new_tab_goes_with_its_cells_in_one_save(tmp_path):
    path = register(tmp_path / "register.xlsx")
    backend = XlsxBackend(path)
    summary = "Жыйынтык"
    changes = ChangeSet(
        (
            AddTab(summary),
            SetCell(CellRef(summary, 1, 1), "Жыйынтык"),
            SetStyle(summary, Span(1, 1, 1, 3), Style(fill=HEADER, bold=True)),
            FreezeRows(summary, 1),
            MarkLayout(summary, "ab12"),
        )
    )
    backend.apply(backend.read(), changes)

    tab = XlsxBackend(path).read().tab(summary)
    assert tab.value(1, 1) == "Жыйынтык" and tab.frozen_rows == 1 and tab.layout == "ab12"
    assert tab.fills == {(1, 1): HEADER, (1, 2): HEADER, (1, 3): HEADER}


def test_a_libreoffice_save_keeps_the_furniture_readable():
    tab = XlsxBackend(FIXTURES / "furniture-libreoffice.xlsx").read().tab(TEACHERS)

    assert tab.frozen_rows == 1
    assert tab.filter == Span(1, 1, 4, 6)
    assert tab.layout == DIGEST
    assert {2, 3, 4} <= tab.validated_columns
    assert tab.fills[(1, 5)] == HEADER and tab.fills[(2, 2)] == AMBER
    assert tab.fills[(3, 3)] == RED and tab.fills[(9, 9)] == GREEN
    assert (3, 1) not in tab.fills
    sheet = openpyxl.load_workbook(FIXTURES / "furniture-libreoffice.xlsx")[TEACHERS]
    # Calc escapes the dots of the date format it keeps.
    assert sheet["B2"].number_format.replace("\\", "").upper() == "DD.MM.YYYY"
    assert sheet["B2"].font.b


X14_VALIDATION = (
    '<extLst><ext xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main" '
    'uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}"><x14:dataValidations '
    'xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main" count="1">'
    '<x14:dataValidation type="list" allowBlank="1"><x14:formula1><xm:f>Тизмелер!$A$1:$A$3'
    "</xm:f></x14:formula1><xm:sqref>G2:G40</xm:sqref></x14:dataValidation>"
    "</x14:dataValidations></ext></extLst>"
)


def test_excels_own_validations_in_the_extension_list_are_read_and_cut_by_a_span(tmp_path):
    """Excel 2010 and later writes a list from another sheet in the x14 extension."""
    path = register(tmp_path / "register.xlsx")
    with zipfile.ZipFile(path) as source:
        infos = source.infolist()
        data = {info.filename: source.read(info) for info in infos}
    sheet = data["xl/worksheets/sheet1.xml"].decode()
    data["xl/worksheets/sheet1.xml"] = sheet.replace(
        "</worksheet>", X14_VALIDATION + "</worksheet>"
    ).encode()
    with zipfile.ZipFile(path, "w") as target:
        for info in infos:
            target.writestr(info, data[info.filename])
    backend = XlsxBackend(path)
    assert 7 in backend.read().tab(TEACHERS).validated_columns

    backend.apply(backend.read(), ChangeSet((SetValidation(TEACHERS, Span(2, 7, 20, 7), None),)))

    root = etree.fromstring(parts(path)["xl/worksheets/sheet1.xml"])
    xm = "{http://schemas.microsoft.com/office/excel/2006/main}"
    assert [item.text for item in root.iter(f"{xm}sqref")] == ["G21:G40"]
    backend.apply(backend.read(), ChangeSet((SetValidation(TEACHERS, Span(1, 7, 40, 7), None),)))
    root = etree.fromstring(parts(path)["xl/worksheets/sheet1.xml"])
    assert root.find(f"{MAIN}extLst") is None  # the emptied extension goes with it
    assert 7 not in XlsxBackend(path).read().tab(TEACHERS).validated_columns


def test_furniture_calc_saved_back_is_equal_to_the_same_furniture_written_again(tmp_path):
    """Calc spells the same things its own way ("true", unquoted sheet names, unhidden
    names, every default out loud); written again, they are still found equal."""
    path = tmp_path / "register.xlsx"
    shutil.copyfile(FIXTURES / "furniture-libreoffice.xlsx", path)
    data = path.read_bytes()
    lists = Validation("range", source=CellRef(LISTS, 1, 1), source_end=CellRef(LISTS, 3, 1))
    same = ChangeSet(
        (
            SetFill(CellRef(TEACHERS, 2, 2), AMBER),
            SetFill(CellRef(TEACHERS, 3, 3), RED),
            SetFill(CellRef(TEACHERS, 9, 9), GREEN),
            FreezeRows(TEACHERS, 1),
            SetFilter(TEACHERS, Span(1, 1, 4, 6)),
            SetValidation(TEACHERS, Span(2, 3, 40, 3), lists),
            SetValidation(TEACHERS, Span(2, 2, 20, 2), Validation("date", message="күн.ай.жыл")),
            SetValidation(TEACHERS, Span(2, 4, 40, 4), Validation("list", values=("1", "2"))),
            ProtectRange(TEACHERS, Span(2, 5, 40, 6), "status", "Бул мамычаны программа жазат"),
            SetPrint(TEACHERS, landscape=True, fit_width=True, repeat_rows=1),
            MarkLayout(TEACHERS, DIGEST),
        )
    )
    backend = XlsxBackend(path)

    backend.apply(backend.read(), same)

    assert path.read_bytes() == data
    other = SetValidation(TEACHERS, Span(2, 2, 20, 2), Validation("date", message="башка"))
    backend.apply(backend.read(), ChangeSet((other,)))
    assert path.read_bytes() != data


def test_removing_a_fill_where_there_is_no_cell_writes_no_cell(tmp_path):
    path = register(tmp_path / "register.xlsx")
    backend = XlsxBackend(path)
    changes = ChangeSet((SetFill(CellRef(TEACHERS, 30, 2), None), FreezeRows(TEACHERS, 2)))

    backend.apply(backend.read(), changes)

    sheet = etree.fromstring(parts(path)["xl/worksheets/sheet1.xml"])
    assert [row.get("r") for row in sheet.iter(f"{MAIN}row")] == ["1", "2", "3", "4"]
    assert XlsxBackend(path).read().tab(TEACHERS).frozen_rows == 2


def test_a_filter_over_an_excel_table_is_left_to_the_tables_own_buttons(tmp_path):
    path = tmp_path / "table.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = TEACHERS
    sheet.append(["Аты-жөнү", "Стажы"])
    sheet.append(["Асанова Гүлзат", 12])
    sheet.add_table(Table(displayName="Мугалимдер_тизмеси", ref="A1:B2"))
    workbook.save(path)
    backend = XlsxBackend(path)

    backend.apply(backend.read(), ChangeSet((SetFilter(TEACHERS, Span(1, 1, 2, 4)),)))

    root = etree.fromstring(parts(path)["xl/worksheets/sheet1.xml"])
    assert root.find(f"{MAIN}autoFilter") is None
    assert XlsxBackend(path).read().tab(TEACHERS).filter is None
    backend = XlsxBackend(path)
    backend.apply(backend.read(), ChangeSet((SetFilter(TEACHERS, Span(1, 5, 2, 6)),)))
    assert XlsxBackend(path).read().tab(TEACHERS).filter == Span(1, 5, 2, 6)  # beside it


def test_only_a_layout_name_the_toolkit_could_have_written_is_read_as_the_layout(tmp_path):
    path = register(tmp_path / "register.xlsx")
    workbook = openpyxl.load_workbook(path)
    sheet_ref = f"'{TEACHERS}'!$1:$1048576"
    workbook.defined_names["_sheets_sync_layout_ab"] = DefinedName(
        "_sheets_sync_layout_ab", attr_text=sheet_ref
    )  # workbook scope: typed by a person
    workbook[LISTS].defined_names["_sheets_sync_layout_cd"] = DefinedName(
        "_sheets_sync_layout_cd", attr_text=sheet_ref
    )  # on another sheet's scope
    workbook.save(path)
    assert XlsxBackend(path).read().tab(TEACHERS).layout is None

    backend = XlsxBackend(path)
    backend.apply(backend.read(), ChangeSet((MarkLayout(TEACHERS, "ef"),)))
    backend = XlsxBackend(path)
    backend.apply(backend.read(), ChangeSet((MarkLayout(TEACHERS, "0123"),)))
    snapshot = XlsxBackend(path).read()
    assert snapshot.tab(TEACHERS).layout == "0123"  # the earlier digest went
    assert snapshot.tab(LISTS).layout is None


def test_a_date_written_into_a_cell_styled_dd_mm_yyyy_keeps_that_style(tmp_path):
    path = register(tmp_path / "register.xlsx")
    backend = XlsxBackend(path)
    due = Style(fill=AMBER, number_format="dd.mm.yyyy")
    backend.apply(backend.read(), ChangeSet((SetStyle(TEACHERS, Span(2, 6, 2, 6), due),)))
    styles = parts(path)["xl/styles.xml"]

    backend = XlsxBackend(path)
    backend.apply(backend.read(), ChangeSet((SetCell(CellRef(TEACHERS, 2, 6), date(2027, 5, 31)),)))

    assert parts(path)["xl/styles.xml"] == styles
    tab = XlsxBackend(path).read().tab(TEACHERS)
    assert tab.value(2, 6) == datetime(2027, 5, 31) and tab.fills[(2, 6)] == AMBER


def test_frozen_columns_of_the_school_stay_frozen_when_rows_are_frozen_or_unfrozen(tmp_path):
    path = register(tmp_path / "register.xlsx")
    workbook = openpyxl.load_workbook(path)
    workbook[TEACHERS].freeze_panes = "B2"
    workbook.save(path)

    backend = XlsxBackend(path)
    backend.apply(backend.read(), ChangeSet((FreezeRows(TEACHERS, 3),)))
    assert openpyxl.load_workbook(path)[TEACHERS].freeze_panes == "B4"
    assert XlsxBackend(path).read().tab(TEACHERS).frozen_rows == 3

    backend = XlsxBackend(path)
    backend.apply(backend.read(), ChangeSet((FreezeRows(TEACHERS, 0),)))
    assert openpyxl.load_workbook(path)[TEACHERS].freeze_panes == "B1"
    assert XlsxBackend(path).read().tab(TEACHERS).frozen_rows == 0
    view = etree.fromstring(parts(path)["xl/worksheets/sheet1.xml"]).find(
        f"{MAIN}sheetViews/{MAIN}sheetView"
    )
    panes = {item.get("pane") for item in view.iterfind(f"{MAIN}selection")}
    assert panes <= {None, "topLeft", "topRight"}  # no selection left in a pane that went
