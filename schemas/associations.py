"""The `associations` register: tab «Усулдук бирикмелер» / «Методобъединения» (DOMAIN.md).

Keyed by name; teachers, events and documents name an association by it, and its leader must
be on the teachers tab."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel

from sheets_sync.fields import Column, Reference, Text
from sheets_sync.register import Register

# The ways staff head a column that names an association; shared by every register that
# refers to one.
ASSOCIATION_COLUMN = Column(
    "Усулдук бирикме",
    "Методобъединение",
    "Methodical association",
    ("МБ", "УБ", "ШМО", "МО", "Методическое объединение", "Методикалык бирикме"),
)


class Association(BaseModel):
    name: Annotated[
        Text,
        Column(
            "Аталышы",
            "Название",
            "Name",
            (
                *ASSOCIATION_COLUMN.names(),
                "Усулдук бирикменин аталышы",
                "Название МО",
                "Название методобъединения",
            ),
        ),
    ]
    area: Annotated[
        Text | None,
        Column(
            "Билим берүү тармагы",
            "Образовательная область",
            "Education area",
            ("Тармагы", "Билим берүү тармактары", "Образовательные области", "Subject area"),
        ),
    ] = None
    leader: Annotated[
        Text,
        Column(
            "Жетекчиси",
            "Руководитель",
            "Leader",
            ("Жетекчи", "УБ жетекчиси", "Төрагасы", "Руководитель МО", "Председатель", "Head"),
        ),
        Reference("teachers", "unknown-teacher"),
    ]
    theme: Annotated[
        Text | None,
        Column(
            "Усулдук тема",
            "Методическая тема",
            "Methodical theme",
            ("Усулдук темасы", "Методикалык тема", "Тема"),
        ),
    ] = None


ASSOCIATIONS = Register(
    id="associations",
    tabs=Column(
        "Усулдук бирикмелер",
        "Методобъединения",
        "Methodical associations",
        ("Методикалык бирикмелер", "Методические объединения", "УБ", "МБ", "ШМО"),
    ),
    model=Association,
    key=("name",),
    lookup=("name",),
)
