"""Following: the 🔔 button on a verdict card, /follow, /following, /unfollow, and forgetting a
user who blocks the bot."""

from __future__ import annotations

import logging
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatMemberStatus, ChatType

from bot.check import check
from bot.follows import store
from bot.follows.fanout import catch_up
from bot.registry.reader import load_subject
from bot.registry.subjects import Subject
from bot.telegram.check_handlers import FOLLOW, answer_check
from bot.telegram.context import LantianContext
from bot.telegram.replies import answer_quietly, reply_html
from bot.words import follows as words
from bot.words import say
from bot.words.chat import text
from bot.words.follows import follow_text
from bot.words.verdict import level_word

log = logging.getLogger(__name__)

UNFOLLOW = "unfollow"  # callback data: "unfollow:<id>"
BUTTON = (
    rf"^(?:{FOLLOW}:(?:agency|practitioner):[^:\s]{{1,40}}(?::[0-9]{{1,9}})?"
    rf"|{UNFOLLOW}:[^:\s]{{1,40}})$"
)
EXAMPLE = "91310115MA1K4ABC2B"
KEYBOARD_BUTTONS = 100  # Telegram refuses a message with more ("reply markup is too long")


async def _follow(
    update: Update, context: LantianContext, subject: Subject, seen_at: int | None = None
) -> None:
    user = update.effective_user
    if user is None:
        return
    lang = context.lang_for(update)
    deps = context.deps
    limit = deps.settings.follow_limit
    outcome = store.follow(deps.db, user.id, subject, lang=lang, now=deps.now(), limit=limit)
    said = follow_text(outcome.value, lang, name=subject.name, limit=limit)
    if outcome is store.Followed.ADDED and seen_at is not None:  # a card from before an import
        since = catch_up(
            deps.db, subject.id, subject.name, lang, seen_at=seen_at, today=deps.today()
        )
        said += f"\n\n{since}" if since else ""
    query = update.callback_query
    chat = update.effective_chat
    if query is not None and chat is not None and chat.type != ChatType.PRIVATE:
        await answer_quietly(query, said[:200])  # seen by the presser alone, not the group
        return
    await reply_html(update, escape(said))


def _allowed(update: Update, context: LantianContext) -> bool:
    """A follow command looks records up: it counts against the user's checks."""
    user = update.effective_user
    return user is None or context.deps.checks.allow(user.id)


async def on_button(update: Update, context: LantianContext) -> None:
    """🔔 under a card, or an unfollow button under the list."""
    query = update.callback_query
    if query is None or not query.data:
        return
    action, rest = query.data.split(":", 1)  # the pattern guarantees the shape
    if action == UNFOLLOW:
        await answer_quietly(query)
        await _unfollow(update, context, rest)
        return
    kind, subject_id, *seen = rest.split(":")
    subject = load_subject(context.deps.db, kind, subject_id)
    if subject is None:
        await answer_quietly(query)
        await reply_html(update, escape(follow_text("gone", context.lang_for(update))))
        return
    chat = update.effective_chat
    if chat is None or chat.type == ChatType.PRIVATE:
        await answer_quietly(query)
    await _follow(update, context, subject, int(seen[0]) if seen else None)


async def follow_command(update: Update, context: LantianContext) -> None:
    """/follow QUERY: follow the record a check finds certainly; otherwise show the card, whose
    candidates lead to one."""
    lang = context.lang_for(update)
    query = " ".join(context.args or []).strip()
    if not query:
        await reply_html(update, escape(follow_text("follow_prompt", lang, example=EXAMPLE)))
        return
    if not _allowed(update, context):
        await reply_html(update, escape(text("too_many_checks", lang)))
        return
    verdict = check(context.deps.db, query, today=context.deps.today())
    if verdict.match is None:
        await reply_html(update, escape(follow_text("not_certain", lang)))
        await answer_check(update, context, query)
        return
    await _follow(update, context, verdict.match)


async def following_command(update: Update, context: LantianContext) -> None:
    """/following: each record followed with its verdict now, and a button to unfollow it."""
    user = update.effective_user
    if user is None:
        return
    lang = context.lang_for(update)
    deps = context.deps
    followed = store.following(deps.db, user.id)
    if followed and not _allowed(update, context):
        await reply_html(update, escape(text("too_many_checks", lang)))
        return
    if not followed:
        await reply_html(update, escape(follow_text("none", lang)))
        return
    limit = deps.settings.follow_limit
    lines = [follow_text("list_title", lang, count=len(followed), limit=limit)]
    for item in followed:
        verdict = check(deps.db, item.subject_id, today=deps.today())
        if verdict.match is None or verdict.match.id != item.subject_id:
            lines.append(follow_text("list_gone", lang, name=item.name))
            continue
        level = level_word(verdict.level, lang)
        lines.append(follow_text("list_line", lang, name=verdict.match.name, level=level))
    lines += ["", follow_text("list_hint", lang)]
    buttons = [
        [
            InlineKeyboardButton(
                say(words.UNFOLLOW_BUTTON, lang, name=item.name)[:60],
                callback_data=f"{UNFOLLOW}:{item.subject_id}",
            )
        ]
        for item in followed
        if len(f"{UNFOLLOW}:{item.subject_id}".encode()) <= 64
    ][:KEYBOARD_BUTTONS]
    await reply_html(update, escape("\n".join(lines)), InlineKeyboardMarkup(buttons))


async def unfollow_command(update: Update, context: LantianContext) -> None:
    """/unfollow: the list to pick from; /unfollow all; /unfollow QUERY."""
    user = update.effective_user
    if user is None:
        return
    query = " ".join(context.args or []).strip()
    if not query:
        await following_command(update, context)
        return
    lang = context.lang_for(update)
    if query.lower() == "all":
        count = store.forget_user(context.deps.db, user.id)
        await reply_html(update, escape(follow_text("unfollowed_all", lang, count=count)))
        return
    followed = store.find_followed(context.deps.db, user.id, query)
    if followed is not None:  # by the id or the name it is followed under: no look-up
        await _unfollow(update, context, followed.subject_id)
        return
    if not _allowed(update, context):
        await reply_html(update, escape(text("too_many_checks", lang)))
        return
    match = check(context.deps.db, query, today=context.deps.today()).match
    await _unfollow(update, context, match.id if match is not None else query)


async def _unfollow(update: Update, context: LantianContext, subject_id: str) -> None:
    user = update.effective_user
    if user is None:
        return
    lang = context.lang_for(update)
    gone = store.unfollow(context.deps.db, user.id, subject_id)
    if gone is None:
        await reply_html(update, escape(follow_text("not_following", lang, name=subject_id)))
        return
    await reply_html(update, escape(follow_text("unfollowed", lang, name=gone.name)))


async def on_blocked(update: Update, context: LantianContext) -> None:
    """A user who blocks the bot is forgotten: every follow and waiting notice deleted."""
    member = update.my_chat_member
    if member is None or member.chat.type != ChatType.PRIVATE:
        return
    if member.new_chat_member.status == ChatMemberStatus.BANNED:
        forgotten = store.forget_user(context.deps.db, member.chat.id)
        log.info("a user blocked the bot: %s follow(s) deleted", forgotten)
