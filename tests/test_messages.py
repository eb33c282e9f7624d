"""Message catalogs: every code speaks Kyrgyz, Russian and English, with the same placeholders."""

from __future__ import annotations

import string
import tomllib
from datetime import date

import pytest
from conftest import ALL_CODES

from jobs.methodical_work import JOB
from schemas import LOCALES
from sheets_sync import errors
from sheets_sync.findings import Finding, Severity
from sheets_sync.messages import ENGINE_LOCALES, LANGUAGES, Catalog


def placeholders(template: str | dict) -> set[str]:
    """The names a template uses; for a table of variants, the variants and their names."""
    if isinstance(template, dict):
        return {f"{key}:{name}" for key, text in template.items() for name in placeholders(text)}
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def load(folder, language):
    with (folder / f"{language}.toml").open("rb") as handle:
        return tomllib.load(handle)


@pytest.mark.parametrize(
    "folder", [ENGINE_LOCALES, LOCALES, LOCALES / "summary"], ids=["engine", "schemas", "summary"]
)
def test_every_language_has_the_same_messages_and_placeholders(folder):
    kyrgyz = load(folder, "ky")
    for language in LANGUAGES[1:]:
        other = load(folder, language)
        assert other.keys() == kyrgyz.keys()
        for section, entries in kyrgyz.items():
            assert other[section].keys() == entries.keys(), (language, section)
            for key, template in entries.items():
                assert placeholders(other[section][key]) == placeholders(template), (language, key)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_finding_code_has_a_message(language):
    assert JOB.catalog(language).sections["findings"].keys() >= ALL_CODES


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_rule_has_a_title(language):
    catalog = JOB.catalog(language)
    for rule in JOB.rules:
        assert catalog.rule_title(rule.id) != rule.id


def _all_errors(cls=errors.SheetsSyncError):
    for sub in cls.__subclasses__():
        yield sub
        yield from _all_errors(sub)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_error_renders_in_every_language(language):
    catalog = Catalog.load(language)
    for error in _all_errors():
        template = catalog.sections["errors"][error.code]
        params = {name: f"<{name}>" for name in placeholders(template)}
        text = error(**params).render(catalog)
        assert all(value in text for value in params.values()), error.code


def test_dates_in_messages_follow_the_language():
    finding = Finding(
        "teachers",
        "pd-overdue",
        Severity.ERROR,
        row=2,
        due=date(2026, 3, 1),
        params={"base": date(2021, 3, 1)},
    )
    registers = JOB.register_map
    assert "01.03.2026" in JOB.catalog("ky").finding(finding, registers)
    assert "01.03.2026" in JOB.catalog("ru").finding(finding, registers)
    assert "2026-03-01" in JOB.catalog("en").finding(finding, registers)


def test_skipped_rule_message_names_the_missing_column_in_the_readers_language():
    finding = Finding(
        "teachers",
        "rule-skipped",
        Severity.INFO,
        params={"rule": "mentor", "register": "teachers", "fields": ("mentor",)},
    )
    text = JOB.catalog("ru").finding(finding, JOB.register_map)
    assert text == "Проверка «Наставник молодого учителя» не выполнена: нет столбца «Наставник»."


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="ky, ru, en"):
        Catalog.load("kz")


def test_a_catalog_file_edited_between_runs_is_read_again(tmp_path):
    path = tmp_path / "ky.toml"
    path.write_text('[ui]\nhello = "Салам"\n', encoding="utf-8")
    assert Catalog.load("ky", (tmp_path,)).sections["ui"]["hello"] == "Салам"
    path.write_text('[ui]\nhello = "Саламатсызбы"\n', encoding="utf-8")
    assert Catalog.load("ky", (tmp_path,)).sections["ui"]["hello"] == "Саламатсызбы"


def test_catalogs_loaded_twice_do_not_share_what_one_of_them_is_given(tmp_path):
    (tmp_path / "ky.toml").write_text('[ui]\nhello = "Салам"\n', encoding="utf-8")
    first = Catalog.load("ky", (tmp_path,))
    first.sections["ui"]["hello"] = "changed"  # type: ignore[index]
    assert Catalog.load("ky", (tmp_path,)).sections["ui"]["hello"] == "Салам"
