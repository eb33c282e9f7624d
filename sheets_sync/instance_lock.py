"""One scheduler at a time: an ``fcntl`` lock on a small file that says who holds it.

The lock is ``flock(LOCK_EX | LOCK_NB)`` on the open file, so the system lets it go the moment
the holder's process ends, however it ends (no stale lock after a crash or ``kill -9``). The
holder writes its pid and the time it took the lock into the file; a second scheduler reads
them to say who is running. The file itself is never removed: removing it while another
process waits on it would let two processes hold two different files.
"""

from __future__ import annotations

import fcntl
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from .errors import SheetsSyncError


class InstanceLocked(SheetsSyncError):
    """Another scheduler holds the lock."""

    code = "schedule-locked"
    exit_code = 6


class LockUnavailable(SheetsSyncError):
    """The lock file cannot be opened (no such folder, no permission)."""

    code = "schedule-lock-unavailable"
    exit_code = 2


class InstanceLock:
    """``with InstanceLock(path): ...`` holds the lock for the block, or raises
    ``InstanceLocked`` naming the holder."""

    def __init__(self, path: Path, now: datetime | None = None) -> None:
        self.path = Path(path)
        self._now = now
        self._descriptor: int | None = None

    def acquire(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:
            raise LockUnavailable(path=self.path, reason=error.strerror or error) from None
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(descriptor)
            os.close(descriptor)
            raise InstanceLocked(
                path=self.path, pid=holder.get("pid", "?"), since=holder.get("since", "?")
            ) from None
        since = (self._now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, json.dumps({"pid": os.getpid(), "since": since}).encode(), 0)
        os.fsync(descriptor)
        self._descriptor = descriptor

    def release(self) -> None:
        if self._descriptor is None:
            return
        os.ftruncate(self._descriptor, 0)
        os.close(self._descriptor)  # closing the last descriptor lets the lock go
        self._descriptor = None

    def __enter__(self) -> InstanceLock:
        self.acquire()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.release()


def _holder(descriptor: int) -> dict[str, Any]:
    """Who holds the lock, as the holder wrote it; empty while it is still writing."""
    try:
        data = json.loads(os.pread(descriptor, 4096, 0) or b"{}")
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
