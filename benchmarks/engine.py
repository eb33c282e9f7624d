"""The engine on the xlsx backend at growing sizes: time, peak memory, and two baselines.

Peak memory is the maximum resident set of a child process doing one first run (nothing else
in it), so it counts everything: the interpreter, the imports, the workbook and the engine.
"""

from __future__ import annotations

import contextlib
import cProfile
import gc
import io
import pstats
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import openpyxl
from pydantic import BaseModel, ValidationError

from jobs.methodical_work import JOB
from schemas.pd_courses import PD_COURSES
from schemas.teachers import TEACHERS
from sheets_sync.backends.xlsx import XlsxBackend
from sheets_sync.headers import map_headers
from sheets_sync.job import run
from sheets_sync.register import Register
from sheets_sync.snapshot import Tab, is_blank
from sheets_sync.validation import read_table

from .workbooks import AS_OF, build

ROOT = Path(__file__).resolve().parent.parent


class PlainTeacher(BaseModel):
    """The teachers register's fields with plain pydantic types and no cell readers."""

    id: str | None = None
    full_name: str
    position: str
    subject: str | None = None
    association: str | None = None
    education: str | None = None
    experience_start: date | None = None
    experience_years: float | None = None
    hired_on: date | None = None
    jd_acknowledged_on: date | None = None
    mentor: str | None = None
    council_member: bool | None = None


class PlainCourse(BaseModel):
    """The PD courses register's fields with plain pydantic types and no cell readers."""

    teacher: str
    title: str | None = None
    provider: str | None = None
    kind: str
    hours: float
    start: date | None = None
    end: date
    document_kind: str | None = None
    document_no: str | None = None
    submitted_on: date | None = None


PLAIN = {"teachers": PlainTeacher, "pd_courses": PlainCourse}
REPEATED_UP_TO = 100_000  # rows up to which the first run is timed twice


@dataclass(frozen=True)
class Size:
    rows: int
    first_run: float
    rerun: float
    validation: float
    bare_pydantic: float
    bare_openpyxl: float
    peak_mib: float | None


def _timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def _tabs(path: Path) -> dict[str, Tab]:
    snapshot = XlsxBackend(path).read()
    return dict(snapshot.tabs)


def _bare_validation(tab: Tab, register: Register) -> None:
    model = PLAIN[register.id]
    header = map_headers(tab, register)
    for row in range(header.row + 1, tab.height + 1):
        raw = {name: tab.value(row, column) for name, column in header.columns.items()}
        present = {
            name: value.date() if isinstance(value, datetime) else value
            for name, value in raw.items()
            if not is_blank(value)
        }
        if present:
            with contextlib.suppress(ValidationError):
                model.model_validate(present)


def validation_seconds(path: Path) -> tuple[float, float]:
    """The engine's validation of both registers, and bare pydantic over the same rows."""
    tabs = _tabs(path)
    pairs = [(tabs["Мугалимдер"], TEACHERS), (tabs["Квалификация"], PD_COURSES)]
    engine = _timed(lambda: [read_table(tab, register) for tab, register in pairs])
    bare = _timed(lambda: [_bare_validation(tab, register) for tab, register in pairs])
    return engine, bare


def bare_openpyxl(path: Path, out: Path) -> float:
    return _timed(lambda: openpyxl.load_workbook(path).save(out))


def peak_mib(path: Path) -> float:
    """Peak resident memory of a child process doing one first run on ``path``."""
    # VmHWM belongs to the child's own address space; ru_maxrss would also count the
    # forked copy of this (much larger) process from before exec.
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from benchmarks.engine import first_run; first_run(sys.argv[2]);"
        "print(next(line.split()[1] for line in open('/proc/self/status')"
        " if line.startswith('VmHWM:')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(ROOT), str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    return int(done.stdout.split()[-1]) / 1024  # Linux reports KiB


def first_run(path: str | Path) -> None:
    run(JOB, XlsxBackend(Path(path)), as_of=AS_OF)


def measure(folder: Path, rows: int, *, memory: bool = True) -> Size:
    # The emulator and district benches leave objects behind in this process; frozen, the
    # collector does not walk them during the timings, as it would not in a nightly process.
    gc.collect()
    gc.freeze()
    try:
        return _measure(folder, rows, memory=memory)
    finally:
        gc.unfreeze()


def _measure(folder: Path, rows: int, *, memory: bool) -> Size:
    pristine = folder / f"school-{rows}.xlsx"
    rows = build(pristine, rows)
    work = folder / f"run-{rows}.xlsx"
    shutil.copyfile(pristine, work)
    first = _timed(lambda: first_run(work))
    # The best of two is less noisy on a shared machine, and every size timed alike keeps
    # the 10k -> 100k ratio a ratio of like figures.
    if rows <= REPEATED_UP_TO:
        shutil.copyfile(pristine, work)
        first = min(first, _timed(lambda: first_run(work)))
    rerun = _timed(lambda: first_run(work))
    validation, bare = validation_seconds(pristine)
    plain = bare_openpyxl(pristine, folder / f"openpyxl-{rows}.xlsx")
    peak = None
    if memory:
        shutil.copyfile(pristine, work)
        peak = peak_mib(work)
    return Size(rows, first, rerun, validation, bare, plain, peak)


def profile(folder: Path, rows: int, top: int = 15) -> tuple[list[tuple], list[tuple], float]:
    """A cProfile of one first run: the top functions by own time, and own time per module."""
    path = folder / f"profile-{rows}.xlsx"
    build(path, rows)
    profiler = cProfile.Profile()
    profiler.enable()
    first_run(path)
    profiler.disable()
    stats = pstats.Stats(profiler, stream=io.StringIO())
    total = stats.total_tt  # type: ignore[attr-defined]
    entries = stats.stats  # type: ignore[attr-defined]
    functions = sorted(
        (
            (tt, ct, calls, _where(file, line, name))
            for (file, line, name), (_, calls, tt, ct, _) in entries.items()
        ),
        reverse=True,
    )[:top]
    modules: dict[str, float] = {}
    for (file, _line, _name), (_, _calls, tt, _ct, _) in entries.items():
        modules[_module(file)] = modules.get(_module(file), 0.0) + tt
    by_module = sorted(((tt, name) for name, tt in modules.items()), reverse=True)
    return functions, by_module, total


def _short(file: str) -> str:
    for marker in ("site-packages/", "/lib/python3", str(ROOT) + "/"):
        if marker in file:
            tail = file.split(marker, 1)[1]
            return tail.split("/", 1)[1] if marker == "/lib/python3" and "/" in tail else tail
    return file


def _where(file: str, line: int, name: str) -> str:
    return f"{_short(file)}:{line} {name}" if line else name


def _module(file: str) -> str:
    short = _short(file)
    if short.startswith("~") or short.startswith("<"):
        return "builtins (C: str, dict, re, zip ...)"
    parts = short.split("/")
    if parts[0] in ("sheets_sync", "schemas", "jobs", "benchmarks"):
        return short
    return parts[0].removesuffix(".py")
