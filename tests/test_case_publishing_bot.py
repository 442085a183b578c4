"""Publishing a typical case from the bot, end to end: the real Application over HTTP against the
project's own Bot API server, a ticket closed as substantiated, two editors, the site's real
build on a moved clock, the live site switched, corrected and withdrawn."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils
from telegram.ext import Application

from bot.clock import noon_of
from bot.localapi.server import LocalBotApi
from bot.settings import Settings
from bot.telegram.context import LantianContext
from bot.telegram.desk_jobs import rebuild_site, send_digest
from bot.telegram.runner import LOCAL_TOKEN
from tests.bot_harness import (
    BOT_TODAY,
    Person,
    file_report_until_evidence,
    person,
    settled,
    ticket_number,
)

pytestmark = [pytest.mark.asyncio, pytest.mark.slow]
WRITER, REVIEWER, PLAIN, ADMIN, STAFF_CHAT = 7001, 7002, 7003, 9002, 9003
REPORTER = 501
REPORTER_NAME, REPORTER_PHONE = "李四", "13800138000"
PUBLISH_ON = BOT_TODAY + timedelta(days=9)
TITLE = "某代理机构冒用商标局名义收取加急费被查处"


@pytest.fixture
def settings_overrides(tmp_path: Path) -> dict[str, Any]:
    return {
        "staff": f"{WRITER}:city:editor,{REVIEWER}:静安:editor,{PLAIN}:浦东新区",
        "admin_chat_id": ADMIN,
        "site_dir": tmp_path / "www" / "site",
    }


def move_clock(application: Application, day: date) -> None:  # type: ignore[type-arg]
    """The bot's clock (deps.today / deps.now) on `day`, at noon in Shanghai."""
    deps = application.bot_data["deps"]
    deps.today = lambda: day
    deps.now = lambda: noon_of(day)


async def substantiated_ticket(api: LocalBotApi) -> str:
    """A real-name report whose reporter wrote their own name and phone into it, closed as
    substantiated."""
    reporter = person(api, REPORTER)
    await file_report_until_evidence(reporter)
    await reporter.presses("跳过")
    await reporter.says(f"{REPORTER_NAME} {REPORTER_PHONE}")
    await reporter.presses("提交")
    number = ticket_number(reporter.text())
    city = person(api, WRITER)
    await city.says(f"/ticket {number}")
    await city.presses("受理")
    await city.presses("办结")
    await city.presses("属实")
    return number


async def write_case(writer: Person, number: str) -> int:
    await writer.says(f"/case from {number}")
    case_id = int(re.search(r"#(\d+)", writer.text()).group(1))  # type: ignore[union-attr]
    await writer.presses("✏️ 标题")
    assert "请发送新的标题" in writer.text()
    await writer.says(TITLE)  # the next message is the title, not a check
    assert TITLE in writer.text() and "已保存标题" in writer.text()
    fields = {
        "body": "经查，该机构在网店自称“商标局受理窗口”。\n\n区局依法责令改正并处罚款。",
        "authority": "上海市静安区市场监督管理局",
        "number": "沪市监静处〔2026〕101号",
        "date": PUBLISH_ON.isoformat(),
    }
    for name, value in fields.items():
        await writer.says(f"/case set {case_id} {name} {value}")
        assert "已保存" in writer.text(), writer.text()
    return case_id


def site_text(site: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html")) + "".join(
        p.read_text(encoding="utf-8") for p in site.glob("feed_rss_*.xml")
    )


async def test_a_case_goes_from_ticket_to_the_site_with_approval_correction_and_withdrawal(
    running: LocalBotApi,
    application: Application,  # type: ignore[type-arg]
    db: sqlite_utils.Database,
    settings: Settings,
) -> None:
    number = await substantiated_ticket(running)
    writer, reviewer = person(running, WRITER), person(running, REVIEWER)
    case_id = await write_case(writer, number)
    card = writer.text()
    assert REPORTER_NAME not in card and REPORTER_PHONE not in card

    # Reporter data typed in is refused, and the field can be sent again.
    await writer.presses("✏️ 摘要")
    await writer.says(f"举报人{REPORTER_NAME}反映情况属实。")
    assert "举报人的姓名或电话" in writer.text()
    await writer.says("/cancel")

    # The preview: the page as the site's own build makes it on the publication date.
    await writer.presses("预览", count=1)
    preview = await _document(running, WRITER)
    assert TITLE in preview and "沪市监静处〔2026〕101号" in preview
    assert REPORTER_NAME not in preview and REPORTER_PHONE not in preview

    # The writer cannot approve their own case; a second editor can.
    answered = len(running.callback_answers(LOCAL_TOKEN))
    running.user_presses_button(
        LOCAL_TOKEN, writer.user, _last_card(running, WRITER), f"case:approve:{case_id}"
    )
    refusal = await _answer(running, answered)
    assert "不能审核自己撰写或修改的案例" in refusal
    await reviewer.says(f"/case {case_id}")
    await reviewer.presses("审核通过", count=1)
    assert "待审核" not in reviewer.text() and "定时发布" in reviewer.text()

    live = settings.site_dir
    # The day before its date: the rebuilt site does not show it.
    move_clock(application, PUBLISH_ON - timedelta(days=1))
    await rebuild_site(LantianContext(application))
    assert TITLE not in site_text(live)
    # On its date: on the site and in the feed; nothing of the reporter anywhere.
    move_clock(application, PUBLISH_ON)
    await rebuild_site(LantianContext(application))
    shown = site_text(live)
    assert TITLE in shown and TITLE in (live / "feed_rss_created.xml").read_text(encoding="utf-8")
    assert REPORTER_NAME not in shown and REPORTER_PHONE not in shown
    assert live.is_symlink()

    # A correction, approved by the other editor: the page says when.
    later = PUBLISH_ON + timedelta(days=3)
    move_clock(application, later)
    await writer.says(
        f"/case set {case_id} body 经查，该机构在网店自称“商标局受理窗口”（已更正）。"
    )
    await reviewer.says(f"/case {case_id}")
    await reviewer.presses("审核通过", count=1)
    await rebuild_site(LantianContext(application))
    page = _case_page(live, case_id)
    assert "已更正" in page and f"本文于 {later.isoformat()} 更正" in page

    # Withdrawn with a reason: off the site and the feed; the reason is in the audit log.
    await reviewer.presses("撤回")
    await reviewer.says("处罚决定已被撤销")
    assert "已撤回" in reviewer.text()
    await rebuild_site(LantianContext(application))
    assert TITLE not in site_text(live)
    logged = db.execute(
        "SELECT staff_user_id, action, note FROM audit_log WHERE action LIKE 'case_%' ORDER BY id"
    ).fetchall()
    assert [a for _, a, _ in logged] == [
        "case_create", *["case_edit"] * 5, "case_approve", "case_edit", "case_correct",
        "case_withdraw",
    ]  # fmt: skip
    assert logged[-1] == (REVIEWER, "case_withdraw", "处罚决定已被撤销")


async def test_staff_without_the_editor_right_are_refused(running: LocalBotApi) -> None:
    plain = person(running, PLAIN)
    await plain.says("/case new")
    assert "编辑权限" in plain.text()


async def test_a_failed_build_is_told_to_the_maintainers(
    running: LocalBotApi,
    application: Application,  # type: ignore[type-arg]
    tmp_path: Path,
) -> None:
    await person(running, ADMIN).says("/start")  # the maintainers' chat exists
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the site's folder should be")
    deps = application.bot_data["deps"]
    deps.settings = deps.settings.model_copy(update={"site_dir": blocker / "site"})
    maintainers = running.cursor(LOCAL_TOKEN, ADMIN)
    await rebuild_site(LantianContext(application))
    told = await maintainers.wait(1)
    assert "网站构建失败" in told[0]["text"]


def _last_card(api: LocalBotApi, user_id: int) -> int:
    for record in reversed(api.sent_messages(LOCAL_TOKEN, user_id)):
        markup = (record.get("message") or {}).get("reply_markup") or {}
        if markup.get("inline_keyboard"):
            return int(record["message_id"])
    raise AssertionError("no card")


async def _answer(api: LocalBotApi, before: int) -> str:
    from tests.bot_harness import eventually

    answers = await eventually(lambda: api.callback_answers(LOCAL_TOKEN)[before:] or None)
    return str(answers[-1].get("text") or "")


async def _document(api: LocalBotApi, user_id: int) -> str:
    from tests.bot_harness import eventually

    documents = await eventually(lambda: api.sent_documents(LOCAL_TOKEN, user_id) or None, 120)
    return bytes(documents[-1].data).decode("utf-8")


def _case_page(site: Path, case_id: int) -> str:
    pages = list(site.glob(f"cases/**/case-{case_id}/index.html"))
    assert pages, "no page for the case"
    return pages[0].read_text(encoding="utf-8")


async def test_on_the_stage_reports_due_date_the_staff_chat_receives_it_once(
    running: LocalBotApi,
    application: Application,  # type: ignore[type-arg]
) -> None:
    await substantiated_ticket(running)
    await person(running, STAFF_CHAT).says("/start")  # the staff chat exists
    deps = application.bot_data["deps"]
    deps.settings = deps.settings.model_copy(update={"staff_chat_id": STAFF_CHAT})
    move_clock(application, date(2026, 7, 14))
    await send_digest(LantianContext(application))
    await send_digest(LantianContext(application))  # a restart the same morning: not twice
    await settled(running)
    names = [d.file_name for d in running.sent_documents(LOCAL_TOKEN, STAFF_CHAT)]
    assert names == ["stage-全市-2026-07-14.md", "stage-全市-2026-07-14.xlsx"]
    digest = running.sent_messages(LOCAL_TOKEN, STAFF_CHAT)[-1]["text"]
    assert "每日提醒" in digest and "阶段性" in digest


async def test_a_report_that_cannot_be_written_holds_back_neither_the_digest_nor_the_news(
    running: LocalBotApi,
    application: Application,  # type: ignore[type-arg]
    tmp_path: Path,
) -> None:
    await person(running, STAFF_CHAT).says("/start")
    await person(running, ADMIN).says("/start")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    deps = application.bot_data["deps"]
    deps.settings = deps.settings.model_copy(update={"staff_chat_id": STAFF_CHAT})
    deps.data_dir = blocker  # the reports folder cannot be made under a file
    move_clock(application, date(2026, 7, 14))
    staff_chat, maintainers = (running.cursor(LOCAL_TOKEN, c) for c in (STAFF_CHAT, ADMIN))
    await send_digest(LantianContext(application))
    assert "每日提醒" in (await staff_chat.wait(1))[0]["text"]
    assert (await maintainers.wait(1))[0]["text"]
    assert running.sent_documents(LOCAL_TOKEN, STAFF_CHAT) == []
