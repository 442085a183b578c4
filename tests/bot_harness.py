"""What the bot's end-to-end tests share: the fixture registry in a database, the project's
own Bot API server, and people who talk to the bot through it. A pytest plugin (conftest.py),
so its fixtures reach every test module; a module's own fixture of the same name wins."""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
import sqlite_utils
from click.testing import CliRunner

from bot.cli import cli
from bot.localapi.server import LocalBotApi
from bot.localapi.state import User
from bot.registry.database import open_database
from bot.telegram.runner import LOCAL_TOKEN

BUNDLE = Path(__file__).parent / "fixtures" / "check_bundle"


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


@pytest_asyncio.fixture
async def api() -> AsyncIterator[LocalBotApi]:
    async with LocalBotApi.running() as server:
        yield server


@pytest_asyncio.fixture
async def db(db_path: Path) -> AsyncIterator[sqlite_utils.Database]:
    database = open_database(db_path)
    yield database
    database.close()


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
