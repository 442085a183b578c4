"""Running the bot: on Telegram with a token (polling or webhook), else in a terminal chat.

The terminal chat goes through the same Application and handlers, over the Bot API
protocol, against the project's own Bot API server on 127.0.0.1 (`bot.localapi`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import sqlite_utils
from telegram import Update
from telegram.ext import Application

from bot import heap
from bot.localapi.server import LocalBotApi
from bot.localapi.state import User
from bot.settings import Settings
from bot.telegram.app import TIMEOUTS, build_application
from bot.telegram.common_handlers import publish_commands
from bot.telegram.webhook import webhook_running, webhook_secret
from bot.words import BOTH, Lang, say
from bot.words.chat import TEXTS
from bot.words.cli import MESSAGES, TERMINAL, both
from bot.words.picture import CHAT as PICTURE_CHAT

LOCAL_TOKEN = "1000000001:lantian-local-terminal"
TERMINAL_USER_ID = 10001  # the person at the terminal, city staff in the demo
SECOND_EDITOR_ID = 10000  # whom /switch makes them: a case needs a second editor's approval
log = logging.getLogger(__name__)


def run_on_telegram(settings: Settings, db: sqlite_utils.Database) -> None:
    """Polling, or a webhook when LANTIAN_WEBHOOK_URL is set; blocks until stopped. With
    LANTIAN_BOT_WORKERS above 1, a front process and its workers (bot/telegram/front.py)."""
    assert settings.telegram_bot_token is not None
    if settings.bot_workers > 1:
        from bot.telegram.front import serve_front

        asyncio.run(serve_front(settings))
        return
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
        heap.settle()
        await stop.wait()


@contextlib.asynccontextmanager
async def running_application(
    settings: Settings,
    db: sqlite_utils.Database,
    api: LocalBotApi,
    token: str = LOCAL_TOKEN,
    *,
    timeouts: float = TIMEOUTS,
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
            app.bot_data["deps"].picture_reader.close()  # run_polling's post_shutdown does it


def as_demo_staff(settings: Settings) -> Settings:
    """In the terminal demo, with no staff configured, the person at the terminal is city
    staff and their chat stands in for the staff chat: the whole desk can be tried alone."""
    changes: dict[str, object] = {}
    if not settings.staff:
        changes["staff"] = f"{TERMINAL_USER_ID}:city:editor,{SECOND_EDITOR_ID}:city:editor"
    if settings.staff_chat_id is None:
        changes["staff_chat_id"] = TERMINAL_USER_ID
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


def terminal_user(lang: Lang, user_id: int = TERMINAL_USER_ID) -> User:
    """The person at the terminal, speaking the run's language (--lang) to the bot."""
    return User(id=user_id, first_name=say(TERMINAL["user_name"], lang), language_code=lang)


_SHOWN = ("sendMessage", "editMessageText", "editMessageReplyMarkup", "sendDocument")
RESULT_WAIT = 60.0  # seconds a list or picture sent with @PATH may take to come back checked
# What the bot says when a result follows later: the terminal waits for that one, and for no
# other (a file sent as a report's evidence is answered at once, and nothing follows).
ON_ITS_WAY = frozenset(
    say(words, lang) for words in (TEXTS["list_started"], PICTURE_CHAT["reading"]) for lang in BOTH
)


def _buttons(record: dict[str, Any] | None) -> list[dict[str, Any]]:
    markup = ((record or {}).get("message") or {}).get("reply_markup") or {}
    return [button for row in markup.get("inline_keyboard", []) for button in row]


def _render(record: dict[str, Any], lang: Lang) -> list[str]:
    """A sent or edited message as terminal lines: its text, then its buttons numbered.
    A keyboard swapped in place (editMessageReplyMarkup) shows just the new buttons."""
    only_buttons = record.get("method") == "editMessageReplyMarkup"
    lines = [say(TERMINAL["buttons_now"], lang) if only_buttons else (record.get("text") or "")]
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
    /quit, the end of input or Ctrl-C leaves; a blank line is ignored."""
    settings, lang = as_demo_staff(settings), settings.lang
    async with local_bot(settings, db, port=0) as (api, _app):
        chatting = asyncio.ensure_future(_chat(api, settings, lang, read_line, write))
        try:
            with _interrupt_calls(chatting.cancel):
                await asyncio.wait({chatting})
        finally:
            chatting.cancel()  # when this task itself was cancelled
        if chatting.cancelled():  # Ctrl-C, maybe in the middle of a typed line ("你> ^C")
            write("")
        else:
            chatting.result()  # what went wrong in the chat, if anything
        write(both(MESSAGES["bye"]))


@contextlib.contextmanager
def _interrupt_calls(stop: Callable[[], object]) -> Iterator[None]:
    """While the block runs, Ctrl-C (SIGINT) calls `stop`, rather than leaving the line being
    read to hold the process until Enter. Where a signal cannot be caught (not the main
    thread, Windows), Ctrl-C does what it did before."""
    loop = asyncio.get_running_loop()
    before = signal.getsignal(signal.SIGINT)
    try:
        loop.add_signal_handler(signal.SIGINT, stop)
    except (NotImplementedError, RuntimeError):
        yield
        return
    try:
        yield
    finally:
        loop.remove_signal_handler(signal.SIGINT)
        if before is not None:
            signal.signal(signal.SIGINT, before)  # asyncio.run's own: a second Ctrl-C still works


async def _chat(
    api: LocalBotApi,
    settings: Settings,
    lang: Lang,
    read_line: Callable[[str], str],
    write: Callable[[str], None],
) -> None:
    """The chat itself, until /quit or the end of input."""
    user = terminal_user(lang)
    cursor = api.cursor(LOCAL_TOKEN, user.id)
    last_with_buttons: dict[str, Any] | None = None
    while True:
        typed = await _typed(read_line, say(TERMINAL["prompt"], lang))
        line = "/quit" if typed is None else typed.strip()
        if line in ("/quit", "/exit"):
            return
        if not line:
            continue  # a blank line sends nothing
        if line == "/switch":  # the other demo editor, in their own private chat
            other = SECOND_EDITOR_ID if user.id == TERMINAL_USER_ID else TERMINAL_USER_ID
            user, cursor = terminal_user(lang, other), api.cursor(LOCAL_TOKEN, other)
            write(say(TERMINAL["switched"], lang, user_id=other))
            continue
        answered = len(api.callback_answers(LOCAL_TOKEN))
        problem = _send(api, user, line, last_with_buttons)
        if problem:
            write(say(TERMINAL[problem], lang, path=line[1:]))
            continue
        for record in await _replies(cursor):
            if _buttons(record):
                last_with_buttons = record
            if record.get("method") == "sendDocument":
                record = {**record, "text": _saved(api, user, record, settings, lang)}
            write("\n".join(_render(record, lang)))
        for answer in api.callback_answers(LOCAL_TOKEN)[answered:]:
            if answer.get("text"):
                write(say(TERMINAL["toast"], lang, text=answer["text"]))


async def _typed(read_line: Callable[[str], str], prompt: str) -> str | None:
    """The next line typed; None at the end of input. Read in a daemon thread of its own: an
    executor's thread, still waiting on the keyboard after Ctrl-C, kept the process until
    Enter."""
    loop = asyncio.get_running_loop()
    typed: asyncio.Future[str | None] = loop.create_future()

    def settle(line: str | None, error: Exception | None) -> None:
        if typed.done():  # the chat ended meanwhile
            return
        if error is not None:
            typed.set_exception(error)
        else:
            typed.set_result(line)

    def read() -> None:
        line, error = None, None
        try:
            line = read_line(prompt)
        except (EOFError, KeyboardInterrupt):
            pass  # the end of input
        except Exception as failed:
            error = failed
        with contextlib.suppress(RuntimeError):  # the loop is closed: nobody is waiting
            loop.call_soon_threadsafe(settle, line, error)

    threading.Thread(target=read, name="terminal-input", daemon=True).start()
    return await typed


def _send(
    api: LocalBotApi, user: User, line: str, last_with_buttons: dict[str, Any] | None
) -> str | None:
    """Send what the person typed; the key of the terminal's words when it cannot be sent."""
    if line.startswith("#") and line[1:].isdigit():
        data = _button(last_with_buttons, int(line[1:]))
        if data is None or last_with_buttons is None:
            return "no_button"
        try:
            api.user_presses_button(LOCAL_TOKEN, user, last_with_buttons["message_id"], data)
        except ValueError:  # the message no longer offers it (edited or gone)
            return "stale_button"
        return None
    if line.startswith("@") and len(line) > 1:
        path = Path(line[1:]).expanduser()
        if not path.is_file():
            return "no_file"
        api.user_sends_document(LOCAL_TOKEN, user, path.read_bytes(), path.name)
        return None
    api.user_sends_text(LOCAL_TOKEN, user, line)
    return None


async def _replies(cursor: Any, first: float = 5.0, more: float = 0.4) -> list[dict[str, Any]]:
    """What the bot answers: the first message, then each that follows within `more` seconds
    of the last. After one saying the answer is on its way (a list being checked, a picture
    being read), the next however long it takes, up to RESULT_WAIT."""
    try:
        records: list[dict[str, Any]] = await cursor.wait(1, timeout=first)
    except TimeoutError:
        return []
    while True:
        on_its_way = records[-1].get("text") in ON_ITS_WAY
        try:
            records += await cursor.wait(1, timeout=RESULT_WAIT if on_its_way else more)
        except TimeoutError:
            return [r for r in records if r.get("method") in _SHOWN]


def _saved(
    api: LocalBotApi, user: User, record: dict[str, Any], settings: Settings, lang: Lang
) -> str:
    """A document the bot sent, written under the data folder; its caption and where it is."""
    for document in api.sent_documents(LOCAL_TOKEN, user.id):
        if document.message_id == record.get("message_id"):
            folder = Path(settings.data_dir) / "terminal-files"
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / Path(document.file_name or "file").name
            target.write_bytes(document.data)
            saved = say(TERMINAL["file_saved"], lang, path=target)
            return "\n".join(filter(None, [document.caption, saved]))
    return record.get("text") or ""
