"""The `meetings` register: tab «Отурумдар» / «Заседания» (DOMAIN.md; seed 002 §5.6, seed 003 §5).

``body`` is «Методикалык кеңеш», «Педагогикалык кеңеш» or an association's name; a rule
checks it (``unknown-body``) because it may name either. The protocol number's column is
required, but a blank cell is reported as ``protocol-missing`` once the meeting has taken
place: a meeting planned ahead has no protocol yet."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, model_validator

from sheets_sync.fields import Column, Number, SheetDate, Text
from sheets_sync.register import Register

from .validators import allow_blank


class Meeting(BaseModel):
    body: Annotated[
        Text,
        Column(
            "Орган",
            "Орган",
            "Body",
            ("Кеңеш же УБ", "Совет или МО", "Кеңеш", "Совет", "Council"),
        ),
    ]
    date: Annotated[
        SheetDate,
        Column("Күнү", "Дата", "Date", ("Отурумдун күнү", "Дата заседания", "Meeting date")),
    ]
    protocol_no: Annotated[
        Text | None,
        Column(
            "Протокол №",
            "Протокол №",
            "Protocol №",
            ("№ протокола", "Протоколдун №", "Протоколдун номери", "Номер протокола", "Minutes №"),
        ),
    ]
    agenda: Annotated[
        Text | None,
        Column(
            "Күн тартиби",
            "Повестка",
            "Agenda",
            ("Повестка дня", "Каралган маселелер", "Маселелер"),
        ),
    ] = None
    decisions: Annotated[
        Text | None,
        Column("Токтом", "Решение", "Decisions", ("Токтомдор", "Чечим", "Чечимдер", "Решения")),
    ] = None
    attendees: Annotated[
        Number | None,
        Column(
            "Катышкандар",
            "Присутствовали",
            "Attendees",
            ("Катышкандардын саны", "Число присутствующих", "Присутствующих"),
        ),
    ] = None

    @model_validator(mode="before")
    @classmethod
    def _protocol_may_be_blank(cls, data: Any) -> Any:
        return allow_blank(data, "protocol_no")


MEETINGS = Register(
    id="meetings",
    tabs=Column(
        "Отурумдар",
        "Заседания",
        "Meetings",
        ("Отурумдардын протоколдору", "Протоколы заседаний", "Протоколы"),
    ),
    model=Meeting,
)
