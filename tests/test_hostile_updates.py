"""Forged, replayed and odd Bot API updates (tests/hostile/updates/*.json), fed to the real
Application through the project's Bot API server, by polling and by our webhook server.

Whatever a file holds, four things stay true: no handler crashes (no apology, no crash
report, no error logged), the reporter's name and phone reach nobody, the audit log gains no
line in a staff member's name, and the attacker hears what the file says and no more.

A file: {"about", "updates": [...], "attacker_hears": "nothing" | "one reply" | "toasts" |
"anything"}, and optionally "repeat": n (deliver each update n times), "register_query":
false (a callback id the server never issued), "logs_errors": true (python-telegram-bot
logs one; we must not), "quiet": true (button answers are toasts, not alerts). Strings
"$STAFF", "$ATTACKER", "$TICKET"… are filled in here, and a text starting with a command
gets its bot_command entity.
"""

from __future__ import annotations

import contextlib
import json
import logging
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
import sqlite_utils

from bot.localapi.server import LocalBotApi
from bot.settings import Settings
from bot.telegram import gate
from bot.telegram.app import build_application
from bot.telegram.runner import LOCAL_TOKEN
from bot.telegram.webhook import webhook_running
from bot.words.chat import TEXTS
from tests.bot_harness import (
    Person,
    file_report_until_evidence,
    person,
    running_tracked,
    settled,
    ticket_number,
    tracked,
)
from tests.test_bot_lifecycle import free_port

CORPUS = Path(__file__).parent / "hostile" / "updates"
FILES = sorted(CORPUS.glob("*.json"))
STAFF, ATTACKER, REPORTER, ADMIN, STAFF_CHAT = 7001, 4242, 501, 9100, 9001
REPORTER_IDENTITY = ("李四", "13800138000")
APOLOGY = TEXTS["error"][0]
SETTLED = TEXTS["lang_set"][0]


@pytest.fixture
def settings_overrides(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    # A file may press many buttons at once; the flood gate is tested in test_flood.py.
    monkeypatch.setattr(gate, "CALLBACK_BURST", 1.0)
    return {"staff_chat_id": STAFF_CHAT, "admin_chat_id": ADMIN, "staff": f"{STAFF}:city"}


@contextlib.asynccontextmanager
async def bot_over(
    transport: str, api: LocalBotApi, settings: Settings, db: sqlite_utils.Database
) -> AsyncIterator[None]:
    """The real Application, polling the Bot API server or behind our webhook server (which
    the Bot API server then POSTs every update to, with the secret)."""
    if transport == "polling":
        async with running_tracked(settings, db, api):
            yield
        return
    app = build_application(
        settings, db, token=LOCAL_TOKEN, base_url=api.base_url, base_file_url=api.base_file_url
    )
    port = free_port()
    async with (
        webhook_running(
            app, secret="hostile-test", public_url=f"http://127.0.0.1:{port}", port=port
        ),
        tracked(app),
    ):
        yield


@pytest_asyncio.fixture(params=["polling", "webhook"])
async def scene(
    request: pytest.FixtureRequest,
    api: LocalBotApi,
    settings: Settings,
    db: sqlite_utils.Database,
) -> AsyncIterator[tuple[LocalBotApi, str]]:
    """The bot running, a real-name report filed, the staff, admin and attacker chats open."""
    async with bot_over(request.param, api, settings, db):
        for chat in (STAFF_CHAT, ADMIN, ATTACKER):
            await person(api, chat).says("/help")  # a chat exists once its user has written
        reporter = person(api, REPORTER)
        await file_report_until_evidence(reporter)
        await reporter.presses("跳过")
        await reporter.says("李四 13800138000")
        await reporter.presses("提交", count=1)
        yield api, ticket_number(reporter.text())


def filled(template: Any, values: dict[str, Any]) -> Any:
    """The template with each "$NAME" replaced: a whole string by the value itself (so ids
    stay integers), a "$NAME" inside a longer string by its text."""
    if isinstance(template, dict):
        return {key: filled(value, values) for key, value in template.items()}
    if isinstance(template, list):
        return [filled(value, values) for value in template]
    if isinstance(template, str):
        if template in values:
            return values[template]
        for name in sorted(values, key=len, reverse=True):  # $BOT_USERNAME before $BOT
            template = template.replace(name, str(values[name]))
    return template


def with_command_entities(body: dict[str, Any]) -> dict[str, Any]:
    """A text that starts with a command gets the bot_command entity Telegram would add."""
    for message in body.values():
        text = message.get("text") if isinstance(message, dict) else None
        if isinstance(text, str) and text.startswith("/"):
            command = text.split()[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
    return body


def deliver(api: LocalBotApi, case: dict[str, Any], ticket: str) -> tuple[int, int]:
    """Queue the file's updates; returns (updates delivered, callback queries among them)."""
    state = api.bot(LOCAL_TOKEN)
    chat = state.chat_for(person(api, ATTACKER).user)
    bot_messages = [r["message_id"] for r in api.sent_messages(LOCAL_TOKEN, ATTACKER)]
    delivered = callbacks = 0
    for template in case["updates"]:
        values = {
            "$STAFF": STAFF,
            "$ATTACKER": ATTACKER,
            "$BOT": state.bot_id,
            "$TICKET": ticket,
            "$DATE": int(time.time()),
            "$MESSAGE_ID": chat.next_message_id(),
            "$BOT_MESSAGE_ID": bot_messages[-1],
            "$QUERY_ID": f"q{state.next_id()}",
            "$INLINE_ID": f"i{state.next_id()}",
            "$BOT_USERNAME": state.username,
        }
        body = with_command_entities(filled(template, values))
        if "callback_query" in body:
            callbacks += 1
        if "inline_query" in body:
            state.inline_queries[body["inline_query"]["id"]] = body["inline_query"]
        state.last_update_id += 1
        update = {"update_id": state.last_update_id, **body}
        state.allowed_updates = state.allowed_updates | set(body)  # as if asked for every kind
        for _ in range(case.get("repeat", 1)):
            api.deliver_raw_update(LOCAL_TOKEN, update)
            delivered += 1
        if "callback_query" in body and not case.get("register_query", True):
            del state.callback_queries[body["callback_query"]["id"]]  # the server forgot it
    return delivered, callbacks


async def settle(attacker: Person) -> None:
    """Every forged update handled (chats run concurrently), and the attacker still answered."""
    await settled(attacker.api)
    attacker.api.user_sends_text(LOCAL_TOKEN, attacker.user, "/lang zh")
    while SETTLED not in attacker.text():
        await attacker.replies()


@pytest.mark.asyncio
@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
async def test_a_hostile_update_gets_nothing_it_should_not(
    scene: tuple[LocalBotApi, str],
    db: sqlite_utils.Database,
    path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    api, ticket = scene
    case = json.loads(path.read_text(encoding="utf-8"))
    audit_before = db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    everyone = api.cursor(LOCAL_TOKEN)
    attacker = person(api, ATTACKER)
    answers_before = len(api.callback_answers(LOCAL_TOKEN))
    caplog.set_level(logging.INFO)

    _, callbacks = deliver(api, case, ticket)
    await settle(attacker)

    sent = everyone.read()
    texts = [r.get("text") or "" for r in sent]
    assert not [t for t in texts if any(part in t for part in REPORTER_IDENTITY)], path.stem
    assert db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == audit_before
    assert APOLOGY not in "\n".join(texts)
    assert not [r for r in sent if r.get("chat_id") == ADMIN], "a crash report was sent"
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    if case.get("logs_errors"):  # the framework's own complaint about the batch, then ours
        errors = [r for r in errors if not r.name.startswith("telegram.")]
    assert not errors, [r.getMessage() for r in errors]

    to_attacker = [r for r in sent if r.get("chat_id") == ATTACKER and r.get("text") != SETTLED]
    answers = api.callback_answers(LOCAL_TOKEN)[answers_before:]
    expected = case["attacker_hears"]
    if expected == "nothing":
        assert to_attacker == [] and answers == []
    elif expected == "one reply":
        assert len(to_attacker) == 1, to_attacker
    elif expected == "toasts":
        assert to_attacker == [] and len(answers) == callbacks
        assert all(not (a.get("text") or "").startswith(APOLOGY[:8]) for a in answers)
        if case.get("quiet"):
            alerts = [a for a in answers if str(a.get("show_alert")).lower() == "true"]
            assert alerts == [], "an alert, not a toast"


@pytest.fixture
def without_the_gate(monkeypatch: pytest.MonkeyPatch) -> None:
    async def let_through(update: object, context: object) -> None:
        return None

    monkeypatch.setattr(gate, "drop_forged", let_through)


@pytest.mark.asyncio
@pytest.mark.usefixtures("without_the_gate")
@pytest.mark.parametrize(
    "name",
    [
        "forged_contact_from_staff_in_attackers_chat",
        "forged_desk_button_from_staff_in_attackers_chat",
    ],
)
async def test_the_desk_itself_refuses_a_private_chat_that_is_not_the_senders(
    scene: tuple[LocalBotApi, str], db: sqlite_utils.Database, name: str
) -> None:
    """Defence in depth: with the gate removed, staff commands still check the chat."""
    api, ticket = scene
    case = json.loads((CORPUS / f"{name}.json").read_text(encoding="utf-8"))
    audit_before = db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    everyone = api.cursor(LOCAL_TOKEN)
    deliver(api, case, ticket)
    await settle(person(api, ATTACKER))
    texts = "\n".join(r.get("text") or "" for r in everyone.read())
    assert "李四" not in texts and "13800138000" not in texts
    assert db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == audit_before


@pytest.mark.parametrize(("chat_id", "user_id"), [(4242.0, 4242), (True, 1), (4242, 4242.0)])
def test_an_id_that_is_not_a_whole_number_is_forged(chat_id: object, user_id: object) -> None:
    """`4242.0 != 4242` is False and `True != 1` is False: without this, such a chat would pass
    as the sender's own private chat."""
    from telegram import Update

    sender = {"id": user_id, "is_bot": False, "first_name": "x"}
    chat = {"id": chat_id, "type": "private"}
    message = {"message_id": 1, "date": 0, "chat": chat, "from": sender, "text": "hi"}
    update = Update.de_json({"update_id": 1, "message": message}, None)
    assert gate.forged_reason(update) == "an id that is not a whole number"
