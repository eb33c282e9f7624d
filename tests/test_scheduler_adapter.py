"""Where the times of the jobs come from, and the ``--at`` option's refusals."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from click.testing import CliRunner

from jobs.methodical_work import JOB
from sheets_sync.cli import main
from sheets_sync.cli_schedule import DEFAULT_TIMES, job_times
from sheets_sync.settings import load_settings


@dataclass(frozen=True)
class Times:
    at: tuple[str, ...]


@dataclass(frozen=True)
class SettingsWithJobs:
    """The shape of settings that name job times: a ``jobs`` table with ``at`` per job."""

    jobs: dict[str, Times] = field(default_factory=dict)


def test_without_times_in_the_settings_the_jobs_run_at_0200_and_0700() -> None:
    settings = load_settings(None, JOB.policy)
    assert job_times({}, settings) == {"nightly": ("02:00",), "summaries": ("07:00",)}
    assert job_times({}, settings) == DEFAULT_TIMES


def test_times_named_in_the_settings_replace_the_defaults_and_at_replaces_both() -> None:
    settings = SettingsWithJobs({"nightly": Times(("01:30", "13:30"))})
    assert job_times({}, settings) == {"nightly": ("01:30", "13:30"), "summaries": ("07:00",)}
    given = {"nightly": ("03:15",), "summaries": ()}
    assert job_times(given, settings) == {"nightly": ("03:15",), "summaries": ()}


def test_a_wrong_at_is_refused_before_anything_runs(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    for value, says in [
        ("nightly=2:00", "the time is HH:MM"),
        ("nightly=24:00", "the time is HH:MM"),
        ("weekly=02:00", "JOB one of nightly, summaries"),
        ("02:00", "use JOB=HH:MM"),
    ]:
        result = CliRunner().invoke(
            main, ["schedule", "--xlsx", "x.xlsx", "--at", value, "--state", str(state)]
        )
        assert result.exit_code == 2, value
        assert says in result.output, value
    assert not state.exists()


def test_every_job_off_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        ["schedule", "--xlsx", "x.xlsx", "--at", "nightly=off", "--at", "summaries=off"],
    )
    assert result.exit_code == 2
    assert "every job is off" in result.output
