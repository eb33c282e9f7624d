"""Read dates the way school staff type them into registers.

>>> parse_date("«30» октябрь 2022-ж.")
datetime.date(2022, 10, 30)
>>> parse_date("2022-жылдын 30-октябры")
datetime.date(2022, 10, 30)
>>> parse_date("01.09.24")
datetime.date(2024, 9, 1)
>>> parse_date(45536)  # spreadsheet serial number
datetime.date(2024, 9, 1)
>>> parse_date("  ") is None
True
>>> parse_date("кийин")
Traceback (most recent call last):
    ...
sheets_sync.dates.DateParseError: cannot read 'кийин' as a date
"""

import datetime
import re

__all__ = ["DateParseError", "parse_date"]

_MIN_YEAR, _MAX_YEAR = 1900, 2200
_EPOCH = datetime.date(1899, 12, 30)
# Excel counts a phantom 1900-02-29 (serial 60); from serial 61 on, Excel, LibreOffice and
# Google Sheets agree, so earlier serials are refused rather than guessed.
_MIN_SERIAL = 61
_MAX_SERIAL = (datetime.date(_MAX_YEAR, 12, 31) - _EPOCH).days

_CLEANUP = str.maketrans(
    {
        **dict.fromkeys("«»“”„‟\"'‘’‚‹›`", " "),  # quotes around the day
        **dict.fromkeys("‐‑–—−", "-"),
        "ё": "е",
        "\u200b": None,
        "\ufeff": None,
    }
)
_KYRGYZ_FOLD = str.maketrans("үөң", "уон")  # staff without a Kyrgyz layout type у/о/н

_SUFFIX = r"(?: ?-? ?(?:жылдын|жылы|жыл|ж|года|год|г)\.?)?"  # 2022-ж., 2022 г., 2022-жылдын
_TIME = r"(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_WORD = r"[^\W\d_]+(?: [^\W\d_]+)*\.?"  # one or more words: "окт.", "тогуздун айы"
_PATTERNS = [
    re.compile(p)
    for p in (
        # 2024-09-01, 2024.09.01, 2024/09/01, 2024-09-01 00:00:00, 2024-09-01T10:00
        rf"(?P<y>\d{{4}})(?P<s>[-./])(?P<m>\d{{1,2}})(?P=s)(?P<d>\d{{1,2}}){_TIME}{_SUFFIX}",
        # 01.09.2024, 1/9/2024, 01-09-24: always day first
        rf"(?P<d>\d{{1,2}})(?P<s>[-./])(?P<m>\d{{1,2}})(?P=s)(?P<y>\d{{4}}|\d{{2}}){_TIME}{_SUFFIX}",
        # « 29 » 08 2022 ж
        rf"(?P<d>\d{{1,2}}) (?P<m>\d{{1,2}}) (?P<y>\d{{4}}){_SUFFIX}",
        # «30» октябрь 2022-ж., 1-сентябрь, 2024-ж., 1 September 2024
        rf"(?P<d>\d{{1,2}}) ?-? ?(?P<m>{_WORD}) ?,? ?(?P<y>\d{{4}}|\d{{2}}){_SUFFIX}",
        # Sep 1, 2024
        rf"(?P<m>{_WORD}) ?(?P<d>\d{{1,2}}) ?,? ?(?P<y>\d{{4}}){_SUFFIX}",
        # 2022-жылдын 30-октябры
        rf"(?P<y>\d{{4}}){_SUFFIX} ?,? ?(?P<d>\d{{1,2}}) ?-? ?(?P<m>{_WORD})",
    )
]

# Russian names and their Kyrgyz spellings share these stems; matching on the stem also accepts
# case endings (октябры, сентябрдын, мая) and abbreviations (окт., сент.).
_MONTH_STEMS = {
    "янв": 1, "фев": 2, "мар": 3, "апр": 4, "май": 5, "мая": 5,
    "июн": 6, "июл": 7, "авг": 8, "сен": 9, "окт": 10, "ноя": 11, "дек": 12,
}  # fmt: skip
# Traditional Kyrgyz names, folded with _KYRGYZ_FOLD and without the optional "айы".
_KYRGYZ_MONTHS = {
    "учтун": 1, "бирдин": 2, "жалган куран": 3, "чын куран": 4, "бугу": 5, "кулжа": 6,
    "теке": 7, "баш оона": 8, "аяк оона": 9, "тогуздун": 10, "жетинин": 11, "бештин": 12,
}  # fmt: skip
_ENGLISH_MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip


class DateParseError(ValueError):
    """Raised with the raw value when a cell cannot be read as a date."""

    def __init__(self, raw: object) -> None:
        super().__init__(f"cannot read {raw!r} as a date")
        self.raw = raw


def parse_date(value: object) -> datetime.date | None:
    """Read a date the way school staff type it. Blank (None, "", whitespace) -> None.
    Unreadable -> DateParseError."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return _checked(value.date(), value)
    if isinstance(value, datetime.date):
        return _checked(value, value)
    if isinstance(value, bool):  # a TRUE/FALSE cell is not day 1 or 0
        raise DateParseError(value)
    if isinstance(value, int | float):
        return _from_serial(value, value)
    if not isinstance(value, str):
        raise DateParseError(value)

    if not value.strip():
        return None
    text = " ".join(value.lower().translate(_CLEANUP).split())
    if re.fullmatch(r"\d{5}", text):  # a serial number that arrived as text
        return _from_serial(int(text), value)
    for pattern in _PATTERNS:
        if match := pattern.fullmatch(text):
            return _build(match["y"], match["m"], match["d"], value)
    raise DateParseError(value)


def _from_serial(serial: float, raw: object) -> datetime.date:
    # Comparisons with NaN are false, so NaN falls out here too.
    if not _MIN_SERIAL <= serial < _MAX_SERIAL + 1:
        raise DateParseError(raw)
    return _EPOCH + datetime.timedelta(days=int(serial))  # drop the time of day


def _build(year: str, month: str, day: str, raw: object) -> datetime.date:
    month_number = _month_number(month)
    if month_number is None:
        raise DateParseError(raw)
    full_year = int(year) + (2000 if len(year) == 2 else 0)
    try:
        result = datetime.date(full_year, month_number, int(day))
    except ValueError:
        raise DateParseError(raw) from None
    return _checked(result, raw)


def _month_number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    word = word.rstrip(".").translate(_KYRGYZ_FOLD).removesuffix(" айы")
    if word in _KYRGYZ_MONTHS:
        return _KYRGYZ_MONTHS[word]
    if " " in word:
        return None
    if word[:3] in _MONTH_STEMS:
        return _MONTH_STEMS[word[:3]]
    for number, name in enumerate(_ENGLISH_MONTHS, start=1):
        if len(word) >= 3 and name.startswith(word):
            return number
    return None


def _checked(date: datetime.date, raw: object) -> datetime.date:
    if not _MIN_YEAR <= date.year <= _MAX_YEAR:
        raise DateParseError(raw)
    return date
