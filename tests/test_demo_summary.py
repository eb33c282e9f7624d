"""The summary tabs of the demo, read back from the written workbook, agree with the findings
of the same run: a mark never contradicts a finding, nothing is ✔ that has one, and every
finding about a whole register is listed."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest
from conftest import check

from schemas.samples import DEMO_AS_OF, SAMPLE_WORKBOOK

ICONS = {"error": "✖", "warning": "⚠", "info": "ℹ"}
# Summary column -> the codes of the MA row (or its plan / report row) it stands for.
MA_COLUMNS = {
    3: ("leader-education", "leader-experience", "leader-not-member"),
    4: ("leader-not-on-council",),
    5: ("plan-missing", "plan-unapproved", "plan-late"),
    6: ("report-missing", "report-late"),
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "school.xlsx"
    path.write_bytes(SAMPLE_WORKBOOK.read_bytes())
    result = check(path, as_of=DEMO_AS_OF)
    sheet = openpyxl.load_workbook(path)["Жыйынтык"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    return result, rows


def section(rows, title_start):
    start = next(i for i, row in enumerate(rows) if str(row[0] or "").startswith(title_start))
    body = []
    for row in rows[start + 2 :]:
        if all(value is None for value in row):
            break
        body.append(row)
    return body


def worst(findings):
    order = {"error": 2, "warning": 1, "info": 0}
    return ICONS[max(findings, key=lambda f: order[f.severity]).severity] if findings else "✔"


def reasons_of(found):
    """The short reasons the summary puts beside a mark: those of its worst findings."""
    from jobs.methodical_work import JOB

    if not found:
        return []
    short = JOB.catalog("ky").sections["reasons-short"]
    order = {"error": 2, "warning": 1, "info": 0}
    top = max(order[f.severity] for f in found)
    return [short[f.code] for f in found if order[f.severity] == top]


def papers_of(result, association, kind_label):
    """Findings on the plans tab rows owned by ``association`` whose kind is ``kind_label``."""
    tab = openpyxl.load_workbook(SAMPLE_WORKBOOK)["Пландар жана отчеттор"]
    header = [cell.value for cell in tab[1]]
    owner, kind = header.index("Ээси"), header.index("Түрү")
    rows = {
        row[0].row
        for row in tab.iter_rows(min_row=2)
        if row[owner].value == association and str(row[kind].value or "") in kind_label
    }
    return [f for f in result.findings() if f.register == "plans_reports" and f.row in rows]


PLAN_KINDS, REPORT_KINDS = ("иш планы", "план работы"), ("отчет", "отчёт")


def papers(result, association, kinds, codes, field, day):
    found = papers_of(result, association, kinds)
    return [f for f in found if f.code in codes and f.params.get(field) == day]


def test_each_ma_row_of_the_summary_agrees_with_the_findings_on_that_ma(demo):
    result, rows = demo
    table = section(rows, "Усулдук бирикмелер,")
    associations = openpyxl.load_workbook(SAMPLE_WORKBOOK)["Усулдук бирикмелер"]
    names = {row[1].value: row[1].row for row in associations.iter_rows(min_row=2) if row[1].value}
    assert [row[0] for row in table] == list(names)
    for row in table:
        on_ma = [
            f for f in result.findings() if f.register == "associations" and f.row == names[row[0]]
        ]
        for column, codes in MA_COLUMNS.items():
            found = [f for f in on_ma if f.code in codes]
            if column == 5:  # this school year's annual plan row
                found += papers(result, row[0], PLAN_KINDS, codes, "start", date(2026, 9, 1))
            if column == 6:  # the report row on the year ended 31.05.2026
                found += papers(result, row[0], REPORT_KINDS, codes, "end", date(2026, 5, 31))
            assert row[column][:1] == worst(found), (row[0], column, [f.code for f in found])
            for reason in reasons_of(found):
                assert reason in row[column], (row[0], column, reason)
        small = [f for f in on_ma if f.code == "ma-too-small"]
        assert (str(row[2]).startswith("✖")) is bool(small), row
        seminar = [f for f in on_ma if f.code == "seminar-missing"]
        assert (
            str(row[7]).startswith(ICONS[seminar[0].severity])
            if seminar
            else isinstance(row[7], int)
        )
        incomplete = [f for f in on_ma if f.code == "ma-file-incomplete"]
        held = incomplete[0].params["held"] if incomplete else 11
        icon = f"{ICONS[incomplete[0].severity]} " if incomplete else ""
        assert row[8] == f"{icon}{held}/11", row


def test_the_council_block_agrees_with_the_council_findings(demo):
    result, rows = demo
    [members] = section(rows, "Методикалык кеңеш,")
    size = [f for f in result.findings() if f.code == "council-size"]
    assert str(members[0]).startswith("✖") is bool(size)
    if size:
        assert members[0] == f"✖ {size[0].params['count']}"
    plan = [f for f in result.findings() if f.code == "council-plan-missing"]
    assert members[1] == (f"{ICONS[plan[0].severity]} жок" if plan else "✔")
    missing = {f.params["quarter"]: f for f in result.findings() if f.code == "council-no-meeting"}
    for number, cell in enumerate(members[2:6], start=1):
        if number in missing:
            assert cell == f"{ICONS[missing[number].severity]} 0", (number, cell)
        else:
            assert cell == "—" or (isinstance(cell, int) and cell > 0), (number, cell)


def test_every_register_level_finding_and_skipped_rule_is_listed(demo):
    result, rows = demo
    listed = section(rows, "Бүтүндөй тизме боюнча")
    # a long message goes on over the rows below it, whose first cell is empty
    joined: list[list[str]] = []
    for row in listed:
        if row[0] is None:
            joined[-1].append(row[1])
        else:
            joined.append([row[1]])
    messages = {" ".join(parts) for parts in joined}
    assert all(len(row[1]) <= 110 for row in listed)
    from jobs.methodical_work import JOB

    catalog = JOB.catalog("ky")
    register_level = [
        f for f in result.findings() if f.row is None and f.code != "summary-tab-taken"
    ]
    assert register_level
    for finding in register_level:
        assert catalog.finding(finding, JOB.register_map) in messages, finding.code
    assert len(joined) == len(register_level)


def test_every_date_in_the_due_column_is_explained_by_a_note(demo, tmp_path_factory):
    path = tmp_path_factory.mktemp("notes") / "school.xlsx"
    path.write_bytes(SAMPLE_WORKBOOK.read_bytes())
    check(path, as_of=DEMO_AS_OF)
    workbook = openpyxl.load_workbook(path)
    explained = 0
    for sheet in workbook.worksheets:
        header = next(
            (row for row in sheet.iter_rows(max_row=5) if any(c.value == "Мөөнөт" for c in row)),
            None,
        )
        if header is None or sheet.title in ("Жыйынтык", "Мөөнөттөр"):
            continue
        due = next(c.column for c in header if c.value == "Мөөнөт")
        notes = next(c.column for c in header if c.value == "Эскертүү")
        for row in sheet.iter_rows(min_row=header[0].row + 1):
            day = row[due - 1].value
            if day is None:
                continue
            text = row[notes - 1].value or ""
            assert day.strftime("%d.%m.%Y") in text, (sheet.title, row[0].row, day, text)
            explained += 1
    assert explained > 40
