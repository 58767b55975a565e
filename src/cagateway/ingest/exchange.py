"""Producers written in the exchange format (DESIGN.md): for test files, the benchmark and exports."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from cagateway.ingest.mapping import EXCHANGE_COLUMNS
from cagateway.registry.schemas import ProducerIn

__all__ = ["exchange_row", "write_exchange_csv"]


def exchange_row(producer: ProducerIn, source_record_id: str) -> dict[str, str]:
    """One producer as a row of the exchange format (its first site, first identifier; lists joined by ``|``)."""
    p = producer
    site = p.sites[0] if p.sites else None
    ident = p.identifiers[0] if p.identifiers else None
    lines = p.product_lines
    values: dict[str, object] = {
        "source_record_id": source_record_id,
        "country": p.country,
        "name": p.names[0].value,
        "name_lang": p.names[0].lang,
        "alt_names": "|".join(n.value for n in p.names[1:]),
        "id_scheme": ident.scheme if ident else None,
        "id_value": ident.value if ident else None,
        "legal_form": p.legal_form_local or p.legal_form,
        "region": site.region if site else None,
        "city": site.city if site else None,
        "address": site.address if site else None,
        "lat": site.lat if site else None,
        "lon": site.lon if site else None,
        "hs_codes": "|".join(line.hs_code for line in lines),
        "products": "|".join((line.description or "").replace("|", "/") for line in lines) if lines else None,
        "capacity": lines[0].capacity if lines and lines[0].capacity_unit else None,
        "capacity_unit": lines[0].capacity_unit if lines and lines[0].capacity is not None else None,
        "website": p.website,
        "phone": "|".join(c.value for c in p.contacts if c.kind == "phone"),
        "email": "|".join(c.value for c in p.contacts if c.kind == "email"),
    }
    return {k: "" if v is None else str(v) for k, v in values.items()}


def write_exchange_csv(rows: Iterable[dict[str, str]], path: Path) -> int:
    """Write rows (streamed) to a CSV file with the exchange format's header; returns how many."""
    count = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=[c for c in EXCHANGE_COLUMNS if c != "retrieved_at"])
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            count += 1
    return count
