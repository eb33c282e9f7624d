"""``make bench``: measure sheets-sync and regenerate docs/benchmarks.md.

    python benchmarks/bench.py                      # the full bench, under 10 minutes
    python benchmarks/bench.py --rows 200 --schools 3 --profile-rows 200 --out /tmp/b.md

Three parts: API calls for one school against the Sheets emulator beside two scripts users
write; the engine on the xlsx backend at growing sizes beside bare pydantic and bare openpyxl;
a district run under Google's per-minute quotas on a simulated clock. Each figure is printed
beside its target.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import calls, district, engine  # noqa: E402
from benchmarks.render import render  # noqa: E402
from schemas.samples import SAMPLE_WORKBOOK  # noqa: E402

BUDGET_SECONDS = 570  # the whole bench stays under 10 minutes
# A district school costs about this many times one school's first run in section 1 (the
# pacer, a fresh copy per school, the emulator shared by all).
DISTRICT_PER_FIRST_RUN = 1.2


def projected(last: tuple[int, float], rows: int) -> float:
    """Seconds a size will take, scaled by rows from the size before; that one ran its first
    run twice if it was small (``engine.REPEATED_UP_TO``), so one of its six runs is dropped."""
    last_rows, seconds = last
    scale = rows / last_rows
    if last_rows <= engine.REPEATED_UP_TO < rows:
        scale *= 5 / 6
    return seconds * scale


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="1000,10000,100000")
    parser.add_argument("--schools", type=int, default=200)
    parser.add_argument("--profile-rows", type=int, default=10_000)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    options = parser.parse_args(argv)
    started = time.perf_counter()
    load_before = os.getloadavg()[0]

    print("one school against the emulator ...", flush=True)
    school = calls.one_school(SAMPLE_WORKBOOK)
    # The district runs last and always; the engine's sizes take what its share leaves.
    district_reserve = options.schools * school[0].seconds * DISTRICT_PER_FIRST_RUN

    sizes: list[engine.Size] = []
    skipped: list[int] = []
    with tempfile.TemporaryDirectory() as folder:
        print(f"profile at {options.profile_rows} rows ...", flush=True)
        profile = engine.profile(Path(folder), options.profile_rows)
        last: tuple[int, float] | None = None
        for rows in (int(n) for n in options.rows.split(",")):
            elapsed = time.perf_counter() - started
            if last and elapsed + projected(last, rows) + district_reserve > BUDGET_SECONDS:
                skipped.append(rows)
                continue
            print(f"engine at {rows} rows ...", flush=True)
            began = time.perf_counter()
            sizes.append(engine.measure(Path(folder), rows))
            last = (rows, time.perf_counter() - began)
            print(f"  {last[1]:.0f} s", flush=True)

    print(f"district of {options.schools} schools ...", flush=True)
    town = district.district(SAMPLE_WORKBOOK, options.schools)

    machine = {
        "cores (nproc)": str(os.cpu_count()),
        "Python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()} {platform.machine()}",
        "bench wall time": f"{time.perf_counter() - started:.0f} s",
        # a shared machine's load moves single-run timings and their ratios
        "load average (1 min) at start / end": f"{load_before:.2f} / {os.getloadavg()[0]:.2f}",
    }
    text = render(school, town, sizes, skipped, profile, machine, options.profile_rows)
    options.out.parent.mkdir(parents=True, exist_ok=True)
    options.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
