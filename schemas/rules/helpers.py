"""What several rule modules need: the calendar, the associations and who owns a row."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from sheets_sync.rules import Context
from sheets_sync.validation import Record

from ..calendar import SchoolCalendar, SchoolYear
from ..choices import DocType, Period, PlanKind

EXPERIENCE = ("experience_start", "experience_years")


def calendar(ctx: Context) -> SchoolCalendar:
    return SchoolCalendar(ctx.policy)


def associations(ctx: Context) -> Iterator[Record]:
    """Each association once: a row repeating an earlier name is ``duplicate-key`` already."""
    for record in ctx.table("associations").usable("name"):
        if record.data.name is None:
            continue
        first = ctx.resolve("associations", record.data.name)
        if first is None or first.row == record.row:
            yield record


def members(ctx: Context) -> dict[int, int]:
    """Association row -> how many teachers name it."""
    counts: dict[int, int] = {}
    for teacher in ctx.table("teachers").usable("association"):
        found = ctx.resolve("associations", teacher.data.association)
        if found is not None:
            counts[found.row] = counts.get(found.row, 0) + 1
    return counts


def plan_day(record: Record) -> date | None:
    """The day a plans_reports row is about: its period's start, else its end, else the day
    it was approved or handed in."""
    row = record.data
    return next(
        (
            getattr(row, name)
            for name in ("period_start", "period_end", "done_on")
            if record.usable(name) and getattr(row, name, None) is not None
        ),
        None,
    )


def owned_rows(
    ctx: Context, kind: PlanKind, periods: tuple[Period | None, ...] = (None, Period.SCHOOL_YEAR)
) -> Iterator[tuple[Record, date]]:
    """(record, its day) of every plans_reports row of ``kind`` and one of ``periods`` (a row
    with no period is taken as annual)."""
    for record in ctx.table("plans_reports").usable("owner", "kind"):
        row = record.data
        if row.kind is not kind or row.period not in periods or row.owner is None:
            continue
        day = plan_day(record)
        if day is not None:
            yield record, day


def annual_rows(ctx: Context, kind: PlanKind) -> Iterator[tuple[int, SchoolYear, Record]]:
    """(association row, school year, record) of every annual plan or report an association
    owns. Its year comes from its period's dates, else from the day it was approved or handed
    in."""
    years = calendar(ctx)
    for record, day in owned_rows(ctx, kind):
        owner = ctx.resolve("associations", record.data.owner)
        if owner is not None:
            yield owner.row, years.year_of(day), record


def document_year(ctx: Context, record: Record) -> SchoolYear | None:
    """The school year a documents row belongs to: its «Окуу жылы», else the year its
    «Түзүлгөн күн» falls in."""
    data, years = record.data, calendar(ctx)
    if record.usable("school_year") and getattr(data, "school_year", None) is not None:
        return years.label_year(data.school_year)
    if record.usable("created_on") and getattr(data, "created_on", None) is not None:
        return years.year_of(data.created_on)
    return None


def ma_files(ctx: Context, year: SchoolYear) -> dict[int, set[DocType]]:
    """Association row -> the document types its file holds for ``year``."""
    kinds: dict[int, set[DocType]] = {}
    for record in ctx.table("documents").usable("association", "doc_type"):
        data = record.data
        found = ctx.resolve("associations", data.association)
        if found is None or data.doc_type is None or document_year(ctx, record) != year:
            continue
        kinds.setdefault(found.row, set()).add(data.doc_type)
    return kinds
