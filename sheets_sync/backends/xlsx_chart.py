"""Bar charts the toolkit puts on a worksheet (``AddChart``), beside anything already drawn there.

A chart is three parts and two links:

- the sheet's drawing ``xl/drawings/drawingN.xml`` (``<xdr:wsDr>``), named by the worksheet's
  ``<drawing r:id>``: one ``<xdr:twoCellAnchor>`` per chart or picture. A sheet that already
  has a drawing (the school's chart, a logo) keeps it and every anchor in it; the toolkit's
  anchor is added or replaced among them;
- ``xl/charts/chartN.xml``: ``<c:barChart>`` (``barDir`` "bar" when horizontal, "col"
  otherwise) with one series whose ``<c:cat>`` and ``<c:val>`` reference the spans and carry
  their values as caches, so a reader that does not recalculate still draws the bars;
- relationships sheet -> drawing and drawing -> chart, and a content type for each new part.

The toolkit knows its chart by two marks it writes itself, never by a title or an object name
a person can type:

- the relationship from the drawing to the chart has the Id ``sheets-sync-chart-<key>``;
- a hidden sheet-scoped defined name ``_sheets_sync_chart_<key>`` refers to the chart's value
  cells (absolute), so Excel and LibreOffice move it with the rows as they move the chart's own
  series references.

Another ``AddChart`` with that key rewrites that chart part and its anchor in place; nothing
else in the drawing changes. A program that saves the workbook renumbers relationships (rId1,
rId2, …), losing the first mark: the chart is then the one on the sheet whose only series
plots exactly the cells the defined name refers to now, and it gets its relationship mark back.
A chart matching neither is the school's and is never touched.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from lxml import etree

from ..changes import AddChart, column_letter
from ..snapshot import CellValue, Span
from .xlsx_marks import CHART_PREFIX, quoted_title
from .xlsx_package import OFFICE_RELS, parse_xml
from .xlsx_parts import PartEditor, Rels, place_in_worksheet, serialize

__all__ = ["CHART_TYPE", "DRAWING_TYPE", "ChartsEdit", "chart_mark", "chart_name"]


DRAWING_TYPE = f"{OFFICE_RELS}/drawing"
CHART_TYPE = f"{OFFICE_RELS}/chart"
DRAWING_CONTENT = "application/vnd.openxmlformats-officedocument.drawing+xml"
CHART_CONTENT = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
_XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_R_ID = f"{{{OFFICE_RELS}}}id"
_NEW_DRAWING = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<xdr:wsDr xmlns:xdr="{_XDR}" xmlns:a="{_A}"/>'
).encode()
_WIDTH_COLUMNS = 8
_BAR_COLOUR = "4472C4"
_MIN_ROWS = 15


def chart_mark(key: str) -> str:
    return f"sheets-sync-chart-{key}"


def chart_name(key: str) -> str:
    return CHART_PREFIX + key


def values_reference(chart: AddChart) -> str:
    return _reference(chart.tab, chart.values)


_AREA = re.compile(r"(?:'(?P<quoted>(?:[^']|'')+)'|(?P<bare>[^'!:\s]+))!(?P<area>[$A-Za-z0-9:]+)\Z")


def _area_key(text: str | None) -> tuple[str, str] | None:
    """A reference as (sheet, area without "$"), so 'Tab'!$B$2:$B$4 equals Tab!B2:B4."""
    match = _AREA.match((text or "").strip().lstrip("="))
    if match is None:
        return None
    quoted = match.group("quoted")
    sheet = quoted.replace("''", "'") if quoted is not None else match.group("bare")
    return sheet, match.group("area").replace("$", "").upper()


class ChartsEdit:
    """The charts one save puts on one worksheet, by key; ``values`` reads the tab's cells
    (as they will be after this save) for the caches."""

    def __init__(self, parts: PartEditor, sheet_part: str) -> None:
        self.parts = parts
        self.sheet_part = sheet_part
        self.charts: dict[str, AddChart] = {}
        self.values: Mapping[tuple[int, int], CellValue] = {}
        self.named: dict[str, str | None] = {}  # key -> what its defined name referred to

    def __call__(self, worksheet: etree._Element) -> bool:
        """Draw the charts; whether the sheet's XML changed (a ``<drawing>`` added)."""
        if not self.charts:
            return False
        touched = False
        rels = self.parts.rels(self.sheet_part)
        element = worksheet.find(f"{{{_MAIN}}}drawing")
        drawing_part = rels.target(element.get(_R_ID, "")) if element is not None else None
        if drawing_part is None or not self.parts.exists(drawing_part):
            drawing_part = self.parts.new_name("xl/drawings/drawing{}.xml")
            self.parts.put(drawing_part, _NEW_DRAWING, DRAWING_CONTENT)
            if element is None:
                element = etree.Element(f"{{{_MAIN}}}drawing")
                place_in_worksheet(worksheet, element)
            element.set(_R_ID, rels.add(DRAWING_TYPE, drawing_part))
            touched = True
        drawing = parse_xml(self.parts.read(drawing_part))
        drawing_rels = self.parts.rels(drawing_part)
        for key, chart in sorted(self.charts.items()):
            mark = chart_mark(key)
            chart_part = drawing_rels.target(mark)
            old_id = mark
            if chart_part is None:
                found = self._renumbered(drawing_rels, self.named.get(key))
                if found is not None:
                    old_id, chart_part = found
                    drawing_rels.rename(old_id, mark)
            if chart_part is None:
                chart_part = self.parts.new_name("xl/charts/chart{}.xml")
                drawing_rels.add(CHART_TYPE, chart_part, rel_id=mark)
            self.parts.put(chart_part, _chart_xml(chart, self.values), CHART_CONTENT)
            _place_anchor(drawing, chart, mark, old_id)
        self.parts.put(drawing_part, serialize(drawing))
        return touched

    def _renumbered(self, rels: Rels, named: str | None) -> tuple[str, str] | None:
        """(Id, part) of the chart whose only series plots the cells the toolkit's name refers
        to, after a program renumbered the relationships; None when there is no such one."""
        wanted = _area_key(named)
        if wanted is None:
            return None
        found = []
        for rel_id, part in rels.of_type(CHART_TYPE):
            if not self.parts.exists(part):
                continue
            root = parse_xml(self.parts.read(part))
            series = list(root.iter(f"{{{_C}}}ser"))
            if len(series) != 1:
                continue
            value = series[0].find(f"{{{_C}}}val//{{{_C}}}f")
            if value is not None and _area_key(value.text) == wanted:
                found.append((rel_id, part))
        return found[0] if len(found) == 1 else None


def _place_anchor(drawing: etree._Element, chart: AddChart, mark: str, old_id: str) -> None:
    """Replace the anchor holding the chart ``old_id`` names, or add one after the others."""
    ids = [int(item.get("id", "0")) for item in drawing.iter(f"{{{_XDR}}}cNvPr")]
    old = None
    for reference in drawing.iter(f"{{{_C}}}chart"):
        if reference.get(_R_ID) == old_id:
            old = next((a for a in reference.iterancestors() if a.getparent() is drawing), None)
    number = max(ids, default=1) + 1
    if old is not None:
        kept = old.find(f".//{{{_XDR}}}cNvPr")
        number = int(kept.get("id", str(number))) if kept is not None else number
    anchor = parse_xml(_anchor_xml(chart, mark, number))
    if old is not None:
        old.addprevious(anchor)
        drawing.remove(old)
    else:
        drawing.append(anchor)


def _anchor_xml(chart: AddChart, mark: str, number: int) -> bytes:
    top, left = chart.anchor.row - 1, chart.anchor.column - 1
    count = chart.values.last_row - chart.values.first_row + 1
    bottom = top + max(_MIN_ROWS, count + 5)
    title = _escape(chart.title)
    return (
        f'<xdr:twoCellAnchor xmlns:xdr="{_XDR}" xmlns:a="{_A}" xmlns:c="{_C}"'
        f' xmlns:r="{OFFICE_RELS}" editAs="oneCell">'
        f"<xdr:from><xdr:col>{left}</xdr:col><xdr:colOff>0</xdr:colOff>"
        f"<xdr:row>{top}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>"
        f"<xdr:to><xdr:col>{left + _WIDTH_COLUMNS}</xdr:col><xdr:colOff>0</xdr:colOff>"
        f"<xdr:row>{bottom}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>"
        f'<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr>'
        f'<xdr:cNvPr id="{number}" name="{title}"/><xdr:cNvGraphicFramePr/>'
        "</xdr:nvGraphicFramePr>"
        '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>'
        f'<a:graphic><a:graphicData uri="{_C}"><c:chart r:id="{mark}"/></a:graphicData>'
        "</a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>"
    ).encode()


def _chart_xml(chart: AddChart, values: Mapping[tuple[int, int], CellValue]) -> bytes:
    categories = _cells(chart.categories, values)
    numbers = _cells(chart.values, values)
    title = _escape(chart.title)
    category_points = "".join(
        f'<c:pt idx="{index}"><c:v>{_escape(_label(value))}</c:v></c:pt>'
        for index, value in enumerate(categories)
        if value is not None and value != ""
    )
    value_points = "".join(
        f'<c:pt idx="{index}"><c:v>{_number(value)}</c:v></c:pt>'
        for index, value in enumerate(numbers)
        if isinstance(value, int | float) and not isinstance(value, bool)
    )
    category_axis, value_axis = ("l", "b") if chart.horizontal else ("b", "l")
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<c:chartSpace xmlns:c="{_C}" xmlns:a="{_A}" xmlns:r="{OFFICE_RELS}">'
        '<c:roundedCorners val="0"/><c:chart>'
        f"<c:title><c:tx><c:rich><a:bodyPr/><a:p><a:r><a:t>{title}</a:t></a:r></a:p>"
        '</c:rich></c:tx><c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/>'
        "<c:plotArea><c:layout/><c:barChart>"
        f'<c:barDir val="{"bar" if chart.horizontal else "col"}"/>'
        '<c:grouping val="clustered"/><c:varyColors val="0"/>'
        '<c:ser><c:idx val="0"/><c:order val="0"/>'
        # Its own colour: without one, a reader takes it from the theme, which a workbook
        # saved by LibreOffice does not have (the bars then come out transparent).
        f'<c:spPr><a:solidFill><a:srgbClr val="{_BAR_COLOUR}"/></a:solidFill></c:spPr>'
        '<c:invertIfNegative val="0"/>'
        f"<c:cat><c:strRef><c:f>{_escape(_reference(chart.tab, chart.categories))}</c:f>"
        f'<c:strCache><c:ptCount val="{len(categories)}"/>{category_points}</c:strCache>'
        "</c:strRef></c:cat>"
        f"<c:val><c:numRef><c:f>{_escape(_reference(chart.tab, chart.values))}</c:f>"
        f'<c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="{len(numbers)}"/>'
        f"{value_points}</c:numCache></c:numRef></c:val></c:ser>"
        '<c:gapWidth val="60"/><c:axId val="500100"/><c:axId val="500200"/></c:barChart>'
        '<c:catAx><c:axId val="500100"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
        f'<c:delete val="0"/><c:axPos val="{category_axis}"/>'
        '<c:numFmt formatCode="General" sourceLinked="0"/><c:tickLblPos val="nextTo"/>'
        '<c:crossAx val="500200"/><c:crosses val="autoZero"/><c:auto val="1"/>'
        '<c:lblAlgn val="ctr"/><c:lblOffset val="100"/></c:catAx>'
        '<c:valAx><c:axId val="500200"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
        f'<c:delete val="0"/><c:axPos val="{value_axis}"/><c:majorGridlines/>'
        '<c:numFmt formatCode="General" sourceLinked="1"/><c:tickLblPos val="nextTo"/>'
        '<c:crossAx val="500100"/><c:crosses val="autoZero"/>'
        '<c:crossBetween val="between"/></c:valAx></c:plotArea>'
        '<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart></c:chartSpace>'
    ).encode()


def _cells(span: Span, values: Mapping[tuple[int, int], CellValue]) -> list[CellValue]:
    return [
        values.get((row, column))
        for row in range(span.first_row, span.last_row + 1)
        for column in range(span.first_column, span.last_column + 1)
    ]


def _reference(tab: str, span: Span) -> str:
    first = f"${column_letter(span.first_column)}${span.first_row}"
    last = f"${column_letter(span.last_column)}${span.last_row}"
    return f"{quoted_title(tab)}!{first}:{last}"


def _label(value: CellValue) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _escape(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )
