"""The school's book of orders (seed 001 §2.7: «Мектеп үчүн бүйруктар китебин жүргүзүү»).

Orders are numbered from 1 every calendar year. A number may carry a series letter
(«12-к» for staff orders, a separate sequence) or a sub-number («12/1», part of 12); a
number without digits («б/н», no number) is left alone."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from itertools import groupby

from sheets_sync.findings import Finding, Severity
from sheets_sync.rules import Context, rule
from sheets_sync.text import display, normalize

_NUMBER = re.compile(r"^(\D*?)(\d+)(.*)$")
MAX_LISTED = 12  # missing numbers listed in one message; more are summed up with «…»


@dataclass(frozen=True)
class OrderNumber:
    value: int
    series: str  # the letters around the number: "" or "к"
    text: str  # the whole number, normalised, for spotting duplicates


def parse_number(text: str) -> OrderNumber | None:
    """«№ 12-к» -> OrderNumber(12, "к", "12к"); None when there is no number in it."""
    clean = normalize(text).replace("№", " ").strip()
    match = _NUMBER.match(clean)
    if not match:
        return None
    series = "".join(ch for ch in match[1] + match[3] if ch.isalpha())
    return OrderNumber(int(match[2]), series, clean.replace(" ", ""))


@dataclass(frozen=True)
class Entry:
    row: int
    number: OrderNumber
    raw: str
    date: date


def _books(ctx: Context) -> dict[tuple[int, str], list[Entry]]:
    """Orders by (calendar year, series), in sheet order."""
    books: dict[tuple[int, str], list[Entry]] = {}
    for record in ctx.table("orders").usable("number", "date"):
        number = parse_number(record.data.number)
        if number is None:
            continue
        entry = Entry(record.row, number, display(record.data.number), record.data.date)
        books.setdefault((entry.date.year, number.series), []).append(entry)
    return books


def _undated(ctx: Context, series: str) -> set[int]:
    """Numbers of a series on rows whose date could not be read (reported as bad-date)."""
    found = set()
    for record in ctx.table("orders").usable("number"):
        number = parse_number(record.data.number) if not record.usable("date") else None
        if number is not None and number.series == series:
            found.add(number.value)
    return found


@rule("order-numbers", needs={"orders": ["number", "date"]})
def ORDER_NUMBERS(ctx: Context) -> Iterator[Finding]:
    """Seed 001 §2.7: the book numbers orders one by one through the calendar year. A number
    twice in one year is ``order-number-duplicate`` (error, on the later row); numbers
    skipped between the year's lowest and highest are one ``order-number-gap`` (warning) per
    year — the book may start mid-year, so numbers below the first one are not asked for."""
    for (year, series), entries in sorted(_books(ctx).items()):
        first: dict[str, Entry] = {}
        for entry in entries:
            seen = first.setdefault(entry.number.text, entry)
            if seen is not entry:
                yield Finding(
                    "orders",
                    "order-number-duplicate",
                    Severity.ERROR,
                    row=entry.row,
                    field="number",
                    params={"value": entry.raw, "first_row": seen.row, "year": year},
                )
        present = {entry.number.value for entry in entries}
        undated = _undated(ctx, series)  # their year is unknown: not counted as skipped
        missing = sorted(set(range(min(present), max(present) + 1)) - present - undated)
        if missing:
            numbers = ranges(missing) + (f" («{series}»)" if series else "")
            yield Finding(
                "orders",
                "order-number-gap",
                Severity.WARNING,
                field="number",
                params={"year": year, "numbers": numbers, "count": len(missing)},
            )


@rule("order-dates", needs={"orders": ["number", "date"]})
def ORDER_DATES(ctx: Context) -> Iterator[Finding]:
    """Seed 001 §2.7: orders are entered as they are signed, so no number bears a date earlier
    than a lower number of its year and series. Each order is compared with the latest-dated
    of all lower numbers (not only the next lower one, and whatever numbers repeat); a warning
    on the higher one, naming that lower order."""
    for entries in _books(ctx).values():
        ordered = sorted(entries, key=lambda entry: (entry.number.value, entry.row))
        latest: Entry | None = None  # the latest-dated order among the lower numbers
        for _, group in groupby(ordered, key=lambda entry: entry.number.value):
            same = list(group)
            for entry in same:
                if latest is not None and entry.date < latest.date:
                    yield Finding(
                        "orders",
                        "order-date-order",
                        Severity.WARNING,
                        row=entry.row,
                        field="date",
                        params={
                            "value": entry.raw,
                            "date": entry.date,
                            "previous": latest.raw,
                            "previous_date": latest.date,
                        },
                    )
            newest = max(same, key=lambda entry: entry.date)
            if latest is None or newest.date > latest.date:
                latest = newest


def ranges(numbers: list[int]) -> str:
    """[3, 4, 5, 9] -> «3–5, 9»; a long list ends with «…»."""
    spans: list[str] = []
    start = end = numbers[0]
    for number in [*numbers[1:], None]:
        if number is not None and number == end + 1:
            end = number
            continue
        spans.append(str(start) if start == end else f"{start}–{end}")
        if number is not None:
            start = end = number
    shown = ", ".join(spans[:MAX_LISTED])
    return shown + (", …" if len(spans) > MAX_LISTED else "")


ORDER_RULES = (ORDER_NUMBERS, ORDER_DATES)
