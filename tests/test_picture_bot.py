"""A picture sent to the real bot through the local Bot API: read in the worker process, answered
with one card, turned into a report with the picture as its evidence and its category chosen;
refusals for what is not a picture and for a flood; other users' checks answered meanwhile."""

from __future__ import annotations

import asyncio
import time

import pytest
import sqlite_utils

from bot.localapi.server import LocalBotApi
from bot.telegram.runner import LOCAL_TOKEN
from tests.bot_harness import person, settled
from tests.pictures import picture

pytestmark = pytest.mark.asyncio

CLONE_FLYER = [
    "包过！不成功全额退款",
    "上海华岳知识产权代理有限公司",
    "电话：021-68889999",
]


async def test_a_clone_flyer_gets_one_card_then_becomes_a_report_with_it_as_evidence(
    running: LocalBotApi, db: sqlite_utils.Database
) -> None:
    alice = person(running, 801)
    running.user_sends_photo(LOCAL_TOKEN, alice.user, picture(CLONE_FLYER, "flyer", "turned"))
    await alice.replies(2, timeout=60)  # "reading…", then the card
    card = alice.text()
    assert "正在识别" in card
    assert "上海华岳知识产权代理有限公司" in card and "021-68889999" in card
    assert "✅" not in card.splitlines()[1]  # the picture as a whole is never ok
    assert "包过" in card and "不成功全额退款" in card
    await alice.presses("用这张图片举报", count=2)  # the picture attached, then the first question
    assert "已把图片作为证据附上" in alice.text() and "不正当招揽" in alice.text()
    await alice.says("上海华岳知识产权代理有限公司")
    await alice.presses("是这家")
    await alice.says("传单承诺包过，电话不是登记的号码。")
    await alice.says("2026-05-20")
    await alice.presses("完成")
    await alice.presses("匿名")
    await alice.presses("提交")
    assert "LT-" in alice.text()
    ticket = db.execute("SELECT id, category FROM tickets ORDER BY id DESC LIMIT 1").fetchone()
    assert ticket[1] == "solicitation"
    files = db.execute("SELECT count(*) FROM evidence WHERE ticket_id = ?", [ticket[0]]).fetchone()
    assert files[0] == 1


async def test_a_file_that_is_not_a_picture_is_refused_plainly(running: LocalBotApi) -> None:
    bob = person(running, 802)
    running.user_sends_document(LOCAL_TOKEN, bob.user, b"not an image", "ad.png", "image/png")
    await bob.replies(2, timeout=30)
    assert "不是可以识别的图片" in bob.text()


async def test_pictures_sent_too_fast_are_refused_once(running: LocalBotApi) -> None:
    carol = person(running, 803)
    for n in range(4):
        running.user_sends_photo(LOCAL_TOKEN, carol.user, picture([f"测试{n}"], "card"))
    replies = await carol.replies(5, timeout=90)  # two read (the burst), one told, one dropped
    said = [r.get("text") or "" for r in replies]
    assert sum("正在识别" in s for s in said) == 2
    assert sum("太快" in s for s in said) == 1
    await settled(running)
    assert len(running.sent_messages(LOCAL_TOKEN, 803)) == 5


async def test_other_users_are_answered_while_a_picture_is_read(running: LocalBotApi) -> None:
    dave, erin = person(running, 804), person(running, 805)
    await erin.says("上海华岳知识产权代理有限公司")  # the check path warmed
    running.user_sends_photo(LOCAL_TOKEN, dave.user, picture(CLONE_FLYER * 3, "screenshot"))
    await dave.replies(1, timeout=30)  # "reading…": the picture is in the worker now
    waits = []
    for _ in range(5):
        started = time.monotonic()
        await erin.says("91310106MA1FL3R23H")
        waits.append(time.monotonic() - started)
        await asyncio.sleep(0.05)
    await dave.replies(1, timeout=60)
    assert "上海华岳" in dave.text()
    assert max(waits) < 1.0, waits
