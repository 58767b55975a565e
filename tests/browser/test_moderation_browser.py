"""Stored XSS in Chromium: every text field a representative (edit page, claim) or a reporter (report, new
producer) can write is sent through the real forms with ``<script>`` and ``<img onerror>`` payloads; the profile
and the moderation pages show the text literally and no script runs (no dialog fires)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sqlalchemy import select

from cagateway.moderation.representatives import link_representative
from cagateway.registry import services as registry
from cagateway.registry.models import LegalEntity
from cagateway.registry.schemas import ProvenanceIn
from tests.accounts_support import TestUser, make_user, totp_code
from tests.factories import ProducerFactory


def payload(field: str) -> str:
    """A script payload and an image-error payload in one string, naming the field it was typed in."""
    return f"<script>alert('{field}')</script><img src=x onerror=\"alert('{field}')\">"


def _log_in(page: Any, base: str, user: TestUser) -> None:
    page.goto(base + "/login")
    page.get_by_label("E-mail").fill(user.email)
    page.get_by_label("Password").fill(user.password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    if "/login/totp" in page.url:
        page.get_by_label(re.compile("6-digit code")).fill(totp_code(user))
        page.get_by_role("button", name="Confirm").click()
        page.wait_for_load_state()


def _watch_dialogs(page: Any) -> list[str]:
    fired: list[str] = []

    def record(dialog: Any) -> None:
        fired.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", record)
    return fired


def _producer(app: Any, kind: str) -> tuple[str, int]:
    with app.state.db.writer() as session:
        data = ProducerFactory(provenance=ProvenanceIn(source="xss-test", kind=kind))
        entity = registry.create_producer(session, data, actor="test")
        return entity.public_id, entity.id


def _save(page: Any, section_title: str) -> None:
    page.get_by_role("button", name=f"Save — {section_title}").click()
    page.wait_for_load_state()
    assert "Nothing was saved" not in page.content(), page.locator(".form-error").inner_text()


def _fill_edit_page(page: Any, base: str, public_id: str) -> None:
    page.goto(f"{base}/producers/{public_id}/edit")
    page.locator("#names-0-value").fill(payload("name"))
    _save(page, "Names")
    page.locator("#sites-0-city").fill(payload("city")[:200])
    page.locator("#sites-0-address").fill(payload("address"))
    _save(page, "Sites")
    page.locator("#product_lines-0-description").fill(payload("product"))
    page.locator("#product_lines-0-capacity_unit").fill("t")
    _save(page, "Products")
    page.locator("#certificates-0-kind").fill(payload("cert")[:100])
    page.locator("#certificates-0-number").fill(payload("number")[:100])
    page.locator("#certificates-0-issuer").fill(payload("issuer"))
    _save(page, "Certificates")
    page.locator("#contacts-0-kind").select_option("person")
    page.locator("#contacts-0-value").fill(payload("contact"))
    page.locator("#contacts-0-label").fill(payload("label")[:200])
    _save(page, "Contacts")


def _assert_literal(page: Any, texts: list[str], fired: list[str]) -> None:
    shown = page.locator("main").inner_text()
    for text in texts:
        assert text in shown, f"{text!r} is not shown literally"
    assert page.locator("main script:not([type='application/ld+json']):not([type='application/json'])").count() == 0
    assert page.locator("main img[onerror]").count() == 0
    assert fired == [], f"a script ran: {fired}"


def test_stored_xss_renders_escaped_on_profile_and_moderation_pages(
    page: Any, browser: Any, live_server: tuple[str, dict[str, str], Any], artefacts: Path
) -> None:
    base, _known, app = live_server
    fired = _watch_dialogs(page)
    claimed_id, claimed_pk = _producer(app, "claimed")
    official_id, official_pk = _producer(app, "official")
    rep = make_user(app.state.db, "representative")
    with app.state.db.writer() as session:
        link_representative(session, rep.id, claimed_pk, None)
        link_representative(session, rep.id, official_pk, None)

    # The representative writes every editable text field of their producer through the edit page.
    _log_in(page, base, rep)
    _fill_edit_page(page, base, claimed_id)
    page.goto(f"{base}/producers/{official_id}/edit")  # official names: the edit waits for a moderator
    page.locator("#names-0-value").fill(payload("official-name"))
    _save(page, "Names")

    page.goto(f"{base}/producers/{claimed_id}")
    page.wait_for_load_state()
    profile_texts = [payload(f) for f in ("name", "address", "product", "issuer", "contact")]
    profile_texts += [payload("city")[:200], payload("cert")[:100], payload("number")[:100], payload("label")[:200]]
    _assert_literal(page, profile_texts, fired)
    page.screenshot(path=str(artefacts / "xss_profile.png"), full_page=True)

    # A reporter writes a report on that profile, a claim message on another, and a new producer's name.
    reporter = make_user(app.state.db, "buyer")
    context = browser.new_context(locale="en-GB")
    other = context.new_page()
    other_fired = _watch_dialogs(other)
    try:
        _log_in(other, base, reporter)
        other.goto(f"{base}/producers/{claimed_id}")
        other.get_by_label("What is wrong?").fill(payload("report"))
        other.get_by_role("button", name="Send the report").click()
        other.wait_for_load_state()
        other.goto(f"{base}/producers/{official_id}/claim")
        other.get_by_label(re.compile("^A document for a moderator")).check()
        other.get_by_label("Document", exact=True).set_input_files(
            files=[{"name": "proof.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}]
        )
        other.get_by_label("Message to the moderator").fill(payload("claim"))
        other.get_by_role("button", name="Send the claim").click()
        other.wait_for_load_state()
        other.goto(f"{base}/producers/register")
        other.get_by_label("Name", exact=True).fill(payload("registration"))
        other.get_by_label("Country (ISO code, e.g. KZ)").fill("KZ")
        other.get_by_role("button", name="Send for moderation").click()
        other.wait_for_load_state()
        assert "A moderator will check the registration" in other.content()
        assert other_fired == []
    finally:
        context.close()

    # A moderator reads every queue: each text shows literally, nothing runs.
    moderator = make_user(app.state.db, "moderator")
    context = browser.new_context(locale="en-GB")
    mod_page = context.new_page()
    mod_fired = _watch_dialogs(mod_page)
    try:
        _log_in(mod_page, base, moderator)
        for queue, texts in (
            ("reports", [payload("report")]),
            ("claims", [payload("claim")]),
            ("registrations", [payload("registration")]),
            ("edits", [payload("official-name")]),
        ):
            mod_page.goto(f"{base}/moderation/{queue}")
            mod_page.wait_for_load_state()
            _assert_literal(mod_page, texts, mod_fired)
            mod_page.screenshot(path=str(artefacts / f"xss_moderation_{queue}.png"), full_page=True)
    finally:
        context.close()
    with app.state.db.session() as session:  # the payloads were stored as typed, not cleaned on the way in
        name = session.scalar(select(LegalEntity.display_name).where(LegalEntity.public_id == claimed_id))
        assert name == payload("name")
