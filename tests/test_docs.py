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


def _sub(group: click.Group, name: str) -> click.Command:
    cmd = group.get_command(click.Context(group), name)
    assert cmd is not None, f"`{name}` is listed but cannot be loaded"
    return cmd


def _commands(group: click.Group, prefix: str = "") -> list[str]:
    found = []
    for name in group.list_commands(click.Context(group)):
        cmd, path = _sub(group, name), f"{prefix}{name}"
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
        cmd = _sub(cmd, part)
    assert "Example:" in (cmd.help or ""), f"`cagateway {command} --help` has no example"


def test_ci_runs_the_readme_test_command() -> None:
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    last = [line for line in ci.splitlines() if line.strip() and not line.startswith(("#", "set ", "cd "))][-1]
    assert last.strip() in README
