"""A list sent as a document (.csv or .xlsx): every row checked, the annotated list sent back.

The check runs as a task of its own, outside the chat's queue of updates, and in a thread on its
own database connection: the bot keeps answering, the sender included (a second list is asked
to wait). One list per user at a time, and a bounded size.
"""

from __future__ import annotations

import asyncio
import tempfile
from html import escape
from pathlib import Path

from telegram import Document, Message, Update

from bot.batch_check import check_file
from bot.errors import Refusal
from bot.registry.database import open_database
from bot.telegram.context import LantianContext
from bot.telegram.replies import reply_html
from bot.words import Lang
from bot.words.chat import text

LIST_BYTES = 2_000_000  # a list of a few thousand names is far smaller
LIST_ROWS = 5_000  # rows a chat may check at once; the CLI takes more
LIST_SUFFIXES = (".csv", ".xlsx")
# Chats (private: one user each) with a list being checked. In bot_data, which is never
# persisted: a crash mid-check must not leave a user "busy" forever.
IN_CHECK = "lists_in_check"


async def check_list(update: Update, context: LantianContext) -> None:
    message = update.effective_message
    if message is None or message.document is None:
        return
    lang = context.lang_for(update)
    suffix = Path(message.document.file_name or "").suffix.lower()
    if suffix not in LIST_SUFFIXES:
        await reply_html(update, text("list_kinds", lang))
        return
    if (message.document.file_size or 0) > LIST_BYTES:
        await reply_html(update, text("list_too_big", lang))
        return
    in_check: set[int] = context.bot_data.setdefault(IN_CHECK, set())
    if message.chat_id in in_check:
        await reply_html(update, text("list_busy", lang))
        return
    await reply_html(update, text("list_started", lang))
    in_check.add(message.chat_id)
    # Awaited here, a long list would hold up this chat's next updates until it is done.
    context.application.create_task(
        _check_and_send(update, context, message, message.document, lang), update=update
    )


async def _check_and_send(
    update: Update, context: LantianContext, message: Message, document: Document, lang: Lang
) -> None:
    """Downloads, checks and sends the list back; the user may send another once it ends."""
    suffix = Path(document.file_name or "").suffix.lower()
    try:
        content = bytes(await (await document.get_file()).download_as_bytearray())
        if len(content) > LIST_BYTES:  # Telegram gave no size: never check a cut-off list
            await reply_html(update, text("list_too_big", lang))
            return
        with tempfile.TemporaryDirectory() as folder:
            source = Path(folder) / f"{_stem(document.file_name)}{suffix}"  # named in refusals
            source.write_bytes(content)
            try:
                out, rows = await asyncio.to_thread(_check, context, source, lang)
            except Refusal as refused:
                await reply_html(update, escape(refused.message(lang)))
                return
            caption = text("list_done", lang).format(rows=rows)
            await message.reply_document(
                out.read_bytes(),
                filename=f"{_stem(document.file_name)}.checked{suffix}",
                caption=caption,
            )
    finally:
        context.bot_data[IN_CHECK].discard(message.chat_id)


def _check(context: LantianContext, source: Path, lang: Lang) -> tuple[Path, int]:
    deps = context.deps
    db = open_database(deps.settings.db_path)
    try:
        return check_file(db, source, today=deps.today(), lang=lang, max_rows=LIST_ROWS)
    finally:
        db.close()


def _stem(name: str | None) -> str:
    """The sender's name for the list, without folders, kept short."""
    return Path(name or "list").stem[:60] or "list"
