"""Layouts the status columns cannot use are one finding each, never a crash; text is cut.

Snapshots are read from real workbooks; the layout a backend reports (merged ranges, the
column limit, cells a formula showing "" occupies) is set on the read tab, and ``plan`` turns
it into findings and a change set exactly as a run (or a dry run) would.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date

import openpyxl
from click.testing import CliRunner
from conftest import AS_OF, JOB, check, course, school, teacher

from sheets_sync.backends.xlsx import XlsxBackend
from sheets_sync.cli import main
from sheets_sync.job import plan
from sheets_sync.layout import MAX_CELL_TEXT, fit_text
from sheets_sync.snapshot import Snapshot, Span

TEACHERS, COURSES = "Мугалимдер", "Квалификация"


def snapshot_of(path, **layout):
    """The workbook as the xlsx backend read it, the teachers tab given ``layout``."""
    snapshot = XlsxBackend(path).read()
    tabs = dict(snapshot.tabs)
    tabs[TEACHERS] = dataclasses.replace(tabs[TEACHERS], **layout)
    return Snapshot(snapshot.source, tabs, snapshot.revision)


def planned(snapshot, language="en"):
    return plan(JOB, snapshot, as_of=AS_OF, language=language)


def workbook(tmp_path):
    return school(
        tmp_path,
        [teacher("Асанова Гүлзат"), teacher("Бакиев Нурлан")],
        [course("Асанова Гүлзат", end=date(2024, 6, 1))],
    )


def cells_on(result, title):
    return [change for change in result.changes.cells() if change.ref.tab == title]


def rendered(result, code, language="en"):
    [finding] = [f for f in result.findings() if f.code == code]
    return JOB.catalog(language).finding(finding, JOB.register_map)


def test_a_merged_cell_over_the_status_header_is_one_finding_and_only_that_tab_is_skipped(
    tmp_path,
):
    # Eight user columns: the status columns would go to I..K; I1:J1 is merged.
    result = planned(snapshot_of(workbook(tmp_path), merged=(Span(1, 9, 1, 10),)))
    text = rendered(result, "status-cells-merged")
    assert f"«{TEACHERS}»" in text and "I1" in text and "I1:J1" in text and "Unmerge" in text
    assert [f.code for f in result.incomplete] == ["status-cells-merged"]
    assert cells_on(result, TEACHERS) == []
    assert cells_on(result, COURSES)  # the rest of the workbook is still written


def test_a_merge_across_a_data_row_blocks_the_status_cells_of_that_row(tmp_path):
    result = planned(snapshot_of(workbook(tmp_path), merged=(Span(3, 1, 3, 11),)))
    [finding] = result.incomplete
    assert finding.params["cell"] == "I3" and finding.register == "teachers"
    assert cells_on(result, TEACHERS) == []


def test_merges_away_from_the_status_cells_change_nothing(tmp_path):
    path = workbook(tmp_path)
    plain = planned(snapshot_of(path))
    merged = planned(snapshot_of(path, merged=(Span(2, 1, 3, 1), Span(1, 20, 5, 22))))
    assert merged.incomplete == [] and merged.changes == plain.changes


def test_a_tab_with_no_free_column_left_is_one_finding_naming_its_last_column(tmp_path):
    result = planned(snapshot_of(workbook(tmp_path), max_columns=9), language="ru")
    text = rendered(result, "status-cells-no-room", language="ru")
    assert f"«{TEACHERS}»" in text and "I1" in text and "столбц" in text
    assert cells_on(result, TEACHERS) == []
    assert cells_on(result, COURSES)


def test_exactly_enough_room_is_enough(tmp_path):
    result = planned(snapshot_of(workbook(tmp_path), max_columns=11))
    assert result.incomplete == []
    assert {change.ref.column for change in cells_on(result, TEACHERS)} == {9, 10, 11}


def test_new_status_columns_go_right_of_cells_a_formula_showing_nothing_occupies(tmp_path):
    result = planned(snapshot_of(workbook(tmp_path), used_width=10))
    headers = {c.ref.column: c.value for c in cells_on(result, TEACHERS) if c.ref.row == 1}
    assert headers == {11: "Status", 12: "Due", 13: "Notes"}


def test_a_dry_run_reports_the_same_refusal_as_a_run(tmp_path):
    snapshot = snapshot_of(workbook(tmp_path), merged=(Span(1, 9, 1, 10),))
    assert planned(snapshot).changes == planned(snapshot).changes
    assert [f.code for f in planned(snapshot).findings() if f.code.startswith("status-")] == [
        "status-cells-merged"
    ]


def test_text_longer_than_a_cell_holds_is_cut_with_an_ellipsis():
    cut = fit_text("x" * (MAX_CELL_TEXT + 5))
    assert isinstance(cut, str) and len(cut) == MAX_CELL_TEXT and cut.endswith("x…")
    assert fit_text("short") == "short" and fit_text(42) == 42


def test_a_cell_of_32700_characters_still_gets_its_row_a_status_and_a_cut_note(tmp_path):
    # The bad date is echoed in the note, which would then overflow the cell.
    long_value = "дата " * 6_540
    path = school(tmp_path, [teacher("Асанова Гүлзат", hired_on=long_value)], [])
    result = check(path)
    assert result.applied and result.ok
    sheet = openpyxl.load_workbook(path)[TEACHERS]
    note = sheet["K2"].value
    assert sheet["I2"].value == "✖" and len(note) <= MAX_CELL_TEXT
    assert note.startswith("✖ ") and note.endswith("…")


# -- through the real backend and the command line -------------------------------------------


def merged_workbook(tmp_path, cells="I1:J1", name="school.xlsx"):
    path = school(
        tmp_path,
        [teacher("Асанова Гүлзат"), teacher("Бакиев Нурлан")],
        [course("Асанова Гүлзат", end=date(2024, 6, 1))],
        name=name,
    )
    workbook = openpyxl.load_workbook(path)
    workbook[TEACHERS].merge_cells(cells)
    workbook.save(path)
    return path


def test_a_merged_cell_in_a_real_workbook_is_a_finding_and_the_rest_is_written(tmp_path):
    path = merged_workbook(tmp_path)
    result = check(path, language="en")
    assert result.ok and [f.code for f in result.incomplete] == ["status-cells-merged"]
    workbook = openpyxl.load_workbook(path)
    assert workbook[TEACHERS]["I2"].value is None and workbook[TEACHERS]["K1"].value is None
    assert workbook[COURSES]["J1"].value == "Status"


def test_a_value_in_the_last_column_leaves_no_room_and_is_a_finding(tmp_path):
    path = workbook(tmp_path)
    book = openpyxl.load_workbook(path)
    book[TEACHERS]["XFD1"] = "the last column"
    book.save(path)
    result = check(path, language="en")
    assert [f.code for f in result.incomplete] == ["status-cells-no-room"]
    assert "XFD1" in rendered(result, "status-cells-no-room")
    assert openpyxl.load_workbook(path)[COURSES]["J1"].value == "Status"


def test_the_command_line_dry_run_and_run_report_the_same_refusal_and_go_on(tmp_path):
    blocked = merged_workbook(tmp_path, "J3:K3", name="blocked.xlsx")
    (tmp_path / "good").mkdir()
    good = workbook(tmp_path / "good")
    report = tmp_path / "report.json"
    args = ["run", "--xlsx", str(blocked), "--xlsx", str(good), "--language", "en"]
    before = blocked.read_bytes()
    dry = CliRunner().invoke(main, [*args, "--dry-run"])
    assert blocked.read_bytes() == before
    real = CliRunner().invoke(main, [*args, "--report-json", str(report)])
    for result in (dry, real):
        assert result.exit_code == 3, result.output
        assert "cell J3 is inside the merged range J3:K3" in result.output
    assert openpyxl.load_workbook(good)[TEACHERS]["I1"].value == "Status"
    codes = [
        finding["code"]
        for sheet in json.loads(report.read_text("utf-8"))["spreadsheets"]
        for register in sheet["registers"]
        for finding in register["findings"]
    ]
    assert codes.count("status-cells-merged") == 1
