"""Header mapping: which sheet column holds which register field.

Headers match whatever their case, spacing, punctuation or ё/е, in Kyrgyz, Russian or
English; ``№`` counts, so «Документ» and «Документ №» are different fields. The header row is
the first of the tab's top rows that names the most fields, so a title line above the table
is fine::

    header = map_headers(tab, TEACHERS)
    header.columns["full_name"]   # -> 2 (column B)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .register import Register
from .snapshot import Tab, is_blank
from .text import display, normalize

HEADER_SCAN_ROWS = 10


@dataclass(frozen=True)
class Duplicate:
    field: str
    column: int
    header: str
    first_column: int


@dataclass(frozen=True)
class HeaderMap:
    """Where a register's fields sit in one tab. Columns are 1-based."""

    row: int
    columns: dict[str, int]
    headers: dict[str, str]
    missing: tuple[str, ...] = ()
    duplicates: tuple[Duplicate, ...] = field(default=())

    def has(self, name: str) -> bool:
        return name in self.columns


def find_tab(tabs: list[Tab], register: Register) -> Tab | None:
    """The tab named after the register in any language (first match in sheet order)."""
    wanted = {normalize(name) for name in register.tabs.names()}
    return next((tab for tab in tabs if normalize(tab.title) in wanted), None)


def _lookup(register: Register) -> dict[str, str]:
    return {
        normalize(name): field_name
        for field_name, column in register.columns.items()
        for name in column.names()
    }


def _matches(tab: Tab, row: int, lookup: dict[str, str]) -> int:
    return len(
        {lookup[key] for cell in tab.row_values(row) if (key := normalize(display(cell))) in lookup}
    )


def map_headers(tab: Tab, register: Register) -> HeaderMap:
    lookup = _lookup(register)
    scan = range(1, min(tab.height, HEADER_SCAN_ROWS) + 1)
    best = max(scan, key=lambda row: (_matches(tab, row, lookup), -row), default=1)

    columns: dict[str, int] = {}
    headers: dict[str, str] = {}
    duplicates: list[Duplicate] = []
    for index, cell in enumerate(tab.row_values(best), start=1):
        if is_blank(cell):
            continue
        name = lookup.get(normalize(display(cell)))
        if name is None:
            continue
        if name in columns:
            duplicates.append(Duplicate(name, index, display(cell), columns[name]))
            continue
        columns[name] = index
        headers[name] = display(cell)
    missing = tuple(name for name in register.required if name not in columns)
    return HeaderMap(best, columns, headers, missing, tuple(duplicates))
