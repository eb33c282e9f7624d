"""The methodical council (seed 003 §4, §5.4): 5 to 19 members, a meeting every quarter; and
every body's meeting protocols (seed 002 §5.6)."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import (
    AS_OF,
    association,
    check,
    codes_at,
    meeting,
    member,
    only,
    registers,
    school,
    teacher,
)

Q1_MEETING = meeting("Методикалык кеңеш", date(2026, 10, 10), "1")
Q2_MEETING = meeting("Методикалык кеңеш", date(2026, 11, 20), "2")


def council(count: int) -> list[list]:
    names = [f"Мугалим {number}" for number in range(1, 22)]
    return [member(name, council="ооба" if i < count else "жок") for i, name in enumerate(names)]


@pytest.mark.parametrize(
    ("count", "fires"), [(4, True), (5, False), (19, False), (20, True)], ids=str
)
def test_the_council_has_5_to_19_members(tmp_path, count, fires):
    result = check(registers(tmp_path, teachers=council(count)))
    findings = only(result, "council-size")
    assert bool(findings) is fires
    for finding in findings:
        assert (finding.register, finding.row, finding.severity) == ("teachers", None, "error")
        assert finding.column == "МК мүчөсү"
        assert finding.params == {"count": count, "minimum": 5, "maximum": 19}


def test_council_size_is_skipped_without_the_council_column(tmp_path):
    result = check(school(tmp_path, [teacher("Асанова Гүлзат")], []))
    assert only(result, "council-size") == []
    assert [f.params["rule"] for f in only(result, "rule-skipped")] == ["council-size"]


def quarters_without_meeting(tmp_path, meetings, as_of=AS_OF):
    result = check(registers(tmp_path, meetings=meetings), as_of=as_of)
    return {f.params["quarter"]: (f.severity, f.due) for f in only(result, "council-no-meeting")}


def test_an_ended_window_without_a_meeting_is_an_error_and_a_running_one_a_warning(tmp_path):
    # Quarter 1's window runs to 7 November (its break), quarter 2's to 11 January.
    assert quarters_without_meeting(tmp_path, []) == {
        1: ("error", date(2026, 11, 7)),
        2: ("warning", date(2027, 1, 11)),
    }


def test_a_quarter_with_a_meeting_is_in_order(tmp_path):
    assert quarters_without_meeting(tmp_path, [Q1_MEETING, Q2_MEETING]) == {}


@pytest.mark.parametrize(
    ("as_of", "severity"),
    [
        (date(2026, 10, 31), "warning"),  # the quarter's last day
        (date(2026, 11, 1), "warning"),  # the break after it still belongs to it
        (date(2026, 11, 7), "warning"),  # the window's last day
    ],
    ids=["quarter-last-day", "in-the-break", "window-last-day"],
)
def test_a_quarter_is_a_warning_until_its_window_ends(tmp_path, as_of, severity):
    assert quarters_without_meeting(tmp_path, [], as_of=as_of) == {1: (severity, date(2026, 11, 7))}


def test_a_quarter_becomes_an_error_the_day_after_its_window_ends(tmp_path):
    found = quarters_without_meeting(tmp_path, [], as_of=date(2026, 11, 8))
    assert found[1] == ("error", date(2026, 11, 7))


def test_a_meeting_in_the_break_counts_for_the_ended_quarter(tmp_path):
    in_break = meeting("МК", date(2026, 11, 7), "1")
    assert 1 not in quarters_without_meeting(tmp_path, [in_break], as_of=date(2026, 11, 8))


def test_the_last_quarters_window_ends_with_the_school_year(tmp_path):
    held = [
        meeting("МК", day, str(n))
        for n, day in enumerate((date(2026, 10, 1), date(2026, 12, 1), date(2027, 2, 1)), 1)
    ]
    assert quarters_without_meeting(tmp_path, held, as_of=date(2027, 5, 31)) == {
        4: ("warning", date(2027, 5, 31))
    }


def test_quarters_not_yet_begun_are_not_asked_for(tmp_path):
    found = quarters_without_meeting(tmp_path, [], as_of=date(2026, 11, 5))
    assert found == {1: ("warning", date(2026, 11, 7))}  # quarter 2 starts on 8 November


@pytest.mark.parametrize(
    ("held", "counts"),
    [
        (meeting("МК", date(2026, 11, 3), "1"), True),  # the autumn holidays count for quarter 1
        (meeting("методсовет", date(2026, 9, 15), "1"), True),
        (meeting("Педагогикалык кеңеш", date(2026, 10, 10), "1"), False),
        (meeting("МК", date(2025, 10, 10), "1"), False),  # last school year
    ],
)
def test_only_a_methodical_council_meeting_of_the_quarter_counts(tmp_path, held, counts):
    found = quarters_without_meeting(tmp_path, [held, Q2_MEETING])
    assert (1 not in found) is counts


def test_a_meeting_planned_later_in_the_quarter_does_not_count_yet(tmp_path):
    planned = meeting("МК", date(2026, 12, 20), None)
    assert 2 in quarters_without_meeting(tmp_path, [Q1_MEETING, planned])


@pytest.mark.parametrize(
    ("day", "codes"),
    [(AS_OF, ["protocol-missing"]), (date(2026, 11, 22), [])],
    ids=["held-today", "planned-tomorrow"],
)
def test_a_meeting_held_without_a_protocol_number_is_an_error(tmp_path, day, codes):
    result = check(registers(tmp_path, meetings=[meeting("МК", day, None)]))
    assert codes_at(result, "meetings", 2) == codes
    for finding in only(result, "protocol-missing"):
        assert (finding.severity, finding.column) == ("error", "Протокол №")


@pytest.mark.parametrize(
    ("second", "duplicate"),
    [
        (meeting("МК", date(2026, 12, 1), "№ 1"), True),
        (meeting("методический совет", date(2027, 2, 1), "1"), True),
        (meeting("педсовет", date(2026, 12, 1), "1"), False),  # another body
        (meeting("МК", date(2027, 9, 10), "1"), False),  # the next school year restarts
        (meeting("МК", date(2027, 8, 14), "1"), True),  # mid-summer: still 2026-2027
        (meeting("МК", date(2027, 8, 20), "1"), False),  # the August council opens 2027-2028
        (meeting("МК", date(2026, 12, 1), "2"), False),
    ],
)
def test_the_same_protocol_number_twice_in_a_body_and_school_year(tmp_path, second, duplicate):
    result = check(registers(tmp_path, meetings=[Q1_MEETING, second]), as_of=date(2027, 9, 20))
    assert codes_at(result, "meetings", 3) == (["protocol-duplicate"] if duplicate else [])
    for finding in only(result, "protocol-duplicate"):
        assert finding.params["first_row"] == 2 and finding.params["year"] == "2026-2027"


def test_an_associations_protocols_are_numbered_apart_from_the_councils(tmp_path):
    path = registers(
        tmp_path,
        associations=[association("Математика", "Асанова Гүлзат")],
        meetings=[Q1_MEETING, meeting("Математика", date(2026, 10, 12), "1")],
    )
    assert only(check(path), "protocol-duplicate") == []


@pytest.mark.parametrize(
    ("body", "codes"),
    [
        ("Методикалык кеңеш", []),
        ("ПК", []),
        ("Педагогический совет", []),
        ("Математика", []),
        ("Ата-энелер комитети", ["unknown-body"]),
    ],
)
def test_a_meeting_body_is_a_council_or_an_association(tmp_path, body, codes):
    path = registers(
        tmp_path,
        associations=[association("Математика", "Асанова Гүлзат")],
        meetings=[meeting(body, date(2026, 10, 12), "1")],
    )
    result = check(path)
    assert codes_at(result, "meetings", 2) == codes


def test_bodies_are_not_judged_without_the_associations_tab(tmp_path):
    result = check(registers(tmp_path, meetings=[meeting("Ата-энелер комитети", AS_OF, "1")]))
    assert only(result, "unknown-body") == []
    skipped = only(result, "rule-skipped")
    assert [(f.register, f.params["rule"]) for f in skipped] == [("meetings", "meeting-body")]


@pytest.mark.parametrize(
    ("as_of", "codes"),
    [(date(2026, 12, 19), []), (date(2026, 12, 20), ["protocol-missing"])],
    ids=["the-day-before", "the-day-itself"],
)
def test_a_meeting_dated_after_as_of_needs_no_protocol_yet(tmp_path, as_of, codes):
    result = check(
        registers(tmp_path, meetings=[meeting("МК", date(2026, 12, 20), None)]), as_of=as_of
    )
    assert codes_at(result, "meetings", 2) == codes
