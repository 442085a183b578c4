"""Webhook mode, served by our own aiohttp server rather than python-telegram-bot's.

PTB's built-in server compares the secret header with `!=` (a timing oracle) and logs a wrong
token; here the secret always exists (generated and kept in the data folder when
LANTIAN_WEBHOOK_SECRET is unset), is compared in constant time, and every body that is too
big, not JSON or not an update is acknowledged and dropped without reaching a handler.
"""

from __future__ import annotations

import contextlib
import hmac
import json
import logging
import os
import re
import secrets
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

from aiohttp import web
from telegram import Bot, Update
from telegram.ext import Application

from bot.telegram.common_handlers import publish_commands
from bot.telegram.gate import SCREENED, FloodGate, ScreenedBot, read_update

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
SECRET_FILE = "webhook-secret"
URL_PATH = "telegram"
MAX_UPDATE_BYTES = 256 * 1024  # a real update is a few kB; Telegram caps message text at 4096
_SECRET_SHAPE = re.compile(r"[A-Za-z0-9_-]{1,256}")


def webhook_secret(configured: str | None, data_dir: Path) -> str:
    """LANTIAN_WEBHOOK_SECRET, else the one kept in `<data_dir>/webhook-secret` (owner-only),
    generated on first use: webhook mode never runs without a secret, and restarts reuse it."""
    if configured:
        return configured
    path = data_dir / SECRET_FILE
    with contextlib.suppress(FileNotFoundError):
        kept = path.read_text(encoding="ascii", errors="replace").strip()
        if _SECRET_SHAPE.fullmatch(kept):
            path.chmod(0o600)
            return kept
    secret = secrets.token_urlsafe(32)
    data_dir.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=data_dir, prefix=".secret-")  # created 0600
    with os.fdopen(handle, "w", encoding="ascii") as out:
        out.write(secret + "\n")
    Path(temporary).replace(path)
    log.info("generated a webhook secret in %s", path)
    return secret


Deliver = Callable[[dict[str, Any]], Awaitable[None]]


class WebhookReceiver:
    """The POST endpoint: the secret first, then the size, then the JSON, then the flood gate;
    what passes is handed to `deliver` as raw JSON (the application's queue, or the front's
    routing to a worker: bot/telegram/front.py)."""

    def __init__(
        self,
        deliver: Deliver,
        secret: str,
        *,
        flood: FloodGate | None = None,
        max_bytes: int = MAX_UPDATE_BYTES,
    ) -> None:
        self.deliver = deliver
        self.flood = flood
        self.secret = secret
        self._secret = secret.encode()
        self.max_bytes = max_bytes

    def web_app(self, path: str = URL_PATH) -> web.Application:
        app = web.Application(client_max_size=self.max_bytes)
        app.router.add_post("/" + path.strip("/"), self.receive)
        return app

    def _secret_matches(self, request: web.Request) -> bool:
        given = request.headers.get(SECRET_HEADER, "").encode("utf-8", "replace")
        return hmac.compare_digest(given, self._secret)

    async def receive(self, request: web.Request) -> web.Response:
        if not self._secret_matches(request):
            log.warning("webhook: refused a POST without the right secret")
            return web.Response(status=403)
        # Past the secret the sender is Telegram, which retries an update it was refused, in
        # order, holding back every update behind it: a body we cannot use is acknowledged
        # (200) and dropped with a log line, never refused.
        if (request.content_length or 0) > self.max_bytes:
            log.warning("webhook: dropped a body over %d bytes", self.max_bytes)
            return web.Response(status=200)
        try:
            body = await request.read()
        except web.HTTPRequestEntityTooLarge:
            log.warning("webhook: dropped a body over %d bytes", self.max_bytes)
            return web.Response(status=200)
        raw = _raw_update(body)
        # Over a user's limit: acknowledged, never parsed.
        if raw is not None and (self.flood is None or self.flood.admit(raw)):
            await self.deliver(raw)
        return web.Response(status=200)


def _raw_update(body: bytes) -> dict[str, Any] | None:
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):  # not JSON, or nested past the recursion limit
        data = None
    if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
        log.warning("webhook: refused a body that is not an update")
        return None
    return data


def into_queue(application: Application) -> Deliver:  # type: ignore[type-arg]
    """Delivery into the application's own update queue; an update that cannot be read is
    skipped (from Telegram, a refusal would only bring it back again and again)."""

    async def deliver(raw: dict[str, Any]) -> None:
        update = read_update(raw, application.bot)
        if not update.api_kwargs.get(SCREENED):
            await application.update_queue.put(update)

    return deliver


def flood_gate_of(bot: object) -> FloodGate | None:
    return bot.flood if isinstance(bot, ScreenedBot) else None


@contextlib.asynccontextmanager
async def receiving(
    receiver: WebhookReceiver,
    bot: Bot,
    *,
    public_url: str,
    listen: str,
    port: int,
) -> AsyncIterator[int]:
    """Our server listening and Telegram told where to POST, until the block ends; yields the
    port actually bound (useful with port 0)."""
    runner = web.AppRunner(receiver.web_app(), access_log=None)
    await runner.setup()
    try:
        site = web.TCPSite(runner, listen, port)
        await site.start()
        bound = int(runner.addresses[0][1])
        await bot.set_webhook(
            public_url.rstrip("/") + "/" + URL_PATH,
            secret_token=receiver.secret,
            allowed_updates=Update.ALL_TYPES,
        )
        yield bound
    finally:
        await runner.cleanup()


@contextlib.asynccontextmanager
async def webhook_running(
    application: Application,  # type: ignore[type-arg]
    *,
    secret: str,
    public_url: str,
    listen: str = "127.0.0.1",
    port: int = 8443,
) -> AsyncIterator[int]:
    """The application started and receiving by webhook until the block ends; yields the port
    actually bound."""
    receiver = WebhookReceiver(
        into_queue(application), secret, flood=flood_gate_of(application.bot)
    )
    async with application:
        await publish_commands(application)
        await application.start()
        try:
            async with receiving(
                receiver, application.bot, public_url=public_url, listen=listen, port=port
            ) as bound:
                yield bound
        finally:
            await application.stop()
