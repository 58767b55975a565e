"""Join the moderation (0009) and buyer-request (0010) branches, built side by side on the accounts (0008).

Revision ID: 0011
Revises: 0009, 0010
"""

from __future__ import annotations

revision = "0011"
down_revision = ("0009", "0010")
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing to change: the branches touch different tables; this only makes one head again."""


def downgrade() -> None:
    """Nothing to undo."""
