"""Running the bot: on Telegram with a token (polling or webhook), else in a terminal chat.

The terminal chat goes through the same Application and handlers, over the Bot API
protocol, against the project's own Bot API server on 127.0.0.1 (`bot.localapi`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import sqlite_utils
from telegram import Update
from telegram.ext import Application

from bot.localapi.server import LocalBotApi
from bot.localapi.state import User
from bot.settings import Settings
from bot.telegram.app import build_application
from bot.telegram.common_handlers import publish_commands
from bot.telegram.webhook import webhook_running, webhook_secret

LOCAL_TOKEN = "1000000001:lantian-local-terminal"
TERMINAL_USER = User(id=10001, first_name="终端用户", language_code="zh")
log = logging.getLogger(__name__)


def run_on_telegram(settings: Settings, db: sqlite_utils.Database) -> None:
    """Polling, or a webhook when LANTIAN_WEBHOOK_URL is set; blocks until stopped."""
    assert settings.telegram_bot_token is not None
    app = build_application(settings, db, token=settings.telegram_bot_token)
    if settings.webhook_url:
        asyncio.run(serve_webhook(settings, app, settings.webhook_url))
    else:
        app.run_polling(allowed_updates=Update.ALL_TYPES)


async def serve_webhook(
    settings: Settings,
    app: Application,  # type: ignore[type-arg]
    public_url: str,
    stop: asyncio.Event | None = None,
) -> None:
    """Our own webhook server (constant-time secret check, size bound) until `stop` is set,
    by default on SIGINT/SIGTERM. Without LANTIAN_WEBHOOK_SECRET one is generated and kept."""
    secret = webhook_secret(settings.webhook_secret, Path(settings.data_dir))
    if stop is None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
    async with webhook_running(
        app,
        secret=secret,
        public_url=public_url,
        listen=str(settings.webhook_listen),
        port=settings.webhook_port,
    ) as port:
        log.info("webhook listening on %s:%s", settings.webhook_listen, port)
        await stop.wait()


@contextlib.asynccontextmanager
async def running_application(
    settings: Settings,
    db: sqlite_utils.Database,
    api: LocalBotApi,
    token: str = LOCAL_TOKEN,
    *,
    timeouts: float = 10.0,
) -> AsyncIterator[Application]:  # type: ignore[type-arg]
    """The real Application polling the local Bot API server, until the block ends."""
    app = build_application(
        settings,
        db,
        token=token,
        base_url=api.base_url,
        base_file_url=api.base_file_url,
        timeouts=timeouts,
    )
    async with app:
        await publish_commands(app)  # run_polling calls post_init; a hand-run app does not
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=10)
        try:
            yield app
        finally:
            await app.updater.stop()
            await app.stop()


def as_demo_staff(settings: Settings) -> Settings:
    """In the terminal demo, with no staff configured, the person at the terminal is city
    staff and their chat stands in for the staff chat: the whole desk can be tried alone."""
    changes: dict[str, object] = {}
    if not settings.staff:
        changes["staff"] = f"{TERMINAL_USER.id}:city"
    if settings.staff_chat_id is None:
        changes["staff_chat_id"] = TERMINAL_USER.id
    return settings.model_copy(update=changes)


@contextlib.asynccontextmanager
async def local_bot(
    settings: Settings, db: sqlite_utils.Database, *, port: int = 0, token: str = LOCAL_TOKEN
) -> AsyncIterator[tuple[LocalBotApi, Application]]:  # type: ignore[type-arg]
    """The local Bot API server and the real Application polling it, until the block ends."""
    async with (
        LocalBotApi.running(port=port) as api,
        running_application(settings, db, api, token) as app,
    ):
        yield api, app


# What the terminal itself says (the bot's own words come from the bot).
TERMINAL_WORDS = {
    "no_button": "（没有这个按钮 / no such button）",
    "stale_button": "（这个按钮已失效 / that button is out of date）",
    "no_file": "（找不到文件 / no such file: {path}）",
    "buttons_now": "（按钮 / buttons:）",
    "bye": "再见 / bye",
}
_SHOWN = ("sendMessage", "editMessageText", "editMessageReplyMarkup")


def _buttons(record: dict[str, Any] | None) -> list[dict[str, Any]]:
    markup = ((record or {}).get("message") or {}).get("reply_markup") or {}
    return [button for row in markup.get("inline_keyboard", []) for button in row]


def _render(record: dict[str, Any]) -> list[str]:
    """A sent or edited message as terminal lines: its text, then its buttons numbered.
    A keyboard swapped in place (editMessageReplyMarkup) shows just the new buttons."""
    only_buttons = record.get("method") == "editMessageReplyMarkup"
    lines = [TERMINAL_WORDS["buttons_now"] if only_buttons else (record.get("text") or "")]
    lines += [f"  [#{n}] {b.get('text')}" for n, b in enumerate(_buttons(record), start=1)]
    return lines


def _button(record: dict[str, Any] | None, number: int) -> str | None:
    buttons = _buttons(record)
    if 1 <= number <= len(buttons):
        data = buttons[number - 1].get("callback_data")
        return str(data) if data is not None else None
    return None


async def terminal_chat(
    settings: Settings,
    db: sqlite_utils.Database,
    read_line: Callable[[str], str],
    write: Callable[[str], None],
) -> None:
    """Chat with the bot in a terminal: text is sent, #N presses button N, @PATH sends a file,
    /quit (or the end of input) leaves; a blank line is ignored."""
    settings = as_demo_staff(settings)
    async with local_bot(settings, db, port=0) as (api, _app):
        cursor = api.cursor(LOCAL_TOKEN, TERMINAL_USER.id)
        last_with_buttons: dict[str, Any] | None = None
        loop = asyncio.get_running_loop()
        while True:
            try:
                line = (await loop.run_in_executor(None, read_line, "你> ")).strip()
            except (EOFError, KeyboardInterrupt):
                line = "/quit"
            if line in ("/quit", "/exit"):
                write(TERMINAL_WORDS["bye"])
                break
            if not line:
                continue  # a blank line sends nothing
            answered = len(api.callback_answers(LOCAL_TOKEN))
            problem = _send(api, line, last_with_buttons)
            if problem:
                write(problem)
                continue
            for record in await _replies(cursor):
                if _buttons(record):
                    last_with_buttons = record
                write("\n".join(_render(record)))
            for answer in api.callback_answers(LOCAL_TOKEN)[answered:]:
                if answer.get("text"):
                    write(f"（{answer['text']}）")  # a toast


def _send(api: LocalBotApi, line: str, last_with_buttons: dict[str, Any] | None) -> str | None:
    """Send what the person typed; a sentence for the terminal when it cannot be sent."""
    if line.startswith("#") and line[1:].isdigit():
        data = _button(last_with_buttons, int(line[1:]))
        if data is None or last_with_buttons is None:
            return TERMINAL_WORDS["no_button"]
        try:
            api.user_presses_button(
                LOCAL_TOKEN, TERMINAL_USER, last_with_buttons["message_id"], data
            )
        except ValueError:  # the message no longer offers it (edited or gone)
            return TERMINAL_WORDS["stale_button"]
        return None
    if line.startswith("@") and len(line) > 1:
        path = Path(line[1:]).expanduser()
        if not path.is_file():
            return TERMINAL_WORDS["no_file"].format(path=path)
        api.user_sends_document(LOCAL_TOKEN, TERMINAL_USER, path.read_bytes(), path.name)
        return None
    api.user_sends_text(LOCAL_TOKEN, TERMINAL_USER, line)
    return None


async def _replies(cursor: Any, first: float = 5.0, more: float = 0.4) -> list[dict[str, Any]]:
    """What the bot answers: wait for the first message, then for any that follow it."""
    try:
        records: list[dict[str, Any]] = await cursor.wait(1, timeout=first)
    except TimeoutError:
        return []
    while True:
        try:
            records += await cursor.wait(1, timeout=more)
        except TimeoutError:
            return [r for r in records if r.get("method") in _SHOWN]
