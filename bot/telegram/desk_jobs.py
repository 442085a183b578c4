"""The staff desk's scheduled work: telling reporters of changes, the daily digest."""

from __future__ import annotations

import logging
from datetime import time
from html import escape

from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter
from telegram.ext import Application

from bot.desk import notices
from bot.desk.digest import digest_text
from bot.desk.staff import StaffMember
from bot.desk.vocabulary import CITY
from bot.reports.deadlines import SHANGHAI
from bot.settings import Settings
from bot.telegram.cards import split_message
from bot.telegram.context import LantianContext
from bot.words import Lang

log = logging.getLogger(__name__)

NOTICE_SECONDS = 30  # the retry path: a staff action sends its notice at once
STAFF_CHAT_VIEW = StaffMember(0, CITY)  # the staff chat sees the whole city's digest
STAFF_CHAT_LANG: Lang = "zh"  # a group of the city's staff: the office's language


async def send_notices(context: LantianContext) -> None:
    """Send what reporters are to be told, each once: marked done when delivered, or when
    Telegram says it never can be (the reporter blocked the bot, the chat is gone)."""
    deps = context.deps
    # The repeating job and a staff action may both call this: one sender at a time, so a
    # pending notice is never sent twice.
    async with deps.notice_lock:
        for notice in notices.pending(deps.db):
            try:
                await context.bot.send_message(
                    notice.user_id, "🔔 " + escape(notice.text), parse_mode=ParseMode.HTML
                )
            # BadRequest is a NetworkError in python-telegram-bot: it must be caught first, or
            # one reporter whose chat is gone holds back every notice after theirs for ever.
            except (Forbidden, BadRequest) as error:
                log.info("notice %s cannot be delivered (%s); not retried", notice.id, error)
            except (NetworkError, RetryAfter) as error:
                log.warning("notices paused (%s); the next run retries", error)
                return
            notices.mark_sent(deps.db, notice.id, deps.now())


async def send_digest(context: LantianContext) -> None:
    """The morning digest in the staff chat: due and overdue tickets by district."""
    deps = context.deps
    chat = deps.settings.staff_chat_id
    if chat is None:
        return
    text = digest_text(deps.db, STAFF_CHAT_VIEW, today=deps.today(), lang=STAFF_CHAT_LANG)
    for part in split_message(escape(text)):
        await context.bot.send_message(chat, part, parse_mode=ParseMode.HTML)


def schedule(application: Application, settings: Settings) -> None:  # type: ignore[type-arg]
    jobs = application.job_queue
    if jobs is None:
        return
    jobs.run_repeating(send_notices, interval=NOTICE_SECONDS, first=5, name="notices")
    at = time(settings.digest_hour, tzinfo=SHANGHAI)
    jobs.run_daily(send_digest, time=at, name="digest")
