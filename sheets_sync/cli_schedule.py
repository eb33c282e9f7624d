"""``sheets-sync schedule`` and ``sheets-sync status``: the nightly life of the toolkit.

    sheets-sync schedule --config sheets-sync.toml
    sheets-sync schedule --xlsx school.xlsx --at nightly=02:00 --at summaries=07:00
    sheets-sync schedule --config sheets-sync.toml --log-format json --log-file /var/log/s.log
    sheets-sync status

``schedule`` runs until SIGTERM or Ctrl-C (exit 0). A second ``schedule`` on the same lock file
exits with code 6 and says who holds it; a wrong setting exits 2 as ``run`` does.

The jobs: ``nightly`` checks every workbook, writes the status columns and rebuilds the summary
tabs; ``summaries`` is meant to rebuild the summary tabs only, but the engine has no mode that
writes summaries without statuses, so it runs the same pipeline (statuses already right are
not written again, so in practice it adds the day's changes and the summaries). Times of day
are in the settings' time zone and come, first to last, from ``--at``, from the settings file
when it names them, or the defaults 02:00 and 07:00. ``--at JOB=off`` leaves a job out.

This module is the adapter between the scheduler's small interface (``scheduler.ScheduledJob``:
a name, times, a zone and a callable returning an ``Outcome``) and today's settings and engine:
``_jobs`` is the only place that knows both.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO
from zoneinfo import ZoneInfo

import click

from .cli import _default_job, _echo, _guarded, _language, main
from .errors import SheetsSyncError
from .job import Job, RunResult, run_many
from .messages import Catalog
from .run_state import Outcome, RunState, SchoolOutcome
from .scheduler import ScheduledJob, Scheduler, StopFlag, parse_time
from .settings import load_settings

DEFAULT_TIMES = {"nightly": ("02:00",), "summaries": ("07:00",)}
OFF = "off"


def default_state_dir() -> Path:
    """``$XDG_STATE_HOME/sheets-sync``, else ``~/.local/state/sheets-sync``."""
    base = os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
    return Path(base) / "sheets-sync"


def _parse_at(_ctx: click.Context, _param: click.Parameter, values: Sequence[str]) -> dict:
    found: dict[str, tuple[str, ...]] = {}
    for value in values:
        name, sep, when = value.partition("=")
        if not sep or name not in DEFAULT_TIMES:
            raise click.BadParameter(
                f"«{value}»: use JOB=HH:MM with JOB one of {', '.join(DEFAULT_TIMES)}"
            )
        if when == OFF:
            found[name] = ()
            continue
        try:
            parse_time(when)
        except ValueError:
            raise click.BadParameter(f"«{value}»: the time is HH:MM, e.g. 02:00") from None
        found[name] = (*found.get(name, ()), when)
    return found


def settings_times(settings: Any) -> dict[str, tuple[str, ...]]:
    """Times of day the settings name for each job, if the settings have a ``jobs`` table whose
    entries carry ``at`` (text or a list of texts); today's settings have none."""
    jobs = getattr(settings, "jobs", None)
    if not isinstance(jobs, Mapping):
        return {}
    found = {}
    for name, entry in jobs.items():
        at = entry.get("at") if isinstance(entry, Mapping) else getattr(entry, "at", None)
        if at is None:
            continue
        found[str(name)] = (at,) if isinstance(at, str) else tuple(at)
    return found


def job_times(given: Mapping[str, tuple[str, ...]], settings: Any) -> dict[str, tuple[str, ...]]:
    """Times per job: ``--at`` first, then the settings, then the defaults."""
    configured = settings_times(settings)
    return {
        name: given.get(name, configured.get(name, default))
        for name, default in DEFAULT_TIMES.items()
    }


def school_outcome(result: RunResult, catalog: Catalog) -> SchoolOutcome:
    writes = len(result.changes) if result.applied else 0
    failure = result.error.render(catalog) if result.error else None
    return SchoolOutcome(result.source, len(result.findings()), writes, failure)


def workbook_runner(
    job: Job,
    workbooks: Sequence[Callable[[], tuple[str, Any]]],
    *,
    language: str,
    policy: Any,
    today: Callable[[], date],
) -> Callable[[StopFlag], Outcome]:
    """A job's callable: ``run_many`` over one fresh backend per workbook, in turn, stopping
    between workbooks once ``stop`` is set (a workbook's save is never cut). Each of
    ``workbooks`` gives its name and a backend, or the error that kept it from making one."""
    catalog = job.catalog(language)

    def run(stop: StopFlag) -> Outcome:
        schools: list[SchoolOutcome] = []
        for make_backend in workbooks:
            if stop:
                return Outcome(tuple(schools), interrupted=True)
            source, backend = make_backend()
            if isinstance(backend, SheetsSyncError):
                schools.append(SchoolOutcome(source, failure=backend.render(catalog)))
                continue
            results = run_many(job, [backend], as_of=today(), language=language, policy=policy)
            schools.extend(school_outcome(result, catalog) for result in results)
        return Outcome(tuple(schools))

    return run


def _jobs(
    config: Path | None,
    paths: Sequence[Path],
    spreadsheets: Sequence[str],
    credentials: str | None,
    endpoint: str | None,
    language: str | None,
    given: Mapping[str, tuple[str, ...]],
) -> tuple[list[ScheduledJob], Any]:
    """The adapter to today's settings and engine."""
    from .backends.google import GoogleSheetsBackend
    from .backends.xlsx import XlsxBackend

    job = _default_job()
    settings = load_settings(config, job.policy)
    if not paths and not spreadsheets:
        spreadsheets = settings.spreadsheets
    if not paths and not spreadsheets:
        raise click.UsageError(
            "give a workbook: --xlsx PATH or --spreadsheet ID_OR_URL "
            "(or spreadsheets = [...] in the --config file)"
        )

    def xlsx(path: Path) -> Callable[[], tuple[str, Any]]:
        return lambda: (str(path), XlsxBackend(path))

    def google(sheet: str) -> Callable[[], tuple[str, Any]]:
        def make() -> tuple[str, Any]:
            try:
                backend = GoogleSheetsBackend(
                    sheet,
                    credentials=credentials or settings.credentials,
                    endpoint=endpoint or settings.endpoint,
                )
            except SheetsSyncError as error:  # a key that cannot be used fails this school
                return sheet, error
            return sheet, backend

        return make

    workbooks = [xlsx(path) for path in paths] + [google(sheet) for sheet in spreadsheets]
    runner = workbook_runner(
        job,
        workbooks,
        language=language or settings.language,
        policy=settings.policy,
        today=settings.today,
    )
    jobs = [
        ScheduledJob(name, times, settings.timezone, runner)
        for name, times in job_times(given, settings).items()
        if times
    ]
    if not jobs:
        raise click.UsageError("every job is off: give at least one --at JOB=HH:MM")
    return jobs, settings


def format_line(record: Mapping[str, Any], log_format: str) -> str:
    """One run as one log line: plain ``key=value`` after a timestamp, or a JSON object."""
    if log_format == "json":
        return json.dumps(dict(record), ensure_ascii=False)
    parts = [
        record["time"],
        f"job={record['job']}",
        f"schools={record['schools']}",
        f"findings={record['findings']}",
        f"writes={record['writes']}",
        f"duration={record['duration']}s",
        f"failures={record['failures']}",
    ]
    if record.get("interrupted"):
        parts.append("interrupted")
    if record.get("error"):
        parts.append(f"error={json.dumps(record['error'], ensure_ascii=False)}")
    return " ".join(parts)


def _log_writer(log_format: str, log_file: Path | None) -> Callable[[Mapping[str, Any]], None]:
    stream: TextIO = sys.stderr
    if log_file is not None:
        try:
            stream = log_file.open("a", encoding="utf-8", buffering=1)  # open while it runs
        except OSError as error:
            raise click.FileError(str(log_file), hint=error.strerror or str(error)) from None

    def write(record: Mapping[str, Any]) -> None:
        stream.write(format_line(record, log_format) + "\n")
        stream.flush()

    return write


_state = click.option(
    "--state",
    "state_path",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="State file: the last run of every job (default: ~/.local/state/sheets-sync/state.json).",
)


@main.command("schedule")
@click.option(
    "--xlsx",
    "paths",
    multiple=True,
    metavar="PATH",
    type=click.Path(dir_okay=False, path_type=Path),
    help="An .xlsx workbook to keep (repeatable).",
)
@click.option(
    "--spreadsheet",
    "spreadsheets",
    multiple=True,
    metavar="ID_OR_URL",
    help="A Google spreadsheet to keep (repeatable).",
)
@click.option("--credentials", metavar="PATH", help="Service-account key (JSON) for Google.")
@click.option("--endpoint", metavar="URL", help="Another Sheets API root, e.g. an emulator.")
@click.option(
    "--config",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Settings file (TOML): workbooks, language, time zone, policy.",
)
@click.option(
    "--at",
    "given",
    multiple=True,
    callback=_parse_at,
    metavar="JOB=HH:MM",
    help="When a job runs, in the settings' time zone (default nightly=02:00, "
    "summaries=07:00; repeat for several times; JOB=off leaves it out).",
)
@_state
@click.option(
    "--lock",
    "lock_path",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Lock file that keeps a second scheduler out (default: beside the state file).",
)
@click.option(
    "--log-format",
    type=click.Choice(["plain", "json"]),
    default="plain",
    show_default=True,
    help="One line per run: timestamped key=value, or a JSON object.",
)
@click.option(
    "--log-file",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Append the run lines to FILE (default: standard error).",
)
@_language
@_guarded
def schedule_command(
    paths: Sequence[Path],
    spreadsheets: Sequence[str],
    credentials: str | None,
    endpoint: str | None,
    config: Path | None,
    given: Mapping[str, tuple[str, ...]],
    state_path: Path | None,
    lock_path: Path | None,
    log_format: str,
    log_file: Path | None,
    language: str | None,
) -> int:
    """Run the nightly and summaries jobs at their times until stopped (SIGTERM, Ctrl-C)."""
    jobs, _settings = _jobs(config, paths, spreadsheets, credentials, endpoint, language, given)
    state_path = state_path or default_state_dir() / "state.json"
    scheduler = Scheduler(
        jobs,
        state_path=state_path,
        lock_path=lock_path or state_path.with_name(state_path.name + ".lock"),
        log=_log_writer(log_format, log_file),
    )
    scheduler.handle_signals()
    scheduler.run()
    return 0


def _shown(moment: datetime | None, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M") if moment else "—"


def status_lines(state: RunState, catalog: Catalog, zone: ZoneInfo) -> list[str]:
    """The last outcome of every job and of every school, as ``status`` prints it."""
    lines = []
    for record in state.records():
        if record.result is None:
            since = _shown(record.watched_since, zone)
            lines.append(catalog.text("schedule", "status-never", job=record.name, since=since))
            continue
        lines.append(
            catalog.text(
                "schedule",
                "status-job",
                job=record.name,
                result=catalog.text("schedule", f"result-{record.result}"),
                slot=_shown(record.slot, zone),
                started=_shown(record.started, zone),
                duration=record.duration if record.duration is not None else "—",
                schools=len(record.schools),
                findings=record.findings,
                writes=record.writes,
                failures=record.failures,
            )
        )
        if record.error:
            lines.append(catalog.text("schedule", "status-error", error=record.error))
        for name, school in sorted(record.schools.items()):
            at = _shown(datetime.fromisoformat(school["at"]), zone)
            key = "status-school-failed" if school.get("failure") else "status-school"
            lines.append(
                catalog.text(
                    "schedule",
                    key,
                    school=name,
                    at=at,
                    findings=school.get("findings", 0),
                    writes=school.get("writes", 0),
                    failure=school.get("failure") or "",
                )
            )
    return lines


@main.command("status")
@_state
@click.option(
    "--config",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Settings file: its time zone and language are used to show the times.",
)
@_language
@_guarded
def status_command(state_path: Path | None, config: Path | None, language: str | None) -> int:
    """Print the last outcome of every scheduled job and every school."""
    settings = load_settings(config, _default_job().policy)
    catalog = Catalog.load(language or settings.language)
    state_path = state_path or default_state_dir() / "state.json"
    state = RunState(state_path)
    lines = status_lines(state, catalog, ZoneInfo(settings.timezone))
    if not lines:
        lines = [catalog.text("schedule", "status-empty", path=state_path)]
    _echo("\n".join(lines))
    return 0
