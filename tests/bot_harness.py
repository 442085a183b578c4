"""What the bot's end-to-end tests share: the fixture registry in a database, the project's
own Bot API server, the bot running against it, people who talk to the bot through it, and
`eventually()` to await a condition. A pytest plugin (conftest.py), so its fixtures reach
every test module; a module's own fixture of the same name wins.

A module that needs other settings overrides `settings_overrides` (fields of Settings);
`running` is the bot polling the server with them, `application` the same bot's Application.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import struct
import time
import zlib
from collections.abc import AsyncIterator, Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import pytest
import pytest_asyncio
import sqlite_utils
from click.testing import CliRunner
from telegram.ext import Application

from bot.cli import cli
from bot.localapi.server import LocalBotApi
from bot.localapi.state import User
from bot.registry.database import open_database
from bot.settings import Settings
from bot.telegram.runner import LOCAL_TOKEN, running_application

BUNDLE = Path(__file__).parent / "fixtures" / "check_bundle"
BOT_TODAY = date(2026, 6, 1)  # the fixture registry's as_of
T = TypeVar("T")


async def eventually(probe: Callable[[], T], timeout: float = 5.0) -> T:
    """The first truthy value of `probe()`, polled until `timeout` seconds have passed; for
    what the bot does in its own time (answers, saved state, swept files). Waiting on
    purpose for time to pass (a reminder that must not come) is still asyncio.sleep."""
    deadline = time.monotonic() + timeout
    while not (value := probe()):
        if time.monotonic() > deadline:
            raise AssertionError(f"still {value!r} after {timeout} s")
        await asyncio.sleep(0.02)
    return value


def png(width: int = 2, height: int = 2) -> bytes:
    """A real (tiny) PNG, as a phone would send."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


class Person:
    """One Telegram user talking to the bot, as a test drives them."""

    def __init__(self, api: LocalBotApi, user: User) -> None:
        self.api, self.user = api, user
        self.cursor = api.cursor(LOCAL_TOKEN, user.id)
        self.last: list[dict[str, Any]] = []

    async def replies(self, count: int = 1, timeout: float = 8.0) -> list[dict[str, Any]]:
        self.last = await self.cursor.wait(count, timeout=timeout)
        return self.last

    async def says(self, text: str, count: int = 1) -> list[dict[str, Any]]:
        self.api.user_sends_text(LOCAL_TOKEN, self.user, text)
        return await self.replies(count)

    async def presses(self, label_part: str, count: int = 1) -> list[dict[str, Any]]:
        """Press the first button whose label contains `label_part` on the latest keyboard."""
        for record in reversed(self.api.sent_messages(LOCAL_TOKEN, self.user.id)):
            markup = (record.get("message") or {}).get("reply_markup") or {}
            for row in markup.get("inline_keyboard", []):
                for button in row:
                    if label_part in button["text"]:
                        self.api.user_presses_button(
                            LOCAL_TOKEN, self.user, record["message_id"], button["callback_data"]
                        )
                        return await self.replies(count)
        raise AssertionError(f"no button with {label_part!r}")

    def text(self) -> str:
        return "\n".join(r.get("text") or "" for r in self.last)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "lantian.db"
    result = CliRunner().invoke(cli, ["registry", "import", str(BUNDLE), "--db", str(path)])
    assert result.exit_code == 0, result.output
    return path


def assert_all_supported(api: LocalBotApi) -> None:
    """Fails when a bot asked the server for a method or parameter it does not model:
    implement it (and list it in bot/localapi/README.md) rather than pass on a refusal."""
    assert api.unsupported == [], f"not supported by bot/localapi: {api.unsupported}"


@pytest_asyncio.fixture
async def api() -> AsyncIterator[LocalBotApi]:
    """A fresh local Bot API server; the test fails if anything asked it for the unsupported."""
    async with LocalBotApi.running() as server:
        yield server
    assert_all_supported(server)


@pytest_asyncio.fixture
async def db(db_path: Path) -> AsyncIterator[sqlite_utils.Database]:
    database = open_database(db_path)
    yield database
    database.close()


# Tests type and press faster than people; a test that counts against the real per-user
# limits overrides these with DEFAULT_LIMITS.
FAST_LIMITS = {"checks_per_minute": 50, "messages_per_minute": 1000, "callbacks_per_minute": 1000}
DEFAULT_LIMITS = {name: Settings.model_fields[name].default for name in FAST_LIMITS}


def bot_settings(tmp_path: Path, db_path: Path, **overrides: Any) -> Settings:
    """Settings for a bot under test: the fixture registry, a fixed day, FAST_LIMITS."""
    defaults = {"data_dir": tmp_path / "data", "db": db_path, "today": BOT_TODAY, **FAST_LIMITS}
    return Settings(**{**defaults, **overrides})


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    """What a module changes in `settings`: override this fixture in the module."""
    return {}


@pytest.fixture
def settings(tmp_path: Path, db_path: Path, settings_overrides: dict[str, Any]) -> Settings:
    return bot_settings(tmp_path, db_path, **settings_overrides)


@pytest_asyncio.fixture
async def application(
    api: LocalBotApi, settings: Settings, db: sqlite_utils.Database
) -> AsyncIterator[Application]:  # type: ignore[type-arg]
    """The real Application polling the local server; the staff chat, when there is one, has
    been written in (a chat exists for the bot once someone has used it)."""
    async with running_application(settings, db, api) as app:
        RUNNING.add(app)
        try:
            if settings.staff_chat_id is not None:
                await person(api, settings.staff_chat_id).says("/help")
            yield app
        finally:
            RUNNING.discard(app)


@pytest.fixture
def running(api: LocalBotApi, application: Application) -> LocalBotApi:  # type: ignore[type-arg]
    """The server, with the bot running against it."""
    return api


RUNNING: set[Application] = set()  # type: ignore[type-arg]  # the apps `settled` waits for
BYSTANDER = 999_001  # a user id no test gives anyone else


async def settled(api: LocalBotApi) -> None:
    """Returns once every update sent so far has been handled, for checking that something did
    *not* happen without a fixed sleep. Chats are handled concurrently, so one chat's answer says
    nothing about another's: the server must have handed out every update and every running
    application must be idle (queue empty, nothing in flight), several polls in a row."""
    quiet = 0
    deadline = time.monotonic() + 10
    while quiet < 3:
        idle = not api.has_pending(LOCAL_TOKEN) and all(_idle(app) for app in RUNNING)
        quiet = quiet + 1 if idle else 0
        if time.monotonic() > deadline:
            raise AssertionError("the bot did not settle within 10 s")
        await asyncio.sleep(0.02)
    await person(api, BYSTANDER).says("/help")  # and the bot still answers


@contextlib.asynccontextmanager
async def tracked(app: Application) -> AsyncIterator[Application]:  # type: ignore[type-arg]
    """An application `settled` waits for, while the block runs."""
    RUNNING.add(app)
    try:
        yield app
    finally:
        RUNNING.discard(app)


@contextlib.asynccontextmanager
async def running_tracked(
    settings: Settings, db: sqlite_utils.Database, api: LocalBotApi, **options: Any
) -> AsyncIterator[Application]:  # type: ignore[type-arg]
    """`running_application`, tracked by `settled`."""
    async with running_application(settings, db, api, **options) as app, tracked(app):
        yield app


def _idle(app: Application) -> bool:  # type: ignore[type-arg]
    return app.update_queue.empty() and app.update_processor.current_concurrent_updates == 0


def ticket_number(text: str) -> str:
    found = re.search(r"LT-\d{8}-\d{4}", text)
    assert found, text
    return found.group(0)


def person(api: LocalBotApi, uid: int = 501, lang: str = "zh-hans") -> Person:
    return Person(api, User(id=uid, first_name="测试", language_code=lang))


async def file_report_until_evidence(
    alice: Person, subject: str = "上海华岳知识产权代理有限公司"
) -> None:
    await alice.says("/report")
    await alice.presses("举报")
    await alice.presses("假冒国家机关")
    await alice.says(subject)
    await alice.presses("是这家")
    await alice.says("对方自称商标局受理窗口，收取加急费 5000 元。")
    await alice.says("2026-05-20")
