"""Facet links of the search page: every value a link that narrows (or, when active, widens) the results."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from cagateway.registry.browse import HsNode
from cagateway.search.facets import CAPACITY_STEPS, Refinements

__all__ = ["FILTER_KEYS", "Facet", "FacetValue", "build_facets", "search_href"]

FILTER_KEYS = ("q", "country", "region", "hs", "tier", "certificate", "min_capacity", "to")  # to: delivered to
TIERS = ("registry_matched", "documents_checked", "site_visited")
MAX_VALUES = 15


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    href: str
    active: bool = False
    children: tuple[FacetValue, ...] = ()


@dataclass
class Facet:
    key: str
    values: list[FacetValue] = field(default_factory=list)
    clear_href: str | None = None


def search_href(params: dict[str, str], **changes: str | None) -> str:
    """``/search`` with ``params`` changed by ``changes`` (None removes a key); any change starts at page 1."""
    merged = {k: v for k, v in ({**params, **changes}).items() if v and k in FILTER_KEYS}
    if "country" in changes and changes["country"] != params.get("country"):
        merged.pop("region", None)  # a region belongs to one country
    return "/search" + ("?" + urlencode(merged) if merged else "")


_ACRONYMS = frozenset({"iso", "eac", "gost", "haccp", "ce", "gmp", "fssc", "brc", "ifs", "st"})


def _certificate_label(kind: str) -> str:
    """``iso 9001`` → ``ISO 9001``: the index keeps certificate kinds folded to lower case."""
    return " ".join(w.upper() if w in _ACRONYMS else w.capitalize() for w in kind.split())


def _value(params: dict[str, str], key: str, value: str, label: str, count: int) -> FacetValue:
    active = params.get(key) == value
    return FacetValue(value, label, count, search_href(params, **{key: None if active else value}), active)


def _facet(params: dict[str, str], key: str, values: list[FacetValue]) -> Facet:
    clear = search_href(params, **{key: None}) if params.get(key) else None
    return Facet(key, values[:MAX_VALUES], clear)


def _hs_facet(
    params: dict[str, str], refine: Refinements, names: dict[str, HsNode], sections: dict[str, HsNode], lang: str
) -> Facet:
    current = params.get("hs", "")
    level = len(current) + 2 if current else 2
    codes = sorted(c for c in refine.hs if len(c) == level and c.startswith(current))
    values = [_value(params, "hs", c, f"{c} {names[c].name(lang) if c in names else ''}", refine.hs[c]) for c in codes]
    if current:
        return _facet(params, "hs", sorted(values, key=lambda v: -v.count))
    grouped = []
    for code, section in sorted(sections.items(), key=lambda kv: -refine.section.get(kv[0], 0)):
        children = tuple(v for v in values if refine.chapter_sections.get(v.value) == code)
        if refine.section.get(code):
            label = f"{code}. {section.name(lang)}"
            grouped.append(FacetValue(code, label, refine.section[code], children[0].href, False, children))
    return _facet(params, "hs", grouped)


def build_facets(
    params: dict[str, str],
    counts: dict[str, dict[str, int]],
    refine: Refinements,
    labels: dict[str, dict[str, str]],
    names: dict[str, HsNode],
    sections: dict[str, HsNode],
    lang: str,
) -> list[Facet]:
    """The facets in display order: country, region, HS, verification tier, certificate, capacity."""
    country = [_value(params, "country", c, labels["country"].get(c, c), n) for c, n in counts["country"].items()]
    regions = sorted(refine.region.items(), key=lambda kv: -kv[1])
    if params.get("country"):
        regions = [(c, n) for c, n in regions if c.startswith(params["country"].upper() + "-")]
    region = [_value(params, "region", c, labels["region"].get(c, c), n) for c, n in regions]
    tier_counts = counts["tier"]
    tiers = [(t, sum(tier_counts.get(u, 0) for u in TIERS[TIERS.index(t) :])) for t in TIERS]
    tier = [_value(params, "tier", t, t, n) for t, n in tiers if n]
    certs = sorted(refine.certificate.items(), key=lambda kv: -kv[1])
    cert = [_value(params, "certificate", c, _certificate_label(c), n) for c, n in certs]
    steps = [(f"{s:g}", n) for s in CAPACITY_STEPS if (n := refine.capacity.get(s, 0))]
    capacity = [_value(params, "min_capacity", s, s, n) for s, n in steps]
    return [
        _facet(params, "country", country),
        _facet(params, "region", region),
        _hs_facet(params, refine, names, sections, lang),
        _facet(params, "tier", tier),
        _facet(params, "certificate", cert),
        _facet(params, "min_capacity", capacity),
    ]
