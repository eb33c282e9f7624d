"""Cell types for register models: how a spreadsheet cell becomes a Python value.

Each type turns what staff type into a clean value or fails with a stable finding code
(``bad-date``, ``bad-number``, ``bad-choice``, ``bad-value``), which the validator turns into
a finding that names the cell. Blank cells never reach these validators: a blank optional
field is ``None`` and a blank required field is ``missing-value``::

    class Course(BaseModel):
        hours: Annotated[Number, Column("Саат", "Часы", "Hours")]
        end: Annotated[SheetDate, Column("Аякташы", "Окончание", "End")]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Annotated, Any, TypeVar, Union

from pydantic import BeforeValidator, Field, Strict, StringConstraints
from pydantic_core import PydanticCustomError

from .dates import DateParseError, parse_date
from .text import display, normalize

E = TypeVar("E", bound=Enum)


@dataclass(frozen=True)
class Column:
    """The header names a field is known by, Kyrgyz first, then Russian and English.

    ``aliases`` are further spellings staff use (another Kyrgyz or Russian wording).
    """

    ky: str
    ru: str
    en: str
    aliases: tuple[str, ...] = ()

    def names(self) -> tuple[str, ...]:
        return (self.ky, self.ru, self.en, *self.aliases)

    def title(self, language: str) -> str:
        return {"ky": self.ky, "ru": self.ru, "en": self.en}.get(language, self.ky)


@dataclass(frozen=True)
class Reference:
    """Marks a field whose value must name a row of another register.

    ``code`` is the finding raised when it names nobody (``unknown-teacher``).
    """

    register: str
    code: str


def _fail(code: str, value: Any, **context: Any) -> PydanticCustomError:
    return PydanticCustomError(code, "{value}", {"value": display(value), **context})


# Text already as display() would leave it: one space between words, none around them.
_PLAIN = re.compile(r"\S+(?: \S+)*")


def _to_text(value: Any) -> str:
    if type(value) is str and _PLAIN.fullmatch(value):  # the common case, kept cheap
        return value
    if isinstance(value, bool):
        raise _fail("bad-value", value)
    if isinstance(value, datetime | date):
        return value.strftime("%d.%m.%Y")
    return display(value)


_DATE_YEARS = range(1900, 2201)  # the years parse_date accepts


def _to_date(value: Any) -> date:
    if type(value) is date and value.year in _DATE_YEARS:  # a date cell: nothing to read
        return value
    try:
        parsed = parse_date(value)
    except DateParseError:
        raise _fail("bad-date", value) from None
    if parsed is None:
        raise _fail("bad-date", value)
    return parsed


_UNIT = re.compile(r"\s*(саат|сааттан|час|часа|часов|ч|h|hours?)\.?\s*$", re.IGNORECASE)


def _to_number(value: Any) -> float:
    if isinstance(value, bool):
        raise _fail("bad-number", value)
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = _UNIT.sub("", str(value)).replace("\u00a0", "").replace(" ", "").replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            raise _fail("bad-number", value) from None
    if number < 0 or number != number:
        raise _fail("bad-number", value)
    return number


_YES = {"ооба", "ооба ооба", "да", "yes", "y", "true", "1", "✓", "✔", "+", "х", "x", "v"}
_NO = {"жок", "нет", "no", "n", "false", "0", "-", "—"}


def _to_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        if value in (0, 1):
            return bool(value)
        raise _fail("bad-value", value)
    text = str(value).strip().casefold()
    word = normalize(text) or text
    if word in _YES or text in _YES:
        return True
    if word in _NO or text in _NO:
        return False
    raise _fail("bad-value", value)


def _fast(native: Any, reader: Any) -> Any:
    """``native`` (checked by pydantic itself, without calling Python) when the cell already
    holds a clean value, else ``reader``, which reads what staff typed or fails with a finding
    code. When both fail, validation keeps only the reader's error."""
    return Annotated[Union[native, reader], Field(union_mode="left_to_right")]  # noqa: UP007


Text = _fast(
    Annotated[str, Strict(), StringConstraints(pattern=r"^\S+(?: \S+)*$")],
    Annotated[str, BeforeValidator(_to_text)],
)
SheetDate = _fast(
    Annotated[date, Strict(), Field(ge=date(1900, 1, 1), le=date(2200, 12, 31))],
    Annotated[date, BeforeValidator(_to_date)],
)
Number = _fast(
    Annotated[float, Strict(), Field(ge=0, allow_inf_nan=False)],
    Annotated[float, BeforeValidator(_to_number)],
)
YesNo = Annotated[bool, BeforeValidator(_to_bool)]


def choice(enum: type[E], aliases: Mapping[E, Iterable[str]] | None = None) -> Any:
    """A field type accepting the enum's values and further spellings of each member.

    >>> Kind = choice(CourseKind, {CourseKind.SEMINAR: ("семинар", "тренинг")})
    """
    lookup: dict[str, E] = {normalize(str(member.value)): member for member in enum}
    for member, spellings in (aliases or {}).items():
        lookup.update({normalize(spelling): member for spelling in spellings})

    seen: dict[str, E] = {}  # spellings met before: a column repeats a handful of values

    def parse(value: Any) -> E:
        if isinstance(value, enum):
            return value
        if type(value) is str and value in seen:
            return seen[value]
        member = lookup.get(normalize(display(value)))
        if member is None:
            raise _fail("bad-choice", value, choices=[str(item.value) for item in enum])
        if type(value) is str and len(seen) < 1024:
            seen[value] = member
        return member

    return _fast(Annotated[enum, Strict(False)], Annotated[enum, BeforeValidator(parse)])
