"""Sending HTML replies: split to Telegram's limit, never a link preview."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, LinkPreviewOptions, Message, Update
from telegram.constants import ParseMode

from bot.telegram.cards import split_message

NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


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
