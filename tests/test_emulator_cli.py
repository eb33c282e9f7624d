"""`sheets-sync emulator`: the whole Google path tried offline, from the command line only."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from schemas.samples import SAMPLE_WORKBOOK
from sheets_sync.cli import main
from sheets_sync.emulator import Emulator

SCRIPT = Path(sys.executable).parent / "sheets-sync"


def test_seeded_emulator_serves_the_demo_school_to_sheets_sync_run(tmp_path):
    server = subprocess.Popen(
        [
            str(SCRIPT),
            "emulator",
            "--port",
            "0",
            "--seed",
            str(SAMPLE_WORKBOOK),
            "--language",
            "en",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        command = None
        for line in server.stdout:
            found = re.search(r"loaded: (sheets-sync run .*)$", line)
            if found:
                command = found.group(1).split()[1:]
                break
        assert command, "the emulator did not print a spreadsheet to run on"
        first = CliRunner().invoke(main, [*command, "--as-of", "2026-11-21"])
        again = CliRunner().invoke(main, [*command, "--as-of", "2026-11-21"])
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert first.exit_code == 0, first.output
    assert "Жаңыланган уячалар" in first.output and "Мугалимдер: 48 сап" in first.output
    assert again.exit_code == 0 and "Өзгөртүү жок" in again.output


def test_busy_port_is_one_clear_line(tmp_path):
    with Emulator() as busy:
        result = CliRunner().invoke(
            main, ["emulator", "--port", str(busy.port), "--language", "en"]
        )
    assert result.exit_code == 2
    assert f"cannot listen on 127.0.0.1:{busy.port}" in result.output
    assert "Traceback" not in result.output
