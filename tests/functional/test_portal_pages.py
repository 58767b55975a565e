"""Portal pages on both engines: search with facets and pages, profiles, HS browser, places, crawler files,
escaping of user text, the 404 page and language negotiation."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html import unescape

import pytest
from fastapi.testclient import TestClient

from cagateway.db import Database
from cagateway.registry import services
from cagateway.registry.schemas import NameIn
from cagateway.web.portal import pages
from tests.factories import ProducerFactory, ProductLineFactory
from tests.unit.search.conftest import make_producer

XSS_NAME = '<script>alert("name")</script> Evil Flour LLP'


@pytest.fixture(scope="module")
def producers(app_db: Database) -> Iterator[dict[str, str]]:
    with app_db.writer() as session:
        made = {
            "ontustik": make_producer(session, "«Оңтүстік Цемент» ЖШС", tier="documents_checked"),
            "zamin": make_producer(
                session, "Zamin Sement MChJ", lang="uz", country="UZ", city="Toshkent", region="UZ-TK",
                certificate=None, capacity=500.0,
            ),
            "evil": make_producer(session, XSS_NAME, lang="en", hs="110100", description="Flour", certificate=None),
            # The factory's defaults: an ISO 9001 certificate valid until 2025-01-01, i.e. expired.
            "mill": services.create_producer(
                session,
                ProducerFactory(
                    names=[NameIn(value="Altyn Dan Mill", lang="en", script="Latn")],
                    product_lines=[
                        ProductLineFactory(hs_code="100199", national_code=None, description="Wheat", site_index=0)
                    ],
                ),
                actor="portal-test",
            ),
        }  # fmt: skip
        ids = {k: v.public_id for k, v in made.items()}
    yield ids


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _hits(html: str) -> list[str]:
    results = html[html.index('id="results-heading"') :]
    return re.findall(r'class="hit-name" href="/producers/(\w+)"', results)


def _facet_href(html: str, facet: str, label: str) -> str:
    section = html[html.index(f'id="facet-{facet}"') :]
    section = section[: section.index("</section>")]
    match = re.search(r'<a href="([^"]+)"[^>]*>' + re.escape(label) + "</a>", section)
    assert match, f"no {label!r} in facet {facet}"
    return unescape(match.group(1))


def test_home_has_landmarks_search_box_and_open_data_links(client: TestClient, producers: dict[str, str]) -> None:
    html = client.get("/").text
    for landmark in ("<header", "<nav", '<main id="main"', "<footer"):
        assert landmark in html
    assert '<a class="skip-link" href="#main">' in html
    assert '<label for="q">' in html and 'id="q" name="q"' in html
    for fmt in ("csv", "jsonl", "parquet"):
        assert f'href="/api/v1/export.{fmt}"' in html
    assert "<svg" in html and 'class="corridor' in html  # the offline map draws the corridors
    newest = html[html.index("Newest producers") :]
    assert newest.index(f"/producers/{producers['mill']}") < newest.index(f"/producers/{producers['zamin']}")
    only_uz = client.get("/", params={"country": "UZ"}).text
    assert f"/producers/{producers['zamin']}" in only_uz and f"/producers/{producers['mill']}" not in only_uz


def test_cyrillic_query_finds_latin_registered_producer(client: TestClient, producers: dict[str, str]) -> None:
    html = client.get("/search", params={"q": "Замин семент"}).text
    assert _hits(html)[0] == producers["zamin"]


def test_facets_count_and_narrow(client: TestClient, producers: dict[str, str]) -> None:
    html = client.get("/search", params={"q": "sement"}).text
    assert set(_hits(html)) == {producers["ontustik"], producers["zamin"]}
    assert "2 producers found" in _text(html)
    narrowed = client.get(_facet_href(html, "country", "Uzbekistan")).text
    assert _hits(narrowed) == [producers["zamin"]]
    assert "1 producers found" in _text(narrowed)
    by_cert = client.get(_facet_href(html, "certificate", "ISO 9001")).text
    assert _hits(by_cert) == [producers["ontustik"]]
    by_tier = client.get(_facet_href(html, "tier", "Documents checked")).text
    assert _hits(by_tier) == [producers["ontustik"]]
    by_capacity = client.get(_facet_href(html, "min_capacity", "≥ 1,000")).text
    assert _hits(by_capacity) == [producers["ontustik"]]
    by_hs = client.get(
        _facet_href(html, "hs", "25 Salt; sulphur; earths, stone; plastering materials, lime and cement")
    )
    assert set(_hits(by_hs.text)) == {producers["ontustik"], producers["zamin"]}
    region_link = _facet_href(narrowed, "region", "Toshkent")
    assert "region=UZ-TK" in region_link
    assert _hits(client.get(region_link).text) == [producers["zamin"]]


def test_active_facet_links_widen_again(client: TestClient, producers: dict[str, str]) -> None:
    html = client.get("/search", params={"q": "sement", "country": "UZ"}).text
    assert 'aria-current="true">Uzbekistan' in html
    widened = client.get(_facet_href(html, "country", "Uzbekistan")).text
    assert len(_hits(widened)) == 2


def test_pages_of_results(client: TestClient, producers: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pages, "PAGE_SIZE", 1)
    first = client.get("/search", params={"q": "sement"}).text
    following = re.search(r'<a href="([^"]+)" rel="next">', first)
    assert following
    second = client.get(unescape(following.group(1))).text
    assert 'rel="prev"' in second
    assert {*_hits(first), *_hits(second)} == {producers["ontustik"], producers["zamin"]}


def test_bad_filter_is_shown_on_the_page(client: TestClient, producers: dict[str, str]) -> None:
    response = client.get("/search", params={"q": "x", "hs": "cement"})
    assert response.status_code == 422
    assert "&#39;hs&#39; must be an HS code" in response.text or "'hs' must be an HS code" in _text(response.text)


def test_profile_shows_everything_with_provenance(client: TestClient, producers: dict[str, str]) -> None:
    response = client.get(f"/producers/{producers['ontustik']}")
    assert response.status_code == 200
    text = _text(response.text)
    assert "«Оңтүстік Цемент» ЖШС" in text  # the registered spelling
    assert "«Ongtustik Tsement» ZHSHS" in text  # romanised (BGN/PCGN, folded to ASCII) for Latin readers
    assert "valid checksum" in text
    assert "252329" in text and "1,200,000 t" in text
    assert "expired" not in text  # a certificate without an end date
    assert "Documents checked" in text and "checked against the documents" in text
    assert "Source: test (official)" in text and "not verified; retrieved" in text
    assert 'class="site"' in response.text  # the site is a dot on the map
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', response.text, re.S).group(1))
    assert ld["@type"] == "Organization"
    assert ld["identifier"][0]["propertyID"] == "KZ-BIN"
    assert ld["location"][0]["geo"]["latitude"] == pytest.approx(42.32)


def test_expired_certificate_is_marked(client: TestClient, producers: dict[str, str]) -> None:
    html = client.get(f"/producers/{producers['mill']}").text
    row = re.search(r'<tr class="expired"><td>ISO 9001.*?</tr>', html, re.S)
    assert row and "2025-01-01" in row.group(0) and "expired" in _text(row.group(0))


def test_user_text_is_escaped(client: TestClient, producers: dict[str, str]) -> None:
    profile = client.get(f"/producers/{producers['evil']}").text
    assert '<script>alert("name")</script>' not in profile
    assert "&lt;script&gt;" in profile
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', profile, re.S).group(1)
    assert json.loads(ld)["name"] == XSS_NAME  # still the right name for machines, but inert in the page
    search = client.get("/search", params={"q": '"><img src=x onerror=alert(1)>'}).text
    assert "<img src=x" not in search
    listing = client.get("/search", params={"q": "evil"}).text
    assert '<script>alert("name")' not in listing


def test_unknown_producer_is_a_404_page(client: TestClient, producers: dict[str, str]) -> None:
    response = client.get("/producers/zzzzzzzzzz")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "Not found" in response.text and "zzzzzzzzzz" in response.text


def test_hs_browser_counts_producers_per_level(client: TestClient, producers: dict[str, str]) -> None:
    sections = _text(client.get("/hs").text)
    assert re.search(r"V mineral products 2\b", sections, re.I)
    chapter = client.get("/hs/25").text
    assert re.search(r'href="/hs/2523">2523</a></td><td>[^<]+</td><td class="num">2</td>', chapter)
    heading = client.get("/hs/2523").text
    assert 'href="/hs/252329"' in heading and 'href="/search?hs=2523"' in heading
    assert client.get("/hs/9999").status_code == 404


def test_country_and_region_pages(client: TestClient, producers: dict[str, str]) -> None:
    country = client.get("/countries/UZ").text
    assert re.search(
        r'href="/regions/UZ-TK">[^<]+</a> <span class="muted">UZ-TK</span></td><td class="num">1</td>', country
    )
    assert f"/producers/{producers['zamin']}" in country
    region = client.get("/regions/UZ-TK").text
    assert f"/producers/{producers['zamin']}" in region
    assert client.get("/countries/XX").status_code == 404
    assert "Uzbekistan" in client.get("/countries").text


def test_sitemap_index_and_robots(client: TestClient, producers: dict[str, str]) -> None:
    index = client.get("/sitemap.xml")
    assert index.headers["content-type"].startswith("application/xml")
    files = re.findall(r"<loc>http://testserver(/[^<]+)</loc>", index.text)
    assert files == ["/sitemap-pages.xml", "/sitemap-producers-1.xml"]
    assert "<loc>http://testserver/hs/V</loc>" in client.get("/sitemap-pages.xml").text
    producers_xml = client.get("/sitemap-producers-1.xml").text
    for public_id in producers.values():
        assert f"<loc>http://testserver/producers/{public_id}</loc>" in producers_xml
    assert client.get("/sitemap-producers-2.xml").status_code == 404
    robots = client.get("/robots.txt").text
    assert "Sitemap: http://testserver/sitemap.xml" in robots


@pytest.mark.parametrize(
    ("headers", "cookies", "query", "expected"),
    [
        ({"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.5"}, {}, {}, "ru"),
        ({"Accept-Language": "de, uz;q=0.8, ru;q=0.5"}, {}, {}, "uz"),
        ({"Accept-Language": "kk"}, {"lang": "en"}, {}, "en"),  # the switch's cookie beats the header
        ({"Accept-Language": "ru"}, {"lang": "ru"}, {"lang": "kk"}, "kk"),  # ?lang= beats both
        ({"Accept-Language": "fr, de;q=0.5"}, {}, {}, "en"),
        ({}, {"lang": "xx"}, {"lang": "zz"}, "en"),
    ],
)
def test_language_negotiation(
    client: TestClient,
    headers: dict[str, str],
    cookies: dict[str, str],
    query: dict[str, str],
    expected: str,
) -> None:
    client.cookies.clear()
    for name, value in cookies.items():
        client.cookies.set(name, value)
    response = client.get("/search", params=query, headers=headers)
    client.cookies.clear()
    assert response.headers["content-language"] == expected
    assert f'<html lang="{expected}">' in response.text
    titles = {"en": "Search producers", "ru": "Поиск производителей", "kk": "Өндірушілерді іздеу",
              "uz": "Ishlab chiqaruvchilarni qidirish"}  # fmt: skip
    assert f"<h1>{titles[expected]}</h1>" in response.text


def test_language_switch_sets_a_cookie_that_sticks(client: TestClient, producers: dict[str, str]) -> None:
    client.cookies.clear()
    switched = client.get("/", params={"lang": "uz"})
    assert "lang=uz" in switched.headers["set-cookie"]
    later = client.get("/search", params={"q": "sement"})  # no ?lang=: the cookie carries the choice
    client.cookies.clear()
    assert later.headers["content-language"] == "uz"
    assert "2 ishlab chiqaruvchi topildi" in _text(later.text)
