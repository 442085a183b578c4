"""Follow notices survive SIGKILL: `lantian bot` in a child process sends an import's notices to
many followers through the project's Bot API server with a 100 ms round trip, is killed without
warning twice while sending, and restarted. Every follower gets their notice, and nobody gets it
twice (a notice in flight at a kill is one the server never completed: its handler is cancelled
when the client goes, so the bot sends it again)."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.check import check
from bot.follows.store import follow
from bot.localapi.server import LocalBotApi
from bot.localapi.state import User
from bot.registry.database import open_database
from bot.telegram.runner import LOCAL_TOKEN
from tests.bot_harness import BOT_TODAY
from tests.test_follow_bot import HUAYUE, import_changed

pytestmark = [pytest.mark.asyncio, pytest.mark.slow]

FOLLOWERS = 150
LANTIAN = Path(sys.executable).with_name("lantian")


def told(api: LocalBotApi, user_id: int) -> int:
    return sum(
        (record.get("text") or "").startswith("🔔")
        for record in api.sent_messages(LOCAL_TOKEN, user_id)
    )


async def wait_for(api: LocalBotApi, users: list[int], at_least: int, seconds: float) -> int:
    deadline = time.monotonic() + seconds
    while (count := sum(told(api, u) > 0 for u in users)) < at_least:
        assert time.monotonic() < deadline, f"only {count} of {at_least} told in {seconds} s"
        await asyncio.sleep(0.05)
    return count


async def test_sigkill_while_notices_are_sent_loses_none_and_doubles_none(
    tmp_path: Path, db_path: Path
) -> None:
    db = open_database(db_path)
    huayue = check(db, HUAYUE, today=BOT_TODAY).match
    assert huayue is not None
    users = [30_000 + n for n in range(FOLLOWERS)]
    now = datetime(2026, 6, 1, 2, tzinfo=UTC)
    for user in users:
        follow(db, user, huayue, lang="zh", now=now, limit=20)
    db.close()
    import_changed(db_path, tmp_path / "b2", status="suspended", suspended_until="2026-12-01")

    async with LocalBotApi.running() as api:
        api.round_trip = 0.1
        for user in users:  # each has talked to the bot before (they followed through it)
            api.bot(LOCAL_TOKEN).chat_for(User(id=user, first_name="测试"))
        env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": LOCAL_TOKEN,
            "TELEGRAM_API_BASE_URL": api.base_url,
            "LANTIAN_DB": str(db_path),
            "LANTIAN_DATA_DIR": str(tmp_path / "data"),
            "LANTIAN_TODAY": BOT_TODAY.isoformat(),
        }
        log = (tmp_path / "bot.log").open("ab")
        kills = 0
        try:
            for stop_at in (FOLLOWERS // 4, FOLLOWERS // 2):
                bot = subprocess.Popen([str(LANTIAN), "bot"], env=env, stdout=log, stderr=log)
                await wait_for(api, users, stop_at, seconds=60)
                os.kill(bot.pid, signal.SIGKILL)
                bot.wait()
                kills += 1
            bot = subprocess.Popen([str(LANTIAN), "bot"], env=env, stdout=log, stderr=log)
            await wait_for(api, users, FOLLOWERS, seconds=90)
            await asyncio.sleep(1.0)  # anything sent twice would have come by now
        finally:
            bot.terminate()
            bot.wait(timeout=20)
            log.close()
        counts = {user: told(api, user) for user in users}
    assert kills == 2
    assert {user: n for user, n in counts.items() if n != 1} == {}
    db = open_database(db_path)
    assert db.execute("SELECT count(*) FROM follow_notices").fetchone()[0] == 0
    db.close()
