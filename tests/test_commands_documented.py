"""Every command the CLI offers is shown in the README, with --help that says what it does."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from sheets_sync.cli import main

README = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_is_shown_in_the_readme_and_has_help(name: str) -> None:
    assert f"sheets-sync {name}" in README
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0 and main.commands[name].get_short_help_str().strip()
