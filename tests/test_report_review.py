"""The report's subject and summary: a matched agency is kept however the reporter answers, the
summary names it, and any answer can be corrected from the summary."""

from __future__ import annotations

import pytest
import sqlite_utils

from bot.localapi.server import LocalBotApi
from bot.reports.tickets import get
from tests.bot_harness import Person, person, ticket_number

pytestmark = pytest.mark.asyncio
HUAYUE = "91310106MA1FL3R23H"
HUAYUE_NAME = "上海华岳知识产权代理有限公司"


async def until_subject(alice: Person, kind: str = "举报") -> None:
    await alice.says("/report")
    await alice.presses(kind)
    await alice.presses("假冒国家机关")


async def after_subject(alice: Person) -> None:
    await alice.says("对方自称商标局受理窗口，收取加急费 5000 元。")
    await alice.says("2026-05-20")
    await alice.presses("跳过")
    await alice.presses("匿名")


@pytest.mark.parametrize("answer", ["是", "是这家", "1", HUAYUE_NAME, "021-61234567"])
async def test_typing_instead_of_pressing_yes_keeps_the_matched_agency(
    running: LocalBotApi, db: sqlite_utils.Database, answer: str
) -> None:
    alice = person(running)
    await until_subject(alice)
    await alice.says(HUAYUE_NAME)
    assert "是这一家吗" in alice.text()
    await alice.says(answer)
    assert "请描述" in alice.text()
    await after_subject(alice)
    review = alice.text()
    assert f"对象：{HUAYUE_NAME}（{HUAYUE}）" in review
    await alice.presses("提交")
    ticket = get(db, ticket_number(alice.text()))
    assert ticket is not None and ticket.subject_uscc == HUAYUE


async def test_the_summary_names_the_registered_agency_not_the_raw_input(
    running: LocalBotApi,
) -> None:
    alice = person(running)
    await until_subject(alice)
    await alice.says("91310106ma1fl3r23h")
    await alice.presses("是这家")
    await after_subject(alice)
    review = alice.text()
    assert f"{HUAYUE_NAME}（{HUAYUE}）" in review and "您填写的是“91310106ma1fl3r23h”" in review


async def test_every_answer_can_be_corrected_from_the_summary(
    running: LocalBotApi, db: sqlite_utils.Database
) -> None:
    alice = person(running)
    await until_subject(alice)
    await alice.says("某某网店")
    await after_subject(alice)
    await alice.presses("修改经过")
    assert "请描述" in alice.text()
    await alice.says("改正后的经过：对方收费后失联。")
    assert "请核对后提交" in alice.text() and "改正后的经过" in alice.text()
    await alice.presses("修改日期")
    await alice.says("2026-05-21")
    assert "日期：2026-05-21" in alice.text()
    await alice.presses("修改类别")
    await alice.presses("伪造")
    assert "伪造、变造" in alice.text() and "请核对后提交" in alice.text()
    await alice.presses("修改对象")
    await alice.says(HUAYUE_NAME)
    await alice.presses("是这家")
    assert f"{HUAYUE_NAME}（{HUAYUE}）" in alice.text()
    await alice.presses("修改类型")
    # a complaint needs a name and phone: asked before the summary
    await alice.presses("投诉", count=2)
    assert "姓名和电话" in alice.text()
    await alice.says("张三 13800138000")
    assert "联系人：张三 13800138000" in alice.text()
    await alice.presses("修改联系人")
    await alice.says("李四 13900139000")
    assert "联系人：李四 13900139000" in alice.text()
    await alice.presses("提交")
    ticket = get(db, ticket_number(alice.text()))
    assert ticket is not None
    assert (ticket.kind, ticket.category, ticket.subject_uscc) == ("complaint", "forgery", HUAYUE)
    assert ticket.description.startswith("改正后的经过") and ticket.contact_name == "李四"


async def test_an_english_reporter_gets_english_validation(running: LocalBotApi) -> None:
    alice = person(running, 777, lang="en")
    await alice.says("/report")
    await alice.presses("Report")
    await alice.presses("Posing as a state organ")
    await alice.says("some shop")
    await alice.says(" ")
    await alice.says("x" * 3001)
    assert "description has 3001 characters" in alice.text()


@pytest.mark.parametrize(
    ("lang", "received", "due"),
    [
        ("zh-hans", "2026-06-01 收到", "答复期限 "),
        ("en", "received on 2026-06-01", "answer due by "),
    ],
)
async def test_status_labels_every_date(
    running: LocalBotApi, lang: str, received: str, due: str
) -> None:
    alice = person(running, 888, lang=lang)
    await alice.says("/report")
    await alice.presses("投诉" if lang != "en" else "Complaint")
    await alice.presses("其他" if lang != "en" else "Other")
    await alice.says("某某网店")
    await alice.says("收费后失联。")
    await alice.says("2026-05-20")
    await alice.presses("跳过" if lang != "en" else "Skip")
    await alice.says("张三 13800138000")
    await alice.presses("提交" if lang != "en" else "Submit")
    await alice.says("/status")
    assert received in alice.text() and due in alice.text()
