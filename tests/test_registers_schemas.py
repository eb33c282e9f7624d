"""The six registers beside teachers and courses: found by their ky/ru/en tab and header names,
choice values in Kyrgyz, Russian and the usual abbreviations, references between them."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import (
    association,
    check,
    codes_at,
    document,
    event,
    meeting,
    member,
    only,
    plan,
    registers,
    write_workbook,
)
from pydantic import TypeAdapter

from jobs.methodical_work import JOB
from schemas import REGISTERS
from schemas.choices import (
    Council,
    DocType,
    DocTypeChoice,
    EventKind,
    EventKindChoice,
    Period,
    PeriodChoice,
    PlanKind,
    PlanKindChoice,
    abbreviated,
    council_of,
)
from sheets_sync.text import normalize

BAD = {"missing-value", "bad-date", "bad-number", "bad-choice", "bad-value", "missing-column"}


def test_registers_are_in_domain_order():
    assert [register.id for register in REGISTERS] == [
        "teachers",
        "pd_courses",
        "associations",
        "meetings",
        "plans_reports",
        "events",
        "documents",
        "orders",
    ]


@pytest.mark.parametrize("register", REGISTERS, ids=lambda register: register.id)
def test_no_two_fields_of_a_register_share_a_header_name(register):
    seen: dict[str, str] = {}
    for field, column in register.columns.items():
        for name in column.names():
            assert seen.setdefault(normalize(name), field) == field, (name, field)


TABS_IN_RUSSIAN = {
    "Педагоги": [
        ("ФИО", "Должность", "Методобъединение"),
        ("Иванова Анна", "учитель", "Математика"),
    ],
    "Методобъединения": [
        ("Название", "Образовательная область", "Руководитель", "Методическая тема"),
        ("Математика", "Математика и информатика", "Иванова Анна", "Функциональная грамотность"),
    ],
    "Заседания": [
        ("Орган", "Дата", "Протокол №", "Повестка", "Решение", "Присутствовали"),
        ("методсовет", date(2026, 10, 1), "1", "План", "Утвердить", 12),
    ],
    "Планы и отчёты": [
        ("Чей", "Вид", "Период", "Начало периода", "Конец периода", "Дата утверждения или сдачи"),
        (
            "Математика",
            "план работы",
            "учебный год",
            date(2026, 9, 1),
            date(2027, 5, 31),
            "03.09.2026",
        ),
    ],
    "Открытые уроки и мероприятия": [
        ("Вид", "Методобъединение", "Педагог", "Тема", "План", "Проведено"),
        ("открытый урок", "Математика", "Иванова Анна", "Дроби", date(2026, 10, 5), None),
    ],
    "Документы": [
        ("Методобъединение", "Вид документа", "Учебный год", "Дата", "Сдан в архив", "Ссылка"),
        ("Математика", "протоколы заседаний", "2026/27", date(2026, 9, 1), None, "http://x"),
    ],
    "Приказы": [
        ("№ приказа", "Дата", "Содержание"),
        ("1-к", "12.01.2026", "О приёме на работу"),
    ],
}
TABS_IN_ENGLISH = {
    "Teachers": [
        ("Full name", "Position", "Methodical association"),
        ("Ann Ivanova", "teacher", "Maths"),
    ],
    "Methodical associations": [
        ("Name", "Education area", "Leader", "Methodical theme"),
        ("Maths", "Maths", "Ann Ivanova", "Literacy"),
    ],
    "Meetings": [("Body", "Date", "Protocol №"), ("Methodical council", date(2026, 10, 1), "1")],
    "Plans and reports": [
        ("Owner", "Kind", "Period", "Period start", "Period end", "Approved or submitted on"),
        (
            "Maths",
            "work plan",
            "school year",
            date(2026, 9, 1),
            date(2027, 5, 31),
            date(2026, 9, 3),
        ),
    ],
    "Events": [
        ("Kind", "Methodical association", "Planned on", "Held on"),
        ("seminar", "Maths", date(2026, 10, 5), date(2026, 10, 5)),
    ],
    "Documents": [
        ("Document type", "School year", "Archived on"),
        ("session protocols", "2026-2027", None),
    ],
    "Orders": [("Order №", "Date", "Title"), ("1", date(2026, 1, 12), "Staff")],
}


@pytest.mark.parametrize("tabs", [TABS_IN_RUSSIAN, TABS_IN_ENGLISH], ids=["ru", "en"])
def test_every_register_is_read_under_its_russian_and_english_names(tmp_path, tabs):
    result = check(write_workbook(tmp_path / "x.xlsx", tabs))
    assert [r.tab for r in result.registers if r.register.id != "pd_courses"] == list(tabs)
    assert all(r.rows == 1 for r in result.registers if r.tab)
    assert {f.code for f in result.findings()} & (BAD | {"unknown-association"}) == set()


@pytest.mark.parametrize(
    ("choice", "typed", "expected"),
    [
        (DocTypeChoice, "УБ жөнүндө жобо", DocType.REGULATION),
        (DocTypeChoice, "МБ жөнүндө жобо", DocType.REGULATION),
        (DocTypeChoice, "ШМО жөнүндө жобо", DocType.REGULATION),
        (DocTypeChoice, "Положение о ШМО", DocType.REGULATION),
        (DocTypeChoice, "усулдук бирикме жөнүндө жобо", DocType.REGULATION),
        (DocTypeChoice, "МБ ачуу жөнүндө буйрук", DocType.OPENING_ORDER),
        (DocTypeChoice, "приказ об открытии МО", DocType.OPENING_ORDER),
        (DocTypeChoice, "Протоколы заседаний", DocType.PROTOCOLS),
        (DocTypeChoice, "анализ работы", DocType.ANALYSIS),
        (DocTypeChoice, "ВШК", DocType.INTERNAL_CONTROL),
        (PlanKindChoice, "Отчёт", PlanKind.REPORT),
        (PlanKindChoice, "план работы", PlanKind.WORK_PLAN),
        (PlanKindChoice, "анализ", PlanKind.ANALYSIS),
        (PeriodChoice, "четверть", Period.QUARTER),
        (PeriodChoice, "Учебный год", Period.SCHOOL_YEAR),
        (EventKindChoice, "Открытый урок", EventKind.OPEN_LESSON),
        (EventKindChoice, "предметная неделя", EventKind.SUBJECT_WEEK),
        (EventKindChoice, "внеклассное мероприятие", EventKind.EXTRACURRICULAR),
    ],
)
def test_choice_values_are_understood_in_kyrgyz_russian_and_abbreviated(choice, typed, expected):
    assert TypeAdapter(choice).validate_python(typed) is expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Методикалык кеңеш", Council.METHODICAL),
        ("МК", Council.METHODICAL),
        ("методсовет", Council.METHODICAL),
        ("Методический совет", Council.METHODICAL),
        ("Педагогикалык кеңеш", Council.PEDAGOGICAL),
        ("ПК", Council.PEDAGOGICAL),
        ("педсовет", Council.PEDAGOGICAL),
        ("Педагогический совет", Council.PEDAGOGICAL),
        ("Математика УБ", None),
    ],
)
def test_councils_are_understood_by_full_name_and_abbreviation(typed, expected):
    assert council_of(typed) is expected


def test_an_abbreviation_stands_for_the_full_name_inside_a_spelling():
    assert "мб жөнүндө жобо" in abbreviated(["УБ жөнүндө жобо"])
    assert "усулдук бирикме жөнүндө жобо" in abbreviated(["ШМО жөнүндө жобо"])
    assert abbreviated(["субботник"]) == ("субботник",)  # «уб» inside a word is not «УБ»


def test_a_bad_choice_lists_the_allowed_values_in_the_readers_language(tmp_path):
    path = registers(tmp_path, events=[event("лекция", planned=date(2026, 12, 1), held=None)])
    result = check(path, language="ru", dry_run=True)
    finding = only(result, "bad-choice")[0]
    text = JOB.catalog("ru").finding(finding, JOB.register_map)
    assert "открытый урок" in text and "внеклассное мероприятие" in text
    assert "ачык сабак" not in text


ASSOCIATIONS = [association("Математика", "Асанова Гүлзат")]


def test_a_teacher_naming_no_association_is_unknown_association(tmp_path):
    path = registers(
        tmp_path,
        teachers=[member("Асанова Гүлзат", "Математика"), member("Бакиев Нурлан", "Физика УБ")],
        associations=ASSOCIATIONS,
    )
    result = check(path)
    assert codes_at(result, "teachers", 2) == []
    finding = only(result, "unknown-association")[0]
    assert (finding.register, finding.row, finding.column) == ("teachers", 3, "Усулдук бирикме")
    assert finding.params["value"] == "Физика УБ"


def test_events_and_documents_name_associations_too(tmp_path):
    path = registers(
        tmp_path,
        teachers=[member("Асанова Гүлзат", "Математика")],
        associations=ASSOCIATIONS,
        events=[event("семинар", "Математика"), event("семинар", "Химия")],
        documents=[document("УБ жөнүндө жобо", "2026-2027", association="Химия")],
    )
    result = check(path)
    assert [(f.register, f.row) for f in only(result, "unknown-association")] == [
        ("events", 3),
        ("documents", 2),
    ]


def test_without_the_associations_tab_the_association_column_is_skipped_once(tmp_path):
    path = registers(tmp_path, teachers=[member("Асанова Гүлзат", "Физика УБ")])
    result = check(path)
    assert only(result, "unknown-association") == []
    skipped = [f for f in only(result, "rule-skipped") if f.params["rule"] == "references"]
    assert [(f.register, f.params["missing_register"]) for f in skipped] == [
        ("teachers", "associations")
    ]


def test_a_period_ending_before_it_starts_is_date_order(tmp_path):
    path = registers(
        tmp_path,
        plans=[plan("Математика", start=date(2026, 9, 1), end=date(2026, 8, 1))],
        documents=[
            document("айлык иш план", "2026-2027", created=date(2026, 10, 1), archived="01.09.2026")
        ],
    )
    result = check(path)
    found = [(f.register, f.row, f.column) for f in only(result, "date-order")]
    assert found == [
        ("plans_reports", 2, "Мезгилдин аягы"),
        ("documents", 2, "Архивге өткөн күн"),
    ]


def test_a_blank_protocol_number_is_not_a_missing_value_but_a_blank_body_is(tmp_path):
    path = registers(
        tmp_path,
        meetings=[meeting("МК", date(2026, 12, 20), None), meeting(None, date(2026, 12, 21))],
    )
    result = check(path)
    assert codes_at(result, "meetings", 2) == []
    assert codes_at(result, "meetings", 3) == ["missing-value"]


def test_a_meetings_tab_without_a_protocol_column_is_not_processed(tmp_path):
    path = write_workbook(
        tmp_path / "x.xlsx", {"Отурумдар": [("Орган", "Күнү"), ("МК", date(2026, 10, 1))]}
    )
    result = check(path)
    missing = only(result, "missing-column")
    assert [(f.register, f.field) for f in missing] == [("meetings", "protocol_no")]


@pytest.mark.parametrize(
    ("typed", "ok"),
    [("2024-2025", True), ("2024/25", True), ("2024–2025-окуу жылы", True), ("2024-2026", False)],
)
def test_a_documents_school_year_reads_like_2024_2025(tmp_path, typed, ok):
    path = registers(tmp_path, documents=[document("УБ жөнүндө жобо", typed)])
    result = check(path)
    assert codes_at(result, "documents", 2) == ([] if ok else ["bad-value"])


def test_both_dates_of_a_date_order_message_are_written_the_readers_way(tmp_path):
    path = registers(tmp_path, plans=[plan("МК", start=date(2026, 9, 1), end=date(2026, 8, 1))])
    [finding] = only(check(path), "date-order")
    english = JOB.catalog("en").finding(finding, JOB.register_map)
    kyrgyz = JOB.catalog("ky").finding(finding, JOB.register_map)
    assert "2026-08-01" in english and "2026-09-01" in english
    assert "01.08.2026" in kyrgyz and "01.09.2026" in kyrgyz
