"""/_control/: the Python control API over HTTP, for clients in another process.

    GET    /_control/health
    POST   /_control/{token}/user/text           {user, text}
    POST   /_control/{token}/user/photo          {user, data, caption?}
    POST   /_control/{token}/user/document       {user, data, file_name, mime_type?, caption?}
    POST   /_control/{token}/user/button         {user, message_id, callback_data}
    POST   /_control/{token}/user/inline_query   {user, query, offset?}
    POST   /_control/{token}/user/inline_result  {user, result_id, query?}
    POST   /_control/{token}/user/block|unblock  {user}
    POST   /_control/{token}/updates             {update}   (delivered as is)
    GET    /_control/{token}/messages            ?chat_id&since  -> {messages, next}
    GET    /_control/{token}/messages/wait       ?chat_id&since&count&timeout
    GET    /_control/{token}/inline_answers | callback_answers | chat_actions
                         | pending_updates | commands?language_code
    POST   /_control/faults                      {method, kind, times?, retry_after?,
                                                  hold?, token?}
    DELETE /_control/faults
    GET    /_control/calls                       ?method&token?  -> count

Answers are {"ok": true, "result": ...} or {"ok": false, "description": ...} with status
400 (bad request), 404 (unknown message) or 408 (waited in vain). Users are objects like
{"id": 7, "first_name": "Li", "language_code": "zh"}; file contents travel as base64 in
"data". Cursors are plain integers: pass the "next" of one answer as "since" of the next;
without "since", /messages and /messages/wait read through the same per-chat cursor as
LocalBotApi.wait_for_messages.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from aiohttp import web

from bot.localapi.faults import Fault
from bot.localapi.state import JSON, ApiError, Cursor, User

if TYPE_CHECKING:
    from bot.localapi.server import LocalBotApi

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _answer(result: Any, status: int = 200) -> web.Response:
    if status >= 400:
        return web.json_response({"ok": False, "description": str(result)}, status=status)
    return web.json_response({"ok": True, "result": result})


async def _body(request: web.Request) -> JSON:
    if not request.can_read_body:
        return {}
    body = await request.json()
    if not isinstance(body, dict):
        raise ValueError("the body must be a JSON object")
    return body


def _user(body: JSON) -> User:
    data = body.get("user")
    if not isinstance(data, dict) or "id" not in data:
        raise ValueError('"user" must be an object with at least "id"')
    return User.from_api({"first_name": "User", **data})


def _data(body: JSON) -> bytes:
    try:
        return base64.b64decode(str(body["data"]), validate=True)
    except (KeyError, binascii.Error):
        raise ValueError('"data" must hold the file as base64') from None


def _guarded(handler: Handler) -> Handler:
    """Turns mistakes in a control request into 4xx answers instead of server errors."""

    async def guarded(request: web.Request) -> web.StreamResponse:
        try:
            return await handler(request)
        except KeyError as missing:
            return _answer(f"missing field {missing}", 400)
        except LookupError as missing:
            return _answer(f"not found: {missing}", 404)
        except (ValueError, TypeError) as mistake:
            return _answer(mistake, 400)
        except ApiError as refused:
            return _answer(refused.description, refused.code)
        except TimeoutError as late:
            return _answer(late, 408)

    return guarded


def control_routes(api: LocalBotApi) -> list[web.RouteDef]:
    """Routes for `api`; each is a thin wrapper around one Python control method."""

    async def health(request: web.Request) -> web.StreamResponse:
        return _answer({"base_url": api.base_url, "base_file_url": api.base_file_url})

    async def user_action(request: web.Request) -> web.StreamResponse:
        token, action = request.match_info["token"], request.match_info["action"]
        body = await _body(request)
        act = _USER_ACTIONS.get(action)
        if act is None:
            return _answer(f"no user action {action!r}; try {sorted(_USER_ACTIONS)}", 404)
        return _answer(act(api, token, body))

    async def raw_update(request: web.Request) -> web.StreamResponse:
        update = (await _body(request)).get("update")
        if not isinstance(update, dict):
            raise ValueError('"update" must be an object')
        return _answer(api.deliver_raw_update(request.match_info["token"], update))

    async def messages(request: web.Request) -> web.StreamResponse:
        cursor = _cursor(api, request)
        return _answer({"messages": cursor.read(), "next": len(cursor.bot.sent)})

    async def wait_messages(request: web.Request) -> web.StreamResponse:
        cursor = _cursor(api, request)
        count = int(request.query.get("count", "1"))
        found = await cursor.wait(count, float(request.query.get("timeout", "5")))
        return _answer({"messages": found, "next": cursor.position})

    async def bot_records(request: web.Request) -> web.StreamResponse:
        token, kind = request.match_info["token"], request.match_info["kind"]
        language = request.query.get("language_code")
        readers: dict[str, Callable[[], Any]] = {
            "inline_answers": lambda: api.inline_answers(token),
            "callback_answers": lambda: api.callback_answers(token),
            "chat_actions": lambda: api.chat_actions(token),
            "commands": lambda: api.commands(token, language),
            "pending_updates": lambda: api.pending_updates(token),
        }
        if kind not in readers:
            return _answer(f"nothing called {kind!r}; try {sorted(readers)}", 404)
        return _answer(readers[kind]())

    async def add_fault(request: web.Request) -> web.StreamResponse:
        body = await _body(request)
        api.faults.inject(Fault(**body))
        return _answer(True)

    async def clear_faults(request: web.Request) -> web.StreamResponse:
        api.clear_faults()
        return _answer(True)

    async def calls(request: web.Request) -> web.StreamResponse:
        method = request.query["method"]
        return _answer(api.calls(method, request.query.get("token")))

    handlers: list[tuple[str, str, Handler]] = [
        ("GET", "/_control/health", health),
        ("POST", "/_control/faults", add_fault),
        ("DELETE", "/_control/faults", clear_faults),
        ("GET", "/_control/calls", calls),
        ("POST", "/_control/{token}/user/{action}", user_action),
        ("POST", "/_control/{token}/updates", raw_update),
        ("GET", "/_control/{token}/messages", messages),
        ("GET", "/_control/{token}/messages/wait", wait_messages),
        ("GET", "/_control/{token}/{kind}", bot_records),
    ]
    return [web.route(verb, path, _guarded(handler)) for verb, path, handler in handlers]


def _cursor(api: LocalBotApi, request: web.Request) -> Cursor:
    """An explicit cursor at ?since=N, or the shared per-chat one wait_for_messages uses."""
    bot = api.bot(request.match_info["token"])
    chat = request.query.get("chat_id")
    chat_id = int(chat) if chat else None
    since = request.query.get("since")
    if since is None:
        return bot.default_cursor(chat_id)
    return Cursor(bot, chat_id, int(since))


_USER_ACTIONS: dict[str, Callable[[LocalBotApi, str, JSON], JSON]] = {
    "text": lambda api, token, b: api.user_sends_text(token, _user(b), str(b["text"])),
    "photo": lambda api, token, b: api.user_sends_photo(
        token, _user(b), _data(b), b.get("caption")
    ),
    "document": lambda api, token, b: api.user_sends_document(
        token, _user(b), _data(b), str(b["file_name"]), b.get("mime_type"), b.get("caption")
    ),
    "button": lambda api, token, b: api.user_presses_button(
        token, _user(b), int(b["message_id"]), str(b["callback_data"])
    ),
    "inline_query": lambda api, token, b: api.user_inline_query(
        token, _user(b), str(b["query"]), str(b.get("offset", ""))
    ),
    "inline_result": lambda api, token, b: api.user_chooses_inline_result(
        token, _user(b), str(b["result_id"]), str(b.get("query", ""))
    ),
    "block": lambda api, token, b: api.user_blocks_bot(token, _user(b), True),
    "unblock": lambda api, token, b: api.user_blocks_bot(token, _user(b), False),
}
