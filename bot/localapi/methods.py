"""Bot API methods other than messages: identity, updates, webhooks, queries, commands.

Each method takes the bot's state and its parameters and returns the `result` of a
successful answer, or raises ApiError. getUpdates is the one that waits, so the server
calls it directly instead of through the METHODS table.
"""

from __future__ import annotations

import asyncio
import re
import time

from bot.localapi.params import Params
from bot.localapi.registry import method
from bot.localapi.state import (
    DEFAULT_UPDATE_TYPES,
    JSON,
    ApiError,
    BotState,
    Unsupported,
    Webhook,
    bad_request,
)

QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"
_COMMAND = re.compile(r"[a-z0-9_]{1,32}")
_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


# Identity and lifecycle -------------------------------------------------------------


@method("getMe")
def get_me(bot: BotState, p: Params) -> JSON:
    return bot.me()


# Updates ----------------------------------------------------------------------------


async def get_updates(bot: BotState, p: Params, closing: asyncio.Event) -> list[JSON]:
    """Long polling: answers at once when updates wait, else when one arrives or on timeout."""
    if bot.webhook is not None:
        raise ApiError(
            409,
            "Conflict: can't use getUpdates method while webhook is active; "
            "use deleteWebhook to delete the webhook first",
        )
    _set_allowed_updates(bot, p)
    offset = p.integer("offset")
    if offset is not None:
        bot.confirm(offset)
    limit = min(max(p.integer("limit") or 100, 1), 100)
    deadline = time.monotonic() + max(p.number("timeout", 0.0), 0.0)
    # Like Telegram, a newer getUpdates ends an older one that is still waiting, with 409.
    bot.poll_generation += 1
    generation = bot.poll_generation
    bot.updates_signal.notify()
    while True:
        if generation != bot.poll_generation:
            raise ApiError(
                409,
                "Conflict: terminated by other getUpdates request; "
                "make sure that only one bot instance is running",
            )
        batch = bot.take(limit)
        remaining = deadline - time.monotonic()
        if batch or remaining <= 0 or closing.is_set():
            return batch
        await bot.updates_signal.wait(remaining)


def _set_allowed_updates(bot: BotState, p: Params) -> None:
    allowed = p.json("allowed_updates", "allowed_updates")
    if allowed is None:
        return  # Telegram keeps the previous setting
    if not isinstance(allowed, list):
        raise bad_request("can't parse allowed_updates JSON array")
    bot.allowed_updates = frozenset(map(str, allowed)) or DEFAULT_UPDATE_TYPES


@method("setWebhook")
def set_webhook(bot: BotState, p: Params) -> bool:
    url = p.text("url") or ""
    if not url:
        return delete_webhook(bot, p)
    if not url.startswith(("http://", "https://")):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    secret = p.text("secret_token")
    if secret is not None and not _SECRET.fullmatch(secret):
        raise bad_request("secret token contains unallowed characters")
    _set_allowed_updates(bot, p)
    if p.boolean("drop_pending_updates"):
        bot.drop_pending()
    bot.webhook = Webhook(url, secret)
    bot.updates_signal.notify()  # a long poll still waiting must now fail
    return True


@method("deleteWebhook")
def delete_webhook(bot: BotState, p: Params) -> bool:
    if p.boolean("drop_pending_updates"):
        bot.drop_pending()
    bot.webhook = None
    bot.updates_signal.notify()  # lets the delivery task notice and stop
    return True


# Queries ------------------------------------------------------------------------------


@method("answerCallbackQuery")
def answer_callback_query(bot: BotState, p: Params) -> bool:
    query_id = p.required_text("callback_query_id", "query_id is empty")
    query = bot.callback_queries.get(query_id)
    if query is None or query.answered:
        raise bad_request(QUERY_TOO_OLD)
    text = p.text("text")
    if text is not None and len(text) > 200:
        raise bad_request("MESSAGE_TOO_LONG")
    query.answered = True
    answer: JSON = {"callback_query_id": query_id, "data": query.query.get("data")}
    answer.update(p.public())
    bot.callback_answers.append(answer)
    return True


@method("answerInlineQuery")
def answer_inline_query(bot: BotState, p: Params) -> bool:
    query_id = p.required_text("inline_query_id", "query_id is empty")
    query = bot.inline_queries.get(query_id)
    if query is None:
        raise bad_request(QUERY_TOO_OLD)
    results = p.json("results", "inline query results")
    if not isinstance(results, list):
        raise bad_request("can't parse inline query results JSON object")
    if len(results) > 50:
        raise bad_request("RESULTS_TOO_MUCH")
    ids = [str(result.get("id", "")) for result in results if isinstance(result, dict)]
    if len(ids) != len(results) or not all(ids) or len(set(ids)) != len(ids):
        raise bad_request("RESULT_ID_DUPLICATE" if all(ids) else "RESULT_ID_INVALID")
    answer: JSON = {**p.public(), "inline_query_id": query_id, "query": query["query"]}
    answer["results"] = results
    bot.inline_answers.append(answer)
    return True


# Commands ---------------------------------------------------------------------------------


@method("setMyCommands")
def set_my_commands(bot: BotState, p: Params) -> bool:
    """The command menu, one list per language_code ("": every language)."""
    scope = p.json("scope", "bot command scope")
    if scope not in (None, {"type": "default"}):
        raise Unsupported(f"command scope {scope!r} (the bot sets the default scope only)")
    language = p.text("language_code") or ""
    if language and not re.fullmatch(r"[a-z]{2}", language):
        raise bad_request("invalid language code specified")
    commands = p.json("commands", "bot commands")
    if not isinstance(commands, list) or len(commands) > 100:
        raise bad_request("can't parse bot commands JSON object")
    for command in commands:
        if not isinstance(command, dict) or not _COMMAND.fullmatch(str(command.get("command"))):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(str(command.get("description", ""))) <= 256:
            raise bad_request("command description must be non-empty")
    bot.commands[language] = [
        {"command": c["command"], "description": c["description"]} for c in commands
    ]
    return True
