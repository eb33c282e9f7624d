"""``python -m sheets_sync.emulator [--host H] [--port P] [--state-dir DIR] [--quiet]``."""

from __future__ import annotations

import argparse

from .server import serve


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m sheets_sync.emulator",
        description="Run a local Google Sheets API v4 emulator.",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--state-dir", default=None, help="keep spreadsheets as JSON files here")
    parser.add_argument("--quiet", action="store_true", help="do not log each request")
    options = parser.parse_args(argv)
    serve(options.host, options.port, options.state_dir, verbose=not options.quiet)


if __name__ == "__main__":
    main()
