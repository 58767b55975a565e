"""Accounts in Chromium: sign up, confirm the e-mail from the outbox, log in, turn on TOTP from the QR page, log out
and log in again with a code; a moderator page is refused to the buyer. Screenshots go to the browser artefacts."""

from __future__ import annotations

import re
import time
from typing import Any

import pyotp
from sqlalchemy import select

from cagateway.accounts.models import OutboxMail

PASSWORD = "walnut orchard in autumn"  # noqa: S105


def _link(app: Any, to: str) -> str:
    with app.state.db.session() as session:
        body = session.scalars(
            select(OutboxMail.body).where(OutboxMail.to_address == to).order_by(OutboxMail.id.desc())
        ).first()
    match = re.search(r"/verify-email\?token=[A-Za-z0-9_-]+", body or "")
    assert match, body
    return match.group(0)


def test_sign_up_verify_log_in_and_turn_on_totp(page: Any, live_server: tuple[str, dict[str, str], Any]) -> None:
    base, _known, app = live_server
    email = "browser.buyer@example.org"
    page.goto(base + "/")
    page.get_by_role("link", name="Create an account").click()
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill("short")
    page.get_by_role("button", name="Create an account").click()
    # The browser's own minlength check keeps the form; the server's policy is the backstop (tested elsewhere).
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("a buyer").check()
    page.get_by_role("button", name="Create an account").click()
    assert page.get_by_role("heading", name="Check your mailbox").is_visible()

    page.goto(base + _link(app, email))
    assert page.get_by_role("heading", name="E-mail address confirmed").is_visible()

    page.goto(base + "/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(base + "/account")
    assert "(confirmed)" in page.content()

    page.get_by_role("button", name="Set up two-factor log-in").click()
    assert page.locator(".totp-qr svg").is_visible()
    uri = page.locator(".totp-uri").inner_text()
    totp = pyotp.TOTP(pyotp.parse_uri(uri).secret)
    page.get_by_label("Code from the app").fill(totp.now())
    page.get_by_role("button", name="Turn on").click()
    assert page.get_by_text("On: every log-in asks for the code").is_visible()

    page.get_by_role("navigation", name="Account").get_by_role("button", name="Log out").click()
    page.wait_for_url(base + "/")
    assert page.get_by_role("link", name="Log in").is_visible()

    page.goto(base + "/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r".*/login/totp.*"))
    # The enrolment used the current code, which cannot be replayed: the next step's is accepted (±1 step).
    page.get_by_label("The 6-digit code your authenticator app shows").fill(totp.at(time.time() + totp.interval))
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(base + "/account")

    response = page.goto(base + "/moderation")
    assert response.status == 403
    assert page.get_by_role("heading", name="Not allowed").is_visible()
