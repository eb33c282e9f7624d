"""Summary tabs: created once, rebuilt in place, never grown, never over a school's own tab."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import openpyxl
from conftest import AS_OF, school, teacher, write_workbook

from jobs.methodical_work import JOB
from sheets_sync.backends.xlsx import XlsxBackend
from sheets_sync.fields import Column
from sheets_sync.job import Overview, run
from sheets_sync.summaries import SummaryTab

TITLES = Column("Жыйынтык", "Итоги", "Summary")


def job_with(rows_of):
    def build(overview: Overview) -> SummaryTab:
        return SummaryTab(TITLES, rows_of(overview))

    return dataclasses.replace(JOB, summaries=(build,))


def counts(overview: Overview):
    return [
        ["as of", overview.as_of],
        *[[r.register.id, r.rows] for r in overview.results.values()],
    ]


def go(path, job, **options):
    return run(job, XlsxBackend(path), as_of=AS_OF, **options)


def test_summary_tab_is_added_with_its_marker_and_rows(tmp_path):
    path = school(tmp_path, [teacher("Асанова Гүлзат"), teacher("Бакиев Нурлан")])
    go(path, job_with(counts))
    sheet = openpyxl.load_workbook(path)["Жыйынтык"]
    assert sheet["A1"].value == "sheets-sync · Жыйынтык"
    assert [[c.value for c in row] for row in sheet.iter_rows(min_row=3)] == [
        ["teachers", 2],
        ["pd_courses", 0],
        *[[register.id, 0] for register in JOB.registers[2:]],
    ]
    assert sheet["B2"].value.date() == AS_OF


def test_rerun_rebuilds_nothing_when_nothing_changed(tmp_path):
    path = school(tmp_path, [teacher("Асанова Гүлзат")])
    go(path, job_with(counts))
    assert not go(path, job_with(counts)).changes


def test_shorter_content_clears_the_rest_and_the_workbook_does_not_grow(tmp_path):
    path = school(tmp_path, [teacher("Асанова Гүлзат")])
    go(path, job_with(lambda o: [[f"r{n}", n, "x"] for n in range(30)]))
    go(path, job_with(lambda o: [["only", 1]]))
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Жыйынтык"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert [v for row in values for v in row if v is not None] == [
        "sheets-sync · Жыйынтык",
        "only",
        1,
    ]
    assert workbook.sheetnames.count("Жыйынтык") == 1 and len(workbook.sheetnames) == 3


def test_a_schools_own_tab_with_the_same_name_is_never_written(tmp_path):
    path = write_workbook(
        tmp_path / "x.xlsx",
        {
            "Мугалимдер": [("Аты-жөнү", "Кызматы"), ("Асанова Гүлзат", "мугалим")],
            "Жыйынтык": [("Биздин жыйынтык",), ("маанилүү",)],
        },
    )
    result = go(path, job_with(counts))
    sheet = openpyxl.load_workbook(path)["Жыйынтык"]
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["Биздин жыйынтык"],
        ["маанилүү"],
    ]
    taken = [f for f in result.findings() if f.code == "summary-tab-taken"]
    assert [(f.register, f.row, f.params["tab"]) for f in taken] == [("teachers", None, "Жыйынтык")]


def test_language_switch_keeps_the_summary_tabs_title_and_rewrites_its_content(tmp_path):
    path = school(tmp_path, [teacher("Асанова Гүлзат")])
    go(path, job_with(counts))
    go(path, job_with(counts), language="ru")
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["Мугалимдер", "Квалификация", "Жыйынтык"]
    assert workbook["Жыйынтык"]["A1"].value == "sheets-sync · Итоги"
    assert not go(path, job_with(counts), language="ru").changes


def test_dry_run_adds_no_tab(tmp_path):
    path = school(tmp_path, [teacher("Асанова Гүлзат")])
    result = go(path, job_with(counts), dry_run=True)
    assert "Жыйынтык" in result.changes.tabs()
    assert openpyxl.load_workbook(path).sheetnames == ["Мугалимдер", "Квалификация"]


def rows_of(path, title):
    sheet = openpyxl.load_workbook(path)[title]
    return [[c.value for c in row] for row in sheet.iter_rows()]


def test_overview_counts_pd_compliance_of_teachers(tmp_path):
    from datetime import date

    from conftest import course

    path = school(
        tmp_path,
        [
            teacher("Асанова Гүлзат"),
            teacher("Бакиев Нурлан"),
            teacher("Сыдыкова Бермет", hired_on=None),
            teacher("Токтогулов Бакыт"),
        ],
        [
            course("Асанова Гүлзат", end=date(2025, 1, 1)),
            course("Бакиев Нурлан", end=date(2022, 3, 1)),
        ],
    )
    run(JOB, XlsxBackend(path), as_of=AS_OF)
    rows = rows_of(path, "Жыйынтык")
    header = next(i for i, row in enumerate(rows) if row[0] == "Усулдук бирикме")
    assert rows[header][2:8] == [
        "Мугалимдер",
        "Талапка ылайык",
        "Мөөнөтүндө",
        "Мөөнөтү жакындады",
        "Мөөнөтү өттү",
        "Маалымат жок",
    ]
    everyone = rows[header + 1]
    assert everyone[0] == "Бардык мугалимдер"
    assert everyone[1] == "Сыдыкова Б., Токтогулов Б."  # no record, overdue: who acts
    assert everyone[2:8] == [4, 0.5, 1, 1, 1, 1]  # on time and due soon comply


def test_deadlines_list_every_dated_finding_soonest_first(tmp_path):
    from datetime import date

    from conftest import course

    path = school(
        tmp_path,
        [teacher("Асанова Гүлзат"), teacher("Бакиев Нурлан", hired_on=date(2022, 1, 10))],
        [course("Асанова Гүлзат", end=date(2026, 11, 1), submitted=None)],
    )
    result = run(JOB, XlsxBackend(path), as_of=AS_OF)
    dated = [f for f in result.findings() if f.due]
    table = rows_of(path, "Мөөнөттөр")
    assert table[2][:3] == ["Мөөнөт", "Күн өттү", "Күн калды"]
    rows = [r for r in table[3:] if hasattr(r[0], "date")]
    assert [r[0].date() for r in rows] == sorted(f.due for f in dated)
    overdue = (AS_OF - date(2026, 12, 1)).days
    assert rows[0][1:6] == [None, -overdue, "⚠", "Асанова Г.", "Квалификация · 2"]
    assert rows[1][4:6] == ["Бакиев Н.", "Мугалимдер · 3"]


def test_overview_has_a_row_per_association_and_the_council_per_quarter(tmp_path):
    from datetime import date

    from conftest import association, document, event, meeting, member, plan, registers, report

    team = [member(f"Мугалим {n}", "Тилдер", council=n < 6) for n in range(5)]
    small = [member("Жалгыз Мугалим", "Табият")]
    path = registers(
        tmp_path,
        teachers=[*team, *small],
        associations=[association("Тилдер", "Мугалим 0"), association("Табият", "Жалгыз Мугалим")],
        plans=[plan("Тилдер"), report("Тилдер")],
        events=[event("семинар", "Тилдер"), event("семинар", "Тилдер", held=date(2026, 11, 1))],
        documents=[
            document("УБ жөнүндө жобо", "2026-2027", association="Тилдер"),
            document("усулдук тема", "2026-2027", association="Тилдер"),
            document("усулдук тема", "2025-2026", association="Тилдер"),
        ],
        meetings=[
            meeting("Методикалык кеңеш", date(2026, 9, 20)),
            meeting("МК", date(2026, 11, 10), "2"),
            meeting("Педагогикалык кеңеш", date(2026, 10, 1), "3"),
        ],
    )
    run(JOB, XlsxBackend(path), as_of=AS_OF)
    rows = rows_of(path, "Жыйынтык")
    start = next(
        i for i, row in enumerate(rows) if row[0] == "Усулдук бирикмелер, 2026-2027 окуу жылы"
    )
    assert rows[start + 2] == ["Тилдер", "Мугалим 0", 5, "✔", "✔", "✔", "✔", 2, "⚠ 2/11"]
    assert rows[start + 3] == [
        "Табият",
        "Жалгыз Мугалим",
        "✖ 1",
        "✔",
        "⚠ кеңеште жок",
        "✖ жок",
        "✖ тапшырылбаган",
        "⚠ 0",
        "⚠ 0/11",
    ]
    council = next(
        i for i, row in enumerate(rows) if row[0] == "Методикалык кеңеш, 2026-2027 окуу жылы"
    )
    assert rows[council + 1][:6] == [
        "Мүчөлөрү",
        "Иш планы",
        "1-чейрек",
        "2-чейрек",
        "3-чейрек",
        "4-чейрек",
    ]
    assert rows[council + 2][:6] == [5, "✖ жок", 1, 1, "—", "—"]


def test_a_new_summary_tab_gets_column_widths_for_reading(tmp_path):
    path = school(tmp_path, [teacher("Асанова Гүлзат")])
    run(JOB, XlsxBackend(path), as_of=AS_OF)
    sheet = openpyxl.load_workbook(path)["Мөөнөттөр"]
    assert sheet.column_dimensions["A"].width == 12 and sheet.column_dimensions["G"].width == 40


def test_the_overview_names_the_school_of_the_settings_or_else_shows_its_own_title(tmp_path):
    from sheets_sync.district import JobDefinition, run_district
    from sheets_sync.settings import School

    named = school(tmp_path, [teacher("Асанова Гүлзат")])
    run_district(JobDefinition("nightly", JOB), [School("Школа-гимназия № 5", str(named))])
    head = rows_of(named, "Жыйынтык")[1]
    assert head[:5] == ["Школа-гимназия № 5", None, None, None, "Абалы боюнча:"]
    assert rows_of(named, "Мөөнөттөр")[1][0] == "Школа-гимназия № 5"
    plain = school(tmp_path, [teacher("Асанова Гүлзат")], name="plain.xlsx")
    run(JOB, XlsxBackend(plain), as_of=AS_OF)
    assert rows_of(plain, "Жыйынтык")[1][0] == "Жыйынтык"
    assert rows_of(plain, "Мөөнөттөр")[1][0] == "Мөөнөттөр"


def test_act_now_shows_the_longest_overdue_first_and_counts_the_rest(tmp_path):
    from datetime import date

    from schemas.summaries import ACT_NOW_ITEMS

    hired = [date(2015, 1, 1) + timedelta(days=30 * n) for n in range(ACT_NOW_ITEMS + 5)]
    staff = [teacher(f"Мугалим{n:02d}", hired_on=day) for n, day in enumerate(hired)]
    path = school(tmp_path, staff)
    run(JOB, XlsxBackend(path), as_of=AS_OF)
    rows = rows_of(path, "Жыйынтык")
    title = next(i for i, row in enumerate(rows) if str(row[0] or "").startswith("Азыр аткаруу"))
    assert rows[title][0].endswith(f": {ACT_NOW_ITEMS + 5}")
    listed = rows[title + 2 : title + 2 + ACT_NOW_ITEMS]
    assert [row[0] for row in listed] == [f"Мугалим{n:02d}" for n in range(ACT_NOW_ITEMS)]
    late = [row[2] for row in listed]
    assert late == sorted(late, reverse=True) and late[-1] > 0
    assert rows[title + 2 + ACT_NOW_ITEMS][0].startswith("…дагы 5")
