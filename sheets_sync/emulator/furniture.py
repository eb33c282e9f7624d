"""A sheet's furniture as Google keeps it: charts, protections backed by named ranges, and
the ``*Style`` twins of the colours in a cell format.

``twin_styles`` is what Google does to every colour written into a ``CellFormat``: the plain
colour (``backgroundColor``) and its ``ColorStyle`` twin (``backgroundColorStyle``) always
say the same, whichever of the two a request set::

    data = {"userEnteredFormat": {"backgroundColor": {"red": 1}}}
    twin_styles(data, [("userEnteredFormat", "backgroundColor")])
    # {"userEnteredFormat": {"backgroundColor": {"red": 1},
    #                        "backgroundColorStyle": {"rgbColor": {"red": 1}}}}

A theme colour (``{"themeColor": "ACCENT1"}``) has no plain twin here: the plain colour is
left out rather than guessed. Charts are ``EmbeddedChart`` dicts in ``Sheet.charts``; their
source ranges and anchor cell move with inserted and deleted rows and columns
(``chart_ranges`` lists them for ``Sheet.ranges``).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from .ranges import RequestError, grid_block

if TYPE_CHECKING:
    from .model import Sheet, Spreadsheet

# (where in a CellData, the plain colour, its ColorStyle twin)
_TWINS: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (("userEnteredFormat",), "backgroundColor", "backgroundColorStyle"),
    (("userEnteredFormat", "textFormat"), "foregroundColor", "foregroundColorStyle"),
    *(
        (("userEnteredFormat", "borders", side), "color", "colorStyle")
        for side in ("top", "bottom", "left", "right")
    ),
)
DEFAULT_CHART_SIZE = {"widthPixels": 600, "heightPixels": 371}


def _touches(paths: list[tuple[str, ...]], target: tuple[str, ...]) -> bool:
    """Whether a written path is ``target``, inside it, or one of its parents."""
    return any(
        path[: len(target)] == target or target[: len(path)] == path or path[0] == "*"
        for path in paths
    )


def _at(data: dict[str, Any], where: tuple[str, ...]) -> dict[str, Any] | None:
    for name in where:
        data = data.get(name)  # type: ignore[assignment]
        if not isinstance(data, dict):
            return None
    return data


def twin_styles(data: dict[str, Any], paths: list[tuple[str, ...]]) -> None:
    """Make each colour of a CellData and its ``*Style`` twin agree after a write of ``paths``."""
    for where, plain, style in _TWINS:
        holder = _at(data, where)
        if holder is None:
            continue
        wrote_plain = _touches(paths, (*where, plain))
        wrote_style = _touches(paths, (*where, style))
        if wrote_plain and (not wrote_style or style not in holder):
            if isinstance(holder.get(plain), dict):
                holder[style] = {"rgbColor": copy.deepcopy(holder[plain])}
            elif not wrote_style:
                holder.pop(style, None)
        if wrote_style and (not wrote_plain or plain not in holder):
            rgb = (holder.get(style) or {}).get("rgbColor")
            if isinstance(rgb, dict):
                holder[plain] = copy.deepcopy(rgb)
            elif not wrote_plain or style in holder:
                holder.pop(plain, None)


LINK_COLOR = {"red": 0.06666667, "green": 0.33333334, "blue": 0.8}  # #1155CC


def text_runs(data: dict[str, Any], paths: list[tuple[str, ...]]) -> None:
    """Runs as Google keeps them: a new value erases the old runs, and a run with a link is
    underlined in the link colour unless the request said otherwise."""
    wrote_value = _touches(paths, ("userEnteredValue",))
    wrote_runs = _touches(paths, ("textFormatRuns",))
    if wrote_value and not wrote_runs:
        data.pop("textFormatRuns", None)
    if not wrote_runs:
        return
    for run in data.get("textFormatRuns") or []:
        text = (run.get("format") or {}) if isinstance(run, dict) else {}
        if "link" in text:
            text.setdefault("underline", True)
            if "foregroundColor" not in text and "foregroundColorStyle" not in text:
                text["foregroundColor"] = dict(LINK_COLOR)
                text["foregroundColorStyle"] = {"rgbColor": dict(LINK_COLOR)}


def hyperlink(data: dict[str, Any]) -> str | None:
    """The read-only ``hyperlink`` of a cell: the link of a run spanning its whole text."""
    runs = data.get("textFormatRuns") or []
    if len(runs) != 1 or runs[0].get("startIndex", 0) != 0:
        return None
    link = ((runs[0].get("format") or {}).get("link") or {}).get("uri")
    return link if isinstance(link, str) else None


# -- charts --------------------------------------------------------------------------------


def chart_ranges(charts: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Every GridRange a chart reads from, live (they move with the sheet's lines)."""
    for chart in charts:
        yield from _sources(chart.get("spec") or {})


def _sources(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "sources" and isinstance(item, list):
                yield from (grid for grid in item if isinstance(grid, dict))
            else:
                yield from _sources(item)
    elif isinstance(value, list):
        for item in value:
            yield from _sources(item)


def _every_chart(book: Spreadsheet) -> Iterator[tuple[Sheet, dict[str, Any]]]:
    for sheet in book.sheets:
        for chart in sheet.charts:
            yield sheet, chart


def add_chart(book: Spreadsheet, request: dict[str, Any]) -> dict[str, Any]:
    from .model import random_id

    chart = copy.deepcopy(request.get("chart") or {})
    overlay = (chart.get("position") or {}).get("overlayPosition")
    if overlay is None:
        raise RequestError("The emulator places charts by overlayPosition only.")
    anchor = overlay.get("anchorCell") or {}
    sheet = book.find_id(anchor.get("sheetId", 0))
    if sheet is None:
        raise RequestError(f"No grid with id: {anchor.get('sheetId', 0)}")
    for grid in chart_ranges([chart]):
        grid_block(book, grid)
    taken = {c.get("chartId") for _, c in _every_chart(book)} | {s.sheet_id for s in book.sheets}
    chart_id = chart.get("chartId")
    if chart_id is None:
        chart_id = random_id({t for t in taken if isinstance(t, int)})
    elif chart_id in taken:
        raise RequestError(f"An object with id {chart_id} already exists.")
    anchor.setdefault("rowIndex", 0)
    anchor.setdefault("columnIndex", 0)
    for key, value in DEFAULT_CHART_SIZE.items():
        overlay.setdefault(key, value)
    spec = chart.setdefault("spec", {})
    spec.setdefault("hiddenDimensionStrategy", "SKIP_HIDDEN_ROWS_AND_COLUMNS")
    stored = {"chartId": chart_id, **{k: v for k, v in chart.items() if k != "chartId"}}
    sheet.charts.append(stored)
    return {"chart": copy.deepcopy(stored)}


def renumber_charts(book: Spreadsheet, copy_of_sheet: Sheet) -> None:
    """A duplicated sheet's charts get ids of their own, their ranges its sheet id."""
    from .model import random_id

    taken = {c.get("chartId") for _, c in _every_chart(book)} | {s.sheet_id for s in book.sheets}
    for chart in copy_of_sheet.charts:
        chart["chartId"] = random_id({t for t in taken if isinstance(t, int)})
        taken.add(chart["chartId"])
        anchor = ((chart.get("position") or {}).get("overlayPosition") or {}).get("anchorCell")
        for grid in [*chart_ranges([chart]), *([anchor] if isinstance(anchor, dict) else [])]:
            grid["sheetId"] = copy_of_sheet.sheet_id


def delete_embedded_object(book: Spreadsheet, request: dict[str, Any]) -> None:
    wanted = request.get("objectId")
    for sheet, chart in _every_chart(book):
        if chart.get("chartId") == wanted:
            sheet.charts.remove(chart)
            return
    raise RequestError(f"No object with id: {wanted}")


# -- protections backed by named ranges ----------------------------------------------------


def _named_range(book: Spreadsheet, named_range_id: Any) -> dict[str, Any]:
    found = next((n for n in book.named_ranges if n["namedRangeId"] == named_range_id), None)
    if found is None:
        raise RequestError(f"No named range with id: {named_range_id}")
    return found


def resolve_named(book: Spreadsheet, protected: dict[str, Any]) -> dict[str, Any]:
    """A protection given by ``namedRangeId`` with the range it protects filled in."""
    if "namedRangeId" not in protected:
        return protected
    if "range" in protected:
        raise RequestError("Only one of range or namedRangeId may be set.")
    named = _named_range(book, protected["namedRangeId"])
    return {**protected, "range": copy.deepcopy(named["range"])}


def follow_named(book: Spreadsheet, named_range_id: str) -> None:
    """Protections backed by a named range protect its new range."""
    named = next((n for n in book.named_ranges if n["namedRangeId"] == named_range_id), None)
    for sheet in book.sheets:
        for protected in list(sheet.protected_ranges):
            if protected.get("namedRangeId") != named_range_id:
                continue
            if named is None:  # the protection goes with its named range
                sheet.protected_ranges.remove(protected)
                continue
            target = book.find_id(named["range"].get("sheetId", 0))
            protected["range"] = copy.deepcopy(named["range"])
            if target is not None and target is not sheet:
                sheet.protected_ranges.remove(protected)
                target.protected_ranges.append(protected)
