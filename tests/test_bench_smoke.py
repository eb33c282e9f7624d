"""`make bench` at a tiny size: the harness runs end to end and writes every section."""

from __future__ import annotations

import re

from benchmarks.bench import main


def test_the_bench_writes_every_section_with_its_figures_and_targets(tmp_path):
    out = tmp_path / "benchmarks.md"
    assert (
        main(["--rows", "40,80", "--schools", "2", "--profile-rows", "40", "--out", str(out)]) == 0
    )
    text = out.read_text(encoding="utf-8")
    for heading in (
        "## 1. API calls for one school",
        "## 2. Engine on the xlsx backend",
        "## 3. A district of 2 schools",
        "## Where the time goes",
    ):
        assert heading in text
    assert "| sheets-sync, first run | 2 | 1 | 3 |" in text
    assert "| sheets-sync, unchanged rerun | 1 | 0 | 1 |" in text
    assert re.search(r"^\| 40 \|.*MiB \|$", text, re.MULTILINE)
    assert re.search(r"^\| 2 \| 0 \| 4 \| 2 \|", text, re.MULTILINE)  # 2 schools, none failed
    assert "0 429s — 0 — **met**" in text
    assert text.count("**met**") + text.count("**not met**") >= 6
