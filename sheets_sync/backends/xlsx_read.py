"""Reading a workbook's values in one streaming pass per worksheet part, with lxml.

::

    reader = ValueReader(package)
    rows, used_width, merged = reader.sheet("xl/worksheets/sheet1.xml")
    found = reader.read_sheet("xl/worksheets/sheet1.xml")    # the same, with the furniture

Values are what Excel last calculated: a formula cell gives its cached result, never its
text. They are converted exactly as openpyxl's reader does (its number, date and ISO-date
helpers and its table of date formats are used), so the values match what the backend always
read; the pass also sees what else occupies the sheet (a formula whose result is "", merged
ranges) without a second parse, and the sheet's furniture: each cell's background (its format
index looked up in a table built once from styles.xml, only for cells with a format of their
own), the frozen rows of the first view, the autofilter's range and the columns under a data
validation with a rule (a validation that only shows input help constrains nothing and does
not count). Rows are dropped as soon as they are read.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from openpyxl.styles.stylesheet import Stylesheet
from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, from_excel, from_ISO8601
from openpyxl.worksheet._reader import _cast_number

from ..collector import collector_paused
from ..snapshot import CellValue, Span, trimmed_rows
from .xlsx_package import MAIN, Package, parse_xml
from .xlsx_refs import column_of, split_reference
from .xlsx_styles import fill_colours

__all__ = ["SheetRead", "ValueReader"]

_C, _ROW, _MERGE = f"{{{MAIN}}}c", f"{{{MAIN}}}row", f"{{{MAIN}}}mergeCell"
_F, _V, _IS = f"{{{MAIN}}}f", f"{{{MAIN}}}v", f"{{{MAIN}}}is"
_T, _R, _SI = f"{{{MAIN}}}t", f"{{{MAIN}}}r", f"{{{MAIN}}}si"
_PANE, _VIEW = f"{{{MAIN}}}pane", f"{{{MAIN}}}sheetView"
_FILTER, _WORKSHEET = f"{{{MAIN}}}autoFilter", f"{{{MAIN}}}worksheet"
_VALIDATION = f"{{{MAIN}}}dataValidation"
_X14_VALIDATION = "{http://schemas.microsoft.com/office/spreadsheetml/2009/9/main}dataValidation"
_XM_SQREF = "{http://schemas.microsoft.com/office/excel/2006/main}sqref"
_TAGS = (_ROW, _MERGE, _PANE, _VIEW, _FILTER, _VALIDATION, _XM_SQREF)
_SHARED_STRINGS = "/sharedStrings"
_STYLES = "/styles"
_MISSING = object()


def _iterparse(stream: Any, tag: tuple[str, ...]) -> Iterator[etree._Element]:
    for _, element in etree.iterparse(
        stream, events=("end",), tag=tag, resolve_entities=False, no_network=True, huge_tree=True
    ):
        yield element


def _text(element: etree._Element) -> str:
    """Plain text of a string item: its runs joined, phonetic guides (rPh) left out."""
    parts = []
    for child in element:
        if child.tag == _T:
            parts.append(child.text or "")
        elif child.tag == _R:
            parts.append(child.findtext(_T) or "")
    return "".join(parts)


@dataclass
class SheetRead:
    """What one pass over a worksheet part found."""

    rows: tuple[tuple[CellValue, ...], ...] = ()
    used_width: int = 0
    merged: tuple[Span, ...] = ()
    fills: dict[tuple[int, int], str] = field(default_factory=dict)
    frozen_rows: int = 0
    filter: Span | None = None
    validated_columns: frozenset[int] = frozenset()


class ValueReader:
    def __init__(self, package: Package) -> None:
        self.package = package
        rels: dict[str, str] = {}
        for _, kind, target, _ in package.workbook_rels:
            rels.setdefault(kind[kind.rfind("/") :], target)
        self.strings = self._shared_strings(rels.get(_SHARED_STRINGS))
        self.dates, self.deltas, self.fills = self._styles(rels.get(_STYLES))
        date1904 = any(
            element.get("date1904", "0").lower() in ("1", "true")
            for element in package.workbook.iterfind(f"{{{MAIN}}}workbookPr")
        )
        self.epoch = MAC_EPOCH if date1904 else WINDOWS_EPOCH
        self._dated: dict[tuple[str, int], object] = {}
        # A register repeats its words (positions, kinds, "сертификат"); inline strings are
        # read as one object per distinct text, as a shared-strings table would give.
        self._inline: dict[str, str] = {}

    def _shared_strings(self, part: str | None) -> list[str]:
        if part is None or not self.package.has(part):
            return []
        strings = []
        with self.package.open_part(part) as stream:
            for item in _iterparse(stream, (_SI,)):
                strings.append(_text(item))
                item.clear(keep_tail=False)
        return strings

    def _styles(self, part: str | None) -> tuple[set[int], set[int], dict[str, str]]:
        if part is None or not self.package.has(part):
            return set(), set(), {}
        root = parse_xml(self.package.read(part))
        fills = fill_colours(root)
        sheet = Stylesheet.from_tree(root)
        return set(sheet.date_formats), set(sheet.timedelta_formats), fills

    def sheet(self, part: str) -> tuple[tuple[tuple[CellValue, ...], ...], int, tuple[Span, ...]]:
        found = self.read_sheet(part)
        return found.rows, found.used_width, found.merged

    def read_sheet(self, part: str) -> SheetRead:
        with collector_paused():  # the rows hold no cycles; see sheets_sync.collector
            return self._read_sheet(part)

    def _read_sheet(self, part: str) -> SheetRead:
        rows: list[tuple[CellValue, ...]] = []
        used = 0
        merged: list[Span] = []
        found = SheetRead()
        fills, colours = found.fills, self.fills
        validated: set[int] = set()
        views = 0
        with self.package.open_part(part) as stream:
            for element in _iterparse(stream, _TAGS):
                tag = element.tag
                if tag != _ROW:
                    if tag == _MERGE:
                        span = _span(element.get("ref", ""))
                        if span is not None:
                            merged.append(span)
                    elif tag == _VIEW:
                        views += 1
                    elif tag == _PANE:
                        if element.getparent().tag == _VIEW and views == 0:
                            found.frozen_rows = _frozen_rows(element)
                    elif tag == _FILTER:
                        if element.getparent().tag == _WORKSHEET:
                            found.filter = _span(element.get("ref", ""))
                    elif tag == _VALIDATION:
                        if element.get("type", "none") != "none":
                            _add_columns(validated, element.get("sqref", ""))
                    else:
                        rule = element.getparent()
                        if rule.tag == _X14_VALIDATION and rule.get("type", "none") != "none":
                            _add_columns(validated, element.text or "")
                    continue
                reference = element.get("r")
                number = int(reference) if reference else len(rows) + 1
                values: dict[int, CellValue] = {}
                column = 0
                for cell in element.iterchildren(_C):
                    at = cell.get("r")
                    column = column_of(at) if at else column + 1
                    value, content = self._value(cell)
                    if content and column > used:
                        used = column
                    if value is not None:
                        values[column] = value
                    if colours:
                        colour = colours.get(cell.get("s"))  # type: ignore[arg-type]
                        if colour is not None:
                            fills[(number, column)] = colour
                while len(rows) < number - 1:
                    rows.append(())
                if len(rows) < number:
                    width = max(values, default=0)
                    rows.append(tuple(map(values.get, range(1, width + 1))))
                element.clear(keep_tail=False)
                parent = element.getparent()
                while parent is not None and element.getprevious() is not None:
                    del parent[0]
        found.rows, found.used_width, found.merged = trimmed_rows(rows), used, tuple(merged)
        found.validated_columns = frozenset(validated)
        return found

    def _date(self, text: str, style: int) -> CellValue:
        # A register repeats its dates; one object per distinct serial saves time and memory.
        key = (text, style)
        value = self._dated.get(key, _MISSING)
        if value is _MISSING:
            try:
                value = from_excel(_cast_number(text), self.epoch, timedelta=style in self.deltas)
            except (OverflowError, ValueError):
                value = "#VALUE!"
            self._dated[key] = value
        return value  # type: ignore[return-value]

    def _value(self, cell: etree._Element) -> tuple[CellValue, bool]:
        kind = cell.get("t", "n")
        formula = value_element = inline = None
        for child in cell:
            if child.tag == _V:
                value_element = child
            elif child.tag == _F:
                formula = child
            elif child.tag == _IS:
                inline = child
        text = value_element.text if value_element is not None else None
        content = formula is not None or inline is not None or bool(text)
        if kind == "inlineStr":
            if inline is None:
                return None, content
            text = _text(inline)
            return self._inline.setdefault(text, text), content
        if not text:
            return None, content
        if kind == "n":
            style = int(cell.get("s", "0") or 0)
            if style in self.dates:
                return self._date(text, style), content
            return _cast_number(text), content
        if kind == "s":
            return self.strings[int(text)], content
        if kind == "b":
            return bool(int(text)), content
        if kind == "d":
            return from_ISO8601(text), content
        return text, content  # "str" (a formula's text result) and "e" (an error such as #N/A)


def _span(reference: str) -> Span | None:
    first, _, last = reference.partition(":")
    try:
        top, left = split_reference(first)
        bottom, right = split_reference(last or first)
    except ValueError:
        return None
    return Span(min(top, bottom), min(left, right), max(top, bottom), max(left, right))


def _frozen_rows(pane: etree._Element) -> int:
    if pane.get("state") not in ("frozen", "frozenSplit"):
        return 0  # a plain split scrolls; nothing is frozen
    try:
        return max(0, int(float(pane.get("ySplit", "0") or 0)))
    except ValueError:
        return 0


def _add_columns(columns: set[int], sqref: str) -> None:
    """Columns of ``sqref``'s ranges that reach below the header row."""
    for part in sqref.split():
        span = _span(part)
        if span is not None and span.last_row >= 2:
            columns.update(range(span.first_column, span.last_column + 1))
