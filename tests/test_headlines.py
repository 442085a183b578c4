"""Headlines and the lines around them say what was found: partial matches, namesakes and a
query too long to check are not told they found nothing or one agency."""

from __future__ import annotations

from datetime import date

import pytest
import sqlite_utils

from bot.check import check
from bot.localapi.server import LocalBotApi
from tests.bot_harness import person

TODAY = date(2026, 6, 1)


def test_a_partial_match_is_headed_as_found_records_to_confirm(db: sqlite_utils.Database) -> None:
    verdict = check(db, "华岳", today=TODAY)
    assert verdict.candidates and verdict.headline_key == "partial"
    for lang in ("zh", "en"):
        headline = verdict.headline(lang)  # type: ignore[arg-type]
        assert ("找到" in headline) if lang == "zh" else ("records below" in headline)
        # the unregistered warning is conditional, not a finding about these records
        text = " ".join(r.text(lang) for r in verdict.reasons)  # type: ignore[arg-type]
        assert ("如果对方确实未登记" in text) if lang == "zh" else ("If it is indeed" in text)


@pytest.mark.asyncio
async def test_namesakes_are_records_not_one_agency(running: LocalBotApi) -> None:
    alice = person(running)
    await alice.says("李文博")
    reply = alice.text()
    assert "同名" in reply and "不同的人或机构" in reply
    assert "某一家" not in reply and "一条登记记录" in reply


@pytest.mark.asyncio
async def test_a_query_too_long_is_not_told_to_ask_for_a_business_licence(
    running: LocalBotApi,
) -> None:
    alice = person(running)
    await alice.says("上海" * 200)
    reply = alice.text()
    assert "没有进行核查" in reply and "营业执照" not in reply
