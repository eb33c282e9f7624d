"""``sheets-sync schedule`` and ``status`` as real processes: one instance only, SIGTERM in the
middle of a run on real workbooks, and what ``status`` prints."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from schemas.samples import SAMPLE_WORKBOOK
from sheets_sync.cli import main

BOUND = 120.0  # seconds: a generous bound on a loaded machine, never a timing under test
BIN = Path(sys.executable).with_name("sheets-sync")


def _wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + BOUND
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.01)


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as package:
        return {name: package.read(name) for name in package.namelist()}


def _far_time() -> str:
    """A time of day twelve hours away in Bishkek: nothing runs while the test lasts."""
    return (datetime.now(UTC) + timedelta(hours=18)).strftime("%H:%M")


@pytest.fixture
def processes() -> Iterator[list[subprocess.Popen]]:
    started: list[subprocess.Popen] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait()


def _schedule(args: list[str], **options) -> subprocess.Popen:
    return subprocess.Popen(
        [str(BIN), "schedule", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **options,
    )


def test_a_second_scheduler_says_who_holds_the_lock_and_exits(
    tmp_path: Path, processes: list[subprocess.Popen]
) -> None:
    workbook = tmp_path / "school.xlsx"
    shutil.copyfile(SAMPLE_WORKBOOK, workbook)
    args = ["--xlsx", str(workbook), "--at", f"nightly={_far_time()}", "--at", "summaries=off"]
    args += ["--state", str(tmp_path / "state.json"), "--language", "en"]
    first = _schedule(args)
    processes.append(first)
    lock = tmp_path / "state.json.lock"

    def holds() -> bool:
        assert first.poll() is None, first.communicate()
        return lock.exists() and f'"pid": {first.pid}' in lock.read_text()

    _wait_for(holds, "the first scheduler to take the lock")
    second = subprocess.run(
        [str(BIN), "schedule", *args], capture_output=True, text=True, timeout=BOUND
    )
    assert second.returncode == 6
    since = json.loads(lock.read_text())["since"]
    assert f"pid {first.pid}, since {since}" in second.stderr
    assert abs(datetime.fromisoformat(since) - datetime.now(UTC)) < timedelta(hours=1)
    first.send_signal(signal.SIGTERM)
    assert first.wait(timeout=BOUND) == 0
    assert workbook.read_bytes() == SAMPLE_WORKBOOK.read_bytes()  # nothing ran meanwhile


def test_sigterm_mid_run_leaves_every_workbook_untouched_or_fully_written(
    tmp_path: Path, processes: list[subprocess.Popen]
) -> None:
    reference = tmp_path / "reference" / "school.xlsx"
    reference.parent.mkdir()
    shutil.copyfile(SAMPLE_WORKBOOK, reference)
    done = subprocess.run(
        [str(BIN), "run", "--xlsx", str(reference)], capture_output=True, text=True
    )
    assert done.returncode in (0, 3), done.stderr
    written, original = _parts(reference), _parts(SAMPLE_WORKBOOK)
    assert written != original

    folder = tmp_path / "schools"
    folder.mkdir()
    workbooks = [folder / f"school-{number}.xlsx" for number in range(1, 9)]
    for workbook in workbooks:
        shutil.copyfile(SAMPLE_WORKBOOK, workbook)
    # The scheduler watched the job three days ago and never ran it: it catches up at start.
    state = tmp_path / "state.json"
    since = (datetime.now(UTC) - timedelta(days=3)).isoformat()
    state.write_text(json.dumps({"version": 1, "jobs": {"nightly": {"watched_since": since}}}))
    log = tmp_path / "runs.log"
    # One school in hand at a time, so the workbooks are taken in their order.
    config = tmp_path / "sheets-sync.toml"
    config.write_text("[nightly]\nconcurrency = 1\n", "utf-8")
    args = [arg for workbook in workbooks for arg in ("--xlsx", str(workbook))]
    args += ["--at", f"nightly={_far_time()}", "--at", "summaries=off", "--state", str(state)]
    args += ["--config", str(config)]
    process = _schedule([*args, "--log-file", str(log), "--log-format", "json"])
    processes.append(process)

    _wait_for(lambda: _parts(workbooks[0]) != original, "the first workbook to be written")
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=BOUND) == 0, process.communicate()

    outcomes = []
    for workbook in workbooks:
        parts = _parts(workbook)
        assert parts in (original, written), workbook.name
        outcomes.append("written" if parts == written else "untouched")
    assert outcomes[0] == "written" and outcomes[-1] == "untouched"
    assert outcomes == sorted(outcomes, reverse=True)  # written ones first, then untouched
    assert sorted(path.name for path in folder.iterdir()) == sorted(w.name for w in workbooks)
    records = [json.loads(text) for text in log.read_text(encoding="utf-8").splitlines()]
    [line] = [record for record in records if record["event"] == "run"]
    assert [record["event"] for record in records].count("school") == outcomes.count("written")
    assert line["interrupted"] is True
    assert line["schools"] == outcomes.count("written")
    assert line["failures"] == 0


def test_status_prints_the_last_outcome_of_every_job_and_school(
    tmp_path: Path, processes: list[subprocess.Popen]
) -> None:
    school = tmp_path / "school.xlsx"
    shutil.copyfile(SAMPLE_WORKBOOK, school)
    missing = tmp_path / "gone.xlsx"
    reference = tmp_path / "reference.json"
    shutil.copyfile(SAMPLE_WORKBOOK, tmp_path / "copy.xlsx")
    subprocess.run(
        [str(BIN), "run", "--xlsx", str(tmp_path / "copy.xlsx"), "--report-json", str(reference)],
        capture_output=True,
    )
    report = json.loads(reference.read_text(encoding="utf-8"))
    [sheet] = report["spreadsheets"]
    findings = sum(len(register["findings"]) for register in sheet["registers"])
    assert findings > 0

    state = tmp_path / "state.json"
    since = (datetime.now(UTC) - timedelta(days=3)).isoformat()
    state.write_text(json.dumps({"version": 1, "jobs": {"nightly": {"watched_since": since}}}))
    log = tmp_path / "runs.log"
    args = ["--xlsx", str(school), "--xlsx", str(missing), "--state", str(state)]
    args += ["--at", f"nightly={_far_time()}", "--at", f"summaries={_far_time()}"]
    process = _schedule([*args, "--log-file", str(log), "--language", "en"])
    processes.append(process)
    _wait_for(lambda: log.exists() and log.read_text().strip(), "the catch-up run's log line")
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=BOUND) == 0
    assert " job=nightly schools=2 " in log.read_text()
    assert f" findings={findings} " in log.read_text()

    shown = CliRunner().invoke(main, ["status", "--state", str(state), "--language", "en"])
    assert shown.exit_code == 0, shown.output
    lines = shown.output.splitlines()
    assert lines[0].startswith("nightly: done with failures — slot ")
    assert f"schools 2, findings {findings}," in lines[0] and "failures 1" in lines[0]
    [good] = [line for line in lines if line.startswith(f"  {school}: ")]
    assert f": {findings} findings, " in good
    [bad] = [line for line in lines if line.startswith(f"  {missing}: failed ")]
    assert "gone.xlsx" in bad.partition("failed")[2]
    assert lines[-1].startswith("summaries: not run yet (scheduled since ")


def test_status_with_no_state_file_says_so(tmp_path: Path) -> None:
    state = tmp_path / "none.json"
    shown = CliRunner().invoke(main, ["status", "--state", str(state), "--language", "en"])
    assert shown.exit_code == 0
    assert shown.output.strip() == f"No scheduled run is recorded in «{state}» yet."


def test_a_state_file_that_is_not_one_is_a_one_line_error(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    state.write_text("{not json", encoding="utf-8")
    shown = CliRunner().invoke(main, ["status", "--state", str(state), "--language", "en"])
    assert shown.exit_code == 2
    assert f"The state file «{state}» cannot be read" in shown.output
    assert "Traceback" not in shown.output
