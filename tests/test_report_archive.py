"""The reports of the last N runs kept with their date, the newest also as latest.json; older
ones pruned, a person's file never touched. Injected clocks, real files on disk."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from conftest import course, school, teacher

from jobs.methodical_work import JOB
from sheets_sync.cli_nightly import run_job
from sheets_sync.logs import RunLog
from sheets_sync.report import is_report
from sheets_sync.report_archive import LATEST, dated_reports, keep_report
from sheets_sync.settings import load_settings

BISHKEK = ZoneInfo("Asia/Bishkek")
CODES_FOR_BAKIEV = {"pd-no-record"}  # a teacher with no PD course on record


def document(night: int) -> dict:
    return {"as_of": f"2026-12-{night:02d}", "language": "ky", "spreadsheets": []}


def test_only_the_newest_dated_reports_stay_and_latest_is_the_newest(tmp_path):
    folder = tmp_path / "reports" / "nightly"
    first = datetime(2026, 12, 1, 2, 0, tzinfo=BISHKEK)
    for night in range(16):
        keep_report(folder, document(night + 1), when=first + timedelta(days=night), kept=14)
    names = [path.name for path in dated_reports(folder)]
    assert names[0] == "2026-12-03T02-00.json" and names[-1] == "2026-12-16T02-00.json"
    assert len(names) == 14
    latest = json.loads((folder / LATEST).read_text("utf-8"))
    assert latest == document(16) == json.loads((folder / names[-1]).read_text("utf-8"))
    assert sorted(path.name for path in folder.iterdir()) == sorted([*names, LATEST])  # no temp


def test_a_file_of_someone_else_named_like_a_report_is_never_pruned(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    theirs = folder / "2026-11-30T02-00.json"
    theirs.write_text("notes of the deputy director", "utf-8")
    when = datetime(2026, 12, 1, 2, 0, tzinfo=BISHKEK)
    keep_report(folder, document(1), when=when, kept=1)
    keep_report(folder, document(2), when=when + timedelta(days=1), kept=1)
    assert theirs.read_text("utf-8") == "notes of the deputy director"
    assert not (folder / "2026-12-01T02-00.json").exists()
    assert (folder / "2026-12-02T02-00.json").is_file()


def test_reports_kept_zero_keeps_only_the_latest(tmp_path):
    folder = tmp_path / "reports"
    when = datetime(2026, 12, 1, 2, 0, tzinfo=BISHKEK)
    keep_report(folder, document(1), when=when, kept=3)
    keep_report(folder, document(2), when=when + timedelta(days=1), kept=0)
    assert [path.name for path in folder.iterdir()] == [LATEST]
    assert is_report(folder / LATEST)


def test_nightly_runs_keep_their_reports_named_by_the_start_in_the_settings_zone(tmp_path):
    paths = [
        school(
            tmp_path,
            [teacher("Асанова Гүлзат"), teacher("Бакиев Нурлан", hired_on=None)],
            [course("Асанова Гүлзат")],
            name=f"s{number}.xlsx",
        )
        for number in range(2)
    ]
    config = tmp_path / "sheets-sync.toml"
    config.write_text(
        f'[nightly]\nstate_dir = "{tmp_path / "state"}"\nreports_kept = 2\n'
        + "".join(f'[[schools]]\nname = "S{n}"\nworkbook = "{p}"\n' for n, p in enumerate(paths)),
        "utf-8",
    )
    settings = load_settings(config, JOB.policy)
    for night in (1, 2, 3):  # 20:00 UTC is 02:00 the next day in Bishkek
        moment = datetime(2026, 12, night, 20, 0, tzinfo=UTC)
        code, _ = run_job(
            "nightly",
            settings,
            log=RunLog("json", tmp_path / "log"),
            now=lambda moment=moment: moment,
            terminal=False,
        )
        assert code == 0
    folder = tmp_path / "state" / "reports" / "nightly"
    assert [path.name for path in dated_reports(folder)] == [
        "2026-12-03T02-00.json",
        "2026-12-04T02-00.json",
    ]
    latest = json.loads((folder / LATEST).read_text("utf-8"))
    assert latest["as_of"] == "2026-12-04"  # the day in the settings' zone
    assert sorted(sheet["source"] for sheet in latest["spreadsheets"]) == sorted(map(str, paths))
    for sheet in latest["spreadsheets"]:
        teachers = next(r for r in sheet["registers"] if r["register"] == "teachers")
        assert {f["code"] for f in teachers["findings"]} >= CODES_FOR_BAKIEV
    assert latest == json.loads((folder / "2026-12-04T02-00.json").read_text("utf-8"))


def test_a_scheduled_run_keeps_its_report_in_the_folder_it_is_given(tmp_path):
    from sheets_sync.cli_schedule import scheduled_jobs
    from sheets_sync.district import Pacers
    from sheets_sync.scheduler import StopFlag

    path = school(tmp_path, [teacher("Асанова Гүлзат")], [course("Асанова Гүлзат")])
    config = tmp_path / "sheets-sync.toml"
    config.write_text(f'[[schools]]\nname = "S"\nworkbook = "{path}"\n', "utf-8")
    settings = load_settings(config, JOB.policy)
    reports = tmp_path / "reports"
    [nightly, _] = scheduled_jobs(
        settings, settings.all_schools(), {}, None, Pacers(), None, reports
    )
    outcome = nightly.run(StopFlag())
    assert outcome.failures == 0
    (dated,) = dated_reports(reports / "nightly")
    latest = json.loads((reports / "nightly" / LATEST).read_text("utf-8"))
    assert [sheet["source"] for sheet in latest["spreadsheets"]] == [str(path)]
    assert latest == json.loads(dated.read_text("utf-8"))
