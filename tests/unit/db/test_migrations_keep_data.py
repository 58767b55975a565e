"""Upgrading a database that already holds producers keeps every row (each migration after the first)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from cagateway.db import Database, upgrade
from tests.conftest import DatabaseFactory

_SEED = [
    "INSERT INTO countries (code, alpha3, name_en, \"group\") VALUES ('KZ', 'KAZ', 'Kazakhstan', 'member')",
    "INSERT INTO provenance (id, source, kind, retrieved_at) VALUES (1, 'test', 'claimed', '2026-01-01 00:00:00')",
    "INSERT INTO legal_entities (id, public_id, country_code, display_name, verification_tier, provenance_id,"
    " version, created_at, updated_at)"
    " VALUES (1, 'abcdefghjk', 'KZ', 'ТОО «Тест»', 'unverified', 1, 1, '2026-01-01 00:00:00', '2026-01-01 00:00:00')",
    "INSERT INTO entity_names (entity_id, value, kind, provenance_id) VALUES (1, 'ТОО «Тест»', 'legal', 1)",
]


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_upgrading_past_every_later_migration_keeps_producers_and_their_names(
    db_factory: DatabaseFactory, backend: str
) -> None:
    database = Database.from_url(db_factory.url(backend))
    try:
        upgrade(database.engine, "0002")  # the schema before the parallel branches (search, ingest, resolution)
        with database.engine.begin() as conn:
            for statement in _SEED:
                conn.execute(text(statement))
        upgrade(database.engine)
        with database.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM legal_entities")).scalar() == 1
            assert conn.execute(text("SELECT count(*) FROM entity_names")).scalar() == 1
            assert conn.execute(text("SELECT merged_into_id FROM legal_entities")).scalar() is None
    finally:
        database.dispose()
