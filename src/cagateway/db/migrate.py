"""Run the Alembic migrations that ship inside the package (no alembic.ini needed)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, Engine

__all__ = ["alembic_config", "current_revision", "upgrade"]

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(engine: Engine, revision: str = "heads") -> None:
    """Migrate the database behind ``engine`` to ``revision``, reusing the engine's connection.

    The default is every head: domains developed side by side add migrations on branches from a common
    revision, and a merge revision joins them when both have landed.
    """
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # Batch migrations rebuild a SQLite table by copying it and dropping the old one; with foreign keys on,
            # that DROP deletes every referencing row through ON DELETE CASCADE. The pragma only takes effect
            # outside a transaction, so it goes to the driver before SQLAlchemy begins one.
            _driver_execute(connection, "PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                command.upgrade(config, revision)
                if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
                    raise RuntimeError("a migration left rows that break a foreign key; nothing was committed")
        finally:
            if sqlite:
                _driver_execute(connection, "PRAGMA foreign_keys=ON")


def _driver_execute(connection: Connection, sql: str) -> None:
    cursor = connection.connection.cursor()
    try:
        cursor.execute(sql)
    finally:
        cursor.close()


def current_revision(engine: Engine) -> str | None:
    """The revision(s) the database is at; several heads (parallel branches from one parent) joined by "+"."""
    with engine.connect() as connection:
        heads = sorted(MigrationContext.configure(connection).get_current_heads())
    return "+".join(heads) if heads else None
