"""A1 notation as the Sheets API reads and writes it.

Indexes are 0-based and half open, like a ``GridRange``; ``None`` means unbounded::

    ref = parse("'O''Brien'!A2:C")
    ref.sheet, ref.start_row, ref.end_row, ref.start_col, ref.end_col
    # ("O'Brien", 1, None, 0, 3)
    parse("Мугалимдер").sheet            # "Мугалимдер", every index None: the whole sheet
    parse("'Sheet1'!NamedRange").name    # "NamedRange": not cells, a named range
    format_range("Мугалимдер", 0, 10, 0, 4)   # "'Мугалимдер'!A1:D10"

``parse`` only splits the text; which sheet a bare word means (a tab, a named range or cells
on the first tab) is decided by the caller, who knows the spreadsheet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_COLUMN_LETTERS = 3  # Sheets stops at column ZZZ (18278 columns)

_CELL = re.compile(r"^\$?([A-Za-z]{0,3})\$?(\d*)$")
_R1C1 = re.compile(r"^[Rr](\d+)[Cc](\d+)$")
_PLAIN_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_LOOKS_LIKE_CELL = re.compile(r"^(?:[A-Za-z]{1,3}\d+|[Rr]\d*[Cc]\d*|true|false)$", re.IGNORECASE)


class A1Error(ValueError):
    """The text is not A1 notation."""


@dataclass(frozen=True)
class A1Ref:
    """A parsed reference. ``cells`` is False when the text named a sheet or a named range only."""

    sheet: str | None = None
    start_row: int | None = None
    end_row: int | None = None
    start_col: int | None = None
    end_col: int | None = None
    cells: bool = False
    name: str | None = None  # a word that is not cells: a sheet title or a named range


def column_letters(index: int) -> str:
    """0 -> "A", 25 -> "Z", 26 -> "AA"."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_index(letters: str) -> int:
    """ "A" -> 0, "AA" -> 26."""
    value = 0
    for char in letters.upper():
        value = value * 26 + ord(char) - 64
    return value - 1


def quote_sheet(title: str) -> str:
    """The sheet title as it prefixes a range: quoted unless it is a plain ASCII word."""
    if _PLAIN_NAME.match(title) and not _LOOKS_LIKE_CELL.match(title):
        return title
    return "'" + title.replace("'", "''") + "'"


def split_sheet(text: str) -> tuple[str | None, str]:
    """``"'A b'!A1"`` -> ``("A b", "A1")``; text without a sheet part gives ``(None, text)``."""
    if text.startswith("'"):
        index = 1
        title = []
        while index < len(text):
            char = text[index]
            if char == "'":
                if text[index + 1 : index + 2] == "'":
                    title.append("'")
                    index += 2
                    continue
                rest = text[index + 1 :]
                if rest == "":
                    return "".join(title), ""
                if rest.startswith("!"):
                    return "".join(title), rest[1:]
                raise A1Error(text)
            title.append(char)
            index += 1
        raise A1Error(text)
    if "!" in text:
        sheet, _, cells = text.rpartition("!")
        return sheet, cells
    return None, text


def _endpoint(text: str) -> tuple[int | None, int | None]:
    """One side of a range: (column, row), 0-based, either may be None."""
    match = _R1C1.match(text)
    if match:
        return int(match.group(2)) - 1, int(match.group(1)) - 1
    match = _CELL.match(text)
    if not match or not (match.group(1) or match.group(2)):
        raise A1Error(text)
    letters, digits = match.groups()
    column = column_index(letters) if letters else None
    row = int(digits) - 1 if digits else None
    if row is not None and row < 0:
        raise A1Error(text)
    return column, row


def parse_cells(text: str) -> tuple[int | None, int | None, int | None, int | None]:
    """``"A2:C"`` -> (start_row, end_row, start_col, end_col); raises A1Error."""
    first, sep, second = text.partition(":")
    if not sep:
        column, row = _endpoint(first)
        if column is None or row is None:
            raise A1Error(text)  # "A" or "5" alone is not a range
        return row, row + 1, column, column + 1
    c1, r1 = _endpoint(first)
    c2, r2 = _endpoint(second)
    start_row, end_row = _span(r1, r2)
    start_col, end_col = _span(c1, c2)
    if start_row is None and end_row is None and start_col is None and end_col is None:
        raise A1Error(text)
    return start_row, end_row, start_col, end_col


def _span(a: int | None, b: int | None) -> tuple[int | None, int | None]:
    """Two 0-based inclusive endpoints -> a half-open span; reversed endpoints are swapped."""
    if a is not None and b is not None:
        low, high = sorted((a, b))
        return low, high + 1
    if a is not None:
        return a, None
    if b is not None:
        return 0, b + 1
    return None, None


def parse(text: str) -> A1Ref:
    """Split A1 text into its sheet and cells; raise A1Error for malformed text."""
    text = text.strip()
    if not text:
        raise A1Error(text)
    sheet, cells = split_sheet(text)
    if sheet is not None and not cells:
        return A1Ref(sheet=sheet)
    try:
        start_row, end_row, start_col, end_col = parse_cells(cells)
    except A1Error:
        if sheet is None:
            return A1Ref(name=cells)
        if re.fullmatch(r"[^\s!:']+", cells) and not _LOOKS_LIKE_CELL.match(cells):
            return A1Ref(sheet=sheet, name=cells)  # 'Sheet1'!NamedRange
        raise
    return A1Ref(sheet, start_row, end_row, start_col, end_col, cells=True)


def format_cells(start_row: int, end_row: int, start_col: int, end_col: int) -> str:
    """Bounded 0-based half-open indexes -> "A1" or "A1:D10"."""
    first = f"{column_letters(start_col)}{start_row + 1}"
    if end_row - start_row <= 1 and end_col - start_col <= 1:
        return first
    return f"{first}:{column_letters(end_col - 1)}{end_row}"


def format_range(title: str, start_row: int, end_row: int, start_col: int, end_col: int) -> str:
    """A bounded range with its quoted sheet title, as Google's responses spell it."""
    return f"{quote_sheet(title)}!{format_cells(start_row, end_row, start_col, end_col)}"
