"""One schedule at a time, proven with real processes holding a real lock."""

from __future__ import annotations

import subprocess
import sys
import textwrap

HOLD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from sheets_sync.instance import AlreadyRunning, single_instance
    try:
        with single_instance(Path(sys.argv[1])):
            print("holding", flush=True)
            sys.stdin.readline()
    except AlreadyRunning as error:
        print("refused:", error.holder, flush=True)
        sys.exit(9)
    """
)


def start(lock):
    return subprocess.Popen(
        [sys.executable, "-c", HOLD, str(lock)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def test_a_second_instance_is_refused_and_names_the_holder(tmp_path):
    lock = tmp_path / "schedule.lock"
    first = start(lock)
    assert first.stdout.readline().strip() == "holding"
    second = start(lock)
    output, _ = second.communicate(timeout=60)
    assert second.returncode == 9
    assert f"pid {first.pid}" in output
    first.communicate("\n", timeout=60)
    third = start(lock)  # the lock left with the first process
    assert third.stdout.readline().strip() == "holding"
    third.communicate("\n", timeout=60)
    assert third.returncode == 0
