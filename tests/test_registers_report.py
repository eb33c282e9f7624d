"""Register-level findings in the report, the demo's absent tabs, and messages without Kyrgyz
in Russian and English."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import (
    association,
    check,
    document,
    event,
    meeting,
    member,
    order,
    plan,
    registers,
    report,
)

from jobs.methodical_work import JOB
from schemas import REGISTERS
from schemas.samples import DEMO_AS_OF, SAMPLE_WORKBOOK
from sheets_sync.cli import main
from sheets_sync.messages import LANGUAGES

KYRGYZ = re.compile("[ңөүҢӨҮ]")
SCHOOL_CODES = {
    "unknown-association",
    "unknown-owner",
    "unknown-body",
    "leader-education",
    "leader-experience",
    "leader-not-member",
    "ma-too-small",
    "plan-missing",
    "report-missing",
    "seminar-missing",
    "plan-late",
    "plan-unapproved",
    "report-late",
    "council-size",
    "council-no-meeting",
    "protocol-missing",
    "protocol-duplicate",
    "event-overdue",
    "archive-due",
    "retention-ended",
    "order-number-duplicate",
    "order-number-gap",
    "order-date-order",
    "date-order",
    "bad-choice",
    "rule-skipped",
    "tab-not-found",
}


def test_register_level_findings_have_a_null_row_in_the_json_report(tmp_path):
    path = registers(
        tmp_path,
        teachers=[member("Асанова Гүлзат", council="ооба")],
        meetings=[meeting("МК", date(2026, 10, 10), "1")],
    )
    out = tmp_path / "report.json"
    args = ["run", "--xlsx", str(path), "--as-of", "2026-11-21", "--report-json", str(out)]
    assert CliRunner().invoke(main, args).exit_code == 0
    sheet = json.loads(out.read_text("utf-8"))["spreadsheets"][0]
    by_register = {item["register"]: item for item in sheet["registers"]}
    [size] = [f for f in by_register["teachers"]["findings"] if f["code"] == "council-size"]
    assert size == {
        "row": None,
        "column": "МК мүчөсү",
        "code": "council-size",
        "severity": "error",
        "due": None,
        "message": size["message"],
    }
    assert "1 мүчө" in size["message"] and "5–19" in size["message"]
    [quarter] = [
        f for f in by_register["meetings"]["findings"] if f["code"] == "council-no-meeting"
    ]
    assert (quarter["row"], quarter["column"], quarter["severity"], quarter["due"]) == (
        None,
        None,
        "warning",
        "2027-01-11",  # the quarter's window runs through the winter break
    )
    assert "2-чейрегинде" in quarter["message"]


def test_the_demo_has_every_register_and_reports_an_absent_one_once(tmp_path):
    copy = tmp_path / "school.xlsx"
    copy.write_bytes(SAMPLE_WORKBOOK.read_bytes())
    result = check(copy, as_of=DEMO_AS_OF, dry_run=True)
    assert [f for f in result.findings() if f.code == "tab-not-found"] == []
    workbook = openpyxl.load_workbook(copy)
    del workbook["Буйруктар"]
    workbook.save(copy)
    result = check(copy, as_of=DEMO_AS_OF, dry_run=True)
    orders = next(item for item in result.registers if item.register.id == "orders")
    assert [f.code for f in orders.findings] == ["tab-not-found"]
    assert Counter(f.code for f in result.findings())["tab-not-found"] == 1


def a_school_with_every_problem(tmp_path):
    """Every register with a problem in it, its values typed without Kyrgyz letters, so that
    Kyrgyz in a Russian or English message (but for a header quoted as the sheet has it)
    could only come from the catalog."""
    return registers(
        tmp_path,
        teachers=[
            member("Иванова Анна", "Математика", council="да"),
            member("Петров Иван", "Химия", education="среднее", experience_start=date(2024, 9, 1)),
        ],
        associations=[
            association("Математика", "Петров Иван"),
            association("Физика", "Иванова Анна"),
        ],
        meetings=[
            meeting("Родительский комитет", date(2026, 10, 1), None),
            meeting("Физика", date(2026, 10, 2), "1"),
            meeting("Физика", date(2026, 10, 9), "1"),
        ],
        plans=[
            plan("Математика", start=date(2026, 9, 1), done=date(2026, 9, 20)),
            plan("Математика", period="четверть", start=date(2026, 11, 8), done=None),
            report("Математика", done=date(2026, 6, 20)),
            report("Никто", done=None),
            plan("Математика", start=date(2026, 9, 1), end=date(2026, 8, 1)),
        ],
        events=[
            event("лекция", "Математика"),
            event("открытый урок", planned=date(2026, 11, 1), held=None),
            event(None, "Физика"),
        ],
        documents=[
            document("протоколы", "2021-2022", archived=date(2015, 6, 1)),
            document("протоколы", "2021-2022"),
        ],
        orders=[
            order("1", date(2026, 2, 1)),
            order("1", date(2026, 2, 2)),
            order("4", date(2026, 1, 5)),
        ],
    )


@pytest.mark.parametrize("language", LANGUAGES[1:])
def test_russian_and_english_messages_hold_no_kyrgyz(tmp_path, language):
    result = check(a_school_with_every_problem(tmp_path), language=language, dry_run=True)
    catalog = JOB.catalog(language)
    codes = set()
    for finding in result.findings():
        text = catalog.finding(finding, JOB.register_map)
        own = text.replace(f"«{finding.column}»", "«»")  # the sheet's own header, as written
        assert not KYRGYZ.search(own), (finding.code, text)
        codes.add(finding.code)
    assert codes >= SCHOOL_CODES  # the school above really shows every kind of problem


@pytest.mark.parametrize("language", LANGUAGES[1:])
def test_russian_and_english_templates_titles_and_choices_hold_no_kyrgyz(language):
    catalog = JOB.catalog(language)
    for section in ("findings", "rules", "ui", "errors"):
        for key, text in catalog.sections[section].items():
            assert not KYRGYZ.search(text), (section, key)
    for value, label in catalog.sections["choices"].items():
        assert not KYRGYZ.search(label), value
    for register in REGISTERS:
        assert not KYRGYZ.search(register.title(language))
        for column in register.columns.values():
            assert not KYRGYZ.search(column.title(language))
