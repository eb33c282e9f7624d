"""Professional development (seed 004 §2.5, §4.2, §4.4; seed 001 §2.3).

A teacher's PD base is the end of the latest qualifying activity (a qualification course of
at least ``pd_min_course_hours`` or a retraining of at least ``retraining_min_hours``, ended by
as-of), else the hiring date. The next one is due ``pd_cycle_years`` after the base.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from sheets_sync.findings import Deadline, Finding, Severity, due_severity
from sheets_sync.rules import Context, rule
from sheets_sync.text import display

from ..choices import CourseKind, DocumentKind
from ..dates import add_years
from ..pd_courses import Course


def qualifies(course: Course, ctx: Context) -> bool:
    policy = ctx.policy
    minimum = {
        CourseKind.QUALIFICATION: policy.pd_min_course_hours,
        CourseKind.RETRAINING: policy.retraining_min_hours,
    }.get(course.kind)
    return minimum is not None and course.hours >= minimum and course.end <= ctx.as_of


def latest_qualifying_end(ctx: Context) -> dict[int, date]:
    """Teacher row -> end of their latest qualifying activity."""
    latest: dict[int, date] = {}
    for record in ctx.table("pd_courses").usable("teacher", "kind", "hours", "end"):
        teacher = ctx.resolve("teachers", record.data.teacher)
        if teacher is None or not qualifies(record.data, ctx):
            continue
        if record.data.end > latest.get(teacher.row, date.min):
            latest[teacher.row] = record.data.end
    return latest


@rule(
    "pd-cycle", needs={"teachers": ["full_name"], "pd_courses": ["teacher", "kind", "hours", "end"]}
)
def PD_CYCLE(ctx: Context) -> Iterator[Finding | Deadline]:
    """Without a hiring-date column, teachers with no qualifying course cannot be judged: the
    rule says so once (``rule-skipped``) and judges the others."""
    latest = latest_qualifying_end(ctx)
    teachers = ctx.table("teachers")
    hired_known = teachers.has("hired_on")
    if not hired_known and any(t.row not in latest for t in teachers.records):
        yield Finding(
            "teachers",
            "rule-skipped",
            Severity.INFO,
            field="hired_on",
            params={"rule": "pd-cycle", "register": "teachers", "fields": ("hired_on",)},
        )
    for teacher in teachers.records:
        course_end = latest.get(teacher.row)
        if course_end is None and not (hired_known and teacher.usable("hired_on")):
            continue  # the unreadable hiring date is reported; guessing "no record" would mislead
        base = course_end or teacher.data.hired_on
        if base is None:
            yield Finding("teachers", "pd-no-record", Severity.ERROR, row=teacher.row)
            continue
        due = add_years(base, ctx.policy.pd_cycle_years)
        yield Deadline("teachers", teacher.row, due)
        params = {
            "base": base,
            "since": "course" if course_end else "hired",
            "variant": "course" if course_end else "hired",
            "days": (due - ctx.as_of).days,
        }
        if due < ctx.as_of:
            yield Finding(
                "teachers", "pd-overdue", Severity.ERROR, row=teacher.row, due=due, params=params
            )
        elif (due - ctx.as_of).days <= ctx.policy.pd_warn_days:
            yield Finding(
                "teachers", "pd-due-soon", Severity.WARNING, row=teacher.row, due=due, params=params
            )
        else:  # the row's «Мөөнөт» shows this date; its notes say what it is
            yield Finding(
                "teachers", "pd-next-due", Severity.INFO, row=teacher.row, due=due, params=params
            )


@rule("pd-course-hours", needs={"pd_courses": ["kind", "hours"]})
def COURSE_HOURS(ctx: Context) -> Iterator[Finding]:
    policy = ctx.policy
    short = {
        CourseKind.QUALIFICATION: ("pd-hours-short", policy.pd_min_course_hours),
        CourseKind.RETRAINING: ("retraining-hours-short", policy.retraining_min_hours),
    }
    for record in ctx.table("pd_courses").usable("kind", "hours"):
        code, minimum = short.get(record.data.kind, (None, 0))
        if code and record.data.hours < minimum:
            yield Finding(
                "pd_courses",
                code,
                Severity.WARNING,
                row=record.row,
                field="hours",
                params={"hours": record.data.hours, "minimum": minimum},
            )


@rule("pd-document-kind", needs={"pd_courses": ["kind", "end", "document_kind"]})
def DOCUMENT_KIND(ctx: Context) -> Iterator[Finding]:
    """Seed 004 §2.5: a diploma is issued once a retraining has been completed
    («ийгиликтүү аяктагандан кийин»), so one still running needs none yet."""
    for record in ctx.table("pd_courses").usable("kind", "end", "document_kind"):
        course = record.data
        if (
            course.kind is CourseKind.RETRAINING
            and course.end <= ctx.as_of
            and course.document_kind is not DocumentKind.DIPLOMA
        ):
            yield Finding(
                "pd_courses",
                "document-kind-mismatch",
                Severity.WARNING,
                row=record.row,
                field="document_kind",
                params={"value": display(record.raw["document_kind"])},
            )


@rule("pd-certificate", needs={"pd_courses": ["kind", "end", "submitted_on"]})
def CERTIFICATE(ctx: Context) -> Iterator[Finding]:
    """Seed 004 §4.2, §4.4: the document of a qualification course or a retraining is handed
    in; a seminar needs none."""
    documented = (CourseKind.QUALIFICATION, CourseKind.RETRAINING)
    for record in ctx.table("pd_courses").usable("kind", "end", "submitted_on"):
        course = record.data
        if course.kind not in documented:
            continue
        if course.end > ctx.as_of or course.submitted_on is not None:
            continue
        due = course.end + timedelta(days=ctx.policy.certificate_submit_days)
        yield Finding(
            "pd_courses",
            "pd-certificate-missing",
            due_severity(due, ctx.as_of),
            row=record.row,
            field="submitted_on",
            due=due,
            params={"end": course.end},
        )


COURSE_RULES = (COURSE_HOURS, DOCUMENT_KIND, CERTIFICATE)
