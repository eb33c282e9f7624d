"""``sheets-sync init``: a spreadsheet made ready for staff, in one command.

    sheets-sync init --xlsx new.xlsx                  # a new, ready, empty workbook
    sheets-sync init --xlsx school.xlsx --language ru # the tabs and columns school.xlsx lacks
    sheets-sync init --spreadsheet 1AbC... --credentials key.json

Every register gets its tab, headers and entry rules (``sheets_sync.init``); what a workbook
already has is kept as it is. A second ``init`` writes nothing. Errors are one line in the
run's language and the exit codes of ``run``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from .changes import AddTab, ChangeSet, FreezeRows, SetValidation
from .cli import DEBUG, _default_job, _echo, _guarded, _language, _workbook_options, main
from .cli_errors import UsageProblem
from .errors import SheetsSyncError, UnexpectedFailure
from .headers import HEADER_SCAN_ROWS
from .init import InitResult, create_workbook, init, plan
from .job import Job
from .messages import Catalog
from .settings import load_settings
from .snapshot import Snapshot, Tab


@main.command("init")
@_workbook_options
@_language
@click.option("--dry-run", is_flag=True, help="Write nothing; print what would be set up.")
@click.option(
    "--config",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Settings file (TOML): language and Google Sheets key, as for run.",
)
@_guarded
def init_command(
    paths: Sequence[Path],
    spreadsheets: Sequence[str],
    credentials: str | None,
    endpoint: str | None,
    language: str | None,
    dry_run: bool,
    config: Path | None,
) -> int:
    """Create the register tabs a workbook lacks, with headers and drop-downs; keep the rest."""
    from .backends.google import GoogleSheetsBackend
    from .backends.xlsx import XlsxBackend

    if not paths and not spreadsheets:
        raise UsageProblem("workbook-missing")
    job = _default_job()
    settings = load_settings(config, job.policy)
    language = language or settings.language
    catalog = job.catalog(language)
    backends: list[Any] = [XlsxBackend(path) for path in paths]
    backends += [
        GoogleSheetsBackend(
            spreadsheet,
            credentials=credentials or settings.credentials,
            endpoint=endpoint or settings.endpoint,
        )
        for spreadsheet in spreadsheets
    ]
    first_tab = job.registers[0].title(language)
    codes = []
    for backend in backends:
        path = Path(backend.source) if isinstance(backend, XlsxBackend) else None
        try:
            done = _set_up(job, backend, path, first_tab, language, catalog, dry_run=dry_run)
        except Exception as error:  # one workbook that fails never stops the others
            if click.get_current_context().meta.get(DEBUG):
                raise
            if not isinstance(error, SheetsSyncError):
                error = UnexpectedFailure(source=backend.source, kind=type(error).__name__)
            _echo(catalog.ui("failed", source=backend.source, message=error.render(catalog)))
            codes.append(error.exit_code)
            continue
        for line in summary(done.changes, backend.source, catalog, dry_run=dry_run):
            _echo(line)
        for tab in done.left_alone:
            _echo(catalog.ui("init-tab-unrecognised", tab=tab, limit=HEADER_SCAN_ROWS), err=True)
    return max(codes, default=0)


def _set_up(
    job: Job,
    backend: Any,
    path: Path | None,
    first_tab: str,
    language: str,
    catalog: Catalog,
    *,
    dry_run: bool,
) -> InitResult:
    """``init`` on one workbook; an .xlsx that does not exist is created first (a dry run
    plans as if it had been), and removed again when its set-up fails."""
    if path is None or path.exists() or path.is_symlink():
        return init(job, backend, language=language, dry_run=dry_run)
    if dry_run:
        empty = Snapshot(str(path), {first_tab: Tab(first_tab, [])})
        return InitResult(plan(job, empty, language=language))
    create_workbook(path, first_tab)
    _echo(catalog.ui("init-created-workbook", path=path))
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    try:
        return init(job, backend, language=language)
    except BaseException:
        _remove_if_untouched(path, digest)
        raise


def _remove_if_untouched(path: Path, digest: str) -> None:
    try:
        if hashlib.sha256(path.read_bytes()).hexdigest() == digest:
            path.unlink()
    except OSError:
        pass  # what cannot be read or removed is left for the person to see


def summary(changes: ChangeSet, source: str, catalog: Catalog, *, dry_run: bool) -> list[str]:
    """One line per tab set up, in the catalog's language, then the outcome."""
    lines = [catalog.ui("init-title", source=source)]
    # A tab the toolkit adds, or an empty one it fills, is the one that gets a frozen header.
    created = {c.title for c in changes if isinstance(c, AddTab)}
    created |= {c.tab for c in changes if isinstance(c, FreezeRows)}
    # In the job's order of registers, as their header cells and rules come, not as tabs are added.
    for tab in ChangeSet(tuple(c for c in changes if not isinstance(c, AddTab))).tabs():
        headers = [c.value for c in changes.cells() if c.ref.tab == tab]
        rules = sum(1 for c in changes if isinstance(c, SetValidation) and c.tab == tab)
        if tab in created:
            lines.append(catalog.ui("init-tab-created", tab=tab, columns=len(headers), rules=rules))
        elif headers:
            lines.append(catalog.ui("init-tab-columns", tab=tab, headers=headers, rules=rules))
        elif rules:
            lines.append(catalog.ui("init-tab-rules", tab=tab, rules=rules))
    if not changes:
        lines.append(catalog.ui("init-nothing"))
    elif dry_run:
        lines.append(catalog.ui("init-dry-run"))
    else:
        lines.append(catalog.ui("init-ready", source=source))
    return lines
