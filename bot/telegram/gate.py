"""Before any handler looks anything up: what a flooding user sends beyond their share,
updates that cannot be genuine, and duplicates.

The flood gate screens raw JSON before the framework parses it (ScreenedBot for polling, the
webhook receiver for webhooks); the other checks are TypeHandlers in early groups that raise
ApplicationHandlerStop, so a dropped update never reaches a lookup or the database.
"""

from __future__ import annotations

import logging
import re
from collections import OrderedDict
from dataclasses import dataclass
from html import escape
from typing import Any

from telegram import Bot, Chat, Update
from telegram.ext import ApplicationHandlerStop

from bot.settings import Settings
from bot.telegram.context import LantianContext, RateLimit
from bot.telegram.replies import ReplyingBot, answer_quietly, reply_html
from bot.words.chat import text

log = logging.getLogger(__name__)

SEEN_UPDATES = 10_000  # update ids remembered to drop a duplicate delivery
# What share of a per-minute limit may come at once (the rest is spread over the minute).
MESSAGE_BURST = 0.4  # 12 of the default 30: an album of 10 photos, with room for a caption
INLINE_BURST = 0.1  # 3 of 30: each inline query may look up several records
CALLBACK_BURST = 0.1  # 6 of 60
SLOW_DOWN = "lantian_slow_down"  # set on a raw update whose sender is to be told, once
SCREENED = "lantian_screened"  # the stand-in for dropped updates that moves the offset on


def forged_reason(update: Update) -> str | None:
    """Why `update` cannot be what Telegram sends, or None when it may be.

    In a private chat the chat id *is* the user's id: an update "from" one user in another
    user's private chat is forged (a staff id with the attacker's chat would otherwise route a
    staff answer to the attacker). Kinds of update no handler expects (edits, channel posts,
    polls…) and updates without a sender are dropped too, so handlers may assume a user.
    """
    chat: Chat | None
    if update.message is not None:
        message = update.message
        user, chat = message.from_user, message.chat
    elif update.callback_query is not None:
        query = update.callback_query
        user = query.from_user
        chat = query.message.chat if query.message is not None else None
    elif update.inline_query is not None:
        user, chat = update.inline_query.from_user, None
    elif update.my_chat_member is not None:
        user, chat = update.my_chat_member.from_user, update.my_chat_member.chat
    else:
        return "a kind of update no handler takes"
    if user is None:
        return "no sender"
    if type(user.id) is not int or (chat is not None and type(chat.id) is not int):
        return "an id that is not a whole number"  # 4242.0 or true would pass `!=` below
    if user.is_bot:
        return "sent by a bot"
    if chat is not None and chat.type == "private" and chat.id != user.id:
        return "a private chat that is not the sender's own"
    pressed = update.callback_query
    if (
        pressed is not None
        and pressed.message is None
        and not (pressed.data or "").startswith(INLINE_BUTTONS)
    ):
        # A button of an inline message belongs to no chat: nothing but the inline card's own
        # buttons can be pressed there (a desk button would act in whoever's name it claims).
        return "a button pressed outside any chat"
    return None


# The commands that ask for or show personal data: only in a private chat with the bot.
PRIVATE_ONLY = re.compile(
    r"^/(?:report|status|start|follow|following|unfollow)(?:@\w+)?(?:\s|$)", re.IGNORECASE
)
INLINE_BUTTONS: tuple[str, ...] = ()  # inline cards carry no callback buttons today


async def keep_private(update: Update, context: LantianContext) -> None:
    """/report, /status, following and deep links in a group: told to write privately, nothing
    asked (what a member follows is theirs alone)."""
    message = update.message
    if message is None or message.chat.type == "private" or not message.text:
        return
    if PRIVATE_ONLY.match(message.text):
        await reply_html(update, escape(text("private_only", context.lang_for(update))))
        raise ApplicationHandlerStop


async def drop_forged(update: Update, context: LantianContext) -> None:
    if update.api_kwargs.get(SCREENED):
        raise ApplicationHandlerStop  # the flood gate's stand-in: nothing to handle or log
    reason = forged_reason(update)
    if reason is not None:
        # The update id and the reason only: the sender it names may be the one impersonated.
        log.warning("dropped update %s: %s", update.update_id, reason)
        raise ApplicationHandlerStop


class SeenUpdates:
    """The most recent update ids: Telegram may deliver one update more than once.

    In memory: polling confirms what it fetched when it stops, and the webhook answers 200
    only once an update is queued, so only a crash between the two can replay one."""

    def __init__(self, size: int = SEEN_UPDATES) -> None:
        self.size = size
        self._seen: OrderedDict[int, None] = OrderedDict()

    async def drop_duplicates(self, update: Update, context: LantianContext) -> None:
        if update.update_id in self._seen:
            log.info("dropped update %s: delivered before", update.update_id)
            raise ApplicationHandlerStop
        self._seen[update.update_id] = None
        if len(self._seen) > self.size:
            self._seen.popitem(last=False)


@dataclass
class FloodGate:
    """Per user: messages, inline queries and button presses, each with its own rate limit.

    It screens the raw JSON, before python-telegram-bot parses it: parsing and dispatching an
    update costs the framework about 0.1 ms, so a burst of a thousand would otherwise hold up
    everyone else's updates behind it. Beyond the limit an update is dropped; the first one
    of each window is let through flagged, so the user hears 'slow down' once."""

    messages: RateLimit
    inline: RateLimit
    callbacks: RateLimit
    # Staff working the desk press buttons faster than any member of the public, and are
    # trusted: their updates are not counted. (A forged sender id gains nothing here that it
    # could not get by being many users; the staff checks themselves are unchanged.)
    exempt: frozenset[int] = frozenset()

    @classmethod
    def from_settings(cls, settings: Settings) -> FloodGate:
        return cls(
            messages=RateLimit.per_minute(settings.messages_per_minute, MESSAGE_BURST),
            inline=RateLimit.per_minute(settings.inline_per_minute, INLINE_BURST),
            callbacks=RateLimit.per_minute(settings.callbacks_per_minute, CALLBACK_BURST),
            exempt=frozenset(settings.staff_directory.members),
        )

    def _limit_for(self, raw: dict[str, Any]) -> tuple[RateLimit, int] | None:
        for kind, limit in (
            ("message", self.messages),
            ("inline_query", self.inline),
            ("callback_query", self.callbacks),
        ):
            body = raw.get(kind)
            if isinstance(body, dict):
                sender = body.get("from")
                user_id = sender.get("id") if isinstance(sender, dict) else None
                return (limit, user_id) if isinstance(user_id, int) else None
        return None

    def admit(self, raw: dict[str, Any]) -> bool:
        """Whether to let a raw update in; the first refused one of a window is let in flagged."""
        found = self._limit_for(raw)
        if found is None:
            return True
        limit, user_id = found
        if user_id in self.exempt or limit.allow(user_id):
            return True
        if limit.first_refusal(user_id):
            log.info("a user is over the %s limit: dropping for a while", _raw_kind(raw))
            raw[SLOW_DOWN] = True
            return True
        return False

    def screen(self, batch: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """A getUpdates batch without what is over the limits. The last update stays (as a
        bare stand-in when dropped): the updater confirms the batch by its last update id."""
        kept = [raw for raw in batch if not isinstance(raw, dict) or self.admit(raw)]
        if batch and (not kept or kept[-1] is not batch[-1]):
            kept.append({"update_id": batch[-1].get("update_id"), SCREENED: True})
        return kept


def _raw_kind(raw: dict[str, Any]) -> str:
    return next((k for k in ("message", "inline_query", "callback_query") if k in raw), "?")


async def tell_to_slow_down(update: Update, context: LantianContext) -> None:
    """The flagged first update over a limit: 'slow down', and nothing else."""
    if update.api_kwargs.get(SLOW_DOWN):
        await _slow_down(update, context)
        raise ApplicationHandlerStop


class ScreenedBot(ReplyingBot):
    """The bot whose getUpdates answers pass through the flood gate before being parsed, and
    whose polling survives an update it cannot read (python-telegram-bot parses a batch as
    one: a single unreadable update would otherwise be fetched and fail again forever)."""

    def __init__(self, *args: Any, flood: FloodGate, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        with self._unfrozen():
            self.flood = flood
            self._batch: list[list[Any]] = [[]]  # the last raw getUpdates answer

    async def _post(self, endpoint: str, data: Any = None, **kwargs: Any) -> Any:
        result = await super()._post(endpoint, data, **kwargs)
        if endpoint == "getUpdates" and isinstance(result, list):
            result = self.flood.screen(result)
            self._batch[0] = result
        return result

    async def get_updates(self, *args: Any, **kwargs: Any) -> tuple[Update, ...]:
        self._batch[0] = []  # never an earlier batch again, whatever fails below
        try:
            return await super().get_updates(*args, **kwargs)
        except (TypeError, ValueError, KeyError, AttributeError):
            return tuple(self._one_by_one(self._batch[0]))

    def _one_by_one(self, batch: list[Any]) -> list[Update]:
        """The batch parsed update by update, a stand-in for each one that cannot be read."""
        return [read_update(raw, self) for raw in batch]


def read_update(raw: Any, bot: Bot) -> Update:
    """A raw update parsed, or for one that cannot be read a stand-in that handlers drop (it
    still moves the polling offset on): from Telegram, it would only come again if refused."""
    try:
        return Update.de_json(raw, bot)
    except (TypeError, ValueError, KeyError, AttributeError, RecursionError):
        update_id = raw.get("update_id") if isinstance(raw, dict) else None
        log.warning("update %s cannot be read: skipped", update_id)
        return Update.de_json({"update_id": update_id, SCREENED: True}, bot)


async def _slow_down(update: Update, context: LantianContext) -> None:
    lang = context.lang_for(update)
    if update.callback_query is not None:
        await answer_quietly(update.callback_query, text("slow_down", lang))
    elif update.inline_query is not None:
        await update.inline_query.answer([], cache_time=60, is_personal=True)
    else:
        await reply_html(update, text("slow_down", lang))
