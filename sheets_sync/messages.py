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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .findings import Finding
from .register import Register

LANGUAGES = ("ky", "ru", "en")
DEFAULT_LANGUAGE = "ky"
ENGINE_LOCALES = Path(__file__).parent / "locales"
SECTIONS = ("findings", "errors", "rules", "ui", "choices")


class _Formatter(string.Formatter):
    def __init__(self, language: str) -> None:
        self.language = language

    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, date):
            return format_date(value, self.language)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, list | tuple):
            return ", ".join(self.format_field(item, format_spec) for item in value)
        return super().format_field(value, format_spec)


def format_date(value: date, language: str) -> str:
    """01.09.2024 for Kyrgyz and Russian readers, 2024-09-01 for English."""
    return value.isoformat() if language == "en" else value.strftime("%d.%m.%Y")


@dataclass(frozen=True)
class Catalog:
    language: str
    sections: Mapping[str, Mapping[str, str]]

    @classmethod
    def load(cls, language: str, folders: Iterable[Path] = (ENGINE_LOCALES,)) -> Catalog:
        if language not in LANGUAGES:
            raise ValueError(f"language must be one of {', '.join(LANGUAGES)}")
        merged: dict[str, dict[str, str]] = {section: {} for section in SECTIONS}
        for folder in folders:
            path = Path(folder) / f"{language}.toml"
            if path.exists():
                with path.open("rb") as handle:
                    for section, entries in tomllib.load(handle).items():
                        merged.setdefault(section, {}).update(entries)
        return cls(language, merged)

    def text(self, section: str, key: str, /, **params: Any) -> str:
        template = self.sections.get(section, {}).get(key)
        if template is None:
            raise KeyError(f"no {self.language} message for {section}.{key}")
        return _Formatter(self.language).format(template, **params)

    def ui(self, key: str, /, **params: Any) -> str:
        return self.text("ui", key, **params)

    def error(self, code: str, /, **params: Any) -> str:
        return self.text("errors", code, **params)

    def rule_title(self, rule_id: str) -> str:
        return self.sections.get("rules", {}).get(rule_id, rule_id)

    def date(self, value: date) -> str:
        return format_date(value, self.language)

    def finding(self, finding: Finding, registers: Mapping[str, Register]) -> str:
        """The finding's message, with register, rule and field names in this language."""
        params: dict[str, Any] = {"value": "", "column": finding.column or "", **finding.params}
        params["due"] = finding.due
        register = registers.get(params.get("register") or finding.register)
        if register is not None:
            params["register"] = register.title(self.language)
            names = params.get("fields") or ((finding.field,) if finding.field else ())
            params["columns"] = [
                f"«{register.columns[name].title(self.language)}»"
                for name in names
                if name in register.columns
            ]
        if "choices" in params:
            labels = self.sections.get("choices", {})
            params["choices"] = [labels.get(choice, choice) for choice in params["choices"]]
        if "rule" in params:
            params["rule"] = self.rule_title(params["rule"])
        if "missing_register" in params:
            missing = registers.get(params["missing_register"])
            title = missing.title(self.language) if missing else params["missing_register"]
            params["missing"] = self.ui("missing-tab", tab=title)
        elif "fields" in params:
            params["missing"] = self.ui("missing-columns", columns=params["columns"])
        return self.text("findings", finding.code, **params)
