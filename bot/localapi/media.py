"""Just enough about uploaded bytes to describe them the way Telegram does."""

from __future__ import annotations

import mimetypes
import struct
from pathlib import PurePosixPath

# JPEG start-of-frame markers carry the size; C4, C8 and CC are other segments.
_JPEG_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


def image_size(data: bytes) -> tuple[int, int]:
    """(width, height) of a PNG, GIF or JPEG; (0, 0) when the format is unknown."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    if data.startswith((b"GIF87a", b"GIF89a")) and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return int(width), int(height)
    if data.startswith(b"\xff\xd8"):
        return _jpeg_size(data)
    return 0, 0


def _jpeg_size(data: bytes) -> tuple[int, int]:
    pos = 2
    while pos + 9 <= len(data):
        if data[pos] != 0xFF:
            return 0, 0
        marker = data[pos + 1]
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        if marker in _JPEG_SOF:
            height, width = struct.unpack(">HH", data[pos + 5 : pos + 9])
            return int(width), int(height)
        pos += 2 + int(length)
    return 0, 0


def extension(file_name: str | None, mime_type: str | None, default: str) -> str:
    """An extension for the file_path, so downloads keep a sensible name."""
    if file_name and PurePosixPath(file_name).suffix:
        return PurePosixPath(file_name).suffix.lower()
    guessed = mimetypes.guess_extension(mime_type) if mime_type else None
    return guessed or default


def mime_type(file_name: str | None, declared: str | None) -> str | None:
    if declared and declared != "application/octet-stream":
        return declared
    guessed = mimetypes.guess_type(file_name)[0] if file_name else None
    return guessed or declared
