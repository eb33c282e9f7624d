"""Cell notes on a worksheet: legacy comments, read and edited without touching anyone else's.

A note in an .xlsx is two things, and Excel and LibreOffice show it only with both:

- ``xl/commentsN.xml``: ``<authors>`` and a ``<commentList>`` of ``<comment ref="B2"
  authorId="0"><text>…</text></comment>``, linked from the worksheet (type ``comments``);
- a VML shape in ``xl/drawings/vmlDrawingN.vml`` (``<x:ClientData ObjectType="Note">`` with
  0-based ``<x:Row>``/``<x:Column>``), the part the worksheet's ``<legacyDrawing r:id>`` names.

Reading takes every comment's text, whoever wrote it: rich-text runs joined, phonetic guides
left out. Writing (``NotesEdit``) changes only the cells a change names: their comment is
replaced or removed in the comments part (re-serialised; every other comment keeps its
content), and their VML shape is cut out or appended as text, so every other shape, form
controls included, keeps its exact bytes (Excel's VML is not always well-formed XML, so it is
never parsed). Notes the toolkit writes carry the author "sheets-sync" (an attribution
only: what the toolkit owns it knows from its record, xlsx_owned). What only the toolkit
added goes when it removes its last note: the comments part with its relationship and
content type when no comment is left; the VML part, the ``<legacyDrawing>`` and (when no
other VML part is left) the ``vml`` content type when no shape is left; the note shape type
it brought into a VML part of the school's (a form button's) once no note uses it.

Threaded comments (Excel 365 keeps a legacy copy of each in the comments part) are read
through that copy; a note the toolkit puts on such a cell replaces the legacy copy only.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping

from lxml import etree

from ..changes import column_letter
from .xlsx_package import MAIN, OFFICE_RELS, Package, parse_xml
from .xlsx_parts import PartEditor, escaped_text, place_in_worksheet, serialize, text_run
from .xlsx_refs import split_reference

__all__ = ["COMMENTS_TYPE", "NOTE_AUTHOR", "VML_TYPE", "NotesEdit", "read_notes"]

COMMENTS_TYPE = f"{OFFICE_RELS}/comments"
VML_TYPE = f"{OFFICE_RELS}/vmlDrawing"
COMMENTS_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
VML_CONTENT = "application/vnd.openxmlformats-officedocument.vmlDrawing"
NOTE_AUTHOR = "sheets-sync"
_M = f"{{{MAIN}}}"
_R_ID = f"{{{OFFICE_RELS}}}id"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_V = "urn:schemas-microsoft-com:vml"
_O = "urn:schemas-microsoft-com:office:office"
_X = "urn:schemas-microsoft-com:office:excel"

_SHAPE = re.compile(rb"<(?P<p>\w+:)?shape(?=[\s>]).*?</(?P=p)shape>\s*", re.DOTALL)
_ROW = re.compile(rb"<(?:\w+:)?Row>\s*(\d+)\s*</(?:\w+:)?Row>")
_COLUMN = re.compile(rb"<(?:\w+:)?Column>\s*(\d+)\s*</(?:\w+:)?Column>")
_NOTE = re.compile(rb"""ObjectType\s*=\s*["']Note["']""")
_SHAPE_ID = re.compile(rb"_x0000_s(\d+)")
_IDMAP = re.compile(rb"""idmap\b[^>]*\bdata\s*=\s*["']([\d,\s]+)["']""")
_NEW_VML = (
    f'<xml xmlns:v="{_V}" xmlns:o="{_O}" xmlns:x="{_X}">\n'
    ' <o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="{block}"/></o:shapelayout>\n'
    "</xml>\n"
)
_SHAPE_TYPE = (
    f'<v:shapetype xmlns:v="{_V}" xmlns:o="{_O}" id="_x0000_t202" coordsize="21600,21600"'
    ' o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/>'
    '<v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>\n'
)


def read_notes(package: Package, sheet_part: str) -> dict[tuple[int, int], str]:
    """(row, column) -> note text of every comment on the worksheet, 1-based."""
    notes: dict[tuple[int, int], str] = {}
    for _, kind, target, mode in package.relationships(sheet_part):
        if kind != COMMENTS_TYPE or mode == "External" or not package.has(target):
            continue
        root = parse_xml(package.read(target))
        for comment in root.iterfind(f"{_M}commentList/{_M}comment"):
            try:
                row, column = split_reference(comment.get("ref", ""))
            except ValueError:
                continue
            notes[(row, column)] = _comment_text(comment)
    return notes


def _comment_text(comment: etree._Element) -> str:
    text = comment.find(f"{_M}text")
    if text is None:
        return ""
    parts = []
    for child in text:
        if child.tag == f"{_M}t":
            parts.append(child.text or "")
        elif child.tag == f"{_M}r":
            parts.append(child.findtext(f"{_M}t") or "")
    return "".join(parts)


class NotesEdit:
    """The notes one save puts on (text) or takes off (None) one worksheet's cells."""

    def __init__(self, parts: PartEditor, sheet_part: str) -> None:
        self.parts = parts
        self.sheet_part = sheet_part
        self.notes: dict[tuple[int, int], str | None] = {}

    def __call__(self, worksheet: etree._Element) -> bool:
        """Apply the notes; ``worksheet`` is the sheet's XML (without its rows) to edit.
        Returns whether that XML changed (a ``<legacyDrawing>`` added or removed)."""
        if not self.notes:
            return False
        rels = self.parts.rels(self.sheet_part)
        comments_part = next((target for _, target in rels.of_type(COMMENTS_TYPE)), None)
        legacy = worksheet.find(f"{_M}legacyDrawing")
        vml_id = legacy.get(_R_ID) if legacy is not None else None
        vml_part = rels.target(vml_id) if vml_id else None
        if vml_part is not None and not self.parts.exists(vml_part):
            vml_part = None

        wanted = {cell: text for cell, text in self.notes.items() if text is not None}
        if comments_part is None and not wanted:
            return False  # nothing to remove, nothing to add
        if comments_part is None:
            comments_part = self.parts.new_name("xl/comments{}.xml")
            rels.add(COMMENTS_TYPE, comments_part)
            # Written as text: a register's notes as an XML tree would take several times the
            # memory of the part itself.
            self.parts.put(comments_part, _new_comments(wanted), COMMENTS_CONTENT)
        else:
            self._edit_comments_part(comments_part)

        touched = False
        if vml_part is None and not wanted:
            return False
        if vml_part is None:
            vml_part = self.parts.new_name("xl/drawings/vmlDrawing{}.vml")
            vml = _NEW_VML.replace("{block}", str(self._free_block())).encode()
            self.parts.ensure_default("vml", VML_CONTENT)
            vml_id = rels.add(VML_TYPE, vml_part)
            legacy = etree.Element(f"{_M}legacyDrawing")
            legacy.set(_R_ID, vml_id)
            place_in_worksheet(worksheet, legacy)
            touched = True
        else:
            vml = self.parts.read(vml_part)
        vml, cut = _edit_vml(vml, self.notes)
        if _SHAPE.search(vml) is None and cut:
            self.parts.remove(vml_part)
            assert vml_id is not None and legacy is not None
            rels.remove(vml_id)
            worksheet.remove(legacy)
            touched = True
            if not any(name.lower().endswith(".vml") for name in self._vml_parts()):
                self.parts.remove_default("vml")
        else:
            self.parts.put(vml_part, vml)
        return touched

    def _edit_comments_part(self, comments_part: str) -> None:
        rels = self.parts.rels(self.sheet_part)
        root = parse_xml(self.parts.read(comments_part))
        removed = _edit_comments(root, self.notes)
        comment_list = root.find(f"{_M}commentList")
        if comment_list is not None and len(comment_list):
            self.parts.put(comments_part, serialize(root), COMMENTS_CONTENT)
        elif removed:
            self.parts.remove(comments_part)
            for rel_id, target in rels.of_type(COMMENTS_TYPE):
                if target == comments_part:
                    rels.remove(rel_id)
        # else: the cells named had no comments to remove; the part keeps its bytes

    def _vml_parts(self) -> list[str]:
        names = [*self.parts.package.names, *self.parts.created]
        return [name for name in names if name.lower().endswith(".vml") and self.parts.exists(name)]

    def _free_block(self) -> int:
        """An idmap block no other VML part of the workbook uses (shape ids must not clash)."""
        used = {0}
        for name in self._vml_parts():
            for match in _IDMAP.finditer(self.parts.read(name)):
                used.update(int(n) for n in re.findall(rb"\d+", match.group(1)))
        return max(used) + 1


def _edit_comments(root: etree._Element, notes: Mapping[tuple[int, int], str | None]) -> bool:
    """Replace or remove the comments of the named cells; whether any comment was removed."""
    authors = root.find(f"{_M}authors")
    if authors is None:
        authors = etree.Element(f"{_M}authors")
        root.insert(0, authors)
    comment_list = root.find(f"{_M}commentList")
    if comment_list is None:
        comment_list = etree.SubElement(root, f"{_M}commentList")
    existing: dict[tuple[int, int], etree._Element] = {}
    for comment in comment_list.iterfind(f"{_M}comment"):
        try:
            existing[split_reference(comment.get("ref", ""))] = comment
        except ValueError:
            continue
    removed = False
    # The notes go in cell order, so the first of the sheet's comments after each new one only
    # moves forward: one pass, however many notes a register has.
    order = sorted(existing)
    after = 0
    author: int | None = None
    for cell, text in sorted(notes.items()):
        old = existing.pop(cell, None)
        if text is None:
            if old is not None:
                comment_list.remove(old)
                removed = True
            continue
        if author is None:
            author = _author_index(authors)
        comment = _comment(cell, text, author)
        if old is not None:
            old.addprevious(comment)
            comment_list.remove(old)
        else:
            while after < len(order) and order[after] <= cell:
                after += 1
            if after < len(order):
                existing[order[after]].addprevious(comment)
            else:
                comment_list.append(comment)
        existing[cell] = comment
    _drop_unused_author(authors, comment_list)
    return removed


def _new_comments(notes: Mapping[tuple[int, int], str]) -> bytes:
    """A comments part holding ``notes``, byte for byte as ``_edit_comments`` builds it."""
    pieces = [
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n",
        f'<comments xmlns="{MAIN}"><authors><author>{escaped_text(NOTE_AUTHOR)}</author></authors>',
        "<commentList>",
    ]
    for (row, column), text in sorted(notes.items()):
        pieces.append(
            f'<comment ref="{column_letter(column)}{row}" authorId="0"><text><r>'
            f"{text_run(text)}</r></text></comment>"
        )
    pieces.append("</commentList></comments>")
    return "".join(pieces).encode()


def _author_index(authors: etree._Element) -> int:
    for index, author in enumerate(authors.iterfind(f"{_M}author")):
        if author.text == NOTE_AUTHOR:
            return index
    etree.SubElement(authors, f"{_M}author").text = NOTE_AUTHOR
    return len(authors) - 1


def _drop_unused_author(authors: etree._Element, comment_list: etree._Element) -> None:
    """The toolkit's author entry goes when no comment uses it (only if it is last: removing
    another would renumber everyone's authorId)."""
    entries = list(authors.iterfind(f"{_M}author"))
    if not entries or entries[-1].text != NOTE_AUTHOR:
        return
    last = str(len(entries) - 1)
    if not any(comment.get("authorId") == last for comment in comment_list):
        authors.remove(entries[-1])


def _comment(cell: tuple[int, int], text: str, author: int) -> etree._Element:
    comment = etree.Element(f"{_M}comment")
    comment.set("ref", f"{column_letter(cell[1])}{cell[0]}")
    comment.set("authorId", str(author))
    body = etree.SubElement(comment, f"{_M}text")
    run = etree.SubElement(etree.SubElement(body, f"{_M}r"), f"{_M}t")
    run.text = text
    if text != text.strip() or "\n" in text:
        run.set(_XML_SPACE, "preserve")
    return comment


def _edit_vml(vml: bytes, notes: Mapping[tuple[int, int], str | None]) -> tuple[bytes, bool]:
    """Cut the note shapes of the named cells out, append one per new note; bytes of every
    other shape stay. Returns the new VML and whether any shape was cut."""
    named = {(row - 1, column - 1) for row, column in notes}
    pieces: list[bytes] = []
    position = 0
    cut = False
    for match in _SHAPE.finditer(vml):
        shape = match.group(0)
        if _NOTE.search(shape):
            row, column = _ROW.search(shape), _COLUMN.search(shape)
            if row and column and (int(row.group(1)), int(column.group(1))) in named:
                pieces.append(vml[position : match.start()])
                position = match.end()
                cut = True
    pieces.append(vml[position:])
    vml = b"".join(pieces)
    wanted = sorted(cell for cell, text in notes.items() if text is not None)
    ours = _SHAPE_TYPE.encode()
    if not wanted and cut and b"#_x0000_t202" not in vml and ours in vml:
        vml = vml.replace(ours, b"", 1)  # the note shape type the toolkit brought, now unused
    if not wanted:
        return vml, cut
    block = _IDMAP.search(vml)
    first = int(re.findall(rb"\d+", block.group(1))[0]) if block else 1
    used = [int(n) for n in _SHAPE_ID.findall(vml)]
    number = max([first * 1024, *used]) + 1
    end = vml.rfind(b"</xml>")
    if end < 0:
        raise ValueError("the worksheet's VML drawing has no closing </xml>")
    # Written into one buffer: a register's notes make tens of megabytes of shapes.
    written = io.BytesIO()
    written.write(memoryview(vml)[:end])
    if b'id="_x0000_t202"' not in vml:
        written.write(_SHAPE_TYPE.encode())
    for offset, (row, column) in enumerate(wanted):
        written.write(_note_shape(number + offset, row - 1, column - 1).encode())
    written.write(memoryview(vml)[end:])
    return written.getvalue(), cut


def _note_shape(number: int, row: int, column: int) -> str:
    # The anchor puts the hidden box beside the cell; Excel and Calc show it on hover.
    top = max(row - 1, 0)
    anchor = f"{column + 1}, 15, {top}, 10, {column + 3}, 15, {top + 4}, 4"
    return (
        f'<v:shape xmlns:v="{_V}" xmlns:o="{_O}" xmlns:x="{_X}" id="_x0000_s{number}"'
        ' type="#_x0000_t202" style="position:absolute;margin-left:59.25pt;margin-top:1.5pt;'
        'width:144pt;height:59.25pt;z-index:1;visibility:hidden" fillcolor="#ffffe1"'
        ' o:insetmode="auto"><v:fill color2="#ffffe1"/>'
        '<v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/>'
        '<v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div>'
        '</v:textbox><x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/>'
        f"<x:Anchor>{anchor}</x:Anchor><x:AutoFill>False</x:AutoFill>"
        f"<x:Row>{row}</x:Row><x:Column>{column}</x:Column></x:ClientData></v:shape>\n"
    )
