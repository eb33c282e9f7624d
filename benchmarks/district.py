"""A district of schools on the emulator under Google's per-minute quotas, on a simulated clock.

Calls are paced by the toolkit's own quota pacer (``sheets_sync.pacer.QuotaPacer``, as a
district job uses it) through the Google backend's ``before_call`` seam. Waiting moves the
simulated clock instead of sleeping; the emulator's quota reads the same clock, so a call sent
too early would meet a real 429.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path

from jobs.methodical_work import JOB
from sheets_sync.backends.google import GoogleSheetsBackend
from sheets_sync.emulator import Emulator
from sheets_sync.job import run
from sheets_sync.pacer import QuotaPacer

from .calls import QUOTA_PER_MINUTE
from .workbooks import AS_OF, xlsx_tabs


class SimulatedClock:
    """Real elapsed seconds plus every simulated wait."""

    def __init__(self) -> None:
        self._started = time.perf_counter()
        self._skipped = 0.0
        self._lock = threading.Lock()

    def now(self) -> float:
        with self._lock:
            return time.perf_counter() - self._started + self._skipped

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self._skipped += max(0.0, seconds)

    @property
    def waited(self) -> float:
        return self._skipped


@dataclass(frozen=True)
class DistrictRun:
    schools: int
    failed: int
    reads: int
    writes: int
    too_many: int
    minutes: float
    windows: int
    wall_seconds: float

    def per_minute(self, calls: int) -> float:
        """Calls per quota minute the run touched."""
        return calls / self.windows

    def share_of_quota(self) -> float:
        """Busiest kind's calls against what its quota allows in the quota minutes the run
        touched (Google counts in whole minutes, so elapsed minutes alone would flatter it)."""
        return max(self.reads, self.writes) / (self.windows * QUOTA_PER_MINUTE)


def district(workbook: Path, schools: int) -> DistrictRun:
    tabs = xlsx_tabs(workbook)
    clock = SimulatedClock()
    budget = QuotaPacer(QUOTA_PER_MINUTE, QUOTA_PER_MINUTE, clock=clock.now, sleep=clock.sleep)
    with Emulator() as emu:
        ids = [emu.create_spreadsheet(f"school {n}", tabs=tabs) for n in range(schools)]
        emu.quota(QUOTA_PER_MINUTE, QUOTA_PER_MINUTE, clock=clock.now)
        emu.clear_log()
        clock.sleep(60 - clock.now() % 60)  # start on a quota minute, as a nightly job would
        started, begun = time.perf_counter(), clock.now()
        failed = 0
        for sid in ids:
            backend = GoogleSheetsBackend(
                sid,
                credentials="none",
                endpoint=emu.url,
                before_call=budget,
                sleep=clock.sleep,
                clock=clock.now,
            )
            failed += not run(JOB, backend, as_of=AS_OF).ok
        ended = clock.now()
        minutes = (ended - begun) / 60
        windows = int(ended // 60) - int(begun // 60) + 1
        wall = time.perf_counter() - started
        sheets = [entry for entry in emu.requests if entry.path.startswith("/v4/")]
    return DistrictRun(
        schools=schools,
        failed=failed,
        reads=sum(entry.method == "GET" for entry in sheets),
        writes=sum(entry.method != "GET" for entry in sheets),
        too_many=sum(entry.status == 429 for entry in sheets),
        minutes=minutes,
        windows=windows,
        wall_seconds=wall,
    )
