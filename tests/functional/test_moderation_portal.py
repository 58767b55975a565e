"""Self-service and moderation pages in the portal, on SQLite and PostgreSQL, logged in through the real forms:
a representative cannot reach another producer (guessed URL, tampered hidden field), a buyer reaches no moderation
page (every route under /moderation, read from the app), CSRF is required, reasons reach the submitter."""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from cagateway.config import Settings
from cagateway.db import Database
from cagateway.moderation import services
from cagateway.registry import services as registry
from cagateway.registry.schemas import ProvenanceIn
from cagateway.web import create_app
from cagateway.web.portal.moderation import PREFIX
from tests.accounts_support import TestUser, login, make_user, post_form
from tests.factories import ProducerFactory, ProductLineFactory, SiteFactory

PDF = b"%PDF-1.7\n%%EOF\n"


@pytest.fixture(scope="module")
def app(app_db: Database, tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    settings = Settings(
        database_url=app_db.engine.url.render_as_string(hide_password=False),
        upload_dir=tmp_path_factory.mktemp("uploads"),
        hs_model_path=tmp_path_factory.mktemp("no-model") / "hs_model",  # none: suggestions degrade
    )
    return create_app(settings, database=app_db)


@pytest.fixture
def browser_of(app: FastAPI) -> Iterator[Any]:
    """A separate cookie jar per person, logged in through /login (and the TOTP step for moderators)."""
    clients: list[TestClient] = []

    def open_as(user: TestUser | None) -> TestClient:
        client = TestClient(app)
        client.__enter__()
        clients.append(client)
        if user is not None:
            login(client, user)
        return client

    yield open_as
    for client in clients:
        client.__exit__(None, None, None)


def _producer(db: Database, kind: str = "claimed") -> str:
    with db.writer() as session:
        data = ProducerFactory(provenance=ProvenanceIn(source="t", kind=kind))
        return registry.create_producer(session, data, actor="test").public_id


def _represent(db: Database, user: TestUser, public_id: str) -> None:
    with db.writer() as session:
        services.link_representative(session, user.id, registry.get_producer(session, public_id).id, None)


def _name(db: Database, public_id: str) -> str:
    with db.session() as session:
        return registry.get_producer(session, public_id).display_name


def _edit_form(public_id: str, version: int, producer_field: str | None = None) -> dict[str, Any]:
    return {
        "producer": producer_field or public_id,
        "section": "names",
        "version": str(version),
        "names.value": ["ТОО «Подменённое имя»", ""],
        "names.lang": ["ru", ""],
        "names.kind": ["legal", "legal"],
        "action": "save",
    }


def test_representative_edits_only_own_producer_in_the_portal(app_db: Database, browser_of: Any) -> None:
    mine, theirs = _producer(app_db), _producer(app_db)
    rep = make_user(app_db, "representative")
    _represent(app_db, rep, mine)
    client = browser_of(rep)

    page = client.get(f"/producers/{mine}/edit")
    assert page.status_code == 200 and f'name="producer" value="{mine}"' in page.text
    guessed_page = client.get(f"/producers/{theirs}/edit")  # id guessing
    assert guessed_page.status_code == 403 and "text/html" in guessed_page.headers["content-type"]
    assert "do not represent" in guessed_page.text

    guessed = post_form(client, f"/producers/{theirs}/edit", _edit_form(theirs, 1), follow_redirects=False)
    assert guessed.status_code == 403
    tampered = post_form(client, f"/producers/{mine}/edit", _edit_form(mine, 1, theirs), follow_redirects=False)
    assert tampered.status_code == 422
    assert _name(app_db, theirs) == "ТОО «Шымкентцемент»"

    no_csrf = client.post(f"/producers/{mine}/edit", data=_edit_form(mine, 1), follow_redirects=False)
    assert no_csrf.status_code == 403
    saved = post_form(client, f"/producers/{mine}/edit", _edit_form(mine, 1), follow_redirects=False)
    assert saved.status_code == 303, saved.text[:500]
    assert _name(app_db, mine) == "ТОО «Подменённое имя»"
    assert "Saved." in client.get(saved.headers["location"]).text


def test_hs_suggestions_degrade_without_a_model(app_db: Database, browser_of: Any) -> None:
    mine = _producer(app_db)
    rep = make_user(app_db, "representative")
    _represent(app_db, rep, mine)
    client = browser_of(rep)
    form = {
        "producer": mine,
        "section": "product_lines",
        "version": "1",
        "product_lines.hs_code": [""],
        "product_lines.description": ["пшеничная мука"],
        "action": "suggest",
    }
    form |= {f"product_lines.{f}": [""] for f in ("capacity", "capacity_unit", "national_code", "description_lang")}
    form |= {f"product_lines.{f}": [""] for f in ("moq", "moq_unit", "lead_time_days", "incoterms")}
    page = post_form(client, f"/producers/{mine}/edit", form)
    assert page.status_code == 200
    assert "HS suggestions are not available" in page.text


class _SectionForm(HTMLParser):
    """The fields a browser would send from one section's form of the edit page, as the page shows them."""

    def __init__(self, section: str) -> None:
        super().__init__()
        self.section = section
        self.forms: list[list[tuple[str, str]]] = []
        self.fields: list[tuple[str, str]] = []
        self.select: str | None = None
        self.options: list[tuple[str, bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.fields = []
        elif tag == "input" and "name" in a and a.get("type") not in {"file", "submit"}:
            self.fields.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self.select, self.options = a["name"], []
        elif tag == "option" and self.select is not None:
            self.options.append((a.get("value", ""), "selected" in a))

    def handle_endtag(self, tag: str) -> None:
        if tag == "select" and self.select is not None:
            chosen = [value for value, selected in self.options if selected] or [self.options[0][0]]
            self.fields.append((self.select, chosen[0]))
            self.select = None
        elif tag == "form" and ("section", self.section) in self.fields:
            self.forms.append(list(self.fields))


def test_saving_product_lines_keeps_the_sites_they_are_made_at(app_db: Database, browser_of: Any) -> None:
    with app_db.writer() as session:
        data = ProducerFactory(
            sites=[SiteFactory(city="Shymkent"), SiteFactory(city="Taraz", region="KZ-31", lat=42.9, lon=71.37)],
            product_lines=[
                ProductLineFactory(site_index=1),
                ProductLineFactory(hs_code="252310", national_code="2523100000", site_index=0),
            ],
            provenance=ProvenanceIn(source="t", kind="claimed"),
        )
        mine = registry.create_producer(session, data, actor="test").public_id
    rep = make_user(app_db, "representative")
    _represent(app_db, rep, mine)
    client = browser_of(rep)
    parser = _SectionForm("product_lines")
    parser.feed(client.get(f"/producers/{mine}/edit").text)
    (fields,) = parser.forms
    form: dict[str, list[str]] = {}
    for name, value in fields:
        form.setdefault(name, []).append(value)
    assert form["product_lines.site_index"][:2] == ["1", "0"]  # the page shows where each line is made
    form["product_lines.description"][0] = "Портландцемент М500"  # change a text, leave the sites alone
    form["action"] = ["save"]
    saved = client.post(f"/producers/{mine}/edit", data=form, follow_redirects=False)
    assert saved.status_code == 303, saved.text[:500]
    with app_db.session() as session:
        entity = registry.get_producer(session, mine)
        sites = {site.id: site.city for site in entity.sites}
        lines = [(line.description, sites.get(line.site_id)) for line in entity.product_lines]
    assert lines == [("Портландцемент М500", "Taraz"), ("Портландцемент М400", "Shymkent")]


def _routes(app: Any) -> Iterator[Any]:
    for route in app.routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            yield from _routes(inner)
        elif hasattr(route, "methods"):
            yield route


def _moderation_pages(app: FastAPI, public_id: str) -> list[tuple[str, str]]:
    found = []
    for route in _routes(app):
        if route.path == PREFIX or route.path.startswith(PREFIX + "/"):
            path = route.path.replace("{public_id}", public_id).replace("{word}", "claims")
            path = re.sub(r"\{[^}]+\}", "1", path)
            found += [(method, path) for method in sorted(route.methods - {"HEAD", "OPTIONS"})]
    assert len(found) >= 7, found
    return found


def test_buyer_reaches_no_moderation_page(app: FastAPI, app_db: Database, browser_of: Any) -> None:
    public_id = _producer(app_db)
    buyer_client = browser_of(make_user(app_db, "buyer"))
    rep_client = browser_of(make_user(app_db, "representative"))
    anonymous = browser_of(None)
    moderator = browser_of(make_user(app_db, "moderator"))
    form = {"decision": "reject", "reason": "x", "tier": "unverified", "note": "x"}
    for method, path in _moderation_pages(app, public_id):
        for client in (buyer_client, rep_client):
            response = client.get(path) if method == "GET" else post_form(client, path, form, follow_redirects=False)
            assert response.status_code == 403, (method, path, response.status_code)
        response = (
            anonymous.get(path, follow_redirects=False)
            if method == "GET"
            else post_form(anonymous, path, form, follow_redirects=False)
        )
        assert response.status_code == 303 and response.headers["location"].startswith("/login"), (method, path)
        if method == "GET":
            assert moderator.get(path).status_code == 200, path


def test_report_rejected_with_a_reason_the_reporter_reads(app_db: Database, browser_of: Any) -> None:
    public_id = _producer(app_db)
    reporter = browser_of(make_user(app_db, "buyer"))
    profile = reporter.get(f"/producers/{public_id}")
    assert 'action="/producers/' in profile.text and 'name="csrf_token"' in profile.text
    sent = post_form(reporter, f"/producers/{public_id}/report", {"kind": "mistake", "text": "The phone is wrong"})
    assert sent.status_code == 200 and "your report was sent" in sent.text

    moderator = browser_of(make_user(app_db, "moderator"))
    queue = moderator.get(f"{PREFIX}/reports")
    assert "The phone is wrong" in queue.text
    submission = int(re.findall(r'action="/moderation/reports/(\d+)"', queue.text)[-1])
    no_reason = post_form(moderator, f"{PREFIX}/reports/{submission}", {"decision": "reject", "reason": " "})
    assert no_reason.status_code == 422 and "reason" in no_reason.text.lower()
    reason = "The number +7 725 212 3456 answers as the plant's switchboard."
    decided = post_form(
        moderator, f"{PREFIX}/reports/{submission}", {"decision": "reject", "reason": reason}, follow_redirects=False
    )
    assert decided.status_code == 303
    mine = reporter.get("/account/submissions")
    assert reason in html.unescape(mine.text) and "rejected" in mine.text


def test_document_claim_through_the_portal_and_approval(app_db: Database, browser_of: Any) -> None:
    public_id = _producer(app_db)
    owner = make_user(app_db, "buyer")
    client = browser_of(owner)
    assert "Claim this producer" in client.get(f"/producers/{public_id}").text
    wrong = post_form(
        client,
        f"/producers/{public_id}/claim",
        {"method": "document"},
        files={"document": ("extract.pdf", io.BytesIO(b"GIF89a not a pdf"), "application/pdf")},
    )
    assert wrong.status_code == 422 and "not a PDF, PNG or JPEG" in wrong.text
    pathy = post_form(
        client,
        f"/producers/{public_id}/claim",
        {"method": "document"},
        files={"document": ("../../extract.pdf", io.BytesIO(PDF), "application/pdf")},
    )
    assert pathy.status_code == 422 and "folder path" in pathy.text
    sent = post_form(
        client,
        f"/producers/{public_id}/claim",
        {"method": "document", "message": "I am the director"},
        files={"document": ("extract.pdf", io.BytesIO(PDF), "application/pdf")},
    )
    assert sent.status_code == 200 and "Your claim was sent" in sent.text

    moderator = browser_of(make_user(app_db, "moderator"))
    queue = moderator.get(f"{PREFIX}/claims")
    token = re.search(r'href="/api/v1/uploads/([0-9a-f]{32})"', queue.text)
    assert token, "the queue links the document"
    download = moderator.get(f"/api/v1/uploads/{token.group(1)}")
    assert download.content == PDF and download.headers["content-disposition"].startswith("attachment")
    claim = int(re.findall(r'action="/moderation/claims/(\d+)"', queue.text)[-1])
    post_form(moderator, f"{PREFIX}/claims/{claim}", {"decision": "approve", "reason": "Director's order seen."})
    with app_db.session() as session:
        entity = registry.get_producer(session, public_id)
        assert owner.id in services.representatives_of(session, [entity.id])[entity.id]


def test_tier_change_records_the_checks_and_shows_them(app_db: Database, browser_of: Any) -> None:
    public_id = _producer(app_db)
    moderator = browser_of(make_user(app_db, "moderator"))
    form = {"tier": "documents_checked", "checks": ["registry_extract"], "note": "Extract of 2026-11-20"}
    short = post_form(moderator, f"{PREFIX}/producers/{public_id}/verification", form)
    assert short.status_code == 422 and "documents" in short.text
    form["checks"] = ["registry_extract", "documents"]
    done = post_form(moderator, f"{PREFIX}/producers/{public_id}/verification", form, follow_redirects=False)
    assert done.status_code == 303
    profile = browser_of(None).get(f"/producers/{public_id}").text
    assert "Checked by a moderator on" in profile and "Registration documents seen" in profile


def test_certificate_scan_upload_is_for_representatives_only(app_db: Database, browser_of: Any) -> None:
    mine, theirs = _producer(app_db), _producer(app_db)
    rep = make_user(app_db, "representative")
    _represent(app_db, rep, mine)
    client = browser_of(rep)
    scan = {"document": ("iso9001.png", io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"\x00" * 32), "image/png")}
    refused = post_form(client, f"/producers/{theirs}/certificates/upload", {"label": "ISO 9001"}, files=scan)
    assert refused.status_code == 403
    scan = {"document": ("iso9001.png", io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"\x00" * 32), "image/png")}
    done = post_form(client, f"/producers/{mine}/certificates/upload", {"label": "ISO 9001"}, files=scan)
    assert done.status_code == 200 and "The document was uploaded." in done.text
    link = re.search(r'href="(/api/v1/uploads/[0-9a-f]{32})">ISO 9001<', done.text)
    assert link, "the edit page lists the scan"
    assert client.get(link.group(1)).headers["content-type"] == "image/png"
    assert browser_of(make_user(app_db, "buyer")).get(link.group(1)).status_code == 403


def test_moderator_sees_what_an_edit_of_official_data_removes_and_adds(app_db: Database, browser_of: Any) -> None:
    official = _producer(app_db, kind="official")
    rep = make_user(app_db, "representative")
    _represent(app_db, rep, official)
    with app_db.session() as session:
        version = registry.get_producer(session, official).version
    saved = post_form(browser_of(rep), f"/producers/{official}/edit", _edit_form(official, version))
    assert saved.status_code == 200 and _name(app_db, official) == "ТОО «Шымкентцемент»"  # held for a moderator

    queue = browser_of(make_user(app_db, "moderator")).get(f"{PREFIX}/edits")
    article = html.unescape(queue.text.split(f'href="/producers/{official}"')[-1].split("</article>")[0])
    assert "<del>Removed: value: ТОО «Шымкентцемент»" in article
    assert "<ins>Added: value: ТОО «Подменённое имя»; lang: ru; kind: legal</ins>" in article
