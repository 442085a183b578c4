"""Evidence files: stored once by content hash, written atomically, checked before use.

Files live at `<data_dir>/evidence/<sha[:2]>/<sha256><ext>`. The name on disk is the hash, never
the name the reporter sent (it may hold their name, and it is not safe as a path); the extension
comes from the accepted type, so a file is never stored under an extension we did not choose.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import sqlite_utils

from bot.reports.errors import (
    EvidenceDayFull,
    EvidenceEmpty,
    EvidenceReportFull,
    EvidenceTooLarge,
    EvidenceTooMany,
    EvidenceTypeRefused,
)

# The Bot API lets a bot download files up to 20 MB; the same limit applies on every channel.
MAX_BYTES = 20 * 1024 * 1024

# Types a reporter's evidence comes in: photos and screenshots, PDF, Office documents (Microsoft
# and OpenDocument), plain text and recordings (Telegram voice notes are audio/ogg, WeChat's are
# AMR). SVG and HTML are left out on purpose: they can carry scripts into a staff browser.
ACCEPTED_TYPES: dict[str, str] = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "image/heic": ".heic",
    "image/heif": ".heif",
    "image/bmp": ".bmp",
    "image/tiff": ".tif",
    "application/pdf": ".pdf",
    "application/msword": ".doc",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.ms-excel": ".xls",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.ms-powerpoint": ".ppt",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ".pptx",
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
    "application/vnd.oasis.opendocument.presentation": ".odp",
    "application/rtf": ".rtf",
    "text/plain": ".txt",
    "text/csv": ".csv",
    "audio/mpeg": ".mp3",
    "audio/ogg": ".ogg",
    "audio/mp4": ".m4a",
    "audio/x-m4a": ".m4a",
    "audio/aac": ".aac",
    "audio/wav": ".wav",
    "audio/x-wav": ".wav",
    "audio/amr": ".amr",
    "audio/flac": ".flac",
}

_MAX_NAME = 200
# What senders declare when they do not know the type (Telegram does, for unknown documents):
# the file name is a better guess.
_UNDECLARED = {"", "application/octet-stream", "binary/octet-stream"}


@dataclass(frozen=True)
class StoredEvidence:
    """A file on disk, named by its hash; `relative_path` is what the database keeps."""

    data_dir: Path
    relative_path: str
    sha256: str
    size: int
    file_name: str
    mime_type: str

    @property
    def path(self) -> Path:
        return self.data_dir / self.relative_path


def to_json(stored: StoredEvidence) -> dict[str, str | int]:
    """A stored-evidence reference as plain JSON, to keep in a draft between messages."""
    return {
        "data_dir": str(stored.data_dir),
        "relative_path": stored.relative_path,
        "sha256": stored.sha256,
        "size": stored.size,
        "file_name": stored.file_name,
        "mime_type": stored.mime_type,
    }


def from_json(ref: Mapping[str, Any]) -> StoredEvidence:
    """The reference `to_json` made; `submit` re-hashes the file before linking it."""
    return StoredEvidence(
        data_dir=Path(ref["data_dir"]),
        relative_path=str(ref["relative_path"]),
        sha256=str(ref["sha256"]),
        size=int(ref["size"]),
        file_name=str(ref["file_name"]),
        mime_type=str(ref["mime_type"]),
    )


def store(data_dir: Path, content: bytes, file_name: str, mime_type: str | None) -> StoredEvidence:
    """Keep an evidence file; the same content is stored once. Refuses big and unsafe files.

    `mime_type` is what the sender declared; without one, the type is guessed from the name.
    """
    name = clean_file_name(file_name)
    accepted = accepted_type(name, mime_type)
    check_size(name, len(content))
    sha = hashlib.sha256(content).hexdigest()
    relative = PurePosixPath("evidence", sha[:2], sha + ACCEPTED_TYPES[accepted])
    stored = StoredEvidence(data_dir, str(relative), sha, len(content), name, accepted)
    if not verify(stored):  # absent, or a damaged copy that must be replaced
        _write_atomically(stored.path, content)
    return stored


def verify(stored: StoredEvidence) -> bool:
    """Whether the file on disk still has the content it was stored with."""
    try:
        if stored.path.stat().st_size != stored.size:
            return False
        return _hash_file(stored.path) == stored.sha256
    except FileNotFoundError:
        return False


def clean_file_name(file_name: str) -> str:
    """The sender's file name without any folder part, kept only as a label for staff."""
    name = file_name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    return name[:_MAX_NAME] or "file"


def accepted_type(file_name: str, mime_type: str | None) -> str:
    """The accepted MIME type of a file, or EvidenceTypeRefused."""
    declared = (mime_type or "").split(";", 1)[0].strip().lower()
    if declared in _UNDECLARED:
        declared = (mimetypes.guess_type(file_name)[0] or "").lower()
    if declared not in ACCEPTED_TYPES:
        raise EvidenceTypeRefused(file_name=file_name, mime_type=declared or "?")
    return declared


def check_size(file_name: str, size: int) -> None:
    """EvidenceEmpty or EvidenceTooLarge, naming the file, unless `size` bytes may be kept."""
    if size == 0:
        raise EvidenceEmpty(file_name=file_name)
    if size > MAX_BYTES:
        raise EvidenceTooLarge(
            file_name=file_name,
            size_mb=f"{size / 1024 / 1024:.1f}",
            limit_mb=MAX_BYTES // 1024 // 1024,
        )


def _write_atomically(target: Path, content: bytes) -> None:
    # A temporary file in the same folder, then a rename: a reader (or a crash) never sees a
    # half-written file under the final name. mkstemp creates it readable by the owner only.
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
    temporary_path = Path(temporary)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        temporary_path.replace(target)
    except BaseException:
        temporary_path.unlink(missing_ok=True)
        raise


def _hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        for block in iter(lambda: source.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


MB = 1024 * 1024


@dataclass(frozen=True)
class Quota:
    """How much evidence one report, and one reporter in a day, may bring."""

    files_per_report: int = 10
    bytes_per_report: int = 50 * MB
    bytes_per_day: int = 200 * MB

    def check(
        self, file_name: str, size: int, *, report: Iterable[StoredEvidence], sent_today: int
    ) -> None:
        """Refuse a file of `size` bytes that would break a cap; what is stored stays."""
        held = list(report)
        if len(held) >= self.files_per_report:
            raise EvidenceTooMany(file_name=file_name, limit=self.files_per_report)
        in_report = sum(item.size for item in held)
        if in_report + size > self.bytes_per_report:
            left = max(self.bytes_per_report - in_report, 0)
            raise EvidenceReportFull(
                file_name=file_name,
                limit_mb=_mb(self.bytes_per_report),
                left_mb=_mb(left),
            )
        if sent_today + size > self.bytes_per_day:
            raise EvidenceDayFull(file_name=file_name, limit_mb=_mb(self.bytes_per_day))


def _mb(size: int) -> str:
    return f"{size / MB:.1f}".removesuffix(".0")


def linked_to_a_ticket(db: sqlite_utils.Database, sha256: str) -> bool:
    """Whether a filed ticket (or an inspection) holds this content: files are shared by hash,
    so a draft's file may also be a ticket's or an inspector's."""
    for table in ("evidence", "inspection_evidence"):
        if db[table].exists():
            sql = f"SELECT 1 FROM {table} WHERE sha256 = ? LIMIT 1"
            if db.execute(sql, [sha256]).fetchone() is not None:
                return True
    return False


def discard(stored: Iterable[StoredEvidence], in_use: Callable[[str], bool]) -> int:
    """Delete the files of an abandoned draft that nothing else holds; how many went."""
    removed = 0
    for item in {s.sha256: s for s in stored}.values():
        if in_use(item.sha256):
            continue
        try:
            item.path.unlink()
            removed += 1
        except FileNotFoundError:
            pass
    return removed
