"""A job over many schools: bounded concurrency, one quota pacer per service account, and one
broken school never stopping the others.

    definition = JobDefinition("nightly", JOB, at=("02:00",))
    runs = run_district(definition, settings.all_schools(), stop=threading.Event())
    [run.ok for run in runs]

``stop`` set meanwhile (SIGTERM) lets the workbooks in hand finish and starts no other.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .changes import AddTab, ChangeSet, SetCell
from .errors import SheetsRetriesExhausted, SheetsSyncError
from .job import Job, RunResult, run
from .pacer import QuotaPacer
from .settings import School
from .snapshot import Snapshot

SUMMARY_MARK = "summary_"  # the start of every summary tab's mark key (see summaries.py)


@dataclass(frozen=True)
class JobDefinition:
    """What to run (the engine job), what it may write, and when by default."""

    name: str
    job: Job
    at: tuple[str, ...] = ()
    summaries_only: bool = False
    description: str = ""


@dataclass
class SchoolRun:
    school: str
    result: RunResult | None = None
    error: str | None = None
    seconds: float = 0.0
    skipped: bool = False

    @property
    def ok(self) -> bool:
        return not self.skipped and self.error is None and bool(self.result and self.result.ok)

    @property
    def findings(self) -> int:
        return len(self.result.findings()) if self.result else 0

    @property
    def writes(self) -> int:
        if not self.result or not self.result.applied:
            return 0
        return sum(isinstance(change, SetCell) for change in self.result.changes)


@dataclass
class Pacers:
    """One pacer per service account key, shared by every school using that key."""

    reads_per_minute: int = 60
    writes_per_minute: int = 60
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], object] = time.sleep
    _by_key: dict[str, QuotaPacer] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def waiting(self) -> float:
        """The longest wait for quota in progress now, for a progress line."""
        with self._lock:
            pacers = list(self._by_key.values())
        return max((pacer.waiting for pacer in pacers), default=0.0)

    def for_key(self, key: str | None) -> QuotaPacer:
        with self._lock:
            return self._by_key.setdefault(
                key or "",
                QuotaPacer(
                    self.reads_per_minute,
                    self.writes_per_minute,
                    clock=self.clock,
                    sleep=self.sleep,
                ),
            )


class SummariesOnly:
    """A backend that passes on only the changes to the toolkit's summary tabs."""

    def __init__(self, backend: Any) -> None:
        self._backend = backend

    @property
    def source(self) -> str:
        return self._backend.source

    def read(self) -> Snapshot:
        return self._backend.read()

    def apply(self, snapshot: Snapshot, changes: ChangeSet) -> None:
        self._backend.apply(snapshot, summary_changes(snapshot, changes))


def summary_changes(snapshot: Snapshot, changes: ChangeSet) -> ChangeSet:
    """Only the changes to summary tabs: those the toolkit marked, and those this set adds."""
    ours = {tab.title for tab in snapshot if tab.mark and tab.mark.startswith(SUMMARY_MARK)}
    ours |= {change.title for change in changes if isinstance(change, AddTab)}
    kept = []
    for change in changes:
        tab = change.ref.tab if isinstance(change, SetCell) else getattr(change, "tab", None)
        if isinstance(change, AddTab) or tab in ours:
            kept.append(change)
    return ChangeSet(tuple(kept))


def backend_for(school: School, pacers: Pacers | None = None, **options: Any) -> Any:
    if school.is_xlsx:
        from .backends.xlsx import XlsxBackend

        return XlsxBackend(school.workbook)
    from .backends.google import GoogleSheetsBackend

    if pacers is not None:
        options["before_call"] = pacers.for_key(school.credentials)
    return GoogleSheetsBackend(
        school.workbook, credentials=school.credentials, endpoint=school.endpoint, **options
    )


def run_district(
    definition: JobDefinition,
    schools: Sequence[School],
    *,
    stop: threading.Event | None = None,
    concurrency: int = 4,
    pacers: Pacers | None = None,
    now: datetime | None = None,
    dry_run: bool = False,
    on_start: Callable[[int, int, School], None] = lambda n, total, school: None,
    on_done: Callable[[int, int, School, SchoolRun], None] = lambda n, total, school, run: None,
    backend_options: dict[str, Any] | None = None,
) -> list[SchoolRun]:
    stop = threading.Event() if stop is None else stop  # a StopFlag not yet set is falsy
    total = len(schools)

    def one(number: int, school: School) -> SchoolRun:
        if stop.is_set():
            return SchoolRun(school.name, skipped=True)
        on_start(number, total, school)
        started = time.monotonic()
        outcome = SchoolRun(school.name)
        try:
            backend = backend_for(school, pacers, **(backend_options or {}))
            if definition.summaries_only:
                backend = SummariesOnly(backend)
            outcome.result = run(
                definition.job,
                backend,
                as_of=school.today(now),
                language=school.language,
                policy=school.policy,
                dry_run=dry_run,
                school=school.name if school.name != school.workbook else None,
            )
        except SheetsSyncError as error:
            outcome.result = RunResult(school.workbook, error=error)
            outcome.error = error.code
        except Exception as error:  # one broken school never stops the others
            outcome.error = f"{type(error).__name__}: {error}"
        outcome.seconds = time.monotonic() - started
        on_done(number, total, school, outcome)
        return outcome

    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        runs = list(pool.map(one, range(1, total + 1), schools))
    # A school whose calls kept failing through every retry gets one more turn after the
    # others: by then a passing outage is often over, and the night's work gets done.
    for index, outcome in enumerate(runs):
        if outcome.error == SheetsRetriesExhausted.code and not stop.is_set():
            runs[index] = one(index + 1, schools[index])
    return runs
