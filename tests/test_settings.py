"""The settings file: schools, jobs and strict types; every mistake named in the run's
language. Real files on disk, read through the real CLI."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from schemas.policy import Policy
from sheets_sync.cli import main
from sheets_sync.errors import SettingsError
from sheets_sync.messages import Catalog
from sheets_sync.settings import find_settings, load_settings


def write(tmp_path, text: str, name: str = "sheets-sync.toml"):
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


def message(tmp_path, text: str, language: str = "en") -> str:
    with pytest.raises(SettingsError) as caught:
        load_settings(write(tmp_path, text), Policy)
    return caught.value.render(Catalog.load(language))


def test_schools_take_xlsx_paths_and_google_ids_with_their_own_zone_and_policy(tmp_path):
    settings = load_settings(
        write(
            tmp_path,
            'language = "ru"\n[policy]\npd_warn_days = 90\n'
            '[[schools]]\nname = "A"\nworkbook = "a.xlsx"\n'
            '[[schools]]\nname = "B"\nworkbook = "1AbCdEf"\ntimezone = "Asia/Tokyo"\n'
            "[schools.policy]\npd_warn_days = 120\n"
            '[jobs.nightly]\nat = "02:30"\n[jobs.summaries]\nat = ["07:00"]\nschools = ["B"]\n',
        ),
        Policy,
    )
    a, b = settings.schools
    assert a.is_xlsx and a.workbook == str(tmp_path / "a.xlsx") and a.language == "ru"
    assert a.timezone == "Asia/Bishkek" and a.policy.pd_warn_days == 90
    assert not b.is_xlsx and b.timezone == "Asia/Tokyo" and b.policy.pd_warn_days == 120
    assert settings.jobs["nightly"].at == ("02:30",)
    assert settings.jobs["summaries"].schools == ("B",)


def test_a_true_is_not_the_number_one(tmp_path):
    text = message(tmp_path, "[policy]\npd_warn_days = true\n")
    assert "policy.pd_warn_days" in text and "true" in text and "sheets-sync.toml" in text


@pytest.mark.parametrize(
    ("language", "accepted"),
    [
        ("ky", "тырмакчасыз бүтүн сан"),
        ("ru", "целое число без кавычек"),
        ("en", "whole number without quotes"),
    ],
)
def test_a_wrong_policy_number_is_explained_in_the_run_language(tmp_path, language, accepted):
    text = message(tmp_path, "[policy]\npd_warn_days = true\n", language)
    assert "policy.pd_warn_days" in text and accepted in text
    assert "Input should" not in text


def test_an_unknown_policy_key_lists_the_known_ones(tmp_path):
    text = message(tmp_path, "[policy]\npd_warn_dayz = 3\n", "ru")
    assert "policy.pd_warn_dayz" in text and "pd_warn_days" in text and "допустимо" in text


@pytest.mark.parametrize(
    ("text", "key", "value", "accepted"),
    [
        ('[nightly]\nconcurrency = "4"\n', "nightly.concurrency", "'4'", "whole number"),
        ("[nightly]\nconcurrency = 0\n", "nightly.concurrency", "0", "within"),
        ('[[schools]]\nname = "A"\nworkbook = "a.xls"\n', "schools[1].workbook", "a.xls", ".xlsx"),
        ('[jobs.nightly]\nat = "2am"\n', "jobs.nightly.at", "2am", "HH:MM"),
        ('[[schools]]\nname = "A"\nworkbook = 5\n', "schools[1].workbook", "5", "text in quotes"),
        ("[jobs.nightly]\nenabled = 1\n", "jobs.nightly.enabled", "1", "true or false"),
        ("[nightly]\nquota = 60\n", "nightly.quota", "…", "concurrency"),
    ],
)
def test_each_mistake_names_file_key_value_and_what_is_accepted(
    tmp_path, text, key, value, accepted
):
    rendered = message(tmp_path, text)
    assert "sheets-sync.toml" in rendered and key in rendered
    assert value in rendered and accepted in rendered


def test_the_mistake_is_told_in_the_runs_language(tmp_path):
    assert "целое число" in message(tmp_path, '[nightly]\nconcurrency = "4"\n', "ru")
    assert "бүтүн сан" in message(tmp_path, '[nightly]\nconcurrency = "4"\n', "ky")


def test_a_settings_file_that_is_not_utf8_says_so_with_its_name(tmp_path):
    path = tmp_path / "cp1251.toml"
    path.write_bytes('language = "ru"\n# Школа\n'.encode("cp1251"))
    result = CliRunner().invoke(main, ["run", "--xlsx", "x.xlsx", "--config", str(path)])
    assert result.exit_code == 2
    assert "cp1251.toml" in result.output and "UTF-8" in result.output


def test_a_missing_settings_file_says_so_with_its_name(tmp_path):
    result = CliRunner().invoke(
        main,
        ["run", "--xlsx", "x.xlsx", "--config", str(tmp_path / "нет.toml"), "--language", "en"],
    )
    assert result.exit_code == 2 and "нет.toml" in result.output and "not found" in result.output


def test_todays_keys_keep_working_and_each_spreadsheet_is_a_school(tmp_path):
    settings = load_settings(
        write(tmp_path, 'spreadsheets = ["1AbC"]\ncredentials = "key.json"\n'), Policy
    )
    (school,) = settings.all_schools()
    assert school.workbook == "1AbC" and school.credentials == str(tmp_path / "key.json")


def test_the_settings_file_is_found_here_else_in_the_users_config_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    here = tmp_path / "here"
    here.mkdir()
    assert find_settings(here) is None
    user = tmp_path / "config" / "sheets-sync"
    user.mkdir(parents=True)
    write(user, "")
    assert find_settings(here) == user / "sheets-sync.toml"
    write(here, "")
    assert find_settings(here) == here / "sheets-sync.toml"


@pytest.mark.parametrize(
    ("language", "said"), [("en", "line 2, column 12"), ("ru", "строка 2, столбец 12")]
)
def test_a_file_that_is_not_toml_names_the_line_and_column_in_the_runs_language(
    tmp_path, language, said
):
    text = message(tmp_path, 'language = "ky"\ntimezone = Asia/Bishkek\n', language)
    assert said in text and "sheets-sync.toml" in text
    assert "— —" not in text and "Invalid" not in text


def test_a_number_below_its_limit_says_the_limit_as_a_reader_writes_it(tmp_path):
    text = message(tmp_path, "[policy]\npd_cycle_years = 0\n", "ky")
    assert "≥ 1" in text and "{" not in text and "ge" not in text


def test_a_rollup_xlsx_is_the_settings_files_and_a_google_rollup_stays_as_given(tmp_path):
    settings = load_settings(write(tmp_path, '[nightly]\nrollup = "out/district.xlsx"\n'), Policy)
    assert settings.nightly.rollup == str(tmp_path / "out" / "district.xlsx")
    google = load_settings(write(tmp_path, '[nightly]\nrollup = " 1AbCdEf "\n'), Policy)
    assert google.nightly.rollup == "1AbCdEf"
    assert load_settings(write(tmp_path, "[nightly]\n"), Policy).nightly.rollup is None


def test_a_rollup_that_is_not_an_xlsx_or_google_sheet_is_named(tmp_path):
    text = message(tmp_path, '[nightly]\nrollup = "district.xls"\n')
    assert "nightly.rollup = 'district.xls' is not accepted" in text
    assert "a path ending in .xlsx" in text
