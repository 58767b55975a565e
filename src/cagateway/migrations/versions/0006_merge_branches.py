"""Join the search (0003), import (0004) and entity-resolution (0005) branches, built side by side on 0002.

Revision ID: 0006
Revises: 0003, 0004, 0005
"""

from __future__ import annotations

revision = "0006"
down_revision = ("0003", "0004", "0005")
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing to change: the branches touch different tables; this only makes one head again."""


def downgrade() -> None:
    """Nothing to undo."""
