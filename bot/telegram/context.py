"""What handlers need, reached through the application: no globals."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import sqlite_utils
from telegram import Update
from telegram.ext import Application, CallbackContext, ExtBot

from bot import clock
from bot.desk.staff import StaffDirectory
from bot.picture_reader import PictureReader
from bot.settings import Settings
from bot.words.verdict import Lang

PRUNE_EVERY = 4096  # events between sweeps of quiet users' counters


@dataclass
class RateLimit:
    """Per key, `limit` events per `seconds` sustained, at most `burst` of them at once: a token
    bucket. The burst cap matters as much as the rate: a flood's allowance handled in one go
    would hold up everyone else's updates behind it. Forgotten on restart on purpose."""

    limit: int
    seconds: float = 60.0
    burst: int | None = None  # None: the whole limit at once
    clock: Callable[[], float] = time.monotonic
    _buckets: dict[int, tuple[float, float]] = field(default_factory=dict)  # tokens, at
    _warned: dict[int, float] = field(default_factory=dict)
    _calls: int = 0

    @classmethod
    def per_minute(cls, limit: int, burst_share: float) -> RateLimit:
        """`limit` a minute, of which `burst_share` (at least one) may come at once."""
        return cls(limit=limit, burst=max(1, round(limit * burst_share)))

    @property
    def capacity(self) -> float:
        return float(min(self.burst or self.limit, self.limit))

    def allow(self, key: int) -> bool:
        now = self.clock()
        self._calls += 1
        if self._calls % PRUNE_EVERY == 0:
            self._prune(now)
        tokens, at = self._buckets.get(key, (self.capacity, now))
        tokens = min(self.capacity, tokens + (now - at) * self.limit / self.seconds)
        allowed = tokens >= 1.0
        self._buckets[key] = (tokens - 1.0 if allowed else tokens, now)
        return allowed

    def first_refusal(self, key: int) -> bool:
        """True once per window for a key over its limit: one 'slow down', not one per event."""
        now = self.clock()
        last = self._warned.get(key)
        if last is not None and now - last < self.seconds:
            return False
        self._warned[key] = now
        return True

    def _prune(self, now: float) -> None:
        # A bucket refilled to the brim is the same as none: memory follows the active users.
        full = self.seconds * self.capacity / self.limit
        for key in [k for k, (_, at) in self._buckets.items() if now - at >= full]:
            del self._buckets[key]
        for key in [k for k, at in self._warned.items() if now - at >= self.seconds]:
            del self._warned[key]


@dataclass
class Deps:
    """The bot's dependencies, built once at start-up."""

    db: sqlite_utils.Database
    settings: Settings
    data_dir: Path
    checks: RateLimit
    staff: StaffDirectory = field(default_factory=lambda: StaffDirectory({}))
    notice_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    site_lock: asyncio.Lock = field(default_factory=asyncio.Lock)  # one site build at a time
    # Pictures read per user: 5 every 10 minutes, 2 at once (each costs a second of CPU).
    pictures: RateLimit = field(default_factory=lambda: RateLimit(limit=5, seconds=600, burst=2))
    picture_reader: PictureReader = field(default_factory=PictureReader)
    follow_lock: asyncio.Lock = field(default_factory=asyncio.Lock)  # one fan-out at a time
    follow_sending: asyncio.Lock = field(default_factory=asyncio.Lock)  # one sender of notices
    runs_jobs: bool = True  # False in the workers but the first (bot/telegram/front.py)
    owns_user: Callable[[int], bool] = lambda _user_id: True  # a worker: its own users only
    today: Callable[[], date] = clock.today
    now: Callable[[], datetime] = clock.now


class LantianContext(CallbackContext[ExtBot[None], dict, dict, dict]):  # type: ignore[type-arg]
    """The callback context, with the dependencies and the user's language at hand."""

    def __init__(
        self,
        application: Application,  # type: ignore[type-arg]
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application=application, chat_id=chat_id, user_id=user_id)

    @property
    def deps(self) -> Deps:
        deps: Deps = self.application.bot_data["deps"]
        return deps

    def lang_for(self, update: object) -> Lang:
        """The user's choice by /lang, else their Telegram language, else Chinese."""
        chosen = (self.user_data or {}).get("lang")
        if chosen in ("zh", "en"):
            return chosen  # type: ignore[no-any-return]
        user = update.effective_user if isinstance(update, Update) else None
        code = (user.language_code or "") if user else ""
        return "en" if code.startswith("en") else "zh"
