"""What ``run --job`` and ``schedule`` say while they work: one implementation for both.

Under cron or systemd (not a terminal) every school of a multi-school run gives one timestamped
line as it ends, and every run one line (job, schools, findings, writes, duration, failures),
plain ``key=value`` or, with ``--log-format json``, one JSON object a line::

    2026-12-01T20:00:41Z school=3/50 name="Мектеп 3" findings=12 writes=40 duration=1.2s
    2026-12-01T20:04:10Z job=nightly schools=50 findings=611 writes=2000 duration=250.4s failures=0

    log = RunLog("json", file=Path("/var/log/sheets-sync.log"))
    log.school(3, 50, "Мектеп 3", findings=12, writes=40, seconds=1.2, failure=None)
    log.run({"job": "nightly", "schools": 50, ...})

On a terminal, ``Progress`` keeps one line rewritten in place instead: school n of N and the
current wait for quota. Lines hold counts, school names and failure reasons only; names and
reasons pass through ``scrub``, so a spreadsheet address keeps neither a resource key in its
query nor a password or token before its host. A reader that went away (``… | head``) makes
the rest of the lines dropped quietly.
"""

from __future__ import annotations

import json
import os
import re
import sys
import threading
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

import click

from .messages import Catalog

FORMATS = ("plain", "json")
REFRESH = 1.0  # seconds between redraws of the progress line while a school waits for quota
_URL = re.compile(r"\b[a-z][a-z0-9+.-]*://[^\s«»\"'<>]+", re.IGNORECASE)


def log_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--log-format and --log-file, the same for ``run --job`` and ``schedule``."""
    command = click.option(
        "--log-file",
        type=click.Path(dir_okay=False, path_type=Path),
        metavar="FILE",
        help="Append the log lines to FILE instead of the console.",
    )(command)
    return click.option(
        "--log-format",
        type=click.Choice(FORMATS),
        default="plain",
        show_default=True,
        help="Log lines: timestamped key=value, or one JSON object a line (school lines "
        "and the run's line; a terminal shows a progress line instead of school lines).",
    )(command)


def scrub(text: str) -> str:
    """``text`` with every URL cut to scheme, host and path: no ``user:token@``, no query
    (a spreadsheet link may carry a resource key) and no fragment."""

    def short(found: re.Match[str]) -> str:
        url = found.group(0)
        scheme, _, rest = url.partition("://")
        rest = re.split(r"[?#]", rest, maxsplit=1)[0]
        host, slash, path = rest.partition("/")
        host = host.rpartition("@")[2]
        return f"{scheme}://{host}{slash}{path}"

    return _URL.sub(short, text)


def format_line(record: Mapping[str, Any], log_format: str) -> str:
    """One record as one line: a timestamp and ``key=value`` pairs, or a JSON object."""
    if log_format == "json":
        return json.dumps(dict(record), ensure_ascii=False)
    if record.get("event") == "rollup":
        where, error = _quoted(record["workbook"]), _quoted(record["error"])
        return f"{record['time']} rollup={where} error={error}"
    if record.get("event") == "school":
        parts = [
            record["time"],
            f"school={record['n']}/{record['total']}",
            f"name={_quoted(record['school'])}",
            f"findings={record['findings']}",
            f"writes={record['writes']}",
            f"duration={record['duration']}s",
        ]
        if record.get("failure"):
            parts.append(f"failure={_quoted(record['failure'])}")
        return " ".join(parts)
    parts = [
        record["time"],
        f"job={record['job']}",
        f"schools={record['schools']}",
        f"findings={record['findings']}",
        f"writes={record['writes']}",
        f"duration={record['duration']}s",
        f"failures={record['failures']}",
    ]
    if record.get("failed"):
        parts.append("failed=" + ",".join(_quoted(name) for name in record["failed"]))
    if record.get("interrupted"):
        parts.append("interrupted")
    if record.get("error"):
        parts.append(f"error={_quoted(record['error'])}")
    return " ".join(parts)


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class RunLog:
    """Where the log lines go: ``file`` (appended, kept open while the command runs) when
    given, else ``stream``. Every line is written whole and flushed at once."""

    def __init__(
        self,
        log_format: str = "plain",
        file: Path | None = None,
        *,
        stream: TextIO | None = None,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        if log_format not in FORMATS:
            raise ValueError(f"log format {log_format!r}: use one of {FORMATS}")
        self.log_format = log_format
        self.file = file
        self._stream = stream
        self._handle: TextIO | None = None
        self._now = now
        self._lock = threading.Lock()

    def _target(self) -> TextIO:
        if self.file is None:
            return self._stream or sys.stderr
        if self._handle is None:
            try:
                self.file.parent.mkdir(parents=True, exist_ok=True)
                self._handle = self.file.open("a", encoding="utf-8", buffering=1)
            except OSError as error:
                raise click.FileError(str(self.file), hint=error.strerror or str(error)) from None
        return self._handle

    def open(self) -> RunLog:
        """Open the log file now, so a wrong ``--log-file`` is said before anything runs."""
        self._target()
        return self

    def write(self, record: Mapping[str, Any]) -> str:
        """Write one record (its ``time`` is added when missing); returns the line."""
        given = record.get("time")
        # the scheduler's own clock says when its run ended; one form of time in every line
        moment = datetime.fromisoformat(given) if isinstance(given, str) else self._now()
        record = {**record, "time": stamp(moment)}
        line = format_line(record, self.log_format)
        with self._lock:
            write_line(self._target(), line)
        return line

    def school(
        self,
        number: int,
        total: int,
        name: str,
        *,
        findings: int,
        writes: int,
        seconds: float,
        failure: str | None,
    ) -> str:
        return self.write(
            {
                "event": "school",
                "n": number,
                "total": total,
                "school": scrub(name),
                "findings": findings,
                "writes": writes,
                "duration": round(seconds, 3),
                "failure": scrub(failure) if failure else None,
            }
        )

    def rollup_failed(self, workbook: str, error: str) -> str:
        """The roll-up could not be rebuilt; the schools' work is done all the same."""
        return self.write({"event": "rollup", "workbook": scrub(workbook), "error": scrub(error)})

    def run(self, record: Mapping[str, Any]) -> str:
        """The one line of a run, as the scheduler and ``run --job`` give it."""
        shown = dict(record)
        if shown.get("failed"):
            shown["failed"] = [scrub(name) for name in shown["failed"]]
        if shown.get("error"):
            shown["error"] = scrub(shown["error"])
        return self.write({"event": "run", **shown})

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None


def write_line(stream: TextIO, line: str) -> None:
    """Write and flush one line; a reader that went away drops this and every later line."""
    try:
        stream.write(line + "\n")
        stream.flush()
    except BrokenPipeError:
        _silence(stream)
    except OSError:
        pass  # a full disk never stops the night's work; the state and the report keep it


def _silence(stream: TextIO) -> None:
    # Point the descriptor at /dev/null so neither later lines nor the flush at exit fail.
    try:
        descriptor = stream.fileno()
    except (OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, descriptor)
    finally:
        os.close(devnull)


class Progress:
    """School n of N and the current wait for quota, one line rewritten in place on a
    terminal. ``waiting`` says the pacers' wait in progress (seconds, 0 when none); while it
    lasts, the line counts it down, redrawn by a thread every ``REFRESH`` seconds."""

    def __init__(
        self,
        catalog: Catalog,
        stream: TextIO,
        waiting: Callable[[], float],
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._catalog = catalog
        self._stream = stream
        self._waiting = waiting
        self._clock = clock
        self._current: tuple[int, int, str] | None = None
        self._wait_seen: tuple[float, float] = (0.0, 0.0)  # (wait, when first seen)
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, number: int, total: int, name: str) -> None:
        with self._lock:
            self._current = (number, total, scrub(name))
        self.draw()

    def wait_left(self) -> float:
        """The pacers' wait, less the time since it was first seen (it is set once per wait)."""
        wait = self._waiting()
        if wait <= 0:
            self._wait_seen = (0.0, 0.0)
            return 0.0
        if wait != self._wait_seen[0]:
            self._wait_seen = (wait, self._clock())
        return max(0.0, wait - (self._clock() - self._wait_seen[1]))

    def line(self) -> str:
        if self._current is None:
            return ""
        number, total, name = self._current
        return progress_line(self._catalog, number, total, name, self.wait_left())

    def draw(self) -> None:
        with self._lock:
            text = self.line()
            if text:
                try:
                    self._stream.write(f"\r{text}\x1b[K")
                    self._stream.flush()
                except BrokenPipeError:
                    _silence(self._stream)

    def __enter__(self) -> Progress:
        self._thread = threading.Thread(target=self._redraw, daemon=True)
        self._thread.start()
        return self

    def _redraw(self) -> None:
        while not self._done.wait(REFRESH):
            self.draw()

    def __exit__(self, *_exc: object) -> None:
        self._done.set()
        if self._thread is not None:
            self._thread.join()
        if self._current is not None:
            write_line(self._stream, "")


def progress_line(catalog: Catalog, number: int, total: int, school: str, wait: float) -> str:
    """School n of N and the current wait for quota, for a terminal."""
    waiting = catalog.text("nightly", "progress-wait", seconds=f"{wait:.0f}") if wait >= 1 else ""
    return catalog.text("nightly", "progress", n=number, total=total, school=school, wait=waiting)
