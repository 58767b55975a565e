"""Database: declarative base, engines and sessions, migrations runner, dialect differences."""

from cagateway.db.base import Base, UTCDateTime, utcnow
from cagateway.db.engine import Database, make_engine
from cagateway.db.migrate import current_revision, upgrade

__all__ = ["Base", "Database", "UTCDateTime", "current_revision", "make_engine", "upgrade", "utcnow"]
