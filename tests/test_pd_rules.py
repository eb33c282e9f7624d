"""The PD cycle of seed 004: 72-hour courses, 500-hour retraining, 5 years, 180 days' warning."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import AS_OF, TEACHER_HEADERS, check, codes_at, course, only, school, teacher


def pd_codes(tmp_path, courses, *, hired_on=date(2000, 1, 1), as_of=AS_OF):
    path = school(tmp_path, [teacher("Асанова Гүлзат", hired_on=hired_on)], courses)
    result = check(path, as_of=as_of)
    # pd-next-due is the note beside the date every judged teacher's row shows, not a problem
    found = codes_at(result, "teachers", 2)
    return result, [c for c in found if c.startswith("pd-") and c != "pd-next-due"]


def test_course_of_exactly_72_hours_counts(tmp_path):
    result, codes = pd_codes(tmp_path, [course("Асанова Гүлзат", hours=72, end=date(2024, 6, 1))])
    assert codes == []
    assert only(result, "pd-hours-short") == []


def test_course_of_71_hours_does_not_count_and_is_flagged(tmp_path):
    result, codes = pd_codes(tmp_path, [course("Асанова Гүлзат", hours=71, end=date(2024, 6, 1))])
    assert codes == ["pd-overdue"]  # falls back to the hiring date of 2000
    short = only(result, "pd-hours-short")
    assert [(f.register, f.row, f.column, f.severity) for f in short] == [
        ("pd_courses", 2, "Саат", "warning")
    ]


def test_due_exactly_today_is_due_soon_not_overdue(tmp_path):
    result, codes = pd_codes(tmp_path, [course("Асанова Гүлзат", end=date(2021, 11, 21))])
    assert codes == ["pd-due-soon"]
    assert only(result, "pd-due-soon")[0].due == AS_OF


def test_due_yesterday_is_overdue_with_its_due_date(tmp_path):
    result, codes = pd_codes(tmp_path, [course("Асанова Гүлзат", end=date(2021, 11, 20))])
    assert codes == ["pd-overdue"]
    finding = only(result, "pd-overdue")[0]
    assert (finding.due, finding.severity) == (date(2026, 11, 20), "error")


@pytest.mark.parametrize(
    ("end", "expected"),
    [(date(2022, 5, 20), ["pd-due-soon"]), (date(2022, 5, 21), [])],
    ids=["due-in-180-days", "due-in-181-days"],
)
def test_warning_window_is_180_days(tmp_path, end, expected):
    _, codes = pd_codes(tmp_path, [course("Асанова Гүлзат", end=end)])
    assert codes == expected


def test_latest_qualifying_course_sets_the_base(tmp_path):
    courses = [
        course("Асанова Гүлзат", end=date(2019, 3, 1)),
        course("Асанова Гүлзат", end=date(2025, 3, 1)),
        course("Асанова Гүлзат", end=date(2026, 1, 1), kind="семинар/тренинг", hours=100),
    ]
    path = school(tmp_path, [teacher("Асанова Гүлзат")], courses)
    result = check(path)
    assert codes_at(result, "teachers", 2) == ["pd-next-due"]
    assert only(result, "pd-next-due")[0].due == date(2030, 3, 1)


def test_seminar_never_counts_even_with_many_hours(tmp_path):
    courses = [course("Асанова Гүлзат", kind="семинар", hours=120, end=date(2025, 1, 1))]
    _, codes = pd_codes(tmp_path, courses)
    assert codes == ["pd-overdue"]


@pytest.mark.parametrize(("hours", "counts"), [(500, True), (499, False)])
def test_retraining_needs_500_hours(tmp_path, hours, counts):
    courses = [
        course(
            "Асанова Гүлзат",
            kind="кесиптик кайра даярдоо",
            hours=hours,
            document="диплом",
            end=date(2025, 1, 1),
        )
    ]
    result, codes = pd_codes(tmp_path, courses)
    assert codes == ([] if counts else ["pd-overdue"])
    assert bool(only(result, "retraining-hours-short")) is not counts


def test_course_ending_after_as_of_does_not_count_yet(tmp_path):
    courses = [course("Асанова Гүлзат", end=date(2026, 12, 1), submitted=None)]
    result, codes = pd_codes(tmp_path, courses)
    assert codes == ["pd-overdue"]
    assert only(result, "pd-certificate-missing") == []


def test_hiring_date_is_the_base_without_courses(tmp_path):
    result, codes = pd_codes(tmp_path, [], hired_on=date(2023, 9, 1))
    assert codes == []
    found = [f.code for f in result.registers[0].findings if f.code != "rule-skipped"]
    assert found == ["pd-next-due"]
    assert only(result, "pd-next-due")[0].params["variant"] == "hired"


def test_no_course_and_no_hiring_date_is_no_record(tmp_path):
    _, codes = pd_codes(tmp_path, [], hired_on=None)
    assert codes == ["pd-no-record"]


def test_unreadable_hiring_date_is_reported_once_not_as_no_record(tmp_path):
    result, codes = pd_codes(tmp_path, [], hired_on="кийин")
    assert codes == []
    assert codes_at(result, "teachers", 2) == ["bad-date"]


def test_leap_day_base_falls_due_on_28_february(tmp_path):
    result, _ = pd_codes(
        tmp_path, [course("Асанова Гүлзат", end=date(2024, 2, 29))], as_of=date(2028, 12, 1)
    )
    assert only(result, "pd-due-soon")[0].due == date(2029, 2, 28)


def test_courses_reach_teachers_by_id_too(tmp_path):
    path = school(
        tmp_path,
        [teacher("Асанова Гүлзат", id="T-07", hired_on=None)],
        [course("t-07", end=date(2024, 1, 1))],
    )
    result = check(path)
    assert codes_at(result, "teachers", 2) == ["pd-next-due"]
    assert only(result, "unknown-teacher") == []


@pytest.mark.parametrize(
    ("submitted_days_after", "as_of", "expected"),
    [(None, date(2024, 7, 1), "warning"), (None, date(2024, 7, 2), "error"), (5, AS_OF, None)],
    ids=["day-30-warning", "day-31-error", "handed-in"],
)
def test_certificate_is_due_30_days_after_the_course(
    tmp_path, submitted_days_after, as_of, expected
):
    submitted = None if submitted_days_after is None else date(2024, 6, 6)
    path = school(
        tmp_path,
        [teacher("Асанова Гүлзат")],
        [course("Асанова Гүлзат", end=date(2024, 6, 1), submitted=submitted)],
    )
    found = only(check(path, as_of=as_of), "pd-certificate-missing")
    assert [f.severity for f in found] == ([expected] if expected else [])
    if expected:
        assert (found[0].due, found[0].row, found[0].column) == (
            date(2024, 7, 1),
            2,
            "Документ тапшырылган күн",
        )


def test_retraining_without_a_diploma_is_a_mismatch(tmp_path):
    courses = [
        course("Асанова Гүлзат", kind="кесиптик кайра даярдоо", hours=520, document="сертификат"),
        course("Асанова Гүлзат", kind="переподготовка", hours=520, document="диплом"),
        course("Асанова Гүлзат", hours=72, document="сертификат"),
    ]
    path = school(tmp_path, [teacher("Асанова Гүлзат")], courses)
    assert [f.row for f in only(check(path), "document-kind-mismatch")] == [2]


def test_pd_rule_is_skipped_once_when_the_courses_tab_is_absent(tmp_path):
    path = school(
        tmp_path, [teacher("Асанова Гүлзат"), teacher("Бакиев Нурлан")], course_headers=None
    )
    result = check(path)
    teachers = result.registers[0]
    assert "pd-cycle" in teachers.skipped_rules
    skipped = [f for f in teachers.findings if f.code == "rule-skipped"]
    assert len(skipped) == len(teachers.skipped_rules)
    assert only(result, "pd-no-record") == []
    courses = result.registers[1]
    assert [f.code for f in courses.findings] == ["tab-not-found"]
    assert "pd-certificate" in courses.skipped_rules


def test_a_course_starting_after_its_end_is_date_order_and_its_end_still_counts(tmp_path):
    typo = course("Асанова Гүлзат", start=date(2025, 6, 10), end=date(2024, 6, 1))
    result, codes = pd_codes(tmp_path, [typo])
    assert codes == []  # the course of 2024 keeps the teacher compliant
    assert codes_at(result, "pd_courses", 2) == ["date-order"]
    assert only(result, "date-order")[0].column == "Башталышы"


def test_a_course_starting_after_its_end_still_needs_its_certificate(tmp_path):
    typo = course("Асанова Гүлзат", start=date(2025, 6, 10), end=date(2024, 6, 1), submitted=None)
    result, _ = pd_codes(tmp_path, [typo])
    assert codes_at(result, "pd_courses", 2) == ["date-order", "pd-certificate-missing"]


@pytest.mark.parametrize(
    ("end", "codes"),
    [(AS_OF, ["document-kind-mismatch"]), (date(2026, 11, 22), [])],
    ids=["ended-today", "still-running"],
)
def test_only_a_retraining_that_has_ended_needs_its_diploma(tmp_path, end, codes):
    running = course(
        "Асанова Гүлзат", kind="кесиптик кайра даярдоо", hours=520, end=end, document=None,
        submitted=date(2026, 11, 21),
    )  # fmt: skip
    result, _ = pd_codes(tmp_path, [running])
    assert [f.code for f in only(result, "document-kind-mismatch")] == codes


@pytest.mark.parametrize(
    ("kind", "hours", "codes"),
    [
        ("квалификацияны жогорулатуу курсу", 72, ["pd-certificate-missing"]),
        ("кесиптик кайра даярдоо", 520, ["pd-certificate-missing"]),
        ("семинар/тренинг", 8, []),
    ],
    ids=["qualification", "retraining", "seminar"],
)
def test_only_courses_and_retraining_need_their_document_handed_in(tmp_path, kind, hours, codes):
    row = course("Асанова Гүлзат", kind=kind, hours=hours, document="диплом", submitted=None)
    result, _ = pd_codes(tmp_path, [row])
    assert [f.code for f in only(result, "pd-certificate-missing")] == codes


def test_without_a_hiring_date_column_the_cycle_is_skipped_once_not_no_record(tmp_path):
    headers = tuple(h for h in TEACHER_HEADERS if h != "Ишке кабыл алынган күн")
    staff = [
        [row[i] for i, h in enumerate(TEACHER_HEADERS) if h != "Ишке кабыл алынган күн"]
        for row in (teacher("Асанова Гүлзат"), teacher("Бакиев Нурлан"), teacher("Осмонов Бакыт"))
    ]
    courses = [course("Асанова Гүлзат", end=date(2020, 6, 1))]
    result = check(school(tmp_path, staff, courses, teacher_headers=headers))
    assert only(result, "pd-no-record") == []
    [skipped] = [f for f in only(result, "rule-skipped") if f.params["rule"] == "pd-cycle"]
    assert (skipped.register, skipped.row) == ("teachers", None)
    assert skipped.params["fields"] == ("hired_on",)
    assert codes_at(result, "teachers", 2) == ["pd-overdue"]  # judged by the course it has


def test_a_leap_day_start_completes_its_years_on_28_february_like_the_pd_cycle(tmp_path):
    deputy = teacher(
        "Асанова Гүлзат", position="директордун орун басары",
        experience_start=date(2020, 2, 29), hired_on=date(2020, 2, 29),
    )  # fmt: skip
    for as_of, experience in ((date(2025, 2, 27), ["deputy-experience"]), (date(2025, 2, 28), [])):
        result = check(school(tmp_path, [deputy], [], name=f"{as_of}.xlsx"), as_of=as_of)
        codes = codes_at(result, "teachers", 2)
        assert [c for c in codes if c.startswith("deputy")] == experience
        [due] = [f.due for f in result.findings() if f.code.startswith("pd-")]
        assert due == date(2025, 2, 28)


@pytest.mark.parametrize(
    ("end", "variant"), [(date(2024, 6, 1), "course"), (None, "hired")], ids=["course", "hired"]
)
def test_a_pd_date_far_ahead_is_explained_by_an_info_note(tmp_path, end, variant):
    courses = [course("Асанова Гүлзат", end=end)] if end else []
    result, _ = pd_codes(tmp_path, courses, hired_on=date(2024, 1, 10))
    [note] = only(result, "pd-next-due")
    assert (note.row, note.severity, note.params["variant"]) == (2, "info", variant)
    assert note.due == (date(2029, 6, 1) if end else date(2029, 1, 10))
