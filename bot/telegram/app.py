"""Wiring only: the Application, its handlers, persistence and rate limiter."""

from __future__ import annotations

import logging
from pathlib import Path

import sqlite_utils
from telegram import Update
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot import heap
from bot.normalize import site_label
from bot.registry.database import follow_registry
from bot.settings import Settings
from bot.telegram import (
    case_handlers,
    check_handlers,
    common_handlers,
    desk_handlers,
    desk_jobs,
    follow_handlers,
    follow_jobs,
    gate,
    inspect_handlers,
    list_handlers,
    picture_handlers,
    report_handlers,
    status_handlers,
)
from bot.telegram.aiohttp_request import AiohttpRequest
from bot.telegram.chat_order import MAX_IN_FLIGHT, PerChatOrder
from bot.telegram.context import Deps, LantianContext, RateLimit
from bot.telegram.persistence import SqlitePersistence

TIMEOUTS = 10.0  # seconds to connect, read and write a Bot API request
CHECK_BURST = 0.25  # share of checks_per_minute looked up at once (5 of 20); the rest wait

log = logging.getLogger(__name__)


def build_application(
    settings: Settings,
    db: sqlite_utils.Database,
    *,
    token: str,
    base_url: str | None = None,
    base_file_url: str | None = None,
    timeouts: float = TIMEOUTS,
    jobs: bool = True,
) -> Application:  # type: ignore[type-arg]
    """The bot's Application, ready to run by polling or webhook; without `jobs`, one of several
    workers (bot/telegram/front.py) that leaves the scheduled jobs to the first."""
    base = base_url or api_base_url(settings)
    flood = gate.FloodGate.from_settings(settings)
    bot = gate.ScreenedBot(
        token,
        base_url=base,
        base_file_url=base_file_url or base.replace("/bot", "/file/bot", 1),
        request=request(timeouts, pool=MAX_IN_FLIGHT),
        get_updates_request=request(timeouts, pool=1),
        rate_limiter=rate_limiter(settings),
        flood=flood,
    )
    builder = (
        ApplicationBuilder()
        .bot(bot)
        .context_types(ContextTypes(context=LantianContext))
        .persistence(SqlitePersistence(db, shared=settings.bot_workers > 1))
        .post_init(_started)
        .post_shutdown(_stop_picture_reader)
        .concurrent_updates(PerChatOrder())  # chats at once, each chat in order
    )
    application = builder.build()
    application.bot_data["deps"] = Deps(
        db=db,
        settings=settings,
        data_dir=Path(settings.data_dir),
        checks=RateLimit.per_minute(settings.checks_per_minute, CHECK_BURST),
        staff=settings.staff_directory,
        today=settings.check_date,
        now=settings.now,
        runs_jobs=jobs,
    )
    site_label("warm.example.com")  # the public suffix list, loaded before a user waits on it
    add_handlers(application, settings)
    if jobs:
        desk_jobs.schedule(application, settings)
        follow_jobs.schedule(application)
    # Every worker sweeps its own users' drafts (Deps.owns_user).
    report_handlers.schedule_sweep(application, settings.report_discard_minutes)
    return application


def api_base_url(settings: Settings) -> str:
    return settings.telegram_api_base_url or "https://api.telegram.org/bot"


async def _started(application: Application) -> None:  # type: ignore[type-arg]
    """run_polling's start: the commands published, start-up's objects set aside for good."""
    await common_handlers.publish_commands(application)
    heap.settle()


async def _stop_picture_reader(application: Application) -> None:  # type: ignore[type-arg]
    _deps(application).picture_reader.close()


MEDIA_WRITE_SECONDS = 120.0  # a 50 MB evidence file on a slow uplink


def request(timeouts: float, pool: int) -> AiohttpRequest:
    # Not HTTPXRequest: its pool's CPU per request grows with the requests in flight
    # (bot/telegram/aiohttp_request.py).
    return AiohttpRequest(
        pool,
        connect_timeout=timeouts,
        read_timeout=timeouts,
        write_timeout=timeouts,
        media_write_timeout=max(timeouts, MEDIA_WRITE_SECONDS),
    )


def rate_limiter(settings: Settings) -> AIORateLimiter:
    """Telegram allows a bot about 30 messages a second; 429s are retried as it asks."""
    return AIORateLimiter(overall_max_rate=settings.send_rate_limit, max_retries=3)


def _deps(application: Application) -> Deps:  # type: ignore[type-arg]
    deps: Deps = application.bot_data["deps"]
    return deps


async def follow_registry_file(update: Update, context: LantianContext) -> None:
    """An import in another process switches the registry file: take the new one up before
    this update reads it (one stat when nothing changed)."""
    if follow_registry(context.deps.db):
        log.info("registry switched to a new import")
        follow_jobs.tell_soon(context.application)


def add_handlers(application: Application, settings: Settings) -> None:  # type: ignore[type-arg]
    # Before any lookup, each in its own group (the flood itself was screened out unparsed):
    # forged shapes, duplicates, then the one 'slow down' of a flooding user.
    # One handler per group: within a group only the first that matches runs.
    application.add_handler(TypeHandler(Update, follow_registry_file), group=-5)
    application.add_handler(TypeHandler(Update, gate.drop_forged), group=-4)
    application.add_handler(TypeHandler(Update, gate.SeenUpdates().drop_duplicates), group=-3)
    application.add_handler(TypeHandler(Update, gate.tell_to_slow_down), group=-2)
    application.add_handler(TypeHandler(Update, gate.keep_private), group=-1)
    private = filters.ChatType.PRIVATE
    application.add_handlers(
        [
            # Text a staff member was asked for (a case's field) comes before any other reading.
            MessageHandler(
                filters.TEXT
                & private
                & case_handlers.AwaitingCaseText(
                    application.bot_data, lambda: _deps(application).now()
                ),
                case_handlers.take_text,
            ),
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
            CommandHandler("evidence", desk_handlers.send_evidence),
            CommandHandler("digest", desk_handlers.show_digest),
            CallbackQueryHandler(desk_handlers.on_button, pattern=f"^{desk_handlers.DESK}:"),
            CommandHandler("case", case_handlers.case_command),
            CommandHandler("inspect", inspect_handlers.inspect_command),
            CallbackQueryHandler(case_handlers.on_button, pattern=f"^{case_handlers.CASE}:"),
            CommandHandler("check", check_handlers.check_command),
            CallbackQueryHandler(check_handlers.pick_candidate, pattern=check_handlers.PICK_BUTTON),
            CommandHandler("follow", follow_handlers.follow_command),
            CommandHandler("following", follow_handlers.following_command),
            CommandHandler("unfollow", follow_handlers.unfollow_command),
            CallbackQueryHandler(follow_handlers.on_button, pattern=follow_handlers.BUTTON),
            ChatMemberHandler(follow_handlers.on_blocked, ChatMemberHandler.MY_CHAT_MEMBER),
            InlineQueryHandler(check_handlers.inline_check),
            MessageHandler(filters.TEXT & ~filters.COMMAND & private, check_handlers.check_text),
            # Outside a report (where a file is evidence): a document is a list to check.
            MessageHandler(
                (filters.Document.ALL | filters.PHOTO)
                & private
                & filters.CaptionRegex(r"^/inspect\s"),
                inspect_handlers.attach_evidence,
            ),
            # Outside a report (where a picture is evidence): a picture is checked.
            MessageHandler(
                (filters.PHOTO | filters.Document.IMAGE) & private, picture_handlers.check_picture
            ),
            MessageHandler(filters.Document.ALL & private, list_handlers.check_list),
            # Last: a button no handler above takes is stale or forged, a command unknown.
            CallbackQueryHandler(common_handlers.stale_button),
            MessageHandler(
                filters.COMMAND & filters.UpdateType.MESSAGE, common_handlers.unknown_command
            ),
        ]
    )
    # After every other handler: a report's progress is saved as soon as it changes.
    application.add_handler(TypeHandler(Update, report_handlers.save_progress), group=1)
    application.add_error_handler(common_handlers.on_error)
