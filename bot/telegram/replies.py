"""Sending HTML replies: split to Telegram's limit, never a link preview."""

from __future__ import annotations

import logging

from telegram import CallbackQuery, InlineKeyboardMarkup, LinkPreviewOptions, Message, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.telegram.cards import split_message

NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
log = logging.getLogger(__name__)


async def reply_html(
    update: Update, text: str, keyboard: InlineKeyboardMarkup | None = None
) -> Message | None:
    """Reply in the update's chat; the keyboard goes with the last part of a long text."""
    chat = update.effective_chat
    if chat is None:
        return None
    parts = split_message(text)
    sent = None
    for i, part in enumerate(parts):
        sent = await chat.send_message(
            part,
            parse_mode=ParseMode.HTML,
            link_preview_options=NO_PREVIEW,
            reply_markup=keyboard if i == len(parts) - 1 else None,
        )
    return sent


async def replace_html(
    update: Update, text: str, keyboard: InlineKeyboardMarkup | None = None
) -> None:
    """Show `text` in place of the message whose button was pressed (a page turned). A text
    longer than one message, or a message that can no longer be edited, comes as a new reply."""
    pressed = update.callback_query
    if pressed is None or pressed.message is None or len(split_message(text)) > 1:
        await reply_html(update, text, keyboard)
        return
    try:
        await pressed.edit_message_text(
            text, parse_mode=ParseMode.HTML, reply_markup=keyboard, link_preview_options=NO_PREVIEW
        )
    except BadRequest as error:
        if "not modified" in str(error).lower():  # the same page pressed twice: already shown
            return
        log.info("could not edit a message in place, sending it anew: %s", error)
        await reply_html(update, text, keyboard)


async def answer_quietly(query: CallbackQuery, text: str | None = None) -> None:
    """Answer a button press with a short toast; a query Telegram no longer knows (too old,
    forged id, answered already) is not an error worth more than a log line."""
    try:
        await query.answer(text[:200] if text else None)
    except BadRequest as error:
        log.info("could not answer a button press: %s", error)
