"""Settings, read from the environment with the ``CAGATEWAY_`` prefix.

No settings object is created at import time: the CLI, the web app and the tests each build one with
:func:`get_settings` (or construct :class:`Settings` directly) and pass it down.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import platformdirs
from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from cagateway.errors import ConfigurationError, FieldError

__all__ = [
    "Settings",
    "default_database_url",
    "default_hs_model_path",
    "default_logistics_cache_dir",
    "default_resolution_model_path",
    "default_trade_dir",
    "default_upload_dir",
    "get_settings",
]


def default_database_url() -> str:
    """The SQLite file under the user's data directory, used when no URL is configured."""
    data_dir = Path(platformdirs.user_data_dir("cagateway", appauthor=False))
    return f"sqlite:///{data_dir / 'cagateway.sqlite3'}"


def default_resolution_model_path() -> Path:
    """Where ``cagateway resolve --train`` saves the Splink model: a JSON file under the user's data directory."""
    return Path(platformdirs.user_data_dir("cagateway", appauthor=False)) / "resolution_model.json"


def default_trade_dir() -> Path:
    """Where trade datasets (Parquet) are stored: a folder under the user's data directory."""
    return Path(platformdirs.user_data_dir("cagateway", appauthor=False)) / "trade"


def default_logistics_cache_dir() -> Path:
    """Where the logistics network caches its clipped OSM graphs: a folder under the user's cache directory."""
    return Path(platformdirs.user_cache_dir("cagateway", appauthor=False)) / "logistics"


def default_upload_dir() -> Path:
    """Where uploaded files (claim documents, certificates) are kept: a folder under the user's data directory."""
    return Path(platformdirs.user_data_dir("cagateway", appauthor=False)) / "uploads"


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
    search_threads: int | None = Field(
        default=None,
        ge=1,
        description="Threads per server process that run searches (default: 1 on SQLite, the pool size on PostgreSQL)",
    )
    sqlite_busy_timeout_ms: int = Field(
        default=30000, ge=0, description="How long a SQLite writer waits for another writer"
    )
    hs_model_path: Path = Field(
        default_factory=default_hs_model_path,
        description="Folder of the trained HS classification model (built by `cagateway hs train`)",
    )
    resolution_model_path: Path = Field(
        default_factory=default_resolution_model_path,
        description="Splink entity-resolution model (JSON), trained by `cagateway resolve --train`",
    )
    resolution_merge_threshold: float = Field(
        default=0.95, gt=0, le=1, description="Match probability from which `resolve` merges a pair automatically"
    )
    resolution_review_threshold: float = Field(
        default=0.5, gt=0, le=1, description="Match probability from which a pair goes to the review queue"
    )
    logistics_data_dir: Path | None = Field(
        default=None,
        description="Folder of the curated corridor layer (nodes, links, sections, params, scenarios); "
        "default: data/logistics of the source tree",
    )
    logistics_cache_dir: Path = Field(
        default_factory=default_logistics_cache_dir,
        description="Where the clipped OpenStreetMap rail/road graphs are cached as .npz (built on first use)",
    )

    trade_dir: Path = Field(
        default_factory=default_trade_dir,
        description="Folder of the trade store: one Parquet file per dataset (`cagateway trade demo`/`load`)",
    )
    product_space_dir: Path | None = Field(
        default=None,
        description="Folder with the Atlas product space (product_space_hs4_nodes.csv, _edges.csv; HS 1992)",
    )
    map_tile_url: str = Field(
        default="",
        description="Map tile URL template for the portal's Leaflet maps, e.g. "
        "https://tile.example.org/{z}/{x}/{y}.png (empty: offline, maps are server-drawn SVG)",
    )
    map_tile_attribution: str = Field(
        default="", description="Attribution shown on Leaflet maps for the tiles of CAGATEWAY_MAP_TILE_URL"
    )
    rfq_max_open_requests: int = Field(
        default=10, ge=1, description="Buyer requests (RFQs) one account may have open at a time"
    )
    rfq_max_requests_per_day: int = Field(
        default=5, ge=1, description="Buyer requests (RFQs) one account may post in 24 hours"
    )
    upload_dir: Path = Field(
        default_factory=default_upload_dir,
        description="Folder of uploaded files (claim documents, certificates), stored under random names",
    )
    upload_max_bytes: int = Field(
        default=10_000_000, ge=1000, description="Largest upload accepted, in bytes (bigger ones get 413)"
    )
    comtrade_api_key: str | None = Field(
        default=None,
        description="UN Comtrade subscription key for `cagateway trade fetch` (without one: the public preview)",
        repr=False,
    )
    # Accounts and security (cagateway.accounts, web/security.py)
    public_url: str = Field(
        default="http://127.0.0.1:8000", description="The portal's address as users reach it, for links in mails"
    )
    cookie_secure: bool = Field(
        default=False, description="Mark session cookies Secure (sent over HTTPS only); turn on behind HTTPS"
    )
    session_days: int = Field(default=14, ge=1, le=365, description="Days a login session lasts")
    smtp_host: str | None = Field(
        default=None, description="SMTP server for account mails; unset: mails stay in the local outbox"
    )
    smtp_port: int = Field(default=587, ge=1, le=65535, description="SMTP port")
    smtp_user: str | None = Field(default=None, description="SMTP user name (unset: no SMTP login)")
    smtp_password: str | None = Field(default=None, description="SMTP password", repr=False)
    smtp_starttls: bool = Field(default=True, description="Upgrade the SMTP connection with STARTTLS")
    smtp_from: str = Field(default="no-reply@cagateway.local", description="Sender address of account mails")
    dev_outbox: bool | None = Field(
        default=None,
        description="Serve the mail outbox at /dev/outbox (development); default: on for SQLite, off for PostgreSQL",
    )
    rate_limits: bool = Field(default=True, description="Apply the rate limits below (off: no limit at all)")
    login_limit_ip: int = Field(default=100, ge=1, description="Log-in attempts per IP address per log-in window")
    login_limit_account: int = Field(default=10, ge=1, description="Log-in attempts per account per log-in window")
    login_window_minutes: int = Field(
        default=15, ge=1, le=10080, description="The time window of the two log-in limits, in minutes"
    )
    signup_limit_ip: int = Field(default=20, ge=1, description="Sign-ups per IP address per hour")
    reset_limit_ip: int = Field(default=10, ge=1, description="Password-reset requests per IP address per hour")
    api_limit_per_minute: int = Field(
        default=60000,
        ge=1,
        description="Search and API requests per minute per IP address or API token, in each worker process",
    )


def get_settings(**overrides: object) -> Settings:
    """Build settings from the environment, with explicit overrides (e.g. from CLI options) on top.

    A value that fails its check raises :class:`~cagateway.errors.ConfigurationError` naming each variable
    (``CAGATEWAY_SEARCH_THREADS``), what is wrong and the value given, rather than pydantic's report.
    """
    clean = {key: value for key, value in overrides.items() if value is not None}
    try:
        return Settings(**clean)  # type: ignore[arg-type]
    except ValidationError as exc:
        errors = [
            FieldError(
                "CAGATEWAY_" + "_".join(str(part) for part in error["loc"]).upper(),
                f"{error['msg']} (got {error.get('input')!r})",
                error.get("input"),
            )
            for error in exc.errors(include_url=False)
        ]
        raise ConfigurationError(
            f"{len(errors)} setting(s) are not valid; set them right in the environment (README.md, Configuration).",
            errors,
        ) from None
