"""Alembic environment: runs on the connection handed over by :func:`cagateway.db.migrate.upgrade`."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

import cagateway.accounts.models
import cagateway.classify.models
import cagateway.ingest.models
import cagateway.ingest.resolution.models
import cagateway.moderation.models
import cagateway.reference.models
import cagateway.registry.models
import cagateway.rfq.models
import cagateway.search.models  # noqa: F401  (registers the tables on Base.metadata)
from cagateway.db.base import Base

target_metadata = Base.metadata
config = context.config


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
        with engine.begin() as own_connection:
            _run(own_connection)
        return
    _run(connection)


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode recreates tables
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
