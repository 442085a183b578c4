"""/inspect in the bot, end to end: an inspector sees their targets and records a result."""

from __future__ import annotations

import time
from typing import Any

import pytest
import sqlite_utils

from bot.desk.staff import StaffDirectory, parse_staff
from bot.inspections import plans
from bot.inspections.draw import Rates
from bot.localapi.server import LocalBotApi
from tests.bot_harness import BOT_TODAY, person
from tests.desk_queue import at

pytestmark = pytest.mark.asyncio
STAFF = "7001:city,7002:静安,7003:浦东新区"


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {"staff": STAFF}


async def test_an_inspector_sees_their_targets_records_and_closes(
    running: LocalBotApi, db: sqlite_utils.Database
) -> None:
    directory = StaffDirectory(parse_staff(STAFF))
    made = plans.make_plan(
        db, directory.members[7001], directory, planned_on=BOT_TODAY, district=None,
        item_codes=["licence"], rates=Rates(1.0), seed="bot", now=at("2026-06-01"),
    )  # fmt: skip
    first = plans.targets(db, made.id)[0]
    inspector = person(running, first.inspectors[0])
    await inspector.says("/inspect")
    assert first.subject_id in inspector.text() and "待检查" in inspector.text()
    await inspector.says(f"/inspect {made.id} {first.subject_id} licence pass")
    assert "已记录" in inspector.text() and "合格" in inspector.text()
    await inspector.says(f"/inspect close {made.id} {first.subject_id}")
    assert "已办结" in inspector.text()
    outsider = next(uid for uid in (7001, 7002, 7003) if uid not in first.inspectors)
    other = person(running, outsider)
    await other.says(f"/inspect {made.id} {first.subject_id} licence pass")
    assert "不是" in other.text()  # not their target: refused plainly
    assert plans.target(db, made.id, first.subject_id).closed_on == BOT_TODAY


async def test_a_photo_captioned_with_the_target_is_kept_as_its_evidence(
    running: LocalBotApi, db: sqlite_utils.Database
) -> None:
    from bot.telegram.runner import LOCAL_TOKEN
    from tests.bot_harness import png

    directory = StaffDirectory(parse_staff(STAFF))
    made = plans.make_plan(
        db, directory.members[7001], directory, planned_on=BOT_TODAY, district=None,
        item_codes=["licence"], rates=Rates(1.0), seed="bot", now=at("2026-06-01"),
    )  # fmt: skip
    first = plans.targets(db, made.id)[0]
    inspector = person(running, first.inspectors[0])
    running.user_sends_photo(
        LOCAL_TOKEN, inspector.user, png(), f"/inspect {made.id} {first.subject_id}"
    )
    await inspector.replies()
    assert "证据已保存" in inspector.text() and "1 个文件" in inspector.text()
    rows = db.execute("SELECT sha256, recorded_by FROM inspection_evidence").fetchall()
    assert len(rows) == 1 and rows[0][1] == first.inspectors[0]
    line = db.execute("SELECT action FROM audit_log WHERE action = 'inspection_evidence'")
    assert line.fetchone() is not None


async def test_a_result_is_recorded_in_words_and_a_wrong_part_is_named(
    running: LocalBotApi, db: sqlite_utils.Database
) -> None:
    directory = StaffDirectory(parse_staff(STAFF))
    made = plans.make_plan(
        db, directory.members[7001], directory, planned_on=BOT_TODAY, district=None,
        item_codes=["licence", "annual_report"], rates=Rates(1.0), seed="bot",
        now=at("2026-06-01"),
    )  # fmt: skip
    first = plans.targets(db, made.id)[0]
    inspector = person(running, first.inspectors[0])
    await inspector.says(f"/inspect {made.id} {first.subject_id} licence 合格")
    assert "已记录" in inspector.text() and "专利代理机构执业许可条件 · 合格" in inspector.text()
    await inspector.says(f"/inspect {made.id} {first.subject_id} Truth of the annual report pass")
    assert "年度报告信息真实性 · 合格" in inspector.text()
    results = plans.target(db, made.id, first.subject_id).results
    assert {item: r["result"] for item, r in results.items()} == {
        "licence": "pass",
        "annual_report": "pass",
    }
    await inspector.says(f"/inspect {made.id} {first.subject_id} licence 好")
    said = inspector.text()
    assert "检查结果“好”" in said and "合格（pass）" in said and "我的抽查任务" not in said
    await inspector.says(f"/inspect {made.id} {first.subject_id} 执照 pass")
    assert "抽查事项“执照”" in inspector.text()
    await inspector.says(f"/inspect {made.id} {first.subject_id} licence rectify 五天")
    assert "整改期限“五天”" in inspector.text()
    await inspector.says(f"/inspect {made.id} 91310000XXXXXXXXXX licence pass")
    assert "没有检查对象 91310000XXXXXXXXXX" in inspector.text()
    # Every split of an entry is tried: a message of a thousand words is refused at once.
    started = time.perf_counter()
    await inspector.says(f"/inspect {made.id} {first.subject_id} " + "合格 " * 1000)
    assert time.perf_counter() - started < 5 and "/inspect" in inspector.text()
    item_only = plans.target(db, made.id, first.subject_id).results
    assert {item: r["result"] for item, r in item_only.items()} == {
        "licence": "pass",
        "annual_report": "pass",
    }


async def test_an_inspector_without_tasks_is_told_the_command_that_draws_a_plan(
    running: LocalBotApi,
) -> None:
    district = person(running, 7002)
    await district.says("/inspect")
    said = district.text()
    assert "您目前没有抽查任务" in said
    assert "lantian inspect plan --district 静安 --share 0.05 --staff-id 7002" in said
