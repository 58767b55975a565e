"""REST API v1: trade indicators, export potential and gaps over the stored datasets (read-only)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any, Literal

import duckdb
from fastapi import APIRouter, Query

from cagateway.cooperation import trade_gaps
from cagateway.trade import (
    Target,
    TradeStore,
    breakdown,
    diversification,
    export_potential,
    latest_year,
    load_product_space,
    parse_selector,
    rca_table,
    target_progress,
    turnover,
)
from cagateway.trade.errors import TradeConfigurationError
from cagateway.web.deps import ReadSession, SettingsDep

router = APIRouter(prefix="/api/v1/trade", tags=["trade"])

Country = Annotated[str, Query(description="Alpha-3 code(s) or group (CA = Central Asia)", examples=["CA"])]
Dataset = Annotated[str, Query(description="Stored trade dataset")]
Top = Annotated[int, Query(ge=1, le=500)]


@contextmanager
def _flows(settings: SettingsDep, dataset: str) -> Iterator[tuple[duckdb.DuckDBPyConnection, dict[str, Any]]]:
    store = TradeStore(settings.trade_dir)
    info = store.info(dataset)
    con = store.connect(dataset)
    try:
        yield con, {"ok": True, "dataset": dataset, "generated": bool(info.metadata.get("generated", False))}
    finally:
        con.close()


def _answer(settings: SettingsDep, dataset: str, ask: Callable[[duckdb.DuckDBPyConnection], Any]) -> dict[str, Any]:
    with _flows(settings, dataset) as (con, about):
        return {**about, **ask(con)}


@router.get("/datasets")
def datasets(settings: SettingsDep) -> dict[str, Any]:
    """Stored datasets with source, HS revision and whether they are generated."""
    return {"ok": True, "datasets": [d.as_dict() for d in TradeStore(settings.trade_dir).datasets()]}


@router.get("/turnover")
def turnover_view(
    settings: SettingsDep, country: Country, partner: str | None = None, dataset: Dataset = "demo"
) -> dict[str, Any]:
    """Exports, imports, turnover and growth per year; ``partner`` = ``country`` for trade inside a group."""
    a, b = parse_selector(country), parse_selector(partner, "partner") if partner else None
    return _answer(settings, dataset, lambda con: turnover(con, a, b))


@router.get("/breakdown")
def breakdown_view(
    settings: SettingsDep,
    country: Country,
    direction: Literal["exports", "imports"] = "exports",
    by: Literal["partner", "product", "hs2", "hs4", "year"] = "partner",
    year: int | None = None,
    top: Top = 20,
    dataset: Dataset = "demo",
) -> dict[str, Any]:
    """Exports or imports by partner, product, chapter or year, with shares and growth."""
    sel = parse_selector(country)
    return _answer(settings, dataset, lambda con: breakdown(con, sel, direction, by, year=year, top=top))


@router.get("/rca")
def rca_view(
    settings: SettingsDep,
    country: Country,
    year: int | None = None,
    digits: Literal[2, 4, 6] = 6,
    min_rca: float = 0.0,
    top: Top = 25,
    dataset: Dataset = "demo",
) -> dict[str, Any]:
    """RCA (Balassa) of one country's products, with PCI and density."""
    sel = parse_selector(country)
    return _answer(
        settings, dataset, lambda con: rca_table(con, sel, year=year, digits=digits, min_rca=min_rca, top=top)
    )


@router.get("/potential")
def potential_view(
    settings: SettingsDep,
    country: Country,
    market: str | None = None,
    year: int | None = None,
    span: Annotated[int, Query(ge=1, le=10)] = 1,
    min_rca: float = 1.0,
    top: Top = 25,
    dataset: Dataset = "demo",
) -> dict[str, Any]:
    """Export potential (supply × demand × ease) and unrealised potential by product and market."""
    sel, markets = parse_selector(country), parse_selector(market, "market") if market else None
    return _answer(
        settings,
        dataset,
        lambda con: export_potential(con, sel, year=year, span=span, min_rca=min_rca, markets=markets, top=top),
    )


@router.get("/targets")
def targets_view(
    settings: SettingsDep,
    between: Country,
    value: Annotated[float, Query(gt=0, description="Target in USD", examples=[15e9])],
    by: Annotated[int, Query(description="Year the target should be reached", examples=[2030])],
    partner: str | None = None,
    name: str = "target",
    dataset: Dataset = "demo",
) -> dict[str, Any]:
    """Progress toward a trade target between a group and partners (the same group: trade inside it)."""
    target = Target(name, parse_selector(between, "between"), parse_selector(partner, "partner") if partner else None,
                    value, by)  # fmt: skip
    return _answer(settings, dataset, lambda con: target_progress(con, target))


@router.get("/diversify")
def diversify_view(
    settings: SettingsDep, country: Country, year: int | None = None, top: Top = 25, dataset: Dataset = "demo"
) -> dict[str, Any]:
    """Headings to diversify into, ranked by product-space density (needs CAGATEWAY_PRODUCT_SPACE_DIR)."""
    if settings.product_space_dir is None:
        raise TradeConfigurationError("Set CAGATEWAY_PRODUCT_SPACE_DIR to the product-space folder.")
    space, sel = load_product_space(settings.product_space_dir), parse_selector(country)
    return _answer(settings, dataset, lambda con: diversification(con, space, sel, year or latest_year(con), top))


@router.get("/gaps")
def gaps_view(
    settings: SettingsDep,
    session: ReadSession,
    country: Country = "CA",
    region: str = "CA",
    year: int | None = None,
    span: Annotated[int, Query(ge=1, le=10)] = 1,
    min_outside: Annotated[float, Query(ge=0)] = 1e6,
    require_capacity: bool = False,
    top: Top = 50,
    dataset: Dataset = "demo",
) -> dict[str, Any]:
    """Product × market gaps that registered producers could fill, ranked by unrealised potential."""
    exporters, members = parse_selector(country), parse_selector(region, "region")
    options = {"year": year, "span": span, "min_outside": min_outside, "require_capacity": require_capacity, "top": top}
    return _answer(settings, dataset, lambda con: trade_gaps(session, con, exporters, members, **options))
