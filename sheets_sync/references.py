"""Keys and references between registers.

A register's key is its first key field the tab has (the ID column, else the name); a key seen
twice is ``duplicate-key``. A field marked ``Reference("teachers", "unknown-teacher")`` must
name a row of that register by any of its lookup fields (ID or full name)::

    index = Index.build(tables["teachers"])
    index.find("Асанова Гүлзат")   # -> Record or None
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .findings import Finding, Severity
from .text import display, normalize
from .validation import Record, Table


@dataclass
class Index:
    """Rows of one table by the normalised text of each lookup field (first row wins)."""

    rows: dict[str, Record] = field(default_factory=dict)
    _found: dict[tuple[type, object], Record | None] = field(
        default_factory=dict, compare=False, repr=False
    )

    @classmethod
    def build(cls, table: Table) -> Index:
        index = cls()
        for name in table.register.lookup:
            if not table.has(name):
                continue
            for record in table.usable(name):
                value = getattr(record.data, name)
                if value is not None:
                    index.rows.setdefault(normalize(display(value)), record)
        return index

    def find(self, value: object) -> Record | None:
        # Rows of other registers name the same few people over and over: look each up once.
        # Keyed with the type, since 1, 1.0 and True are equal keys that read apart.
        try:
            return self._found[type(value), value]
        except KeyError:
            found = self._found[type(value), value] = self.rows.get(normalize(display(value)))
            return found
        except TypeError:
            return self.rows.get(normalize(display(value)))


def key_field(table: Table) -> str | None:
    return next((name for name in table.register.key if table.has(name)), None)


def duplicate_keys(table: Table) -> list[Finding]:
    """``duplicate-key`` on every row repeating an earlier row's key."""
    name = key_field(table)
    if name is None:
        return []
    first: dict[str, int] = {}
    findings = []
    for record in table.usable(name):
        value = getattr(record.data, name)
        if value is None:
            continue
        seen = first.setdefault(normalize(display(value)), record.row)
        if seen != record.row:
            findings.append(
                Finding(
                    table.register.id,
                    "duplicate-key",
                    Severity.ERROR,
                    row=record.row,
                    field=name,
                    column=table.header_text(name),
                    params={"value": display(value), "first_row": seen},
                )
            )
    return findings


def check_references(
    tables: Mapping[str, Table], indexes: Mapping[str, Index]
) -> tuple[list[Finding], set[tuple[str, str]]]:
    """Findings for references that name nobody; those fields are marked invalid in place.

    Returns the findings and the (register, field) pairs that could not be checked because
    the referenced register is not in the workbook.
    """
    findings: list[Finding] = []
    unchecked: set[tuple[str, str]] = set()
    for table in tables.values():
        for name, ref in table.register.references.items():
            if not table.has(name):
                continue
            target = indexes.get(ref.register)
            if target is None:
                unchecked.add((table.register.id, name))
                continue
            for position, record in enumerate(table.records):
                value = getattr(record.data, name)
                if value is None or not record.usable(name) or target.find(value):
                    continue
                table.records[position] = record.invalidate(name)
                findings.append(
                    Finding(
                        table.register.id,
                        ref.code,
                        Severity.ERROR,
                        row=record.row,
                        field=name,
                        column=table.header_text(name),
                        params={"value": display(value)},
                        tabs=tab_titles(tables),
                    )
                )
    return findings, unchecked


def tab_titles(tables: Mapping[str, Table]) -> dict[str, str]:
    """Register id -> the title of its tab in this workbook, for messages that send staff to
    a tab: they name it as it is, not by the language's default."""
    return {register_id: table.title for register_id, table in tables.items()}
