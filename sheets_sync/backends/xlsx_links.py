"""Links inside the workbook: ``<hyperlinks>`` entries for ``SetCell(ref, Link(text, target))``.

The cell gets the text (as any text cell); the worksheet gets::

    <hyperlinks><hyperlink ref="B4" location="'Мугалимдер'!A5" display="Асанова"/></hyperlinks>

An internal location needs no relationship part. ``<hyperlinks>`` goes where CT_Worksheet
orders it (after ``<dataValidations>``, before ``<printOptions>``). When the toolkit writes a
plain value into a cell, an internal link that covers exactly that cell goes (the cell is the
toolkit's and would otherwise jump somewhere stale); a link to a web address, or one on a range
of cells, is a person's and stays. Reading needs nothing: a link's cell reads as its text.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from lxml import etree

from ..changes import CellRef, Link, column_letter
from .xlsx_marks import quoted_title
from .xlsx_package import MAIN, OFFICE_RELS
from .xlsx_parts import place_in_worksheet
from .xlsx_refs import split_reference

__all__ = ["LinksEdit", "location"]

_M = f"{{{MAIN}}}"
_R_ID = f"{{{OFFICE_RELS}}}id"


def location(target: CellRef) -> str:
    return f"{quoted_title(target.tab)}!{target.a1}"


class LinksEdit:
    """Links a save puts on cells (``links``), and whether it writes a cell (``written``):
    a cell written without a link loses the toolkit's link."""

    def __init__(self, written: Callable[[int, int], bool]) -> None:
        self.links: dict[tuple[int, int], Link] = {}
        self.written = written

    def __bool__(self) -> bool:
        return bool(self.links)

    def __call__(self, worksheet: etree._Element) -> bool:
        """Edit the sheet's XML; whether anything changed."""
        hyperlinks = worksheet.find(f"{_M}hyperlinks")
        if hyperlinks is None:
            if not self:
                return False
            hyperlinks = etree.Element(f"{_M}hyperlinks")
            place_in_worksheet(worksheet, hyperlinks)
            before = b""
        else:
            before = etree.tostring(hyperlinks, method="c14n")
        _apply(hyperlinks, self.links, self.written)
        after = etree.tostring(hyperlinks, method="c14n")
        if not len(hyperlinks) and before != after:
            worksheet.remove(hyperlinks)  # the toolkit took its last link away
        return after != before


def _apply(
    hyperlinks: etree._Element,
    links: Mapping[tuple[int, int], Link],
    written: Callable[[int, int], bool],
) -> None:
    for element in list(hyperlinks.iterfind(f"{_M}hyperlink")):
        try:
            row, column = split_reference(element.get("ref", ""))
        except ValueError:
            continue  # a range: a person's link, never the toolkit's
        if element.get(_R_ID) is None and written(row, column):
            hyperlinks.remove(element)
    for (row, column), link in sorted(links.items()):
        element = etree.SubElement(hyperlinks, f"{_M}hyperlink")
        element.set("ref", f"{column_letter(column)}{row}")
        element.set("location", location(link.target))
        element.set("display", link.text)
