"""Rendering numbers the way Sheets displays them (FORMATTED_VALUE), en_US conventions.

    format_number(0.0009765625, None)                                        # "0.0009765625"
    format_number(2000000.01, {"type": "NUMBER", "pattern": "#,##0.00"})     # "2,000,000.01"
    format_number(45536, {"type": "DATE", "pattern": "dd.mm.yyyy"})          # "01.09.2024"
    serial_to_datetime(45536.5)                                              # 2024-09-01 12:00

Patterns follow Google's number-format syntax: ``0 # ? . , %``, ``E+``, quoted literals,
``\\x`` escapes, ``;`` sections, and the date/time tokens ``d dd ddd dddd m mm mmm mmmm
yy yyyy h hh m mm s ss .000 am/pm a/p [h]``. Anything else prints as itself.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta
from typing import Any

EPOCH = datetime(1899, 12, 30)
DATE_TYPES = ("DATE", "TIME", "DATE_TIME")
DEFAULT_PATTERNS = {
    "DATE": "M/d/yyyy",
    "TIME": "h:mm:ss am/pm",
    "DATE_TIME": "M/d/yyyy H:mm:ss",
    "NUMBER": "#,##0.00",
    "PERCENT": "0.00%",
    "CURRENCY": '"$"#,##0.00',
    "SCIENTIFIC": "0.00E+00",
}
_MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def serial_to_datetime(serial: float) -> datetime:
    return EPOCH + timedelta(days=serial)


def to_serial(value: date | datetime) -> float | int:
    if isinstance(value, datetime):
        delta = value.replace(tzinfo=None) - EPOCH
        serial = delta.days + delta.seconds / 86400 + delta.microseconds / 86_400_000_000
        return int(serial) if serial.is_integer() else serial
    return (value - EPOCH.date()).days


def general(number: float) -> str:
    """Sheets' automatic format: integers plainly, up to 10 decimals, huge or tiny as 1.2E+20."""
    if isinstance(number, bool):
        return "TRUE" if number else "FALSE"
    if math.isnan(number) or math.isinf(number):
        return "#NUM!"
    magnitude = abs(number)
    if magnitude and (magnitude >= 1e15 or magnitude < 1e-10):
        mantissa, exponent = f"{number:.5E}".split("E")
        mantissa = mantissa.rstrip("0").rstrip(".")
        return f"{mantissa}E{exponent[0]}{exponent[1:].lstrip('0').rjust(2, '0')}"
    if float(number).is_integer():
        return str(int(number))
    text = f"{round(number, 10):.10f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def is_datetime(number_format: dict[str, Any] | None) -> bool:
    return bool(number_format) and number_format.get("type") in DATE_TYPES


def format_number(number: float, number_format: dict[str, Any] | None) -> str:
    number_format = number_format or {}
    kind = number_format.get("type")
    if kind in (None, "TEXT", "NUMBER_FORMAT_TYPE_UNSPECIFIED") and number_format.get(
        "pattern"
    ) in (None, "", "@", "General"):
        return general(number)
    pattern = number_format.get("pattern") or DEFAULT_PATTERNS.get(kind, "")
    if not pattern:
        return general(number)
    if kind in DATE_TYPES or _looks_like_date(pattern):
        return format_datetime(number, pattern)
    return format_with_pattern(number, pattern)


def _looks_like_date(pattern: str) -> bool:
    bare = re.sub(r'"[^"]*"|\\.', "", pattern).lower()
    return bool(re.search(r"[dyhs]|am/pm", bare)) and not re.search(r"[0#?]", bare)


# -- numbers -------------------------------------------------------------------------------
def _sections(pattern: str) -> list[str]:
    sections, current, quoted, index = [], "", False, 0
    while index < len(pattern):
        char = pattern[index]
        if char == '"':
            quoted = not quoted
        if char == "\\" and index + 1 < len(pattern):
            current += pattern[index : index + 2]
            index += 2
            continue
        if char == ";" and not quoted:
            sections.append(current)
            current = ""
        else:
            current += char
        index += 1
    sections.append(current)
    return sections


def format_with_pattern(number: float, pattern: str) -> str:
    sections = _sections(pattern)
    negative_section = number < 0 and len(sections) > 1 and sections[1] != ""
    if number == 0 and len(sections) > 2 and sections[2] != "":
        section = sections[2]
    elif negative_section:
        section = sections[1]
    else:
        section = sections[0]
    if number < 0 and not negative_section:
        text = _format_section(-number, section)
        return "-" + text if text.strip("0.,% ") else text
    return _format_section(abs(number) if negative_section else number, section)


def _format_section(number: float, section: str) -> str:
    prefix, suffix, digits = [], [], []
    seen_digits = False
    index = 0
    while index < len(section):
        char = section[index]
        target = suffix if seen_digits else prefix
        if char == '"':
            end = section.find('"', index + 1)
            end = len(section) if end < 0 else end
            target.append(section[index + 1 : end])
            index = end + 1
            continue
        if char == "\\" and index + 1 < len(section):
            target.append(section[index + 1])
            index += 2
            continue
        if char == "[":
            index = section.find("]", index) + 1 or len(section)
            continue
        if char in "_*":
            index += 2
            continue
        if char in "0#?.,":
            digits.append(char)
            seen_digits = True
        elif char in "Ee" and section[index + 1 : index + 2] in ("+", "-"):
            digits.append(section[index : index + 2])
            index += 2
            while index < len(section) and section[index] in "0#":
                digits.append(section[index])
                index += 1
            continue
        else:
            target.append(char)
        index += 1
    literal = "".join(prefix) + "".join(suffix)
    number *= 100 ** literal.count("%")
    body = _digits(number, "".join(digits))
    return "".join(prefix) + body + "".join(suffix)


def _digits(number: float, spec: str) -> str:
    if not spec:
        return ""
    exponent_spec = re.search(r"[Ee][+-]", spec)
    if exponent_spec:
        mantissa_spec = spec[: exponent_spec.start()]
        exponent_digits = len(spec) - exponent_spec.end()
        exponent = 0 if number == 0 else math.floor(math.log10(abs(number)))
        mantissa = number / 10**exponent if number else 0.0
        sign = "-" if exponent < 0 else "+"
        text = _digits(mantissa, mantissa_spec)
        return f"{text}E{sign}{str(abs(exponent)).rjust(exponent_digits, '0')}"
    integer_spec, _, decimal_spec = spec.partition(".")
    grouping = "," in integer_spec.strip(",")
    while integer_spec.endswith(","):
        number /= 1000
        integer_spec = integer_spec[:-1]
    max_decimals = sum(1 for c in decimal_spec if c in "0#?")
    min_decimals = len(decimal_spec) - len(decimal_spec.lstrip("0"))
    min_integer = integer_spec.replace(",", "").count("0")
    negative = number < 0
    rounded = f"{abs(number):.{max_decimals}f}"
    whole, _, fraction = rounded.partition(".")
    fraction = fraction.rstrip("0")
    fraction = fraction.ljust(min_decimals, "0")
    whole = whole.lstrip("0").rjust(min_integer, "0")
    if grouping and whole:
        whole = f"{int(whole):,}"
    text = whole + ("." + fraction if fraction else ("." if decimal_spec and min_decimals else ""))
    if text == "":
        text = "0" if min_integer else ""
    return ("-" if negative and text.strip("0.,") else "") + text


# -- dates and times -----------------------------------------------------------------------
_DATE_TOKEN = re.compile(
    r'"[^"]*"|\\.|\[(?:h+|m+|s+)\]|am/pm|a/p|y+|m+|d+|h+|s+|\.0+|.',
    re.IGNORECASE,
)


def format_datetime(serial: float, pattern: str) -> str:
    moment = EPOCH + timedelta(milliseconds=round(serial * 86_400_000))
    tokens = _DATE_TOKEN.findall(pattern)
    twelve_hour = any(t.lower() in ("am/pm", "a/p") for t in tokens)
    kinds = [t.lower().lstrip("[")[:1] if t[:1].isalpha() or t[:1] == "[" else "" for t in tokens]
    out = []
    for index, token in enumerate(tokens):
        lower = token.lower()
        if token.startswith('"'):
            out.append(token[1:-1])
        elif token.startswith("\\"):
            out.append(token[1:])
        elif lower.startswith("["):
            out.append(_elapsed(serial, lower))
        elif lower == "am/pm":
            out.append("AM" if moment.hour < 12 else "PM")
        elif lower == "a/p":
            out.append("A" if moment.hour < 12 else "P")
        elif lower.startswith("y"):
            out.append(str(moment.year)[-2:] if len(lower) <= 2 else str(moment.year))
        elif lower.startswith("d"):
            out.append(_day(moment, len(lower)))
        elif lower.startswith("h"):
            hour = moment.hour % 12 or 12 if twelve_hour else moment.hour
            out.append(str(hour).rjust(len(lower[:2]), "0"))
        elif lower.startswith("s"):
            out.append(str(moment.second).rjust(min(len(lower), 2), "0"))
        elif lower.startswith("m"):
            if _is_minute(kinds, index) and len(lower) <= 2:
                out.append(str(moment.minute).rjust(len(lower), "0"))
            else:
                out.append(_month(moment, len(lower)))
        elif lower.startswith(".0"):
            digits = len(lower) - 1
            out.append("." + f"{moment.microsecond / 1e6:.{digits}f}"[2:])
        else:
            out.append(token)
    return "".join(out)


def _is_minute(kinds: list[str], index: int) -> bool:
    before = next((k for k in reversed(kinds[:index]) if k in "ymdhs" and k), "")
    after = next((k for k in kinds[index + 1 :] if k in "ymdhs" and k), "")
    return before == "h" or after == "s"


def _day(moment: datetime, width: int) -> str:
    if width == 1:
        return str(moment.day)
    if width == 2:
        return f"{moment.day:02d}"
    name = _DAYS[moment.weekday()]
    return name[:3] if width == 3 else name


def _month(moment: datetime, width: int) -> str:
    if width == 1:
        return str(moment.month)
    if width == 2:
        return f"{moment.month:02d}"
    name = _MONTHS[moment.month - 1]
    return {3: name[:3], 5: name[0]}.get(width, name)


def _elapsed(serial: float, token: str) -> str:
    seconds = round(serial * 86400)
    unit = token[1]
    value = {"h": seconds // 3600, "m": seconds // 60, "s": seconds}[unit]
    return str(value).rjust(len(token) - 2, "0")
