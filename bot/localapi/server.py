"""LocalBotApi: a Bot API server on 127.0.0.1 that a real python-telegram-bot can talk to.

Bots reach it at /bot<token>/<method> and /file/bot<token>/<path>; tests, benchmarks and
the terminal chat act as the users through the Python methods below. Everything runs on
one event loop, so those methods must be called from the loop the server runs on. Only
what the bot uses is implemented: see README.md beside this file.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import logging
import re
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
from aiohttp import web

from bot.localapi import documents, messages, methods, users
from bot.localapi.documents import TOO_LARGE, UPLOAD_LIMIT
from bot.localapi.faults import BAD_GATEWAY_HTML, Fault, FaultBook, FaultKind
from bot.localapi.methods import get_updates
from bot.localapi.params import Params, Upload
from bot.localapi.registry import METHODS
from bot.localapi.state import (
    JSON,
    ApiError,
    BotState,
    Cursor,
    SentDocument,
    Unsupported,
    User,
    Webhook,
)

# Importing these modules fills METHODS; name them so the dependency is visible.
IMPLEMENTED_IN = (methods, messages, documents)
TOKEN = re.compile(r"[0-9]+:[^/\s]+")
WEBHOOK_RETRY_DELAY = 0.5  # seconds between attempts to deliver to a failing webhook
WEBHOOK_TIMEOUT = 10.0
log = logging.getLogger(__name__)

_dumps = functools.partial(json.dumps, ensure_ascii=False)


def ok(result: Any) -> web.Response:
    return web.json_response({"ok": True, "result": result}, dumps=_dumps)


def error(code: int, description: str, parameters: JSON | None = None) -> web.Response:
    body: JSON = {"ok": False, "error_code": code, "description": description}
    if parameters:
        body["parameters"] = parameters
    return web.json_response(body, status=code, dumps=_dumps)


async def read_params(request: web.Request) -> Params:
    """Query string plus whichever body the client chose (JSON or a form)."""
    values: dict[str, Any] = dict(request.query)
    uploads: dict[str, Upload] = {}
    if request.content_type == "application/json" and request.can_read_body:
        try:
            body = await request.json()
        except ValueError:
            raise ApiError(400, "Bad Request: can't parse JSON body") from None
        if isinstance(body, dict):
            values.update(body)
    elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        try:
            form = await request.post()
        except web.HTTPRequestEntityTooLarge:
            raise ApiError(413, TOO_LARGE) from None
        for name, value in form.items():
            if isinstance(value, web.FileField):
                uploads[name] = Upload(value.filename, value.content_type, value.file.read())
            else:
                values[name] = value
    return Params(values, uploads)


class LocalBotApi:
    """The server, and the methods by which a test acts as the users and sees what the bot
    did; see the package docstring for an overview."""

    def __init__(self) -> None:
        self.host = "127.0.0.1"
        self.port = 0
        self.faults = FaultBook()
        # The network between a deployed bot and Telegram: every method's answer waits this
        # long (seconds) before it is sent, as a real round trip would (scripts/bench_bot.py).
        self.round_trip = 0.0
        # What a bot asked for that this server does not implement: a test of the bot
        # fails on any (tests/bot_harness.py), so a new call cannot pass unnoticed.
        self.unsupported: list[str] = []
        self._bots: dict[str, BotState] = {}
        self._closing = asyncio.Event()
        self._webhook_tasks: dict[str, tuple[Webhook, asyncio.Task[None]]] = {}
        self._session: aiohttp.ClientSession | None = None
        self._runner: web.AppRunner | None = None
        self.app = self._make_app()

    def _make_app(self) -> web.Application:
        # Room for the largest file Telegram takes plus the form around it; the method itself
        # refuses a file over the limit, as Telegram does.
        app = web.Application(client_max_size=UPLOAD_LIMIT + 1024 * 1024)
        app.add_routes(
            [
                web.get("/file/bot{token}/{path:.+}", self._handle_file),
                web.route("*", "/bot{token}/{method}", self._handle_method),
            ]
        )
        return app

    # Lifecycle ------------------------------------------------------------------------

    @classmethod
    @contextlib.asynccontextmanager
    async def running(cls, host: str = "127.0.0.1", port: int = 0) -> AsyncIterator[LocalBotApi]:
        """`async with LocalBotApi.running() as api:` serves on a free port until the block ends."""
        api = cls()
        await api.start(host, port)
        try:
            yield api
        finally:
            await api.stop()

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self._closing.clear()
        self._session = aiohttp.ClientSession()
        # handler_cancellation: a long poll whose client went away should stop waiting.
        self._runner = web.AppRunner(self.app, handler_cancellation=True, shutdown_timeout=2.0)
        await self._runner.setup()
        await web.TCPSite(self._runner, host, port).start()
        self.host, self.port = host, int(self._runner.addresses[0][1])

    async def stop(self) -> None:
        self._closing.set()
        for bot in self._bots.values():
            bot.updates_signal.notify()  # long polls and webhook senders see _closing
        tasks = [task for _, task in self._webhook_tasks.values()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._webhook_tasks.clear()
        if self._session is not None:
            await self._session.close()
        if self._runner is not None:
            await self._runner.cleanup()
        self._session = self._runner = None

    @property
    def root_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """For ApplicationBuilder().base_url(...); PTB appends the token."""
        return f"{self.root_url}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self.root_url}/file/bot"

    # Bots -----------------------------------------------------------------------------

    def bot(self, token: str) -> BotState:
        """The state of the bot with this token, made on first use."""
        state = self._bots.get(token)
        if state is None:
            if not TOKEN.fullmatch(token):
                raise ValueError(f"not a bot token (<digits>:<text>): {token!r}")
            state = self._bots[token] = BotState(token)
        return state

    # Bot API over HTTP -------------------------------------------------------------------

    async def _handle_method(self, request: web.Request) -> web.StreamResponse:
        token, name = request.match_info["token"], request.match_info["method"].lower()
        if not TOKEN.fullmatch(token):
            return error(404, "Not Found")
        bot = self.bot(token)
        if self.round_trip and name != "getupdates":  # a long poll's wait is its own
            await asyncio.sleep(self.round_trip)
        fault = self.faults.called(token, name)
        if fault is not None:
            return await self._fail(request, fault)
        try:
            result = await self._call(bot, name, request)
        except Unsupported as missing:
            self._note_unsupported(f"{request.match_info['method']}: {missing.what}")
            return error(missing.code, missing.description)
        except ApiError as failure:
            return error(failure.code, failure.description, failure.parameters)
        finally:
            self._sync_webhook(bot)
        return ok(result)

    async def _call(self, bot: BotState, name: str, request: web.Request) -> Any:
        if name == "getupdates":  # the one method that waits
            return await get_updates(bot, await read_params(request), self._closing)
        handler = METHODS.get(name)
        if handler is None:
            self._note_unsupported(request.match_info["method"])
            raise ApiError(404, "Not Found: method not found")  # Telegram's own answer
        return handler(bot, await read_params(request))

    def _note_unsupported(self, what: str) -> None:
        log.warning("local Bot API server: not supported: %s", what)
        self.unsupported.append(what)

    async def _fail(self, request: web.Request, fault: Fault) -> web.StreamResponse:
        if fault.kind == "429":
            seconds = fault.retry_after
            return error(429, f"Too Many Requests: retry after {seconds}", {"retry_after": seconds})
        if fault.kind == "502":
            return web.Response(status=502, text=BAD_GATEWAY_HTML, content_type="text/html")
        # timeout: outwait the client, then hang up without an answer.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._closing.wait(), fault.hold)
        if request.transport is not None:
            request.transport.abort()
        return web.Response(status=504)  # never reaches the client: the connection is gone

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        token = request.match_info["token"]
        bot = self._bots.get(token)
        stored = bot.files_by_path.get(request.match_info["path"]) if bot else None
        if stored is None:
            return error(404, "Not Found")
        kind = stored.mime_type or "application/octet-stream"
        return web.Response(body=stored.data, content_type=kind)

    # Webhooks -------------------------------------------------------------------------

    def _sync_webhook(self, bot: BotState) -> None:
        """Starts a sender for the bot's current webhook; an outdated sender stops by itself."""
        hook = bot.webhook
        running = self._webhook_tasks.get(bot.token)
        if hook is None or self._closing.is_set() or (running and running[0] is hook):
            return
        task = asyncio.get_running_loop().create_task(self._send_updates(bot, hook))
        self._webhook_tasks[bot.token] = (hook, task)

    async def _send_updates(self, bot: BotState, hook: Webhook) -> None:
        """POSTs pending updates one at a time, in order, retrying until the receiver says 2xx."""
        while bot.webhook is hook and not self._closing.is_set():
            if not bot.pending:
                await bot.updates_signal.wait(1.0)
                continue
            pending = bot.pending[0]
            if await self._delivered(hook, pending.update):
                if bot.pending and bot.pending[0] is pending:
                    bot.pending.pop(0)
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._closing.wait(), WEBHOOK_RETRY_DELAY)

    async def _delivered(self, hook: Webhook, update: JSON) -> bool:
        """True when the receiver answered 2xx."""
        assert self._session is not None, "the server is not running"
        headers = {"Content-Type": "application/json"}
        if hook.secret_token:
            headers["X-Telegram-Bot-Api-Secret-Token"] = hook.secret_token
        timeout = aiohttp.ClientTimeout(total=WEBHOOK_TIMEOUT)
        try:
            async with self._session.post(
                hook.url, data=_dumps(update), headers=headers, timeout=timeout
            ) as response:
                return 200 <= response.status < 300
        except (aiohttp.ClientError, TimeoutError):
            return False

    def has_pending(self, token: str) -> bool:
        """Whether an update is still to be fetched, or fetched and not yet acknowledged (the
        bot's next getUpdates acknowledges it): for a test waiting for the bot to settle."""
        return bool(self.bot(token).pending)

    # Control: the user's side ------------------------------------------------------------

    def user_sends_text(self, token: str, user: User, text: str) -> JSON:
        """The user writes `text` in their private chat with the bot; returns the Update."""
        return users.sends_text(self.bot(token), user, text)

    def user_sends_photo(
        self, token: str, user: User, data: bytes, caption: str | None = None
    ) -> JSON:
        return users.sends_photo(self.bot(token), user, data, caption)

    def user_sends_document(
        self,
        token: str,
        user: User,
        data: bytes,
        file_name: str,
        mime_type: str | None = None,
        caption: str | None = None,
    ) -> JSON:
        return users.sends_document(self.bot(token), user, data, file_name, mime_type, caption)

    def user_presses_button(
        self, token: str, user: User, message_id: int, callback_data: str, *, forged: bool = False
    ) -> JSON:
        """A callback_query for a button on message `message_id` of the user's chat
        (`forged`: with data no button there carries)."""
        return users.presses_button(self.bot(token), user, message_id, callback_data, forged=forged)

    def user_blocks_bot(self, token: str, user: User) -> JSON:
        """The user blocks the bot (a my_chat_member update; sends to them fail with 403)."""
        return users.blocks_bot(self.bot(token), user)

    def user_inline_query(self, token: str, user: User, query: str, offset: str = "") -> JSON:
        return users.inline_query(self.bot(token), user, query, offset)

    def deliver_raw_update(self, token: str, update: JSON) -> JSON:
        """Queues `update` exactly as given, e.g. the same one twice to test de-duplication."""
        self.bot(token).deliver(update)
        return update

    # Control: what the bot did --------------------------------------------------------------

    def sent_messages(self, token: str, chat_id: int | None = None) -> list[JSON]:
        """Every send and edit of the bot, oldest first, each with "method" and "seq"."""
        bot = self.bot(token)
        return list(bot.sent if chat_id is None else bot.sent_by_chat.get(chat_id, ()))

    def sent_documents(self, token: str, chat_id: int) -> list[SentDocument]:
        """The documents the bot sent to `chat_id`, oldest first: name, bytes, caption."""
        return self.bot(token).sent_documents(chat_id)

    def cursor(self, token: str, chat_id: int | None = None) -> Cursor:
        """A cursor at the end of the sent log: its wait() sees only what comes next."""
        return self.bot(token).cursor(chat_id)

    def inline_answers(self, token: str) -> list[JSON]:
        return list(self.bot(token).inline_answers)

    def callback_answers(self, token: str) -> list[JSON]:
        return list(self.bot(token).callback_answers)

    def commands(self, token: str, language_code: str | None = None) -> list[JSON]:
        """The commands for a language ("" or None: for all languages)."""
        return list(self.bot(token).commands.get(language_code or "", []))

    def webhook_url(self, token: str) -> str | None:
        hook = self.bot(token).webhook
        return hook.url if hook else None

    # Control: faults -----------------------------------------------------------------

    def inject_fault(
        self,
        method: str,
        kind: FaultKind,
        times: int = 1,
        retry_after: int = 1,
        *,
        hold: float = 30.0,
        token: str | None = None,
    ) -> None:
        """The next `times` calls of `method` ("*": any) fail as `kind`; see faults.Fault."""
        self.faults.inject(Fault(method, kind, times, retry_after, hold, token))

    def calls(self, method: str, token: str | None = None) -> int:
        return self.faults.calls(method, token)
