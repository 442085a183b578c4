"""/start (with deep links), /help, /lang and the one error handler."""

from __future__ import annotations

import logging
from html import escape

from telegram import BotCommand, Update
from telegram.error import Forbidden
from telegram.ext import Application

from bot.errors import RegistryEmpty
from bot.messages import Lang
from bot.telegram.check_handlers import answer_check, decode_query
from bot.telegram.context import LantianContext
from bot.telegram.replies import reply_html
from bot.telegram.texts import COMMANDS, help_text, staff_help_text, text

log = logging.getLogger(__name__)


async def start(update: Update, context: LantianContext) -> None:
    """/start, or a deep link t.me/<bot>?start=c_<query> that opens a check."""
    payload = (context.args or [""])[0]
    query = (decode_query(payload) or "").strip() if payload else ""
    if query:
        await answer_check(update, context, query)
        return
    lang = context.lang_for(update)
    await reply_html(update, escape(text("welcome", lang)) + "\n\n" + help_text(lang))


async def show_help(update: Update, context: LantianContext) -> None:
    """/help: the same commands the menu lists, and the staff commands to staff."""
    lang = context.lang_for(update)
    user = update.effective_user
    staff = context.deps.staff.is_staff(user.id if user else None)
    await reply_html(update, help_text(lang) + ("\n\n" + staff_help_text(lang) if staff else ""))


async def switch_language(update: Update, context: LantianContext) -> None:
    """/lang [zh|en]: switch, or toggle when no language is named."""
    wanted = (context.args or [""])[0].lower()
    current = context.lang_for(update)
    languages: dict[str, Lang] = {"zh": "zh", "en": "en"}
    lang = languages.get(wanted, "en" if current == "zh" else "zh")
    if context.user_data is not None:
        context.user_data["lang"] = lang
    await reply_html(update, escape(text("lang_set", lang)))


async def nothing_to_cancel(update: Update, context: LantianContext) -> None:
    """/cancel outside a report."""
    await reply_html(update, escape(text("nothing_to_cancel", context.lang_for(update))))


async def on_error(update: object, context: LantianContext) -> None:
    """Log with the traceback, tell the user plainly, and tell the maintainers."""
    error = context.error
    if isinstance(error, Forbidden):
        log.info("user blocked the bot: %s", error)
        return
    if not isinstance(update, Update):
        log.error("error outside an update", exc_info=error)
        return
    lang = context.lang_for(update)
    if isinstance(error, RegistryEmpty):
        await reply_html(update, escape(text("registry_empty", lang)))
        return
    log.error("error handling update %s", update.update_id, exc_info=error)
    await reply_html(update, escape(text("error", lang)))
    staff = context.deps.settings.staff_chat_id
    if staff is not None:
        await context.bot.send_message(
            staff,
            f"⚠️ update {update.update_id}: {escape(type(error).__name__)}: "
            f"{escape(str(error))[:500]}",
        )


async def publish_commands(application: Application) -> None:  # type: ignore[type-arg]
    """The command menu in Chinese (default) and English, from the list /help shows."""
    zh = [BotCommand(command, zh) for command, zh, _ in COMMANDS]
    en = [BotCommand(command, en) for command, _, en in COMMANDS]
    await application.bot.set_my_commands(zh)
    await application.bot.set_my_commands(zh, language_code="zh")
    await application.bot.set_my_commands(en, language_code="en")
