"""Engines and sessions for SQLite (WAL, foreign keys, one writer at a time) and PostgreSQL (pool).

The differences between the two engines are named here and in :mod:`cagateway.db.dialect`, nowhere else.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from cagateway.errors import ConfigurationError

__all__ = ["Database", "make_engine"]

SQLITE_WRITE_OPTION = "cagateway_write"


def _prepare_sqlite_file(url: str) -> None:
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)


def _install_sqlite_pragmas(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, emit BEGIN: needed for savepoints and BEGIN IMMEDIATE.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # A write transaction takes the write lock up front. With a deferred BEGIN, a transaction that read
        # first and writes later fails at once with "database is locked" when another writer got in between
        # (SQLITE_BUSY_SNAPSHOT), which busy_timeout does not cover.
        write = connection.get_execution_options().get(SQLITE_WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def make_engine(url: str, *, pool_size: int = 10, busy_timeout_ms: int = 30000, echo: bool = False) -> Engine:
    """Create an engine for a SQLite or PostgreSQL URL, configured the way the application needs it."""
    try:
        parsed = make_url(url)
    except Exception as exc:
        raise ConfigurationError(
            f"CAGATEWAY_DATABASE_URL is not a database URL: {url!r}. "
            "Use sqlite:///path/to/file.sqlite3 or postgresql+psycopg://user@host:5432/dbname."
        ) from exc
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        _prepare_sqlite_file(url)
        engine = create_engine(url, echo=echo, connect_args={"timeout": busy_timeout_ms / 1000})
        _install_sqlite_pragmas(engine, busy_timeout_ms)
        return engine
    if backend == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        return create_engine(parsed, echo=echo, pool_size=pool_size, pool_pre_ping=True)
    raise ConfigurationError(
        f"Unsupported database {backend!r}. Central Asia Gateway runs on SQLite (default) or PostgreSQL."
    )


class Database:
    """An engine with its session factories: ``session()`` for reads, ``writer()`` for a write transaction."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.is_sqlite = engine.dialect.name == "sqlite"
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        write_bind = engine.execution_options(**{SQLITE_WRITE_OPTION: True}) if self.is_sqlite else engine
        self._writers = sessionmaker(write_bind, expire_on_commit=False)

    @classmethod
    def from_url(cls, url: str, **kwargs: Any) -> Database:
        return cls(make_engine(url, **kwargs))

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session for reading; rolled back at the end."""
        with self._sessions() as session:
            yield session

    @contextmanager
    def writer(self) -> Iterator[Session]:
        """A session whose transaction commits at the end (or rolls back on error)."""
        with self._writers() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()
