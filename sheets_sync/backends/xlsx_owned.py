"""The toolkit's record of the notes and tints it owns, as hidden sheet-scoped defined names.

A ``RecordOwned(tab, cells)`` becomes one name per distinct ``Owned`` value on the tab, holding
the union of its cells as absolute references::

    <definedName name="_sheets_sync_own_9c1f…e2_ffeb9c_1" localSheetId="0" hidden="1"
        >'Мугалимдер'!$E$2,'Мугалимдер'!$E$5:$E$7</definedName>

The name says what was put there: ``_sheets_sync_own_<note>_<fill>_<n>``, where ``<note>`` is
the first 20 hex digits of the SHA-256 of the note's UTF-8 text (``x``: no note), ``<fill>``
the colour in lower case (``x``: no tint) and ``<n>`` numbers the names of one value: Excel
allows 8192 characters in a name's formula, so a long union is split into names of at most
``MAX_FORMULA`` characters (room left for references that grow as rows are inserted).

Excel and LibreOffice rewrite these references when a person inserts or deletes rows or
columns, so the record stays on the cells it was written for; a deleted cell leaves ``#REF!``
and drops out. Neither the note's wording nor its author is stored, only its fingerprint, so
reading back reports, for each recorded cell, ``Owned(note=N, fill=F)`` where ``N`` is:

- the note the cell has now, when that text has the recorded fingerprint (the note is still
  exactly what the toolkit wrote);
- otherwise ``UNMATCHED`` plus the fingerprint: text that begins with U+0000, which no note can
  hold (XML 1.0 cannot carry it), so it never equals a note and the engine sees the note as
  changed by a person (edited, or removed). A ``RecordOwned`` that passes such a value on is
  written back under the same fingerprint, so the record stays exactly as it was.

Only names the toolkit could have written count: scoped to the sheet, the prefix, a
fingerprint and a colour in the toolkit's alphabet, references to cells of that same sheet.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping

from openpyxl.utils.cell import column_index_from_string

from ..changes import column_letter
from ..snapshot import Owned
from .xlsx_marks import OWNED_PREFIX, DefinedName, quoted_title

__all__ = ["MAX_FORMULA", "OWNED_PREFIX", "UNMATCHED", "owned_names", "read_owned"]

UNMATCHED = "\x00sheets-sync note "
MAX_FORMULA = 7000
_NAME = re.compile(r"_sheets_sync_own_(x|[0-9a-f]{20})_(x|[0-9a-f]{6})_\d+\Z", re.IGNORECASE)
_SHEET = r"(?:'(?P<quoted>(?:[^']|'')+)'|(?P<bare>[^'!:\s,()~]+))!"
_AREA = re.compile(
    _SHEET + r"\$(?P<c1>[A-Z]{1,3})\$(?P<r1>\d+)(?::\$(?P<c2>[A-Z]{1,3})\$(?P<r2>\d+))?\Z",
    re.IGNORECASE,
)
_COLOUR = re.compile(r"[0-9A-Fa-f]{6}\Z")


def fingerprint(note: str) -> str:
    return hashlib.sha256(note.encode("utf-8")).hexdigest()[:20]


def check_owned(owned: Owned) -> None:
    if owned.fill is not None and not _COLOUR.match(owned.fill):
        raise ValueError(f"a tint is a colour RRGGBB, not {owned.fill!r}")
    if owned.note is not None and owned.note.startswith("\x00"):
        _note_print(owned.note)


def _note_print(note: str) -> str:
    """The fingerprint a recorded note is kept under; a value read back as ``UNMATCHED`` is
    written back under the fingerprint it carries, so passing a record on keeps it as it was."""
    if note.startswith(UNMATCHED):
        kept = note[len(UNMATCHED) :]
        if re.fullmatch(r"[0-9a-f]{20}", kept):
            return kept
    if note.startswith("\x00"):
        raise ValueError("a note cannot begin with U+0000; no workbook can hold it")
    return fingerprint(note)


def owned_names(title: str, cells: Mapping[tuple[int, int], Owned]) -> list[tuple[str, str]]:
    """(name, formula) of the defined names that record ``cells`` on the tab ``title``."""
    groups: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for cell, owned in cells.items():
        if owned.note is None and owned.fill is None:
            continue
        check_owned(owned)
        note = _note_print(owned.note) if owned.note is not None else "x"
        fill = owned.fill.lower() if owned.fill is not None else "x"
        groups.setdefault((note, fill), []).append(cell)
    names = []
    sheet = quoted_title(title) + "!"
    for (note, fill), members in sorted(groups.items()):
        chunks: list[list[str]] = [[]]
        length = 0
        for area in _areas(members):
            text = sheet + area
            if chunks[-1] and length + 1 + len(text) > MAX_FORMULA:
                chunks.append([])
                length = 0
            length += len(text) + (1 if chunks[-1] else 0)
            chunks[-1].append(text)
        for number, chunk in enumerate(chunks, start=1):
            names.append((f"{OWNED_PREFIX}{note}_{fill}_{number}", ",".join(chunk)))
    return names


def _areas(cells: Iterable[tuple[int, int]]) -> list[str]:
    """Cells as absolute references, runs down one column joined into one area."""
    areas = []
    ordered = sorted(cells, key=lambda cell: (cell[1], cell[0]))
    index = 0
    while index < len(ordered):
        row, column = ordered[index]
        last = row
        while index + 1 < len(ordered) and ordered[index + 1] == (last + 1, column):
            index += 1
            last += 1
        letter = column_letter(column)
        start = f"${letter}${row}"
        areas.append(start if last == row else f"{start}:${letter}${last}")
        index += 1
    return areas


def is_owned_name(name: str) -> bool:
    return name.casefold().startswith(OWNED_PREFIX)


def read_owned(
    names: Iterable[DefinedName],
    titles: list[str],
    notes: Mapping[str, Mapping[tuple[int, int], str]],
) -> dict[str, dict[tuple[int, int], Owned]]:
    """Sheet title -> (row, column) -> Owned, from the names; ``notes`` are each sheet's notes
    as read now (to tell whether a recorded note is still the toolkit's text)."""
    found: dict[str, dict[tuple[int, int], Owned]] = {}
    for name in names:
        if name.scope is None or not 0 <= name.scope < len(titles):
            continue
        match = _NAME.match(name.name)
        if match is None:
            continue
        title = titles[name.scope]
        note_print, fill = match.group(1).lower(), match.group(2).upper()
        current = notes.get(title, {})
        for cell in _cells(name.text, title):
            note = None
            if note_print != "x":
                text = current.get(cell)
                matches = text is not None and fingerprint(text) == note_print
                note = text if matches else UNMATCHED + note_print
            owned = Owned(note=note, fill=None if fill == "X" else fill)
            found.setdefault(title, {})[cell] = owned
    return found


def _cells(text: str, title: str) -> list[tuple[int, int]]:
    """Cells of a union of absolute references on ``title``; foreign or broken areas skipped."""
    text = text.strip()
    while text.startswith("(") and text.endswith(")"):
        text = text[1:-1].strip()
    cells = []
    for area in _split_union(text):
        match = _AREA.match(area.strip())
        if match is None:
            continue  # #REF! after a person deleted the cells, or not the toolkit's shape
        quoted = match.group("quoted")
        sheet = quoted.replace("''", "'") if quoted is not None else match.group("bare")
        if sheet != title:
            continue
        top, left = int(match.group("r1")), column_index_from_string(match.group("c1").upper())
        bottom = int(match.group("r2") or top)
        right = column_index_from_string((match.group("c2") or match.group("c1")).upper())
        if (bottom - top + 1) * (right - left + 1) > 1_000_000:
            continue  # no record of the toolkit's spans a million cells
        for row in range(top, bottom + 1):
            for column in range(left, right + 1):
                cells.append((row, column))
    return cells


def _split_union(text: str) -> list[str]:
    """Split at "," (Excel) or "~" (LibreOffice's union) outside quoted sheet names."""
    areas, current, quoted = [], [], False
    for character in text:
        if character == "'":
            quoted = not quoted
        if character in ",~" and not quoted:
            areas.append("".join(current))
            current = []
        else:
            current.append(character)
    areas.append("".join(current))
    return areas
