"""Putting a new version of a workbook on disk without ever losing someone else's save.

::

    sweep_stale(folder)                        # leftovers of runs that were killed
    check_replaceable(path, shown)             # read-only, hard-linked: refused
    replace_if_unchanged(path, data, revision=digest, shown=name)

The new bytes go to a temporary file beside the workbook (``.~sheets-sync-PID-XXXX.tmp``,
fsynced, given the original's mode, owner and group). Then, instead of renaming it over the
workbook after a last check (a save landing between check and rename would be lost):

1. the workbook's name is taken away: ``rename(workbook, stash)``; a program saving from now
   on creates a new file under the name, it cannot write into what is checked;
2. the stash is checked: still the bytes that were read (digest);
3. the new file gets the name with ``link(temp, workbook)``, which never replaces: if another
   program saved in the meantime the name exists, the link fails, and that program's file
   stays as it saved it;
4. the stash and the temporary name are removed.

Why this closes the window: a check followed by ``os.replace`` always leaves a moment in which
a save can land and then be overwritten. Here no such moment exists: before step 1 a save
changes the bytes step 2 checks; after step 1 a save creates the name, and step 3 refuses to
replace it. What is left is a program writing into the old file through a handle it opened
earlier; Excel and LibreOffice keep a lock file while they have a workbook open, and the
backend refuses to write while one is there. The name is missing for the microseconds between
steps 1 and 3 (a program opening the workbook right then is told it does not exist).

A hard-linked workbook is refused rather than written in place: writing into the shared inode
would lose both the atomic replace and the check above, and replacing it would leave the other
names on the old version.

A failure or SIGTERM/SIGHUP at any step puts the original back if the name is free and removes
the temporary file. A run killed outright (kill -9) leaves its files behind; the next run finds
them by the dead process id in their names: a stash is put back if the workbook's name is
missing (the kill came between steps 1 and 3), else deleted; a temporary file is deleted.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import secrets
import signal
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from ..errors import (
    SheetsSyncError,
    WorkbookChanged,
    WorkbookHardLinked,
    WorkbookReadOnly,
    WorkbookSavedMeanwhile,
    WorkbookSaveFailed,
)

__all__ = ["TEMP_PREFIX", "check_replaceable", "replace_if_unchanged", "sweep_stale"]

TEMP_PREFIX = ".~sheets-sync-"
_LEFTOVER = re.compile(re.escape(TEMP_PREFIX) + r"(\d+)-[0-9a-f]+(?:\.tmp|\.keep\.(.+))\Z")


class _Interrupted(BaseException):
    """SIGTERM or SIGHUP arrived during a save; raised so that cleanup runs, then re-sent."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def check_replaceable(path: Path, shown: str) -> os.stat_result | None:
    """The file's status, after refusing what must not be replaced; None for a new file."""
    try:
        status = path.stat()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise WorkbookSaveFailed(path=shown, reason=error.strerror or "stat failed") from error
    # The mode bits, not os.access: root passes os.access for any file, yet a file nobody may
    # write is someone's decision to keep it as it is.
    if not status.st_mode & 0o222 or (os.geteuid() != 0 and not os.access(path, os.W_OK)):
        raise WorkbookReadOnly(path=shown)
    if status.st_nlink > 1:
        raise WorkbookHardLinked(path=shown, links=status.st_nlink)
    return status


def replace_if_unchanged(
    path: Path, write: Callable[[IO[bytes]], None], *, revision: str | None, shown: str
) -> None:
    """Put what ``write`` writes in place of ``path``; with ``revision``, only over the bytes
    of that digest."""
    real = Path(os.path.realpath(path))
    status = check_replaceable(real, shown)
    token = f"{os.getpid()}-{secrets.token_hex(6)}"
    temp = real.parent / f"{TEMP_PREFIX}{token}.tmp"
    stash = real.parent / f"{TEMP_PREFIX}{token}.keep.{real.name}"
    moved = False
    with _signals_raise():
        try:
            _write_temp(temp, write, status)
            if status is None:
                _link_new(temp, real, shown)
            else:
                os.rename(real, stash)
                moved = True
                if revision is not None and _digest(stash) != revision:
                    raise WorkbookChanged(path=shown)
                _link_new(temp, real, shown)
                moved = False
                os.unlink(stash)
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)
        except BaseException as error:
            if moved:
                _put_back(stash, real)
            for leftover in (temp, stash):
                with contextlib.suppress(OSError):
                    os.unlink(leftover)
            if isinstance(error, SheetsSyncError | _Interrupted) or not isinstance(
                error, Exception
            ):
                raise
            reason = error.strerror if isinstance(error, OSError) else str(error)
            raise WorkbookSaveFailed(path=shown, reason=reason or type(error).__name__) from error
    _sync_folder(real.parent)


def sweep_stale(folder: Path) -> None:
    """Clean up after runs that were killed: put back a workbook whose name is missing."""
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            match = _LEFTOVER.match(entry.name)
            if match is None or _alive(int(match.group(1))):
                continue
            target = match.group(2)
            with contextlib.suppress(OSError):
                if target is not None and not (folder / target).exists():
                    os.link(entry.path, folder / target)
                os.unlink(entry.path)


def _write_temp(
    temp: Path, write: Callable[[IO[bytes]], None], status: os.stat_result | None
) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    descriptor = os.open(temp, flags, 0o600 if status is not None else 0o666)
    with os.fdopen(descriptor, "wb") as handle:
        write(handle)
        handle.flush()
        if status is not None:
            # Staff-owned files stay staff-owned when the nightly job runs as root.
            with contextlib.suppress(PermissionError):
                os.fchown(handle.fileno(), status.st_uid, status.st_gid)
            os.fchmod(handle.fileno(), stat.S_IMODE(status.st_mode))
        os.fsync(handle.fileno())


def _link_new(temp: Path, real: Path, shown: str) -> None:
    try:
        os.link(temp, real)
    except FileExistsError as error:
        raise WorkbookSavedMeanwhile(path=shown) from error
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP):
            raise
        # No hard links on this file system (FAT, some network shares): the no-replace
        # rename is the next best thing.
        _rename_no_replace(temp, real, shown)


def _rename_no_replace(temp: Path, real: Path, shown: str) -> None:
    if real.exists():
        raise WorkbookSavedMeanwhile(path=shown)
    os.rename(temp, real)


def _put_back(stash: Path, real: Path) -> None:
    with contextlib.suppress(OSError):
        with contextlib.suppress(FileExistsError):
            os.link(stash, real)  # only if nobody saved meanwhile
        os.unlink(stash)


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def _signals_raise() -> Iterator[None]:
    """SIGTERM and SIGHUP raise inside the block, so its cleanup runs; then they are re-sent."""
    previous: dict[int, object] = {}

    def interrupt(signum: int, _frame: object) -> None:
        raise _Interrupted(signum)

    try:
        for signum in (signal.SIGTERM, signal.SIGHUP):
            previous[signum] = signal.signal(signum, interrupt)
    except ValueError:  # not the main thread: signals cannot be handled here
        previous.clear()
    try:
        yield
    except _Interrupted as interrupted:
        _restore(previous)
        previous.clear()
        os.kill(os.getpid(), interrupted.signum)
        raise SystemExit(128 + interrupted.signum) from None
    finally:
        _restore(previous)


def _restore(previous: dict[int, object]) -> None:
    for signum, handler in previous.items():
        signal.signal(signum, handler)  # type: ignore[arg-type]


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError, AttributeError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
