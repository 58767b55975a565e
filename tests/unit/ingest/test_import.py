"""Imports into real databases: counts, idempotence, updates, provenance, rejects and their correction."""

from __future__ import annotations

import csv
import gc
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from cagateway.classify.model import Example, HsModel
from cagateway.classify.store import save_model
from cagateway.db import Database
from cagateway.ingest import ImportOptions, import_file
from cagateway.ingest.errors import UnreadableFile
from cagateway.ingest.models import ImportRecord, StagedRow
from cagateway.registry.models import Batch, Change, EntityName, LegalEntity, ProductLine, Provenance, SourceRecord
from tests.ingest_files import broken_rows, snapshot, valid_rows, write_csv, write_jsonl, write_xlsx


def _options(tmp_path: Path, **kwargs: object) -> ImportOptions:
    return ImportOptions(source=str(kwargs.pop("source", "kz-register")), rejects_dir=tmp_path / "rejects", **kwargs)  # type: ignore[arg-type]


def _count(db: Database, model: type) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_reimporting_the_same_file_changes_nothing(fresh_db: Database, tmp_path: Path) -> None:
    path = write_csv(valid_rows(40), tmp_path / "p.csv")
    first = import_file(fresh_db, path, _options(tmp_path, chunk_size=15))
    assert (first.counts.read, first.counts.accepted, first.counts.new, first.counts.rejected) == (40, 40, 40, 0)
    before = snapshot(fresh_db)
    second = import_file(fresh_db, path, _options(tmp_path, chunk_size=15))
    assert (second.counts.read, second.counts.unchanged, second.counts.new, second.counts.updated) == (40, 40, 0, 0)
    assert second.batch_id != first.batch_id and not second.resumed
    assert snapshot(fresh_db) == before
    assert _count(fresh_db, Change) == 40  # no update recorded


def test_changed_rows_are_updated_with_the_new_batch_as_provenance(fresh_db: Database, tmp_path: Path) -> None:
    rows = valid_rows(20)
    first = import_file(fresh_db, write_csv(rows, tmp_path / "v1.csv"), _options(tmp_path))
    rows[3] = dict(rows[3], name="ТОО «Новое Имя»", alt_names="")
    rows[7] = dict(rows[7], hs_codes="2523", products="цемент")
    second = import_file(fresh_db, write_csv(rows, tmp_path / "v2.csv"), _options(tmp_path))
    assert (second.counts.updated, second.counts.unchanged, second.counts.new) == (2, 18, 0)
    with fresh_db.session() as session:
        entity = session.scalar(
            select(LegalEntity).join(SourceRecord).where(SourceRecord.source_record_id == rows[3]["source_record_id"])
        )
        assert entity is not None and entity.display_name == "ТОО «Новое Имя»" and entity.version == 2
        name_prov = session.scalar(
            select(Provenance)
            .join(EntityName, EntityName.provenance_id == Provenance.id)
            .where(EntityName.entity_id == entity.id)
        )
        assert name_prov is not None
        assert (name_prov.batch_id, name_prov.row_number, name_prov.source) == (second.batch_id, 5, "kz-register")
        assert session.get_one(Provenance, entity.provenance_id).batch_id == second.batch_id
        unchanged = session.scalar(
            select(LegalEntity).join(SourceRecord).where(SourceRecord.source_record_id == rows[0]["source_record_id"])
        )
        assert unchanged is not None
        assert session.get_one(Provenance, unchanged.provenance_id).batch_id == first.batch_id


def test_every_field_has_source_batch_row_kind_and_time(fresh_db: Database, tmp_path: Path) -> None:
    rows = [dict(r, retrieved_at="") for r in valid_rows(3)]
    rows[1]["retrieved_at"] = "2025-06-30"
    report = import_file(fresh_db, write_csv(rows, tmp_path / "p.csv"), _options(tmp_path, kind="official"))
    with fresh_db.session() as session:
        provs = {
            p.row_number: p for p in session.scalars(select(Provenance).where(Provenance.batch_id == report.batch_id))
        }
        assert sorted(provs) == [2, 3, 4]
        assert {(p.source, p.kind) for p in provs.values()} == {("kz-register", "official")}
        assert provs[3].retrieved_at.date().isoformat() == "2025-06-30"
        lines = session.execute(select(ProductLine.provenance_id)).scalars().all()
        assert lines and set(lines) <= {p.id for p in provs.values()}


@pytest.mark.parametrize("fmt", ["xlsx", "jsonl"])
def test_xlsx_and_jsonl_import_like_csv(fresh_db: Database, tmp_path: Path, fmt: str) -> None:
    rows = valid_rows(10)
    path = (write_xlsx if fmt == "xlsx" else write_jsonl)(rows, tmp_path / f"p.{fmt}")
    report = import_file(fresh_db, path, _options(tmp_path, source=f"src-{fmt}"))
    assert (report.counts.accepted, report.counts.rejected) == (10, 0)
    again = import_file(fresh_db, path, _options(tmp_path, source=f"src-{fmt}"))
    assert again.counts.unchanged == 10


def test_broken_file_names_every_bad_row_and_a_corrected_file_completes_it(fresh_db: Database, tmp_path: Path) -> None:
    rows, corrections, expected = broken_rows()
    report = import_file(fresh_db, write_csv(rows, tmp_path / "broken.csv"), _options(tmp_path))
    assert report.counts.rejected == len(expected)
    assert report.counts.accepted == len(rows) - len(expected)
    assert report.rejects is not None
    csv_path, json_path = report.rejects
    with csv_path.open(encoding="utf-8") as handle:
        listed = list(csv.DictReader(handle))
    by_row: dict[int, list[dict[str, str]]] = {}
    for line in listed:
        by_row.setdefault(int(line["row"]), []).append(line)
    assert set(by_row) == set(expected)
    for row, (what, column, fix) in expected.items():
        problems = by_row[row]
        assert column in {p["column"] for p in problems}, (what, problems)
        named = [p for p in problems if p["column"] == column]
        assert all(p["reason"] for p in named)
        assert any(p["fix"] for p in named) == fix, (what, named)
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert [r["row"] for r in data["rows"]] == sorted(expected)
    assert data["rows"][0]["raw"]["source_record_id"] == rows[0]["source_record_id"]  # kept raw, as read
    with fresh_db.session() as session:
        assert session.scalar(select(func.count()).select_from(StagedRow)) == len(expected)

    fixed = import_file(fresh_db, write_csv(corrections, tmp_path / "fixed.csv"), _options(tmp_path))
    assert (fixed.counts.accepted, fixed.counts.rejected) == (len(corrections), 0)
    assert _count(fresh_db, LegalEntity) == len(rows) - 1  # every intended producer: all but the repeat
    with fresh_db.session() as session:
        pending = session.execute(
            select(StagedRow.row_number, StagedRow.source_record_id).where(StagedRow.status == "rejected")
        ).all()
    # Only the rows that cannot be matched to a correction by their id stay pending: the row without an id,
    # and the second row under an id already used (someone must decide what it is).
    reasons = {expected[row][0] for row, _ in pending}
    assert reasons == {"missing source_record_id", "repeated source_record_id"}

    again = import_file(fresh_db, write_csv(rows, tmp_path / "broken.csv"), _options(tmp_path))
    assert again.counts.rejected == len(expected)  # still wrong, still reported
    assert _count(fresh_db, StagedRow) == len(expected)  # but staged once
    assert _count(fresh_db, LegalEntity) == len(rows) - 1  # and the corrected data is not overwritten


def test_identifier_held_by_another_source_is_rejected_naming_the_producer(fresh_db: Database, tmp_path: Path) -> None:
    rows = valid_rows(3)
    import_file(fresh_db, write_csv(rows, tmp_path / "a.csv"), _options(tmp_path, source="a"))
    other = [dict(rows[0], source_record_id="x1"), dict(rows[1], source_record_id="x2", id_scheme="", id_value="")]
    report = import_file(fresh_db, write_csv(other, tmp_path / "b.csv"), _options(tmp_path, source="b"))
    assert (report.counts.accepted, report.counts.rejected) == (1, 1)
    assert report.rejects is not None
    text = report.rejects[0].read_text(encoding="utf-8")
    assert "already registered to producer" in text and "id_value" in text


def test_products_without_codes_without_a_model_are_kept_and_reported(fresh_db: Database, tmp_path: Path) -> None:
    rows = [dict(r, hs_codes="", products="портландцемент") for r in valid_rows(3)]
    report = import_file(
        fresh_db, write_csv(rows, tmp_path / "p.csv"), _options(tmp_path, hs_model_path=tmp_path / "no-model")
    )
    assert report.counts.accepted == 3 and report.hs_skipped is not None and "hs train" in report.hs_skipped
    assert report.counts.hs_unclassified == 3
    with fresh_db.session() as session:
        extras = session.scalars(select(ImportRecord.extra)).all()
    assert all(e["unclassified_products"] == ["портландцемент"] for e in extras)


def test_products_without_codes_get_confident_suggestions_unconfirmed(fresh_db: Database, tmp_path: Path) -> None:
    examples = [
        Example("портландцемент", "252329", "terms", 2.0),
        Example("Cement; portland, other than white", "252329", "hs_en"),
        Example("медь катодная", "740311", "terms", 2.0),
        Example("Copper; refined, unwrought, cathodes", "740311", "hs_en"),
    ]
    model = HsModel.fit(examples, {"2523": ["252329"], "7403": ["740311"]}, {"252329": ("Cement", None)})
    save_model(model, tmp_path / "model", {})
    rows = [
        dict(r, hs_codes="", products=text) for r, text in zip(valid_rows(2), ["портландцемент", "zzqx"], strict=True)
    ]
    report = import_file(
        fresh_db, write_csv(rows, tmp_path / "p.csv"), _options(tmp_path, hs_model_path=tmp_path / "model")
    )
    assert report.hs_skipped is None
    assert (report.counts.hs_suggested, report.counts.hs_unclassified) == (1, 1)
    with fresh_db.session() as session:
        line = session.scalars(select(ProductLine)).one()
    assert (line.hs_code, line.hs_confirmed, line.description) == ("252329", False, "портландцемент")


def test_unknown_columns_are_kept_as_extra_attributes(fresh_db: Database, tmp_path: Path) -> None:
    rows = [dict(r, director="Иванов И. И.") for r in valid_rows(2)]
    import_file(fresh_db, write_csv(rows, tmp_path / "p.csv"), _options(tmp_path))
    with fresh_db.session() as session:
        extras = session.scalars(select(ImportRecord.extra)).all()
    assert extras == [{"director": "Иванов И. И."}] * 2


def test_a_file_that_cannot_be_read_writes_nothing(fresh_db: Database, tmp_path: Path) -> None:
    path = tmp_path / "p.txt"
    path.write_text("hello", encoding="utf-8")
    with pytest.raises(UnreadableFile):
        import_file(fresh_db, path, _options(tmp_path))
    assert _count(fresh_db, LegalEntity) == 0


def test_a_repeated_record_id_in_a_later_chunk_is_rejected_on_every_import(fresh_db: Database, tmp_path: Path) -> None:
    rows = valid_rows(6)
    rows.append(dict(rows[1], name="ТОО «Другое»", id_scheme="", id_value=""))  # row 8 repeats r1 (row 3)
    path = write_csv(rows, tmp_path / "p.csv")
    first = import_file(fresh_db, path, _options(tmp_path, chunk_size=2))
    assert (first.counts.accepted, first.counts.rejected) == (6, 1)
    before = snapshot(fresh_db)
    second = import_file(fresh_db, path, _options(tmp_path, chunk_size=2))
    assert (second.counts.unchanged, second.counts.rejected, second.counts.updated) == (6, 1, 0)
    assert snapshot(fresh_db) == before


def test_imported_producers_are_in_the_search_index_at_once(fresh_db: Database, tmp_path: Path) -> None:
    from cagateway.search import search_producers  # noqa: PLC0415  (the integration this test is about)

    rows = valid_rows(5)
    import_file(fresh_db, write_csv(rows, tmp_path / "p.csv"), _options(tmp_path))
    with fresh_db.session() as session:
        entity = session.scalar(
            select(SourceRecord.entity_id).where(SourceRecord.source_record_id == rows[2]["source_record_id"])
        )
        result = search_producers(session, rows[2]["id_value"], facets=False)
    assert entity is not None and [h.entity_id for h in result.hits] == [entity]


def test_an_import_stopped_by_an_error_is_marked_failed_and_resumed(fresh_db: Database, tmp_path: Path) -> None:
    path = write_csv(valid_rows(12), tmp_path / "p.csv")
    calls = []

    def stop_after_two_chunks(done: int) -> None:
        calls.append(done)
        if len(calls) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_file(fresh_db, path, _options(tmp_path, chunk_size=5), progress=stop_after_two_chunks)
    with fresh_db.session() as session:
        batch = session.scalars(select(Batch)).one()
        assert (batch.status, batch.counts["read"]) == ("failed", 10)
    resumed = import_file(fresh_db, path, _options(tmp_path, chunk_size=5))
    assert resumed.resumed and resumed.batch_id == batch.id
    assert (resumed.counts.read, resumed.counts.new, resumed.counts.unchanged) == (12, 12, 0)
    assert _count(fresh_db, LegalEntity) == 12


def test_an_import_leaves_garbage_collection_on_even_when_it_fails(fresh_db: Database, tmp_path: Path) -> None:
    """The import pauses automatic collection while a chunk is in flight; a long-running process (the portal, a
    worker) must get it back after a finished and after an interrupted import."""
    path = write_csv(valid_rows(12), tmp_path / "p.csv")
    seen: list[bool] = []

    def stop_in_the_middle(done: int) -> None:
        seen.append(gc.isenabled())
        raise KeyboardInterrupt

    assert gc.isenabled()
    with pytest.raises(KeyboardInterrupt):
        import_file(fresh_db, path, _options(tmp_path, chunk_size=5), progress=stop_in_the_middle)
    assert seen == [False] and gc.isenabled()
    assert import_file(fresh_db, path, _options(tmp_path, chunk_size=5)).counts.read == 12
    assert gc.isenabled()


def test_a_changed_row_of_a_deleted_producer_is_rejected_not_revived(fresh_db: Database, tmp_path: Path) -> None:
    from cagateway.registry.services import delete_producer  # noqa: PLC0415

    rows = valid_rows(3)
    import_file(fresh_db, write_csv(rows, tmp_path / "v1.csv"), _options(tmp_path))
    with fresh_db.writer() as session:
        entity = session.scalars(
            select(LegalEntity).join(SourceRecord).where(SourceRecord.source_record_id == rows[0]["source_record_id"])
        ).one()
        delete_producer(session, entity.public_id, expected_version=entity.version, actor="test")
    rows[0] = dict(rows[0], website="https://changed.example")
    report = import_file(fresh_db, write_csv(rows, tmp_path / "v2.csv"), _options(tmp_path))
    assert (report.counts.rejected, report.counts.unchanged, report.counts.updated) == (1, 2, 0)
    assert report.rejects is not None and "deleted" in report.rejects[0].read_text(encoding="utf-8")


def _documents(db: Database) -> list[tuple[object, ...]]:
    from cagateway.search.models import SearchDocument  # noqa: PLC0415

    columns = list(SearchDocument.__table__.c)
    with db.session() as session:
        return [tuple(r) for r in session.execute(select(*columns).order_by(SearchDocument.entity_id))]


def test_the_index_written_chunk_by_chunk_equals_a_rebuild(fresh_db: Database, tmp_path: Path) -> None:
    """The import indexes each chunk with one document builder for the whole run: the same documents and the same
    FTS5 answers as a rebuild from the registry."""
    from cagateway.search import rebuild_index  # noqa: PLC0415

    rows = valid_rows(45)
    rows[31] = dict(rows[31], hs_codes=rows[2]["hs_codes"], products=rows[2]["products"])  # cached HS tokens reused
    options = _options(tmp_path, chunk_size=10)
    report = import_file(fresh_db, write_csv(rows, tmp_path / "p.csv"), options)
    imported, imported_fts = _documents(fresh_db), _fts_matches(fresh_db)
    assert report.counts.accepted == len(imported) == 45
    rebuild_index(fresh_db)
    assert _documents(fresh_db) == imported
    assert _fts_matches(fresh_db) == imported_fts


def _fts_matches(db: Database) -> dict[str, object]:
    """On SQLite, what the FTS5 tables the import writes directly answer: every name and tag token's matches in
    search_fts, search_fts_names and search_fts_count (whose rowids carry the facets), and FTS5's own check of
    search_fts against its content."""
    if db.engine.dialect.name != "sqlite":
        return {}
    with db.engine.connect() as conn:
        conn.exec_driver_sql("INSERT INTO search_fts(search_fts, rank) VALUES ('integrity-check', 1)")
        tokens = sorted({t for (names, tags) in conn.exec_driver_sql("SELECT names, tags FROM search_documents")
                         for t in f"{names} {tags}".split()})  # fmt: skip
        found: dict[str, object] = {
            "terms": {r[0] for r in conn.exec_driver_sql("SELECT term FROM search_terms")},
        }
        for table in ("search_fts", "search_fts_names", "search_fts_count"):
            sql = f"SELECT rowid FROM {table} WHERE {table} MATCH ? ORDER BY rowid"
            # search_fts_count has no positions: a word FTS5 splits in two ("ак-суу") is a phrase it refuses
            asked = tokens if table != "search_fts_count" else [t for t in tokens if t.isalnum()]
            found[table] = {
                t: [r[0] for r in conn.exec_driver_sql(sql, ('"' + t.replace('"', '""') + '"',))] for t in asked
            }
        assert tokens
        assert all(found["search_fts_names"].values())  # type: ignore[attr-defined]
        return found
