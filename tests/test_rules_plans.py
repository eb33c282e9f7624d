"""Plans and reports rows (seed 000 §5.1, §5.3; seed 001 §5.2): a plan approved within 5 days of
its period's start, a report handed in within 5 days of its end; an owner that exists."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import AS_OF, association, check, codes_at, member, only, plan, registers, report

QUARTER_START = date(2026, 11, 8)
QUARTER_END = date(2026, 12, 29)


def plans_of(tmp_path, rows, **options):
    path = registers(
        tmp_path,
        teachers=[member("Асанова Гүлзат", "Математика")],
        associations=[association("Математика", "Асанова Гүлзат")],
        plans=rows,
    )
    result = check(path, **options)
    return result, [codes_at(result, "plans_reports", row) for row in range(2, len(rows) + 2)]


@pytest.mark.parametrize(
    ("done", "codes"),
    [(date(2026, 11, 13), []), (date(2026, 11, 14), ["plan-late"])],
    ids=["approved-on-day-5", "approved-on-day-6"],
)
def test_a_plan_is_approved_within_5_days_of_its_period_start(tmp_path, done, codes):
    row = plan("Математика", period="чейрек", start=QUARTER_START, end=QUARTER_END, done=done)
    result, [found] = plans_of(tmp_path, [row])
    assert found == codes
    for finding in only(result, "plan-late"):
        assert (finding.severity, finding.column, finding.due) == (
            "error",
            "Бекитилген же тапшырылган күн",
            None,
        )
        assert finding.params == {"start": QUARTER_START, "done": done, "days": 6, "limit": 5}


@pytest.mark.parametrize(
    ("as_of", "severity"),
    [(date(2026, 11, 13), "warning"), (date(2026, 11, 14), "error")],
)
def test_an_unapproved_plan_is_a_warning_until_day_5_then_an_error(tmp_path, as_of, severity):
    row = plan("Математика", period="чейрек", start=QUARTER_START, end=QUARTER_END, done=None)
    result, _ = plans_of(tmp_path, [plan("Математика"), row], as_of=as_of)
    [finding] = only(result, "plan-unapproved")
    assert (finding.row, finding.severity, finding.due) == (3, severity, date(2026, 11, 13))


def test_a_plan_for_a_period_not_yet_begun_is_not_asked_for(tmp_path):
    row = plan("Математика", period="чейрек", start=QUARTER_START, end=QUARTER_END, done=None)
    _, found = plans_of(tmp_path, [plan("Математика"), row], as_of=date(2026, 11, 7))
    assert found[1] == []


@pytest.mark.parametrize(
    ("done", "codes"),
    [(date(2026, 6, 5), []), (date(2026, 6, 6), ["report-late"])],
    ids=["handed-in-on-day-5", "handed-in-on-day-6"],
)
def test_a_report_is_handed_in_within_5_days_of_its_period_end(tmp_path, done, codes):
    _, found = plans_of(tmp_path, [plan("Математика"), report("Математика", done=done)])
    assert found[1] == codes


@pytest.mark.parametrize(
    ("as_of", "severity"),
    [(date(2027, 1, 3), "warning"), (date(2027, 1, 4), "error")],
)
def test_a_report_row_without_its_date_is_report_missing_once_the_period_ended(
    tmp_path, as_of, severity
):
    row = report("Математика", period="чейрек", start=QUARTER_START, end=QUARTER_END, done=None)
    result, found = plans_of(tmp_path, [plan("Математика"), report("Математика"), row], as_of=as_of)
    assert found[2] == ["report-missing"]
    [finding] = [f for f in only(result, "report-missing") if f.row]
    assert (finding.severity, finding.due) == (severity, date(2027, 1, 3))
    assert finding.params == {"owner": "Математика", "end": QUARTER_END}


def test_a_report_for_a_running_period_is_not_asked_for_yet(tmp_path):
    row = report("Математика", period="чейрек", start=QUARTER_START, end=QUARTER_END, done=None)
    _, found = plans_of(tmp_path, [plan("Математика"), report("Математика"), row])
    assert found[2] == []


@pytest.mark.parametrize(
    ("owner", "codes"),
    [
        ("Математика", []),
        ("Методикалык кеңеш", []),
        ("МК", []),
        ("методсовет", []),
        ("Асанова Гүлзат", []),
        ("Физика", ["unknown-owner"]),
        ("Педагогикалык кеңеш", ["unknown-owner"]),
    ],
)
def test_an_owner_is_an_association_the_methodical_council_or_a_teacher(tmp_path, owner, codes):
    result, found = plans_of(tmp_path, [plan("Математика"), plan(owner)])
    assert found[1] == codes
    for finding in only(result, "unknown-owner"):
        assert (finding.severity, finding.column, finding.params) == (
            "error",
            "Ээси",
            {"value": owner},
        )


def test_owners_are_not_judged_without_the_teachers_tab(tmp_path):
    path = registers(
        tmp_path,
        associations=[association("Математика", "Асанова Гүлзат")],
        plans=[plan("Физика")],
    )
    result = check(path, as_of=AS_OF)
    assert only(result, "unknown-owner") == []
    assert {
        f.params["rule"]
        for f in only(result, "rule-skipped")
        if f.params.get("missing_register") == "teachers"
    } >= {"plan-owner"}
