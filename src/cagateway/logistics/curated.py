"""The curated corridor layer authored in ``data/logistics/``: nodes, links, capacity sections, corridors, params.

Every row has a ``source``; figures we could not find published say ``assumption`` there, with the reasoning.
"""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cagateway.logistics.errors import NetworkDataMissing

__all__ = ["CuratedLayer", "CuratedLink", "CuratedNode", "Section", "default_data_dir", "load_curated"]


def default_data_dir() -> Path:
    """``data/logistics`` of the source tree (the package is installed editable from it)."""
    return Path(__file__).resolve().parents[3] / "data" / "logistics"


@dataclass(frozen=True)
class CuratedNode:
    id: str
    name: str
    kind: str
    country: str
    lat: float
    lon: float
    layers: tuple[str, ...]
    dwell_h: float
    handling_usd_t: float
    source: str


@dataclass(frozen=True)
class CuratedLink:
    id: str
    from_id: str
    to_id: str
    kind: str  # gauge_change | ferry | rail | road
    mode: str  # rail | road | ferry
    km: float | None
    hours: float
    interval_h: float
    fee_usd_t: float
    sections: tuple[str, ...]
    source: str
    port_h: float | None = None  # a ferry's port time per call; None: params [ferry] port_call_hours


@dataclass(frozen=True)
class Section:
    """A capacity-bearing part of the network: a crossing, a line (OSM path between two nodes) or a corridor."""

    id: str
    name: str
    kind: str
    capacity_t_year: float | None
    capacity_year: str
    path_from: str
    path_to: str
    source: str


@dataclass
class CuratedLayer:
    nodes: dict[str, CuratedNode]
    links: dict[str, CuratedLink]
    sections: dict[str, Section]
    corridors: dict[str, tuple[str, list[str]]]  # name -> (mode, waypoint node ids)
    params: dict[str, Any]
    scenario: str = "base"
    notes: list[str] = field(default_factory=list)


def _rows(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        raise NetworkDataMissing(f"curated corridor file {path} is missing; set CAGATEWAY_LOGISTICS_DATA_DIR")
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _float(raw: str | None, default: float | None = None) -> float | None:
    return float(raw) if raw not in (None, "") else default


def parse_node(row: dict[str, str]) -> CuratedNode:
    return CuratedNode(
        id=row["id"], name=row["name"], kind=row["kind"], country=row["country"],
        lat=float(row["lat"]), lon=float(row["lon"]),
        layers=tuple(x for x in row.get("layers", "").split("|") if x),
        dwell_h=_float(row.get("dwell_h"), 0.0) or 0.0,
        handling_usd_t=_float(row.get("handling_usd_t"), 0.0) or 0.0,
        source=row.get("source", ""),
    )  # fmt: skip


def parse_link(row: dict[str, Any]) -> CuratedLink:
    sections = row.get("sections") or ""
    return CuratedLink(
        id=str(row["id"]), from_id=str(row["from"]), to_id=str(row["to"]), kind=str(row["kind"]),
        mode=str(row["mode"]), km=_float(str(row.get("km", "") or "")),
        hours=_float(str(row.get("hours", "") or ""), 0.0) or 0.0,
        interval_h=_float(str(row.get("interval_h", "") or ""), 0.0) or 0.0,
        fee_usd_t=_float(str(row.get("fee_usd_t", "") or ""), 0.0) or 0.0,
        sections=tuple(sections) if isinstance(sections, list) else tuple(x for x in sections.split("|") if x),
        source=str(row.get("source", "")),
        port_h=_float(str(row.get("port_h", "") or "")),
    )  # fmt: skip


def parse_section(row: dict[str, Any]) -> Section:
    return Section(
        id=str(row["id"]), name=str(row.get("name", row["id"])), kind=str(row.get("kind", "line")),
        capacity_t_year=_float(str(row.get("capacity_t_year", "") or "")),
        capacity_year=str(row.get("capacity_year", "")), path_from=str(row.get("path_from", "") or ""),
        path_to=str(row.get("path_to", "") or ""), source=str(row.get("source", "")),
    )  # fmt: skip


def load_curated(data_dir: Path) -> CuratedLayer:
    """Read the four CSV files and ``params.toml`` of the corridor layer."""
    nodes = {row["id"]: parse_node(row) for row in _rows(data_dir / "nodes.csv")}
    links = {row["id"]: parse_link(row) for row in _rows(data_dir / "links.csv")}
    sections = {row["id"]: parse_section(row) for row in _rows(data_dir / "sections.csv")}
    corridors: dict[str, tuple[str, list[str]]] = {}
    for row in sorted(_rows(data_dir / "corridors.csv"), key=lambda r: (r["corridor"], int(r["seq"]))):
        corridors.setdefault(row["corridor"], (row["mode"], []))[1].append(row["node"])
    params_path = data_dir / "params.toml"
    if not params_path.exists():
        raise NetworkDataMissing(f"{params_path} is missing; set CAGATEWAY_LOGISTICS_DATA_DIR")
    params = tomllib.loads(params_path.read_text(encoding="utf-8"))
    return CuratedLayer(nodes, links, sections, corridors, params)
