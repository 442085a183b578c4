"""What a person does in the Telegram app, turned into the updates the bot receives."""

from __future__ import annotations

import re

from bot.localapi import media
from bot.localapi.entities import utf16_len
from bot.localapi.state import JSON, BotState, CallbackQuery, StoredFile, User

# Telegram's clients mark commands, links and mentions; PTB's CommandHandler needs the
# bot_command entity at offset 0 to see a command at all.
_AUTO_ENTITIES = re.compile(
    r"(?P<bot_command>(?<![\w/])/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![\w/]))"
    r"|(?P<url>https?://\S+)"
    r"|(?P<mention>(?<![\w@])@[A-Za-z0-9_]{5,32}\b)"
)


def auto_entities(text: str) -> list[JSON]:
    return [
        {
            "type": match.lastgroup,
            "offset": utf16_len(text[: match.start()]),
            "length": utf16_len(match.group()),
        }
        for match in _AUTO_ENTITIES.finditer(text)
    ]


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


def _user_message(bot: BotState, user: User, **content: object) -> JSON:
    chat = bot.chat_for(user)
    message = bot.new_message(chat, user.to_api(), **content)
    return bot.enqueue("message", message)


def _captioned(caption: str | None) -> JSON:
    if not caption:
        return {}
    content: JSON = {"caption": caption}
    entities = auto_entities(caption)
    if entities:
        content["caption_entities"] = entities
    return content


def sends_text(bot: BotState, user: User, text: str) -> JSON:
    return _user_message(bot, user, text=text, entities=auto_entities(text) or None)


def sends_photo(bot: BotState, user: User, data: bytes, caption: str | None = None) -> JSON:
    stored = bot.store_file(data, "photos", ".jpg", mime_type="image/jpeg")
    return _user_message(bot, user, photo=photo_sizes(stored), **_captioned(caption))


def sends_document(
    bot: BotState,
    user: User,
    data: bytes,
    file_name: str,
    mime_type: str | None = None,
    caption: str | None = None,
) -> JSON:
    kind = media.mime_type(file_name, mime_type)
    stored = bot.store_file(
        data,
        "documents",
        media.extension(file_name, kind, ""),
        mime_type=kind,
        file_name=file_name,
    )
    return _user_message(bot, user, document=stored.to_document(), **_captioned(caption))


def presses_button(
    bot: BotState, user: User, message_id: int, callback_data: str, *, forged: bool = False
) -> JSON:
    """A callback_query for a button the bot put on one of its messages in the user's chat;
    `forged`: data no button carries, as a modified client can send."""
    chat = bot.chat_for(user)
    message = chat.messages.get(message_id)
    if message is None:
        raise LookupError(f"no message {message_id} in the chat with user {user.id}")
    rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
    offered = [button.get("callback_data") for row in rows for button in row]
    if callback_data not in offered and not forged:
        # A real client can only press buttons that are there; a test asking otherwise
        # is mistaken (deliver_raw_update remains for deliberately odd updates).
        raise ValueError(f"message {message_id} has no button {callback_data!r}; has {offered}")
    query_id = f"{bot.bot_id}{bot.next_id():010d}"
    query: JSON = {
        "id": query_id,
        "from": user.to_api(),
        "message": message,
        "chat_instance": f"{bot.bot_id}-{user.id}",
        "data": callback_data,
    }
    bot.callback_queries[query_id] = CallbackQuery(query)
    return bot.enqueue("callback_query", query)


def blocks_bot(bot: BotState, user: User) -> JSON:
    """The user blocks the bot: sends to their chat fail with 403 from now on, and the bot is
    told by a my_chat_member update, as Telegram tells it."""
    chat = bot.chat_for(user)
    chat.blocked = True
    member: JSON = {
        "chat": user.chat(),
        "from": user.to_api(),
        "date": bot.now(),
        "old_chat_member": {"user": bot.me(), "status": "member"},
        "new_chat_member": {"user": bot.me(), "status": "kicked", "until_date": 0},
    }
    return bot.enqueue("my_chat_member", member)


def inline_query(bot: BotState, user: User, query: str, offset: str = "") -> JSON:
    query_id = f"{bot.bot_id}{bot.next_id():010d}"
    payload: JSON = {
        "id": query_id,
        "from": user.to_api(),
        "query": query,
        "offset": offset,
        "chat_type": "sender",
    }
    bot.inline_queries[query_id] = payload
    return bot.enqueue("inline_query", payload)
