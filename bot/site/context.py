"""What every page generator reads: the registry loaded once, with the bot's levels."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlite_utils

from bot.registry.stats import registry_stats
from bot.site.agencies import Entry, load_registry, shanghai
from bot.verdict import Dataset


@dataclass
class SiteData:
    db: sqlite_utils.Database
    today: date
    data: Dataset
    agencies: list[Entry]  # the whole registry: the directory search covers all of it
    practitioners: list[Entry]
    local: list[Entry]  # registered in Shanghai: the lists, districts and charts
    stats: dict[str, Any]
    bot_username: str | None = None
    pages: dict[str, str] = field(default_factory=dict)  # path in docs → Markdown

    @property
    def now(self) -> str:
        return self.today.isoformat()

    def add(self, path: str, markdown: str) -> None:
        self.pages[path] = markdown


def load(db: sqlite_utils.Database, *, today: date, bot_username: str | None) -> SiteData:
    registry = load_registry(db, today=today)
    return SiteData(
        db=db,
        today=today,
        data=registry.data,
        agencies=registry.agencies,
        practitioners=registry.practitioners,
        local=shanghai(registry.agencies),
        stats=registry_stats(db, today=today.isoformat()),
        bot_username=bot_username,
    )
