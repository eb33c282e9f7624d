"""The `pd_courses` register: tab «Квалификация» / «Повышение квалификации» (DOMAIN.md)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, model_validator

from sheets_sync.fields import Column, Number, Reference, SheetDate, Text
from sheets_sync.register import Register

from .choices import CourseKindChoice, DocumentKindChoice
from .validators import ensure_order


class Course(BaseModel):
    teacher: Annotated[
        Text,
        Column("Мугалим", "Педагог", "Teacher", ("Аты-жөнү", "ФИО")),
        Reference("teachers", "unknown-teacher"),
    ]
    title: Annotated[Text | None, Column("Курстун аталышы", "Название курса", "Course title")] = (
        None
    )
    provider: Annotated[Text | None, Column("Уюм", "Организация", "Provider")] = None
    kind: Annotated[CourseKindChoice, Column("Түрү", "Вид", "Kind")]
    hours: Annotated[Number, Column("Саат", "Часы", "Hours")]
    start: Annotated[SheetDate | None, Column("Башталышы", "Начало", "Start")] = None
    end: Annotated[SheetDate, Column("Аякташы", "Окончание", "End")]
    document_kind: Annotated[
        DocumentKindChoice | None, Column("Документ", "Документ", "Document")
    ] = None
    document_no: Annotated[Text | None, Column("Документ №", "Документ №", "Document №")] = None
    submitted_on: Annotated[
        SheetDate | None,
        Column("Документ тапшырылган күн", "Документ сдан", "Document submitted"),
    ] = None

    @model_validator(mode="after")
    def _ends_after_start(self) -> Course:
        # The optional start is the likelier typo; the end keeps counting for the PD cycle.
        ensure_order(self, "start", "end", blame="start")
        return self


PD_COURSES = Register(
    id="pd_courses",
    tabs=Column(
        "Квалификация",
        "Повышение квалификации",
        "PD courses",
        ("Квалификацияны жогорулатуу", "Курстар"),
    ),
    model=Course,
)
