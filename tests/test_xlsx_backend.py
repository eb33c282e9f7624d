"""XlsxBackend against real workbooks in tmp_path.

Workbooks are built with openpyxl; content openpyxl cannot create (pictures, threaded comments,
form controls, ...) is added to the zip package by hand, the way Excel stores it.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import warnings
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table

from sheets_sync.backends import xlsx as xlsx_module
from sheets_sync.backends.xlsx import TEMP_PREFIX, XlsxBackend
from sheets_sync.changes import CellRef, ChangeSet, SetCell
from sheets_sync.errors import (
    WorkbookChanged,
    WorkbookLocked,
    WorkbookNotFound,
    WorkbookNotWritable,
    WorkbookSaveFailed,
    WorkbookUnreadable,
)
from sheets_sync.snapshot import CellValue

TEACHERS = "Мугалимдер"
LISTS = "Тизмелер"

R_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
X14_NS = 'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
# A 1x1 transparent PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d4944415478da63f8cfc0f01f0005000201a5d1c4d50000000049454e44ae426082"
)


# -- building workbooks ----------------------------------------------------------------------


def make_register(path: Path, *, chart: bool = False) -> Path:
    """A register with what a school's workbook holds: formulas, styles, notes, dropdowns."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = TEACHERS
    sheet.append(["ФИО", "Дата", "Часы", "Итого", "Статус"])
    sheet.append(["Асанова", datetime(2024, 9, 1), 12, "=C2*2", None])
    sheet.append(["Бакиев", datetime(2024, 10, 15), 7.5, "=C3*2", "старый"])
    sheet.append(["Жумабаева", datetime(2024, 11, 30), 3, "=SUM(C2:C4)", None])
    sheet["A1"].font = Font(bold=True, color="FF0000")
    sheet["A1"].fill = PatternFill("solid", fgColor="FFFF00")
    sheet.column_dimensions["A"].width = 32
    sheet.column_dimensions["B"].width = 14
    sheet["A2"].comment = Comment("Жетекчи", "Директор")
    dropdown = DataValidation(type="list", formula1=f"'{LISTS}'!$A$1:$A$3")
    sheet.add_data_validation(dropdown)
    dropdown.add("E2:E50")
    sheet["G1"] = "Эскертүү"
    sheet.merge_cells("G1:H1")
    workbook.defined_names["total_hours"] = DefinedName(
        "total_hours", attr_text=f"'{TEACHERS}'!$D$4"
    )
    if chart:
        bars = BarChart()
        bars.add_data(Reference(sheet, min_col=3, min_row=1, max_row=4), titles_from_data=True)
        sheet.add_chart(bars, "J2")
    lists = workbook.create_sheet(LISTS)
    for item in ("жок", "даярдалууда", "бүттү"):
        lists.append([item])
    lists["B1"] = "=COUNTA(A1:A3)"
    workbook.save(path)
    return path


def rewrite_zip(
    path: Path,
    *,
    add: Mapping[str, bytes] | None = None,
    edit: Mapping[str, Callable[[bytes], bytes]] | None = None,
    rename: Mapping[str, str] | None = None,
) -> Path:
    """Rewrite the package in place: add parts, edit parts' bytes, rename parts."""
    add, edit, rename = add or {}, edit or {}, rename or {}
    with zipfile.ZipFile(path) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    for name, change in edit.items():
        parts[name] = change(parts.get(name, b""))
    parts.update(add)
    parts = {rename.get(name, name): data for name, data in parts.items()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return path


def insert_before(marker: bytes, fragment: str) -> Callable[[bytes], bytes]:
    def change(data: bytes) -> bytes:
        assert marker in data, f"{marker!r} not found"
        return data.replace(marker, fragment.encode() + marker, 1)

    return change


def add_relationship(rel_id: str, rel_type: str, target: str) -> Callable[[bytes], bytes]:
    def change(data: bytes) -> bytes:
        if not data:
            data = b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>'
        entry = f'<Relationship Id="{rel_id}" Type="{rel_type}" Target="{target}"/>'
        return data.replace(b"</Relationships>", entry.encode() + b"</Relationships>")

    return change


def add_content_type(entry: str) -> Callable[[bytes], bytes]:
    return lambda data: data.replace(b"</Types>", entry.encode() + b"</Types>")


def add_picture(path: Path) -> Path:
    """A picture on the first sheet, stored as Excel stores it (drawing + media part)."""
    anchor = (
        "<xdr:from><xdr:col>9</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>1</xdr:row>"
        "<xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>11</xdr:col><xdr:colOff>0"
        "</xdr:colOff><xdr:row>6</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>"
    )
    drawing = (
        '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"'
        ' xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        f"{R_NS}><xdr:twoCellAnchor>{anchor}<xdr:pic><xdr:nvPicPr>"
        '<xdr:cNvPr id="2" name="Логотип" descr="school logo"/><xdr:cNvPicPr/></xdr:nvPicPr>'
        '<xdr:blipFill><a:blip r:embed="rId1"/><a:stretch><a:fillRect/></a:stretch>'
        '</xdr:blipFill><xdr:spPr><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr>'
        "</xdr:pic><xdr:clientData/></xdr:twoCellAnchor></xdr:wsDr>"
    )
    return rewrite_zip(
        path,
        add={
            "xl/media/image1.png": PNG,
            "xl/drawings/drawing9.xml": drawing.encode(),
            "xl/drawings/_rels/drawing9.xml.rels": add_relationship(
                "rId1", f"{REL}/image", "../media/image1.png"
            )(b""),
        },
        edit={
            "xl/worksheets/sheet1.xml": insert_before(
                b"</worksheet>", f'<drawing {R_NS} r:id="rIdPicture"/>'
            ),
            "xl/worksheets/_rels/sheet1.xml.rels": add_relationship(
                "rIdPicture", f"{REL}/drawing", "../drawings/drawing9.xml"
            ),
            "[Content_Types].xml": add_content_type(
                '<Default Extension="png" ContentType="image/png"/><Override PartName='
                '"/xl/drawings/drawing9.xml" ContentType="application/vnd.openxmlformats-'
                'officedocument.drawing+xml"/>'
            ),
        },
    )


def with_cached_values(path: Path, values: Mapping[str, str]) -> Path:
    """Store results for formulas, as Excel does on save (openpyxl writes none)."""

    def change(data: bytes) -> bytes:
        for coordinate, value in values.items():
            cell = rb'(<c r="' + coordinate.encode() + rb'"[^>]*>\s*<f>[^<]*</f>)'
            pattern = cell + rb"(?:<v\s*/>|<v></v>)"
            data, count = re.subn(pattern, rb"\1<v>" + value.encode() + rb"</v>", data)
            assert count == 1, coordinate
        return data

    return rewrite_zip(path, edit={"xl/worksheets/sheet1.xml": change})


def cells(path: Path, **options: bool) -> dict[tuple[str, str], tuple[object, str]]:
    """Every stored cell as (value, data type), formulas as their text."""
    workbook = openpyxl.load_workbook(path, **options)
    return {
        (sheet.title, cell.coordinate): (cell.value, cell.data_type)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    }


def change(row: int, column: int, value: CellValue, tab: str = TEACHERS) -> SetCell:
    return SetCell(CellRef(tab, row, column), value)


def changes(*items: SetCell) -> ChangeSet:
    return ChangeSet(tuple(items))


def temp_files(folder: Path) -> list[str]:
    return [entry.name for entry in folder.iterdir() if entry.name.startswith(TEMP_PREFIX)]


def part_names(path: Path) -> set[str]:
    with zipfile.ZipFile(path) as package:
        return set(package.namelist())


# -- read ------------------------------------------------------------------------------------


def test_read_returns_values_dates_and_cached_formula_results(tmp_path: Path) -> None:
    path = with_cached_values(make_register(tmp_path / "register.xlsx"), {"D2": "24", "D3": "15"})

    snapshot = XlsxBackend(path).read()
    tab = snapshot.tab(TEACHERS)

    assert tab.row_values(1) == ("ФИО", "Дата", "Часы", "Итого", "Статус", None, "Эскертүү")
    assert tab.row_values(2) == ("Асанова", datetime(2024, 9, 1), 12, 24)
    assert tab.row_values(3) == ("Бакиев", datetime(2024, 10, 15), 7.5, 15, "старый")
    assert isinstance(tab.value(2, 3), int) and isinstance(tab.value(3, 3), float)
    # A formula nobody calculated has no value; its text is never returned.
    assert tab.value(4, 4) is None


def test_read_records_source_and_sha256_revision_of_the_file(tmp_path: Path) -> None:
    path = make_register(tmp_path / "register.xlsx")

    snapshot = XlsxBackend(path).read()

    assert snapshot.source == str(path)
    assert snapshot.revision == hashlib.sha256(path.read_bytes()).hexdigest()


def test_read_lists_worksheets_in_sheet_order_without_chart_sheets(tmp_path: Path) -> None:
    workbook = Workbook()
    workbook.active.title = "Биринчи"
    workbook.create_sheet("Жашыруун").sheet_state = "hidden"
    chart_sheet = workbook.create_chartsheet("Диаграмма")
    bars = BarChart()
    bars.add_data(Reference(workbook["Биринчи"], min_col=1, min_row=1, max_row=2))
    chart_sheet.add_chart(bars)
    workbook.create_sheet("Акыркы")
    workbook.move_sheet("Акыркы", offset=-3)
    workbook.save(tmp_path / "order.xlsx")

    snapshot = XlsxBackend(tmp_path / "order.xlsx").read()

    assert list(snapshot.tabs) == ["Акыркы", "Биринчи", "Жашыруун"]


def test_read_trims_trailing_empty_cells_and_rows_but_keeps_gaps(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet["A1"], sheet["B1"], sheet["C1"] = "a", "b", "c"
    sheet["A2"] = "x"
    sheet["E2"].fill = PatternFill("solid", fgColor="00FF00")  # styled but empty
    sheet["A4"] = "y"
    sheet["D4"] = ""
    for row in range(5, 9):
        sheet.cell(row, 2).font = Font(italic=True)  # empty styled rows after the data
    workbook.save(tmp_path / "ragged.xlsx")

    tab = XlsxBackend(tmp_path / "ragged.xlsx").read().tab("Sheet")

    assert tab.rows == (("a", "b", "c"), ("x",), (), ("y",))


def test_read_of_a_missing_file_raises_workbook_not_found(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.xlsx"

    with pytest.raises(WorkbookNotFound) as raised:
        XlsxBackend(missing).read()

    assert raised.value.params == {"path": str(missing)}


def _truncated_workbook(path: Path) -> None:
    make_register(path)
    path.write_bytes(path.read_bytes()[:1500])


def _xlsx_content_named_xls(path: Path) -> None:
    make_register(path.with_suffix(".xlsx")).rename(path)


def _zip_without_workbook(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("hello.txt", "not a workbook")


@pytest.mark.parametrize(
    ("name", "build"),
    [
        ("teachers.xlsx", lambda path: path.write_text("ФИО;Дата\nАсанова;01.09.2024\n")),
        ("teachers.csv", lambda path: path.write_text("ФИО;Дата\n")),
        ("teachers.xls", lambda path: path.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") * 64)),
        ("teachers.xls", _xlsx_content_named_xls),
        ("teachers.xlsx", _truncated_workbook),
        ("teachers.xlsx", _zip_without_workbook),
    ],
    ids=[
        "text-named-xlsx",
        "csv",
        "old-xls",
        "xlsx-named-xls",
        "truncated",
        "zip-without-workbook",
    ],
)
def test_read_of_a_file_that_is_not_a_readable_xlsx_raises_workbook_unreadable(
    tmp_path: Path, name: str, build: Callable[[Path], object]
) -> None:
    path = tmp_path / name
    build(path)

    with pytest.raises(WorkbookUnreadable) as raised:
        XlsxBackend(path).read()

    assert raised.value.params["path"] == str(path)
    assert raised.value.params["reason"]


# -- apply: keeping the user's workbook ------------------------------------------------------


def test_apply_changes_only_the_given_cells_and_keeps_every_formula(tmp_path: Path) -> None:
    path = make_register(tmp_path / "register.xlsx")
    before = cells(path)
    backend = XlsxBackend(path)
    wanted = changes(
        change(2, 5, "даярдалууда"), change(3, 5, None), change(4, 5, 3), change(2, 6, True)
    )

    backend.apply(backend.read(), wanted)

    after = cells(path)
    touched = {(TEACHERS, "E2"), (TEACHERS, "E3"), (TEACHERS, "E4"), (TEACHERS, "F2")}
    assert {key: value for key, value in before.items() if key not in touched} == {
        key: value for key, value in after.items() if key not in touched
    }
    assert after[(TEACHERS, "D2")] == ("=C2*2", "f")
    assert after[(LISTS, "B1")] == ("=COUNTA(A1:A3)", "f")
    assert after[(TEACHERS, "E2")] == ("даярдалууда", "s")
    assert (TEACHERS, "E3") not in after  # None cleared the old value
    assert after[(TEACHERS, "E4")] == (3, "n")
    assert after[(TEACHERS, "F2")] == (True, "b")
    assert backend.lost_parts == ()
    assert temp_files(tmp_path) == []


def test_apply_keeps_styles_widths_comments_validation_merges_and_names(tmp_path: Path) -> None:
    path = make_register(tmp_path / "register.xlsx")
    backend = XlsxBackend(path)

    backend.apply(backend.read(), changes(change(2, 5, "бүттү")))

    workbook = openpyxl.load_workbook(path)
    sheet = workbook[TEACHERS]
    assert sheet["A1"].font.bold and sheet["A1"].font.color.rgb == "00FF0000"
    assert sheet["A1"].fill.fgColor.rgb == "00FFFF00"
    assert sheet["B2"].number_format == "yyyy-mm-dd h:mm:ss"
    assert sheet.column_dimensions["A"].width == 32
    assert sheet.column_dimensions["B"].width == 14
    assert (sheet["A2"].comment.text, sheet["A2"].comment.author) == ("Жетекчи", "Директор")
    [dropdown] = sheet.data_validations.dataValidation
    assert str(dropdown.sqref) == "E2:E50" and dropdown.formula1 == f"'{LISTS}'!$A$1:$A$3"
    assert [str(merged) for merged in sheet.merged_cells.ranges] == ["G1:H1"]
    assert workbook.defined_names["total_hours"].attr_text == f"'{TEACHERS}'!$D$4"
    assert [row[0].value for row in workbook[LISTS].iter_rows()] == ["жок", "даярдалууда", "бүттү"]


def test_apply_keeps_legacy_comments_stored_under_excel_part_names(tmp_path: Path) -> None:
    path = make_register(tmp_path / "register.xlsx")
    excel_names = {
        "xl/comments/comment1.xml": "xl/comments1.xml",
        "xl/drawings/commentsDrawing1.vml": "xl/drawings/vmlDrawing1.vml",
    }

    def point_to_excel_names(data: bytes) -> bytes:
        for old, new in excel_names.items():
            data = data.replace(old.encode(), new.encode())
        return data

    rewrite_zip(
        path,
        rename=excel_names,
        edit={
            "[Content_Types].xml": point_to_excel_names,
            "xl/worksheets/_rels/sheet1.xml.rels": point_to_excel_names,
        },
    )
    assert {"xl/comments1.xml", "xl/drawings/vmlDrawing1.vml"} <= part_names(path)
    backend = XlsxBackend(path)

    backend.apply(backend.read(), changes(change(2, 5, "бүттү")))

    assert openpyxl.load_workbook(path)[TEACHERS]["A2"].comment.text == "Жетекчи"


def test_apply_keeps_rich_text_in_untouched_cells(tmp_path: Path) -> None:
    workbook = Workbook()
    workbook.active["A1"] = CellRichText(["Асанова ", TextBlock(InlineFont(b=True), "(жетекчи)")])
    workbook.save(tmp_path / "rich.xlsx")
    backend = XlsxBackend(tmp_path / "rich.xlsx")

    backend.apply(backend.read(), changes(change(1, 2, "ok", tab="Sheet")))

    kept = openpyxl.load_workbook(tmp_path / "rich.xlsx", rich_text=True).active["A1"].value
    assert isinstance(kept, CellRichText)
    assert kept[1].font.b and kept[1].text == "(жетекчи)"


@pytest.mark.parametrize("text", ["=1+1", "=SUM(A1:A9)", "+996 555 123 456", "-", "@x", "#N/A"])
def test_apply_writes_formula_like_text_as_text(tmp_path: Path, text: str) -> None:
    path = make_register(tmp_path / "register.xlsx")
    backend = XlsxBackend(path)

    backend.apply(backend.read(), changes(change(2, 5, text)))

    assert cells(path)[(TEACHERS, "E2")] == (text, "s")
    assert backend.read().tab(TEACHERS).value(2, 5) == text


def test_apply_writes_a_date_as_a_date_cell_shown_day_month_year(tmp_path: Path) -> None:
    path = make_register(tmp_path / "register.xlsx")
    backend = XlsxBackend(path)

    backend.apply(backend.read(), changes(change(2, 6, date(2025, 1, 31))))

    cell = openpyxl.load_workbook(path)[TEACHERS]["F2"]
    assert cell.is_date and cell.number_format == "DD.MM.YYYY"
    assert cell.value == datetime(2025, 1, 31)
    assert backend.read().tab(TEACHERS).value(2, 6) == datetime(2025, 1, 31)


def test_apply_keeps_an_excel_table_column_name_in_step_with_its_header(tmp_path: Path) -> None:
    path = make_register(tmp_path / "register.xlsx")
    workbook = openpyxl.load_workbook(path)
    workbook[TEACHERS].add_table(Table(displayName="Teachers", ref="A1:E4"))
    workbook.save(path)
    backend = XlsxBackend(path)

    backend.apply(backend.read(), changes(change(1, 5, "Абалы")))

    table = openpyxl.load_workbook(path)[TEACHERS].tables["Teachers"]
    assert [column.name for column in table.tableColumns][4] == "Абалы"


def test_apply_in_place_with_no_changes_leaves_bytes_and_mtime_alone(tmp_path: Path) -> None:
    path = make_register(tmp_path / "register.xlsx")
    os.utime(path, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    original = path.read_bytes()
    backend = XlsxBackend(path)

    backend.apply(backend.read(), ChangeSet())

    assert path.read_bytes() == original
    assert path.stat().st_mtime_ns == 1_600_000_000_000_000_000
    assert sorted(entry.name for entry in tmp_path.iterdir()) == ["register.xlsx"]


def test_apply_with_out_writes_the_copy_even_without_changes(tmp_path: Path) -> None:
    path = make_register(tmp_path / "register.xlsx")
    original = path.read_bytes()
    backend = XlsxBackend(path, out=tmp_path / "checked.xlsx")

    backend.apply(backend.read(), ChangeSet())

    assert cells(tmp_path / "checked.xlsx") == cells(path)
    assert path.read_bytes() == original


def test_apply_with_out_writes_changes_to_the_copy_only(tmp_path: Path) -> None:
    path = make_register(tmp_path / "register.xlsx")
    original = path.read_bytes()
    backend = XlsxBackend(path, out=tmp_path / "checked.xlsx")

    backend.apply(backend.read(), changes(change(2, 5, "бүттү")))

    assert cells(tmp_path / "checked.xlsx")[(TEACHERS, "E2")] == ("бүттү", "s")
    assert path.read_bytes() == original
    assert backend.source == str(path)


def test_apply_refuses_an_out_copy_that_is_not_named_as_a_workbook(tmp_path: Path) -> None:
    path = make_register(tmp_path / "register.xlsx")
    backend = XlsxBackend(path, out=tmp_path / "checked.csv")

    with pytest.raises(WorkbookSaveFailed) as raised:
        backend.apply(backend.read(), changes(change(2, 5, "бүттү")))

    assert raised.value.params["path"] == str(tmp_path / "checked.csv")
    assert sorted(entry.name for entry in tmp_path.iterdir()) == ["register.xlsx"]


def test_apply_keeps_the_permission_bits_of_the_file(tmp_path: Path) -> None:
    path = make_register(tmp_path / "register.xlsx")
    path.chmod(0o640)
    backend = XlsxBackend(path)

    backend.apply(backend.read(), changes(change(2, 5, "бүттү")))

    assert stat.S_IMODE(path.stat().st_mode) == 0o640


# -- apply: refusals -------------------------------------------------------------------------

LONG_NAME = "teachers-register-2024.xlsx"


@pytest.mark.parametrize(
    ("lock_name", "program"),
    [
        (f"~${LONG_NAME}", "Excel"),
        (f"~${LONG_NAME[2:]}", "Excel"),  # Excel drops the first two characters of long names
        (f".~lock.{LONG_NAME}#", "LibreOffice"),
    ],
    ids=["excel", "excel-truncated", "libreoffice"],
)
def test_apply_refuses_a_workbook_open_in_another_program(
    tmp_path: Path, lock_name: str, program: str
) -> None:
    path = make_register(tmp_path / LONG_NAME)
    backend = XlsxBackend(path)
    snapshot = backend.read()
    lock = tmp_path / lock_name
    lock.write_bytes(b"user")
    original = path.read_bytes()

    with pytest.raises(WorkbookLocked) as raised:
        backend.apply(snapshot, changes(change(2, 5, "бүттү")))

    assert raised.value.params == {"path": str(path), "program": program, "lock_file": str(lock)}
    assert path.read_bytes() == original
    assert temp_files(tmp_path) == []


def test_apply_refuses_an_out_copy_that_is_open_in_excel(tmp_path: Path) -> None:
    path = make_register(tmp_path / "register.xlsx")
    out = make_register(tmp_path / "checked.xlsx")
    (tmp_path / "~$checked.xlsx").write_bytes(b"user")
    out_before = out.read_bytes()
    backend = XlsxBackend(path, out=out)

    with pytest.raises(WorkbookLocked):
        backend.apply(backend.read(), changes(change(2, 5, "бүттү")))

    assert out.read_bytes() == out_before


def test_apply_refuses_when_the_file_was_saved_after_read(tmp_path: Path) -> None:
    path = make_register(tmp_path / "register.xlsx")
    backend = XlsxBackend(path)
    snapshot = backend.read()
    someone_else = openpyxl.load_workbook(path)
    someone_else[TEACHERS]["E4"] = "колго жазылды"
    someone_else.save(path)
    saved_by_them = path.read_bytes()

    with pytest.raises(WorkbookChanged) as raised:
        backend.apply(snapshot, changes(change(2, 5, "бүттү")))

    assert raised.value.params == {"path": str(path)}
    assert path.read_bytes() == saved_by_them


def test_apply_in_place_refuses_a_workbook_with_charts_and_pictures(tmp_path: Path) -> None:
    path = add_picture(make_register(tmp_path / "register.xlsx", chart=True))
    original = path.read_bytes()
    backend = XlsxBackend(path)

    with pytest.raises(WorkbookNotWritable) as raised:
        backend.apply(backend.read(), changes(change(2, 5, "бүттү")))

    assert raised.value.params == {"path": str(path), "parts": "charts, images"}
    assert path.read_bytes() == original
    assert temp_files(tmp_path) == []


def test_apply_to_out_copies_a_workbook_with_charts_and_reports_lost_parts(
    tmp_path: Path,
) -> None:
    path = add_picture(make_register(tmp_path / "register.xlsx", chart=True))
    original = path.read_bytes()
    backend = XlsxBackend(path, out=tmp_path / "checked.xlsx")

    backend.apply(backend.read(), changes(change(2, 5, "бүттү")))

    assert backend.lost_parts == ("charts", "images")
    assert cells(tmp_path / "checked.xlsx")[(TEACHERS, "E2")] == ("бүттү", "s")
    assert path.read_bytes() == original


def test_apply_with_out_naming_the_source_itself_is_treated_as_in_place(tmp_path: Path) -> None:
    path = make_register(tmp_path / "register.xlsx", chart=True)
    original = path.read_bytes()
    backend = XlsxBackend(path, out=tmp_path / "." / "register.xlsx")

    with pytest.raises(WorkbookNotWritable):
        backend.apply(backend.read(), changes(change(2, 5, "бүттү")))

    assert path.read_bytes() == original


SHEET = "xl/worksheets/sheet1.xml"
SHEET_RELS = "xl/worksheets/_rels/sheet1.xml.rels"
TYPES = "[Content_Types].xml"
XLSX_MAIN = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
XLSM_MAIN = b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"
DRAWING_NS = (
    'xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
)


@dataclass(frozen=True)
class Content:
    """Something Excel stores that openpyxl drops: the parts to add and a trace of it."""

    kind: str
    add: Mapping[str, bytes]
    edit: Mapping[str, Callable[[bytes], bytes]]
    trace: str  # a part name, or text inside the first sheet, that openpyxl's save loses


CONTENT_OPENPYXL_DROPS = [
    Content(
        "threaded comments",
        {
            "xl/threadedComments/threadedComment1.xml": (
                b'<ThreadedComments xmlns="http://schemas.microsoft.com/office/spreadsheetml/'
                b'2018/threadedcomments"><threadedComment ref="A3" dT="2024-09-01T10:00:00.00" '
                b'personId="{1}" id="{2}"><text>Check the hours</text></threadedComment>'
                b"</ThreadedComments>"
            )
        },
        {
            SHEET_RELS: add_relationship(
                "rIdThread",
                "http://schemas.microsoft.com/office/2017/10/relationships/threadedComment",
                "../threadedComments/threadedComment1.xml",
            )
        },
        "xl/threadedComments/threadedComment1.xml",
    ),
    Content(
        "form controls",
        {"xl/ctrlProps/ctrlProp1.xml": b'<formControlPr objectType="CheckBox"/>'},
        {
            SHEET: insert_before(
                b"</worksheet>",
                f'<controls {R_NS}><control shapeId="1025" r:id="rIdCtrl" name="Check"/>'
                "</controls>",
            ),
            SHEET_RELS: add_relationship(
                "rIdCtrl", f"{REL}/ctrlProp", "../ctrlProps/ctrlProp1.xml"
            ),
        },
        "<controls",
    ),
    Content(
        "embedded objects",
        {"xl/embeddings/oleObject1.bin": b"\0" * 64},
        {
            SHEET: insert_before(
                b"</worksheet>",
                f'<oleObjects {R_NS}><oleObject progId="Package" shapeId="1026" r:id="rIdOle"/>'
                "</oleObjects>",
            ),
            SHEET_RELS: add_relationship(
                "rIdOle", f"{REL}/oleObject", "../embeddings/oleObject1.bin"
            ),
        },
        "xl/embeddings/oleObject1.bin",
    ),
    Content(
        "slicers",
        {
            "xl/slicers/slicer1.xml": b'<slicers xmlns="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"/>'
        },
        {},
        "xl/slicers/slicer1.xml",
    ),
    Content(
        "macros",
        {"xl/vbaProject.bin": b"\0" * 64},
        {
            "xl/_rels/workbook.xml.rels": add_relationship(
                "rIdVba",
                "http://schemas.microsoft.com/office/2006/relationships/vbaProject",
                "vbaProject.bin",
            )
        },
        "xl/vbaProject.bin",
    ),
    Content(
        "shapes",
        {
            "xl/drawings/drawing9.xml": (
                f'<xdr:wsDr {DRAWING_NS}><xdr:absoluteAnchor><xdr:pos x="0" y="0"/>'
                '<xdr:ext cx="100" cy="100"/><xdr:sp><xdr:nvSpPr><xdr:cNvPr id="3" '
                'name="Белги"/><xdr:cNvSpPr/></xdr:nvSpPr><xdr:spPr/></xdr:sp><xdr:clientData/>'
                "</xdr:absoluteAnchor></xdr:wsDr>"
            ).encode()
        },
        {
            SHEET: insert_before(b"</worksheet>", f'<drawing {R_NS} r:id="rIdShape"/>'),
            SHEET_RELS: add_relationship("rIdShape", f"{REL}/drawing", "../drawings/drawing9.xml"),
        },
        "xl/drawings/drawing9.xml",
    ),
    Content(
        "extended conditional formatting",
        {},
        {
            SHEET: insert_before(
                b"</worksheet>",
                f'<extLst><ext uri="{{78C0D931-6437-407d-A8EE-F0AAD7539E65}}" {X14_NS}>'
                "<x14:conditionalFormattings/></ext></extLst>",
            )
        },
        "78C0D931-6437-407d-A8EE-F0AAD7539E65",
    ),
    Content(
        "dynamic array formulas",
        {
            "xl/metadata.xml": b'<metadata xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'
        },
        {},
        "xl/metadata.xml",
    ),
    Content(
        "charts",  # Excel keeps a chart's style and colours in parts openpyxl does not write
        {
            "xl/charts/style1.xml": b'<cs:chartStyle xmlns:cs="http://schemas.microsoft.com/'
            b'office/drawing/2012/chartStyle" id="201"/>'
        },
        {
            "xl/charts/_rels/chart1.xml.rels": add_relationship(
                "rIdStyle",
                "http://schemas.microsoft.com/office/2011/relationships/chartStyle",
                "style1.xml",
            )
        },
        "xl/charts/style1.xml",
    ),
]


def _workbook_with(tmp_path: Path, content: Content) -> Path:
    path = make_register(tmp_path / "register.xlsx", chart=content.kind == "charts")
    return rewrite_zip(path, add=content.add, edit=content.edit)


def _has_trace(path: Path, trace: str) -> bool:
    with zipfile.ZipFile(path) as package:
        return trace in package.namelist() or trace.encode() in package.read(SHEET)


@pytest.mark.parametrize("content", CONTENT_OPENPYXL_DROPS, ids=lambda content: content.kind)
def test_openpyxl_save_still_loses_this_content(tmp_path: Path, content: Content) -> None:
    # The evidence behind the refusals: if openpyxl learns to keep something, this fails and
    # the rule in xlsx.py can go.
    path = _workbook_with(tmp_path, content)
    assert _has_trace(path, content.trace)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about some of it, not all
        workbook = openpyxl.load_workbook(path)
    workbook.save(tmp_path / "saved.xlsx")

    assert not _has_trace(tmp_path / "saved.xlsx", content.trace)


@pytest.mark.parametrize("content", CONTENT_OPENPYXL_DROPS, ids=lambda content: content.kind)
def test_apply_in_place_refuses_content_openpyxl_would_drop(
    tmp_path: Path, content: Content
) -> None:
    path = _workbook_with(tmp_path, content)
    original = path.read_bytes()
    backend = XlsxBackend(path)

    with pytest.raises(WorkbookNotWritable) as raised:
        backend.apply(backend.read(), changes(change(2, 5, "бүттү")))

    assert content.kind in raised.value.params["parts"].split(", ")
    assert path.read_bytes() == original


def test_apply_to_a_macro_workbook_keeps_its_macros(tmp_path: Path) -> None:
    path = make_register(tmp_path / "register.xlsm")
    macros = b"VBA project bytes"
    rewrite_zip(
        path,
        add={"xl/vbaProject.bin": macros},
        edit={
            "xl/_rels/workbook.xml.rels": add_relationship(
                "rIdVba",
                "http://schemas.microsoft.com/office/2006/relationships/vbaProject",
                "vbaProject.bin",
            ),
            TYPES: lambda data: add_content_type(
                '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
            )(data.replace(XLSX_MAIN, XLSM_MAIN)),
        },
    )
    backend = XlsxBackend(path)

    backend.apply(backend.read(), changes(change(2, 5, "бүттү")))

    with zipfile.ZipFile(path) as package:
        assert package.read("xl/vbaProject.bin") == macros
        assert b"macroEnabled.main+xml" in package.read(TYPES)

    copy = XlsxBackend(path, out=tmp_path / "copy.xlsx")
    copy.apply(copy.read(), ChangeSet())

    assert copy.lost_parts == ("macros",)
    assert "xl/vbaProject.bin" not in part_names(tmp_path / "copy.xlsx")
    assert b"macroEnabled" not in zipfile.ZipFile(tmp_path / "copy.xlsx").read(TYPES)


# -- apply: all or nothing -------------------------------------------------------------------


@dataclass(frozen=True)
class RenameTab:
    """A change kind the xlsx backend does not know."""

    tab: str
    title: str


@pytest.mark.parametrize(
    ("bad", "error"),
    [
        (RenameTab(TEACHERS, "Мугалимдер 2024"), TypeError),
        (change(2, 5, "бүттү", tab="Жок барак"), ValueError),
        (change(1, 8, "merged"), ValueError),  # H1 lies under the merged G1:H1
        (change(2, 5, "bell\x07"), ValueError),
        (change(2, 5, float("nan")), ValueError),
    ],
    ids=["unknown-kind", "unknown-tab", "merged-cell", "control-character", "nan"],
)
def test_apply_refuses_the_whole_set_when_one_change_cannot_be_applied(
    tmp_path: Path, bad: object, error: type[Exception]
) -> None:
    path = make_register(tmp_path / "register.xlsx")
    original = path.read_bytes()
    backend = XlsxBackend(path)

    with pytest.raises(error):
        backend.apply(backend.read(), ChangeSet((change(2, 5, "бүттү"), bad)))  # type: ignore[arg-type]

    assert path.read_bytes() == original
    assert temp_files(tmp_path) == []


@pytest.mark.parametrize(
    ("bad", "error"),
    [
        (RenameTab(TEACHERS, "Мугалимдер 2024"), TypeError),
        (change(2, 5, "x", tab="Жок"), ValueError),
    ],
    ids=["unknown-kind", "unknown-tab"],
)
def test_apply_checks_the_changes_before_it_looks_at_the_file(
    tmp_path: Path, bad: object, error: type[Exception]
) -> None:
    path = make_register(tmp_path / "register.xlsx")
    backend = XlsxBackend(path)
    snapshot = backend.read()
    path.unlink()  # reaching the file at all would now raise WorkbookNotFound

    with pytest.raises(error):
        backend.apply(snapshot, ChangeSet((bad,)))  # type: ignore[arg-type]


# -- apply: atomic save ----------------------------------------------------------------------


def test_a_save_failing_midway_leaves_the_file_identical_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_register(tmp_path / "register.xlsx")
    original = path.read_bytes()
    backend = XlsxBackend(path)
    snapshot = backend.read()

    def save_half_then_fail(self: Workbook, filename: object) -> None:
        if hasattr(filename, "write"):
            filename.write(b"PK\x03\x04 half a workbook")
        else:
            Path(str(filename)).write_bytes(b"PK\x03\x04 half a workbook")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Workbook, "save", save_half_then_fail)

    with pytest.raises(WorkbookSaveFailed) as raised:
        backend.apply(snapshot, changes(change(2, 5, "бүттү")))

    assert raised.value.params == {"path": str(path), "reason": "No space left on device"}
    assert path.read_bytes() == original
    assert temp_files(tmp_path) == []


def test_a_failing_final_rename_leaves_the_file_identical_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_register(tmp_path / "register.xlsx")
    original = path.read_bytes()
    backend = XlsxBackend(path)
    snapshot = backend.read()

    def refuse(source: object, target: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(xlsx_module.os, "replace", refuse)

    with pytest.raises(WorkbookSaveFailed):
        backend.apply(snapshot, changes(change(2, 5, "бүттү")))

    assert path.read_bytes() == original
    assert temp_files(tmp_path) == []


def test_added_tab_is_created_after_the_last_and_filled(tmp_path: Path) -> None:
    from sheets_sync.changes import AddTab

    path = tmp_path / "book.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.title = "Мугалимдер"
    workbook.save(path)
    backend = XlsxBackend(path)
    snapshot = backend.read()
    changes = ChangeSet((AddTab("Жыйынтык"), SetCell(CellRef("Жыйынтык", 1, 1), "=текст")))
    backend.apply(snapshot, changes)
    saved = openpyxl.load_workbook(path)
    assert saved.sheetnames == ["Мугалимдер", "Жыйынтык"]
    assert saved["Жыйынтык"]["A1"].value == "=текст"
    assert saved["Жыйынтык"]["A1"].data_type == "s"


def test_adding_a_tab_that_exists_is_refused_before_writing(tmp_path: Path) -> None:
    from sheets_sync.changes import AddTab

    path = tmp_path / "book.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.title = "Жыйынтык"
    workbook.save(path)
    before = path.read_bytes()
    backend = XlsxBackend(path)
    with pytest.raises(ValueError, match="cannot add a tab"):
        backend.apply(backend.read(), ChangeSet((AddTab("жыйынтык"),)))
    assert path.read_bytes() == before


# -- extended drop-down lists ----------------------------------------------------------------

EXTENDED_DROPDOWN = (
    f'<extLst><ext uri="{{CCE6A557-97BC-4B89-ADB6-D9C93CAAB3DF}}" {X14_NS}>'
    '<x14:dataValidations count="1" '
    'xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
    '<x14:dataValidation type="list" allowBlank="1" showInputMessage="1" '
    'showErrorMessage="1" errorTitle="Тизмеде жок" error="Тизмеден тандаңыз">'
    f"<x14:formula1><xm:f>{LISTS}!$A$1:$A$3</xm:f></x14:formula1>"
    "<xm:sqref>C2:C40</xm:sqref></x14:dataValidation></x14:dataValidations></ext></extLst>"
)


def test_openpyxl_still_drops_an_extended_drop_down_list(tmp_path: Path) -> None:
    # Why the backend restores them: if openpyxl learns to keep these, this fails.
    path = rewrite_zip(
        make_register(tmp_path / "register.xlsx"),
        edit={SHEET: insert_before(b"</worksheet>", EXTENDED_DROPDOWN)},
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        openpyxl.load_workbook(path).save(tmp_path / "saved.xlsx")
    saved = openpyxl.load_workbook(tmp_path / "saved.xlsx")[TEACHERS]
    assert [str(rule.sqref) for rule in saved.data_validations.dataValidation] == ["E2:E50"]


def test_an_extended_drop_down_list_is_kept_in_the_standard_form(tmp_path: Path) -> None:
    path = rewrite_zip(
        make_register(tmp_path / "register.xlsx"),
        edit={SHEET: insert_before(b"</worksheet>", EXTENDED_DROPDOWN)},
    )
    backend = XlsxBackend(path)
    snapshot = backend.read()
    backend.apply(snapshot, ChangeSet((SetCell(CellRef(TEACHERS, 2, 5), "бүттү"),)))
    sheet = openpyxl.load_workbook(path)[TEACHERS]
    rules = {str(rule.sqref): rule for rule in sheet.data_validations.dataValidation}
    assert set(rules) == {"E2:E50", "C2:C40"}
    kept = rules["C2:C40"]
    assert (kept.type, kept.formula1, kept.allow_blank, kept.showErrorMessage) == (
        "list",
        f"{LISTS}!$A$1:$A$3",
        True,
        True,
    )
    assert (kept.errorTitle, kept.error) == ("Тизмеде жок", "Тизмеден тандаңыз")
    assert sheet["E2"].value == "бүттү"
