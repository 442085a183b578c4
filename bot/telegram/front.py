"""More than one process answering (LANTIAN_BOT_WORKERS above 1): this front receives the
updates, by polling or webhook, screens out floods, and hands each to the worker owning its chat.

One process answers some 500 checks a second with a core to itself (scripts/bench_bot.py), and
Telegram's paid broadcasts allow 1,000 messages a second. The updates of one chat always go to
the same worker, which handles them in order (bot/telegram/chat_order.py): a report's steps never
overtake each other, and a chat's conversation lives in one process. A private chat's id is its
user's, so a user's inline queries and buttons go where their chat goes. Each worker sends at its
share of the send cap; only the first runs the scheduled jobs (bot/telegram/worker.py).

The front never parses an update into objects: it reads the chat from the raw JSON and writes
the update, one line of JSON, to the worker's standard input.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import signal
import sys
from collections.abc import AsyncIterator
from typing import Any

from telegram import Bot, Update
from telegram.error import Conflict, InvalidToken, NetworkError

from bot.settings import Settings, child_environment
from bot.telegram.app import TIMEOUTS, api_base_url, request
from bot.telegram.gate import FloodGate
from bot.telegram.webhook import WebhookReceiver, receiving, webhook_secret

log = logging.getLogger(__name__)

# What a worker is told on the command line is only its number; these it reads from the
# environment, as `lantian bot` was given them (--db, --lang, --today included).
WORKER_SETTINGS = ("data_dir", "db", "lang", "today", "send_rate_limit", "bot_workers")
POLL_SECONDS = 10  # a getUpdates long poll
RETRY_SECONDS = 2.0  # after a failed getUpdates
RESTART_SECONDS = 1.0  # before a worker that died is started again
STOP_SECONDS = 30.0  # a worker's grace to finish what it holds when the front stops


def owner(raw: dict[str, Any], workers: int) -> int:
    """The worker of a raw update: by its chat, else its sender (an inline query, a button of an
    inline message), else the first. The same answer as chat_order's key, from the JSON."""
    for key, body in raw.items():
        if key == "update_id" or not isinstance(body, dict):
            continue
        for holder in (body, body.get("message")):
            chat = holder.get("chat") if isinstance(holder, dict) else None
            if isinstance(chat, dict) and isinstance(chat.get("id"), int):
                return int(chat["id"]) % workers
        sender = body.get("from")
        if isinstance(sender, dict) and isinstance(sender.get("id"), int):
            return int(sender["id"]) % workers
    return 0


class Workers:
    """The worker processes, each fed its chats' updates on its standard input; one that dies
    is started again (what it held is lost, as in a single process that dies)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.count = settings.bot_workers
        self._children: list[asyncio.subprocess.Process | None] = [None] * self.count
        self._keepers: list[asyncio.Task[None]] = []
        self._stopping = asyncio.Event()

    async def start(self) -> None:
        for index in range(self.count):
            await self._spawn(index)
            self._keepers.append(asyncio.create_task(self._keep(index)))

    async def _spawn(self, index: int) -> None:
        self._children[index] = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot.telegram.worker",
            str(index),
            stdin=asyncio.subprocess.PIPE,
            env=child_environment(self.settings, WORKER_SETTINGS),
        )

    async def _keep(self, index: int) -> None:
        while not self._stopping.is_set():
            child = self._children[index]
            assert child is not None
            code = await child.wait()
            if self._stopping.is_set():
                return
            log.error("bot worker %s ended (exit %s): starting it again", index, code)
            await asyncio.sleep(RESTART_SECONDS)
            await self._spawn(index)

    async def deliver(self, raw: dict[str, Any]) -> None:
        """One update to its chat's worker; waits while that worker's pipe is full."""
        index = owner(raw, self.count)
        child = self._children[index]
        if child is None or child.stdin is None or child.returncode is not None:
            log.warning("update %s dropped: its worker is restarting", raw.get("update_id"))
            return
        try:
            child.stdin.write(json.dumps(raw).encode() + b"\n")
            await child.stdin.drain()
        except (BrokenPipeError, ConnectionResetError):
            log.warning("update %s dropped: its worker ended", raw.get("update_id"))

    async def stop(self) -> None:
        """End of input to each worker, which finishes what it holds and stops."""
        self._stopping.set()
        for keeper in self._keepers:
            keeper.cancel()
        for child in self._children:
            if child is not None and child.stdin is not None:
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    child.stdin.close()
        for child in self._children:
            if child is None:
                continue
            try:
                await asyncio.wait_for(child.wait(), STOP_SECONDS)
            except TimeoutError:
                child.kill()
                await child.wait()


@contextlib.asynccontextmanager
async def workers_running(settings: Settings) -> AsyncIterator[Workers]:
    workers = Workers(settings)
    try:
        await workers.start()
        yield workers
    finally:
        await workers.stop()


class Poller:
    """getUpdates, each batch screened and delivered; the offset confirms a batch only once
    every update of it is in its worker's pipe."""

    def __init__(self, bot: Bot, workers: Workers, flood: FloodGate) -> None:
        self.bot, self.workers, self.flood = bot, workers, flood
        self.offset = 0

    async def run(self) -> None:
        await self.bot.delete_webhook()
        while True:
            try:
                batch = await self._updates(POLL_SECONDS)
            except InvalidToken:
                raise
            except (NetworkError, Conflict) as problem:  # Conflict: another poller, for now
                log.warning("getUpdates failed (%s): again in %s s", problem, RETRY_SECONDS)
                await asyncio.sleep(RETRY_SECONDS)
                continue
            for raw in batch:
                if not isinstance(raw, dict) or not isinstance(raw.get("update_id"), int):
                    continue
                self.offset = max(self.offset, raw["update_id"] + 1)
                if self.flood.admit(raw):
                    await self.workers.deliver(raw)

    async def confirm(self) -> None:
        """Tell the server what was delivered, as the last poll has not (at most one update
        comes back, unconfirmed, for the next run)."""
        if self.offset:
            with contextlib.suppress(NetworkError):
                await self._updates(0, limit=1)

    async def _updates(self, timeout: int, **more: int) -> list[Any]:
        batch = await self.bot.do_api_request(
            "getUpdates",
            api_kwargs={
                "offset": self.offset,
                "timeout": timeout,
                "allowed_updates": Update.ALL_TYPES,
                **more,
            },
            read_timeout=timeout + TIMEOUTS,
        )
        return batch if isinstance(batch, list) else []


def front_bot(settings: Settings, base_url: str | None = None) -> Bot:
    assert settings.telegram_bot_token is not None
    return Bot(
        settings.telegram_bot_token,
        base_url=base_url or api_base_url(settings),
        request=request(TIMEOUTS, pool=4),
        get_updates_request=request(TIMEOUTS, pool=1),
    )


async def serve_front(
    settings: Settings, stop: asyncio.Event | None = None, *, base_url: str | None = None
) -> None:
    """The front and its workers until `stop` is set, by default on SIGINT/SIGTERM."""
    if stop is None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
    flood = FloodGate.from_settings(settings)
    bot = front_bot(settings, base_url)
    async with bot, workers_running(settings) as workers:
        log.info("bot front: %s workers", workers.count)
        if settings.webhook_url:
            secret = webhook_secret(settings.webhook_secret, settings.data_dir)
            receiver = WebhookReceiver(workers.deliver, secret, flood=flood)
            async with receiving(
                receiver,
                bot,
                public_url=settings.webhook_url,
                listen=str(settings.webhook_listen),
                port=settings.webhook_port,
            ):
                await stop.wait()
            return
        poller = Poller(bot, workers, flood)
        polling = asyncio.create_task(poller.run())
        stopped = asyncio.create_task(stop.wait())
        await asyncio.wait({polling, stopped}, return_when=asyncio.FIRST_COMPLETED)
        polling.cancel()
        stopped.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await polling  # an InvalidToken is raised here
        await poller.confirm()
