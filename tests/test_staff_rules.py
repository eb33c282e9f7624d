"""Deputy-director qualification, mentors for young teachers, job description acknowledged."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import AS_OF, check, codes_at, only, school, teacher

DEPUTY = "директордун орун басары"


def staff_codes(tmp_path, row_teacher, headers=None):
    kwargs = {"teacher_headers": headers} if headers else {}
    path = school(tmp_path, [row_teacher], **kwargs)
    return [c for c in codes_at(check(path), "teachers", 2) if not c.startswith("pd-")]


@pytest.mark.parametrize(
    ("education", "expected"),
    [
        ("жогорку кесиптик", []),
        ("высшее", []),
        ("орто кесиптик", ["deputy-education"]),
        (None, ["deputy-education"]),
    ],
)
def test_deputy_needs_higher_professional_education(tmp_path, education, expected):
    assert (
        staff_codes(tmp_path, teacher("Орозова Айгүл", position=DEPUTY, education=education))
        == expected
    )


def test_deputy_education_finding_names_the_column_and_value(tmp_path):
    path = school(tmp_path, [teacher("Орозова Айгүл", position="завуч", education="орто")])
    finding = only(check(path), "deputy-education")[0]
    assert (finding.row, finding.column, finding.severity) == (2, "Билими", "error")
    assert finding.params["value"] == "орто"


@pytest.mark.parametrize(
    ("start", "expected"),
    [(date(2021, 11, 21), []), (date(2021, 11, 22), ["deputy-experience"])],
    ids=["exactly-5-years", "one-day-short"],
)
def test_deputy_needs_five_years_of_experience(tmp_path, start, expected):
    assert (
        staff_codes(tmp_path, teacher("Орозова Айгүл", position=DEPUTY, experience_start=start))
        == expected
    )


def test_experience_years_count_when_there_is_no_start_date(tmp_path):
    headers = ("Аты-жөнү", "Кызматы", "Билими", "Стажы (жыл)", "Ишке кабыл алынган күн")
    path = school(
        tmp_path,
        [
            ["Орозова Айгүл", DEPUTY, "жогорку кесиптик", 4, date(2024, 1, 1)],
            ["Сыдыков Марат", DEPUTY, "жогорку кесиптик", 5, date(2024, 1, 1)],
        ],
        teacher_headers=headers,
    )
    assert [f.row for f in only(check(path), "deputy-experience")] == [2]


def test_ordinary_teacher_is_not_judged_as_a_deputy(tmp_path):
    assert (
        staff_codes(
            tmp_path,
            teacher(
                "Орозова Айгүл",
                education="орто",
                experience_start=date(2025, 9, 1),
                mentor="Орозова Айгүл",
            ),
        )
        == []
    )


@pytest.mark.parametrize(
    ("start", "mentor", "expected"),
    [
        (date(2023, 11, 22), None, ["mentor-missing"]),
        (date(2023, 11, 21), None, []),
        (date(2025, 9, 1), "Асанова Гүлзат", []),
    ],
    ids=["under-3-years", "exactly-3-years", "has-mentor"],
)
def test_young_teacher_needs_a_mentor(tmp_path, start, mentor, expected):
    path = school(
        tmp_path,
        [teacher("Асанова Гүлзат"), teacher("Жаш Мугалим", experience_start=start, mentor=mentor)],
    )
    assert [c for c in codes_at(check(path), "teachers", 3) if c != "pd-overdue"] == expected


def test_missing_job_description_acknowledgement_is_a_warning(tmp_path):
    path = school(tmp_path, [teacher("Асанова Гүлзат", jd=None)])
    finding = only(check(path), "jd-not-acknowledged")[0]
    assert (finding.row, finding.severity) == (2, "warning")


def test_rule_without_its_column_is_skipped_and_reported_once(tmp_path):
    headers = ("Аты-жөнү", "Кызматы", "Ишке кабыл алынган күн")
    path = school(
        tmp_path,
        [
            ["Асанова Гүлзат", "мугалим", date(2024, 1, 1)],
            ["Бакиев Нурлан", "мугалим", date(2024, 1, 1)],
        ],
        teacher_headers=headers,
    )
    result = check(path)
    teachers = result.registers[0]
    assert set(teachers.skipped_rules) >= {"deputy-education", "mentor", "jd-acknowledged"}
    skipped = [f for f in teachers.findings if f.code == "rule-skipped"]
    assert len(skipped) == len(teachers.skipped_rules)
    assert all(f.row is None and f.severity == "info" for f in skipped)
    assert only(result, "jd-not-acknowledged") == []


def test_as_of_decides_the_judgement(tmp_path):
    path = school(
        tmp_path, [teacher("Орозова Айгүл", position=DEPUTY, experience_start=date(2021, 11, 21))]
    )
    assert only(check(path, as_of=date(2026, 11, 20)), "deputy-experience")
    assert not only(check(path, as_of=AS_OF), "deputy-experience")


@pytest.mark.parametrize(
    ("as_of", "codes"),
    [(date(2027, 2, 27), ["mentor-missing"]), (date(2027, 2, 28), [])],
    ids=["the-day-before", "28-february"],
)
def test_a_teacher_who_started_on_29_february_completes_a_year_on_28_february(
    tmp_path, as_of, codes
):
    young = teacher("Асанова Гүлзат", experience_start=date(2024, 2, 29), mentor=None)
    result = check(school(tmp_path, [young], []), as_of=as_of)
    assert [c for c in codes_at(result, "teachers", 2) if c == "mentor-missing"] == codes
