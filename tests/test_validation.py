"""Headers and rows: every validation failure is a finding that names the cell."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from conftest import COURSE_HEADERS, check, codes_at, course, only, school, teacher, write_workbook

from schemas.teachers import TEACHERS
from sheets_sync.backends.xlsx import XlsxBackend
from sheets_sync.validation import read_table


def one(result, code):
    found = only(result, code)
    assert len(found) == 1, [(f.code, f.row) for f in result.findings()]
    return found[0]


@pytest.mark.parametrize(
    ("cell", "code", "column"),
    [
        ("31.02.2024", "bad-date", "Аякташы"),
        ("кийин", "bad-date", "Аякташы"),
        ("жетимиш эки", "bad-number", "Саат"),
        ("лекция", "bad-choice", "Түрү"),
    ],
)
def test_bad_cell_names_tab_row_column_and_echoes_the_raw_value(tmp_path, cell, code, column):
    row = course("Асанова Гүлзат")
    row[COURSE_HEADERS.index(column)] = cell
    path = school(tmp_path, [teacher("Асанова Гүлзат")], [course("Асанова Гүлзат"), row])
    finding = one(check(path), code)
    assert (finding.register, finding.row, finding.column) == ("pd_courses", 3, column)
    assert finding.params["value"] == cell
    assert finding.severity == "error"


def test_bad_value_in_a_yes_no_column(tmp_path):
    headers = ("Аты-жөнү", "Кызматы", "МК мүчөсү")
    path = school(
        tmp_path,
        [
            ["Асанова Гүлзат", "мугалим", "балким"],
            ["Бакиев Нурлан", "мугалим", "ооба"],
            ["Сыдыкова Бермет", "мугалим", "нет"],
        ],
        teacher_headers=headers,
    )
    finding = one(check(path), "bad-value")
    assert (finding.row, finding.column, finding.params["value"]) == (2, "МК мүчөсү", "балким")


def test_missing_required_value(tmp_path):
    path = school(tmp_path, [teacher("Асанова Гүлзат"), teacher("Бакиев Нурлан", position=None)])
    finding = one(check(path), "missing-value")
    assert (finding.register, finding.row, finding.column) == ("teachers", 3, "Кызматы")


def test_end_before_start_is_date_order(tmp_path):
    path = school(
        tmp_path,
        [teacher("Асанова Гүлзат")],
        [course("Асанова Гүлзат", start=date(2024, 6, 10), end=date(2024, 6, 1))],
    )
    finding = one(check(path), "date-order")
    assert (finding.row, finding.column) == (2, "Башталышы")  # the optional start is blamed


def test_a_failed_field_keeps_the_row_out_of_rules_that_need_it(tmp_path):
    path = school(
        tmp_path,
        [teacher("Асанова Гүлзат", hired_on=None)],
        [course("Асанова Гүлзат", hours="көп", end=date(2025, 1, 1))],
    )
    result = check(path)
    assert codes_at(result, "pd_courses", 2) == ["bad-number"]
    assert codes_at(result, "teachers", 2) == ["pd-no-record"]


def test_every_date_form_staff_type_is_read(tmp_path):
    ends = [
        date(2024, 9, 1),
        45536,
        "01.09.2024",
        "2024-09-01",
        "«1» сентябрь 2024-ж.",
        "1-сентябрь 2024-жыл",
        "1 аяк оона 2024",
    ]
    path = school(
        tmp_path,
        [teacher("Асанова Гүлзат")],
        [course("Асанова Гүлзат", end=end, submitted=date(2024, 9, 5)) for end in ends],
    )
    result = check(path)
    assert [f for f in result.findings() if f.register == "pd_courses"] == []


def test_unknown_teacher_by_name_or_id(tmp_path):
    path = school(
        tmp_path,
        [teacher("Асанова Гүлзат", id="7"), teacher("Бакиев Нурлан", mentor="Белгисиз Адам")],
        [course("асанова  гүлзат"), course("7"), course("Токтогулов Бакыт"), course("99")],
    )
    result = check(path)
    assert [(f.register, f.row, f.params["value"]) for f in only(result, "unknown-teacher")] == [
        ("teachers", 3, "Белгисиз Адам"),
        ("pd_courses", 4, "Токтогулов Бакыт"),
        ("pd_courses", 5, "99"),
    ]


def test_duplicate_id_is_a_duplicate_key_naming_the_first_row(tmp_path):
    path = school(
        tmp_path,
        [
            teacher("Асанова Гүлзат", id="7"),
            teacher("Бакиев Нурлан", id="8"),
            teacher("Сыдыкова Бермет", id="7"),
        ],
    )
    finding = one(check(path), "duplicate-key")
    assert (finding.row, finding.column, finding.params["first_row"]) == (4, "ID", 2)


def test_without_an_id_column_the_full_name_is_the_key(tmp_path):
    headers = ("Аты-жөнү", "Кызматы")
    path = school(
        tmp_path,
        [["Асанова Гүлзат", "мугалим"], ["АСАНОВА ГҮЛЗАТ", "мугалим"]],
        teacher_headers=headers,
    )
    finding = one(check(path), "duplicate-key")
    assert (finding.row, finding.column) == (3, "Аты-жөнү")


def test_missing_required_column_leaves_the_register_unprocessed(tmp_path):
    headers = [h for h in COURSE_HEADERS if h != "Саат"]
    path = school(
        tmp_path, [teacher("Асанова Гүлзат")], [["Асанова Гүлзат"]], course_headers=headers
    )
    result = check(path)
    courses = result.registers[1]
    assert [(f.code, f.row, f.column) for f in courses.findings] == [
        ("missing-column", None, "Саат")
    ]
    assert result.incomplete and not courses.processed
    assert "pd-cycle" in result.registers[0].skipped_rules


def test_duplicate_column_reads_the_first(tmp_path):
    headers = ("Аты-жөнү", "Кызматы", "ФИО")
    path = school(tmp_path, [["Асанова Гүлзат", "мугалим", "Башка Адам"]], teacher_headers=headers)
    finding = one(check(path), "duplicate-column")
    assert (finding.row, finding.params["first_column"], finding.params["column_letter"]) == (
        None,
        "A",
        "C",
    )


def test_russian_and_english_headers_and_choices_are_understood(tmp_path):
    path = write_workbook(
        tmp_path / "ru.xlsx",
        {
            "Педагоги": [
                ("Табель №", "ФИО", "Должность", "Образование", "Дата приёма"),
                ("1", "Иванова Анна", "учитель", "высшее", date(2024, 1, 1)),
            ],
            "PD courses": [
                ("Teacher", "Kind", "Hours", "End", "Document"),
                ("Иванова Анна", "КПК", 72, date(2025, 1, 1), "удостоверение"),
            ],
        },
    )
    result = check(path)
    assert [r.tab for r in result.registers if r.tab] == ["Педагоги", "PD courses"]
    assert [f.code for f in result.findings() if f.severity != "info"] == []


def test_header_matching_ignores_case_spaces_punctuation_and_yo(tmp_path):
    path = write_workbook(
        tmp_path / "x.xlsx",
        {
            "педагоги": [("  фио ", "ДОЛЖНОСТЬ", "дата приема.")],
        },
    )
    table_headers = check(path).registers[0]
    assert table_headers.tab == "педагоги" and table_headers.findings[0].code != "missing-column"


def test_title_line_above_the_header_and_blank_rows_are_fine(tmp_path):
    path = write_workbook(
        tmp_path / "x.xlsx",
        {
            "Мугалимдер": [
                ("№8 мектептин мугалимдери",),
                (),
                ("Аты-жөнү", "Кызматы"),
                ("Асанова Гүлзат", "мугалим"),
                (None, None),
                ("Бакиев Нурлан", "мугалим"),
            ],
        },
    )
    result = check(path, dry_run=True)
    assert result.registers[0].rows == 2
    marks = {
        (c.ref.row, c.value)
        for c in result.changes.cells()
        if (c.ref.tab, c.ref.column) == ("Мугалимдер", 3)
    }
    assert marks == {(3, "Статус"), (4, "✔"), (6, "✔")}


def test_document_number_is_not_confused_with_document(tmp_path):
    path = write_workbook(
        tmp_path / "x.xlsx",
        {
            "Мугалимдер": [("Аты-жөнү", "Кызматы"), ("Асанова Гүлзат", "мугалим")],
            "Квалификация": [
                ("Мугалим", "Түрү", "Саат", "Аякташы", "Документ №"),
                ("Асанова Гүлзат", "курс", 72, date(2025, 1, 1), "диплом"),
            ],
        },
    )
    assert only(check(path), "bad-choice") == []


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("full_name", "  Асанова   Гүлзат ", "Асанова Гүлзат"),  # read, not taken as it stands
        ("full_name", "Асанова Гүлзат", "Асанова Гүлзат"),
        ("experience_years", 7, 7.0),
        ("experience_years", "7,5", 7.5),
        ("experience_years", -1, "bad-number"),
        ("experience_years", True, "bad-number"),
        ("hired_on", datetime(2020, 9, 1, 8, 30), date(2020, 9, 1)),
        ("hired_on", date(1850, 9, 1), "bad-date"),
        ("hired_on", "01.09.2020", date(2020, 9, 1)),
        ("education", "жогорку кесиптик", "жогорку кесиптик"),
        ("education", "Высшее", "жогорку кесиптик"),
        ("education", "жогору", "bad-choice"),
    ],
)
def test_a_clean_cell_and_a_typed_one_read_the_same_and_fail_with_one_finding(
    tmp_path, field, value, expected
):
    headers = {"experience_years": "Стажы (жыл)", "hired_on": "Ишке кабыл алынган күн"}
    header = headers.get(field, "Билими" if field == "education" else "Аты-жөнү")
    columns = ["Кызматы", header] if field == "full_name" else ["Аты-жөнү", "Кызматы", header]
    row = [value if h == header else ("Асанова Гүлзат" if h == "Аты-жөнү" else "мугалим")
           for h in columns]  # fmt: skip
    path = write_workbook(tmp_path / "school.xlsx", {"Мугалимдер": [columns, row]})
    table, findings = read_table(XlsxBackend(path).read().tab("Мугалимдер"), TEACHERS)
    if isinstance(expected, str) and expected.startswith("bad-"):
        assert [(f.code, f.row) for f in findings] == [(expected, 2)]
        return
    assert findings == []
    assert getattr(table.records[0].data, field) == expected


def test_records_read_the_cells_by_field_name_and_keep_their_own_filled_fields():
    from sheets_sync.snapshot import Tab

    header = ["ID", "Аты-жөнү", "Кызматы", "Ишке кабыл алынган күн"]
    rows = (
        tuple(header),
        ("T1", "Асанова Айгүл", "мугалим", datetime(2020, 9, 1)),
        ("T2", "Бакиров Талант", "мугалим"),  # a short row: the date cell is empty
        ("T3", "Садыкова Нурия", "мугалим", datetime(2020, 9, 1)),
    )
    table, findings = read_table(Tab("Мугалимдер", rows), TEACHERS)
    assert findings == []
    first, short, third = table.records
    assert first.raw["hired_on"] == datetime(2020, 9, 1)
    assert short.raw["hired_on"] is None and short.raw.get("mentor") is None
    assert dict(short.raw)["full_name"] == "Бакиров Талант"
    assert first.data.hired_on == third.data.hired_on == date(2020, 9, 1)
    assert "hired_on" in first.data.model_fields_set
    assert "hired_on" not in short.data.model_fields_set
    assert first.data.model_fields_set == third.data.model_fields_set
