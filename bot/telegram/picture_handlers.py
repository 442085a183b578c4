"""A picture sent outside a report (a flyer, a business card, a screenshot): its text read in the
worker process, every identity in it checked and compared, its red flags named, in one card
with an offer to report it (the picture then becomes the report's evidence; until then it is
not kept, only Telegram's reference to it, for that offer)."""

from __future__ import annotations

import asyncio
from html import escape

from telegram import Document, InlineKeyboardButton, InlineKeyboardMarkup, PhotoSize, Update

from bot.errors import Refusal
from bot.ocr import PICTURE_BYTES, PictureTooLarge
from bot.picture_check import PictureVerdict, check_picture_text
from bot.registry.database import open_database
from bot.render import picture_text
from bot.telegram.context import LantianContext
from bot.telegram.replies import reply_html
from bot.words import Lang, say
from bot.words import picture as words

# The picture's format as read, as the evidence's type.
EVIDENCE_TYPE = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp",
                 "GIF": "image/gif", "BMP": "image/bmp", "TIFF": "image/tiff"}  # fmt: skip
REPORT_PICTURE = "picrep"  # callback data of the offer (report_handlers.start_from_picture)
PICTURE_OFFER = "picture_offer"  # user_data: the last picture checked, for the offer
IN_READ = "pictures_in_read"  # bot_data (never persisted): users whose picture is being read


def chat_text(key: str, lang: Lang, **fields: object) -> str:
    return say(words.CHAT[key], lang, **fields)


def _checked(context: LantianContext, text: str) -> PictureVerdict:
    """In a worker thread, with a connection of its own (SQLite connections stay in theirs)."""
    deps = context.deps
    db = open_database(deps.settings.db_path)
    try:
        return check_picture_text(db, text, today=deps.today())
    finally:
        db.close()


def _item(update: Update) -> PhotoSize | Document | None:
    message = update.effective_message
    if message is None:
        return None
    if message.photo:
        return message.photo[-1]  # the largest size Telegram made
    return message.document


async def check_picture(update: Update, context: LantianContext) -> None:
    item, user = _item(update), update.effective_user
    if item is None or user is None:
        return
    lang, deps = context.lang_for(update), context.deps
    if (item.file_size or 0) > PICTURE_BYTES:
        await reply_html(
            update, escape(PictureTooLarge(megabytes=PICTURE_BYTES >> 20).message(lang))
        )
        return
    reading: set[int] = context.bot_data.setdefault(IN_READ, set())
    if user.id in reading:
        await reply_html(update, escape(chat_text("one_at_a_time", lang)))
        return
    if not deps.pictures.allow(user.id):
        if deps.pictures.first_refusal(user.id):
            await reply_html(update, escape(chat_text("too_many", lang, limit=deps.pictures.limit)))
        return
    reading.add(user.id)
    try:
        await reply_html(update, escape(chat_text("reading", lang)))
        data = bytes(await (await item.get_file()).download_as_bytearray())
        read = await deps.picture_reader.read(data)
        # Up to 40 identities, each a check: in a thread, so other chats are not held up.
        picture = await asyncio.to_thread(_checked, context, read.text)
    except Refusal as refused:
        await reply_html(update, escape(refused.message(lang)))
        return
    finally:
        reading.discard(user.id)
    if context.user_data is not None:
        context.user_data[PICTURE_OFFER] = {
            "file_id": item.file_id,
            "unique": item.file_unique_id,
            "name": getattr(item, "file_name", None) or f"picture-{item.file_unique_id}.jpg",
            # What it was read as (a client may declare image/jpg, which evidence refuses).
            "mime": EVIDENCE_TYPE.get(read.format, "image/jpeg"),
            "category": picture.red_flags[0].code if picture.red_flags else None,
        }
    offer = InlineKeyboardButton(chat_text("report_this", lang), callback_data=REPORT_PICTURE)
    await reply_html(update, escape(picture_text(picture, lang)), InlineKeyboardMarkup([[offer]]))
