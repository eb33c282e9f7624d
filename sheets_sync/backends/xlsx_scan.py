"""What a worksheet part holds besides values: the last column with content, merged ranges.

Read by streaming the part once with lxml (rows are dropped as soon as they are seen), so a
100,000-row sheet costs no more memory than one row::

    used_width, merged = scan_worksheet(package.open_part("xl/worksheets/sheet1.xml"))

A cell has content when it holds a formula (whatever its cached result, "" included), a value
or an inline string; a cell with only a style does not.
"""

from __future__ import annotations

import re
from typing import IO

from lxml import etree

from ..snapshot import Span
from .xlsx_package import MAIN

__all__ = ["column_number", "scan_worksheet", "split_reference"]

_C, _ROW, _MERGE = f"{{{MAIN}}}c", f"{{{MAIN}}}row", f"{{{MAIN}}}mergeCell"
_F, _V, _IS = f"{{{MAIN}}}f", f"{{{MAIN}}}v", f"{{{MAIN}}}is"
_REFERENCE = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)\Z")


def column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def split_reference(reference: str) -> tuple[int, int]:
    """"C12" -> (12, 3): row and column, 1-based."""
    match = _REFERENCE.match(reference)
    if match is None:
        raise ValueError(f"not a cell reference: {reference!r}")
    return int(match.group(2)), column_number(match.group(1))


def _has_content(cell: etree._Element) -> bool:
    for child in cell:
        if child.tag in (_F, _IS):
            return True
        if child.tag == _V and child.text:
            return True
    return False


def scan_worksheet(stream: IO[bytes]) -> tuple[int, tuple[Span, ...]]:
    used = 0
    column = 0
    merged: list[Span] = []
    for _, element in etree.iterparse(
        stream,
        events=("end",),
        tag=(_C, _ROW, _MERGE),
        resolve_entities=False,
        no_network=True,
        huge_tree=True,
    ):
        if element.tag == _C:
            reference = element.get("r")
            # A cell without "r" follows the one before it in the row (rare, but legal).
            column = split_reference(reference)[1] if reference else column + 1
            if column > used and _has_content(element):
                used = column
        elif element.tag == _ROW:
            column = 0
            element.clear(keep_tail=False)
            parent = element.getparent()
            while element.getprevious() is not None and parent is not None:
                del parent[0]
        else:
            span = _span(element.get("ref", ""))
            if span is not None:
                merged.append(span)
    return used, tuple(merged)


def _span(reference: str) -> Span | None:
    first, _, last = reference.partition(":")
    try:
        top, left = split_reference(first)
        bottom, right = split_reference(last or first)
    except ValueError:
        return None
    return Span(min(top, bottom), min(left, right), max(top, bottom), max(left, right))
