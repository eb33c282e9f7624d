"""Methodical associations: their leaders (seed 000 §1.1), size (seed 002 §1.1), annual plan
(seed 002 §5.4; seed 000 §5.1), annual report (seed 000 §5.3) and seminar (seed 002 §5.7).

Every finding about one association sits on its row of «Усулдук бирикмелер», so its status
cells show it: the leader, the size, a plan, report or seminar missing altogether, the leader's
seat on the methodical council (seed 003 §5.1) and the MA file (seed 002 §6). A plan or report
row that exists but lacks its date is reported on that row instead (one problem, one
finding)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from sheets_sync.findings import Finding, Severity, due_severity
from sheets_sync.rules import Context, rule
from sheets_sync.text import display
from sheets_sync.validation import Record

from ..choices import DocType, Education, EventKind, PlanKind
from .helpers import EXPERIENCE, annual_rows, associations, calendar, ma_files, members


def _leaders(ctx: Context, *fields: str) -> Iterator[tuple]:
    """(association record, leader's teacher record) where the leader's fields are readable."""
    for record in ctx.table("associations").usable("leader"):
        leader = ctx.resolve("teachers", record.data.leader)
        if leader is not None and leader.usable(*fields):
            yield record, leader


@rule("leader-education", needs={"associations": ["leader"], "teachers": ["education"]})
def LEADER_EDUCATION(ctx: Context) -> Iterator[Finding]:
    """Seed 000 §1.1: an MA leader has higher professional education."""
    for record, leader in _leaders(ctx, "education"):
        if leader.data.education is not Education.HIGHER_PROFESSIONAL:
            yield Finding(
                "associations",
                "leader-education",
                Severity.ERROR,
                row=record.row,
                field="leader",
                params={
                    "leader": display(record.data.leader),
                    "value": display(leader.raw.get("education")),
                },
            )


@rule("leader-experience", needs={"associations": ["leader"], "teachers": [EXPERIENCE]})
def LEADER_EXPERIENCE(ctx: Context) -> Iterator[Finding]:
    """Seed 000 §1.1: an MA leader has at least 5 years in education
    (``leader_min_experience_years``)."""
    minimum = ctx.policy.leader_min_experience_years
    for record, leader in _leaders(ctx, *EXPERIENCE):
        years = leader.data.experience_at(ctx.as_of)
        if years is None or years < minimum:
            yield Finding(
                "associations",
                "leader-experience",
                Severity.ERROR,
                row=record.row,
                field="leader",
                params={
                    "leader": display(record.data.leader),
                    "years": years,
                    "minimum": minimum,
                    **({"variant": "unknown"} if years is None else {}),
                },
            )


@rule(
    "leader-not-member",
    needs={"associations": ["name", "leader"], "teachers": ["association"]},
)
def LEADER_NOT_MEMBER(ctx: Context) -> Iterator[Finding]:
    """Seed 002 §5.1: the association elects its leader from its members (seed 000 §2.1: the
    leader runs the methodical work of its teachers), so the teachers tab should put the
    leader in the same association; a warning, since the tab may simply be out of date."""
    for record, leader in _leaders(ctx, "association"):
        own = ctx.resolve("associations", leader.data.association)
        this = ctx.resolve("associations", record.data.name)
        if own is None or this is None or own.row == this.row:
            continue
        yield Finding(
            "associations",
            "leader-not-member",
            Severity.WARNING,
            row=record.row,
            field="leader",
            params={
                "leader": display(record.data.leader),
                "own": display(leader.data.association),
            },
        )


@rule("ma-size", needs={"associations": ["name"], "teachers": ["association"]})
def MA_SIZE(ctx: Context) -> Iterator[Finding]:
    """Seed 002 §1.1: an association has no fewer than four teachers (``ma_min_members``)."""
    minimum = ctx.policy.ma_min_members
    counts = members(ctx)
    for record in associations(ctx):
        count = counts.get(record.row, 0)
        if count < minimum:
            yield Finding(
                "associations",
                "ma-too-small",
                Severity.ERROR,
                row=record.row,
                field="name",
                params={"members": count, "minimum": minimum},
            )


# The register a rule reads from comes first in ``needs``: when its tab is absent the run
# reports the tab as not found, once, instead of a skipped rule per association rule.
ANNUAL_INPUTS = ["owner", "kind", ("period_start", "period_end", "done_on")]


@rule("ma-plan", needs={"plans_reports": ANNUAL_INPUTS, "associations": ["name"]})
def MA_PLAN(ctx: Context) -> Iterator[Finding]:
    """Seed 002 §5.4; seed 000 §5.1: the association's work plan for the school year is
    approved within ``plan_approval_days`` (5) of the year's start. A plan row that is there
    but unapproved is reported on its row (``plan-unapproved``), not here."""
    year = calendar(ctx).school_year(ctx.as_of)
    planned = {owner for owner, of, _ in annual_rows(ctx, PlanKind.WORK_PLAN) if of == year}
    due = year.start + timedelta(days=ctx.policy.plan_approval_days)
    for record in associations(ctx):
        if record.row not in planned:
            yield _missing(record, "plan-missing", due, ctx, year=year.label)


@rule("ma-report", needs={"plans_reports": ANNUAL_INPUTS, "associations": ["name"]})
def MA_REPORT(ctx: Context) -> Iterator[Finding]:
    """Seed 000 §5.3: within ``report_due_days`` (5) of the school year's end the association
    hands in a written report on the year. Checked for the last ended school year; a report
    row without its date is reported on its row instead."""
    year = calendar(ctx).last_ended_year(ctx.as_of)
    reported = {owner for owner, of, _ in annual_rows(ctx, PlanKind.REPORT) if of == year}
    due = year.end + timedelta(days=ctx.policy.report_due_days)
    for record in associations(ctx):
        if record.row not in reported:
            yield _missing(
                record,
                "report-missing",
                due,
                ctx,
                year=year.label,
                owner=display(record.data.name),
                end=year.end,
            )


@rule(
    "ma-seminar",
    needs={"events": ["kind", "held_on", "association"], "associations": ["name"]},
)
def MA_SEMINAR(ctx: Context) -> Iterator[Finding]:
    """Seed 002 §5.7: every association holds at least one seminar in the school year:
    a warning until the year ends, an error after. Like a meeting, a seminar held from
    ``meetings_new_year_from`` (15 August) counts for the coming year."""
    years = calendar(ctx)
    year = years.school_year(ctx.as_of)
    held = set()
    for event in ctx.table("events").usable("kind", "held_on", "association"):
        data = event.data
        if data.kind is not EventKind.SEMINAR or data.held_on is None:
            continue
        if data.held_on <= ctx.as_of and years.meeting_year(data.held_on) == year:
            found = ctx.resolve("associations", data.association)
            if found is not None:
                held.add(found.row)
    for record in associations(ctx):
        if record.row not in held:
            yield _missing(record, "seminar-missing", year.end, ctx, year=year.label)


@rule(
    "leader-on-council",
    needs={"associations": ["leader"], "teachers": ["council_member"]},
)
def LEADER_ON_COUNCIL(ctx: Context) -> Iterator[Finding]:
    """Seed 003 preamble and §5.1: the MA leaders sit on the methodical council, so the
    leader's teacher row is marked as a council member. A warning: the tab may be behind."""
    for record in associations(ctx):
        leader = ctx.resolve("teachers", record.data.leader)
        if leader is None or not leader.usable("council_member") or leader.data.council_member:
            continue
        yield Finding(
            "associations",
            "leader-not-on-council",
            Severity.WARNING,
            row=record.row,
            field="leader",
            params={
                "leader": display(record.data.leader),
                "value": display(leader.raw.get("council_member")),
            },
        )


@rule(
    "ma-file",
    needs={
        "documents": ["association", "doc_type", ("school_year", "created_on")],
        "associations": ["name"],
    },
)
def MA_FILE(ctx: Context) -> Iterator[Finding]:
    """Seed 002 §6.1–6.11: the association's file for the school year holds eleven kinds of
    papers; the message lists the missing ones, in the order of the regulation."""
    year = calendar(ctx).school_year(ctx.as_of)
    files = ma_files(ctx, year)
    for record in associations(ctx):
        held = files.get(record.row, set())
        missing = [kind.value for kind in DocType if kind not in held]
        if missing:
            yield Finding(
                "associations",
                "ma-file-incomplete",
                Severity.WARNING,
                row=record.row,
                field="name",
                params={
                    "year": year.label,
                    "documents": missing,
                    "count": len(missing),
                    "held": len(held),
                    "total": len(DocType),
                },
            )


def _missing(record: Record, code: str, due: date, ctx: Context, **params: Any) -> Finding:
    """A finding on the association's row about something it lacks: warning until ``due``,
    error after."""
    return Finding(
        "associations",
        code,
        due_severity(due, ctx.as_of),
        row=record.row,
        field="name",
        due=due,
        params={"association": display(record.data.name), **params},
    )


ASSOCIATION_RULES = (
    LEADER_EDUCATION,
    LEADER_EXPERIENCE,
    LEADER_NOT_MEMBER,
    MA_SIZE,
    MA_PLAN,
    MA_REPORT,
    MA_SEMINAR,
    LEADER_ON_COUNCIL,
    MA_FILE,
)
