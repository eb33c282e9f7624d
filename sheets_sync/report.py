"""Reports: the JSON contract of DOMAIN.md and the short console summary.

document = json_report(results, as_of=as_of, language="ky", catalog=catalog,
                       registers=JOB.register_map)
print("\n".join(console_report(results[0], as_of=as_of, catalog=catalog,
                               registers=JOB.register_map)))
write_report(Path("report.json"), document)   # atomically; refuses what is not a report
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from .errors import OutputNotOurs, ReportNotWritten
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


REPORT_KEYS = frozenset({"as_of", "language", "spreadsheets"})


def is_report(path: Path) -> bool:
    """Whether ``path`` holds a report in the shape ``json_report`` writes (and nothing else)."""
    try:
        with path.open("rb") as handle:
            document = json.loads(handle.read(64 * 1024 * 1024).decode("utf-8"))
    except (OSError, ValueError):
        return False
    return (
        isinstance(document, dict)
        and set(document) == REPORT_KEYS
        and isinstance(document["spreadsheets"], list)
    )


def check_report_path(path: Path) -> None:
    """Refuse, before anything runs, a report path holding a file the toolkit did not write."""
    if (path.exists() or path.is_symlink()) and not (path.is_file() and is_report(path)):
        raise OutputNotOurs(path=path)


def write_report(path: Path, document: Mapping[str, Any]) -> None:
    """Write the report beside its final name, fsync it and rename it over the old one, so a
    full disk or a crash leaves the previous report whole."""
    data = json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
    temp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        check_report_path(path)  # again: the file may have appeared while the run went on
        handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(handle, "wb") as out:
            os.fchmod(out.fileno(), _mode(path))
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
        temp = None
        _sync_folder(path.parent)
    except OSError as error:
        raise ReportNotWritten(path=path, reason=error.strerror or type(error).__name__) from None
    finally:
        if temp is not None:
            Path(temp).unlink(missing_ok=True)


def _mode(path: Path) -> int:
    """The old report's permissions, else what a new file gets (a temp file starts at 0600)."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _sync_folder(folder: Path) -> None:
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # some file systems cannot open a folder; the rename is done all the same
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


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
