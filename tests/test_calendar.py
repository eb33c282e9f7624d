"""The school calendar: school years, the last ended year, quarters from the settings."""

from __future__ import annotations

import tomllib
from datetime import date

import pytest
from click.testing import CliRunner
from conftest import school, teacher

from schemas.calendar import Quarter, SchoolCalendar, SchoolYear
from schemas.policy import Policy
from sheets_sync.cli import main
from sheets_sync.settings import load_settings

CALENDAR = SchoolCalendar(Policy())
Y2026 = SchoolYear(date(2026, 9, 1), date(2027, 5, 31), "2026-2027")
Y2025 = SchoolYear(date(2025, 9, 1), date(2026, 5, 31), "2025-2026")


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 9, 1), Y2026),  # the first day starts the new year
        (date(2026, 12, 31), Y2026),
        (date(2027, 1, 1), Y2026),  # January belongs to the year begun in September
        (date(2027, 5, 31), Y2026),
        (date(2026, 8, 31), Y2025),  # the summer belongs to the year that has just ended
        (date(2026, 6, 3), Y2025),
    ],
)
def test_school_year_of_a_date_starts_in_september(day, expected):
    assert CALENDAR.school_year(day) == expected
    assert CALENDAR.year_of(day) == expected


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (date(2026, 11, 21), Y2025),
        (date(2027, 5, 31), Y2025),  # 2026-2027 has not ended on its last day
        (date(2027, 6, 1), Y2026),  # ... and has from the next day
        (date(2026, 8, 31), Y2025),
        (date(2026, 9, 1), Y2025),
    ],
)
def test_last_ended_year_is_the_latest_whose_last_day_is_before_as_of(as_of, expected):
    assert CALENDAR.last_ended_year(as_of) == expected


def test_default_quarters_fall_in_the_school_year():
    assert CALENDAR.quarters(Y2026) == [
        Quarter(1, date(2026, 9, 1), date(2026, 10, 31)),
        Quarter(2, date(2026, 11, 8), date(2026, 12, 29)),
        Quarter(3, date(2027, 1, 12), date(2027, 3, 20)),
        Quarter(4, date(2027, 4, 1), date(2027, 5, 31)),
    ]


@pytest.mark.parametrize(
    ("as_of", "number"),
    [
        (date(2026, 9, 1), 1),
        (date(2026, 10, 31), 1),
        (date(2026, 11, 3), None),  # autumn holidays
        (date(2026, 11, 21), 2),
        (date(2027, 3, 25), None),  # spring holidays
        (date(2027, 5, 31), 4),
        (date(2027, 7, 1), None),  # summer
    ],
)
def test_current_quarter_is_none_in_the_holidays(as_of, number):
    quarter = CALENDAR.current_quarter(as_of)
    assert (quarter.number if quarter else None) == number


@pytest.mark.parametrize(
    ("day", "number"),
    [(date(2026, 11, 3), 1), (date(2026, 11, 8), 2), (date(2027, 3, 25), 3), (date(2027, 7, 1), 4)],
)
def test_a_day_in_the_holidays_counts_for_the_quarter_just_ended(day, number):
    assert CALENDAR.quarter_of(day).number == number


@pytest.mark.parametrize(
    ("day", "expected", "quarter"),
    [
        (date(2026, 8, 14), Y2025, 4),  # still the summer of the year that ended
        (date(2026, 8, 15), Y2026, 1),  # the August council opens the coming year
        (date(2026, 9, 1), Y2026, 1),
    ],
)
def test_a_meeting_from_mid_august_opens_the_coming_year(day, expected, quarter):
    assert CALENDAR.meeting_year(day) == expected
    assert CALENDAR.quarter_of(day).number == quarter


def test_quarter_dates_of_one_year_override_the_defaults_only_for_that_year():
    policy = Policy(quarter_dates={"2026/27": ["2026-09-02..2026-11-01", "11.11.2026–30.12.2026"]})
    calendar = SchoolCalendar(policy)
    assert calendar.quarters(Y2026) == [
        Quarter(1, date(2026, 9, 2), date(2026, 11, 1)),
        Quarter(2, date(2026, 11, 11), date(2026, 12, 30)),
    ]
    assert calendar.quarters(Y2025)[1] == Quarter(2, date(2025, 11, 8), date(2025, 12, 29))


def test_a_quarter_ending_on_29_february_ends_on_the_28th_in_a_common_year():
    calendar = SchoolCalendar(Policy(quarters=["09-01..12-29", "01-12..02-29", "03-01..05-31"]))
    assert calendar.quarters(Y2026)[1].end == date(2027, 2, 28)
    assert calendar.quarters(calendar.year_starting(2027))[1].end == date(2028, 2, 29)


def test_a_later_school_year_start_moves_the_year_boundary():
    calendar = SchoolCalendar(
        Policy(school_year_start="02.09", school_year_end="25.05", quarters=["09-02..05-25"])
    )
    assert calendar.school_year(date(2026, 9, 1)).label == "2025-2026"
    assert calendar.school_year(date(2026, 9, 2)) == SchoolYear(
        date(2026, 9, 2), date(2027, 5, 25), "2026-2027"
    )


def test_a_school_year_label_names_its_year():
    assert CALENDAR.label_year("2024-2025") == CALENDAR.year_starting(2024)
    assert CALENDAR.label_year("2024/25-окуу жылы") == CALENDAR.year_starting(2024)
    assert CALENDAR.label_year("2024-2026") is None


def run_with(tmp_path, text):
    config = tmp_path / "settings.toml"
    config.write_text(text, "utf-8")
    path = school(tmp_path, [teacher("Асанова Гүлзат")], [])
    return CliRunner().invoke(main, ["run", "--xlsx", str(path), "--config", str(config)])


@pytest.mark.parametrize(
    ("text", "key", "hint"),
    [
        (
            '[policy]\nquarters = ["09-01..10-31", "10-15..12-29"]\n',
            "policy.quarters",
            "quarter 2 «10-15..12-29» starts before the previous quarter ends",
        ),
        ('[policy]\nquarters = ["08-01..10-31"]\n', "policy.quarters", "outside the school year"),
        ('[policy]\nquarters = ["1 Sept - 31 Oct"]\n', "policy.quarters", "09-01..10-31"),
        ('[policy]\nschool_year_start = "September"\n', "policy.school_year_start", "09-01"),
        (
            "[policy]\ncouncil_min_members = 10\ncouncil_max_members = 9\n",
            "policy.council_max_members",
            "council_min_members",
        ),
        (
            '[policy.quarter_dates]\n"2026" = ["2026-09-01..2026-10-31"]\n',
            "policy.quarter_dates",
            "2026-2027",
        ),
    ],
)
def test_a_wrong_calendar_setting_names_the_key_and_what_it_accepts(tmp_path, text, key, hint):
    result = run_with(tmp_path, text)
    assert result.exit_code == 2, result.output
    assert key in result.output and hint in result.output


def test_the_printed_settings_file_loads_back_as_the_defaults(tmp_path):
    output = CliRunner().invoke(main, ["settings"]).output
    config = tmp_path / "settings.toml"
    config.write_text(output, "utf-8")
    assert tomllib.loads(output)["policy"]["quarters"] == Policy().quarters
    assert load_settings(config, Policy).policy == Policy()
