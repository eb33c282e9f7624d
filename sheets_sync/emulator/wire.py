"""What Google's JSON leaves out of an answer: the proto3 defaults of plain fields.

Google keeps the API's objects as protocol buffers, so a plain field holding its default
(``false``, ``0``, ``""``, an empty list) is not written, while a field with presence is, even
when false (``TextFormat.bold``, a ``GridRange``'s indexes). The emulator keeps requests as
they came, so an answer drops those defaults on the way out::

    drop_defaults({"range": {"sheetId": 0, "startRowIndex": 0}, "warningOnly": False})
    # {"range": {"startRowIndex": 0}}

Only the fields listed here are touched; everything else (developer metadata included, which
no recording shows) is written as stored.
"""

from __future__ import annotations

from typing import Any

# Plain (no presence) fields of SheetProperties, GridProperties, ProtectedRange, Editors,
# DimensionGroup and NamedRange that the emulator may hold at their default.
_PLAIN = frozenset((
    "hidden", "rightToLeft", "hideGridlines", "rowGroupControlAfter", "columnGroupControlAfter",
    "frozenRowCount", "frozenColumnCount", "warningOnly", "requestingUserCanEdit",
    "description", "users", "groups", "domainUsersCanEdit", "collapsed", "unprotectedRanges",
))  # fmt: skip
# No recording shows these; they are written as stored.
_AS_STORED = frozenset(("developerMetadata",))
_RANGE_KEYS = frozenset((
    "startRowIndex", "endRowIndex", "startColumnIndex", "endColumnIndex", "dimension",
    "startIndex", "endIndex",
))  # fmt: skip


def _is_default(value: Any) -> bool:
    return value is None or (value in (False, 0, "", []) and value is not True)


def drop_defaults(value: Any) -> Any:
    """A copy of ``value`` without the defaults Google does not write (see the docstring)."""
    if isinstance(value, list):
        return [drop_defaults(item) for item in value]
    if not isinstance(value, dict):
        return value
    # A GridRange or DimensionRange on the first sheet: sheetId 0 is its default.
    is_range = "sheetId" in value and not value.keys().isdisjoint(_RANGE_KEYS)
    result = {}
    for key, item in value.items():
        if key in _PLAIN and _is_default(item):
            continue
        if is_range and key == "sheetId" and item == 0:
            continue
        result[key] = item if key in _AS_STORED else drop_defaults(item)
    return result
