"""What every page generator reads: the registry's Shanghai agencies with the bot's levels, and
the counts the pages give of the rest (the directory search covers all of it, a batch at a time:
bot/site/shards.py write_directory)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlite_utils

from bot.districts import registered_in_shanghai
from bot.registry import reader
from bot.registry.stats import registry_stats
from bot.site.agencies import Entry, SubjectLoader
from bot.site.language import site_say
from bot.verdict import Dataset
from bot.words import site_pages as words


@dataclass
class SiteData:
    db: sqlite_utils.Database
    today: date
    data: Dataset
    local: list[Entry]  # registered in Shanghai: the lists, districts and charts
    elsewhere: Counter[str]  # agencies registered outside Shanghai, by province
    stats: dict[str, Any]
    bot_username: str | None = None
    pages: dict[str, str] = field(default_factory=dict)  # path in docs → Markdown

    @property
    def now(self) -> str:
        return self.today.isoformat()

    def add(self, path: str, markdown: str) -> None:
        self.pages[path] = markdown


def load(
    db: sqlite_utils.Database,
    *,
    today: date,
    bot_username: str | None,
    loader: SubjectLoader | None = None,
) -> SiteData:
    loader = loader or SubjectLoader(db, today=today)
    return SiteData(
        db=db,
        today=today,
        data=loader.data,
        local=loader.agencies(reader.shanghai_agency_rows(db)),
        elsewhere=provinces_elsewhere(db),
        stats=registry_stats(db, today=today.isoformat()),
        bot_username=bot_username,
    )


def provinces_elsewhere(db: sqlite_utils.Database) -> Counter[str]:
    """How many agencies each other province has (no province on record: one group)."""
    unknown = site_say(words.NO_PROVINCE)
    return Counter(
        province or unknown
        for province in reader.agency_provinces(db)
        if not registered_in_shanghai(province)
    )
