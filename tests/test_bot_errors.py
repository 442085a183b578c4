"""Crash reports go to the maintainers' chat (LANTIAN_ADMIN_CHAT_ID) and only there: never
to the caseworkers' chat, never with what the user wrote or who they are."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from bot.localapi.server import LocalBotApi
from bot.settings import Settings
from bot.telegram import check_handlers
from bot.telegram.common_handlers import crash_report
from bot.telegram.runner import LOCAL_TOKEN, running_application
from bot.words.chat import TEXTS
from tests.bot_harness import bot_settings, person

STAFF_CHAT, ADMIN, USER = 9001, 9100, 777
SECRET_QUERY = "王五 13912345678"  # what the user typed: must reach no chat but their own


@pytest.fixture
def broken_check(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(db: Any, query: str, **kw: Any) -> Any:
        raise RuntimeError(f"lookup failed for {query}")  # the message quotes the user

    monkeypatch.setattr(check_handlers, "check", explode)


def settings_with(tmp_path: Path, db_path: Path, admin: int | None) -> Settings:
    return bot_settings(tmp_path, db_path, staff_chat_id=STAFF_CHAT, admin_chat_id=admin)


async def crash_once(api: LocalBotApi, settings: Settings, db: sqlite_utils.Database) -> None:
    async with running_application(settings, db, api):
        for chat in (STAFF_CHAT, ADMIN):
            await person(api, chat).says("/lang zh")  # the chats exist once used
        user = person(api, USER)
        await user.says(SECRET_QUERY)
        assert user.text() == TEXTS["error"][0]  # the user is told plainly
        await person(api, 4).says("/lang zh")  # settles anything the error handler sends


@pytest.mark.asyncio
@pytest.mark.usefixtures("broken_check")
async def test_a_crash_is_reported_to_the_admin_chat_without_user_text_or_identity(
    api: LocalBotApi, tmp_path: Path, db_path: Path, db: sqlite_utils.Database
) -> None:
    staff_before = len(api.sent_messages(LOCAL_TOKEN, STAFF_CHAT))
    await crash_once(api, settings_with(tmp_path, db_path, ADMIN), db)
    staff = api.sent_messages(LOCAL_TOKEN, STAFF_CHAT)[staff_before:]
    assert [r["text"] for r in staff] == [TEXTS["lang_set"][0]]  # nothing but its own reply
    reports = [r["text"] for r in api.sent_messages(LOCAL_TOKEN, ADMIN)][1:]
    assert len(reports) == 1
    assert "RuntimeError" in reports[0] and "check_handlers.answer_check" in reports[0]
    for leak in ("王五", "13912345678", str(USER), "测试"):
        assert leak not in reports[0], leak


@pytest.mark.asyncio
@pytest.mark.usefixtures("broken_check")
async def test_without_an_admin_chat_a_crash_is_only_logged(
    api: LocalBotApi, tmp_path: Path, db_path: Path, db: sqlite_utils.Database
) -> None:
    await crash_once(api, settings_with(tmp_path, db_path, None), db)
    staff = [r["text"] for r in api.sent_messages(LOCAL_TOKEN, STAFF_CHAT)]
    assert staff == [TEXTS["lang_set"][0]]


def test_a_crash_report_names_the_error_the_update_and_the_place_only() -> None:
    def handler() -> None:
        raise ValueError("13912345678 王五")

    try:
        handler()
    except ValueError as error:
        report = crash_report(42, error)
    assert report.startswith("⚠️ update 42: ValueError in ") and "王五" not in report
    assert "test_bot_errors.handler" not in report  # only the bot's own frames are named
