"""How `run --job` and `schedule` log: school lines and the run's line, plain or JSON, to a
file or the console, a progress line on a terminal, no secret anywhere, quiet under `| head`.
Real workbooks on disk, the emulator over a real socket, real processes."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import course, school, teacher
from test_google_backend import seed
from test_google_credentials import private_key_pem, write_key

from jobs.methodical_work import JOB
from sheets_sync.cli import main
from sheets_sync.cli_nightly import run_job
from sheets_sync.cli_schedule import scheduled_jobs
from sheets_sync.district import Pacers
from sheets_sync.emulator import Emulator
from sheets_sync.logs import Progress, RunLog, scrub
from sheets_sync.messages import Catalog
from sheets_sync.run_state import RunState
from sheets_sync.scheduler import Scheduler
from sheets_sync.settings import load_settings

BIN = Path(sys.executable).with_name("sheets-sync")
PLAIN_SCHOOL = re.compile(
    r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ school=\d+/\d+ name=\"[^\"]+\" findings=\d+ writes=\d+ "
    r"duration=[\d.]+s( failure=\".+\")?$"
)
PLAIN_RUN = re.compile(
    r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ job=\w+ schools=\d+ findings=\d+ writes=\d+ "
    r"duration=[\d.]+s failures=\d+$"
)


def district(tmp_path: Path, count: int = 3, extra: str = "") -> Path:
    text = f'language = "en"\n[nightly]\nstate_dir = "{tmp_path / "state"}"\n'
    for number in range(count):
        path = school(
            tmp_path,
            [teacher("Асанова Гүлзат"), teacher("Бакиев Нурлан", hired_on=None)],
            [course("Асанова Гүлзат")],
            name=f"s{number}.xlsx",
        )
        text += f'[[schools]]\nname = "School {number}"\nworkbook = "{path}"\n'
    config = tmp_path / "sheets-sync.toml"
    config.write_text(text + extra, "utf-8")
    return config


def test_off_a_terminal_every_school_and_the_run_give_one_timestamped_line(tmp_path):
    config = district(tmp_path)
    result = CliRunner().invoke(main, ["run", "--job", "nightly", "--config", str(config)])
    assert result.exit_code == 0, result.output
    *schools, run = result.output.splitlines()
    assert len(schools) == 3 and all(PLAIN_SCHOOL.match(line) for line in schools), schools
    assert sorted(line.split(" name=")[1].split('"')[1] for line in schools) == [
        "School 0",
        "School 1",
        "School 2",
    ]
    assert PLAIN_RUN.match(run) and " schools=3 " in run and run.endswith(" failures=0"), run


def test_json_lines_go_to_the_log_file_and_nothing_to_the_console(tmp_path):
    config = district(tmp_path, 2)
    log = tmp_path / "logs" / "sheets-sync.log"
    args = ["run", "--job", "nightly", "--config", str(config), "--log-format", "json"]
    result = CliRunner().invoke(main, [*args, "--log-file", str(log)])
    assert result.exit_code == 0 and result.output == ""
    records = [json.loads(line) for line in log.read_text("utf-8").splitlines()]
    assert [record["event"] for record in records] == ["school", "school", "run"]
    assert {record["total"] for record in records[:2]} == {2}
    assert records[2]["schools"] == 2 and records[2]["writes"] == sum(
        record["writes"] for record in records[:2]
    )
    again = CliRunner().invoke(main, [*args, "--log-file", str(log)])
    assert again.exit_code == 0
    assert len(log.read_text("utf-8").splitlines()) == 6  # appended, never replaced


def test_run_and_schedule_write_the_same_lines(tmp_path):
    config = district(tmp_path, 2)
    settings = load_settings(config, JOB.policy)
    by_run = tmp_path / "run.log"
    log = RunLog("json", by_run).open()
    run_job("nightly", settings, log=log, echo=lambda *a, **k: None, terminal=False)
    log.close()
    by_schedule = tmp_path / "schedule.log"
    log = RunLog("json", by_schedule).open()
    jobs = scheduled_jobs(settings, settings.all_schools(), {"summaries": ()}, None, Pacers(), log)
    slot = datetime(2026, 12, 1, 20, tzinfo=UTC)
    state = RunState(tmp_path / "s.json")
    scheduler = Scheduler(
        jobs, state_path=state.path, lock_path=tmp_path / "s.lock", clock=lambda: slot, log=log.run
    )
    scheduler._run(state, jobs[0], slot)  # one run of the job, as the loop makes it
    log.close()
    ran = [json.loads(line) for line in by_run.read_text("utf-8").splitlines()]
    scheduled = [json.loads(line) for line in by_schedule.read_text("utf-8").splitlines()]
    assert [set(record) for record in ran[:2]] == [set(record) for record in scheduled[:2]]
    assert set(ran[2]) | {"slot", "error"} == set(scheduled[2])
    for key in ("event", "job", "schools", "failures", "interrupted"):
        assert ran[2][key] == scheduled[2][key], key
    assert scheduled[2]["time"] == "2026-12-01T20:00:00Z"  # the scheduler's clock, one form
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", ran[2]["time"])
    plain = RunLog("plain", stream=io.StringIO())
    assert PLAIN_RUN.match(plain.run(scheduled[2]))


def test_on_a_terminal_a_progress_line_is_rewritten_in_place_instead_of_school_lines(
    tmp_path, capsys
):
    config = district(tmp_path, 3)
    settings = load_settings(config, JOB.policy)
    code, _ = run_job("nightly", settings, log=RunLog(stream=sys.stdout), terminal=True)
    assert code == 0
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 1 and PLAIN_RUN.match(out.strip())
    drawn = [part for part in err.split("\r") if part]
    assert {part.split(":")[0] for part in drawn if part.strip()} == {
        "school 1 of 3",
        "school 2 of 3",
        "school 3 of 3",
    }
    assert all(part.endswith("\x1b[K") for part in drawn[:-1]) and err.endswith("\n")


def test_the_progress_line_counts_the_wait_for_quota_down():
    now = [100.0]
    wait = [0.0]
    progress = Progress(Catalog.load("en"), io.StringIO(), lambda: wait[0], clock=lambda: now[0])
    progress.start(7, 50, "S7")
    assert progress.line() == "school 7 of 50: S7"
    wait[0] = 42.0
    assert progress.line() == "school 7 of 50: S7 (waiting 42 s for quota)"
    now[0] += 30
    assert progress.line() == "school 7 of 50: S7 (waiting 12 s for quota)"
    wait[0] = 0.0
    assert progress.line() == "school 7 of 50: S7"


def test_urls_in_log_lines_keep_no_query_fragment_or_password():
    text = (
        "«https://docs.google.com/spreadsheets/d/1AbC/edit?resourcekey=0-SECRET#gid=0» and "
        "http://robot:TOKEN@127.0.0.1:8085/v4"
    )
    assert scrub(text) == (
        "«https://docs.google.com/spreadsheets/d/1AbC/edit» and http://127.0.0.1:8085/v4"
    )


@pytest.fixture
def emu():
    with Emulator() as emulator:
        yield emulator


def test_no_key_and_no_token_reach_the_logs_the_console_or_the_state(emu, tmp_path):
    key = write_key(tmp_path, emu.url + "/token")
    book = school(tmp_path, [teacher("Асанова Гүлзат")], [course("Асанова Гүлзат")])
    shared, unshared = seed(emu, book), seed(emu, book)
    emu.restrict(unshared)
    resource_key = "0-resourceKEYnotForLogs"
    url = f"https://docs.google.com/spreadsheets/d/{unshared}/edit?resourcekey={resource_key}"
    config = tmp_path / "sheets-sync.toml"
    config.write_text(
        f'language = "en"\ncredentials = "{key.name}"\nendpoint = "{emu.url}"\n'
        f'spreadsheets = ["{shared}", "{url}#gid=0"]\n'
        f'[nightly]\nstate_dir = "{tmp_path / "state"}"\n',
        "utf-8",
    )
    log = tmp_path / "nightly.log"
    shown = CliRunner().invoke(
        main, ["run", "--job", "nightly", "--config", str(config), "--log-file", str(log)]
    )
    assert shown.exit_code == 2, shown.output
    written = log.read_text("utf-8") + shown.output
    written += (tmp_path / "state" / "state.json").read_text("utf-8")
    assert "sheets-sync@example-school.iam.gserviceaccount.com" in written  # the 403 says whom
    tokens = list(emu.api.callers)
    assert tokens  # the run did sign in with the key
    key_info = json.loads(key.read_text("utf-8"))
    secrets = [resource_key, key_info["private_key_id"], *tokens]
    secrets += [line for line in private_key_pem().splitlines() if "PRIVATE KEY" not in line]
    assert [secret for secret in secrets if secret in written] == []


def test_a_reader_that_goes_away_ends_the_run_quietly(tmp_path):
    config = district(tmp_path, 3)
    done = subprocess.run(
        f"'{BIN}' run --job nightly --config '{config}' | head -n 1",
        shell=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert PLAIN_SCHOOL.match(done.stdout.strip())
    assert '"result": "ok"' in (tmp_path / "state" / "state.json").read_text("utf-8")
