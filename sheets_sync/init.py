"""Setting up a workbook: every register's tab, with its headers and entry rules.

``plan`` decides, from one snapshot, what a school's spreadsheet needs to be ready for staff
to type into; nothing in it is read back from the rows::

    changes = plan(JOB, backend.read(), language="ru")
    backend.apply(snapshot, changes)

- A register without a tab gets one, named in the run's language, with every column's header
  in that language, a styled and frozen header row, column widths and the entry rules
  (``entry_rules``: drop-downs and date checks). A tab named after a register that holds
  nothing at all is set up the same way.
- A register's tab that exists keeps every cell, format and frozen row it has: the columns it
  lacks get their headers to the right of everything the tab holds (on its header row), and
  the columns without validation of their own get the entry rules. A tab that holds
  something but none of the register's headers in its top rows is left alone
  (``unrecognised_tabs``): where its table starts is for a person to say.

Run again on the workbook it set up, ``plan`` returns an empty change set: every column is
there and every column with a rule has validation.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import openpyxl

from .backends.base import Backend
from .changes import (
    AddTab,
    CellRef,
    Change,
    ChangeSet,
    FreezeRows,
    SetCell,
    SetColumnWidth,
    SetStyle,
    Style,
)
from .entry_rules import KeyRange, entry_rules, field_kind, key_range, name_field
from .errors import SheetsSyncError
from .headers import HeaderMap, find_tab, map_headers
from .job import Job
from .register import Register
from .snapshot import Snapshot, Span, Tab

HEADER_STYLE = Style(fill="D9E1F2", bold=True, wrap=True, top=True, border=True)
"""The engine's header look (light blue, bold, a line under it), wrapped for long headers."""
LABELS_LANGUAGE = "ru"
"""Choice drop-downs offer the stored Kyrgyz values and, after them, their Russian labels."""
WIDTH_RANGE = (12, 40)  # characters: a date fits the narrowest, a long header wraps in the widest
NEW_PREFIX = ".sheets-sync-new-"  # a workbook being created, beside where it will be
NAME_WIDTH = 30  # a teacher's full name, an MA's name


@dataclass(frozen=True)
class Placement:
    """Where a register's table sits (or will sit, once the change set is applied)."""

    register: Register
    tab: Tab
    header: HeaderMap
    new: bool  # the toolkit creates the tab, or fills a tab that holds nothing


def plan(job: Job, snapshot: Snapshot, *, language: str) -> ChangeSet:
    """Everything the workbook lacks for ``job``'s registers; existing cells never change."""
    added: list[Change] = []  # new tabs first: every later change may name them
    structure: list[Change] = []
    placements: list[Placement] = []
    tabs = list(snapshot)
    for register in job.registers:
        tab = find_tab(tabs, register)
        if tab is None:
            tab = Tab(register.title(language), [])
            added.append(AddTab(tab.title))
        elif _unrecognised(tab, register):
            continue
        placement, header_cells = _place(register, tab, language)
        placements.append(placement)
        structure += header_cells
        if placement.new:
            structure += _furniture(placement)
    sources = _sources(placements)
    labels = job.catalog(LABELS_LANGUAGE).sections.get("choices", {})
    rules = [
        change
        for placement in placements
        for change in entry_rules(
            placement.register, placement.tab, placement.header, sources=sources, labels=labels
        )
    ]
    return ChangeSet((*added, *structure, *rules))


def unrecognised_tabs(job: Job, snapshot: Snapshot) -> list[str]:
    """Tabs named after a register that hold something, but none of its headers in their top
    rows: ``plan`` leaves them alone, since it cannot tell where their table is."""
    tabs = list(snapshot)
    found = [(find_tab(tabs, register), register) for register in job.registers]
    return [tab.title for tab, register in found if tab and _unrecognised(tab, register)]


def _unrecognised(tab: Tab, register: Register) -> bool:
    holds_something = tab.height > 0 or tab.occupied_width > 0
    return holds_something and not map_headers(tab, register).columns


def _place(register: Register, tab: Tab, language: str) -> tuple[Placement, list[SetCell]]:
    """The register's header on ``tab`` once its missing columns are added, and their cells."""
    new = tab.height == 0 and tab.occupied_width == 0
    header = map_headers(tab, register)
    missing = [name for name in register.columns if name not in header.columns]
    columns, headers = dict(header.columns), dict(header.headers)
    cells = []
    free = _free_columns(tab, header.row)
    for name in missing:
        column = next(free, None)
        if column is None:
            break  # the tab holds no more columns: a run reports what is still missing
        columns[name], headers[name] = column, register.columns[name].title(language)
        cells.append(SetCell(CellRef(tab.title, header.row, column), headers[name]))
    return Placement(register, tab, HeaderMap(header.row, columns, headers), new), cells


def _free_columns(tab: Tab, row: int) -> Iterator[int]:
    """Columns right of everything the tab holds whose header cell no merge covers."""
    column = tab.occupied_width
    while tab.max_columns is None or column < tab.max_columns:
        column += 1
        if tab.merged_at(row, column) is None:
            yield column


def _furniture(placement: Placement) -> list[Change]:
    """A tab the toolkit sets up: its header row styled and frozen, its columns sized."""
    title, row = placement.tab.title, placement.header.row
    last = max(placement.header.columns.values())
    widths = [
        SetColumnWidth(title, column, _width(placement.register, name, placement.header))
        for name, column in sorted(placement.header.columns.items(), key=lambda item: item[1])
    ]
    return [
        SetStyle(title, Span(row, 1, row, last), HEADER_STYLE),
        FreezeRows(title, row),
        *widths,
    ]


def _width(register: Register, name: str, header: HeaderMap) -> float:
    """Wide enough for the header on two lines, and for what the column usually holds."""
    low, high = WIDTH_RANGE
    kind, _ = field_kind(register.model.model_fields[name])
    holds = {"choice": 24, "date": 12}.get(kind, low)
    if name in register.references or name == name_field(register, header):
        holds = NAME_WIDTH
    return float(min(max(len(header.headers[name]) // 2 + 4, holds, low), high))


def _sources(placements: list[Placement]) -> dict[str, KeyRange]:
    """Each register's name column, for the drop-downs of the registers that refer to it."""
    found = {}
    for placement in placements:
        if placement.register.lookup:
            # The header as it will be: a name column init adds is listed too.
            cells = key_range(placement.register, placement.tab, placement.header)
            if cells is not None:
                found[placement.register.id] = cells
    return found


@dataclass(frozen=True)
class InitResult:
    """What ``init`` did to one workbook: its change set (applied unless a dry run) and the
    register tabs it left alone because it found none of their headers."""

    changes: ChangeSet
    left_alone: tuple[str, ...] = ()


def init(job: Job, backend: Backend, *, language: str, dry_run: bool = False) -> InitResult:
    """Read the workbook, plan its set-up and, unless ``dry_run``, apply it in one batch."""
    snapshot = backend.read()
    changes = plan(job, snapshot, language=language)
    if changes and not dry_run:
        backend.apply(snapshot, changes)
    return InitResult(changes, tuple(unrecognised_tabs(job, snapshot)))


class WorkbookNotCreated(SheetsSyncError):
    """A new .xlsx could not be made at the path given (``reason`` says why)."""

    code = "workbook-not-created"
    exit_code = 2


def create_workbook(path: Path, first_tab: str) -> None:
    """A new, empty .xlsx at ``path`` with one empty tab named ``first_tab``, for the xlsx
    backend to fill (it only patches existing workbooks). A file that appears at ``path``
    meanwhile is never replaced: the new one is linked into place, which fails if it exists."""
    if path.suffix.lower() != ".xlsx":
        raise WorkbookNotCreated(path=str(path), reason="only an .xlsx workbook can be created")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise WorkbookNotCreated(path=str(path), reason="its folder does not exist")
    book = openpyxl.Workbook()
    book.active.title = first_tab
    # Made with the mode any new file gets (the umask's), beside where it will be.
    temporary = folder / f"{NEW_PREFIX}{os.getpid()}-{secrets.token_hex(4)}.xlsx"
    try:
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as error:
        raise WorkbookNotCreated(path=str(path), reason=error.strerror or str(error)) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            book.save(stream)
        os.link(temporary, path)
    except FileExistsError:
        raise WorkbookNotCreated(
            path=str(path), reason="a file of that name appeared meanwhile"
        ) from None
    except OSError as error:
        raise WorkbookNotCreated(path=str(path), reason=error.strerror or str(error)) from None
    finally:
        os.unlink(temporary)
