"""Entry rules: the mistakes a register's tab prevents while staff type, as data validation.

A register's fields say what each column holds; this turns that into ``SetValidation``
changes below its header row:

- a choice column (position, course kind, ...) gets a drop-down of its values in Kyrgyz and
  Russian, and a yes/no column one of «ооба», «жок», «да», «нет»; a list longer than a
  spreadsheet keeps (255 characters in Excel) offers only the Kyrgyz values, or, when even
  those are too long (the eleven document types of the MA file), no drop-down at all;
- a reference column (a mentor, a leader, an MA) gets a drop-down of the cells of the
  referenced register's own name column, so the list grows as rows are added there;
- a date column accepts dates.

Every rule only warns (``strict`` False): staff type spellings the toolkit also reads
(«завуч», «КПК»), which a strict list would refuse. A column that already has validation is
the school's own and is left alone::

    header = map_headers(tab, TEACHERS)
    sources = {"associations": key_range(ASSOCIATIONS, ma_tab, ma_header)}
    changes = entry_rules(TEACHERS, tab, header, sources=sources, labels=russian_choices)
"""

from __future__ import annotations

import typing
from collections.abc import Mapping
from datetime import date
from enum import Enum
from typing import Any

from pydantic.fields import FieldInfo

from .changes import CellRef, SetValidation, Validation
from .headers import HeaderMap
from .register import Register
from .snapshot import Span, Tab

SPARE_ROWS = 500
"""Rows below the last one used that the rules still cover, so new rows get them too."""
MIN_BOTTOM = 1000
"""The rules reach at least this row (a new tab's usual grid), however short the tab."""
YES_NO = ("ооба", "жок", "да", "нет")
"""What a yes/no column's drop-down offers: the words the toolkit reads, Kyrgyz then Russian."""

LIST_LIMIT = 255
"""The longest list formula Excel keeps (the quoted, comma-separated values)."""

KeyRange = tuple[CellRef, CellRef]
"""The first and last cell of a register's name column: what a reference drop-down lists."""


def bottom_row(tab: Tab, header: HeaderMap) -> int:
    """The last row the entry rules of a tab cover."""
    return max(max(tab.height, header.row) + SPARE_ROWS, MIN_BOTTOM)


def _leaf_types(annotation: Any) -> set[Any]:
    """The plain types inside a field's annotation (through ``Annotated``, unions, Optional)."""
    if typing.get_origin(annotation) is typing.Annotated:
        return _leaf_types(typing.get_args(annotation)[0])
    arguments = typing.get_args(annotation)
    if arguments:
        return set().union(*(_leaf_types(argument) for argument in arguments))
    return {annotation}


def field_kind(info: FieldInfo) -> tuple[str, type[Enum] | None]:
    """What a field holds, for entry rules: ("choice", its enum), ("yes-no", None),
    ("date", None) or ("other", None)."""
    leaves = _leaf_types(info.annotation) - {type(None)}
    enums = [leaf for leaf in leaves if isinstance(leaf, type) and issubclass(leaf, Enum)]
    if len(enums) == 1:
        return "choice", enums[0]
    if leaves == {bool}:
        return "yes-no", None
    if leaves == {date}:
        return "date", None
    return "other", None


def choice_values(enum: type[Enum], labels: Mapping[str, str]) -> tuple[str, ...]:
    """The enum's values as registers store them (Kyrgyz), then each one's label in
    ``labels`` (Russian, from the ``[choices]`` catalog) that is not already listed; only the
    Kyrgyz values when both do not fit in one list, and none when even those do not."""
    kyrgyz = tuple(str(member.value) for member in enum)
    both = tuple(dict.fromkeys((*kyrgyz, *(labels[value] for value in kyrgyz if value in labels))))
    return next((values for values in (both, kyrgyz) if fits_a_list(values)), ())


def fits_a_list(values: tuple[str, ...]) -> bool:
    """Whether a spreadsheet keeps ``values`` as one drop-down: Excel keeps a list's values
    comma-separated in one quoted formula of at most ``LIST_LIMIT`` characters."""
    return all("," not in value for value in values) and len(",".join(values)) + 2 <= LIST_LIMIT


def name_field(register: Register, header: HeaderMap) -> str | None:
    """The column other registers' drop-downs list: a required lookup field (filled on every
    row, so the list has no gaps: a teacher's full name, an MA's name), else the first
    lookup field the tab has."""
    present = [name for name in register.lookup if header.has(name)]
    required = [name for name in present if name in register.required]
    return (required or present or [None])[0]


def key_range(register: Register, tab: Tab, header: HeaderMap) -> KeyRange | None:
    """The cells of ``register``'s name column on its tab, from under the header down to the
    bottom its entry rules cover; None when the tab has no such column."""
    name = name_field(register, header)
    if name is None:
        return None
    column = header.columns[name]
    return (
        CellRef(tab.title, header.row + 1, column),
        CellRef(tab.title, bottom_row(tab, header), column),
    )


def entry_rules(
    register: Register,
    tab: Tab,
    header: HeaderMap,
    *,
    sources: Mapping[str, KeyRange],
    labels: Mapping[str, str],
) -> tuple[SetValidation, ...]:
    """Validation for every column of ``register`` on ``tab`` that has a rule and no
    validation of its own yet, in column order.

    ``sources`` maps a register id to its name column (``key_range``); a reference to a
    register not in it gets no drop-down. ``labels`` maps a choice value to its Russian
    spelling."""
    first, last = header.row + 1, bottom_row(tab, header)
    changes = []
    fields = register.model.model_fields
    for name, column in sorted(header.columns.items(), key=lambda item: item[1]):
        if column in tab.validated_columns:
            continue
        validation = _validation(register, name, fields[name], sources, labels)
        if validation is not None:
            changes.append(SetValidation(tab.title, Span(first, column, last, column), validation))
    return tuple(changes)


def _validation(
    register: Register,
    name: str,
    info: FieldInfo,
    sources: Mapping[str, KeyRange],
    labels: Mapping[str, str],
) -> Validation | None:
    reference = register.references.get(name)
    if reference is not None:
        source = sources.get(reference.register)
        if source is None:
            return None
        return Validation("range", source=source[0], source_end=source[1], strict=False)
    kind, enum = field_kind(info)
    if kind == "choice" and enum is not None:
        values = choice_values(enum, labels)
        return Validation("list", values=values, strict=False) if values else None
    if kind == "yes-no":
        return Validation("list", values=YES_NO, strict=False)
    if kind == "date":
        return Validation("date", strict=False)
    return None
