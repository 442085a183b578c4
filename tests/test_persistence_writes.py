"""The bot's persistence writes a user's or chat's data only when it changed (issue 11): PTB
hands over everyone an update touched, about once a second, and most hold nothing. With several
workers, each reads a user's row again before handling them: another may have written it."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils
from hypothesis import HealthCheck, given
from hypothesis import settings as run_with
from hypothesis import strategies as st

from bot.settings import Settings
from bot.telegram.app import build_application
from bot.telegram.persistence import SqlitePersistence
from bot.telegram.runner import LOCAL_TOKEN


def rows(db: sqlite_utils.Database, table: str) -> dict[int, str]:
    return dict(db.execute(f"SELECT * FROM {table}").fetchall())


@pytest.mark.asyncio
async def test_nothing_is_written_for_a_user_who_keeps_nothing() -> None:
    db = sqlite_utils.Database(memory=True)
    persistence = SqlitePersistence(db)
    await persistence.get_user_data()
    await persistence.update_user_data(7, {})
    await persistence.update_chat_data(7, {})
    assert rows(db, "bot_user_data") == {} and rows(db, "bot_chat_data") == {}


@pytest.mark.asyncio
async def test_a_change_is_written_once_and_emptying_it_is_written_too() -> None:
    db = sqlite_utils.Database(memory=True)
    persistence = SqlitePersistence(db)
    await persistence.update_user_data(7, {"lang": "en"})
    before = db.conn.total_changes
    await persistence.update_user_data(7, {"lang": "en"})
    assert db.conn.total_changes == before, "the same data written again"
    await persistence.update_user_data(7, {})
    assert rows(db, "bot_user_data") == {7: "{}"}


@pytest.mark.asyncio
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


@pytest.mark.asyncio
async def test_dropped_data_is_gone_and_written_again_when_it_comes_back() -> None:
    db = sqlite_utils.Database(memory=True)
    persistence = SqlitePersistence(db)
    await persistence.update_chat_data(8, {"x": 1})
    await persistence.drop_chat_data(8)
    assert rows(db, "bot_chat_data") == {}
    await persistence.update_chat_data(8, {"x": 1})
    assert rows(db, "bot_chat_data") == {8: '{"x": 1}'}


# Several workers (LANTIAN_BOT_WORKERS): each its own connection to one database file ---------


@pytest.fixture
def two_workers(tmp_path: Path) -> tuple[SqlitePersistence, SqlitePersistence]:
    path = tmp_path / "bot.db"
    return (
        SqlitePersistence(sqlite_utils.Database(path), shared=True),
        SqlitePersistence(sqlite_utils.Database(path), shared=True),
    )


@pytest.mark.asyncio
async def test_a_language_chosen_on_one_worker_is_heard_on_the_other(
    two_workers: tuple[SqlitePersistence, SqlitePersistence],
) -> None:
    private_chat, group = two_workers
    held_by_group = (await group.get_user_data()).get(7, {})
    await private_chat.update_user_data(7, {"lang": "en"})
    await group.refresh_user_data(7, held_by_group)
    assert held_by_group == {"lang": "en"}
    before = group.db.conn.total_changes
    await group.update_user_data(7, held_by_group)  # read back, not written back
    assert group.db.conn.total_changes == before


@pytest.mark.asyncio
async def test_a_change_made_here_and_not_yet_written_is_not_replaced_by_the_row(
    two_workers: tuple[SqlitePersistence, SqlitePersistence],
) -> None:
    first, second = two_workers
    await first.update_user_data(7, {"lang": "en"})
    mine = {"draft": {"id": "d1"}}  # this worker's change, written at its next update
    await second.refresh_user_data(7, mine)
    assert mine == {"draft": {"id": "d1"}}


@pytest.mark.asyncio
async def test_data_dropped_on_another_worker_is_dropped_here_too(
    two_workers: tuple[SqlitePersistence, SqlitePersistence],
) -> None:
    first, second = two_workers
    await first.update_user_data(7, {"lang": "en"})
    held: dict[str, Any] = {}
    await second.refresh_user_data(7, held)
    assert held == {"lang": "en"}
    await first.drop_user_data(7)
    await second.refresh_user_data(7, held)
    assert held == {}


@run_with(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from([{}, {"lang": "en"}, {"lang": "zh"}, {"x": [1]}]), max_size=6))
def test_a_worker_that_changed_nothing_reads_the_last_data_written_elsewhere(
    tmp_path_factory: pytest.TempPathFactory, writes: list[dict[str, Any]]
) -> None:
    path = tmp_path_factory.mktemp("shared") / "bot.db"
    writer = SqlitePersistence(sqlite_utils.Database(path), shared=True)
    reader = SqlitePersistence(sqlite_utils.Database(path), shared=True)
    held: dict[str, Any] = {}

    async def run() -> None:
        for data in writes:
            await writer.update_user_data(7, dict(data))
            await reader.refresh_user_data(7, held)
            assert held == data

    asyncio.run(run())


@pytest.mark.asyncio
async def test_one_process_alone_keeps_what_it_holds(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    alone = SqlitePersistence(sqlite_utils.Database(path))
    held = {"lang": "zh"}
    await alone.update_user_data(7, held)
    sqlite_utils.Database(path).execute(
        "UPDATE bot_user_data SET data = ? WHERE user_id = 7", ['{"lang": "en"}']
    )
    await alone.refresh_user_data(7, held)
    assert held == {"lang": "zh"}


@pytest.mark.asyncio
async def test_the_bot_of_several_workers_reads_its_users_data_again(
    settings: Settings, db: sqlite_utils.Database
) -> None:
    shared = settings.model_copy(update={"bot_workers": 2})
    application = build_application(shared, db, token=LOCAL_TOKEN, jobs=False)
    assert application.persistence is not None
    db.execute("INSERT INTO bot_user_data VALUES (7, ?)", ['{"lang": "en"}'])
    db.conn.commit()
    held: dict[str, Any] = {}
    await application.persistence.refresh_user_data(7, held)
    assert held == {"lang": "en"}
