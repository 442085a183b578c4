"""Sending and editing messages, and fetching files, checked the way Telegram checks them.

Each method takes the bot's state and its parameters and returns the `result` of a
successful answer, or raises ApiError.
"""

from __future__ import annotations

from typing import Any

from bot.localapi.entities import (
    TEXT_LIMIT,
    EntityParseError,
    FormattedText,
    parse_html,
    trim,
    utf16_len,
)
from bot.localapi.params import Params
from bot.localapi.registry import method
from bot.localapi.state import JSON, BotState, Chat, Unsupported, bad_request

NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
# Buttons must do something; a bare {"text": ...} is refused in inline keyboards.
_BUTTON_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)


# Sending messages ---------------------------------------------------------------------


def parsed(p: Params, field: str, entities_field: str) -> FormattedText:
    """`field` after parse_mode (HTML or none), trimmed as Telegram trims it.

    The HTML check is strict about a bare "&", which Telegram forgives: an unescaped "&" in
    the bot's text is a missed escape that a "<" elsewhere would turn into a refusal."""
    raw = p.text(field) or ""
    parse_mode = (p.text("parse_mode") or "").lower()
    try:
        if parse_mode == "html":
            text = parse_html(raw, strict_ampersand=True)
        elif not parse_mode:
            text = FormattedText(raw, list(p.json(entities_field, "message entities") or []))
        else:
            raise Unsupported(f"parse_mode {parse_mode!r} (the bot sends HTML)")
    except EntityParseError as error:
        raise bad_request(f"can't parse entities: {error}") from None
    return trim(text)


def formatted(p: Params) -> FormattedText:
    """A message's text, checked against Telegram's limits."""
    text = parsed(p, "text", "entities")
    if utf16_len(text.text) > TEXT_LIMIT:
        raise bad_request("message is too long")
    if not text.text:
        raise bad_request("message text is empty")
    return text


def reply_markup(p: Params) -> JSON | None:
    """The inline keyboard to show on the message (the only kind the bot sends)."""
    markup = p.json("reply_markup", "reply keyboard markup")
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" not in markup:
        raise Unsupported(f"reply_markup other than an inline keyboard: {sorted(markup)}")
    _check_inline_keyboard(markup["inline_keyboard"])
    return {"inline_keyboard": markup["inline_keyboard"]}


def _check_inline_keyboard(rows: Any) -> None:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request(
            "can't parse inline keyboard button: InlineKeyboardButton must be an Array"
        )
    for button in (button for row in rows for button in row):
        if not isinstance(button, dict) or not button.get("text"):
            raise bad_request("can't parse inline keyboard button: Text buttons are unallowed")
        if not any(action in button for action in _BUTTON_ACTIONS):
            raise bad_request("text buttons are unallowed in the inline keyboard")
        data = button.get("callback_data")
        if data is not None and not 1 <= len(str(data).encode("utf-8")) <= 64:
            raise bad_request("BUTTON_DATA_INVALID")


def _text_content(text: FormattedText) -> JSON:
    content: JSON = {"text": text.text}
    if text.entities:
        content["entities"] = text.entities
    return content


def bot_sender(bot: BotState) -> JSON:
    me = bot.me()
    return {key: me[key] for key in ("id", "is_bot", "first_name", "username")}


@method("sendMessage")
def send_message(bot: BotState, p: Params) -> JSON:
    chat = bot.find_chat(p.chat_id())
    content = _text_content(formatted(p))
    preview = p.json("link_preview_options", "link preview options")
    if preview:
        content["link_preview_options"] = preview
    markup = reply_markup(p)
    message = bot.new_message(chat, bot_sender(bot), **content, reply_markup=markup)
    bot.record("sendMessage", chat.user.id, message, p.public())
    return message


@method("getFile")
def get_file(bot: BotState, p: Params) -> JSON:
    return bot.file(p.required_text("file_id", "file_id is empty")).to_api()


# Editing ------------------------------------------------------------------------


def _own_message(bot: BotState, p: Params, missing: str) -> tuple[Chat, JSON]:
    if p.has("inline_message_id"):
        raise Unsupported("editing inline messages (the bot edits only its own chats)")
    chat = bot.find_chat(p.chat_id())
    message_id = p.integer("message_id")
    if message_id is None:
        raise bad_request("message identifier is not specified")
    message = chat.messages.get(message_id)
    if message is None:
        raise bad_request(missing)
    if message["from"]["id"] != bot.bot_id:
        raise bad_request("message can't be edited")
    return chat, message


def _edit(bot: BotState, p: Params, name: str, changes: JSON) -> JSON:
    """Applies `changes` (None removes a field) unless nothing would change, as Telegram does."""
    chat, message = _own_message(bot, p, "message to edit not found")
    updated = {**message, **changes}
    updated = {key: value for key, value in updated.items() if value is not None}
    compared = ("text", "entities", "reply_markup")
    if all(updated.get(key) == message.get(key) for key in compared):
        raise bad_request(NOT_MODIFIED)
    updated["edit_date"] = bot.now()
    chat.messages[message["message_id"]] = updated
    bot.record(name, chat.user.id, updated, p.public())
    return updated


@method("editMessageText")
def edit_message_text(bot: BotState, p: Params) -> JSON:
    text = formatted(p)
    _, message = _own_message(bot, p, "message to edit not found")
    if "text" not in message:
        raise bad_request("there is no text in the message to edit")
    changes: JSON = {"text": text.text, "entities": text.entities or None}
    changes["reply_markup"] = reply_markup(p)  # no markup given removes the keyboard
    return _edit(bot, p, "editMessageText", changes)


@method("editMessageReplyMarkup")
def edit_message_reply_markup(bot: BotState, p: Params) -> JSON:
    return _edit(bot, p, "editMessageReplyMarkup", {"reply_markup": reply_markup(p)})
