"""Table-shaped answers for the adapters: RCA (with PCI and density) of a country's products."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb
import numpy as np

from cagateway.trade.complexity import complexity, export_matrix
from cagateway.trade.errors import TradeInputError
from cagateway.trade.indicators import latest_year

__all__ = ["rca_table"]


def rca_table(
    con: duckdb.DuckDBPyConnection,
    country: Sequence[str],
    *,
    year: int | None = None,
    digits: int = 6,
    min_rca: float = 0.0,
    top: int = 25,
) -> dict[str, Any]:
    """A country's products by RCA (Balassa), each with its exports, PCI and the country's density in it."""
    if digits not in (2, 4, 6):
        raise TradeInputError.single("digits", "use 2, 4 or 6", digits)
    year = year or latest_year(con)
    countries, products, exports = export_matrix(con, year, digits)
    if len(country) != 1 or country[0] not in countries:
        raise TradeInputError.single("country", f"give one country that exports in {year}", list(country))
    c = countries.index(country[0])
    result = complexity(exports)
    order = np.lexsort((np.array(products), -result.rca[c]))
    items = [
        {
            "product": products[p],
            "rca": float(result.rca[c, p]),
            "exports": float(exports[c, p]),
            "world_share": float(exports[c, p] / exports[:, p].sum()),
            "pci": _num(result.pci[p]),
            "density": float(result.density[c, p]),
        }
        for p in order
        if result.rca[c, p] >= min_rca and exports[c, p] > 0
    ]
    return {
        "country": country[0],
        "year": year,
        "digits": digits,
        "eci": _num(result.eci[c]),
        "diversity": int(result.diversity[c]),
        "products_with_rca": int(result.mcp[c].sum()),
        "items": items[:top],
    }


def _num(value: float) -> float | None:
    return None if np.isnan(value) else float(value)
