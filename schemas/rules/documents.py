"""The association's file (seed 002 §5.9): «Усулдук бирикменин документтери мектепте 3 жыл
сакталат, андан соң, ... протоколдору, ... пландары жана талданышы 10 жылга сактоо үчүн
архивке тапшырылат» — kept at school 3 years, then protocols, plans and analyses go to the
archive for 10 years."""

from __future__ import annotations

from collections.abc import Iterator

from sheets_sync.findings import Finding, Severity
from sheets_sync.rules import Context, rule

from ..choices import DocType
from ..dates import add_years
from .helpers import calendar

ARCHIVED = frozenset(
    {DocType.PROTOCOLS, DocType.ANNUAL_PLAN, DocType.MONTHLY_PLAN, DocType.ANALYSIS}
)


@rule(
    "archive-due",
    needs={"documents": ["doc_type", ("school_year", "created_on"), "archived_on"]},
)
def ARCHIVE_DUE(ctx: Context) -> Iterator[Finding]:
    """Seed 002 §5.9: protocols, work plans and analyses go to the archive
    ``doc_school_years`` (3) after their school year ends. Past that day with no archive date:
    a warning due that day. The school year is the row's «Окуу жылы», else the year its
    «Түзүлгөн күн» falls in."""
    years = calendar(ctx)
    documents = ctx.table("documents").usable("doc_type", "school_year", "created_on")
    for record in documents:
        document = record.data
        if document.doc_type not in ARCHIVED or document.archived_on is not None:
            continue
        if not record.usable("archived_on"):
            continue
        if document.school_year is not None:
            year = years.label_year(document.school_year)
        elif document.created_on is not None:
            year = years.year_of(document.created_on)
        else:
            continue
        if year is None:
            continue
        due = add_years(year.end, ctx.policy.doc_school_years)
        if due < ctx.as_of:
            yield Finding(
                "documents",
                "archive-due",
                Severity.WARNING,
                row=record.row,
                field="archived_on",
                due=due,
                params={"year": year.label, "years": ctx.policy.doc_school_years},
            )


@rule("retention-ended", needs={"documents": ["doc_type", "archived_on"]})
def RETENTION_ENDED(ctx: Context) -> Iterator[Finding]:
    """Seed 002 §5.9: archived protocols, plans and analyses are kept ``archive_years`` (10);
    after that the school may write them off. Information only; the other papers of the file
    are not sent to the archive, so they have no such term."""
    for record in ctx.table("documents").usable("doc_type", "archived_on"):
        archived = record.data.archived_on
        if archived is None or record.data.doc_type not in ARCHIVED:
            continue
        until = add_years(archived, ctx.policy.archive_years)
        if until < ctx.as_of:
            yield Finding(
                "documents",
                "retention-ended",
                Severity.INFO,
                row=record.row,
                field="archived_on",
                params={"archived": archived, "until": until},
            )


DOCUMENT_RULES = (ARCHIVE_DUE, RETENTION_ENDED)
