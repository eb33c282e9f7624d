"""The `documents` register: tab «Документтер» / «Документы» (DOMAIN.md; seed 002 §5.9, §6):
the MA's file, with the school year each paper is about and when it went to the archive."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, model_validator
from pydantic_core import PydanticCustomError

from sheets_sync.fields import Column, Reference, SheetDate, Text
from sheets_sync.register import Register
from sheets_sync.text import display

from .associations import ASSOCIATION_COLUMN
from .calendar import parse_label
from .choices import DocTypeChoice
from .validators import ensure_order


def _school_year(value: Any) -> str:
    """«2024-2025», «2024/25», «2024–2025-окуу жылы» -> «2024-2025»; else ``bad-value``."""
    start = parse_label(display(value))
    if start is None:
        raise PydanticCustomError("bad-value", "{value}", {"value": display(value)})
    return f"{start}-{start + 1}"


SchoolYearText = Annotated[str, BeforeValidator(_school_year)]


class Document(BaseModel):
    association: Annotated[
        Text | None, ASSOCIATION_COLUMN, Reference("associations", "unknown-association")
    ] = None
    doc_type: Annotated[
        DocTypeChoice | None,
        Column(
            "Документтин түрү",
            "Вид документа",
            "Document type",
            ("Түрү", "Вид", "Документ", "Иш кагаздын түрү"),
        ),
    ] = None
    school_year: Annotated[
        SchoolYearText | None,
        Column("Окуу жылы", "Учебный год", "School year", ("Жылы", "Год", "Окуу жыл")),
    ] = None
    created_on: Annotated[
        SheetDate | None,
        Column(
            "Түзүлгөн күн",
            "Дата",
            "Created on",
            ("Күнү", "Түзүлгөн күнү", "Дата создания", "Дата составления", "Date"),
        ),
    ] = None
    archived_on: Annotated[
        SheetDate | None,
        Column(
            "Архивге өткөн күн",
            "Сдан в архив",
            "Archived on",
            ("Архивге тапшырылган күн", "Архивге өттү", "Дата сдачи в архив", "Архив"),
        ),
    ] = None
    link: Annotated[
        Text | None, Column("Шилтеме", "Ссылка", "Link", ("Файл", "URL", "Ссылка на файл"))
    ] = None

    @model_validator(mode="after")
    def _archived_after_created(self) -> Document:
        ensure_order(self, "created_on", "archived_on")
        return self


DOCUMENTS = Register(
    id="documents",
    tabs=Column(
        "Документтер",
        "Документы",
        "Documents",
        ("УБ документтери", "Иш кагаздары", "Документы МО", "Документация"),
    ),
    model=Document,
)
