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

import sqlite_utils
from telegram.ext import Application

from bot.settings import Settings, load_settings
from bot.telegram.app import build_application
from bot.telegram.common_handlers import publish_commands
from bot.telegram.gate import SCREENED, read_update
from bot.telegram.webhook import MAX_UPDATE_BYTES

LINE_LIMIT = 2 * MAX_UPDATE_BYTES  # an update of the webhook's largest size, as JSON escapes it


def worker_settings(settings: Settings) -> Settings:
    """Each worker sends at its share of the cap (0, no cap, stays 0)."""
    return settings.model_copy(
        update={"send_rate_limit": settings.send_rate_limit / settings.bot_workers}
    )


async def feed(application: Application, lines: asyncio.StreamReader) -> int:  # type: ignore[type-arg]
    """Every update read from `lines` into the application's queue, until the end of input;
    returns how many. A line that is not an update is skipped with a log line."""
    fed = 0
    while line := await lines.readline():
        try:
            raw = json.loads(line)
        except ValueError:
            logging.getLogger(__name__).warning("worker: a line that is not JSON: skipped")
            continue
        update = read_update(raw, application.bot)
        if not update.api_kwargs.get(SCREENED):
            await application.update_queue.put(update)
            fed += 1
    return fed


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
    async with application:
        if index == 0:
            await publish_commands(application)
        await application.start()
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
