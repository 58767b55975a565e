"""Test fixtures: real databases (SQLite files and a real PostgreSQL), migrated by Alembic, never create_all.

Tests that take the ``db`` or ``session`` fixture run once per backend: ``[sqlite]`` and ``[postgresql]``.
PostgreSQL comes from ``CAGATEWAY_TEST_POSTGRES_URL`` (default: the local server, database ``test``); each
test session creates its own database there and drops it afterwards. Where no server answers, the
PostgreSQL variants are skipped with a message saying so (and CI, which sets CI=true, fails instead).
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from cagateway.db import Database, upgrade
from cagateway.reference.builtin import sync_builtin_reference

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
BACKENDS = ["sqlite", "postgresql"]

# The tests never read or write the user's own data folder (the trained HS model, uploaded files): a machine where
# `make run` trained a model would otherwise change what "no model" tests see, and uploads would land in $HOME.
# Set before any Settings is built; subprocesses (`cagateway serve` in tests) inherit it. The cache folder (the
# clipped OSM graphs, ~20 s to build) stays shared.
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="cagateway-test-data-")


def postgres_admin_url() -> str:
    return os.environ.get("CAGATEWAY_TEST_POSTGRES_URL", DEFAULT_PG)


def _postgres_unreachable_reason() -> str | None:
    url = postgres_admin_url()
    try:
        engine = create_engine(url, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as exc:  # any failure to connect means: no server to test against
        return f"PostgreSQL not reachable at {url} ({type(exc).__name__}); set CAGATEWAY_TEST_POSTGRES_URL"
    return None


class DatabaseFactory:
    """Creates empty, migrated databases: SQLite files in a temp dir, PostgreSQL databases on the server."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.created_pg: list[str] = []
        self._pg_reason: str | bool | None = False

    def pg_skip_reason(self) -> str | None:
        if self._pg_reason is False:
            self._pg_reason = _postgres_unreachable_reason()
        return self._pg_reason  # type: ignore[return-value]

    def url(self, backend: str) -> str:
        """A URL of a new, empty database (not migrated)."""
        if backend == "sqlite":
            return f"sqlite:///{self.tmp / f'db-{uuid.uuid4().hex[:8]}.sqlite3'}"
        reason = self.pg_skip_reason()
        if reason:
            if os.environ.get("CI"):
                pytest.fail(reason)
            pytest.skip(reason)
        name = f"cagw_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        admin = create_engine(postgres_admin_url(), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'"))
        admin.dispose()
        self.created_pg.append(name)
        return make_url(postgres_admin_url()).set(database=name).render_as_string(hide_password=False)

    def migrated(self, backend: str) -> Database:
        """A new database, migrated to head, with built-in reference data loaded and committed."""
        database = Database.from_url(self.url(backend))
        upgrade(database.engine)
        with database.writer() as session:
            sync_builtin_reference(session)
        return database

    def drop_all(self) -> None:
        if not self.created_pg:
            return
        admin = create_engine(postgres_admin_url(), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            for name in self.created_pg:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def db_factory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DatabaseFactory]:
    factory = DatabaseFactory(tmp_path_factory.mktemp("databases"))
    yield factory
    factory.drop_all()


@pytest.fixture(scope="session", params=BACKENDS)
def db(request: pytest.FixtureRequest, db_factory: DatabaseFactory) -> Iterator[Database]:
    """A migrated database per backend, shared by the session; use ``session`` for isolation."""
    database = db_factory.migrated(request.param)
    yield database
    database.dispose()


@pytest.fixture
def session(db: Database) -> Iterator[Session]:
    """A session inside a transaction that is rolled back after the test (savepoints for inner commits)."""
    with db.engine.connect() as connection:
        transaction = connection.begin()
        with Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False) as s:
            yield s
        transaction.rollback()


@pytest.fixture(params=BACKENDS)
def fresh_db(request: pytest.FixtureRequest, db_factory: DatabaseFactory) -> Iterator[Database]:
    """A new migrated database per test and backend, for tests whose work must really commit."""
    database = db_factory.migrated(request.param)
    yield database
    database.dispose()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data`` beside the project checkout (public reference data; never copied into the repo)."""
    path = Path(os.environ.get("CAGATEWAY_SHARED_DATA", SHARED_DATA))
    if not path.is_dir():
        pytest.skip(f"shared reference data not found at {path}; set CAGATEWAY_SHARED_DATA")
    return path
