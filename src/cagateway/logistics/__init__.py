"""Corridor logistics: multimodal routes (time, cost, CO2), capacity assignment and scenarios.

Stands alone except for :mod:`cagateway.reference` (UN/LOCODE places), :mod:`cagateway.config` and the errors.
"""

from cagateway.logistics.capacity import Assignment, PathOption, SectionLoad, solve_assignment
from cagateway.logistics.errors import (
    InvalidTonnage,
    NetworkDataMissing,
    ScenarioInvalid,
    UnknownPlace,
    UnknownScenario,
    Unreachable,
)
from cagateway.logistics.places import Place
from cagateway.logistics.routing import OBJECTIVES, Leg, Route, Router
from cagateway.logistics.scenarios import list_scenarios
from cagateway.logistics.services import (
    Flow,
    assign_flows,
    compare_assignment,
    compare_route,
    get_router,
    plan_route,
    plan_routes,
    plan_routes_to,
    route_line,
)

__all__ = [
    "OBJECTIVES",
    "Assignment",
    "Flow",
    "InvalidTonnage",
    "Leg",
    "NetworkDataMissing",
    "PathOption",
    "Place",
    "Route",
    "Router",
    "ScenarioInvalid",
    "SectionLoad",
    "UnknownPlace",
    "UnknownScenario",
    "Unreachable",
    "assign_flows",
    "compare_assignment",
    "compare_route",
    "get_router",
    "list_scenarios",
    "plan_route",
    "plan_routes",
    "plan_routes_to",
    "route_line",
    "solve_assignment",
]
