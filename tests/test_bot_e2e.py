"""The bot end to end: the real python-telegram-bot Application, over HTTP, against the
project's own Bot API server on 127.0.0.1, with the fixture registry loaded."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from bot.desk import actions
from bot.desk.staff import StaffMember
from bot.localapi.server import LocalBotApi
from bot.settings import Settings
from bot.telegram.check_handlers import encode_query
from bot.telegram.runner import LOCAL_TOKEN, running_application
from bot.words.chat import COMMANDS
from tests.bot_harness import (
    eventually,
    file_report_until_evidence,
    person,
    png,
    settled,
    ticket_number,
)

BUNDLE = Path(__file__).parent / "fixtures" / "check_bundle"
HUAYUE = "91310106MA1FL3R23H"  # 上海华岳知识产权代理有限公司: active, A; 021-61234567
BOYUAN = "91310101MA1L8C2D33"  # 上海<b>博远</b>专利代理有限公司
STAFF_CHAT = 9001  # the local server has private chats only; a staff member's stands in
pytestmark = pytest.mark.asyncio


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {"staff_chat_id": STAFF_CHAT, "reports_per_day": 2}


# Checking ------------------------------------------------------------------------------------


async def test_a_check_by_name_answers_with_the_card(running: LocalBotApi) -> None:
    alice = person(running)
    await alice.says("上海华岳知识产权代理有限公司")
    card = alice.text()
    assert "合规" in card and HUAYUE in card and "021-61234567" in card and "数据截至" in card


async def test_a_check_by_uscc_and_by_phone_find_the_same_agency(running: LocalBotApi) -> None:
    alice = person(running)
    await alice.says(f"/check {HUAYUE.lower()}")
    assert "上海华岳知识产权代理有限公司" in alice.text()
    await alice.says("+86 21 6123 4567")
    assert "上海华岳知识产权代理有限公司" in alice.text() and "合规" in alice.text()


async def test_candidates_come_with_buttons_and_a_press_opens_one(running: LocalBotApi) -> None:
    alice = person(running)
    await alice.says("华岳")
    assert "点下面的按钮" in alice.text()
    await alice.presses("上海华岳专利代理有限公司")
    assert "91310104MA1G2C8K1P" in alice.text() and "合规" in alice.text()
    assert running.calls("answerCallbackQuery") >= 1
    assert "点下面的按钮" not in alice.text()  # its only button is 🔔: no records to pick


async def test_inline_mode_offers_shareable_verdict_cards(running: LocalBotApi) -> None:
    alice = person(running)
    running.user_inline_query(LOCAL_TOKEN, alice.user, "上海华岳知识产权代理有限公司")
    answer = (await eventually(lambda: running.inline_answers(LOCAL_TOKEN)))[-1]
    titles = " ".join(r["title"] for r in answer["results"])
    assert "上海华岳知识产权代理有限公司" in titles and "合规" in titles


async def test_a_deep_link_opens_a_check(running: LocalBotApi) -> None:
    alice = person(running)
    await alice.says("/start " + encode_query("上海华岳知识产权代理有限公司"))
    assert HUAYUE in alice.text()


async def test_html_in_an_agency_name_is_shown_as_text(running: LocalBotApi) -> None:
    alice = person(running)
    await alice.says(BOYUAN)
    record = alice.last[0]
    assert "上海<b>博远</b>专利代理有限公司" in record["text"]  # the tags arrive as characters


async def test_a_5000_character_message_gets_a_plain_answer(running: LocalBotApi) -> None:
    alice = person(running)
    await alice.says("代理" * 2500)
    assert "过长" in alice.text()


async def test_checks_past_the_minute_limit_get_a_polite_message(
    api: LocalBotApi, settings: Settings, db: sqlite_utils.Database
) -> None:
    settings = settings.model_copy(update={"checks_per_minute": 8})  # 2 at once
    async with running_application(settings, db, api):
        alice = person(api)
        await alice.says("华岳")
        await alice.says("华岳")
        await alice.says("华岳")
        assert "太频繁" in alice.text()


async def test_help_start_and_the_command_menu_agree(running: LocalBotApi) -> None:
    alice = person(running)
    await alice.says("/help")
    help_text = alice.text()
    menu = {c["command"] for c in running.commands(LOCAL_TOKEN, "zh")}
    assert menu == {name for name, _, _ in COMMANDS}
    assert all(f"/{name}" in help_text for name in menu)
    english = {c["command"]: c["description"] for c in running.commands(LOCAL_TOKEN, "en")}
    assert english["report"].startswith("Report")


async def test_english_by_the_users_telegram_language_and_by_lang(running: LocalBotApi) -> None:
    bob = person(running, uid=502, lang="en")
    await bob.says("上海华岳知识产权代理有限公司")
    assert "Legitimate" in bob.text()
    await bob.says("/lang zh")
    await bob.says("上海华岳知识产权代理有限公司")
    assert "合规" in bob.text()


# Reporting -----------------------------------------------------------------------------------


async def test_a_full_report_with_two_photos_and_a_document(
    running: LocalBotApi, tmp_path: Path
) -> None:
    alice = person(running)
    await file_report_until_evidence(alice)
    running.user_sends_photo(LOCAL_TOKEN, alice.user, png(2, 2))
    await alice.replies()
    running.user_sends_photo(LOCAL_TOKEN, alice.user, png(3, 3))
    await alice.replies()
    running.user_sends_document(
        LOCAL_TOKEN, alice.user, b"%PDF-1.4 contract", "contract.pdf", "application/pdf"
    )
    await alice.replies()
    assert "第 3 份" in alice.text()
    await alice.presses("完成")
    await alice.says("李四 13800138000")
    assert "请核对后提交" in alice.text()
    staff = running.cursor(LOCAL_TOKEN, STAFF_CHAT)
    await alice.presses("提交")
    receipt = alice.text()
    assert "LT-" in receipt and "立案" in receipt
    posted = (await staff.wait(1))[0]["text"]
    assert "LT-" in posted and "13800138000" not in posted and "李四" not in posted
    evidence = list((tmp_path / "data" / "evidence").rglob("*.*"))
    assert len(evidence) == 3
    await alice.says("/status")
    assert ticket_number(receipt) in alice.text()


async def test_a_complaint_is_refused_without_a_phone_number(running: LocalBotApi) -> None:
    alice = person(running)
    await alice.says("/report")
    await alice.presses("投诉")
    await alice.presses("不正当招揽")
    await alice.says("上海华岳知识产权代理有限公司")
    await alice.presses("是这家")
    await alice.says("承诺包授权，收费后不办理。")
    await alice.presses("不记得")
    await alice.presses("跳过")
    assert "姓名和电话" in alice.text()
    await alice.says("张三")
    assert "没能识别姓名和电话" in alice.text()
    await alice.says("张三 13800138000")
    assert "请核对后提交" in alice.text()


async def test_a_restart_in_the_middle_of_a_report_then_completes(
    api: LocalBotApi, settings: Settings, db: sqlite_utils.Database
) -> None:
    alice = person(api)
    async with running_application(settings, db, api):
        await file_report_until_evidence(alice)
    async with running_application(settings, db, api):
        await alice.presses("完成")
        assert "联系方式" in alice.text()
        await alice.presses("匿名")
        await alice.presses("提交")
        assert "LT-" in alice.text() and "匿名" in alice.text()


async def test_the_same_update_delivered_twice_files_one_ticket(
    running: LocalBotApi, db: sqlite_utils.Database
) -> None:
    alice = person(running)
    await file_report_until_evidence(alice)
    await alice.presses("跳过")
    await alice.presses("匿名")
    review = next(
        r
        for r in reversed(running.sent_messages(LOCAL_TOKEN, alice.user.id))
        if "提交" in str(r.get("message"))
    )
    update = running.user_presses_button(
        LOCAL_TOKEN, alice.user, review["message_id"], "review:submit"
    )
    await alice.replies()
    running.deliver_raw_update(LOCAL_TOKEN, update)
    await settled(running)
    assert db.execute("SELECT count(*) FROM tickets").fetchone()[0] == 1


async def test_a_user_past_the_daily_limit_is_told_politely(running: LocalBotApi) -> None:
    alice = person(running)
    for _ in range(2):
        await file_report_until_evidence(alice)
        await alice.presses("跳过")
        await alice.presses("匿名")
        await alice.presses("提交")
    await alice.says("/report")
    assert "每日上限" in alice.text()


async def test_status_shows_a_reporter_only_their_own_tickets(running: LocalBotApi) -> None:
    alice, bob = person(running, 601), person(running, 602)
    await file_report_until_evidence(alice)
    await alice.presses("跳过")
    await alice.presses("匿名")
    await alice.presses("提交")
    number = ticket_number(alice.text())
    await bob.says("/status")
    assert number not in bob.text() and "还没有" in bob.text()


async def test_cancel_works_in_the_middle(running: LocalBotApi) -> None:
    alice = person(running)
    await alice.says("/report")
    await alice.presses("举报")
    await alice.says("/cancel")
    assert "已取消" in alice.text()
    await alice.says("上海华岳知识产权代理有限公司")
    assert HUAYUE in alice.text()  # back to checking


# The Bot API misbehaving ---------------------------------------------------------------------


async def test_a_429_is_retried_after_the_time_telegram_asks(running: LocalBotApi) -> None:
    alice = person(running)
    running.inject_fault("sendMessage", "429", times=1, retry_after=1)
    await alice.says("上海华岳知识产权代理有限公司")
    assert HUAYUE in alice.text()
    assert running.calls("sendMessage") >= 2


async def test_a_502_costs_one_reply_and_an_apology_but_not_the_bot(running: LocalBotApi) -> None:
    alice = person(running)
    running.inject_fault("sendMessage", "502", times=1)
    await alice.says("华岳")
    assert "出了问题" in alice.text()  # the error handler's plain message
    await alice.says("上海华岳知识产权代理有限公司")
    assert HUAYUE in alice.text()


async def test_a_bot_api_timeout_does_not_stop_the_bot(
    api: LocalBotApi, settings: Settings, db: sqlite_utils.Database
) -> None:
    async with running_application(settings, db, api, timeouts=1.0):
        alice = person(api)
        api.inject_fault("sendMessage", "timeout", times=1, hold=3.0)
        await alice.says("华岳")  # the answer timed out; the apology gets through
        assert "出了问题" in alice.text()
        await alice.says("上海华岳知识产权代理有限公司")
        assert HUAYUE in alice.text()


async def test_status_shows_a_closed_tickets_outcome(
    running: LocalBotApi, db: sqlite_utils.Database, settings: Settings
) -> None:
    alice = person(running, 603)
    await file_report_until_evidence(alice)
    await alice.presses("跳过")
    await alice.presses("匿名")
    await alice.presses("提交")
    number = ticket_number(alice.text())
    city = StaffMember(9, "city")
    actions.accept(db, city, number, now=settings.now())
    actions.close(db, city, number, "substantiated", now=settings.now())
    await alice.says("/status")
    assert number in alice.text() and "办结：属实" in alice.text()
