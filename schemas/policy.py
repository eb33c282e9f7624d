"""School policy numbers: every number a rule uses, with the seed clause it comes from.

Where a seed document gives no number the default is a policy choice of the school; every
value can be changed in the settings file under ``[policy]``::

    [policy]
    pd_warn_days = 90
    quarters = ["09-02..11-01", "11-11..12-30", "01-13..03-20", "04-01..05-25"]

    [policy.quarter_dates]
    "2026-2027" = ["2026-09-01..2026-10-31", "2026-11-09..2026-12-29",
                   "2027-01-11..2027-03-19", "2027-04-01..2027-05-31"]
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from .calendar import (
    DATE_RANGE_HELP,
    RANGE_HELP,
    YearBounds,
    date_range,
    parse_label,
    parse_month_day,
)


class Policy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    pd_cycle_years: int = Field(
        5,
        ge=1,
        le=20,
        description="Years between qualification courses "
        "(seed 004 §4.2: at least once in 5 years).",
    )
    pd_min_course_hours: float = Field(
        72,
        gt=0,
        description="Hours a qualification course needs to count (seed 004 §2.5: 72 hours).",
    )
    retraining_min_hours: float = Field(
        500,
        gt=0,
        description="Hours a professional retraining needs (seed 004 §2.5: at least 500 hours).",
    )
    pd_warn_days: int = Field(
        180,
        ge=0,
        le=3650,
        description="Days before the PD due date that a teacher is flagged as due soon (policy).",
    )
    certificate_submit_days: int = Field(
        30,
        ge=0,
        le=365,
        description="Days after a course ends to hand in its certificate (policy; seed 004 §4.4 "
        "asks for the document, the seed gives no number).",
    )
    leader_min_experience_years: float = Field(
        5,
        ge=0,
        le=50,
        description="Years of pedagogical experience an MA leader or a deputy director needs "
        "(seed 000 §1.1; seed 001 §1.3).",
    )
    young_teacher_years: float = Field(
        3,
        ge=0,
        le=50,
        description="Experience under which a teacher should have a mentor "
        "(policy; seed 002 §3.17).",
    )
    ma_min_members: int = Field(
        4,
        ge=1,
        le=100,
        description="Fewest teachers a methodical association may have "
        "(seed 002 §1.1: not fewer than four teachers).",
    )
    plan_approval_days: int = Field(
        5,
        ge=0,
        le=60,
        description="Days after a planning period starts by which its work plan is approved "
        "(seed 000 §5.1; seed 001 §5.2: not later than five days).",
    )
    report_due_days: int = Field(
        5,
        ge=0,
        le=60,
        description="Days after a period (the school year) ends by which its report is handed "
        "in (seed 000 §5.3: within five days).",
    )
    council_min_members: int = Field(
        5,
        ge=1,
        le=100,
        description="Fewest members of the methodical council (seed 003 §4: 5 to 19 people).",
    )
    council_max_members: int = Field(
        19,
        ge=1,
        le=100,
        description="Most members of the methodical council (seed 003 §4: 5 to 19 people); "
        "not below council_min_members.",
    )
    doc_school_years: int = Field(
        3,
        ge=0,
        le=50,
        description="School years an MA's protocols, plans and analyses stay at school after "
        "their year ends, before they go to the archive (seed 002 §5.9: 3 years).",
    )
    archive_years: int = Field(
        10,
        ge=1,
        le=100,
        description="Years those documents are kept in the archive (seed 002 §5.9: 10 years).",
    )
    school_year_start: str = Field(
        "09-01",
        description="First day of the school year as month-day, e.g. 09-01 or 01.09 "
        "(policy; DOMAIN.md calendar).",
    )
    school_year_end: str = Field(
        "05-31",
        description="Last day of the school year as month-day, e.g. 05-31 or 31.05 "
        "(policy; DOMAIN.md calendar).",
    )
    meetings_new_year_from: str = Field(
        "08-15",
        description="Meetings from this summer day on count for the school year about to "
        "start, e.g. 08-15: the August pedagogical council opens the new year with protocol "
        "№ 1 (policy; seed 002 §5.6 numbers protocols per school year).",
    )
    quarters: list[str] = Field(
        ["09-01..10-31", "11-08..12-29", "01-12..03-20", "04-01..05-31"],
        description="Quarters (чейрек) of every school year as month-day ranges in order, e.g. "
        "09-01..10-31 (or 01.09–31.10), inside the school year and not overlapping "
        "(policy: the ministry sets them each year; seed 003 §5.4 needs them).",
    )
    quarter_dates: dict[str, list[str]] = Field(
        {},
        description="Exact quarter dates of given school years, overriding quarters: a table "
        'such as "2026-2027" = ["2026-09-01..2026-10-31", ...] (policy: the ministry order of '
        "that year).",
    )

    @field_validator("school_year_start", "school_year_end", "meetings_new_year_from")
    @classmethod
    def _month_day(cls, value: str, info: ValidationInfo) -> str:
        month_day = parse_month_day(value)
        if month_day == (2, 29):
            raise ValueError("use a day every year has, not 02-29")
        if info.field_name == "school_year_end" and month_day == _start(info.data):
            raise ValueError("the school year cannot end on the day it starts")
        return value

    @field_validator("council_max_members")
    @classmethod
    def _council_range(cls, value: int, info: ValidationInfo) -> int:
        minimum = info.data.get("council_min_members")
        if minimum is not None and value < minimum:
            raise ValueError(f"must not be below council_min_members ({minimum})")
        return value

    @field_validator("quarters")
    @classmethod
    def _quarters(cls, value: list[str], info: ValidationInfo) -> list[str]:
        if not value:
            raise ValueError(f"give at least one quarter, each {RANGE_HELP}")
        shape = _shape(info.data)
        if shape is None:  # the school year is wrong and already reported
            return value
        # Month-days placed in the school year starting in 2003, which holds 29 February 2004.
        reference = shape.year_starting(2003)
        bounds = [shape.place_range(reference, text) for text in value]
        span = f"{info.data['school_year_start']}..{info.data['school_year_end']}"
        _check_ranges(bounds, value, reference.start, reference.end, span=span)
        return value

    @field_validator("quarter_dates")
    @classmethod
    def _quarter_dates(
        cls, value: dict[str, list[str]], info: ValidationInfo
    ) -> dict[str, list[str]]:
        shape = _shape(info.data)
        checked = {}
        for label, ranges in value.items():
            first = parse_label(label)
            if first is None:
                raise ValueError(f"«{label}» is not a school year such as 2026-2027")
            if not ranges:
                raise ValueError(f"{label}: give at least one quarter, each {DATE_RANGE_HELP}")
            bounds = [date_range(text) for text in ranges]
            if shape is None:  # the school year is wrong and already reported
                return value
            year = shape.year_starting(first)
            following = shape.year_starting(first + 1).start - timedelta(days=1)
            _check_ranges(
                bounds,
                ranges,
                year.start,
                following,
                span=f"{year.start}..{following}",
                prefix=f"{label}: ",
            )
            checked[year.label] = ranges  # «2026/27» is looked up as «2026-2027»
        return checked


def _start(data: dict[str, Any]) -> tuple[int, int] | None:
    text = data.get("school_year_start")
    return parse_month_day(text) if text is not None else None


def _shape(data: dict[str, Any]) -> YearBounds | None:
    """The school year's bounds from the fields validated so far, if both are valid."""
    start, end = data.get("school_year_start"), data.get("school_year_end")
    if start is None or end is None:
        return None
    return YearBounds(parse_month_day(start), parse_month_day(end))


def _check_ranges(
    bounds: list[tuple[date, ...]],
    texts: list[str],
    start: date,
    end: date,
    *,
    span: str,
    prefix: str = "",
) -> None:
    """Each range starts before it ends, after the previous one, inside ``start``..``end``."""
    previous: date | None = None
    for number, ((first, last), text) in enumerate(zip(bounds, texts, strict=True), 1):
        where = f"{prefix}quarter {number} «{text}»"
        if not (start <= first <= end and start <= last <= end):
            raise ValueError(f"{where} is outside the school year ({span})")
        if last < first:
            raise ValueError(f"{where} ends before it starts")
        if previous is not None and first <= previous:
            raise ValueError(f"{where} starts before the previous quarter ends")
        previous = last
