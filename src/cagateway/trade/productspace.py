"""The Harvard Atlas product space (HS 1992, four digits; binary links) and diversification by density.

Files (from ``../shared/data/product_space`` or a user's download of cid-harvard/product-space):
``product_space_hs4_nodes.csv`` (hs4, labels) and ``product_space_hs4_edges.csv`` (source_hs4, target_hs4).
The links carry no proximity weights, so density here is the share of a product's neighbours in which the
country has RCA >= 1: ``ω_cp = Σ_q∈N(p) M_cq / |N(p)|``. Trade data of a later HS revision is matched on its
four-digit heading as is; headings the 1992 space does not have are counted and reported, not guessed.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import numpy as np

from cagateway.trade.complexity import export_matrix, rca_matrix
from cagateway.trade.errors import TradeConfigurationError, TradeInputError

__all__ = ["ProductSpace", "diversification", "load_product_space"]

NODES = "product_space_hs4_nodes.csv"
EDGES = "product_space_hs4_edges.csv"


@dataclass(frozen=True)
class ProductSpace:
    """Nodes (HS 1992 four-digit headings with labels) and their undirected neighbours."""

    labels: dict[str, str]
    neighbours: dict[str, frozenset[str]]


def load_product_space(folder: Path) -> ProductSpace:
    """Read the product-space node and edge files from ``folder``."""
    nodes, edges = folder / NODES, folder / EDGES
    if not nodes.is_file() or not edges.is_file():
        raise TradeConfigurationError(
            f"No product space in {folder}: it needs {NODES} and {EDGES}. Point --product-space (or "
            "CAGATEWAY_PRODUCT_SPACE_DIR) at a folder with them, e.g. ../shared/data/product_space."
        )
    with nodes.open(encoding="utf-8", newline="") as handle:
        labels = {r["hs4"].zfill(4): r.get("short_label") or "" for r in csv.DictReader(handle)}
    links: dict[str, set[str]] = {code: set() for code in labels}
    with edges.open(encoding="utf-8", newline="") as handle:
        for r in csv.DictReader(handle):
            a, b = r["source_hs4"].zfill(4), r["target_hs4"].zfill(4)
            links.setdefault(a, set()).add(b)
            links.setdefault(b, set()).add(a)
    return ProductSpace(labels, {k: frozenset(v) for k, v in links.items()})


def density_scores(space: ProductSpace, present: set[str]) -> dict[str, tuple[float, int, int]]:
    """Per node: (density, neighbours with RCA >= 1, neighbours) for a country's set of RCA >= 1 headings."""
    scores = {}
    for code, near in space.neighbours.items():
        held = len(near & present)
        scores[code] = (held / len(near) if near else 0.0, held, len(near))
    return scores


def diversification(
    con: duckdb.DuckDBPyConnection, space: ProductSpace, country: Sequence[str], year: int, top: int = 25
) -> dict[str, Any]:
    """Headings the country does not yet export competitively, ranked by product-space density (a rank, not USD)."""
    countries, products, exports = export_matrix(con, year, digits=4)
    members = [countries.index(c) for c in country if c in countries]
    if not members:
        raise TradeInputError.single("country", f"no exports of {', '.join(country)} in {year}", list(country))
    # A group is treated as one exporter: its rows are summed before RCA.
    grouped = np.vstack([np.delete(exports, members, axis=0), exports[members].sum(axis=0)])
    rca = rca_matrix(grouped)[-1]
    present = {p for p, r in zip(products, rca, strict=True) if r >= 1.0}
    scores = density_scores(space, present)
    ranked = sorted(
        ((code, s) for code, s in scores.items() if code not in present and s[2] > 0), key=lambda x: (-x[1][0], x[0])
    )
    unmatched = [p for p in products if p not in space.labels]
    rca_of = dict(zip(products, rca.tolist(), strict=True))
    items = [
        {
            "rank": n + 1,
            "hs4": code,
            "label": space.labels.get(code, ""),
            "density": round(s[0], 4),
            "neighbours_held": s[1],
            "neighbours": s[2],
            "rca": round(rca_of.get(code, 0.0), 4),
        }
        for n, (code, s) in enumerate(ranked[:top])
    ]
    return {
        "country": list(country),
        "year": year,
        "classification": "HS 1992 four-digit headings (Atlas product space); data headings matched as is",
        "headings_with_rca": len(present),
        "data_headings_not_in_space": len(unmatched),
        "items": items,
    }
