"""/inspect in the bot, end to end: an inspector sees their targets and records a result."""

from __future__ import annotations

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
