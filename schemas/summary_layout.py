"""How the summary tabs look: tables stacked down one tab, each styled by what its columns hold.

A summary tab is a column grid shared by every table on it, so each table keeps one kind of
content per column (names on the left, one wide text column, then short values) and a value
always sits under its own header. ``SheetBuilder`` collects the rows and the style of every
span; rows are numbered as on the sheet, row 1 being the toolkit's marker::

    sheet = SheetBuilder(date_format="dd.mm.yyyy")
    sheet.title("Registers")
    first, last = sheet.table([("Tab", TEXT), ("Rows", NUMBER)], [["Teachers", 48]])
    SummaryTab(TITLES, sheet.rows, widths=..., styles=sheet.styles, frozen_rows=2)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from sheets_sync.changes import Link, Style
from sheets_sync.snapshot import CellValue, Span

HEADER_FILL = "D9E1F2"
RED, AMBER, GREEN = "FFC7CE", "FFEB9C", "C6EFCE"
MARK_FILLS = {"✖": RED, "⚠": AMBER, "✔": GREEN}
LINK_COLOR = "0563C1"

# What a column holds decides how its cells look; MARKED is text led by ✔ ⚠ ✖ (tinted).
TEXT, MARKED, NUMBER, DATE, PERCENT, MARK, LINK, DAYS = (
    "text",
    "marked",
    "number",
    "date",
    "percent",
    "mark",
    "link",
    "days",
)
CENTERED = {NUMBER, DATE, PERCENT, MARK, DAYS}

MARKER = Style(italic=True, color="808080", size=9)
HEADING = Style(bold=True, size=14)
AS_OF = Style(bold=True, size=12, align="right")
TITLE = Style(bold=True, size=12)
ALERT = Style(bold=True, size=12, color="9C0006")
TODAY = Style(fill=AMBER, bold=True, border=True)

Cell = CellValue | Link


class SheetBuilder:
    """The rows of a summary tab and the style of each span, built top to bottom."""

    def __init__(self, date_format: str) -> None:
        self.rows: list[list[Cell]] = []
        self.styles: list[tuple[Span, Style]] = []
        self.date_format = date_format
        self.width = 1

    @property
    def next_row(self) -> int:
        """The sheet row the next added row lands on (row 1 is the marker)."""
        return len(self.rows) + 2

    def add(self, cells: Sequence[Cell], style: Style | None = None, span: int = 0) -> int:
        """One row; ``style`` over its first ``span`` columns (all it has when 0)."""
        row = self.next_row
        self.rows.append(list(cells))
        self.width = max(self.width, len(cells))
        if style is not None:
            self.style(Span(row, 1, row, max(span or len(cells), 1)), style)
        return row

    def gap(self) -> None:
        self.rows.append([])

    def title(self, text: str, style: Style = TITLE) -> int:
        return self.add([text], style)

    def style(self, span: Span, style: Style) -> None:
        self.styles.append((span, style))

    def table(
        self,
        columns: Sequence[tuple[str, str]],
        body: Sequence[Sequence[Cell]],
        *,
        bold_last: bool = False,
        header: bool = True,
    ) -> tuple[int, int]:
        """A header row of (text, kind) (unless ``header`` is False: the table goes on one
        above) and the body under it, each column styled by its kind; ✔ ⚠ ✖ cells of a mark
        column are tinted. Returns the body's first and last sheet rows (last < first when
        the body is empty)."""
        if header:
            row = self.add([text for text, _ in columns])
            for column, (_, kind) in enumerate(columns, start=1):
                self.style(Span(row, column, row, column), self._header(kind))
        first = self.next_row
        for cells in body:
            self.add(cells)
        last = self.next_row - 1
        if last >= first:
            for column, (_, kind) in enumerate(columns, start=1):
                self.style(Span(first, column, last, column), self._body(kind))
                if kind in (MARK, MARKED):
                    self._tint(column, first, kind)
        if bold_last and last >= first:
            for column, (_, kind) in enumerate(columns, start=1):
                body_style = self._body(kind)
                self.style(Span(last, column, last, column), _bold(body_style))
        return first, last

    def _tint(self, column: int, first: int, kind: str) -> None:
        for row in range(first, self.next_row):
            value = self.rows[row - 2][column - 1] if column <= len(self.rows[row - 2]) else None
            fill = MARK_FILLS.get(str(value or "")[:1])
            if fill:
                self.style(Span(row, column, row, column), _with_fill(self._body(kind), fill))

    def _header(self, kind: str) -> Style:
        return Style(
            fill=HEADER_FILL,
            bold=True,
            border=True,
            align="center" if kind in CENTERED else None,
        )

    def _body(self, kind: str) -> Style:
        if kind == DATE:
            return Style(align="center", number_format=self.date_format, top=True)
        if kind == PERCENT:
            return Style(align="center", number_format="0%", top=True)
        if kind == DAYS:
            return Style(align="center", bold=True, color="9C0006", top=True)
        if kind == LINK:
            return Style(color=LINK_COLOR, top=True)
        if kind in CENTERED:
            return Style(align="center", top=True)
        return Style(top=True)


def _bold(style: Style) -> Style:
    return replace(style, bold=True)


def _with_fill(style: Style, fill: str) -> Style:
    return replace(style, fill=fill)


def date_format(language: str) -> str:
    """Dates as the run's messages write them."""
    return "yyyy-mm-dd" if language == "en" else "dd.mm.yyyy"


def lines(text: str, width: int) -> list[str]:
    """``text`` in rows of at most ``width`` characters, broken between words (a single
    longer word gets a row of its own)."""
    rows: list[str] = []
    for word in text.split():
        if rows and len(rows[-1]) + 1 + len(word) <= width:
            rows[-1] += " " + word
        else:
            rows.append(word)
    return rows or [""]
