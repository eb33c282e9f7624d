"""One ``sheets-sync schedule`` at a time: an ``fcntl`` lock on a file that names its holder.

    with single_instance(Path("/run/sheets-sync/schedule.lock")):
        scheduler.loop(stop)

A second process gets ``AlreadyRunning`` with the holder's pid and start time; the lock goes
with the process, so a crashed holder never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path


class AlreadyRunning(Exception):
    def __init__(self, path: Path, holder: str) -> None:
        super().__init__(holder)
        self.path = path
        self.holder = holder


@contextmanager
def single_instance(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = path.open("a+", encoding="utf-8")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            raise AlreadyRunning(path, handle.read().strip() or "?") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}, since {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
        handle.flush()
        yield
    finally:
        handle.close()
