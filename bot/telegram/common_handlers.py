"""/start (with deep links), /help, /lang, unknown commands and the one error handler."""

from __future__ import annotations

import logging
import traceback
from html import escape

from telegram import BotCommand, Update
from telegram.error import Forbidden
from telegram.ext import Application

from bot.errors import RegistryEmpty
from bot.follows import store as follows
from bot.telegram.check_handlers import answer_check, decode_query
from bot.telegram.context import LantianContext
from bot.telegram.replies import answer_quietly, reply_html
from bot.words import say
from bot.words.chat import COMMANDS, TEXTS, help_text, text
from bot.words.desk import staff_help_text
from bot.words.verdict import Lang

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


LANGUAGES: dict[str, Lang] = {"zh": "zh", "en": "en"}  # what /lang may be given
OTHER_LANGUAGE: dict[Lang, Lang] = {"zh": "en", "en": "zh"}  # what a bare /lang switches to


async def switch_language(update: Update, context: LantianContext) -> None:
    """/lang [zh|en]: switch, or toggle when no language is named."""
    wanted = (context.args or [""])[0].lower()
    current = context.lang_for(update)
    lang = LANGUAGES.get(wanted, OTHER_LANGUAGE[current])
    if context.user_data is not None:
        context.user_data["lang"] = lang
    if update.effective_user is not None:  # notices to followers in the language chosen
        follows.set_language(context.deps.db, update.effective_user.id, lang)
    await reply_html(update, escape(text("lang_set", lang)))


async def nothing_to_cancel(update: Update, context: LantianContext) -> None:
    """/cancel outside a report."""
    await reply_html(update, escape(text("nothing_to_cancel", context.lang_for(update))))


COMMAND_LIMIT = 33  # "/" and the 32 characters Telegram allows a command


async def unknown_command(update: Update, context: LantianContext) -> None:
    """A command no other handler takes (/close, /foo): say so, and that /help lists them. In a
    group, only one addressed to this bot (/foo@bot): a bare /foo may be another bot's."""
    message = update.message
    if message is None or not message.text:
        return
    command, _, addressee = message.text.split(maxsplit=1)[0].partition("@")
    if addressee:  # /foo@name: this bot's, or another's
        if addressee.lower() != (context.bot.username or "").lower():
            return
    elif message.chat.type != "private":
        return
    lang = context.lang_for(update)
    shown = command[:COMMAND_LIMIT]  # a forged update's command may be 4,096 characters
    await reply_html(update, escape(say(TEXTS["unknown_command"], lang, command=shown)))


async def stale_button(update: Update, context: LantianContext) -> None:
    """A button no handler takes (an ended report's, or forged data): a short toast, one log
    line, never an error."""
    query = update.callback_query
    if query is None:
        return
    log.info("update %s: a button that is out of date or forged", update.update_id)
    await answer_quietly(query, text("button_stale", context.lang_for(update)))


async def on_error(update: object, context: LantianContext) -> None:
    """Log with the traceback, tell the user plainly, and tell the maintainers' chat (never
    the caseworkers'): the error's type, the update id and the handler, nothing a user wrote."""
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
    if update.callback_query is not None:
        await answer_quietly(update.callback_query, text("error", lang))
    else:
        await reply_html(update, escape(text("error", lang)))
    admin = context.deps.settings.admin_chat_id
    if admin is not None:
        report = crash_report(update.update_id, error)
        await context.bot.send_message(admin, escape(report))


def crash_report(update_id: int, error: BaseException | None) -> str:
    """What the maintainers' chat is told: no message text, no user, no exception message
    (it may quote either); the log has the rest."""
    return f"⚠️ update {update_id}: {type(error).__name__} in {_where(error)}"


def _where(error: BaseException | None) -> str:
    """The innermost frame of our own code: the handler (or what it called) that failed."""
    frames = traceback.extract_tb(error.__traceback__) if error is not None else []
    ours = [f for f in frames if "/bot/" in f.filename.replace("\\", "/")]
    if not ours:
        return "?"
    frame = ours[-1]
    module = frame.filename.replace("\\", "/").rsplit("/bot/", 1)[-1].removesuffix(".py")
    return f"{module.replace('/', '.')}.{frame.name}:{frame.lineno}"


async def publish_commands(application: Application) -> None:  # type: ignore[type-arg]
    """The command menu in Chinese (default) and English, from the list /help shows."""
    zh = [BotCommand(command, zh) for command, zh, _ in COMMANDS]
    en = [BotCommand(command, en) for command, _, en in COMMANDS]
    await application.bot.set_my_commands(zh)
    await application.bot.set_my_commands(zh, language_code="zh")
    await application.bot.set_my_commands(en, language_code="en")
