"""The embedded default backend: an .xlsx/.xlsm workbook on disk, read and written with openpyxl.

::

    backend = XlsxBackend("registers.xlsx")            # writes back in place
    snapshot = backend.read()
    changes = diff(snapshot, desired)
    if changes:
        backend.apply(snapshot, changes)

    copy = XlsxBackend("registers.xlsx", out="registers-checked.xlsx")
    copy.apply(copy.read(), changes)                   # always writes the copy
    copy.lost_parts                                    # e.g. ("charts", "images"): not in the copy

Reading takes the values Excel last calculated (never formula text). Writing loads the workbook
in full, sets only the changed cells and saves through a temporary file, so formulas, styles,
comments and validation survive. It refuses, and writes nothing, when the workbook is open in
Excel or LibreOffice, when it changed on disk after ``read()``, or, in place, when openpyxl
cannot keep part of it (charts, pictures, shapes, slicers, ...): openpyxl drops what it does not
model without a word, so :func:`_lost_content` looks at the package and the load warnings first.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
import secrets
import stat
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from xml.etree import ElementTree

import openpyxl
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell, MergedCell
from openpyxl.utils.cell import get_column_letter, range_boundaries
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from ..changes import (
    AddTab,
    Change,
    ChangeSet,
    MarkColumn,
    MarkTab,
    RenameTab,
    SetCell,
    SetColumnWidth,
    check_value,
)
from ..errors import (
    SheetsSyncError,
    WorkbookChanged,
    WorkbookEncrypted,
    WorkbookLocked,
    WorkbookNotFound,
    WorkbookNotWritable,
    WorkbookSaveFailed,
    WorkbookUnreadable,
)
from ..snapshot import CellValue, Snapshot, Tab, trimmed_rows
from .xlsx_marks import (
    TAB_PREFIX,
    column_mark_name,
    column_reference,
    read_marks,
    tab_mark_name,
    tab_reference,
)
from .xlsx_package import Package
from .xlsx_scan import scan_worksheet
from .xlsx_validation import extended_validations

if TYPE_CHECKING:
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

__all__ = ["DATE_FORMAT", "SUPPORTED_SUFFIXES", "TEMP_PREFIX", "XlsxBackend"]

SUPPORTED_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xltx", ".xltm"})
_MACRO_SUFFIXES = frozenset({".xlsm", ".xltm"})
_TEMPLATE_SUFFIXES = frozenset({".xltx", ".xltm"})

TEMP_PREFIX = ".~sheets-sync-"
"""Temporary files of an unfinished save start with this (and are removed on failure)."""

DATE_FORMAT = "DD.MM.YYYY"
"""Number format given to cells that receive a ``datetime.date``."""

_MAX_ROW, _MAX_COLUMN, _MAX_TEXT = 1_048_576, 16_384, 32_767
_MAX_WIDTH = 255  # Excel's widest column, in characters

# What a damaged or foreign file makes zipfile/openpyxl/ElementTree raise. ParseError (and
# lxml's XMLSyntaxError) are SyntaxErrors; a missing part is a KeyError.
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
        """After ``apply()`` to an ``out`` copy: what the copy could not keep, else ``()``."""
        return self._lost_parts

    # -- reading -----------------------------------------------------------------------------

    def read(self) -> Snapshot:
        data = self._source_bytes()
        _check_suffix(self._path, self._source)
        _refuse_encrypted(data, self._source)
        tabs: dict[str, Tab] = {}
        # One set of bytes for the digest, the values and the structure, so they cannot disagree.
        try:
            package = Package.open(data)
        except _LOAD_ERRORS as error:
            raise WorkbookUnreadable(path=self._source, reason=_damaged(error)) from error
        workbook = _load(data, self._source, read_only=True, data_only=True)
        try:
            marks = read_marks(package.defined_names, [sheet.title for sheet in package.sheets])
            parts = {sheet.title: sheet.part for sheet in package.sheets if sheet.is_worksheet}
            with warnings.catch_warnings():
                # Warnings about unsupported content matter when writing; apply() reports them.
                warnings.simplefilter("ignore")
                for sheet in workbook.worksheets:
                    used_width, merged = (0, ())
                    if sheet.title in parts:
                        with package.open_part(parts[sheet.title]) as stream:
                            used_width, merged = scan_worksheet(stream)
                    found = marks.get(sheet.title)
                    tabs[sheet.title] = Tab(
                        sheet.title,
                        _sheet_rows(sheet),
                        used_width=used_width,
                        merged=merged,
                        max_columns=_MAX_COLUMN,
                        column_marks=dict(found.columns) if found else {},
                        mark=found.tab if found else None,
                    )
        except _LOAD_ERRORS as error:
            raise WorkbookUnreadable(path=self._source, reason=_damaged(error)) from error
        finally:
            workbook.close()
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

        def preflight() -> bytes:
            self._refuse_if_locked(target)
            return self._unchanged_source(snapshot)

        data = preflight()
        # The written file's type follows its own name: a macro workbook copied to .xlsx must
        # not claim a macro (or template) content type, or Excel refuses to open it.
        keep_vba = target.suffix.lower() in _MACRO_SUFFIXES
        workbook, load_warnings = self._load_for_writing(data, keep_vba=keep_vba)
        lost = _restore_extended_validation(
            workbook, data, _lost_content(data, load_warnings, keep_vba=keep_vba)
        )
        if lost and in_place:
            raise WorkbookNotWritable(path=self._source, parts=", ".join(lost))
        _set_cells(workbook, cells)
        workbook.template = target.suffix.lower() in _TEMPLATE_SUFFIXES
        # Check again just before the rename: someone may have saved while we were working.
        _save_atomically(workbook, target, before_replace=preflight)
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

    def _load_for_writing(self, data: bytes, *, keep_vba: bool) -> tuple[Workbook, list[str]]:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            # Not data_only: formulas must stay formulas. rich_text: otherwise runs of bold or
            # coloured text inside untouched cells are flattened on save.
            workbook = _load(data, self._source, keep_vba=keep_vba, rich_text=True)
        return workbook, [str(warning.message) for warning in caught]


# -- reading helpers -------------------------------------------------------------------------


def _load(data: bytes, source: str, **options: bool) -> Workbook:
    try:
        return openpyxl.load_workbook(io.BytesIO(data), **options)
    except _LOAD_ERRORS as error:
        raise WorkbookUnreadable(path=source, reason=_damaged(error)) from error


def _check_suffix(path: Path, source: str) -> None:
    # openpyxl checks this itself for paths but not for bytes; keep its rule so that, say,
    # xlsx content never gets written into a file named .xls.
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        kind = f"{suffix} files" if suffix else "files without an extension"
        raise WorkbookUnreadable(path=source, reason=f"{kind} are not supported")


def _sheet_rows(sheet: ReadOnlyWorksheet) -> tuple[tuple[CellValue, ...], ...]:
    # Files from some generators declare a too-small used range; read every row instead.
    sheet.reset_dimensions()
    return trimmed_rows(sheet.iter_rows(values_only=True))


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


def _validated(snapshot: Snapshot, changes: ChangeSet) -> list[Change]:
    """Every change checked before anything is touched: a bad one stops the whole set."""
    cells: list[Change] = []
    titles = {title.casefold() for title in snapshot.tabs}
    for change in changes:
        if type(change) in (AddTab, RenameTab):
            new = change.new_title if isinstance(change, RenameTab) else change.title
            if isinstance(change, RenameTab):
                if change.title.casefold() not in titles:
                    raise ValueError(f"no tab named {change.title!r} in {snapshot.source}")
                titles.discard(change.title.casefold())
            if new.casefold() in titles or not _valid_title(new):
                raise ValueError(f"cannot add a tab named {new!r} to {snapshot.source}")
            titles.add(new.casefold())
            cells.append(change)
            continue
        if type(change) is SetColumnWidth:
            if change.tab.casefold() not in titles or not 1 <= change.column <= _MAX_COLUMN:
                raise ValueError(f"no column {change.column} on a tab named {change.tab!r}")
            if not 0 < change.width <= _MAX_WIDTH:
                raise ValueError(f"a column cannot be {change.width} characters wide")
            cells.append(change)
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
            cells.append(change)
            continue
        if type(change) is not SetCell:
            raise TypeError(f"the xlsx backend cannot apply {type(change).__name__} changes")
        ref = change.ref
        if ref.tab.casefold() not in titles:
            raise ValueError(f"no tab named {ref.tab!r} in {snapshot.source}")
        if not (1 <= ref.row <= _MAX_ROW and 1 <= ref.column <= _MAX_COLUMN):
            raise ValueError(f"cell {ref.tab}!R{ref.row}C{ref.column} is outside a worksheet")
        _check_value(change)
        cells.append(change)
    if cells and snapshot.revision is None:
        raise ValueError("the snapshot has no revision; read it with this backend first")
    return cells


def _check_value(change: SetCell) -> None:
    where = f"{change.ref.tab}!{change.ref.a1}"
    check_value(change.value, where, max_text=_MAX_TEXT)
    if isinstance(change.value, str) and ILLEGAL_CHARACTERS_RE.search(change.value):
        raise ValueError(f"{where}: text holds control characters a workbook cannot store")


# -- setting cells ---------------------------------------------------------------------------


def _valid_title(title: str) -> bool:
    """Excel's rules for a sheet name: 1 to 31 characters, none of []:*?/\\."""
    return 0 < len(title) <= 31 and not re.search(r"[\[\]:*?/\\]", title)


def _set_cells(workbook: Workbook, cells: Iterable[Change]) -> None:
    for change in cells:
        if isinstance(change, AddTab):
            workbook.create_sheet(change.title)
            continue
        if isinstance(change, RenameTab):
            workbook[change.title].title = change.new_title
            continue
        if isinstance(change, MarkColumn | MarkTab):
            _set_mark(workbook, change)
            continue
        if isinstance(change, SetColumnWidth):
            workbook[change.tab].column_dimensions[
                get_column_letter(change.column)
            ].width = change.width
            continue
        ref = change.ref
        sheet = workbook[ref.tab] if ref.tab in workbook.sheetnames else None
        if not isinstance(sheet, Worksheet):
            raise ValueError(f"no worksheet named {ref.tab!r} in the workbook")
        cell = sheet.cell(row=ref.row, column=ref.column)
        if isinstance(cell, MergedCell):
            raise ValueError(f"{ref.tab}!{ref.a1} is covered by a merged cell; write its top left")
        _write_value(cell, change.value)
        _rename_table_column(sheet, ref.row, ref.column, change.value)


def _set_mark(workbook: Workbook, change: MarkColumn | MarkTab) -> None:
    sheet = workbook[change.tab]
    if isinstance(change, MarkColumn):
        name = column_mark_name(change.key)
        reference = column_reference(sheet.title, change.column)
        stale = [key for key in sheet.defined_names if key.casefold() == name]
    else:
        name = tab_mark_name(change.key)
        reference = tab_reference(sheet.title)
        stale = [key for key in sheet.defined_names if key.casefold().startswith(TAB_PREFIX)]
    for key in stale:
        del sheet.defined_names[key]
    sheet.defined_names[name] = DefinedName(name, attr_text=reference, hidden=True)


def _write_value(cell: Cell, value: CellValue) -> None:
    cell.value = value
    if isinstance(value, str):
        # openpyxl turns "=..." into a formula and "#N/A" into an error; a SetCell is data.
        cell.data_type = "s"
    elif isinstance(value, date) and not isinstance(value, datetime):
        cell.number_format = DATE_FORMAT


def _rename_table_column(sheet: Worksheet, row: int, column: int, value: CellValue) -> None:
    """Keep an Excel table's column name equal to its header cell, or Excel "repairs" it."""
    for table in sheet.tables.values():
        first_column, first_row, last_column, _ = range_boundaries(table.ref)
        if row != first_row or not first_column <= column <= last_column:
            continue
        if table.headerRowCount == 0:
            continue
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"a header of table {table.displayName} must be non-empty text")
        others = [
            existing.name.casefold()
            for index, existing in enumerate(table.tableColumns)
            if index != column - first_column
        ]
        if value.casefold() in others:
            raise ValueError(f"table {table.displayName} already has a column named {value!r}")
        table.tableColumns[column - first_column].name = value


# -- what openpyxl cannot keep ---------------------------------------------------------------

_DRAWING = "<drawing>"  # classified by what the DrawingML part holds
_MACROS = "<macros>"  # lost unless the file written is a macro workbook
_UNKNOWN = "<unknown>"  # no rule: openpyxl only writes parts it knows, so this one is lost

# Part names (case-insensitive, full match) -> kind of content lost; None: openpyxl writes it
# back (possibly under another name) or losing it changes nothing a person would notice.
# Found by building workbooks, adding each part by hand, loading and saving with openpyxl
# 3.1 and comparing part lists and XML (see tests/test_xlsx_backend.py).
_PART_RULES: tuple[tuple[str, str | None], ...] = (
    (r"\[Content_Types\]\.xml|(?:.*/)?_rels/[^/]*\.rels", None),
    (r"docProps/(?:app|core|custom)\.xml", None),
    (r"xl/(?:workbook|styles|sharedStrings)\.xml|xl/theme/[^/]+", None),
    (r"xl/worksheets/[^/]+\.xml", None),
    (r"xl/comments[^/]*\.xml|xl/comments/[^/]+", None),
    # Boxes of legacy comments. Controls or header pictures in VML are caught by their parts.
    (r"xl/drawings/[^/]+\.vml", None),
    (r"xl/tables/[^/]+|xl/pivotTables/[^/]+|xl/pivotCache/[^/]+|xl/externalLinks/[^/]+", None),
    # Dropped but harmless: rebuilt by Excel, printer-driver blobs (the page setup itself lives
    # in the sheet), the preview picture, the authors list of threaded comments.
    (r"xl/calcChain\.xml|xl/printerSettings/[^/]+|docProps/thumbnail\.\w+", None),
    (r"xl/persons/[^/]+", None),
    (r"xl/drawings/[^/]+\.xml", _DRAWING),
    # openpyxl rewrites charts from its own model: styles, colours, extensions are gone.
    (r"xl/charts/.+|xl/chartsheets/.+", "charts"),
    # Dropped without Pillow; with it, the picture's drawing (crop, alt text) is rewritten.
    (r"xl/media/.+", "images"),
    (r"xl/diagrams/.+|xl/ink/.+", "shapes"),
    (r"xl/slicers/.+|xl/slicerCaches/.+", "slicers"),
    (r"xl/timelines/.+|xl/timelineCaches/.+", "timelines"),
    (r"xl/threadedComments/.+", "threaded comments"),
    (r"xl/ctrlProps/.+", "form controls"),
    (r"xl/activeX/.+", "ActiveX controls"),
    (r"xl/embeddings/.+", "embedded objects"),
    (r"xl/vbaProject\.bin", _MACROS),
    (r"xl/vbaProjectSignature\w*\.bin", "macro signatures"),
    (r"customUI/.+", "custom ribbon"),
    (r"customXml/.+", "custom XML data"),
    (r"xl/metadata\.xml", "dynamic array formulas"),
    (r"xl/richData/.+", "pictures in cells and data types"),
    (r"xl/connections\.xml|xl/queryTables/.+", "data connections"),
    (r"xl/model/.+", "data model"),
    (r"xl/webextensions/.+", "add-ins"),
    (r"xl/revisions/.+", "change history"),
    (r"xl/namedSheetViews/.+", "sheet views"),
    (r"xl/macrosheets/.+|xl/dialogsheets/.+", "macro sheets"),
)
_COMPILED_RULES = tuple((re.compile(rule, re.IGNORECASE), kind) for rule, kind in _PART_RULES)

# openpyxl's load warnings -> kind lost. Its "extension is not supported" names the extension.
EXTENDED_VALIDATION = "extended data validation"
_EXTENSION_KINDS = {
    "conditional formatting": "extended conditional formatting",
    "data validation": EXTENDED_VALIDATION,
    "sparkline group": "sparklines",
    "slicer list": "slicers",
    "timeline ref": "timelines",
    "protected range": "protected ranges",
    "ignored error": "ignored errors",
    "web extension": "add-ins",
}
_EXTENSION_WARNING = re.compile(r"(.+?) extension is not supported", re.IGNORECASE)
_WARNING_KINDS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), kind)
    for pattern, kind in (
        (r"shapes and drawings will be lost", "shapes"),
        (r"unable to read chart", "charts"),
        (r"image.*(?:removed|dropped)", "images"),
        (r"conditional formatting rule", "conditional formatting"),
        (r"has a comment which will be removed", "comments"),
        (r"defined names .* cannot be located|print area cannot be set", "defined names"),
        (r"invalid specification for", "sheets"),
        (r"marked as a date", "cell values"),
        (r"removed|will be lost|dropped|discarded|not supported", "other content"),
    )
)


def _restore_extended_validation(
    workbook: Workbook, data: bytes, lost: tuple[str, ...]
) -> tuple[str, ...]:
    """Put extended drop-down lists back in the standard form; they are then not lost."""
    if EXTENDED_VALIDATION not in lost:
        return lost
    for title, rules in extended_validations(data).items():
        for rule in rules:
            workbook[title].add_data_validation(rule)
    return tuple(kind for kind in lost if kind != EXTENDED_VALIDATION)


def _lost_content(data: bytes, load_warnings: Iterable[str], *, keep_vba: bool) -> tuple[str, ...]:
    """Kinds of content in the package that saving with openpyxl would drop or mangle."""
    kinds: set[str] = set()
    unknown: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            if name.endswith("/"):
                continue
            kind = _part_kind(name)
            if kind == _DRAWING:
                kinds.update(_drawing_kinds(package.read(name)))
            elif kind == _MACROS:
                if not keep_vba:
                    kinds.add("macros")
            elif kind == _UNKNOWN:
                unknown.append(name)
            elif kind is not None:
                kinds.add(kind)
    kinds.update(_warning_kind(message) for message in load_warnings)
    kinds.discard("")
    if unknown:
        more = ", ..." if len(unknown) > 3 else ""
        kinds.add(f"other content ({', '.join(unknown[:3])}{more})")
    return tuple(sorted(kinds))


def _part_kind(name: str) -> str | None:
    for pattern, kind in _COMPILED_RULES:
        if pattern.fullmatch(name):
            return kind
    return _UNKNOWN


def _drawing_kinds(xml: bytes) -> set[str]:
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError:
        return {"shapes"}  # cannot tell what it holds; openpyxl will not keep it either
    found: set[str] = set()
    for element in root.iter():
        local = element.tag.rpartition("}")[2] if isinstance(element.tag, str) else ""
        if local == "pic":
            found.add("images")
        elif local in {"sp", "grpSp", "cxnSp", "contentPart"}:
            found.add("shapes")
        elif local == "graphicData":
            found.add(_graphic_kind(element.get("uri", "")))
    return found


def _graphic_kind(uri: str) -> str:
    uri = uri.lower()
    if "chart" in uri:
        return "charts"
    if "timeslicer" in uri:
        return "timelines"
    if "slicer" in uri:
        return "slicers"
    return "shapes"  # SmartArt and other frames openpyxl does not write


def _warning_kind(message: str) -> str:
    extension = _EXTENSION_WARNING.search(message)
    if extension:
        return _EXTENSION_KINDS.get(extension.group(1).strip().lower(), "Excel extensions")
    for pattern, kind in _WARNING_KINDS:
        if pattern.search(message):
            return kind
    return ""  # e.g. "Workbook contains no default style": nothing is lost


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


def _same_file(first: Path, second: Path) -> bool:
    try:
        return os.path.samefile(first, second)
    except OSError:
        return os.path.realpath(first) == os.path.realpath(second)


def _save_atomically(
    workbook: Workbook, target: Path, *, before_replace: Callable[[], object]
) -> None:
    """Save into a temporary file beside ``target``, then rename it over ``target``.

    Until the rename the target is untouched, so any failure leaves it byte-identical.
    """
    # Write through a symlink to the file it names instead of replacing the link.
    real = Path(os.path.realpath(target))
    mode = _existing_mode(real, str(target))
    temp = real.parent / f"{TEMP_PREFIX}{secrets.token_hex(8)}.tmp"
    try:
        # 0o666 lets the umask decide for a new copy, as for any file the user creates.
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        descriptor = os.open(temp, flags, 0o666)
    except OSError as error:
        raise WorkbookSaveFailed(path=str(target), reason=_os_reason(error)) from error
    try:
        with os.fdopen(descriptor, "wb") as handle:
            workbook.save(handle)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(temp, mode)
        before_replace()
        os.replace(temp, real)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(error, SheetsSyncError) or not isinstance(error, Exception):
            raise
        reason = _os_reason(error) if isinstance(error, OSError) else f"{error}"[:200]
        raise WorkbookSaveFailed(path=str(target), reason=reason or type(error).__name__) from error
    _sync_folder(real.parent)


def _existing_mode(path: Path, shown: str) -> int | None:
    """Permission bits to give the new file; None for a new copy (the umask decides)."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise WorkbookSaveFailed(path=shown, reason=_os_reason(error)) from error
    if not os.access(path, os.W_OK):
        # A read-only file stays read-only: replacing it would override the user's choice.
        raise WorkbookSaveFailed(path=shown, reason="the file is read-only")
    return mode


def _sync_folder(folder: Path) -> None:
    # Make the rename itself durable; not possible (nor needed) on every platform.
    with contextlib.suppress(OSError, AttributeError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
