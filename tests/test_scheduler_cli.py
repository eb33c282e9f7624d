"""`run --job`, `status` and `check` through the real CLI on real .xlsx files."""

from __future__ import annotations

import openpyxl
from click.testing import CliRunner
from conftest import course, school, teacher, write_workbook

from sheets_sync.cli import main


def setup(tmp_path, extra: str = "") -> tuple:
    good = school(tmp_path, [teacher("Асанова Гүлзат")], [course("Асанова Гүлзат")], name="a.xlsx")
    config = tmp_path / "sheets-sync.toml"
    config.write_text(
        'language = "en"\n'
        f'[nightly]\nstate_dir = "{tmp_path / "state"}"\n'
        f'[[schools]]\nname = "Good"\nworkbook = "{good}"\n'
        f'[[schools]]\nname = "Gone"\nworkbook = "{tmp_path / "gone.xlsx"}"\n' + extra,
        "utf-8",
    )
    return good, config


def cli(*args):
    return CliRunner().invoke(main, list(args))


def test_run_job_runs_every_school_and_says_it_in_one_line(tmp_path):
    good, config = setup(tmp_path)
    result = cli("run", "--job", "nightly", "--config", str(config))
    assert result.exit_code == 2, result.output  # one school's workbook is missing
    line = [text for text in result.output.splitlines() if " job=nightly " in text]
    assert len(line) == 1 and " schools=2 " in line[0] and line[0].endswith(" failures=1")
    assert "✖ Gone: " in result.output and 'name="Gone"' in result.output
    status = cli("status", "--config", str(config))
    assert "nightly: done with failures" in status.output
    assert "  Good: 8 findings, " in status.output and "  Gone: failed (" in status.output
    sheet = openpyxl.load_workbook(good)["Мугалимдер"]
    assert "Status" in [cell.value for cell in sheet[1]]


def test_an_unknown_job_names_the_jobs_there_are(tmp_path):
    _, config = setup(tmp_path)
    result = cli("run", "--job", "weekly", "--config", str(config))
    assert result.exit_code == 2 and "nightly, summaries" in result.output


def test_status_before_any_run_says_so(tmp_path):
    _, config = setup(tmp_path)
    output = cli("status", "--config", str(config)).output
    assert "No scheduled run is recorded" in output and str(tmp_path / "state") in output


def test_check_finds_a_missing_tab_and_a_missing_workbook_and_writes_nothing(tmp_path):
    only_courses = write_workbook(
        tmp_path / "b.xlsx", {"Квалификация": [["Аты-жөнү", "Курстун аталышы"], ["X", "Y"]]}
    )
    good, config = setup(tmp_path, f'[[schools]]\nname = "Partial"\nworkbook = "{only_courses}"\n')
    before = {path: path.read_bytes() for path in (good, only_courses)}
    result = cli("check", "--config", str(config))
    assert "tabs found: «Квалификация»" in result.output
    assert "tabs missing: «Teachers»," in result.output
    assert "gone.xlsx" in result.output and "was not found" in result.output
    assert "Nothing was written." in result.output
    assert result.exit_code != 0
    assert {path: path.read_bytes() for path in before} == before


def test_a_run_line_goes_to_the_log_file_as_json_with_counts_only(tmp_path):
    import json

    from sheets_sync.cli_nightly import run_job
    from sheets_sync.logs import RunLog
    from sheets_sync.settings import load_settings

    _, config = setup(tmp_path)
    from schemas.policy import Policy

    shown = []
    log = RunLog("json", tmp_path / "logs" / "nightly.log")
    code, _ = run_job(
        "nightly",
        load_settings(config, Policy),
        echo=lambda text, err=False: shown.append(text),
        log=log,
    )
    assert code == 2
    *schools, line = (tmp_path / "logs" / "nightly.log").read_text("utf-8").splitlines()
    gone, good = sorted(schools, key=lambda text: json.loads(text)["school"])  # as they end
    record = json.loads(line)
    assert record["event"] == "run" and record["job"] == "nightly" and record["schools"] == 2
    assert record["failures"] == 1 and record["writes"] > 0
    assert json.loads(good)["school"] == "Good" and json.loads(good)["failure"] is None
    assert json.loads(gone)["school"] == "Gone" and "gone.xlsx" in json.loads(gone)["failure"]
    assert shown == [f"✖ Gone: {json.loads(gone)['failure']}"]  # the log went to the file


def test_the_progress_line_says_school_n_of_n_and_the_wait_for_quota():
    from sheets_sync.logs import progress_line
    from sheets_sync.messages import Catalog

    catalog = Catalog.load("en")
    assert progress_line(catalog, 3, 50, "S3", 0.0) == "school 3 of 50: S3"
    assert progress_line(catalog, 4, 50, "S4", 12.4) == (
        "school 4 of 50: S4 (waiting 12 s for quota)"
    )
