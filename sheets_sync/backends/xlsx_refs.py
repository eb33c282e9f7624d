"""Cell references as worksheet XML spells them: ``C12`` is row 12, column 3.

::

    split_reference("C12")   # (12, 3)
    column_number("AA")      # 27
"""

from __future__ import annotations

import re

__all__ = ["column_number", "column_of", "split_reference"]

_REFERENCE = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)\Z")


def column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def split_reference(reference: str) -> tuple[int, int]:
    """Row and column, 1-based, of a reference such as "C12" or "$C$12"."""
    match = _REFERENCE.match(reference)
    if match is None:
        raise ValueError(f"not a cell reference: {reference!r}")
    return int(match.group(2)), column_number(match.group(1))


_DIGITS = "0123456789"
_COLUMNS: dict[str, int] = {}  # letters met so far: a sheet has few distinct columns


def column_of(reference: str) -> int:
    """The 1-based column of a cell reference, for the reader's hot loop (one per cell)."""
    letters = reference.rstrip(_DIGITS)
    number = _COLUMNS.get(letters)
    if number is None or len(letters) == len(reference):
        plain = letters.replace("$", "")
        if len(letters) == len(reference) or not (
            1 <= len(plain) <= 3 and plain.isascii() and plain.isalpha()
        ):
            raise ValueError(f"not a cell reference: {reference!r}")
        number = _COLUMNS[letters] = column_number(plain)
    return number
