"""Adding, replacing and removing whole parts of an .xlsx package, with their relationships.

Notes, hyperlinks and charts need more than cells: a part of their own (comments, VML,
drawing, chart), a relationship from the worksheet (or drawing) to it, a content type, and an
element in the worksheet at its place in the schema. ``PartEditor`` keeps those edits for one
save; the patcher writes what it changed and drops what it removed::

    parts = PartEditor(package, content_types)
    rels = parts.rels("xl/worksheets/sheet1.xml")
    name = parts.new_name("xl/comments{}.xml")
    parts.put(name, data, COMMENTS_CONTENT)
    rel_id = rels.add(COMMENTS_TYPE, name)

A relationship part that ends up empty after the toolkit removed its own relationships is
removed too; one the toolkit never touched keeps its bytes.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from lxml import etree

from .xlsx_package import CONTENT_TYPES, PACKAGE_RELS, Package, parse_xml
from .xlsx_package import rels_part as rels_of

__all__ = [
    "WORKBOOK_BEFORE_NAMES",
    "WORKSHEET_ORDER",
    "PartEditor",
    "Rels",
    "place_in_worksheet",
    "serialize",
]

# CT_Worksheet's children in schema order (ECMA-376 Part 1, 18.3.1.99).
WORKSHEET_ORDER = (
    "sheetPr",
    "dimension",
    "sheetViews",
    "sheetFormatPr",
    "cols",
    "sheetData",
    "sheetCalcPr",
    "sheetProtection",
    "protectedRanges",
    "scenarios",
    "autoFilter",
    "sortState",
    "dataConsolidate",
    "customSheetViews",
    "mergeCells",
    "phoneticPr",
    "conditionalFormatting",
    "dataValidations",
    "hyperlinks",
    "printOptions",
    "pageMargins",
    "pageSetup",
    "headerFooter",
    "rowBreaks",
    "colBreaks",
    "customProperties",
    "cellWatches",
    "ignoredErrors",
    "smartTags",
    "drawing",
    "legacyDrawing",
    "legacyDrawingHF",
    "drawingHF",
    "picture",
    "oleObjects",
    "controls",
    "webPublishItems",
    "tableParts",
    "extLst",
)
# CT_Workbook's children that come before <definedNames> (18.2.27).
WORKBOOK_BEFORE_NAMES = (
    "fileVersion",
    "fileSharing",
    "workbookPr",
    "workbookProtection",
    "bookViews",
    "sheets",
    "functionGroups",
    "externalReferences",
)
_RANK = {name: index for index, name in enumerate(WORKSHEET_ORDER)}
_RELATIONSHIP = f"{{{PACKAGE_RELS}}}Relationship"
_EMPTY_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<Relationships xmlns="{PACKAGE_RELS}"/>'
).encode()


def serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def escaped_text(text: str) -> str:
    """Text as XML character data, as lxml writes it; replace() is quicker than translate()."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\r", "&#13;")


def text_run(text: str) -> str:
    """A ``<t>`` of ``text`` as lxml writes it, keeping its edge spaces and line breaks."""
    space = ' xml:space="preserve"' if text != text.strip() or "\n" in text else ""
    return f"<t{space}>{escaped_text(text)}</t>"


def place_in_worksheet(worksheet: etree._Element, element: etree._Element) -> None:
    """Insert ``element`` among ``<worksheet>``'s children where CT_Worksheet orders it."""
    rank = _RANK[etree.QName(element).localname]
    for child in worksheet:
        if not isinstance(child.tag, str):
            continue
        other = _RANK.get(etree.QName(child).localname)
        if other is not None and other > rank:
            child.addprevious(element)
            return
    worksheet.append(element)


def relative(source_part: str, target: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(source_part) or ".")


class Rels:
    """The relationships of one part, edited in memory."""

    def __init__(self, package: Package, source: str, data: bytes | None) -> None:
        self.source = source  # the part these relationships belong to
        self.part = rels_of(source)
        self.root = parse_xml(data if data is not None else _EMPTY_RELS)
        self.existed = data is not None
        self.changed = False
        self.removed = False
        self._package = package

    def __iter__(self) -> Iterator[etree._Element]:
        return iter(self.root.iterchildren(_RELATIONSHIP))

    def target(self, rel_id: str) -> str | None:
        """The part a relationship points to (None: no such id, or an external target)."""
        for rel in self:
            if rel.get("Id") == rel_id and rel.get("TargetMode", "Internal") != "External":
                return _resolve(self.source, rel.get("Target", ""))
        return None

    def of_type(self, kind: str) -> list[tuple[str, str]]:
        """(Id, target part) of every internal relationship of type ``kind``."""
        return [
            (rel.get("Id", ""), _resolve(self.source, rel.get("Target", "")))
            for rel in self
            if rel.get("Type") == kind and rel.get("TargetMode", "Internal") != "External"
        ]

    def add(self, kind: str, target: str, rel_id: str | None = None) -> str:
        used = {rel.get("Id") for rel in self}
        if rel_id is None:
            rel_id = next(f"rId{n}" for n in range(1, len(used) + 2) if f"rId{n}" not in used)
        relationship = etree.SubElement(self.root, _RELATIONSHIP)
        relationship.set("Id", rel_id)
        relationship.set("Type", kind)
        relationship.set("Target", relative(self.source, target))
        self.changed = True
        return rel_id

    def rename(self, rel_id: str, new_id: str) -> None:
        for rel in self:
            if rel.get("Id") == rel_id:
                rel.set("Id", new_id)
                self.changed = True

    def remove(self, rel_id: str) -> None:
        for rel in list(self):
            if rel.get("Id") == rel_id:
                self.root.remove(rel)
                self.changed = self.removed = True


def _resolve(source: str, target: str) -> str:
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


class PartEditor:
    """Parts added, replaced and removed in one save, and the content types they need."""

    def __init__(self, package: Package, content_types: etree._Element) -> None:
        self.package = package
        self.content_types = content_types
        self.types_changed = False
        self.written: dict[str, bytes] = {}  # new bytes of parts, existing or new
        self.created: list[str] = []  # parts the package did not have, in creation order
        self.removed: set[str] = set()
        self._rels: dict[str, Rels] = {}

    def exists(self, part: str) -> bool:
        if part in self.removed:
            return False
        return part in self.written or self.package.has(part)

    def read(self, part: str) -> bytes:
        if part in self.written:
            return self.written[part]
        return self.package.read(part)

    def new_name(self, pattern: str) -> str:
        """The first free name of ``pattern`` ("xl/comments{}.xml") numbered from 1."""
        number = 1
        while self.exists(pattern.format(number)) or pattern.format(number) in self.removed:
            number += 1
        return pattern.format(number)

    def put(self, part: str, data: bytes, content_type: str | None = None) -> None:
        """Write a part; a new one gets an Override with ``content_type`` (None: a Default)."""
        if not self.package.has(part) and part not in self.created:
            self.created.append(part)
            if content_type is not None:
                self._override(part, content_type)
        self.written[part] = data

    def remove(self, part: str) -> None:
        self.written.pop(part, None)
        if part in self.created:
            self.created.remove(part)
        elif self.package.has(part):
            self.removed.add(self.package.stored_name(part))
        for override in list(self.content_types.iterfind(f"{{{CONTENT_TYPES}}}Override")):
            if override.get("PartName", "").casefold() == "/" + part.casefold():
                self.content_types.remove(override)
                self.types_changed = True
        rels = rels_of(part)
        if self.exists(rels):
            self.remove(rels)

    def ensure_default(self, extension: str, content_type: str) -> None:
        for default in self.content_types.iterfind(f"{{{CONTENT_TYPES}}}Default"):
            if default.get("Extension", "").casefold() == extension.casefold():
                return
        default = etree.Element(f"{{{CONTENT_TYPES}}}Default")
        default.set("Extension", extension)
        default.set("ContentType", content_type)
        self.content_types.insert(0, default)
        self.types_changed = True

    def remove_default(self, extension: str) -> None:
        """Drop the Default for ``extension`` (after the last part of that kind went)."""
        for default in list(self.content_types.iterfind(f"{{{CONTENT_TYPES}}}Default")):
            if default.get("Extension", "").casefold() == extension.casefold():
                self.content_types.remove(default)
                self.types_changed = True

    def _override(self, part: str, content_type: str) -> None:
        override = etree.SubElement(self.content_types, f"{{{CONTENT_TYPES}}}Override")
        override.set("PartName", "/" + part)
        override.set("ContentType", content_type)
        self.types_changed = True

    def rels(self, part: str) -> Rels:
        if part not in self._rels:
            name = rels_of(part)
            data = self.read(name) if self.exists(name) else None
            self._rels[part] = Rels(self.package, part, data)
        return self._rels[part]

    def finish(self) -> None:
        """Write every relationship part that changed; drop one the toolkit emptied."""
        for rels in self._rels.values():
            if not rels.changed:
                continue
            if rels.removed and not len(rels.root):
                if rels.existed or rels.part in self.written:
                    self.remove(rels.part)
                continue
            if len(rels.root):
                self.put(rels.part, serialize(rels.root))
