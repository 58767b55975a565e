"""Every indicator against the hand-computed example of conftest.FLOWS."""

from __future__ import annotations

import duckdb
import pytest

from cagateway.trade import (
    CENTRAL_ASIA,
    Target,
    TradeInputError,
    breakdown,
    cagr,
    export_potential,
    growth_series,
    rca_table,
    target_progress,
    turnover,
)


def test_turnover_between_two_countries(con: duckdb.DuckDBPyConnection) -> None:
    years = turnover(con, ("KAZ",), ("UZB",))["years"]
    # 2022: KAZ→UZB 20, UZB→KAZ 10; 2023: 30 and 20.
    assert [(y["year"], y["exports"], y["imports"], y["turnover"], y["balance"]) for y in years] == [
        (2022, 20.0, 10.0, 30.0, 10.0),
        (2023, 30.0, 20.0, 50.0, 10.0),
    ]
    assert years[0]["growth"] is None
    assert years[1]["growth"] == pytest.approx(50 / 30 - 1)


def test_intraregional_flows_are_counted_once(con: duckdb.DuckDBPyConnection) -> None:
    result = turnover(con, CENTRAL_ASIA, CENTRAL_ASIA)
    assert result["within"]
    assert [y["turnover"] for y in result["years"]] == [30.0, 50.0]  # KAZ↔UZB only


def test_turnover_with_the_world(con: duckdb.DuckDBPyConnection) -> None:
    last = turnover(con, ("KAZ",))["years"][-1]
    # exports 30+10+40+10 = 90, imports 20 (UZB) + 40 (CHN) = 60
    assert (last["exports"], last["imports"], last["turnover"]) == (90.0, 60.0, 150.0)


def test_breakdown_by_partner_has_shares_and_growth(con: duckdb.DuckDBPyConnection) -> None:
    result = breakdown(con, ("KAZ",), "exports", "partner", year=2023)
    assert result["total"] == 90.0
    items = {i["key"]: i for i in result["items"]}
    assert items["CHN"]["value"] == 50.0 and items["CHN"]["share"] == pytest.approx(50 / 90)
    assert items["UZB"]["growth"] == pytest.approx(30 / 20 - 1)
    assert items["RUS"]["growth"] is None  # nothing in 2022
    assert [i["key"] for i in result["items"]] == ["CHN", "UZB", "RUS"]


def test_breakdown_of_imports_by_product_and_by_year(con: duckdb.DuckDBPyConnection) -> None:
    products = breakdown(con, ("UZB",), "imports", "product", year=2023)["items"]
    assert [(i["key"], i["value"]) for i in products] == [("100199", 80.0), ("720241", 20.0)]
    years = breakdown(con, ("UZB",), "exports", "year")["items"]
    assert [(y["year"], y["value"]) for y in years] == [(2022, 40.0), (2023, 60.0)]
    assert years[1]["growth"] == pytest.approx(0.5)


def test_growth_and_cagr() -> None:
    assert cagr(100, 121, 2) == pytest.approx(0.1)
    assert cagr(0, 5, 1) is None
    series = growth_series([(2021, 100.0), (2020, 50.0), (2023, 400.0)])
    assert [g["growth"] for g in series] == [None, pytest.approx(1.0), pytest.approx(1.0)]  # 2021→2023: 4× in 2 y


def test_progress_toward_a_target(con: duckdb.DuckDBPyConnection) -> None:
    result = target_progress(con, Target("intra", CENTRAL_ASIA, CENTRAL_ASIA, 80.0, 2025))
    assert result["latest_value"] == 50.0 and result["achieved_share"] == pytest.approx(50 / 80)
    assert result["gap"] == 30.0
    assert result["trend_growth"] == pytest.approx(50 / 30 - 1)
    assert result["required_growth"] == pytest.approx((80 / 50) ** 0.5 - 1)
    assert result["projected_value"] == pytest.approx(50 * (5 / 3) ** 2)
    assert result["on_track"] and result["expected_year"] == 2024  # 50 × 5/3 = 83.3 ≥ 80 in one year


def test_a_target_in_the_past_is_refused(con: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(TradeInputError, match="after the data's last year"):
        target_progress(con, Target("old", CENTRAL_ASIA, CENTRAL_ASIA, 80.0, 2023))


def test_rca_is_balassa(con: duckdb.DuckDBPyConnection) -> None:
    # World 2023: wheat 90, ferro-chromium 60, cotton 110; total 260. KAZ exports 90: wheat 40, ferro 40, cotton 10.
    items = {i["product"]: i for i in rca_table(con, ("KAZ",), year=2023)["items"]}
    assert items["100199"]["rca"] == pytest.approx((40 / 90) / (90 / 260))
    assert items["720241"]["rca"] == pytest.approx((40 / 90) / (60 / 260))
    assert items["520100"]["rca"] == pytest.approx((10 / 90) / (110 / 260))
    assert items["720241"]["world_share"] == pytest.approx(40 / 60)


def test_export_potential_decomposition(con: duckdb.DuckDBPyConnection) -> None:
    result = export_potential(con, ("KAZ",), year=2023, top=10)
    rows = {(i["importer"], i["hs6"]): i for i in result["items"]}
    # Supply (RCA >= 1): wheat 40/90, ferro-chromium 40/60. UZB imports wheat 80, ferro-chromium 20:
    # hypothetical 4/9·80 + 2/3·20 = 440/9; actual 30, so ease = 30 / (440/9) = 27/44.
    uzb_ferro = rows[("UZB", "720241")]
    assert uzb_ferro["supply"] == pytest.approx(2 / 3) and uzb_ferro["demand"] == 20.0
    assert uzb_ferro["ease"] == pytest.approx(27 / 44)
    assert uzb_ferro["potential"] == pytest.approx(90 / 11) and uzb_ferro["unrealised"] == pytest.approx(90 / 11)
    assert rows[("UZB", "100199")]["potential"] == pytest.approx(240 / 11)
    assert rows[("UZB", "100199")]["unrealised"] == 0.0  # actual 30 is above its potential
    assert ("CHN", "520100") not in rows  # cotton: KAZ has no comparative advantage
    # Per market, potential sums to the actual trade in the supply products.
    assert result["potential"] == pytest.approx(result["actual"]) == pytest.approx(30 + 10 + 40)
    assert result["items"][0]["hs6"] == "720241" and result["items"][0]["importer"] == "UZB"


def test_partners_inside_the_group_only_are_refused(con: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(TradeInputError, match="at least one partner outside"):
        turnover(con, ("KAZ", "UZB"), ("KAZ",))
