"""Speed and memory of one run, at two sizes: ``make bench``.

Prints seconds and peak memory for a first run (everything written), a rerun (nothing to
write) and a dry run, per size, then the ratios that matter: how time grows with rows (1.0
means linear) and what a rerun costs next to a first run. The same workbook then goes through
the Google backend against the local Sheets emulator, with the API calls each run made: the
count stays fixed as rows grow (a write is split only past about 2 MB of request body).
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jobs.methodical_work import JOB  # noqa: E402
from sheets_sync.backends.xlsx import XlsxBackend  # noqa: E402
from sheets_sync.job import run  # noqa: E402

AS_OF = date(2026, 11, 21)
SIZES = (1_000, 4_000)  # teachers; each has three course rows
KINDS = ("квалификацияны жогорулатуу курсу", "семинар", "кесиптик кайра даярдоо")


def build(path: Path, teachers: int, seed: int = 8) -> int:
    rng = random.Random(seed)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Мугалимдер"
    sheet.append(
        [
            "ID",
            "Аты-жөнү",
            "Кызматы",
            "Билими",
            "Педстаж башталган күн",
            "Ишке кабыл алынган күн",
            "Кызматтык нускама менен таанышкан күн",
            "Насаатчы",
            "Телефон",
        ]
    )
    for number in range(teachers):
        start = date(1995, 9, 1) + timedelta(days=rng.randrange(11_000))
        sheet.append(
            [
                f"T{number}",
                f"Мугалим {number}",
                "мугалим",
                "жогорку кесиптик",
                start,
                start,
                start if rng.random() > 0.1 else None,
                None,
                f"+996 555 {number}",
            ]
        )
    courses = workbook.create_sheet("Квалификация")
    courses.append(
        [
            "Мугалим",
            "Курстун аталышы",
            "Түрү",
            "Саат",
            "Башталышы",
            "Аякташы",
            "Документ",
            "Документ №",
            "Документ тапшырылган күн",
        ]
    )
    for number in range(teachers * 3):
        end = date(2017, 1, 1) + timedelta(days=rng.randrange(3_600))
        courses.append(
            [
                f"Мугалим {number % teachers}",
                "Курс",
                rng.choice(KINDS),
                rng.choice((36, 72, 72, 520)),
                end - timedelta(days=10),
                end,
                "сертификат",
                str(number),
                end + timedelta(days=rng.randrange(60)),
            ]
        )
    workbook.save(path)
    return teachers * 4


def _pristine_copy(path: Path, pristine: bytes, folder: str) -> Path:
    copy = Path(folder) / f"pristine-{path.name}"
    copy.write_bytes(pristine)
    return copy


def _calls(calls: dict[str, int]) -> str:
    return f"API calls: {calls['reads']} reads, {calls['writes']} writes"


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def peak_mib(action: Callable[[], object]) -> float:
    """Peak Python allocations of a separate run (tracing slows it, so it is not timed)."""
    tracemalloc.start()
    action()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return peak


def google_calls(path: Path) -> tuple[float, float, dict[str, int], dict[str, int]]:
    """The same workbook in the Sheets emulator, checked twice through the Google backend:
    seconds and API calls (reads, writes) of the first run and of the rerun."""
    from datetime import datetime

    import openpyxl as xl

    from sheets_sync.backends.google import GoogleSheetsBackend
    from sheets_sync.emulator import Emulator

    workbook = xl.load_workbook(path, data_only=True)
    tabs = {
        sheet.title: [
            [v.date() if isinstance(v, datetime) else v for v in row]
            for row in sheet.iter_rows(values_only=True)
        ]
        for sheet in workbook.worksheets
    }
    outcome = []
    with Emulator() as emu:
        sid = emu.create_spreadsheet("bench", tabs=tabs)
        for _ in range(2):
            emu.clear_log()
            backend = GoogleSheetsBackend(sid, credentials="none", endpoint=emu.url)
            seconds = timed(lambda b=backend: run(JOB, b, as_of=AS_OF))
            sheets = [r for r in emu.requests if r.path.startswith("/v4/")]
            calls = {
                "reads": sum(r.method == "GET" for r in sheets),
                "writes": sum(r.method != "GET" for r in sheets),
            }
            outcome.append((seconds, calls))
    (first, first_calls), (rerun, rerun_calls) = outcome
    return first, rerun, first_calls, rerun_calls


def main() -> None:
    rows_by_size, first_by_size = {}, {}
    print(f"{'rows':>7} {'step':<10} {'seconds':>8} {'peak MiB':>9} {'µs/row':>8}")
    with tempfile.TemporaryDirectory() as folder:
        for teachers in SIZES:
            path = Path(folder) / f"school-{teachers}.xlsx"
            rows = build(path, teachers)
            steps = {
                "dry run": lambda p=path: run(JOB, XlsxBackend(p), as_of=AS_OF, dry_run=True),
                "first run": lambda p=path: run(JOB, XlsxBackend(p), as_of=AS_OF),
                "rerun": lambda p=path: run(JOB, XlsxBackend(p), as_of=AS_OF),
            }
            pristine = path.read_bytes()
            results = {}
            for name, action in steps.items():
                seconds = timed(action)
                results[name] = seconds
                if name == "first run":
                    after = path.read_bytes()
                    path.write_bytes(pristine)
                    peak = peak_mib(action)
                    path.write_bytes(after)
                else:
                    peak = peak_mib(action)
                print(
                    f"{rows:>7} {name:<10} {seconds:>8.2f} {peak:>9.1f} "
                    f"{seconds / rows * 1e6:>8.0f}"
                )
            rows_by_size[teachers], first_by_size[teachers] = rows, results
            google = google_calls(_pristine_copy(path, pristine, folder))
            first, rerun, first_calls, rerun_calls = google
            print(
                f"{rows:>7} {'google 1st':<10} {first:>8.2f} {'':>9} "
                f"{first / rows * 1e6:>8.0f}  {_calls(first_calls)}"
            )
            print(
                f"{rows:>7} {'google 2nd':<10} {rerun:>8.2f} {'':>9} "
                f"{rerun / rows * 1e6:>8.0f}  {_calls(rerun_calls)}"
            )
    small, large = SIZES
    growth = (first_by_size[large]["first run"] / first_by_size[small]["first run"]) / (
        rows_by_size[large] / rows_by_size[small]
    )
    print()
    print(f"time growth per row, {small} → {large} teachers: {growth:.2f} (1.00 = linear)")
    for teachers in SIZES:
        ratio = first_by_size[teachers]["rerun"] / first_by_size[teachers]["first run"]
        print(f"rerun / first run at {rows_by_size[teachers]} rows: {ratio:.2f}")


if __name__ == "__main__":
    main()
