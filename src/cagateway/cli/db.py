"""``cagateway db``: schema migrations."""

from __future__ import annotations

import click

from cagateway.cli._common import AppContext, emit, handle_errors, json_option, pass_app
from cagateway.db import current_revision, upgrade
from cagateway.reference.builtin import sync_builtin_reference


@click.group("db")
def command() -> None:
    """Create and migrate the database."""


@command.command("upgrade")
@json_option
@pass_app
@handle_errors
def upgrade_cmd(app: AppContext, as_json: bool) -> None:
    """Migrate the database to the latest schema and load built-in reference data.

    Reference data from packages (countries, subdivisions, HS 2022) is synced each time; it is safe to re-run.

    \b
    Example:
        cagateway --db sqlite:///gateway.sqlite3 db upgrade
    """
    upgrade(app.db.engine)
    with app.db.writer() as session:
        added = sync_builtin_reference(session)
    result = {"revision": current_revision(app.db.engine), "reference_rows_added": added}
    emit(result, as_json, lambda c: c.print(f"Database at revision {result['revision']}; reference: {added}"))
