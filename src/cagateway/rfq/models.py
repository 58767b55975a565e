"""Tables of buyer requests (migration 0010): requests, their matched producers, quotes and notifications.

A request keeps what the buyer asked for as given and as normalised (quantity in its base unit, the destination
resolved to a country and, where known, a UN/LOCODE and coordinates). Matches are stored with their score and
reasons, so the buyer and the representatives see the same list and order that was notified. A quote is one row
per producer and request, revised in place until the buyer accepts one.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Date, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cagateway.accounts.models import User
from cagateway.db.base import Base, UTCDateTime, utcnow

__all__ = ["QUOTE_STATUSES", "REQUEST_STATUSES", "BuyerRequest", "Quote", "RequestMatch", "RequestNotification"]

REQUEST_STATUSES = ("open", "closed", "expired")
QUOTE_STATUSES = ("open", "accepted", "declined")


class BuyerRequest(Base):
    """What a buyer needs: a product (HS heading or subheading), how much, where, on which terms, by when."""

    __tablename__ = "rfq_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(12), unique=True)
    buyer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    hs_code: Mapped[str] = mapped_column(ForeignKey("hs_codes.code"))
    query_text: Mapped[str | None] = mapped_column(Text)  # the free text the buyer typed, if any
    description: Mapped[str] = mapped_column(Text)
    quantity: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(10))  # canonical unit as given: t, kg, m3, l, pcs, m2, m
    base_quantity: Mapped[float] = mapped_column(Float)  # in base_unit: mass in tonnes, volume in m3
    base_unit: Mapped[str] = mapped_column(String(10))
    destination_text: Mapped[str] = mapped_column(String(200))
    destination_label: Mapped[str] = mapped_column(String(200))
    destination_country: Mapped[str] = mapped_column(ForeignKey("countries.code"))
    destination_locode: Mapped[str | None] = mapped_column(String(5))
    destination_lat: Mapped[float | None] = mapped_column(Float)
    destination_lon: Mapped[float | None] = mapped_column(Float)
    incoterm: Mapped[str] = mapped_column(String(3))
    deadline: Mapped[dt.date] = mapped_column(Date)
    certificates: Mapped[list[str]] = mapped_column(JSON, default=list)
    countries: Mapped[list[str]] = mapped_column(JSON, default=list)  # preferred producer countries
    status: Mapped[str] = mapped_column(String(10), default="open")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    accepted_quote_id: Mapped[int | None] = mapped_column(Integer)  # no FK: quotes point here already

    buyer: Mapped[User] = relationship()
    matches: Mapped[list[RequestMatch]] = relationship(order_by="RequestMatch.rank", back_populates="request")
    quotes: Mapped[list[Quote]] = relationship(order_by="Quote.id", back_populates="request")

    __table_args__ = (
        CheckConstraint("status IN ('open','closed','expired')", name="status"),
        CheckConstraint("quantity > 0", name="quantity"),
        Index("ix_rfq_requests_buyer_created", "buyer_id", "created_at"),
        Index("ix_rfq_requests_status_deadline", "status", "deadline"),
    )


class RequestMatch(Base):
    """A producer matched to a request, with its rank, score and the reasons for both."""

    __tablename__ = "rfq_matches"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("rfq_requests.id", ondelete="CASCADE"))
    entity_id: Mapped[int] = mapped_column(ForeignKey("legal_entities.id"), index=True)
    rank: Mapped[int] = mapped_column(Integer)
    score: Mapped[float] = mapped_column(Float)
    hs_match: Mapped[str] = mapped_column(String(10))  # subheading | heading | text
    capacity: Mapped[float | None] = mapped_column(Float)  # per year, in the request's base unit; None: unknown
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    notified: Mapped[bool] = mapped_column(default=False)

    request: Mapped[BuyerRequest] = relationship(back_populates="matches")

    __table_args__ = (UniqueConstraint("request_id", "entity_id", name="uq_rfq_matches_request_entity"),)


class Quote(Base):
    """A producer's answer to a request; one per producer and request, revised in place while open."""

    __tablename__ = "rfq_quotes"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(12), unique=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("rfq_requests.id", ondelete="CASCADE"))
    entity_id: Mapped[int] = mapped_column(ForeignKey("legal_entities.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    price: Mapped[float] = mapped_column(Float)
    currency: Mapped[str] = mapped_column(String(3))
    price_unit: Mapped[str] = mapped_column(String(10))  # the price is per one of these
    quantity: Mapped[float] = mapped_column(Float)  # offered, in the request's unit
    incoterm: Mapped[str] = mapped_column(String(3))
    delivery_place: Mapped[str] = mapped_column(String(200))
    lead_time_days: Mapped[int] = mapped_column(Integer)
    valid_until: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="open")
    revision: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    request: Mapped[BuyerRequest] = relationship(back_populates="quotes")

    __table_args__ = (
        UniqueConstraint("request_id", "entity_id", name="uq_rfq_quotes_request_entity"),
        CheckConstraint("status IN ('open','accepted','declined')", name="status"),
        CheckConstraint("price > 0 AND quantity > 0 AND lead_time_days >= 0", name="amounts"),
    )


class RequestNotification(Base):
    """One mail to one representative about one request (the unique key keeps it to one)."""

    __tablename__ = "rfq_notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("rfq_requests.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    entity_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    mail_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    __table_args__ = (UniqueConstraint("request_id", "user_id", name="uq_rfq_notifications_request_user"),)
