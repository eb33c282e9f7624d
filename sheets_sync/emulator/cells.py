"""What goes into a cell: Python values, RAW and USER_ENTERED input, as Sheets stores them.

A stored value is an ``ExtendedValue`` dict; some input also sets a number format, as typing
does in Sheets::

    user_value(date(2024, 9, 1))
    # ({"numberValue": 45536}, {"type": "DATE", "pattern": "yyyy-mm-dd"})
    user_value(Formula("=A1*2"))      # ({"formulaValue": "=A1*2"}, None)
    parse_input("=1/2", "USER_ENTERED")   # ({"formulaValue": "=1/2"}, None)
    parse_input("=1/2", "RAW")            # ({"stringValue": "=1/2"}, None)
    parse_input("2,000.5", "USER_ENTERED")  # ({"numberValue": 2000.5}, {"type": "NUMBER", ...})
    parse_input("", "RAW")                # (None, None): the cell is emptied

Typed text is read with en_US conventions (``.`` decimals, ``,`` thousands, ``$``); dates are
ISO ``2024-09-01``, ``9/1/2024`` (month first in en_US, day first in other locales) and
``01.09.2024`` (always day first).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from .numfmt import to_serial


@dataclass(frozen=True)
class Formula:
    """A formula to seed into a cell: ``Formula("=SUM(D2:D9)")``."""

    text: str


_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:[eE][+-]?\d+)?$")
_ISO_DATE = re.compile(r"^(\d{4})([-/])(\d{1,2})\2(\d{1,2})$")
_SLASH_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_DOT_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([aApP][mM])?$")


def user_value(value: Any) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """A Python value as seeded by the emulator's own API (no HTTP)."""
    if value is None or value == "":
        return None, None
    if isinstance(value, Formula):
        return {"formulaValue": value.text}, None
    if isinstance(value, bool):
        return {"boolValue": value}, None
    if isinstance(value, int | float):
        return {"numberValue": value}, None
    if isinstance(value, datetime):
        return {"numberValue": to_serial(value)}, {
            "type": "DATE_TIME",
            "pattern": "yyyy-mm-dd hh:mm:ss",
        }
    if isinstance(value, date):
        return {"numberValue": to_serial(value)}, {"type": "DATE", "pattern": "yyyy-mm-dd"}
    if isinstance(value, time):
        seconds = value.hour * 3600 + value.minute * 60 + value.second
        return {"numberValue": seconds / 86400}, {"type": "TIME", "pattern": "hh:mm:ss"}
    return {"stringValue": str(value)}, None


def python_value(entered: dict[str, Any] | None) -> Any:
    """The inverse of ``user_value`` for a stored value (dates stay serial numbers)."""
    if not entered:
        return None
    if "formulaValue" in entered:
        return Formula(entered["formulaValue"])
    for key in ("stringValue", "numberValue", "boolValue"):
        if key in entered:
            return entered[key]
    return None


def parse_input(
    value: Any, option: str, locale: str = "en_US"
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """One JSON cell of a values write -> (ExtendedValue or None to empty, format or None)."""
    if isinstance(value, bool):
        return {"boolValue": value}, None
    if isinstance(value, int | float):
        return {"numberValue": value}, None
    text = str(value)
    if text == "":
        return None, None
    if option == "RAW":
        return {"stringValue": text}, None
    return _typed(text, locale)


def _typed(text: str, locale: str) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    if text.startswith("'"):
        return {"stringValue": text[1:]}, None
    if text.startswith("=") and len(text) > 1:
        return {"formulaValue": text}, None
    stripped = text.strip()
    if stripped.upper() in ("TRUE", "FALSE"):
        return {"boolValue": stripped.upper() == "TRUE"}, None
    number = _number(stripped)
    if number is not None:
        return number
    moment = _moment(stripped, locale)
    if moment is not None:
        return moment
    return {"stringValue": text}, None


def _clean(number: float) -> float | int:
    return int(number) if float(number).is_integer() and abs(number) < 2**53 else number


def _number(text: str) -> tuple[dict[str, Any], dict[str, Any] | None] | None:
    body, kind = text, None
    negative = False
    if body.startswith("-"):
        negative, body = True, body[1:].strip()
    if body.startswith("$"):
        body, kind = body[1:].strip(), "CURRENCY"
    elif body.endswith("%"):
        body, kind = body[:-1].strip(), "PERCENT"
    if not body or not _NUMBER.match(body) or not re.search(r"\d", body):
        return None
    number = float(body.replace(",", "").lstrip("+"))
    if negative:
        number = -number
    decimals = "." in body
    if kind == "PERCENT":
        pattern = "0.00%" if decimals else "0%"
        return {"numberValue": _clean(round(number / 100, 15))}, {
            "type": "PERCENT",
            "pattern": pattern,
        }
    if kind == "CURRENCY":
        return {"numberValue": _clean(number)}, {"type": "CURRENCY", "pattern": '"$"#,##0.00'}
    if "e" in body.lower():
        return {"numberValue": _clean(number)}, {"type": "SCIENTIFIC", "pattern": "0.00E+00"}
    if "," in body:
        pattern = "#,##0.00" if decimals else "#,##0"
        return {"numberValue": _clean(number)}, {"type": "NUMBER", "pattern": pattern}
    return {"numberValue": _clean(number)}, None


def _moment(text: str, locale: str) -> tuple[dict[str, Any], dict[str, Any]] | None:
    day_first = not locale.startswith("en_US")
    date_part, _, time_part = text.partition(" ")
    parsed: tuple[date, str] | None = None
    match = _ISO_DATE.match(date_part)
    try:
        if match:
            year, sep, month, day = match.groups()
            parsed = date(int(year), int(month), int(day)), f"yyyy{sep}mm{sep}dd"
        elif match := _DOT_DATE.match(date_part):
            day, month, year = match.groups()
            parsed = date(int(year), int(month), int(day)), "dd.mm.yyyy"
        elif match := _SLASH_DATE.match(date_part):
            first, second, year = match.groups()
            if day_first:
                parsed = date(int(year), int(second), int(first)), "dd/mm/yyyy"
            else:
                parsed = date(int(year), int(first), int(second)), "M/d/yyyy"
    except ValueError:
        return None  # 2024-02-30 is text, as in Sheets
    if parsed is None:
        clock = _clock(text)
        if clock is None:
            return None
        return {"numberValue": clock[0]}, {"type": "TIME", "pattern": clock[1]}
    day_serial, pattern = to_serial(parsed[0]), parsed[1]
    if not time_part:
        return {"numberValue": day_serial}, {"type": "DATE", "pattern": pattern}
    clock = _clock(time_part.strip())
    if clock is None:
        return None
    return {"numberValue": _clean(day_serial + clock[0])}, {
        "type": "DATE_TIME",
        "pattern": f"{pattern} {clock[1]}",
    }


def _clock(text: str) -> tuple[float, str] | None:
    match = _TIME.match(text)
    if not match:
        return None
    hour, minute, second, half = match.groups()
    hours = int(hour)
    if half:
        if not 1 <= hours <= 12:
            return None
        hours = hours % 12 + (12 if half.lower() == "pm" else 0)
    if hours > 23 or int(minute) > 59 or int(second or 0) > 59:
        return None
    seconds = hours * 3600 + int(minute) * 60 + int(second or 0)
    pattern = "h:mm:ss" if second else "h:mm"
    if half:
        pattern += " am/pm"
    return _clean(seconds / 86400), pattern
