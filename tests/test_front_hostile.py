"""A hostile tester's attacks on the bot's front and its workers (LANTIAN_BOT_WORKERS=2,
bot/telegram/front.py), over the real `lantian bot` and the project's Bot API server, or over
the front's own pieces: forged and odd updates are answered exactly as one process answers
them, no character breaks a line between front and worker, a flood or a stuck worker holds up
no other worker's chats, a reporter's identity reaches no log, a worker that keeps dying costs
little and comes back, the workers of a killed front end, and bad settings start nothing."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils
from telegram import Update

from bot.localapi.server import LocalBotApi
from bot.localapi.state import User
from bot.registry.database import open_database
from bot.settings import Settings
from bot.telegram.app import build_application
from bot.telegram.front import LINE_LIMIT, owner, update_line
from bot.telegram.runner import LOCAL_TOKEN
from bot.telegram.worker import feed
from tests.bot_harness import (
    BOT_TODAY,
    BYSTANDER,
    eventually,
    file_report_until_evidence,
    person,
    running_tracked,
    settled,
    ticket_number,
)
from tests.test_bot_workers import LANTIAN, WORKERS, children, environment, lantian_bot

STAFF, STAFF_CHAT, ADMIN, ATTACKER, REPORTER = 7001, 9001, 9100, 4242, 501
STAFF_ENV = {
    "LANTIAN_STAFF": f"{STAFF}:city",
    "LANTIAN_STAFF_CHAT_ID": str(STAFF_CHAT),
    "LANTIAN_ADMIN_CHAT_ID": str(ADMIN),
}
CHECK = "91310106MA1FL3R23H"  # a registered agency: its card names it
AGENCY = "上海华岳知识产权代理有限公司"
NAME, PHONE = "李四", "13800138000"
DATE = 1_780_000_000  # 2026-05-28, a fixed message date for both runs of the same updates
START_SECONDS = 60.0  # a worker's first answer: it reads the registry and starts


# One line per update -------------------------------------------------------------------------


def private_message(chat_id: Any, sender_id: Any, text: str) -> dict[str, Any]:
    """A message as Telegram shapes one in a private chat, with the chat and sender given."""
    message: dict[str, Any] = {
        "message_id": 1,
        "date": DATE,
        "chat": {"id": chat_id, "type": "private", "first_name": "x"},
        "from": {"id": sender_id, "is_bot": False, "first_name": "x"},
        "text": text,
    }
    if text.startswith("/"):
        command = text.split()[0]
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
    return {"message": message}


def long_text(body_bytes: int = 250_000) -> str:
    """A text whose update is just under the webhook's 256 kB: mostly four-byte characters
    (twelve bytes each as ASCII JSON), with every character that could end a line."""
    piece = "😀" * 20 + '\n\u2028\u2029\x85\r\x00\x1e"\\中\ufeff'
    return piece * (body_bytes // len(piece.encode()))


def nested(depth: int) -> Any:
    junk: Any = {"id": ATTACKER}
    for _ in range(depth):
        junk = {"chat": junk, "from": [ATTACKER]}
    return junk


@pytest.mark.asyncio
async def test_no_character_of_an_update_breaks_its_line_to_the_worker(
    settings: Settings, db: sqlite_utils.Database
) -> None:
    texts = ["a\nb", "\u2028\u2029\x85\r\x0b\x0c\x1c\x1d\x1e", '"}\n{"update_id": 9}', "\ud800"]
    texts.append(long_text())
    updates = [{"update_id": n, **private_message(5, 5, t)} for n, t in enumerate(texts, 1)]
    lines = [update_line(raw) for raw in updates]
    assert all(line is not None and line.count(b"\n") == 1 for line in lines)
    assert len(lines[-1] or b"") > 2 * 256 * 1024  # as ASCII, near three times its size

    application = build_application(settings, db, token=LOCAL_TOKEN, jobs=False)
    reader = asyncio.StreamReader(limit=LINE_LIMIT)
    reader.feed_data(b"".join(line or b"" for line in lines))
    reader.feed_eof()
    assert await feed(application, reader) == len(texts)
    read = [application.update_queue.get_nowait() for _ in texts]
    assert [u.message.text for u in read if isinstance(u, Update) and u.message] == texts


@pytest.mark.asyncio
async def test_a_worker_skips_a_line_too_long_to_read_and_reads_the_next(
    settings: Settings, db: sqlite_utils.Database
) -> None:
    application = build_application(settings, db, token=LOCAL_TOKEN, jobs=False)
    reader = asyncio.StreamReader(limit=1000)
    reading = asyncio.create_task(feed(application, reader))
    reader.feed_data(b'{"update_id": 1, "x": "' + b"y" * 5000)  # no end in sight
    await asyncio.sleep(0)
    reader.feed_data(b"y" * 3000 + b'"}\n')  # its end, still past the limit
    reader.feed_data(b'{"update_id": 1, "x": "' + b"y" * 1001 + b'"}\n')  # an end past it
    reader.feed_data(json.dumps({"update_id": 2, **private_message(5, 5, "hi")}).encode())
    reader.feed_eof()  # the last line without its newline
    assert await reading == 1
    read = application.update_queue.get_nowait()
    assert isinstance(read, Update) and read.update_id == 2


def test_the_front_drops_what_no_worker_could_read_rather_than_fail() -> None:
    assert update_line({"update_id": 1, "message": nested(5000)}) is None  # too deep to write
    too_long = {"update_id": 2, "message": {"text": "x" * LINE_LIMIT}}
    assert update_line(too_long) is None


@pytest.mark.parametrize(
    ("chat_id", "same_as"),
    [(True, 1), (False, 0), (10**30, 10**30), (-(10**30), -(10**30)), (2**63, 2**63)],
)
def test_odd_integer_chat_ids_are_routed_as_python_compares_them(
    chat_id: Any, same_as: int
) -> None:
    """The worker keys a chat by `chat.id` as parsed: True is the chat 1 there too."""
    raw = {"update_id": 1, **private_message(chat_id, chat_id, "x")}
    assert owner(raw, WORKERS) == same_as % WORKERS


# The real front and workers: helpers ---------------------------------------------------------


def worker_pids(bot: subprocess.Popen[bytes]) -> dict[int, int]:
    """Each worker's number (its last argument) and process id."""
    found = {}
    for pid in children(bot.pid):
        with contextlib.suppress(OSError, ValueError, IndexError):
            args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            found[int([a for a in args if a][-1])] = pid
    return found


def alive(pid: int) -> bool:
    """Running, not a zombie waiting to be reaped."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


async def open_chats(api: LocalBotApi, ids: tuple[int, ...], timeout: float) -> None:
    """Each writes /help in turn and is answered (a chat exists for the bot once its user
    wrote; the first answers wait for the workers to start)."""
    for uid in ids:
        someone = person(api, uid)
        api.user_sends_text(LOCAL_TOKEN, someone.user, "/help")
        await someone.replies(timeout=timeout)


async def started(
    api: LocalBotApi, bot: subprocess.Popen[bytes], log: Path, ids: tuple[int, ...]
) -> None:
    """The front and its workers running, each of `ids` answered, and no worker died as it
    started (two starting on a new database once collided making the bot's tables)."""
    deadline = time.monotonic() + START_SECONDS
    while len(worker_pids(bot)) < WORKERS:
        assert bot.poll() is None, "the front ended"
        assert time.monotonic() < deadline, "the workers did not start"
        await asyncio.sleep(0.05)
    await open_chats(api, ids, START_SECONDS)
    assert b"ended (exit" not in log.read_bytes(), "a worker died as it started"


async def stopped(bot: subprocess.Popen[bytes]) -> int:
    """SIGTERM, and the exit code, waited for off the event loop that serves the Bot API (the
    front confirms what it delivered with one more getUpdates as it stops)."""
    bot.send_signal(signal.SIGTERM)
    return await asyncio.to_thread(bot.wait, 40)


async def quiet(api: LocalBotApi, quiet_for: float = 2.0, timeout: float = 60.0) -> None:
    """Every update handed out and nothing sent for `quiet_for` seconds (the workers are other
    processes: `settled` cannot see that they are idle)."""
    deadline = time.monotonic() + timeout
    seen, since = -1, time.monotonic()
    while True:
        now = time.monotonic()
        count = len(api.sent_messages(LOCAL_TOKEN))
        if count != seen or api.has_pending(LOCAL_TOKEN):
            seen, since = count, now
        elif now - since >= quiet_for:
            return
        assert now < deadline, "the bot did not go quiet"
        await asyncio.sleep(0.05)


async def answer_seconds(api: LocalBotApi, user: User, text: str, timeout: float) -> float:
    """How long `user` waits for the bot's answer to `text`."""
    cursor = api.cursor(LOCAL_TOKEN, user.id)
    began = time.monotonic()
    api.user_sends_text(LOCAL_TOKEN, user, text)
    await cursor.wait(1, timeout=timeout)
    return time.monotonic() - began


def staff_environment(api: LocalBotApi, db_path: Path, tmp_path: Path) -> dict[str, str]:
    return environment(api, db_path, tmp_path, **STAFF_ENV)


# Forged and odd updates, answered as one process answers them --------------------------------


def hostile_updates() -> list[tuple[dict[str, Any], int]]:
    """Each body, and how many times it is delivered with the same update id."""
    return [
        (private_message(ATTACKER, STAFF, "/queue"), 1),  # a staff sender in the attacker's chat
        (private_message(STAFF, ATTACKER, "/help"), 1),  # the attacker in a staff member's chat
        (private_message(True, 1, "/help"), 1),  # True == 1: not forged, but no such chat
        (private_message(True, True, "/help"), 1),
        (private_message(10**30, 10**30, "/help"), 1),
        (private_message(-(10**30), ATTACKER, "/help"), 1),
        (private_message(float(ATTACKER), ATTACKER, "/help"), 1),
        (private_message(str(ATTACKER), ATTACKER, "/help"), 1),
        (private_message(str(STAFF), ATTACKER, "/help"), 1),
        ({"message": {"chat": {"id": {"id": [ATTACKER]}}, "from": [ATTACKER], "date": "?"}}, 1),
        ({"message": nested(300)}, 1),
        (private_message(ATTACKER, ATTACKER, long_text()), 1),
        (private_message(ATTACKER, ATTACKER, CHECK), 3),  # replayed: answered once
    ]


def deliver_hostile(api: LocalBotApi) -> None:
    state = api.bot(LOCAL_TOKEN)
    for body, times in hostile_updates():
        state.last_update_id += 1
        update = {"update_id": state.last_update_id, **body}
        for _ in range(times):
            api.deliver_raw_update(LOCAL_TOKEN, update)


def outcome(api: LocalBotApi, since: int) -> list[tuple[str, str, str]]:
    """What the bot sent, to whom, in any order (chats are answered concurrently)."""
    sent = api.sent_messages(LOCAL_TOKEN)[since:]
    return sorted(
        (str(r["chat_id"]), r["method"], r.get("text") or "")
        for r in sent
        if r["chat_id"] != BYSTANDER
    )


CHATS = (STAFF_CHAT, ADMIN, ATTACKER, STAFF)


async def hostile_outcome_in_one_process(
    tmp_path: Path, db_path: Path
) -> list[tuple[str, str, str]]:
    settings = Settings(
        data_dir=tmp_path / "one",
        db=db_path,
        today=BOT_TODAY,
        send_rate_limit=0.0,
        staff=f"{STAFF}:city",
        staff_chat_id=STAFF_CHAT,
        admin_chat_id=ADMIN,
    )
    db = open_database(db_path)
    try:
        async with LocalBotApi.running() as api, running_tracked(settings, db, api):
            await open_chats(api, CHATS, 10)
            since = len(api.sent_messages(LOCAL_TOKEN))
            deliver_hostile(api)
            await settled(api)
            return outcome(api, since)
    finally:
        db.close()


@pytest.mark.slow
@pytest.mark.asyncio
async def test_forged_and_odd_updates_get_through_the_front_what_one_process_gives_them(
    tmp_path: Path, db_path: Path
) -> None:
    expected = await hostile_outcome_in_one_process(tmp_path, db_path)
    answers = [text for chat, _, text in expected if chat == str(ATTACKER)]
    assert sum(AGENCY in text for text in answers) == 1  # the replayed check, answered once
    assert not [e for e in expected if e[0] == str(STAFF)], "a staff member was written to"

    async with LocalBotApi.running() as api:
        env = staff_environment(api, db_path, tmp_path)
        log = tmp_path / "bot.log"
        with lantian_bot(env, log) as bot:
            await started(api, bot, log, CHATS)
            pids = worker_pids(bot)
            since = len(api.sent_messages(LOCAL_TOKEN))
            deliver_hostile(api)
            await quiet(api)
            assert outcome(api, since) == expected
            assert worker_pids(bot) == pids, "a worker died"
    assert b"ended (exit" not in log.read_bytes()


# Floods and a stuck worker ------------------------------------------------------------------


def fake_users(worker: int, count: int, first: int = 70_000) -> list[User]:
    """`count` users whose chats are all the `worker`'s."""
    users = [User(id=first + 2 * n + worker, first_name="x") for n in range(count)]
    assert {owner({"message": {"chat": {"id": u.id}}}, WORKERS) for u in users} == {worker}
    return users


@pytest.mark.slow
@pytest.mark.asyncio
async def test_a_flood_or_a_stuck_worker_holds_up_no_other_workers_chats(
    tmp_path: Path, db_path: Path
) -> None:
    flooder, near, far = User(60_000, "x"), User(60_002, "x"), User(60_001, "x")
    async with LocalBotApi.running() as api:
        log = tmp_path / "bot.log"
        with lantian_bot(environment(api, db_path, tmp_path), log) as bot:
            await started(api, bot, log, (near.id, far.id))
            figures: dict[str, float] = {}

            # One user sends 1000 messages: the front's gate lets a dozen through.
            flooding = api.cursor(LOCAL_TOKEN, flooder.id)
            for _ in range(1000):
                api.user_sends_text(LOCAL_TOKEN, flooder, "/help")
            figures["one user: same worker"] = await answer_seconds(api, near, CHECK, 10)
            figures["one user: other worker"] = await answer_seconds(api, far, CHECK, 10)
            await quiet(api, 1.0)
            assert len(flooding.read()) <= 20

            # 1500 users at once, each within their limits, all of one worker's chats.
            crowd = fake_users(0, 1500)
            last = api.cursor(LOCAL_TOKEN, crowd[-1].id)
            began = time.monotonic()
            for user in crowd:
                api.user_sends_text(LOCAL_TOKEN, user, CHECK)
            figures["crowd: other worker"] = await answer_seconds(api, far, CHECK, 20)
            await last.wait(1, timeout=60)
            figures["crowd: all answered"] = time.monotonic() - began

            # The same worker stuck (a long database wait, a debugger): the other answers.
            stuck = worker_pids(bot)[0]
            os.kill(stuck, signal.SIGSTOP)
            try:
                for user in fake_users(0, 1500, first=80_000):
                    api.user_sends_text(LOCAL_TOKEN, user, CHECK)
                figures["stuck: other worker"] = await answer_seconds(api, far, CHECK, 10)
            finally:
                os.kill(stuck, signal.SIGCONT)
            held = api.cursor(LOCAL_TOKEN, 80_000 + 2 * 1499)
            await held.wait(1, timeout=60)  # its backlog, answered once it runs again
            print("answer seconds:", {k: round(v, 2) for k, v in figures.items()})
            assert max(v for k, v in figures.items() if k != "crowd: all answered") < 5
            assert await stopped(bot) == 0


# A reporter's identity ---------------------------------------------------------------------


def mentions_identity(data: bytes) -> list[str]:
    """The reporter's name or phone, as text or as JSON escapes it."""
    forms = [NAME, PHONE, json.dumps(NAME)[1:-1]]
    return [form for form in forms if form.encode() in data]


@pytest.mark.slow
@pytest.mark.asyncio
async def test_a_report_survives_a_stopped_front_and_its_reporter_reaches_no_log(
    tmp_path: Path, db_path: Path
) -> None:
    logs = [tmp_path / "bot.log", tmp_path / "bot2.log"]
    async with LocalBotApi.running() as api:
        env = staff_environment(api, db_path, tmp_path)
        reporter = person(api, REPORTER)
        with lantian_bot(env, logs[0]) as bot:
            await started(api, bot, logs[0], (STAFF_CHAT, STAFF, ADMIN))
            await file_report_until_evidence(reporter)
            workers = set(worker_pids(bot).values())
            assert await stopped(bot) == 0  # mid-way: at the evidence step
            assert not [pid for pid in workers if alive(pid)]
        with lantian_bot(env, logs[1]) as bot:
            await started(api, bot, logs[1], (60_000, 60_001))
            await reporter.presses("跳过")
            await reporter.says(f"{NAME} {PHONE}")
            assert PHONE in reporter.text()  # the review shows the reporter what they gave
            posted = api.cursor(LOCAL_TOKEN, STAFF_CHAT)
            await reporter.presses("提交")
            number = ticket_number(reporter.text())
            post = (await posted.wait(1, timeout=10))[0]["text"]
            assert number in post and not mentions_identity(post.encode())
            staff = person(api, STAFF)
            await staff.says(f"/contact {number}")  # the one logged way to the identity
            assert PHONE in staff.text()
            assert await stopped(bot) == 0

    told = {r["chat_id"] for r in api.sent_messages(LOCAL_TOKEN) if PHONE in (r.get("text") or "")}
    assert told == {REPORTER, STAFF}
    with contextlib.closing(sqlite_utils.Database(db_path).conn) as conn:
        assert conn.execute("SELECT action FROM audit_log").fetchall() == [("reveal_contact",)]
    for log in logs:
        assert not mentions_identity(log.read_bytes()), log.name


# Crashes and kills ---------------------------------------------------------------------------


LOOP_SECONDS = 8.0  # of a worker that cannot start: the front once started it 5 times in 8 s


def cpu_seconds(bot: subprocess.Popen[bytes]) -> float:
    """CPU used by the front, its workers that ended and those that run."""
    ticks = os.sysconf("SC_CLK_TCK")

    def of(pid: int, fields: slice) -> int:
        with contextlib.suppress(OSError):
            stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            return sum(int(n) for n in stat[fields])
        return 0

    # After ")": state is 0, so utime..cstime (fields 14-17) are 11..14.
    return (
        of(bot.pid, slice(11, 15)) + sum(of(p, slice(11, 13)) for p in children(bot.pid))
    ) / ticks


@pytest.mark.slow
@pytest.mark.asyncio
async def test_a_worker_that_keeps_dying_costs_little_comes_back_and_a_killed_front_leaves_none(
    tmp_path: Path, db_path: Path
) -> None:
    far = User(60_001, "x")  # worker 1's
    log = tmp_path / "bot.log"
    async with LocalBotApi.running() as api:
        with lantian_bot(environment(api, db_path, tmp_path), log) as bot:
            await started(api, bot, log, (60_000, far.id))
            # The database file gone, a folder in its place: a worker started now cannot open it
            # (the running worker keeps the file it has open).
            kept = db_path.with_suffix(".kept")
            db_path.rename(kept)
            db_path.mkdir()
            os.kill(worker_pids(bot)[1], signal.SIGKILL)
            cpu, began = cpu_seconds(bot), time.monotonic()
            await asyncio.sleep(LOOP_SECONDS)
            share = (cpu_seconds(bot) - cpu) / (time.monotonic() - began)
            deaths = log.read_bytes().count(b"bot worker 1 ended")
            print(f"crash loop: {deaths} deaths in {LOOP_SECONDS} s, CPU {share:.0%} of a core")
            assert bot.poll() is None and 2 <= deaths <= 3  # 1 s, 2 s, 4 s… before each start
            assert all(alive(pid) for pid in children(bot.pid)), "a dead worker left unreaped"
            db_path.rmdir()
            kept.rename(db_path)
            api.user_sends_text(LOCAL_TOKEN, far, CHECK)  # held until the worker is back
            await person(api, far.id).replies(timeout=30)
            workers = set(worker_pids(bot).values())

            # The front killed: its workers read the end of their input and end too.
            bot.kill()
            await asyncio.to_thread(bot.wait)
            deadline = time.monotonic() + 20
            while [pid for pid in workers if alive(pid)]:
                assert time.monotonic() < deadline, "workers outlived their front"
                await asyncio.sleep(0.1)


@pytest.mark.slow
@pytest.mark.asyncio
async def test_the_front_outlives_bot_api_errors_as_one_process_does(
    tmp_path: Path, db_path: Path
) -> None:
    far = User(60_001, "x")
    async with LocalBotApi.running() as api:
        api.inject_fault("deleteWebhook", "502")  # as the front starts
        log = tmp_path / "bot.log"
        with lantian_bot(environment(api, db_path, tmp_path), log) as bot:
            await started(api, bot, log, (60_000, far.id))
            for kind in ("429", "502"):
                api.inject_fault("getUpdates", kind)
                await open_chats(api, (far.id,), 15)  # ends the poll under way: the next fails
                await eventually(lambda: not api.faults.faults, 15)
                await open_chats(api, (far.id,), 15)
                assert bot.poll() is None, kind
            assert await stopped(bot) == 0


# Settings ----------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.asyncio
@pytest.mark.parametrize("workers", ["0", "17", "two", "1.5"])
async def test_a_bad_worker_count_is_refused_by_name_and_starts_nothing(
    tmp_path: Path, db_path: Path, workers: str
) -> None:
    async with LocalBotApi.running() as api:
        env = {**environment(api, db_path, tmp_path), "LANTIAN_BOT_WORKERS": workers}
        run = await asyncio.create_subprocess_exec(
            str(LANTIAN), "bot", env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        output, _ = await asyncio.wait_for(run.communicate(), 30)
        assert run.returncode not in (0, None)
        text = output.decode()
        assert "bot_workers" in text.lower() and "Traceback" not in text, text
        assert api.calls("getMe") == 0 and api.calls("getUpdates") == 0
