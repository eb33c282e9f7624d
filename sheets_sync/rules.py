"""Rules: functions that read validated tables and say what is wrong or due.

A rule declares the register fields it reads. The runner feeds it only when those columns
exist; otherwise it is skipped and reported once (``rule-skipped``), never as an error on
every row. A rule returns findings and deadlines and knows nothing of spreadsheets::

    @rule("jd-acknowledged", needs={"teachers": ["jd_acknowledged_on"]})
    def jd_acknowledged(ctx: Context) -> Iterator[Finding]:
        for teacher in ctx.table("teachers").usable("jd_acknowledged_on"):
            if teacher.data.jd_acknowledged_on is None:
                yield Finding("teachers", "jd-not-acknowledged", Severity.WARNING,
                              row=teacher.row, field="jd_acknowledged_on")

``needs`` maps a register to its fields; a tuple inside the list means "any one of these".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .findings import Deadline, Finding, Severity
from .references import Index, tab_titles
from .validation import Record, Table

Need = str | tuple[str, ...]
Check = Callable[["Context"], Iterable[Finding | Deadline]]


@dataclass(frozen=True)
class Rule:
    id: str
    check: Check
    needs: Mapping[str, Sequence[Need]]

    @property
    def home(self) -> str:
        """The register the rule reports on (the first it needs)."""
        return next(iter(self.needs))

    def missing_inputs(self, tables: Mapping[str, Table]) -> list[tuple[str, Need]]:
        """(register, field) pairs the rule needs but the workbook lacks."""
        missing: list[tuple[str, Need]] = []
        for register, fields in self.needs.items():
            table = tables.get(register)
            if table is None:
                missing.append((register, ()))
                continue
            for need in fields:
                options = (need,) if isinstance(need, str) else need
                if not any(table.has(option) for option in options):
                    missing.append((register, need))
        return missing


def rule(rule_id: str, *, needs: Mapping[str, Sequence[Need]]) -> Callable[[Check], Rule]:
    """Decorator turning a check function into a ``Rule``."""

    def wrap(check: Check) -> Rule:
        return Rule(rule_id, check, needs)

    return wrap


@dataclass
class Context:
    """What a rule may read: the date it judges at, the policy and the validated tables."""

    as_of: date
    policy: Any
    tables: Mapping[str, Table]
    indexes: Mapping[str, Index] = field(default_factory=dict)

    def table(self, register: str) -> Table:
        return self.tables[register]

    def resolve(self, register: str, value: object) -> Record | None:
        """The row of ``register`` that ``value`` names (by ID or name), if any."""
        index = self.indexes.get(register)
        return index.find(value) if index and value is not None else None


@dataclass
class RuleResults:
    findings: list[Finding] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    skipped: dict[str, list[str]] = field(default_factory=dict)


def run_rules(rules: Iterable[Rule], ctx: Context) -> RuleResults:
    results = RuleResults()
    for item in rules:
        missing = item.missing_inputs(ctx.tables)
        if missing:
            results.skipped.setdefault(item.home, []).append(item.id)
            if item.home in ctx.tables:  # an absent tab is reported once, as not found
                results.findings.append(_skipped(item, missing, ctx.tables))
            continue
        for outcome in item.check(ctx):
            if isinstance(outcome, Deadline):
                results.deadlines.append(outcome)
            else:
                results.findings.append(outcome)
    tabs = tab_titles(ctx.tables)
    results.findings = [finding.amended(tabs=tabs) for finding in results.findings]
    return results


def _skipped(item: Rule, missing: list[tuple[str, Need]], tables: Mapping[str, Table]) -> Finding:
    register, need = missing[0]
    if register not in tables:
        return Finding(
            item.home,
            "rule-skipped",
            Severity.INFO,
            params={"rule": item.id, "missing_register": register},
        )
    fields = (need,) if isinstance(need, str) else need
    return Finding(
        item.home,
        "rule-skipped",
        Severity.INFO,
        params={"rule": item.id, "register": register, "fields": fields},
    )
