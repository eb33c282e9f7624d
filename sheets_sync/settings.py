"""The settings file ``sheets-sync.toml``: language, time zone, policy numbers, the schools of
a district and the times of the nightly jobs.

    language = "ru"
    timezone = "Asia/Bishkek"

    # Google Sheets (optional): which spreadsheets, the key file and another API root
    spreadsheets = ["https://docs.google.com/spreadsheets/d/1AbC.../edit"]
    credentials = "key.json"          # relative to this file; "none" for a local emulator
    endpoint = "http://127.0.0.1:8085"

    [policy]
    pd_warn_days = 90

    [[schools]]                       # as many as the district has
    name = "Школа-гимназия № 5"
    workbook = "registers/school5.xlsx"   # or a Google spreadsheet ID or URL
    language = "ky"
    timezone = "Asia/Bishkek"
    [schools.policy]                  # this school's own numbers and calendar
    pd_warn_days = 120

    [jobs.nightly]
    at = "02:00"                      # in each school's time zone
    [jobs.summaries]
    at = "07:00"
    rollup = false                    # leave the district roll-up to the nightly run

    [nightly]
    concurrency = 4
    reads_per_minute = 60
    writes_per_minute = 60
    state_dir = "/var/lib/sheets-sync"   # state file, lock and reports/
    reports_kept = 14                 # dated reports of each job kept
    rollup = "district.xlsx"          # one row per school, counts only (or a Google sheet)

Every key is optional and every type is strict (``pd_warn_days = true`` is refused, not read
as 1); a wrong one is a ``SettingsError`` naming the file, the key, the value and what is
accepted, never a silent default. ``find_settings`` says which file a command uses when no
``--config`` is given.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, ClassVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import SettingsError
from .messages import DEFAULT_LANGUAGE, LANGUAGES

DEFAULT_TIMEZONE = "Asia/Bishkek"
FILE_NAME = "sheets-sync.toml"
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_SHOWN_VALUE = 60  # characters of a wrong value repeated in the message


class SettingsMessage(SettingsError):
    """A settings problem whose message lives in the catalog's ``[nightly]`` block; with the
    generic ``problem`` parameter it renders as any ``SettingsError``."""

    message: ClassVar[str] = "settings-value"

    def render(self, catalog: Any) -> str:
        if "problem" in self.params or self.message not in catalog.sections.get("nightly", {}):
            return super().render(catalog)
        params = dict(self.params)
        if "accepted" in params:
            params["accepted"] = _accepted_text(catalog, params["accepted"])
        return catalog.text("nightly", self.message, **params)


class SettingsNotFound(SettingsMessage):
    message = "settings-not-found"


class SettingsNotText(SettingsMessage):
    message = "settings-not-utf8"


class SettingsSyntax(SettingsMessage):
    message = "settings-syntax"


class SettingsUnreadable(SettingsMessage):
    message = "settings-unreadable"

    def render(self, catalog: Any) -> str:
        reason = self.params.get("reason")
        known = catalog.sections.get("reasons", {})
        if isinstance(reason, str) and reason in known:
            return catalog.text("nightly", self.message, **{**self.params, "reason": known[reason]})
        return super().render(catalog)


@dataclass(frozen=True)
class School:
    """One workbook and how to judge it: an .xlsx path or a Google spreadsheet."""

    name: str
    workbook: str
    language: str = DEFAULT_LANGUAGE
    timezone: str = DEFAULT_TIMEZONE
    credentials: str | None = None
    endpoint: str | None = None
    policy: BaseModel | None = None

    @property
    def is_xlsx(self) -> bool:
        return self.workbook.lower().endswith(".xlsx")

    def today(self, now: datetime | None = None) -> date:
        zone = ZoneInfo(self.timezone)
        return (now.astimezone(zone) if now else datetime.now(zone)).date()


@dataclass(frozen=True)
class JobTimes:
    """When a job runs (``HH:MM`` in each school's zone) and on which schools (all if empty)."""

    at: tuple[str, ...] = ()
    schools: tuple[str, ...] = ()
    enabled: bool = True
    rollup: bool = True  # rebuild ``[nightly] rollup`` after the run


@dataclass(frozen=True)
class Nightly:
    concurrency: int = 4
    reads_per_minute: int = 60
    writes_per_minute: int = 60
    state_dir: str | None = None
    reports_kept: int = 14
    rollup: str | None = None


@dataclass(frozen=True)
class Settings:
    language: str = DEFAULT_LANGUAGE
    timezone: str = DEFAULT_TIMEZONE
    policy: BaseModel | None = None
    spreadsheets: tuple[str, ...] = ()
    credentials: str | None = None
    endpoint: str | None = None
    schools: tuple[School, ...] = ()
    jobs: dict[str, JobTimes] = field(default_factory=dict)
    nightly: Nightly = field(default_factory=Nightly)
    path: Path | None = None

    def today(self, now: datetime | None = None) -> date:
        """The date in the school's time zone (``now`` is injectable for tests)."""
        zone = ZoneInfo(self.timezone)
        return (now.astimezone(zone) if now else datetime.now(zone)).date()

    def all_schools(self) -> tuple[School, ...]:
        """The ``[[schools]]``, then each of ``spreadsheets`` as a school of its own."""
        listed = tuple(
            School(
                name=sheet,
                workbook=sheet,
                language=self.language,
                timezone=self.timezone,
                credentials=self.credentials,
                endpoint=self.endpoint,
                policy=self.policy,
            )
            for sheet in self.spreadsheets
        )
        return self.schools + listed


# -- the file's shape: pydantic models, strict ------------------------------------------------


class _Strict(BaseModel):
    model_config: ClassVar[ConfigDict] = ConfigDict(extra="forbid", strict=True, frozen=True)


class _SchoolFile(_Strict):
    name: str = Field(min_length=1)
    workbook: str = Field(min_length=1)
    language: str | None = None
    timezone: str | None = None
    credentials: str | None = None
    endpoint: str | None = None
    policy: dict[str, Any] = Field(default_factory=dict)


class _JobFile(_Strict):
    at: str | list[str] = Field(default_factory=list)
    schools: list[str] = Field(default_factory=list)
    enabled: bool = True
    rollup: bool = True


class _NightlyFile(_Strict):
    concurrency: int = Field(4, ge=1, le=64)
    reads_per_minute: int = Field(60, ge=1)
    writes_per_minute: int = Field(60, ge=1)
    state_dir: str | None = None
    reports_kept: int = Field(14, ge=0)
    rollup: str | None = None


class _File(_Strict):
    language: str = DEFAULT_LANGUAGE
    timezone: str = DEFAULT_TIMEZONE
    policy: dict[str, Any] = Field(default_factory=dict)
    spreadsheets: list[str] = Field(default_factory=list)
    credentials: str | None = None
    endpoint: str | None = None
    schools: list[_SchoolFile] = Field(default_factory=list)
    jobs: dict[str, _JobFile] = Field(default_factory=dict)
    nightly: _NightlyFile = Field(default_factory=_NightlyFile)


# Accepted-value codes by pydantic error type; rendered from the catalog.
_ACCEPTED = {
    "int_type": "accepted-int",
    "int_parsing": "accepted-int",
    "bool_type": "accepted-bool",
    "string_type": "accepted-text",
    "string_too_short": "accepted-text",
    "list_type": "accepted-list",
    "dict_type": "accepted-table",
    "model_type": "accepted-table",
    "greater_than_equal": "accepted-range",
    "less_than_equal": "accepted-range",
    "float_type": "accepted-number",
}


def find_settings(cwd: Path | None = None) -> Path | None:
    """``./sheets-sync.toml``, else the user's config dir, else none at all."""
    here = (cwd or Path.cwd()) / FILE_NAME
    if here.is_file():
        return here
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    user = Path(base) / "sheets-sync" / FILE_NAME
    return user if user.is_file() else None


def load_settings(path: Path | None, policy_model: type[BaseModel]) -> Settings:
    """Read a settings file; ``None`` gives the defaults."""
    if path is None:
        return Settings(policy=policy_model())
    where = str(path)
    data = _read(Path(path))
    try:
        parsed = _File.model_validate(data)
    except ValidationError as error:
        raise _named(where, error) from None
    _check_language(where, "language", parsed.language)
    _check_zone(where, "timezone", parsed.timezone)
    for number, item in enumerate(parsed.spreadsheets, 1):
        if not item.strip():
            problem = 'a list of spreadsheet IDs or URLs, e.g. ["1AbC..."]'
            raise SettingsError(path=where, key=f"spreadsheets[{number}]", problem=problem)
    folder = Path(path).parent
    policy = _policy(where, "policy", parsed.policy, policy_model)
    credentials = _key_path(folder, parsed.credentials)
    endpoint = _text(where, "endpoint", parsed.endpoint)
    schools = tuple(
        _school(where, folder, number, item, parsed, policy_model, credentials, endpoint)
        for number, item in enumerate(parsed.schools, 1)
    )
    names = [school.name for school in schools]
    for name in names:
        if names.count(name) > 1:
            raise SettingsMessage(path=where, key="schools.name", value=name, accepted="unique")
    return Settings(
        language=parsed.language,
        timezone=parsed.timezone,
        policy=policy,
        spreadsheets=tuple(item.strip() for item in parsed.spreadsheets),
        credentials=credentials,
        endpoint=endpoint,
        schools=schools,
        jobs={name: _job(where, name, item, names) for name, item in parsed.jobs.items()},
        nightly=_nightly(where, folder, parsed.nightly),
        path=Path(path),
    )


def _read(path: Path) -> dict[str, Any]:
    where = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SettingsNotFound(path=where) from None
    except IsADirectoryError:
        raise SettingsNotFound(path=where) from None
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise SettingsUnreadable(path=where, reason=reason) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SettingsNotText(path=where, position=error.start) from None
    try:
        return tomllib.loads(text.removeprefix("\ufeff"))
    except tomllib.TOMLDecodeError as error:
        # tomllib says where in English only: "Invalid value (at line 2, column 7)".
        found = re.search(r"line (\d+), column (\d+)", str(error))
        line, column = found.groups() if found else ("?", "?")
        raise SettingsSyntax(path=where, line=line, column=column) from None


def _named(where: str, error: ValidationError) -> SettingsError:
    first = error.errors()[0]
    key = _key(first["loc"])
    kind = first["type"]
    if kind == "extra_forbidden":
        parent = _File
        for part in first["loc"][:-1]:
            if isinstance(part, str):
                annotation = parent.model_fields.get(part)
                inner = getattr(annotation, "annotation", None) if annotation else None
                parent = _model_in(inner) or parent
        known = ", ".join(parent.model_fields)
        return SettingsMessage(path=where, key=key, value="…", accepted=f"known:{known}")
    accepted = _ACCEPTED.get(kind, "")
    if kind in {"greater_than_equal", "less_than_equal"}:
        accepted = "range:" + _bounds(first.get("ctx", {}))
    return SettingsMessage(
        path=where, key=key, value=_shown(first.get("input")), accepted=accepted or first["msg"]
    )


def _model_in(annotation: Any) -> type[BaseModel] | None:
    for candidate in (annotation, *getattr(annotation, "__args__", ())):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
        found = _model_in(candidate) if getattr(candidate, "__args__", None) else None
        if found:
            return found
    return None


def _key(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        elif part in {"str", "list[str]"}:
            continue  # pydantic's name for a union branch, not a key of the file
        else:
            text += f".{part}" if text else str(part)
    return text


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= _SHOWN_VALUE else text[: _SHOWN_VALUE - 1] + "…"


def _bounds(limits: dict[str, Any]) -> str:
    """pydantic's limits ({"ge": 0, "le": 365}) as a reader writes them: "≥ 0, ≤ 365"."""
    signs = {"ge": "≥", "gt": ">", "le": "≤", "lt": "<"}
    return ", ".join(f"{signs[name]} {limits[name]}" for name in signs if name in limits)


def _accepted_text(catalog: Any, accepted: str) -> str:
    if accepted.startswith("known:"):
        return catalog.text("nightly", "accepted-known", keys=accepted.removeprefix("known:"))
    if accepted.startswith("range:"):
        return catalog.text("nightly", "accepted-range", bounds=accepted.removeprefix("range:"))
    if accepted in catalog.sections.get("nightly", {}):
        return catalog.text("nightly", accepted)
    if f"accepted-{accepted}" in catalog.sections.get("nightly", {}):
        return catalog.text("nightly", f"accepted-{accepted}")
    return accepted


def _check_language(where: str, key: str, value: str) -> None:
    if value not in LANGUAGES:
        raise SettingsError(path=where, key=key, problem=f"use one of {list(LANGUAGES)}")


def _check_zone(where: str, key: str, value: str) -> None:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError(
            path=where, key=key, problem="an IANA time zone such as Asia/Bishkek"
        ) from None


def _text(where: str, key: str, value: str | None) -> str | None:
    if value is not None and not value.strip():
        raise SettingsError(path=where, key=key, problem="a non-empty text in quotes")
    return value.strip() if value else None


def _key_path(folder: Path, credentials: str | None) -> str | None:
    """A relative key path is the settings file's, so it means the same wherever run."""
    if not credentials or not credentials.strip():
        return None
    credentials = credentials.strip()
    if credentials.lower() == "none":
        return credentials
    key = Path(credentials).expanduser()
    return str(key if key.is_absolute() else folder / key)


def _school(
    where: str,
    folder: Path,
    number: int,
    item: _SchoolFile,
    parsed: _File,
    policy_model: type[BaseModel],
    credentials: str | None,
    endpoint: str | None,
) -> School:
    prefix = f"schools[{number}]"
    language = item.language or parsed.language
    timezone = item.timezone or parsed.timezone
    _check_language(where, f"{prefix}.language", language)
    _check_zone(where, f"{prefix}.timezone", timezone)
    workbook = item.workbook.strip()
    if workbook.lower().endswith(".xlsx"):
        path = Path(workbook).expanduser()
        workbook = str(path if path.is_absolute() else folder / path)
    elif workbook.lower().endswith((".xls", ".ods", ".csv")):
        raise SettingsMessage(
            path=where, key=f"{prefix}.workbook", value=_shown(workbook), accepted="workbook"
        )
    return School(
        name=item.name.strip(),
        workbook=workbook,
        language=language,
        timezone=timezone,
        credentials=_key_path(folder, item.credentials) or credentials,
        endpoint=_text(where, f"{prefix}.endpoint", item.endpoint) or endpoint,
        policy=_policy(where, f"{prefix}.policy", {**parsed.policy, **item.policy}, policy_model),
    )


def _nightly(where: str, folder: Path, item: _NightlyFile) -> Nightly:
    """The district's limits; a roll-up .xlsx path is the settings file's, like a school's."""
    rollup = _text(where, "nightly.rollup", item.rollup)
    if rollup and rollup.lower().endswith(".xlsx"):
        path = Path(rollup).expanduser()
        rollup = str(path if path.is_absolute() else folder / path)
    elif rollup and rollup.lower().endswith((".xls", ".ods", ".csv")):
        raise SettingsMessage(
            path=where, key="nightly.rollup", value=_shown(rollup), accepted="workbook"
        )
    return Nightly(**{**item.model_dump(), "rollup": rollup})


def _job(where: str, name: str, item: _JobFile, schools: list[str]) -> JobTimes:
    times = [item.at] if isinstance(item.at, str) else list(item.at)
    for time in times:
        if not _TIME.match(time):
            raise SettingsMessage(
                path=where, key=f"jobs.{name}.at", value=_shown(time), accepted="time"
            )
    for school in item.schools:
        if school not in schools:
            raise SettingsMessage(
                path=where,
                key=f"jobs.{name}.schools",
                value=_shown(school),
                accepted=f"known:{', '.join(schools) or '—'}",
            )
    return JobTimes(tuple(times), tuple(item.schools), item.enabled, item.rollup)


def _policy(where: str, key: str, values: Any, model: type[BaseModel]) -> BaseModel:
    if not isinstance(values, dict):
        raise SettingsError(path=where, key=key, problem="must be a [policy] table")
    try:
        # strict: a TOML true is not the number 1, nor a number the text "1"
        return model.model_validate(values, strict=True)
    except ValidationError as error:
        first = error.errors()[0]
        full = key + "." + ".".join(str(part) for part in first["loc"])
        name = str(first["loc"][0]) if first["loc"] else ""
        kind = first["type"]
        # What is accepted comes from the catalog, so it reads in the run's language.
        if kind == "extra_forbidden" or name not in model.model_fields:
            accepted = f"known:{', '.join(model.model_fields)}"
        elif kind in {"greater_than_equal", "less_than_equal"}:
            accepted = "range:" + _bounds(first.get("ctx", {}))
        elif kind in _ACCEPTED:
            accepted = _ACCEPTED[kind]
        else:
            # A school-rule validator's own explanation, with the default as an example.
            value = _shown(first.get("input"))
            hint = _hint(model, name)
            raise SettingsError(
                path=where, key=full, problem=f"{first['msg']}: {value}{hint}"
            ) from None
        raise SettingsMessage(
            path=where, key=full, value=_shown(first.get("input")), accepted=accepted
        ) from None


def _hint(model: type[BaseModel], name: str) -> str:
    info = model.model_fields[name]
    return f" ({info.description} Default: {info.default})"
