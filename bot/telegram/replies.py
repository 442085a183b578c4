"""Sending HTML replies: split to Telegram's limit, never a link preview."""

from __future__ import annotations

import logging
from typing import Any

from telegram import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import ExtBot

from bot.telegram.cards import split_message

NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
log = logging.getLogger(__name__)


class ReplyingBot(ExtBot[None]):
    """The bot, with a way to send a reply whose answer nobody reads.

    `send_message` parses the message Telegram sends back into a Message, and serialises its
    arguments object by object: for a card with its buttons, some 0.2 ms of CPU of the ~2.5 ms
    an answer costs (scripts/bench_bot.py, issue 11). `send_html` posts the same sendMessage
    through the same rate limiter, retries and errors, and returns nothing."""

    async def send_html(
        self, chat_id: int, text: str, keyboard: InlineKeyboardMarkup | None = None
    ) -> None:
        data: dict[str, Any] = {
            "chat_id": chat_id,
            "text": text,
            "parse_mode": ParseMode.HTML.value,
            "link_preview_options": {"is_disabled": True},  # NO_PREVIEW, already serialised
        }
        if keyboard is not None:
            data["reply_markup"] = keyboard_json(keyboard)
        await self._post("sendMessage", data)


# A button's fields beside the two that every button of ours carries.
OTHER_BUTTON_FIELDS = tuple(
    name for name in InlineKeyboardButton.__slots__ if name not in ("text", "callback_data")
)


def keyboard_json(keyboard: InlineKeyboardMarkup) -> dict[str, Any] | InlineKeyboardMarkup:
    """The keyboard as the Bot API takes it when every button is a label and callback data, as
    ours are (PTB's `to_dict` takes ten times as long); any other keyboard as it is, for PTB
    to serialise."""
    if keyboard.api_kwargs or not keyboard.inline_keyboard:  # PTB sends no empty keyboard
        return keyboard
    rows = []
    for row in keyboard.inline_keyboard:
        plain = []
        for button in row:
            if not _label_and_data(button):
                return keyboard
            plain.append({"text": button.text, "callback_data": button.callback_data})
        rows.append(plain)
    return {"inline_keyboard": rows}


def _label_and_data(button: InlineKeyboardButton) -> bool:
    return (
        isinstance(button.callback_data, str)
        and not button.api_kwargs
        and all(getattr(button, name) is None for name in OTHER_BUTTON_FIELDS)
    )


async def reply_html(
    update: Update, text: str, keyboard: InlineKeyboardMarkup | None = None
) -> None:
    """Reply in the update's chat; the keyboard goes with the last part of a long text."""
    chat = update.effective_chat
    if chat is None:
        return
    parts = split_message(text)
    bot = chat.get_bot()
    for i, part in enumerate(parts):
        markup = keyboard if i == len(parts) - 1 else None
        if isinstance(bot, ReplyingBot):  # the bot build_application makes
            await bot.send_html(chat.id, part, markup)
        else:
            await chat.send_message(
                part,
                parse_mode=ParseMode.HTML,
                link_preview_options=NO_PREVIEW,
                reply_markup=markup,
            )


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
