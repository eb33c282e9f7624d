"""Marks of the overview that were not checked read «—», never ✔, and the register says
which checks it skipped."""

from __future__ import annotations

import openpyxl
from conftest import (
    ASSOCIATION_HEADERS,
    TEACHER_HEADERS,
    association,
    check,
    member,
    plan,
    registers,
    report,
    teacher,
    write_workbook,
)


def rows_of(path, title):
    sheet = openpyxl.load_workbook(path)[title]
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def ma_row(rows, name):
    start = next(
        i for i, row in enumerate(rows) if str(row[0] or "").startswith("Усулдук бирикмелер,")
    )
    return next(row for row in rows[start:] if row[0] == name)


def test_without_the_council_column_and_the_documents_tab_those_marks_read_not_checked(tmp_path):
    staff = [
        [*teacher(name), "Тилдер"]
        for name in ("Асанова Гүлзат", "Бакиев Нурлан", "Осмонов Бакыт", "Жумабаева Айгүл")
    ]
    path = write_workbook(
        tmp_path / "school.xlsx",
        {
            "Мугалимдер": [(*TEACHER_HEADERS, "Усулдук бирикме"), *staff],
            "Усулдук бирикмелер": [ASSOCIATION_HEADERS, association("Тилдер", "Асанова Гүлзат")],
        },
    )
    check(path)
    rows = rows_of(path, "Жыйынтык")
    row = ma_row(rows, "Тилдер")
    assert row[4] == "—"  # the leader's council seat: no «МК мүчөсү» column
    assert row[8] == "—"  # the MA file: no documents tab
    assert "✔" not in (row[4], row[5], row[6])
    by_register = {r[0]: r for r in rows if r[0] in ("Мугалимдер", "Усулдук бирикмелер")}
    assert "Методикалык кеңештин курамы" in by_register["Мугалимдер"][1]
    assert "Жетекчи методикалык кеңеште" in by_register["Усулдук бирикмелер"][1]


def test_a_register_level_skip_is_listed_with_the_column_it_needs(tmp_path):
    staff = [member("Асанова Гүлзат", "Тилдер", council="ооба")]
    headers = [h for h in TEACHER_HEADERS if h != "Ишке кабыл алынган күн"]
    rows = [
        [v for h, v in zip(TEACHER_HEADERS, row, strict=False) if h != "Ишке кабыл алынган күн"]
        for row in staff
    ]
    path = write_workbook(
        tmp_path / "school.xlsx",
        {"Мугалимдер": [headers, *rows], "Квалификация": [("Мугалим", "Түрү", "Саат", "Аякташы")]},
    )
    check(path)
    listed = [row for row in rows_of(path, "Жыйынтык") if str(row[0] or "").startswith("ℹ ")]
    rows = rows_of(path, "Жыйынтык")
    start = rows.index(listed[0])
    end = next(i for i in range(start, len(rows)) if not any(rows[i]))
    message = " ".join(row[1] for row in rows[start:end])  # a long one goes on below
    assert "Ишке кабыл алынган күн" in message, listed


def test_with_every_input_present_the_marks_are_checks_not_dashes(tmp_path):
    staff = [
        member(n, "Тилдер", council="ооба")
        for n in ("Асанова Гүлзат", "Бакиев Нурлан", "Осмонов Бакыт", "Жумабаева Айгүл")
    ]
    path = registers(
        tmp_path,
        teachers=staff,
        associations=[association("Тилдер", "Асанова Гүлзат")],
        plans=[plan("Тилдер"), report("Тилдер")],
    )
    check(path)
    row = ma_row(rows_of(path, "Жыйынтык"), "Тилдер")
    assert row[3:7] == ["✔", "✔", "✔", "✔"]
