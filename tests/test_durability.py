"""Durability: 1,000 reports filed at once through the bot while it is killed with SIGKILL and
restarted, again and again.

The bot runs as `lantian bot` in a child process, polling the project's own Bot API server,
which runs here and outlives every restart (as Telegram does). Each simulated reporter answers
whatever the bot last asked, as a person would: when the bot goes quiet they wait, then repeat
their last answer, and after a while start again with /report. Afterwards every report whose
receipt reached its reporter must be in the queue, with its evidence intact, and none twice.
`pytest -s tests/test_durability.py` prints the figures.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import random
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from bot.localapi.server import LocalBotApi
from bot.localapi.state import User
from bot.registry.database import open_database
from bot.telegram.runner import LOCAL_TOKEN
from bot.words.chat import REPORT_TEXTS
from tests.bot_harness import png

pytestmark = [pytest.mark.asyncio, pytest.mark.slow]

USERS = int(os.environ.get("LANTIAN_DURABILITY_USERS", "1000"))
KILLS = int(os.environ.get("LANTIAN_DURABILITY_KILLS", "6"))
UP_SECONDS = (4.0, 9.0)  # how long the bot runs between kills
DEADLINE_SECONDS = float(os.environ.get("LANTIAN_DURABILITY_SECONDS", "420"))
QUIET_SECONDS = 15.0  # a reporter waits this long for an answer before repeating theirs
RESTART_AFTER = 4  # repeats without any answer before starting again with /report
SUBJECT = "上海华岳知识产权代理有限公司"
NUMBER = re.compile(r"LT-\d{8}-\d{4}")
LANTIAN = Path(sys.executable).with_name("lantian")


def zh(key: str) -> str:
    """The start of one of the bot's Chinese sentences, enough to recognise it."""
    return re.sub(r"<[^>]+>", "", REPORT_TEXTS[key][0]).split("{")[0][:12]


class BotProcess:
    """`lantian bot` as an operator runs it, killed without warning when the test says."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env, self.log = env, log
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [str(LANTIAN), "bot"], env=self.env, stdout=out, stderr=subprocess.STDOUT
            )
        self.starts += 1

    def kill(self) -> None:
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


@dataclass
class Reporter:
    """One simulated person filing one 举报 with one photo, reacting to what the bot says."""

    api: LocalBotApi
    user: User
    photo: bytes
    receipt: str | None = None
    finished: float = 0.0  # seconds from the start to the receipt
    actions: int = 0
    seen: int = 0  # records of the bot's messages to this chat already read
    log: list[str] = field(default_factory=list)

    async def run(self, deadline: float) -> None:
        started, silent = time.monotonic(), 0
        while time.monotonic() < deadline and self.receipt is None:
            records = self.api.sent_messages(LOCAL_TOKEN, self.user.id)
            self.receipt = self._receipt(records)
            if self.receipt:
                self.finished = time.monotonic() - started
                return
            prompt = self._prompt(records)
            if prompt is None or (silent >= RESTART_AFTER and "提交" not in _buttons(prompt)):
                self._send("/report")
                silent = 0
            else:
                self._answer(prompt, records)
            self.seen = len(records)
            if await self._wait_for_answer(deadline):
                silent = 0
            else:
                silent += 1

    def _receipt(self, records: list[dict[str, Any]]) -> str | None:
        for record in records:
            text = _text(record)
            if zh("receipt") in text and (found := NUMBER.search(text)):
                return found.group(0)
        return None

    def _prompt(self, records: list[dict[str, Any]]) -> dict[str, Any] | None:
        """The bot's latest question in this chat (other replies, such as hints, are skipped)."""
        questions = [zh(k) for k in ("ask_subject", "ask_description", "ask_when", "bad_date")]
        questions += [zh(k) for k in ("ask_evidence", "evidence_saved", "ask_contact_report")]
        questions += [zh(k) for k in ("bad_contact", "review")]
        for record in reversed(records):
            buttons = _buttons(record)
            if {"举报", "投诉"} <= set(buttons) or "是这家" in buttons:
                return record
            if any(label.startswith("假冒国家机关") for label in buttons):
                return record
            if any(q in _text(record) for q in questions):
                return record
        return None

    def _answer(self, prompt: dict[str, Any], records: list[dict[str, Any]]) -> None:
        text, buttons = _text(prompt), _buttons(prompt)
        if "举报" in buttons and "投诉" in buttons:
            self._press(prompt, "举报")
        elif any(label.startswith("假冒国家机关") for label in buttons):
            self._press(prompt, next(b for b in buttons if b.startswith("假冒国家机关")))
        elif zh("ask_subject") in text:
            self._send(SUBJECT)
        elif "是这家" in buttons:
            self._press(prompt, "是这家")
        elif zh("ask_description") in text:
            self._send(f"对方自称商标局受理窗口，收取加急费。举报人 {self.user.id}。")
        elif zh("ask_when") in text or zh("bad_date") in text:
            self._send("2026-05-20")
        elif zh("evidence_saved") in text:
            # "Saved" has no buttons: "Done" is on the question that asked for evidence.
            asked = next(r for r in reversed(records) if "完成" in _buttons(r))
            self._press(asked, "完成")
        elif zh("ask_evidence") in text:
            self.api.user_sends_photo(LOCAL_TOKEN, self.user, self.photo)
            self.actions += 1
            self.log.append("<photo>")
        elif zh("ask_contact_report") in text or zh("bad_contact") in text:
            self._send("李四 13800138000")
        elif "提交" in buttons:
            self._press(prompt, "提交")

    def _send(self, text: str) -> None:
        self.api.user_sends_text(LOCAL_TOKEN, self.user, text)
        self.actions += 1
        self.log.append(text[:20])

    def _press(self, record: dict[str, Any], label: str) -> None:
        markup = (record.get("message") or {}).get("reply_markup") or {}
        for row in markup.get("inline_keyboard", []):
            for button in row:
                if button["text"] == label:
                    self.api.user_presses_button(
                        LOCAL_TOKEN, self.user, record["message_id"], button["callback_data"]
                    )
                    self.actions += 1
                    self.log.append(f"[{label}]")
                    return

    async def _wait_for_answer(self, deadline: float) -> bool:
        until = min(deadline, time.monotonic() + QUIET_SECONDS)
        while time.monotonic() < until:
            if len(self.api.sent_messages(LOCAL_TOKEN, self.user.id)) > self.seen:
                return True
            await asyncio.sleep(0.1)
        return False


def _text(record: dict[str, Any]) -> str:
    return str((record.get("message") or {}).get("text") or "")


def _buttons(record: dict[str, Any]) -> list[str]:
    markup = (record.get("message") or {}).get("reply_markup") or {}
    return [b["text"] for row in markup.get("inline_keyboard", []) for b in row]


async def kill_and_restart(bot: BotProcess, kills: int, stop: asyncio.Event) -> int:
    """SIGKILL the bot `kills` times at random moments, restarting it each time."""
    rng = random.Random(426)
    done = 0
    while done < kills and not stop.is_set():
        try:
            await asyncio.wait_for(stop.wait(), timeout=rng.uniform(*UP_SECONDS))
        except TimeoutError:
            bot.kill()
            done += 1
            await asyncio.sleep(rng.uniform(0.0, 1.0))
            bot.start()
    return done


async def test_every_receipted_report_survives_sigkill_restarts_once_with_its_evidence(
    tmp_path: Path, db_path: Path
) -> None:
    data = tmp_path / "data"
    async with LocalBotApi.running() as api:
        env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": LOCAL_TOKEN,
            "TELEGRAM_API_BASE_URL": api.base_url,
            "LANTIAN_DB": str(db_path),
            "LANTIAN_DATA_DIR": str(data),
            "LANTIAN_TODAY": "2026-06-01",
            "LANTIAN_SEND_RATE_LIMIT": "0",
            "LANTIAN_REPORTS_PER_DAY": "5",
        }
        env.pop("LANTIAN_STAFF_CHAT_ID", None)
        bot = BotProcess(env, tmp_path / "bot.log")
        reporters = [
            Reporter(api, User(id=10_000 + i, first_name="测试"), png(2 + i % 40, 2 + i // 40))
            for i in range(USERS)
        ]
        started = time.monotonic()
        bot.start()
        stop = asyncio.Event()
        killer = asyncio.create_task(kill_and_restart(bot, KILLS, stop))
        deadline = started + DEADLINE_SECONDS
        await asyncio.gather(*(r.run(deadline) for r in reporters))
        seconds = time.monotonic() - started
        stop.set()
        kills = await killer
        bot.stop()

    db = open_database(db_path)
    receipts = {r.user.id: r.receipt for r in reporters if r.receipt}
    tickets = list(db.query("SELECT id, number, reporter_user_id, source_key FROM tickets"))
    per_user: dict[int, list[str]] = {}
    for ticket in tickets:
        per_user.setdefault(ticket["reporter_user_id"], []).append(ticket["number"])
    print(
        f"\ndurability: {USERS} reporters, {kills} SIGKILLs ({bot.starts} starts) in "
        f"{seconds:.0f} s; {len(receipts)} receipts, {len(tickets)} tickets, "
        f"{sum(r.actions for r in reporters)} actions by reporters"
    )
    assert kills == KILLS, "the bot was not killed as often as planned"
    times = sorted(r.finished for r in reporters if r.receipt)
    if times:
        print(f"time to receipt: p50 {times[len(times) // 2]:.1f} s, max {times[-1]:.1f} s")
    assert len(receipts) >= USERS * 0.98, (
        f"only {len(receipts)} of {USERS} completed: "
        + "; ".join(describe(r) for r in reporters if not r.receipt)[:3000]
    )
    twice = {user: numbers for user, numbers in per_user.items() if len(numbers) > 1}
    assert twice == {}, f"reports filed twice: {list(twice.items())[:5]}"
    for user, number in receipts.items():
        assert per_user.get(user) == [number], f"receipt {number} of {user} is not in the queue"
    assert_evidence_intact(db, data, [number for number in receipts.values()])


def describe(reporter: Reporter) -> str:
    """What a reporter who got no receipt last did and was told, for the failure message."""
    told = [_text(m)[:30] for m in reporter.api.sent_messages(LOCAL_TOKEN, reporter.user.id)]
    return f"{reporter.user.id} did {reporter.log[-6:]}, was told {told[-3:]}"


def assert_evidence_intact(db: sqlite_utils.Database, data: Path, numbers: list[str]) -> None:
    rows = db.execute(
        "SELECT t.number, e.sha256, e.stored_path FROM tickets t "
        "LEFT JOIN evidence e ON e.ticket_id = t.id"
    ).fetchall()
    evidence = {number: (sha, path) for number, sha, path in rows}
    for number in numbers:
        sha, path = evidence[number]
        assert sha is not None, f"{number} lost its photo"
        body = (data / path).read_bytes()
        assert hashlib.sha256(body).hexdigest() == sha, f"{number}: evidence damaged"
