"""One consistent read of a workbook: every tab's cell values, as the backend saw them.

Rows and columns are 1-based, as staff see them in the sheet::

    tab = snapshot.tab("Мугалимдер")
    tab.value(1, 2)        # header cell B1
    tab.width              # last used column
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

CellValue = str | int | float | bool | date | datetime | time | None
"""A cell's value as read: text, number, boolean, date/time, or None when empty."""


def is_blank(value: CellValue) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def trimmed_rows(rows: Iterable[Sequence[CellValue]]) -> tuple[tuple[CellValue, ...], ...]:
    """Rows as a backend stores them in a snapshot: empty cells (None or "") dropped from the
    end of each row, and empty rows from the end of the tab; gaps in between stay."""
    kept: list[tuple[CellValue, ...]] = []
    for row in rows:
        end = len(row)
        while end and (row[end - 1] is None or row[end - 1] == ""):
            end -= 1
        kept.append(tuple(row[:end]))
    while kept and not kept[-1]:
        kept.pop()
    return tuple(kept)


@dataclass(frozen=True, slots=True)
class Span:
    """A rectangle of cells, 1-based and inclusive: a merged range as the backend read it."""

    first_row: int
    first_column: int
    last_row: int
    last_column: int

    def covers(self, row: int, column: int) -> bool:
        return (
            self.first_row <= row <= self.last_row
            and self.first_column <= column <= self.last_column
        )


@dataclass(frozen=True, slots=True)
class Owned:
    """A note and/or tint the toolkit put on one cell, as its own record keeps them.

    ``note`` is the exact text written, ``fill`` the "RRGGBB" colour. The decoration is the
    toolkit's only while the cell still shows exactly that: a person who edits the note or
    recolours the cell has made it theirs, and the toolkit never touches it again."""

    note: str | None = None
    fill: str | None = None


@dataclass(frozen=True, slots=True)
class Tab:
    """One worksheet as read. ``rows[0]`` is sheet row 1; rows may be ragged.

    Besides values a backend reports what a person sees no value in but that still occupies
    the sheet, and the marks the toolkit put there itself:

    - ``used_width``: the last column holding anything at all (a formula whose result is "",
      a value hidden by a merge), 0 when the backend saw nothing beyond ``rows``;
    - ``merged``: merged ranges;
    - ``max_columns``: the most columns the tab can ever hold (None: no known limit);
    - ``column_marks``: mark key -> 1-based column, for columns carrying a ``MarkColumn`` the
      toolkit wrote (a defined name, developer metadata: never cell text);
    - ``mark``: the key of a ``MarkTab`` the toolkit put on the whole tab, else None;
    - ``notes``: (row, column) -> the text of the note (comment) on that cell, whoever wrote it;
    - ``fills``: (row, column) -> the cell's solid background colour as "RRGGBB" (upper case),
      for every cell that has a background of its own; a pattern or gradient reads "pattern";
    - ``owned``: (row, column) -> what the toolkit's own record says it put on that cell
      (``Owned``), from a ``RecordOwned`` it wrote; positions are where the cells are now;
    - ``layout``: the digest of a ``MarkLayout`` the toolkit wrote on the tab, else None;
    - ``frozen_rows``: how many top rows are frozen;
    - ``filter``: the range of the tab's autofilter (basic filter), else None;
    - ``validated_columns``: columns where any cell below row 1 has data validation.
    """

    title: str
    rows: Sequence[Sequence[CellValue]]
    used_width: int = 0
    merged: tuple[Span, ...] = ()
    max_columns: int | None = None
    column_marks: Mapping[str, int] = field(default_factory=dict)
    mark: str | None = None
    notes: Mapping[tuple[int, int], str] = field(default_factory=dict)
    fills: Mapping[tuple[int, int], str] = field(default_factory=dict)
    owned: Mapping[tuple[int, int], Owned] = field(default_factory=dict)
    layout: str | None = None
    frozen_rows: int = 0
    filter: Span | None = None
    validated_columns: frozenset[int] = frozenset()

    def value(self, row: int, column: int) -> CellValue:
        if row < 1 or column < 1 or row > len(self.rows):
            return None
        cells = self.rows[row - 1]
        return cells[column - 1] if column <= len(cells) else None

    @property
    def height(self) -> int:
        return len(self.rows)

    @property
    def width(self) -> int:
        """The last column holding any non-blank cell (0 for an empty tab)."""
        widest = 0
        for cells in self.rows:
            for index in range(len(cells), widest, -1):
                if not is_blank(cells[index - 1]):
                    widest = index
                    break
        return widest

    @property
    def occupied_width(self) -> int:
        """The last column holding anything: a value, or content ``used_width`` counts."""
        return max(self.width, self.used_width)

    def merged_at(self, row: int, column: int) -> Span | None:
        return next((span for span in self.merged if span.covers(row, column)), None)

    def row_values(self, row: int) -> Sequence[CellValue]:
        return self.rows[row - 1] if 1 <= row <= len(self.rows) else ()


@dataclass(frozen=True, slots=True)
class Snapshot:
    """All tabs of one workbook, in sheet order, read at one moment.

    ``revision`` is an opaque token of the backend's (a file digest, a sheet revision) that
    lets the backend refuse to write over changes made after this read.
    """

    source: str
    tabs: Mapping[str, Tab]
    revision: Any = None

    def tab(self, title: str) -> Tab:
        return self.tabs[title]

    def __iter__(self) -> Iterator[Tab]:
        return iter(self.tabs.values())
