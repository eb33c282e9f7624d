import datetime

import pytest

from sheets_sync.dates import DateParseError, parse_date

D = datetime.date
SEP_1 = D(2024, 9, 1)
OCT_30 = D(2022, 10, 30)


def _assert_rejected(raw: object) -> None:
    with pytest.raises(DateParseError) as excinfo:
        parse_date(raw)
    assert excinfo.value.raw is raw


@pytest.mark.parametrize("raw", [None, "", " ", "   ", "\t\n", "\xa0", " \u202f "])
def test_blank_cell_is_no_date(raw: object) -> None:
    assert parse_date(raw) is None


def test_date_cell_is_returned_as_is() -> None:
    assert parse_date(SEP_1) == SEP_1


def test_datetime_cell_loses_its_time_of_day() -> None:
    result = parse_date(datetime.datetime(2024, 9, 1, 10, 30))
    assert result == SEP_1
    assert type(result) is datetime.date


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (45536, SEP_1),
        (45536.0, SEP_1),
        (45536.75, SEP_1),  # 18:00 on the same day
        (44864, OCT_30),
        (61, D(1900, 3, 1)),
        (109574, D(2199, 12, 31)),
        (109939, D(2200, 12, 31)),
        (109939.99, D(2200, 12, 31)),
        ("45536", SEP_1),
        (" 44864 ", OCT_30),
    ],
)
def test_serial_number_matches_spreadsheet_epoch(raw: object, expected: D) -> None:
    assert parse_date(raw) == expected


@pytest.mark.parametrize(
    "raw",
    ["01.09.2024", "1.9.2024", "01.09.24", "1.9.24", "01/09/2024", "1/9/2024", "01-09-2024",
     "01.09.2024 г.", "01.09.2024ж", "01.09.2024 10:15"],
)  # fmt: skip
def test_reads_numeric_text_day_first(raw: str) -> None:
    assert parse_date(raw) == SEP_1


def test_numeric_text_never_reads_month_first() -> None:
    assert parse_date("02.09.2024") == D(2024, 9, 2)
    assert parse_date("12/01/2024") == D(2024, 1, 12)


@pytest.mark.parametrize(
    "raw",
    ["2024-09-01", "2024.09.01", "2024/09/01", "2024-9-1", "2024-09-01 00:00:00",
     "2024-09-01T10:00", "2024-09-01T10:00:59.123", "2024-09-01 ж."],
)  # fmt: skip
def test_reads_year_first_numeric_text(raw: str) -> None:
    assert parse_date(raw) == SEP_1


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("«30» октябрь 2022-ж.", OCT_30),
        ("«30 » Октябрь 2022-ж.", OCT_30),
        ("“30” август 2022-жыл", D(2022, 8, 30)),
        ("30-август 2022-жыл", D(2022, 8, 30)),
        ("« 29 » 08 2022 ж", D(2022, 8, 29)),
        ("1-сентябрь, 2024-ж.", SEP_1),
        ("30 октября 2022 г.", OCT_30),
        ("2022-жылдын 30-октябры", OCT_30),
        ("2022-жылы 30-октябрь", OCT_30),
        ('"30" октябрь 2022', OCT_30),
        ("„30“ октябрь 2022 ж.", OCT_30),
        ("'30' октябрь 2022-ж", OCT_30),
        ("‘30’ октябрь 2022-жылы", OCT_30),
        ("30 октябрь 2022", OCT_30),
        ("30 октябрь, 2022", OCT_30),
        ("30 - октябрь 2022 ж.", OCT_30),
        ("30 октябрь 22 г.", OCT_30),
    ],
)
def test_reads_kyrgyz_document_dates(raw: str, expected: D) -> None:
    assert parse_date(raw) == expected


@pytest.mark.parametrize("suffix", ["", "ж", "ж.", "-ж.", " жыл", "-жыл", "-жылы", "г", " г.",
                                    " года", " год", "-жылдын"])  # fmt: skip
def test_accepts_every_year_suffix(suffix: str) -> None:
    assert parse_date(f"30 октябрь 2022{suffix}") == OCT_30


RUSSIAN_MONTHS = [
    ("январь", "января"), ("февраль", "февраля"), ("март", "марта"), ("апрель", "апреля"),
    ("май", "мая"), ("июнь", "июня"), ("июль", "июля"), ("август", "августа"),
    ("сентябрь", "сентября"), ("октябрь", "октября"), ("ноябрь", "ноября"),
    ("декабрь", "декабря"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "month"),
    [(name, number) for number, forms in enumerate(RUSSIAN_MONTHS, 1) for name in forms],
)
def test_reads_russian_month_names_nominative_and_genitive(name: str, month: int) -> None:
    assert parse_date(f"5 {name} 2023") == D(2023, month, 5)


@pytest.mark.parametrize(
    ("name", "month"),
    [("январдын", 1), ("февралда", 2), ("марттын", 3), ("апрелде", 4), ("майда", 5),
     ("июнда", 6), ("июлда", 7), ("августы", 8), ("сентябрдын", 9), ("октябры", 10),
     ("ноябрда", 11), ("декабрда", 12), ("сент.", 9), ("окт.", 10), ("дек", 12)],
)  # fmt: skip
def test_reads_kyrgyz_endings_and_abbreviations_of_month_names(name: str, month: int) -> None:
    assert parse_date(f"5-{name} 2023-ж.") == D(2023, month, 5)


@pytest.mark.parametrize(
    ("name", "month"),
    [("мар", 3), ("май", 5), ("мая", 5), ("июн", 6), ("июл", 7), ("июня", 6), ("июля", 7)],
)
def test_tells_apart_months_with_similar_stems(name: str, month: int) -> None:
    assert parse_date(f"5 {name} 2023") == D(2023, month, 5)


KYRGYZ_TRADITIONAL = [
    "үчтүн айы", "бирдин айы", "жалган куран", "чын куран", "бугу", "кулжа", "теке",
    "баш оона", "аяк оона", "тогуздун айы", "жетинин айы", "бештин айы",
]  # fmt: skip


@pytest.mark.parametrize(("name", "month"), [(n, i) for i, n in enumerate(KYRGYZ_TRADITIONAL, 1)])
def test_reads_kyrgyz_traditional_month_names(name: str, month: int) -> None:
    assert parse_date(f"«5» {name} 2023-ж.") == D(2023, month, 5)
    assert parse_date(f"2023-жылдын 5-{name}") == D(2023, month, 5)


@pytest.mark.parametrize(
    ("name", "month"),
    [("үчтүн", 1), ("бирдин", 2), ("тогуздун", 10), ("жетинин", 11), ("бештин", 12),
     ("Тогуздун Айы", 10), ("учтун айы", 1), ("чын куран айы", 4)],
)  # fmt: skip
def test_reads_kyrgyz_traditional_names_without_ayy_or_kyrgyz_letters(
    name: str, month: int
) -> None:
    assert parse_date(f"5 {name} 2023") == D(2023, month, 5)


ENGLISH_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
                  "September", "October", "November", "December"]  # fmt: skip


@pytest.mark.parametrize(("name", "month"), [(n, i) for i, n in enumerate(ENGLISH_MONTHS, 1)])
def test_reads_english_month_names_full_and_short(name: str, month: int) -> None:
    expected = D(2024, month, 1)
    assert parse_date(f"1 {name} 2024") == expected
    assert parse_date(f"{name} 1, 2024") == expected
    assert parse_date(f"{name[:3]} 1, 2024") == expected
    assert parse_date(f"1 {name[:3]} 2024") == expected


@pytest.mark.parametrize(
    "raw",
    ["1 September 2024", "Sep 1, 2024", "September 1, 2024", "Sept. 1, 2024", "sep 1 2024",
     "1 SEPTEMBER 2024"],
)  # fmt: skip
def test_reads_english_dates(raw: str) -> None:
    assert parse_date(raw) == SEP_1


@pytest.mark.parametrize(
    "raw",
    ["30 ОКТЯБРЬ 2022", "30 оКтЯбРь 2022", "«30» ОКТЯБРЯ 2022 Г.", "30 ТОГУЗДУН АЙЫ 2022",
     "30 октябрь 2022 Ж."],
)  # fmt: skip
def test_month_names_ignore_case(raw: str) -> None:
    assert parse_date(raw) == OCT_30


def test_treats_yo_as_ye() -> None:
    assert parse_date("5 тёке 2023") == D(2023, 7, 5)
    assert parse_date("5 ТЁКЕ 2023-ж.") == D(2023, 7, 5)


@pytest.mark.parametrize(
    "raw",
    ["30\xa0октябрь\xa02022", "  «30»   октябрь  2022-ж.  ", "30\tоктябрь\n2022",
     "\u202f30 октябрь 2022", "\ufeff30 октябрь 2022", "30–октябрь 2022—ж."],
)  # fmt: skip
def test_normalizes_whitespace_and_dashes(raw: str) -> None:
    assert parse_date(raw) == OCT_30


@pytest.mark.parametrize(
    "raw",
    ["31.02.2024", "29.02.2023", "31.04.2024", "00.09.2024", "01.13.2024", "01.00.2024",
     "2024-02-30", "31 июня 2024", "« 32 » 08 2022 ж", "« 29 » 13 2022 ж", "2023-жылдын 0-май"],
)  # fmt: skip
def test_rejects_impossible_calendar_date(raw: str) -> None:
    _assert_rejected(raw)


def test_accepts_leap_day_in_leap_year() -> None:
    assert parse_date("29.02.2024") == D(2024, 2, 29)


@pytest.mark.parametrize(
    "raw",
    ["9 чиңгиз 2023", "9 тогуз 2023", "9 октябрь кийин 2023", "9 ма 2023", "9 se 2023",
     "9 septembre 2023", "9 куран 2023", "2023-жылдын 9-чиңгиз"],
)  # fmt: skip
def test_rejects_unknown_month_word(raw: str) -> None:
    _assert_rejected(raw)


@pytest.mark.parametrize(
    "raw",
    ["кийин", "n/a", "-", "?", "«  »", "«__» ________ 20__ ж.", "октябрь", "30 октябрь",
     "01.09", "2024", "4553", "455360", "45536.5", "01.09/2024", "1 сентябрь 2024 кийин"],
)  # fmt: skip
def test_rejects_free_text_and_partial_dates(raw: str) -> None:
    _assert_rejected(raw)


@pytest.mark.parametrize("raw", [True, False])
def test_rejects_bool(raw: bool) -> None:
    _assert_rejected(raw)


@pytest.mark.parametrize(
    "raw",
    [0, 1, 60, 60.9, -1, -45536, -0.5, 109940, 10**9, 10**400, float("nan"), float("inf"),
     float("-inf"), "00000", "00060"],
)  # fmt: skip
def test_rejects_negative_or_absurd_serial_numbers(raw: object) -> None:
    _assert_rejected(raw)


@pytest.mark.parametrize(
    "raw",
    ["31.12.1899", "01.01.1800", "1899-12-31", "01.01.2201", "1 января 2201 г.", "01.01.0001",
     D(1899, 12, 31), D(2201, 1, 1), datetime.datetime(1800, 1, 1)],
)  # fmt: skip
def test_rejects_year_outside_1900_to_2200(raw: object) -> None:
    _assert_rejected(raw)


def test_accepts_years_at_the_edges_of_the_range() -> None:
    assert parse_date("01.01.1900") == D(1900, 1, 1)
    assert parse_date("31.12.2200") == D(2200, 12, 31)


@pytest.mark.parametrize("raw", [datetime.time(10, 0), [2024, 9, 1], object(), b"01.09.2024"])
def test_rejects_values_of_other_types(raw: object) -> None:
    _assert_rejected(raw)


def test_error_is_a_value_error_that_names_the_raw_value() -> None:
    with pytest.raises(ValueError, match="кийин") as excinfo:
        parse_date("кийин")
    assert isinstance(excinfo.value, DateParseError)
    assert excinfo.value.raw == "кийин"
