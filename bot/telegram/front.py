"""More than one process answering (LANTIAN_BOT_WORKERS above 1): this front receives the
updates, by polling or webhook, screens out floods, and hands each to the worker owning its chat.

One process answers some 500 checks a second with a core to itself (scripts/bench_bot.py), and
Telegram's paid broadcasts allow 1,000 messages a second. The updates of one chat always go to
the same worker, which handles them in order (bot/telegram/chat_order.py): a report's steps never
overtake each other, and a chat's conversation lives in one process. A private chat's id is its
user's, so a user's inline queries and buttons go where their chat goes. Each worker sends at its
share of the send cap; only the first runs the scheduled jobs (bot/telegram/worker.py).

The front never parses an update into objects: it reads the chat from the raw JSON and writes
the update, one line of ASCII JSON, to the worker's standard input. Each worker has its own
backlog and writer: a worker that is slow or stuck (a flood aimed at its chats, a long database
wait) holds up its own chats only, never the others'.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import signal
import sys
import warnings
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, TypeVar

from telegram import Bot, Update
from telegram.error import InvalidToken, RetryAfter, TelegramError
from telegram.warnings import PTBUserWarning

from bot import heap
from bot.registry.database import open_database
from bot.settings import Settings, child_environment
from bot.telegram.app import TIMEOUTS, api_base_url, request
from bot.telegram.gate import FloodGate
from bot.telegram.persistence import migrations as persistence_migrations
from bot.telegram.webhook import MAX_UPDATE_BYTES, WebhookReceiver, receiving, webhook_secret

log = logging.getLogger(__name__)
T = TypeVar("T")

# What a worker is told on the command line is only its number; these it reads from the
# environment, as `lantian bot` was given them (--db, --lang, --today included).
WORKER_SETTINGS = (
    "data_dir",
    "db",
    "lang",
    "today",
    "send_rate_limit",
    "bot_workers",
    "telegram_bot_token",
    "telegram_api_base_url",
)
POLL_SECONDS = 10  # a getUpdates long poll
RETRY_SECONDS = 2.0  # after a failed getUpdates
RESTART_SECONDS = 1.0  # before a worker that died is started again; doubled while it keeps dying
RESTART_MAX_SECONDS = 30.0  # a worker that cannot start (a damaged database) costs no more
HEALTHY_SECONDS = 10.0  # a worker that ran this long got past its start: restarted after 1 s again
STOP_SECONDS = 30.0  # a worker's grace to finish what it holds when the front stops
# What the front holds for a worker that is behind (some 30,000 updates of a kB); past that,
# the worker's new updates are dropped, as a single process would drop them: it holds memory.
BACKLOG_BYTES = 32 * 1024 * 1024
# The longest line a worker reads: the webhook's largest update as ASCII JSON, in which a
# four-byte character becomes a twelve-byte escaped surrogate pair.
LINE_LIMIT = 3 * MAX_UPDATE_BYTES + 64 * 1024


def owner(raw: dict[str, Any], workers: int) -> int:
    """The worker of a raw update: by its chat, else its sender (an inline query, a button of an
    inline message), else the first. The same answer as chat_order's key, from the JSON."""
    for key, body in raw.items():
        if key == "update_id" or not isinstance(body, dict):
            continue
        for holder in (body, body.get("message")):
            chat = holder.get("chat") if isinstance(holder, dict) else None
            if isinstance(chat, dict) and isinstance(chat.get("id"), int):
                return worker_of(int(chat["id"]), workers)
        sender = body.get("from")
        if isinstance(sender, dict) and isinstance(sender.get("id"), int):
            return worker_of(int(sender["id"]), workers)
    return 0


def worker_of(chat_id: int, workers: int) -> int:
    """The worker of a chat (of a user's private chat, whose id is the user's)."""
    return chat_id % workers


def update_line(raw: dict[str, Any]) -> bytes | None:
    """The update as a worker reads it: one line of ASCII JSON (no character of a string can
    end the line: JSON escapes a newline, and ASCII every U+2028 and the like). None for one
    nested too deep to write, or longer than a worker reads (LINE_LIMIT)."""
    try:
        text = json.dumps(raw, ensure_ascii=True, separators=(",", ":"))
    except (ValueError, RecursionError):
        return None
    return text.encode("ascii") + b"\n" if len(text) <= LINE_LIMIT else None


class Workers:
    """The worker processes, each fed its chats' updates on its standard input from its own
    backlog; one that dies is started again, later each time it dies young (what it held is
    lost, as in a single process that dies; what waits in its backlog goes to the new one)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.count = settings.bot_workers
        self._children: list[asyncio.subprocess.Process | None] = [None] * self.count
        self._running = [asyncio.Event() for _ in range(self.count)]
        self._backlogs: list[asyncio.Queue[tuple[object, bytes]]] = [
            asyncio.Queue() for _ in range(self.count)
        ]
        self._held = [0] * self.count  # bytes in each backlog
        self._keepers: list[asyncio.Task[None]] = []
        self._writers: list[asyncio.Task[None]] = []
        self._stopping = asyncio.Event()

    async def start(self) -> None:
        for index in range(self.count):
            await self._spawn(index)
            self._keepers.append(asyncio.create_task(self._keep(index)))
            self._writers.append(asyncio.create_task(self._write(index)))

    async def _spawn(self, index: int) -> None:
        self._children[index] = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot.telegram.worker",
            str(index),
            stdin=asyncio.subprocess.PIPE,
            env=child_environment(self.settings, WORKER_SETTINGS),
        )
        self._running[index].set()

    async def _keep(self, index: int) -> None:
        loop = asyncio.get_running_loop()
        delay = RESTART_SECONDS
        while True:
            child = self._children[index]
            assert child is not None
            started = loop.time()
            code = await child.wait()
            self._running[index].clear()
            if self._stopping.is_set():
                return
            if loop.time() - started >= HEALTHY_SECONDS:
                delay = RESTART_SECONDS
            log.error(
                "bot worker %s ended (exit %s): starting it again in %g s", index, code, delay
            )
            await asyncio.sleep(delay)
            delay = min(2 * delay, RESTART_MAX_SECONDS)
            try:
                await self._spawn(index)
            except OSError as problem:  # no process to be had (EAGAIN, ENOMEM): try again later
                log.error("bot worker %s could not be started: %s", index, problem)

    async def deliver(self, raw: dict[str, Any]) -> None:
        """One update into its chat's worker's backlog, without waiting: a worker that is behind
        holds up its own chats, not every chat behind one of theirs."""
        update_id = raw.get("update_id")
        line = update_line(raw)
        if line is None:
            log.warning("update %s dropped: too big or too deep for a worker", update_id)
            return
        index = owner(raw, self.count)
        if self._held[index] + len(line) > BACKLOG_BYTES:
            log.warning("update %s dropped: worker %s is far behind", update_id, index)
            return
        self._held[index] += len(line)
        self._backlogs[index].put_nowait((update_id, line))

    async def _write(self, index: int) -> None:
        """The worker's backlog into its pipe, waiting while the pipe is full or the worker is
        being started again."""
        backlog = self._backlogs[index]
        while True:
            update_id, line = await backlog.get()
            try:
                await self._write_line(index, update_id, line)
            finally:
                self._held[index] -= len(line)
                backlog.task_done()

    async def _write_line(self, index: int, update_id: object, line: bytes) -> None:
        await self._running[index].wait()
        child = self._children[index]
        if child is None or child.stdin is None or child.returncode is not None:
            log.warning("update %s dropped: its worker ended", update_id)
            return
        try:
            child.stdin.write(line)
            await child.stdin.drain()
        except (BrokenPipeError, ConnectionResetError):
            log.warning("update %s dropped: its worker ended", update_id)

    async def stop(self) -> None:
        """What the backlogs hold into the pipes, then end of input to each worker, which
        finishes what it holds and stops."""
        self._stopping.set()
        for keeper in self._keepers:
            keeper.cancel()
        for running in self._running:
            running.set()  # a writer waiting for a restart that will not come drops its lines
        with contextlib.suppress(TimeoutError):
            # the poller confirmed these: written before the input ends
            await asyncio.wait_for(
                asyncio.gather(*(backlog.join() for backlog in self._backlogs)), STOP_SECONDS
            )
        for writer in self._writers:
            writer.cancel()
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
    every update of it is in its worker's backlog (written to its pipe before the front stops;
    lost only if the front itself is killed)."""

    def __init__(self, bot: Bot, workers: Workers, flood: FloodGate) -> None:
        self.bot, self.workers, self.flood = bot, workers, flood
        self.offset = 0

    async def run(self) -> None:
        await _retrying("deleteWebhook", self.bot.delete_webhook)
        while True:
            batch = await _retrying("getUpdates", lambda: self._updates(POLL_SECONDS))
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
            with contextlib.suppress(TelegramError):  # a 429 too: the next run confirms
                await self._updates(0, limit=1)

    async def _updates(self, timeout: int, **more: int) -> list[Any]:
        # do_api_request warns that PTB does not know the method: it does, but get_updates
        # would parse every update the workers parse again.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PTBUserWarning)
            batch = await self._raw_updates(timeout, **more)
        return batch if isinstance(batch, list) else []

    async def _raw_updates(self, timeout: int, **more: int) -> object:
        return await self.bot.do_api_request(
            "getUpdates",
            api_kwargs={
                "offset": self.offset,
                "timeout": timeout,
                "allowed_updates": Update.ALL_TYPES,
                **more,
            },
            read_timeout=timeout + TIMEOUTS,
        )


async def _retrying(name: str, call: Callable[[], Awaitable[T]]) -> T:
    """`call` until it succeeds, as python-telegram-bot's own polling does: a 429 waits as long
    as Telegram asks, any other failure (a 502, a timeout, a Conflict with another poller)
    RETRY_SECONDS; only a wrong token ends it."""
    while True:
        try:
            return await call()
        except InvalidToken:
            raise
        except RetryAfter as wait:
            pause = wait._retry_after.total_seconds()  # the public one warns of a deprecation
            log.warning("%s: Telegram asks to wait %g s", name, pause)
            await asyncio.sleep(pause)
        except TelegramError as problem:
            log.warning("%s failed (%s): again in %s s", name, problem, RETRY_SECONDS)
            await asyncio.sleep(RETRY_SECONDS)


def front_bot(settings: Settings) -> Bot:
    assert settings.telegram_bot_token is not None
    return Bot(
        settings.telegram_bot_token,
        base_url=api_base_url(settings),
        request=request(TIMEOUTS, pool=4),
        get_updates_request=request(TIMEOUTS, pool=1),
    )


def make_bot_tables(settings: Settings) -> None:
    """The bot's own tables (bot/telegram/persistence.py), made before the workers start: two
    workers making them at once in a new database collide, and one dies ("table bot_user_data
    already exists") with the updates already written to it."""
    db = open_database(settings.db_path)
    try:
        persistence_migrations.apply(db)
    finally:
        db.close()


async def serve_front(settings: Settings, stop: asyncio.Event | None = None) -> None:
    """The front and its workers until `stop` is set, by default on SIGINT/SIGTERM."""
    if stop is None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
    flood = FloodGate.from_settings(settings)
    bot = front_bot(settings)
    make_bot_tables(settings)
    async with bot, workers_running(settings) as workers:
        log.info("bot front: %s workers", workers.count)
        heap.settle()
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
