"""The bot reads a typed date as the domain does: every date of the hostile corpus, typed into
a report's summary, is what `bot.reports.tickets.read_day` makes of it. (The report handler
had its own, stricter pattern: `2023 年 9 月 29 日` and `２０２３－０９－２９` were refused.)"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from bot.localapi.server import LocalBotApi
from bot.words.chat import report_text
from tests.bot_harness import BOT_TODAY, person

pytestmark = pytest.mark.asyncio
CORPUS = Path(__file__).parent / "hostile" / "text" / "places_and_days.json"
DAYS = json.loads(CORPUS.read_text("utf-8"))["days"]


async def test_every_typed_date_of_the_corpus_reads_as_the_domain_reads_it(
    running: LocalBotApi,
) -> None:
    alice = person(running)
    await alice.says("/report")
    await alice.presses("举报")
    await alice.presses("假冒国家机关")
    await alice.says("某某网店")
    await alice.says("对方自称商标局受理窗口，收取加急费 5000 元。")
    await alice.says("2026-05-20")
    await alice.presses("跳过")
    await alice.presses("匿名")
    assert "日期：2026-05-20" in alice.text()
    readable = 0
    for case in DAYS:
        await alice.presses("修改日期")
        await alice.says(case["text"] or " ")
        day = case["day"] and date.fromisoformat(case["day"])
        if day and day <= BOT_TODAY:
            assert f"日期：{day.isoformat()}" in alice.text(), case
            readable += 1
        else:
            assert report_text("bad_date", "zh") in alice.text(), case
            await alice.says("2026-05-20")  # back to the summary
    assert readable >= 7  # the corpus has readable days in every form people type
