"""The nightly commands: ``schedule``, ``status`` and ``check``, and ``run --job NAME``.

sheets-sync run --job nightly          # one job now, over every school of the settings
sheets-sync schedule                   # the jobs at their times, until SIGTERM
sheets-sync status                     # the last outcome of every job and school
sheets-sync check                      # settings, key and every workbook; writes nothing
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import click

from .cli import _guarded, _language, main
from .district import Pacers, SchoolRun, run_district
from .headers import find_tab
from .instance import AlreadyRunning, single_instance
from .messages import Catalog
from .scheduler import Entry, Outcome, Scheduler
from .settings import Settings, find_settings, load_settings
from .state import State
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


def _state_dir(settings: Settings) -> Path:
    if settings.nightly.state_dir:
        return Path(settings.nightly.state_dir).expanduser()
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "sheets-sync"


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
        echo(f"✖ {run.school}: {_reason(run, catalog)}", err=True)
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
    outcome = Outcome(
        not failed,
        {
            run.school: ("ok" if run.ok else "skipped" if run.skipped else _reason(run, catalog))
            for run in runs
        },
    )
    if not dry_run:
        State(_state_dir(settings) / "state.json").record(
            name, started=started, ok=outcome.ok, schools=outcome.schools
        )
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


def _reason(run: SchoolRun, catalog: Catalog) -> str:
    if run.result and run.result.error:
        return run.result.error.render(catalog)
    return run.error or "?"


@main.command("status")
@_config
@_language
@_guarded
def status_command(config: Path | None, language: str | None) -> int:
    """Print the last outcome of every job and every school."""
    settings = _settings(config)
    catalog = _catalog(language, settings)
    path = _state_dir(settings) / "state.json"
    data = State(path).load()
    if not data:
        click.echo(catalog.text("nightly", "status-none", path=path))
        return 0
    for job, entry in sorted(data.items()):
        schools = entry.get("schools", {})
        click.echo(
            catalog.text(
                "nightly",
                "status-job",
                job=job,
                when=entry.get("started", "?"),
                outcome=catalog.text(
                    "nightly", "outcome-ok" if entry.get("ok") else "outcome-failed"
                ),
                schools=len(schools),
                failures=sum(value != "ok" for value in schools.values()),
            )
        )
        for school, outcome in sorted(schools.items()):
            ok = outcome == "ok"
            click.echo(
                catalog.text(
                    "nightly",
                    "status-school",
                    school=school,
                    outcome=catalog.text("nightly", "outcome-ok" if ok else "outcome-failed"),
                    detail="" if ok else f" — {outcome}",
                )
            )
    return 0


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


@main.command("schedule")
@_config
@_language
@click.option(
    "--log-format",
    type=click.Choice(["plain", "json"]),
    default="plain",
    help="One line per run: plain with a timestamp (default) or JSON.",
)
@click.option(
    "--log-file",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Also append the run lines to FILE.",
)
@_guarded
def schedule_command(
    config: Path | None, language: str | None, log_format: str, log_file: Path | None
) -> int:
    """Run the jobs at their times in the school's time zone until stopped (SIGTERM)."""
    from jobs import definitions

    settings = _settings(config)
    catalog = _catalog(language, settings)
    folder = _state_dir(settings)
    known = definitions()
    entries = [
        Entry(
            name,
            (
                settings.jobs[name].at
                if name in settings.jobs and settings.jobs[name].at
                else definition.at
            ),
            settings.timezone,
        )
        for name, definition in known.items()
        if name not in settings.jobs or settings.jobs[name].enabled
    ]
    stop = threading.Event()

    def on_term(_signum, _frame) -> None:
        click.echo(catalog.text("nightly", "stopping"), err=True)
        stop.set()  # the workbook in hand finishes; no other starts

    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGINT, on_term)

    def job(name: str) -> Outcome:
        _code, outcome = run_job(
            name, settings, language=language, stop=stop, log=RunLog(log_format, log_file)
        )
        return outcome

    try:
        with single_instance(folder / "schedule.lock"):
            scheduler = Scheduler(
                entries,
                job,
                State(folder / "state.json"),
                log=lambda line: click.echo(f"{datetime.now(UTC):%Y-%m-%dT%H:%M:%SZ} {line}"),
            )
            now = datetime.now(UTC)
            click.echo(
                catalog.text(
                    "nightly",
                    "started",
                    jobs=", ".join(f"{e.job} {'/'.join(e.at)} {e.timezone}" for e in entries),
                    next=min(e.next_due(now) for e in entries).isoformat(),
                )
            )
            scheduler.loop(stop)
    except AlreadyRunning as error:
        click.echo(
            catalog.text("nightly", "locked", holder=error.holder, path=error.path), err=True
        )
        return 2
    return 0
