"""FastAPI dependencies: settings and database sessions of the running app."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from cagateway.config import Settings
from cagateway.db import Database

__all__ = ["ReadSession", "SettingsDep", "WriteSession", "database_of"]


def database_of(request: Request) -> Database:
    """The database of the app serving ``request`` (for handlers that open their own sessions)."""
    db: Database = request.app.state.db
    return db


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _read_session(request: Request) -> Iterator[Session]:
    with database_of(request).session() as session:
        yield session


def _write_session(request: Request) -> Iterator[Session]:
    with database_of(request).writer() as session:
        yield session


ReadSession = Annotated[Session, Depends(_read_session)]
WriteSession = Annotated[Session, Depends(_write_session)]
SettingsDep = Annotated[Settings, Depends(_settings)]
