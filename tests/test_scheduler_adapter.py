"""Where the jobs' times, schools and state file come from, how a scheduled run drives the
district runner over real workbooks, and the ``--at`` option's refusals."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from click.testing import CliRunner
from conftest import course, school, teacher

from jobs import definitions
from jobs.methodical_work import JOB
from sheets_sync.cli import main
from sheets_sync.cli_schedule import DEFAULT_TIMES, job_times, scheduled_jobs, state_file
from sheets_sync.district import Pacers
from sheets_sync.scheduler import StopFlag
from sheets_sync.settings import Settings, load_settings


def settings_file(tmp_path: Path, text: str) -> Settings:
    path = tmp_path / "sheets-sync.toml"
    path.write_text(text, "utf-8")
    return load_settings(path, JOB.policy)


def test_without_times_in_the_settings_the_jobs_run_at_their_defined_times() -> None:
    settings = load_settings(None, JOB.policy)
    assert job_times({}, settings) == {"nightly": ("02:00",), "summaries": ("07:00",)}
    assert {name: job.at for name, job in definitions().items()} == DEFAULT_TIMES


def test_times_named_in_the_settings_replace_the_defaults_and_at_replaces_both(
    tmp_path: Path,
) -> None:
    settings = settings_file(tmp_path, '[jobs.nightly]\nat = ["01:30", "13:30"]\n')
    assert job_times({}, settings) == {"nightly": ("01:30", "13:30"), "summaries": ("07:00",)}
    given = {"nightly": ("03:15",), "summaries": ()}
    assert job_times(given, settings) == {"nightly": ("03:15",), "summaries": ()}


def test_a_job_with_enabled_false_is_left_out_unless_at_names_it(tmp_path: Path) -> None:
    settings = settings_file(tmp_path, '[jobs.summaries]\nat = "06:00"\nenabled = false\n')
    assert job_times({}, settings) == {"nightly": ("02:00",), "summaries": ()}
    assert job_times({"summaries": ("08:00",)}, settings)["summaries"] == ("08:00",)


def _two_zones(tmp_path: Path) -> Settings:
    names = {}
    for name in ("a", "b", "c"):
        names[name] = school(
            tmp_path,
            [teacher("Асанова Гүлзат")],
            [course("Асанова Гүлзат")],
            name=f"{name}.xlsx",
        )
    return settings_file(
        tmp_path,
        'language = "en"\n'
        f'[[schools]]\nname = "A"\nworkbook = "{names["a"]}"\n'
        f'[[schools]]\nname = "B"\nworkbook = "{names["b"]}"\ntimezone = "Asia/Tashkent"\n'
        f'[[schools]]\nname = "C"\nworkbook = "{names["c"]}"\n'
        f'[[schools]]\nname = "Gone"\nworkbook = "{tmp_path / "gone.xlsx"}"\n'
        "[jobs.summaries]\nenabled = false\n",
    )


def test_each_job_runs_once_per_school_time_zone_over_the_schools_of_that_zone(
    tmp_path: Path,
) -> None:
    settings = _two_zones(tmp_path)
    jobs = scheduled_jobs(settings, settings.all_schools(), {}, None, Pacers())
    assert [(job.name, job.times, job.timezone) for job in jobs] == [
        ("nightly@Asia/Bishkek", ("02:00",), "Asia/Bishkek"),
        ("nightly@Asia/Tashkent", ("02:00",), "Asia/Tashkent"),
    ]
    bishkek = jobs[0].run(StopFlag())
    assert [school.name for school in bishkek.schools] == ["A", "C", "Gone"]
    assert not bishkek.interrupted
    assert bishkek.writes > 0 and bishkek.failures == 1
    [gone] = [school for school in bishkek.schools if school.failure]
    assert gone.name == "Gone" and "gone.xlsx" in gone.failure
    assert "Status" in [
        c.value for c in openpyxl.load_workbook(tmp_path / "a.xlsx")["Мугалимдер"][1]
    ]
    tashkent = jobs[1].run(StopFlag())
    assert [school.name for school in tashkent.schools] == ["B"]


def test_one_zone_keeps_the_plain_job_name(tmp_path: Path) -> None:
    settings = _two_zones(tmp_path)
    one_zone = [s for s in settings.all_schools() if s.timezone == "Asia/Bishkek"]
    jobs = scheduled_jobs(settings, one_zone, {"summaries": ("07:00",)}, None, Pacers())
    assert [job.name for job in jobs] == ["nightly", "summaries"]


def test_a_stop_set_before_the_run_reaches_no_school_and_marks_it_interrupted(
    tmp_path: Path,
) -> None:
    settings = _two_zones(tmp_path)
    before = (tmp_path / "a.xlsx").read_bytes()
    [job, _] = scheduled_jobs(settings, settings.all_schools(), {}, None, Pacers())
    stop = StopFlag()
    stop.set()
    outcome = job.run(stop)
    assert outcome.interrupted and outcome.schools == ()
    assert (tmp_path / "a.xlsx").read_bytes() == before


def test_the_state_file_is_in_the_settings_state_dir_unless_state_is_given(
    tmp_path: Path,
) -> None:
    settings = settings_file(tmp_path, f'[nightly]\nstate_dir = "{tmp_path / "s"}"\n')
    assert state_file(settings) == tmp_path / "s" / "state.json"
    assert state_file(settings, tmp_path / "x.json") == tmp_path / "x.json"
    assert state_file(load_settings(None, JOB.policy)).name == "state.json"


def test_a_wrong_at_is_refused_before_anything_runs(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    for value, says in [
        ("nightly=2:00", "the time is HH:MM"),
        ("nightly=24:00", "the time is HH:MM"),
        ("weekly=02:00", "JOB one of nightly, summaries"),
        ("02:00", "use JOB=HH:MM"),
    ]:
        result = CliRunner().invoke(
            main,
            ["schedule", "--language=en", "--xlsx", "x.xlsx", "--at", value, "--state", str(state)],
        )
        assert result.exit_code == 2, value
        assert says in result.output, value
    assert not state.exists()


def test_every_job_off_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        ["schedule", "--language=en", "--xlsx", "x.xlsx", "--at=nightly=off", "--at=summaries=off"],
    )
    assert result.exit_code == 2
    assert "Every job is off" in result.output
