"""Uploaded files (proof of a claim, certificates): checked, stored safely, served only to those allowed.

* **Name**: a plain file name only: one with a folder (``/``, ``\\``, ``..``) or a NUL byte is refused with a
  message saying so. The name is kept for display and the download's ``filename``; it never names the stored file.
* **Size**: counted while the bytes are read (a client's Content-Length is not trusted); past ``max_bytes`` the
  upload stops and the partial file is removed.
* **Type**: by the first bytes of the content (PDF, PNG or JPEG), never by the name or the client's content type.
* **Storage**: under ``upload_dir`` with a random 32-hex-digit name, written to a temporary file and renamed into
  place, readable by the owner of the process only.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from cagateway.moderation.errors import UploadNotFound, UploadRejected, UploadTooLarge
from cagateway.moderation.models import Upload

__all__ = [
    "ALLOWED_TYPES",
    "StoredFile",
    "check_file_name",
    "file_type_of",
    "find_upload",
    "record_upload",
    "store_upload",
    "stored_path",
]

CHUNK = 64 * 1024
# The signatures of the types we accept: the first bytes of the file (ISO 32000 for PDF, the PNG spec, JFIF/Exif
# SOI + marker for JPEG).
ALLOWED_TYPES: dict[str, tuple[bytes, str]] = {
    "application/pdf": (b"%PDF-", ".pdf"),
    "image/png": (b"\x89PNG\r\n\x1a\n", ".png"),
    "image/jpeg": (b"\xff\xd8\xff", ".jpg"),
}
_TOKEN = re.compile(r"^[0-9a-f]{32}$")
MAX_NAME = 200


@dataclass(frozen=True)
class StoredFile:
    """A file accepted and stored under ``token``."""

    token: str
    original_name: str
    content_type: str
    size: int
    sha256: str


def check_file_name(name: str) -> str:
    """The file name if it is a plain name; :class:`UploadRejected` saying what is wrong otherwise."""
    if "\x00" in name:
        raise UploadRejected("name", "The file name contains a NUL byte. Rename the file and upload it again.", name)
    if "/" in name or "\\" in name or name.strip() in {".", ".."}:
        raise UploadRejected(
            "name",
            f"The file name {name!r} contains a folder path ('/', '\\' or '..'). "
            "Upload the file under its plain name, e.g. certificate.pdf.",
            name,
        )
    cleaned = name.strip()
    if not cleaned:
        raise UploadRejected("name", "The file has no name. Choose a file to upload, e.g. certificate.pdf.", name)
    if len(cleaned) > MAX_NAME:
        raise UploadRejected("name", f"The file name is longer than {MAX_NAME} characters. Shorten it.", name)
    return cleaned


def file_type_of(head: bytes) -> str | None:
    """The content type ``head`` (the file's first bytes) shows, among the accepted ones; ``None`` otherwise."""
    for content_type, (magic, _suffix) in ALLOWED_TYPES.items():
        if head.startswith(magic):
            return content_type
    return None


def _copy_limited(stream: BinaryIO, out: BinaryIO, max_bytes: int) -> tuple[int, bytes, str]:
    """Copy at most ``max_bytes``; returns size, the first bytes and the SHA-256."""
    digest, size, head = hashlib.sha256(), 0, b""
    while chunk := stream.read(CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise UploadTooLarge(max_bytes)
        if len(head) < 16:
            head += chunk[: 16 - len(head)]
        digest.update(chunk)
        out.write(chunk)
    return size, head, digest.hexdigest()


def store_upload(stream: BinaryIO, name: str, *, upload_dir: Path, max_bytes: int) -> StoredFile:
    """Check and store the bytes of ``stream`` sent as ``name``; nothing stays on disk when it is refused."""
    original = check_file_name(name)
    upload_dir.mkdir(parents=True, exist_ok=True)
    fd, name_tmp = tempfile.mkstemp(dir=upload_dir, prefix=".incoming-")
    tmp = Path(name_tmp)
    try:
        with os.fdopen(fd, "wb") as out:
            size, head, sha256 = _copy_limited(stream, out, max_bytes)
        content_type = file_type_of(head)
        if size == 0:
            raise UploadRejected("file", "The file is empty. Choose the PDF, PNG or JPEG file to upload.", original)
        if content_type is None:
            raise UploadRejected(
                "file",
                f"{original!r} is not a PDF, PNG or JPEG file (judged by its content, not its name). "
                "Upload the document as PDF, or a photo of it as PNG or JPEG.",
                original,
            )
        token = secrets.token_hex(16)
        tmp.chmod(0o600)
        tmp.replace(upload_dir / token)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return StoredFile(token, original, content_type, size, sha256)


def record_upload(
    session: Session,
    stored: StoredFile,
    *,
    owner_id: int,
    purpose: str,
    entity_id: int | None = None,
    label: str | None = None,
) -> Upload:
    """The database row of a stored file."""
    upload = Upload(
        token=stored.token,
        original_name=stored.original_name,
        content_type=stored.content_type,
        size=stored.size,
        sha256=stored.sha256,
        purpose=purpose,
        owner_id=owner_id,
        entity_id=entity_id,
        label=label,
    )
    session.add(upload)
    session.flush()
    return upload


def find_upload(session: Session, token: str) -> Upload:
    """The upload stored as ``token``; :class:`UploadNotFound` for anything else (including a path)."""
    if not _TOKEN.match(token):
        raise UploadNotFound(token)
    upload = session.scalar(select(Upload).where(Upload.token == token))
    if upload is None:
        raise UploadNotFound(token)
    return upload


def stored_path(upload_dir: Path, upload: Upload) -> Path:
    """Where the bytes of ``upload`` are; :class:`UploadNotFound` when the file went missing."""
    path = upload_dir / upload.token
    if not _TOKEN.match(upload.token) or not path.is_file():
        raise UploadNotFound(upload.token)
    return path
