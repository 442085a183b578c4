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
from collections.abc import AsyncIterator
from pathlib import Path

from aiohttp import web
from telegram import Update
from telegram.ext import Application

from bot.telegram.common_handlers import publish_commands
from bot.telegram.gate import ScreenedBot

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
SECRET_FILE = "webhook-secret"
URL_PATH = "telegram"
MAX_UPDATE_BYTES = 256 * 1024  # a real update is a few kB; Telegram caps message text at 4096
_SECRET_SHAPE = re.compile(r"[A-Za-z0-9_-]{1,256}")
SCREENED_OUT = Update(update_id=0)  # what _parse returns for an update to acknowledge and drop


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


class WebhookReceiver:
    """The POST endpoint: the secret first, then the size, then the JSON, then the update."""

    def __init__(
        self,
        application: Application,  # type: ignore[type-arg]
        secret: str,
        *,
        max_bytes: int = MAX_UPDATE_BYTES,
    ) -> None:
        self.application = application
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
        update = self._parse(body)
        if update is not None and update is not SCREENED_OUT:
            await self.application.update_queue.put(update)
        return web.Response(status=200)

    def _parse(self, body: bytes) -> Update | None:
        try:
            data = json.loads(body)
        except (ValueError, RecursionError):  # not JSON, or nested past the recursion limit
            data = None
        if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
            log.warning("webhook: refused a body that is not an update")
            return None
        bot = self.application.bot
        if isinstance(bot, ScreenedBot) and not bot.flood.admit(data):
            return SCREENED_OUT  # over a user's limit: acknowledged, never parsed
        try:
            return Update.de_json(data, bot)
        except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
            # From Telegram (the secret matched) yet unreadable: acknowledged and skipped, as
            # a refusal would only bring it back again and again.
            log.warning("webhook: update %s cannot be read: skipped", data["update_id"])
            return SCREENED_OUT


@contextlib.asynccontextmanager
async def webhook_running(
    application: Application,  # type: ignore[type-arg]
    *,
    secret: str,
    public_url: str,
    listen: str = "127.0.0.1",
    port: int = 8443,
) -> AsyncIterator[int]:
    """The application started, our server listening and Telegram told where to POST, until
    the block ends; yields the port actually bound (useful with port 0)."""
    runner = web.AppRunner(WebhookReceiver(application, secret).web_app(), access_log=None)
    await runner.setup()
    async with application:
        await publish_commands(application)
        await application.start()
        try:
            site = web.TCPSite(runner, listen, port)
            await site.start()
            bound = int(runner.addresses[0][1])
            await application.bot.set_webhook(
                public_url.rstrip("/") + "/" + URL_PATH,
                secret_token=secret,
                allowed_updates=Update.ALL_TYPES,
            )
            yield bound
        finally:
            await runner.cleanup()
            await application.stop()
