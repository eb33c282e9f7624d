"""Summary tabs: whole tabs the toolkit owns and rebuilds on every run.

A job's summary builders return the rows of a tab; this module places them. Row 1 of every
summary tab carries a marker («sheets-sync · Жыйынтык»), which is how a summary tab is told from
a tab the school made itself: a school's own «Жыйынтык» is never written to (the run says so
and skips it). The tab keeps its size run after run: cells the new content no longer needs are
cleared, and a language switch renames the tab instead of adding another::

    plan = plan_summaries(snapshot, [SummaryTab(Column("Жыйынтык", "Итоги", "Summary"), rows)],
                          language="ky")
    plan.structure      # AddTab / RenameTab changes, applied before any cell
    plan.desired        # every summary cell as it should read (None clears)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .changes import AddTab, CellRef, RenameTab, SetColumnWidth
from .fields import Column
from .snapshot import CellValue, Snapshot, Tab, is_blank
from .text import display, normalize

MARKER = "sheets-sync"


@dataclass(frozen=True)
class SummaryTab:
    """A summary tab's names in ky/ru/en, its rows (from sheet row 2) and the widths of its
    columns in characters, set when the tab is created."""

    titles: Column
    rows: Sequence[Sequence[CellValue]]
    widths: Sequence[float] = ()


@dataclass
class SummaryPlan:
    structure: list[AddTab | RenameTab | SetColumnWidth] = field(default_factory=list)
    desired: dict[CellRef, CellValue] = field(default_factory=dict)
    view: dict[str, Tab] = field(default_factory=dict)
    """Tabs as the cells will see them: a renamed tab under its new title, for diffing."""
    taken: list[str] = field(default_factory=list)
    """Titles left alone because the school's own tab already has them."""


def marker(title: str) -> str:
    return f"{MARKER} · {title}"


def is_summary(tab: Tab) -> bool:
    return normalize(display(tab.value(1, 1))).startswith(normalize(MARKER))


def plan_summaries(snapshot: Snapshot, tabs: Sequence[SummaryTab], language: str) -> SummaryPlan:
    plan = SummaryPlan()
    titles = {normalize(title): title for title in snapshot.tabs}
    for summary in tabs:
        wanted = summary.titles.title(language)
        names = {normalize(name) for name in summary.titles.names()}
        ours = [tab for tab in snapshot if normalize(tab.title) in names and is_summary(tab)]
        if ours:
            current = ours[0]
            final = current.title
            free = titles.get(normalize(wanted)) in (None, current.title)
            if current.title != wanted and free:
                plan.structure.append(RenameTab(current.title, wanted))
                final = wanted
        elif normalize(wanted) in titles:
            plan.taken.append(titles[normalize(wanted)])
            continue
        else:
            current = Tab(wanted, ())
            plan.structure.append(AddTab(wanted))
            plan.structure += [
                SetColumnWidth(wanted, column, width)
                for column, width in enumerate(summary.widths, start=1)
            ]
            final = wanted
        titles.pop(normalize(current.title), None)
        titles[normalize(final)] = final
        plan.view[final] = Tab(final, current.rows)
        plan.desired |= _cells(final, [[marker(final)], *summary.rows], current)
    return plan


def _cells(
    title: str, rows: Sequence[Sequence[CellValue]], current: Tab
) -> dict[CellRef, CellValue]:
    desired = {
        CellRef(title, row, column): value
        for row, cells in enumerate(rows, start=1)
        for column, value in enumerate(cells, start=1)
    }
    for row, cells in enumerate(current.rows, start=1):
        for column, value in enumerate(cells, start=1):
            ref = CellRef(title, row, column)
            if ref not in desired and not is_blank(value):
                desired[ref] = None
    return desired
