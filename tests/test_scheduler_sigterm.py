"""SIGTERM in the middle of a district run, sent to a real process: the workbook in hand is
finished whole, no other is started, none is left half-written."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import textwrap

import openpyxl
from conftest import course, school, teacher

CHILD = textwrap.dedent(
    """
    import json, signal, sys, threading
    from datetime import UTC, datetime
    from jobs import definitions
    from schemas.policy import Policy
    from sheets_sync.district import run_district
    from sheets_sync.settings import School

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    schools = [School(f"S{n}", path, policy=Policy()) for n, path in enumerate(sys.argv[1:])]

    def on_start(number, total, item):
        print("started", item.name, flush=True)
        sys.stdin.readline()  # the parent sends SIGTERM now, then lets the run go on

    runs = run_district(definitions()["nightly"], schools, stop=stop, concurrency=1,
                        now=datetime(2026, 11, 21, 12, tzinfo=UTC), on_start=on_start)
    print(json.dumps([[run.school, run.ok, run.skipped] for run in runs]), flush=True)
    """
)


def test_sigterm_mid_run_finishes_the_workbook_in_hand_and_starts_no_other(tmp_path):
    paths = [
        school(tmp_path, [teacher("Асанова Гүлзат")], [course("Асанова Гүлзат")], name=f"{n}.xlsx")
        for n in range(3)
    ]
    before = [path.read_bytes() for path in paths]
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, *map(str, paths)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout.readline().strip() == "started S0"
    child.send_signal(signal.SIGTERM)
    output, _ = child.communicate("\n", timeout=120)
    assert child.returncode == 0
    assert json.loads(output.strip().splitlines()[-1]) == [
        ["S0", True, False],
        ["S1", False, True],
        ["S2", False, True],
    ]
    headers = [cell.value for cell in openpyxl.load_workbook(paths[0])["Мугалимдер"][1]]
    assert "Статус" in headers  # written whole: the file opens and carries the statuses
    assert [path.read_bytes() for path in paths[1:]] == before[1:]
