"""Status columns: appended right of the user's columns, rewritten in place, nothing else moves."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import openpyxl
from conftest import AS_OF, check, course, school, teacher, write_workbook
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill

from jobs.methodical_work import JOB
from sheets_sync.backends.xlsx import XlsxBackend
from sheets_sync.changes import SetNote
from sheets_sync.feedback import FEEDBACK
from sheets_sync.job import run
from sheets_sync.snapshot import Span


def sheet_cells(path, title):
    sheet = openpyxl.load_workbook(path)[title]
    return {
        (c.row, c.column): c.value for row in sheet.iter_rows() for c in row if c.value is not None
    }


def user_cells(path, title, status_columns):
    return {k: v for k, v in sheet_cells(path, title).items() if k[1] not in status_columns}


def header(path, title, row=1):
    sheet = openpyxl.load_workbook(path)[title]
    return [c.value for c in sheet[row]]


def overdue_school(tmp_path):
    return school(
        tmp_path,
        [teacher("Асанова Гүлзат"), teacher("Бакиев Нурлан")],
        [course("Асанова Гүлзат", end=date(2024, 6, 1))],
    )


def test_status_columns_are_appended_right_of_the_users_columns(tmp_path):
    path = overdue_school(tmp_path)
    check(path)
    assert header(path, "Мугалимдер")[-3:] == ["Статус", "Мөөнөт", "Эскертүү"]
    assert len(header(path, "Мугалимдер")) == 11
    sheet = openpyxl.load_workbook(path)["Мугалимдер"]
    assert sheet["I2"].value == "✔"
    assert sheet["J2"].value == datetime(2029, 6, 1)  # the next PD due date, as a real date
    assert sheet["J2"].number_format == "DD.MM.YYYY"
    assert sheet["I3"].value == "✖"
    assert sheet["K3"].value.startswith("✖ ")


def test_status_columns_go_after_unlabelled_user_data_too(tmp_path):
    path = write_workbook(
        tmp_path / "x.xlsx",
        {
            "Мугалимдер": [
                ("Аты-жөнү", "Кызматы", "Телефон"),
                ("Асанова Гүлзат", "мугалим", "+996 555 000 111", None, "эскертме"),
            ],
        },
    )
    check(path)
    assert header(path, "Мугалимдер")[5:8] == ["Статус", "Мөөнөт", "Эскертүү"]
    assert openpyxl.load_workbook(path)["Мугалимдер"]["E2"].value == "эскертме"


def test_second_run_changes_no_cell_and_leaves_the_file_alone(tmp_path):
    path = overdue_school(tmp_path)
    first = check(path)
    before = path.read_bytes()
    mtime = path.stat().st_mtime_ns
    second = check(path)
    assert first.changes and not second.changes
    assert path.read_bytes() == before and path.stat().st_mtime_ns == mtime


def test_users_values_and_formulas_are_kept(tmp_path):
    path = write_workbook(
        tmp_path / "x.xlsx",
        {
            "Мугалимдер": [
                ("Аты-жөнү", "Кызматы", "Туулган жылы", "Жашы"),
                ("Асанова Гүлзат", "мугалим", 1980, "=2026-C2"),
                ("Бакиев Нурлан", "мугалим", 1990, "=2026-C3"),
            ],
            "Маалымат": [("Мектеп", "№8"), ("Эсеп", "=SUM(1,2)")],
        },
    )
    before_teachers = sheet_cells(path, "Мугалимдер")
    before_other = sheet_cells(path, "Маалымат")
    check(path)
    assert user_cells(path, "Мугалимдер", {5, 6, 7}) == before_teachers
    assert sheet_cells(path, "Маалымат") == before_other


def test_language_switch_rewrites_our_headers_without_duplicating_columns(tmp_path):
    path = overdue_school(tmp_path)
    check(path)
    check(path, language="ru")
    assert header(path, "Мугалимдер")[-3:] == ["Статус", "Срок", "Замечания"]
    check(path, language="en")
    assert header(path, "Мугалимдер")[8:] == ["Status", "Due", "Notes"]
    assert openpyxl.load_workbook(path)["Мугалимдер"]["K3"].value.startswith(
        "✖ Professional development was due"
    )
    assert not check(path, language="en").changes


def test_a_users_own_notes_column_is_never_taken_for_ours(tmp_path):
    path = write_workbook(
        tmp_path / "x.xlsx",
        {
            "Педагоги": [
                ("ФИО", "Должность", "Примечание"),
                ("Иванова Анна", "учитель", "в декрете"),
            ],
        },
    )
    check(path, language="ru")
    assert header(path, "Педагоги") == [
        "ФИО",
        "Должность",
        "Примечание",
        "Статус",
        "Срок",
        "Замечания",
    ]
    assert openpyxl.load_workbook(path)["Педагоги"]["C2"].value == "в декрете"


def test_status_of_a_row_that_became_blank_is_cleared(tmp_path):
    path = overdue_school(tmp_path)
    check(path)
    workbook = openpyxl.load_workbook(path)
    for cell in workbook["Мугалимдер"][3][:8]:
        cell.value = None
    workbook.save(path)
    result = check(path)
    cleared = {(c.ref.row, c.ref.column) for c in result.changes.cells() if c.value is None}
    assert {(3, 9), (3, 10), (3, 11)} <= cleared
    assert all(v is None for v in [c.value for c in openpyxl.load_workbook(path)["Мугалимдер"][3]])


def test_dry_run_writes_nothing_but_reports_the_changes(tmp_path):
    path = overdue_school(tmp_path)
    before = path.read_bytes()
    result = check(path, dry_run=True)
    assert result.changes and not result.applied
    assert path.read_bytes() == before


def test_out_copy_leaves_the_workbook_untouched(tmp_path):
    path = overdue_school(tmp_path)
    before = path.read_bytes()
    copy = tmp_path / "copy.xlsx"
    run(JOB, XlsxBackend(path, out=copy), as_of=AS_OF)
    assert path.read_bytes() == before
    assert header(copy, "Мугалимдер")[-3:] == ["Статус", "Мөөнөт", "Эскертүү"]


def test_formula_like_message_text_stays_text(tmp_path):
    path = school(tmp_path, [teacher("=1+1", hired_on=None)], [course("+996 555")])
    check(path)
    sheet = openpyxl.load_workbook(path)["Квалификация"]
    notes = sheet.cell(2, 12)
    assert notes.data_type == "s" and "+996 555" in notes.value


def test_new_status_columns_get_readable_widths_once(tmp_path):
    path = overdue_school(tmp_path)
    check(path)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Мугалимдер"]
    assert [sheet.column_dimensions[c].width for c in "IJK"] == [8, 12, 80]
    sheet.column_dimensions["K"].width = 40  # the school prefers it narrower
    workbook.save(path)
    assert not check(path).changes
    assert openpyxl.load_workbook(path)["Мугалимдер"].column_dimensions["K"].width == 40


# --- feedback where staff type, through the xlsx backend ---------------------------------

HIRED = "F"  # «Ишке кабыл алынган күн» of the teacher headers


def feedback_run(path, **options):
    return run(replace(JOB, feedback=FEEDBACK), XlsxBackend(path), as_of=AS_OF, **options)


def fill_of(cell) -> str | None:
    fill = cell.fill
    if fill is None or fill.fill_type != "solid":
        return None
    return str(fill.fgColor.rgb)[-6:]


def wrong_date_school(tmp_path):
    """Row 3's hiring date is not a date; row 4's teacher is overdue."""
    return school(
        tmp_path,
        [teacher("Асанова Гүлзат"), teacher("Бакиев Нурлан", hired_on="эртең"), teacher("Осмонов")],
        [
            course("Асанова Гүлзат"),
            course("Бакиев Нурлан"),
            course("Осмонов", end=date(2020, 6, 1)),
        ],
    )


def test_a_note_and_tint_appear_on_the_wrong_cell_and_go_when_it_is_fixed(tmp_path):
    path = wrong_date_school(tmp_path)
    feedback_run(path)
    sheet = openpyxl.load_workbook(path)["Мугалимдер"]
    assert sheet[f"{HIRED}3"].comment.text.startswith("✖ «Ишке кабыл алынган күн»: «эртең»")
    assert fill_of(sheet[f"{HIRED}3"]) == "FFC7CE"
    noted = {(c.row, c.column) for row in sheet.iter_rows() for c in row if c.comment}
    assert noted == {(3, 6)}
    tab = XlsxBackend(path).read().tab("Мугалимдер")
    assert set(tab.owned) == {(3, 6)} and tab.notes[(3, 6)] == tab.owned[(3, 6)].note

    workbook = openpyxl.load_workbook(path)
    workbook["Мугалимдер"][f"{HIRED}3"].value = date(2012, 9, 1)
    workbook.save(path)
    feedback_run(path)
    sheet = openpyxl.load_workbook(path)["Мугалимдер"]
    assert sheet[f"{HIRED}3"].comment is None and fill_of(sheet[f"{HIRED}3"]) is None
    tab = XlsxBackend(path).read().tab("Мугалимдер")
    assert not tab.notes and not tab.owned


def test_a_persons_notes_and_fill_survive_every_run_also_a_note_that_reads_like_ours(tmp_path):
    path = wrong_date_school(tmp_path)
    ours = next(c.text for c in feedback_run(path, dry_run=True).changes if isinstance(c, SetNote))
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Мугалимдер"]
    sheet[f"{HIRED}3"].comment = Comment(ours, "Айгүл")  # word for word what the run would say
    sheet["B2"].comment = Comment("Декреттик өргүүдө", "Айгүл")
    sheet["C4"].value = "бийчи"  # not a position: a wrong cell the school had coloured
    sheet["C4"].fill = PatternFill("solid", fgColor="FFFF00")
    workbook.save(path)
    for _ in range(2):
        feedback_run(path)
        sheet = openpyxl.load_workbook(path)["Мугалимдер"]
        assert sheet[f"{HIRED}3"].comment.text == ours
        assert sheet["B2"].comment.text == "Декреттик өргүүдө"
        assert fill_of(sheet["C4"]) == "FFFF00" and sheet["C4"].comment is None
        assert fill_of(sheet[f"{HIRED}3"]) is None  # a cell with a person's note gets no tint
    assert not XlsxBackend(path).read().tab("Мугалимдер").owned

    workbook = openpyxl.load_workbook(path)
    workbook["Мугалимдер"][f"{HIRED}3"].value = date(2012, 9, 1)  # fixed: still not ours
    workbook.save(path)
    feedback_run(path)
    sheet = openpyxl.load_workbook(path)["Мугалимдер"]
    assert sheet[f"{HIRED}3"].comment.text == ours and sheet["B2"].comment is not None


def test_status_cells_headers_and_messages_look_as_staff_should_see_them(tmp_path):
    path = wrong_date_school(tmp_path)
    workbook = openpyxl.load_workbook(path)
    workbook["Мугалимдер"].auto_filter.ref = "A1:H4"
    workbook.save(path)
    feedback_run(path)
    sheet = openpyxl.load_workbook(path)["Мугалимдер"]
    assert [fill_of(sheet[f"I{row}"]) for row in (2, 3, 4)] == ["C6EFCE", "FFC7CE", "FFC7CE"]
    assert all(sheet[f"{c}1"].font.b and fill_of(sheet[f"{c}1"]) == "D9E1F2" for c in "IJK")
    assert sheet["K3"].alignment.wrap_text and sheet["K3"].alignment.vertical == "top"
    assert sheet["J3"].number_format == "DD.MM.YYYY"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:K4"
    kinds = {v.type for v in sheet.data_validations.dataValidation}
    assert {"list", "date"} <= kinds
    tab = XlsxBackend(path).read().tab("Мугалимдер")
    assert tab.frozen_rows == 1 and tab.filter == Span(1, 1, 4, 11) and tab.layout
    assert {3, 4, 5, 6, 7, 8} <= tab.validated_columns


def test_a_rerun_with_every_feedback_writes_nothing(tmp_path):
    path = wrong_date_school(tmp_path)
    first = feedback_run(path)
    before, mtime = path.read_bytes(), path.stat().st_mtime_ns
    second = feedback_run(path)
    assert first.changes and not second.changes
    assert path.read_bytes() == before and path.stat().st_mtime_ns == mtime


def test_a_note_of_ours_a_person_edited_is_theirs_and_stays_when_the_cell_is_fixed(tmp_path):
    path = wrong_date_school(tmp_path)
    feedback_run(path)
    workbook = openpyxl.load_workbook(path)
    cell = workbook["Мугалимдер"][f"{HIRED}3"]
    edited = cell.comment.text + "\nДиректор менен сүйлөштүм. — Айгүл"
    cell.comment = Comment(edited, "Айгүл")
    cell.value = date(2012, 9, 1)
    workbook.save(path)
    for _ in range(2):
        feedback_run(path)
        assert openpyxl.load_workbook(path)["Мугалимдер"][f"{HIRED}3"].comment.text == edited
    assert not XlsxBackend(path).read().tab("Мугалимдер").owned
