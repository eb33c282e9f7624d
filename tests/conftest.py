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
