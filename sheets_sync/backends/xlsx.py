"""The embedded default backend: an .xlsx/.xlsm workbook on disk, patched in place.

::

    backend = XlsxBackend("registers.xlsx")            # writes back in place
    snapshot = backend.read()
    changes = diff(snapshot, desired)
    if changes:
        backend.apply(snapshot, changes)

    copy = XlsxBackend("registers.xlsx", out="registers-checked.xlsx")
    copy.apply(copy.read(), changes)                   # always writes the copy

Reading takes the values Excel last calculated (a formula cell's value is its cached result,
never its text), what else occupies a tab (formulas whose result is "", merged ranges) in the
same streaming pass over each worksheet part (xlsx_read), and the toolkit's marks from the
workbook's defined names (xlsx_marks), with the record of the notes and tints it owns
(xlsx_owned); notes come from the comments parts (xlsx_comments). Writing never loads the
workbook into a model: xlsx_patch edits only the XML the toolkit owns and copies every other
part of the zip byte for byte, so charts, pictures, protection, views and cached formula
results survive. xlsx_files puts the result in place so that a save by another program
during the run is never lost. Nothing is written when the workbook is open in Excel or
LibreOffice, changed on disk after ``read()``, read-only, or hard-linked, nor when the change
set leaves every part as it was (furniture the sheet already has).

Styles and fills are cell formats in styles.xml (xlsx_styles), the rest of a tab's furniture
is worksheet XML and defined names (xlsx_furniture). xlsx has no protection that only warns:
``ProtectRange`` locks nothing and leaves sheet protection as it is; the span's cells show
the description as input help (see xlsx_furniture). ``SetPrint`` is the sheet's page setup.
"""

from __future__ import annotations

import hashlib
import os
import re
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import IO

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils.exceptions import InvalidFileException

from ..changes import (
    AddChart,
    AddTab,
    Change,
    ChangeSet,
    Link,
    MarkColumn,
    MarkLayout,
    MarkTab,
    RecordOwned,
    RenameTab,
    SetCell,
    SetColumnWidth,
    SetFill,
    SetNote,
    SetStyle,
    check_value,
)
from ..errors import (
    WorkbookChanged,
    WorkbookEncrypted,
    WorkbookLocked,
    WorkbookNotFound,
    WorkbookSaveFailed,
    WorkbookUnreadable,
)
from ..snapshot import Snapshot, Tab
from .xlsx_comments import read_notes
from .xlsx_extras import check_extra
from .xlsx_files import TEMP_PREFIX, replace_if_unchanged, sweep_stale
from .xlsx_furniture import FURNITURE, check_furniture
from .xlsx_marks import column_mark_name, read_marks, tab_mark_name
from .xlsx_owned import read_owned
from .xlsx_package import Package
from .xlsx_patch import DATE_FORMAT, CellCovered, patch_package
from .xlsx_read import ValueReader

__all__ = ["DATE_FORMAT", "SUPPORTED_SUFFIXES", "TEMP_PREFIX", "XlsxBackend"]

SUPPORTED_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xltx", ".xltm"})

_MAX_ROW, _MAX_COLUMN, _MAX_TEXT = 1_048_576, 16_384, 32_767
_MAX_WIDTH = 255  # Excel's widest column, in characters

# What a damaged or foreign file makes zipfile/openpyxl/lxml raise. XMLSyntaxError is a
# SyntaxError; a missing part is a KeyError.
_LOAD_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    zlib.error,
    InvalidFileException,
    OSError,
    EOFError,
    LookupError,
    ValueError,
    TypeError,
    AttributeError,
    SyntaxError,
    NotImplementedError,
)


class XlsxBackend:
    """A workbook file; ``out`` sends writes to a copy and leaves the source alone."""

    def __init__(self, path: str | Path, *, out: str | Path | None = None) -> None:
        self._source = os.fspath(path)
        self._path = Path(path)
        self._out = Path(out) if out is not None else None
        self._lost_parts: tuple[str, ...] = ()

    @property
    def source(self) -> str:
        return self._source

    @property
    def lost_parts(self) -> tuple[str, ...]:
        """After ``apply()`` to an ``out`` copy: what the copy could not keep, else ``()``.

        Only a macro workbook copied under a name without macros (.xlsx) loses anything: its
        VBA project. Everything else is copied as it is."""
        return self._lost_parts

    # -- reading -----------------------------------------------------------------------------

    def read(self) -> Snapshot:
        sweep_stale(Path(os.path.realpath(self._path)).parent)
        data = self._source_bytes()
        _check_suffix(self._path, self._source)
        _refuse_encrypted(data, self._source)
        tabs: dict[str, Tab] = {}
        # One set of bytes for the digest, the values and the structure, so they cannot disagree.
        try:
            package = Package.open(data)
            marks = read_marks(package.defined_names, [sheet.title for sheet in package.sheets])
            reader = ValueReader(package)
            notes = {
                sheet.title: read_notes(package, sheet.part)
                for sheet in package.sheets
                if sheet.is_worksheet
            }
            owned = read_owned(
                package.defined_names, [sheet.title for sheet in package.sheets], notes
            )
            for sheet in package.sheets:
                if not sheet.is_worksheet:
                    continue  # chart sheets hold no cells
                part = reader.read_sheet(sheet.part)
                found = marks.get(sheet.title)
                tabs[sheet.title] = Tab(
                    sheet.title,
                    part.rows,
                    used_width=part.used_width,
                    merged=part.merged,
                    max_columns=_MAX_COLUMN,
                    column_marks=dict(found.columns) if found else {},
                    mark=found.tab if found else None,
                    notes=notes[sheet.title],
                    owned=owned.get(sheet.title, {}),
                    fills=part.fills,
                    layout=found.layout if found else None,
                    frozen_rows=part.frozen_rows,
                    filter=part.filter,
                    validated_columns=part.validated_columns,
                )
        except _LOAD_ERRORS as error:
            raise WorkbookUnreadable(path=self._source, reason=_damaged(error)) from error
        return Snapshot(source=self._source, tabs=tabs, revision=_digest(data))

    # -- writing -----------------------------------------------------------------------------

    def apply(self, snapshot: Snapshot, changes: ChangeSet) -> None:
        cells = _validated(snapshot, changes)
        self._lost_parts = ()
        target, in_place = self._target()
        if in_place and not cells:
            return  # nothing to do: not even the file's mtime may change
        if target.suffix.lower() not in SUPPORTED_SUFFIXES:
            reason = "the copy must be named .xlsx, .xlsm, .xltx or .xltm"
            raise WorkbookSaveFailed(path=str(target), reason=reason)
        self._refuse_if_locked(target)
        if not in_place:
            sweep_stale(Path(os.path.realpath(target)).parent)
        data = self._unchanged_source(snapshot)
        suffix = None if in_place else target.suffix
        try:
            patched, lost = patch_package(Package.open(data), cells, suffix=suffix)
        except CellCovered as error:
            raise ValueError(str(error)) from error
        if patched is None:
            if in_place:
                return  # the sheets already look so: the file stays as it was
            patched = _copy_of(data)
        # In place, the new file only replaces the very bytes that were read; a copy is
        # written whatever it held before (it is the user's chosen output).
        replace_if_unchanged(
            target, patched, revision=snapshot.revision if in_place else None, shown=str(target)
        )
        self._lost_parts = lost

    def _target(self) -> tuple[Path, bool]:
        """The file to write and whether that is the source itself."""
        if self._out is None or _same_file(self._out, self._path):
            return self._path, True
        return self._out, False

    def _source_bytes(self) -> bytes:
        try:
            return self._path.read_bytes()
        except FileNotFoundError as error:
            raise WorkbookNotFound(path=self._source) from error
        except IsADirectoryError as error:
            raise WorkbookUnreadable(path=self._source, reason="it is a folder") from error
        except OSError as error:
            raise WorkbookUnreadable(path=self._source, reason=_os_reason(error)) from error

    def _unchanged_source(self, snapshot: Snapshot) -> bytes:
        data = self._source_bytes()
        if _digest(data) != snapshot.revision:
            raise WorkbookChanged(path=self._source)
        return data

    def _refuse_if_locked(self, target: Path) -> None:
        # Beside the name given and, for a symlink, beside the file it points to.
        for path in dict.fromkeys((target, Path(os.path.realpath(target)))):
            found = _lock_file(path)
            if found is not None:
                program, lock = found
                raise WorkbookLocked(path=str(target), program=program, lock_file=str(lock))


# -- reading helpers -------------------------------------------------------------------------


def _check_suffix(path: Path, source: str) -> None:
    # openpyxl checks this itself for paths but not for bytes; keep its rule so that, say,
    # xlsx content never gets written into a file named .xls.
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        kind = f"{suffix} files" if suffix else "files without an extension"
        raise WorkbookUnreadable(path=source, reason=f"{kind} are not supported")


_CFB_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")


def _refuse_encrypted(data: bytes, source: str) -> None:
    """An .xlsx with a password to open is not a zip but an OLE compound file (CFB)."""
    if not data.startswith(_CFB_MAGIC):
        return
    if "EncryptedPackage".encode("utf-16-le") in data:
        raise WorkbookEncrypted(path=source)
    raise WorkbookUnreadable(path=source, reason="an old-format .xls workbook, not .xlsx")


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _damaged(error: BaseException) -> str:
    if isinstance(error, zipfile.BadZipFile):
        return "not an xlsx workbook (not a zip package)"
    detail = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return f"damaged or not an xlsx workbook: {detail[:120]}"


def _os_reason(error: OSError) -> str:
    return error.strerror or type(error).__name__


# -- validating the change set ---------------------------------------------------------------


_FORMATS = (*FURNITURE, MarkLayout, SetStyle, SetFill)


def _validated(snapshot: Snapshot, changes: ChangeSet) -> tuple[Change, ...]:
    """Every change checked before anything is touched: a bad one stops the whole set.
    The changes come back as they are (a register's are not copied)."""
    titles = {title.casefold() for title in snapshot.tabs}
    known: set[str] = set()  # tab names as changes spell them, found among ``titles``
    for change in changes:
        if type(change) is SetCell:
            ref = change.ref
            if ref.tab not in known:
                if ref.tab.casefold() not in titles:
                    raise ValueError(f"no tab named {ref.tab!r} in {snapshot.source}")
                known.add(ref.tab)
            if not (1 <= ref.row <= _MAX_ROW and 1 <= ref.column <= _MAX_COLUMN):
                raise ValueError(f"cell {ref.tab}!R{ref.row}C{ref.column} is outside a worksheet")
            _check_value(change)
            continue
        if type(change) in (AddTab, RenameTab):
            known.clear()  # which names are tabs changes here
            new = change.new_title if isinstance(change, RenameTab) else change.title
            if isinstance(change, RenameTab):
                if change.title.casefold() not in titles:
                    raise ValueError(f"no tab named {change.title!r} in {snapshot.source}")
                titles.discard(change.title.casefold())
            if new.casefold() in titles or not _valid_title(new):
                raise ValueError(f"cannot add a tab named {new!r} to {snapshot.source}")
            titles.add(new.casefold())
            continue
        if type(change) is SetColumnWidth:
            if change.tab.casefold() not in titles or not 1 <= change.column <= _MAX_COLUMN:
                raise ValueError(f"no column {change.column} on a tab named {change.tab!r}")
            if not 0 < change.width <= _MAX_WIDTH:
                raise ValueError(f"a column cannot be {change.width} characters wide")
            continue
        if type(change) in (MarkColumn, MarkTab):
            if change.tab.casefold() not in titles:
                raise ValueError(f"no tab named {change.tab!r} in {snapshot.source}")
            if isinstance(change, MarkColumn):
                column_mark_name(change.key)
                if not 1 <= change.column <= _MAX_COLUMN:
                    raise ValueError(f"no column {change.column} on a tab named {change.tab!r}")
            else:
                tab_mark_name(change.key)
            continue
        if type(change) in (SetNote, RecordOwned, AddChart):
            tab = change.ref.tab if isinstance(change, SetNote) else change.tab
            if tab not in known and tab.casefold() not in titles:
                raise ValueError(f"no tab named {tab!r} in {snapshot.source}")
            check_extra(change, limits=(_MAX_ROW, _MAX_COLUMN, _MAX_TEXT))
            continue
        if isinstance(change, _FORMATS):
            tab = change.ref.tab if isinstance(change, SetFill) else change.tab
            if tab not in known and tab.casefold() not in titles:
                raise ValueError(f"no tab named {tab!r} in {snapshot.source}")
            check_furniture(change)
            continue
        raise TypeError(f"the xlsx backend cannot apply {type(change).__name__} changes")
    if changes.changes and snapshot.revision is None:
        raise ValueError("the snapshot has no revision; read it with this backend first")
    return changes.changes


def _check_value(change: SetCell) -> None:
    value = change.value
    kind = type(value)
    if kind is str:  # most values: plain text, then numbers
        if len(value) <= _MAX_TEXT and not ILLEGAL_CHARACTERS_RE.search(value):  # type: ignore[arg-type]
            return
    elif kind is int or kind is bool or value is None:
        return
    where = f"{change.ref.tab}!{change.ref.a1}"
    check_value(change.value, where, max_text=_MAX_TEXT)
    text = change.value.text if isinstance(change.value, Link) else change.value
    if isinstance(change.value, Link) and not _valid_title(change.value.target.tab):
        raise ValueError(f"{where}: a link cannot go to a tab named {change.value.target.tab!r}")
    if isinstance(text, str) and ILLEGAL_CHARACTERS_RE.search(text):
        raise ValueError(f"{where}: text holds control characters a workbook cannot store")


# -- names ----------------------------------------------------------------------------------


def _valid_title(title: str) -> bool:
    """Excel's rules for a sheet name: 1 to 31 characters, none of []:*?/\\."""
    return 0 < len(title) <= 31 and not re.search(r"[\[\]:*?/\\]", title)


# -- locks and files -------------------------------------------------------------------------


def _lock_file(path: Path) -> tuple[str, Path] | None:
    """The lock file Excel or LibreOffice keeps beside ``path`` while it has it open."""
    name = path.name
    # Excel writes "~$" + name, but for long names it replaces the first two characters.
    for candidate in dict.fromkeys((f"~${name}", f"~${name[2:]}")):
        if (path.parent / candidate).exists():
            return "Excel", path.parent / candidate
    libreoffice = path.parent / f".~lock.{name}#"
    if libreoffice.exists():
        return "LibreOffice", libreoffice
    return None


def _copy_of(data: bytes) -> Callable[[IO[bytes]], None]:
    def write(output: IO[bytes]) -> None:
        output.write(data)

    return write


def _same_file(first: Path, second: Path) -> bool:
    try:
        return os.path.samefile(first, second)
    except OSError:
        return os.path.realpath(first) == os.path.realpath(second)
