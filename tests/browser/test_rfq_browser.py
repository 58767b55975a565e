"""The issue's must-show in Chromium: a buyer's RFQ for `пшеничная мука, 500 т, Ташкент` reaches the demo flour
mills (HS 1101), a representative of one answers with a quote, the buyer accepts it, and only then the
representative sees who the buyer is. Screenshots of each step go to the browser artefacts."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from cagateway.classify import TrainingSources, default_terms_dir, train_hs_model
from cagateway.moderation.representatives import link_representative
from cagateway.registry.models import LegalEntity, ProductLine
from tests.accounts_support import TestUser, make_user


@pytest.fixture(scope="module")
def rfq_server(
    live_server: tuple[str, dict[str, str], Any], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Any]]:
    """The live portal with a trained HS model (so the buyer's text gets suggestions)."""
    base, _known, app = live_server
    path = tmp_path_factory.mktemp("rfq-hs") / "hs_model"
    with app.state.db.session() as session:
        train_hs_model(session, TrainingSources(default_terms_dir()), path)
    settings = app.state.settings
    app.state.settings = settings.model_copy(update={"hs_model_path": path})
    yield base, app
    app.state.settings = settings


def _flour_mills(app: Any) -> dict[str, str]:
    """Public id → name of the live demo producers with a wheat-flour line (HS 1101)."""
    with app.state.db.session() as session:
        rows = session.execute(
            select(LegalEntity.public_id, LegalEntity.display_name)
            .join(ProductLine, ProductLine.entity_id == LegalEntity.id)
            .where(ProductLine.hs_code.startswith("1101"), LegalEntity.deleted_at.is_(None))
        )
        return {str(pid): str(name) for pid, name in rows}


def _represent(app: Any, public_id: str) -> TestUser:
    rep = make_user(app.state.db, "representative", display_name="Mill Representative")
    with app.state.db.writer() as session:
        entity = session.scalars(select(LegalEntity).where(LegalEntity.public_id == public_id)).one()
        link_representative(session, rep.id, entity.id, None)
    return rep


def _log_in(page: Any, base: str, user: TestUser) -> None:
    page.goto(base + "/login")
    page.get_by_label("E-mail").fill(user.email)
    page.get_by_label("Password").fill(user.password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()


def test_flour_rfq_reaches_the_mills_and_a_quote_is_accepted(
    page: Any, browser: Any, rfq_server: tuple[str, Any], artefacts: Path
) -> None:
    base, app = rfq_server
    mills = _flour_mills(app)
    assert len(mills) >= 3, "the demo data set should hold several wheat-flour mills"
    buyer = make_user(app.state.db, "buyer", email="flour.buyer@example.org", display_name="Flour Buyer")
    chosen = sorted(mills)[0]
    rep = _represent(app, chosen)

    # The buyer types the request in Russian and picks the suggested HS code.
    _log_in(page, base, buyer)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Buyer requests").click()
    page.get_by_role("link", name="Post a new request").click()
    page.get_by_label("What do you need?").fill("пшеничная мука")
    page.get_by_label("Quantity", exact=True).fill("500")
    page.get_by_label("Unit").select_option("t")
    page.get_by_label("Destination (city, UN/LOCODE or country)").fill("Ташкент")
    page.get_by_role("button", name="Suggest HS codes").click()
    page.get_by_label(re.compile(r"^110100 — Wheat or meslin flour")).check()
    page.screenshot(path=str(artefacts / "rfq_1_hs_suggestions.png"), full_page=True)
    page.get_by_role("button", name="Post the request").click()
    page.wait_for_url(re.compile(r"/rfq/[0-9a-z]{10}$"))
    request_url = page.url

    matched = page.locator("table.rfq-matches tbody tr td:nth-child(2) a")
    hrefs = [matched.nth(i).get_attribute("href") for i in range(matched.count())]
    assert {f"/producers/{pid}" for pid in mills} <= set(hrefs)  # every flour mill is reached
    assert set(hrefs[: len(mills)]) == {f"/producers/{pid}" for pid in mills}  # and ranked before text matches
    assert "Tashkent" in page.locator("dl.facts").inner_text()
    page.screenshot(path=str(artefacts / "rfq_2_matches.png"), full_page=True)

    # A representative of one mill finds it in the inbox and quotes; the buyer is still anonymous.
    context = browser.new_context(locale="en-GB")
    rep_page = context.new_page()
    try:
        _log_in(rep_page, base, rep)
        rep_page.goto(base + "/rfq")
        rep_page.get_by_role("link", name=re.compile("HS 110100")).first.click()
        assert rep_page.url == request_url
        assert "anonymous" in rep_page.locator(".rfq-buyer").inner_text()
        rep_page.get_by_label("Price", exact=True).fill("310")
        rep_page.get_by_label("Lead time, days").fill("14")
        rep_page.get_by_label("Note").fill("Мука высшего сорта, мешки по 50 кг")
        rep_page.get_by_role("button", name="Send the quote").click()
        rep_page.wait_for_url(re.compile(r"#quotes$"))
        rep_page.screenshot(path=str(artefacts / "rfq_3_quote_sent.png"), full_page=True)

        # The buyer accepts the quote; the request closes.
        page.goto(request_url)
        page.get_by_role("button", name=re.compile("Accept the quote of")).click()
        page.wait_for_load_state()
        assert page.locator(".rfq-status").inner_text() == "closed"
        assert "accepted" in page.locator("table.rfq-quotes").inner_text()

        # Only now the representative sees who the buyer is.
        rep_page.goto(request_url)
        assert "flour.buyer@example.org" in rep_page.locator(".rfq-buyer").inner_text()
        rep_page.screenshot(path=str(artefacts / "rfq_4_buyer_revealed.png"), full_page=True)
    finally:
        context.close()
