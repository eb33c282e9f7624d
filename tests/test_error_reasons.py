"""One language per run also in errors: reasons a backend or the OS gives in English are
said in the run's language."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from sheets_sync.backends.google import GoogleSheetsBackend
from sheets_sync.backends.google_credentials import load_key
from sheets_sync.errors import SheetsSyncError
from sheets_sync.messages import ENGINE_LOCALES, Catalog


def _reasons(language: str) -> dict[str, str]:
    with (Path(ENGINE_LOCALES) / f"{language}.toml").open("rb") as handle:
        return tomllib.load(handle).get("reasons", {})


def test_kyrgyz_and_russian_translate_the_same_reasons() -> None:
    assert _reasons("ky").keys() == _reasons("ru").keys()
    assert len(_reasons("ky")) > 10


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_a_spreadsheet_address_without_an_id_is_explained_in_the_runs_language(
    language: str,
) -> None:
    backend = GoogleSheetsBackend("https://example.org/not-a-sheet", credentials="none")
    with pytest.raises(SheetsSyncError) as caught:
        _ = backend.spreadsheet_id
    text = caught.value.render(Catalog.load(language))
    assert "no /spreadsheets/d/" not in text
    assert _reasons(language)["no /spreadsheets/d/<ID>/ in the URL"] in text


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_a_key_file_that_is_a_folder_is_explained_in_the_runs_language(
    language: str, tmp_path: Path
) -> None:
    with pytest.raises(SheetsSyncError) as caught:
        load_key(tmp_path)
    text = caught.value.render(Catalog.load(language))
    assert "it is a folder" not in text
    assert _reasons(language)["it is a folder"] in text


def test_english_keeps_the_reason_as_written() -> None:
    backend = GoogleSheetsBackend("https://example.org/not-a-sheet", credentials="none")
    with pytest.raises(SheetsSyncError) as caught:
        _ = backend.spreadsheet_id
    assert "no /spreadsheets/d/<ID>/ in the URL" in caught.value.render(Catalog.load("en"))
