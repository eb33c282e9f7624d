"""Rows that get wrapped text of several lines are tall enough to show every line."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl

from sheets_sync.backends.xlsx import XlsxBackend
from sheets_sync.changes import CellRef, ChangeSet, SetCell, SetColumnWidth, SetStyle, Style
from sheets_sync.snapshot import Span

TAB = "Мугалимдер"
THREE_MESSAGES = "✖ Биринчи\n⚠ Экинчи\nℹ Үчүнчү"


def _workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = TAB
    for row in range(1, 6):
        sheet.cell(row, 1, f"Мугалим {row}")
    sheet.row_dimensions[3].height = 20  # a height a person chose
    sheet.row_dimensions[4].height = 90  # tall already
    book.save(path)
    return path


def _rows(path: Path) -> dict[int, str]:
    with zipfile.ZipFile(path) as package:
        xml = package.read("xl/worksheets/sheet1.xml").decode()
    return {
        int(number): attributes for number, attributes in re.findall(r'<row r="(\d+)"([^>]*)>', xml)
    }


def _write(path: Path, *changes) -> None:
    backend = XlsxBackend(path)
    backend.apply(backend.read(), ChangeSet(tuple(changes)))


def test_a_row_with_three_wrapped_messages_is_given_three_lines_of_height(tmp_path):
    path = _workbook(tmp_path / "school.xlsx")
    _write(
        path,
        SetColumnWidth(TAB, 2, 40),
        SetStyle(TAB, Span(2, 2, 5, 2), Style(wrap=True, top=True)),
        *(SetCell(CellRef(TAB, row, 2), THREE_MESSAGES) for row in (2, 3, 4)),
        SetCell(CellRef(TAB, 5, 2), "✔ бир сап"),
    )
    rows = _rows(path)

    assert 'ht="45"' in rows[2] and "customHeight" not in rows[2]  # automatic, as Excel fits
    assert 'ht="20"' in rows[3] and 'customHeight="1"' in rows[3]  # the person's height stays
    assert 'ht="90"' in rows[4]  # never lowered
    assert "ht=" not in rows[5]  # one line needs nothing
    sheet = openpyxl.load_workbook(path)[TAB]
    assert sheet.row_dimensions[2].height == 45
    assert sheet["B2"].value == THREE_MESSAGES


def test_a_long_message_counts_the_lines_its_column_wraps_it_into(tmp_path):
    path = _workbook(tmp_path / "school.xlsx")
    _write(
        path,
        SetColumnWidth(TAB, 2, 11),
        SetStyle(TAB, Span(2, 2, 2, 2), Style(wrap=True)),
        SetCell(CellRef(TAB, 2, 2), "x" * 25),  # 10 characters a line: three lines
    )
    assert 'ht="45"' in _rows(path)[2]


def test_text_that_does_not_wrap_leaves_the_row_as_it_was(tmp_path):
    path = _workbook(tmp_path / "school.xlsx")
    _write(path, SetCell(CellRef(TAB, 2, 2), THREE_MESSAGES))
    assert "ht=" not in _rows(path)[2]


def test_a_cell_styled_to_wrap_by_an_earlier_run_still_fits_its_row(tmp_path):
    path = _workbook(tmp_path / "school.xlsx")
    _write(
        path,
        SetColumnWidth(TAB, 2, 40),
        SetStyle(TAB, Span(2, 2, 2, 2), Style(wrap=True)),
        SetCell(CellRef(TAB, 2, 2), "✔"),
    )
    _write(path, SetCell(CellRef(TAB, 2, 2), THREE_MESSAGES))  # the style is not sent again
    assert 'ht="45"' in _rows(path)[2]
