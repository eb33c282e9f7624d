"""The district roll-up on a Google spreadsheet: rebuilt through the Google backend on the
emulator over a real socket, one call when nothing changed, the district's own tab untouched,
and rows of schools outside a run (another time zone) kept from their last run."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import course, school, teacher

from jobs.methodical_work import JOB
from sheets_sync.cli_nightly import run_job
from sheets_sync.logs import RunLog
from sheets_sync.settings import load_settings

NOW = datetime(2026, 12, 1, 20, 0, tzinfo=UTC)


@pytest.fixture
def emu():
    from sheets_sync.emulator import Emulator

    with Emulator() as emulator:
        yield emulator


def test_a_google_rollup_is_rebuilt_once_and_costs_one_call_when_unchanged(emu, tmp_path):
    rollup = emu.create_spreadsheet("Район", tabs={"Notes": [["the district's own tab"]]})
    paths = [
        school(tmp_path, [teacher("Асанова Гүлзат")], [course("Асанова Гүлзат")], name=f"{n}.xlsx")
        for n in "ab"
    ]
    config = tmp_path / "sheets-sync.toml"
    config.write_text(
        f'language = "en"\ncredentials = "none"\nendpoint = "{emu.url}"\n'
        f'[nightly]\nstate_dir = "{tmp_path / "state"}"\nrollup = "{rollup}"\n'
        + "".join(f'[[schools]]\nname = "S{n}"\nworkbook = "{p}"\n' for n, p in enumerate(paths)),
        "utf-8",
    )
    settings = load_settings(config, JOB.policy)

    def night() -> int:
        return run_job(
            "nightly",
            settings,
            log=RunLog("json", tmp_path / "log"),
            now=lambda: NOW,
            terminal=False,
        )[0]

    assert night() == 0
    assert emu.sheet_titles(rollup) == ["Notes", "Schools"]
    values = emu.values(rollup, "Schools")
    assert values[0][0] == "sheets-sync · Schools" and values[1][0] == "School"
    assert [row[0] for row in values[2:]] == ["S0", "S1"]
    assert [row[2] for row in values[2:]] == ["checked", "checked"]
    assert emu.values(rollup, "Notes") == [["the district's own tab"]]
    emu.clear_log()
    assert night() == 0
    assert [(r.method, r.path.split("?")[0]) for r in emu.requests] == [
        ("GET", f"/v4/spreadsheets/{rollup}")
    ]
