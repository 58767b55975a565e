"""On a C-locale PostgreSQL database pg_trgm sees no Cyrillic letters; typo tolerance must still work there."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from cagateway.db import Database, upgrade
from cagateway.reference.builtin import sync_builtin_reference
from cagateway.search import search_producers
from tests.conftest import DatabaseFactory, postgres_admin_url
from tests.unit.search.conftest import make_producer


@pytest.fixture
def c_locale_db(db_factory: DatabaseFactory) -> Iterator[Database]:
    reason = db_factory.pg_skip_reason()
    if reason:
        pytest.skip(reason)
    name = f"cagw_test_c_{uuid.uuid4().hex[:8]}"
    admin = create_engine(postgres_admin_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"))
    database = Database.from_url(make_url(postgres_admin_url()).set(database=name).render_as_string(False))
    try:
        upgrade(database.engine)
        with database.writer() as session:
            sync_builtin_reference(session)
        yield database
    finally:
        database.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_cyrillic_typos_are_corrected_on_a_c_locale_database(c_locale_db: Database) -> None:
    with c_locale_db.writer() as session:
        pid = make_producer(session, "«Оңтүстік Цемент» ЖШС").public_id
    with c_locale_db.session() as session:
        # The trap: pg_trgm extracts no trigrams from Cyrillic text in this database.
        assert session.execute(text("SELECT show_trgm('цемент')")).scalar_one() == []
        result = search_producers(session, "Оңтүстик Цемнт")
    assert result.hits[0].hit["id"] == pid
    assert result.hits[0].why["typo_corrections"]
