"""Shapes of what buyers and representatives send: a request and a quote (meaning is checked in validation)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["QuoteIn", "RequestIn"]


class RequestIn(BaseModel):
    """A buyer's request: an HS code (or text to get suggestions from), how much, where, on which terms, by when."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    hs_code: str | None = Field(default=None, max_length=12, description="HS heading or subheading, e.g. 1101")
    text: str | None = Field(default=None, max_length=500, description="What you need, in any language")
    description: str | None = Field(default=None, max_length=2000, description="Product details (grade, packing)")
    quantity: float = Field(gt=0, le=1e12, description="How much, in `unit`")
    unit: str = Field(max_length=20, description="t, kg, m3, l, pcs, m2 or m")
    destination: str = Field(max_length=200, description="City (any script), UN/LOCODE or country")
    incoterm: str = Field(max_length=3, description="Incoterms 2020 rule, e.g. DAP")
    deadline: dt.date = Field(description="Quotes are wanted until this day (UTC)")
    certificates: list[str] = Field(default_factory=list, max_length=10, description="Required, e.g. ISO 9001")
    countries: list[str] = Field(default_factory=list, max_length=30, description="Preferred producer countries")


class QuoteIn(BaseModel):
    """A producer's offer for a request."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    producer: str = Field(max_length=12, description="Public id of the producer quoting (one you represent)")
    price: float = Field(gt=0, le=1e12, description="Price per `price_unit`")
    currency: str = Field(min_length=3, max_length=3, description="ISO 4217, e.g. USD")
    price_unit: str = Field(max_length=20, description="The unit the price is per, e.g. t")
    quantity: float = Field(gt=0, le=1e12, description="Quantity offered, in the request's unit")
    incoterm: str = Field(max_length=3, description="Incoterms 2020 rule of the offer")
    delivery_place: str = Field(min_length=1, max_length=200, description="Named place of the Incoterm")
    lead_time_days: int = Field(ge=0, le=3650, description="Days from order to delivery")
    valid_until: dt.date = Field(description="The offer holds until this day")
    note: str | None = Field(default=None, max_length=2000)
