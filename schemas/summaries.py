"""The deputy director's summary tabs, rebuilt on every run.

«Жыйынтык» (overview), read top to bottom: the school and the as-of date; what to act on now
(every overdue item: who must act, what, days overdue, a link to its row); the registers;
findings about whole registers; teachers' PD compliance per methodical association, with a
chart; a row per association, each ✖ or ⚠ with its reason; the methodical council.
«Мөөнөттөр» (deadlines): every finding with a due date, soonest first, days overdue or left,
who must act and a link to the row, with a «Today» line between past and future::

    JOB = Job(..., summaries=(overview, deadlines))
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from sheets_sync.changes import CellRef, Link
from sheets_sync.fields import Column
from sheets_sync.findings import Finding, Severity
from sheets_sync.job import Overview, RegisterResult
from sheets_sync.snapshot import Span
from sheets_sync.summaries import Chart, SummaryTab
from sheets_sync.text import display

from .calendar import SchoolYear
from .choices import Council, DocType, EventKind, PlanKind, council_of
from .rules.helpers import annual_rows, associations, calendar, ma_files, members
from .summary_actors import Actors, short_name
from .summary_layout import (
    ALERT,
    AS_OF,
    DATE,
    DAYS,
    HEADING,
    LINK,
    MARK,
    MARKED,
    MARKER,
    NUMBER,
    PERCENT,
    TEXT,
    TODAY,
    Cell,
    SheetBuilder,
    date_format,
    lines,
)

LOCALES = Path(__file__).parent / "locales" / "summary"
OVERVIEW = Column("Жыйынтык", "Итоги", "Summary")
DEADLINES = Column("Мөөнөттөр", "Сроки", "Deadlines")
ACT_NOW_ITEMS = 20
HEAD_ROWS = 2  # the marker and the school's line: frozen, and repeated on printed pages
# Rows keep the sheet's default height (no platform grows a row for wrapped text written by
# a program), so every cell is one line: columns are wide enough for their values and long
# text stands last in its row, where it runs on over the empty cells to its right.
OVERVIEW_WIDTHS = (32, 36, 12, 16, 26, 20, 16, 13, 13)
DEADLINE_WIDTHS = (12, 12, 12, 8, 34, 26, 40)
MESSAGE_LINE = 110  # characters of a message per row, so a printed page keeps its scale
AS_OF_COLUMN = 5  # the as-of label; the date beside it, clear of a long school name
PD_CHART = "pd_compliance"
RATE_COLUMN = 4  # of the PD table: the chart's values

PD_CODES = ("pd-overdue", "pd-due-soon", "pd-no-record")

Rows = list[list[Cell]]


def overview(view: Overview) -> SummaryTab:
    ui = view.catalog.ui
    sheet = SheetBuilder(date_format(view.language))
    sheet.style(Span(1, 1, 1, 1), MARKER)
    _head(view, sheet, OVERVIEW)
    who = Actors(view)
    _act_now(view, sheet, who)
    _registers(view, sheet)
    _register_level(view, sheet)
    charts = _pd_compliance(view, sheet)
    _associations(view, sheet)
    _council(view, sheet)
    if charts:
        anchor = sheet.next_row + 1
        charts = [
            Chart(PD_CHART, ui("summary-pd-chart"), c.categories, c.values, (anchor, 1))
            for c in charts
        ]
    return SummaryTab(
        OVERVIEW,
        sheet.rows,
        widths=OVERVIEW_WIDTHS[: max(sheet.width, 1)],
        key="summary_overview",
        styles=sheet.styles,
        frozen_rows=HEAD_ROWS,
        charts=charts,
    )


def deadlines(view: Overview) -> SummaryTab:
    ui = view.catalog.ui
    sheet = SheetBuilder(date_format(view.language))
    sheet.style(Span(1, 1, 1, 1), MARKER)
    _head(view, sheet, DEADLINES)
    columns = [
        (ui("summary-due"), DATE),
        (ui("summary-days-overdue"), DAYS),
        (ui("summary-days-left"), NUMBER),
        (ui("summary-status"), MARK),
        (ui("summary-acts"), TEXT),
        (ui("summary-link"), LINK),
        (ui("summary-what-short"), TEXT),
    ]
    dated = sorted((f for f in _findings(view) if f.due), key=lambda f: (f.due, f.sort_key()))
    who = Actors(view)
    past = [f for f in dated if f.due < view.as_of]
    coming = [f for f in dated if f.due >= view.as_of]
    header = sheet.next_row
    sheet.table(columns, [_dated(view, f, who) for f in past])
    today = sheet.add([ui("summary-today", date=view.catalog.date(view.as_of))])
    sheet.style(Span(today, 1, today, len(columns)), TODAY)
    sheet.table(columns, [_dated(view, f, who) for f in coming], header=False)
    return SummaryTab(
        DEADLINES,
        sheet.rows,
        widths=DEADLINE_WIDTHS,
        key="summary_deadlines",
        styles=sheet.styles,
        frozen_rows=header,
    )


def _head(view: Overview, sheet: SheetBuilder, titles: Column) -> None:
    """The school's name (or the summary's title) and the as-of date, on one line."""
    ui = view.catalog.ui
    name = view.school or titles.title(view.language)
    label = AS_OF_COLUMN
    row = sheet.add([name, *[None] * (label - 2), ui("summary-as-of"), view.as_of])
    sheet.style(Span(row, 1, row, 1), HEADING)
    sheet.style(Span(row, label, row, label), AS_OF)
    day = replace(AS_OF, align="center", number_format=sheet.date_format)
    sheet.style(Span(row, label + 1, row, label + 1), day)


def _act_now(view: Overview, sheet: SheetBuilder, who: Actors) -> None:
    """Every overdue item, most days overdue first: who must act, what, how late, where."""
    ui = view.catalog.ui
    overdue = _overdue(view)
    sheet.gap()
    if not overdue:
        sheet.title(ui("summary-act-now-none"))
        sheet.gap()
        return
    sheet.title(ui("summary-act-now", count=len(overdue)), ALERT)
    columns = [
        (ui("summary-acts"), TEXT),
        (ui("summary-what-short"), TEXT),
        (ui("summary-days-overdue"), DAYS),
        (ui("summary-due"), DATE),
        (ui("summary-link"), LINK),
    ]
    body = [
        [who.acts(f), _short(view, f), (view.as_of - f.due).days, f.due, _link(view, f)]
        for f in overdue[:ACT_NOW_ITEMS]
    ]
    sheet.table(columns, body)
    if len(overdue) > ACT_NOW_ITEMS:
        sheet.add([ui("summary-act-now-more", count=len(overdue) - ACT_NOW_ITEMS)])
    sheet.gap()


def _overdue(view: Overview) -> list[Finding]:
    """Errors and warnings whose due date has passed, the longest overdue first."""
    late = (
        f
        for f in _findings(view)
        if f.due and f.due < view.as_of and f.severity is not Severity.INFO
    )
    return sorted(late, key=lambda f: (f.due, f.sort_key()))


def _short(view: Overview, finding: Finding) -> str:
    """What is overdue in a few words; the full message is on the register's row."""
    short = view.catalog.sections.get("what", {}).get(finding.code)
    return short if short else view.message(finding)


def _link(view: Overview, finding: Finding) -> Cell:
    """A link to the finding's row (or to its tab, for a finding about a whole register)."""
    result = view.results[finding.register]
    if result.tab is None:
        return None
    ui = view.catalog.ui
    if finding.row is None:
        return Link(ui("summary-link-tab", tab=result.tab), CellRef(result.tab, 1, 1))
    text = ui("summary-link-row", tab=result.tab, row=finding.row)
    return Link(text, CellRef(result.tab, finding.row, 1))


def _registers(view: Overview, sheet: SheetBuilder) -> None:
    ui = view.catalog.ui
    sheet.title(ui("summary-registers"))
    columns = [
        (ui("summary-tab"), LINK),
        (ui("summary-skipped"), TEXT),
        (ui("summary-rows"), NUMBER),
        (ui("summary-errors"), NUMBER),
        (ui("summary-warnings"), NUMBER),
    ]
    body: Rows = []
    for result in view.results.values():
        skipped = sorted({view.catalog.rule_title(rule) for rule in _skipped_of(result)})
        tab: Cell = (
            Link(result.tab, CellRef(result.tab, 1, 1))
            if result.tab
            else result.register.title(view.language)
        )
        note = ", ".join(skipped) or None
        if result.tab is None:
            note = ui("summary-tab-missing")
        body.append(
            [
                tab,
                note,
                result.rows,
                result.count(Severity.ERROR),
                result.count(Severity.WARNING),
            ]
        )
    sheet.table(columns, body)
    sheet.gap()


def _skipped_of(result: RegisterResult) -> set[str]:
    """Rules that could not run on this register: listed by the runner, or said by a rule
    that judged only part of it."""
    said = {f.params.get("rule") for f in result.findings if f.code == "rule-skipped"}
    return {rule for rule in (*result.skipped_rules, *said) if rule}


def _skipped(view: Overview) -> set[str]:
    return {rule for result in view.results.values() for rule in _skipped_of(result)}


def _register_level(view: Overview, sheet: SheetBuilder) -> None:
    """Every finding about a whole register (council size, order gaps, council meetings, a
    rule that could not run and the column it needs): no row shows them, so they are here."""
    found = sorted(
        (f for f in _findings(view) if f.row is None), key=lambda f: (f.register, f.sort_key())
    )
    if not found:
        return
    ui = view.catalog.ui
    sheet.title(ui("summary-register-findings"))
    columns = [(ui("summary-tab"), MARKED), (ui("summary-what"), TEXT)]
    body: Rows = []
    for finding in found:
        result = view.results[finding.register]
        tab = result.tab or result.register.title(view.language)
        first, *more = lines(view.message(finding), MESSAGE_LINE)
        body.append([f"{finding.severity.icon} {tab}", first])
        body += [[None, line] for line in more]
    sheet.table(columns, body)
    sheet.gap()


def _pd_compliance(view: Overview, sheet: SheetBuilder) -> list[Chart]:
    """Teachers whose PD cycle was judged, per association and in all: on time, due soon,
    overdue, no record, and the share that complies (not overdue, a record kept). The row
    of each teacher counts under the association the «Мугалимдер» tab names."""
    ctx, ui = view.context, view.catalog.ui
    teachers = ctx.tables.get("teachers")
    if teachers is None or "pd-cycle" in view.results["teachers"].skipped_rules:
        return []
    state: dict[int, str] = {}
    for d in view.deadlines:
        if d.register == "teachers":
            state[d.row] = "on-time"
    for f in view.results["teachers"].findings:
        if f.code in PD_CODES and f.row:
            state[f.row] = f.code
    names = {r.row: display(r.data.full_name) for r in teachers.records if r.usable("full_name")}
    group: dict[int, int | None] = dict.fromkeys(state)
    if teachers.has("association") and "associations" in ctx.tables:
        for record in teachers.usable("association"):
            found = ctx.resolve("associations", record.data.association)
            if record.row in group and found is not None:
                group[record.row] = found.row
    rows_of: dict[int | None, list[int]] = {}
    for row in sorted(state):
        rows_of.setdefault(group[row], []).append(row)

    def line(label: str, rows: list[int], named: bool = True) -> list[Cell]:
        count = Counter(state[row] for row in rows)
        late = [names.get(row, "") for row in rows if state[row] in ("pd-overdue", "pd-no-record")]
        late = late if named else []
        complying = count["on-time"] + count["pd-due-soon"]
        return [
            label,
            ", ".join(short_name(n) for n in late if n) or None,
            len(rows),
            complying / len(rows) if rows else None,
            count["on-time"],
            count["pd-due-soon"],
            count["pd-overdue"],
            count["pd-no-record"],
        ]

    body: Rows = []
    if "associations" in ctx.tables:
        for record in associations(ctx):
            body.append(line(display(record.data.name), rows_of.get(record.row, [])))
    groups = len(body)  # the chart shows the associations alone
    if rows_of.get(None) and body:
        body.append(line(ui("summary-pd-no-ma"), rows_of[None]))
    body.append(line(ui("summary-pd-all"), sorted(state), named=not body))
    sheet.title(ui("summary-pd"))
    columns = [
        (ui("summary-ma"), TEXT),
        (ui("summary-pd-late-names"), TEXT),
        (ui("summary-pd-teachers"), NUMBER),
        (ui("summary-pd-rate"), PERCENT),
        (ui("summary-pd-on-time"), NUMBER),
        (ui("summary-pd-due-soon"), NUMBER),
        (ui("summary-pd-overdue"), NUMBER),
        (ui("summary-pd-no-record"), NUMBER),
    ]
    first, last = sheet.table(columns, body, bold_last=True)
    sheet.gap()
    if not groups:
        return []
    end = first + groups - 1
    return [
        Chart(
            PD_CHART,
            "",
            Span(first, 1, end, 1),
            Span(first, RATE_COLUMN, end, RATE_COLUMN),
            (last + 1, 1),
        )
    ]


def _associations(view: Overview, sheet: SheetBuilder) -> None:
    """A row per MA: its leader, members, leader's qualification, the leader's seat on the
    council, plan, report, seminars held and the MA file n/11. Each mark is the worst finding
    about that MA's row (or its plan or report row), with the reasons beside it; ✔ only when
    the rule ran; «—» when it could not."""
    tables = view.context.tables
    if "associations" not in tables or "teachers" not in tables:
        return
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
    reasons = view.catalog.sections.get("reasons-short", {})
    body: Rows = []
    for record in associations(ctx):
        own = by_row.get(record.row, [])

        def mark(
            codes: tuple[str, ...],
            rules: tuple[str, ...],
            extra: list[Finding] | tuple = (),
            own: list[Finding] = own,
        ) -> str:
            return _mark([f for f in (*own, *extra) if f.code in codes], rules, skipped, reasons)

        size = counts.get(record.row, 0)
        body.append(
            [
                display(record.data.name),
                display(record.data.leader) or None,
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
                _file_mark(files, record.row, own),
            ]
        )
    sheet.title(ui("summary-associations", year=year.label))
    columns = [
        (ui("summary-ma"), TEXT),
        (ui("summary-leader-name"), TEXT),
        (ui("summary-members"), MARK),
        (ui("summary-leader"), MARK),
        (ui("summary-on-council"), MARK),
        (ui("summary-plan"), MARK),
        (ui("summary-report"), MARK),
        (ui("summary-seminars"), MARK),
        (ui("summary-documents"), MARK),
    ]
    sheet.table(columns, body)
    sheet.gap()


def _file_mark(files: dict[int, set[DocType]] | None, row: int, own: list[Finding]) -> str:
    """The MA file as n/11, with the icon of a finding about it in front («⚠ 7/11»)."""
    if files is None:
        return "—"
    held = f"{len(files.get(row, set()))}/{len(DocType)}"
    found = [f for f in own if f.code == "ma-file-incomplete"]
    return f"{min(found, key=Finding.sort_key).severity.icon} {held}" if found else held


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


def _mark(
    found: list[Finding], rules: tuple[str, ...], skipped: set[str], reasons: dict[str, str]
) -> str:
    """The worst finding's icon and, beside it, the reasons of the findings that severe;
    ✔ when the rules ran and found nothing; «—» when one of them could not run (nothing is
    ✔ that was not checked)."""
    if found:
        worst = min(found, key=Finding.sort_key)
        said = [reasons.get(f.code, "") for f in found if f.severity is worst.severity]
        words = ", ".join(dict.fromkeys(word for word in said if word))
        return f"{worst.severity.icon} {words}" if words else worst.severity.icon
    return "—" if skipped.intersection(rules) else "✔"


def _marked(count: int, found: list[Finding]) -> Cell:
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


def _council(view: Overview, sheet: SheetBuilder) -> None:
    """Council members, the council's work plan and methodical-council meetings held per
    quarter of this school year, counted as ``council-meetings`` counts them; a count a
    finding is about carries its icon («✖ 0», «✖ 20»); a quarter not begun, or not checked,
    reads «—»."""
    tables, ctx, ui = view.context.tables, view.context, view.catalog.ui
    teachers = tables.get("teachers")
    if teachers is None or not teachers.has("council_member"):
        return
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
    counted: list[Cell] = [
        _marked(held[q.number], [missing[q.number]] if q.number in missing else [])
        if checked and q.start <= view.as_of
        else "—"
        for q in quarters
    ]
    plan = [f for f in view.results["meetings"].findings if f.code == "council-plan-missing"]
    reasons = view.catalog.sections.get("reasons-short", {})
    plan_mark = _mark(plan, ("council-plan",), _skipped(view), reasons)
    sheet.title(ui("summary-council", year=year.label))
    columns = [
        (ui("summary-members"), MARK),
        (ui("summary-plan"), MARK),
        *[(ui("summary-quarter", number=q.number), MARK) for q in quarters],
    ]
    sheet.table(columns, [[_marked(size, size_findings), plan_mark, *counted]])
    sheet.gap()


def _findings(view: Overview) -> Iterator[Finding]:
    for result in view.results.values():
        yield from result.findings


def _dated(view: Overview, finding: Finding, who: Actors) -> list[Cell]:
    """A row of «Мөөнөттөр»: due, days overdue or days left, status, who acts, a link to the
    row (whose «Эскертүү» has the whole message) and what is due, in a few words."""
    days = (finding.due - view.as_of).days
    return [
        finding.due,
        -days if days < 0 else None,
        days if days >= 0 else None,
        finding.severity.icon,
        who.acts(finding),
        _link(view, finding),
        _short(view, finding),
    ]
