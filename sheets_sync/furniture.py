"""A register tab's furniture: what the toolkit puts around its status columns once.

The status headers styled as a header, «Мөөнөт» and «Эскертүү» cells top-aligned («Эскертүү»
wrapped, so every message shows), the header row frozen (unless the school froze more), the
school's autofilter stretched over the status columns, the status columns protected with a
warning, and the data validation of the register's columns. None of it is read back cell by
cell, so the toolkit remembers a digest of what it last sent (``MarkLayout``, read back as
``Tab.layout``) and sends the furniture again only when that digest changes: a rerun on an
unchanged workbook sends nothing::

    changes = furniture(tab, Fixtures(header_row=1, columns=columns, bottom=12,
                                      protection="…", families=FEEDBACK))

The digest is taken over what the toolkit wants, never over what it changed itself (the
frozen rows, the filter's width, the columns that have validation), or its own write would
change the next digest.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from .changes import (
    Change,
    FreezeRows,
    MarkLayout,
    ProtectRange,
    SetFilter,
    SetStyle,
    SetValidation,
    Style,
)
from .snapshot import Span, Tab, is_blank
from .statuses import StatusColumns

VERSION = "furniture-1"  # a new design of the furniture is sent once to every tab
HEADER_FILL = "D9E1F2"
HEADER_STYLE = Style(fill=HEADER_FILL, bold=True, wrap=True, top=True, border=True)
DUE_STYLE = Style(number_format="DD.MM.YYYY", align="center", top=True)
NOTES_STYLE = Style(wrap=True, top=True)
PROTECTION_KEY = "status"

STYLES, FREEZE, FILTER, PROTECTION, VALIDATION = (
    "styles",
    "freeze",
    "filter",
    "protection",
    "validation",
)
FURNITURE = frozenset({STYLES, FREEZE, FILTER, PROTECTION, VALIDATION})


@dataclass(frozen=True)
class Fixtures:
    """What the furniture of one register tab depends on. ``bottom`` is the last row that
    holds the school's data after this run; ``validations`` come from the register's entry
    rules (for every column, validated or not: the digest needs all of them)."""

    header_row: int
    columns: StatusColumns
    bottom: int
    protection: str
    families: frozenset[str] = FURNITURE
    validations: Sequence[SetValidation] = ()


def furniture(tab: Tab, fixtures: Fixtures) -> list[Change]:
    """The furniture changes and the ``MarkLayout`` that remembers them, or nothing when the
    tab's digest says it already has them."""
    wanted = _wanted(tab, fixtures)
    if not wanted:
        return []
    digest = layout_digest(wanted)
    if digest == tab.layout:
        return []
    sent = [change for change in wanted if _needed(tab, change)]
    return [*sent, MarkLayout(tab.title, digest)]


def layout_digest(wanted: Sequence[Change]) -> str:
    text = "\n".join([VERSION, *(repr(change) for change in wanted)])
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def data_bottom(tab: Tab, header_row: int, columns: StatusColumns) -> int:
    """The last row holding anything of the school's (the status columns do not count: the
    run clears theirs on rows left empty), at least the header row."""
    ours = set(columns.all)
    for row in range(tab.height, header_row, -1):
        cells = tab.row_values(row)
        if any(not is_blank(value) for column, value in enumerate(cells, 1) if column not in ours):
            return row
    return header_row


def _wanted(tab: Tab, fixtures: Fixtures) -> list[Change]:
    title, header, columns = tab.title, fixtures.header_row, fixtures.columns
    bottom, families = max(fixtures.bottom, header), fixtures.families
    wanted: list[Change] = []
    if STYLES in families:
        wanted.append(
            SetStyle(title, Span(header, columns.status, header, columns.notes), HEADER_STYLE)
        )
        if bottom > header:
            wanted.append(
                SetStyle(title, Span(header + 1, columns.due, bottom, columns.due), DUE_STYLE)
            )
            wanted.append(
                SetStyle(title, Span(header + 1, columns.notes, bottom, columns.notes), NOTES_STYLE)
            )
    if FREEZE in families and tab.frozen_rows <= header:
        wanted.append(FreezeRows(title, header))
    school_filter = tab.filter
    if FILTER in families and school_filter is not None and school_filter.first_row == header:
        wanted.append(SetFilter(title, _stretched(school_filter, columns)))
    if PROTECTION in families:
        span = Span(header, columns.status, bottom, columns.notes)
        wanted.append(ProtectRange(title, span, PROTECTION_KEY, fixtures.protection))
    if VALIDATION in families:
        wanted.extend(fixtures.validations)
    return wanted


def _stretched(span: Span, columns: StatusColumns) -> Span:
    first, last = min(columns.all), max(columns.all)
    return Span(
        span.first_row, min(span.first_column, first), span.last_row, max(span.last_column, last)
    )


def _needed(tab: Tab, change: Change) -> bool:
    """Whether a wanted piece must be sent: what the tab reads back already, and columns that
    have a validation (the school's or an earlier one), are left as they are."""
    if isinstance(change, FreezeRows):
        return tab.frozen_rows < change.rows
    if isinstance(change, SetFilter):
        return tab.filter != change.span
    if isinstance(change, SetValidation):
        return not any(
            column in tab.validated_columns
            for column in range(change.span.first_column, change.span.last_column + 1)
        )
    return True
