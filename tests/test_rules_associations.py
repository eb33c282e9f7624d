"""Methodical associations: the leader's qualification (seed 000 §1.1), at least four members
(seed 002 §1.1), the annual plan and report (seed 000 §5.1, §5.3) and a seminar a year
(seed 002 §5.7)."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import (
    AS_OF,
    association,
    check,
    codes_at,
    document,
    event,
    member,
    only,
    plan,
    registers,
    report,
)

from schemas.choices import DocType

LEADER = "Асанова Гүлзат"
STAFF = [member(LEADER, "Математика", council="ооба")] + [
    member(name, "Математика") for name in ("Бакиев Нурлан", "Жумабаева Айгүл", "Осмонов Бакыт")
]
MA = [association("Математика", LEADER)]


def ma_school(tmp_path, *, staff=STAFF, associations=MA, **tabs):
    """A school whose one association is in order unless a test says otherwise."""
    tabs.setdefault("plans", [plan("Математика"), report("Математика")])
    tabs.setdefault("events", [event("семинар", "Математика")])
    tabs.setdefault(
        "documents", [document(k, "2026-2027", association="Математика") for k in DocType]
    )
    return registers(tmp_path, teachers=staff, associations=associations, **tabs)


def test_a_school_in_order_has_no_association_findings(tmp_path):
    result = check(ma_school(tmp_path))
    registers = {"associations", "plans_reports", "events"}
    assert [f.code for f in result.findings() if f.register in registers] == []


@pytest.mark.parametrize(
    ("education", "codes"),
    [("жогорку кесиптик", []), ("высшее", []), ("орто кесиптик", ["leader-education"])],
)
def test_the_leader_needs_higher_professional_education(tmp_path, education, codes):
    staff = [member(LEADER, "Математика", council="ооба", education=education), *STAFF[1:]]
    result = check(ma_school(tmp_path, staff=staff))
    assert codes_at(result, "associations", 2) == codes
    for finding in only(result, "leader-education"):
        assert (finding.severity, finding.column) == ("error", "Жетекчиси")
        assert finding.params == {"leader": LEADER, "value": education}


@pytest.mark.parametrize(
    ("started", "codes"),
    [(date(2021, 11, 21), []), (date(2021, 11, 22), ["leader-experience"])],
    ids=["exactly-5-years", "a-day-short-of-5"],
)
def test_the_leader_needs_five_years_of_experience(tmp_path, started, codes):
    staff = [member(LEADER, "Математика", council="ооба", experience_start=started), *STAFF[1:]]
    result = check(ma_school(tmp_path, staff=staff))
    assert codes_at(result, "associations", 2) == codes


@pytest.mark.parametrize(
    ("own", "codes"),
    [("Математика", []), (None, []), ("Тилдер", ["leader-not-member"])],
)
def test_a_leader_listed_in_another_association_is_flagged(tmp_path, own, codes):
    staff = [member(LEADER, own, council="ооба"), *STAFF[1:]]
    associations = [*MA, association("Тилдер", "Бакиев Нурлан")]
    result = check(ma_school(tmp_path, staff=staff, associations=associations))
    assert [c for c in codes_at(result, "associations", 2) if c.startswith("leader")] == codes
    flagged = [f for f in only(result, "leader-not-member") if f.row == 2]
    assert [(f.severity, f.params["own"]) for f in flagged] == [("warning", own)] * len(codes)


def test_an_unknown_leader_is_unknown_teacher_and_nothing_else(tmp_path):
    result = check(ma_school(tmp_path, associations=[association("Математика", "Белгисиз")]))
    assert codes_at(result, "associations", 2) == ["unknown-teacher"]


@pytest.mark.parametrize(("members", "codes"), [(4, []), (3, ["ma-too-small"])])
def test_an_association_needs_four_teachers(tmp_path, members, codes):
    staff = [*STAFF[:members], member("Сыдыкова Нуриза", None)]
    result = check(ma_school(tmp_path, staff=staff))
    assert codes_at(result, "associations", 2) == codes
    for finding in only(result, "ma-too-small"):
        assert finding.params == {"members": 3, "minimum": 4}
        assert (finding.severity, finding.column) == ("error", "Аталышы")


def test_a_repeated_association_is_a_duplicate_key_not_a_second_small_one(tmp_path):
    result = check(ma_school(tmp_path, associations=[*MA, association("математика", LEADER)]))
    assert codes_at(result, "associations", 3) == ["duplicate-key"]


@pytest.mark.parametrize(
    ("as_of", "severity"),
    [(date(2026, 9, 6), "warning"), (date(2026, 9, 7), "error")],
    ids=["on-day-5", "on-day-6"],
)
def test_a_missing_annual_plan_is_a_warning_until_day_5_then_an_error(tmp_path, as_of, severity):
    result = check(ma_school(tmp_path, plans=[report("Математика")]), as_of=as_of)
    [finding] = only(result, "plan-missing")
    assert (finding.register, finding.row, finding.severity) == ("associations", 2, severity)
    assert finding.due == date(2026, 9, 6)
    assert finding.params == {"association": "Математика", "year": "2026-2027"}


def test_last_years_plan_is_not_this_years(tmp_path):
    old = plan("Математика", start=date(2025, 9, 1), end=date(2026, 5, 31), done=date(2025, 9, 2))
    result = check(ma_school(tmp_path, plans=[old, report("Математика")]))
    assert [f.params["year"] for f in only(result, "plan-missing")] == ["2026-2027"]


def test_a_plan_row_waiting_for_approval_is_reported_on_its_row_not_again(tmp_path):
    plans = [plan("Математика", done=None), report("Математика")]
    result = check(ma_school(tmp_path, plans=plans))
    assert only(result, "plan-missing") == []
    assert codes_at(result, "plans_reports", 2) == ["plan-unapproved"]


def test_a_quarter_plan_is_not_the_annual_plan(tmp_path):
    quarterly = plan("Математика", period="чейрек", end=date(2026, 10, 31))
    result = check(ma_school(tmp_path, plans=[quarterly, report("Математика")]))
    assert len(only(result, "plan-missing")) == 1


@pytest.mark.parametrize(
    ("as_of", "severity"),
    [(date(2026, 6, 5), "warning"), (date(2026, 6, 6), "error"), (AS_OF, "error")],
)
def test_a_missing_annual_report_is_due_5_days_after_the_year_ends(tmp_path, as_of, severity):
    result = check(ma_school(tmp_path, plans=[plan("Математика")]), as_of=as_of)
    [finding] = only(result, "report-missing")
    assert (finding.register, finding.row, finding.severity) == ("associations", 2, severity)
    assert finding.due == date(2026, 6, 5)
    assert finding.params["association"] == "Математика"
    assert finding.params["year"] == "2025-2026"


def test_on_the_years_last_day_the_report_asked_for_is_last_years(tmp_path):
    result = check(ma_school(tmp_path, plans=[plan("Математика")]), as_of=date(2026, 5, 31))
    assert [f.params["year"] for f in only(result, "report-missing")] == ["2024-2025"]


def test_a_report_handed_in_in_june_belongs_to_the_year_just_ended(tmp_path):
    june = report("Математика", period=None, start=None, end=None, done=date(2026, 6, 3))
    result = check(ma_school(tmp_path, plans=[plan("Математика"), june]))
    assert only(result, "report-missing") == []


@pytest.mark.parametrize(
    ("as_of", "severity"),
    [(AS_OF, "warning"), (date(2027, 5, 31), "warning"), (date(2027, 6, 1), "error")],
)
def test_an_association_without_a_seminar_is_warned_until_the_year_ends(tmp_path, as_of, severity):
    lesson = event("ачык сабак", "Математика")
    plans = [
        plan("Математика"),
        report("Математика", start=date(2026, 9, 1), end=date(2027, 5, 31)),
    ]
    result = check(ma_school(tmp_path, events=[lesson], plans=plans), as_of=as_of)
    [finding] = only(result, "seminar-missing")
    assert (finding.register, finding.row, finding.severity) == ("associations", 2, severity)
    assert finding.due == date(2027, 5, 31)
    assert finding.params == {"association": "Математика", "year": "2026-2027"}


@pytest.mark.parametrize(
    ("seminar", "missing"),
    [
        (event("семинар", "Математика", held=date(2026, 10, 1)), 0),
        (event("семинар", "Математика", planned=date(2026, 12, 1), held=None), 1),  # not held
        (event("семинар", "Математика", held=date(2026, 5, 20)), 1),  # last school year
        (event("семинар", "Тилдер УБ", held=date(2026, 10, 1)), 1),  # another association
    ],
    ids=["held-this-year", "only-planned", "held-last-year", "of-another"],
)
def test_only_a_seminar_held_this_school_year_by_the_association_counts(tmp_path, seminar, missing):
    result = check(ma_school(tmp_path, events=[seminar]))
    assert len(only(result, "seminar-missing")) == missing


def test_association_rules_are_skipped_once_when_the_associations_tab_is_absent(tmp_path):
    path = registers(tmp_path, teachers=STAFF, plans=[plan("Математика")], events=[])
    result = check(path)
    skipped = {
        (f.register, f.params["rule"])
        for f in only(result, "rule-skipped")
        if f.params.get("missing_register") == "associations"
    }
    assert skipped == {
        ("plans_reports", "ma-plan"),
        ("plans_reports", "ma-report"),
        ("plans_reports", "plan-owner"),
        ("events", "ma-seminar"),
        ("events", "references"),
        ("teachers", "references"),
    }
    assert only(result, "tab-not-found") and not only(result, "plan-missing")


@pytest.mark.parametrize(
    ("held", "as_of", "missing"),
    [
        (date(2026, 8, 20), AS_OF, 0),  # from 15 August a seminar counts for the coming year
        (date(2026, 8, 15), AS_OF, 0),
        (date(2026, 8, 14), AS_OF, 1),  # ... the day before, for the year that ended
        (date(2026, 6, 10), date(2026, 7, 1), 0),  # June counts for the year just ended
    ],
    ids=["20-august", "15-august", "14-august", "june"],
)
def test_a_seminar_belongs_to_the_year_meetings_new_year_from_opens(tmp_path, held, as_of, missing):
    seminar = event("семинар", "Математика", planned=held, held=held)
    plans = [
        plan("Математика", start=date(2025, 9, 1), end=date(2026, 5, 31), done=date(2025, 9, 2)),
        plan("Математика"),
        report("Математика"),
    ]
    result = check(ma_school(tmp_path, events=[seminar], plans=plans), as_of=as_of)
    assert len(only(result, "seminar-missing")) == missing
