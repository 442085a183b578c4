"""Checking an agency: /check, plain text, candidate buttons and their pages, inline mode and
deep links."""

from __future__ import annotations

import base64
import binascii
from html import escape
from uuid import uuid4

from telegram import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Update,
)
from telegram.constants import ParseMode

from bot.check import check
from bot.registry.reader import import_seq
from bot.safe_text import clean_text
from bot.telegram.cards import view_card
from bot.telegram.context import LantianContext
from bot.telegram.replies import NO_PREVIEW, answer_quietly, replace_html, reply_html
from bot.verdict import Verdict
from bot.verdict_view import Paging, VerdictView, verdict_view
from bot.words import follows as follow_words
from bot.words import say
from bot.words.chat import text
from bot.words.verdict import Lang

FOLLOW = "follow"  # callback data: "follow:<agency|practitioner>:<id>" (follow_handlers.py)
PICK = "pick"  # callback data: "pick:<agency|practitioner>:<id>"
MORE = "more"  # callback data: "more:<page>:<the query as asked>", another page of candidates
# A candidate's button or a page's (at most 9999 pages); anything else is stale or forged.
PICK_BUTTON = (
    rf"^(?:{PICK}:(agency|practitioner):[^:\s]{{1,40}}"
    rf"|{MORE}:[1-9][0-9]{{0,3}}:[\s\S]+)$"
)
CALLBACK_BYTES = 64  # Telegram refuses a message whose button carries more
INLINE_RESULTS = 50  # Telegram's most for one inline answer


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


def fits(data: str) -> bool:
    return len(data.encode()) <= CALLBACK_BYTES


def candidate_keyboard(view: VerdictView, query: str) -> InlineKeyboardMarkup | None:
    """A button for each candidate shown (a page's worth at most), then the way to the other
    pages: never more than PAGE_SIZE + 2 buttons, however many records share a name."""
    if not view.candidates:
        return None
    picks = [
        (f"{i}. {c.name}"[:60], f"{PICK}:{c.kind}:{c.id}")
        for i, c in enumerate(view.candidates, view.paging.first)
    ]
    rows = [
        [InlineKeyboardButton(label, callback_data=data)] for label, data in picks if fits(data)
    ]
    if turns := page_buttons(view.paging, query, view.lang):
        rows.append(turns)
    return InlineKeyboardMarkup(rows) if rows else None


def page_buttons(paging: Paging, query: str, lang: Lang) -> list[InlineKeyboardButton]:
    """‹ previous and next › where there is such a page. None for a query too long to ride in a
    button's data (some 19 Chinese characters or more): the card still counts them all."""
    turns = [(paging.page - 1, "previous_page"), (paging.page + 1, "next_page")]
    shown = [(page, word) for page, word in turns if 1 <= page <= paging.pages]
    data = [(f"{MORE}:{page}:{query.strip()}", word) for page, word in shown]
    if not all(fits(d) for d, _ in data):
        return []
    return [InlineKeyboardButton(text(word, lang), callback_data=d) for d, word in data]


def follow_row(verdict: Verdict, lang: Lang, seen_at: int | None) -> list[InlineKeyboardButton]:
    """The 🔔 button under a card about one certain record; none otherwise. It carries the
    import the card was made from: a change made after it is told to whoever follows."""
    match = verdict.match
    if match is None:
        return []
    data = f"{FOLLOW}:{match.kind}:{match.id}"
    if seen_at is not None and fits(with_seen := f"{data}:{seen_at}"):
        data = with_seen
    if not fits(data):
        return []
    return [InlineKeyboardButton(say(follow_words.FOLLOW_BUTTON, lang), callback_data=data)]


def answer_card(
    verdict: Verdict, view: VerdictView, seen_at: int | None = None
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The card with its buttons and, under it, what to do next; `seen_at` is the import the
    registry was at."""
    card = view_card(view)
    keyboard = candidate_keyboard(view, verdict.query)
    if keyboard is not None:  # the records' buttons, not 🔔 alone
        card += "\n\n" + escape(text("pick_candidate", view.lang))
    elif verdict.match is None and verdict.headline_key != "too_long":  # nothing was checked
        card += "\n\n" + escape(text("no_match_next", view.lang))
    if follow := follow_row(verdict, view.lang, seen_at):
        rows = list(keyboard.inline_keyboard) if keyboard is not None else []
        keyboard = InlineKeyboardMarkup([*rows, follow])
    return card, keyboard


async def answer_check(update: Update, context: LantianContext, query: str) -> None:
    """Check one query and reply with the card, candidate buttons and what to do next."""
    lang = context.lang_for(update)
    user = update.effective_user
    checks = context.deps.checks
    if user is not None and not checks.allow(user.id):
        if checks.first_refusal(user.id):  # once a minute, not once per message
            await reply_html(update, escape(text("too_many_checks", lang)))
        return
    db = context.deps.db
    seen_at = import_seq(db)  # before the check: a later import is then told to a follower
    verdict = check(db, query, today=context.deps.today())
    await reply_html(update, *answer_card(verdict, verdict_view(verdict, lang), seen_at))


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
    """A candidate button: the full verdict on that record; a page button: other candidates."""
    query = update.callback_query
    if query is None or not query.data:
        return
    if query.data.startswith(f"{MORE}:"):
        await turn_page(update, context)
        return
    await answer_quietly(query)
    _, _kind, subject_id = query.data.split(":", 2)  # the pattern guarantees the shape
    await answer_check(update, context, subject_id)


async def turn_page(update: Update, context: LantianContext) -> None:
    """‹ previous / next ›: the same answer with another page of its candidates, in place of
    the one shown. Reading on through one answer is not a new check (the button limit of
    bot/telegram/gate.py bounds it), so only a button the bot put there turns a page: forged
    data, which could carry any query, is stale. A page that holds none now (the registry
    changed since) is said plainly."""
    pressed = update.callback_query
    if pressed is None or not pressed.data:
        return
    lang = context.lang_for(update)
    if pressed.data not in offered(pressed):
        await answer_quietly(pressed, text("button_stale", lang))
        return
    _, number, query = pressed.data.split(":", 2)  # the pattern guarantees the shape
    page = int(number)
    verdict = check(context.deps.db, query, today=context.deps.today(), page=page)
    view = verdict_view(verdict, lang, page=page)
    if page > view.paging.pages:
        await answer_quietly(pressed, text("page_gone", lang))
        return
    await answer_quietly(pressed)
    await replace_html(update, *answer_card(verdict, view))


def offered(pressed: CallbackQuery) -> set[str]:
    """The callback data of the buttons on the pressed message as Telegram holds it (a client
    can send any data, but not change the message the bot sent)."""
    markup = getattr(pressed.message, "reply_markup", None)
    rows = markup.inline_keyboard if isinstance(markup, InlineKeyboardMarkup) else ()
    return {str(button.callback_data) for row in rows for button in row}


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
    if verdict.match is None:  # the candidates' own cards: a page of them, never more
        today = context.deps.today()
        verdicts += [check(context.deps.db, c.subject.id, today=today) for c in verdict.candidates]
    results = [shareable_card(v, verdict_view(v, lang)) for v in verdicts[:INLINE_RESULTS]]
    await inline.answer(results, cache_time=60, is_personal=False)


def shareable_card(verdict: Verdict, view: VerdictView) -> InlineQueryResultArticle:
    """One inline result: its title, description and card all read from the one view."""
    subject = verdict.match.name if verdict.match else verdict.query
    return InlineQueryResultArticle(
        id=uuid4().hex,  # 32 bytes of Telegram's 64
        title=f"{view.level_word} {subject}"[:100],
        description=view.headline[:200],
        input_message_content=InputTextMessageContent(
            view_card(view)[:4096],
            parse_mode=ParseMode.HTML,
            link_preview_options=NO_PREVIEW,
        ),
    )
