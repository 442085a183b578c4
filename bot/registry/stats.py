"""Counts over the registry, for `lantian registry stats` and the site's charts."""

from __future__ import annotations

from typing import Any

import sqlite_utils

from bot.registry.reader import registry_counts, registry_info


def registry_stats(db: sqlite_utils.Database, *, today: str) -> dict[str, Any]:
    """Where the registry comes from and how many of what it holds."""
    info = registry_info(db)
    return {
        "source": info.get("source"),
        "as_of": info.get("as_of"),
        "fictional": info.get("fictional") == "true",
        **registry_counts(db, today=today),
    }
