"""Sending, editing and deleting messages and files, checked the way Telegram checks them.

Each method takes the bot's state and its parameters and returns the `result` of a
successful answer, or raises ApiError.
"""

from __future__ import annotations

from typing import Any

from bot.localapi import media
from bot.localapi.entities import (
    CAPTION_LIMIT,
    TEXT_LIMIT,
    EntityParseError,
    FormattedText,
    parse_html,
    trim,
    utf16_len,
)
from bot.localapi.markdown import parse_markdown, parse_markdown_v2
from bot.localapi.params import Params, Upload
from bot.localapi.registry import method
from bot.localapi.state import JSON, ApiError, BotState, Chat, StoredFile, bad_request

NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
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


def formatted(bot: BotState, p: Params, field: str, *, caption: bool = False) -> FormattedText:
    """The text (or caption) after parse_mode, trimmed and checked against Telegram's limits."""
    raw = p.text(field) or ""
    entities_field = "caption_entities" if caption else "entities"
    parse_mode = (p.text("parse_mode") or "").lower()
    try:
        if parse_mode == "html":
            text = parse_html(raw, strict_ampersand=bot.strict_ampersand)
        elif parse_mode == "markdownv2":
            text = parse_markdown_v2(raw)
        elif parse_mode == "markdown":
            text = parse_markdown(raw)
        elif not parse_mode:
            entities = p.json(entities_field, "message entities")
            text = FormattedText(raw, list(entities or []))
        else:
            raise bad_request("unsupported parse_mode")
    except EntityParseError as error:
        raise bad_request(f"can't parse entities: {error}") from None
    text = trim(text)
    limit = CAPTION_LIMIT if caption else TEXT_LIMIT
    if utf16_len(text.text) > limit:
        raise bad_request("message caption is too long" if caption else "message is too long")
    if not caption and not text.text:
        raise bad_request("message text is empty")
    return text


def reply_markup(p: Params) -> JSON | None:
    """The inline keyboard to show on the message; other keyboards are valid but not echoed."""
    markup = p.json("reply_markup", "reply keyboard markup")
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        _check_inline_keyboard(markup["inline_keyboard"])
        return {"inline_keyboard": markup["inline_keyboard"]}
    if {"keyboard", "remove_keyboard", "force_reply"} & set(markup):
        return None
    raise bad_request("can't parse reply keyboard markup JSON object")


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


def target_chat(bot: BotState, p: Params) -> Chat:
    chat = bot.find_chat(p.chat_id())
    if chat.blocked:
        raise ApiError(403, "Forbidden: bot was blocked by the user")
    return chat


def reply_target(chat: Chat, p: Params) -> JSON | None:
    """The message being replied to, from reply_parameters or the older reply_to_message_id."""
    parameters = p.json("reply_parameters", "reply parameters") or {}
    if not isinstance(parameters, dict):
        raise bad_request("can't parse reply parameters JSON object")
    message_id = parameters.get("message_id") or p.integer("reply_to_message_id")
    if not message_id:
        return None
    target = chat.messages.get(int(message_id))
    allow_missing = parameters.get("allow_sending_without_reply") or p.boolean(
        "allow_sending_without_reply"
    )
    if target is None and not allow_missing:
        raise bad_request("message to be replied not found")
    if target is None:
        return None
    # Telegram nests the replied-to message one level deep only.
    return {key: value for key, value in target.items() if key != "reply_to_message"}


def _text_content(text: FormattedText, key: str = "text") -> JSON:
    content: JSON = {key: text.text}
    if text.entities:
        content["entities" if key == "text" else "caption_entities"] = text.entities
    return content


def _send(bot: BotState, p: Params, name: str, chat: Chat, content: JSON) -> JSON:
    """Stores a message the bot sent and logs it; `content` holds its type-specific fields."""
    markup = reply_markup(p)
    message = bot.new_message(
        chat,
        _bot_sender(bot),
        reply_to_message=reply_target(chat, p),
        **content,
        reply_markup=markup,
    )
    bot.record(name, chat.user.id, message, params=p.public())
    return message


def _bot_sender(bot: BotState) -> JSON:
    me = bot.me()
    return {key: me[key] for key in ("id", "is_bot", "first_name", "username")}


@method("sendMessage")
def send_message(bot: BotState, p: Params) -> JSON:
    chat = target_chat(bot, p)
    text = formatted(bot, p, "text")
    content = _text_content(text)
    preview = p.json("link_preview_options", "link preview options")
    if preview:
        content["link_preview_options"] = preview
    return _send(bot, p, "sendMessage", chat, content)


@method("sendPhoto")
def send_photo(bot: BotState, p: Params) -> JSON:
    chat = target_chat(bot, p)
    stored = _input_file(bot, p, "photo", folder="photos", default_extension=".jpg")
    content: JSON = {"photo": photo_sizes(stored)}
    content.update(_caption(bot, p))
    return _send(bot, p, "sendPhoto", chat, content)


@method("sendDocument")
def send_document(bot: BotState, p: Params) -> JSON:
    chat = target_chat(bot, p)
    stored = _input_file(bot, p, "document", folder="documents", default_extension="")
    content: JSON = {"document": document(stored)}
    content.update(_caption(bot, p))
    return _send(bot, p, "sendDocument", chat, content)


def _caption(bot: BotState, p: Params) -> JSON:
    caption = formatted(bot, p, "caption", caption=True)
    return _text_content(caption, "caption") if caption.text else {}


def _input_file(
    bot: BotState, p: Params, name: str, *, folder: str, default_extension: str
) -> StoredFile:
    value = p.file(name)
    if isinstance(value, Upload):
        kind = media.mime_type(value.file_name, value.content_type)
        return bot.store_file(
            value.data,
            folder,
            media.extension(value.file_name, kind, default_extension),
            mime_type=kind,
            file_name=value.file_name,
        )
    if value is None:
        raise bad_request(f"there is no {name} in the request")
    if value in bot.files:
        return bot.files[value]
    if value.startswith(("http://", "https://")):
        # Offline there is nothing to fetch: keep the URL, with no bytes behind it.
        return bot.store_file(b"", folder, default_extension, url=value)
    raise bad_request("wrong file identifier/HTTP URL specified")


def photo_sizes(stored: StoredFile) -> list[JSON]:
    # Telegram makes several sizes; one, the original, is enough for a bot to work with.
    width, height = media.image_size(stored.data)
    return [
        {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "width": width,
            "height": height,
            "file_size": len(stored.data),
        }
    ]


def document(stored: StoredFile) -> JSON:
    data: JSON = {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": len(stored.data),
    }
    if stored.file_name:
        data["file_name"] = stored.file_name
    if stored.mime_type:
        data["mime_type"] = stored.mime_type
    return data


@method("getFile")
def get_file(bot: BotState, p: Params) -> JSON:
    return bot.file(p.required_text("file_id", "file_id is empty")).to_api()


@method("sendChatAction")
def send_chat_action(bot: BotState, p: Params) -> bool:
    chat = target_chat(bot, p)
    action = p.text("action")
    if action not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    bot.chat_actions.append({"chat_id": chat.user.id, "action": action, "date": bot.now()})
    return True


# Editing and deleting ----------------------------------------------------------------


def _own_message(bot: BotState, p: Params, missing: str) -> tuple[Chat, JSON]:
    chat = target_chat(bot, p)
    message_id = p.integer("message_id")
    if message_id is None:
        raise bad_request("message identifier is not specified")
    message = chat.messages.get(message_id)
    if message is None:
        raise bad_request(missing)
    if message["from"]["id"] != bot.bot_id:
        raise bad_request("message can't be edited")
    return chat, message


def _edit(bot: BotState, p: Params, name: str, changes: JSON) -> JSON | bool:
    """Applies `changes` (None removes a field) unless nothing would change, as Telegram does."""
    if p.has("inline_message_id"):
        bot.record(name, None, None, params=p.public())
        return True  # inline messages live in other chats; Telegram answers True
    chat, message = _own_message(bot, p, "message to edit not found")
    updated = {**message, **changes}
    updated = {key: value for key, value in updated.items() if value is not None}
    compared = ("text", "entities", "caption", "caption_entities", "reply_markup")
    if all(updated.get(key) == message.get(key) for key in compared):
        raise bad_request(NOT_MODIFIED)
    updated["edit_date"] = bot.now()
    chat.messages[message["message_id"]] = updated
    bot.record(name, chat.user.id, updated, params=p.public())
    return updated


@method("editMessageText")
def edit_message_text(bot: BotState, p: Params) -> JSON | bool:
    text = formatted(bot, p, "text")
    if not p.has("inline_message_id"):
        _, message = _own_message(bot, p, "message to edit not found")
        if "text" not in message:
            raise bad_request("there is no text in the message to edit")
    changes: JSON = {"text": text.text, "entities": text.entities or None}
    changes["reply_markup"] = reply_markup(p)  # no markup given removes the keyboard
    return _edit(bot, p, "editMessageText", changes)


@method("editMessageCaption")
def edit_message_caption(bot: BotState, p: Params) -> JSON | bool:
    caption = formatted(bot, p, "caption", caption=True)
    changes = {
        "caption": caption.text or None,
        "caption_entities": caption.entities or None,
        "reply_markup": reply_markup(p),
    }
    return _edit(bot, p, "editMessageCaption", changes)


@method("editMessageReplyMarkup")
def edit_message_reply_markup(bot: BotState, p: Params) -> JSON | bool:
    return _edit(bot, p, "editMessageReplyMarkup", {"reply_markup": reply_markup(p)})


@method("deleteMessage")
def delete_message(bot: BotState, p: Params) -> bool:
    chat = target_chat(bot, p)
    message_id = p.integer("message_id")
    # In private chats a bot may delete both its own messages and the user's.
    if message_id is None or chat.messages.pop(message_id, None) is None:
        raise bad_request("message to delete not found")
    bot.record("deleteMessage", chat.user.id, None, message_id=message_id, params=p.public())
    return True
