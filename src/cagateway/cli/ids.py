"""``cagateway ids``: check national identifiers (BIN, INN, OGRN, USCC, VÖEN, VKN, ...) without a database."""

from __future__ import annotations

import sys

import click
from rich.console import Console

from cagateway.cli._common import emit, json_option
from cagateway.registry.identifiers import SCHEMES, IdentifierCheck, check_identifier

__all__ = ["command"]


@click.group("ids")
def command() -> None:
    """Check national identifiers of producers."""


def _render(console: Console, check: IdentifierCheck) -> None:
    verdict = "valid" if check.valid else "INVALID"
    # markup and highlighting off: the message repeats what the user typed, which may hold [brackets]
    console.print(f"{verdict} ({check.checksum}): {check.message}", markup=False, highlight=False, soft_wrap=True)


@command.command("check", epilog=f"Schemes: {', '.join(SCHEMES)}.")
@click.argument("scheme")
@click.argument("value")
@json_option
def check_cmd(scheme: str, value: str, as_json: bool) -> None:
    """Check VALUE against identifier SCHEME: its format and, where one is published, its check digit.

    SCHEME is case-insensitive, e.g. KZ-BIN, RU-INN, CN-USCC. Spaces, dots and dashes in VALUE are ignored.
    Exits with 0 when the value is valid, 1 when it is not; with --json, prints
    {"scheme", "valid", "normalised", "checksum", "message"} either way.

    \b
    Example:
        cagateway ids check KZ-BIN 940140000385
        cagateway ids check ru-inn "7707 083 893" --json
    """
    check = check_identifier(scheme, value)
    emit(check.as_dict(), as_json, lambda console: _render(console, check))
    if not check.valid:
        sys.exit(1)
