"""REST API v1: ``GET /api/v1/route``, the same route as ``cagateway route``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from cagateway.logistics import plan_route, plan_routes
from cagateway.web.deps import ReadSession, SettingsDep

router = APIRouter(tags=["logistics"])


@router.get("/api/v1/route")
def route(
    session: ReadSession,
    settings: SettingsDep,
    from_: Annotated[str, Query(alias="from", min_length=1, max_length=200, examples=["Altynkol"])],
    to: Annotated[str, Query(min_length=1, max_length=200, examples=["Baku"])],
    optimize: Annotated[str, Query(pattern="^(time|cost|co2)$")] = "time",
    avoid: Annotated[str, Query(examples=["RU"])] = "",
    scenario: str | None = None,
    tonnes: Annotated[float, Query(examples=[20])] = 1.0,
    modes: Annotated[str, Query(examples=["rail,ferry"])] = "",
    alternatives: Annotated[int, Query(ge=1, le=10)] = 1,
    pareto: bool = False,
) -> dict[str, Any]:
    """Days, USD and kg CO2e (well-to-wheel) between two places, leg by leg.

    With ``alternatives=K`` or ``pareto=true`` the body is ``{"routes": [...]}``.

    ``from``/``to``: UN/LOCODE, place name or ``lat,lon``. Unknown places give 404 ``unknown_place``; pairs with
    no path give 404 ``unreachable``; a negative tonnage gives 422 ``invalid_tonnage``.
    """
    options: dict[str, Any] = {
        "optimize": optimize, "avoid": [a for a in avoid.split(",") if a.strip()], "scenario": scenario,
        "tonnes": tonnes, "modes": [m for m in modes.split(",") if m.strip()], "session": session,
    }  # fmt: skip
    if alternatives > 1 or pareto:
        routes = plan_routes(settings, from_, to, alternatives=alternatives, pareto=pareto, **options)
        return {"ok": True, "routes": [r.as_dict() for r in routes]}
    return {"ok": True, **plan_route(settings, from_, to, **options).as_dict()}
