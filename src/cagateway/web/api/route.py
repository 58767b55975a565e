"""REST API v1 for logistics: routes (as ``cagateway route``), capacity assignment, delivered figures, scenarios."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from cagateway.cooperation.delivery import MAX_PRODUCERS, delivered_to, resolve_endpoint
from cagateway.errors import InvalidInput
from cagateway.logistics import (
    Flow,
    assign_flows,
    compare_assignment,
    compare_route,
    list_scenarios,
    plan_route,
    plan_routes,
)
from cagateway.logistics.curated import default_data_dir
from cagateway.web.deps import ReadSession, SettingsDep

router = APIRouter(tags=["logistics"])

Objective = Annotated[str, Query(pattern="^(time|cost|co2)$")]


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


@router.get("/api/v1/route")
def route(
    session: ReadSession,
    settings: SettingsDep,
    from_: Annotated[str, Query(alias="from", min_length=1, max_length=200, examples=["Altynkol"])],
    to: Annotated[str, Query(min_length=1, max_length=200, examples=["Baku"])],
    optimize: Objective = "time",
    avoid: Annotated[str, Query(max_length=500, examples=["RU"])] = "",
    scenario: Annotated[str | None, Query(max_length=100)] = None,
    tonnes: Annotated[float, Query(examples=[20])] = 1.0,
    modes: Annotated[str, Query(max_length=100, examples=["rail,ferry"])] = "",
    alternatives: Annotated[int, Query(ge=1, le=10)] = 1,
    pareto: bool = False,
    compare: bool = False,
) -> dict[str, Any]:
    """Days, USD and kg CO2e (well-to-wheel) between two places, leg by leg.

    ``from``/``to``: UN/LOCODE, place name, ``producer:ID`` (that producer's site) or ``lat,lon``. With
    ``alternatives=K`` or ``pareto=true`` the body is ``{"routes": [...]}``; with ``compare=true`` and a
    ``scenario`` it is ``{"before", "after", "delta"}``. Unknown places give 404 ``unknown_place``, unknown
    producers 404 ``producer_not_found``; pairs with no path give 404 ``unreachable``; a negative tonnage gives
    422 ``invalid_tonnage``.
    """
    a, b = resolve_endpoint(session, from_, "from"), resolve_endpoint(session, to, "to")
    options: dict[str, Any] = {
        "optimize": optimize, "avoid": _split(avoid), "tonnes": tonnes, "modes": _split(modes), "session": session,
    }  # fmt: skip
    if compare:
        if not scenario:
            raise InvalidInput.single("scenario", "compare=true needs a scenario to compare with")
        return {"ok": True, **compare_route(settings, a, b, scenario, **options)}
    if alternatives > 1 or pareto:
        routes = plan_routes(settings, a, b, alternatives=alternatives, pareto=pareto, scenario=scenario, **options)
        return {"ok": True, "routes": [r.as_dict() for r in routes]}
    return {"ok": True, **plan_route(settings, a, b, scenario=scenario, **options).as_dict()}


@router.get("/api/v1/delivered")
def delivered(
    session: ReadSession,
    settings: SettingsDep,
    to: Annotated[str, Query(min_length=1, max_length=200, examples=["Baku"])],
    ids: Annotated[str, Query(min_length=1, max_length=20 * MAX_PRODUCERS, examples=["0a1b2c3d4e,5f6g7h8j9k"])],
    optimize: Objective = "time",
    avoid: Annotated[str, Query(max_length=500)] = "",
    scenario: Annotated[str | None, Query(max_length=100)] = None,
    modes: Annotated[str, Query(max_length=100)] = "",
) -> dict[str, Any]:
    """ "Delivered to <city>": days, USD per tonne and kg CO2e per tonne from each producer (comma-separated ids).

    One search serves every producer. Each item has ``ok``; a producer that is unknown (``producer_not_found``),
    has no located site (``producer_not_located``) or cannot reach ``to`` (``unreachable``) carries its code and
    message while the others are still answered. An unknown ``to`` is a 404 ``unknown_place`` of the request.
    """
    body = delivered_to(settings, session, _split(ids), to, optimize=optimize, avoid=_split(avoid),
                        scenario=scenario, modes=_split(modes))  # fmt: skip
    return {"ok": True, **body}


class FlowIn(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    origin: str = Field(alias="from", min_length=1, max_length=200, examples=["Altynkol"])
    destination: str = Field(alias="to", min_length=1, max_length=200, examples=["Baku"])
    tonnes_per_year: float = Field(examples=[9_000_000])


class AssignmentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    flows: list[FlowIn] = Field(min_length=1, max_length=200)
    scenario: str | None = Field(default=None, max_length=100)
    compare: bool = False


@router.post("/api/v1/route/capacity")
def capacity(data: AssignmentIn, session: ReadSession, settings: SettingsDep) -> dict[str, Any]:
    """Assign yearly flows honouring corridor and crossing capacities: utilisation per section, bottlenecks.

    With ``compare: true`` and a ``scenario``: ``{"before", "after", "delta"}``. Errors name the flow
    (``flows[2].origin``): unknown places 404 ``unknown_place``, unreachable pairs 404 ``unreachable``, negative
    tonnage 422 ``invalid_tonnage``, a scenario naming missing links or sections 422 ``scenario_invalid``.
    """
    flows = [Flow(resolve_endpoint(session, f.origin, "from"), resolve_endpoint(session, f.destination, "to"),
                  f.tonnes_per_year) for f in data.flows]  # fmt: skip
    if data.compare:
        if not data.scenario:
            raise InvalidInput.single("scenario", "compare: true needs a scenario to compare with")
        return {"ok": True, **compare_assignment(settings, flows, data.scenario, session)}
    return {"ok": True, **assign_flows(settings, flows, data.scenario, session)}


@router.get("/api/v1/route/scenarios")
def scenarios(settings: SettingsDep) -> dict[str, Any]:
    """The what-if scenarios (name, version, title) that ``scenario`` accepts."""
    return {"ok": True, "items": list_scenarios(settings.logistics_data_dir or default_data_dir())}
