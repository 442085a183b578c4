"""Sending files (sendDocument), checked the way Telegram checks it.

python-telegram-bot uploads a file as multipart/form-data, the bytes in a part of their own;
a file the server already holds is sent again by its file_id. The server keeps the bytes, so a
test reads what a chat received (LocalBotApi.sent_documents) and getFile serves them.
"""

from __future__ import annotations

from bot.localapi import media
from bot.localapi.entities import utf16_len
from bot.localapi.messages import bot_sender, parsed, reply_markup
from bot.localapi.params import Params, Upload
from bot.localapi.registry import method
from bot.localapi.state import JSON, ApiError, BotState, Chat, StoredFile, Unsupported, bad_request

UPLOAD_LIMIT = 50 * 1024 * 1024  # bots may send files of up to 50 MB
CAPTION_LIMIT = 1024  # characters (UTF-16 units) after parsing
TOO_LARGE = "Request Entity Too Large"  # Telegram's answer to a bigger file, with code 413


@method("sendDocument")
def send_document(bot: BotState, p: Params) -> JSON:
    chat = bot.find_chat(p.chat_id())
    given = _document(bot, p)
    content = _caption(p)
    replied = _replied_to(chat, p)
    markup = reply_markup(p)
    stored = given if isinstance(given, StoredFile) else _store(bot, given)
    message = bot.new_message(
        chat,
        bot_sender(bot),
        document=stored.to_document(),
        **content,
        reply_to_message=replied,
        reply_markup=markup,
    )
    bot.record("sendDocument", chat.user.id, message, {**p.public(), "document": stored.file_id})
    return message


def _document(bot: BotState, p: Params) -> StoredFile | Upload:
    """The uploaded file, checked, or the held file a file_id names."""
    if p.file("thumbnail") is not None:
        raise Unsupported("a document's thumbnail (the bot sends none)")
    given = p.file("document")
    if given is None:
        raise bad_request("there is no document in the request")
    if isinstance(given, Upload):
        if not given.data:
            raise bad_request("file must be non-empty")
        if len(given.data) > UPLOAD_LIMIT:
            raise ApiError(413, TOO_LARGE)
        return given
    if given.startswith(("http://", "https://")):
        raise Unsupported("a document by URL (the bot uploads files)")
    held = bot.files.get(given)
    if held is None:
        raise bad_request("wrong file identifier/HTTP URL specified")
    if not held.file_path.startswith("documents/"):
        raise bad_request("type of file mismatch")  # a photo's file_id, say
    return held


def _store(bot: BotState, upload: Upload) -> StoredFile:
    kind = media.mime_type(upload.file_name, upload.content_type)
    return bot.store_file(
        upload.data,
        "documents",
        media.extension(upload.file_name, kind, ""),
        mime_type=kind,
        file_name=upload.file_name,
    )


def _caption(p: Params) -> JSON:
    """The caption and its entities; none is fine, too long is refused."""
    caption = parsed(p, "caption", "caption_entities")
    if utf16_len(caption.text) > CAPTION_LIMIT:
        raise bad_request("message caption is too long")
    content: JSON = {}
    if caption.text:
        content["caption"] = caption.text
        if caption.entities:
            content["caption_entities"] = caption.entities
    return content


def _replied_to(chat: Chat, p: Params) -> JSON | None:
    """The message this one answers (reply_parameters, or the older reply_to_message_id)."""
    wanted = p.json("reply_parameters", "reply parameters")
    if wanted is None and p.has("reply_to_message_id"):
        wanted = {
            "message_id": p.integer("reply_to_message_id"),
            "allow_sending_without_reply": p.boolean("allow_sending_without_reply"),
        }
    if wanted is None:
        return None
    if not isinstance(wanted, dict):
        raise bad_request("can't parse reply parameters JSON object")
    other_chat = wanted.get("chat_id")
    if other_chat is not None and str(other_chat) != str(chat.user.id):
        raise Unsupported("replying to a message of another chat")
    try:
        replied = chat.messages.get(int(wanted.get("message_id") or 0))
    except (TypeError, ValueError):
        raise bad_request("invalid message_id specified") from None
    if replied is None:
        if wanted.get("allow_sending_without_reply"):
            return None
        raise bad_request("message to be replied not found")
    return {key: value for key, value in replied.items() if key != "reply_to_message"}
