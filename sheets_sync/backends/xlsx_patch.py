"""Writing a change set into an .xlsx package by editing only what the toolkit owns.

::

    patched = patch_package(Package.open(data), changes)   # bytes of the new package

What is edited, with lxml, and nothing else:

- worksheet parts holding status cells: only the ``<row>`` elements that get a cell (a new
  ``<c>`` in column order, a ``<row>`` created in row order), ``<dimension>`` and ``<cols>``;
  every other row is copied as the bytes it was;
- new worksheet parts for tabs the toolkit adds, with their ``<sheet>`` in workbook.xml, a
  relationship and a content-type override;
- ``<definedNames>`` (the toolkit's marks) and ``<calcPr>`` in workbook.xml;
- styles.xml, only when a date, a style or a fill is written (formats added, xlsx_styles);
- the sheet's furniture (frozen rows, autofilter, validation, print setup: xlsx_furniture);
- a table part whose header row gets a status header (its column name must equal the cell);
- for notes, links and charts (xlsx_comments, xlsx_links, xlsx_chart, through xlsx_parts):
  the sheet's ``<hyperlinks>``, ``<legacyDrawing>`` and ``<drawing>``, its comments, VML and
  drawing parts, the toolkit's own chart parts, their relationships and content types; and
  the toolkit's record of its notes and tints as defined names (xlsx_owned).

Every other part of the zip is copied with the same bytes, in the same order, so charts,
images, protection, views, comments, formulas and their cached results are kept as they were.

Text goes in as inline strings (``t="inlineStr"``): the shared-string table stays untouched,
so no index of any other cell can shift; Excel folds them into its table on its next save.
"""

from __future__ import annotations

import bisect
import copy
import functools
import math
import posixpath
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import IO

from lxml import etree

from ..changes import (
    AddChart,
    AddTab,
    Change,
    Link,
    MarkColumn,
    MarkLayout,
    MarkTab,
    RecordOwned,
    RenameTab,
    SetCell,
    SetColumnWidth,
    SetFill,
    SetNote,
    SetStyle,
    column_letter,
)
from ..snapshot import CellValue, Owned
from .xlsx_chart import ChartsEdit, chart_name, values_reference
from .xlsx_comments import NotesEdit
from .xlsx_furniture import FURNITURE, DefinedNames, furnish, parse_sqref
from .xlsx_links import LinksEdit
from .xlsx_marks import (
    LAYOUT_PREFIX,
    TAB_PREFIX,
    column_mark_name,
    column_reference,
    layout_mark_name,
    tab_mark_name,
    tab_reference,
)
from .xlsx_owned import is_owned_name, owned_names
from .xlsx_package import MAIN, OFFICE_RELS, PACKAGE_RELS, WORKSHEET_TYPE, Package, parse_xml
from .xlsx_package import rels_part as rels_of
from .xlsx_parts import WORKBOOK_BEFORE_NAMES, PartEditor, text_run
from .xlsx_read import ValueReader
from .xlsx_refs import column_of, split_reference
from .xlsx_styles import DATE_FORMAT, STYLES_CONTENT, STYLES_TYPE, Styles

__all__ = ["DATE_FORMAT", "CellCovered", "patch_package"]

_M = f"{{{MAIN}}}"
_WORKSHEET_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_TABLE_TYPE = f"{OFFICE_RELS}/table"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_EPOCH = date(1899, 12, 30)
_EPOCH_1904 = date(1904, 1, 1)
_DATETIME_FORMAT_ID = 22  # built-in "m/d/yyyy h:mm"
_TIME_FORMAT_ID = 21  # built-in "h:mm:ss"
_NEW_SHEET = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<worksheet xmlns="{MAIN}" xmlns:r="{OFFICE_RELS}"><dimension ref="A1"/>'
    '<sheetViews><sheetView workbookViewId="0"/></sheetViews>'
    '<sheetFormatPr defaultRowHeight="15"/><sheetData/>'
    '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
    "</worksheet>"
).encode()
# Children of <worksheet> that may come before <cols>, and of <workbook> before <definedNames>.
_BEFORE_COLS = ("sheetPr", "dimension", "sheetViews", "sheetFormatPr")
_BEFORE_CALC = (*WORKBOOK_BEFORE_NAMES, "definedNames")


class _Spool:
    """Bytes kept in an unnamed temporary file until the zip entry is written: a patched
    sheet's rows would otherwise be held in memory, beside the source's, until the very end;
    written as they are, they are deflated once, into the zip."""

    _PIECE = 1 << 20

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 - it lives as long as the spool

    def write(self, data: bytes | memoryview) -> None:
        if data:
            self._file.write(data)

    def close(self) -> None:
        self._file.flush()

    def __iter__(self) -> Iterator[bytes]:
        self._file.seek(0)
        while chunk := self._file.read(self._PIECE):
            yield chunk


_Chunks = bytes | list[bytes | memoryview | _Spool]


class CellCovered(ValueError):
    """A cell to write lies under a merged range (not its top left) or holds a shared formula."""


@dataclass
class _SheetEdit:
    title: str
    part: str
    # The values and formats each row gets, in the order they came (the last one wins): one
    # list of the changes themselves per row, the least a register's many cells can take.
    rows: dict[int, list[SetCell | SetStyle | SetFill]] = field(default_factory=dict)
    widths: dict[int, float] = field(default_factory=dict)
    furniture: list[Change] = field(default_factory=list)
    changed: bool = False  # a row of the sheet came out different
    column_widths: dict[int, float] = field(default_factory=dict)  # as the save leaves them
    has_cells: bool = False  # a value is written

    def cells(self) -> Iterator[tuple[int, int, CellValue]]:
        """(row, column, value) of every value written, in the order they came."""
        for row, changes in self.rows.items():
            for change in changes:
                if type(change) is SetCell:
                    yield row, change.ref.column, _plain(change.value)

    def writes(self, row: int, column: int) -> bool:
        """Whether a value is written into the cell."""
        return any(
            type(change) is SetCell and change.ref.column == column
            for change in self.rows.get(row, ())
        )


def _plain(value: CellValue | Link) -> CellValue:
    return value.text if isinstance(value, Link) else value


_KEEP = object()  # a cell whose format changes but not its value


_MAIN_TYPES = {
    (False, False): "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    (False, True): "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    (True, False): "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    (True, True): "application/vnd.ms-excel.template.macroEnabled.main+xml",
}
_VBA_TYPE = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
_VBA_PART = re.compile(r"xl/vbaProject[^/]*\.bin", re.IGNORECASE)


def patch_package(
    package: Package,
    changes: Iterable[Change],
    *,
    suffix: str | None = None,
) -> tuple[Callable[[IO[bytes]], None] | None, tuple[str, ...]]:
    """What writes the new package into a file (None: it would be the same package), and
    what it cannot keep (``("macros",)``).

    Every edit is made (and any change that cannot be applied refused) before this returns;
    the writer only streams the zip. A patched worksheet's rows wait deflated in memory, so
    the source's rows and the new ones are never both held in full.

    ``suffix`` is the written file's extension when it differs from the source's: the main
    part's content type follows it, or Excel refuses the file, and a workbook written under a
    name without macros (.xlsx, .xltx) cannot carry its VBA project.
    """
    writer = _Patcher(package)
    for change in changes:
        writer.add(change)
    lost = writer.retype(suffix) if suffix is not None else ()
    writer.build()
    return (None if writer.unchanged else writer.write), lost


class _Patcher:
    def __init__(self, package: Package) -> None:
        self.package = package
        self.workbook = copy.deepcopy(package.workbook)
        self.parts: dict[str, _Chunks] = {}  # new bytes of changed or added parts
        self.added: list[str] = []
        self.sheets: dict[str, _SheetEdit] = {}
        self.titles = [sheet.title for sheet in package.sheets]
        self._spelled: dict[str, _SheetEdit] = {}
        for sheet in package.sheets:
            if sheet.is_worksheet:
                self.sheets[sheet.title.casefold()] = _SheetEdit(sheet.title, sheet.part)
        self.content_types = parse_xml(package.read("[Content_Types].xml"))
        self.workbook_rels = parse_xml(package.read(rels_of(package.workbook_part)))
        self.styles: Styles | None = None
        self.names = DefinedNames(self.workbook)
        self.date1904 = any(
            element.get("date1904", "0").lower() in ("1", "true")
            for element in self.workbook.iterfind(f"{_M}workbookPr")
        )
        self.names_changed = False
        self.force_types = False
        self.dropped: set[str] = set()
        # Notes, links and charts: parts of their own, and edits of the sheet's XML by part.
        self.extra_parts = PartEditor(package, self.content_types)
        self.notes: dict[str, NotesEdit] = {}
        self.links: dict[str, LinksEdit] = {}
        self.charts: dict[str, ChartsEdit] = {}

    # -- collecting ---------------------------------------------------------------------------

    def add(self, change: Change) -> None:
        kind = type(change)
        if kind is SetCell:
            self._add_cell(change)  # type: ignore[arg-type]
        elif kind is SetFill:
            self._sheet(change.ref.tab).rows.setdefault(change.ref.row, []).append(change)  # type: ignore[union-attr]
        elif kind is SetStyle:
            sheet, span = self._sheet(change.tab), change.span  # type: ignore[union-attr]
            for row in range(span.first_row, span.last_row + 1):
                sheet.rows.setdefault(row, []).append(change)  # type: ignore[arg-type]
        else:
            self._add_other(change)

    def _add_cell(self, change: SetCell) -> None:
        ref, value = change.ref, change.value
        sheet = self._sheet(ref.tab)
        links = self.links.get(sheet.part)
        if links is None:
            links = self.links[sheet.part] = LinksEdit(sheet.writes)
        if isinstance(value, Link):
            links.links[(ref.row, ref.column)] = value
        elif links.links:
            links.links.pop((ref.row, ref.column), None)  # a later plain value takes it off
        row = sheet.rows.get(ref.row)
        if row is None:
            row = sheet.rows[ref.row] = []
        row.append(change)
        sheet.has_cells = True

    def _add_other(self, change: Change) -> None:
        if isinstance(change, AddTab):
            self._add_sheet(change.title)
        elif isinstance(change, SetNote):
            part = self._sheet(change.ref.tab).part
            notes = self.notes.setdefault(part, NotesEdit(self.extra_parts, part))
            notes.notes[(change.ref.row, change.ref.column)] = change.text
        elif isinstance(change, RecordOwned):
            self._record_owned(self._sheet(change.tab).title, change.cells)
        elif isinstance(change, AddChart):
            sheet = self._sheet(change.tab)
            charts = self.charts.setdefault(sheet.part, ChartsEdit(self.extra_parts, sheet.part))
            charts.charts[change.key] = change
            name = chart_name(change.key)
            charts.named[change.key] = self._name_text(sheet.title, name)
            if charts.named[change.key] != values_reference(change):
                self._set_name(sheet.title, name, values_reference(change))
        elif isinstance(change, SetColumnWidth):
            self._sheet(change.tab).widths[change.column] = change.width
        elif isinstance(change, MarkColumn):
            title = self._sheet(change.tab).title
            self._set_name(
                title, column_mark_name(change.key), column_reference(title, change.column)
            )
        elif isinstance(change, MarkTab):
            title = self._sheet(change.tab).title
            self._set_name(title, tab_mark_name(change.key), tab_reference(title), tab=True)
        elif isinstance(change, RenameTab):
            self._rename_sheet(change.title, change.new_title)
        elif isinstance(change, FURNITURE):
            self._sheet(change.tab).furniture.append(change)
        elif isinstance(change, MarkLayout):
            title = self._sheet(change.tab).title
            scope = self.titles.index(title)
            name = layout_mark_name(change.digest)
            self.names.set(scope, name, tab_reference(title), prefix=LAYOUT_PREFIX)
        else:
            raise TypeError(f"the xlsx backend cannot apply {type(change).__name__} changes")

    def _sheet(self, title: str) -> _SheetEdit:
        found = self._spelled.get(title)  # casefolding each change's tab name costs
        if found is None:
            found = self._spelled[title] = self.sheets[title.casefold()]
        return found

    def _add_sheet(self, title: str) -> None:
        number = 1
        while self.package.has(f"xl/worksheets/sheet{number}.xml") or (
            f"xl/worksheets/sheet{number}.xml" in self.parts
        ):
            number += 1
        part = f"xl/worksheets/sheet{number}.xml"
        self.parts[part] = _NEW_SHEET
        self.added.append(part)
        rel_id = self._relate_part(part, WORKSHEET_TYPE, _WORKSHEET_CONTENT)
        sheets = self.workbook.find(f"{_M}sheets")
        ids = [int(element.get("sheetId", "0")) for element in sheets]
        element = etree.SubElement(sheets, f"{_M}sheet")
        element.set("name", title)
        element.set("sheetId", str(max(ids, default=0) + 1))
        element.set(f"{{{OFFICE_RELS}}}id", rel_id)
        self.titles.append(title)
        self.sheets[title.casefold()] = _SheetEdit(title, part)
        self._spelled.clear()

    def _rename_sheet(self, title: str, new_title: str) -> None:
        """A tab the toolkit owns gets a new name; defined names follow, cell formulas do not."""
        edit = self.sheets.pop(title.casefold())
        old = edit.title
        edit.title = new_title
        self.sheets[new_title.casefold()] = edit
        self._spelled.clear()
        self.titles = [new_title if t == old else t for t in self.titles]
        for element in self.workbook.iterfind(f"{_M}sheets/{_M}sheet"):
            if element.get("name") == old:
                element.set("name", new_title)
        quoted_old = re.escape("'" + old.replace("'", "''") + "'!")
        bare_old = re.escape(old + "!")
        pattern = re.compile(rf"(?<![\w.']){quoted_old}|(?<![\w.']){bare_old}")
        replacement = "'" + new_title.replace("'", "''") + "'!"
        for element in self.workbook.iterfind(f"{_M}definedNames/{_M}definedName"):
            if element.text:
                element.text = pattern.sub(lambda _: replacement, element.text)
        self.names_changed = True

    def _set_name(self, title: str, name: str, text: str, *, tab: bool = False) -> None:
        scope = str(next(i for i, t in enumerate(self.titles) if t == title))
        names = self.workbook.find(f"{_M}definedNames")
        if names is None:
            names = etree.Element(f"{_M}definedNames")
            _insert_after(self.workbook, names, WORKBOOK_BEFORE_NAMES)
        for existing in list(names):
            same_scope = existing.get("localSheetId") == scope
            folded = (existing.get("name") or "").casefold()
            if same_scope and (folded == name or (tab and folded.startswith(TAB_PREFIX))):
                names.remove(existing)
        element = etree.SubElement(names, f"{_M}definedName")
        element.set("name", name)
        element.set("localSheetId", scope)
        element.set("hidden", "1")
        element.text = text
        self.names_changed = True

    def _name_text(self, title: str, name: str) -> str | None:
        """What the toolkit's defined name ``name`` on the tab refers to now, if it has one."""
        scope = str(self.titles.index(title))
        for element in self.workbook.iterfind(f"{_M}definedNames/{_M}definedName"):
            folded = (element.get("name") or "").casefold()
            if element.get("localSheetId") == scope and folded == name.casefold():
                return element.text or ""
        return None

    def _record_owned(self, title: str, cells: Mapping[tuple[int, int], Owned]) -> None:
        scope = str(self.titles.index(title))
        wanted = owned_names(title, cells)
        names = self.workbook.find(f"{_M}definedNames")
        existing = [
            element
            for element in (names if names is not None else ())
            if element.get("localSheetId") == scope and is_owned_name(element.get("name") or "")
        ]
        if sorted((e.get("name"), e.text) for e in existing) == sorted(wanted):
            return  # the record is already exactly this: the workbook keeps its bytes
        for element in existing:
            element.getparent().remove(element)
        for name, text in wanted:
            self._set_name(title, name, text)
        self.names_changed = True

    def retype(self, suffix: str) -> tuple[str, ...]:
        macros = suffix.lower() in (".xlsm", ".xltm")
        wanted = _MAIN_TYPES[(macros, suffix.lower() in (".xltx", ".xltm"))]
        main = "/" + self.package.workbook_part
        changed = False
        for override in self.content_types.iterfind(f"{{{_CT}}}Override"):
            if override.get("PartName", "").casefold() == main.casefold():
                changed = override.get("ContentType") != wanted
                override.set("ContentType", wanted)
        lost: tuple[str, ...] = ()
        if not macros:
            for rel in list(self.workbook_rels):
                if rel.get("Type") == _VBA_TYPE:
                    self.workbook_rels.remove(rel)
                    lost = ("macros",)
            self.dropped = {name for name in self.package.names if _VBA_PART.fullmatch(name)}
            lost = ("macros",) if self.dropped else lost
        if changed or lost:
            self.force_types = True
        return lost

    # -- building -----------------------------------------------------------------------------

    def extras(self, sheet: _SheetEdit) -> list[Callable[[etree._Element], bool]]:
        """Edits of the sheet's XML outside its rows (links, notes, charts); each says
        whether it changed the sheet's XML."""
        found: list[Callable[[etree._Element], bool]] = []
        for edits in (self.links, self.notes, self.charts):
            if sheet.part in edits:
                found.append(edits[sheet.part])  # type: ignore[arg-type]
        return found

    def build(self) -> None:
        cells_written = False
        for sheet in self.sheets.values():
            if sheet.part in self.charts:
                self.charts[sheet.part].values = self._values_after(sheet)
        for sheet in self.sheets.values():
            extras = self.extras(sheet)
            if not (sheet.rows or sheet.widths or sheet.furniture or extras):
                continue
            patched = _patch_sheet(self, sheet, self._sheet_bytes(sheet))
            if patched is not None:
                self.parts[sheet.part] = patched
            cells_written = cells_written or sheet.has_cells
            self._rename_table_columns(sheet)
        if cells_written:
            # Formulas of the school's over status cells (counts, lookups) hold results cached
            # before this write; recalculating on open shows fresh ones instead of stale ones.
            # Cached values in the file stay as they were until a person saves.
            calc = self.workbook.find(f"{_M}calcPr")
            if calc is None:
                calc = etree.Element(f"{_M}calcPr")
                _insert_after(self.workbook, calc, _BEFORE_CALC)
            calc.set("fullCalcOnLoad", "1")
        if cells_written or self.names_changed or self.names.changed or self.added:
            self.parts[self.package.workbook_part] = _xml(self.workbook)
        extra = self.extra_parts
        extra.finish()
        if self.styles is not None and self.styles.created:
            self._add_styles_part(self.styles.part)
        if self.added or self.force_types:
            self.parts[rels_of(self.package.workbook_part)] = _xml(self.workbook_rels)
        if self.added or self.force_types or extra.types_changed:
            self.parts["[Content_Types].xml"] = _xml(self.content_types)
        self.parts.update(extra.written)
        self.added.extend(extra.created)
        self.dropped |= extra.removed
        if self.styles is not None and self.styles.changed:
            self.parts[self.styles.part] = _xml(self.styles.root)

    def _sheet_bytes(self, sheet: _SheetEdit) -> bytes | bytearray:
        added = self.parts.get(sheet.part)
        return added if isinstance(added, bytes) else self.package.read_buffer(sheet.part)

    def _relate_part(self, part: str, kind: str, content_type: str) -> str:
        """A relationship from the workbook to a new ``part`` and its content type; its Id."""
        used = {rel.get("Id") for rel in self.workbook_rels}
        rel_id = next(f"rId{n}" for n in range(1, len(used) + 2) if f"rId{n}" not in used)
        relationship = etree.SubElement(self.workbook_rels, f"{{{PACKAGE_RELS}}}Relationship")
        relationship.set("Id", rel_id)
        relationship.set("Type", kind)
        relationship.set("Target", _relative(self.package.workbook_part, part))
        override = etree.SubElement(self.content_types, f"{{{_CT}}}Override")
        override.set("PartName", "/" + part)
        override.set("ContentType", content_type)
        return rel_id

    def _add_styles_part(self, part: str) -> None:
        """A workbook without styles gets the part the new formats live in."""
        self.added.append(part)
        self._relate_part(part, STYLES_TYPE, STYLES_CONTENT)
        self.parts[rels_of(self.package.workbook_part)] = _xml(self.workbook_rels)
        self.parts["[Content_Types].xml"] = _xml(self.content_types)

    @property
    def unchanged(self) -> bool:
        """Whether the package would come out as it was (furniture it already had)."""
        return not (self.parts or self.added or self.dropped or self.force_types)

    def write(self, output: IO[bytes]) -> None:
        changed = {self.package.stored_name(name): data for name, data in self.parts.items()}
        with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
            for info in self.package.zip.infolist():
                if info.filename in self.dropped:
                    continue
                data = changed.pop(info.filename, None)
                entry = zipfile.ZipInfo(info.filename, date_time=info.date_time)
                entry.compress_type = info.compress_type
                entry.external_attr = info.external_attr
                entry.create_system = info.create_system
                if data is None:
                    with self.package.zip.open(info) as source, target.open(entry, "w") as sink:
                        shutil.copyfileobj(source, sink, 1 << 20)
                else:
                    _write_chunks(target, entry, data)
            for name in self.added:
                entry = zipfile.ZipInfo(name)
                entry.compress_type = zipfile.ZIP_DEFLATED
                _write_chunks(target, entry, changed.pop(name))

    def _values_after(self, sheet: _SheetEdit) -> dict[tuple[int, int], CellValue]:
        """The tab's values as this save leaves them (for a chart's caches)."""
        values: dict[tuple[int, int], CellValue] = {}
        if self.package.has(sheet.part):
            rows, _, _ = ValueReader(self.package).sheet(sheet.part)
            for row, cells in enumerate(rows, start=1):
                for column, value in enumerate(cells, start=1):
                    values[(row, column)] = value
        for row, column, value in sheet.cells():
            values[(row, column)] = value
        return values

    def date_style(self, base: int, format_id: int | None) -> int:
        return self.cell_styles().with_format(base, format_id)

    def cell_styles(self) -> Styles:
        if self.styles is None:
            self.styles = Styles(self.package)
        return self.styles

    def serial(self, value: date | datetime) -> float | int:
        epoch = _EPOCH_1904 if self.date1904 else _EPOCH
        if isinstance(value, datetime):
            delta = value - datetime.combine(epoch, time())
            return delta.days + (delta.seconds + delta.microseconds / 1e6) / 86400
        return (value - epoch).days

    def table_ranges(self, sheet: _SheetEdit) -> list[tuple[int, int, int, int]]:
        found = []
        for _, kind, target, _ in self.package.relationships(sheet.part):
            if kind == _TABLE_TYPE and self.package.has(target):
                found += parse_sqref(parse_xml(self.package.read(target)).get("ref") or "")
        return found

    def _rename_table_columns(self, sheet: _SheetEdit) -> None:
        for _, kind, target, _ in self.package.relationships(sheet.part):
            if kind != _TABLE_TYPE or not self.package.has(target):
                continue
            edited = self.parts.get(target)
            root = parse_xml(edited if isinstance(edited, bytes) else self.package.read(target))
            first, _, last = (root.get("ref") or "").partition(":")
            top, left = split_reference(first)
            _, right = split_reference(last or first)
            if root.get("headerRowCount", "1") == "0":
                continue
            columns = root.find(f"{_M}tableColumns")
            changed = False
            written = {column: value for row, column, value in sheet.cells() if row == top}
            for column, value in written.items():
                if not left <= column <= right or columns is None:
                    continue
                if not isinstance(value, str) or not value.strip():
                    raise ValueError(f"a header of table {root.get('displayName')} must be text")
                others = [
                    (item.get("name") or "").casefold()
                    for index, item in enumerate(columns)
                    if index != column - left
                ]
                if value.casefold() in others:
                    raise ValueError(f"table {root.get('displayName')} has a column {value!r}")
                columns[column - left].set("name", value)
                changed = True
            if changed:
                self.parts[target] = _xml(root)


_CT = "http://schemas.openxmlformats.org/package/2006/content-types"


def _xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _relative(source_part: str, target: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(source_part))


def _insert_after(parent: etree._Element, element: etree._Element, before: tuple[str, ...]) -> None:
    """Insert ``element`` after the last child whose local name is in ``before``."""
    position = 0
    for index, child in enumerate(parent):
        if isinstance(child.tag, str) and etree.QName(child).localname in before:
            position = index + 1
    parent.insert(position, element)


# -- worksheet --------------------------------------------------------------------------------

_SHEET_DATA = re.compile(rb"<(?:(\w+):)?sheetData\b[^>]*?(/?)>")


def _write_chunks(target: zipfile.ZipFile, entry: zipfile.ZipInfo, data: _Chunks) -> None:
    if entry.compress_type == zipfile.ZIP_STORED and not isinstance(data, bytes):
        data = b"".join(_pieces(data))  # a stored entry needs its size up front
    if isinstance(data, bytes):
        target.writestr(entry, data)
        return
    with target.open(entry, "w", force_zip64=True) as sink:
        for chunk in _pieces(data):
            sink.write(chunk)


def _pieces(data: list[bytes | memoryview | _Spool]) -> Iterator[bytes | memoryview]:
    for piece in data:
        if isinstance(piece, _Spool):
            yield from piece
        else:
            yield piece


def _patch_sheet(
    patcher: _Patcher, sheet: _SheetEdit, data: bytes | bytearray
) -> list[bytes | memoryview | _Spool] | None:
    """The sheet's new bytes, or None when the edits leave it as it was."""
    match = _SHEET_DATA.search(data)
    if match is None:
        raise ValueError(f"worksheet {sheet.title!r} has no sheetData")
    prefix = match.group(1) or b""
    close_tag = b"</" + (prefix + b":" if prefix else b"") + b"sheetData>"
    if match.group(2):  # <sheetData/>
        body = (match.end(), match.end())
        head, tail = data[: match.start()], data[match.end() :]
        open_tag = match.group(0)[:-2].rstrip() + b">"
    else:
        end = data.find(close_tag, match.end())
        body = (match.end(), end)
        head, tail = data[: match.start()], data[end:]
        open_tag = match.group(0)
        tail = tail[tail.index(b">") + 1 :]
    # The rest of the sheet, small, is edited as a document with an empty sheetData.
    skeleton = parse_xml(bytes(head + open_tag + close_tag + tail))
    del head, tail
    before = etree.tostring(skeleton, method="c14n")
    sheet.column_widths = {**_column_widths(skeleton), **sheet.widths}
    new_body, extent = _patch_rows(patcher, sheet, data, body, skeleton, prefix)
    del data, match  # the rows are in the spool: the source's bytes need not wait for notes
    if sheet.widths:
        _set_widths(skeleton, sheet.widths)
    if extent is not None and (sheet.has_cells or sheet.changed):
        _grow_dimension(skeleton, extent)
    touched = [edit(skeleton) for edit in patcher.extras(sheet)]
    scope = patcher.titles.index(sheet.title)
    tables = patcher.table_ranges(sheet) if sheet.furniture else []
    for change in sheet.furniture:
        furnish(skeleton, change, patcher.names, sheet.title, scope, tables)
    unchanged = not (sheet.has_cells or sheet.changed or sheet.widths or any(touched))
    if unchanged and etree.tostring(skeleton, method="c14n") == before:
        return None  # the parts beside the sheet may have changed, the sheet did not
    text = etree.tostring(skeleton, xml_declaration=True, encoding="UTF-8", standalone=True)
    match = _SHEET_DATA.search(text)
    assert match is not None
    if match.group(2):
        rebuilt_open = match.group(0)[:-2].rstrip() + b">"
        rest = text[match.end() :]
    else:
        rebuilt_open = match.group(0)
        rest = text[text.index(close_tag, match.end()) + len(close_tag) :]
    return [text[: match.start()], rebuilt_open, new_body, close_tag, rest]


_ROW = re.compile(rb"<(?:\w+:)?row\b[^>]*?(?:/>|>.*?</(?:\w+:)?row>)", re.DOTALL)
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
_Formats = dict[int, list[SetStyle | SetFill]]


def _patch_rows(
    patcher: _Patcher,
    sheet: _SheetEdit,
    data: bytes | bytearray,
    body: tuple[int, int],
    skeleton: etree._Element,
    prefix: bytes,
) -> tuple[memoryview | _Spool, tuple[int, int, int, int] | None]:
    start, end = body
    view = memoryview(data)  # unchanged runs are written from the bytes read, not copied
    if not sheet.rows:
        return view[start:end], None
    _refuse_merged(sheet, _merged(skeleton))
    pending = sorted(sheet.rows)
    next_index = 0
    namespaces = _namespace_declarations(skeleton)
    pieces = _Spool()
    position = start
    number = 0
    for row_start, row_end in _rows(data, start, end, prefix):
        if next_index == len(pending):
            break
        found = _ROW_NUMBER.search(data, row_start, data.find(b">", row_start) + 1)
        number = int(found.group(1)) if found else number + 1
        while next_index < len(pending) and pending[next_index] < number:
            pieces.write(view[position:row_start])
            position = row_start
            row = pending[next_index]
            next_index += 1
            pieces.write(_new_row(patcher, sheet, row, *_row_edits(sheet, row), namespaces, prefix))
        if next_index < len(pending) and pending[next_index] == number:
            next_index += 1
            pieces.write(view[position:row_start])
            values, formats = _row_edits(sheet, number)
            row_xml = bytes(view[row_start:row_end])
            pieces.write(_edit_row(patcher, sheet, row_xml, number, values, formats, namespaces))
            position = row_end
    pieces.write(view[position:end])
    for row in pending[next_index:]:
        pieces.write(_new_row(patcher, sheet, row, *_row_edits(sheet, row), namespaces, prefix))
    pieces.close()
    first, last = _column_extent(sheet)
    return pieces, (pending[0], first, pending[-1], last)


def _rows(
    data: bytes | bytearray, start: int, end: int, prefix: bytes
) -> Iterator[tuple[int, int]]:
    """Where each ``<row>`` of the sheet's rows begins and ends, as ``_ROW`` finds them; without
    a prefix by plain searches, several times quicker over a register's tens of megabytes."""
    if prefix:
        for match in _ROW.finditer(data, start, end):
            yield match.start(), match.end()
        return
    position = start
    while (found := data.find(b"<row", position, end)) >= 0:
        if _WORD.match(data, found + 4, end):
            position = found + 4  # <rowBreaks> or the like: not a row
            continue
        tag_end = data.find(b">", found, end)
        if tag_end < 0:
            return
        if data[tag_end - 1] == 0x2F:  # "/>": a row without cells
            position = tag_end + 1
        else:
            close = data.find(b"</row>", tag_end, end)
            if close < 0:
                return
            position = close + len(b"</row>")
        yield found, position


_WORD = re.compile(rb"\w")


def _column_extent(sheet: _SheetEdit) -> tuple[int, int]:
    """The first and last column a value or a format of the sheet goes to."""
    firsts: list[int] = []
    lasts: list[int] = []
    for changes in sheet.rows.values():
        for change in changes:
            if isinstance(change, SetStyle):
                firsts.append(change.span.first_column)
                lasts.append(change.span.last_column)
            else:
                firsts.append(change.ref.column)
                lasts.append(change.ref.column)
    return min(firsts), max(lasts)


def _refuse_merged(sheet: _SheetEdit, merged: list[tuple[int, int, int, int]]) -> None:
    if not merged:
        return
    for row, column, _ in sheet.cells():
        for top, left, bottom, right in merged:
            covered = top <= row <= bottom and left <= column <= right
            if covered and (row, column) != (top, left):
                raise CellCovered(f"{sheet.title}!{column_letter(column)}{row} is merged")


def _row_edits(sheet: _SheetEdit, number: int) -> tuple[dict[int, object], _Formats]:
    """What row ``number`` gets: value by column (``_KEEP``: formats only), formats by column."""
    formats: _Formats = {}
    cells: dict[int, object] = {}
    for change in sheet.rows.get(number, ()):
        kind = type(change)
        if kind is SetCell:
            cells[change.ref.column] = _plain(change.value)  # type: ignore[union-attr]
        elif kind is SetFill:
            formats.setdefault(change.ref.column, []).append(change)  # type: ignore[union-attr, arg-type]
        else:
            span = change.span  # type: ignore[union-attr]
            for column in range(span.first_column, span.last_column + 1):
                formats.setdefault(column, []).append(change)  # type: ignore[arg-type]
    values: dict[int, object] = dict.fromkeys(formats, _KEEP)
    values.update(cells)
    return values, formats


def _namespace_declarations(root: etree._Element) -> bytes:
    return b" ".join(
        (b'xmlns="%s"' % uri.encode())
        if key is None
        else b'xmlns:%s="%s"' % (key.encode(), uri.encode())
        for key, uri in root.nsmap.items()
    )


def _unwrap(wrapper: etree._Element) -> bytes:
    text = etree.tostring(wrapper, encoding="UTF-8")
    return text[text.index(b">") + 1 : text.rindex(b"</")]


def _edit_row(
    patcher: _Patcher,
    sheet: _SheetEdit,
    row_xml: bytes,
    number: int,
    values: dict[int, object],
    formats: _Formats,
    namespaces: bytes,
) -> bytes:
    edited = _cells_in_row(patcher, sheet, row_xml, number, values, formats, namespaces)
    if edited is row_xml:
        return row_xml
    return _fit_height(patcher, sheet, edited, number, values, formats)


# Points a line of the default 11-point font takes; the default character width Excel counts
# column widths in, when <cols> says nothing.
_LINE_HEIGHT = 15.0
_DEFAULT_WIDTH = 8.43
_HEIGHT = re.compile(rb'\sht="([\d.]+)"')
_CUSTOM_HEIGHT = re.compile(rb'\scustomHeight="(?:1|true)"')
_CELL_STYLE = rb'<c\s[^>]*?(?<=\s)r="%s%d"[^>]*?\ss="(\d+)"'


def _column_widths(skeleton: etree._Element) -> dict[int, float]:
    widths: dict[int, float] = {}
    for col in skeleton.iterfind(f"{_M}cols/{_M}col"):
        try:
            first, last, width = int(col.get("min", 0)), int(col.get("max", 0)), col.get("width")
            if width is not None and 0 < first <= last <= 16_384:
                widths.update(dict.fromkeys(range(first, last + 1), float(width)))
        except ValueError:
            continue
    return widths


def _fit_height(
    patcher: _Patcher,
    sheet: _SheetEdit,
    row_xml: bytes,
    number: int,
    values: dict[int, object],
    formats: _Formats,
) -> bytes:
    """A row without a height of its own that gets wrapped text of several lines is given
    the height those lines need, as an automatic height (no ``customHeight``), the way Excel
    stores a row it fitted: LibreOffice and Excel show the stored height on open and would
    otherwise cut a cell of several messages to its first line. A height the row already has
    is only ever raised, so nobody's text is hidden; a height set by a person is kept."""
    lines = 0
    for column, value in values.items():
        if not isinstance(value, str) or not value:
            continue
        width = max(sheet.column_widths.get(column, _DEFAULT_WIDTH) - 1, 1)
        if "\n" not in value and len(value) <= width:
            continue  # one line, wrapped or not: no height to fit
        needed = sum(max(1, math.ceil(len(line) / width)) for line in value.split("\n"))
        if needed > lines and _wraps(patcher, row_xml, number, column, formats):
            lines = needed
    if lines < 2:
        return row_xml
    start = _ROW_START.match(row_xml)
    if start is None or _CUSTOM_HEIGHT.search(start.group(1)):
        return row_xml
    wanted = _LINE_HEIGHT * lines
    found = _HEIGHT.search(start.group(1))
    if found is not None and float(found.group(1)) >= wanted:
        return row_xml
    attributes = _HEIGHT.sub(b"", start.group(1)) + b' ht="%s"' % _number(wanted).encode()
    return row_xml[: start.start(1)] + attributes + row_xml[start.end(1) :]


def _wraps(patcher: _Patcher, row_xml: bytes, number: int, column: int, formats: _Formats) -> bool:
    styled = [change.style for change in formats.get(column, ()) if isinstance(change, SetStyle)]
    if styled:
        return styled[-1].wrap
    letters = _letters(column).encode()
    found = re.search(_CELL_STYLE % (letters, number), row_xml)
    return found is not None and patcher.cell_styles().wraps(int(found.group(1)))


def _cells_in_row(
    patcher: _Patcher,
    sheet: _SheetEdit,
    row_xml: bytes,
    number: int,
    values: dict[int, object],
    formats: _Formats,
    namespaces: bytes,
) -> bytes:
    as_text = _append_cells(patcher, sheet, row_xml, number, values, formats)
    if as_text is not None:
        return as_text
    wrapper = parse_xml(b"<sheetData " + namespaces + b">" + row_xml + b"</sheetData>")
    row = wrapper[0]
    spans = row.get("spans")
    before = etree.tostring(row, method="c14n")
    _put_cells(patcher, sheet, row, number, values, formats)
    if spans is not None:
        row.set("spans", spans)
    if etree.tostring(row, method="c14n") == before:
        return row_xml  # only formats it already had
    row.attrib.pop("spans", None)  # an optimisation hint only; a stale one is worse than none
    sheet.changed = True
    return _unwrap(wrapper)


_ROW_START = re.compile(rb"<row\b([^>]*?)(/?)>")
_CELL_START = re.compile(rb"<c[\s/>]")
_CELL_COLUMN = re.compile(rb'<c\s[^>]*?(?<=\s)r="([A-Z]{1,3})\d+"')
_ROW_FORMAT = re.compile(rb'\scustomFormat="(?:1|true)"')  # new cells take the row's style
_SPANS = re.compile(rb'\sspans="[^"]*"')
# A <c> of a row without a prefix: where it begins and ends, its attributes, its content.
_Cell = tuple[int, int, bytes, bytes | None]
_CELL_REFERENCE = re.compile(rb'\sr="([A-Z]{1,3})\d+"')
_ATTRIBUTES = re.compile(rb'(?:\s+[\w:.-]+="[^"<]*")*\s*')
_ATTRIBUTE = re.compile(rb'\s+([\w:.-]+)="([^"<]*)"')
# What a value written over a cell replaces as text: a cached value or an inline string.
_PLAIN_CONTENT = re.compile(rb"<v>[^<]*</v>|<v/>|<is>(?:(?!</is>).)*</is>", re.DOTALL)


def _append_cells(
    patcher: _Patcher,
    sheet: _SheetEdit,
    row_xml: bytes,
    number: int,
    values: dict[int, object],
    formats: _Formats,
) -> bytes | None:
    """The row with its cells written as text, as ``_put_cells`` would build them; None
    sends the row through lxml (a formula overwritten, a cell without its reference, a row
    that gives new cells a format, anything but cells in the row)."""
    start = _ROW_START.match(row_xml)
    if start is None or _ROW_FORMAT.search(start.group(1)):
        return None
    letters = _CELL_COLUMN.findall(row_xml, start.end())
    if len(letters) != len(_CELL_START.findall(row_xml, start.end())):
        return None  # a cell without its reference
    last = max(map(_column_number, letters)) if letters else 0
    if min(values) <= last:
        return _edit_cells(patcher, sheet, row_xml, start, number, values, formats)
    written = []
    for column in sorted(values):
        cell = _cell_text(patcher, number, column, values[column], formats.get(column, ()))
        if cell is None:
            return None
        written.append(cell)
    if not any(written):
        return row_xml  # only fills on cells that are not there: nothing to write
    sheet.changed = True
    open_tag = b"<row" + _SPANS.sub(b"", start.group(1)) + b">"
    inner = b"" if start.group(2) else row_xml[start.end() : row_xml.rindex(b"</row>")]
    return open_tag + inner + b"".join(written) + b"</row>"


def _edit_cells(
    patcher: _Patcher,
    sheet: _SheetEdit,
    row_xml: bytes,
    start: re.Match[bytes],
    number: int,
    values: dict[int, object],
    formats: _Formats,
) -> bytes | None:
    """A row whose existing cells change, or that gets cells between them, edited as text."""
    inner_end = len(row_xml) if start.group(2) else row_xml.rindex(b"</row>")
    columns: list[int] = []
    found: dict[int, _Cell] = {}
    cells = _cells_of(row_xml, start.end(), inner_end)
    if cells is None:
        return None
    for cell in cells:
        reference = _CELL_REFERENCE.search(cell[2])
        if reference is None:
            return None  # a cell without its r
        column = _column_number(reference.group(1))
        if columns and column <= columns[-1]:
            return None  # cells out of order: lxml places new ones by column
        columns.append(column)
        found[column] = cell
    edits: list[tuple[int, int, bytes]] = []
    changed = False
    for column in sorted(values):
        match = found.get(column)
        changes = formats.get(column, ())
        if match is None:
            cell = _cell_text(patcher, number, column, values[column], changes)
            if cell is None:
                return None
            if cell:
                later = bisect.bisect_right(columns, column)
                at = found[columns[later]][0] if later < len(columns) else inner_end
                edits.append((at, at, cell))
                changed = True
            continue
        edited = _edited_cell(patcher, match, values[column], changes)
        if edited is None:
            return None
        cell, same = edited
        edits.append((match[0], match[1], cell))
        changed = changed or not same
    if not changed:
        return row_xml  # only formats and values it already had
    sheet.changed = True
    pieces = [b"<row" + _SPANS.sub(b"", start.group(1)) + b">"]
    position = start.end()
    for first, end, cell in edits:
        pieces += (row_xml[position:first], cell)
        position = end
    pieces.append(row_xml[position:inner_end])
    pieces.append(b"</row>")
    return b"".join(pieces)


def _cells_of(row_xml: bytes, position: int, end: int) -> list[_Cell] | None:
    """The row's cells, found by plain searches; None when the row holds anything else."""
    cells: list[_Cell] = []
    while (found := row_xml.find(b"<c", position, end)) >= 0:
        if row_xml[position:found].strip():
            return None
        after = row_xml[found + 2 : found + 3]
        if after not in (b">", b"/", b" ", b"\t", b"\r", b"\n"):
            return None  # another element (<cols>?) among the cells
        tag_end = row_xml.find(b">", found, end)
        if tag_end < 0:
            return None
        if row_xml[tag_end - 1 : tag_end] == b"/":
            cells.append((found, tag_end + 1, row_xml[found + 2 : tag_end - 1], None))
            position = tag_end + 1
            continue
        close = row_xml.find(b"</c>", tag_end, end)
        if close < 0:
            return None
        cells.append((found, close + 4, row_xml[found + 2 : tag_end], row_xml[tag_end + 1 : close]))
        position = close + 4
    return None if row_xml[position:end].strip() else cells


def _edited_cell(
    patcher: _Patcher,
    match: _Cell,
    value: object,
    changes: Sequence[SetStyle | SetFill],
) -> tuple[bytes, bool] | None:
    """An existing cell with its new value and formats, as ``_set_value`` and
    ``_set_format`` leave it, and whether it says what it said; None when it needs lxml."""
    attributes_text = match[2]
    if not _ATTRIBUTES.fullmatch(attributes_text):
        return None
    attributes = dict(_ATTRIBUTE.findall(attributes_text))
    style = attributes.get(b"s")
    if style is not None and not style.isdigit():
        return None
    old_content = match[3] or b""
    new = dict(attributes)
    if value is _KEEP:
        content: bytes | None = old_content
    else:
        if old_content and not _PLAIN_CONTENT.fullmatch(old_content):
            return None  # a formula (or more) in the cell: lxml checks and removes it
        for name in (b"t", b"cm", b"vm"):
            new.pop(name, None)
        content = _value_text(patcher, new, value)
        if content is None:
            return None
    styles = None
    for change in changes:
        styles = styles or patcher.cell_styles()
        current = int(new.get(b"s", b"0") or 0)
        if isinstance(change, SetStyle):
            index = styles.for_style(change.style)
        else:
            index = styles.with_fill(current, change.color)
        if index != current:
            new[b"s"] = b"%d" % index
    cell = b"<c" + b"".join(b' %s="%s"' % item for item in new.items())
    cell += (b">" + content + b"</c>") if content else b"/>"
    same_attributes = sorted(new.items()) == sorted(attributes.items())
    if same_attributes and content != old_content and b"&" in old_content:
        return None  # the same text may be spelled otherwise (&#1052;): lxml compares them
    return cell, same_attributes and content == old_content


def _value_text(patcher: _Patcher, attributes: dict[bytes, bytes], value: object) -> bytes | None:
    """The content ``_set_value`` gives a cell, its ``t`` and ``s`` set in ``attributes``."""
    if value is None or value == "":
        return b""
    if isinstance(value, bool):
        attributes[b"t"] = b"b"
        return b"<v>1</v>" if value else b"<v>0</v>"
    if isinstance(value, int | float):
        return b"<v>%s</v>" % (repr(value) if isinstance(value, float) else str(value)).encode()
    if isinstance(value, str):
        attributes[b"t"] = b"inlineStr"
        return f"<is>{text_run(value)}</is>".encode()
    if not isinstance(value, time | datetime | date):
        return None
    base = int(attributes.get(b"s", b"0"))
    if isinstance(value, time):
        seconds = value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
        attributes[b"s"] = b"%d" % patcher.date_style(base, _TIME_FORMAT_ID)
        return b"<v>%s</v>" % repr(seconds / 86400).encode()
    if isinstance(value, datetime):
        attributes[b"s"] = b"%d" % patcher.date_style(base, _DATETIME_FORMAT_ID)
        return b"<v>%s</v>" % repr(float(patcher.serial(value))).encode()
    attributes[b"s"] = b"%d" % patcher.date_style(base, None)
    return b"<v>%s</v>" % str(patcher.serial(value)).encode()


@functools.cache
def _column_number(letters: bytes) -> int:
    return column_of(letters.decode() + "1")


@functools.cache
def _letters(column: int) -> str:
    return column_letter(column)


def _cell_text(
    patcher: _Patcher,
    number: int,
    column: int,
    value: object,
    changes: Sequence[SetStyle | SetFill],
) -> bytes | None:
    """A new cell as ``_put_cells`` builds it, as bytes; None when it needs lxml."""
    style = 0
    explicit = False  # whether the cell gets an s attribute, as _set_value and _set_format do
    kind = content = ""
    if value is _KEEP or value is None or value == "":
        pass
    elif isinstance(value, str):  # the most of them: status texts
        kind, content = "inlineStr", f"<is>{text_run(value)}</is>"
    elif isinstance(value, bool):
        kind, content = "b", "<v>%s</v>" % ("1" if value else "0")
    elif isinstance(value, int | float):
        content = "<v>%s</v>" % (repr(value) if isinstance(value, float) else str(value))
    elif isinstance(value, time | datetime | date):
        if isinstance(value, time):
            seconds = value.hour * 3600 + value.minute * 60 + value.second
            style = patcher.date_style(0, _TIME_FORMAT_ID)
            serial = repr((seconds + value.microsecond / 1e6) / 86400)
        elif isinstance(value, datetime):
            style = patcher.date_style(0, _DATETIME_FORMAT_ID)
            serial = repr(float(patcher.serial(value)))
        else:
            style = patcher.date_style(0, None)
            serial = str(patcher.serial(value))
        content, explicit = f"<v>{serial}</v>", True
    else:
        return None
    if changes:
        styles = patcher.cell_styles()
        for change in changes:
            if type(change) is SetStyle:
                index = styles.for_style(change.style)
            else:
                index = styles.with_fill(style, change.color)  # type: ignore[union-attr]
            if index != style:
                style, explicit = index, True
    if value is _KEEP and style == 0:
        return b""
    attributes = f'<c r="{_letters(column)}{number}"'
    if explicit:
        attributes += f' s="{style}"'
    if kind:
        attributes += f' t="{kind}"'
    return (attributes + (f">{content}</c>" if content else "/>")).encode()


def _new_row(
    patcher: _Patcher,
    sheet: _SheetEdit,
    number: int,
    values: dict[int, object],
    formats: _Formats,
    namespaces: bytes,
    prefix: bytes,
) -> bytes:
    tag = (prefix + b":row") if prefix else b"row"
    row_xml = b'<%s r="%d"/>' % (tag, number)
    edited = _edit_row(patcher, sheet, row_xml, number, values, formats, namespaces)
    return b"" if edited == row_xml else edited  # nothing to put there after all


def _put_cells(
    patcher: _Patcher,
    sheet: _SheetEdit,
    row: etree._Element,
    number: int,
    values: dict[int, object],
    formats: _Formats,
) -> None:
    cell_tag = row.tag[: -len("row")] + "c"
    existing: dict[int, etree._Element] = {}
    column = 0
    for cell in row.iterchildren(cell_tag):
        reference = cell.get("r")
        column = column_of(reference) if reference else column + 1
        if not reference:
            cell.set("r", f"{column_letter(column)}{number}")
        existing[column] = cell
    for column in sorted(values):
        cell = existing.get(column)
        created = cell is None
        if cell is None:
            cell = etree.Element(cell_tag)
            cell.set("r", f"{column_letter(column)}{number}")
            later = [c for c in existing if c > column]
            if later:
                existing[min(later)].addprevious(cell)
            else:
                row.append(cell)
            existing[column] = cell
            style = row.get("s") if row.get("customFormat") in ("1", "true") else None
            if style is not None:
                cell.set("s", style)
        value = values[column]
        if value is not _KEEP:
            _set_value(patcher, sheet, cell, value)  # type: ignore[arg-type]
        for change in formats.get(column, ()):
            _set_format(patcher, cell, change)
        if value is _KEEP and created and int(cell.get("s", "0") or 0) == 0:
            row.remove(cell)  # no fill on a cell that is not there: nothing to write
            del existing[column]


def _set_format(patcher: _Patcher, cell: etree._Element, change: SetStyle | SetFill) -> None:
    styles = patcher.cell_styles()
    if isinstance(change, SetStyle):
        index = styles.for_style(change.style)
    else:
        index = styles.with_fill(int(cell.get("s", "0") or 0), change.color)
    if index != int(cell.get("s", "0") or 0):
        cell.set("s", str(index))


def _set_value(
    patcher: _Patcher, sheet: _SheetEdit, cell: etree._Element, value: CellValue
) -> None:
    namespace = cell.tag[: -len("c")]
    formula = cell.find(f"{namespace}f")
    if formula is not None and formula.get("t") in ("shared", "array") and formula.get("ref"):
        raise CellCovered(f"{sheet.title}!{cell.get('r')} holds a formula other cells share")
    for child in list(cell):
        if etree.QName(child).localname in ("f", "v", "is"):
            cell.remove(child)
    cell.attrib.pop("t", None)
    for attribute in ("cm", "vm"):
        cell.attrib.pop(attribute, None)
    if value is None or value == "":
        return
    if isinstance(value, bool):
        cell.set("t", "b")
        etree.SubElement(cell, f"{namespace}v").text = "1" if value else "0"
    elif isinstance(value, int | float):
        etree.SubElement(cell, f"{namespace}v").text = (
            repr(value) if isinstance(value, float) else str(value)
        )
    elif isinstance(value, str):
        cell.set("t", "inlineStr")
        text = etree.SubElement(etree.SubElement(cell, f"{namespace}is"), f"{namespace}t")
        text.text = value
        if value != value.strip() or "\n" in value:
            text.set(_XML_SPACE, "preserve")
    elif isinstance(value, time):
        seconds = value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
        cell.set("s", str(patcher.date_style(int(cell.get("s", "0")), _TIME_FORMAT_ID)))
        etree.SubElement(cell, f"{namespace}v").text = repr(seconds / 86400)
    elif isinstance(value, datetime):
        cell.set("s", str(patcher.date_style(int(cell.get("s", "0")), _DATETIME_FORMAT_ID)))
        etree.SubElement(cell, f"{namespace}v").text = repr(float(patcher.serial(value)))
    else:
        cell.set("s", str(patcher.date_style(int(cell.get("s", "0")), None)))
        etree.SubElement(cell, f"{namespace}v").text = str(patcher.serial(value))


def _merged(skeleton: etree._Element) -> list[tuple[int, int, int, int]]:
    spans = []
    for element in skeleton.iter(f"{_M}mergeCell"):
        first, _, last = (element.get("ref") or "").partition(":")
        try:
            top, left = split_reference(first)
            bottom, right = split_reference(last or first)
        except ValueError:
            continue
        spans.append((top, left, bottom, right))
    return spans


def _grow_dimension(skeleton: etree._Element, extent: tuple[int, int, int, int]) -> None:
    dimension = skeleton.find(f"{_M}dimension")
    if dimension is None:
        dimension = etree.Element(f"{_M}dimension")
        _insert_after(skeleton, dimension, ("sheetPr",))
        current = extent
    else:
        first, _, last = (dimension.get("ref") or "A1").partition(":")
        try:
            top, left = split_reference(first)
            bottom, right = split_reference(last or first)
            current = (
                min(top, extent[0]),
                min(left, extent[1]),
                max(bottom, extent[2]),
                max(right, extent[3]),
            )
        except ValueError:
            current = extent
    top, left, bottom, right = current
    dimension.set("ref", f"{column_letter(left)}{top}:{column_letter(right)}{bottom}")


def _set_widths(skeleton: etree._Element, widths: dict[int, float]) -> None:
    cols = skeleton.find(f"{_M}cols")
    if cols is None:
        cols = etree.Element(f"{_M}cols")
        _insert_after(skeleton, cols, _BEFORE_COLS)
    for column, width in sorted(widths.items()):
        for col in list(cols):
            low, high = int(col.get("min", "0")), int(col.get("max", "0"))
            if not low <= column <= high:
                continue
            # Split the range so that only this column changes.
            if low < column:
                before = copy.deepcopy(col)
                before.set("max", str(column - 1))
                col.addprevious(before)
            if column < high:
                after = copy.deepcopy(col)
                after.set("min", str(column + 1))
                col.addnext(after)
            col.set("min", str(column))
            col.set("max", str(column))
            col.set("width", _number(width))
            col.set("customWidth", "1")
            break
        else:
            col = etree.Element(f"{_M}col")
            col.set("min", str(column))
            col.set("max", str(column))
            col.set("width", _number(width))
            col.set("customWidth", "1")
            later = [c for c in cols if int(c.get("min", "0")) > column]
            if later:
                later[0].addprevious(col)
            else:
                cols.append(col)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))
