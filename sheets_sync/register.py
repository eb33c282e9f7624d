"""A register: one kind of tab (teachers, PD courses, ...) described for the engine.

A register pairs a pydantic model, whose fields carry their header names (``Column``), with
the tab names it is found under and its key::

    TEACHERS = Register(
        id="teachers",
        tabs=Column("Мугалимдер", "Педагоги", "Teachers"),
        model=Teacher,
        key=("id", "full_name"),
        lookup=("id", "full_name"),
    )
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from pydantic import BaseModel, TypeAdapter
from pydantic.fields import FieldInfo

from .fields import Column, Reference


def _metadata(info: FieldInfo, kind: type) -> Any:
    return next((item for item in info.metadata if isinstance(item, kind)), None)


@dataclass(frozen=True)
class Register:
    """``key``: key fields in order of preference; the first whose column the tab has is used.
    ``lookup``: fields by which other registers' references may name a row of this one."""

    id: str
    tabs: Column
    model: type[BaseModel]
    key: tuple[str, ...] = ()
    lookup: tuple[str, ...] = ()

    @cached_property
    def columns(self) -> dict[str, Column]:
        """Every field with its header names, in model order."""
        found = {}
        for name, info in self.model.model_fields.items():
            column = _metadata(info, Column)
            if column is None:
                raise TypeError(f"{self.model.__name__}.{name} has no Column(...) header names")
            found[name] = column
        return found

    @cached_property
    def required(self) -> tuple[str, ...]:
        return tuple(name for name, info in self.model.model_fields.items() if info.is_required())

    @cached_property
    def references(self) -> dict[str, Reference]:
        return {
            name: ref
            for name, info in self.model.model_fields.items()
            if (ref := _metadata(info, Reference)) is not None
        }

    @cached_property
    def adapters(self) -> dict[str, TypeAdapter[Any]]:
        """One validator per field, to keep the good fields of a row that fails elsewhere."""
        return {
            name: TypeAdapter(info.rebuild_annotation())
            for name, info in self.model.model_fields.items()
        }

    def title(self, language: str) -> str:
        return self.tabs.title(language)

    def __hash__(self) -> int:
        return hash(self.id)
