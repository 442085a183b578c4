"""Checking an agency: /check, plain text, candidate buttons, inline mode and deep links."""

from __future__ import annotations

import base64
import binascii
from html import escape
from uuid import uuid4

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Update,
)
from telegram.constants import ParseMode

from bot.check import check
from bot.safe_text import clean_text
from bot.telegram.cards import verdict_card
from bot.telegram.context import LantianContext
from bot.telegram.replies import NO_PREVIEW, answer_quietly, reply_html
from bot.verdict import Verdict
from bot.words.chat import text
from bot.words.verdict import level_word

PICK = "pick"  # callback data: "pick:<agency|practitioner>:<id>"
PICK_BUTTON = rf"^{PICK}:(agency|practitioner):[^:\s]{{1,40}}$"  # anything else is stale


def encode_query(query: str) -> str:
    """A query as a deep-link payload (t.me/<bot>?start=c_<payload>), which allows [A-Za-z0-9_-]."""
    return "c_" + base64.urlsafe_b64encode(query.encode()).decode().rstrip("=")


def decode_query(payload: str) -> str | None:
    """The query a deep link carries, cleaned; None when it carries nothing one can see."""
    if not payload.startswith("c_"):
        return None
    data = payload[2:]
    try:
        query = base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    return clean_text(query).strip() or None


def candidate_keyboard(verdict: Verdict) -> InlineKeyboardMarkup | None:
    if verdict.match is not None or not verdict.candidates:
        return None
    rows = [
        [
            InlineKeyboardButton(
                f"{i}. {c.subject.name}"[:60],
                callback_data=f"{PICK}:{c.subject.kind}:{c.subject.id}",
            )
        ]
        for i, c in enumerate(verdict.candidates, 1)
    ]
    return InlineKeyboardMarkup(rows)


async def answer_check(update: Update, context: LantianContext, query: str) -> None:
    """Check one query and reply with the card, candidate buttons and what to do next."""
    lang = context.lang_for(update)
    user = update.effective_user
    checks = context.deps.checks
    if user is not None and not checks.allow(user.id):
        if checks.first_refusal(user.id):  # once a minute, not once per message
            await reply_html(update, escape(text("too_many_checks", lang)))
        return
    verdict = check(context.deps.db, query, today=context.deps.today())
    card = verdict_card(verdict, lang)
    keyboard = candidate_keyboard(verdict)
    if keyboard is not None:
        card += "\n\n" + escape(text("pick_candidate", lang))
    elif verdict.match is None and verdict.headline_key != "too_long":  # nothing was checked
        card += "\n\n" + escape(text("no_match_next", lang))
    await reply_html(update, card, keyboard)


async def check_command(update: Update, context: LantianContext) -> None:
    """/check QUERY: the verdict on a name, code, phone number or web address."""
    query = " ".join(context.args or []).strip()
    if not query:
        await reply_html(update, escape(text("check_prompt", context.lang_for(update))))
        return
    await answer_check(update, context, query)


async def check_text(update: Update, context: LantianContext) -> None:
    """Plain text in a private chat is a check."""
    if update.effective_message and update.effective_message.text:
        await answer_check(update, context, update.effective_message.text)


async def pick_candidate(update: Update, context: LantianContext) -> None:
    """A candidate button: the full verdict on that record."""
    query = update.callback_query
    if query is None or not query.data:
        return
    await answer_quietly(query)
    _, _kind, subject_id = query.data.split(":", 2)  # the pattern guarantees the shape
    await answer_check(update, context, subject_id)


async def inline_check(update: Update, context: LantianContext) -> None:
    """@bot QUERY in any chat: verdict cards a user can share."""
    inline = update.inline_query
    if inline is None:
        return
    query = inline.query.strip()
    if not query:
        await inline.answer([], cache_time=5)
        return
    lang = context.lang_for(update)
    verdict = check(context.deps.db, query, today=context.deps.today())
    verdicts = [verdict]
    if verdict.match is None:
        today = context.deps.today()
        verdicts += [check(context.deps.db, c.subject.id, today=today) for c in verdict.candidates]
    results = [
        InlineQueryResultArticle(
            id=uuid4().hex,
            title=f"{level_word(v.level, lang)} {v.match.name if v.match else v.query}"[:100],
            description=v.headline(lang)[:200],
            input_message_content=InputTextMessageContent(
                verdict_card(v, lang)[:4096],
                parse_mode=ParseMode.HTML,
                link_preview_options=NO_PREVIEW,
            ),
        )
        for v in verdicts
    ]
    await inline.answer(results, cache_time=60, is_personal=False)
