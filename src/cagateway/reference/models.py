"""Reference tables: countries, subdivisions, HS nomenclature, UN/LOCODE locations. Read-only for users."""

from __future__ import annotations

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from cagateway.db.base import Base

__all__ = ["Country", "HsCode", "HsSection", "Location", "Subdivision"]


class Country(Base):
    """An ISO 3166-1 country. ``group`` is ``central_asia``, ``partner`` or ``other``."""

    __tablename__ = "countries"

    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    alpha3: Mapped[str] = mapped_column(String(3), unique=True)
    name_en: Mapped[str] = mapped_column(String(200))
    group: Mapped[str] = mapped_column(String(20), default="other", index=True)


class Subdivision(Base):
    """An ISO 3166-2 subdivision (oblys, viloyat, region, city of republican status)."""

    __tablename__ = "subdivisions"

    code: Mapped[str] = mapped_column(String(10), primary_key=True)
    country_code: Mapped[str] = mapped_column(ForeignKey("countries.code"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(80))
    parent_code: Mapped[str | None] = mapped_column(String(10))


class HsSection(Base):
    __tablename__ = "hs_sections"

    code: Mapped[str] = mapped_column(String(5), primary_key=True)  # Roman numeral, I..XXI
    name_en: Mapped[str] = mapped_column(Text)
    name_ru: Mapped[str | None] = mapped_column(Text)


class HsCode(Base):
    """An HS 2022 chapter (2 digits), heading (4) or subheading (6) with English and Russian names."""

    __tablename__ = "hs_codes"

    code: Mapped[str] = mapped_column(String(6), primary_key=True)
    level: Mapped[int] = mapped_column(Integer, index=True)
    parent: Mapped[str | None] = mapped_column(String(6), index=True)
    section: Mapped[str] = mapped_column(String(5))
    description_en: Mapped[str] = mapped_column(Text)
    description_ru: Mapped[str | None] = mapped_column(Text)


class Location(Base):
    """A UN/LOCODE location. ``trusted`` is false when the source row has a known defect (see ``issues``)."""

    __tablename__ = "locations"

    locode: Mapped[str] = mapped_column(String(5), primary_key=True)
    country_code: Mapped[str] = mapped_column(String(2), index=True)
    name: Mapped[str] = mapped_column(String(200))
    name_ascii: Mapped[str] = mapped_column(String(200), index=True)
    subdivision: Mapped[str | None] = mapped_column(String(10))
    status: Mapped[str | None] = mapped_column(String(2))
    functions: Mapped[str | None] = mapped_column(String(8))
    is_port: Mapped[bool] = mapped_column(Boolean, default=False)
    is_rail: Mapped[bool] = mapped_column(Boolean, default=False)
    is_road: Mapped[bool] = mapped_column(Boolean, default=False)
    is_airport: Mapped[bool] = mapped_column(Boolean, default=False)
    is_inland_terminal: Mapped[bool] = mapped_column(Boolean, default=False)
    is_border_crossing: Mapped[bool] = mapped_column(Boolean, default=False)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    coordinates_source: Mapped[str | None] = mapped_column(String(20))  # "unlocode" or "geocoder"
    trusted: Mapped[bool] = mapped_column(Boolean, default=True)
    issues: Mapped[str | None] = mapped_column(Text)  # "|"-separated defect codes
