"""The parts of an .xlsx package the toolkit needs to find its way: sheets, their parts, names.

::

    package = Package.open(data)              # bytes of the file, read once
    for sheet in package.sheets:              # <sheets> order, chart sheets included
        sheet.title, sheet.part, sheet.is_worksheet
    package.defined_names                     # every <definedName>, with its scope
    package.read("xl/worksheets/sheet1.xml")  # a part's bytes

Part names are as stored in the zip (no leading "/"); relationship targets are resolved the way
OPC says: relative to the folder of the part that holds the relationship.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass

from lxml import etree

from .xlsx_marks import DefinedName

__all__ = [
    "CONTENT_TYPES",
    "MAIN",
    "OFFICE_RELS",
    "PACKAGE_RELS",
    "WORKSHEET_TYPE",
    "Package",
    "Sheet",
    "parse_xml",
    "rels_part",
    "resolve_target",
]

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
OFFICE_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
WORKSHEET_TYPE = f"{OFFICE_RELS}/worksheet"
_STRICT_MAIN = "http://purl.oclc.org/ooxml/spreadsheetml/main"
_OFFICE_DOCUMENT = f"{OFFICE_RELS}/officeDocument"

# No network, no entity expansion: a workbook is data, never instructions to the parser.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


def parse_xml(data: bytes) -> etree._Element:
    return etree.fromstring(data, _PARSER)


def rels_part(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def resolve_target(source_part: str, target: str) -> str:
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(source_part), target))


@dataclass(frozen=True)
class Sheet:
    title: str
    sheet_id: int
    rel_id: str
    part: str
    is_worksheet: bool
    state: str = "visible"


class Package:
    """A zip package read from bytes; parts are read lazily, the workbook part at once."""

    def __init__(self, zip_file: zipfile.ZipFile) -> None:
        self.zip = zip_file
        self.names = zip_file.namelist()
        self._lookup = {name.casefold(): name for name in self.names}
        self.workbook_part = self._workbook_part()
        self.workbook = parse_xml(self.read(self.workbook_part))
        if etree.QName(self.workbook).namespace == _STRICT_MAIN:
            raise ValueError("Strict Open XML workbooks are not supported; save as .xlsx")
        self.workbook_rels = self._relationships(self.workbook_part)
        self.sheets = self._sheets()
        self.defined_names = self._defined_names()

    @classmethod
    def open(cls, data: bytes) -> Package:
        return cls(zipfile.ZipFile(io.BytesIO(data)))

    def has(self, part: str) -> bool:
        return part.casefold() in self._lookup

    def stored_name(self, part: str) -> str:
        return self._lookup.get(part.casefold(), part)

    def read(self, part: str) -> bytes:
        return self.zip.read(self.stored_name(part))

    def read_buffer(self, part: str) -> bytearray:
        """A part's bytes read piece by piece into one buffer of its size: ``read`` would
        briefly hold a large part twice."""
        info = self.zip.getinfo(self.stored_name(part))
        buffer = bytearray(info.file_size)
        view = memoryview(buffer)
        position = 0
        with self.zip.open(info) as source:
            while piece := source.read(1 << 20):
                view[position : position + len(piece)] = piece
                position += len(piece)
        del view
        del buffer[position:]  # a size the zip misstates is never trusted beyond its bytes
        return buffer

    def open_part(self, part: str) -> io.BufferedIOBase:
        return self.zip.open(self.stored_name(part))  # type: ignore[return-value]

    def relationships(self, part: str) -> list[tuple[str, str, str, str]]:
        """(Id, Type, resolved target part, TargetMode) of each relationship of ``part``."""
        return self._relationships(part)

    def _relationships(self, part: str) -> list[tuple[str, str, str, str]]:
        rels = rels_part(part)
        if not self.has(rels):
            return []
        root = parse_xml(self.read(rels))
        found = []
        for rel in root.iter(f"{{{PACKAGE_RELS}}}Relationship"):
            mode = rel.get("TargetMode", "Internal")
            target = rel.get("Target", "")
            resolved = target if mode == "External" else resolve_target(part, target)
            found.append((rel.get("Id", ""), rel.get("Type", ""), resolved, mode))
        return found

    def _workbook_part(self) -> str:
        for _, kind, target, _ in self._relationships(""):
            if kind == _OFFICE_DOCUMENT:
                return target
        raise KeyError("the package has no workbook part")

    def _sheets(self) -> list[Sheet]:
        targets = {rel_id: (kind, target) for rel_id, kind, target, _ in self.workbook_rels}
        sheets = []
        for element in self.workbook.iterfind(f"{{{MAIN}}}sheets/{{{MAIN}}}sheet"):
            rel_id = element.get(f"{{{OFFICE_RELS}}}id", "")
            kind, target = targets.get(rel_id, ("", ""))
            sheets.append(
                Sheet(
                    title=element.get("name", ""),
                    sheet_id=int(element.get("sheetId", "0")),
                    rel_id=rel_id,
                    part=target,
                    is_worksheet=kind == WORKSHEET_TYPE and self.has(target),
                    state=element.get("state", "visible"),
                )
            )
        return sheets

    def _defined_names(self) -> list[DefinedName]:
        names = []
        for element in self.workbook.iterfind(f"{{{MAIN}}}definedNames/{{{MAIN}}}definedName"):
            scope = element.get("localSheetId")
            names.append(
                DefinedName(
                    name=element.get("name", ""),
                    text=element.text or "",
                    scope=int(scope) if scope is not None and scope.isdigit() else None,
                    hidden=element.get("hidden", "0").lower() in ("1", "true"),
                )
            )
        return names
