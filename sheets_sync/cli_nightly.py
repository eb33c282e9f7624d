"""``run --job NAME`` and ``check``: one job now over the schools of the settings, and a look
at every workbook that writes nothing.

sheets-sync run --job nightly          # one job now, over every school of the settings
sheets-sync check                      # settings, key and every workbook; writes nothing

``schedule`` and ``status`` live in ``cli_schedule``; a ``run --job`` is recorded in the same
state file, so ``status`` shows it and the scheduler counts it as the job's latest run.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import click

from .cli import _guarded, _language, main
from .cli_schedule import district_outcome, failure_reason, state_file
from .district import Pacers, run_district
from .headers import find_tab
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
    echo=click.echo,
    log: RunLog | None = None,
) -> tuple[int, Outcome]:
    """Run one job now over its schools; record it in the state file; say it in one line."""
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
    pacers = Pacers(settings.nightly.reads_per_minute, settings.nightly.writes_per_minute)
    started = datetime.now(UTC)
    clock = time.monotonic()
    runs = run_district(
        known[name],
        schools,
        stop=stop,
        concurrency=settings.nightly.concurrency,
        pacers=pacers,
        dry_run=dry_run,
        on_start=_progress(catalog, pacers)
        if sys.stderr.isatty() and len(schools) > 1
        else (lambda n, total, school: None),
    )
    if sys.stderr.isatty() and len(schools) > 1:
        click.echo("", err=True)
    failed = [run for run in runs if not run.ok and not run.skipped]
    for run in failed:
        echo(f"✖ {run.school}: {failure_reason(run, catalog)}", err=True)
    fields = {
        "job": name,
        "schools": len(runs),
        "findings": sum(run.findings for run in runs),
        "writes": sum(run.writes for run in runs),
        "seconds": round(time.monotonic() - clock, 1),
        "failures": [run.school for run in failed],
    }
    line = catalog.text(
        "nightly", "run-line", **{**fields, "failures": ", ".join(fields["failures"]) or "0"}
    )
    (log or RunLog()).write(line, fields, echo)
    outcome = district_outcome(runs, catalog)
    if not dry_run:
        state = RunState(state_file(settings))
        state.started(name, started, started)
        state.finished(name, datetime.now(UTC), outcome)
    codes = [run.result.error.exit_code for run in failed if run.result and run.result.error]
    return (max(codes) if codes else (1 if failed else 0)), outcome


class RunLog:
    """Where the one line per run goes: plain with a UTC timestamp, or a JSON line; to the
    console and, with ``--log-file``, appended to a file. It holds counts and school names
    only, never a key or a token."""

    def __init__(self, fmt: str = "plain", file: Path | None = None) -> None:
        self.fmt = fmt
        self.file = file

    def write(self, line: str, fields: dict, echo=click.echo) -> None:
        stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        if self.fmt == "json":
            text = json.dumps({"time": stamp, **fields}, ensure_ascii=False)
        else:
            text = f"{stamp} {line}"
        echo(text)
        if self.file:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            with self.file.open("a", encoding="utf-8") as out:
                out.write(text + "\n")


def progress_line(catalog: Catalog, number: int, total: int, school: str, wait: float) -> str:
    """School n of N and the current wait for quota, for a terminal."""
    waiting = catalog.text("nightly", "progress-wait", seconds=f"{wait:.0f}") if wait >= 1 else ""
    return catalog.text("nightly", "progress", n=number, total=total, school=school, wait=waiting)


def _progress(catalog: Catalog, pacers: Pacers):
    def show(number: int, total: int, school) -> None:
        wait = max((pacer.waiting for pacer in pacers._by_key.values()), default=0.0)
        line = progress_line(catalog, number, total, school.name, wait)
        click.echo(f"\r{line}\x1b[K", nl=False, err=True)

    return show


@main.command("check")
@_config
@_language
@_guarded
def check_command(config: Path | None, language: str | None) -> int:
    """Read the settings, the key and every workbook (tabs, headers, sharing); write nothing."""
    from jobs.methodical_work import JOB

    from .district import backend_for
    from .errors import SheetsSyncError

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
