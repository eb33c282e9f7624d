"""Validation: the rows of one tab become typed records, and every failure a finding.

Each non-blank row below the header is validated by the register's pydantic model. A failure
names the cell (tab, sheet row, header as written) and echoes the raw value; the rest of the
row still counts, and a rule that needs the failed field simply does not see that row::

    table, findings = read_table(tab, TEACHERS)
    for record in table.usable("full_name", "hired_on"):
        ...
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from typing import Any

from pydantic import BaseModel, ValidationError

from .changes import column_letter
from .collector import collector_paused
from .findings import Finding, Severity
from .headers import Duplicate, HeaderMap, map_headers
from .register import Register
from .snapshot import CellValue, Tab
from .text import display

_MIDNIGHT = time()
_CODES = {"bad-date", "bad-number", "bad-choice", "bad-value", "date-order"}


class RowValues(Mapping[str, CellValue]):
    """A row's cells by field name as the tab holds them (None where a cell is empty): a
    view of the snapshot's row, so a record keeps no copy of its cells."""

    __slots__ = ("_cells", "_columns")

    def __init__(self, cells: Sequence[CellValue], columns: Mapping[str, int]) -> None:
        self._cells = cells
        self._columns = columns  # field name -> 0-based index into the row

    def __getitem__(self, name: str) -> CellValue:
        index = self._columns[name]
        return self._cells[index] if index < len(self._cells) else None

    def __iter__(self) -> Iterator[str]:
        return iter(self._columns)

    def __len__(self) -> int:
        return len(self._columns)

    def __repr__(self) -> str:
        return f"RowValues({dict(self)!r})"


@dataclass(frozen=True, slots=True)
class Record:
    """One validated row. ``invalid`` names the fields that failed; their value is None."""

    row: int
    data: Any
    raw: Mapping[str, CellValue]
    invalid: frozenset[str] = frozenset()

    def usable(self, *fields: str) -> bool:
        return not self.invalid.intersection(fields)

    def invalidate(self, name: str) -> Record:
        return replace(self, invalid=self.invalid | {name})


@dataclass
class Table:
    """A register's tab, read and validated."""

    register: Register
    title: str
    header: HeaderMap
    records: list[Record]

    def has(self, name: str) -> bool:
        return self.header.has(name)

    def header_text(self, name: str) -> str | None:
        return self.header.headers.get(name)

    def usable(self, *fields: str) -> Iterator[Record]:
        """Records whose listed fields passed validation (they may still be blank)."""
        return (record for record in self.records if record.usable(*fields))


def read_table(tab: Tab, register: Register) -> tuple[Table, list[Finding]]:
    """Validate every data row of ``tab``; a tab missing a required column yields no records."""
    header = map_headers(tab, register)
    findings = [_duplicate_column(register, dup) for dup in header.duplicates]
    table = Table(register, tab.title, header, [])
    if header.missing:
        return table, findings
    with collector_paused():
        _read_rows(tab, register, header, table, findings)
    return table, findings


def _read_rows(
    tab: Tab, register: Register, header: HeaderMap, table: Table, findings: list[Finding]
) -> None:

    indexes = {name: column - 1 for name, column in header.columns.items()}
    columns = list(indexes.items())
    dates: dict[datetime, date] = {}
    shared: dict[tuple[str, ...], frozenset[str]] = {}
    rows = tab.rows
    for row in range(header.row + 1, len(rows) + 1):
        cells = rows[row - 1]
        width = len(cells)
        present: dict[str, CellValue] = {}
        for name, index in columns:
            if index < width and (value := cells[index]) is not None:
                kind = type(value)
                if kind is str:
                    if value.isspace() or not value:
                        continue
                elif kind is datetime and value.time() == _MIDNIGHT:
                    # Backends read date cells as midnight datetimes, which pydantic's strict
                    # date check (every date field's fast path) would send to the slow reader.
                    day = dates.get(value)
                    if day is None:
                        day = dates[value] = value.date()
                    value = day
                present[name] = value
        if not present:
            continue
        raw = RowValues(cells, indexes)
        record, problems = _validate(register, header, row, raw, present, shared)
        table.records.append(record)
        findings.extend(problems)


def _validate(
    register: Register,
    header: HeaderMap,
    row: int,
    raw: RowValues,
    present: dict[str, CellValue],
    shared: dict[tuple[str, ...], frozenset[str]],
) -> tuple[Record, list[Finding]]:
    try:
        model = register.model.model_validate(present)
    except ValidationError as error:
        failures = [
            _failure(register, header, row, raw, item)
            for item in error.errors()
            if _from_reader(item)
        ]
    else:
        # Rows that fill the same columns share one set of the fields they set: a set per
        # row would be the largest part of a record. Records are read, never assigned to.
        key = tuple(present)
        fields = shared.get(key)
        if fields is None:
            fields = shared[key] = frozenset(model.__pydantic_fields_set__)
        object.__setattr__(model, "__pydantic_fields_set__", fields)
        return Record(row, model, raw), []
    invalid = frozenset(finding.field for finding in failures if finding.field)
    return Record(row, _partial(register, present, invalid), raw, invalid), failures


def _from_reader(item: Any) -> bool:
    """A cell type tries pydantic's own check first and its reader second (``fields._fast``);
    when both fail, the reader's error is the one with a finding code, so the other goes."""
    loc = item["loc"]
    return len(loc) < 2 or str(loc[1]).startswith("function-")


def _failure(register: Register, header: HeaderMap, row: int, raw: RowValues, item: Any) -> Finding:
    context = item.get("ctx") or {}
    name = item["loc"][0] if item["loc"] else context.get("field")
    code = item["type"] if item["type"] in _CODES else "bad-value"
    if item["type"] == "missing":
        code = "missing-value"
    params = {"value": display(raw.get(name)) if name else "", **context}
    return Finding(
        register.id,
        code,
        Severity.ERROR,
        row=row,
        field=name,
        column=header.headers.get(name) if name else None,
        params=params,
    )


def _partial(register: Register, present: dict[str, CellValue], invalid: frozenset[str]) -> Any:
    """The row's model with the good fields validated and the failed ones left None."""
    values: dict[str, Any] = {name: None for name in register.columns}
    for name, value in present.items():
        if name not in invalid:
            with contextlib.suppress(ValidationError):
                values[name] = register.adapters[name].validate_python(value)
    model: type[BaseModel] = register.model
    return model.model_construct(**values)


def _duplicate_column(register: Register, dup: Duplicate) -> Finding:
    return Finding(
        register.id,
        "duplicate-column",
        Severity.ERROR,
        field=dup.field,
        column=dup.header,
        params={
            "value": dup.header,
            "first_column": column_letter(dup.first_column),
            "column_letter": column_letter(dup.column),
        },
    )
