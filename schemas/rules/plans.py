"""Plans and reports rows (seed 000 §5.1, §5.3; seed 001 §5.2): a work plan is approved
within ``plan_approval_days`` (5) of its period's start, a report handed in within
``report_due_days`` (5) of its period's end; and every row's owner exists."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from sheets_sync.findings import Finding, Severity, due_severity
from sheets_sync.rules import Context, rule
from sheets_sync.text import display

from ..choices import Council, PlanKind, council_of


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


PLAN_RULES = (PLAN_APPROVAL, REPORT_SUBMISSION, PLAN_OWNER)
