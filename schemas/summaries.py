"""The deputy director's summary tabs, rebuilt on every run.

«Жыйынтык» (overview): the as-of date, counts per register, teachers' PD compliance, a row per
methodical association, the methodical council, and the worst overdue items. «Мөөнөттөр»
(deadlines): every finding with a due date, soonest first, with who or what it is about::

    JOB = Job(..., summaries=(overview, deadlines))
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from sheets_sync.fields import Column
from sheets_sync.findings import Finding, Severity
from sheets_sync.job import Overview
from sheets_sync.snapshot import CellValue
from sheets_sync.summaries import SummaryTab
from sheets_sync.text import display

from .calendar import SchoolYear
from .choices import Council, DocType, EventKind, council_of
from .rules.helpers import associations, calendar, members

LOCALES = Path(__file__).parent / "locales" / "summary"
OVERVIEW = Column("Жыйынтык", "Итоги", "Summary")
DEADLINES = Column("Мөөнөттөр", "Сроки", "Deadlines")
WORST_ITEMS = 15

# The field that says who or what a row is about, per register.
LABELS = {
    "teachers": ("full_name",),
    "pd_courses": ("teacher", "title"),
    "associations": ("name",),
    "meetings": ("body", "protocol_no"),
    "plans_reports": ("owner", "kind"),
    "events": ("teacher", "association", "topic"),
    "documents": ("association", "doc_type"),
    "orders": ("number", "title"),
}
PD_CODES = ("pd-overdue", "pd-due-soon", "pd-no-record")

Rows = list[list[CellValue]]


def overview(view: Overview) -> SummaryTab:
    ui = view.catalog.ui
    rows: Rows = [[ui("summary-as-of"), view.as_of], []]
    rows += _registers(view)
    rows += _pd_compliance(view)
    rows += _associations(view)
    rows += _council(view)
    rows += _worst(view)
    return SummaryTab(OVERVIEW, rows, widths=(34, 24, 12, 12, 36, 90, 12))


def deadlines(view: Overview) -> SummaryTab:
    ui = view.catalog.ui
    rows: Rows = [
        [ui("summary-as-of"), view.as_of],
        [],
        _item_header(view),
    ]
    dated = sorted((f for f in _findings(view) if f.due), key=lambda f: (f.due, f.sort_key()))
    rows += [_item(view, finding) for finding in dated]
    return SummaryTab(DEADLINES, rows, widths=(12, 6, 24, 6, 36, 100))


def _registers(view: Overview) -> Rows:
    ui = view.catalog.ui
    rows: Rows = [
        [ui("summary-registers")],
        [
            ui("summary-register"),
            ui("summary-tab"),
            ui("summary-rows"),
            ui("summary-errors"),
            ui("summary-warnings"),
        ],
    ]
    for result in view.results.values():
        rows.append(
            [
                result.register.title(view.language),
                result.tab or ui("summary-tab-missing"),
                result.rows,
                result.count(Severity.ERROR),
                result.count(Severity.WARNING),
            ]
        )
    return [*rows, []]


def _pd_compliance(view: Overview) -> Rows:
    teachers = view.context.tables.get("teachers")
    if teachers is None or "pd-cycle" in view.results["teachers"].skipped_rules:
        return []
    ui = view.catalog.ui
    codes = Counter(
        f.code for f in view.results["teachers"].findings if f.code in PD_CODES and f.row
    )
    judged = {f.row for f in view.results["teachers"].findings if f.code in PD_CODES}
    judged |= {d.row for d in view.deadlines if d.register == "teachers"}
    on_time = len(judged) - sum(codes.values())
    return [
        [ui("summary-pd")],
        [
            ui("summary-pd-on-time"),
            ui("summary-pd-due-soon"),
            ui("summary-pd-overdue"),
            ui("summary-pd-no-record"),
        ],
        [on_time, codes["pd-due-soon"], codes["pd-overdue"], codes["pd-no-record"]],
        [],
    ]


def _associations(view: Overview) -> Rows:
    """A row per MA: members, leader, plan, report, seminars held, documents on file."""
    tables = view.context.tables
    if "associations" not in tables or "teachers" not in tables:
        return []
    ui, ctx = view.catalog.ui, view.context
    year = calendar(ctx).school_year(view.as_of)
    counts = members(ctx) if tables["teachers"].has("association") else {}
    seminars = _seminars(view, year)
    documents = _documents(view, year)
    rows: Rows = [
        [ui("summary-associations", year=year.label)],
        [
            ui("summary-ma"),
            ui("summary-members"),
            ui("summary-leader"),
            ui("summary-plan"),
            ui("summary-report"),
            ui("summary-seminars"),
            ui("summary-documents"),
        ],
    ]
    for record in associations(ctx):
        name = display(record.data.name)
        rows.append(
            [
                name,
                counts.get(record.row, 0),
                _mark(
                    view,
                    "associations",
                    ("leader-education", "leader-experience", "leader-not-member"),
                    row=record.row,
                ),
                _mark(view, "plans_reports", ("plan-missing",), association=name),
                _mark(view, "plans_reports", ("report-missing",), association=name),
                seminars.get(record.row, 0),
                f"{len(documents.get(record.row, set()))}/{len(DocType)}",
            ]
        )
    return [*rows, []]


def _mark(
    view: Overview,
    register: str,
    codes: tuple[str, ...],
    *,
    row: int | None = None,
    association: str | None = None,
) -> str:
    """✔, or the icon of the worst of these findings about one MA."""
    result = view.results.get(register)
    if result is None or result.tab is None:
        return "—"
    found = [
        f
        for f in result.findings
        if f.code in codes
        and (f.row == row if row is not None else f.params.get("association") == association)
    ]
    return min(found, key=Finding.sort_key).severity.icon if found else "✔"


def _seminars(view: Overview, year: SchoolYear) -> dict[int, int]:
    table, ctx = view.context.tables.get("events"), view.context
    held: dict[int, int] = {}
    if table is None or not (table.has("association") and table.has("held_on")):
        return held
    for event in table.usable("kind", "association", "held_on"):
        data = event.data
        found = ctx.resolve("associations", data.association)
        if (
            data.kind is EventKind.SEMINAR
            and data.held_on
            and calendar(ctx).meeting_year(data.held_on) == year
            and found
        ):
            held[found.row] = held.get(found.row, 0) + 1
    return held


def _documents(view: Overview, year: SchoolYear) -> dict[int, set[DocType]]:
    table, ctx = view.context.tables.get("documents"), view.context
    kinds: dict[int, set[DocType]] = {}
    if table is None or not all(table.has(f) for f in ("association", "doc_type", "school_year")):
        return kinds
    for document in table.usable("association", "doc_type", "school_year"):
        data = document.data
        found = ctx.resolve("associations", data.association)
        if found and data.doc_type and calendar(ctx).label_year(data.school_year or "") == year:
            kinds.setdefault(found.row, set()).add(data.doc_type)
    return kinds


def _council(view: Overview) -> Rows:
    """Council members and methodical-council meetings held per quarter of this school year."""
    tables, ctx, ui = view.context.tables, view.context, view.catalog.ui
    teachers = tables.get("teachers")
    if teachers is None or not teachers.has("council_member"):
        return []
    size = sum(1 for r in teachers.usable("council_member") if r.data.council_member)
    year = calendar(ctx).school_year(view.as_of)
    quarters = calendar(ctx).quarters(year)
    held = Counter[int]()
    meetings = tables.get("meetings")
    if meetings is not None and meetings.has("date"):
        for meeting in meetings.usable("body", "date"):
            day = meeting.data.date
            quarter = calendar(ctx).quarter_of(day)
            if (
                council_of(meeting.data.body) is Council.METHODICAL
                and quarter
                and calendar(ctx).meeting_year(day) == year
                and day <= view.as_of
            ):
                held[quarter.number] += 1
    counted = [held[q.number] if q.start <= view.as_of else "—" for q in quarters]
    return [
        [ui("summary-council", year=year.label)],
        [ui("summary-members"), *[ui("summary-quarter", number=q.number) for q in quarters]],
        [size, *counted],
        [],
    ]


def _worst(view: Overview) -> Rows:
    overdue = sorted(
        (
            f
            for f in _findings(view)
            if f.severity is Severity.ERROR and f.due and f.due < view.as_of
        ),
        key=lambda f: (f.due, f.sort_key()),
    )
    if not overdue:
        return []
    ui = view.catalog.ui
    rows: Rows = [
        [ui("summary-worst")],
        _item_header(view),
    ]
    return rows + [_item(view, finding) for finding in overdue[:WORST_ITEMS]]


def _item_header(view: Overview) -> list[CellValue]:
    ui = view.catalog.ui
    names = ("due", "status", "tab", "row", "who", "what")
    return [ui(f"summary-{name}") for name in names]


def _findings(view: Overview) -> Iterator[Finding]:
    for result in view.results.values():
        yield from result.findings


def _item(view: Overview, finding: Finding) -> list[CellValue]:
    result = view.results[finding.register]
    return [
        finding.due,
        finding.severity.icon,
        result.tab or result.register.title(view.language),
        finding.row,
        _who(view, finding),
        view.message(finding),
    ]


def _who(view: Overview, finding: Finding) -> str:
    table = view.context.tables.get(finding.register)
    if table is None or finding.row is None:
        return display(finding.params.get("name") or finding.params.get("association") or "")
    record = next((r for r in table.records if r.row == finding.row), None)
    if record is None:
        return ""
    return " · ".join(
        _present(display(record.raw.get(name)) for name in LABELS.get(finding.register, ()))
    )


def _present(values: Iterable[str]) -> list[str]:
    return [value for value in values if value][:2]
