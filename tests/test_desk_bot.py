"""The staff desk in the bot, end to end: the real Application over HTTP against the project's
own Bot API server, a reporter filing through /report and staff working from their chats."""

from __future__ import annotations

from typing import Any

import pytest
import sqlite_utils
from telegram.ext import Application

from bot.localapi.server import LocalBotApi
from bot.reports.tickets import get
from bot.telegram.context import LantianContext
from bot.telegram.desk_jobs import send_digest
from bot.telegram.runner import LOCAL_TOKEN
from tests.bot_harness import Person, file_report_until_evidence, person, settled, ticket_number

pytestmark = pytest.mark.asyncio
STAFF_CHAT = 9001
CITY, JINGAN, PUDONG, STRANGER = 7001, 7002, 7003, 4242
REPORTER = 501


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {"staff_chat_id": STAFF_CHAT, "staff": f"{CITY}:city,{JINGAN}:静安,{PUDONG}:浦东新区"}


async def filed(api: LocalBotApi, reporter: Person) -> str:
    """A real-name 举报 about 上海华岳 (静安), through the whole /report conversation."""
    await file_report_until_evidence(reporter)
    await reporter.presses("跳过")
    await reporter.says("李四 13800138000")
    await reporter.presses("提交")
    return ticket_number(reporter.text())


async def test_a_stranger_is_refused_every_staff_command(running: LocalBotApi) -> None:
    stranger = person(running, STRANGER)
    for command in ("/queue", "/ticket LT-20260601-0001", "/digest", "/contact LT-20260601-0001"):
        await stranger.says(command)
        assert "仅限工作人员" in stranger.text(), command


async def test_staff_see_the_queue_and_open_a_ticket_card(running: LocalBotApi) -> None:
    number = await filed(running, person(running, REPORTER))
    city = person(running, CITY)
    await city.says("/queue 待办")
    assert number in city.text() and "华岳" in city.text()
    await city.presses(f"打开 {number}")
    card = city.text()
    assert number in card and "静安" in card and "13800138000" not in card and "李四" not in card


async def test_accepting_from_the_card_tells_the_reporter(
    running: LocalBotApi, db: sqlite_utils.Database
) -> None:
    reporter = person(running, REPORTER)
    number = await filed(running, reporter)
    jingan = person(running, JINGAN)
    await jingan.says(f"/ticket {number}")
    await jingan.presses("受理", count=1)  # the card is edited in place
    notice = (await reporter.replies())[0]["text"]
    assert number in notice and "已受理" in notice
    ticket = get(db, number)
    assert ticket is not None and ticket.state == "accepted"
    assert db.execute("SELECT staff_user_id FROM audit_log").fetchall() == [(JINGAN,)]


async def test_closing_offers_the_outcomes_then_closes(
    running: LocalBotApi, db: sqlite_utils.Database
) -> None:
    reporter = person(running, REPORTER)
    number = await filed(running, reporter)
    city = person(running, CITY)
    await city.says(f"/ticket {number}")
    await city.presses("受理")
    await reporter.replies()
    await city.presses("办结")  # offers the outcomes on the same message
    await city.presses("部分属实")
    told = (await reporter.replies())[0]["text"]
    assert "部分属实" in told
    ticket = get(db, number)
    assert ticket is not None and (ticket.state, ticket.outcome) == ("closed", "partly")


async def test_a_district_cannot_open_another_districts_ticket(running: LocalBotApi) -> None:
    number = await filed(running, person(running, REPORTER))  # 静安
    pudong = person(running, PUDONG)
    await pudong.says(f"/ticket {number}")
    assert "不属于浦东新区" in pudong.text()


async def test_an_impossible_step_is_refused_with_the_reason(running: LocalBotApi) -> None:
    number = await filed(running, person(running, REPORTER))
    city = person(running, CITY)
    await city.says(f"/merge {number} {number}")
    assert "不能合并到自身" in city.text()


async def test_the_contact_goes_only_to_the_staff_member_and_is_logged(
    running: LocalBotApi, db: sqlite_utils.Database
) -> None:
    number = await filed(running, person(running, REPORTER))
    city = person(running, CITY)
    await city.says(f"/contact {number}")
    assert "李四" in city.text() and "13800138000" in city.text()
    assert db.execute("SELECT action FROM audit_log").fetchall() == [("reveal_contact",)]


async def test_the_new_ticket_post_opens_the_card_for_staff(running: LocalBotApi) -> None:
    staff_chat = running.cursor(LOCAL_TOKEN, STAFF_CHAT)
    number = await filed(running, person(running, REPORTER))
    post = (await staff_chat.wait(1))[0]
    buttons = post["message"]["reply_markup"]["inline_keyboard"]
    assert buttons[0][0]["callback_data"] == f"desk:show:{number}"


async def test_the_daily_digest_reaches_the_staff_chat(
    running: LocalBotApi,
    application: Application,  # type: ignore[type-arg]
) -> None:
    number = await filed(running, person(running, REPORTER))
    staff_chat = running.cursor(LOCAL_TOKEN, STAFF_CHAT)
    await staff_chat.wait(1)  # the new-ticket post
    await send_digest(LantianContext(application))
    digest = (await staff_chat.wait(1))[0]["text"]
    assert "每日提醒" in digest and "静安：待办 1 件，超期 0 件" in digest
    assert number not in digest  # due on 2026-06-08: neither overdue nor due soon yet


async def test_staff_see_their_commands_in_help(running: LocalBotApi) -> None:
    city, stranger = person(running, CITY), person(running, STRANGER)
    await city.says("/help")
    await stranger.says("/help")
    assert "/queue" in city.text() and "/queue" not in stranger.text()


async def test_a_forged_button_is_refused_plainly(
    running: LocalBotApi, db: sqlite_utils.Database
) -> None:
    number = await filed(running, person(running, REPORTER))
    city = person(running, CITY)
    await city.says(f"/ticket {number}")
    card = city.last[-1]
    for forged in (
        f"desk:merge:{number}",
        f"desk:accept:{number}:x",
        "desk:x",
        f"desk:assign:{number}:海淀",
    ):
        running.user_presses_button(LOCAL_TOKEN, city.user, card["message_id"], forged, forged=True)
    await settled(running)
    answers = [
        a for a in running.callback_answers(LOCAL_TOKEN) if "按钮已失效" in a.get("text", "")
    ]
    # Answered, but quietly (a toast, not an alert): a stale button is no emergency.
    assert len(answers) == 4
    assert all(str(a.get("show_alert", False)).lower() == "false" for a in answers)
    ticket = get(db, number)
    assert ticket is not None and ticket.state == "received"


async def test_the_new_ticket_post_hides_an_anonymous_reporter_who_names_themself(
    running: LocalBotApi,
) -> None:
    """Issue 8: "我是王五，手机…，邮箱…，身份证…" in an anonymous 举报 reached the staff chat."""
    staff_chat = running.cursor(LOCAL_TOKEN, STAFF_CHAT)
    reporter = person(running, REPORTER)
    await reporter.says("/report")
    await reporter.presses("举报")
    await reporter.presses("假冒国家机关")
    await reporter.says("上海华岳知识产权代理有限公司")
    await reporter.presses("是这家")
    await reporter.says(
        "我是王五，手机 139-8765-4321，邮箱 wangwu@example.com，身份证 31010119900101123X。"
        "对方电话 021-61234567 自称商标局受理窗口。"
    )
    await reporter.says("2026-05-20")
    await reporter.presses("跳过")
    await reporter.presses("匿名举报")
    await reporter.presses("提交")
    post = (await staff_chat.wait(1))[0]["text"]
    assert ticket_number(reporter.text()) in post
    for secret in ("王五", "139-8765-4321", "wangwu@example.com", "31010119900101123X"):
        assert secret not in post
    assert "021-61234567" in post  # the agency's registered number is evidence


async def test_a_short_ticket_number_opens_todays_ticket_and_says_which(
    running: LocalBotApi,
) -> None:
    number = await filed(running, person(running, REPORTER))
    city = person(running, CITY)
    for typed in ("1", "0001"):
        await city.says(f"/ticket {typed}")
        assert f"{typed} 即 {number}" in city.text() and "被反映对象" in city.text()
    await city.says("/note 1 已电话联系")
    assert f"已记录备注：{number}" in city.text()


async def test_a_reporter_whose_chat_is_gone_does_not_hold_back_the_others(
    running: LocalBotApi, db: sqlite_utils.Database
) -> None:
    """Telegram's "chat not found" is a BadRequest, which python-telegram-bot makes a kind of
    NetworkError: caught as one, it paused every notice after the lost reporter's for ever."""
    gone, reporter = person(running, 900_001), person(running, REPORTER)
    lost = await filed(running, gone)
    running.bot(LOCAL_TOKEN).chats.pop(900_001)  # the reporter deleted their account
    number = await filed(running, reporter)
    city = person(running, CITY)
    for ticket in (lost, number):
        await city.says(f"/ticket {ticket}")
        await city.presses("受理", count=1)
    notice = (await reporter.replies())[0]["text"]
    assert number in notice and "已受理" in notice
    await settled(running)  # the sender marks a notice done once Telegram has answered
    pending = db.execute("SELECT count(*) FROM notices WHERE sent_at IS NULL").fetchone()[0]
    assert pending == 0


async def test_after_assigning_an_accepted_ticket_the_card_offers_no_second_decision(
    running: LocalBotApi,
) -> None:
    number = await filed(running, person(running, REPORTER))
    city = person(running, CITY)
    await city.says(f"/ticket {number}")
    await city.presses("受理", count=1)
    await city.presses("分派到静安", count=1)
    card = city.last[-1]
    labels = [
        button["text"]
        for row in ((card.get("message") or {}).get("reply_markup") or {}).get(
            "inline_keyboard", []
        )
        for button in row
    ]
    assert labels and not any(label.startswith(("受理", "不予受理")) for label in labels), labels
