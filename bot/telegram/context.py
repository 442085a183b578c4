"""What handlers need, reached through the application: no globals."""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import sqlite_utils
from telegram import Update
from telegram.ext import Application, CallbackContext, ExtBot

from bot.desk.staff import StaffDirectory
from bot.messages import Lang
from bot.settings import Settings


@dataclass
class SlidingWindow:
    """At most `limit` events per key in the last `seconds`; forgotten on restart on purpose."""

    limit: int
    seconds: float = 60.0
    clock: Callable[[], float] = time.monotonic
    _events: dict[int, deque[float]] = field(default_factory=lambda: defaultdict(deque))

    def allow(self, key: int) -> bool:
        now = self.clock()
        events = self._events[key]
        while events and now - events[0] >= self.seconds:
            events.popleft()
        if len(events) >= self.limit:
            return False
        events.append(now)
        return True


@dataclass
class Deps:
    """The bot's dependencies, built once at start-up."""

    db: sqlite_utils.Database
    settings: Settings
    data_dir: Path
    checks: SlidingWindow
    staff: StaffDirectory = field(default_factory=lambda: StaffDirectory({}))
    notice_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    today: Callable[[], date] = date.today
    now: Callable[[], datetime] = lambda: datetime.now(UTC)


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
