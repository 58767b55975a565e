"""Capacity-aware assignment of yearly flows: a path-based linear programme solved by HiGHS (scipy ``linprog``).

Each flow (origin, destination, tonnes a year) may use any of its candidate paths; a path uses a set of capacity
sections. Minimise Σ cost × tonnes + a high penalty per unserved tonne, subject to Σ flows through a section ≤ its
capacity. Candidate paths come from the router: the cheapest path, then the cheapest avoiding each capacitated
section on it (one level of deviation). With every simple path as a candidate the LP is the exact multi-commodity
min-cost flow (tests check this against networkx).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import lil_matrix

from cagateway.errors import ConfigurationError
from cagateway.logistics.routing import check_tonnes

__all__ = ["Assignment", "PathOption", "SectionLoad", "solve_assignment"]

UNSERVED_PENALTY = 1e6  # USD per tonne left unserved: far above any path cost, so capacity is used first


@dataclass(frozen=True)
class PathOption:
    """One candidate path of one flow: its cost per tonne and the capacity sections it uses."""

    cost_per_t: float
    sections: frozenset[str]
    label: str = ""


@dataclass(frozen=True)
class SectionLoad:
    section: str
    flow_t: float
    capacity_t: float

    @property
    def utilisation(self) -> float:
        return self.flow_t / self.capacity_t if self.capacity_t > 0 else float("inf")


@dataclass(frozen=True)
class Assignment:
    """Tonnes per flow and path, unserved tonnes, and the load on each capacitated section."""

    path_flows: list[list[float]]
    unserved: list[float]
    loads: list[SectionLoad]
    total_cost: float

    def bottlenecks(self, threshold: float = 0.999) -> list[SectionLoad]:
        """Sections at (or within 0.1% of) capacity, fullest first."""
        return sorted((s for s in self.loads if s.utilisation >= threshold), key=lambda s: -s.utilisation)


def solve_assignment(demands: Sequence[float], options: Sequence[Sequence[PathOption]],
                     capacities: dict[str, float]) -> Assignment:  # fmt: skip
    """Assign ``demands[i]`` tonnes over ``options[i]`` honouring ``capacities`` (section → tonnes a year)."""
    for tonnes in demands:
        check_tonnes(tonnes)
    columns = [(i, j) for i, opts in enumerate(options) for j in range(len(opts))]
    n_paths, n_flows = len(columns), len(demands)
    cost = np.array([options[i][j].cost_per_t for i, j in columns] + [UNSERVED_PENALTY] * n_flows)
    a_eq = lil_matrix((n_flows, n_paths + n_flows))
    for col, (i, _) in enumerate(columns):
        a_eq[i, col] = 1.0
    for i in range(n_flows):
        a_eq[i, n_paths + i] = 1.0
    sections = sorted(capacities)
    a_ub = lil_matrix((len(sections), n_paths + n_flows))
    for row, section in enumerate(sections):
        for col, (i, j) in enumerate(columns):
            if section in options[i][j].sections:
                a_ub[row, col] = 1.0
    result = linprog(
        cost, A_ub=a_ub.tocsr() if sections else None, b_ub=[capacities[s] for s in sections] if sections else None,
        A_eq=a_eq.tocsr(), b_eq=list(demands), bounds=(0, None), method="highs",
    )  # fmt: skip
    if result.status != 0:
        raise ConfigurationError(f"the assignment LP failed: {result.message}")
    x = np.maximum(result.x, 0.0)
    flows: list[list[float]] = [[0.0] * len(opts) for opts in options]
    for col, (i, j) in enumerate(columns):
        flows[i][j] = float(x[col])
    through = a_ub.tocsr() @ x if sections else np.zeros(0)
    loads = [SectionLoad(s, float(through[row]), capacities[s]) for row, s in enumerate(sections)]
    served_cost = float(cost[:n_paths] @ x[:n_paths])
    return Assignment(flows, [float(v) for v in x[n_paths:]], loads, served_cost)
