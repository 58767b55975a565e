"""`cagateway rfq list/show/expire` through the real CLI entry point."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from click.testing import CliRunner

from cagateway.cli import main
from cagateway.config import Settings
from cagateway.db import Database
from cagateway.rfq import services
from tests.unit.rfq.conftest import flour_request, make_mill, make_user


def _url(db: Database) -> str:
    return db.engine.url.render_as_string(hide_password=False)


def test_list_show_and_expire(fresh_db: Database, tmp_path: Path) -> None:
    settings = Settings(hs_model_path=tmp_path / "none")
    today = dt.datetime.now(dt.UTC).date()
    with fresh_db.writer() as session:
        mill = make_mill(session, "Kostanay Flour Mill")
        buyer = make_user(session, email="hidden.buyer@example.org")
        request = services.create_request(session, settings, buyer, flour_request())
        due = services.create_request(session, settings, buyer, flour_request(deadline=today + dt.timedelta(days=1)))
        due.deadline = today - dt.timedelta(days=1)  # as if a day had passed
        ids, mill_id = (request.public_id, due.public_id), mill.public_id
    runner = CliRunner()
    listed = runner.invoke(main, ["--db", _url(fresh_db), "rfq", "list", "--json"])
    assert listed.exit_code == 0, listed.output
    items = json.loads(listed.output)["items"]
    assert {i["id"]: i["status"] for i in items} == {ids[0]: "open", ids[1]: "expired"}  # expired on read already
    shown = runner.invoke(main, ["--db", _url(fresh_db), "rfq", "show", ids[0], "--json"])
    detail = json.loads(shown.output)
    assert [m["producer"] for m in detail["matches"]] == [mill_id]
    assert detail["buyer"] is None and "hidden.buyer" not in shown.output
    expired = runner.invoke(main, ["--db", _url(fresh_db), "rfq", "expire", "--json"])
    assert json.loads(expired.output) == {"expired": [ids[1]]}
    again = runner.invoke(main, ["--db", _url(fresh_db), "rfq", "list", "--status", "expired", "--json"])
    assert [i["id"] for i in json.loads(again.output)["items"]] == [ids[1]]
    missing = runner.invoke(main, ["--db", _url(fresh_db), "rfq", "show", "nosuchid00"])
    assert missing.exit_code == 1 and "No buyer request" in missing.output
