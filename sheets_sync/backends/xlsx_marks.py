"""The toolkit's marks in a workbook: hidden, sheet-scoped defined names it writes itself.

A ``MarkColumn(tab, column, "status")`` becomes, in ``xl/workbook.xml``::

    <definedName name="_sheets_sync_col_status" localSheetId="0" hidden="1"
        >'Мугалимдер'!$I:$I</definedName>

and a ``MarkTab(tab, "summary_overview")``::

    <definedName name="_sheets_sync_tab_summary_overview" localSheetId="3" hidden="1"
        >'Жыйынтык'!$1:$1048576</definedName>

Excel and LibreOffice rewrite a defined name's reference when a person inserts, deletes or
moves columns, and the scope (``localSheetId``) and the sheet name inside the reference when a
tab is renamed or moved, so the mark stays on the column and the tab it was put on. A column
deleted with its mark leaves ``#REF!``: no mark any more.

Only a name the toolkit could have written counts: scoped to a sheet, with the toolkit's
prefix and a key in the toolkit's alphabet, referring to a whole column (a whole sheet for a
tab mark) of that same sheet with absolute references. A look-alike name a person types (in
the workbook's scope, relative, on another sheet, another prefix), or a header cell saying
«Статус», is never a mark. The toolkit writes its names hidden (out of Excel's Name Manager)
but does not require it on reading: LibreOffice (7.4) keeps the names, and moves them with
their columns, but saves them with ``hidden="false"``.

A ``MarkLayout(tab, digest)`` is a name of the same kind whose key is the digest:
``_sheets_sync_layout_<digest>`` over the whole tab, one per tab, read back as ``layout``.

Excel's rules for a defined name, which these names follow: it starts with a letter, "_" or
"\\"; then letters, digits, "." and "_"; no spaces; at most 255 characters; not a cell reference
(``A1``, ``R1C1``); compared without regard to case.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from openpyxl.utils.cell import column_index_from_string, get_column_letter

__all__ = [
    "CHART_PREFIX",
    "COLUMN_PREFIX",
    "LAYOUT_PREFIX",
    "OWNED_PREFIX",
    "TAB_PREFIX",
    "DefinedName",
    "SheetMarks",
    "column_mark_name",
    "column_reference",
    "is_mark_name",
    "layout_mark_name",
    "read_marks",
    "tab_mark_name",
    "tab_reference",
]

COLUMN_PREFIX = "_sheets_sync_col_"
TAB_PREFIX = "_sheets_sync_tab_"
OWNED_PREFIX = "_sheets_sync_own_"  # the record of notes and tints: see xlsx_owned
CHART_PREFIX = "_sheets_sync_chart_"  # the toolkit's charts: see xlsx_chart
LAYOUT_PREFIX = "_sheets_sync_layout_"
_DIGEST = re.compile(r"[0-9a-f]{1,200}\Z")
_KEY = re.compile(r"[a-z][a-z0-9_]*\Z")
_MAX_ROW = 1_048_576
_MAX_COLUMN = 16_384

# 'Title'!$C:$C, Title!$C:$C, or the same column spelt with rows ($C$1:$C$1048576).
_SHEET = r"(?:'(?P<quoted>(?:[^']|'')+)'|(?P<bare>[^'!:\s]+))!"
_COLUMN_REF = re.compile(
    _SHEET + r"\$(?P<c1>[A-Z]{1,3})(?:\$1)?:\$(?P<c2>[A-Z]{1,3})(?:\$(?P<r2>\d+))?\Z",
    re.IGNORECASE,
)
_SHEET_REF = re.compile(
    _SHEET + r"(?:\$1:\$(?P<rows>\d+)|\$A\$1:\$XFD\$(?P<cells>\d+)|\$A:\$XFD)\Z", re.IGNORECASE
)


@dataclass(frozen=True)
class DefinedName:
    """One ``<definedName>`` as stored: ``scope`` is its ``localSheetId`` (None: workbook)."""

    name: str
    text: str
    scope: int | None = None
    hidden: bool = False


@dataclass
class SheetMarks:
    columns: dict[str, int] = field(default_factory=dict)
    tab: str | None = None
    layout: str | None = None


def column_mark_name(key: str) -> str:
    _check_key(key)
    return COLUMN_PREFIX + key


def tab_mark_name(key: str) -> str:
    _check_key(key)
    return TAB_PREFIX + key


def layout_mark_name(digest: str) -> str:
    if not _DIGEST.match(digest):
        raise ValueError(f"a layout digest is lower-case hex: {digest!r}")
    return LAYOUT_PREFIX + digest


def is_mark_name(name: str) -> bool:
    """Whether a defined name is in the toolkit's namespace (whatever its other attributes)."""
    folded = name.casefold()
    return folded.startswith((COLUMN_PREFIX, TAB_PREFIX, OWNED_PREFIX, CHART_PREFIX, LAYOUT_PREFIX))


def quoted_title(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def column_reference(title: str, column: int) -> str:
    letter = get_column_letter(column)
    return f"{quoted_title(title)}!${letter}:${letter}"


def tab_reference(title: str) -> str:
    return f"{quoted_title(title)}!$1:${_MAX_ROW}"


def read_marks(names: Iterable[DefinedName], titles: list[str]) -> Mapping[str, SheetMarks]:
    """Sheet title -> its marks; ``titles`` are every sheet's name in ``<sheets>`` order."""
    marks: dict[str, SheetMarks] = {}
    for name in names:
        if name.scope is None or not 0 <= name.scope < len(titles):
            continue
        title = titles[name.scope]
        if name.name.startswith(COLUMN_PREFIX):
            key = name.name[len(COLUMN_PREFIX) :]
            column = _column_of(name.text, title)
            if _KEY.match(key) and column is not None:
                marks.setdefault(title, SheetMarks()).columns[key] = column
        elif name.name.startswith(TAB_PREFIX):
            key = name.name[len(TAB_PREFIX) :]
            if _KEY.match(key) and _is_whole_sheet(name.text, title):
                sheet = marks.setdefault(title, SheetMarks())
                # Two tab marks on one sheet cannot come from the toolkit: trust neither.
                sheet.tab = key if sheet.tab is None else ""
        elif name.name.startswith(LAYOUT_PREFIX):
            digest = name.name[len(LAYOUT_PREFIX) :]
            if _DIGEST.match(digest) and _is_whole_sheet(name.text, title):
                sheet = marks.setdefault(title, SheetMarks())
                sheet.layout = digest if sheet.layout is None else ""
    for sheet in marks.values():
        if sheet.tab == "":
            sheet.tab = None
        if sheet.layout == "":
            sheet.layout = None
    return marks


def _check_key(key: str) -> None:
    if not _KEY.match(key):
        raise ValueError(f"a mark key is lower-case letters, digits and _: {key!r}")


def _sheet_of(match: re.Match[str]) -> str:
    quoted = match.group("quoted")
    return quoted.replace("''", "'") if quoted is not None else match.group("bare")


def _column_of(text: str, title: str) -> int | None:
    match = _COLUMN_REF.match(text.strip())
    if match is None or _sheet_of(match) != title:
        return None
    if match.group("c1").upper() != match.group("c2").upper():
        return None
    last_row = match.group("r2")
    if last_row is not None and int(last_row) != _MAX_ROW:
        return None
    if (last_row is None) != (text.count("$") == 2):
        return None  # $C$1:$C or $C:$C$1048576: not a whole column
    column = column_index_from_string(match.group("c1").upper())
    return column if column <= _MAX_COLUMN else None


def _is_whole_sheet(text: str, title: str) -> bool:
    match = _SHEET_REF.match(text.strip())
    if match is None or _sheet_of(match) != title:
        return False
    last = match.group("rows") or match.group("cells")
    return last is None or int(last) == _MAX_ROW
