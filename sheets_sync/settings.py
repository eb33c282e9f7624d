"""The settings file: language, time zone and the school's policy numbers, in TOML.

    language = "ru"
    timezone = "Asia/Bishkek"

    # Google Sheets (optional): which spreadsheets, the key file and another API root
    spreadsheets = ["https://docs.google.com/spreadsheets/d/1AbC.../edit"]
    credentials = "key.json"          # relative to this file; "none" for a local emulator
    endpoint = "http://127.0.0.1:8085"

    [policy]
    pd_warn_days = 90

Every key is optional; a wrong one is a ``SettingsError`` that names the key and what it
accepts, never a silent default.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ValidationError

from .errors import SettingsError
from .messages import DEFAULT_LANGUAGE, LANGUAGES

DEFAULT_TIMEZONE = "Asia/Bishkek"


@dataclass(frozen=True)
class Settings:
    language: str = DEFAULT_LANGUAGE
    timezone: str = DEFAULT_TIMEZONE
    policy: BaseModel | None = None
    spreadsheets: tuple[str, ...] = ()
    credentials: str | None = None
    endpoint: str | None = None

    def today(self, now: datetime | None = None) -> date:
        """The date in the school's time zone (``now`` is injectable for tests)."""
        zone = ZoneInfo(self.timezone)
        return (now.astimezone(zone) if now else datetime.now(zone)).date()


def load_settings(path: Path | None, policy_model: type[BaseModel]) -> Settings:
    """Read a settings file; ``None`` gives the defaults."""
    if path is None:
        return Settings(policy=policy_model())
    where = str(path)
    try:
        with Path(path).open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        raise SettingsError(path=where, key="—", problem="file not found") from None
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise SettingsError(path=where, key="—", problem=str(error)) from None

    known = {"language", "timezone", "policy", "spreadsheets", "credentials", "endpoint"}
    for key in data:
        if key not in known:
            raise SettingsError(path=where, key=key, problem=f"unknown key; use {sorted(known)}")
    language = data.get("language", DEFAULT_LANGUAGE)
    if language not in LANGUAGES:
        raise SettingsError(path=where, key="language", problem=f"use one of {list(LANGUAGES)}")
    timezone = data.get("timezone", DEFAULT_TIMEZONE)
    try:
        ZoneInfo(str(timezone))
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError(
            path=where, key="timezone", problem="an IANA time zone such as Asia/Bishkek"
        ) from None
    return Settings(
        language,
        str(timezone),
        _policy(where, data.get("policy", {}), policy_model),
        **_google(where, Path(path).parent, data),
    )


def _google(where: str, folder: Path, data: dict[str, Any]) -> dict[str, Any]:
    """``spreadsheets``, ``credentials`` and ``endpoint``; a relative key path is the file's."""
    found: dict[str, Any] = {}
    spreadsheets = data.get("spreadsheets", [])
    if not isinstance(spreadsheets, list) or not all(
        isinstance(item, str) and item.strip() for item in spreadsheets
    ):
        problem = 'a list of spreadsheet IDs or URLs, e.g. ["1AbC..."]'
        raise SettingsError(path=where, key="spreadsheets", problem=problem)
    found["spreadsheets"] = tuple(item.strip() for item in spreadsheets)
    for key in ("credentials", "endpoint"):
        value = data.get(key)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise SettingsError(path=where, key=key, problem="a non-empty text in quotes")
        found[key] = value.strip() if value else None
    credentials = found["credentials"]
    if credentials and credentials.lower() != "none":
        key = Path(credentials).expanduser()
        # Relative to this file, so the path means the same wherever the job is started.
        found["credentials"] = str(key if key.is_absolute() else folder / key)
    return found


def _policy(where: str, values: Any, model: type[BaseModel]) -> BaseModel:
    if not isinstance(values, dict):
        raise SettingsError(path=where, key="policy", problem="must be a [policy] table")
    try:
        return model.model_validate(values)
    except ValidationError as error:
        first = error.errors()[0]
        key = "policy." + ".".join(str(part) for part in first["loc"])
        hint = _accepted(model, str(first["loc"][0])) if first["loc"] else ""
        raise SettingsError(path=where, key=key, problem=first["msg"] + hint) from None


def _accepted(model: type[BaseModel], name: str) -> str:
    info = model.model_fields.get(name)
    if info is None:
        return f" (known keys: {', '.join(model.model_fields)})"
    return f" ({info.description} Default: {info.default})"
