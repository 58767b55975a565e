"""Revealed comparative advantage and economic complexity (the Atlas / ``ecomplexity`` definitions).

- RCA (Balassa): ``(x_cp / X_c) / (X_p / X_w)``; presence ``M_cp = RCA >= 1``.
- Diversity ``k_c = Σ_p M_cp``, ubiquity ``k_p = Σ_c M_cp``.
- Proximity ``φ_pq = min(P(M_p | M_q), P(M_q | M_p)) = (MᵀM)_pq / max(k_p, k_q)``.
- Density ``ω_cp = Σ_q M_cq φ_pq / Σ_q φ_pq``.
- ECI/PCI: the eigenvector of the second-largest eigenvalue of ``M̃ = (M/k_p)ᵀ (M/k_c)``, signed to correlate
  with diversity, then both normalised by the mean and standard deviation of ECI (as ``ecomplexity`` does, so
  that a country's ECI is the mean PCI of its products).

A test checks every quantity against ``ecomplexity`` on the same input.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np

__all__ = ["ComplexityResult", "complexity", "export_matrix", "rca_matrix"]


def export_matrix(
    con: duckdb.DuckDBPyConnection, year: int, digits: int = 6
) -> tuple[list[str], list[str], np.ndarray]:
    """Exports by exporter × product (HS at ``digits``) for ``year``: (countries, products, matrix)."""
    rows = con.execute(
        f"SELECT exporter, left(hs6, {digits}) AS p, sum(value) FROM flows WHERE year = ? GROUP BY 1, 2", [year]
    ).fetchall()
    countries = sorted({r[0] for r in rows})
    products = sorted({r[1] for r in rows})
    ci = {c: n for n, c in enumerate(countries)}
    pi = {p: n for n, p in enumerate(products)}
    matrix = np.zeros((len(countries), len(products)))
    for c, p, v in rows:
        matrix[ci[c], pi[p]] += float(v)
    return countries, products, matrix


def rca_matrix(exports: np.ndarray) -> np.ndarray:
    """Balassa RCA of a countries × products export matrix (0 where a country or product has no exports)."""
    by_country = exports.sum(axis=1, keepdims=True)
    by_product = exports.sum(axis=0, keepdims=True)
    world = exports.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        rca = (exports / by_country) / (by_product / world)
    result: np.ndarray = np.nan_to_num(rca, nan=0.0, posinf=0.0)
    return result


@dataclass(frozen=True)
class ComplexityResult:
    """RCA, presence, diversity, ubiquity, proximity, density, ECI and PCI of one year's export matrix."""

    rca: np.ndarray
    mcp: np.ndarray
    diversity: np.ndarray
    ubiquity: np.ndarray
    proximity: np.ndarray
    density: np.ndarray
    eci: np.ndarray
    pci: np.ndarray


def _eci_pci(mcp: np.ndarray, diversity: np.ndarray, ubiquity: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    eci = np.full(mcp.shape[0], np.nan)
    pci = np.full(mcp.shape[1], np.nan)
    rows, cols = diversity > 0, ubiquity > 0
    m = mcp[rows][:, cols]
    m1 = m / diversity[rows][:, None]
    m2 = m / ubiquity[cols][None, :]
    mpp = m2.T @ m1
    if min(m.shape) < 2:  # no second eigenvector: complexity is undefined
        return eci, pci
    values, vectors = np.linalg.eig(mpp)
    kp = np.real(vectors[:, np.argsort(np.real(values))[-2]])
    kc = m1 @ kp
    # Equal diversities (or a constant eigenvector) leave the correlation, and so ECI, undefined: NaN, not a warning.
    with np.errstate(divide="ignore", invalid="ignore"):
        sign = np.sign(np.corrcoef(diversity[rows], kc)[0, 1]) if np.ptp(diversity[rows]) > 0 else np.nan
        if np.isnan(sign):
            return eci, pci
        eci[rows], pci[cols] = sign * kc, sign * kp
        mean, std = np.nanmean(eci), np.nanstd(eci)
        return (eci - mean) / std, (pci - mean) / std


def complexity(exports: np.ndarray, threshold: float = 1.0) -> ComplexityResult:
    """Every complexity measure of a countries × products export matrix (one year)."""
    rca = rca_matrix(exports)
    mcp = (rca >= threshold).astype(float)
    diversity, ubiquity = mcp.sum(axis=1), mcp.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        conditional = (mcp.T @ mcp) / ubiquity[None, :]
    conditional = np.nan_to_num(conditional)
    proximity = np.minimum(conditional, conditional.T)
    with np.errstate(divide="ignore", invalid="ignore"):
        density = np.nan_to_num((mcp @ proximity.T) / proximity.sum(axis=1)[None, :])
    eci, pci = _eci_pci(mcp, diversity, ubiquity)
    return ComplexityResult(rca, mcp, diversity, ubiquity, proximity, density, eci, pci)
