"""Bot API methods other than messages: identity, updates, webhooks, queries, commands.

Each method takes the bot's state and its parameters and returns the `result` of a
successful answer, or raises ApiError. getUpdates is the one that waits, so the server
calls it directly instead of through the METHODS table.
"""

from __future__ import annotations

import asyncio
import json
import re
import time

from bot.localapi.params import Params
from bot.localapi.registry import method
from bot.localapi.state import DEFAULT_UPDATE_TYPES, JSON, ApiError, BotState, Webhook, bad_request

QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"
_COMMAND = re.compile(r"[a-z0-9_]{1,32}")
_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


# Identity and lifecycle -------------------------------------------------------------


@method("getMe")
def get_me(bot: BotState, p: Params) -> JSON:
    return bot.me()


@method("logOut")
@method("close")
def log_out(bot: BotState, p: Params) -> bool:
    return True


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
    bot.webhook = Webhook(url, secret, max_connections=p.integer("max_connections") or 40)
    bot.updates_signal.notify()  # a long poll still waiting must now fail
    return True


@method("deleteWebhook")
def delete_webhook(bot: BotState, p: Params) -> bool:
    if p.boolean("drop_pending_updates"):
        bot.drop_pending()
    bot.webhook = None
    bot.updates_signal.notify()  # lets the delivery task notice and stop
    return True


@method("getWebhookInfo")
def get_webhook_info(bot: BotState, p: Params) -> JSON:
    hook = bot.webhook
    info: JSON = {
        "url": hook.url if hook else "",
        "has_custom_certificate": False,
        "pending_update_count": len(bot.pending),
    }
    if hook is not None:
        info["max_connections"] = hook.max_connections
        if hook.last_error_date is not None:
            info["last_error_date"] = hook.last_error_date
            info["last_error_message"] = hook.last_error_message
    if bot.allowed_updates != DEFAULT_UPDATE_TYPES:
        info["allowed_updates"] = sorted(bot.allowed_updates)
    return info


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


# Commands, menu button, chats -------------------------------------------------------------


def _command_key(p: Params) -> tuple[str, str]:
    scope = p.json("scope", "bot command scope") or {"type": "default"}
    scope_key = "default" if scope == {"type": "default"} else json.dumps(scope, sort_keys=True)
    language = p.text("language_code") or ""
    if language and not re.fullmatch(r"[a-z]{2}", language):
        raise bad_request("invalid language code specified")
    return scope_key, language


@method("setMyCommands")
def set_my_commands(bot: BotState, p: Params) -> bool:
    commands = p.json("commands", "bot commands")
    if not isinstance(commands, list) or len(commands) > 100:
        raise bad_request("can't parse bot commands JSON object")
    for command in commands:
        if not isinstance(command, dict) or not _COMMAND.fullmatch(str(command.get("command"))):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(str(command.get("description", ""))) <= 256:
            raise bad_request("command description must be non-empty")
    key = _command_key(p)
    if commands:
        bot.commands[key] = [
            {"command": c["command"], "description": c["description"]} for c in commands
        ]
    else:
        bot.commands.pop(key, None)
    return True


@method("getMyCommands")
def get_my_commands(bot: BotState, p: Params) -> list[JSON]:
    return list(bot.commands.get(_command_key(p), []))


@method("deleteMyCommands")
def delete_my_commands(bot: BotState, p: Params) -> bool:
    bot.commands.pop(_command_key(p), None)
    return True


# Name and descriptions: bots often set them at start-up, so they must not fail here.
_PROFILE_FIELDS = {"name": 64, "description": 512, "short_description": 120}


def _profile_method(field: str, limit: int) -> None:
    setter, getter = "setMy" + _camel(field), "getMy" + _camel(field)

    def set_field(bot: BotState, p: Params) -> bool:
        value = p.text(field) or ""
        if len(value) > limit:
            raise bad_request(f"{field} is too long")
        bot.profile[(field, p.text("language_code") or "")] = value
        return True

    def get_field(bot: BotState, p: Params) -> JSON:
        return {field: bot.profile.get((field, p.text("language_code") or ""), "")}

    method(setter)(set_field)
    method(getter)(get_field)


def _camel(field: str) -> str:
    return "".join(part.capitalize() for part in field.split("_"))


for _field, _limit in _PROFILE_FIELDS.items():
    _profile_method(_field, _limit)


@method("setChatMenuButton")
def set_chat_menu_button(bot: BotState, p: Params) -> bool:
    button = p.json("menu_button", "menu button") or {"type": "default"}
    if not isinstance(button, dict) or button.get("type") not in ("commands", "web_app", "default"):
        raise bad_request("can't parse menu button JSON object")
    if p.has("chat_id"):
        bot.find_chat(p.chat_id()).menu_button = button
    else:
        bot.default_menu_button = button
    return True


@method("getChatMenuButton")
def get_chat_menu_button(bot: BotState, p: Params) -> JSON:
    if p.has("chat_id"):
        button = bot.find_chat(p.chat_id()).menu_button
        if button is not None and button.get("type") != "default":
            return button
    return bot.default_menu_button


@method("getChat")
def get_chat(bot: BotState, p: Params) -> JSON:
    chat = bot.find_chat(p.chat_id())
    return {
        **chat.user.chat(),
        "accent_color_id": 0,
        "max_reaction_count": 11,
        "accepted_gift_types": {
            "unlimited_gifts": False,
            "limited_gifts": False,
            "unique_gifts": False,
            "premium_subscription": False,
            "gifts_from_channels": False,
        },
    }
