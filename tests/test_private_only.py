"""What asks for or shows personal data happens only in a private chat with the bot, and a
button outside any chat acts for no one (found by a hostile tester: a report in a group posted
the reporter's name and phone there; a desk button on an inline message acted as staff)."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
import sqlite_utils

from bot.localapi.server import LocalBotApi
from bot.localapi.state import Chat, User
from bot.telegram.runner import LOCAL_TOKEN
from bot.words.chat import TEXTS
from tests.bot_harness import file_report_until_evidence, person, ticket_number

GROUP, MEMBER, STAFF = -100777, 5055, 7001


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {"staff": f"{STAFF}:city"}


def deliver(api: LocalBotApi, kind: str, body: dict[str, Any]) -> None:
    state = api.bot(LOCAL_TOKEN)
    state.last_update_id += 1
    state.allowed_updates = state.allowed_updates | {kind}
    api.deliver_raw_update(LOCAL_TOKEN, {"update_id": state.last_update_id, kind: body})


def in_group(api: LocalBotApi, text: str) -> None:
    state = api.bot(LOCAL_TOKEN)
    state.chats.setdefault(GROUP, Chat(User(id=GROUP, first_name="group")))
    message: dict[str, Any] = {
        "message_id": state.next_id(),
        "date": int(time.time()),
        "from": {"id": MEMBER, "is_bot": False, "first_name": "u", "language_code": "zh"},
        "chat": {"id": GROUP, "type": "group", "title": "a public group"},
        "text": text,
        "entities": [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}],
    }
    deliver(api, "message", message)


async def group_messages(api: LocalBotApi, at_least: int) -> list[str]:
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        sent = api.sent_messages(LOCAL_TOKEN, GROUP)
        if len(sent) >= at_least:
            return [record.get("text") or "" for record in sent]
        await asyncio.sleep(0.05)
    return [record.get("text") or "" for record in api.sent_messages(LOCAL_TOKEN, GROUP)]


@pytest.mark.asyncio
@pytest.mark.parametrize("command", ["/report", "/status", "/start report", "/report@lantian_bot"])
async def test_a_report_or_status_in_a_group_is_sent_to_a_private_chat(
    running: LocalBotApi, command: str
) -> None:
    in_group(running, command)
    answers = await group_messages(running, 1)
    await asyncio.sleep(0.3)  # nothing more follows
    assert answers == [TEXTS["private_only"][0]]
    assert (
        running.sent_messages(LOCAL_TOKEN, GROUP)[0].get("message", {}).get("reply_markup") is None
    )  # no 举报/投诉 buttons: the report never starts there


@pytest.mark.asyncio
async def test_a_desk_button_outside_any_chat_acts_for_no_one(
    running: LocalBotApi, db: sqlite_utils.Database
) -> None:
    reporter = person(running)
    await file_report_until_evidence(reporter)
    await reporter.presses("跳过")
    await reporter.presses("匿名")
    await reporter.presses("提交")
    number = ticket_number(reporter.text())
    before = db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    for action in ("accept", "investigate"):
        deliver(
            running,
            "callback_query",
            {
                "id": f"q{action}",
                "chat_instance": "1",
                "data": f"desk:{action}:{number}",
                "from": {"id": STAFF, "is_bot": False, "first_name": "s"},
                "inline_message_id": "AAAA",
            },
        )
    await person(running, 9999).says("/help")  # updates are handled in order: these came first
    assert db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == before
