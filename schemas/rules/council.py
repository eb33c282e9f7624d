"""The methodical council (seed 003 §4, §5.1–5.4) and the protocols of every body's meetings
(seed 002 §5.6; seed 003 §5)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from sheets_sync.findings import Finding, Severity
from sheets_sync.rules import Context, rule
from sheets_sync.text import display, normalize

from ..choices import Council, council_of
from .helpers import calendar

_NUMBER_MARK = re.compile(r"^(№|no|n)\s*")


@rule("council-size", needs={"teachers": ["council_member"]})
def COUNCIL_SIZE(ctx: Context) -> Iterator[Finding]:
    """Seed 003 §4: «методикалык кеңеш 5-19 адамга чейин болушу мүмкүн» — 5 to 19 members
    (``council_min_members``..``council_max_members``). One finding for the whole tab."""
    count = sum(
        1 for record in ctx.table("teachers").usable("council_member") if record.data.council_member
    )
    minimum, maximum = ctx.policy.council_min_members, ctx.policy.council_max_members
    if not minimum <= count <= maximum:
        yield Finding(
            "teachers",
            "council-size",
            Severity.ERROR,
            field="council_member",
            params={"count": count, "minimum": minimum, "maximum": maximum},
        )


@rule("council-meetings", needs={"meetings": ["body", "date"]})
def COUNCIL_MEETINGS(ctx: Context) -> Iterator[Finding]:
    """Seed 003 §5.4: «МК чейректе 1 жолу отурумдарды өткөрөт» — the council meets once a
    quarter. A quarter's window runs to the day before the next quarter starts (the break
    after it belongs to it; the last one ends with the school year). For each quarter of the
    current school year that has begun with no meeting held by as-of: a warning due at the
    window's last day while it runs, an error once it has ended. A meeting from mid-August
    opens the coming year and counts for its first quarter."""
    years = calendar(ctx)
    year = years.school_year(ctx.as_of)
    held = {
        quarter.number
        for record in ctx.table("meetings").usable("body", "date")
        if council_of(record.data.body) is Council.METHODICAL
        and record.data.date <= ctx.as_of
        and years.meeting_year(record.data.date) == year
        and (quarter := years.quarter_of(record.data.date)) is not None
    }
    for quarter, window in zip(years.quarters(year), years.quarter_windows(year), strict=True):
        if quarter.start > ctx.as_of or quarter.number in held:
            continue
        yield Finding(
            "meetings",
            "council-no-meeting",
            Severity.ERROR if window.end < ctx.as_of else Severity.WARNING,
            due=window.end,
            params={
                "quarter": quarter.number,
                "start": quarter.start,
                "end": quarter.end,
                "year": year.label,
            },
        )


@rule("protocol-missing", needs={"meetings": ["date", "protocol_no"]})
def PROTOCOL_MISSING(ctx: Context) -> Iterator[Finding]:
    """Seed 002 §5.6; seed 003 §5: every meeting keeps a protocol. A meeting that has taken
    place (date on or before as-of) without a protocol number is an error."""
    for record in ctx.table("meetings").usable("date", "protocol_no"):
        if record.data.protocol_no is None and record.data.date <= ctx.as_of:
            yield Finding(
                "meetings",
                "protocol-missing",
                Severity.ERROR,
                row=record.row,
                field="protocol_no",
                params={"date": record.data.date},
            )


@rule("protocol-duplicate", needs={"meetings": ["body", "date", "protocol_no"]})
def PROTOCOL_DUPLICATE(ctx: Context) -> Iterator[Finding]:
    """Seed 002 §5.6: a body numbers its protocols through the school year, so the same body,
    school year and number twice is an error (on the later row)."""
    years = calendar(ctx)
    first: dict[tuple, int] = {}
    for record in ctx.table("meetings").usable("body", "date", "protocol_no"):
        data = record.data
        if data.protocol_no is None:
            continue
        year = years.meeting_year(data.date)
        key = (_body_key(ctx, data.body), year.label, protocol_key(data.protocol_no))
        seen = first.setdefault(key, record.row)
        if seen != record.row:
            yield Finding(
                "meetings",
                "protocol-duplicate",
                Severity.ERROR,
                row=record.row,
                field="protocol_no",
                params={
                    "value": display(data.protocol_no),
                    "first_row": seen,
                    "year": year.label,
                },
            )


@rule("meeting-body", needs={"meetings": ["body"], "associations": ["name"]})
def MEETING_BODY(ctx: Context) -> Iterator[Finding]:
    """DOMAIN.md `meetings.body`: the methodical or pedagogical council, or an association
    (seed 002 §4.2: associations hold sessions too)."""
    for record in ctx.table("meetings").usable("body"):
        body = record.data.body
        if council_of(body) is None and ctx.resolve("associations", body) is None:
            yield Finding(
                "meetings",
                "unknown-body",
                Severity.ERROR,
                row=record.row,
                field="body",
                params={"value": display(body)},
            )


def protocol_key(number: str) -> str:
    """«№ 3», «N3», «No. 3» and «3» are the same protocol number."""
    return _NUMBER_MARK.sub("", normalize(number)).replace(" ", "")


def _body_key(ctx: Context, body: str) -> object:
    council = council_of(body)
    if council is not None:
        return council
    association = ctx.resolve("associations", body)
    return ("association", association.row) if association else normalize(body)


COUNCIL_RULES = (COUNCIL_SIZE, COUNCIL_MEETINGS, PROTOCOL_MISSING, PROTOCOL_DUPLICATE, MEETING_BODY)
