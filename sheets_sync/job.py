"""The runner: one workbook through the whole pipeline.

snapshot → header mapping → validation → keys and references → rules → status cells →
change set (diffed against the snapshot) → one batched write → result::

    result = run(SCHOOL_JOB, XlsxBackend("school.xlsx"), as_of=date(2026, 11, 21))
    result.changes        # what was (or, with dry_run, would be) written
    result.registers      # findings per register, for the report
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .backends.base import Backend
from .changes import CellRef, ChangeSet, SetColumnWidth, diff
from .errors import NoRegisters, SheetsSyncError
from .findings import Deadline, Finding, Severity
from .headers import find_tab
from .messages import DEFAULT_LANGUAGE, ENGINE_LOCALES, Catalog
from .references import Index, check_references, duplicate_keys
from .register import Register
from .rules import Context, Rule, run_rules
from .snapshot import CellValue, Snapshot
from .statuses import new_column_widths, status_cells
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

    def catalog(self, language: str) -> Catalog:
        return Catalog.load(language, (ENGINE_LOCALES, *self.locales))

    @property
    def register_map(self) -> dict[str, Register]:
        return {register.id: register for register in self.registers}


@dataclass
class RegisterResult:
    register: Register
    tab: str | None
    rows: int = 0
    skipped_rules: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def processed(self) -> bool:
        return self.tab is not None and not any(f.code == "missing-column" for f in self.findings)

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
        """Register-level findings that kept a register from being processed at all."""
        return [f for r in self.registers for f in r.findings if f.code == "missing-column"]

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

    def message(self, finding: Finding) -> str:
        return self.catalog.finding(finding, self.registers)


def run(
    job: Job,
    backend: Backend,
    *,
    as_of: date,
    language: str = DEFAULT_LANGUAGE,
    policy: BaseModel | None = None,
    dry_run: bool = False,
) -> RunResult:
    """Check one workbook and, unless ``dry_run``, write its status columns and summary tabs
    in one batch."""
    catalog = job.catalog(language)
    snapshot = backend.read()
    results, tables = _read_registers(job, snapshot, language)
    context, deadlines = _judge(job, tables, results, as_of, policy or job.policy())
    overview = Overview(as_of, language, catalog, context, results, deadlines, job.register_map)
    changes = _changes(job, snapshot, overview)
    if not dry_run:
        backend.apply(snapshot, changes)
    return RunResult(backend.source, list(results.values()), changes, bool(changes) and not dry_run)


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


def _changes(job: Job, snapshot: Snapshot, overview: Overview) -> ChangeSet:
    """Status cells of every processed tab and the summary tabs, diffed against the snapshot."""
    desired: dict[CellRef, CellValue] = {}
    widths: list[SetColumnWidth] = []
    for register_id, table in overview.context.tables.items():
        widths += new_column_widths(snapshot.tab(table.title), table.header.row)
        desired |= status_cells(
            snapshot.tab(table.title),
            table,
            overview.results[register_id].findings,
            [d for d in overview.deadlines if d.register == register_id],
            overview.message,
            overview.language,
        )
    plan = plan_summaries(snapshot, [build(overview) for build in job.summaries], overview.language)
    home = job.registers[0].id
    for title in plan.taken:
        overview.results[home].findings.append(
            Finding(home, "summary-tab-taken", Severity.WARNING, params={"tab": title})
        )
    view = Snapshot(snapshot.source, {**snapshot.tabs, **plan.view}, snapshot.revision)
    return ChangeSet((*plan.structure, *widths, *diff(view, desired | plan.desired)))


def run_many(job: Job, backends: Iterable[Backend], **options: Any) -> list[RunResult]:
    """Run every workbook; one that fails is reported and does not stop the others."""
    outcomes = []
    for backend in backends:
        try:
            outcomes.append(run(job, backend, **options))
        except SheetsSyncError as error:
            outcomes.append(RunResult(backend.source, error=error))
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
    return replace(finding, column=table.header_text(finding.field))
