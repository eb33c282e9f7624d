"""Plans and reports rows (seed 000 §5.1, §5.3; seed 001 §5.2): a work plan is approved
within ``plan_approval_days`` (5) of its period's start, a report handed in within
``report_due_days`` (5) of its period's end; and every row's owner exists."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta

from sheets_sync.findings import Finding, Severity, due_severity
from sheets_sync.rules import Context, rule
from sheets_sync.text import display
from sheets_sync.validation import Record

from ..choices import Council, Period, PlanKind, Position, council_of
from .helpers import calendar, owned_rows


@rule("plan-approval", needs={"plans_reports": ["kind", "period_start", "done_on"]})
def PLAN_APPROVAL(ctx: Context) -> Iterator[Finding]:
    """Seed 000 §5.1; seed 001 §5.2: «пландаган мезгилден тартып беш күндөн кечиктирилбей»
    — approved no later than five days after the planning period starts. Approved on day 5
    is on time, day 6 is ``plan-late``; not approved once the period has started is
    ``plan-unapproved`` (warning until day 5, error after)."""
    days = ctx.policy.plan_approval_days
    for record in ctx.table("plans_reports").usable("kind", "period_start", "done_on"):
        row = record.data
        if row.kind is not PlanKind.WORK_PLAN or row.period_start is None:
            continue
        due = row.period_start + timedelta(days=days)
        if row.done_on is None:
            if row.period_start <= ctx.as_of:
                yield Finding(
                    "plans_reports",
                    "plan-unapproved",
                    due_severity(due, ctx.as_of),
                    row=record.row,
                    field="done_on",
                    due=due,
                    params={"start": row.period_start},
                )
        elif row.done_on > due:
            yield Finding(
                "plans_reports",
                "plan-late",
                Severity.ERROR,
                row=record.row,
                field="done_on",
                params={
                    "start": row.period_start,
                    "done": row.done_on,
                    "days": (row.done_on - row.period_start).days,
                    "limit": days,
                },
            )


@rule("report-submission", needs={"plans_reports": ["kind", "period_end", "done_on"]})
def REPORT_SUBMISSION(ctx: Context) -> Iterator[Finding]:
    """Seed 000 §5.3: «окуу жылы аяктагандан кийин беш күн ичинде» — a report is handed in
    within five days after its period ends. Later is ``report-late``; none yet once the
    period has ended is ``report-missing`` (warning until day 5, error after)."""
    days = ctx.policy.report_due_days
    for record in ctx.table("plans_reports").usable("kind", "period_end", "done_on"):
        row = record.data
        if row.kind is not PlanKind.REPORT or row.period_end is None:
            continue
        due = row.period_end + timedelta(days=days)
        if row.done_on is None:
            if row.period_end < ctx.as_of:
                yield Finding(
                    "plans_reports",
                    "report-missing",
                    due_severity(due, ctx.as_of),
                    row=record.row,
                    field="done_on",
                    due=due,
                    params={"owner": display(row.owner), "end": row.period_end},
                )
        elif row.done_on > due:
            yield Finding(
                "plans_reports",
                "report-late",
                Severity.ERROR,
                row=record.row,
                field="done_on",
                params={
                    "end": row.period_end,
                    "done": row.done_on,
                    "days": (row.done_on - row.period_end).days,
                    "limit": days,
                },
            )


@rule(
    "plan-owner",
    needs={"plans_reports": ["owner"], "associations": ["name"], "teachers": ["full_name"]},
)
def PLAN_OWNER(ctx: Context) -> Iterator[Finding]:
    """DOMAIN.md `plans_reports.owner`: an association (seed 000 §5.1), the methodical council
    (seed 003 §5) or a person such as the deputy director (seed 001 §5.2)."""
    for record in ctx.table("plans_reports").usable("owner"):
        owner = record.data.owner
        if owner is None or council_of(owner) is Council.METHODICAL:
            continue
        if ctx.resolve("associations", owner) or ctx.resolve("teachers", owner):
            continue
        yield Finding(
            "plans_reports",
            "unknown-owner",
            Severity.ERROR,
            row=record.row,
            field="owner",
            params={"value": display(owner)},
        )


PLAN_INPUTS = ["owner", "kind", ("period_start", "period_end", "done_on")]


def _periods_with_plan(ctx: Context, owner: Callable[[Record], bool]) -> tuple[set, set]:
    """(school years, (year label, quarter number)) for which ``owner`` has a work plan row,
    approved or not."""
    years = calendar(ctx)
    annual = {years.year_of(day) for record, day in owned_rows(ctx, PlanKind.WORK_PLAN)
              if owner(record)}  # fmt: skip
    quarterly = set()
    for record, day in owned_rows(ctx, PlanKind.WORK_PLAN, (Period.QUARTER,)):
        if not owner(record):
            continue
        year = years.year_of(day)
        for window in years.quarter_windows(year):
            if day in window:
                quarterly.add((year.label, window.number))
    return annual, quarterly


@rule(
    "deputy-plan",
    needs={"plans_reports": PLAN_INPUTS, "teachers": ["full_name", "position"]},
)
def DEPUTY_PLAN(ctx: Context) -> Iterator[Finding]:
    """Seed 001 §5.2: the deputy director plans their own work for every school year and every
    quarter, approved within ``plan_approval_days`` (5) of the period's start. One finding per
    period with no plan row at all, on the deputy's teacher row: the current school year, and
    the current quarter while one runs (a quarter plan counts for the quarter whose window
    holds its start)."""
    years = calendar(ctx)
    year = years.school_year(ctx.as_of)
    quarter = years.current_quarter(ctx.as_of)
    days = timedelta(days=ctx.policy.plan_approval_days)
    for deputy in ctx.table("teachers").usable("position"):
        if deputy.data.position is not Position.DEPUTY_DIRECTOR:
            continue

        def owns(record: Record, row: int = deputy.row) -> bool:
            found = ctx.resolve("teachers", record.data.owner)
            return found is not None and found.row == row

        annual, quarterly = _periods_with_plan(ctx, owns)
        missing: list[tuple[date, dict]] = []
        if year not in annual:
            missing.append((year.start, {"variant": "year", "year": year.label}))
        if quarter is not None and (year.label, quarter.number) not in quarterly:
            params = {"variant": "quarter", "quarter": quarter.number, "year": year.label}
            missing.append((quarter.start, params))
        for start, params in missing:
            due = start + days
            yield Finding(
                "teachers",
                "deputy-plan-missing",
                due_severity(due, ctx.as_of),
                row=deputy.row,
                field="position",
                due=due,
                params={**params, "start": start},
            )


@rule("council-plan", needs={"plans_reports": PLAN_INPUTS})
def COUNCIL_PLAN(ctx: Context) -> Iterator[Finding]:
    """Seed 003 §5: the methodical council works to an annual plan, approved within
    ``plan_approval_days`` (5) of the school year's start. Register-level on the meetings
    tab (a workbook without one is told its tab is missing, once); a plan row without its
    approval date is ``plan-unapproved`` on that row instead."""
    if "meetings" not in ctx.tables:
        return
    year = calendar(ctx).school_year(ctx.as_of)

    def owns(record: Record) -> bool:
        return council_of(record.data.owner) is Council.METHODICAL

    annual, _ = _periods_with_plan(ctx, owns)
    if year not in annual:
        due = year.start + timedelta(days=ctx.policy.plan_approval_days)
        yield Finding(
            "meetings",
            "council-plan-missing",
            due_severity(due, ctx.as_of),
            due=due,
            params={"year": year.label, "start": year.start},
        )


PLAN_RULES = (PLAN_APPROVAL, REPORT_SUBMISSION, PLAN_OWNER, DEPUTY_PLAN, COUNCIL_PLAN)
