"""The `events` register: tab «Ачык сабактар» / «Открытые уроки и мероприятия» (DOMAIN.md;
seed 002 §3.9, §3.14, §5.7): open lessons, seminars, subject weeks, olympiads and
extracurricular events, planned and held."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel

from sheets_sync.fields import Column, Reference, SheetDate, Text
from sheets_sync.register import Register

from .associations import ASSOCIATION_COLUMN
from .choices import EventKindChoice


class Event(BaseModel):
    kind: Annotated[
        EventKindChoice,
        Column("Түрү", "Вид", "Kind", ("Иш-чаранын түрү", "Вид мероприятия", "Type")),
    ]
    association: Annotated[
        Text | None, ASSOCIATION_COLUMN, Reference("associations", "unknown-association")
    ] = None
    teacher: Annotated[
        Text | None,
        Column("Мугалим", "Педагог", "Teacher", ("Учитель", "Өткөргөн мугалим", "Аты-жөнү", "ФИО")),
        Reference("teachers", "unknown-teacher"),
    ] = None
    topic: Annotated[
        Text | None,
        Column("Темасы", "Тема", "Topic", ("Тема", "Сабактын темасы", "Тема урока")),
    ] = None
    planned_on: Annotated[
        SheetDate,
        Column(
            "Пландалган күн",
            "План",
            "Planned on",
            ("Пландалган", "Пландалган күнү", "Дата по плану", "Плановая дата", "Planned"),
        ),
    ]
    held_on: Annotated[
        SheetDate | None,
        Column(
            "Өткөрүлгөн күн",
            "Проведено",
            "Held on",
            ("Өткөрүлдү", "Өткөрүлгөн күнү", "Дата проведения", "Held"),
        ),
    ] = None


EVENTS = Register(
    id="events",
    tabs=Column(
        "Ачык сабактар",
        "Открытые уроки и мероприятия",
        "Events",
        (
            "Ачык сабактар жана иш-чаралар",
            "Иш-чаралар",
            "Открытые уроки",
            "Мероприятия",
            "Open lessons and events",
        ),
    ),
    model=Event,
)
