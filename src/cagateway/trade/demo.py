"""Generated bilateral HS6 flows for demonstration: a gravity model calibrated to the region's published figures.

No real bilateral data is available offline, so ``cagateway trade demo`` writes a dataset whose every row says
``generated = true`` (and whose Parquet metadata says ``generated: True``). Flows follow gravity
(exporter GDP^0.9 × importer GDP^0.8 / distance^1.1 × a product affinity of the exporter × a product demand of
the importer); the sums of the calibration groups below are then scaled, year by year, to the figures quoted in
FACTS.md §6 for the last year and grown backwards at the quoted rates.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import duckdb
import numpy as np
import pyarrow as pa

from cagateway.trade.codes import CENTRAL_ASIA, hs2022_subheadings
from cagateway.trade.errors import TradeInputError
from cagateway.trade.store import DatasetInfo, TradeStore

__all__ = ["CALIBRATION", "COUNTRIES", "DemoSpec", "generate_demo_flows"]

# ISO3: (GDP in USD bn, about 2023; capital latitude, longitude)
COUNTRIES: dict[str, tuple[float, float, float]] = {
    "KAZ": (260, 51.17, 71.43), "UZB": (90, 41.30, 69.24), "KGZ": (13, 42.87, 74.59), "TJK": (12, 38.56, 68.78),
    "TKM": (60, 37.95, 58.38), "RUS": (2000, 55.75, 37.62), "CHN": (17800, 39.90, 116.40),
    "TUR": (1100, 39.93, 32.86), "IRN": (400, 35.70, 51.40), "AZE": (72, 40.40, 49.87), "GEO": (30, 41.70, 44.80),
    "DEU": (4400, 52.50, 13.40), "ITA": (2200, 41.90, 12.50), "KOR": (1700, 37.57, 126.98),
    "IND": (3500, 28.60, 77.20), "USA": (27000, 38.90, -77.00), "AFG": (15, 34.50, 69.20), "PAK": (340, 33.70, 73.10),
    "ARE": (500, 24.45, 54.38), "BLR": (70, 53.90, 27.57), "UKR": (170, 50.45, 30.52), "JPN": (4200, 35.68, 139.69),
    "NLD": (1100, 52.37, 4.90), "FRA": (3000, 48.86, 2.35),
}  # fmt: skip

# What each country is known to export (FACTS-independent common knowledge): boosted affinities.
SPECIALTIES: dict[str, tuple[str, ...]] = {
    "KAZ": ("270900", "271121", "260300", "740311", "720241", "284410", "100199", "110100", "790111", "260111"),
    "UZB": ("520100", "520512", "710812", "271121", "080620", "310230", "740311", "070310", "080929"),
    "KGZ": ("710812", "261690", "070820", "080929", "610910"),
    "TJK": ("760110", "520100", "261690", "080620", "260800"),
    "TKM": ("271121", "520100", "271012", "310210", "390210"),
    "RUS": ("270900", "271019", "720712", "100199", "440712", "310520", "271121"),
    "CHN": ("851762", "847130", "870380", "610910", "940360", "732690", "841510", "871200"),
}

# (name, exporters, importers, last-year total in USD, growth over the span): FACTS.md §6.
CALIBRATION: tuple[tuple[str, str, str, float, float], ...] = (
    ("intraregional", "CA", "CA", 10.6e9, 1.8),  # "> $10.6B (+80% in five years)"
    ("KAZ-RUS", "KAZ", "RUS", 27.5e9, 1.2),  # "Kazakhstan-Russia $27-28B", both directions
    ("other CA-RUS", "CA-KAZ", "RUS", 23.0e9, 1.2),  # "Central Asia-Russia > $50B (+20%)"
    ("KAZ-CHN", "KAZ", "CHN", 44.0e9, 1.5),  # "Kazakhstan-China $44B"
    ("other CA-CHN", "CA-KAZ", "CHN", 51.0e9, 1.5),  # "China ... $95B"
    ("CA-other", "CA", "OTHER", 81.4e9, 1.3),  # China ≈ 40% of foreign trade: 237.5B total less the above
    ("rest-rest", "REST", "REST", 7.0e12, 1.15),  # the partners among themselves: world totals for RCA
)
MIRROR_YEARS = {"TKM": None, "TJK": (2021, 2022)}  # None = every year: Turkmenistan does not report
CIF_UPLIFT = 1.06  # a partner's import (CIF) report exceeds the exporter's FOB value by freight and insurance


@dataclass(frozen=True)
class DemoSpec:
    """Size of the generated dataset."""

    first_year: int = 2019
    years: int = 5
    products: int = 200
    seed: int = 7


def _members(group: str) -> set[str]:
    rest = set(COUNTRIES) - set(CENTRAL_ASIA)
    groups = {
        "CA": set(CENTRAL_ASIA),
        "CA-KAZ": set(CENTRAL_ASIA) - {"KAZ"},
        "REST": rest,
        "OTHER": rest - {"RUS", "CHN"},
    }
    return groups.get(group, {group})


def _products(spec: DemoSpec, rng: np.random.Generator) -> list[str]:
    special = sorted({c for codes in SPECIALTIES.values() for c in codes} & hs2022_subheadings())
    pool = sorted(hs2022_subheadings() - set(special))
    extra = max(0, spec.products - len(special))
    return special + sorted(rng.choice(pool, size=extra, replace=False).tolist())


def _distance(a: str, b: str) -> float:
    _, lat1, lon1 = COUNTRIES[a]
    _, lat2, lon2 = COUNTRIES[b]
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    cos = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)
    return max(300.0, 6371.0 * math.acos(max(-1.0, min(1.0, cos))))


def _base(codes: list[str], products: list[str], rng: np.random.Generator) -> np.ndarray:
    """Unscaled flows [exporter, importer, product]: gravity × affinity × demand, sparse by country size."""
    gdp = np.array([COUNTRIES[c][0] for c in codes])
    breadth = np.clip(0.08 + 0.12 * np.log10(gdp), 0.1, 0.8)
    affinity = rng.lognormal(0.0, 1.5, (len(codes), len(products)))
    affinity *= rng.random((len(codes), len(products))) < breadth[:, None]
    index = {p: n for n, p in enumerate(products)}
    for c, specials in SPECIALTIES.items():
        for p in specials:
            if p in index:
                affinity[codes.index(c), index[p]] = 40.0 * rng.lognormal(0.0, 0.3)
    demand = rng.lognormal(0.0, 0.7, (len(codes), len(products))) * (rng.random((len(codes), len(products))) < 0.6)
    dist = np.array([[_distance(a, b) for b in codes] for a in codes])
    gravity = gdp[:, None] ** 0.9 * gdp[None, :] ** 0.8 / dist**1.1
    np.fill_diagonal(gravity, 0.0)
    flows: np.ndarray = np.asarray(gravity[:, :, None] * affinity[:, None, :] * demand[None, :, :], dtype=float)
    return flows


def _pair_mask(codes: list[str], exporters: set[str], importers: set[str]) -> np.ndarray:
    """Pairs of a calibration group, in both directions (turnover), never a country with itself."""
    e = np.array([c in exporters for c in codes])
    i = np.array([c in importers for c in codes])
    mask: np.ndarray = (e[:, None] & i[None, :]) | (i[:, None] & e[None, :])
    np.fill_diagonal(mask, False)
    return mask


def _calibrate(year_flows: np.ndarray, codes: list[str], step: float) -> np.ndarray:
    """Scale each group's pairs so their sum meets its target for a year ``step`` (0..1) of the span."""
    out = year_flows.copy()
    for _, exp, imp, target, growth in CALIBRATION:
        a, b = _members(exp), _members(imp)
        mask = _pair_mask(codes, a, b)
        if a == b:  # a group with itself: pairs inside the group only
            inside = np.array([c in a for c in codes])
            mask = inside[:, None] & inside[None, :]
            np.fill_diagonal(mask, False)
        total = out[mask].sum()
        if total > 0:
            out[mask] *= target * growth ** (step - 1.0) / total
    return out


def _rows(spec: DemoSpec) -> pa.Table:
    rng = np.random.default_rng(spec.seed)
    codes = list(COUNTRIES)
    products = _products(spec, rng)
    base = _base(codes, products, rng)
    columns: dict[str, list[object]] = {k: [] for k in ("year", "exporter", "importer", "hs6", "value", "basis")}
    mirror: list[bool] = []
    for n in range(spec.years):
        year = spec.first_year + n
        noisy = base * rng.lognormal(0.0, 0.1, base.shape)
        flows = _calibrate(noisy, codes, n / max(1, spec.years - 1))
        i, j, k = np.nonzero(flows >= 50_000.0)  # below USD 50k a flow is dropped, as small as BACI's noise
        for a, b, p in zip(i.tolist(), j.tolist(), k.tolist(), strict=True):
            exporter = codes[a]
            years = MIRROR_YEARS.get(exporter, ())
            is_mirror = exporter in MIRROR_YEARS and (years is None or year in years)
            value = float(flows[a, b, p]) * (CIF_UPLIFT if is_mirror else 1.0)
            for key, item in zip(columns, (year, exporter, codes[b], products[p], round(value, 2)), strict=False):
                columns[key].append(item)
            columns["basis"].append("importer" if is_mirror else "generated")
            mirror.append(is_mirror)
    table = pa.table({**{k: pa.array(v) for k, v in columns.items()}, "mirror": pa.array(mirror, pa.bool_())})
    return table


def generate_demo_flows(store: TradeStore, spec: DemoSpec, dataset: str = "demo") -> DatasetInfo:
    """Write the generated dataset ``dataset`` (every row ``generated = true``); returns what was stored."""
    if not 1 <= spec.years <= 30 or not 20 <= spec.products <= 5000:
        raise TradeInputError.single("--years/--products", "use 1-30 years and 20-5000 products", spec)
    table = _rows(spec)
    con = duckdb.connect()
    con.register("demo_rows", table)
    metadata = {
        "source": "generated",
        "generated": True,
        "hs_revision": "HS22",
        "method": "gravity (GDP^0.9 x GDP^0.8 / distance^1.1 x product affinity x demand), calibrated to FACTS.md",
        "calibration": [
            {"group": g, "exporters": e, "importers": i, "last_year_usd": t, "growth": r}
            for g, e, i, t, r in CALIBRATION
        ],
        "mirror": "TKM every year, TJK 2021-2022: importer-reported (CIF) values",
        "seed": spec.seed,
    }
    info = store.write(con, dataset, "SELECT *, NULL::DOUBLE AS quantity, TRUE AS generated FROM demo_rows", metadata)
    con.close()
    return info
