"""OpenStreetMap railway and highway graphs from ``scgraph-data``, clipped to the region and cached as ``.npz``.

``scgraph-data`` ships each graph as a Python module holding two literals, ``graph=[{neighbour: km, ...}, ...]``
and ``nodes=[[lat, lon], ...]``. Importing it needs an older ``scgraph`` (``scgraph.core``) and builds millions
of Python objects, so we parse the two literals as JSON text instead, keep the nodes inside the bounding box and
store the clipped graph as plain arrays: the first use takes ~15 s, every later one a few milliseconds.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Final

import numpy as np
import numpy.typing as npt
from rich.progress import Progress

from cagateway.logistics.countries import assign_countries
from cagateway.logistics.errors import NetworkDataMissing
from cagateway.logistics.gaps import bridge_gaps

__all__ = ["BBOX", "OsmGraph", "load_osm_graph", "parse_scgraph_module"]

# lat_min, lat_max, lon_min, lon_max: Constanța/Brest in the west, Xi'an in the east, Gorgan in the south,
# Selyatino (Moscow) in the north.
BBOX: Final = (33.0, 57.0, 22.0, 112.0)
CACHE_VERSION: Final = 3
MAX_GAP_KM: Final = {"world_railways": 400.0, "world_highways": 150.0}
_KEY = re.compile(r"(\d+):")

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class OsmGraph:
    """One clipped graph: node coordinates and countries, undirected edges ``(u, v, km)`` listed once each;
    ``gap`` marks the edges added by :func:`bridge_gaps` where the extract has holes."""

    name: str
    lat: FloatArray
    lon: FloatArray
    country: npt.NDArray[np.str_]
    u: IntArray
    v: IntArray
    km: FloatArray
    gap: npt.NDArray[np.bool_]

    @property
    def node_count(self) -> int:
        return int(self.lat.size)


def parse_scgraph_module(text: str) -> tuple[list[dict[str, float]], list[list[float]]]:
    """The ``graph`` and ``nodes`` literals of a ``scgraph_data`` module, parsed as JSON (ints become str keys)."""
    try:
        graph_text = text[text.index("graph=") + 6 : text.index("\nnodes=")]
        start = text.index("nodes=") + 6
        nodes_text = text[start : text.index("\n", start)]
    except ValueError as exc:
        raise NetworkDataMissing(
            "the scgraph-data module has no graph=/nodes= literals; reinstall scgraph-data"
        ) from exc
    return json.loads(_KEY.sub(r'"\1":', graph_text)), json.loads(nodes_text)


def clip(
    graph: list[dict[str, float]], nodes: list[list[float]], bbox: tuple[float, float, float, float]
) -> tuple[FloatArray, FloatArray, IntArray, IntArray, FloatArray]:
    """Keep nodes inside ``bbox`` and edges between two kept nodes; renumber; drop self-loops and duplicates."""
    coords = np.asarray(nodes, dtype=np.float64)
    lat, lon = coords[:, 0], coords[:, 1]
    keep = (lat >= bbox[0]) & (lat <= bbox[1]) & (lon >= bbox[2]) & (lon <= bbox[3])
    new_id = np.full(lat.size, -1, dtype=np.int64)
    new_id[keep] = np.arange(int(keep.sum()))
    us: list[int] = []
    vs: list[int] = []
    kms: list[float] = []
    for old in np.flatnonzero(keep).tolist():
        a = int(new_id[old])
        for key, km in graph[old].items():
            b = int(new_id[int(key)])
            if b > a:  # both kept, each undirected edge once, no self-loop
                us.append(a)
                vs.append(b)
                kms.append(float(km))
    return lat[keep], lon[keep], np.asarray(us, np.int64), np.asarray(vs, np.int64), np.asarray(kms, np.float64)


def _cache_file(cache_dir: Path, name: str) -> Path:
    box = "_".join(f"{x:g}" for x in BBOX)
    return cache_dir / f"osm_{name}_v{CACHE_VERSION}_{box}.npz"


def _build(name: str, progress: Progress | None) -> OsmGraph:
    task = progress.add_task(f"OSM {name}: parse", total=3) if progress else None
    try:
        text = (files("scgraph_data") / f"{name}.py").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError) as exc:
        raise NetworkDataMissing(f"scgraph-data has no {name} graph; run `pip install scgraph-data`") from exc
    graph, nodes = parse_scgraph_module(text)
    if progress and task is not None:
        progress.update(task, advance=1, description=f"OSM {name}: clip to region")
    lat, lon, u, v, km = clip(graph, nodes, BBOX)
    del graph, nodes
    if progress and task is not None:
        progress.update(task, advance=1, description=f"OSM {name}: countries")
    country = assign_countries(lat, lon)
    gu, gv, gkm = bridge_gaps(lat, lon, country, u, v, max_km=MAX_GAP_KM[name])
    if progress and task is not None:
        progress.update(task, advance=1)
    gap = np.concatenate([np.zeros(u.size, bool), np.ones(gu.size, bool)])
    return OsmGraph(
        name, lat, lon, country, np.concatenate([u, gu]), np.concatenate([v, gv]), np.concatenate([km, gkm]), gap
    )


def load_osm_graph(name: str, cache_dir: Path, *, show_progress: bool = False) -> OsmGraph:
    """The clipped ``world_railways`` or ``world_highways`` graph, built and cached under ``cache_dir`` once."""
    path = _cache_file(cache_dir, name)
    if path.exists():
        with np.load(path, allow_pickle=False) as data:
            return OsmGraph(
                name, data["lat"], data["lon"], data["country"], data["u"], data["v"], data["km"], data["gap"]
            )
    with Progress(transient=True, disable=not show_progress) as progress:
        graph = _build(name, progress)
    cache_dir.mkdir(parents=True, exist_ok=True)
    # write then rename: a killed build leaves no half-written cache, and two processes never share a temp file
    tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp.npz")
    np.savez_compressed(
        tmp, lat=graph.lat, lon=graph.lon, country=graph.country, u=graph.u, v=graph.v, km=graph.km, gap=graph.gap
    )
    tmp.replace(path)
    return graph
