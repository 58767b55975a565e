"""The ``cagateway`` command: one module per domain, each command a thin call into a domain service.

Commands are imported when they are used (:class:`LazyGroup`): ``cagateway ids check`` has no need of the web
app, the routing network's scipy or DuckDB, which made every command take two seconds to start.
"""

from __future__ import annotations

import importlib

import click

from cagateway import __version__
from cagateway.cli._common import AppContext
from cagateway.errors import ConfigurationError

__all__ = ["COMMANDS", "LazyGroup", "main"]

# Command name -> "module:attribute" of the click command.
COMMANDS = {
    "accounts": "cagateway.cli.accounts:command",
    "batches": "cagateway.cli.ingest:batches_command",
    "db": "cagateway.cli.db:command",
    "demo": "cagateway.cli.demo:command",
    "export": "cagateway.cli.export:command",
    "hs": "cagateway.cli.hs:command",
    "ids": "cagateway.cli.ids:command",
    "import": "cagateway.cli.ingest:command",
    "moderation": "cagateway.cli.moderation:command",
    "producers": "cagateway.cli.producers:command",
    "reference": "cagateway.cli.reference:command",
    "resolve": "cagateway.cli.resolve:resolve_cmd",
    "review": "cagateway.cli.resolve:review_group",
    "rfq": "cagateway.cli.rfq:command",
    "route": "cagateway.cli.route:command",
    "search": "cagateway.cli.search:command",
    "serve": "cagateway.cli.serve:command",
    "trade": "cagateway.cli.trade:command",
    "unmerge": "cagateway.cli.resolve:unmerge_cmd",
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use, from :data:`COMMANDS`."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return super().get_command(ctx, cmd_name)
        module, attribute = COMMANDS[cmd_name].split(":")
        command = getattr(importlib.import_module(module), attribute)
        if not isinstance(command, click.Command):  # pragma: no cover -- a wrong entry in COMMANDS
            raise TypeError(f"{COMMANDS[cmd_name]} is not a click command")
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cagateway")
@click.option(
    "--db",
    "db_url",
    envvar="CAGATEWAY_DATABASE_URL",
    help="Database URL (default: a SQLite file under your data directory).",
)
@click.pass_context
def main(ctx: click.Context, db_url: str | None) -> None:
    """Central Asia Gateway: the region's commodity-producer registry.

    \b
    Example:
        cagateway db upgrade
        cagateway demo load --size 5000
        cagateway serve
    """
    try:
        app = AppContext(db_url)
    except ConfigurationError as exc:  # a CAGATEWAY_* variable (or --db) that fails its check: say which
        raise click.ClickException(str(exc)) from None
    ctx.obj = app
    ctx.call_on_close(app.close)
