"""The bot's persistence writes a user's or chat's data only when it changed (issue 11): PTB
hands over everyone an update touched, about once a second, and most hold nothing."""

from __future__ import annotations

import pytest
import sqlite_utils

from bot.telegram.persistence import SqlitePersistence

pytestmark = pytest.mark.asyncio


def rows(db: sqlite_utils.Database, table: str) -> dict[int, str]:
    return dict(db.execute(f"SELECT * FROM {table}").fetchall())


async def test_nothing_is_written_for_a_user_who_keeps_nothing() -> None:
    db = sqlite_utils.Database(memory=True)
    persistence = SqlitePersistence(db)
    await persistence.get_user_data()
    await persistence.update_user_data(7, {})
    await persistence.update_chat_data(7, {})
    assert rows(db, "bot_user_data") == {} and rows(db, "bot_chat_data") == {}


async def test_a_change_is_written_once_and_emptying_it_is_written_too() -> None:
    db = sqlite_utils.Database(memory=True)
    persistence = SqlitePersistence(db)
    await persistence.update_user_data(7, {"lang": "en"})
    before = db.conn.total_changes
    await persistence.update_user_data(7, {"lang": "en"})
    assert db.conn.total_changes == before, "the same data written again"
    await persistence.update_user_data(7, {})
    assert rows(db, "bot_user_data") == {7: "{}"}


async def test_after_a_restart_unchanged_data_is_not_rewritten_and_changed_data_is() -> None:
    db = sqlite_utils.Database(memory=True)
    first = SqlitePersistence(db)
    await first.update_user_data(7, {"lang": "en"})
    await first.update_chat_data(8, {"x": 1})
    restarted = SqlitePersistence(db)
    assert await restarted.get_user_data() == {7: {"lang": "en"}}
    assert await restarted.get_chat_data() == {8: {"x": 1}}
    before = db.conn.total_changes
    await restarted.update_user_data(7, {"lang": "en"})
    assert db.conn.total_changes == before
    await restarted.update_user_data(7, {"lang": "zh"})
    assert rows(db, "bot_user_data") == {7: '{"lang": "zh"}'}


async def test_dropped_data_is_gone_and_written_again_when_it_comes_back() -> None:
    db = sqlite_utils.Database(memory=True)
    persistence = SqlitePersistence(db)
    await persistence.update_chat_data(8, {"x": 1})
    await persistence.drop_chat_data(8)
    assert rows(db, "bot_chat_data") == {}
    await persistence.update_chat_data(8, {"x": 1})
    assert rows(db, "bot_chat_data") == {8: '{"x": 1}'}
