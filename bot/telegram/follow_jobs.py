"""Telling followers: after each registry import (whichever process made it) the changes are fanned
out into the outbox, in a worker thread, then sent at a share of the send rate so that answers
to checks are never queued behind a hundred thousand notices."""

from __future__ import annotations

import asyncio
import logging
import math
import time
from datetime import date, datetime
from html import escape

from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.ext import Application

from bot.follows import outbox, store
from bot.follows.fanout import FanOut, fan_out, pending_fan_out
from bot.registry.database import follow_registry, open_database
from bot.telegram.context import Deps, LantianContext
from bot.telegram.replies import NO_PREVIEW
from bot.words import follows as words
from bot.words import say

log = logging.getLogger(__name__)

WATCH_SECONDS = 60  # how often the bot looks for an import another process made
SEND_SHARE = 0.6  # of settings.send_rate_limit; replies to checks keep the rest
# Users whose notices are on their way at once: enough to keep the rate when a send takes
# SEND_SECONDS (a slow round trip), within a share of the HTTP pool left to replies.
SEND_SECONDS = 0.5
MOST_SENDERS = 128


def senders_for(rate: float) -> int:
    if rate <= 0:  # no limit set
        return MOST_SENDERS // 4
    return max(4, min(MOST_SENDERS, math.ceil(rate * SEND_SECONDS)))


class Pacer:
    """Start at most `rate` sends a second, evenly (any number for a rate of 0: no limit)."""

    def __init__(self, rate: float) -> None:
        self.interval = 1.0 / rate if rate > 0 else 0.0
        self.next = time.monotonic()

    async def wait(self) -> None:
        now = time.monotonic()
        at = max(now, self.next)
        self.next = at + self.interval
        if at > now:
            await asyncio.sleep(at - now)


def _deps(application: Application) -> Deps:  # type: ignore[type-arg]
    deps: Deps = application.bot_data["deps"]
    return deps


async def watch_registry(context: LantianContext) -> None:
    """Fan out an import not yet told, then send what waits."""
    deps = context.deps
    follow_registry(deps.db)
    if pending_fan_out(deps.db):
        async with deps.follow_lock:
            if pending_fan_out(deps.db):
                done = await _fan_out(deps)
                log.info(
                    "registry import %s: %s change(s), %s follower(s) to tell",
                    done.seq, done.changes, done.followers,
                )  # fmt: skip
    if outbox.waiting(deps.db) and not deps.follow_sending.locked():
        await send_follow_notices(context)


async def _fan_out(deps: Deps) -> FanOut:
    """In a worker thread with a connection of its own (a national import's fan-out computes
    thousands of verdicts); in this thread for a database held in memory."""
    today, now = deps.today(), deps.now()
    main = next(row[2] for row in deps.db.execute("PRAGMA database_list") if row[1] == "main")
    if not main:
        return fan_out(deps.db, today=today, now=now)
    return await asyncio.to_thread(_fan_out_apart, main, today, now)


def _fan_out_apart(path: str, today: date, now: datetime) -> FanOut:
    db = open_database(path)
    try:
        return fan_out(db, today=today, now=now)
    finally:
        db.close()


async def send_follow_notices(context: LantianContext) -> None:
    """Send every waiting notice, each user's parts in order, several users at a time."""
    deps = context.deps
    if deps.follow_sending.locked():
        return
    async with deps.follow_sending:
        rate = deps.settings.send_rate_limit * SEND_SHARE
        pacer = Pacer(rate)
        paused = asyncio.Event()

        async def sender() -> None:
            while context.application.running and not paused.is_set():
                parts = outbox.claim_next_user(deps.db, deps.now())
                if not parts:
                    return
                await _send_parts(context, parts, pacer, paused)

        await asyncio.gather(*(sender() for _ in range(senders_for(rate))))


async def _send_parts(
    context: LantianContext, parts: list[outbox.Outgoing], pacer: Pacer, paused: asyncio.Event
) -> None:
    deps = context.deps
    for n, part in enumerate(parts):
        text = escape(part.text)
        if part.repeat:
            text += "\n\n" + escape(say(words.NOTICE_REPEAT, part.lang))
        await pacer.wait()
        try:
            await context.bot.send_message(
                part.user_id, text, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW
            )
        # BadRequest is a NetworkError in python-telegram-bot: caught first. A user who blocked
        # the bot, or whose chat is gone, is forgotten; a message refused for itself is dropped
        # (sent again it would be refused again), and the follower kept.
        except (Forbidden, BadRequest) as error:
            if isinstance(error, Forbidden) or _unreachable(error):
                log.info("a follower cannot be reached (%s): forgotten", error)
                store.forget_user(deps.db, part.user_id)
                return
            log.error("a follow notice was refused (%s): dropped", error)
            outbox.delivered(deps.db, part.id)
            continue
        except (RetryAfter, NetworkError) as error:
            # A timeout may have delivered it: sent again, marked as a possible repeat.
            maybe = isinstance(error, TimedOut)
            outbox.release(deps.db, [p.id for p in parts[n:]], maybe_sent=maybe)
            log.warning("follow notices paused (%s); the next round sends the rest", error)
            paused.set()
            return
        outbox.delivered(deps.db, part.id)


# What Telegram says of a chat that no longer takes messages (not of a message it refuses).
_GONE = ("chat not found", "user is deactivated", "bot was blocked", "peer_id_invalid")


def _unreachable(error: BadRequest) -> bool:
    return any(words in error.message.lower() for words in _GONE)


def tell_soon(application: Application) -> None:  # type: ignore[type-arg]
    """Look for a new import now (the registry file was just switched), in the process that
    runs the jobs."""
    if application.job_queue is not None and _deps(application).runs_jobs:
        application.job_queue.run_once(watch_registry, when=0, name="follow-now")


def schedule(application: Application) -> None:  # type: ignore[type-arg]
    """Notices a killed run left claimed go out again; then a look for imports each minute."""
    settled = outbox.settle_interrupted(_deps(application).db)
    if settled:
        log.warning("%s follow notice(s) were in flight when the bot stopped: sent again", settled)
    if application.job_queue is not None:
        application.job_queue.run_repeating(
            watch_registry, interval=WATCH_SECONDS, first=2, name="follow-watch"
        )
