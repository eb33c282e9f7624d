"""Message catalogs: every text a person reads, keyed by a stable code, in ky, ru and en.

Catalogs are TOML files named after the language (``ky.toml``) with sections ``findings``
(keyed by finding code), ``errors`` (keyed by error code), ``rules`` (rule titles), ``ui`` and
``choices`` (how a choice value, stored in Kyrgyz, reads in this language).
The engine ships its own; a job adds the catalogs of its registers::

    catalog = Catalog.load("ru", [ENGINE_LOCALES, SCHOOL_LOCALES])
    catalog.ui("changes-none")
    catalog.finding(finding, registers)
"""

from __future__ import annotations

import string
import tomllib
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from .findings import Finding
from .register import Register

LANGUAGES = ("ky", "ru", "en")
DEFAULT_LANGUAGE = "ky"
ENGINE_LOCALES = Path(__file__).parent / "locales"
SECTIONS = ("findings", "errors", "rules", "ui", "choices", "reasons")


class _Formatter(string.Formatter):
    """Dates the reader's way, whole floats as integers, lists joined, and three specs:
    ``{n:#год|года|лет}`` a number with its noun in agreement (one form for Kyrgyz, two for
    English, three for Russian), ``{value:q}`` a cell value in quotes or the word for blank,
    ``{value:no}`` a number with one «№» whether or not staff typed it."""

    def __init__(self, language: str, blank: str = "") -> None:
        self.language = language
        self.blank = blank

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec.startswith("#"):
            return counted(value, format_spec[1:].split("|"), self.language)
        if format_spec == "q":
            text = self.format_field(value, "")
            return f"«{text}»" if text.strip() else self.blank
        if format_spec == "no":
            text = self.format_field(value, "").strip()
            return text if text.startswith("№") else f"№ {text}"
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, date):
            return format_date(value, self.language)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, list | tuple):
            return ", ".join(self.format_field(item, format_spec) for item in value)
        return super().format_field(value, format_spec)


def counted(value: Any, forms: list[str], language: str) -> str:
    """«1 жыл», «2 года», «5 лет», «1 year», «2 years», «2,5 года»."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    shown = str(value).replace(".", ",") if language != "en" else str(value)
    if not forms or not forms[0]:
        return shown
    if not isinstance(value, int):
        form = forms[min(1, len(forms) - 1)]  # a fraction: «2,5 года», «2.5 years»
    elif len(forms) >= 3:
        last, tens = abs(value) % 10, abs(value) % 100
        if last == 1 and tens != 11:
            form = forms[0]
        elif 2 <= last <= 4 and not 12 <= tens <= 14:
            form = forms[1]
        else:
            form = forms[2]
    elif len(forms) == 2:
        form = forms[0] if value == 1 else forms[1]
    else:
        form = forms[0]
    return f"{shown} {form}"


def format_date(value: date, language: str) -> str:
    """01.09.2024 for Kyrgyz and Russian readers, 2024-09-01 for English."""
    return value.isoformat() if language == "en" else value.strftime("%d.%m.%Y")


_PARSED: dict[tuple[str, int, int], dict[str, Any]] = {}


def _parsed(path: Path) -> dict[str, Any]:
    """A catalog file's sections, parsed once per process while the file stays as it was:
    every run of a nightly job loads the same catalogs. Callers copy, never change, them."""
    try:
        status = path.stat()
    except FileNotFoundError:
        return {}
    key = (str(path.resolve()), status.st_mtime_ns, status.st_size)
    found = _PARSED.get(key)
    if found is None:
        with path.open("rb") as handle:
            found = _PARSED[key] = tomllib.load(handle)
    return found


@dataclass(frozen=True)
class Catalog:
    language: str
    sections: Mapping[str, Mapping[str, str]]
    _titles: dict[tuple[str, ...], dict[str, str]] = field(
        default_factory=dict, compare=False, repr=False
    )
    _formatters: dict[None, _Formatter] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def load(cls, language: str, folders: Iterable[Path] = (ENGINE_LOCALES,)) -> Catalog:
        if language not in LANGUAGES:
            raise ValueError(f"language must be one of {', '.join(LANGUAGES)}")
        merged: dict[str, dict[str, str]] = {section: {} for section in SECTIONS}
        for folder in folders:
            for section, entries in _parsed(Path(folder) / f"{language}.toml").items():
                merged.setdefault(section, {}).update(entries)
        return cls(language, merged)

    def text(
        self, section: str, key: str, /, *, _variants: tuple[str, ...] = (), **params: Any
    ) -> str:
        """The template of ``key``, or of a variant of it: ``pd-overdue@hired`` is used for
        the first of ``_variants`` that has one (``overdue``, ``hired`` …)."""
        entries = self.sections.get(section, {})
        template = None
        for variant in _variants:
            template = entries.get(f"{key}@{variant}")
            if template is not None:
                break
        else:
            template = entries.get(key)
        if template is None:
            raise KeyError(f"no {self.language} message for {section}.{key}")
        formatter = self._formatters.get(None)
        if formatter is None:
            blank = self.sections.get("ui", {}).get("blank-cell", "")
            formatter = self._formatters[None] = _Formatter(self.language, blank)
        pieces = _pieces(template)
        if pieces is None:
            return formatter.format(template, **params)
        return "".join(
            [
                piece if spec is None else formatter.format_field(params[piece], spec)
                for piece, spec in pieces
            ]
        )

    def ui(self, key: str, /, **params: Any) -> str:
        return self.text("ui", key, **params)

    def error(self, code: str, /, **params: Any) -> str:
        # A reason comes from a backend or the OS in English; one run speaks one language, so
        # a reason the catalog knows is said in the run's language.
        reasons = self.sections.get("reasons", {})
        for name in ("reason", "last"):
            value = params.get(name)
            if isinstance(value, str) and value in reasons:
                params[name] = reasons[value]
        return self.text("errors", code, **params)

    def rule_title(self, rule_id: str) -> str:
        return self.sections.get("rules", {}).get(rule_id, rule_id)

    def date(self, value: date) -> str:
        return format_date(value, self.language)

    def _tab_titles(self, registers: Mapping[str, Register]) -> dict[str, str]:
        # Asked once per finding, thousands of times a run, always for the same registers.
        key = tuple(registers)
        titles = self._titles.get(key)
        if titles is None:
            titles = {f"tab_{rid}": known.title(self.language) for rid, known in registers.items()}
            self._titles[key] = titles
        return titles

    def finding(self, finding: Finding, registers: Mapping[str, Register]) -> str:
        """The finding's message, with register, rule and field names in this language."""
        params: dict[str, Any] = {"value": "", "column": finding.column or "", **finding.params}
        params["due"] = finding.due
        params.update(self._tab_titles(registers))
        for register_id, title in finding.tabs.items():
            if title:
                params[f"tab_{register_id}"] = title
        register = registers.get(params.get("register") or finding.register)
        if register is not None:
            params["register"] = register.title(self.language)
            names = params.get("fields") or ((finding.field,) if finding.field else ())
            params["columns"] = [
                f"«{register.columns[name].title(self.language)}»"
                for name in names
                if name in register.columns
            ]
        labels = self.sections.get("choices", {})
        for name in ("choices", "documents"):
            if name in params:
                params[name] = [labels.get(choice, choice) for choice in params[name]]
        if "rule" in params:
            params["rule"] = self.rule_title(params["rule"])
        if "missing_register" in params:
            missing = registers.get(params["missing_register"])
            title = missing.title(self.language) if missing else params["missing_register"]
            params["missing"] = self.ui("missing-tab", tab=title)
        elif "fields" in params:
            params["missing"] = self.ui("missing-columns", columns=params["columns"])
        return self.text("findings", finding.code, _variants=variants(finding), **params)


@lru_cache(maxsize=4096)
def _pieces(template: str) -> tuple[tuple[str, str | None], ...] | None:
    """A template split once into literal text (spec None) and plain ``{name:spec}`` fields,
    so the thousands of messages of a run skip ``string.Formatter``'s parsing; None for a
    template that needs it (attributes, indexes, conversions, nested specs, bad braces)."""
    pieces: list[tuple[str, str | None]] = []
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError:
        return None
    for literal, name, spec, conversion in parsed:
        if literal:
            pieces.append((literal, None))
        if name is None:
            continue
        if not name.isidentifier() or conversion or "{" in spec or "}" in spec:
            return None
        pieces.append((name, spec))
    return tuple(pieces)


def message_key(finding: Finding) -> Hashable | None:
    """What a finding's message depends on, for rendering each distinct message once a run
    (rows with the same finding say the same); None when a parameter cannot be hashed.
    Values are keyed with their types, since 1, 1.0 and True compare equal but read apart."""
    params = finding.params
    types = tuple(map(type, params.values()))
    frozen = _frozen(params) if list in types or tuple in types else tuple(params.items())
    key = (
        finding.code,
        finding.severity,
        finding.register,
        finding.field,
        finding.column,
        finding.due,
        frozen,
        types,
        tuple(finding.tabs.items()),
    )
    try:
        hash(key)
    except TypeError:
        return None
    return key


def _frozen(params: Mapping[str, Any]) -> tuple[Any, ...]:
    return tuple(
        (name, _items(value) if isinstance(value, list | tuple) else value)
        for name, value in params.items()
    )


def _items(values: list[Any] | tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple((type(value), value) for value in values)


def variants(finding: Finding) -> tuple[str, ...]:
    """Which variant of a finding's template fits: by ``params["variant"]`` (a case the rule
    names, such as a base date that came from hiring), then by whether its due date has
    passed (an error with a due date is overdue: ``due_severity``)."""
    named = finding.params.get("variant")
    timing = ("overdue" if finding.severity == "error" else "due") if finding.due else None
    ordered = [f"{named}-{timing}" if named and timing else None, named, timing]
    return tuple(name for name in ordered if name)
