"""Duties the regulations add to the registers: MA leaders on the methodical council (seed 003
§5.1), the MA file of eleven documents (seed 002 §6), the deputy director's own plans for the
year and the quarter (seed 001 §5.2) and the council's annual plan (seed 003 §5)."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import (
    AS_OF,
    MEMBER_HEADERS,
    association,
    check,
    codes_at,
    document,
    meeting,
    member,
    only,
    plan,
    registers,
    write_workbook,
)

from schemas.choices import DocType

LEADER = "Асанова Гүлзат"
STAFF = [member(LEADER, "Математика", council="ооба")] + [
    member(name, "Математика") for name in ("Бакиев Нурлан", "Жумабаева Айгүл", "Осмонов Бакыт")
]
DEPUTY = "Токтогулова Динара"
Q2 = (date(2026, 11, 8), date(2026, 12, 29))


@pytest.mark.parametrize(
    ("mark", "codes"),
    [
        ("ооба", []),
        ("да", []),
        ("жок", ["leader-not-on-council"]),
        (None, ["leader-not-on-council"]),
    ],
    ids=["yes", "yes-ru", "no", "blank"],
)
def test_an_ma_leader_not_marked_as_council_member_is_warned_on_the_ma_row(tmp_path, mark, codes):
    staff = [member(LEADER, "Математика", council=mark), *STAFF[1:]]
    result = check(
        registers(tmp_path, teachers=staff, associations=[association("Математика", LEADER)])
    )
    found = only(result, "leader-not-on-council")
    assert [(f.register, f.row, f.severity) for f in found] == [
        ("associations", 2, "warning")
    ] * len(codes)
    for finding in found:
        assert finding.params["leader"] == LEADER and finding.column == "Жетекчиси"


def test_leader_on_council_is_skipped_once_without_the_council_column(tmp_path):
    staff = [row[:-1] for row in STAFF]
    path = write_workbook(
        tmp_path / "school.xlsx",
        {
            "Мугалимдер": [MEMBER_HEADERS[:-1], *staff],
            "Усулдук бирикмелер": [("Аталышы", "Жетекчиси"), ("Математика", LEADER)],
        },
    )
    result = check(path)
    assert only(result, "leader-not-on-council") == []
    assert "leader-on-council" in [f.params["rule"] for f in only(result, "rule-skipped")]


def ma_file(tmp_path, documents):
    path = registers(
        tmp_path,
        teachers=STAFF,
        associations=[association("Математика", LEADER), association("Тилдер", "Бакиев Нурлан")],
        documents=documents,
    )
    return check(path)


def test_a_complete_ma_file_for_this_year_has_no_finding(tmp_path):
    rows = [document(kind, "2026-2027", association="Математика") for kind in DocType]
    found = only(ma_file(tmp_path, rows), "ma-file-incomplete")
    assert [f.row for f in found] == [3]  # only Тилдер, which has no file at all


def test_a_file_short_of_documents_lists_the_missing_ones_in_regulation_order(tmp_path):
    present = [kind for kind in DocType if kind not in (DocType.THEME, DocType.PROTOCOLS)]
    rows = [document(kind, "2026-2027", association="Математика") for kind in present]
    rows.append(
        document(DocType.PROTOCOLS.value, "2025-2026", association="Математика")
    )  # last year
    [finding] = [f for f in only(ma_file(tmp_path, rows), "ma-file-incomplete") if f.row == 2]
    assert (finding.register, finding.severity) == ("associations", "warning")
    assert finding.params["documents"] == [DocType.THEME.value, DocType.PROTOCOLS.value]
    assert (finding.params["held"], finding.params["total"], finding.params["count"]) == (9, 11, 2)


def test_a_document_dated_in_this_school_year_without_a_year_label_counts(tmp_path):
    rows = [
        document(kind, None, association="Математика", created=date(2026, 9, 2)) for kind in DocType
    ]
    assert [f.row for f in only(ma_file(tmp_path, rows), "ma-file-incomplete")] == [3]


def deputy_plans(tmp_path, plans, as_of=AS_OF):
    staff = [*STAFF, member(DEPUTY, position="директордун орун басары")]
    result = check(registers(tmp_path, teachers=staff, plans=plans), as_of=as_of)
    return result, [
        (f.row, f.params["variant"], f.severity, f.due) for f in only(result, "deputy-plan-missing")
    ]


def test_a_deputy_with_a_year_and_a_quarter_plan_is_in_order(tmp_path):
    plans = [plan(DEPUTY), plan(DEPUTY, period="чейрек", start=Q2[0], end=Q2[1], done=None)]
    result, found = deputy_plans(tmp_path, plans)
    assert found == []
    assert codes_at(result, "plans_reports", 3) == ["plan-unapproved"]  # one problem, one finding


def test_each_missing_deputy_plan_is_its_own_finding_on_the_deputys_row(tmp_path):
    result, found = deputy_plans(tmp_path, [plan("Математика")])
    assert found == [
        (6, "year", "error", date(2026, 9, 6)),
        (6, "quarter", "error", date(2026, 11, 13)),
    ]
    assert only(result, "deputy-plan-missing")[0].register == "teachers"


@pytest.mark.parametrize(
    ("as_of", "severity"),
    [(date(2026, 11, 13), "warning"), (date(2026, 11, 14), "error")],
    ids=["day-5", "day-6"],
)
def test_the_quarter_plan_is_due_5_days_after_the_quarter_starts(tmp_path, as_of, severity):
    _, found = deputy_plans(tmp_path, [plan(DEPUTY)], as_of=as_of)
    assert found == [(6, "quarter", severity, date(2026, 11, 13))]


def test_no_quarter_plan_is_asked_for_in_the_break(tmp_path):
    _, found = deputy_plans(tmp_path, [plan(DEPUTY)], as_of=date(2026, 11, 3))
    assert found == []


def test_another_quarters_plan_does_not_count(tmp_path):
    q1 = plan(DEPUTY, period="чейрек", start=date(2026, 9, 1), end=date(2026, 10, 31))
    _, found = deputy_plans(tmp_path, [plan(DEPUTY), q1])
    assert [item[1] for item in found] == ["quarter"]


def council_plan(tmp_path, plans, as_of=AS_OF):
    path = registers(tmp_path, plans=plans, meetings=[meeting("МК", date(2026, 10, 1), "1")])
    return only(check(path, as_of=as_of), "council-plan-missing")


@pytest.mark.parametrize(
    ("as_of", "severity"),
    [(date(2026, 9, 6), "warning"), (date(2026, 9, 7), "error")],
    ids=["day-5", "day-6"],
)
def test_a_missing_council_plan_is_register_level_on_meetings(tmp_path, as_of, severity):
    [finding] = council_plan(tmp_path, [plan("Математика")], as_of=as_of)
    assert (finding.register, finding.row, finding.severity) == ("meetings", None, severity)
    assert (finding.due, finding.params["year"]) == (date(2026, 9, 6), "2026-2027")


@pytest.mark.parametrize("owner", ["Методикалык кеңеш", "МК", "Методический совет"])
def test_the_councils_annual_plan_under_any_of_its_names_counts(tmp_path, owner):
    assert council_plan(tmp_path, [plan(owner, done=None)]) == []


def test_last_years_council_plan_does_not_count(tmp_path):
    old = plan("МК", start=date(2025, 9, 1), end=date(2026, 5, 31), done=date(2025, 9, 2))
    assert len(council_plan(tmp_path, [old])) == 1
