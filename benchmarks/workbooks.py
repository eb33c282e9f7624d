"""Workbooks the bench runs on: the sample school, and synthetic schools of any size."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl

AS_OF = date(2026, 11, 21)
KINDS = ("квалификацияны жогорулатуу курсу", "семинар", "кесиптик кайра даярдоо")
TEACHER_HEADER = [
    "ID",
    "Аты-жөнү",
    "Кызматы",
    "Билими",
    "Педстаж башталган күн",
    "Ишке кабыл алынган күн",
    "Кызматтык нускама менен таанышкан күн",
    "Насаатчы",
    "Телефон",
]
COURSE_HEADER = [
    "Мугалим",
    "Курстун аталышы",
    "Түрү",
    "Саат",
    "Башталышы",
    "Аякташы",
    "Документ",
    "Документ №",
    "Документ тапшырылган күн",
]


def build(path: Path, rows: int, seed: int = 8) -> int:
    """A school of ``rows`` data rows: a quarter teachers, three course rows per teacher.
    Returns the number of data rows written."""
    teachers = max(1, rows // 4)
    rng = random.Random(seed)
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Мугалимдер")
    sheet.append(TEACHER_HEADER)
    for number in range(teachers):
        start = date(1995, 9, 1) + timedelta(days=rng.randrange(11_000))
        sheet.append(
            [
                f"T{number}",
                f"Мугалим {number}",
                "мугалим",
                "жогорку кесиптик",
                start,
                start,
                start if rng.random() > 0.1 else None,
                None,
                f"+996 555 {number}",
            ]
        )
    courses = workbook.create_sheet("Квалификация")
    courses.append(COURSE_HEADER)
    for number in range(teachers * 3):
        end = date(2017, 1, 1) + timedelta(days=rng.randrange(3_600))
        courses.append(
            [
                f"Мугалим {number % teachers}",
                "Курс",
                rng.choice(KINDS),
                rng.choice((36, 72, 72, 520)),
                end - timedelta(days=10),
                end,
                "сертификат",
                str(number),
                end + timedelta(days=rng.randrange(60)),
            ]
        )
    workbook.save(path)
    return teachers * 4


def xlsx_tabs(path: Path) -> dict[str, list[list[object]]]:
    """Every tab's values, dates as dates: what a spreadsheet seeded from the file holds."""
    workbook = openpyxl.load_workbook(path, data_only=True)
    return {
        sheet.title: [
            [value.date() if isinstance(value, datetime) else value for value in row]
            for row in sheet.iter_rows(values_only=True)
        ]
        for sheet in workbook.worksheets
    }
