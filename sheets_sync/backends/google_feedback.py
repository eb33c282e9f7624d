"""Feedback on a Google spreadsheet: notes, tints, styles and the sheet's furniture, both ways.

Pure functions, no network. Reading turns the parts of the one ``spreadsheets.get`` that
``google_grid`` asks for (``FEEDBACK_CELL_FIELDS``, ``FEEDBACK_SHEET_FIELDS``) into the
``Tab`` fields (notes, fills, owned, layout, frozen rows, filter, validated columns) and a
``Furniture`` record of the ids ``apply`` needs; writing turns the change kinds into
``batchUpdate`` requests that go in the same single batch as the cells::

    furniture = read_furniture(sheet_json, data)          # ids of the toolkit's own objects
    style_request(sheet_id, Span(1, 9, 40, 11), Style(bold=True))   # one repeatCell
    fill_cell(Color)  /  note_cell("...")                 # CellData + mask for updateCells

How the toolkit knows what it made, by marks it wrote itself (developer metadata, visibility
DOCUMENT, keys under ``sheets-sync.`` with a dot after it, so they are never column or tab
marks):

- ``sheets-sync.tab.layout`` on the sheet: the ``MarkLayout`` digest;
- ``sheets-sync.tab.protections`` on the sheet: JSON {key: namedRangeId}. A protected range's
  id is chosen by Google (the API calls it read-only), so the toolkit protects a named range
  whose id it chooses itself, and knows its protection as the one backed by that named range;
- ``sheets-sync.tab.charts`` on the sheet: JSON {key: chartId} (chart ids may be chosen);
- ``sheets-sync.row.owned`` on a row (location ROWS): JSON {column token: {"note", "fill"}}
  for the notes and tints the toolkit put on that row, and ``sheets-sync.col.owned`` on each
  column holding such cells (location COLUMNS), whose value is the column's token: its
  number when the toolkit first recorded a cell in it, kept for as long as the column lives.
  Google moves row and column metadata with their line when staff insert or delete rows or
  columns before it, and deletes it with its line, so the record follows the person's cell
  both ways; an entry whose column was deleted is no record any more. Reading the record
  costs no extra call: row and column metadata come in the one ``spreadsheets.get``.

``SetPrint`` is accepted and sends nothing: the Sheets API has no print setup (page
orientation, fit to width and repeated rows are set in the print dialog only).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..changes import Style, Validation, column_letter
from ..snapshot import Owned, Span

__all__ = [
    "CHARTS_KEY",
    "FEEDBACK_CELL_FIELDS",
    "FEEDBACK_SHEET_FIELDS",
    "LAYOUT_KEY",
    "OWNED_COLUMN_KEY",
    "OWNED_KEY",
    "PROTECTIONS_KEY",
    "Furniture",
    "chart_request",
    "color_json",
    "fill_of",
    "filter_request",
    "freeze_request",
    "link_uri",
    "owned_value",
    "parse_owned",
    "read_furniture",
    "style_format",
    "validation_rule",
]

LAYOUT_KEY = "sheets-sync.tab.layout"
PROTECTIONS_KEY = "sheets-sync.tab.protections"
CHARTS_KEY = "sheets-sync.tab.charts"
OWNED_KEY = "sheets-sync.row.owned"
OWNED_COLUMN_KEY = "sheets-sync.col.owned"

FEEDBACK_CELL_FIELDS = (
    "note,userEnteredFormat(backgroundColor,backgroundColorStyle),dataValidation.condition.type"
)
FEEDBACK_SHEET_FIELDS = (
    "basicFilter(range,criteria,filterSpecs,sortSpecs),"
    "protectedRanges(protectedRangeId,namedRangeId),charts.chartId"
)
FILL_MASK = "userEnteredFormat.backgroundColor,userEnteredFormat.backgroundColorStyle"
NOTE_MASK = "note"
STYLE_MASK = "userEnteredFormat"
_ALIGN = {"left": "LEFT", "center": "CENTER", "right": "RIGHT"}


@dataclass(frozen=True)
class Furniture:
    """What ``apply`` needs to replace the toolkit's own objects on one tab, as read.

    ``records`` maps each sheet-level key (``LAYOUT_KEY`` ...) to (metadataId, value);
    ``owned_rows`` is (1-based row, metadataId, value) for every row record, ``owned_columns``
    (1-based column, metadataId, token) for every column record;
    ``protections`` maps namedRangeId -> protectedRangeId for protections backed by a named
    range; ``charts`` the chart ids on the tab; ``basic_filter`` the filter as read."""

    records: Mapping[str, tuple[int, str]] = field(default_factory=dict)
    owned_rows: tuple[tuple[int, int, str], ...] = ()
    owned_columns: tuple[tuple[int, int, str], ...] = ()
    protections: Mapping[str, int] = field(default_factory=dict)
    charts: frozenset[int] = frozenset()
    basic_filter: Mapping[str, Any] | None = None

    def metadata_ids(self) -> set[int]:
        found = {mid for mid, _ in self.records.values()}
        return found | {mid for _, mid, _ in (*self.owned_rows, *self.owned_columns)}

    def owned(self) -> dict[tuple[int, int], Owned]:
        """The record as (row, column) -> Owned, columns found by their tokens; an entry
        whose column was deleted is no record."""
        columns: dict[str, int] = {}
        for column, _, token in sorted(self.owned_columns):
            columns.setdefault(token, column)
        found: dict[tuple[int, int], Owned] = {}
        for row, _, value in self.owned_rows:
            for token, owned in parse_owned(value).items():
                column = columns.get(str(token))
                if column is not None:
                    found.setdefault((row, column), owned)
        return found

    def record(self, key: str) -> dict[str, Any]:
        """A JSON object record ({} when missing or unreadable)."""
        found = self.records.get(key)
        if found is None:
            return {}
        try:
            value = json.loads(found[1])
        except ValueError:
            return {}
        return value if isinstance(value, dict) else {}


def _ours(item: Mapping[str, Any], key: str, location_type: str) -> bool:
    location = item.get("location") or {}
    return (
        item.get("metadataKey") == key
        and item.get("visibility") == "DOCUMENT"
        and location.get("locationType") == location_type
    )


def read_furniture(sheet: Mapping[str, Any], data: Mapping[str, Any]) -> Furniture:
    """The toolkit's records and objects on one sheet of the read."""
    records: dict[str, tuple[int, str]] = {}
    for item in sheet.get("developerMetadata") or []:
        for key in (LAYOUT_KEY, PROTECTIONS_KEY, CHARTS_KEY):
            if _ours(item, key, "SHEET") and key not in records:
                records[key] = (int(item.get("metadataId", 0)), str(item.get("metadataValue", "")))
    owned_rows = []
    first = int(data.get("startRow", 0))
    for index, line in enumerate(data.get("rowMetadata") or []):
        for item in line.get("developerMetadata") or []:
            if _ours(item, OWNED_KEY, "ROW"):
                value = str(item.get("metadataValue", ""))
                owned_rows.append((first + index + 1, int(item.get("metadataId", 0)), value))
    owned_columns = []
    left = int(data.get("startColumn", 0))
    for index, line in enumerate(data.get("columnMetadata") or []):
        for item in line.get("developerMetadata") or []:
            if _ours(item, OWNED_COLUMN_KEY, "COLUMN"):
                token = str(item.get("metadataValue", ""))
                owned_columns.append((left + index + 1, int(item.get("metadataId", 0)), token))
    protections = {
        str(p["namedRangeId"]): int(p.get("protectedRangeId", 0))
        for p in sheet.get("protectedRanges") or []
        if p.get("namedRangeId")
    }
    charts = frozenset(int(c.get("chartId", 0)) for c in sheet.get("charts") or [])
    return Furniture(
        records,
        tuple(owned_rows),
        tuple(owned_columns),
        protections,
        charts,
        sheet.get("basicFilter"),
    )


# -- reading cells ---------------------------------------------------------------------------


def hex_color(color: Mapping[str, Any]) -> str:
    """An API Color as "RRGGBB" (channels Google leaves out are 0)."""
    return "".join(
        f"{max(0, min(255, round(float(color.get(c, 0)) * 255))):02X}"
        for c in ("red", "green", "blue")
    )


def fill_of(cell: Mapping[str, Any]) -> str | None:
    """The background a cell has of its own: "RRGGBB", "pattern" for a theme colour, or None."""
    entered = cell.get("userEnteredFormat") or {}
    style = entered.get("backgroundColorStyle")
    if isinstance(style, dict):
        if "themeColor" in style:
            return "pattern"
        if "rgbColor" in style:
            return hex_color(style["rgbColor"] or {})
    color = entered.get("backgroundColor")
    return hex_color(color) if isinstance(color, dict) else None


def has_validation(cell: Mapping[str, Any]) -> bool:
    return bool(cell.get("dataValidation"))


def parse_owned(value: str) -> dict[int, Owned]:
    """A row record's value as {1-based column: Owned}; anything unreadable is no record."""
    try:
        found = json.loads(value)
    except ValueError:
        return {}
    owned: dict[int, Owned] = {}
    if not isinstance(found, dict):
        return owned
    for column, item in found.items():
        if not (isinstance(column, str) and column.isdigit() and isinstance(item, dict)):
            continue
        note, fill = item.get("note"), item.get("fill")
        texts = (note is None or isinstance(note, str)) and (fill is None or isinstance(fill, str))
        if texts and (note is not None or fill is not None):
            owned[int(column)] = Owned(note=note, fill=fill)
    return owned


def owned_value(cells: Mapping[str, Owned]) -> str:
    """{column token: Owned} as a row record's value (compact, in token order)."""
    items = {}
    for column in sorted(cells, key=lambda token: (len(token), token)):
        owned = cells[column]
        entry = {k: v for k, v in (("note", owned.note), ("fill", owned.fill)) if v is not None}
        items[str(column)] = entry
    return json.dumps(items, ensure_ascii=False, separators=(",", ":"))


def basic_filter_span(basic_filter: Mapping[str, Any] | None, rows: int, columns: int):
    if not basic_filter or "range" not in basic_filter:
        return None
    grid = basic_filter["range"]
    return Span(
        int(grid.get("startRowIndex", 0)) + 1,
        int(grid.get("startColumnIndex", 0)) + 1,
        int(grid.get("endRowIndex", rows)),
        int(grid.get("endColumnIndex", columns)),
    )


# -- writing ---------------------------------------------------------------------------------


def color_json(rgb: str) -> dict[str, float]:
    """ "C6EFCE" as an API Color."""
    if len(rgb) != 6 or any(c not in "0123456789abcdefABCDEF" for c in rgb):
        raise ValueError(f"{rgb!r} is not an RRGGBB colour")
    return {
        name: int(rgb[i : i + 2], 16) / 255 for name, i in (("red", 0), ("green", 2), ("blue", 4))
    }


def _background(rgb: str) -> dict[str, Any]:
    color = color_json(rgb)
    return {"backgroundColor": color, "backgroundColorStyle": {"rgbColor": dict(color)}}


def grid_range(sheet_id: int, span: Span, *, to_grid_end: bool = False) -> dict[str, int]:
    """The span as a GridRange. ``to_grid_end`` leaves the end row out, which Google reads as
    "to the last row of the grid": a span that reaches the grid's end as it was read must
    still fit when staff delete a row between the read and the write, or the whole batch is
    refused ("exceeds grid limits")."""
    grid = {
        "sheetId": sheet_id,
        "startRowIndex": span.first_row - 1,
        "endRowIndex": span.last_row,
        "startColumnIndex": span.first_column - 1,
        "endColumnIndex": span.last_column,
    }
    if to_grid_end:
        del grid["endRowIndex"]
    return grid


def _number_format(pattern: str) -> dict[str, str]:
    lowered = pattern.lower()
    has_date = any(c in lowered for c in "dy") or "mmm" in lowered
    if has_date and "h" in lowered:
        kind = "DATE_TIME"
    elif has_date:
        kind = "DATE"
    elif "h" in lowered or "s" in lowered:
        kind = "TIME"
    elif "%" in pattern:
        kind = "PERCENT"
    else:
        kind = "NUMBER"
    return {"type": kind, "pattern": pattern}


def style_format(style: Style) -> dict[str, Any]:
    """A Style as a whole CellFormat (what it does not name is the sheet's default)."""
    cell_format: dict[str, Any] = {}
    if style.fill is not None:
        cell_format.update(_background(style.fill))
    text: dict[str, Any] = {}
    if style.bold:
        text["bold"] = True
    if style.italic:
        text["italic"] = True
    if style.size is not None:
        text["fontSize"] = style.size
    if style.color is not None:
        color = color_json(style.color)
        text["foregroundColor"] = color
        text["foregroundColorStyle"] = {"rgbColor": dict(color)}
    if text:
        cell_format["textFormat"] = text
    if style.wrap:
        cell_format["wrapStrategy"] = "WRAP"
    if style.align is not None:
        if style.align not in _ALIGN:
            raise ValueError(f"{style.align!r} is not an alignment (left, center, right)")
        cell_format["horizontalAlignment"] = _ALIGN[style.align]
    if style.top:
        cell_format["verticalAlignment"] = "TOP"
    if style.number_format is not None:
        cell_format["numberFormat"] = _number_format(style.number_format)
    if style.border:
        cell_format["borders"] = {"bottom": {"style": "SOLID"}}
    return cell_format


def style_request(sheet_id: int, span: Span, style: Style) -> dict[str, Any]:
    cell = {"userEnteredFormat": style_format(style)}
    body = {"range": grid_range(sheet_id, span), "cell": cell, "fields": STYLE_MASK}
    return {"repeatCell": body}


def fill_cell(color: str | None) -> dict[str, Any]:
    """CellData for ``FILL_MASK``: only the background, or none (None)."""
    return {"userEnteredFormat": _background(color)} if color is not None else {}


def note_cell(text: str | None) -> dict[str, Any]:
    return {"note": text} if text is not None else {}


def link_uri(sheet_id: int, row: int, column: int) -> str:
    """A link to a cell of the same spreadsheet, as Sheets writes one."""
    return f"#gid={sheet_id}&range={column_letter(column)}{row}"


def freeze_request(sheet_id: int, rows: int) -> dict[str, Any]:
    properties = {"sheetId": sheet_id, "gridProperties": {"frozenRowCount": rows}}
    return {
        "updateSheetProperties": {
            "properties": properties,
            "fields": "gridProperties.frozenRowCount",
        }
    }


def filter_request(sheet_id: int, span: Span, existing: Mapping[str, Any] | None) -> dict[str, Any]:
    """``setBasicFilter`` over ``span`` keeping the criteria, filter and sort specs of the
    columns the new range still covers (setBasicFilter replaces the whole filter)."""
    new: dict[str, Any] = {"range": grid_range(sheet_id, span)}
    first, last = span.first_column - 1, span.last_column - 1
    existing = existing or {}
    criteria = {
        key: value
        for key, value in (existing.get("criteria") or {}).items()
        if str(key).isdigit() and first <= int(key) <= last
    }
    if criteria:
        new["criteria"] = criteria
    for name in ("filterSpecs", "sortSpecs"):
        kept = [
            spec
            for spec in existing.get(name) or []
            if ("columnIndex" not in spec and "dimensionIndex" not in spec)
            or first <= spec.get("columnIndex", spec.get("dimensionIndex", -1)) <= last
        ]
        if kept:
            new[name] = kept
    return {"setBasicFilter": {"filter": new}}


def _quoted(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def validation_rule(validation: Validation, title_of: Mapping[str, str]) -> dict[str, Any]:
    """A DataValidationRule; ``title_of`` gives the current title of a tab a range names."""
    if validation.kind == "list":
        if not validation.values:
            raise ValueError("a list validation needs at least one value")
        values = [{"userEnteredValue": value} for value in validation.values]
        condition: dict[str, Any] = {"type": "ONE_OF_LIST", "values": values}
    elif validation.kind == "range":
        start, end = validation.source, validation.source_end or validation.source
        if start is None or end is None or start.tab != end.tab:
            raise ValueError("a range validation needs its source cells on one tab")
        title = title_of.get(start.tab, start.tab)
        text = (
            f"={_quoted(title)}!${column_letter(start.column)}${start.row}"
            f":${column_letter(end.column)}${end.row}"
        )
        condition = {"type": "ONE_OF_RANGE", "values": [{"userEnteredValue": text}]}
    elif validation.kind == "date":
        condition = {"type": "DATE_IS_VALID"}
    else:
        raise ValueError(f"{validation.kind!r} is not a validation kind (list, range, date)")
    rule: dict[str, Any] = {"condition": condition, "strict": validation.strict}
    if validation.kind in ("list", "range"):
        rule["showCustomUi"] = True  # the drop-down arrow
    if validation.message:
        rule["inputMessage"] = validation.message
    return rule


def validation_request(
    sheet_id: int,
    span: Span,
    validation: Validation | None,
    title_of: Mapping[str, str],
    *,
    to_grid_end: bool = False,
) -> dict[str, Any]:
    body: dict[str, Any] = {"range": grid_range(sheet_id, span, to_grid_end=to_grid_end)}
    if validation is not None:
        body["rule"] = validation_rule(validation, title_of)
    return {"setDataValidation": body}


def chart_request(
    sheet_id: int,
    chart_id: int,
    title: str,
    categories: Span,
    values: Span,
    anchor: tuple[int, int],
    horizontal: bool,
) -> dict[str, Any]:
    """``addChart``: a bar chart (BAR horizontal, COLUMN upright) under our own chartId."""
    axis = "BOTTOM_AXIS" if horizontal else "LEFT_AXIS"
    spec = {
        "title": title,
        "basicChart": {
            "chartType": "BAR" if horizontal else "COLUMN",
            "legendPosition": "NO_LEGEND",
            "domains": [
                {"domain": {"sourceRange": {"sources": [grid_range(sheet_id, categories)]}}}
            ],
            "series": [
                {
                    "series": {"sourceRange": {"sources": [grid_range(sheet_id, values)]}},
                    "targetAxis": axis,
                }
            ],
            "headerCount": 0,
        },
    }
    row, column = anchor
    position = {
        "overlayPosition": {
            "anchorCell": {"sheetId": sheet_id, "rowIndex": row - 1, "columnIndex": column - 1}
        }
    }
    return {"addChart": {"chart": {"chartId": chart_id, "spec": spec, "position": position}}}


def column_location(sheet_id: int, column: int) -> dict[str, Any]:
    span = {"sheetId": sheet_id, "dimension": "COLUMNS", "startIndex": column - 1}
    return {"dimensionRange": {**span, "endIndex": column}}


def metadata_location(sheet_id: int, row: int | None = None) -> dict[str, Any]:
    if row is None:
        return {"sheetId": sheet_id}
    span = {"sheetId": sheet_id, "dimension": "ROWS", "startIndex": row - 1, "endIndex": row}
    return {"dimensionRange": span}


def create_metadata(
    metadata_id: int, key: str, value: str, location: dict[str, Any]
) -> dict[str, Any]:
    metadata = {
        "metadataId": metadata_id,
        "metadataKey": key,
        "metadataValue": value,
        "location": location,
        "visibility": "DOCUMENT",
    }
    return {"createDeveloperMetadata": {"developerMetadata": metadata}}


def update_metadata_value(metadata_id: int, value: str) -> dict[str, Any]:
    return {
        "updateDeveloperMetadata": {
            "dataFilters": [{"developerMetadataLookup": {"metadataId": metadata_id}}],
            "developerMetadata": {"metadataValue": value},
            "fields": "metadataValue",
        }
    }


def delete_metadata(metadata_id: int) -> dict[str, Any]:
    lookup = {"developerMetadataLookup": {"metadataId": metadata_id}}
    return {"deleteDeveloperMetadata": {"dataFilter": lookup}}


def record_request(
    furniture: Furniture | None,
    key: str,
    value: str,
    sheet_id: int,
    new_id: Any,
) -> list[dict[str, Any]]:
    """Leave the sheet-level record ``key`` holding ``value``; nothing if it already does."""
    found = furniture.records.get(key) if furniture is not None else None
    if found is None:
        return [create_metadata(new_id(), key, value, metadata_location(sheet_id))]
    if found[1] == value:
        return []
    return [update_metadata_value(found[0], value)]


def changed_owned_rows(
    furniture: Furniture | None, wanted: Mapping[tuple[int, int], Owned]
) -> set[int]:
    """Rows whose record ``owned_requests`` creates, changes or deletes."""
    return {row for row, _ in owned_requests(furniture, 0, wanted, lambda: 0) if row}


def _column_tokens(
    furniture: Furniture | None, columns: set[int], sheet_id: int, new_id: Any
) -> tuple[dict[int, str], list[dict[str, Any]]]:
    """The token of each column holding owned cells, and the column records to write.

    A column keeps the token it was given (its number then) for as long as it lives, so a
    row record written before columns moved still names the right column."""
    existing: dict[int, list[tuple[int, str]]] = {}
    for column, metadata_id, token in furniture.owned_columns if furniture is not None else ():
        existing.setdefault(column, []).append((metadata_id, token))
    used = {token for records in existing.values() for _, token in records}
    for _, _, value in furniture.owned_rows if furniture is not None else ():
        used |= set(_keys(value))
    tokens: dict[int, str] = {}
    requests: list[dict[str, Any]] = []
    for column in sorted(columns):
        records = existing.get(column)
        if records:
            tokens[column] = records[0][1]
            continue
        token = str(column)
        if token in used:
            token = str(max((int(t) for t in used if t.isdigit()), default=0) + 1)
        used.add(token)
        tokens[column] = token
        location = column_location(sheet_id, column)
        requests.append(create_metadata(new_id(), OWNED_COLUMN_KEY, token, location))
    for column, records in existing.items():
        keep = 1 if column in columns else 0
        requests += [delete_metadata(mid) for mid, _ in records[keep:]]
    return tokens, requests


def _keys(value: str) -> list[str]:
    try:
        found = json.loads(value)
    except ValueError:
        return []
    return [key for key in found if isinstance(key, str)] if isinstance(found, dict) else []


def owned_requests(
    furniture: Furniture | None,
    sheet_id: int,
    wanted: Mapping[tuple[int, int], Owned],
    new_id: Any,
) -> list[tuple[int, dict[str, Any]]]:
    """(1-based row, request) leaving exactly ``wanted`` in the tab's records (row 0 for a
    column record)."""
    kept = {
        position: owned
        for position, owned in wanted.items()
        if owned.note is not None or owned.fill is not None
    }
    tokens, column_requests = _column_tokens(
        furniture, {column for _, column in kept}, sheet_id, new_id
    )
    by_row: dict[int, dict[str, Owned]] = {}
    for (row, column), owned in kept.items():
        by_row.setdefault(row, {})[tokens[column]] = owned
    existing: dict[int, list[tuple[int, str]]] = {}
    for row, metadata_id, value in furniture.owned_rows if furniture is not None else ():
        existing.setdefault(row, []).append((metadata_id, value))
    requests: list[tuple[int, dict[str, Any]]] = [(0, request) for request in column_requests]
    for row in sorted(set(by_row) | set(existing)):
        records = existing.get(row, [])
        if row not in by_row:
            requests += [(row, delete_metadata(mid)) for mid, _ in records]
            continue
        value = owned_value(by_row[row])
        if not records:
            location = metadata_location(sheet_id, row)
            requests.append((row, create_metadata(new_id(), OWNED_KEY, value, location)))
            continue
        (keep, old), rest = records[0], records[1:]
        if old != value:
            requests.append((row, update_metadata_value(keep, value)))
        requests += [(row, delete_metadata(mid)) for mid, _ in rest]
    return requests


def named_range_request(
    named_range_id: str, name: str, sheet_id: int, span: Span, *, update: bool
) -> dict[str, Any]:
    named = {"namedRangeId": named_range_id, "range": grid_range(sheet_id, span)}
    if update:
        return {"updateNamedRange": {"namedRange": named, "fields": "range"}}
    return {"addNamedRange": {"namedRange": {**named, "name": name}}}


def protection_requests(
    protected_range_id: int | None,
    named_range_id: str,
    description: str,
    warning_only: bool,
) -> dict[str, Any]:
    """Protect the named range (a new protection), or update the one already backed by it."""
    if protected_range_id is None:
        protected = {
            "namedRangeId": named_range_id,
            "description": description,
            "warningOnly": warning_only,
        }
        return {"addProtectedRange": {"protectedRange": protected}}
    protected = {
        "protectedRangeId": protected_range_id,
        "description": description,
        "warningOnly": warning_only,
    }
    return {
        "updateProtectedRange": {"protectedRange": protected, "fields": "description,warningOnly"}
    }


def ids_in(values: Iterable[Any]) -> set[int]:
    return {int(v) for v in values if isinstance(v, int) or (isinstance(v, str) and v.isdigit())}
