"""The ``cagateway`` command: one module per domain, each command a thin call into a domain service."""

from __future__ import annotations

import click

from cagateway import __version__
from cagateway.cli import db, demo, export, hs, ids, ingest, producers, reference, resolve, route, search, serve, trade
from cagateway.cli._common import AppContext

__all__ = [
    "db",
    "demo",
    "export",
    "hs",
    "ids",
    "ingest",
    "main",
    "producers",
    "reference",
    "resolve",
    "route",
    "search",
    "serve",
    "trade",
]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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
    app = AppContext(db_url)
    ctx.obj = app
    ctx.call_on_close(app.close)


for _module in (db, demo, export, hs, ids, ingest, producers, reference, route, search, serve, trade):
    main.add_command(_module.command)
main.add_command(ingest.batches_command)
for _command in resolve.commands:
    main.add_command(_command)
