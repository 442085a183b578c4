"""The staff desk's scheduled work: telling reporters of changes, the daily digest, the site's
daily rebuild (and one after a case is approved or withdrawn), the report due today, and the
registry's daily refresh from LANTIAN_REGISTRY_URL."""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from datetime import date, time
from html import escape

from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter
from telegram.ext import Application

from bot.desk import notices
from bot.desk.campaign_calendar import make_due_report
from bot.desk.digest import digest_text
from bot.desk.staff import StaffMember
from bot.desk.vocabulary import CITY
from bot.errors import LantianError
from bot.registry.database import follow_registry, open_database
from bot.registry.refresh import RefreshOutcome, outcome_from_json
from bot.reports.deadlines import SHANGHAI
from bot.settings import Settings, child_environment
from bot.site.build import PROJECT, SiteSummary
from bot.site.publish import publish_site
from bot.telegram import follow_jobs
from bot.telegram.cards import split_message
from bot.telegram.context import LantianContext
from bot.words import Lang, say
from bot.words import refresh as refresh_words
from bot.words.desk_cases import case_text
from bot.words.registry import filled

log = logging.getLogger(__name__)

NOTICE_SECONDS = 30  # the retry path: a staff action sends its notice at once
STAFF_CHAT_VIEW = StaffMember(0, CITY)  # the staff chat sees the whole city's digest
STAFF_CHAT_LANG: Lang = "zh"  # a group of the city's staff: the office's language
# What a refresh reads of the bot's settings, handed to its child process: they may have come
# from the command line or a test rather than the environment the child inherits.
REFRESH_SETTINGS = ("registry_url", "data_dir", "fetch_timeout", "fetch_retries")
CRASH_LINES = 5  # of a refresh's stderr, told when it ended without an outcome (the error)


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
    """The morning digest in the staff chat: due and overdue tickets by district, the campaign
    calendar, and on a report's due date the report itself (made first, so the digest can say
    it was)."""
    deps = context.deps
    chat = deps.settings.staff_chat_id
    if chat is None:
        return
    try:
        await send_due_report(context, chat)
    except (LantianError, OSError) as failed:  # the digest goes out all the same
        log.error("the report due today could not be made: %s", failed)
        await _tell_maintainers(context, str(failed))
    text = digest_text(deps.db, STAFF_CHAT_VIEW, today=deps.today(), lang=STAFF_CHAT_LANG)
    for part in split_message(escape(text)):
        await context.bot.send_message(chat, part, parse_mode=ParseMode.HTML)


async def send_due_report(context: LantianContext, chat: int) -> None:
    """On 14 July and 15 November, the city's report as `lantian report` makes it, once."""
    deps = context.deps
    made = make_due_report(
        deps.db,
        today=deps.today(),
        now=deps.now(),
        folder=deps.data_dir / "reports",
        cases_dir=PROJECT / "content",
    )
    if made is None:
        return
    for path in (made.md, made.xlsx):
        with path.open("rb") as content:
            await context.bot.send_document(chat, content, filename=path.name)


async def rebuild_site(context: LantianContext) -> None:
    """Build the site for today and switch to it; a failed build keeps the last good site and
    is told to the maintainers' chat."""
    deps = context.deps
    settings = deps.settings
    async with deps.site_lock:
        today = deps.today()
        try:
            summary = await asyncio.to_thread(_publish, settings, today)
        except (LantianError, OSError) as failed:
            log.error("site build failed; the last good site stays: %s", failed)
            await _tell_maintainers(context, case_text("site_failed", STAFF_CHAT_LANG, why=failed))
            return
    log.info("site rebuilt for %s: %s pages", today, summary.html_pages)


def _publish(settings: Settings, today: date) -> SiteSummary:
    """In a worker thread, with a connection of its own (SQLite connections stay in theirs)."""
    db = open_database(settings.db_path)
    try:
        return publish_site(
            db,
            settings.site_dir,
            today=today,
            bot_username=settings.bot_username,
            site_url=settings.site_url,
        )
    finally:
        db.close()


async def _tell_maintainers(context: LantianContext, text: str) -> None:
    chat = context.deps.settings.admin_chat_id
    if chat is None:
        return
    for part in split_message(escape(text)):
        await context.bot.send_message(chat, part, parse_mode=ParseMode.HTML)


async def refresh_registry_daily(context: LantianContext) -> None:
    """Import from LANTIAN_REGISTRY_URL if it has changed; a bundle held back or a refresh
    that failed leaves the live registry as it was and is told to the maintainers' chat."""
    deps = context.deps
    url = deps.settings.registry_url
    if url is None:
        return
    outcome = await refresh_in_child(deps.settings, deps.today())
    log.info("registry refresh from %s: %s", url, outcome.kind)
    if outcome.kind == "imported":
        follow_registry(deps.db)  # the new file now, not at the next update
        await after_registry_change(context)
    elif not outcome.ok:
        log.error("registry refresh %s: %s", outcome.kind, outcome.why("en"))
        said = (
            refresh_words.CHAT_HELD_BACK
            if outcome.kind == "held_back"
            else refresh_words.CHAT_FAILED
        )
        why = outcome.why(STAFF_CHAT_LANG)
        await _tell_maintainers(context, say(said, STAFF_CHAT_LANG, url=url, why=why))


async def after_registry_change(context: LantianContext) -> None:
    """What follows an import that changed the registry."""
    follow_jobs.tell_soon(context.application)  # followers of what changed are told
    # The site shows the new registry at once, not at tomorrow's build: the bot always keeps a
    # site (settings.site_dir has a default, and rebuild_site builds it daily), so always.
    rebuild_soon(context.application)


async def refresh_in_child(settings: Settings, today: date) -> RefreshOutcome:
    """`lantian registry refresh --json` in a child process, its outcome read back.

    Not a thread: reading and checking a bundle is Python code holding the GIL for as long as
    the import lasts, which would stall every chat. Not a fork of this process either (a running
    loop, threads). A fresh interpreter runs the very command an operator runs, gives its memory
    back when it ends, and is killed if the bot stops meanwhile (a killed import leaves the live
    registry as it was)."""
    command = [sys.executable, "-m", "bot", "registry", "refresh", "--json"]
    command += ["--db", str(settings.db_path), "--today", today.isoformat()]
    child = await asyncio.create_subprocess_exec(
        *command,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,  # progress lines; read only if no outcome came
        env=child_environment(settings, REFRESH_SETTINGS),
    )
    try:
        out, err = await child.communicate()
    except asyncio.CancelledError:
        child.kill()
        await child.wait()
        raise
    try:
        return outcome_from_json(json.loads(out.decode().strip().splitlines()[-1]))
    except (ValueError, LookupError, TypeError, AttributeError):
        tail = "\n".join(err.decode(errors="replace").strip().splitlines()[-CRASH_LINES:])
        reason = filled(refresh_words.CRASHED, code=child.returncode, tail=tail)
        return RefreshOutcome("failed", str(settings.registry_url), reason=reason)


def rebuild_soon(application: Application) -> None:  # type: ignore[type-arg]
    """A rebuild now, in the background (a case went public, or left the site)."""
    if application.job_queue is not None:
        application.job_queue.run_once(rebuild_site, when=0, name="site-now")


def schedule(application: Application, settings: Settings) -> None:  # type: ignore[type-arg]
    jobs = application.job_queue
    if jobs is None:
        return
    jobs.run_repeating(send_notices, interval=NOTICE_SECONDS, first=5, name="notices")
    at = time(settings.digest_hour, tzinfo=SHANGHAI)
    jobs.run_daily(send_digest, time=at, name="digest")
    build_at = time(settings.site_build_hour, tzinfo=SHANGHAI)
    jobs.run_daily(rebuild_site, time=build_at, name="site")
    if settings.registry_url is not None:
        refresh_at = time(settings.registry_refresh_hour, tzinfo=SHANGHAI)
        jobs.run_daily(refresh_registry_daily, time=refresh_at, name="registry")
