"""An English reporter reads English all the way: every question, every refusal, the summary,
the receipt and /status, with no Chinese punctuation of ours (only the registry's own names may
be Chinese), and /status names a matched agency by its registered name."""

from __future__ import annotations

import re
from typing import Any

import pytest

from bot.localapi.server import LocalBotApi
from bot.telegram.runner import LOCAL_TOKEN
from tests.bot_harness import Person, eventually, person, png

pytestmark = pytest.mark.asyncio
STAFF_CHAT = 9001  # the local server has private chats only; a staff member's stands in
HUAYUE = "91310106MA1FL3R23H"
HUAYUE_NAME = "上海华岳知识产权代理有限公司"
CHINESE = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {"staff_chat_id": STAFF_CHAT, "lang": "en"}  # the staff chat reads English


def everything_read(api: LocalBotApi, user_id: int) -> list[str]:
    """Each message's text and button labels, and each toast, the reporter was shown."""
    read: list[str] = []
    for record in api.sent_messages(LOCAL_TOKEN, user_id):
        read.append(record.get("text") or "")
        markup: dict[str, Any] = (record.get("message") or {}).get("reply_markup") or {}
        read += [b["text"] for row in markup.get("inline_keyboard", []) for b in row]
    read += [a.get("text") or "" for a in api.callback_answers(LOCAL_TOKEN)]
    return [line for line in read if line]


def ours(text: str) -> str:
    """The text without what the registry and the reporter wrote (their words, not ours)."""
    for data in (HUAYUE_NAME, "张三"):
        text = text.replace(data, "NAME")
    return text


async def a_complaint_in_english(alice: Person) -> None:
    await alice.says("/report")
    await alice.presses("Complaint")
    await alice.presses("Other")
    await alice.says(HUAYUE.lower())
    await alice.presses("Yes, this one")
    await alice.says(" ")  # a blank description is refused
    await alice.says("They took the fee and vanished.")
    await alice.says("2026-13-45")  # not a date
    await alice.says("2027-01-01")  # after today
    await alice.says("2026-05-20")
    await alice.presses("Skip")
    await alice.says("nobody")  # no phone number
    await alice.says("张三 13800138000")
    await alice.presses("Change subject")
    await alice.says("some shop")
    await alice.presses("Change subject")
    await alice.says(HUAYUE)
    await alice.presses("Yes, this one")
    await alice.presses("Submit")
    await alice.says("/status")


async def test_an_english_reporter_reads_no_chinese_words_or_marks_of_ours(
    running: LocalBotApi,
) -> None:
    alice = person(running, 4242, lang="en")
    await a_complaint_in_english(alice)
    read = [ours(text) for text in everything_read(running, alice.user.id)]
    assert len(read) > 20
    assert [text for text in read if CHINESE.search(text) or "（（" in text] == []


async def test_status_names_a_matched_agency_by_its_registered_name(running: LocalBotApi) -> None:
    alice = person(running, 4243, lang="en")
    await a_complaint_in_english(alice)
    status = alice.text()
    assert "received on 2026-06-01" in status and "answer due by" in status
    assert HUAYUE_NAME in status and HUAYUE.lower() not in status


async def test_a_chinese_status_names_the_registered_agency_too(running: LocalBotApi) -> None:
    alice = person(running, 4244)
    await alice.says("/report")
    await alice.presses("举报")
    await alice.presses("假冒国家机关")
    await alice.says(HUAYUE.lower())
    await alice.presses("是这家")
    await alice.says("对方自称商标局受理窗口，收取加急费 5000 元。")
    await alice.presses("不记得")
    await alice.presses("跳过")
    await alice.presses("匿名")
    await alice.presses("提交")
    await alice.says("/status")
    assert HUAYUE_NAME in alice.text() and HUAYUE.lower() not in alice.text()


async def test_an_english_reporters_evidence_refusal_is_english(running: LocalBotApi) -> None:
    alice = person(running, 4245, lang="en")
    await alice.says("/report")
    await alice.presses("Report")
    await alice.presses("Other")
    await alice.says("some shop")
    await alice.says("They took the fee and vanished.")
    await alice.presses("Don't remember")
    running.user_sends_document(LOCAL_TOKEN, alice.user, b"MZ\x90\x00binary", "tool.exe")
    await alice.replies()
    running.user_sends_document(LOCAL_TOKEN, alice.user, png(), "receipt.png")
    await alice.replies()
    read = [ours(text) for text in everything_read(running, alice.user.id)]
    assert [text for text in read if CHINESE.search(text)] == []


async def test_the_staff_chat_is_told_in_its_own_language(running: LocalBotApi) -> None:
    alice = person(running, 4246)  # a Chinese reporter: the staff chat still reads English
    await alice.says("/report")
    await alice.presses("举报")
    await alice.presses("假冒国家机关")
    await alice.says("某某网店")
    await alice.says("对方自称商标局受理窗口，收取加急费 5000 元。")
    await alice.presses("不记得")
    await alice.presses("跳过")
    await alice.presses("匿名")
    await alice.presses("提交")
    posted = await eventually(lambda: [
        r for r in running.sent_messages(LOCAL_TOKEN, STAFF_CHAT) if "New" in (r.get("text") or "")
    ])  # fmt: skip
    card = posted[0]["text"]
    assert "New Report" in card and "：" not in card
