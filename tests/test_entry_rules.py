"""Entry rules: drop-downs and date checks a register's tab gets, from its schema's fields."""

from __future__ import annotations

from dataclasses import replace
from enum import StrEnum
from pathlib import Path

import pytest

import schemas
from schemas import ASSOCIATIONS, DOCUMENTS, ORDERS, PD_COURSES, REGISTERS, TEACHERS
from schemas.choices import DocType, Position
from sheets_sync.backends.xlsx import XlsxBackend
from sheets_sync.changes import CellRef, SetValidation
from sheets_sync.entry_rules import (
    LIST_LIMIT,
    YES_NO,
    bottom_row,
    choice_values,
    entry_rules,
    key_range,
)
from sheets_sync.headers import find_tab, map_headers
from sheets_sync.messages import ENGINE_LOCALES, Catalog
from sheets_sync.snapshot import Span, Tab

RU = Catalog.load("ru", (ENGINE_LOCALES, schemas.LOCALES)).sections["choices"]
SAMPLE = Path(schemas.__file__).parent / "samples" / "school.xlsx"

TEACHER_HEADERS = (
    "ID",
    "Аты-жөнү",
    "Кызматы",
    "Предмет",
    "Усулдук бирикме",
    "Билими",
    "Стажы (жыл)",
    "Ишке кабыл алынган күн",
    "Насаатчы",
    "МК мүчөсү",
    "Менин эскертмем",  # the school's own column
)


def teachers_tab(rows: int = 3, *, title_line: bool = True, validated: frozenset = frozenset()):
    top = [["Мектеп № 5: мугалимдер"]] if title_line else []
    body = [[f"T{n}", f"Мугалим {n}", "мугалим"] for n in range(1, rows + 1)]
    return Tab("Мугалимдер", [*top, list(TEACHER_HEADERS), *body], validated_columns=validated)


def associations_tab():
    rows = [["Аталышы", "Жетекчиси"], ["Математика", "Мугалим 1"], ["Тил", "Мугалим 2"]]
    return Tab("Усулдук бирикмелер", rows)


def rules_for(tab, register=TEACHERS, sources=None):
    header = map_headers(tab, register)
    if sources is None:
        ma = associations_tab()
        sources = {
            "teachers": key_range(TEACHERS, tab, header),
            "associations": key_range(ASSOCIATIONS, ma, map_headers(ma, ASSOCIATIONS)),
        }
    return {
        change.span.first_column: change
        for change in entry_rules(register, tab, header, sources=sources, labels=RU)
    }


def test_choice_column_offers_kyrgyz_and_russian_values_as_a_warning_only_list():
    position = rules_for(teachers_tab())[3].validation
    assert position.kind == "list" and position.strict is False
    assert position.values[: len(Position)] == tuple(member.value for member in Position)
    assert {"учитель", "заместитель директора", "другое"} <= set(position.values)
    assert len(position.values) == len(set(position.values))  # «директор» once, not twice


def test_every_value_a_drop_down_offers_reads_back_as_the_columns_choice():
    checked = 0
    for register in REGISTERS:
        tab = Tab("t", [[column.ky for column in register.columns.values()]])
        header = map_headers(tab, register)
        by_column = {column: name for name, column in header.columns.items()}
        for change in entry_rules(register, tab, header, sources={}, labels=RU):
            if change.validation.kind != "list":
                continue
            adapter = register.adapters[by_column[change.span.first_column]]
            read = [adapter.validate_python(value) for value in change.validation.values]
            assert None not in read, (register.id, change.validation.values)
            checked += len(read)
    assert checked > 45


def test_rules_span_from_under_the_header_down_past_the_last_row():
    tab = teachers_tab(rows=700)
    for change in rules_for(tab).values():
        assert change.tab == "Мугалимдер"
        assert change.span.first_row == 3  # the header sits under a title line
        assert (
            change.span.last_row == tab.height + 500 == bottom_row(tab, map_headers(tab, TEACHERS))
        )
        assert change.span.first_column == change.span.last_column


def test_a_short_tab_is_covered_down_to_row_1000():
    for change in rules_for(teachers_tab(rows=2, title_line=False)).values():
        assert change.span == Span(2, change.span.first_column, 1000, change.span.first_column)


def test_reference_columns_list_the_referenced_registers_name_column():
    rules = rules_for(teachers_tab())
    mentor, association = rules[9].validation, rules[5].validation
    assert mentor.kind == "range" and mentor.strict is False
    # the full name (column B), filled on every row, not the optional ID in column A
    assert (mentor.source, mentor.source_end) == (
        CellRef("Мугалимдер", 3, 2),
        CellRef("Мугалимдер", 1000, 2),
    )
    assert association.kind == "range"
    assert (association.source, association.source_end) == (
        CellRef("Усулдук бирикмелер", 2, 1),
        CellRef("Усулдук бирикмелер", 1000, 1),
    )


def test_a_reference_to_a_register_the_workbook_lacks_gets_no_drop_down():
    tab = teachers_tab()
    header = map_headers(tab, TEACHERS)
    rules = rules_for(tab, sources={"teachers": key_range(TEACHERS, tab, header)})
    assert 5 not in rules  # the associations tab is absent
    assert rules[9].validation.kind == "range"


def test_date_and_yes_no_columns_and_nothing_on_text_or_number_columns():
    rules = rules_for(teachers_tab())
    assert rules[8].validation.kind == "date" and rules[8].validation.strict is False
    assert rules[10].validation.values == YES_NO
    council_member = TEACHERS.adapters["council_member"]
    assert [council_member.validate_python(word) for word in YES_NO] == [True, False, True, False]
    # ID, full name, subject, experience years and the school's own column: no rule
    assert sorted(rules) == [3, 5, 6, 8, 9, 10]


def test_columns_with_the_schools_own_validation_are_left_alone():
    rules = rules_for(teachers_tab(validated=frozenset({3, 8})))
    assert sorted(rules) == [5, 6, 9, 10]


def test_every_list_fits_what_a_spreadsheet_keeps_as_one_drop_down():
    for register in REGISTERS:
        tab = Tab("t", [[column.ky for column in register.columns.values()]])
        for change in entry_rules(register, tab, map_headers(tab, register), sources={}, labels=RU):
            if change.validation.kind == "list":
                values = change.validation.values
                assert len('"' + ",".join(values) + '"') <= LIST_LIMIT
                assert not any("," in value for value in values)


def test_a_list_too_long_in_both_languages_offers_kyrgyz_only_and_one_too_long_in_kyrgyz_none():
    Short = StrEnum("Short", {"A": "а" * 100, "B": "б" * 100})
    assert choice_values(Short, {"а" * 100: "в" * 100}) == ("а" * 100, "б" * 100)
    Long = StrEnum("Long", {"A": "а" * 200, "B": "б" * 200})
    assert choice_values(Long, {}) == ()
    # the eleven document types of the MA file are such a list: the column gets no drop-down
    assert choice_values(DocType, RU) == ()
    tab = Tab("Документтер", [["Усулдук бирикме", "Документтин түрү", "Окуу жылы", "Түзүлгөн күн"]])
    changes = entry_rules(DOCUMENTS, tab, map_headers(tab, DOCUMENTS), sources={}, labels=RU)
    assert [change.span.first_column for change in changes] == [4]


@pytest.mark.parametrize(
    ("register", "expected"),
    [
        (TEACHERS, {"list": 3, "range": 2, "date": 3}),
        (PD_COURSES, {"list": 2, "range": 1, "date": 3}),
        (ASSOCIATIONS, {"range": 1}),
        (ORDERS, {"date": 1}),
    ],
)
def test_every_register_on_the_sample_workbook_gets_its_rules(register, expected):
    # The sample's own validations aside: this is about what the fields ask for.
    tabs = [replace(tab, validated_columns=frozenset()) for tab in XlsxBackend(SAMPLE).read()]
    placed = {r.id: (t, map_headers(t, r)) for r in REGISTERS if (t := find_tab(tabs, r))}
    sources = {
        rid: key_range(r, *placed[rid])
        for rid, r in {"teachers": TEACHERS, "associations": ASSOCIATIONS}.items()
    }
    tab, header = placed[register.id]
    changes = entry_rules(register, tab, header, sources=sources, labels=RU)
    kinds: dict[str, int] = {}
    for change in changes:
        assert isinstance(change, SetValidation) and change.tab == tab.title
        assert change.span.first_row == header.row + 1
        kinds[change.validation.kind] = kinds.get(change.validation.kind, 0) + 1
    assert kinds == expected
