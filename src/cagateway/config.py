"""Settings, read from the environment with the ``CAGATEWAY_`` prefix.

No settings object is created at import time: the CLI, the web app and the tests each build one with
:func:`get_settings` (or construct :class:`Settings` directly) and pass it down.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import platformdirs
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "default_database_url", "default_hs_model_path", "get_settings"]


def default_database_url() -> str:
    """The SQLite file under the user's data directory, used when no URL is configured."""
    data_dir = Path(platformdirs.user_data_dir("cagateway", appauthor=False))
    return f"sqlite:///{data_dir / 'cagateway.sqlite3'}"


def default_hs_model_path() -> Path:
    """Where ``cagateway hs train`` puts the HS model: a folder under the user's data directory."""
    return Path(platformdirs.user_data_dir("cagateway", appauthor=False)) / "hs_model"


class Settings(BaseSettings):
    """Every setting of the application; each field is documented in README.md (a test checks that)."""

    model_config = SettingsConfigDict(env_prefix="CAGATEWAY_", extra="ignore")

    database_url: str = Field(
        default_factory=default_database_url,
        description="SQLAlchemy URL: sqlite:///path or postgresql+psycopg://user@host/db",
    )
    host: str = Field(default="127.0.0.1", description="Address the portal listens on")
    port: int = Field(default=8000, ge=1, le=65535, description="Port the portal listens on")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(default="INFO", description="Log level")
    log_json: bool = Field(default=False, description="Log as JSON lines instead of console text")
    page_size: int = Field(default=20, ge=1, le=500, description="Default page size of lists")
    max_page_size: int = Field(default=200, ge=1, le=5000, description="Largest page a client may ask for")
    db_pool_size: int = Field(default=10, ge=1, description="PostgreSQL connection pool size")
    sqlite_busy_timeout_ms: int = Field(
        default=30000, ge=0, description="How long a SQLite writer waits for another writer"
    )
    hs_model_path: Path = Field(
        default_factory=default_hs_model_path,
        description="Folder of the trained HS classification model (built by `cagateway hs train`)",
    )


def get_settings(**overrides: object) -> Settings:
    """Build settings from the environment, with explicit overrides (e.g. from CLI options) on top."""
    clean = {key: value for key, value in overrides.items() if value is not None}
    return Settings(**clean)  # type: ignore[arg-type]
