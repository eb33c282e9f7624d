"""The command line: a thin layer over the library.

    sheets-sync run --xlsx school.xlsx
    sheets-sync run --xlsx school.xlsx --dry-run --language ru --as-of 2026-11-21
    sheets-sync run --spreadsheet 1AbC... --credentials key.json
    sheets-sync demo --out demo-output

Exit codes: 0 the job ran (findings are not failures); 2 a file, setting or the command line
is wrong (also a Google key, a spreadsheet not shared or not found; a usage error is one line
in the run's language, ``cli_errors``); 3 a register could not be processed (a
required column is missing, no register tab at all); 4 the workbook was not written (open in
another program, changed meanwhile, would lose content); 5 Google Sheets could not be reached
or kept failing; 1 anything else. Output that nobody reads any more (``sheets-sync run … |
head``) is dropped quietly: the run goes on to its end and exits with its own code.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from datetime import date, datetime
from functools import wraps
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

from .cli_errors import LocalizedGroup, UsageProblem, run_language
from .errors import CopyTargetNotOurs, EmulatorCannotStart, OutputRefused, SheetsSyncError
from .job import Job, RunResult, run_many
from .logs import RunLog, log_options
from .messages import LANGUAGES, Catalog
from .report import check_report_path, console_report, json_report, write_report
from .settings import load_settings
from .snapshot import Snapshot

DEBUG = "sheets_sync.debug"
EXIT_INCOMPLETE = 3
EXIT_UNEXPECTED = 1
SKIPPED_SHOWN = 20  # rows named in "left for the next run"; the rest are counted
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2999, 12, 31)  # --as-of; rules add years to it


def _echo(message: str = "", *, err: bool = False) -> None:
    """click.echo that survives a reader that went away: the rest of the output is dropped."""
    try:
        click.echo(message, err=err)
    except BrokenPipeError:
        stream = sys.stderr if err else sys.stdout
        # Point the descriptor at /dev/null so neither later output nor the flush at exit fails.
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, stream.fileno())
        finally:
            os.close(devnull)


def _default_job() -> Job:
    from jobs.methodical_work import JOB

    return JOB


def _guarded(command: Callable[..., int]) -> Callable[..., None]:
    """Turn toolkit errors into one line and an exit code; ``--debug`` shows the traceback."""

    @click.option("--debug", is_flag=True, help="Show the full traceback when something fails.")
    @wraps(command)
    def wrapper(*args: Any, debug: bool = False, **kwargs: Any) -> None:
        ctx = click.get_current_context()
        ctx.meta[DEBUG] = debug
        try:
            code = command(*args, **kwargs)
        except SheetsSyncError as error:
            if debug:
                raise
            catalog = Catalog.load(kwargs.get("language") or run_language(ctx))
            _echo(f"✖ {error.render(catalog)}", err=True)
            sys.exit(error.exit_code)
        except click.ClickException:
            raise  # a usage error: the group says it in one line (cli_errors), exit code 2
        except Exception as error:  # a bug: still one line, unless asked for detail
            if debug:
                raise
            _echo(f"✖ {type(error).__name__}: {error} (--debug)", err=True)
            sys.exit(EXIT_UNEXPECTED)
        sys.exit(code)

    return wrapper


def _date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise UsageProblem("date-invalid", value=value) from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise UsageProblem(
            "date-out-of-range", value=value, first=str(FIRST_DAY), last=str(LAST_DAY)
        )
    return day


_language = click.option(
    "--language",
    type=click.Choice(LANGUAGES),
    default=None,
    help="Language of messages and status headers: ky (default), ru or en.",
)
_as_of = click.option(
    "--as-of",
    callback=_date,
    metavar="YYYY-MM-DD",
    help="The date the rules judge at (default: today in the school's time zone).",
)
_report = click.option(
    "--report-json",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Also write the machine-readable report (DOMAIN.md shape) to FILE.",
)


def _workbook_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--xlsx, --spreadsheet, --credentials and --endpoint: the workbooks a command works on."""
    for option in reversed(
        (
            click.option(
                "--xlsx",
                "paths",
                multiple=True,
                metavar="PATH",
                type=click.Path(dir_okay=False, path_type=Path),
                help="The .xlsx workbook to check (repeat for several workbooks).",
            ),
            click.option(
                "--spreadsheet",
                "spreadsheets",
                multiple=True,
                metavar="ID_OR_URL",
                help="A Google spreadsheet, by ID or URL (repeat for several; may be mixed "
                "with --xlsx).",
            ),
            click.option(
                "--credentials",
                metavar="PATH",
                help="Service-account key (JSON) for Google Sheets; default: "
                '$GOOGLE_APPLICATION_CREDENTIALS. "none" sends no key (only to an --endpoint '
                "on this machine).",
            ),
            click.option(
                "--endpoint",
                metavar="URL",
                help="Another Sheets API root, e.g. a local emulator (default: "
                "$SHEETS_SYNC_ENDPOINT, else Google).",
            ),
        )
    ):
        command = option(command)
    return command


@click.group(cls=LocalizedGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="sheets-sync")
def main() -> None:
    """Check a school's methodical-work registers and write status columns next to the rows."""


@main.command("run")
@_workbook_options
@_as_of
@_language
@click.option("--dry-run", is_flag=True, help="Write nothing; print what would change.")
@_report
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="PATH",
    help="Write the result to a copy at PATH and leave the workbook as it is.",
)
@click.option(
    "--config",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Settings file (TOML): language, timezone, [policy] numbers, Google Sheets keys.",
)
@click.option("--job", metavar="NAME", help="Run a job of the settings file now (nightly, ...).")
@log_options
@_guarded
def run_command(
    paths: Sequence[Path],
    spreadsheets: Sequence[str],
    credentials: str | None,
    endpoint: str | None,
    as_of: date | None,
    language: str | None,
    dry_run: bool,
    report_json: Path | None,
    out: Path | None,
    config: Path | None,
    job: str | None = None,
    log_format: str = "plain",
    log_file: Path | None = None,
) -> int:
    """Check workbooks and Google spreadsheets and write the status columns back."""
    if job:
        from .cli_nightly import job_command

        return job_command(job, config, language, dry_run, log_format, log_file)
    from .backends.google import GoogleSheetsBackend
    from .backends.xlsx import XlsxBackend

    engine = _default_job()
    settings = load_settings(config, engine.policy)
    # Workbooks named on the command line replace the settings file's list, never add to it.
    if not paths and not spreadsheets:
        spreadsheets = settings.spreadsheets
    if not paths and not spreadsheets:
        raise UsageProblem("workbook-missing-settings")
    if out and (len(paths) != 1 or spreadsheets):
        raise UsageProblem("out-needs-one-xlsx")
    if out is not None:
        _check_copy_target(out, paths[0])
    if report_json is not None:
        _check_report_target(report_json, [*paths, *([out] if out else [])])
    language = language or settings.language
    as_of = as_of or settings.today()
    backends: list[Any] = [XlsxBackend(path, out=out) for path in paths]
    backends += [
        GoogleSheetsBackend(
            spreadsheet,
            credentials=credentials or settings.credentials,
            endpoint=endpoint or settings.endpoint,
        )
        for spreadsheet in spreadsheets
    ]
    log = _run_log(log_format, log_file)
    started = time.monotonic()
    try:
        results = run_many(
            engine,
            backends,
            as_of=as_of,
            language=language,
            policy=settings.policy,
            dry_run=dry_run,
        )
        code = _finish(
            engine,
            results,
            backends,
            as_of=as_of,
            language=language,
            dry_run=dry_run,
            report_json=report_json,
            result_path=out,
        )
        if log is not None:
            log.run(_run_record(results, engine.catalog(language), time.monotonic() - started))
    finally:
        if log is not None:
            log.close()
    return code


def _run_log(log_format: str, log_file: Path | None) -> RunLog | None:
    """The run's log when --log-format or --log-file is given, opened now so a wrong
    --log-file is said before anything runs; else none."""
    asked = click.get_current_context().get_parameter_source("log_format")
    if log_file is None and asked is not ParameterSource.COMMANDLINE:
        return None
    return RunLog(log_format, log_file, stream=sys.stdout).open()


def _run_record(results: Sequence[RunResult], catalog: Catalog, seconds: float) -> dict[str, Any]:
    """A plain run's one log line, as ``run --job`` gives it: job ``run``, every workbook
    counted as a school."""
    from .cli_schedule import district_outcome, run_record
    from .district import SchoolRun

    runs = [SchoolRun(result.source, result) for result in results]
    return run_record("run", district_outcome(runs, catalog), seconds)


@main.command("demo")
@click.option(
    "--out",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("sheets-sync-demo"),
    show_default=True,
    metavar="DIR",
    help="Folder to copy the sample school workbook into.",
)
@_as_of
@_language
@_guarded
def demo_command(folder: Path, as_of: date | None, language: str | None) -> int:
    """Copy the bundled sample school workbook into DIR, check it and show the result."""
    from schemas.samples import DEMO_AS_OF, DEMO_SCHOOL, SAMPLE_WORKBOOK

    from .backends.xlsx import XlsxBackend

    job = _default_job()
    language = language or "ky"
    as_of = as_of or DEMO_AS_OF
    catalog = job.catalog(language)
    folder.mkdir(parents=True, exist_ok=True)
    target = _copy_fresh(SAMPLE_WORKBOOK, folder)
    if target.name != SAMPLE_WORKBOOK.name:
        _echo(catalog.ui("demo-kept", path=folder / SAMPLE_WORKBOOK.name, fresh=target))
    _echo(catalog.ui("demo-copied", path=target))
    backend = XlsxBackend(target)
    results = run_many(job, [backend], as_of=as_of, language=language, school=DEMO_SCHOOL)
    code = _finish(
        job,
        results,
        [backend],
        as_of=as_of,
        language=language,
        dry_run=False,
        report_json=_report_beside(target),
        result_path=target,
    )
    _echo(catalog.ui("demo-open", path=target.resolve()))
    return code


def _copy_fresh(source: Path, folder: Path) -> Path:
    """Copy ``source`` into ``folder`` under its own name, or the first free ``name-N``: an
    existing file is never overwritten (the new file is created exclusively)."""
    for number in range(1, 10_000):
        name = source.name if number == 1 else f"{source.stem}-{number}{source.suffix}"
        target = folder / name
        try:
            with source.open("rb") as original, target.open("xb") as copy:
                shutil.copyfileobj(original, copy)
        except FileExistsError:
            continue
        return target
    raise FileExistsError(folder / source.name)


def _report_beside(workbook: Path) -> Path:
    """report.json for the sample workbook, report-N.json for its fresh copy school-N.xlsx."""
    suffix = workbook.stem.rpartition("-")[2]
    return workbook.with_name(f"report-{suffix}.json" if suffix.isdigit() else "report.json")


def _check_report_target(report: Path, workbooks: Sequence[Path]) -> None:
    """--report-json may name a new file or an earlier report, never a workbook or any other
    file (checked before anything runs)."""
    for workbook in workbooks:
        if _same_file(report, workbook):
            raise OutputRefused(path=report)
    check_report_path(report)


def _check_copy_target(out: Path, source: Path) -> None:
    """--out may name a new file, the workbook itself, or a copy written earlier (it carries
    the toolkit's marks), never another file (checked before anything runs)."""
    from .backends.xlsx import XlsxBackend

    if not out.exists() and not out.is_symlink():
        return
    if _same_file(out, source):
        return
    try:
        snapshot = XlsxBackend(out).read()
    except SheetsSyncError:
        raise CopyTargetNotOurs(path=out) from None
    if not any(tab.column_marks or tab.mark for tab in snapshot):
        raise CopyTargetNotOurs(path=out)


def _same_file(first: Path, second: Path) -> bool:
    try:
        return first.resolve() == second.resolve() or first.samefile(second)
    except OSError:
        return False


@main.command("emulator")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8765, show_default=True, type=int, help="Port to listen on.")
@click.option(
    "--state",
    "state_dir",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="DIR",
    help="Keep the emulated spreadsheets in DIR between runs (default: in memory only).",
)
@click.option(
    "--seed",
    "seeds",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="XLSX",
    help="Load a workbook as a new spreadsheet at start and print its ID (repeatable).",
)
@_language
@_guarded
def emulator_command(
    host: str, port: int, state_dir: Path | None, seeds: Sequence[Path], language: str | None
) -> int:
    """Serve a local Sheets API v4 emulator, to try the Google Sheets path offline."""
    from .backends.xlsx import XlsxBackend
    from .emulator import Emulator, serve

    catalog = Catalog.load(language or "ky")
    workbooks = {path.stem: _seed_tabs(XlsxBackend(path).read()) for path in seeds}

    def seed(emulator: Emulator) -> None:
        for title, tabs in workbooks.items():
            spreadsheet = emulator.create_spreadsheet(title, tabs=tabs)
            _echo(
                catalog.ui(
                    "emulator-seeded", title=title, spreadsheet=spreadsheet, url=emulator.url
                ),
            )

    try:
        serve(host, port, state_dir, on_start=seed)
    except OSError as error:
        raise EmulatorCannotStart(host=host, port=port, reason=error.strerror or error) from error
    return 0


def _seed_tabs(snapshot: Snapshot) -> dict[str, list[list[Any]]]:
    """A workbook's values as the emulator seeds them: a midnight datetime is a date."""

    def plain(value: Any) -> Any:
        if isinstance(value, datetime) and value.time() == datetime.min.time():
            return value.date()
        return value

    return {tab.title: [[plain(value) for value in row] for row in tab.rows] for tab in snapshot}


@main.command("settings")
def settings_command() -> None:
    """Print a settings file with every policy number, its default and its source clause."""
    job = _default_job()
    lines = [
        'language = "ky"  # ky, ru or en',
        'timezone = "Asia/Bishkek"',
        "# Google Sheets (used when no --xlsx or --spreadsheet is given):",
        '# spreadsheets = ["https://docs.google.com/spreadsheets/d/ID/edit"]',
        '# credentials = "key.json"  # service-account key, relative to this file',
        '# endpoint = "http://127.0.0.1:8765"  # another API root, e.g. an emulator',
        "",
        "[policy]",
    ]
    for name, info in job.policy.model_fields.items():
        lines.append(f"# {info.description}")
        lines.append(f"{name} = {info.default!r}")
    _echo("\n".join(lines))


def _finish(
    job: Job,
    results: list[RunResult],
    backends: Sequence[Any],
    *,
    as_of: date,
    language: str,
    dry_run: bool,
    report_json: Path | None,
    result_path: Path | None,
) -> int:
    catalog = job.catalog(language)
    registers = job.register_map
    for result, backend in zip(results, backends, strict=True):
        _echo(
            "\n".join(
                console_report(
                    result, as_of=as_of, catalog=catalog, registers=registers, dry_run=dry_run
                )
            )
        )
        if result.error and click.get_current_context().meta.get(DEBUG):
            _echo("".join(traceback.format_exception(result.error)), err=True)
        if result.ok and not dry_run:
            _echo(catalog.ui("result-path", path=result_path or result.source))
        if getattr(backend, "lost_parts", ()):
            _echo(catalog.ui("copy-lost", parts=", ".join(backend.lost_parts)))
        if getattr(backend, "skipped_rows", ()):
            rows = [f"{tab}!{row}" for tab, row in backend.skipped_rows]
            more = [f"… +{len(rows) - SKIPPED_SHOWN}"] if len(rows) > SKIPPED_SHOWN else []
            _echo(f"⚠ {catalog.ui('rows-skipped', rows=rows[:SKIPPED_SHOWN] + more)}")
        if result.incomplete:
            details = " ".join(catalog.finding(f, registers) for f in result.incomplete)
            _echo(f"✖ {catalog.ui('incomplete', details=details)}", err=True)
        _echo("")
    if report_json:
        document = json_report(
            results, as_of=as_of, language=language, catalog=catalog, registers=registers
        )
        write_report(report_json, document)
        _echo(catalog.ui("report-written", path=report_json))
    failures = [result.error for result in results if result.error]
    if failures:
        return max(error.exit_code for error in failures)
    return EXIT_INCOMPLETE if any(result.incomplete for result in results) else 0


from . import cli_init, cli_nightly, cli_schedule  # noqa: E402, F401  (init; check; schedule, status)
