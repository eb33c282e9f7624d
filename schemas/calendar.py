"""The school calendar: school years and their quarters (чейрек), from the settings.

A school year runs from ``school_year_start`` (09-01) to ``school_year_end`` (05-31) by
default. Every date belongs to exactly one school year: the one that started on or before it
and before the next one starts, so the summer holidays belong to the year that has just ended
(DOMAIN.md: an as-of date in Sep–Dec is in the year starting that September, otherwise in the
year before). Quarters differ every year by ministry order: ``quarters`` gives month-day
ranges used every year, ``quarter_dates`` the exact dates of a given year::

    calendar = SchoolCalendar(Policy())
    year = calendar.school_year(date(2026, 11, 21))   # SchoolYear(2026-09-01, 2027-05-31)
    calendar.current_quarter(date(2026, 11, 21))       # Quarter 2: 2026-11-08 .. 2026-12-29
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .policy import Policy

MonthDay = tuple[int, int]

# A range is written with «..» (or a dash with spaces, or an en/em dash): «09-01..10-31».
_RANGE = re.compile(r"\s*(?:\.\.|\s[-–—]\s|[–—])\s*")
_MONTH_DAY = re.compile(r"^(\d{1,2})-(\d{1,2})$")  # 09-01 (month-day, ISO order)
_DAY_MONTH = re.compile(r"^(\d{1,2})\.(\d{1,2})\.?$")  # 01.09 (day.month, as staff write)
_LABEL = re.compile(r"^\s*(\d{4})\s*[-–—/]\s*(\d{2}|\d{4})\b")

MONTH_DAY_HELP = "a month-day such as 09-01 (or 01.09)"
RANGE_HELP = "a range such as 09-01..10-31 (or 01.09–31.10)"
DATE_RANGE_HELP = "a range of dates such as 2026-09-01..2026-10-31 (or 01.09.2026–31.10.2026)"


@dataclass(frozen=True)
class SchoolYear:
    start: date
    end: date
    label: str  # "2026-2027"

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class Quarter:
    number: int
    start: date
    end: date

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


def parse_month_day(text: str) -> MonthDay:
    """``"09-01"`` or ``"01.09"`` -> (9, 1); ValueError naming the accepted form otherwise."""
    value = str(text).strip()
    if match := _MONTH_DAY.match(value):
        month, day = int(match[1]), int(match[2])
    elif match := _DAY_MONTH.match(value):
        day, month = int(match[1]), int(match[2])
    else:
        raise ValueError(f"«{text}» is not {MONTH_DAY_HELP}")
    try:
        date(2004, month, day)  # a leap year, so 02-29 is a real day
    except ValueError:
        raise ValueError(f"«{text}» is not a day of the year; use {MONTH_DAY_HELP}") from None
    return month, day


def parse_date(text: str) -> date:
    """``"2026-09-01"`` or ``"01.09.2026"``."""
    value = str(text).strip()
    try:
        if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", value):
            year, month, day = (int(part) for part in value.split("-"))
            return date(year, month, day)
        if re.fullmatch(r"\d{1,2}\.\d{1,2}\.\d{4}", value):
            day, month, year = (int(part) for part in value.split("."))
            return date(year, month, day)
    except ValueError:
        pass
    raise ValueError(f"«{text}» is not a date such as 2026-09-01 (or 01.09.2026)")


def split_range(text: str, help_text: str) -> tuple[str, str]:
    parts = _RANGE.split(str(text).strip())
    if len(parts) != 2 or not all(parts):
        raise ValueError(f"«{text}» is not {help_text}")
    return parts[0], parts[1]


def date_range(text: str) -> tuple[date, date]:
    """``"2026-09-01..2026-10-31"`` -> the two dates."""
    first, last = split_range(text, DATE_RANGE_HELP)
    return parse_date(first), parse_date(last)


def parse_label(text: str) -> int | None:
    """The start year of a school year written «2024-2025», «2024/25», «2024–2025-окуу жылы»."""
    match = _LABEL.match(str(text))
    if not match:
        return None
    first, second = int(match[1]), match[2]
    following = first + 1
    expected = str(following) if len(second) == 4 else f"{following % 100:02d}"
    return first if second == expected else None


def on(year: int, month_day: MonthDay) -> date:
    """The month-day in ``year``; 29 February falls back to 28 February in a common year."""
    month, day = month_day
    try:
        return date(year, month, day)
    except ValueError:
        return date(year, month, day - 1)


@dataclass(frozen=True)
class YearBounds:
    """Where a school year starts and ends, as month-days; it knows which dates fall where."""

    start: MonthDay
    end: MonthDay

    def year_starting(self, year: int) -> SchoolYear:
        start = on(year, self.start)
        end = on(year if self.end > self.start else year + 1, self.end)
        label = f"{start.year}-{end.year}" if end.year != start.year else str(start.year)
        return SchoolYear(start, end, label)

    def year_of(self, day: date) -> SchoolYear:
        started = (day.month, day.day) >= self.start
        return self.year_starting(day.year if started else day.year - 1)

    def place(self, year: SchoolYear, month_day: MonthDay) -> date:
        """The date of ``month_day`` within ``year`` (Sep–Dec in its first calendar year)."""
        first = year.start.year
        return on(first if month_day >= self.start else first + 1, month_day)

    def place_range(self, year: SchoolYear, text: str) -> tuple[date, date]:
        """A month-day range such as «09-01..10-31» as dates within ``year``."""
        first, last = split_range(text, RANGE_HELP)
        return self.place(year, parse_month_day(first)), self.place(year, parse_month_day(last))


class SchoolCalendar:
    """School years and quarters as the school's settings define them."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.bounds = YearBounds(
            parse_month_day(policy.school_year_start), parse_month_day(policy.school_year_end)
        )

    def year_starting(self, year: int) -> SchoolYear:
        """The school year that starts in calendar year ``year``."""
        return self.bounds.year_starting(year)

    def year_of(self, day: date) -> SchoolYear:
        """The school year ``day`` belongs to: from its start up to the next year's start.

        The summer holidays belong to the year that has just ended: a report handed in on
        3 June is about the year ended on 31 May.
        """
        return self.bounds.year_of(day)

    def meeting_year(self, day: date) -> SchoolYear:
        """The school year a meeting counts for: as ``year_of``, except that a meeting held
        from ``meetings_new_year_from`` (15 August) up to the year's start opens the coming
        year, as the August pedagogical council does."""
        year = self.year_of(day)
        coming = self.following(year)
        opens = on(coming.start.year, parse_month_day(self.policy.meetings_new_year_from))
        return coming if opens <= day < coming.start else year

    def school_year(self, as_of: date) -> SchoolYear:
        """The current school year at ``as_of`` (DOMAIN.md: Sep–Dec -> starting that year,
        otherwise the year before); in the summer it is the year that has just ended."""
        return self.year_of(as_of)

    def last_ended_year(self, as_of: date) -> SchoolYear:
        """The latest school year whose last day is before ``as_of``.

        On 31 May 2027 that is 2025-2026 (2026-2027 ends that day); from 1 June 2027 it is
        2026-2027.
        """
        current = self.year_of(as_of)
        return current if current.end < as_of else self.year_starting(current.start.year - 1)

    def following(self, year: SchoolYear) -> SchoolYear:
        return self.year_starting(year.start.year + 1)

    def label_year(self, label: str) -> SchoolYear | None:
        """The school year a label such as «2024-2025» names, or None when it names none."""
        start = parse_label(label)
        return self.year_starting(start) if start is not None else None

    def quarters(self, year: SchoolYear) -> list[Quarter]:
        """The year's quarters: its exact dates from ``quarter_dates`` when the settings give
        them for this year, otherwise the month-day ranges of ``quarters``."""
        exact = self.policy.quarter_dates.get(year.label)
        if exact is not None:
            bounds = [date_range(text) for text in exact]
        else:
            bounds = [self.bounds.place_range(year, text) for text in self.policy.quarters]
        return [Quarter(number, start, end) for number, (start, end) in enumerate(bounds, 1)]

    def quarter_windows(self, year: SchoolYear) -> list[Quarter]:
        """The span each quarter's meeting may fall in: from its start to the day before the
        next quarter starts, so the break after a quarter belongs to it; the last quarter's
        window ends with the school year."""
        quarters = self.quarters(year)
        ends = [following.start - timedelta(days=1) for following in quarters[1:]]
        if quarters:
            ends.append(max(quarters[-1].end, year.end))
        return [Quarter(q.number, q.start, end) for q, end in zip(quarters, ends, strict=True)]

    def current_quarter(self, as_of: date) -> Quarter | None:
        """The quarter running on ``as_of``; None in the holidays between quarters."""
        return next((q for q in self.quarters(self.year_of(as_of)) if as_of in q), None)

    def quarter_of(self, day: date) -> Quarter | None:
        """The quarter a meeting counts for: the latest quarter of its school year that had
        started by ``day``, so the holidays after a quarter count with it (a council meeting
        held in the autumn break is the first quarter's), and a meeting that opens the coming
        year in August counts for its first quarter. None before the first quarter."""
        year = self.meeting_year(day)
        quarters = self.quarters(year)
        if day < year.start:  # in August, opening the coming year
            return quarters[0] if quarters else None
        started = [q for q in quarters if q.start <= day]
        return started[-1] if started else None
