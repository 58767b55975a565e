"""Account mails: kept in the outbox without SMTP; sent over a real SMTP conversation when a host is set (a tiny
SMTP server on a loopback port receives them)."""

from __future__ import annotations

import socketserver
import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from cagateway.accounts import mail
from cagateway.accounts.models import OutboxMail
from cagateway.config import Settings
from cagateway.db import Database


class _SMTPHandler(socketserver.StreamRequestHandler):
    received: list[str]

    def _say(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self) -> None:
        self._say("220 test ESMTP")
        data: list[str] | None = None
        for raw in self.rfile:
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            if data is not None:
                if line == ".":
                    type(self).received.append("\n".join(data))
                    data = None
                    self._say("250 queued")
                else:
                    data.append(line)
                continue
            verb = line.split(" ", 1)[0].upper()
            if verb in {"EHLO", "HELO"}:
                self._say("250 test")
            elif verb == "DATA":
                data = []
                self._say("354 go on")
            elif verb == "QUIT":
                self._say("221 bye")
                return
            else:
                self._say("250 ok")


@pytest.fixture
def smtp_server() -> Iterator[tuple[int, list[str]]]:
    handler = type("Handler", (_SMTPHandler,), {"received": []})
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        yield server.server_address[1], handler.received
        server.shutdown()


def test_without_smtp_mails_stay_in_the_outbox(db: Database) -> None:
    with db.writer() as session:
        queued = mail.queue_mail(session, "stay@example.org", "Hello", "Body")
    assert mail.deliver_pending(db, Settings(database_url="sqlite://")) == 0
    with db.session() as session:
        row = session.get(OutboxMail, queued.id)
        assert row is not None
        assert row.sent_at is None
    assert mail.dev_outbox_enabled(Settings(database_url="sqlite:///x.sqlite3"))
    assert not mail.dev_outbox_enabled(Settings(database_url="postgresql://h/db"))
    assert mail.dev_outbox_enabled(Settings(database_url="postgresql://h/db", dev_outbox=True))


def test_with_smtp_mails_are_sent_and_marked(db: Database, smtp_server: tuple[int, list[str]]) -> None:
    port, received = smtp_server
    with db.writer() as session:
        for row in session.scalars(select(OutboxMail).where(OutboxMail.sent_at.is_(None))):
            row.sent_at = row.created_at  # earlier tests' mails are not this test's business
        queued = mail.queue_mail(session, "to@example.org", "Your link", "Open https://example.org/x")
    settings = Settings(database_url="sqlite://", smtp_host="127.0.0.1", smtp_port=port, smtp_starttls=False)
    assert mail.deliver_pending(db, settings) == 1
    assert len(received) == 1
    assert "Subject: Your link" in received[0]
    assert "To: to@example.org" in received[0]
    with db.session() as session:
        row = session.get(OutboxMail, queued.id)
        assert row is not None
        assert row.sent_at is not None
        assert row.attempts == 1
    assert mail.deliver_pending(db, settings) == 0  # nothing is sent twice


def test_an_unreachable_smtp_server_leaves_the_mail_queued_with_the_error(db: Database) -> None:
    with db.writer() as session:
        for row in session.scalars(select(OutboxMail).where(OutboxMail.sent_at.is_(None))):
            row.sent_at = row.created_at
        queued = mail.queue_mail(session, "later@example.org", "Retry", "Body")
    settings = Settings(database_url="sqlite://", smtp_host="127.0.0.1", smtp_port=1, smtp_starttls=False)
    assert mail.deliver_pending(db, settings) == 0
    with db.session() as session:
        row = session.get(OutboxMail, queued.id)
        assert row is not None
        assert row.sent_at is None
        assert row.last_error
