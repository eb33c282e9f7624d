"""Shared builders: real .xlsx workbooks on disk and a real run over them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl

from jobs.methodical_work import JOB
from sheets_sync.backends.xlsx import XlsxBackend
from sheets_sync.findings import Finding
from sheets_sync.job import RunResult, run

AS_OF = date(2026, 11, 21)

# Every finding code of DOMAIN.md and of the engine: the report's contract.
ALL_CODES = frozenset(
    {
        "missing-column",
        "duplicate-column",
        "missing-value",
        "bad-date",
        "bad-number",
        "bad-choice",
        "bad-value",
        "duplicate-key",
        "unknown-teacher",
        "date-order",
        "rule-skipped",
        "tab-not-found",
        "summary-tab-taken",
        "pd-overdue",
        "pd-due-soon",
        "pd-next-due",
        "pd-no-record",
        "pd-hours-short",
        "retraining-hours-short",
        "document-kind-mismatch",
        "pd-certificate-missing",
        "deputy-education",
        "deputy-experience",
        "mentor-missing",
        "jd-not-acknowledged",
        "unknown-association",
        "unknown-owner",
        "unknown-body",
        "leader-education",
        "leader-experience",
        "leader-not-member",
        "leader-not-on-council",
        "ma-file-incomplete",
        "deputy-plan-missing",
        "council-plan-missing",
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
    }
)
# Codes that mean a tab itself is broken or missing; a well-kept workbook shows none of them.
TAB_CODES = frozenset(
    {"missing-column", "duplicate-column", "rule-skipped", "tab-not-found", "summary-tab-taken"}
)

TEACHER_HEADERS = (
    "ID",
    "Аты-жөнү",
    "Кызматы",
    "Билими",
    "Педстаж башталган күн",
    "Ишке кабыл алынган күн",
    "Кызматтык нускама менен таанышкан күн",
    "Насаатчы",
)
COURSE_HEADERS = (
    "Мугалим",
    "Курстун аталышы",
    "Түрү",
    "Саат",
    "Башталышы",
    "Аякташы",
    "Документ",
    "Документ №",
    "Документ тапшырылган күн",
)


def teacher(
    name: str,
    *,
    id: str | None = None,
    position: Any = "мугалим",
    education: Any = "жогорку кесиптик",
    experience_start: Any = date(2010, 9, 1),
    hired_on: Any = date(2010, 9, 1),
    jd: Any = date(2020, 9, 1),
    mentor: Any = None,
) -> list[Any]:
    return [id, name, position, education, experience_start, hired_on, jd, mentor]


def course(
    teacher_name: str,
    *,
    end: Any = date(2024, 6, 1),
    kind: Any = "квалификацияны жогорулатуу курсу",
    hours: Any = 72,
    start: Any = None,
    document: Any = "сертификат",
    number: Any = "А-1",
    submitted: Any = date(2024, 6, 10),
    title: Any = "Жаңы стандарттар",
) -> list[Any]:
    return [teacher_name, title, kind, hours, start, end, document, number, submitted]


def write_workbook(path: Path, tabs: dict[str, Sequence[Sequence[Any]]]) -> Path:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in tabs.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    workbook.save(path)
    return path


def school(
    folder: Path,
    teachers: Iterable[Sequence[Any]] = (),
    courses: Iterable[Sequence[Any]] = (),
    *,
    teacher_headers: Sequence[str] = TEACHER_HEADERS,
    course_headers: Sequence[str] | None = COURSE_HEADERS,
    name: str = "school.xlsx",
) -> Path:
    """A workbook with a teachers tab and, unless ``course_headers`` is None, a courses tab."""
    tabs: dict[str, list[Sequence[Any]]] = {"Мугалимдер": [teacher_headers, *teachers]}
    if course_headers is not None:
        tabs["Квалификация"] = [course_headers, *courses]
    return write_workbook(folder / name, tabs)


def check(path: Path, *, as_of: date = AS_OF, **options: Any) -> RunResult:
    return run(JOB, XlsxBackend(path), as_of=as_of, **options)


def codes_at(result: RunResult, register: str, row: int | None) -> list[str]:
    return sorted(f.code for f in result.findings() if f.register == register and f.row == row)


def only(result: RunResult, code: str) -> list[Finding]:
    return [finding for finding in result.findings() if finding.code == code]


# --- The other registers of DOMAIN.md: one builder per row, ``registers`` for the workbook. ---

MEMBER_HEADERS = (*TEACHER_HEADERS, "Усулдук бирикме", "МК мүчөсү")
ASSOCIATION_HEADERS = ("Аталышы", "Билим берүү тармагы", "Жетекчиси", "Усулдук тема")
MEETING_HEADERS = ("Орган", "Күнү", "Протокол №", "Күн тартиби", "Токтом", "Катышкандар")
PLAN_HEADERS = (
    "Ээси",
    "Түрү",
    "Мезгил",
    "Мезгилдин башы",
    "Мезгилдин аягы",
    "Бекитилген же тапшырылган күн",
    "Бекиткен",
)
EVENT_HEADERS = ("Түрү", "Усулдук бирикме", "Мугалим", "Темасы", "Пландалган күн", "Өткөрүлгөн күн")
DOCUMENT_HEADERS = (
    "Усулдук бирикме",
    "Документтин түрү",
    "Окуу жылы",
    "Түзүлгөн күн",
    "Архивге өткөн күн",
    "Шилтеме",
)
ORDER_HEADERS = ("Буйрук №", "Күнү", "Мазмуну")

TABS = {
    "teachers": ("Мугалимдер", MEMBER_HEADERS),
    "courses": ("Квалификация", COURSE_HEADERS),
    "associations": ("Усулдук бирикмелер", ASSOCIATION_HEADERS),
    "meetings": ("Отурумдар", MEETING_HEADERS),
    "plans": ("Пландар жана отчеттор", PLAN_HEADERS),
    "events": ("Ачык сабактар", EVENT_HEADERS),
    "documents": ("Документтер", DOCUMENT_HEADERS),
    "orders": ("Буйруктар", ORDER_HEADERS),
}


def member(name: str, association: Any = None, *, council: Any = None, **options: Any) -> list:
    """A teacher row under MEMBER_HEADERS: ``teacher`` plus association and council member."""
    return [*teacher(name, **options), association, council]


def association(name: str, leader: Any, *, area: Any = None, theme: Any = None) -> list[Any]:
    return [name, area, leader, theme]


def meeting(
    body: Any,
    day: Any,
    protocol: Any = "1",
    *,
    agenda: Any = None,
    decisions: Any = None,
    attendees: Any = None,
) -> list[Any]:
    return [body, day, protocol, agenda, decisions, attendees]


def plan(
    owner: Any,
    *,
    kind: Any = "иш планы",
    period: Any = "окуу жылы",
    start: Any = date(2026, 9, 1),
    end: Any = date(2027, 5, 31),
    done: Any = date(2026, 9, 3),
    approver: Any = None,
) -> list[Any]:
    """A plans_reports row; by default the annual work plan of 2026-2027, approved in time."""
    return [owner, kind, period, start, end, done, approver]


def report(
    owner: Any,
    *,
    period: Any = "окуу жылы",
    start: Any = date(2025, 9, 1),
    end: Any = date(2026, 5, 31),
    done: Any = date(2026, 6, 3),
) -> list[Any]:
    """A plans_reports row; by default the annual report on 2025-2026, handed in on time."""
    return plan(owner, kind="отчет", period=period, start=start, end=end, done=done)


def event(
    kind: Any,
    association: Any = None,
    *,
    planned: Any = date(2026, 10, 15),
    held: Any = date(2026, 10, 15),
    teacher: Any = None,
    topic: Any = None,
) -> list[Any]:
    return [kind, association, teacher, topic, planned, held]


def document(
    doc_type: Any,
    school_year: Any,
    *,
    association: Any = None,
    created: Any = None,
    archived: Any = None,
    link: Any = None,
) -> list[Any]:
    return [association, doc_type, school_year, created, archived, link]


def order(number: Any, day: Any, title: Any = "Буйрук") -> list[Any]:
    return [number, day, title]


def registers(folder: Path, *, name: str = "school.xlsx", **tabs: Iterable[Sequence[Any]]) -> Path:
    """A workbook with only the tabs named (keys of TABS), each under its default headers:
    ``registers(tmp_path, teachers=[member(...)], orders=[order("1", day)])``."""
    sheets = {}
    for key, rows in tabs.items():
        title, headers = TABS[key]
        sheets[title] = [headers, *rows]
    return write_workbook(folder / name, sheets)
