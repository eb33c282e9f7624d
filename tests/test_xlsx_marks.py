"""The xlsx backend's view of a tab beyond its values: marks, used width, merges, limits.

Workbooks in tests/fixtures/xlsx were marked by the backend and then edited and saved by
LibreOffice (see make_fixtures.py there); others are built here with openpyxl and, where a
person's or Excel's edit is needed, by editing the XML the way Excel stores it.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.workbook.defined_name import DefinedName

from sheets_sync.backends.xlsx import XlsxBackend
from sheets_sync.changes import AddTab, CellRef, ChangeSet, MarkColumn, MarkTab, SetCell
from sheets_sync.errors import WorkbookEncrypted
from sheets_sync.snapshot import Span

FIXTURES = Path(__file__).parent / "fixtures" / "xlsx"
TEACHERS = "Мугалимдер"
SUMMARY = "Жыйынтык"


def register(path: Path) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = TEACHERS
    sheet.append(["Аты-жөнү", "Категория", "Статус", "Мөөнөт", "Эскертүү"])
    sheet.append(["Асанова", "жогорку", "✔"])
    workbook.create_sheet("Тизмелер")
    workbook.save(path)
    return path


def apply(path: Path, *changes: object) -> None:
    backend = XlsxBackend(path)
    backend.apply(backend.read(), ChangeSet(tuple(changes)))  # type: ignore[arg-type]


def edit_workbook_xml(path: Path, old: str, new: str) -> None:
    with zipfile.ZipFile(path) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    text = parts["xl/workbook.xml"].decode()
    assert old in text, old
    parts["xl/workbook.xml"] = text.replace(old, new).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)


def defined_names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as package:
        return re.findall(
            r"<definedName [^>]*>[^<]*</definedName>", package.read("xl/workbook.xml").decode()
        )


# -- marks written and read back -------------------------------------------------------------


def test_column_and_tab_marks_written_by_apply_are_read_back(tmp_path: Path) -> None:
    path = register(tmp_path / "register.xlsx")

    apply(
        path,
        AddTab(SUMMARY),
        MarkColumn(TEACHERS, 3, "status"),
        MarkColumn(TEACHERS, 4, "due"),
        MarkTab(SUMMARY, "summary_overview"),
    )
    snapshot = XlsxBackend(path).read()

    assert snapshot.tab(TEACHERS).column_marks == {"status": 3, "due": 4}
    assert snapshot.tab(TEACHERS).mark is None
    assert snapshot.tab(SUMMARY).mark == "summary_overview"
    assert snapshot.tab(SUMMARY).column_marks == {}
    assert snapshot.tab("Тизмелер").column_marks == {} and snapshot.tab("Тизмелер").mark is None


def test_marks_are_hidden_sheet_scoped_names_on_whole_columns(tmp_path: Path) -> None:
    path = register(tmp_path / "register.xlsx")

    apply(path, MarkColumn(TEACHERS, 3, "status"), MarkTab("Тизмелер", "lists"))

    names = defined_names(path)
    assert any(
        'name="_sheets_sync_col_status"' in name
        and 'localSheetId="0"' in name
        and 'hidden="1"' in name
        and f">'{TEACHERS}'!$C:$C<" in name
        for name in names
    ), names
    assert any('localSheetId="1"' in name and "'Тизмелер'!$1:$1048576" in name for name in names)


def test_marking_a_key_again_moves_the_mark_and_leaves_one_name(tmp_path: Path) -> None:
    path = register(tmp_path / "register.xlsx")
    apply(path, MarkColumn(TEACHERS, 3, "status"), MarkTab(TEACHERS, "old_key"))

    apply(path, MarkColumn(TEACHERS, 9, "status"), MarkTab(TEACHERS, "new_key"))
    tab = XlsxBackend(path).read().tab(TEACHERS)

    assert tab.column_marks == {"status": 9}
    assert tab.mark == "new_key"
    assert len(defined_names(path)) == 2


def test_marks_come_with_the_cells_in_one_write(tmp_path: Path) -> None:
    path = register(tmp_path / "register.xlsx")

    apply(path, SetCell(CellRef(TEACHERS, 1, 6), "Статус"), MarkColumn(TEACHERS, 6, "status"))
    tab = XlsxBackend(path).read().tab(TEACHERS)

    assert tab.value(1, 6) == "Статус" and tab.column_marks == {"status": 6}


@pytest.mark.parametrize(
    "change",
    [MarkColumn(TEACHERS, 3, "Status"), MarkColumn(TEACHERS, 0, "status"), MarkTab("Жок", "x")],
    ids=["key-not-lower-case", "column-zero", "no-such-tab"],
)
def test_a_bad_mark_is_refused_before_anything_is_written(tmp_path: Path, change: object) -> None:
    path = register(tmp_path / "register.xlsx")
    before = path.read_bytes()

    with pytest.raises(ValueError):
        apply(path, SetCell(CellRef(TEACHERS, 2, 5), "x"), change)

    assert path.read_bytes() == before


# -- marks follow a person's edits -----------------------------------------------------------


def test_marks_move_with_their_columns_when_libreoffice_inserts_a_column_before_them() -> None:
    # Fixture: statuses in E:G, then in Calc a column inserted before B, the summary renamed.
    snapshot = XlsxBackend(FIXTURES / "marks-column-inserted.xlsx").read()

    teachers = snapshot.tab(TEACHERS)
    assert teachers.column_marks == {"status": 6, "due": 7, "notes": 8}
    assert teachers.value(1, 6) == "Статус"
    assert list(snapshot.tabs) == [TEACHERS, "Итоги"]
    assert snapshot.tab("Итоги").mark == "summary_overview"


def test_a_mark_whose_column_libreoffice_deleted_is_gone_and_the_others_move() -> None:
    snapshot = XlsxBackend(FIXTURES / "marks-column-deleted.xlsx").read()

    assert snapshot.tab(TEACHERS).column_marks == {"due": 5, "notes": 6}
    assert snapshot.tab(SUMMARY).mark == "summary_overview"


def test_marks_read_from_the_references_excel_writes_after_an_insert_and_a_delete(
    tmp_path: Path,
) -> None:
    path = tmp_path / "register.xlsx"
    shutil.copyfile(FIXTURES / "marks-openpyxl.xlsx", path)
    # Excel after inserting a column before B, and after deleting the notes column.
    edit_workbook_xml(path, f"'{TEACHERS}'!$E:$E", f"'{TEACHERS}'!$F:$F")
    edit_workbook_xml(path, f"'{TEACHERS}'!$G:$G", f"'{TEACHERS}'!#REF!")

    tab = XlsxBackend(path).read().tab(TEACHERS)

    assert tab.column_marks == {"status": 6, "due": 6}


# -- what is not a mark ----------------------------------------------------------------------


def test_a_header_in_the_toolkits_words_is_no_mark(tmp_path: Path) -> None:
    snapshot = XlsxBackend(register(tmp_path / "register.xlsx")).read()

    assert snapshot.tab(TEACHERS).value(1, 3) == "Статус"
    assert snapshot.tab(TEACHERS).column_marks == {} and snapshot.tab(TEACHERS).mark is None


@pytest.mark.parametrize(
    ("name", "text", "local"),
    [
        ("_sheets_sync_col_status", f"'{TEACHERS}'!$C:$C", False),  # workbook scope
        ("_sheets_sync_col_status", "'Тизмелер'!$C:$C", True),  # another sheet's column
        ("_sheets_sync_col_status", f"'{TEACHERS}'!C:C", True),  # relative
        ("_sheets_sync_col_status", f"'{TEACHERS}'!$C$2:$C$40", True),  # not the whole column
        ("_sheets_sync_col_status", f"'{TEACHERS}'!$C:$D", True),  # two columns
        ("sheets_sync_col_status", f"'{TEACHERS}'!$C:$C", True),  # another prefix
        ("Статус", f"'{TEACHERS}'!$C:$C", True),
        ("_sheets_sync_col_Status", f"'{TEACHERS}'!$C:$C", True),  # not the toolkit's alphabet
        ("_sheets_sync_tab_summary", f"'{TEACHERS}'!$A$1", True),  # a cell, not the sheet
    ],
)
def test_a_persons_look_alike_name_is_no_mark(
    tmp_path: Path, name: str, text: str, local: bool
) -> None:
    path = tmp_path / "register.xlsx"
    workbook = openpyxl.load_workbook(register(path))
    target = workbook[TEACHERS].defined_names if local else workbook.defined_names
    target[name] = DefinedName(name, attr_text=text)
    workbook.save(path)

    tab = XlsxBackend(path).read().tab(TEACHERS)

    assert tab.column_marks == {} and tab.mark is None


# -- used width, merges, limits --------------------------------------------------------------


def test_a_formula_whose_result_is_empty_text_counts_as_used(tmp_path: Path) -> None:
    path = tmp_path / "helper.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["a", "b"])
    sheet["H2"] = '=IF(A2="x",1,"")'
    sheet["K3"].font = openpyxl.styles.Font(bold=True)  # a style alone is not content
    sheet.merge_cells("B4:D5")
    workbook.save(path)

    tab = XlsxBackend(path).read().tab("Sheet")

    assert tab.width == 2
    assert tab.used_width == 8 and tab.occupied_width == 8
    assert tab.merged == (Span(4, 2, 5, 4),)
    assert tab.max_columns == 16_384


def test_a_password_protected_workbook_is_named_as_such(tmp_path: Path) -> None:
    # What Excel writes for "Encrypt with password": an OLE compound file holding the
    # EncryptionInfo and EncryptedPackage streams, not a zip.
    path = tmp_path / "locked.xlsx"
    header = bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504)
    directory = "".join(
        name.ljust(32, "\0") + "\0" * 96
        for name in ("Root Entry", "EncryptionInfo", "EncryptedPackage")
    ).encode("utf-16-le")
    path.write_bytes(header + directory)

    with pytest.raises(WorkbookEncrypted) as raised:
        XlsxBackend(path).read()

    assert raised.value.params == {"path": str(path)}


@pytest.mark.parametrize("language", ["ky", "ru", "en"])
def test_the_password_message_names_the_file_and_the_fix_in_each_language(language: str) -> None:
    from sheets_sync.messages import Catalog

    text = WorkbookEncrypted(path="мектеп.xlsx").render(Catalog.load(language))

    assert "мектеп.xlsx" in text and "zip" not in text
    assert {"ky": "сырсөз", "ru": "парол", "en": "password"}[language] in text.lower()
