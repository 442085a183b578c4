"""How much of a bundle the importer is willing to read: every byte and row comes from outside.

The defaults fit a national registry (about a million agencies) with room to spare; tests pass
smaller ones.
"""

from __future__ import annotations

from dataclasses import dataclass

MiB = 1024 * 1024

# An import that removes more than this share of the agencies (or practitioners) is refused
# unless the caller allows it: an empty or truncated export must never wipe the registry.
SHRINK_SHARE = 0.20


@dataclass(frozen=True)
class ReadLimits:
    """Ceilings on what one import reads; crossing one refuses the bundle, naming the limit."""

    max_total_bytes: int = 2048 * MiB  # uncompressed, every file of the bundle together
    max_ratio: float = 100.0  # uncompressed / compressed size of one zip member
    ratio_floor_bytes: int = 256 * 1024  # output below this is never called a bomb
    max_members: int = 200  # entries in a zip (or an .xlsx, itself a zip)
    max_rows: int = 5_000_000  # lines per file or sheet, blank ones included
    max_columns: int = 200  # a table has 19 columns at most; a wide header is an attack
    max_cell_bytes: int = 16 * 1024
    max_line_bytes: int = 256 * 1024
    max_download_bytes: int = 512 * MiB
    download_deadline: float = 600.0  # seconds for a whole download, retries included


DEFAULT_LIMITS = ReadLimits()
