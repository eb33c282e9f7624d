"""Checks of notes, the toolkit's record and charts before an xlsx save touches anything.

A bad change stops the whole set (``XlsxBackend.apply`` refuses it before writing), so what the
parts cannot hold is refused here: a note Excel cannot store, a record with a colour that is not
"RRGGBB", a chart whose spans are not single columns of cells on a sheet.
"""

from __future__ import annotations

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from ..changes import AddChart, RecordOwned, SetNote
from ..snapshot import Span
from .xlsx_owned import check_owned

__all__ = ["check_extra"]

_KEY_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")
_MAX_TITLE = 255


def check_extra(change: SetNote | RecordOwned | AddChart, *, limits: tuple[int, int, int]) -> None:
    max_row, max_column, max_text = limits
    if isinstance(change, SetNote):
        where = f"{change.ref.tab}!{change.ref.a1}"
        if not (1 <= change.ref.row <= max_row and 1 <= change.ref.column <= max_column):
            raise ValueError(f"cell {where} is outside a worksheet")
        if change.text is not None:
            _check_text(change.text, where, max_text)
    elif isinstance(change, RecordOwned):
        for (row, column), owned in change.cells.items():
            if not (1 <= row <= max_row and 1 <= column <= max_column):
                raise ValueError(f"cell R{row}C{column} of {change.tab!r} is outside a worksheet")
            check_owned(owned)
    else:
        where = f"the chart {change.key!r} on {change.tab!r}"
        if not change.key[:1].isalpha() or not set(change.key) <= _KEY_CHARACTERS:
            raise ValueError(f"{where}: a key is lower-case letters, digits and _")
        _check_text(change.title, where, _MAX_TITLE)
        for span in (change.categories, change.values):
            _check_span(span, where, max_row, max_column)
        if change.anchor.tab != change.tab:
            raise ValueError(f"{where}: the chart must be placed on its own tab")
        if not (1 <= change.anchor.row <= max_row and 1 <= change.anchor.column <= max_column):
            raise ValueError(f"{where}: the anchor is outside a worksheet")


def _check_text(text: str, where: str, max_text: int) -> None:
    if len(text) > max_text:
        raise ValueError(f"{where}: text longer than {max_text} characters")
    if ILLEGAL_CHARACTERS_RE.search(text):
        raise ValueError(f"{where}: text holds control characters a workbook cannot store")


def _check_span(span: Span, where: str, max_row: int, max_column: int) -> None:
    if span.first_column != span.last_column or span.first_row > span.last_row:
        raise ValueError(f"{where}: a chart's data is one column of cells")
    if not (span.first_row >= 1 and span.last_row <= max_row):
        raise ValueError(f"{where}: its data lies outside a worksheet")
    if not 1 <= span.first_column <= max_column:
        raise ValueError(f"{where}: its data lies outside a worksheet")
