"""The route planner page: FROM → TO in any script, optimising time, cost or CO2, with the legs and a map.

A thin adapter over :func:`cagateway.cooperation.delivery.resolve_endpoint` (``producer:ID`` or a place) and
:func:`cagateway.logistics.plan_route`, the same calls as ``GET /api/v1/route``; an unknown place or an
unreachable pair is shown on the page with the message the API gives.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from cagateway.cooperation.delivery import resolve_endpoint
from cagateway.errors import GatewayError, InvalidInput
from cagateway.logistics import OBJECTIVES, plan_route, route_line
from cagateway.web.deps import ReadSession, SettingsDep
from cagateway.web.portal.maps import Corridor, MapPoint, corridors, map_view
from cagateway.web.portal.render import render

router = APIRouter(include_in_schema=False)


@router.get("/route", response_class=HTMLResponse)
def route_page(
    request: Request,
    session: ReadSession,
    settings: SettingsDep,
    from_: Annotated[str, Query(alias="from", max_length=200)] = "",
    to: Annotated[str, Query(max_length=200)] = "",
    optimize: Annotated[str, Query(max_length=10)] = "time",
    avoid: Annotated[str, Query(max_length=200)] = "",
) -> HTMLResponse:
    """The planner's form; with FROM and TO, the route's totals, its legs and its line on the map."""
    form = {"from": from_.strip(), "to": to.strip(), "optimize": optimize, "avoid": avoid.strip()}
    context: dict[str, Any] = {"form": form, "objectives": OBJECTIVES, "route": None, "error": None}
    lines: list[Corridor] = list(corridors(settings.logistics_data_dir))
    points: list[MapPoint] = []
    status = 200
    if form["from"] and form["to"]:
        try:
            if optimize not in OBJECTIVES:
                raise InvalidInput.single("optimize", f"one of {', '.join(OBJECTIVES)}", optimize)
            a, b = resolve_endpoint(session, form["from"], "from"), resolve_endpoint(session, form["to"], "to")
            avoided = [part.strip() for part in form["avoid"].split(",") if part.strip()]
            route = plan_route(settings, a, b, optimize=optimize, avoid=avoided, session=session)
        except GatewayError as exc:
            context["error"] = exc.message
            status = exc.status
        else:
            context["route"] = route.as_dict()
            lines.append(
                Corridor(
                    f"{route.origin.label} → {route.destination.label}", "route", tuple(route_line(settings, route))
                )
            )
            points = [
                MapPoint(route.origin.lat, route.origin.lon, route.origin.label),
                MapPoint(route.destination.lat, route.destination.lon, route.destination.label),
            ]
    context["view"] = map_view(points, lines)
    return render(request, session, "route.html", context, status=status)
