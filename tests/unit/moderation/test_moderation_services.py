"""Moderation services on real databases (SQLite and PostgreSQL): claims, representatives' edits, reports,
registrations, decisions with reasons, verification tiers."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from cagateway.accounts.models import AuditEvent, OutboxMail
from cagateway.errors import InvalidInput
from cagateway.moderation import services
from cagateway.moderation.errors import (
    AlreadyClaimed,
    AlreadyDecided,
    ClaimNotProvable,
    EditOutdated,
    NotRepresentative,
    ReasonRequired,
    SubmissionNotFound,
)
from cagateway.moderation.models import Submission
from cagateway.moderation.reports import MAX_PER_DAY, TooManySubmissions
from cagateway.moderation.uploads import record_upload, store_upload
from cagateway.registry import services as registry
from cagateway.registry.models import Provenance
from cagateway.registry.schemas import NameIn, ProducerUpdate, ProvenanceIn
from tests.factories import ProducerFactory
from tests.unit.moderation.conftest import MakeProducer, MakeUser

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"


def _events(session: Session, event: str) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).where(AuditEvent.event == event)))


def _mails_to(session: Session, address: str) -> list[OutboxMail]:
    return list(session.scalars(select(OutboxMail).where(OutboxMail.to_address == address).order_by(OutboxMail.id)))


@pytest.mark.parametrize(
    ("address", "domain"),
    [
        ("https://www.shymkentcement.kz/about", "shymkentcement.kz"),
        ("shymkentcement.kz", "shymkentcement.kz"),
        ("sales@mail.shymkentcement.kz", "shymkentcement.kz"),
        ("http://factory.example.co.uk", "example.co.uk"),
        ("https://co.uk", None),
        ("http://10.0.0.1/", None),
        ("", None),
    ],
)
def test_registrable_domain(address: str, domain: str | None) -> None:
    assert services.registrable_domain(address) == domain


def test_representatives_of_every_asked_id_and_only_live_links(
    session: Session, make_user: MakeUser, make_producer: MakeProducer
) -> None:
    a, b = make_producer(), make_producer()
    alice, bob = make_user("alice@x.kz"), make_user("bob@x.kz")
    services.link_representative(session, alice.id, a.id, None)
    link = services.link_representative(session, bob.id, a.id, None)
    services.link_representative(session, bob.id, b.id, None)
    assert services.representatives_of(session, [a.id, b.id, 999_999]) == {
        a.id: sorted([alice.id, bob.id]),
        b.id: [bob.id],
        999_999: [],
    }
    link.revoked_at = link.created_at
    session.flush()
    assert services.representatives_of(session, [a.id])[a.id] == [alice.id]
    assert services.producers_of(session, bob.id) == [b.id]


def test_email_claim_at_the_website_domain_is_approved_automatically(
    session: Session, make_user: MakeUser, make_producer: MakeProducer
) -> None:
    producer = make_producer(website="https://www.shymkentcement.kz/")
    user = make_user("Sales@Mail.ShymkentCement.kz")
    claim = services.submit_claim(session, user, producer.public_id, method="email")
    assert (claim.status, claim.auto) == ("approved", True)
    assert "shymkentcement.kz" in (claim.reason or "")
    assert services.is_representative(session, user.id, producer.id)
    assert user.role == "representative"
    assert _events(session, "claim.approved")[0].details["auto"] is True
    assert _events(session, "user.role_changed")
    assert "You now represent" in _mails_to(session, user.email)[0].subject
    with pytest.raises(AlreadyClaimed):
        services.submit_claim(session, user, producer.public_id, method="email")


@pytest.mark.parametrize(
    ("email", "verified", "website", "says"),
    [
        ("sales@gmail.com", True, "https://shymkentcement.kz", "not at the producer's website domain"),
        ("sales@shymkentcement.kz", False, "https://shymkentcement.kz", "Verify your e-mail address"),
        ("sales@shymkentcement.kz", True, None, "no website on record"),
        ("sales@kz", True, "https://kz", "no website on record"),
    ],
)
def test_email_claim_without_proof_is_refused_with_the_way_forward(
    session: Session,
    make_user: MakeUser,
    make_producer: MakeProducer,
    email: str,
    verified: bool,
    website: str | None,
    says: str,
) -> None:
    producer = make_producer(website=website)
    user = make_user(email, verified=verified)
    with pytest.raises(ClaimNotProvable, match=says):
        services.submit_claim(session, user, producer.public_id, method="email")
    assert not services.is_representative(session, user.id, producer.id)
    assert user.role == "buyer"


def _document_claim(session: Session, user_id: int, producer_public_id: str, upload_dir: Path) -> Submission:
    from cagateway.accounts.models import User  # noqa: PLC0415 -- only here

    user = session.get_one(User, user_id)
    stored = store_upload(io.BytesIO(PDF), "extract.pdf", upload_dir=upload_dir, max_bytes=1_000_000)
    upload = record_upload(session, stored, owner_id=user.id, purpose="claim")
    return services.submit_claim(session, user, producer_public_id, method="document", upload=upload)


def test_rejected_document_claim_reason_reaches_the_submitter(
    session: Session, make_user: MakeUser, make_producer: MakeProducer, upload_dir: Path
) -> None:
    producer = make_producer()
    user, moderator = make_user("owner@gmail.com"), make_user("mod@gateway.kz", "moderator")
    claim = _document_claim(session, user.id, producer.public_id, upload_dir)
    assert claim.status == "pending"
    with pytest.raises(AlreadyClaimed, match="waiting for a moderator"):
        _document_claim(session, user.id, producer.public_id, upload_dir)
    queue = services.list_submissions(session, kind="claim")
    assert [item["id"] for item in queue] == [claim.id]
    assert queue[0]["upload"]["name"] == "extract.pdf"
    with pytest.raises(ReasonRequired):
        services.decide_submission(session, moderator, claim.id, approve=False, reason="   ")
    reason = "The extract names another company; upload one that names yours."
    services.decide_submission(session, moderator, claim.id, approve=False, reason=reason)
    mine = services.submissions_of(session, user.id)
    assert (mine[0]["status"], mine[0]["reason"]) == ("rejected", reason)
    assert "submitter_email" not in mine[0]  # the submitter's own view shows no moderator-only fields
    assert reason in _mails_to(session, user.email)[-1].body
    assert _events(session, "claim.rejected")[0].details["reason"] == reason
    assert not services.is_representative(session, user.id, producer.id)
    with pytest.raises(AlreadyDecided):
        services.decide_submission(session, moderator, claim.id, approve=True, reason="changed my mind")
    with pytest.raises(SubmissionNotFound):
        services.decide_submission(session, moderator, 987_654, approve=True, reason="x")


def test_approved_document_claim_makes_a_representative_but_keeps_a_moderator_role(
    session: Session, make_user: MakeUser, make_producer: MakeProducer, upload_dir: Path
) -> None:
    producer = make_producer()
    buyer, moderator = make_user("b@gmail.com"), make_user("m@gateway.kz", "moderator")
    other_moderator = make_user("m2@gateway.kz", "moderator")
    claim_b = _document_claim(session, buyer.id, producer.public_id, upload_dir)
    claim_m = _document_claim(session, other_moderator.id, producer.public_id, upload_dir)
    services.decide_submission(session, moderator, claim_b.id, approve=True, reason="Extract matches the BIN.")
    services.decide_submission(session, moderator, claim_m.id, approve=True, reason="Extract matches the BIN.")
    assert buyer.role == "representative"
    assert other_moderator.role == "moderator"
    assert services.representatives_of(session, [producer.id])[producer.id] == sorted([buyer.id, other_moderator.id])


def test_representative_edits_own_producer_as_claimed_with_attributed_history(
    session: Session, make_user: MakeUser, make_producer: MakeProducer
) -> None:
    mine, theirs = make_producer(kind="claimed"), make_producer(kind="claimed")
    rep = make_user("rep@shymkentcement.kz", "representative")
    services.link_representative(session, rep.id, mine.id, None)
    edit = services.RepresentativeEdit(names=[NameIn(value="ТОО «Шымкент Цемент Плюс»", lang="ru")])
    result = services.edit_producer(session, rep, mine.public_id, edit, expected_version=mine.version)
    assert (result.applied, result.pending) == (["names"], None)
    detail = registry.describe_producer(session, mine.public_id)
    assert detail["name"] == "ТОО «Шымкент Цемент Плюс»"
    assert detail["names"][0]["provenance"]["kind"] == "claimed"
    assert registry.list_changes(session, mine.public_id)[-1].actor == f"user:{rep.public_id}"
    with pytest.raises(NotRepresentative):
        services.edit_producer(session, rep, theirs.public_id, edit, expected_version=theirs.version)
    assert registry.describe_producer(session, theirs.public_id)["name"] == "ТОО «Шымкентцемент»"


def test_representative_edit_cannot_carry_tier_or_identifiers() -> None:
    for field in ({"verification_tier": "site_visited"}, {"identifiers": []}, {"website": "javascript:alert(1)"}):
        with pytest.raises(ValidationError):
            services.RepresentativeEdit.model_validate(field)


def test_edit_of_official_parts_waits_for_a_moderator(
    session: Session, make_user: MakeUser, make_producer: MakeProducer
) -> None:
    producer = make_producer(kind="official")
    rep, moderator = make_user("rep@x.kz", "representative"), make_user("mod@x.kz", "moderator")
    services.link_representative(session, rep.id, producer.id, None)
    edit = services.RepresentativeEdit.model_validate(
        {"names": [{"value": "ТОО «Новое имя»"}], "contacts": [{"kind": "phone", "value": "+77252999888"}]}
    )
    result = services.edit_producer(session, rep, producer.public_id, edit, expected_version=producer.version)
    assert result.pending is not None
    assert sorted(result.pending.payload["changes"]) == ["contacts", "names"]
    assert registry.describe_producer(session, producer.public_id)["name"] == "ТОО «Шымкентцемент»"
    services.decide_submission(session, moderator, result.pending.id, approve=True, reason="Checked by phone.")
    detail = registry.describe_producer(session, producer.public_id)
    assert detail["name"] == "ТОО «Новое имя»"
    assert detail["contacts"] == [
        {"kind": "phone", "value": "+77252999888", "label": None, "provenance": detail["contacts"][0]["provenance"]}
    ]
    assert detail["contacts"][0]["provenance"]["kind"] == "claimed"
    assert registry.list_changes(session, producer.public_id)[-1].actor.startswith(f"user:{rep.public_id} approved")


def test_an_official_edit_made_stale_by_a_later_change_is_not_approved_over_it(
    session: Session, make_user: MakeUser, make_producer: MakeProducer
) -> None:
    producer = make_producer(kind="official")
    rep, moderator = make_user("rep2@x.kz", "representative"), make_user("mod2@x.kz", "moderator")
    services.link_representative(session, rep.id, producer.id, None)
    edit = services.RepresentativeEdit.model_validate({"names": [{"value": "ТОО «Старое предложение»"}]})
    stale = services.edit_producer(session, rep, producer.public_id, edit, expected_version=producer.version)
    assert stale.pending is not None
    # meanwhile the official register's import renames the producer
    registry.update_producer(
        session,
        producer.public_id,
        ProducerUpdate(
            names=[NameIn(value="ТОО «Имя из реестра»", lang="ru")],
            provenance=ProvenanceIn(source="kz-register", kind="official"),
        ),
        expected_version=producer.version,
        actor="import",
    )
    with pytest.raises(EditOutdated, match="names changed after the representative wrote this edit"):
        services.decide_submission(session, moderator, stale.pending.id, approve=True, reason="Looks right.")
    assert registry.describe_producer(session, producer.public_id)["name"] == "ТОО «Имя из реестра»"
    # rejecting it (asking for a new edit) still works, and an edit of the current data can be approved
    services.decide_submission(session, moderator, stale.pending.id, approve=False, reason="Edit the new name.")
    fresh = services.edit_producer(session, rep, producer.public_id, edit, expected_version=producer.version)
    assert fresh.pending is not None
    services.decide_submission(session, moderator, fresh.pending.id, approve=True, reason="Checked.")
    assert registry.describe_producer(session, producer.public_id)["name"] == "ТОО «Старое предложение»"


def test_invalid_edit_is_refused_before_anything_is_queued(
    session: Session, make_user: MakeUser, make_producer: MakeProducer
) -> None:
    producer = make_producer(kind="official")
    rep = make_user("rep@x.kz", "representative")
    services.link_representative(session, rep.id, producer.id, None)
    edit = services.RepresentativeEdit.model_validate({"product_lines": [{"hs_code": "999999"}]})
    with pytest.raises(InvalidInput):
        services.edit_producer(session, rep, producer.public_id, edit, expected_version=producer.version)
    assert services.list_submissions(session, kind="edit") == []


def test_duplicate_report_approved_merges_the_records(
    session: Session, make_user: MakeUser, make_producer: MakeProducer
) -> None:
    a, b = make_producer(), make_producer()
    user, moderator = make_user("u@x.kz"), make_user("m@x.kz", "moderator")
    with pytest.raises(InvalidInput):
        services.submit_report(
            session, user, a.public_id, services.ReportIn(kind="duplicate", duplicate_of=a.public_id)
        )
    with pytest.raises(InvalidInput):
        services.submit_report(session, user, a.public_id, services.ReportIn(kind="mistake", text=""))
    report = services.submit_report(
        session, user, a.public_id, services.ReportIn(kind="duplicate", duplicate_of=b.public_id.upper())
    )
    assert report.payload["duplicate_of"] == b.public_id
    services.decide_submission(session, moderator, report.id, approve=True, reason="Same BIN, same plant.")
    session.refresh(a)
    session.refresh(b)
    assert a.merged_into_id is not None and a.merged_into_id == b.merged_into_id


def test_reports_are_limited_per_account(session: Session, make_user: MakeUser, make_producer: MakeProducer) -> None:
    producer, user = make_producer(), make_user("spam@x.kz")
    for i in range(MAX_PER_DAY):
        services.submit_report(session, user, producer.public_id, services.ReportIn(kind="mistake", text=f"#{i}"))
    with pytest.raises(TooManySubmissions):
        services.submit_report(session, user, producer.public_id, services.ReportIn(kind="mistake", text="one more"))


def test_registration_creates_a_claimed_producer_only_when_approved(session: Session, make_user: MakeUser) -> None:
    user, moderator = make_user("new@x.kz"), make_user("m@x.kz", "moderator")
    data = ProducerFactory(
        provenance=ProvenanceIn(source="anything", kind="official"), verification_tier="site_visited"
    )
    submission = services.submit_registration(session, user, data)
    assert submission.entity_id is None
    assert registry.count_producers(session) == 0
    services.decide_submission(session, moderator, submission.id, approve=True, reason="Register extract seen.")
    assert submission.entity_id is not None
    producer = registry.get_producer(session, services.submissions_of(session, user.id)[0]["producer"]["id"])
    assert producer.verification_tier == "unverified"
    assert session.get_one(Provenance, producer.provenance_id).kind == "claimed"
    assert services.is_representative(session, user.id, producer.id)
    again = ProducerFactory(identifiers=data.identifiers)
    with pytest.raises(InvalidInput, match="identifiers"):
        services.submit_registration(session, user, again)


def test_verification_tier_needs_the_checks_and_records_them(
    session: Session, make_user: MakeUser, make_producer: MakeProducer
) -> None:
    producer, moderator = make_producer(), make_user("m@x.kz", "moderator")
    with pytest.raises(InvalidInput, match="checks"):
        services.set_verification_tier(
            session, moderator, producer.public_id, tier="documents_checked", checks=["registry_extract"], note="x"
        )
    with pytest.raises(InvalidInput, match="note"):
        services.set_verification_tier(
            session, moderator, producer.public_id, tier="registry_matched", checks=["registry_extract"], note=" "
        )
    services.set_verification_tier(
        session,
        moderator,
        producer.public_id,
        tier="documents_checked",
        checks=["documents", "registry_extract"],
        note="KGD extract of 2026-11-20; charter seen",
    )
    assert registry.get_producer(session, producer.public_id).verification_tier == "documents_checked"
    records = services.verification_records(session, producer.id)
    assert records[0]["tier_from"] == "unverified" and records[0]["checks"] == ["documents", "registry_extract"]
    assert registry.list_changes(session, producer.public_id)[-1].actor == f"user:{moderator.public_id}"
    assert _events(session, "verification.changed")


def test_a_representative_of_a_merged_record_represents_its_golden_record(
    session: Session, make_user: MakeUser, make_producer: MakeProducer
) -> None:
    from cagateway.ingest.resolution import merge_records, unmerge_producer  # noqa: PLC0415 -- only this test

    a, b = make_producer(), make_producer()
    rep = make_user("rep@x.kz", "representative")
    services.link_representative(session, rep.id, a.id, None)
    golden = merge_records(session, [a.id, b.id], method="review", actor="test")
    assert services.representatives_of(session, [golden.id, b.id]) == {golden.id: [rep.id], b.id: []}
    assert services.producers_of(session, rep.id) == [golden.id]
    assert services.is_representative(session, rep.id, golden.id)
    unmerge_producer(session, golden.public_id, actor="test")
    assert services.representatives_of(session, [golden.id])[golden.id] == []
    assert services.producers_of(session, rep.id) == [a.id]
