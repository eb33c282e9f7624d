"""The bundled sample school: every problem shows up, nothing of the school's is touched."""

from __future__ import annotations

import json

import openpyxl
from click.testing import CliRunner
from conftest import ALL_CODES, TAB_CODES, check

from schemas.samples import DEMO_AS_OF, SAMPLE_WORKBOOK
from sheets_sync.cli import main

"""Every finding code of DOMAIN.md but for a broken tab's (missing-column, duplicate-column,
rule-skipped): the demo shows each, on a row or for a whole register."""


def cells(path, *, formulas: bool):
    workbook = openpyxl.load_workbook(path, data_only=not formulas)
    return {
        (sheet.title, cell.coordinate): cell.value
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    }


def test_demo_writes_the_workbook_and_report_and_says_where(tmp_path):
    result = CliRunner().invoke(main, ["demo", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    workbook = tmp_path / "school.xlsx"
    assert str(workbook.resolve()) in result.output
    report = json.loads((tmp_path / "report.json").read_text("utf-8"))
    codes = {f["code"] for r in report["spreadsheets"][0]["registers"] for f in r["findings"]}
    assert codes >= ALL_CODES - TAB_CODES


def test_sample_is_big_enough_and_judged_at_the_demo_date(tmp_path):
    copy = tmp_path / "school.xlsx"
    copy.write_bytes(SAMPLE_WORKBOOK.read_bytes())
    result = check(copy, as_of=DEMO_AS_OF, dry_run=True)
    teachers, courses = result.registers[:2]
    assert teachers.rows >= 40 and courses.rows >= 120
    for register in (teachers, courses):
        flagged = {f.row for f in register.findings if f.row and f.severity != "info"}
        assert len(flagged) <= register.rows / 2, register.register.id  # mostly clean rows


def test_second_run_on_the_demo_changes_nothing_and_user_cells_are_the_original(tmp_path):
    copy = tmp_path / "school.xlsx"
    copy.write_bytes(SAMPLE_WORKBOOK.read_bytes())
    first = check(copy, as_of=DEMO_AS_OF)
    second = check(copy, as_of=DEMO_AS_OF)
    assert len(first.changes) > 100 and len(second.changes) == 0

    written = {(c.ref.tab, c.ref.a1) for c in first.changes.cells()}
    for formulas in (True, False):
        original = cells(SAMPLE_WORKBOOK, formulas=formulas)
        after = cells(copy, formulas=formulas)
        assert {k: v for k, v in after.items() if k not in written} == original
