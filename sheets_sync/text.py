"""Text normalisation shared by header matching, choice values and name lookups."""

from __future__ import annotations

import re
import unicodedata

_NOT_WORD = re.compile(r"[^\w№]+")


def normalize(text: str) -> str:
    """Fold case, treat ё as е, drop punctuation (but keep №), collapse spaces.

    >>> normalize("  Педстаж (лет) ")
    'педстаж лет'
    >>> normalize("Аты-жөнү") == normalize("аты жөнү")
    True
    """
    folded = unicodedata.normalize("NFC", text).casefold().replace("ё", "е")
    return " ".join(_NOT_WORD.sub(" ", folded).split())


def display(value: object) -> str:
    """A cell value as a person would read it back in a message."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())
