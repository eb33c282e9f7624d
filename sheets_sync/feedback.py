"""Notes and tints on the very cells that are wrong, and knowing which of them are the toolkit's.

A finding about a row and a field points at one cell of the school's table. That cell gets a
note with every message about it, worst first, and a tint by the worst severity (red for an
error, amber for a warning); both go when the cell is fixed. Information alone decorates no
cell (nothing is wrong with it); beside a warning or an error it is in the note too.

The toolkit knows its decorations only by its own record (``RecordOwned``, read back as
``Tab.owned``), never by wording: a note or tint is its own while the record says so AND the
cell still shows exactly that. A person who edits the note, recolours the cell or types a
note that reads just like the toolkit's has made it theirs, and it is never changed or
removed. A cell that already carries a person's note or fill gets no decoration at all (its
message stays in «Эскертүү»). A decoration a person deleted leaves nothing of theirs behind:
while the cell is still wrong, the next run decorates it again. A job chooses which families
of feedback it sends (``Job.feedback``, every one of ``FEEDBACK`` by default)::

    wanted = wanted_decorations(table, findings, render, job.feedback)
    changes = decorate(tab, wanted)     # SetNote, SetFill and, when it changes, RecordOwned
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from .changes import CellRef, RecordOwned, SetFill, SetNote
from .findings import Finding, Severity
from .furniture import FURNITURE
from .layout import fit_text
from .snapshot import Owned, Tab
from .statuses import ERROR_FILL, WARNING_FILL
from .validation import Table

TINTS = {Severity.ERROR: ERROR_FILL, Severity.WARNING: WARNING_FILL}
NOTES, TINTED = "notes", "tints"
DECORATIONS = frozenset({NOTES, TINTED})
FEEDBACK = FURNITURE | DECORATIONS
"""Every family of feedback a job can send: ``notes`` and ``tints`` on wrong cells, and the
furniture's (``styles``, also the colour of each «Статус» cell; ``freeze``, ``filter``,
``protection``, ``validation``)."""
Cell = tuple[int, int]


def wanted_decorations(
    table: Table,
    findings: Iterable[Finding],
    render: Callable[[Finding], str],
    families: frozenset[str] = frozenset({NOTES, TINTED}),
) -> dict[Cell, Owned]:
    """The note and tint each wrong cell of the table should carry (only the ones of
    ``families``: ``notes``, ``tints``)."""
    columns = table.header.columns
    by_cell: dict[Cell, list[Finding]] = {}
    for finding in findings:
        column = columns.get(finding.field) if finding.field else None
        if finding.row is not None and column is not None:
            by_cell.setdefault((finding.row, column), []).append(finding)
    notes, tinted = NOTES in families, TINTED in families
    # Cells with the same findings carry the same decoration: each is made (and kept) once.
    known: dict[tuple[tuple[Severity, str], ...], Owned] = {}
    wanted = {}
    for cell, found in by_cell.items():
        ranked = sorted(found, key=Finding.sort_key) if len(found) > 1 else found
        if ranked[0].severity not in TINTS:
            continue  # information alone: nothing is wrong with the cell
        key = tuple([(f.severity, render(f)) for f in ranked])
        owned = known.get(key)
        if owned is None:
            note = "\n".join([f"{severity.icon} {message}" for severity, message in key])
            owned = known[key] = Owned(
                note=str(fit_text(note)) if notes else None,
                fill=TINTS[ranked[0].severity] if tinted else None,
            )
        wanted[cell] = owned
    return wanted


def decorate(tab: Tab, wanted: Mapping[Cell, Owned]) -> list[SetNote | SetFill | RecordOwned]:
    """Changes that put ``wanted`` on the tab as far as the cells are the toolkit's to touch,
    remove its decorations no longer wanted, and keep its record exact."""
    changes: list[SetNote | SetFill | RecordOwned] = []
    record: dict[Cell, Owned] = {}
    nothing = Owned()
    owned, notes, fills, title = tab.owned, tab.notes, tab.fills, tab.title
    for cell in sorted({*wanted, *owned}):
        if tab.merged and _covered(tab, cell):
            continue
        want = wanted.get(cell, nothing)
        had = owned.get(cell, nothing)
        shown_note, shown_fill = notes.get(cell), fills.get(cell)
        our_note = had.note is not None and shown_note == had.note
        our_fill = had.fill is not None and shown_fill == had.fill
        persons = (shown_note is not None and not our_note) or (
            shown_fill is not None and not our_fill
        )
        note = _part(our_note, shown_note, want.note, persons)
        fill = _part(our_fill, shown_fill, want.fill, persons)
        note_value = note.value if note else None
        fill_value = fill.value if fill else None
        ref = None
        if note is not None and note_value != shown_note:
            ref = CellRef(title, *cell)
            changes.append(SetNote(ref, note_value))
        if fill is not None and fill_value != shown_fill:
            changes.append(SetFill(ref or CellRef(title, *cell), fill_value))
        if note_value is not None or fill_value is not None:
            record[cell] = (
                want
                if (want.note, want.fill) == (note_value, fill_value)
                else (Owned(note=note_value, fill=fill_value))
            )
    if record != dict(owned):
        changes.append(RecordOwned(tab.title, record))
    return changes


@dataclass(frozen=True)
class _Ours:
    """A note or fill the toolkit may set: ``value`` (None: there is none of its own)."""

    value: str | None


def _part(ours: bool, shown: str | None, want: str | None, persons: bool) -> _Ours | None:
    """What one part (note or fill) of a cell becomes; None when it is a person's, to be left
    exactly as it is."""
    if ours:
        return _Ours(want)
    if shown is not None:
        return None
    return _Ours(None if persons else want)


def _covered(tab: Tab, cell: Cell) -> bool:
    """A cell hidden under a merged range (not its top-left) shows no note or colour."""
    span = tab.merged_at(*cell)
    return span is not None and (span.first_row, span.first_column) != cell
