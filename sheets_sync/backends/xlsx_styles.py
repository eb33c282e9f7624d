"""Cell formats in ``xl/styles.xml``: what the writer adds and what the reader looks up.

::

    styles = Styles(package)                  # the workbook's styles part, parsed once
    styles.with_format(base, None)            # the cell's format with a date number format
    styles.with_fill(base, "C6EFCE")          # the cell's format with only a new background
    styles.for_style(Style(fill="D9E1F2", bold=True))   # a whole format of the toolkit's
    fill_colours(root)                        # reader: cell format index -> its background

A cell's ``s`` indexes ``<cellXfs>``; an ``<xf>`` points into ``<fonts>``, ``<fills>``,
``<borders>`` and ``<numFmts>``. Every entry the writer needs is looked for first among those
the workbook already has, and appended only when none is equal, so the same format applied
again leaves styles.xml as it was. A workbook without a styles part gets a minimal one (the
two fills every styles part must start with: none and gray125).
"""

from __future__ import annotations

import copy
from collections.abc import Callable

from lxml import etree
from openpyxl.styles.numbers import BUILTIN_FORMATS_REVERSE

from ..changes import Style
from .xlsx_package import MAIN, Package, parse_xml

__all__ = ["DATE_FORMAT", "STYLES_TYPE", "Styles", "fill_colours"]

DATE_FORMAT = "DD.MM.YYYY"
STYLES_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
STYLES_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"
_M = f"{{{MAIN}}}"
_FIRST_CUSTOM_FORMAT = 164  # ids below are Excel's built-in number formats
# CT_Stylesheet's children, in schema order.
_STYLESHEET_ORDER = (
    "numFmts",
    "fonts",
    "fills",
    "borders",
    "cellStyleXfs",
    "cellXfs",
    "cellStyles",
    "dxfs",
    "tableStyles",
    "colors",
    "extLst",
)
_MINIMAL = (
    f'<styleSheet xmlns="{MAIN}">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
).encode()


def _key(element: etree._Element) -> tuple[object, ...]:
    """What an entry says, whatever namespaces its document declares."""
    return (
        element.tag,
        tuple(sorted(element.attrib.items())),
        (element.text or "").strip(),
        tuple(_key(item) for item in element if isinstance(item.tag, str)),
    )


def _rgb(color: str) -> str:
    return "FF" + color.upper()


class Styles:
    """The styles part being edited; ``changed`` once anything was appended."""

    def __init__(self, package: Package) -> None:
        found = next(
            (t for _, k, t, _ in package.workbook_rels if k == STYLES_TYPE and package.has(t)),
            None,
        )
        self.created = found is None  # the writer adds the part, its relationship and type
        self.part = found or "xl/styles.xml"
        self.root = parse_xml(_MINIMAL if found is None else package.read(found))
        self.changed = self.created
        self.cache: dict[tuple[object, ...], int] = {}
        self._known: dict[str, tuple[int, dict[tuple[object, ...], int]]] = {}
        self._date_id: int | None = None
        self._wrapping: dict[int, bool] = {}
        self._last_style: Style | None = None
        self._last_index = 0
        self._filled: dict[tuple[int, str | None], int] = {}

    # -- the lists of styles.xml ------------------------------------------------------------

    def _list(self, name: str) -> etree._Element:
        element = self.root.find(f"{_M}{name}")
        if element is None:
            element = etree.Element(f"{_M}{name}")
            position = _STYLESHEET_ORDER.index(name)
            before = set(_STYLESHEET_ORDER[:position])
            index = 0
            for number, child in enumerate(self.root):
                if isinstance(child.tag, str) and etree.QName(child).localname in before:
                    index = number + 1
            self.root.insert(index, element)
        return element

    def _index_of(self, name: str, entry: etree._Element) -> int:
        """The index of an entry equal to ``entry`` in list ``name``, appending it if none."""
        items = self._list(name)
        known = self._known.get(name)
        if known is None or known[0] != len(items):  # built once, again only if edited aside
            table: dict[tuple[object, ...], int] = {}
            for index, item in enumerate(items):
                table.setdefault(_key(item), index)
            known = (len(items), table)
        wanted = _key(entry)
        found = known[1].get(wanted)
        if found is not None:
            self._known[name] = known
            return found
        items.append(entry)
        items.set("count", str(len(items)))
        self.changed = True
        known[1][wanted] = len(items) - 1
        self._known[name] = (len(items), known[1])
        return len(items) - 1

    def _cell_formats(self) -> etree._Element:
        xfs = self._list("cellXfs")
        if not len(xfs):
            etree.SubElement(xfs, f"{_M}xf", numFmtId="0", fontId="0", fillId="0", borderId="0")
            xfs.set("count", "1")
            self.changed = True
        return xfs

    def wraps(self, index: int) -> bool:
        """Whether cell format ``index`` wraps its text."""
        found = self._wrapping.get(index)
        if found is None:
            xfs = self._cell_formats()
            xf = xfs[index] if 0 <= index < len(xfs) else None
            alignment = xf.find(f"{_M}alignment") if xf is not None else None
            found = alignment is not None and alignment.get("wrapText") in ("1", "true")
            self._wrapping[index] = found
        return found

    def _cached(self, key: tuple[object, ...], make: Callable[[], int]) -> int:
        if key not in self.cache:
            self.cache[key] = make()
        return self.cache[key]

    # -- number formats ---------------------------------------------------------------------

    def number_format_id(self, code: str) -> int:
        builtin = BUILTIN_FORMATS_REVERSE.get(code)
        if builtin is not None:
            return int(builtin)
        formats = self._list("numFmts")
        for item in formats:
            if item.get("formatCode") == code:
                return int(item.get("numFmtId", "0"))
        used = [int(item.get("numFmtId", "0")) for item in formats]
        number = max([_FIRST_CUSTOM_FORMAT - 1, *used]) + 1
        etree.SubElement(formats, f"{_M}numFmt", numFmtId=str(number), formatCode=code)
        formats.set("count", str(len(formats)))
        self.changed = True
        return number

    def _code(self, number: str | None) -> str | None:
        formats = self.root.find(f"{_M}numFmts")
        for item in formats if formats is not None else ():
            if item.get("numFmtId") == number:
                return (item.get("formatCode") or "").casefold()
        return None

    def with_format(self, base: int, format_id: int | None) -> int:
        """The cell format ``base`` with number format ``format_id`` (None: DATE_FORMAT)."""

        def make() -> int:
            xfs = self._cell_formats()
            source = xfs[base] if base < len(xfs) else xfs[0]
            if format_id is None and self._code(source.get("numFmtId")) == DATE_FORMAT.casefold():
                return base  # "dd.mm.yyyy" (a style of the toolkit's) already shows the date so
            wanted = self.number_format_id(DATE_FORMAT) if format_id is None else format_id
            if source.get("numFmtId") == str(wanted):
                return base
            xf = copy.deepcopy(source)
            xf.set("numFmtId", str(wanted))
            xf.set("applyNumberFormat", "1")
            return self._index_of("cellXfs", xf)

        return self._cached(("format", base, format_id), make)

    # -- fills ------------------------------------------------------------------------------

    def fill_id(self, color: str | None) -> int:
        """The index of a solid fill of ``color`` ("RRGGBB"; None: fill 0, no fill)."""
        if color is None:
            return 0
        return self._cached(("fill id", color.upper()), lambda: self._fill_id(color))

    def _fill_id(self, color: str) -> int:
        fills = self._list("fills")
        for index, fill in enumerate(fills):
            if _solid_colour(fill) == color.upper() and index > 1:
                return index
        fill = etree.Element(f"{_M}fill")
        pattern = etree.SubElement(fill, f"{_M}patternFill", patternType="solid")
        etree.SubElement(pattern, f"{_M}fgColor", rgb=_rgb(color))
        etree.SubElement(pattern, f"{_M}bgColor", indexed="64")
        while len(fills) < 2:  # fills 0 and 1 are reserved
            reserved = etree.SubElement(fills, f"{_M}fill")
            kind = "none" if len(fills) == 1 else "gray125"
            etree.SubElement(reserved, f"{_M}patternFill", patternType=kind)
        return self._index_of("fills", fill)

    def with_fill(self, base: int, color: str | None) -> int:
        """The cell format ``base`` (font, number format, border, alignment, protection kept)
        with only its background replaced."""
        known = self._filled.get((base, color))  # asked per cell: no closure, no key tuple
        if known is not None:
            return known
        index = self._with_fill(base, color)
        self._filled[(base, color)] = index
        return index

    def _with_fill(self, base: int, color: str | None) -> int:

        def make() -> int:
            wanted = self.fill_id(color)
            xfs = self._cell_formats()
            source = xfs[base] if base < len(xfs) else xfs[0]
            if int(source.get("fillId", "0") or 0) == wanted:
                return base
            xf = copy.deepcopy(source)
            xf.set("fillId", str(wanted))
            xf.set("applyFill", "1")
            return self._index_of("cellXfs", xf)

        return self._cached(("fill", base, color), make)

    # -- whole formats ----------------------------------------------------------------------

    def for_style(self, style: Style) -> int:
        """A cell format that is exactly ``style``, on the workbook's default font."""
        # The cells of a span ask for one Style one after another: the last one is known by
        # identity, so a Style is not hashed again per cell.
        if style is self._last_style:
            return self._last_index
        index = self._cached(("style", style), lambda: self._make_style(style))
        self._last_style, self._last_index = style, index
        return index

    def _make_style(self, style: Style) -> int:
        font_id = self._index_of("fonts", self._font(style))
        fill_id = self.fill_id(style.fill)
        border_id = self._index_of("borders", _border(style.border))
        number = 0 if style.number_format is None else self.number_format_id(style.number_format)
        xf = etree.Element(f"{_M}xf")
        xf.set("numFmtId", str(number))
        xf.set("fontId", str(font_id))
        xf.set("fillId", str(fill_id))
        xf.set("borderId", str(border_id))
        xf.set("xfId", "0")
        xf.set("applyNumberFormat", "1")
        xf.set("applyFont", "1")
        xf.set("applyFill", "1")
        xf.set("applyBorder", "1")
        xf.set("applyAlignment", "1")
        alignment: dict[str, str] = {}
        if style.align is not None:
            alignment["horizontal"] = style.align
        if style.top:
            alignment["vertical"] = "top"
        if style.wrap:
            alignment["wrapText"] = "1"
        if alignment:
            etree.SubElement(xf, f"{_M}alignment", alignment)
        return self._index_of("cellXfs", xf)

    def _font(self, style: Style) -> etree._Element:
        fonts = self._list("fonts")
        default = fonts[0] if len(fonts) else etree.Element(f"{_M}font")

        def inherited(name: str) -> etree._Element | None:
            found = default.find(f"{_M}{name}")
            return copy.deepcopy(found) if found is not None else None

        font = etree.Element(f"{_M}font")
        # CT_Font's children in schema order: b, i, ..., sz, color, name, family, charset, scheme.
        if style.bold:
            etree.SubElement(font, f"{_M}b")
        if style.italic:
            etree.SubElement(font, f"{_M}i")
        if style.size is not None:
            size = float(style.size)
            points = str(int(size)) if size.is_integer() else str(size)
            etree.SubElement(font, f"{_M}sz", val=points)
        elif (found := inherited("sz")) is not None:
            font.append(found)
        if style.color is not None:
            etree.SubElement(font, f"{_M}color", rgb=_rgb(style.color))
        elif (found := inherited("color")) is not None:
            font.append(found)
        for name in ("name", "family", "charset", "scheme"):
            if (found := inherited(name)) is not None:
                font.append(found)
        return font


def _border(bottom: bool) -> etree._Element:
    border = etree.Element(f"{_M}border")
    for side in ("left", "right", "top", "bottom", "diagonal"):
        edge = etree.SubElement(border, f"{_M}{side}")
        if bottom and side == "bottom":
            edge.set("style", "thin")
            etree.SubElement(edge, f"{_M}color", auto="1")
    return border


def _solid_colour(fill: etree._Element) -> str | None:
    """ "RRGGBB" of a solid rgb fill, "pattern" for any other visible fill, None for none."""
    pattern = fill.find(f"{_M}patternFill")
    if pattern is None:
        return "pattern" if fill.find(f"{_M}gradientFill") is not None else None
    kind = pattern.get("patternType", "none")
    if kind == "none":
        return None
    if kind != "solid":
        return "pattern"
    colour = pattern.find(f"{_M}fgColor")
    rgb = colour.get("rgb") if colour is not None else None
    if rgb is None or len(rgb) not in (6, 8) or colour.get("tint") not in (None, "0"):
        return "pattern"  # a theme or indexed colour, or a tint of one
    return rgb[-6:].upper()


def fill_colours(root: etree._Element | None) -> dict[str, str]:
    """Cell format index (as the ``s`` attribute spells it) -> the background it gives,
    for every format with a background; computed once per workbook, looked up per cell."""
    if root is None:
        return {}
    fills = root.find(f"{_M}fills")
    xfs = root.find(f"{_M}cellXfs")
    if fills is None or xfs is None:
        return {}
    colours = [_solid_colour(fill) for fill in fills]
    found: dict[str, str] = {}
    for index, xf in enumerate(xfs):
        fill_id = xf.get("fillId", "0")
        number = int(fill_id) if fill_id.isdigit() else 0
        colour = colours[number] if number < len(colours) else None
        if colour is not None:
            found[str(index)] = colour
    return found
