"""The district's roll-up: one tab, one row per school, counts and compliance rates only.

    [nightly]
    rollup = "district.xlsx"      # or a Google spreadsheet ID or URL the key may edit

After every job run over the district, the roll-up tab is rebuilt from that run's results::

    School | Checked on | Result | Teachers | ✖ errors | ⚠ warnings | ℹ notes | Overdue | PD %

It holds no personal data: no teacher's name, no message, no row of a register; a school is
named as the settings name it, and a failed school shows only that it failed (its reason may
name a file, so it stays in the log). "Overdue" counts the findings whose due date has passed;
"PD %" is the share of the teachers' register rows with neither ``pd-overdue`` nor
``pd-no-record`` (empty when the school has no teachers' rows). Every school of the district
has its row: one the run did not reach (a run per time zone covers only its zone's schools)
keeps the row of its last run.

The tab is the toolkit's own, known only by its ``MarkTab`` mark (``rollup_schools``), placed
and diffed by ``summaries.plan_summaries`` as a summary tab is, and written through the same
backends in one change set; nothing else of the workbook changes. A roll-up .xlsx that does
not exist yet is created holding only that tab (with its marker in A1, which the first run
adopts and marks); a Google roll-up must exist and be shared with the key as editor.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from .changes import ChangeSet, diff
from .fields import Column
from .messages import LANGUAGES, Catalog
from .snapshot import CellValue, Snapshot
from .summaries import SummaryTab, marker, plan_summaries

KEY = "rollup_schools"
PD_UNMET = frozenset({"pd-overdue", "pd-no-record"})
TEACHERS = "teachers"
HEADERS = (
    "rollup-school",
    "rollup-as-of",
    "rollup-result",
    "rollup-teachers",
    "rollup-errors",
    "rollup-warnings",
    "rollup-infos",
    "rollup-overdue",
    "rollup-pd-rate",
)
WIDTHS = (32, 12, 14, 10, 10, 10, 10, 10, 10)
FIRST_SCHOOL_ROW = 3  # row 1 the marker, row 2 the header


def titles() -> Column:
    """The roll-up tab's name in ky, ru and en (it keeps the name it was created with)."""
    names = {
        language: Catalog.load(language).text("nightly", "rollup-title") for language in LANGUAGES
    }
    return Column(names["ky"], names["ru"], names["en"])


def school_row(
    name: str, run: Any, as_of: date, catalog: Catalog, earlier: Sequence[CellValue] = ()
) -> list[CellValue]:
    """One school's counts from its ``SchoolRun``; a failed school has none. A school this
    run did not reach (``None``: another time zone's run; or stopped) keeps its ``earlier``
    row, if the tab had one."""
    result = run.result if run is not None else None
    if run is None or run.skipped:
        if earlier:
            return list(earlier)
        return [name, None, catalog.text("nightly", "rollup-not-reached")]
    if not run.ok or result is None:
        return [name, as_of, catalog.text("nightly", "rollup-failed")]
    findings = result.findings()
    by_severity = {"error": 0, "warning": 0, "info": 0}
    for finding in findings:
        by_severity[finding.severity.value] += 1
    overdue = sum(1 for finding in findings if finding.due is not None and finding.due < as_of)
    teachers = next((item for item in result.registers if item.register.id == TEACHERS), None)
    rows = teachers.rows if teachers and teachers.tab else 0
    unmet = {f.row for f in (teachers.findings if teachers else ()) if f.code in PD_UNMET}
    rate = round(100 * (rows - len(unmet)) / rows, 1) if rows else None
    return [
        name,
        as_of,
        catalog.text("nightly", "rollup-ok"),
        rows,
        by_severity["error"],
        by_severity["warning"],
        by_severity["info"],
        overdue,
        rate,
    ]


def earlier_rows(snapshot: Snapshot) -> dict[str, tuple[CellValue, ...]]:
    """The school rows the roll-up tab holds now, by school name (below the header row)."""
    marked = [tab for tab in snapshot if tab.mark == KEY]
    if not marked:
        return {}
    found = {}
    for row in marked[0].rows[FIRST_SCHOOL_ROW - 1 :]:
        if row and isinstance(row[0], str) and row[0].strip():
            found[row[0]] = tuple(row[: len(HEADERS)])
    return found


def rollup_tab(
    schools: Sequence[tuple[str, Any]],
    *,
    as_of: date,
    language: str,
    earlier: dict[str, tuple[CellValue, ...]] | None = None,
) -> SummaryTab:
    """The roll-up as a summary tab: a header row, then one row per (name, SchoolRun); a
    school without a run keeps its row from ``earlier``."""
    catalog = Catalog.load(language)
    header = [catalog.text("nightly", key) for key in HEADERS]
    earlier = earlier or {}
    rows = [
        header,
        *(school_row(name, run, as_of, catalog, earlier.get(name, ())) for name, run in schools),
    ]
    return SummaryTab(titles(), rows, widths=WIDTHS, key=KEY)


def rollup_changes(snapshot: Snapshot, tab: SummaryTab, language: str) -> ChangeSet:
    """The changes that make the roll-up tab read ``tab``; none when it already does."""
    plan = plan_summaries(snapshot, [tab], language)
    view = Snapshot(snapshot.source, {**snapshot.tabs, **plan.view}, snapshot.revision)
    return ChangeSet((*plan.structure, *diff(view, plan.desired)))


def create_rollup_workbook(path: Path, language: str) -> bool:
    """A new .xlsx holding only the roll-up tab and its marker; never over an existing file
    (created exclusively). Returns whether it was created."""
    import openpyxl

    title = titles().title(language)
    book = openpyxl.Workbook()
    book.active.title = title
    book.active["A1"] = marker(title)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            book.save(out)
        os.link(temp, path)  # whole or not at all, and never over a file that appeared
    except FileExistsError:
        return False
    finally:
        Path(temp).unlink(missing_ok=True)
    return True


def rebuild_rollup(
    backend: Any, schools: Sequence[tuple[str, Any]], *, as_of: date, language: str
) -> ChangeSet:
    """Read the roll-up workbook once, rebuild its tab, write the changes in one batch."""
    snapshot = backend.read()
    tab = rollup_tab(schools, as_of=as_of, language=language, earlier=earlier_rows(snapshot))
    changes = rollup_changes(snapshot, tab, language)
    if changes:
        backend.apply(snapshot, changes)
    return changes
