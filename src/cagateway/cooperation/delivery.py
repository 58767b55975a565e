"""Producers as route ends: ``producer:ID`` as FROM/TO, and "delivered to <city>: days, $/t, kg CO2e/t".

Logistics knows nothing of the registry (import-linter keeps it so); this module, allowed to see both, turns a
producer's public id into a :class:`~cagateway.logistics.Place` at one of its sites and hands it to logistics.
A site is chosen plant first, then warehouse, then head office; its own coordinates are used, else those of its
UN/LOCODE.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from cagateway.config import Settings
from cagateway.errors import FieldError, GatewayError, InvalidInput
from cagateway.logistics import Place, Route, plan_routes_to
from cagateway.reference.models import Location
from cagateway.registry.errors import ProducerNotFound
from cagateway.registry.models import LegalEntity, Site
from cagateway.registry.public_ids import is_public_id

__all__ = ["MAX_PRODUCERS", "PREFIX", "ProducerNotLocated", "delivered_to", "producer_places", "resolve_endpoint"]

PREFIX: Final = "producer:"
MAX_PRODUCERS: Final = 100
_SITE_ORDER: Final = {"plant": 0, "warehouse": 1, "head_office": 2}


class ProducerNotLocated(InvalidInput):
    code = "producer_not_located"

    def __init__(self, public_id: str, field: str) -> None:
        message = (
            f"producer {public_id} has no site with coordinates or a known UN/LOCODE, so no route can start or end "
            "there; add lat/lon (or a UN/LOCODE) to one of its sites"
        )
        super().__init__(f"{field}: {message}", [FieldError(field, message, f"{PREFIX}{public_id}")])


def _site_point(session: Session, site: Site) -> tuple[float, float] | None:
    if site.lat is not None and site.lon is not None:
        return site.lat, site.lon
    if site.locode:
        row = session.get(Location, site.locode)
        if row is not None and row.lat is not None and row.lon is not None:
            return row.lat, row.lon
    return None


def _place(session: Session, entity: LegalEntity, sites: list[Site], field: str) -> Place:
    for site in sorted(sites, key=lambda s: (_SITE_ORDER.get(s.kind, 9), s.id)):
        point = _site_point(session, site)
        if point is not None:
            where = site.city or site.country_code
            label = f"{entity.display_name} ({where})"
            return Place(f"{PREFIX}{entity.public_id}", label, point[0], point[1], site.country_code)
    raise ProducerNotLocated(entity.public_id, field)


def producer_places(session: Session, public_ids: Sequence[str], field: str = "from") -> list[Place | GatewayError]:
    """A place per public id, in order; an unknown, deleted or unlocated producer gets its error instead."""
    wanted = [pid for pid in dict.fromkeys(public_ids) if is_public_id(pid)]  # others cannot exist: not queried
    entities = session.scalars(
        select(LegalEntity).where(LegalEntity.public_id.in_(wanted), LegalEntity.deleted_at.is_(None))
    ).all()
    by_id = {e.id: e for e in entities}
    sites: dict[int, list[Site]] = {e.id: [] for e in entities}
    if by_id:
        for site in session.scalars(select(Site).where(Site.entity_id.in_(list(by_id)))):
            sites[site.entity_id].append(site)
    found: dict[str, Place | GatewayError] = {}
    for entity in entities:
        try:
            found[entity.public_id] = _place(session, entity, sites[entity.id], field)
        except ProducerNotLocated as exc:
            found[entity.public_id] = exc
    return [found.get(pid) or ProducerNotFound(pid) for pid in public_ids]


def resolve_endpoint(session: Session, text: str, field: str) -> str | Place:
    """``producer:ID`` as the place of that producer's site (errors as the API gives them); other text as is."""
    if not text.strip().lower().startswith(PREFIX):
        return text
    public_id = text.strip()[len(PREFIX) :].strip().lower()
    result = producer_places(session, [public_id], field)[0]
    if isinstance(result, GatewayError):
        raise result
    return result


def _item(public_id: str, result: Place | GatewayError, route: Route | GatewayError | None) -> dict[str, Any]:
    outcome = result if isinstance(result, GatewayError) else route
    if outcome is None or isinstance(outcome, GatewayError):
        error = outcome.as_body() if outcome is not None else {}
        return {"id": public_id, "ok": False, "code": error.get("code"), "error": error.get("error")}
    body = outcome.as_dict()
    return {
        "id": public_id, "ok": True, "from": body["from"], "days": body["days"], "km": body["km"],
        "usd_per_t": body["usd_per_t"], "kg_co2e_per_t": body["kg_co2e_per_t"],
        "emissions_scope": body["emissions_scope"], "legs": len(body["legs"]),
    }  # fmt: skip


def delivered_to(settings: Settings, session: Session, public_ids: Sequence[str], destination: str, *,
                 optimize: str = "time", avoid: Sequence[str] = (), scenario: str | None = None,
                 modes: Sequence[str] = ()) -> dict[str, Any]:  # fmt: skip
    """Days, USD per tonne and kg CO2e per tonne from each producer to ``destination`` (one search in all).

    An unknown place as destination is an error of the whole request; a producer that is unknown, has no located
    site or cannot reach the destination gets ``"ok": false`` with its own code, so a results page still shows
    the others.
    """
    ids = [p.strip().lower() for p in public_ids if p.strip()]
    if not 1 <= len(ids) <= MAX_PRODUCERS:
        raise InvalidInput.single("ids", f"give 1 to {MAX_PRODUCERS} producer ids", len(ids))
    where = resolve_endpoint(session, destination, "to")
    places = producer_places(session, ids)
    located = [p for p in places if isinstance(p, Place)]
    routes = plan_routes_to(settings, located, where, optimize=optimize, avoid=avoid, scenario=scenario,
                            modes=modes, session=session)  # fmt: skip
    done = [r for r in routes if isinstance(r, Route)]
    target = done[0].destination.label if done else destination
    found = iter(routes)
    items = [_item(pid, p, next(found) if isinstance(p, Place) else None) for pid, p in zip(ids, places, strict=True)]
    for item in items:
        if item["ok"]:
            item["text"] = (f"delivered to {target}: {item['days']:.1f} days, ${item['usd_per_t']:.0f}/t, "
                            f"{item['kg_co2e_per_t']:.0f} kg CO2e/t")  # fmt: skip
    scenario_label = done[0].scenario if done else scenario or "base"
    return {"to": target, "optimize": optimize, "scenario": scenario_label, "items": items}
