"""Summary tabs: whole tabs the toolkit owns and rebuilds on every run.

A job's summary builders return the rows of a tab; this module places them. The toolkit knows
its summary tabs only by the mark it put on them (``MarkTab`` with the summary's key,
``summary_overview`` or ``summary_deadlines``), never by a title or cell text a person could
type: a school's own «Жыйынтык», or a tab whose A1 reads "Sheets sync…", is never written to
(the run says so and skips it). A summary tab of an earlier version, which had no mark, is
adopted once when its A1 is exactly that version's marker («sheets-sync · Жыйынтык») and its
title one of the summary's names. The tab keeps its size run after run: cells the new content
no longer needs are cleared. It also keeps the title it was created with: a language switch
changes its content, never its name, so the school's formulas that point at it still work::

    plan = plan_summaries(snapshot, [SummaryTab(Column("Жыйынтык", "Итоги", "Summary"), rows,
                                                key="summary_overview")], language="ky")
    plan.structure      # AddTab / MarkTab / SetColumnWidth changes, applied before any cell
    plan.desired        # every summary cell as it should read (None clears)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .changes import AddTab, CellRef, MarkTab, SetColumnWidth
from .fields import Column
from .snapshot import CellValue, Snapshot, Tab, is_blank
from .text import normalize

MARKER = "sheets-sync"
KEYS = {"Summary": "summary_overview", "Deadlines": "summary_deadlines"}
"""Mark keys of the job's summaries, by English title, for builders that name no key."""


@dataclass(frozen=True)
class SummaryTab:
    """A summary tab's names in ky/ru/en, its rows (from sheet row 2), the widths of its
    columns in characters (set when the tab is created) and the key of its mark."""

    titles: Column
    rows: Sequence[Sequence[CellValue]]
    widths: Sequence[float] = ()
    key: str | None = None

    @property
    def mark(self) -> str:
        if self.key:
            return self.key
        english = self.titles.title("en")
        return KEYS.get(english) or "summary_" + re.sub(r"[^a-z0-9]+", "_", english.lower())


@dataclass
class SummaryPlan:
    structure: list[AddTab | MarkTab | SetColumnWidth] = field(default_factory=list)
    desired: dict[CellRef, CellValue] = field(default_factory=dict)
    view: dict[str, Tab] = field(default_factory=dict)
    """Summary tabs as the cells will see them (a new tab empty), for diffing."""
    taken: list[str] = field(default_factory=list)
    """Titles left alone because the school's own tab already has them."""


def marker(title: str) -> str:
    return f"{MARKER} · {title}"


def earlier_summary(tab: Tab, summary: SummaryTab) -> bool:
    """An unmarked summary tab an earlier version made: its A1 is exactly that version's
    marker for the tab's own title, and the title is one of the summary's names."""
    return (
        tab.mark is None
        and tab.title in summary.titles.names()
        and tab.value(1, 1) == marker(tab.title)
    )


def plan_summaries(snapshot: Snapshot, tabs: Sequence[SummaryTab], language: str) -> SummaryPlan:
    plan = SummaryPlan()
    titles = {normalize(title): title for title in snapshot.tabs}
    for summary in tabs:
        wanted = summary.titles.title(language)
        marked = [tab for tab in snapshot if tab.mark == summary.mark]
        earlier = [tab for tab in snapshot if earlier_summary(tab, summary)]
        if marked:
            current = marked[0]
        elif earlier:
            current = earlier[0]
            plan.structure.append(MarkTab(current.title, summary.mark))
        elif normalize(wanted) in titles:
            plan.taken.append(titles[normalize(wanted)])
            continue
        else:
            current = Tab(wanted, ())
            titles[normalize(wanted)] = wanted
            plan.structure += [AddTab(wanted), MarkTab(wanted, summary.mark)]
            plan.structure += [
                SetColumnWidth(wanted, column, width)
                for column, width in enumerate(summary.widths, start=1)
            ]
        plan.view[current.title] = Tab(current.title, current.rows)
        plan.desired |= _cells(current.title, [[marker(wanted)], *summary.rows], current)
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
