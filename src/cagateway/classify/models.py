"""Confirmed classifications: texts whose HS code a person confirmed, used to train later suggestions."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from cagateway.db.base import Base, UTCDateTime, utcnow

__all__ = ["HsFeedback"]


class HsFeedback(Base):
    """A product text and the HS code a user confirmed for it (from a form, the API or an import review)."""

    __tablename__ = "hs_feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    hs_code: Mapped[str] = mapped_column(ForeignKey("hs_codes.code"), index=True)
    lang: Mapped[str | None] = mapped_column(String(8))
    actor: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
