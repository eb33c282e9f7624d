"""The toolkit knows its status columns and summary tabs only by the marks it wrote: a school's
own «Статус | Срок | Замечания», "Status | Due | Notes" or a tab whose A1 reads "Sheets sync…"
is never taken; what an earlier version wrote is adopted once; a summary tab keeps its title.

Real xlsx files written by openpyxl and checked by the xlsx backend; Google through the
emulator over a real socket.
"""

from __future__ import annotations

from datetime import date, datetime

import openpyxl
import pytest
from conftest import AS_OF, JOB, check, course, school, teacher, write_workbook
from test_google_backend import seed, xlsx_tabs

from sheets_sync.backends.google import GoogleSheetsBackend
from sheets_sync.backends.xlsx import XlsxBackend
from sheets_sync.changes import MarkColumn, MarkTab
from sheets_sync.emulator import Emulator, Formula
from sheets_sync.job import run
from sheets_sync.statuses import place_status_columns

TEACHERS = "Мугалимдер"
HEADERS = ["ID", "Аты-жөнү", "Кызматы", "Билими", "Педстажы качантан", "Ишке кирген күнү"]


def teachers_tab(path):
    return openpyxl.load_workbook(path)[TEACHERS]


def header(path):
    return [cell.value for cell in teachers_tab(path)[1]]


def school_with_columns(tmp_path, extra_header, first_extra, second_extra, **options):
    path = school(tmp_path, [teacher("Асанова Гүлзат"), teacher("Бакиев Нурлан", hired_on=None)])
    workbook = openpyxl.load_workbook(path)
    sheet = workbook[TEACHERS]
    start = sheet.max_column + 1 + options.get("gap", 0)
    for offset, (top, one, two) in enumerate(
        zip(extra_header, first_extra, second_extra, strict=True)
    ):
        sheet.cell(1, start + offset, top)
        sheet.cell(2, start + offset, one)
        sheet.cell(3, start + offset, two)
    workbook.save(path)
    return path, start


@pytest.mark.parametrize(
    "words",
    [
        ("Статус", "Срок", "Замечания"),
        ("Status", "Due", "Notes"),
        ("STATUS", "due", "notes"),
        ("Статус", "Мөөнөт", "Эскертүү"),
    ],
)
def test_a_schools_own_status_columns_are_never_taken(tmp_path, words):
    own = (("сдал", "нет"), ("к пятнице", date(2026, 12, 1)), ("позвонить", "уточнить"))
    path, start = school_with_columns(
        tmp_path, words, [own[0][0], own[1][0], own[2][0]], [own[0][1], own[1][1], own[2][1]]
    )
    check(path)
    sheet = teachers_tab(path)
    assert [sheet.cell(1, start + n).value for n in range(3)] == list(words)
    assert [sheet.cell(2, start + n).value for n in range(3)] == ["сдал", "к пятнице", "позвонить"]
    assert sheet.cell(3, start + 1).value == datetime(2026, 12, 1)
    assert header(path)[start + 2 : start + 5] == ["Статус", "Мөөнөт", "Эскертүү"]
    assert sheet.cell(3, start + 3).value == "✖"


def test_marked_columns_are_found_again_and_a_rerun_changes_nothing(tmp_path):
    path = school(tmp_path, [teacher("Асанова Гүлзат")], [course("Асанова Гүлзат")])
    first = check(path)
    marks = [c for c in first.changes if isinstance(c, MarkColumn) and c.tab == TEACHERS]
    assert [(m.column, m.key) for m in marks] == [(9, "status"), (10, "due"), (11, "notes")]
    tab = XlsxBackend(path).read().tab(TEACHERS)
    assert dict(tab.column_marks) == {"status": 9, "due": 10, "notes": 11}
    assert not check(path).changes


def test_marked_columns_renamed_by_staff_stay_ours(tmp_path):
    path = school(tmp_path, [teacher("Асанова Гүлзат")], [course("Асанова Гүлзат")])
    check(path)
    workbook = openpyxl.load_workbook(path)
    workbook[TEACHERS]["I1"] = "Менин статусум"  # a person renames our header
    workbook.save(path)
    result = check(path)
    assert teachers_tab(path)["I1"].value == "Статус"
    assert len(header(path)) == 11 and not any(isinstance(c, MarkColumn) for c in result.changes)


def test_an_earlier_versions_status_columns_are_adopted_once(tmp_path):
    path, start = school_with_columns(
        tmp_path,
        ("Статус", "Мөөнөт", "Эскертүү"),
        ["✔", datetime(2029, 6, 1), None],
        ["✖", None, "✖ «Ишке кирген күнү» бош.\n⚠ эски эскертүү"],
    )
    result = check(path)
    adopted = [(c.column, c.key) for c in result.changes if isinstance(c, MarkColumn)]
    assert (start, "status") in adopted and (start + 2, "notes") in adopted
    assert len(header(path)) == start + 2  # no second set of columns
    assert teachers_tab(path).cell(3, start).value == "✖"
    assert not check(path).changes


@pytest.mark.parametrize(
    ("status", "due", "notes"),
    [
        ("OK", None, None),  # a word in the status column
        ("✔", "next week", None),  # text in the due column
        ("✔", None, "call the parents"),  # a note without a severity glyph
        ("✔", None, "✖ ours\nbut this line is theirs"),
    ],
)
def test_earlier_looking_columns_with_the_schools_content_are_not_adopted(
    tmp_path, status, due, notes
):
    path, start = school_with_columns(
        tmp_path, ("Статус", "Мөөнөт", "Эскертүү"), [status, due, notes], ["✔", None, None]
    )
    check(path)
    sheet = teachers_tab(path)
    assert [sheet.cell(2, start + n).value for n in range(3)] == [status, due, notes]
    assert header(path)[start + 2 : start + 5] == ["Статус", "Мөөнөт", "Эскертүү"]


def test_status_columns_go_right_of_a_formula_showing_nothing(tmp_path):
    path = school(tmp_path, [teacher("Асанова Гүлзат")])
    workbook = openpyxl.load_workbook(path)
    workbook[TEACHERS]["J2"] = '=IF(A2="","x","")'  # no header, shows ""
    workbook.save(path)
    check(path)
    sheet = teachers_tab(path)
    assert sheet["J2"].value == '=IF(A2="","x","")'
    assert [sheet.cell(1, c).value for c in (11, 12, 13)] == ["Статус", "Мөөнөт", "Эскертүү"]


# -- summary tabs ----------------------------------------------------------------------------


def test_a_language_switch_keeps_the_title_so_the_schools_formulas_still_point_at_it(tmp_path):
    path = school(tmp_path, [teacher("Асанова Гүлзат")], [course("Асанова Гүлзат")])
    check(path)
    workbook = openpyxl.load_workbook(path)
    workbook.create_sheet("Отчёт")["A1"] = "='Жыйынтык'!A1"
    workbook.save(path)
    result = check(path, language="en")
    names = openpyxl.load_workbook(path).sheetnames
    assert "Жыйынтык" in names and "Мөөнөттөр" in names and "Summary" not in names
    assert openpyxl.load_workbook(path)["Жыйынтык"]["A1"].value == "sheets-sync · Summary"
    assert openpyxl.load_workbook(path)["Отчёт"]["A1"].value == "='Жыйынтык'!A1"
    assert not [c for c in result.changes if type(c).__name__ == "RenameTab"]
    assert not check(path, language="en").changes


def test_a_renamed_summary_tab_is_still_ours(tmp_path):
    path = school(tmp_path, [teacher("Асанова Гүлзат")], [course("Асанова Гүлзат")])
    check(path)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Жыйынтык"]
    sheet.title = "Биздин жыйынтык"
    for name in sheet.defined_names.values():  # Excel moves references with the tab; openpyxl not
        name.attr_text = name.attr_text.replace("'Жыйынтык'", "'Биздин жыйынтык'")
    workbook.save(path)
    check(path)
    names = openpyxl.load_workbook(path).sheetnames
    assert "Биздин жыйынтык" in names and "Жыйынтык" not in names


@pytest.mark.parametrize(
    "a1", ["Sheets sync report", "sheets-sync · Итоги", "SHEETS-SYNC · Жыйынтык"]
)
def test_a_schools_tab_that_looks_like_a_summary_is_never_taken(tmp_path, a1):
    path = write_workbook(
        tmp_path / "x.xlsx",
        {
            TEACHERS: [
                HEADERS,
                ["1", "Асанова Гүлзат", "мугалим", "жогорку", 2001, date(2010, 9, 1)],
            ],
            "Жыйынтык": [[a1], ["биздин маанилүү сан", 42]],
        },
    )
    result = check(path)
    sheet = openpyxl.load_workbook(path)["Жыйынтык"]
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        [a1, None],
        ["биздин маанилүү сан", 42],
    ]
    assert [f.params["tab"] for f in result.findings() if f.code == "summary-tab-taken"] == [
        "Жыйынтык"
    ]
    assert XlsxBackend(path).read().tab("Жыйынтык").mark is None


def test_an_earlier_versions_summary_tab_is_adopted_once(tmp_path):
    path = write_workbook(
        tmp_path / "x.xlsx",
        {
            TEACHERS: [
                HEADERS,
                ["1", "Асанова Гүлзат", "мугалим", "жогорку", 2001, date(2010, 9, 1)],
            ],
            "Итоги": [["sheets-sync · Итоги"], ["старое", 1]],
        },
    )
    result = check(path)
    assert MarkTab("Итоги", "summary_overview") in result.changes.changes
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames.count("Итоги") == 1 and "Жыйынтык" not in workbook.sheetnames
    assert workbook["Итоги"]["A1"].value == "sheets-sync · Жыйынтык"
    assert XlsxBackend(path).read().tab("Итоги").mark == "summary_overview"
    assert not check(path).changes


def test_placement_prefers_marks_over_any_header_words(tmp_path):
    path = school(tmp_path, [teacher("Асанова Гүлзат")])
    check(path)
    tab = XlsxBackend(path).read().tab(TEACHERS)
    assert place_status_columns(tab, 1).columns.all == (9, 10, 11)
    assert place_status_columns(tab, 1).marks == ()


# -- Google ----------------------------------------------------------------------------------


@pytest.fixture
def emu():
    with Emulator() as emulator:
        yield emulator


def google(emu, sid):
    return GoogleSheetsBackend(sid, credentials="none", endpoint=emu.url)


def test_google_a_schools_own_status_columns_are_never_taken_and_a_rerun_costs_one_call(
    emu, tmp_path
):
    path, start = school_with_columns(
        tmp_path, ("Status", "Due", "Notes"), ["done", "Friday", "call"], ["no", None, "ask"]
    )
    sid = seed(emu, path)
    run(JOB, google(emu, sid), as_of=AS_OF)
    rows = emu.values(sid, TEACHERS)
    assert rows[0][start - 1 : start + 5] == [
        "Status",
        "Due",
        "Notes",
        "Статус",
        "Мөөнөт",
        "Эскертүү",
    ]
    assert rows[1][start - 1 : start + 2] == ["done", "Friday", "call"]
    emu.clear_log()
    assert not run(JOB, google(emu, sid), as_of=AS_OF).changes
    assert len([r for r in emu.requests if r.path.startswith("/v4/")]) == 1


def test_google_a_language_switch_keeps_the_summary_tabs_title(emu, tmp_path):
    sid = seed(emu, school(tmp_path, [teacher("Асанова Гүлзат")], [course("Асанова Гүлзат")]))
    run(JOB, google(emu, sid), as_of=AS_OF)
    run(JOB, google(emu, sid), as_of=AS_OF, language="ru")
    titles = emu.sheet_titles(sid)
    assert "Жыйынтык" in titles and "Итоги" not in titles
    assert emu.values(sid, "Жыйынтык")[0][0] == "sheets-sync · Итоги"
    assert not run(JOB, google(emu, sid), as_of=AS_OF, language="ru").changes


def test_google_a_merge_over_the_status_cells_is_a_finding_and_the_rest_is_written(emu, tmp_path):
    sid = seed(emu, school(tmp_path, [teacher("Асанова Гүлзат")], [course("Асанова Гүлзат")]))

    def merge(book):
        sheet = book.sheet(TEACHERS)
        sheet.merges.append(
            {
                "sheetId": sheet.sheet_id,
                "startRowIndex": 0,
                "endRowIndex": 1,
                "startColumnIndex": 8,
                "endColumnIndex": 10,
            }
        )

    emu.mutate(sid, merge)
    result = run(JOB, google(emu, sid), as_of=AS_OF, language="en")
    assert [f.code for f in result.incomplete] == ["status-cells-merged"]
    assert len(emu.values(sid, TEACHERS)[0]) == 8
    assert emu.values(sid, "Квалификация")[0][9] == "Status"


def test_google_status_columns_go_right_of_a_formula_showing_nothing(emu, tmp_path):
    path = school(tmp_path, [teacher("Асанова Гүлзат")])
    tabs = xlsx_tabs(path)
    tabs[TEACHERS][1] = [*tabs[TEACHERS][1], None, Formula('=IF(A2="","x","")')]
    sid = emu.create_spreadsheet("Мектеп", tabs=tabs)
    run(JOB, google(emu, sid), as_of=AS_OF)
    header = emu.values(sid, TEACHERS)[0]
    assert header[10:13] == ["Статус", "Мөөнөт", "Эскертүү"]
    assert emu.cell_data(sid, TEACHERS, "J2")["userEnteredValue"] == {
        "formulaValue": '=IF(A2="","x","")'
    }
