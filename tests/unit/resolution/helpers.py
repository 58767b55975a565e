"""Registry rows for resolution tests: the Ontustik Cement scenario and synthetic register rows stored for real."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy.orm import Session

from cagateway.ingest.resolution.features import RawRecord
from cagateway.registry import services
from cagateway.registry.identifiers import generate_identifier
from cagateway.registry.models import LegalEntity
from cagateway.registry.schemas import (
    ContactIn,
    IdentifierIn,
    NameIn,
    ProducerIn,
    ProductLineIn,
    ProvenanceIn,
    SiteIn,
    SourceRecordIn,
)

SCENARIO_BIN = generate_identifier("KZ-BIN", random.Random("ontustik"))


def producer_in(raw: RawRecord, *, source: str, kind: str = "claimed", days_ago: int = 0) -> ProducerIn:
    """A registry producer from a register row (identifiers only if the row has a valid one)."""
    identifiers = [IdentifierIn(scheme=i.split(":")[0], value=i.split(":")[1]) for i in raw.identifiers]
    contacts = [ContactIn(kind="phone", value=p) for p in raw.phones]
    contacts += [ContactIn(kind="website", value=w) for w in raw.websites]
    return ProducerIn(
        country=raw.country,
        names=[NameIn(value=n) for n in raw.names],
        identifiers=identifiers,
        sites=[SiteIn(region=raw.region, city=raw.city)],
        product_lines=[ProductLineIn(hs_code=h) for h in raw.hs_codes],
        contacts=contacts,
        source_records=[SourceRecordIn(source=source, source_record_id=f"row-{raw.record_id}")],
        provenance=ProvenanceIn(
            source=source, kind=kind, retrieved_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC) - dt.timedelta(days=days_ago)
        ),
    )


def store(session: Session, raw: RawRecord, *, source: str, kind: str = "claimed", days_ago: int = 0) -> LegalEntity:
    return services.create_producer(session, producer_in(raw, source=source, kind=kind, days_ago=days_ago), actor="t")


def ontustik_scenario(session: Session) -> dict[str, LegalEntity]:
    """One cement plant listed by three registers in two scripts, and a trading company with a similar name."""
    rows = {
        "official": (
            RawRecord(1, "KZ", ["«Оңтүстік Цемент» ЖШС"], [f"KZ-BIN:{SCENARIO_BIN}"], "Шымкент", "KZ-79", ["2523"],
                      ["+7 7252 53 40 10"]),
            "kz-register", "official", 30,
        ),
        "chamber": (
            RawRecord(2, "KZ", ["Ontustik Cement LLP"], [], "Shymkent", "KZ-79", ["2523"], ["+77252534010"],
                      websites=["https://ontustik-cement.example"]),
            "chamber", "claimed", 5,
        ),
        "fair": (
            RawRecord(3, "KZ", ["ТОО «Онтустик Цемент»"], [], "Шымкент", "KZ-79", ["2523"], [],
                      websites=["http://www.ontustik-cement.example/ru"]),
            "fair", "crowdsourced", 1,
        ),
        "distractor": (
            RawRecord(4, "KZ", ["Ontustik Cement Trading LLP"], [], "Almaty", "KZ-75", ["2523"], ["+77272500000"]),
            "chamber", "claimed", 5,
        ),
    }  # fmt: skip
    return {
        label: store(session, raw, source=source, kind=kind, days_ago=days)
        for label, (raw, source, kind, days) in rows.items()
    }
