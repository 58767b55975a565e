"""Page cursors: every paginated answer hands out ``kind:number`` cursors that only their own kind accepts."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cagateway.registry.cursors import decode_cursor, encode_cursor


@given(st.sampled_from(["v1", "c1", "o"]), st.integers(min_value=0, max_value=10**12))
def test_a_cursor_gives_back_its_number(kind: str, value: int) -> None:
    cursor = encode_cursor(kind, value)
    assert "=" not in cursor
    assert decode_cursor(cursor, kind) == value


def test_a_cursor_of_another_kind_or_garbage_is_refused() -> None:
    assert decode_cursor(encode_cursor("o", 20), "v1") is None  # a search page's cursor on the producer list
    assert decode_cursor(encode_cursor("v1", -3), "v1") is None
    for garbage in ("", "!!!", "not-a-cursor", "djE6YWJj"):  # the last is base64 of "v1:abc"
        assert decode_cursor(garbage, "v1") is None
