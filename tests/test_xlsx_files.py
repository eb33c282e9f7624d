"""Putting the new workbook on disk: other programs' saves, root, links, signals, kills.

Each test runs the real backend on a real file; races and kills use real processes, stopped at
a known step by a pause the child process puts in itself (it says "ready" on stdout and waits).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import openpyxl
import pytest

from sheets_sync.backends import xlsx_files
from sheets_sync.backends.xlsx import TEMP_PREFIX, XlsxBackend
from sheets_sync.changes import CellRef, ChangeSet, SetCell
from sheets_sync.errors import (
    WorkbookHardLinked,
    WorkbookReadOnly,
    WorkbookSavedMeanwhile,
)

as_root = pytest.mark.skipif(os.geteuid() != 0, reason="needs root (the nightly job's user)")


def workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    book.active.append(["Аты-жөнү", "Категория"])
    book.active.append(["Асанова", "жогорку"])
    book.save(path)
    return path


def status(value: str = "✔") -> ChangeSet:
    return ChangeSet((SetCell(CellRef("Sheet", 2, 5), value),))


def leftovers(folder: Path) -> list[str]:
    return sorted(entry.name for entry in folder.iterdir() if entry.name.startswith(TEMP_PREFIX))


def someone_saves(path: Path, data: bytes) -> None:
    """Another program saves the way Excel and LibreOffice do: a new file renamed over."""
    code = textwrap.dedent(
        """
        import os, sys
        path, data = sys.argv[1], sys.stdin.buffer.read()
        with open(path + ".their-tmp", "wb") as handle:
            handle.write(data)
        os.replace(path + ".their-tmp", path)
        """
    )
    subprocess.run([sys.executable, "-c", code, str(path)], input=data, check=True)


# -- another program's save ------------------------------------------------------------------


def test_a_save_by_another_program_during_the_replace_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = workbook(tmp_path / "register.xlsx")
    theirs = workbook(tmp_path / "theirs.xlsx").read_bytes() + b"their edit"
    backend = XlsxBackend(path)
    snapshot = backend.read()
    check = xlsx_files._digest

    def check_while_they_save(stash: Path) -> str:
        # The last moment: our check of the old bytes passes, then they save.
        result = check(stash)
        someone_saves(path, theirs)
        return result

    monkeypatch.setattr(xlsx_files, "_digest", check_while_they_save)

    with pytest.raises(WorkbookSavedMeanwhile) as raised:
        backend.apply(snapshot, status())

    assert raised.value.params == {"path": str(path)}
    assert path.read_bytes() == theirs
    assert leftovers(tmp_path) == []


def test_a_save_by_another_program_before_the_check_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sheets_sync.errors import WorkbookChanged

    path = workbook(tmp_path / "register.xlsx")
    backend = XlsxBackend(path)
    snapshot = backend.read()
    theirs = path.read_bytes() + b"their edit"  # any other bytes
    write_temp = xlsx_files._write_temp

    def write_while_they_save(*args: object) -> None:
        write_temp(*args)  # type: ignore[arg-type]
        someone_saves(path, theirs)

    monkeypatch.setattr(xlsx_files, "_write_temp", write_while_they_save)

    with pytest.raises(WorkbookChanged):
        backend.apply(snapshot, status())

    assert path.read_bytes() == theirs
    assert leftovers(tmp_path) == []


# -- root, modes, owners, links --------------------------------------------------------------


@as_root
def test_a_read_only_workbook_is_refused_even_for_root(tmp_path: Path) -> None:
    path = workbook(tmp_path / "register.xlsx")
    path.chmod(0o444)
    before = path.read_bytes()
    backend = XlsxBackend(path)

    with pytest.raises(WorkbookReadOnly):
        backend.apply(backend.read(), status())

    assert path.read_bytes() == before
    assert (path.stat().st_mode & 0o777) == 0o444
    assert leftovers(tmp_path) == []


@as_root
def test_a_staff_owned_workbook_keeps_its_owner_group_and_mode_when_root_writes_it(
    tmp_path: Path,
) -> None:
    path = workbook(tmp_path / "register.xlsx")
    os.chown(path, 65534, 65534)  # nobody:nogroup, standing for a member of staff
    path.chmod(0o664)
    backend = XlsxBackend(path)

    backend.apply(backend.read(), status())

    after = path.stat()
    assert (after.st_uid, after.st_gid, after.st_mode & 0o7777) == (65534, 65534, 0o664)
    assert XlsxBackend(path).read().tab("Sheet").value(2, 5) == "✔"


def test_a_workbook_the_user_may_not_write_is_refused(tmp_path: Path) -> None:
    path = workbook(tmp_path / "register.xlsx")
    path.chmod(0o400)
    backend = XlsxBackend(path)

    with pytest.raises(WorkbookReadOnly):
        backend.apply(backend.read(), status())

    assert leftovers(tmp_path) == []


def test_a_hard_linked_workbook_is_refused_and_both_names_stay_one_file(tmp_path: Path) -> None:
    path = workbook(tmp_path / "register.xlsx")
    other = tmp_path / "copy-for-the-director.xlsx"
    os.link(path, other)
    before = path.read_bytes()
    backend = XlsxBackend(path)

    with pytest.raises(WorkbookHardLinked) as raised:
        backend.apply(backend.read(), status())

    assert raised.value.params == {"path": str(path), "links": 2}
    assert path.read_bytes() == before and os.path.samefile(path, other)
    assert leftovers(tmp_path) == []


def test_a_symlinked_workbook_is_written_through_the_link(tmp_path: Path) -> None:
    real = workbook(tmp_path / "register.xlsx")
    link = tmp_path / "shortcut.xlsx"
    link.symlink_to(real)
    backend = XlsxBackend(link)

    backend.apply(backend.read(), status())

    assert link.is_symlink()
    assert XlsxBackend(real).read().tab("Sheet").value(2, 5) == "✔"


# -- signals and kills -----------------------------------------------------------------------

CHILD = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    from sheets_sync.backends import xlsx_files
    from sheets_sync.backends.xlsx import XlsxBackend
    from sheets_sync.changes import CellRef, ChangeSet, SetCell

    path, step = Path(sys.argv[1]), sys.argv[2]
    backend = XlsxBackend(path)
    snapshot = backend.read()

    def pause(*args, **kwargs):
        print("ready", flush=True)
        while True:
            time.sleep(3600)

    if step == "writing":
        xlsx_files.os.fsync = pause          # the new file half written
    else:
        xlsx_files._digest = pause           # the name taken away, the old bytes being checked
    backend.apply(snapshot, ChangeSet((SetCell(CellRef("Sheet", 2, 5), "✔"),)))
    """
)


def run_until(path: Path, step: str) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), step], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready"
    return child


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
@pytest.mark.parametrize("step", ["writing", "checking"])
def test_a_terminated_save_leaves_the_workbook_as_it_was_and_no_temp_file(
    tmp_path: Path, signum: int, step: str
) -> None:
    path = workbook(tmp_path / "register.xlsx")
    before = path.read_bytes()
    child = run_until(path, step)
    assert leftovers(tmp_path)  # the save is under way

    child.send_signal(signum)

    assert child.wait() == -signum  # ends as the signal asks, after cleaning up
    assert path.read_bytes() == before
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("step", ["writing", "checking"])
def test_a_killed_save_is_cleaned_up_by_the_next_run(tmp_path: Path, step: str) -> None:
    path = workbook(tmp_path / "register.xlsx")
    before = path.read_bytes()
    child = run_until(path, step)

    child.kill()
    child.wait()
    assert leftovers(tmp_path)  # kill -9: nothing could clean up

    snapshot = XlsxBackend(path).read()  # the next run

    assert path.read_bytes() == before  # put back if the kill took its name away
    assert leftovers(tmp_path) == []
    assert snapshot.tab("Sheet").value(2, 1) == "Асанова"


def test_the_next_run_leaves_the_files_of_a_live_run_alone(tmp_path: Path) -> None:
    path = workbook(tmp_path / "register.xlsx")
    child = run_until(path, "writing")
    try:
        found = leftovers(tmp_path)

        XlsxBackend(path).read()

        assert leftovers(tmp_path) == found
    finally:
        child.kill()
        child.wait()
        XlsxBackend(path).read()
