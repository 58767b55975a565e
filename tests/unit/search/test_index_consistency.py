"""The index never disagrees with the registry: creates, renames, deletes, merges and unmerges in any order, on
both engines.

After every step, every live producer (not deleted, not merged into a golden record) is found by each of its
exact names, and no search returns a producer that is not live.
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from cagateway.db import Database
from cagateway.ingest.resolution import merge_records, unmerge_producer
from cagateway.registry import services
from cagateway.registry.models import LegalEntity
from cagateway.registry.schemas import NameIn, ProducerUpdate
from cagateway.search import search_producers
from tests.unit.search.conftest import make_producer

WORDS = ["Оңтүстік", "Цемент", "Shymkent", "Tulpar", "Алтын", "Бидай", "Zamin", "Sement", "Нұр", "Qurilish", "Ақ Жол"]
FORMS = ["ТОО «{}»", "«{}» ЖШС", "{} LLP", '"{}" MChJ', "{}"]
names = st.builds(
    lambda words, form: form.format(" ".join(words)),
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=3),
    st.sampled_from(FORMS),
)


def _live(session: Session) -> dict[str, list[str]]:
    stmt = (
        select(LegalEntity)
        .where(LegalEntity.deleted_at.is_(None), LegalEntity.merged_into_id.is_(None))
        .options(selectinload(LegalEntity.names))
    )
    return {e.public_id: [n.value for n in e.names] for e in session.scalars(stmt)}


def _machine(db: Database) -> type[RuleBasedStateMachine]:
    class IndexFollowsRegistry(RuleBasedStateMachine):
        producers = Bundle("producers")

        def __init__(self) -> None:
            super().__init__()
            self.connection = db.engine.connect()
            self.transaction = self.connection.begin()
            self.session = Session(bind=self.connection, join_transaction_mode="create_savepoint")

        def teardown(self) -> None:
            self.session.close()
            self.transaction.rollback()
            self.connection.close()

        def _entity(self, public_id: str) -> LegalEntity | None:
            entity = self.session.scalar(select(LegalEntity).where(LegalEntity.public_id == public_id))
            live = entity is not None and entity.deleted_at is None and entity.merged_into_id is None
            return entity if live else None

        @rule(target=producers, name=names)
        def create(self, name: str) -> str:
            return make_producer(self.session, name).public_id

        @rule(public_id=producers, name=names)
        def rename(self, public_id: str, name: str) -> None:
            entity = self._entity(public_id)
            if entity is not None:
                change = ProducerUpdate(names=[NameIn(value=name, lang="kk")])
                services.update_producer(self.session, public_id, change, expected_version=entity.version, actor="t")

        @rule(public_id=producers)
        def delete(self, public_id: str) -> None:
            entity = self._entity(public_id)
            if entity is not None:
                services.delete_producer(self.session, public_id, expected_version=entity.version, actor="t")

        @rule(target=producers, left=producers, right=producers)
        def merge(self, left: str, right: str) -> str:
            a, b = self._entity(left), self._entity(right)
            if a is None or b is None or a.id == b.id:
                return left
            return merge_records(self.session, [a.id, b.id], method="review", actor="t").public_id

        @rule(public_id=producers)
        def unmerge(self, public_id: str) -> None:
            entity = self._entity(public_id)
            if entity is not None and self.session.scalar(
                select(LegalEntity.id).where(LegalEntity.merged_into_id == entity.id).limit(1)
            ):
                unmerge_producer(self.session, public_id, actor="t")

        @invariant()
        def every_live_producer_is_found_by_its_names_and_nothing_else_is(self) -> None:
            live = _live(self.session)
            for public_id, values in live.items():
                for value in values:
                    found = [h.hit["id"] for h in search_producers(self.session, value, limit=100, facets=False).hits]
                    assert public_id in found, (value, found)
                    assert set(found) <= live.keys()
            listed = search_producers(self.session, "", limit=100, facets=True)
            assert {h.hit["id"] for h in listed.hits} == live.keys()
            assert listed.facets.total == len(live)

    return IndexFollowsRegistry


def test_the_index_follows_every_registry_write(db: Database) -> None:
    run_state_machine_as_test(
        _machine(db),
        settings=settings(
            max_examples=20, stateful_step_count=8, deadline=None, suppress_health_check=[HealthCheck.too_slow]
        ),
    )
