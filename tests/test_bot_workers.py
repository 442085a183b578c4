"""Several processes answering (LANTIAN_BOT_WORKERS, bot/telegram/front.py): `lantian bot` runs
as a front and its workers against the project's Bot API server, by polling and by webhook.
Every chat is answered, each chat in the order it wrote; a worker killed is replaced; the front
stops cleanly with nothing delivered twice; only the first worker runs the scheduled jobs."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils
from hypothesis import given
from hypothesis import strategies as st

from bot.localapi.server import LocalBotApi
from bot.localapi.state import User
from bot.settings import Settings
from bot.telegram.app import build_application
from bot.telegram.context import LantianContext
from bot.telegram.front import owner
from bot.telegram.report_handlers import TOUCHED, sweep_abandoned_drafts
from bot.telegram.runner import LOCAL_TOKEN
from bot.telegram.worker import feed, worker_settings
from tests.bot_harness import BOT_TODAY, eventually
from tests.test_bot_lifecycle import free_port

LANTIAN = Path(sys.executable).with_name("lantian")
WORKERS = 2
# Three registered agencies of the fixture registry: each card names its own.
AGENCIES = {
    "91310106MA1FL3R23H": "上海华岳知识产权代理有限公司",
    "91310104MA1G2C8K1P": "上海华岳专利代理有限公司",
}


# Routing ------------------------------------------------------------------------------------


def message(chat_id: int, user_id: int) -> dict[str, Any]:
    return {
        "update_id": 1,
        "message": {"message_id": 1, "date": 0, "chat": {"id": chat_id}, "from": {"id": user_id}},
    }


@given(st.integers(min_value=-(10**13), max_value=10**13), st.integers(1, 16))
def test_a_users_private_chat_inline_queries_and_buttons_go_to_one_worker(
    user_id: int, workers: int
) -> None:
    inline = {"update_id": 2, "inline_query": {"id": "q", "from": {"id": user_id}, "query": "x"}}
    pressed = {
        "update_id": 3,
        "callback_query": {
            "id": "c",
            "from": {"id": user_id},
            "message": {"message_id": 5, "date": 0, "chat": {"id": user_id}},
            "data": "x",
        },
    }
    inline_button = {"update_id": 4, "callback_query": {"id": "c", "from": {"id": user_id}}}
    where = {owner(u, workers) for u in (message(user_id, user_id), inline, pressed, inline_button)}
    assert len(where) == 1 and 0 <= where.pop() < workers


@given(st.integers(min_value=-(10**13), max_value=-1), st.lists(st.integers(1, 10**10)))
def test_every_update_of_a_group_goes_to_the_groups_worker(
    chat_id: int, senders: list[int]
) -> None:
    assert {owner(message(chat_id, sender), 3) for sender in senders} <= {
        owner(message(chat_id, 1), 3)
    }


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=12,
)


@given(st.dictionaries(st.sampled_from(["update_id", "message", "callback_query", "x"]), JSON))
def test_any_json_whatever_its_shape_is_routed_to_a_worker_and_never_raises(
    raw: dict[str, Any],
) -> None:
    assert 0 <= owner(raw, 4) < 4


# The first worker runs the jobs -------------------------------------------------------------


def test_only_the_first_worker_schedules_jobs_and_each_sends_at_its_share_of_the_cap(
    settings: Settings, db: sqlite_utils.Database
) -> None:
    first = build_application(settings, db, token=LOCAL_TOKEN, jobs=True)
    other = build_application(settings, db, token=LOCAL_TOKEN, jobs=False)
    assert first.job_queue is not None and other.job_queue is not None
    assert {job.name for job in first.job_queue.jobs()} >= {"follow-watch", "notices", "digest"}
    assert {job.name for job in other.job_queue.jobs()} == {"sweep-drafts"}  # its own users'
    shared = settings.model_copy(update={"send_rate_limit": 1000.0, "bot_workers": 4})
    assert worker_settings(shared).send_rate_limit == 250.0
    unlimited = settings.model_copy(update={"send_rate_limit": 0.0, "bot_workers": 4})
    assert worker_settings(unlimited).send_rate_limit == 0.0


@pytest.mark.asyncio
async def test_a_worker_sweeps_only_its_own_users_abandoned_drafts(
    settings: Settings, db: sqlite_utils.Database
) -> None:
    """Each worker loads every user's data at start; a draft another worker is still working
    on is a stale copy here, and sweeping it would delete the reporter's evidence."""
    application = build_application(settings, db, token=LOCAL_TOKEN, jobs=False)
    application.bot_data["deps"].owns_user = lambda user_id: user_id == 1
    old = {TOUCHED: time.time() - 10 * 24 * 3600}
    application.user_data[1]["draft"] = dict(old)
    application.user_data[2]["draft"] = dict(old)
    await sweep_abandoned_drafts(LantianContext(application))
    assert "draft" not in application.user_data[1]
    assert application.user_data[2]["draft"] == old


@pytest.mark.asyncio
async def test_a_worker_skips_lines_that_are_not_updates_and_reads_the_rest(
    settings: Settings, db: sqlite_utils.Database
) -> None:
    application = build_application(settings, db, token=LOCAL_TOKEN, jobs=False)
    lines = asyncio.StreamReader()
    for line in (b"not json\n", b'{"update_id": "x"}\n', b"[1, 2]\n", b'{"update_id": 7}\n'):
        lines.feed_data(line)
    lines.feed_data(json.dumps(message(5, 5)).encode() + b"\n")
    lines.feed_eof()
    assert await feed(application, lines) == 2
    assert application.update_queue.qsize() == 2


# The real front and workers -----------------------------------------------------------------


def children(pid: int) -> set[int]:
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(stat.parent.name))
    return found


@contextlib.contextmanager
def lantian_bot(env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("ab") as out:
        bot = subprocess.Popen([str(LANTIAN), "bot"], env=env, stdout=out, stderr=out)
        try:
            yield bot
        finally:
            if bot.poll() is None:
                bot.kill()
                bot.wait()


def environment(api: LocalBotApi, db_path: Path, tmp_path: Path, **more: str) -> dict[str, str]:
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("LANTIAN_")}
    return {
        **inherited,
        "TELEGRAM_BOT_TOKEN": LOCAL_TOKEN,
        "TELEGRAM_API_BASE_URL": api.base_url,
        "LANTIAN_DB": str(db_path),
        "LANTIAN_DATA_DIR": str(tmp_path / "data"),
        "LANTIAN_TODAY": BOT_TODAY.isoformat(),
        "LANTIAN_BOT_WORKERS": str(WORKERS),
        "LANTIAN_SEND_RATE_LIMIT": "0",
        **more,
    }


def users_of_every_worker(count: int) -> list[User]:
    users = [User(id=50_000 + n, first_name="测试") for n in range(count)]
    assert {owner(message(u.id, u.id), WORKERS) for u in users} == set(range(WORKERS))
    return users


def texts(api: LocalBotApi, user: User) -> list[str]:
    return [record.get("text") or "" for record in api.sent_messages(LOCAL_TOKEN, user.id)]


async def each_asks_in_a_row(api: LocalBotApi, users: list[User], timeout: float = 60) -> None:
    """Every user sends the agencies' codes one after another without waiting; each is answered
    in the order they asked."""
    before = {user.id: len(texts(api, user)) for user in users}
    for user in users:
        for uscc in AGENCIES:
            api.user_sends_text(LOCAL_TOKEN, user, uscc)
    deadline = time.monotonic() + timeout
    while any(len(texts(api, u)) < before[u.id] + len(AGENCIES) for u in users):
        assert time.monotonic() < deadline, "not every check was answered"
        await asyncio.sleep(0.05)
    for user in users:
        answers = texts(api, user)[before[user.id] :]
        assert [
            name in answer for name, answer in zip(AGENCIES.values(), answers, strict=True)
        ] == [True] * len(AGENCIES)


@pytest.mark.slow
@pytest.mark.asyncio
async def test_two_workers_answer_each_chat_in_order_outlive_a_killed_worker_and_stop_cleanly(
    tmp_path: Path, db_path: Path
) -> None:
    users = users_of_every_worker(12)
    async with LocalBotApi.running() as api:
        api.round_trip = 0.05
        with lantian_bot(environment(api, db_path, tmp_path), tmp_path / "bot.log") as bot:
            workers = await eventually(lambda: len(children(bot.pid)) == WORKERS or None, 30)
            assert workers
            await each_asks_in_a_row(api, users)

            killed = min(children(bot.pid))
            os.kill(killed, signal.SIGKILL)
            replaced = await eventually(
                lambda: (len(now := children(bot.pid)) == WORKERS and killed not in now) or None, 30
            )
            assert replaced
            await asyncio.sleep(3)  # the new worker reads the registry and starts
            await each_asks_in_a_row(api, users)

            workers_before = children(bot.pid)
            bot.send_signal(signal.SIGTERM)
            assert await asyncio.to_thread(bot.wait, timeout=40) == 0
            assert not any(Path(f"/proc/{pid}").exists() for pid in workers_before)
        assert not api.has_pending(LOCAL_TOKEN)  # the last batch was confirmed
        sent = len(api.sent_messages(LOCAL_TOKEN))
        with lantian_bot(environment(api, db_path, tmp_path), tmp_path / "bot2.log") as again:
            await eventually(lambda: len(children(again.pid)) == WORKERS or None, 30)
            await asyncio.sleep(3)
            assert len(api.sent_messages(LOCAL_TOKEN)) == sent  # nothing answered twice


@pytest.mark.slow
@pytest.mark.asyncio
async def test_a_front_receiving_by_webhook_routes_to_its_workers(
    tmp_path: Path, db_path: Path
) -> None:
    users = users_of_every_worker(6)
    port = free_port()
    async with LocalBotApi.running() as api:
        env = environment(
            api,
            db_path,
            tmp_path,
            LANTIAN_WEBHOOK_URL=f"http://127.0.0.1:{port}",
            LANTIAN_WEBHOOK_PORT=str(port),
        )
        with lantian_bot(env, tmp_path / "bot.log") as bot:
            await eventually(lambda: api.webhook_url(LOCAL_TOKEN), 30)
            assert api.webhook_url(LOCAL_TOKEN) == f"http://127.0.0.1:{port}/telegram"
            await eventually(lambda: len(children(bot.pid)) == WORKERS or None, 30)
            await each_asks_in_a_row(api, users)
            bot.send_signal(signal.SIGTERM)
            assert await asyncio.to_thread(bot.wait, timeout=40) == 0
