"""The bot's lifecycle end to end: an abandoned report reminded then discarded, webhook
mode, deep links, evidence past Telegram's download limit, and long replies split to
Telegram's limit. Same approach as test_bot_e2e: the real python-telegram-bot Application
over HTTP against the project's own Bot API server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import base64
import json
import re
import socket
import time
from collections.abc import Awaitable, Callable
from html import escape
from typing import Any

import httpx
import pytest
import sqlite_utils

from bot.localapi.entities import TEXT_LIMIT, parse_html, utf16_len
from bot.localapi.server import LocalBotApi
from bot.settings import Settings
from bot.telegram.app import build_application
from bot.telegram.cards import TELEGRAM_LIMIT, split_message
from bot.telegram.check_handlers import encode_query
from bot.telegram.runner import LOCAL_TOKEN, running_application
from bot.telegram.webhook import webhook_running
from bot.words.chat import REPORT_TEXTS, TEXTS
from tests.bot_harness import Person, eventually, file_report_until_evidence, person, settled
from tests.test_bot_e2e import HUAYUE, STAFF_CHAT

pytestmark = pytest.mark.asyncio

REMINDER = REPORT_TEXTS["reminder"][0]
DISCARDED = REPORT_TEXTS["discarded"][0]
TOO_LARGE = REPORT_TEXTS["evidence_too_large"][0]
WELCOME = TEXTS["welcome"][0].split("\n")[0]
APOLOGY = TEXTS["error"][0]
HUAYUE_NAME = "上海华岳知识产权代理有限公司"


# Fixtures (db_path, api, db: tests/bot_harness.py; the report timers as knobs) ---------


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {"staff_chat_id": STAFF_CHAT, "reports_per_day": 5}


# Helpers -------------------------------------------------------------------------------


def stored_user_data(db: sqlite_utils.Database, user_id: int) -> dict[str, Any] | None:
    row = db.execute("SELECT data FROM bot_user_data WHERE user_id = ?", [user_id]).fetchone()
    return json.loads(row[0]) if row else None


def has_draft(db: sqlite_utils.Database, user_id: int) -> bool:
    return "draft" in (stored_user_data(db, user_id) or {})


def stored_conversation(db: sqlite_utils.Database, user_id: int) -> str | None:
    row = db.execute(
        "SELECT state FROM bot_conversations WHERE name = 'report' AND key = ?",
        [json.dumps([user_id, user_id])],
    ).fetchone()
    return json.loads(row[0]) if row else None


def texts_sent_to(api: LocalBotApi, user_id: int) -> list[str]:
    return [r.get("text") or "" for r in api.sent_messages(LOCAL_TOKEN, user_id)]


def next_update_id(api: LocalBotApi) -> int:
    """An id after every update the server made, so de-duplication does not drop ours."""
    state = api.bot(LOCAL_TOKEN)
    state.last_update_id += 1
    return state.last_update_id


def raw_message(api: LocalBotApi, someone: Person, **content: Any) -> dict[str, Any]:
    """An update with a message from `someone`, built by hand (user_* cannot fake sizes)."""
    chat = api.bot(LOCAL_TOKEN).chat_for(someone.user)
    message = {
        "message_id": chat.next_message_id(),
        "from": someone.user.to_api(),
        "chat": someone.user.chat(),
        "date": int(time.time()),
        **content,
    }
    return {"update_id": next_update_id(api), "message": message}


async def replies_until_keyboard(
    someone: Person, act: Callable[[], Awaitable[list[dict[str, Any]]]]
) -> list[dict[str, Any]]:
    """A reply that may come in parts: everything up to the part that carries the buttons."""
    records = list(await act())
    while not (records[-1].get("message") or {}).get("reply_markup"):
        records += await someone.replies()
    someone.last = records
    return records


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# 1. An abandoned report is reminded once, then discarded ----------------------------------


async def test_an_abandoned_report_is_reminded_once_then_discarded(
    api: LocalBotApi, settings: Settings, db: sqlite_utils.Database
) -> None:
    quick = settings.model_copy(
        update={"report_reminder_minutes": 0.01, "report_discard_minutes": 0.03}
    )  # 0.6 s and 1.8 s
    async with running_application(quick, db, api):
        alice = person(api)
        await alice.says("/report")
        await alice.presses("举报")  # one step answered, then silence
        left_at = time.monotonic()
        assert "哪一类" in alice.text()

        reminder = await alice.replies(timeout=5)
        reminded_after = time.monotonic() - left_at
        assert reminder[0]["text"] == REMINDER
        assert reminded_after >= 0.5, "the reminder came before report_reminder_minutes"
        # Meanwhile the draft and the step are saved, so a restart would resume them.
        assert await eventually(lambda: has_draft(db, alice.user.id))
        assert await eventually(lambda: stored_conversation(db, alice.user.id) == "category")

        discard = await alice.replies(timeout=5)
        assert discard[0]["text"] == DISCARDED, "a second reminder instead of the discard?"
        assert time.monotonic() - left_at >= 1.6, "discarded before report_discard_minutes"

        await asyncio.sleep(0.8)  # longer than the reminder interval: nothing more comes
        assert alice.cursor.read() == []
        assert texts_sent_to(api, alice.user.id).count(REMINDER) == 1

        await alice.says(HUAYUE_NAME)  # plain text is a check again, not an answer
        assert HUAYUE in alice.text() and "合规" in alice.text()
        assert await eventually(lambda: stored_conversation(db, alice.user.id) is None)
        assert await eventually(lambda: not has_draft(db, alice.user.id))
        assert stored_user_data(db, alice.user.id) is not None  # the row is there, draftless


async def test_a_discarded_draft_leaves_the_database_without_waiting_for_the_user(
    api: LocalBotApi, settings: Settings, db: sqlite_utils.Database
) -> None:
    quick = settings.model_copy(
        update={"report_reminder_minutes": 0.01, "report_discard_minutes": 0.02}
    )
    async with running_application(quick, db, api):
        alice = person(api)
        await file_report_until_evidence(alice)  # subject, description and date typed
        assert await eventually(lambda: has_draft(db, alice.user.id))
        await alice.replies(2, timeout=5)  # the reminder, then the discard
        assert [r["text"] for r in alice.last] == [REMINDER, DISCARDED]
        # The user says nothing more; a restart now must not find the discarded draft.
        assert await eventually(lambda: stored_conversation(db, alice.user.id) is None)
        assert await eventually(lambda: not has_draft(db, alice.user.id), timeout=1.5), (
            f"the discarded draft is still stored: {stored_user_data(db, alice.user.id)}"
        )


# 2. No reminder for a report that was finished in time --------------------------------------


async def _submit(alice: Person) -> None:
    await file_report_until_evidence(alice)
    await alice.presses("跳过")
    await alice.presses("匿名")
    await alice.presses("提交")
    assert "LT-" in alice.text()


async def _cancel_by_command(alice: Person) -> None:
    await alice.says("/report")
    await alice.presses("举报")
    await alice.says("/cancel")
    assert "已取消" in alice.text()


async def _cancel_at_review(alice: Person) -> None:
    await file_report_until_evidence(alice)
    await alice.presses("跳过")
    await alice.presses("匿名")
    await alice.presses("取消")
    assert "已取消" in alice.text()


@pytest.mark.parametrize(
    "finish",
    [_submit, _cancel_by_command, _cancel_at_review],
    ids=["submitted", "cancelled-by-command", "cancelled-at-review"],
)
async def test_no_reminder_for_a_report_finished_in_time(
    api: LocalBotApi,
    settings: Settings,
    db: sqlite_utils.Database,
    finish: Callable[[Person], Awaitable[None]],
) -> None:
    timers = settings.model_copy(
        update={"report_reminder_minutes": 0.015, "report_discard_minutes": 0.2}
    )  # 0.9 s and 12 s
    async with running_application(timers, db, api) as app:
        await person(api, STAFF_CHAT).says("/help")
        alice, bob = person(api, 701), person(api, 702)
        await finish(alice)
        queue = app.job_queue
        assert queue is not None
        # The receipt comes before the staff post and the clean-up: wait for the latter.
        assert await eventually(
            lambda: not queue.get_jobs_by_name(f"report-reminder-{alice.user.id}")
        )
        # Bob abandons his report after Alice finished hers: when his reminder comes, one
        # armed for Alice would have come too.
        await bob.says("/report")
        reminder = await bob.replies(timeout=5)
        assert reminder[0]["text"] == REMINDER
        await asyncio.sleep(0.2)
        texts = texts_sent_to(api, alice.user.id)
        assert REMINDER not in texts and DISCARDED not in texts


# 3. Webhook mode ---------------------------------------------------------------------------


async def test_webhook_mode_answers_checks_and_refuses_a_wrong_secret(
    api: LocalBotApi, settings: Settings, db: sqlite_utils.Database
) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram"
    app = build_application(
        settings, db, token=LOCAL_TOKEN, base_url=api.base_url, base_file_url=api.base_file_url
    )
    async with webhook_running(
        app, secret="s3cret", public_url=f"http://127.0.0.1:{port}", port=port
    ):
        assert api.webhook_url(LOCAL_TOKEN) == url
        assert api.bot(LOCAL_TOKEN).webhook.secret_token == "s3cret"  # type: ignore[union-attr]

        alice = person(api)
        await alice.says(HUAYUE_NAME)  # the server POSTs it to the webhook with the secret
        assert HUAYUE in alice.text() and "合规" in alice.text() and "数据截至" in alice.text()
        assert api.calls("getUpdates") == 0

        forged = raw_message(api, alice, text=HUAYUE_NAME)
        async with httpx.AsyncClient(timeout=5) as client:
            wrong = await client.post(
                url, json=forged, headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"}
            )
            missing = await client.post(url, json=forged)
            assert (wrong.status_code, missing.status_code) == (403, 403)
            await settled(api)
            assert alice.cursor.read() == [], "a forged update was answered"
            # The same update with the right secret is answered: the refusal was the secret.
            right = await client.post(
                url, json=forged, headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret"}
            )
        assert right.status_code == 200
        await alice.replies()
        assert HUAYUE in alice.text()
    assert not app.running


# 4. Deep links -----------------------------------------------------------------------------


async def test_the_report_deep_link_starts_the_report_conversation(running: LocalBotApi) -> None:
    alice = person(running)
    await alice.says("/start report")
    assert "举报" in alice.text() and "投诉" in alice.text() and "/cancel" in alice.text()
    assert WELCOME not in alice.text()
    await alice.presses("举报")  # the buttons belong to the conversation
    assert "哪一类" in alice.text()


GARBAGE_PAYLOADS = [
    "c_a",  # not a whole base64 quantum
    "c_" + base64.urlsafe_b64encode(b"\xff\xfe\xfd").decode(),  # not UTF-8
    "c_",  # empty
    "c_!!!!",  # no base64 at all
    "hello",  # not a check payload
]


async def test_a_deep_link_with_a_garbage_payload_gets_the_welcome(running: LocalBotApi) -> None:
    alice = person(running)
    for payload in GARBAGE_PAYLOADS:
        await alice.says(f"/start {payload}")
        assert WELCOME in alice.text() and APOLOGY not in alice.text(), payload
    await alice.says("/start " + encode_query(HUAYUE_NAME))  # a good one still opens a check
    assert HUAYUE in alice.text()


@pytest.mark.parametrize("blank", ["   ", "\x00" * 48, "\u202e\x00", "\u200b"])
async def test_a_deep_link_to_a_blank_query_gets_the_welcome(
    running: LocalBotApi, blank: str
) -> None:
    alice = person(running)
    await alice.says("/start " + encode_query(blank))  # /check with blanks asks instead
    assert WELCOME in alice.text(), alice.text()


# 5. Evidence past Telegram's download limit -------------------------------------------------


async def test_evidence_past_the_download_limit_is_refused_without_downloading(
    running: LocalBotApi,
) -> None:
    alice = person(running)
    await file_report_until_evidence(alice)
    huge = 25 * 1024 * 1024
    photo = {
        "file_id": "AgACAgUAAxkBAAIBunknownphoto",
        "file_unique_id": "AQADunknownphoto",
        "width": 6000,
        "height": 4000,
        "file_size": huge,
    }
    running.deliver_raw_update(LOCAL_TOKEN, raw_message(running, alice, photo=[photo]))
    await alice.replies()
    assert alice.text() == TOO_LARGE
    document = {
        "file_id": "BQACAgUAAxkBAAIBunknowndocument",
        "file_unique_id": "AgADunknowndocument",
        "file_name": "scan.pdf",
        "mime_type": "application/pdf",
        "file_size": huge,
    }
    running.deliver_raw_update(LOCAL_TOKEN, raw_message(running, alice, document=document))
    await alice.replies()
    assert alice.text() == TOO_LARGE
    assert running.calls("getFile") == 0
    await alice.presses("完成")  # still in the report, at the same step
    assert "联系方式" in alice.text()


# 6. Long messages split to Telegram's limit -----------------------------------------------


def assert_clean_split(text: str, parts: list[str], limit: int = TELEGRAM_LIMIT) -> None:
    """Each part fits, is valid Telegram HTML, and the parts are the text in order."""
    assert parts
    position = 0
    for part in parts:
        assert 0 < len(part) <= limit
        assert not re.search(r"&[#\w]*$", part), f"ends inside an entity: {part[-12:]!r}"
        parse_html(part, strict_ampersand=True)  # raises on a cut tag or entity
        assert text.startswith(part, position), f"part does not continue the text: {part[:40]!r}"
        position += len(part)
        while text[position : position + 1] == "\n":
            position += 1
    assert position == len(text)


def card_like(entries: int) -> str:
    """Lines as cards make them: tags opened and closed on one line, escaped names."""
    lines: list[str] = []
    for i in range(entries):
        name = escape(f"上海A&B<{i}>知识产权代理有限公司")
        lines.append(f"{i}. <b>合规</b> {name} · 浦东新区")
        lines.append(f"   <code>91310106MA1FL3R{i:03d}</code> 021-6123{i:04d}")
        if i % 7 == 6:
            lines.append("")  # a blank line between groups, as between a card's sections
    return "\n".join(lines)


@pytest.mark.parametrize("entries", [1, 60, 200, 600])
async def test_split_message_cuts_cards_between_lines(entries: int) -> None:
    text = card_like(entries)
    parts = split_message(text)
    assert_clean_split(text, parts)
    if len(text) <= TELEGRAM_LIMIT:
        assert parts == [text]
    else:
        assert len(parts) >= 2 and all(p.count("<b>") == p.count("</b>") for p in parts)


@pytest.mark.parametrize("offset", range(TELEGRAM_LIMIT - 12, TELEGRAM_LIMIT + 1))
async def test_split_message_never_cuts_inside_an_entity(offset: int) -> None:
    # One line longer than the limit (only escaped user text is), with an entity placed
    # across every possible cut point.
    text = "x" * offset + escape("&<>\"'" * 1500) + "\nend"
    assert_clean_split(text, split_message(text))


async def test_split_message_counts_as_telegram_counts() -> None:
    text = "举报 😀" * 2000
    parts = split_message(text)
    assert all(utf16_len(parse_html(p).text) <= TEXT_LIMIT for p in parts)


async def test_a_long_review_arrives_in_parts_and_can_be_submitted(
    running: LocalBotApi,
) -> None:
    alice = person(running)
    await alice.says("/report")
    await alice.presses("举报")
    await alice.presses("假冒国家机关")
    await alice.says(HUAYUE_NAME)
    await alice.presses("是这家")
    description = " ".join(f"A&B<{i % 10}>" for i in range(300)).ljust(2999, "&")
    assert len(description) == 2999  # under the 3,000 limit; escaped it is over 4,096
    await alice.says(description)
    await alice.presses("不记得")
    await alice.presses("跳过")
    parts = await replies_until_keyboard(alice, lambda: alice.presses("匿名"))
    assert all(p["method"] == "sendMessage" for p in parts)
    assert parts[0]["text"].startswith("请核对后提交")
    assert all(utf16_len(p["text"]) <= TEXT_LIMIT for p in parts)
    assert len(parts) >= 3  # the summary, then the description cut in two or more
    keyboards = [bool(p["message"].get("reply_markup")) for p in parts]
    assert keyboards == [False] * (len(parts) - 1) + [True]  # buttons on the last part
    joined = re.sub(r"\s", "", "".join(p["text"] for p in parts))
    assert re.sub(r"\s", "", description) in joined
    assert APOLOGY not in alice.text()
    await alice.presses("提交")
    assert "LT-" in alice.text()


async def test_a_long_report_still_reaches_the_staff_chat(running: LocalBotApi) -> None:
    alice = person(running)
    staff = running.cursor(LOCAL_TOKEN, STAFF_CHAT)
    await alice.says("/report")
    await alice.presses("举报")
    await alice.presses("假冒国家机关")
    await alice.says(HUAYUE_NAME)
    await alice.presses("是这家")
    await alice.says("A&B " * 749 + "end")
    await alice.presses("不记得")
    await alice.presses("跳过")
    await replies_until_keyboard(alice, lambda: alice.presses("匿名"))
    await alice.presses("提交")
    number = re.search(r"LT-\d{8}-\d{4}", alice.text())
    assert number
    posted = await staff.wait(1, timeout=1.5)
    assert number.group(0) in posted[0]["text"]


async def test_a_report_described_in_emoji_reaches_the_review(running: LocalBotApi) -> None:
    alice = person(running)
    await alice.says("/report")
    await alice.presses("举报")
    await alice.presses("假冒国家机关")
    await alice.says(HUAYUE_NAME)
    await alice.presses("是这家")
    await alice.says("😡" * 2100)  # 2,100 characters: within the 3,000 allowed
    await alice.presses("不记得")
    await alice.presses("跳过")
    await alice.presses("匿名")
    assert APOLOGY not in alice.text()
    assert alice.text().startswith("请核对后提交")
