from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from cagateway.registry.public_ids import ALPHABET, LENGTH, is_public_id, new_public_id


@given(st.integers(min_value=0, max_value=2**32))
def test_seeded_ids_are_url_safe_and_reproducible(seed: int) -> None:
    first = new_public_id(random.Random(seed))
    assert first == new_public_id(random.Random(seed))
    assert is_public_id(first)
    assert len(first) == LENGTH and set(first) <= set(ALPHABET)


def test_ids_avoid_ambiguous_letters_and_do_not_repeat() -> None:
    ids = {new_public_id() for _ in range(20000)}
    assert len(ids) == 20000
    assert not any(ch in "ilou" for pid in ids for ch in pid)
