"""Row checks the register models share."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from pydantic_core import PydanticCustomError


def ensure_order(model: BaseModel, start: str, end: str, *, blame: str | None = None) -> None:
    """``date-order`` when ``end`` is before ``start`` (both filled in), on ``blame`` (default
    ``end``): the blamed field is the one rules stop reading, so a register whose end date
    matters more than an optional start blames the start. Both dates go to the message as
    dates, so each language writes them its own way."""
    first, last = getattr(model, start), getattr(model, end)
    if first is not None and last is not None and last < first:
        raise PydanticCustomError(
            "date-order", "{value}", {"field": blame or end, "value": last, "start": first}
        )


def allow_blank(data: Any, *fields: str) -> Any:
    """Let a required column's cell be blank: a rule reports it with a better message.

    The column stays required (the model field has no default), but a blank cell reads as
    None instead of ``missing-value``.
    """
    if isinstance(data, dict):
        return {**dict.fromkeys(fields), **data}
    return data
