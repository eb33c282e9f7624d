"""docs/benchmarks.md from the measurements: every figure beside its target."""

from __future__ import annotations

from .calls import DISTRICT, Calls
from .district import DistrictRun
from .engine import Size

Profile = tuple[list[tuple], list[tuple], float]


def _met(ok: bool) -> str:
    return "**met**" if ok else "**not met**"


def _duration(minutes: float) -> str:
    if minutes < 1:
        return f"{minutes * 60:.0f} s"
    if minutes < 120:
        return f"{minutes:.1f} min"
    if minutes < 48 * 60:
        return f"{minutes / 60:.1f} h"
    return f"{minutes / 1440:.1f} days"


def _calls(school: list[Calls]) -> list[str]:
    first, rerun, naive, rewrite = school
    lines = [
        "## 1. API calls for one school (Sheets emulator)",
        "",
        "The sample school (`schemas/samples/school.xlsx`) seeded into the emulator; each "
        "script starts from a fresh copy and leaves the status cells the toolkit leaves. The "
        "naive script writes only the status cells of the register tabs (no summary tabs); "
        "the rewrite script writes every tab whole, summary tabs included. Request bytes are "
        "request line, headers and body as the emulator received them. The time under quota "
        f"is the least the calls need at Google's {calls_quota()} reads and {calls_quota()} "
        "writes per minute per user (the busier kind sets the pace).",
        "",
        "| script | reads | writes | calls | request bytes | wall time | under quota: 1 school "
        f"| {DISTRICT:,} schools |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in school:
        lines.append(
            f"| {row.name} | {row.reads} | {row.writes} | {row.total} | {row.request_bytes:,} "
            f"| {row.seconds:.2f} s | {_duration(row.quota_minutes())} "
            f"| {_duration(row.quota_minutes(DISTRICT))} |"
        )
    lines += [
        "",
        f"Ratios to the toolkit's first run: the naive script makes "
        f"{naive.total / first.total:.0f}× the calls and "
        f"{naive.request_bytes / first.request_bytes:.1f}× "
        f"the bytes, in {naive.seconds / first.seconds:.1f}× the wall time; the rewrite script "
        f"{rewrite.total / first.total:.0f}× the calls and "
        f"{rewrite.request_bytes / first.request_bytes:.1f}× the bytes. Nightly, an unchanged "
        f"school costs the toolkit {rerun.total} call while both scripts pay their full price "
        f"again ({naive.total / rerun.total:.0f}× and {rewrite.total / rerun.total:.0f}×).",
        "",
        f"- Target: a changed school ≤ 3 calls — {first.total} — {_met(first.total <= 3)}.",
        f"- Target: an unchanged school 1 call — {rerun.total} — {_met(rerun.total == 1)}.",
        "",
    ]
    return lines


def calls_quota() -> int:
    from .calls import QUOTA_PER_MINUTE

    return QUOTA_PER_MINUTE


def _engine(sizes: list[Size], skipped: list[int]) -> list[str]:
    lines = [
        "## 2. Engine on the xlsx backend",
        "",
        "Synthetic schools: a quarter of the rows teachers, three PD course rows per teacher "
        "(`benchmarks/workbooks.py`). First run (the best of two, each on a fresh copy) "
        "writes every status cell and both summary tabs; the rerun finds nothing to write. "
        "Validation is the engine's `read_table` of "
        "both registers on the read snapshot; bare pydantic validates the same cells, read "
        "the same way, with plain models of the same fields (`str`, `date`, `float`, no cell "
        "readers). Bare openpyxl is `load_workbook` + `save` of the same file. Peak memory "
        "is the maximum resident set of a child process doing one first run.",
        "",
        "| rows | first run | rows/s | rerun | validation | bare pydantic | ratio "
        "| bare openpyxl | run / openpyxl | peak RSS |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size in sizes:
        peak = f"{size.peak_mib:.0f} MiB" if size.peak_mib is not None else "—"
        lines.append(
            f"| {size.rows:,} | {size.first_run:.2f} s | {size.rows / size.first_run:,.0f} "
            f"| {size.rerun:.2f} s | {size.validation:.3f} s | {size.bare_pydantic:.3f} s "
            f"| {size.validation / size.bare_pydantic:.2f}× | {size.bare_openpyxl:.2f} s "
            f"| {size.first_run / size.bare_openpyxl:.2f}× | {peak} |"
        )
    lines.append("")
    if skipped:
        lines += [
            f"Not measured: {', '.join(f'{n:,}' for n in skipped)} rows — at the rate of the "
            "size before, it would not have fitted the 10-minute budget of `make bench`.",
            "",
        ]
    by_rows = {size.rows: size for size in sizes}
    worst_validation = max(sizes, key=lambda s: s.validation / s.bare_pydantic)
    worst_xlsx = max(sizes, key=lambda s: s.first_run / s.bare_openpyxl)
    ratio = worst_validation.validation / worst_validation.bare_pydantic
    xlsx = worst_xlsx.first_run / worst_xlsx.bare_openpyxl
    lines += [
        f"- Target: validation ≤ 1.5× bare pydantic — worst {ratio:.2f}× "
        f"(at {worst_validation.rows:,} rows) — {_met(ratio <= 1.5)}.",
        f"- Target: an xlsx run no slower than bare openpyxl load + save — worst {xlsx:.2f}× "
        f"(at {worst_xlsx.rows:,} rows) — {_met(xlsx <= 1.0)}.",
    ]
    small, large = by_rows.get(10_000), by_rows.get(100_000)
    if small and large:
        growth = large.first_run / small.first_run
        lines.append(
            f"- Target: 10k → 100k time ≤ 10.5× (linear is 10) — {growth:.2f}× — "
            f"{_met(growth <= 10.5)}."
        )
    else:
        lines.append("- Target: 10k → 100k time ≤ 10.5× — not measured (no 100k run).")
    if large and large.peak_mib is not None:
        lines.append(
            f"- Target: peak memory at 100k rows ≤ 400 MiB — {large.peak_mib:.0f} MiB — "
            f"{_met(large.peak_mib <= 400)}."
        )
    else:
        lines.append("- Target: peak memory at 100k rows ≤ 400 MiB — not measured.")
    lines.append("")
    return lines


def _district(town: DistrictRun) -> list[str]:
    share = town.share_of_quota()
    return [
        f"## 3. A district of {town.schools} schools under Google's quota",
        "",
        "Every school is a fresh copy of the sample school on one emulator whose quota is "
        f"{calls_quota()} reads and {calls_quota()} writes per minute, counted on a simulated "
        "clock (real elapsed time plus simulated waits). The calls are paced by the toolkit's "
        "own quota pacer (`sheets_sync/pacer.py`) through the Google backend's `before_call` "
        "seam, as a district job paces them; the schools run one after another.",
        "",
        "| schools | failed | reads | writes | simulated minutes | quota minutes touched "
        "| reads per quota minute | writes per quota minute | 429s met | wall time |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| {town.schools} | {town.failed} | {town.reads} | {town.writes} | {town.minutes:.2f} "
        f"| {town.windows} | {town.per_minute(town.reads):.1f} | "
        f"{town.per_minute(town.writes):.1f} | {town.too_many} | {town.wall_seconds:.0f} s |",
        "",
        f"- Target: ≥ 90% of the quota — {share:.0%} of the busier kind's quota over the "
        f"quota minutes the run touched — {_met(share >= 0.9)}.",
        f"- Target: 0 429s — {town.too_many} — {_met(town.too_many == 0)}.",
        "",
    ]


_GROUPS = (
    ("xlsx backend (read, patch, refs, package)", ("sheets_sync/backends/xlsx",)),
    (
        "validation (validation, fields, pydantic)",
        ("sheets_sync/validation", "sheets_sync/fields", "pydantic", "pydantic_core"),
    ),
    ("rules and summaries (schemas/)", ("schemas/",)),
    ("messages and findings", ("sheets_sync/messages", "sheets_sync/findings")),
    ("status columns and change set", ("sheets_sync/statuses", "sheets_sync/changes")),
    ("openpyxl", ("openpyxl",)),
    ("lxml, zlib, zipfile", ("lxml", "zipfile", "zlib")),
    ("C built-ins (str, dict, re, isinstance ...)", ("builtins (C: str, dict, re, zip ...)",)),
    ("str.format and the standard library", ("string", "re", "datetime", "tomllib")),
)


def _within(module: str, part: str) -> bool:
    return module.startswith(part) if "/" in part else module == part


def _profile(profile: Profile, rows: int) -> list[str]:
    functions, modules, total = profile
    groups: dict[str, float] = {}
    for seconds, name in modules:
        label = next(
            (label for label, prefixes in _GROUPS if any(_within(name, p) for p in prefixes)),
            "everything else",
        )
        groups[label] = groups.get(label, 0.0) + seconds
    lines = [
        f"## Where the time goes (cProfile, first run, {rows:,} rows, xlsx)",
        "",
        f"Profiled total {total:.2f} s (profiling slows pure-Python code most). Own time by part:",
        "",
        "| part | own time | share |",
        "|---|---:|---:|",
    ]
    for label, seconds in sorted(groups.items(), key=lambda item: -item[1]):
        lines.append(f"| {label} | {seconds:.2f} s | {seconds / total:.0%} |")
    by_name = {where: (own, cumulative, count) for own, cumulative, count, where in functions}
    lines += ["", *_reading(groups, by_name, total, rows)]
    lines += [
        "",
        "Top functions by own time:",
        "",
        "| own time | with callees | calls | function |",
        "|---:|---:|---:|---|",
    ]
    for own, cumulative, count, where in functions:
        lines.append(f"| {own:.2f} s | {cumulative:.2f} s | {count:,} | `{where}` |")
    lines.append("")
    return lines


def _reading(
    groups: dict[str, float], by_name: dict[str, tuple[float, float, int]], total: float, rows: int
) -> list[str]:
    """Where the time goes, in words, from the figures of this profile."""
    backend = groups.get(_GROUPS[0][0], 0.0)
    said = [
        f"- The xlsx backend's own Python is {backend / total:.0%} of the run and openpyxl "
        f"{groups.get('openpyxl', 0.0) / total:.0%}: the patching writer no longer loads the "
        "workbook for writing, so what is left is the backend reading every cell and patching "
        "every row it writes, cell by cell, in Python.",
    ]
    for where, (_own, cumulative, count) in by_name.items():
        if where.endswith(" parse_xml"):
            said.append(
                f"- `{where}` runs {count:,} times for {rows:,} rows ({cumulative:.2f} s): "
                "each patched row is parsed as its own XML fragment."
            )
        if where.endswith(" split_reference"):
            said.append(
                f"- `{where}` runs {count:,} times ({cumulative:.2f} s with callees): every "
                "cell reference is split by a regular expression, read and patch alike."
            )
        if where.endswith(" finding"):
            said.append(
                f"- `{where}` ({cumulative:.2f} s, {count:,} calls): each distinct message "
                "is rendered once a run, from its catalog template split once; rows with the "
                "same finding share it."
            )
    validation = groups.get(_GROUPS[1][0], 0.0)
    said.append(
        f"- Validation is {validation / total:.0%} of the run. A run reads, validates, "
        "plans and writes with the cyclic collector paused (`sheets_sync/collector.py`): "
        "what it builds holds no cycles, and a collector walking every row, record and "
        "change built so far, again and again, is what made a 100,000-row run grow faster "
        "than its rows."
    )
    return said


def render(
    school: list[Calls],
    town: DistrictRun,
    sizes: list[Size],
    skipped: list[int],
    profile: Profile,
    machine: dict[str, str],
    profile_rows: int = 10_000,
) -> str:
    lines = [
        "# Benchmarks",
        "",
        "Generated by `make bench` (`benchmarks/bench.py`); do not edit by hand. Figures are "
        "from one run on the machine below, which other work may have shared.",
        "",
        "| machine | |",
        "|---|---|",
        *(f"| {key} | {value} |" for key, value in machine.items()),
        "",
    ]
    lines += _calls(school)
    lines += _engine(sizes, skipped)
    lines += _district(town)
    lines += _profile(profile, profile_rows)
    return "\n".join(lines) + "\n"
