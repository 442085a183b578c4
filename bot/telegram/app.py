"""Wiring only: the Application, its handlers, persistence and rate limiter."""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path

import sqlite_utils
from telegram import Update
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.settings import Settings
from bot.telegram import (
    check_handlers,
    common_handlers,
    desk_handlers,
    desk_jobs,
    report_handlers,
    status_handlers,
)
from bot.telegram.context import Deps, LantianContext, SlidingWindow
from bot.telegram.persistence import SqlitePersistence

SEEN_UPDATES = 10_000  # update ids remembered to drop a duplicate delivery


class SeenUpdates:
    """The most recent update ids: Telegram may deliver one update more than once."""

    def __init__(self, size: int = SEEN_UPDATES) -> None:
        self.size = size
        self._seen: OrderedDict[int, None] = OrderedDict()

    async def drop_duplicates(self, update: Update, context: LantianContext) -> None:
        if update.update_id in self._seen:
            raise ApplicationHandlerStop
        self._seen[update.update_id] = None
        if len(self._seen) > self.size:
            self._seen.popitem(last=False)


def build_application(
    settings: Settings,
    db: sqlite_utils.Database,
    *,
    token: str,
    base_url: str | None = None,
    base_file_url: str | None = None,
    timeouts: float = 10.0,
) -> Application:  # type: ignore[type-arg]
    """The bot's Application, ready to run by polling or webhook."""
    builder = (
        ApplicationBuilder()
        .token(token)
        .context_types(ContextTypes(context=LantianContext))
        .persistence(SqlitePersistence(db))
        .rate_limiter(rate_limiter(settings))
        .post_init(common_handlers.publish_commands)
        .connect_timeout(timeouts)
        .read_timeout(timeouts)
        .write_timeout(timeouts)
        .concurrent_updates(False)  # one SQLite writer; updates are short
    )
    base = base_url or settings.telegram_api_base_url
    if base:
        builder = builder.base_url(base).base_file_url(
            base_file_url or base.replace("/bot", "/file/bot", 1)
        )
    application = builder.build()
    application.bot_data["deps"] = Deps(
        db=db,
        settings=settings,
        data_dir=Path(settings.data_dir),
        checks=SlidingWindow(limit=settings.checks_per_minute),
        staff=settings.staff_directory,
        today=settings.check_date,
        now=settings.now,
    )
    add_handlers(application, settings)
    desk_jobs.schedule(application, settings)
    return application


def rate_limiter(settings: Settings) -> AIORateLimiter:
    """Telegram allows a bot about 30 messages a second; 429s are retried as it asks."""
    return AIORateLimiter(overall_max_rate=settings.send_rate_limit, max_retries=3)


def add_handlers(application: Application, settings: Settings) -> None:  # type: ignore[type-arg]
    application.add_handler(TypeHandler(Update, SeenUpdates().drop_duplicates), group=-1)
    private = filters.ChatType.PRIVATE
    application.add_handlers(
        [
            report_handlers.report_conversation(settings.report_discard_minutes),
            CommandHandler("start", common_handlers.start),
            CommandHandler("status", status_handlers.show_status),
            CommandHandler("cancel", common_handlers.nothing_to_cancel),
            CommandHandler("help", common_handlers.show_help),
            CommandHandler("lang", common_handlers.switch_language),
            CommandHandler("queue", desk_handlers.show_queue),
            CommandHandler("ticket", desk_handlers.show_ticket),
            CommandHandler("note", desk_handlers.add_note),
            CommandHandler("assign", desk_handlers.assign),
            CommandHandler("merge", desk_handlers.merge),
            CommandHandler("contact", desk_handlers.reveal_contact),
            CommandHandler("digest", desk_handlers.show_digest),
            CallbackQueryHandler(desk_handlers.on_button, pattern=f"^{desk_handlers.DESK}:"),
            CommandHandler("check", check_handlers.check_command),
            CallbackQueryHandler(check_handlers.pick_candidate, pattern=f"^{check_handlers.PICK}:"),
            InlineQueryHandler(check_handlers.inline_check),
            MessageHandler(filters.TEXT & ~filters.COMMAND & private, check_handlers.check_text),
        ]
    )
    # After every other handler: a report's progress is saved as soon as it changes.
    application.add_handler(TypeHandler(Update, report_handlers.save_progress), group=1)
    application.add_error_handler(common_handlers.on_error)
