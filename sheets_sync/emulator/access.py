"""Who may write what: read-only shares and protected ranges, enforced as Google does.

The caller is the service account whose access token the request carries (``tokens``
remembers which e-mail each token was issued to); a request without a token is the
spreadsheet's owner, who may edit everything (as every emulator caller could before)::

    check_share(store, spreadsheet_id, caller)        # 403 for a viewer's write
    check_protection(before, after, caller)           # 400 for an edit inside a protection

A protected range blocks a caller who is not among its ``editors.users``, unless it is
``warningOnly`` (the API, unlike the UI, shows no warning: the edit simply goes through). An
edit is judged by its effect: the protected cells' contents before and after the request,
so inserting rows above a protection (which moves it) is fine and deleting a protected row is
not.
"""

from __future__ import annotations

from typing import Any

from .errors import ApiError
from .model import Sheet, Spreadsheet

PROTECTED_MESSAGE = (
    "You are trying to edit a protected cell or object. Please contact the spreadsheet owner"
    " to remove protection if you need to edit."
)


def check_share(viewers: dict[str, set[str] | None], spreadsheet_id: str, caller: str | None):
    """Refuse a write by a caller the spreadsheet is shared with as viewer only."""
    if spreadsheet_id not in viewers:
        return
    shared = viewers[spreadsheet_id]
    if shared is None or (caller is not None and caller in shared):
        raise ApiError(403, "The caller does not have permission")


def _bounds(sheet: Sheet, grid: dict[str, Any]) -> tuple[int, int, int, int]:
    return (
        grid.get("startRowIndex", 0),
        grid.get("endRowIndex", sheet.row_count),
        grid.get("startColumnIndex", 0),
        grid.get("endColumnIndex", sheet.column_count),
    )


def _content(sheet: Sheet, protected: dict[str, Any]) -> dict[tuple[int, int], Any]:
    """The protected cells, by position inside the protection (so a moved range compares)."""
    top, bottom, left, right = _bounds(sheet, protected.get("range", {}))
    holes = [_bounds(sheet, grid) for grid in protected.get("unprotectedRanges", [])]
    found = {}
    for (r, c), data in sheet.cells.items():
        if not (top <= r < bottom and left <= c < right):
            continue
        if any(a <= r < b and x <= c < y for a, b, x, y in holes):
            continue
        found[(r - top, c - left)] = data
    return found


def _blocks(protected: dict[str, Any], caller: str | None) -> bool:
    if caller is None or protected.get("warningOnly"):
        return False
    return caller not in (protected.get("editors") or {}).get("users", [])


def check_protection(before: Spreadsheet, after: Spreadsheet, caller: str | None) -> None:
    """Refuse a change that edited, or deleted, a protection the caller may not edit."""
    for sheet in before.sheets:
        for protected in sheet.protected_ranges:
            if not _blocks(protected, caller):
                continue
            wanted = protected.get("protectedRangeId")
            now = next(
                (
                    (other, item)
                    for other in after.sheets
                    for item in other.protected_ranges
                    if item.get("protectedRangeId") == wanted
                ),
                None,
            )
            if now is None or _content(sheet, protected) != _content(*now):
                raise ApiError.invalid(PROTECTED_MESSAGE)
