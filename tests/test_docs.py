"""Documentation stays true: every setting and every CLI command is in the README (Datasette's habit)."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from cagateway.cli import main
from cagateway.config import Settings

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(Settings.model_fields))
def test_every_setting_is_documented(name: str) -> None:
    assert f"CAGATEWAY_{name.upper()}" in README


def _commands(group: click.Group, prefix: str = "") -> list[str]:
    found = []
    for name, cmd in group.commands.items():
        path = f"{prefix}{name}"
        if isinstance(cmd, click.Group):
            found += _commands(cmd, path + " ")
        else:
            found.append(path)
    return found


@pytest.mark.parametrize("command", sorted(_commands(main)))
def test_every_command_is_in_the_readme_and_has_an_example(command: str) -> None:
    assert f"cagateway {command.split(maxsplit=1)[0]}" in README
    cmd: click.Command = main
    for part in command.split():
        assert isinstance(cmd, click.Group)
        cmd = cmd.commands[part]
    assert "Example:" in (cmd.help or ""), f"`cagateway {command} --help` has no example"


def test_ci_runs_the_readme_test_command() -> None:
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    last = [line for line in ci.splitlines() if line.strip() and not line.startswith(("#", "set ", "cd "))][-1]
    assert last.strip() in README
