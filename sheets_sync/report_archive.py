"""The reports of a job's last runs, kept with their date beside the state file::

    reports/nightly/2026-12-01T02-00.json    # one per run, named by its start in the zone
    reports/nightly/2026-12-02T02-00.json
    reports/nightly/latest.json              # the newest again, under a name that stays

    keep_report(folder / "nightly", document, when=started, kept=14)

Each file is the JSON report of ``report.json_report`` (DOMAIN.md's shape), written atomically
by ``report.write_report``; a run in the same minute as an earlier one replaces its report.
Only the newest ``kept`` dated reports stay (``[nightly] reports_kept``; 0 keeps only
``latest.json``); an older one is removed only when it is a report the toolkit wrote, so a
person's file in the folder is never touched. A spreadsheet's address keeps no query or
fragment (``logs.scrub``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .errors import UnexpectedFailure
from .job import Job, RunResult
from .logs import scrub
from .report import is_report, json_report, write_report

LATEST = "latest.json"
_DATED = re.compile(r"^\d{4}-\d\d-\d\dT\d\d-\d\d\.json$")


def dated_name(when: datetime) -> str:
    """``2026-12-01T02-00.json``: the run's start, to the minute, in ``when``'s own zone (a
    colon is not allowed in a file name on every system)."""
    return when.strftime("%Y-%m-%dT%H-%M") + ".json"


def dated_reports(folder: Path) -> list[Path]:
    """The dated reports in ``folder``, oldest first."""
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.iterdir() if _DATED.match(path.name))


def keep_report(folder: Path, document: Mapping[str, Any], *, when: datetime, kept: int) -> Path:
    """Write the run's report under its date and as ``latest.json``; prune the old ones.
    Returns the stable path."""
    if kept > 0:
        write_report(folder / dated_name(when), document)
    latest = folder / LATEST
    write_report(latest, document)
    dated = dated_reports(folder)
    for old in dated[: max(0, len(dated) - kept)]:
        if is_report(old):
            old.unlink(missing_ok=True)
    return latest


def district_report(
    job: Job,
    runs: Sequence[Any],
    workbooks: Mapping[str, str],
    *,
    as_of: date,
    language: str,
) -> dict[str, Any]:
    """The report of a district run: every school the run reached, in DOMAIN.md's shape."""
    results = []
    for run in runs:
        if run.skipped:
            continue
        result = run.result
        if result is None:  # a fault of the toolkit's own in that school
            source = workbooks.get(run.school, run.school)
            kind = (run.error or "?").split(":")[0]
            result = RunResult(source, error=UnexpectedFailure(source=source, kind=kind))
        results.append(result)
    catalog = job.catalog(language)
    document = json_report(
        results, as_of=as_of, language=language, catalog=catalog, registers=job.register_map
    )
    for sheet in document["spreadsheets"]:
        sheet["source"] = scrub(sheet["source"])
        if sheet["error"]:
            sheet["error"] = scrub(sheet["error"])
    return document
