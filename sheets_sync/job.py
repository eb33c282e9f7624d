"""The runner: one workbook through the whole pipeline.

snapshot → header mapping → validation → keys and references → rules → status cells →
change set (diffed against the snapshot) → one batched write → result::

    result = run(SCHOOL_JOB, XlsxBackend("school.xlsx"), as_of=date(2026, 11, 21))
    result.changes        # what was (or, with dry_run, would be) written
    result.registers      # findings per register, for the report
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .backends.base import Backend
from .changes import (
    CellRef,
    Change,
    ChangeSet,
    Link,
    MarkColumn,
    SetColumnWidth,
    SetValidation,
    changed_cells,
)
from .collector import collector_paused
from .entry_rules import KeyRange, entry_rules, key_range
from .errors import NoRegisters, SheetsSyncError, UnexpectedFailure
from .feedback import DECORATIONS, FEEDBACK, decorate, wanted_decorations
from .findings import Deadline, Finding, Severity
from .furniture import STYLES, VALIDATION, Fixtures, data_bottom, furniture
from .headers import HEADER_SCAN_ROWS, find_tab, map_headers
from .layout import BLOCKED_CODES, MAX_CELL_TEXT, blocked_status_cells, fit_text
from .messages import DEFAULT_LANGUAGE, ENGINE_LOCALES, Catalog, message_key
from .references import Index, check_references, duplicate_keys
from .register import Register
from .rules import Context, Rule, run_rules
from .snapshot import CellValue, Snapshot, Tab
from .statuses import (
    Placement,
    StatusColumns,
    place_status_columns,
    placement_widths,
    status_cells,
    status_styles,
)
from .summaries import SummaryTab, plan_summaries
from .validation import Table, read_table


@dataclass(frozen=True)
class Job:
    """What to check: registers, the rules over them, the policy model, message catalogs and
    the summary tabs to rebuild."""

    name: str
    registers: tuple[Register, ...]
    rules: tuple[Rule, ...]
    policy: type[BaseModel]
    locales: tuple[Path, ...] = ()
    summaries: tuple[Callable[[Overview], SummaryTab], ...] = ()
    summary_furniture: bool = False
    """Whether summary tabs get their styles, frozen rows, print setup, chart and links."""
    feedback: frozenset[str] = FEEDBACK
    """Families of feedback on the register tabs (``feedback.FEEDBACK``); none: values only."""

    def catalog(self, language: str) -> Catalog:
        return Catalog.load(language, (ENGINE_LOCALES, *self.locales))

    @property
    def register_map(self) -> dict[str, Register]:
        return {register.id: register for register in self.registers}


CHOICE_LABELS = "ru"
"""A choice drop-down offers the stored Kyrgyz values, then their labels in this language."""
HEADER_TOO_LOW = "header-row-too-low"
UNREAD_CODES = frozenset({"missing-column", HEADER_TOO_LOW})
"""Register-level findings that kept a register's rows from being read at all."""
INCOMPLETE_CODES = UNREAD_CODES | BLOCKED_CODES
"""... or its status cells from being written: the run is incomplete (exit 3)."""


@dataclass
class RegisterResult:
    register: Register
    tab: str | None
    rows: int = 0
    skipped_rules: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def processed(self) -> bool:
        return self.tab is not None and not any(f.code in UNREAD_CODES for f in self.findings)

    def count(self, severity: Severity) -> int:
        return sum(1 for finding in self.findings if finding.severity is severity)


@dataclass
class RunResult:
    """The outcome for one workbook. ``error`` is set when the run could not complete."""

    source: str
    registers: list[RegisterResult] = field(default_factory=list)
    changes: ChangeSet = field(default_factory=ChangeSet)
    applied: bool = False
    error: SheetsSyncError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def incomplete(self) -> list[Finding]:
        """Register-level findings that kept a register from being read or written."""
        return [f for r in self.registers for f in r.findings if f.code in INCOMPLETE_CODES]

    def findings(self) -> list[Finding]:
        return [finding for result in self.registers for finding in result.findings]


@dataclass(frozen=True)
class Overview:
    """What a summary builder may read: the judged tables and every register's result."""

    as_of: date
    language: str
    catalog: Catalog
    context: Context
    results: dict[str, RegisterResult]
    deadlines: list[Deadline]
    registers: dict[str, Register]
    school: str | None = None
    """The school's name, from the run's settings (``[[schools]]``), else None."""
    _messages: dict[Hashable, str] = field(default_factory=dict, compare=False, repr=False)

    def message(self, finding: Finding) -> str:
        # Rows with the same finding share one message: each is rendered once a run.
        key = message_key(finding)
        if key is None:
            return self.catalog.finding(finding, self.registers)
        text = self._messages.get(key)
        if text is None:
            text = self._messages[key] = self.catalog.finding(finding, self.registers)
        return text


def run(
    job: Job,
    backend: Backend,
    *,
    as_of: date,
    language: str = DEFAULT_LANGUAGE,
    policy: BaseModel | None = None,
    dry_run: bool = False,
    school: str | None = None,
) -> RunResult:
    """Check one workbook and, unless ``dry_run``, write its status columns and summary tabs
    in one batch."""
    with collector_paused():  # a run builds no cycles worth a pass; see sheets_sync.collector
        snapshot = backend.read()
        result = plan(job, snapshot, as_of=as_of, language=language, policy=policy, school=school)
        if not dry_run:
            backend.apply(snapshot, result.changes)
    result.applied = bool(result.changes) and not dry_run
    return result


def plan(
    job: Job,
    snapshot: Snapshot,
    *,
    as_of: date,
    language: str = DEFAULT_LANGUAGE,
    policy: BaseModel | None = None,
    school: str | None = None,
) -> RunResult:
    """Everything a run decides, from one snapshot: findings and the change set (nothing is
    written). A dry run and a real run plan the very same."""
    with collector_paused():  # planning builds no cycles; see sheets_sync.collector
        return _plan(job, snapshot, as_of, language, policy, school)


def _plan(
    job: Job,
    snapshot: Snapshot,
    as_of: date,
    language: str,
    policy: BaseModel | None,
    school: str | None,
) -> RunResult:
    catalog = job.catalog(language)
    results, tables = _read_registers(job, snapshot, language)
    context, deadlines = _judge(job, tables, results, as_of, policy or job.policy())
    placements = _refuse_blocked_layouts(snapshot, tables, results)
    overview = Overview(
        as_of,
        language,
        catalog,
        context,
        results,
        deadlines,
        job.register_map,
        school,
    )
    changes = _changes(job, snapshot, overview, placements)
    return RunResult(snapshot.source, list(results.values()), changes)


def _judge(
    job: Job,
    tables: dict[str, Table],
    results: dict[str, RegisterResult],
    as_of: date,
    policy: BaseModel,
) -> tuple[Context, list[Deadline]]:
    """Keys, references and rules; every finding lands in its register's result."""
    found = [f for table in tables.values() for f in duplicate_keys(table)]
    indexes = {rid: Index.build(t) for rid, t in tables.items() if t.register.lookup}
    unknown, unchecked = check_references(tables, indexes)
    found += unknown
    for register_id, field_name in sorted(unchecked):
        results[register_id].skipped_rules.append("references")
        found.append(_unchecked(job.register_map[register_id], field_name))
    context = Context(as_of, policy, tables, indexes)
    outcome = run_rules(job.rules, context)
    for register_id, rule_ids in outcome.skipped.items():
        results[register_id].skipped_rules.extend(rule_ids)
    for finding in (*found, *outcome.findings):
        results[finding.register].findings.append(_with_column(finding, tables))
    return context, outcome.deadlines


def _refuse_blocked_layouts(
    snapshot: Snapshot, tables: dict[str, Table], results: dict[str, RegisterResult]
) -> dict[str, Placement]:
    """A register whose status cells cannot be placed gets one finding and is not written; a
    dry run plans the same, so it reports the same refusal. Returns where every register's
    status columns go (placing them reads the whole tab: once a run is enough)."""
    placements = {}
    for register_id, table in tables.items():
        tab = snapshot.tab(table.title)
        placement = placements[register_id] = place_status_columns(tab, table.header.row)
        blocked = blocked_status_cells(tab, register_id, table.header.row, placement.columns.all)
        if blocked is not None:
            results[register_id].findings.append(blocked)
    return placements


def _writable(results: dict[str, RegisterResult], register_id: str) -> bool:
    return not any(f.code in BLOCKED_CODES for f in results[register_id].findings)


def _changes(
    job: Job, snapshot: Snapshot, overview: Overview, placements: dict[str, Placement]
) -> ChangeSet:
    """Status cells of every processed tab and the summary tabs, diffed against the snapshot,
    then the feedback on the register tabs."""
    # Each tab's wanted cells are diffed as soon as they are known and then dropped: at 100k
    # rows a dict of every wanted cell costs tens of megabytes.
    cells: list[Change] = []
    widths: list[SetColumnWidth | MarkColumn] = []
    feedback: list[Change] = []
    tables = overview.context.tables
    sources = _name_columns(snapshot, tables) if VALIDATION in job.feedback else {}
    labels = job.catalog(CHOICE_LABELS).sections.get("choices", {}) if sources else {}
    for register_id, table in tables.items():
        if not _writable(overview.results, register_id):
            continue
        tab = snapshot.tab(table.title)
        placement = placements[register_id]
        widths += placement_widths(tab.title, placement)
        widths += placement.marks
        status = status_cells(
            tab,
            table,
            overview.results[register_id].findings,
            [d for d in overview.deadlines if d.register == register_id],
            overview.message,
            overview.language,
            columns=placement.columns,
        )
        feedback += _feedback(
            job, tab, table, overview, placement.columns, status, (sources, labels)
        )
        # Already within a cell's limit: status_cells cuts the notes, the rest is short.
        cells += changed_cells(snapshot, status)
        del status
    builds = [build(overview) for build in job.summaries]
    plan = plan_summaries(snapshot, builds, overview.language, furniture=job.summary_furniture)
    home = job.registers[0].id
    for title in plan.taken:
        overview.results[home].findings.append(
            Finding(home, "summary-tab-taken", Severity.WARNING, params={"tab": title})
        )
    view = Snapshot(snapshot.source, {**snapshot.tabs, **plan.view}, snapshot.revision)
    cells += changed_cells(view, _fitted(plan.desired))
    plan.desired.clear()
    return ChangeSet((*plan.structure, *widths, *cells, *feedback, *plan.furniture))


def _fitted(desired: dict[CellRef, CellValue | Link]) -> dict[CellRef, CellValue | Link]:
    """``desired`` with every text cut to what a cell holds (in place: it is the only copy)."""
    for ref, value in desired.items():
        if isinstance(value, str) and len(value) > MAX_CELL_TEXT:
            desired[ref] = fit_text(value)
    return desired


def _feedback(
    job: Job,
    tab: Tab,
    table: Table,
    overview: Overview,
    columns: StatusColumns,
    status: dict[CellRef, CellValue],
    choices: tuple[dict[str, KeyRange], Mapping[str, str]],
) -> list[Change]:
    """Feedback where staff type, on one written register tab: status colours (from the
    ``status`` cells as they will read), notes and tints on the wrong cells, and the
    furniture (sent again only when its digest changes)."""
    families = job.feedback
    sources, labels = choices
    changes: list[Change] = []
    header_row = table.header.row
    if STYLES in families:
        changes += status_styles(tab, header_row, columns.status, status)
    if families & DECORATIONS:
        findings = overview.results[table.register.id].findings
        changes += decorate(tab, wanted_decorations(table, findings, overview.message, families))
    validations: tuple[SetValidation, ...] = ()
    if VALIDATION in families:
        # Every column's rules, validated or not: the digest covers them all and
        # ``furniture`` leaves out the columns that have a validation.
        every = replace(tab, validated_columns=frozenset())
        validations = entry_rules(
            table.register, every, table.header, sources=sources, labels=labels
        )
    fixtures = Fixtures(
        header_row=header_row,
        columns=columns,
        bottom=data_bottom(tab, header_row, columns),
        protection=overview.catalog.ui("status-protection"),
        families=families,
        validations=validations,
    )
    changes += furniture(tab, fixtures)
    return changes


def _name_columns(snapshot: Snapshot, tables: dict[str, Table]) -> dict[str, KeyRange]:
    """Each register's name column, for the drop-downs of the registers that refer to it."""
    sources = {}
    for register_id, table in tables.items():
        if table.register.lookup:
            cells = key_range(table.register, snapshot.tab(table.title), table.header)
            if cells is not None:
                sources[register_id] = cells
    return sources


def run_many(job: Job, backends: Iterable[Backend], **options: Any) -> list[RunResult]:
    """Run every workbook; one that fails is reported and does not stop the others, even when
    it fails on a fault of the toolkit's own (reported as ``UnexpectedFailure``)."""
    outcomes = []
    for backend in backends:
        try:
            outcomes.append(run(job, backend, **options))
        except SheetsSyncError as error:
            outcomes.append(RunResult(backend.source, error=error))
        except Exception as error:  # a bug must not cost the other workbooks their run
            failure = UnexpectedFailure(source=backend.source, kind=type(error).__name__)
            failure.__cause__ = error
            outcomes.append(RunResult(backend.source, error=failure))
    return outcomes


def _read_registers(
    job: Job, snapshot: Snapshot, language: str
) -> tuple[dict[str, RegisterResult], dict[str, Table]]:
    results: dict[str, RegisterResult] = {}
    tables: dict[str, Table] = {}
    tabs = list(snapshot)
    for register in job.registers:
        tab = find_tab(tabs, register)
        if tab is None:
            results[register.id] = RegisterResult(
                register,
                None,
                findings=[
                    Finding(
                        register.id,
                        "tab-not-found",
                        Severity.INFO,
                        params={"tab": register.title(language), "register": register.id},
                    )
                ],
            )
            continue
        table, findings = read_table(tab, register)
        result = RegisterResult(register, tab.title, len(table.records), findings=findings)
        results[register.id] = result
        lower = _header_further_down(tab, register) if table.header.missing else None
        if lower is not None:
            result.findings.append(
                Finding(
                    register.id,
                    HEADER_TOO_LOW,
                    Severity.ERROR,
                    params={"tab": tab.title, "header_row": lower, "limit": HEADER_SCAN_ROWS},
                )
            )
            continue
        if table.header.missing:
            result.findings.extend(
                Finding(
                    register.id,
                    "missing-column",
                    Severity.ERROR,
                    field=name,
                    column=register.columns[name].title(language),
                    params={"tab": tab.title, "header_row": table.header.row},
                )
                for name in table.header.missing
            )
            continue
        tables[register.id] = table
    if not any(result.tab for result in results.values()):
        raise NoRegisters(
            source=snapshot.source,
            tabs=", ".join(f"«{register.title(language)}»" for register in job.registers),
        )
    return results, tables


def _header_further_down(tab: Tab, register: Register) -> int | None:
    """The row below the scanned top rows that holds every required header, if any: the
    advice then names that row instead of asking for columns the tab already has."""
    for offset in range(HEADER_SCAN_ROWS, tab.height, HEADER_SCAN_ROWS):
        header = map_headers(Tab(tab.title, tab.rows[offset:]), register)
        if not header.missing and header.columns:
            return header.row + offset
    return None


def _unchecked(register: Register, field_name: str) -> Finding:
    target = register.references[field_name].register
    return Finding(
        register.id,
        "rule-skipped",
        Severity.INFO,
        field=field_name,
        params={"rule": "references", "missing_register": target},
    )


def _with_column(finding: Finding, tables: dict[str, Table]) -> Finding:
    table = tables.get(finding.register)
    if finding.column or not finding.field or table is None:
        return finding
    return finding.amended(column=table.header_text(finding.field))
