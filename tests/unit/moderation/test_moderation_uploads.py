"""Uploads: type by content, size counted while reading, no path in the name, nothing left behind on refusal."""

from __future__ import annotations

import io
import stat
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from cagateway.moderation.errors import UploadNotFound, UploadRejected, UploadTooLarge
from cagateway.moderation.uploads import check_file_name, file_type_of, find_upload, store_upload

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
PDF = b"%PDF-1.4\n%%EOF\n"


class _Endless(io.RawIOBase):
    """A stream that never ends, like a client that lies about its size: reading must stop at the limit."""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        buffer[:] = b"%" * len(buffer)
        return len(buffer)


def _files(folder: Path) -> list[Path]:
    return sorted(folder.iterdir()) if folder.exists() else []


@pytest.mark.parametrize(("content", "kind"), [(PNG, "image/png"), (JPEG, "image/jpeg"), (PDF, "application/pdf")])
def test_accepted_types_are_stored_under_a_random_private_name(tmp_path: Path, content: bytes, kind: str) -> None:
    stored = store_upload(io.BytesIO(content), "scan.bin", upload_dir=tmp_path, max_bytes=1000)
    assert stored.content_type == kind  # judged by the bytes, whatever the name says
    assert stored.original_name == "scan.bin" and stored.size == len(content)
    path = tmp_path / stored.token
    assert path.read_bytes() == content
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert _files(tmp_path) == [path]


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"<html><script>alert(1)</script></html>", "certificate.pdf"),  # a PDF by name only
        (b"MZ\x90\x00\x03", "photo.png"),  # an executable
        (b"GIF89a" + b"\x00" * 20, "logo.jpg"),  # an image of a type not accepted
        (b"", "empty.pdf"),
    ],
)
def test_wrong_type_is_refused_and_nothing_stays(tmp_path: Path, content: bytes, name: str) -> None:
    with pytest.raises(UploadRejected) as info:
        store_upload(io.BytesIO(content), name, upload_dir=tmp_path, max_bytes=1000)
    assert info.value.status == 422
    assert "PDF, PNG or JPEG" in info.value.message
    assert _files(tmp_path) == []


def test_huge_upload_stops_at_the_limit_and_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(UploadTooLarge) as info:
        store_upload(io.BufferedReader(_Endless()), "big.pdf", upload_dir=tmp_path, max_bytes=10_000_000)
    assert info.value.status == 413
    assert "10 MB" in info.value.message
    assert _files(tmp_path) == []


@pytest.mark.parametrize(
    "name", ["../../etc/passwd.pdf", "/etc/passwd", "..\\windows\\win.ini", "a/b.pdf", "cert\x00.pdf", "..", " "]
)
def test_names_with_a_path_are_refused_with_a_clear_message(tmp_path: Path, name: str) -> None:
    with pytest.raises(UploadRejected) as info:
        store_upload(io.BytesIO(PDF), name, upload_dir=tmp_path, max_bytes=1000)
    assert info.value.errors[0].field == "name"
    assert any(word in info.value.message for word in ("folder path", "NUL", "no name"))
    assert _files(tmp_path) == []


@given(st.text(min_size=1, max_size=60))
def test_an_accepted_name_never_leaves_its_folder(name: str) -> None:
    try:
        cleaned = check_file_name(name)
    except UploadRejected:
        return
    assert "/" not in cleaned and "\\" not in cleaned and "\x00" not in cleaned and cleaned not in {".", ".."}
    assert Path("/uploads", cleaned).resolve().parent == Path("/uploads").resolve()


@given(st.binary(max_size=16))
def test_type_is_only_ever_one_of_the_three(head: bytes) -> None:
    assert file_type_of(head) in {None, "application/pdf", "image/png", "image/jpeg"}


def test_lookup_by_anything_but_a_stored_token_is_not_found(session: Session) -> None:
    for token in ["../uploads/x", "a" * 31, "A" * 32, "0" * 32 + "/", "0" * 32]:
        with pytest.raises(UploadNotFound):
            find_upload(session, token)
