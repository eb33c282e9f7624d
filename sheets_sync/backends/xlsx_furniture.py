"""A worksheet's furniture in its XML: frozen rows, autofilter, data validation, the input
help that stands in for protection, and print setup.

::

    furnish(skeleton, FreezeRows("Мугалимдер", 1), names)    # edits the parsed worksheet
    check_furniture(change, titles)                          # before anything is written

The writer parses a worksheet without its rows (the skeleton, xlsx_patch) and these
functions edit it. An element that is not there yet goes where CT_Worksheet wants it
(ECMA-376 Part 1, 18.3.1.99: Excel refuses a sheet whose children are out of order); every
attribute and child the sheet already had stays, so a school's own view settings, filter
criteria and validations on other cells are kept.

What each kind becomes:

- ``FreezeRows``: the first ``<sheetView>``'s ``<pane ySplit topLeftCell state="frozen">``
  (frozen columns of the school's stay frozen);
- ``SetFilter``: ``<autoFilter ref>``, its ``<filterColumn>`` criteria kept on the same
  columns, and the hidden ``_xlnm._FilterDatabase`` name Excel keeps beside it; a span that
  meets an Excel table (which has filter buttons of its own) is left alone, as Excel refuses
  a sheet filter over a table;
- ``SetValidation``: a ``<dataValidation>`` on the span, which first leaves every other
  validation (also Excel 2010's ``x14`` ones) off the span's cells; a list is a quoted list
  (``"a,b"``), a range a ``$``-absolute reference, a date any date after 1900-01-01; a rule
  that is not ``strict`` warns (``errorStyle="warning"``); the message is the input help;
- ``ProtectRange``: xlsx has no protection that only warns, and sheet protection would lock
  the whole sheet for staff. The toolkit therefore never locks a cell nor turns sheet
  protection on: the span's cells get the description as input help (a validation without a
  rule, on those cells of the span no other validation covers), and a hidden name
  ``_sheets_sync_protect_<key>`` remembers the span, so the next ``ProtectRange`` with that
  key first takes the old help away (``warning_only`` False is written the same way: locking
  the cells would need sheet protection, which would lock the school's cells too);
- ``SetPrint``: ``<pageSetup orientation fitToWidth="1" fitToHeight="0">`` with
  ``<sheetPr><pageSetUpPr fitToPage="1">``, and the ``_xlnm.Print_Titles`` name for the
  repeated rows (repeated columns a school set stay).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from lxml import etree

from ..changes import (
    Change,
    FreezeRows,
    MarkLayout,
    ProtectRange,
    SetFill,
    SetFilter,
    SetPrint,
    SetStyle,
    SetValidation,
    Validation,
    column_letter,
)
from ..snapshot import Span
from .xlsx_marks import quoted_title
from .xlsx_package import MAIN
from .xlsx_parts import WORKBOOK_BEFORE_NAMES, WORKSHEET_ORDER
from .xlsx_refs import split_reference

__all__ = [
    "FURNITURE",
    "PROTECT_PREFIX",
    "DefinedNames",
    "check_furniture",
    "furnish",
    "parse_sqref",
    "protect_name",
]

FURNITURE = (FreezeRows, SetFilter, SetValidation, ProtectRange, SetPrint)
PROTECT_PREFIX = "_sheets_sync_protect_"
FILTER_NAME = "_xlnm._FilterDatabase"
PRINT_TITLES = "_xlnm.Print_Titles"
_M = f"{{{MAIN}}}"
_X14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
_XM = "http://schemas.microsoft.com/office/excel/2006/main"
_MAX_ROW, _MAX_COLUMN = 1_048_576, 16_384
_MAX_FORMULA = 255  # Excel's longest list literal and input message
_KEY = re.compile(r"[a-z][a-z0-9_]*\Z")
_DIGEST = re.compile(r"[0-9a-f]{1,200}\Z")
_COLOUR = re.compile(r"[0-9A-Fa-f]{6}\Z")

# CT_SheetPr's children: tabColor, outlinePr, pageSetUpPr.
_SHEET_PR_ORDER = ("tabColor", "outlinePr", "pageSetUpPr")

Rect = tuple[int, int, int, int]  # top, left, bottom, right


# -- placing elements -----------------------------------------------------------------------


def child(
    parent: etree._Element, name: str, order: tuple[str, ...] = WORKSHEET_ORDER
) -> etree._Element:
    """``parent``'s child ``name``, created where ``order`` puts it if it is not there."""
    found = parent.find(f"{_M}{name}")
    if found is not None:
        return found
    element = etree.Element(f"{_M}{name}")
    earlier = set(order[: order.index(name)])
    position = 0
    for index, item in enumerate(parent):
        if (
            isinstance(item.tag, str)
            and etree.QName(item).namespace == MAIN
            and etree.QName(item).localname in earlier
        ):
            position = index + 1
    parent.insert(position, element)
    return element


# -- ranges ---------------------------------------------------------------------------------


def parse_sqref(text: str) -> list[Rect]:
    """The rectangles of a space-separated reference list ("A2:A40 C5")."""
    rects = []
    for part in text.split():
        first, _, last = part.partition(":")
        try:
            top, left = split_reference(first)
            bottom, right = split_reference(last or first)
        except ValueError:
            continue
        rects.append((min(top, bottom), min(left, right), max(top, bottom), max(left, right)))
    return rects


def format_sqref(rects: Iterable[Rect]) -> str:
    return " ".join(_a1(rect) for rect in rects)


def _a1(rect: Rect, absolute: bool = False) -> str:
    top, left, bottom, right = rect
    mark = "$" if absolute else ""
    first = f"{mark}{column_letter(left)}{mark}{top}"
    if (top, left) == (bottom, right) and not absolute:
        return first
    return f"{first}:{mark}{column_letter(right)}{mark}{bottom}"


def _rect(span: Span) -> Rect:
    return (span.first_row, span.first_column, span.last_row, span.last_column)


def subtract(rects: Iterable[Rect], cut: Rect) -> list[Rect]:
    """``rects`` without the cells of ``cut``, each split into at most four rectangles."""
    top, left, bottom, right = cut
    kept: list[Rect] = []
    for t, lf, b, r in rects:
        if b < top or t > bottom or r < left or lf > right:
            kept.append((t, lf, b, r))
            continue
        if t < top:
            kept.append((t, lf, top - 1, r))
        if b > bottom:
            kept.append((bottom + 1, lf, b, r))
        middle_top, middle_bottom = max(t, top), min(b, bottom)
        if lf < left:
            kept.append((middle_top, lf, middle_bottom, left - 1))
        if r > right:
            kept.append((middle_top, right + 1, middle_bottom, r))
    return kept


def absolute_range(title: str, first: tuple[int, int], last: tuple[int, int]) -> str:
    return f"{quoted_title(title)}!{_a1((*first, *last), absolute=True)}"


# -- defined names --------------------------------------------------------------------------


@dataclass
class DefinedNames:
    """The ``<definedNames>`` of the workbook being written; ``changed`` once edited."""

    workbook: etree._Element
    changed: bool = False

    def find(self, scope: int, name: str) -> etree._Element | None:
        names = self.workbook.find(f"{_M}definedNames")
        for element in names if names is not None else ():
            if element.get("localSheetId") == str(scope) and (
                (element.get("name") or "").casefold() == name.casefold()
            ):
                return element
        return None

    def set(
        self,
        scope: int,
        name: str,
        text: str | None,
        *,
        hidden: bool = True,
        prefix: str | None = None,
    ) -> None:
        """After this, ``name`` (sheet-scoped) holds ``text`` (None: no such name); with
        ``prefix``, other names of the scope with that prefix go. An equal name stays as it
        is, where it is."""
        names = self.workbook.find(f"{_M}definedNames")
        if names is None:
            if text is None:
                return
            names = etree.Element(f"{_M}definedNames")
            position = 0
            for index, item in enumerate(self.workbook):
                if (
                    isinstance(item.tag, str)
                    and etree.QName(item).localname in WORKBOOK_BEFORE_NAMES
                ):
                    position = index + 1
            self.workbook.insert(position, names)
        kept = False
        for element in list(names):
            if element.get("localSheetId") != str(scope):
                continue
            folded = (element.get("name") or "").casefold()
            same = folded == name.casefold()
            if not same and not (prefix and folded.startswith(prefix.casefold())):
                continue
            # LibreOffice saves names unhidden and without needless quotes: still equal.
            equal = (
                same
                and not kept
                and text is not None
                and _unquoted(element.text or "") == _unquoted(text)
            )
            if equal:
                kept = True
                continue
            names.remove(element)
            self.changed = True
        if text is not None and not kept:
            element = etree.SubElement(names, f"{_M}definedName")
            element.set("name", name)
            element.set("localSheetId", str(scope))
            if hidden:
                element.set("hidden", "1")
            element.text = text
            self.changed = True
        if not len(names):
            self.workbook.remove(names)


_QUOTED_SHEET = re.compile(r"'((?:[^']|'')+)'!")


def _unquoted(text: str) -> str:
    """A reference with its sheet names unquoted, to compare two spellings of one range."""
    return _QUOTED_SHEET.sub(lambda match: match.group(1).replace("''", "'") + "!", text)


def protect_name(key: str) -> str:
    return PROTECT_PREFIX + key


# -- checking -------------------------------------------------------------------------------


def check_furniture(change: Change) -> None:
    """Refuse, before anything is written, a furniture change no worksheet can hold."""
    span = getattr(change, "span", None)
    if span is not None:
        _check_span(span, change.tab)
    if isinstance(change, FreezeRows) and not 0 <= change.rows < _MAX_ROW:
        raise ValueError(f"cannot freeze {change.rows} rows of {change.tab!r}")
    if isinstance(change, SetPrint) and not 0 <= change.repeat_rows <= _MAX_ROW:
        raise ValueError(f"cannot repeat {change.repeat_rows} rows of {change.tab!r}")
    if isinstance(change, ProtectRange) and not _KEY.match(change.key):
        raise ValueError(f"a protection key is lower-case letters, digits and _: {change.key!r}")
    if isinstance(change, MarkLayout) and not _DIGEST.match(change.digest):
        raise ValueError(f"a layout digest is lower-case hex: {change.digest!r}")
    if isinstance(change, SetValidation) and change.validation is not None:
        _formula(change.validation, 1)
    if isinstance(change, SetFill) and change.color is not None:
        _check_colour(change.color)
    if isinstance(change, SetStyle):
        style = change.style
        for colour in (style.fill, style.color):
            if colour is not None:
                _check_colour(colour)
        if style.align not in (None, "left", "center", "right"):
            raise ValueError(f"a cell cannot be aligned {style.align!r}")
        if style.size is not None and not 1 <= style.size <= 409:
            raise ValueError(f"a font cannot be {style.size} points")


def _check_colour(colour: str) -> None:
    if not _COLOUR.match(colour):
        raise ValueError(f"a colour is six hex digits RRGGBB: {colour!r}")


def _check_span(span: Span, tab: str) -> None:
    if not (
        1 <= span.first_row <= span.last_row <= _MAX_ROW
        and 1 <= span.first_column <= span.last_column <= _MAX_COLUMN
    ):
        raise ValueError(f"{span} is not a range of cells on {tab!r}")


# -- editing a worksheet --------------------------------------------------------------------


def furnish(
    skeleton: etree._Element,
    change: Change,
    names: DefinedNames,
    title: str,
    scope: int,
    tables: Iterable[Rect] = (),
) -> None:
    """Apply one furniture ``change`` to the worksheet ``skeleton`` (sheet ``title``, the
    ``scope``-th in the workbook, with Excel tables over ``tables``), and to the workbook's
    names it goes with."""
    if isinstance(change, FreezeRows):
        _freeze(skeleton, change.rows)
    elif isinstance(change, SetFilter):
        if any(subtract([_rect(change.span)], table) != [_rect(change.span)] for table in tables):
            return  # a table filters itself; a sheet filter over it is a damaged file to Excel
        _filter(skeleton, change.span)
        last = (change.span.last_row, change.span.last_column)
        first = (change.span.first_row, change.span.first_column)
        names.set(scope, FILTER_NAME, absolute_range(title, first, last))
    elif isinstance(change, SetValidation):
        rect, rule = _rect(change.span), change.validation
        _unordered(lambda: _validate(skeleton, rect, rule), skeleton)
    elif isinstance(change, ProtectRange):
        _unordered(lambda: _protect(skeleton, change, names, title, scope), skeleton)
    elif isinstance(change, SetPrint):
        _print(skeleton, change)
        _print_titles(names, scope, title, change.repeat_rows)
    else:
        raise TypeError(f"the xlsx backend cannot apply {type(change).__name__} changes")


def _freeze(skeleton: etree._Element, rows: int) -> None:
    view = child(skeleton, "sheetViews").find(f"{_M}sheetView")
    if view is None:
        view = etree.SubElement(child(skeleton, "sheetViews"), f"{_M}sheetView")
        view.set("workbookViewId", "0")
    pane = view.find(f"{_M}pane")
    frozen = pane is not None and pane.get("state") in ("frozen", "frozenSplit")
    columns = int(float(pane.get("xSplit", "0") or 0)) if frozen else 0
    if rows == 0 and columns == 0:
        if frozen:
            view.remove(pane)
            _keep_selections(view, {"topLeft"})
        return
    if pane is None or not frozen:
        if pane is not None:
            view.remove(pane)  # a plain split becomes the frozen pane
        pane = etree.Element(f"{_M}pane")
        view.insert(0, pane)
    if columns:
        pane.set("xSplit", str(columns))
    if rows:
        pane.set("ySplit", str(rows))
    else:
        pane.attrib.pop("ySplit", None)
    corner = f"{column_letter(columns + 1)}{rows + 1}"
    active = {(True, True): "bottomRight", (True, False): "bottomLeft"}.get(
        (bool(rows), bool(columns)), "topRight"
    )
    pane.set("topLeftCell", corner)
    pane.set("activePane", active)
    pane.set("state", "frozen")
    panes = {"topLeft", active}
    if rows and columns:
        panes |= {"bottomLeft", "topRight"}
    _keep_selections(view, panes)
    if not any(item.get("pane", "topLeft") == active for item in view.iterfind(f"{_M}selection")):
        selection = etree.Element(f"{_M}selection", pane=active, activeCell=corner, sqref=corner)
        later = [item for item in view if etree.QName(item).localname not in ("pane", "selection")]
        if later:
            later[0].addprevious(selection)
        else:
            view.append(selection)


def _keep_selections(view: etree._Element, panes: set[str]) -> None:
    for item in list(view.iterfind(f"{_M}selection")):
        if item.get("pane", "topLeft") not in panes:
            view.remove(item)


def _filter(skeleton: etree._Element, span: Span) -> None:
    element = child(skeleton, "autoFilter")
    old = parse_sqref(element.get("ref") or "")
    shift = span.first_column - old[0][1] if old else 0
    width = span.last_column - span.first_column + 1
    for column in list(element.iterfind(f"{_M}filterColumn")):
        number = int(column.get("colId", "0")) - shift
        if 0 <= number < width:
            column.set("colId", str(number))
        else:
            element.remove(column)  # its column is no longer under the filter
    element.set("ref", _a1(_rect(span)))


def _validation_lists(skeleton: etree._Element) -> list[tuple[etree._Element, str]]:
    """Every validation on the sheet with how its cells are named: ("attr") the main
    namespace's sqref attribute, ("xm") Excel 2010's <xm:sqref> element."""
    found: list[tuple[etree._Element, str]] = []
    main = skeleton.find(f"{_M}dataValidations")
    if main is not None:
        found += [(item, "attr") for item in main.iterfind(f"{_M}dataValidation")]
    for item in skeleton.iterfind(
        f"{_M}extLst/{_M}ext/{{{_X14}}}dataValidations/{{{_X14}}}dataValidation"
    ):
        found.append((item, "xm"))
    return found


def _cells_of(item: etree._Element, how: str) -> list[Rect]:
    if how == "attr":
        return parse_sqref(item.get("sqref") or "")
    return parse_sqref(item.findtext(f"{{{_XM}}}sqref") or "")


def _set_cells(item: etree._Element, how: str, rects: list[Rect]) -> None:
    container = item.getparent()
    if not rects:
        container.remove(item)
        _drop_if_empty(container)
        return
    if how == "attr":
        item.set("sqref", format_sqref(rects))
    else:
        item.find(f"{{{_XM}}}sqref").text = format_sqref(rects)


def _drop_if_empty(container: etree._Element) -> None:
    while container is not None and etree.QName(container).localname != "worksheet":
        if len(container):
            if container.get("count") is not None:
                container.set("count", str(len(container)))
            return
        parent = container.getparent()
        parent.remove(container)
        container = parent


def _clear(skeleton: etree._Element, cut: Rect, *, only_help: bool = False) -> None:
    for item, how in _validation_lists(skeleton):
        if only_help and not _is_help(item, how):
            continue
        before = _cells_of(item, how)
        after = subtract(before, cut)
        if after != before:
            _set_cells(item, how, after)


def _is_help(item: etree._Element, how: str) -> bool:
    return how == "attr" and item.get("type", "none") == "none"


def _add(
    skeleton: etree._Element, rects: list[Rect], attributes: dict[str, str], formula: str | None
) -> None:
    if not rects:
        return
    container = child(skeleton, "dataValidations")
    item = etree.SubElement(container, f"{_M}dataValidation")
    for name, value in attributes.items():
        item.set(name, value)
    item.set("sqref", format_sqref(rects))
    if formula is not None:
        etree.SubElement(item, f"{_M}formula1").text = formula
    container.set("count", str(len(container)))


_RULE_DEFAULTS = {
    "type": "none",
    "operator": "between",
    "errorStyle": "stop",
    "imeMode": "noControl",
    "allowBlank": "0",
    "showDropDown": "0",
    "showInputMessage": "0",
    "showErrorMessage": "0",
}
_RULE_FLAGS = ("allowBlank", "showDropDown", "showInputMessage", "showErrorMessage")


def _rule_key(item: etree._Element, how: str) -> str:
    """What a validation means, however it is spelt: LibreOffice writes "true" for "1", every
    default out loud, a formula2 nothing reads and sheet names without quotes."""
    attributes = {}
    for name, value in item.attrib.items():
        if name == "sqref":
            continue
        if name in _RULE_FLAGS:
            value = "1" if value.lower() in ("1", "true") else "0"
        if _RULE_DEFAULTS.get(name) != value:
            attributes[name] = value
    kind = attributes.get("type", "none")
    used = [] if kind == "none" else ["formula1"]
    if kind not in ("none", "list", "custom") and attributes.get("operator", "between") in (
        "between",
        "notBetween",
    ):
        used.append("formula2")
    formulas = []
    for name in used:
        found = item.find(f"{_M}{name}") if how == "attr" else item.find(f"{{{_X14}}}{name}")
        text = (
            (found.text if how == "attr" else found.findtext(f"{{{_XM}}}f"))
            if found is not None
            else None
        )
        formulas.append(_unquoted((text or "").strip()))
    return repr((how, sorted(attributes.items()), formulas, sorted(_cells_of(item, how))))


def _validations_key(skeleton: etree._Element) -> list[str]:
    return sorted(_rule_key(item, how) for item, how in _validation_lists(skeleton))


def _unordered(edit: Callable[[], None], skeleton: etree._Element) -> None:
    """Run ``edit``; when the sheet ends with the same validations in another order, put
    back the original elements, so an equal rule applied again changes nothing."""
    before = _validations_key(skeleton)
    saved = [
        (element, element.getparent(), element.getparent().index(element), copy.deepcopy(element))
        for element in _validation_containers(skeleton)
    ]
    edit()
    if _validations_key(skeleton) != before:
        return
    for element in _validation_containers(skeleton):
        element.getparent().remove(element)
    for _, parent, index, original in saved:
        parent.insert(index, original)


def _validation_containers(skeleton: etree._Element) -> list[etree._Element]:
    found = [item for item in skeleton.iterfind(f"{_M}dataValidations")]
    return found + list(skeleton.iterfind(f"{_M}extLst"))


def _validate(skeleton: etree._Element, cut: Rect, validation: Validation | None) -> None:
    _clear(skeleton, cut)
    if validation is None:
        return
    attributes = {"type": validation.kind, "allowBlank": "1"}
    if validation.kind == "date":
        attributes["operator"] = "greaterThan"
    if not validation.strict:
        attributes["errorStyle"] = "warning"
    attributes["showErrorMessage"] = "1"
    if validation.message:
        attributes["showInputMessage"] = "1"
        attributes["prompt"] = _shortened(validation.message)
    if validation.kind == "range":
        attributes["type"] = "list"
    _add(skeleton, [cut], attributes, _formula(validation, cut[0]))


def _formula(validation: Validation, row: int) -> str:
    if validation.kind == "list":
        if not validation.values or any("," in value for value in validation.values):
            raise ValueError("a list validation needs values without commas")
        text = '"' + ",".join(value.replace('"', '""') for value in validation.values) + '"'
        if len(text) > _MAX_FORMULA:
            raise ValueError(f"a list validation holds at most {_MAX_FORMULA} characters")
        return text
    if validation.kind == "range":
        start = validation.source
        if start is None:
            raise ValueError("a range validation needs its source cells")
        end = validation.source_end or start
        if end.tab != start.tab:
            raise ValueError("a range validation's cells are on one tab")
        first = (min(start.row, end.row), min(start.column, end.column))
        last = (max(start.row, end.row), max(start.column, end.column))
        return absolute_range(start.tab, first, last)
    if validation.kind == "date":
        return "1"  # serial 1: 1900-01-01, so any real date passes
    raise ValueError(f"unknown validation kind {validation.kind!r}")


def _shortened(text: str) -> str:
    return text if len(text) <= _MAX_FORMULA else text[: _MAX_FORMULA - 1] + "…"


def _protect(
    skeleton: etree._Element, change: ProtectRange, names: DefinedNames, title: str, scope: int
) -> None:
    name = protect_name(change.key)
    previous = names.find(scope, name)
    if previous is not None:
        for rect in _absolute_rects(previous.text or "", title):
            _clear(skeleton, rect, only_help=True)
    cut = _rect(change.span)
    _clear(skeleton, cut, only_help=True)
    free = [cut]
    for item, how in _validation_lists(skeleton):
        for rect in _cells_of(item, how):
            free = subtract(free, rect)
    attributes = {
        "allowBlank": "1",
        "showInputMessage": "1",
        "prompt": _shortened(change.description),
    }
    _add(skeleton, free, attributes, None)
    first = (change.span.first_row, change.span.first_column)
    last = (change.span.last_row, change.span.last_column)
    names.set(scope, name, absolute_range(title, first, last))


_SHEET_PREFIX = re.compile(r"^(?:'(?:[^']|'')+'|[^'!]+)!")


def _absolute_rects(text: str, title: str) -> list[Rect]:
    rects: list[Rect] = []
    for part in _split_names(text):
        match = _SHEET_PREFIX.match(part)
        if match is None or match.group(0)[:-1] not in (quoted_title(title), title):
            continue
        rects += parse_sqref(part[match.end() :].replace("$", ""))
    return rects


def _split_names(text: str) -> list[str]:
    """A name's comma-separated references, commas inside quoted sheet names kept."""
    parts, current, quoted = [], "", False
    for character in text:
        if character == "'":
            quoted = not quoted
        if character == "," and not quoted:
            parts.append(current)
            current = ""
        else:
            current += character
    parts.append(current)
    return [part.strip() for part in parts if part.strip()]


def _print(skeleton: etree._Element, change: SetPrint) -> None:
    setup = child(skeleton, "pageSetup")
    setup.set("orientation", "landscape" if change.landscape else "portrait")
    properties = skeleton.find(f"{_M}sheetPr")
    if change.fit_width:
        setup.set("fitToWidth", "1")
        setup.set("fitToHeight", "0")
        properties = child(skeleton, "sheetPr")
        _set_flag(child(properties, "pageSetUpPr", _SHEET_PR_ORDER), "fitToPage", True)
    elif properties is not None:
        fit = properties.find(f"{_M}pageSetUpPr")
        if fit is not None and fit.get("fitToPage") is not None:
            _set_flag(fit, "fitToPage", False)


def _set_flag(element: etree._Element, name: str, value: bool) -> None:
    """A boolean attribute, left as spelt ("true", "1") when it already says so."""
    if (element.get(name, "0").lower() in ("1", "true")) != value:
        element.set(name, "1" if value else "0")


_WHOLE_COLUMNS = re.compile(r"\$?[A-Za-z]{1,3}:\$?[A-Za-z]{1,3}\Z")


def _print_titles(names: DefinedNames, scope: int, title: str, rows: int) -> None:
    existing = names.find(scope, PRINT_TITLES)
    kept = []
    for part in _split_names(existing.text or "") if existing is not None else ():
        match = _SHEET_PREFIX.match(part)
        if match is not None and _WHOLE_COLUMNS.match(part[match.end() :]):
            kept.append(part)  # the school's repeated columns
    if rows:
        kept.append(f"{quoted_title(title)}!$1:${rows}")
    names.set(scope, PRINT_TITLES, ",".join(kept) or None, hidden=False)
