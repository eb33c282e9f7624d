"""The `teachers` register: tab «Мугалимдер» / «Педагоги» (DOMAIN.md)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel

from sheets_sync.fields import Column, Number, Reference, SheetDate, Text, YesNo
from sheets_sync.register import Register

from .choices import EducationChoice, PositionChoice
from .dates import whole_years


class Teacher(BaseModel):
    id: Annotated[Text | None, Column("ID", "Табель №", "ID")] = None
    full_name: Annotated[Text, Column("Аты-жөнү", "ФИО", "Full name", ("Фамилиясы, аты",))]
    position: Annotated[PositionChoice, Column("Кызматы", "Должность", "Position")]
    subject: Annotated[Text | None, Column("Предмет", "Предмет", "Subject", ("Сабагы",))] = None
    association: Annotated[
        Text | None,
        Column(
            "Усулдук бирикме",
            "Методобъединение",
            "Methodical association",
            ("МБ", "УБ", "ШМО", "Методическое объединение"),
        ),
        Reference("associations", "unknown-association"),
    ] = None
    education: Annotated[EducationChoice | None, Column("Билими", "Образование", "Education")] = (
        None
    )
    experience_start: Annotated[
        SheetDate | None,
        Column("Педстаж башталган күн", "Дата начала педстажа", "Experience start"),
    ] = None
    experience_years: Annotated[
        Number | None, Column("Стажы (жыл)", "Педстаж (лет)", "Experience (years)")
    ] = None
    hired_on: Annotated[
        SheetDate | None, Column("Ишке кабыл алынган күн", "Дата приёма", "Hired on")
    ] = None
    jd_acknowledged_on: Annotated[
        SheetDate | None,
        Column(
            "Кызматтык нускама менен таанышкан күн",
            "Ознакомлен с инструкцией",
            "Job description acknowledged",
        ),
    ] = None
    mentor: Annotated[
        Text | None,
        Column("Насаатчы", "Наставник", "Mentor"),
        Reference("teachers", "unknown-teacher"),
    ] = None
    council_member: Annotated[
        YesNo | None, Column("МК мүчөсү", "Член методсовета", "Council member")
    ] = None

    def experience_at(self, as_of: date) -> float | None:
        """Full years of teaching experience at ``as_of``: from the start date, else the number."""
        if self.experience_start is not None:
            return float(whole_years(self.experience_start, as_of))
        return self.experience_years


TEACHERS = Register(
    id="teachers",
    tabs=Column("Мугалимдер", "Педагоги", "Teachers", ("Мугалимдер тизмеси", "Учителя")),
    model=Teacher,
    key=("id", "full_name"),
    lookup=("id", "full_name"),
)
