"""What the xlsx writer changes in a package, compared part by part and cell by cell.

school-libreoffice.xlsx (tests/fixtures/xlsx/make_fixtures.py) was saved by LibreOffice, with
formulas and their cached results, a chart, an outline level, the serial date 60 and a
date-time with sub-millisecond digits, and then given what Excel writes and openpyxl cannot:
"password to modify" (fileSharing), sheet protection with "allow users to edit ranges", a
custom view, a cell watch and an ignored-error mark.
"""

from __future__ import annotations

import shutil
import zipfile
from datetime import date, datetime, time
from pathlib import Path

import pytest
from conftest import AS_OF, check
from lxml import etree

from sheets_sync.backends import xlsx_patch
from sheets_sync.backends.xlsx import XlsxBackend
from sheets_sync.changes import (
    AddTab,
    CellRef,
    ChangeSet,
    MarkColumn,
    MarkTab,
    SetCell,
    SetColumnWidth,
    SetFill,
    SetStyle,
    Style,
)
from sheets_sync.snapshot import Span

FIXTURES = Path(__file__).parent / "fixtures" / "xlsx"
TEACHERS = "Мугалимдер"
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
SUMMARY = "Жыйынтык"
# What the toolkit edits for the change set below; everything else must stay byte-identical.
OWNED = {
    "xl/worksheets/sheet1.xml",
    "xl/workbook.xml",
    "xl/styles.xml",
    "xl/_rels/workbook.xml.rels",
    "[Content_Types].xml",
}


def school(tmp_path: Path) -> Path:
    path = tmp_path / "school.xlsx"
    shutil.copyfile(FIXTURES / "school-libreoffice.xlsx", path)
    return path


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as package:
        return {name: package.read(name) for name in package.namelist()}


def cells(sheet_xml: bytes) -> dict[str, bytes]:
    """Every <c> by reference, canonicalised (attribute order and quoting do not count)."""
    root = etree.fromstring(sheet_xml)
    return {cell.get("r"): etree.tostring(cell, method="c14n") for cell in root.iter(f"{MAIN}c")}


def statuses() -> ChangeSet:
    return ChangeSet(
        (
            AddTab(SUMMARY),
            SetCell(CellRef(TEACHERS, 1, 14), "Статус"),
            SetCell(CellRef(TEACHERS, 2, 14), "✔"),
            SetCell(CellRef(TEACHERS, 3, 14), "✖ «Билими» бош"),
            SetCell(CellRef(TEACHERS, 2, 15), date(2027, 5, 31)),
            SetCell(CellRef(TEACHERS, 7, 14), "жаңы сап"),
            SetColumnWidth(TEACHERS, 14, 24),
            MarkColumn(TEACHERS, 14, "status"),
            SetCell(CellRef(SUMMARY, 1, 1), "Жыйынтык"),
            MarkTab(SUMMARY, "summary_overview"),
        )
    )


def apply(path: Path, changes: ChangeSet) -> None:
    backend = XlsxBackend(path)
    backend.apply(backend.read(), changes)


def test_every_part_the_toolkit_does_not_own_is_byte_identical_and_in_order(
    tmp_path: Path,
) -> None:
    path = school(tmp_path)
    before = parts(path)

    apply(path, statuses())

    after = parts(path)
    assert list(after)[: len(before)] == list(before)
    assert list(after)[len(before) :] == ["xl/worksheets/sheet3.xml"]
    changed = {name for name in before if before[name] != after[name]}
    assert changed <= OWNED
    for name in ("xl/charts/chart1.xml", "xl/sharedStrings.xml", "xl/worksheets/sheet2.xml"):
        assert after[name] == before[name]


def test_untouched_cells_are_unchanged_cell_by_cell(tmp_path: Path) -> None:
    path = school(tmp_path)
    before = cells(parts(path)["xl/worksheets/sheet1.xml"])

    apply(path, statuses())

    after = cells(parts(path)["xl/worksheets/sheet1.xml"])
    written = {"N1", "N2", "N3", "O2", "N7"}
    assert set(after) == set(before) | written
    assert {ref: after[ref] for ref in before} == before
    assert b"<v>60</v>" in after["M2"] and b"<v>45000.1234567891</v>" in after["M3"]
    assert b"<v>\xd0\x90\xd1\x81\xd0\xb0\xd0\xbd\xd0\xbe\xd0\xb2\xd0\xb0 " in after["B2"]


def test_protection_views_watches_and_ignored_errors_survive(tmp_path: Path) -> None:
    path = school(tmp_path)
    before = parts(path)

    apply(path, statuses())

    after = parts(path)
    for part, tags in {
        "xl/worksheets/sheet1.xml": (
            "sheetProtection",
            "protectedRanges",
            "customSheetViews",
            "cellWatches",
            "ignoredErrors",
            "drawing",
        ),
        "xl/workbook.xml": ("fileSharing", "workbookPr"),
    }.items():
        old, new = etree.fromstring(before[part]), etree.fromstring(after[part])
        for tag in tags:
            kept = [etree.tostring(e, method="c14n") for e in new.iter(f"{MAIN}{tag}")]
            assert kept == [etree.tostring(e, method="c14n") for e in old.iter(f"{MAIN}{tag}")]
            assert kept, tag
    rows = etree.fromstring(after["xl/worksheets/sheet1.xml"]).iter(f"{MAIN}row")
    assert {row.get("r"): row.get("outlineLevel") for row in rows}["3"] == "1"


def test_written_cells_are_in_column_and_row_order_with_a_date_style(tmp_path: Path) -> None:
    path = school(tmp_path)

    apply(path, statuses())

    sheet = etree.fromstring(parts(path)["xl/worksheets/sheet1.xml"])
    rows = [int(row.get("r")) for row in sheet.iter(f"{MAIN}row")]
    assert rows == sorted(rows) and 7 in rows
    row2 = [cell.get("r") for cell in sheet.find(f"{MAIN}sheetData")[1]]
    assert row2[-3:] == ["M2", "N2", "O2"]
    assert sheet.find(f"{MAIN}dimension").get("ref").endswith(":O7")
    snapshot = XlsxBackend(path).read()
    teachers = snapshot.tab(TEACHERS)
    assert teachers.value(2, 15) == date(2027, 5, 31) or str(teachers.value(2, 15)).startswith(
        "2027-05-31"
    )
    assert teachers.value(3, 14) == "✖ «Билими» бош" and teachers.value(7, 14) == "жаңы сап"
    assert teachers.column_marks == {"status": 14}
    assert snapshot.tab(SUMMARY).mark == "summary_overview"
    assert snapshot.tab(SUMMARY).value(1, 1) == "Жыйынтык"


def test_formulas_keep_their_cached_results_for_the_next_read(tmp_path: Path) -> None:
    path = school(tmp_path)

    apply(path, statuses())

    tab = XlsxBackend(path).read().tab(TEACHERS)
    assert [tab.value(row, 2) for row in (2, 3, 4)] == [
        "Асанова Гүлзат",
        "Бакиев Нурлан",
        "Жумабаева Айгүл",
    ]


def test_a_second_run_on_a_school_whose_names_are_formulas_is_clean(tmp_path: Path) -> None:
    path = school(tmp_path)

    first = check(path, as_of=AS_OF)
    second = check(path, as_of=AS_OF)

    assert first.ok and first.applied and second.ok
    codes = {finding.code for finding in second.findings()}
    assert "unknown-teacher" not in codes
    assert not [f for f in second.findings() if f.code == "missing-value" and f.field == "name"]
    assert sorted(f.code for f in second.findings()) == sorted(f.code for f in first.findings())
    assert not second.changes  # nothing left to write


@pytest.mark.parametrize(
    ("cols", "expected"),
    [
        (
            '<cols><col min="1" max="26" width="12" style="0" customWidth="1"/></cols>',
            [("1", "13", "12"), ("14", "14", "24"), ("15", "26", "12")],
        ),
        ("", [("14", "14", "24")]),
    ],
    ids=["split-range", "no-cols"],
)
def test_a_width_changes_only_its_column(
    tmp_path: Path, cols: str, expected: list[tuple[str, str, str]]
) -> None:
    path = school(tmp_path)
    with zipfile.ZipFile(path) as package:
        infos = package.infolist()
        data = {info.filename: package.read(info) for info in infos}
    sheet = data["xl/worksheets/sheet1.xml"].decode()
    if "<cols>" in sheet:
        sheet = sheet[: sheet.find("<cols>")] + sheet[sheet.find("</cols>") + len("</cols>") :]
    data["xl/worksheets/sheet1.xml"] = sheet.replace("<sheetData", cols + "<sheetData", 1).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for info in infos:
            package.writestr(info, data[info.filename])

    apply(path, ChangeSet((SetColumnWidth(TEACHERS, 14, 24),)))

    root = etree.fromstring(parts(path)["xl/worksheets/sheet1.xml"])
    found = [(c.get("min"), c.get("max"), c.get("width")) for c in root.iter(f"{MAIN}col")]
    assert found == expected
    order = [etree.QName(child).localname for child in root]
    assert order.index("cols") < order.index("sheetData")


def every_kind_of_cell() -> ChangeSet:
    # Cells past the last one of their row: written as text unless the test says otherwise.
    values = [
        "✔ жаңы",
        " a space & <tag> \r",
        "two\nlines",
        "",
        None,
        True,
        False,
        7,
        2.5,
        date(2027, 5, 31),
        datetime(2027, 5, 31, 8, 30),
        time(9, 15, 30, 500),
    ]
    changes: list = [AddTab(SUMMARY)]
    for offset, value in enumerate(values):
        changes.append(SetCell(CellRef(TEACHERS, 2 + offset, 14), value))
        changes.append(SetCell(CellRef(SUMMARY, 1 + offset, 1 + offset % 3), value))
    style = Style(fill="C6EFCE", bold=True, number_format="dd.mm.yyyy")
    changes.append(SetStyle(TEACHERS, Span(2, 15, 4, 15), style))
    changes.append(SetFill(CellRef(TEACHERS, 3, 14), "FFEB9C"))
    changes.append(SetFill(CellRef(TEACHERS, 5, 16), "FFC7CE"))
    changes.append(SetStyle(SUMMARY, Span(1, 1, 2, 4), style))
    return ChangeSet(tuple(changes))


def test_cells_added_after_a_row_s_last_cell_equal_those_built_as_xml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast, built = school(tmp_path), tmp_path / "built.xlsx"
    shutil.copyfile(fast, built)
    apply(fast, every_kind_of_cell())
    monkeypatch.setattr(xlsx_patch, "_append_cells", lambda *args: None)
    apply(built, every_kind_of_cell())

    for name in ("xl/worksheets/sheet1.xml", "xl/worksheets/sheet3.xml"):
        assert cells(parts(fast)[name]) == cells(parts(built)[name])
    assert parts(fast)["xl/styles.xml"] == parts(built)["xl/styles.xml"]
    sheet = parts(fast)["xl/worksheets/sheet1.xml"]
    assert b'<c r="N3" s="5" t="inlineStr"><is><t xml:space="preserve"> a space &amp;' in sheet
    written = cells(sheet)
    assert b"<v>1</v>" in written["N7"] and b's="' in written["P5"] and "P6" not in written


def values_and_formats_over_existing_cells() -> ChangeSet:
    style = Style(fill="D9E1F2", bold=True, wrap=True)
    return ChangeSet(
        (
            SetCell(CellRef(TEACHERS, 2, 3), "жаңы & <башка>"),
            SetCell(CellRef(TEACHERS, 2, 8), "between G and J"),
            SetCell(CellRef(TEACHERS, 3, 5), date(2027, 5, 31)),
            SetCell(CellRef(TEACHERS, 3, 2), "over a formula"),
            SetCell(CellRef(TEACHERS, 4, 13), 7),
            SetCell(CellRef(TEACHERS, 4, 4), None),
            SetCell(CellRef(TEACHERS, 5, 7), True),
            SetFill(CellRef(TEACHERS, 3, 4), "FFEB9C"),
            SetFill(CellRef(TEACHERS, 5, 12), "FFC7CE"),
            SetFill(CellRef(TEACHERS, 2, 9), None),
            SetStyle(TEACHERS, Span(4, 3, 5, 4), style),
        )
    )


def test_values_and_formats_on_existing_cells_equal_those_built_as_xml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast, built = school(tmp_path), tmp_path / "built.xlsx"
    shutil.copyfile(fast, built)
    apply(fast, values_and_formats_over_existing_cells())
    monkeypatch.setattr(xlsx_patch, "_append_cells", lambda *args: None)
    apply(built, values_and_formats_over_existing_cells())

    name = "xl/worksheets/sheet1.xml"
    assert cells(parts(fast)[name]) == cells(parts(built)[name])
    assert list(cells(parts(fast)[name])) == list(cells(parts(built)[name]))  # in column order
    assert parts(fast)["xl/styles.xml"] == parts(built)["xl/styles.xml"]
    written = cells(parts(fast)[name])
    assert b"<f" not in written["B3"] and b"over a formula" in written["B3"]
    assert b"between G and J" in written["H2"] and "I2" not in written
