"""`cagateway moderation list|approve|reject` through the real CLI, on both backends."""

from __future__ import annotations

import json

from click.testing import CliRunner
from sqlalchemy import select

from cagateway.accounts.models import AuditEvent, OutboxMail
from cagateway.cli import main
from cagateway.db import Database
from cagateway.moderation import services
from cagateway.registry import services as registry
from tests.accounts_support import make_user
from tests.factories import ProducerFactory


def _run(db: Database, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--db", db.engine.url.render_as_string(hide_password=False), *args])
    return result.exit_code, result.output


def test_list_reject_and_approve_with_reasons(fresh_db: Database) -> None:
    reporter = make_user(fresh_db, "buyer")
    with fresh_db.writer() as session:
        from cagateway.accounts.models import User  # noqa: PLC0415 -- the row, for the service

        user = session.get_one(User, reporter.id)
        public_id = registry.create_producer(session, ProducerFactory(), actor="test").public_id
        report = services.ReportIn(kind="mistake", text="Closed since 2024")
        first = services.submit_report(session, user, public_id, report).id
        second = services.submit_report(session, user, public_id, report).id

    code, out = _run(fresh_db, "moderation", "list", "--kind", "report", "--json")
    assert code == 0, out
    assert [item["id"] for item in json.loads(out)] == [first, second]

    code, out = _run(fresh_db, "moderation", "reject", str(first), "--reason", "The register says it is active.")
    assert code == 0 and "rejected" in out
    code, out = _run(fresh_db, "moderation", "approve", str(second), "--reason", "Marked as closed.", "--json")
    assert code == 0 and json.loads(out)["status"] == "approved"
    code, out = _run(fresh_db, "moderation", "approve", str(second), "--reason", "again", "--json")
    assert code == 1 and json.loads(out)["code"] == "already_decided"
    code, out = _run(fresh_db, "moderation", "reject", "999", "--reason", "x")
    assert code == 1 and "No submission 999" in out
    code, out = _run(fresh_db, "moderation", "list", "--status", "rejected", "--json")
    assert code == 0 and [item["reason"] for item in json.loads(out)] == ["The register says it is active."]
    code, out = _run(fresh_db, "moderation", "list", "--status", "approved")
    assert code == 0 and str(second) in out  # the table for people

    with fresh_db.session() as session:
        mails = list(session.scalars(select(OutboxMail.body).where(OutboxMail.to_address == reporter.email)))
        assert any("The register says it is active." in body for body in mails)
        audited = session.scalars(select(AuditEvent).where(AuditEvent.event == "report.rejected")).one()
        assert audited.details["via"] == "cli" and audited.actor_id is None
