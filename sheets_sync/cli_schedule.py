"""``sheets-sync schedule`` and ``sheets-sync status``: the nightly life of the toolkit.

    sheets-sync schedule --config sheets-sync.toml
    sheets-sync schedule --xlsx school.xlsx --at nightly=02:00 --at summaries=07:00
    sheets-sync schedule --config sheets-sync.toml --log-format json --log-file /var/log/s.log
    sheets-sync status

``schedule`` runs until SIGTERM or Ctrl-C (exit 0). A second ``schedule`` on the same lock file
exits with code 6 and says who holds it; a wrong setting exits 2 as ``run`` does.

The jobs are those of ``jobs.definitions()``: ``nightly`` checks every workbook, writes the
status columns and rebuilds the summary tabs; ``summaries`` rebuilds only the summary tabs.
Times of day come, first to last, from ``--at``, from ``[jobs.NAME] at`` of the settings, or
the defaults 02:00 and 07:00; ``--at JOB=off`` or ``enabled = false`` leaves a job out. The
schools are ``settings.all_schools()`` (``--xlsx``/``--spreadsheet`` replace them, as with
``run``), and every job runs once per distinct school time zone, at its times in that zone.
Every run logs a line per school and one for the run (``logs``, the same as ``run --job``),
keeps its report beside the state file (``reports/JOB/``) and rebuilds the district roll-up
when ``[nightly] rollup`` names one.

This module is the adapter between the scheduler's small interface (``scheduler.ScheduledJob``:
a name, times, a zone and a callable returning an ``Outcome``) and the settings and the
district runner: ``_jobs`` is the only place that knows both.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import click

from .cli import _default_job, _echo, _guarded, _language, _workbook_options, main
from .cli_errors import UsageProblem
from .district import JobDefinition, Pacers, SchoolRun, backend_for, run_district
from .errors import SheetsSyncError
from .logs import RunLog, log_options, scrub
from .messages import Catalog
from .report_archive import district_report, keep_report
from .rollup import create_rollup_workbook, rebuild_rollup
from .run_state import Outcome, RunState, SchoolOutcome
from .scheduler import ScheduledJob, Scheduler, StopFlag, parse_time
from .settings import School, Settings, find_settings, load_settings

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
            raise UsageProblem("at-invalid", value=value, jobs=list(DEFAULT_TIMES))
        if when == OFF:
            found[name] = ()
            continue
        try:
            parse_time(when)
        except ValueError:
            raise UsageProblem("at-time-invalid", value=value) from None
        found[name] = (*found.get(name, ()), when)
    return found


def settings_times(settings: Settings) -> dict[str, tuple[str, ...]]:
    """Times of day ``[jobs.NAME] at`` names for each job; a job with ``enabled = false`` has
    none (it is off), a job without ``at`` keeps its default."""
    found = {}
    for name, entry in settings.jobs.items():
        if not entry.enabled:
            found[name] = ()
        elif entry.at:
            found[name] = tuple(entry.at)
    return found


def job_times(
    given: Mapping[str, tuple[str, ...]], settings: Settings
) -> dict[str, tuple[str, ...]]:
    """Times per job: ``--at`` first, then the settings, then the defaults."""
    configured = settings_times(settings)
    return {
        name: given.get(name, configured.get(name, default))
        for name, default in DEFAULT_TIMES.items()
    }


def district_outcome(runs: Sequence[SchoolRun], catalog: Catalog) -> Outcome:
    """The district runner's results as the scheduler's ``Outcome``: a school skipped because
    the stop flag was set makes the run interrupted, and is not listed (it keeps its last
    outcome in the state file). A school named by its address is kept without its query."""
    schools = tuple(
        SchoolOutcome(
            scrub(run.school),
            run.findings,
            run.writes,
            None if run.ok else failure_reason(run, catalog),
        )
        for run in runs
        if not run.skipped
    )
    return Outcome(schools, interrupted=any(run.skipped for run in runs))


def failure_reason(run: SchoolRun, catalog: Catalog) -> str:
    """Why a school's run failed, in the run's language; never a key or a token (an address
    keeps no query, fragment or password)."""
    if run.result and run.result.error:
        return scrub(run.result.error.render(catalog))
    return scrub(run.error or "?")


def school_logger(log: RunLog, catalog: Catalog) -> Callable[[int, int, School, SchoolRun], None]:
    """The district runner's ``on_done``: one log line per school as it ends."""

    def done(number: int, total: int, school: School, run: SchoolRun) -> None:
        log.school(
            number,
            total,
            school.name,
            findings=run.findings,
            writes=run.writes,
            seconds=run.seconds,
            failure=None if run.ok else failure_reason(run, catalog),
        )

    return done


def run_record(job: str, outcome: Outcome, seconds: float) -> dict[str, Any]:
    """A run's one log line, with the keys the scheduler gives it."""
    return {
        "job": job,
        "schools": len(outcome.schools),
        "findings": outcome.findings,
        "writes": outcome.writes,
        "duration": round(seconds, 3),
        "failures": outcome.failures,
        "interrupted": outcome.interrupted,
    }


def reports_folder(settings: Settings, state: Path | None = None) -> Path:
    """Where the reports of the last runs are kept: ``reports/`` beside the state file."""
    return state_file(settings, state).parent / "reports"


def keep_district_report(
    definition: JobDefinition,
    runs: Sequence[SchoolRun],
    schools: Sequence[School],
    settings: Settings,
    *,
    folder: Path,
    language: str,
    started: datetime,
) -> Path:
    """The run's report, dated by its start in the settings' zone; the last
    ``[nightly] reports_kept`` of them are kept (``report_archive``)."""
    zone = ZoneInfo(settings.timezone)
    document = district_report(
        definition.job,
        runs,
        {school.name: school.workbook for school in schools},
        as_of=settings.today(started),
        language=language,
    )
    return keep_report(
        folder / definition.name,
        document,
        when=started.astimezone(zone),
        kept=settings.nightly.reports_kept,
    )


def rebuild_district_rollup(
    job: str,
    runs: Sequence[SchoolRun],
    schools: Sequence[School],
    settings: Settings,
    *,
    pacers: Pacers,
    language: str,
    started: datetime,
) -> None:
    """Rebuild ``[nightly] rollup`` from the run: one row per school, counts only (``rollup``),
    unless the job says ``rollup = false``. Raises the backend's ``SheetsSyncError`` when the
    roll-up cannot be read or written."""
    times = settings.jobs.get(job)
    if not settings.nightly.rollup or (times is not None and not times.rollup):
        return
    target = School(
        name="rollup",
        workbook=settings.nightly.rollup,
        language=language,
        timezone=settings.timezone,
        credentials=settings.credentials,
        endpoint=settings.endpoint,
    )
    if target.is_xlsx:
        create_rollup_workbook(Path(target.workbook), language)
    by_name = {run.school: run for run in runs}
    # every school of the district, so a run over one time zone keeps the others' rows
    names = dict.fromkeys(school.name for school in (*settings.all_schools(), *schools))
    rebuild_rollup(
        backend_for(target, pacers),
        [(name, by_name.get(name)) for name in names],
        as_of=settings.today(started),
        language=language,
    )


def district_runner(
    definition: JobDefinition,
    schools: Sequence[School],
    settings: Settings,
    *,
    language: str,
    pacers: Pacers,
    log: RunLog | None = None,
    reports: Path | None = None,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> Callable[[StopFlag], Outcome]:
    """A scheduled job's callable: the district runner over ``schools``; the stop flag is
    handed on, so once it is set the workbooks in hand finish and no other starts. Each
    school gives its line to ``log`` as it ends; the run's report is kept in ``reports``."""
    catalog = Catalog.load(language)

    def run(stop: StopFlag) -> Outcome:
        started = now()
        runs = run_district(
            definition,
            schools,
            stop=stop,
            concurrency=settings.nightly.concurrency,
            pacers=pacers,
            now=started,
            on_done=school_logger(log, catalog) if log else (lambda *_: None),
        )
        try:
            rebuild_district_rollup(
                definition.name,
                runs,
                schools,
                settings,
                pacers=pacers,
                language=language,
                started=started,
            )
        except SheetsSyncError as error:  # the schools' outcome is kept and logged all the same
            if log is not None:
                log.rollup_failed(settings.nightly.rollup or "", error.render(catalog))
        if reports is not None:
            keep_district_report(
                definition,
                runs,
                schools,
                settings,
                folder=reports,
                language=language,
                started=started,
            )
        return district_outcome(runs, catalog)

    return run


def command_line_schools(
    paths: Sequence[Path],
    spreadsheets: Sequence[str],
    credentials: str | None,
    endpoint: str | None,
    settings: Settings,
) -> tuple[School, ...]:
    """Workbooks named with --xlsx/--spreadsheet, as schools in the settings' zone and language."""
    return tuple(
        School(
            name=str(workbook),
            workbook=str(workbook),
            language=settings.language,
            timezone=settings.timezone,
            credentials=credentials or settings.credentials,
            endpoint=endpoint or settings.endpoint,
            policy=settings.policy,
        )
        for workbook in (*paths, *spreadsheets)
    )


def scheduled_jobs(
    settings: Settings,
    schools: Sequence[School],
    given: Mapping[str, tuple[str, ...]],
    language: str | None,
    pacers: Pacers,
    log: RunLog | None = None,
    reports: Path | None = None,
) -> list[ScheduledJob]:
    """One ``ScheduledJob`` per job and per distinct school time zone, each with the schools
    of that zone (and, with ``[jobs.NAME] schools``, only those named there)."""
    from jobs import definitions

    known = definitions()
    found = []
    for name, times in job_times(given, settings).items():
        if not times or name not in known:
            continue
        chosen = settings.jobs[name].schools if name in settings.jobs else ()
        members = [school for school in schools if not chosen or school.name in chosen]
        zones = dict.fromkeys(school.timezone for school in members)
        for zone in zones:
            in_zone = tuple(school for school in members if school.timezone == zone)
            runner = district_runner(
                known[name],
                in_zone,
                settings,
                language=language or settings.language,
                pacers=pacers,
                log=log,
                reports=reports,
            )
            # The state file keys runs by job name: one zone keeps the plain name.
            label = name if len(zones) == 1 else f"{name}@{zone}"
            found.append(ScheduledJob(label, times, zone, runner))
    return found


def _jobs(
    config: Path | None,
    paths: Sequence[Path],
    spreadsheets: Sequence[str],
    credentials: str | None,
    endpoint: str | None,
    language: str | None,
    given: Mapping[str, tuple[str, ...]],
    log: RunLog | None = None,
    state: Path | None = None,
) -> tuple[list[ScheduledJob], Settings]:
    """The adapter to the settings and the district runner: the only place that knows both."""
    settings = load_settings(config or find_settings(), _default_job().policy)
    # Workbooks named on the command line replace the settings file's schools, as with ``run``.
    schools = (
        command_line_schools(paths, spreadsheets, credentials, endpoint, settings)
        if paths or spreadsheets
        else settings.all_schools()
    )
    if not schools:
        raise UsageProblem("workbook-missing-schools")
    pacers = Pacers(settings.nightly.reads_per_minute, settings.nightly.writes_per_minute)
    reports = reports_folder(settings, state)
    jobs = scheduled_jobs(settings, schools, given, language, pacers, log, reports)
    if not jobs:
        raise UsageProblem("jobs-all-off")
    return jobs, settings


def state_file(settings: Settings, given: Path | None = None) -> Path:
    """``--state`` first, then ``[nightly] state_dir`` of the settings, then the default."""
    if given is not None:
        return given
    if settings.nightly.state_dir:
        return Path(settings.nightly.state_dir).expanduser() / "state.json"
    return default_state_dir() / "state.json"


_state = click.option(
    "--state",
    "state_path",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="State file: the last run of every job (default: ~/.local/state/sheets-sync/state.json).",
)


@main.command("schedule")
@_workbook_options
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
@log_options
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
    log = RunLog(log_format, log_file, stream=sys.stderr).open()
    jobs, settings = _jobs(
        config, paths, spreadsheets, credentials, endpoint, language, given, log, state_path
    )
    state_path = state_file(settings, state_path)
    scheduler = Scheduler(
        jobs,
        state_path=state_path,
        lock_path=lock_path or state_path.with_name(state_path.name + ".lock"),
        log=log.run,
    )
    scheduler.handle_signals()
    try:
        scheduler.run()
    finally:
        log.close()
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
    settings = load_settings(config or find_settings(), _default_job().policy)
    catalog = Catalog.load(language or settings.language)
    state_path = state_file(settings, state_path)
    state = RunState(state_path)
    lines = status_lines(state, catalog, ZoneInfo(settings.timezone))
    if not lines:
        lines = [catalog.text("schedule", "status-empty", path=state_path)]
    _echo("\n".join(lines))
    return 0
