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
    plan.furniture      # styles, frozen rows, print setup, widths, charts: after the cells

With ``furniture=True`` a summary tab also gets its look: the builder's styles over spans (the
tab is wholly the toolkit's, so a style replaces whatever format a cell had), frozen top rows,
print setup, column widths and charts, and ``Link`` values jump to the rows they are about.
All of it is sent only when its digest differs from the one the tab carries (``MarkLayout``):
an unchanged summary costs no write at all. Before new styles land, every cell the tab uses
is reset to the plain style, so nothing of an earlier layout lingers on rows that moved.
Without furniture (a backend that cannot style yet) links are written as their text.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .changes import (
    AddChart,
    AddTab,
    CellRef,
    Change,
    FreezeRows,
    Link,
    MarkLayout,
    MarkTab,
    SetColumnWidth,
    SetPrint,
    SetStyle,
    Style,
)
from .fields import Column
from .snapshot import CellValue, Snapshot, Span, Tab, is_blank
from .text import normalize

MARKER = "sheets-sync"
KEYS = {"Summary": "summary_overview", "Deadlines": "summary_deadlines"}
"""Mark keys of the job's summaries, by English title, for builders that name no key."""


@dataclass(frozen=True)
class Chart:
    """A bar chart of a summary tab: ``categories`` and ``values`` are single-column spans of
    the tab, its top-left corner at sheet (row, column) ``anchor``."""

    key: str
    title: str
    categories: Span
    values: Span
    anchor: tuple[int, int]
    horizontal: bool = True


@dataclass(frozen=True)
class SummaryTab:
    """A summary tab's names in ky/ru/en, its rows (from sheet row 2), the widths of its
    columns in characters (set when the tab is created, or with the furniture) and the key
    of its mark; and its furniture: styles over spans (sheet rows, row 1 being the marker),
    how many top rows stay frozen and repeat on every printed page, and its charts."""

    titles: Column
    rows: Sequence[Sequence[CellValue | Link]]
    widths: Sequence[float] = ()
    key: str | None = None
    styles: Sequence[tuple[Span, Style]] = ()
    frozen_rows: int = 0
    charts: Sequence[Chart] = ()

    @property
    def mark(self) -> str:
        if self.key:
            return self.key
        english = self.titles.title("en")
        return KEYS.get(english) or "summary_" + re.sub(r"[^a-z0-9]+", "_", english.lower())


@dataclass
class SummaryPlan:
    structure: list[AddTab | MarkTab | SetColumnWidth] = field(default_factory=list)
    desired: dict[CellRef, CellValue | Link] = field(default_factory=dict)
    furniture: list[Change] = field(default_factory=list)
    """Styles, frozen rows, print setup, widths, charts and the layout mark: sent after the
    cells, and only for a tab whose layout digest changed."""
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


def plan_summaries(
    snapshot: Snapshot, tabs: Sequence[SummaryTab], language: str, *, furniture: bool = False
) -> SummaryPlan:
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
            if not furniture:
                plan.structure += _widths(wanted, summary)
        plan.view[current.title] = Tab(current.title, current.rows)
        rows = [[marker(wanted)], *summary.rows]
        plan.desired |= _cells(current.title, rows if furniture else _plain(rows), current)
        if furniture:
            plan.furniture += _furniture_of(current, summary, len(rows))
    return plan


def layout_digest(summary: SummaryTab) -> str:
    """The digest of a summary's furniture: equal digests mean nothing to resend."""
    spec = (
        tuple(summary.widths),
        tuple(summary.styles),
        summary.frozen_rows,
        tuple(summary.charts),
    )
    return hashlib.sha256(repr(spec).encode()).hexdigest()[:32]


def _furniture_of(current: Tab, summary: SummaryTab, height: int) -> list[Change]:
    digest = layout_digest(summary)
    if current.layout == digest:
        return []
    title = current.title
    used = Span(1, 1, max(height, current.height), max(len(summary.widths), current.width, 1))
    changes: list[Change] = [SetStyle(title, used, Style())]
    changes += [SetStyle(title, span, style) for span, style in summary.styles]
    changes += _widths(title, summary)
    changes += [
        FreezeRows(title, summary.frozen_rows),
        SetPrint(title, landscape=True, fit_width=True, repeat_rows=summary.frozen_rows),
    ]
    changes += [
        AddChart(
            title,
            chart.key,
            chart.title,
            chart.categories,
            chart.values,
            CellRef(title, *chart.anchor),
            chart.horizontal,
        )
        for chart in summary.charts
    ]
    return [*changes, MarkLayout(title, digest)]


def _widths(title: str, summary: SummaryTab) -> list[SetColumnWidth]:
    return [
        SetColumnWidth(title, column, width) for column, width in enumerate(summary.widths, start=1)
    ]


def _plain(rows: Sequence[Sequence[CellValue | Link]]) -> list[list[CellValue]]:
    return [[value.text if isinstance(value, Link) else value for value in cells] for cells in rows]


def _cells(
    title: str, rows: Sequence[Sequence[CellValue | Link]], current: Tab
) -> dict[CellRef, CellValue | Link]:
    desired: dict[CellRef, CellValue | Link] = {
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
