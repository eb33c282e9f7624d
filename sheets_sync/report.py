"""Reports: the JSON contract of DOMAIN.md and the short console summary.

document = json_report(results, as_of=as_of, language="ky", catalog=catalog,
                       registers=JOB.register_map)
print("\n".join(console_report(results[0], as_of=as_of, catalog=catalog,
                               registers=JOB.register_map)))
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from .findings import Finding, Severity
from .job import RegisterResult, RunResult
from .messages import Catalog
from .register import Register
from .text import display

WORST_ITEMS = 10
CHANGE_LINES = 20


def _order(finding: Finding) -> tuple[int, int, str]:
    return (finding.row or 0, -finding.severity.rank, finding.code)


def json_report(
    results: Sequence[RunResult],
    *,
    as_of: date,
    language: str,
    catalog: Catalog,
    registers: Mapping[str, Register],
) -> dict[str, Any]:
    """The machine-readable report, exactly in the shape DOMAIN.md gives."""
    return {
        "as_of": as_of.isoformat(),
        "language": language,
        "spreadsheets": [
            {
                "source": result.source,
                "ok": result.ok,
                "error": result.error.render(catalog) if result.error else None,
                "registers": [_register(item, catalog, registers) for item in result.registers],
            }
            for result in results
        ],
    }


def _register(
    item: RegisterResult, catalog: Catalog, registers: Mapping[str, Register]
) -> dict[str, Any]:
    return {
        "register": item.register.id,
        "tab": item.tab,
        "rows": item.rows,
        "skipped_rules": list(item.skipped_rules),
        "findings": [
            {
                "row": finding.row,
                "column": finding.column,
                "code": finding.code,
                "severity": finding.severity.value,
                "due": finding.due.isoformat() if finding.due else None,
                "message": catalog.finding(finding, registers),
            }
            for finding in sorted(item.findings, key=_order)
        ],
    }


def console_report(
    result: RunResult,
    *,
    as_of: date,
    catalog: Catalog,
    registers: Mapping[str, Register],
    dry_run: bool = False,
) -> list[str]:
    """A few lines a deputy director can read: counts per register, then the worst items."""
    if result.error:
        return [catalog.ui("failed", source=result.source, message=result.error.render(catalog))]
    lines = [catalog.ui("report-title", source=result.source, as_of=as_of)]
    for item in result.registers:
        if item.tab is None:
            lines.append(
                catalog.ui("register-missing", register=item.register.title(catalog.language))
            )
            continue
        lines.append(
            catalog.ui(
                "register-line",
                tab=item.tab,
                rows=item.rows,
                errors=item.count(Severity.ERROR),
                warnings=item.count(Severity.WARNING),
                infos=item.count(Severity.INFO),
            )
        )
    lines += _worst(result, catalog, registers)
    lines += _changes(result, catalog, dry_run)
    return lines


def _worst(result: RunResult, catalog: Catalog, registers: Mapping[str, Register]) -> list[str]:
    tabs = {
        item.register.id: item.tab or item.register.title(catalog.language)
        for item in result.registers
    }
    serious = sorted(
        (f for f in result.findings() if f.severity is not Severity.INFO), key=Finding.sort_key
    )
    if not serious:
        return []
    lines = ["", catalog.ui("worst-title")]
    for finding in serious[:WORST_ITEMS]:
        key = "worst-item" if finding.row else "worst-item-register"
        lines.append(
            catalog.ui(
                key,
                icon=finding.severity.icon,
                tab=tabs[finding.register],
                row=finding.row,
                message=catalog.finding(finding, registers),
            )
        )
    if len(serious) > WORST_ITEMS:
        lines.append(catalog.ui("worst-more", count=len(serious) - WORST_ITEMS))
    return lines


def _changes(result: RunResult, catalog: Catalog, dry_run: bool) -> list[str]:
    changes = result.changes
    if not changes:
        return ["", catalog.ui("changes-none")]
    if not dry_run:
        cells = changes.cells()
        per_tab = ", ".join(
            f"{tab}: {sum(1 for c in cells if c.ref.tab == tab)}" for tab in changes.tabs()
        )
        return ["", catalog.ui("changes-applied", count=len(cells), tabs=per_tab)]
    lines = ["", catalog.ui("changes-dry-run", count=len(changes.cells()))]
    for change in changes.cells()[:CHANGE_LINES]:
        lines.append(
            catalog.ui(
                "change-line",
                tab=change.ref.tab,
                cell=change.ref.a1,
                old=_short(change.previous, catalog),
                new=_short(change.value, catalog),
            )
        )
    if len(changes.cells()) > CHANGE_LINES:
        lines.append(catalog.ui("worst-more", count=len(changes.cells()) - CHANGE_LINES))
    return lines


def _short(value: object, catalog: Catalog, limit: int = 60) -> str:
    text = catalog.date(value) if isinstance(value, date) else display(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
