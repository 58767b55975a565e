"""The trade dashboards over a small generated dataset and a hand-made one, on both database backends."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from cagateway.config import Settings
from cagateway.db import Database
from cagateway.demo.loader import load_demo
from cagateway.registry import services
from cagateway.registry.schemas import ProductLineIn
from cagateway.trade import CENTRAL_ASIA, DemoSpec, TradeStore, breakdown, generate_demo_flows, turnover
from cagateway.web import create_app
from cagateway.web.portal.trade import full_usd
from tests.factories import ProducerFactory
from tests.unit.trade.conftest import FLOWS, write_flows

CA = CENTRAL_ASIA


@pytest.fixture(scope="module")
def trade_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("trade")
    store = TradeStore(root)
    generate_demo_flows(store, DemoSpec(years=3, products=40))
    write_flows(store, "example", FLOWS)  # hand-checkable, not generated, no mirror rows
    return root


@pytest.fixture(scope="module")
def portal(app_db: Database, trade_dir: Path) -> Iterator[TestClient]:
    with app_db.writer() as session:
        line = ProductLineIn(hs_code="100199", description="wheat", capacity=1e5, capacity_unit="t")
        services.create_producer(session, ProducerFactory(product_lines=[line]), actor="test")
    settings = Settings(database_url=app_db.engine.url.render_as_string(hide_password=False), trade_dir=trade_dir)
    with TestClient(create_app(settings, database=app_db)) as client:
        yield client


def _get(client: TestClient, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, response.text[-2000:]
    assert response.headers["content-type"].startswith("text/html")
    return response.text


def _table(html: str, table_id: str) -> str:
    found = re.search(rf'<table id="{table_id}">.*?</table>', html, re.S)
    assert found is not None, table_id
    return found.group(0)


def test_turnover_page_charts_target_and_partners(portal: TestClient, trade_dir: Path) -> None:
    html = _get(portal, "/trade?top=3&target=15e9&by=2030")
    assert html.count("<svg") == 2 and html.count('class="target"') == 1
    # the target chart: the data and the dashed required path; the partners chart: "within CA" + 3 partners
    assert html.count('<g class="series"') == 2 + 1 + 3 and html.count('stroke-dasharray="3 3"') == 1
    assert 'aria-label="within CA"' in html and ">2030</text>" in html
    assert "Generated data" in html and "cagateway trade demo" in html
    assert "Mirror statistics (CIF/FOB)" in html  # Turkmenistan's flows are mirrored in the demo
    con = TradeStore(trade_dir).connect("demo")
    years = turnover(con, CA, CA)["years"]
    con.close()
    table = _table(html, "target-table")
    for year in years:
        assert f'<th scope="row">{year["year"]}</th>' in table and full_usd(year["turnover"]) in table
    assert "<title" in html and "<desc" in html and 'role="img"' in html


def test_products_treemap_matches_breakdown(portal: TestClient, trade_dir: Path) -> None:
    html = _get(portal, "/trade/products?country=KAZ&level=hs2&top=5")
    con = TradeStore(trade_dir).connect("demo")
    result = breakdown(con, ("KAZ",), "exports", "hs2", top=5)
    con.close()
    other = result["total"] - sum(i["value"] for i in result["items"])
    assert html.count("<rect") == len(result["items"]) + (1 if other > 0.005 * result["total"] else 0)
    table = _table(html, "products-table")
    for item in result["items"]:
        assert f"<code>{item['key']}</code>" in table and full_usd(item["value"]) in table
    assert "Generated data" in html


def test_hand_made_dataset_values_and_no_labels(portal: TestClient) -> None:
    html = _get(portal, "/trade/products?dataset=example&country=KAZ&level=product&year=2023")
    rows = re.findall(r"<code>(\d+)</code></th><td>[^<]*</td><td class=\"num\">([\d,]+)</td>", html)
    assert rows == [("100199", "40"), ("720241", "40"), ("520100", "10")]  # KAZ's 2023 exports, by hand
    assert html.count("<rect") == 3
    assert "Generated data" not in html and "Mirror statistics" not in html


def test_opportunities_link_producers(portal: TestClient) -> None:
    html = _get(portal, "/trade/opportunities?country=KAZ&top=500")
    api = portal.get("/api/v1/trade/gaps", params={"country": "KAZ", "top": 500}).json()
    wheat = [g for g in api["items"] if g["hs6"] == "100199"]
    assert wheat, "the registered wheat producer fills at least one gap"
    table = _table(html, "opportunities-table")
    assert table.count("<tr>") == 1 + len(api["items"])
    assert full_usd(wheat[0]["unrealised"]) in table and full_usd(wheat[0]["outside_imports"]) in table
    link = f"/api/v1/producers/{wheat[0]['producers'][0]['producer_id']}"
    assert f'href="{link}"' in table and "capacity 100,000 t" in table
    assert portal.get(link).status_code == 200
    assert "Generated data" in html and "Mirror statistics (CIF/FOB)" in html
    assert "Generated producers" not in html  # this registry holds only factory-made, non-generated producers


@pytest.mark.parametrize(
    ("url", "status", "text"),
    [
        ("/trade?country=XX1", 422, "<strong>country</strong>"),
        ("/trade?by=2020", 422, "the target year must be after"),
        ("/trade?dataset=nope", 404, "<code>demo</code>"),
        ("/trade/products?dataset=Bad%20Name", 422, "<strong>dataset</strong>"),
        ("/trade/opportunities?region=ZZZ9", 422, "<strong>region</strong>"),
        ("/trade/products?country=%3Cscript%3E", 422, "&lt;script&gt;"),  # echoed input is escaped
    ],
)
def test_bad_parameters_give_a_page(portal: TestClient, url: str, status: int, text: str) -> None:
    html = _get(portal, url, status)
    assert 'role="alert"' in html and text in html and "<script>" not in html


@pytest.mark.parametrize(
    ("url", "field"),
    [("/trade?target=-1", "target"), ("/trade/products?level=zz", "level"), ("/trade/opportunities?span=0", "span"),
     ("/trade?by=soon", "by"),
     ("/trade?target=inf", "target"), ("/trade/opportunities?min_outside=inf", "min_outside")],
)  # fmt: skip
def test_malformed_parameters_get_the_api_error_body(portal: TestClient, url: str, field: str) -> None:
    response = portal.get(url)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid" and body["errors"][0]["field"] == field


@pytest.mark.parametrize("url", ["/trade", "/trade/products", "/trade/opportunities"])
def test_no_dataset_explains_how_to_make_one(app_db: Database, tmp_path: Path, url: str) -> None:
    settings = Settings(database_url=app_db.engine.url.render_as_string(hide_password=False), trade_dir=tmp_path)
    with TestClient(create_app(settings, database=app_db)) as client:
        html = _get(client, url)
    assert "No trade data yet" in html and "<code>cagateway trade demo</code>" in html and "<svg" not in html


def test_turnover_page_for_one_country_against_the_world(portal: TestClient, trade_dir: Path) -> None:
    html = _get(portal, "/trade?country=KAZ&partner=&target=1e12&by=2035&top=2")
    assert html.count('<g class="series"') == 2 + 2  # no "within" series for one country
    con = TradeStore(trade_dir).connect("demo")
    last = turnover(con, ("KAZ",))["years"][-1]
    con.close()
    table = _table(html, "target-table")
    assert all(full_usd(last[k]) in table for k in ("exports", "imports", "turnover"))
    assert "KAZ – rest of the world" in html


def test_products_for_a_year_without_data_say_so(portal: TestClient) -> None:
    html = _get(portal, "/trade/products?country=KAZ&year=1999")
    assert "No exports of KAZ are recorded in 1999" in html and "<svg" not in html


def test_opportunities_say_when_the_producers_are_generated(fresh_db: Database, trade_dir: Path) -> None:
    load_demo(fresh_db, size=200, seed=5)
    settings = Settings(database_url=fresh_db.engine.url.render_as_string(hide_password=False), trade_dir=trade_dir)
    with TestClient(create_app(settings, database=fresh_db)) as client:
        html = _get(client, "/trade/opportunities?country=KAZ")
    assert "Generated producers" in html


_TRADE_WORDS = {  # the turnover page's heading, a table header and the demo dataset's note, per language
    "ru": ("Оборот относительно цели", "Партнёр", "Сгенерированные данные:"),
    "kk": ("Мақсатқа қатысты айналым", "Серіктес", "Генерацияланған деректер:"),
    "uz": ("Maqsadga nisbatan aylanma", "Hamkor", "Generatsiya qilingan maʼlumotlar:"),
    "en": ("Turnover against a target", "Partner", "Generated data:"),
}


@pytest.mark.parametrize("lang", sorted(_TRADE_WORDS))
def test_dashboards_share_the_portal_layout_and_languages(portal: TestClient, lang: str) -> None:
    heading, label, note = _TRADE_WORDS[lang]
    html = _get(portal, f"/trade?lang={lang}")
    assert f'<html lang="{lang}">' in html and 'class="site-header"' in html and 'hreflang="kk"' in html
    assert f"<h2>{heading}</h2>" in html and f'<th scope="col">{label}</th>' in _table(html, "partners-table")
    assert f"<strong>{note}</strong>" in html
    empty = _get(portal, f"/trade/products?lang={lang}&country=KAZ&year=1999")
    assert 'class="site-header"' in empty and f'<html lang="{lang}">' in empty


_TRADE_SENTENCES = {  # the progress list and the partners chart's title (built in Python), per language
    "ru": ("Прогноз по тренду", "по партнёрам, USD в год"),
    "kk": ("Тренд бойынша болжам", "серіктестер бойынша, жылына USD"),
    "uz": ("Trend boʻyicha prognoz", "hamkorlar boʻyicha, yiliga USD"),
    "en": ("Projected at trend", "by partner, USD per year"),
}


@pytest.mark.parametrize("lang", sorted(_TRADE_SENTENCES))
def test_dashboard_sentences_and_chart_titles_follow_the_language(portal: TestClient, lang: str) -> None:
    sentence, chart_title = _TRADE_SENTENCES[lang]
    html = _get(portal, f"/trade?lang={lang}")
    assert sentence in html
    assert chart_title in html
    if lang != "en":
        assert "Projected at trend" not in html and "by partner, USD per year" not in html
