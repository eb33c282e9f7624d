"""``run --job NAME`` and ``check``: one job now over the schools of the settings, and a look
at every workbook that writes nothing.

sheets-sync run --job nightly          # one job now, over every school of the settings
sheets-sync check                      # settings, key and every workbook; writes nothing

``schedule`` and ``status`` live in ``cli_schedule``; a ``run --job`` is recorded in the same
state file, so ``status`` shows it and the scheduler counts it as the job's latest run. It logs
as ``schedule`` does (``logs``: a line per school and one per run, ``--log-format``,
``--log-file``; a progress line instead on a terminal), keeps the run's report with its date
(``report_archive``) and rebuilds the district roll-up (``rollup``).
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from contextlib import nullcontext
from datetime import UTC, datetime
from pathlib import Path

import click

from .cli import _echo, _guarded, _language, main
from .cli_schedule import (
    district_outcome,
    failure_reason,
    keep_district_report,
    rebuild_district_rollup,
    reports_folder,
    run_record,
    school_logger,
    state_file,
)
from .district import Pacers, run_district
from .errors import SheetsSyncError
from .headers import find_tab
from .logs import Progress, RunLog, scrub
from .messages import Catalog
from .run_state import Outcome, RunState
from .settings import Settings, find_settings, load_settings
from .validation import read_table

_config = click.option(
    "--config",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Settings file (default: ./sheets-sync.toml, else ~/.config/sheets-sync/).",
)


def _settings(config: Path | None) -> Settings:
    from jobs.methodical_work import JOB

    return load_settings(config or find_settings(), JOB.policy)


def _catalog(language: str | None, settings: Settings) -> Catalog:
    return Catalog.load(language or settings.language)


def run_job(
    name: str,
    settings: Settings,
    *,
    language: str | None = None,
    dry_run: bool = False,
    stop: threading.Event | None = None,
    echo: Callable[..., None] = _echo,
    log: RunLog | None = None,
    terminal: bool | None = None,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> tuple[int, Outcome]:
    """Run one job now over its schools; record it in the state file; log it (a progress
    line instead of the school lines on a terminal, then the run's one line)."""
    from jobs import definitions

    catalog = _catalog(language, settings)
    known = definitions()
    if name not in known:
        raise click.UsageError(
            catalog.text("nightly", "job-unknown", name=name, known=", ".join(known))
        )
    times = settings.jobs.get(name)
    schools = settings.all_schools()
    if times and times.schools:
        schools = tuple(school for school in schools if school.name in times.schools)
    if not schools:
        raise click.UsageError(
            catalog.text("nightly", "no-schools", path=settings.path or "sheets-sync.toml")
        )
    log = log or RunLog(stream=sys.stdout)
    terminal = sys.stderr.isatty() if terminal is None else terminal
    pacers = Pacers(settings.nightly.reads_per_minute, settings.nightly.writes_per_minute)
    started = now()
    clock = time.monotonic()
    progress = Progress(catalog, sys.stderr, pacers.waiting) if terminal else None
    with progress or nullcontext():
        runs = run_district(
            known[name],
            schools,
            stop=stop,
            concurrency=settings.nightly.concurrency,
            pacers=pacers,
            now=started,
            dry_run=dry_run,
            on_start=(lambda n, total, school: progress.start(n, total, school.name))
            if progress and len(schools) > 1
            else (lambda n, total, school: None),
            on_done=(lambda *_: None) if progress else school_logger(log, catalog),
        )
    failed = [run for run in runs if not run.ok and not run.skipped]
    for run in failed:
        echo(f"✖ {scrub(run.school)}: {scrub(failure_reason(run, catalog))}", err=True)
    outcome = district_outcome(runs, catalog)
    codes = [run.result.error.exit_code for run in failed if run.result and run.result.error]
    if not dry_run:
        try:
            rebuild_district_rollup(
                name,
                runs,
                schools,
                settings,
                pacers=pacers,
                language=catalog.language,
                started=started,
            )
        except SheetsSyncError as error:
            workbook = scrub(settings.nightly.rollup or "")
            message = scrub(error.render(catalog))
            echo(
                catalog.text("nightly", "rollup-error", workbook=workbook, message=message),
                err=True,
            )
            codes.append(error.exit_code)
    log.run(run_record(name, outcome, time.monotonic() - clock))
    if not dry_run:
        state = RunState(state_file(settings))
        state.started(name, started, started)
        state.finished(name, now(), outcome)
        keep_district_report(
            known[name],
            runs,
            schools,
            settings,
            folder=reports_folder(settings),
            language=catalog.language,
            started=started,
        )
    return (max(codes) if codes else (1 if failed else 0)), outcome


def job_command(
    name: str,
    config: Path | None,
    language: str | None,
    dry_run: bool,
    log_format: str,
    log_file: Path | None,
) -> int:
    """``run --job NAME``: the lines go to standard output, or to ``--log-file``."""
    settings = _settings(config)
    log = RunLog(log_format, log_file, stream=sys.stdout).open()
    try:
        return run_job(name, settings, language=language, dry_run=dry_run, log=log)[0]
    finally:
        log.close()


@main.command("check")
@_config
@_language
@_guarded
def check_command(config: Path | None, language: str | None) -> int:
    """Read the settings, the key and every workbook (tabs, headers, sharing); write nothing."""
    from jobs.methodical_work import JOB

    from .district import backend_for

    settings = _settings(config)
    catalog = JOB.catalog(language or settings.language)
    lang = catalog.language
    click.echo(catalog.text("nightly", "check-title", path=settings.path or "—"))
    code = 0
    for school in settings.all_schools():
        click.echo(
            catalog.text("nightly", "check-school", school=school.name, workbook=school.workbook)
        )
        try:
            snapshot = backend_for(school).read()
        except SheetsSyncError as error:
            click.echo(catalog.text("nightly", "check-error", message=error.render(catalog)))
            code = max(code, error.exit_code)
            continue
        tabs = list(snapshot)
        found, missing = [], []
        for register in JOB.registers:
            tab = find_tab(tabs, register)
            if tab is None:
                missing.append(f"«{register.title(lang)}»")
                continue
            found.append(f"«{tab.title}»")
            table, _ = read_table(tab, register)
            for name in table.header.missing:
                column = register.columns[name].title(lang)
                problem = catalog.ui("missing-columns", columns=f"«{column}»")
                click.echo(catalog.text("nightly", "check-header", tab=tab.title, problem=problem))
                code = max(code, 3)
        click.echo(catalog.text("nightly", "check-tabs-found", tabs=", ".join(found) or "—"))
        if missing:
            click.echo(catalog.text("nightly", "check-tabs-missing", tabs=", ".join(missing)))
        else:
            click.echo(catalog.text("nightly", "check-ok"))
    click.echo(catalog.text("nightly", "check-nothing-written"))
    return code
