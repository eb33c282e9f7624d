"""What several rule modules need: the calendar, the associations and who owns a row."""

from __future__ import annotations

from collections.abc import Iterator

from sheets_sync.rules import Context
from sheets_sync.validation import Record

from ..calendar import SchoolCalendar, SchoolYear
from ..choices import Period, PlanKind

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


def annual_rows(ctx: Context, kind: PlanKind) -> Iterator[tuple[int, SchoolYear, Record]]:
    """(association row, school year, record) of every annual plan or report an association
    owns. A row with no period is taken as annual; its year comes from its period's dates,
    else from the day it was approved or handed in."""
    years = calendar(ctx)
    for record in ctx.table("plans_reports").usable("owner", "kind"):
        row = record.data
        if row.kind is not kind or row.period not in (None, Period.SCHOOL_YEAR):
            continue
        day = next(
            (
                getattr(row, name)
                for name in ("period_start", "period_end", "done_on")
                if record.usable(name) and getattr(row, name, None) is not None
            ),
            None,
        )
        owner = ctx.resolve("associations", row.owner)
        if day is not None and owner is not None:
            yield owner.row, years.year_of(day), record
