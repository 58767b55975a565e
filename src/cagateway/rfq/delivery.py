"""Delivered to the request's destination: days, USD per tonne and kg CO2e per tonne from the top matches.

On demand only (a link on the request page), never while posting: the first use in a process loads the routing
network (about a second from its cache, tens of seconds when the cache is cold). Answers are kept per request and
producer list, so reloading the page costs nothing.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from typing import Any, Final

from sqlalchemy.orm import Session

from cagateway.config import Settings
from cagateway.cooperation.delivery import delivered_to
from cagateway.errors import GatewayError
from cagateway.rfq.models import BuyerRequest

__all__ = ["TOP", "delivered_for"]

TOP: Final = 5
_KEEP: Final = 256
_cache: OrderedDict[tuple[int, tuple[str, ...]], dict[str, Any]] = OrderedDict()


def _destination(request: BuyerRequest) -> str | None:
    if request.destination_lat is not None and request.destination_lon is not None:
        return f"{request.destination_lat},{request.destination_lon}"
    return request.destination_locode


def _figures(item: dict[str, Any]) -> dict[str, Any]:
    if not item["ok"]:
        return {"error": item.get("error") or item.get("code") or "no route"}
    return {"days": item["days"], "usd_per_t": item["usd_per_t"], "kg_co2e_per_t": item["kg_co2e_per_t"]}


def delivered_for(
    settings: Settings, session: Session, request: BuyerRequest, producers: Sequence[str]
) -> dict[str, Any]:
    """``{"items": {public_id: figures}, "error": message | None}`` for the first :data:`TOP` of ``producers``;
    figures are ``days``, ``usd_per_t`` and ``kg_co2e_per_t``, or ``error`` for a producer that cannot be routed."""
    ids = tuple(p for p in producers if p)[:TOP]
    key = (request.id, ids)
    if key in _cache:
        _cache.move_to_end(key)
        return _cache[key]
    where = _destination(request)
    if where is None or not ids:
        return {"items": {}, "error": "No delivery estimate: the destination is a country, not a place on the map."}
    try:
        answer = delivered_to(settings, session, ids, where)
    except GatewayError as exc:
        return {"items": {}, "error": exc.message}
    items = {i["id"]: _figures(i) for i in answer["items"]}
    result = {"items": items, "error": None}
    _cache[key] = result
    if len(_cache) > _KEEP:
        _cache.popitem(last=False)
    return result
