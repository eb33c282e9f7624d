"""The small state file of the nightly schedule: the last run of every job and its outcome.

A JSON file written atomically (a temporary file beside it, then a rename), so a machine
switched off mid-write leaves the previous state, never half of one::

    state = State(Path("/var/lib/sheets-sync/state.json"))
    state.record("nightly", started=..., ok=True, schools={"Школа 5": "ok"})
    state.last("nightly")["started"]
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any


class State:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def load(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text("utf-8"))
        except (FileNotFoundError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def last(self, job: str) -> dict[str, Any] | None:
        return self.load().get(job)

    def last_start(self, job: str) -> datetime | None:
        entry = self.last(job)
        return datetime.fromisoformat(entry["started"]) if entry else None

    def record(
        self, job: str, *, started: datetime, ok: bool, schools: dict[str, str], **extra: Any
    ) -> None:
        data = self.load()
        data[job] = {"started": started.isoformat(), "ok": ok, "schools": schools, **extra}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".state-")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False, indent=1)
        os.replace(temporary, self.path)
