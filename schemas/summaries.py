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
from sheets_sync.job import Overview, RegisterResult
from sheets_sync.snapshot import CellValue
from sheets_sync.summaries import SummaryTab
from sheets_sync.text import display

from .calendar import SchoolYear
from .choices import Council, DocType, EventKind, PlanKind, council_of
from .rules.helpers import annual_rows, associations, calendar, ma_files, members

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
    rows += _register_level(view)
    rows += _pd_compliance(view)
    rows += _associations(view)
    rows += _council(view)
    rows += _worst(view)
    return SummaryTab(OVERVIEW, rows, widths=(34, 24, 12, 12, 36, 90, 12, 12))


def deadlines(view: Overview) -> SummaryTab:
    ui = view.catalog.ui
    rows: Rows = [
        [ui("summary-as-of"), view.as_of],
        [],
        _item_header(view),
    ]
    dated = sorted((f for f in _findings(view) if f.due), key=lambda f: (f.due, f.sort_key()))
    who = _Who(view)
    rows += [_item(view, finding, who) for finding in dated]
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
            ui("summary-skipped"),
        ],
    ]
    for result in view.results.values():
        skipped = sorted({view.catalog.rule_title(rule) for rule in _skipped_of(result)})
        rows.append(
            [
                result.register.title(view.language),
                result.tab or ui("summary-tab-missing"),
                result.rows,
                result.count(Severity.ERROR),
                result.count(Severity.WARNING),
                ", ".join(skipped) or None,
            ]
        )
    return [*rows, []]


def _skipped_of(result: RegisterResult) -> set[str]:
    """Rules that could not run on this register: listed by the runner, or said by a rule
    that judged only part of it."""
    said = {f.params.get("rule") for f in result.findings if f.code == "rule-skipped"}
    return {rule for rule in (*result.skipped_rules, *said) if rule}


def _skipped(view: Overview) -> set[str]:
    return {rule for result in view.results.values() for rule in _skipped_of(result)}


def _register_level(view: Overview) -> Rows:
    """Every finding about a whole register (council size, order gaps, council meetings, a
    rule that could not run and the column it needs): no row shows them, so they are here."""
    found = sorted(
        (f for f in _findings(view) if f.row is None), key=lambda f: (f.register, f.sort_key())
    )
    if not found:
        return []
    ui = view.catalog.ui
    rows: Rows = [
        [ui("summary-register-findings")],
        [ui("summary-status"), ui("summary-tab"), ui("summary-due"), ui("summary-what")],
    ]
    for finding in found:
        result = view.results[finding.register]
        tab = result.tab or result.register.title(view.language)
        rows.append([finding.severity.icon, tab, finding.due, view.message(finding)])
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
    """A row per MA: members, leader's qualification, the leader's seat on the council, plan,
    report, seminars held and the MA file n/11. Each mark is the worst finding about that
    MA's row (or its plan or report row); ✔ only when the rule ran; «—» when it could not."""
    tables = view.context.tables
    if "associations" not in tables or "teachers" not in tables:
        return []
    ui, ctx = view.catalog.ui, view.context
    years = calendar(ctx)
    year, ended = years.school_year(view.as_of), years.last_ended_year(view.as_of)
    counts = members(ctx) if tables["teachers"].has("association") else {}
    skipped = _skipped(view)
    seminars = _seminars(view, year)
    files = ma_files(ctx, year) if "documents" in tables and "ma-file" not in skipped else None
    plans = _paper_rows(view, PlanKind.WORK_PLAN, year)
    reports = _paper_rows(view, PlanKind.REPORT, ended)
    by_row = _ma_findings(view)
    rows: Rows = [
        [ui("summary-associations", year=year.label)],
        [
            ui("summary-ma"),
            ui("summary-members"),
            ui("summary-leader"),
            ui("summary-on-council"),
            ui("summary-plan"),
            ui("summary-report"),
            ui("summary-seminars"),
            ui("summary-documents"),
        ],
    ]
    for record in associations(ctx):
        own = by_row.get(record.row, [])

        def mark(
            codes: tuple[str, ...],
            rules: tuple[str, ...],
            extra: list[Finding] | tuple = (),
            own: list[Finding] = own,
        ) -> str:
            return _mark([f for f in (*own, *extra) if f.code in codes], rules, skipped)

        size = counts.get(record.row, 0)
        rows.append(
            [
                display(record.data.name),
                _marked(size, [f for f in own if f.code == "ma-too-small"]),
                mark(LEADER_CODES, ("leader-education", "leader-experience", "leader-not-member")),
                mark(("leader-not-on-council",), ("leader-on-council",)),
                mark(PLAN_CODES, ("ma-plan", "plan-approval"), plans.get(record.row, [])),
                mark(REPORT_CODES, ("ma-report", "report-submission"), reports.get(record.row, [])),
                _marked(
                    seminars.get(record.row, 0), [f for f in own if f.code == "seminar-missing"]
                )
                if seminars is not None
                else "—",
                f"{len(files.get(record.row, set()))}/{len(DocType)}" if files is not None else "—",
            ]
        )
    return [*rows, []]


LEADER_CODES = ("leader-education", "leader-experience", "leader-not-member")
PLAN_CODES = ("plan-missing", "plan-unapproved", "plan-late")
REPORT_CODES = ("report-missing", "report-late")


def _ma_findings(view: Overview) -> dict[int, list[Finding]]:
    """Association row -> the findings on it."""
    found: dict[int, list[Finding]] = {}
    result = view.results.get("associations")
    for finding in result.findings if result else ():
        if finding.row is not None:
            found.setdefault(finding.row, []).append(finding)
    return found


def _paper_rows(view: Overview, kind: PlanKind, year: SchoolYear) -> dict[int, list[Finding]]:
    """Association row -> findings on the rows of its annual plan (or report) of ``year``."""
    result, ctx = view.results.get("plans_reports"), view.context
    if result is None or "plans_reports" not in ctx.tables:
        return {}
    on_row: dict[int, list[Finding]] = {}
    for finding in result.findings:
        if finding.row is not None:
            on_row.setdefault(finding.row, []).append(finding)
    papers: dict[int, list[Finding]] = {}
    table = ctx.tables["plans_reports"]
    if not (table.has("owner") and table.has("kind")):
        return {}
    for owner, of, record in annual_rows(ctx, kind):
        if of == year:
            papers.setdefault(owner, []).extend(on_row.get(record.row, []))
    return papers


def _mark(found: list[Finding], rules: tuple[str, ...], skipped: set[str]) -> str:
    """The worst finding's icon; ✔ when the rules ran and found nothing; «—» when one of
    them could not run (nothing is ✔ that was not checked)."""
    if found:
        return min(found, key=Finding.sort_key).severity.icon
    return "—" if skipped.intersection(rules) else "✔"


def _marked(count: int, found: list[Finding]) -> CellValue:
    """A count, with the icon of a finding about it in front («⚠ 0»)."""
    if not found:
        return count
    return f"{min(found, key=Finding.sort_key).severity.icon} {count}"


def _seminars(view: Overview, year: SchoolYear) -> dict[int, int] | None:
    """Association row -> seminars held this school year, counted as the rule counts them;
    None when the rule could not run."""
    table, ctx = view.context.tables.get("events"), view.context
    if table is None or "ma-seminar" in _skipped(view):
        return None
    held: dict[int, int] = {}
    for event in table.usable("kind", "association", "held_on"):
        data = event.data
        found = ctx.resolve("associations", data.association)
        if (
            data.kind is EventKind.SEMINAR
            and data.held_on
            and data.held_on <= view.as_of
            and calendar(ctx).meeting_year(data.held_on) == year
            and found
        ):
            held[found.row] = held.get(found.row, 0) + 1
    return held


def _council(view: Overview) -> Rows:
    """Council members and methodical-council meetings held per quarter of this school year,
    counted as ``council-meetings`` counts them; a count a finding is about carries its icon
    («✖ 0», «✖ 20»); a quarter not begun, or not checked, reads «—»."""
    tables, ctx, ui = view.context.tables, view.context, view.catalog.ui
    teachers = tables.get("teachers")
    if teachers is None or not teachers.has("council_member"):
        return []
    size = sum(1 for r in teachers.usable("council_member") if r.data.council_member)
    size_findings = [f for f in view.results["teachers"].findings if f.code == "council-size"]
    year = calendar(ctx).school_year(view.as_of)
    quarters = calendar(ctx).quarters(year)
    held = Counter[int]()
    meetings = tables.get("meetings")
    checked = meetings is not None and "council-meetings" not in _skipped(view)
    if checked:
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
    missing = {
        f.params.get("quarter"): f
        for f in view.results["meetings"].findings
        if f.code == "council-no-meeting"
    }
    counted: list[CellValue] = [
        _marked(held[q.number], [missing[q.number]] if q.number in missing else [])
        if checked and q.start <= view.as_of
        else "—"
        for q in quarters
    ]
    return [
        [ui("summary-council", year=year.label)],
        [ui("summary-members"), *[ui("summary-quarter", number=q.number) for q in quarters]],
        [_marked(size, size_findings), *counted],
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
    who = _Who(view)
    return rows + [_item(view, finding, who) for finding in overdue[:WORST_ITEMS]]


def _item_header(view: Overview) -> list[CellValue]:
    ui = view.catalog.ui
    names = ("due", "status", "tab", "row", "who", "what")
    return [ui(f"summary-{name}") for name in names]


def _findings(view: Overview) -> Iterator[Finding]:
    for result in view.results.values():
        yield from result.findings


def _item(view: Overview, finding: Finding, who: _Who) -> list[CellValue]:
    result = view.results[finding.register]
    return [
        finding.due,
        finding.severity.icon,
        result.tab or result.register.title(view.language),
        finding.row,
        who(finding),
        view.message(finding),
    ]


class _Who:
    """Who or what a finding is about. Each register's rows are indexed by sheet row once,
    on first use, so listing every dated finding reads each register once."""

    def __init__(self, view: Overview) -> None:
        self.view = view
        self.rows: dict[str, dict[int, object]] = {}

    def __call__(self, finding: Finding) -> str:
        table = self.view.context.tables.get(finding.register)
        if table is None or finding.row is None:
            params = finding.params
            return display(params.get("name") or params.get("association") or "")
        if finding.register not in self.rows:
            self.rows[finding.register] = {record.row: record for record in table.records}
        record = self.rows[finding.register].get(finding.row)
        if record is None:
            return ""
        labels = LABELS.get(finding.register, ())
        return " · ".join(_present(display(record.raw.get(name)) for name in labels))


def _present(values: Iterable[str]) -> list[str]:
    return [value for value in values if value][:2]
