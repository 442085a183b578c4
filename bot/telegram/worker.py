"""One of several processes answering updates (bot/telegram/front.py): the bot's Application
without an updater, fed its chats' updates as lines of JSON on standard input, and sending at its
share of the send cap. It stops, after finishing what it holds, at the end of its input.

    python -m bot.telegram.worker INDEX   (started by the front, never by hand)
"""

from __future__ import annotations

import asyncio
import json
import logging
import signal
import sys
from collections.abc import AsyncIterator

import sqlite_utils
from telegram.ext import Application

from bot import heap
from bot.settings import Settings, load_settings
from bot.telegram.app import build_application
from bot.telegram.common_handlers import publish_commands
from bot.telegram.front import LINE_LIMIT, worker_of
from bot.telegram.gate import SCREENED, read_update

log = logging.getLogger(__name__)


def worker_settings(settings: Settings) -> Settings:
    """Each worker sends at its share of the cap (0, no cap, stays 0)."""
    return settings.model_copy(
        update={"send_rate_limit": settings.send_rate_limit / settings.bot_workers}
    )


async def feed(application: Application, lines: asyncio.StreamReader) -> int:  # type: ignore[type-arg]
    """Every update read from `lines` into the application's queue, until the end of input;
    returns how many. A line that is not an update, or is too long, is skipped with a log line."""
    fed = 0
    async for line in _lines(lines):
        try:
            raw = json.loads(line)
        except (ValueError, RecursionError):  # not JSON, or nested past the recursion limit
            log.warning("worker: a line that is not JSON: skipped")
            continue
        update = read_update(raw, application.bot)
        if not update.api_kwargs.get(SCREENED):
            await application.update_queue.put(update)
            fed += 1
    return fed


async def _lines(reader: asyncio.StreamReader) -> AsyncIterator[bytes]:
    """The lines of `reader` until the end of input, but for those longer than its limit,
    skipped whole (its readline raises on one, and would end the worker with what it holds)."""
    skipping = False  # the rest of a line that is too long
    while True:
        try:
            line = await reader.readuntil(b"\n")
        except asyncio.LimitOverrunError as over:
            await reader.readexactly(over.consumed)
            skipping = True
            continue
        except asyncio.IncompleteReadError as end:
            if not end.partial:
                return
            line = end.partial  # a last line without its newline
        if skipping:
            skipping = False
            log.warning("worker: a line too long to read: skipped")
        else:
            yield line


async def serve(
    settings: Settings,
    db: sqlite_utils.Database,
    index: int,
    lines: asyncio.StreamReader,
) -> None:
    """The application, started, fed from `lines` until they end, then stopped cleanly."""
    assert settings.telegram_bot_token is not None
    application = build_application(
        worker_settings(settings), db, token=settings.telegram_bot_token, jobs=index == 0
    )
    # What a worker keeps of a user (a report's draft) is its own users': the sweep of
    # abandoned drafts leaves the others' (stale copies loaded at start) to their workers.
    application.bot_data["deps"].owns_user = lambda user_id: (
        worker_of(user_id, settings.bot_workers) == index
    )
    async with application:
        if index == 0:
            await publish_commands(application)
        await application.start()
        heap.settle()
        try:
            await feed(application, lines)
        finally:
            await application.stop()
            application.bot_data["deps"].picture_reader.close()


async def _stdin_lines() -> asyncio.StreamReader:
    loop = asyncio.get_running_loop()
    lines = asyncio.StreamReader(limit=LINE_LIMIT)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(lines), sys.stdin)
    # Ctrl-C reaches the whole process group: the front decides when its workers stop (it
    # closes their input). A SIGTERM for this worker alone ends its input as that would.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    loop.add_signal_handler(signal.SIGTERM, lines.feed_eof)
    return lines


async def _main(index: int) -> None:
    from bot.registry.database import open_database

    settings = load_settings()
    db = open_database(settings.db_path)
    try:
        await serve(settings, db, index, await _stdin_lines())
    finally:
        db.close()


def main() -> None:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s[worker]: %(message)s"
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)
    asyncio.run(_main(int(sys.argv[1])))


if __name__ == "__main__":
    main()
