"""Staff: deputy-director qualification (seed 001 §1.3), mentors for young teachers
(seed 002 §3.17, §9) and acknowledgement of the job description (seed 001, signature line)."""

from __future__ import annotations

from collections.abc import Iterator

from sheets_sync.findings import Finding, Severity
from sheets_sync.rules import Context, rule
from sheets_sync.text import display

from ..choices import Education, Position
from .helpers import EXPERIENCE


def deputies(ctx: Context, *fields: str) -> Iterator:
    for record in ctx.table("teachers").usable("position", *fields):
        if record.data.position is Position.DEPUTY_DIRECTOR:
            yield record


@rule("deputy-education", needs={"teachers": ["position", "education"]})
def DEPUTY_EDUCATION(ctx: Context) -> Iterator[Finding]:
    for record in deputies(ctx, "education"):
        if record.data.education is not Education.HIGHER_PROFESSIONAL:
            yield Finding(
                "teachers",
                "deputy-education",
                Severity.ERROR,
                row=record.row,
                field="education",
                params={"value": display(record.raw["education"])},
            )


@rule("deputy-experience", needs={"teachers": ["position", EXPERIENCE]})
def DEPUTY_EXPERIENCE(ctx: Context) -> Iterator[Finding]:
    minimum = ctx.policy.leader_min_experience_years
    field = next(name for name in EXPERIENCE if ctx.table("teachers").has(name))
    for record in deputies(ctx, *EXPERIENCE):
        years = record.data.experience_at(ctx.as_of)
        if years is None or years < minimum:
            yield Finding(
                "teachers",
                "deputy-experience",
                Severity.ERROR,
                row=record.row,
                field=field,
                params={
                    "years": years,
                    "minimum": minimum,
                    **({"variant": "unknown"} if years is None else {}),
                },
            )


@rule("mentor", needs={"teachers": ["mentor", EXPERIENCE]})
def MENTOR(ctx: Context) -> Iterator[Finding]:
    limit = ctx.policy.young_teacher_years
    for record in ctx.table("teachers").usable("mentor", *EXPERIENCE):
        years = record.data.experience_at(ctx.as_of)
        if years is not None and years < limit and record.data.mentor is None:
            yield Finding(
                "teachers",
                "mentor-missing",
                Severity.WARNING,
                row=record.row,
                field="mentor",
                params={"years": years, "limit": limit},
            )


@rule("jd-acknowledged", needs={"teachers": ["jd_acknowledged_on"]})
def JD_ACKNOWLEDGED(ctx: Context) -> Iterator[Finding]:
    for record in ctx.table("teachers").usable("jd_acknowledged_on"):
        if record.data.jd_acknowledged_on is None:
            yield Finding(
                "teachers",
                "jd-not-acknowledged",
                Severity.WARNING,
                row=record.row,
                field="jd_acknowledged_on",
            )


STAFF_RULES = (DEPUTY_EDUCATION, DEPUTY_EXPERIENCE, MENTOR, JD_ACKNOWLEDGED)
