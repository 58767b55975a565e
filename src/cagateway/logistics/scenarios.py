"""Scenarios: named, versioned TOML overlays on the curated layer (``data/logistics/scenarios/NAME.toml``).

An overlay may set section capacities (``[[sections]]`` with ``capacity_t_year`` or ``capacity_factor``), change
or add links (``[[links]]``, ``[[new_links]]``), add sections (``[[new_sections]]``) and override ``[params]``.
Naming a section, link or node the network does not have is an error, never silently ignored.
"""

from __future__ import annotations

import copy
import dataclasses
import re
import tomllib
from pathlib import Path
from typing import Any

from cagateway.errors import FieldError
from cagateway.logistics.curated import CuratedLayer, parse_link, parse_section
from cagateway.logistics.errors import ScenarioInvalid, UnknownScenario

__all__ = ["apply_scenario", "list_scenarios", "load_scenario"]


def list_scenarios(data_dir: Path) -> list[dict[str, Any]]:
    """Name, version and title of every scenario file."""
    out = []
    for path in sorted((data_dir / "scenarios").glob("*.toml")):
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
        out.append({"name": path.stem, "version": doc.get("version"), "title": doc.get("title", "")})
    return out


_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,99}")


def load_scenario(data_dir: Path, name: str) -> dict[str, Any]:
    """The overlay called ``name``; a name that is not a plain file name (``../x``) is unknown, never opened."""
    path = data_dir / "scenarios" / f"{name}.toml"
    if not _NAME.fullmatch(name) or not path.is_file():
        known = ", ".join(s["name"] for s in list_scenarios(data_dir)) or "none"
        raise UnknownScenario(f"scenario: no scenario called {name!r}; known scenarios: {known}")
    return tomllib.loads(path.read_text(encoding="utf-8"))


def apply_scenario(base: CuratedLayer, name: str, doc: dict[str, Any]) -> CuratedLayer:
    """A copy of ``base`` with the overlay applied; :class:`ScenarioInvalid` lists every unknown reference."""
    layer = copy.deepcopy(base)
    problems: list[FieldError] = []
    for row in doc.get("new_sections", []):
        layer.sections[row["id"]] = parse_section(row)
    for row in doc.get("sections", []):
        section = layer.sections.get(row["id"])
        if section is None:
            problems.append(FieldError("sections", "no such section", row["id"]))
            continue
        capacity = row.get("capacity_t_year", section.capacity_t_year)
        if "capacity_factor" in row and capacity is not None:
            capacity = capacity * float(row["capacity_factor"])
        layer.sections[row["id"]] = dataclasses.replace(section, capacity_t_year=capacity)
    for row in doc.get("links", []):
        link = layer.links.get(row["id"])
        if link is None:
            problems.append(FieldError("links", "no such link", row["id"]))
            continue
        layer.links[row["id"]] = dataclasses.replace(link, **{k: v for k, v in row.items() if k != "id"})
    for row in doc.get("new_links", []):
        for end in ("from", "to"):
            if row[end] not in layer.nodes:
                problems.append(FieldError("new_links", f"{end} node does not exist", row[end]))
        problems += [FieldError("new_links", "section does not exist", s) for s in row.get("sections", [])
                     if s not in layer.sections]  # fmt: skip
        layer.links[row["id"]] = parse_link(row)
    for group, values in doc.get("params", {}).items():
        if group not in layer.params:
            problems.append(FieldError("params", "no such parameter group", group))
            continue
        layer.params[group].update(values)
    if problems:
        raise ScenarioInvalid(f"scenario {name!r} names things the network does not have", problems)
    layer.scenario = f"{name} v{doc.get('version', 1)}"
    return layer
