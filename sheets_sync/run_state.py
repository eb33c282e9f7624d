"""The scheduler's state file: the last run of every job and its outcome, per school.

    {"version": 1,
     "jobs": {"nightly": {"watched_since": "2026-11-30T20:00:00+00:00",
                          "slot": "2026-11-30T20:00:00+00:00",
                          "started": "...", "finished": "...", "result": "ok",
                          "duration": 4.2, "findings": 12, "writes": 3, "failures": 0,
                          "error": null,
                          "schools": {"school.xlsx": {"at": "...", "findings": 12,
                                                      "writes": 3, "failure": null}}}}}

Times are UTC instants in ISO form. ``slot`` is the scheduled time the last run stood for (a
catch-up run stands for the latest slot it replaces), so "was this slot run?" never depends on
when the run actually started. A school keeps its last outcome even when a later run of the
job stopped before reaching it.

Every change is written whole to a temporary file beside the state file and moved over it
(``os.replace``), so a crash or a power cut leaves the old state or the new one, never half.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar

from .errors import SheetsSyncError

VERSION = 1


class StateUnreadable(SheetsSyncError):
    """The state file exists but is not a state file this version wrote."""

    code = "state-unreadable"
    exit_code = 2


@dataclass(frozen=True)
class SchoolOutcome:
    """What one run did to one school's workbook."""

    name: str
    findings: int = 0
    writes: int = 0
    failure: str | None = None


@dataclass(frozen=True)
class Outcome:
    """What one run of a job did: every school it reached, and whether it was cut short."""

    schools: tuple[SchoolOutcome, ...] = ()
    interrupted: bool = False

    @property
    def findings(self) -> int:
        return sum(school.findings for school in self.schools)

    @property
    def writes(self) -> int:
        return sum(school.writes for school in self.schools)

    @property
    def failures(self) -> int:
        return sum(1 for school in self.schools if school.failure)


@dataclass(frozen=True)
class JobRecord:
    """The state of one job as ``status`` shows it."""

    RESULTS: ClassVar[tuple[str, ...]] = ("ok", "failed", "interrupted", "error", "running")

    name: str
    watched_since: datetime | None
    slot: datetime | None
    started: datetime | None
    finished: datetime | None
    result: str | None
    duration: float | None
    findings: int
    writes: int
    failures: int
    error: str | None
    schools: dict[str, dict[str, Any]]


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def _moment(text: Any) -> datetime | None:
    return datetime.fromisoformat(text) if isinstance(text, str) else None


class RunState:
    """Read and update the state file at ``path`` (created on the first write)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._data = self._load()

    def _load(self) -> dict[str, Any]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {"version": VERSION, "jobs": {}}
        except OSError as error:
            raise StateUnreadable(path=self.path, reason=error.strerror or error) from None
        try:
            data = json.loads(text)
            if data.get("version") != VERSION or not isinstance(data.get("jobs"), dict):
                raise ValueError("not a sheets-sync state file")
            for entry in data["jobs"].values():
                for key in ("watched_since", "slot", "started", "finished"):
                    _moment(entry.get(key))
        except (ValueError, AttributeError, TypeError) as error:
            raise StateUnreadable(path=self.path, reason=str(error)) from None
        return data

    def _entry(self, job: str) -> dict[str, Any]:
        return self._data["jobs"].setdefault(job, {"schools": {}})

    def _save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w",
            encoding="utf-8",
            dir=self.path.parent,
            prefix=f".{self.path.name}.",
            suffix=".tmp",
            delete=False,
        ) as handle:
            temporary = Path(handle.name)
            try:
                json.dump(self._data, handle, ensure_ascii=False, indent=1)
                handle.flush()
                os.fsync(handle.fileno())
            except BaseException:
                temporary.unlink(missing_ok=True)
                raise
        try:
            os.replace(temporary, self.path)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        _sync_folder(self.path.parent)

    def watched_since(self, job: str) -> datetime | None:
        return _moment(self._data["jobs"].get(job, {}).get("watched_since"))

    def last_slot(self, job: str) -> datetime | None:
        return _moment(self._data["jobs"].get(job, {}).get("slot"))

    def watch(self, job: str, now: datetime) -> None:
        """Note that the scheduler keeps ``job`` from ``now`` on (kept from the first time)."""
        entry = self._entry(job)
        if entry.get("watched_since") is None:
            entry["watched_since"] = _stamp(now)
            self._save()

    def started(self, job: str, slot: datetime, now: datetime) -> None:
        """The run of ``slot`` begins: the slot counts as taken from here on, so a run that
        dies with the machine is not repeated at every start."""
        entry = self._entry(job)
        entry.update(
            slot=_stamp(slot), started=_stamp(now), finished=None, result="running", error=None
        )
        self._save()

    def finished(
        self, job: str, now: datetime, outcome: Outcome | None, error: str | None = None
    ) -> None:
        entry = self._entry(job)
        started = _moment(entry.get("started")) or now
        if outcome is None:
            result = "error"
        elif outcome.interrupted:
            result = "interrupted"
        else:
            result = "failed" if outcome.failures else "ok"
        outcome = outcome or Outcome()
        entry.update(
            finished=_stamp(now),
            result=result,
            duration=round((now - started).total_seconds(), 3),
            findings=outcome.findings,
            writes=outcome.writes,
            failures=outcome.failures,
            error=error,
        )
        schools = entry.setdefault("schools", {})
        for school in outcome.schools:
            schools[school.name] = {
                "at": _stamp(now),
                "findings": school.findings,
                "writes": school.writes,
                "failure": school.failure,
            }
        self._save()

    def records(self) -> Iterator[JobRecord]:
        for name, entry in sorted(self._data["jobs"].items()):
            yield JobRecord(
                name=name,
                watched_since=_moment(entry.get("watched_since")),
                slot=_moment(entry.get("slot")),
                started=_moment(entry.get("started")),
                finished=_moment(entry.get("finished")),
                result=entry.get("result"),
                duration=entry.get("duration"),
                findings=int(entry.get("findings") or 0),
                writes=int(entry.get("writes") or 0),
                failures=int(entry.get("failures") or 0),
                error=entry.get("error"),
                schools=dict(entry.get("schools") or {}),
            )


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (the folder's entry), where the system allows it."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
