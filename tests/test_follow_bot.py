"""Following through the real bot and the local Bot API: the 🔔 button, /follow, /following,
/unfollow, a notice after an import made by another connection (as `lantian registry import` or
the daily refresh makes it), nothing for followers of what did not change, and a user who blocks
the bot forgotten."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
import sqlite_utils

from bot.localapi.server import LocalBotApi
from bot.registry.database import open_database
from bot.registry.importer import import_path
from bot.telegram.runner import LOCAL_TOKEN
from tests.bot_harness import BOT_TODAY, BUNDLE, eventually, person, settled

pytestmark = pytest.mark.asyncio

HUAYUE = "91310106MA1FL3R23H"
HUAYUE_NAME = "上海华岳知识产权代理有限公司"
PATENT = "91310104MA1G2C8K1P"  # 上海华岳专利代理有限公司, left unchanged


def import_changed(db_path: Path, folder: Path, **changes: str) -> None:
    """The fixture bundle with HUAYUE's row changed, imported through a connection of its own."""
    shutil.copytree(BUNDLE, folder)
    table = folder / "agencies.csv"
    with table.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        if row["uscc"] == HUAYUE:
            row.update(changes)
    with table.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    other = open_database(db_path)
    try:
        import_path(other, folder, today=BOT_TODAY)
    finally:
        other.close()


def notices_to(api: LocalBotApi, user_id: int) -> list[str]:
    return [
        record.get("text") or ""
        for record in api.sent_messages(LOCAL_TOKEN, user_id)
        if (record.get("text") or "").startswith("🔔")
    ]


async def test_the_follow_button_then_an_import_brings_one_notice_in_the_users_language(
    running: LocalBotApi, db_path: Path, tmp_path: Path
) -> None:
    alice, bob, carol = person(running, 601), person(running, 602, "en"), person(running, 603)
    await alice.says(HUAYUE_NAME)
    assert "🔔 关注" in str(alice.last[-1]["message"].get("reply_markup"))
    await alice.presses("关注")
    assert "已关注 上海华岳知识产权代理有限公司" in alice.text()
    await bob.says(f"/follow {HUAYUE}")
    assert "Following 上海华岳知识产权代理有限公司" in bob.text()
    await carol.says(f"/follow {PATENT}")

    import_changed(db_path, tmp_path / "b2", status="revoked", status_since="2026-05-28")
    await person(running, 699).says("/help")  # any update: the bot notices the new file

    [zh] = await eventually(lambda: notices_to(running, 601))
    assert "执业许可证已吊销" in zh and "2026-05-28" in zh and "现在的结论" in zh
    [en] = await eventually(lambda: notices_to(running, 602))
    assert "licence revoked" in en and "Verdict now" in en
    await settled(running)
    assert notices_to(running, 603) == []
    assert len(notices_to(running, 601)) == 1


async def test_following_lists_each_with_its_verdict_and_unfollow_removes_it(
    running: LocalBotApi, db: sqlite_utils.Database
) -> None:
    alice = person(running, 611)
    await alice.says(f"/follow {HUAYUE}")
    await alice.says(f"/follow {PATENT}")
    await alice.says("/following")
    listing = alice.text()
    assert (
        "您关注的 2 个" in listing
        and HUAYUE_NAME in listing
        and "上海华岳专利代理有限公司" in listing
    )
    await alice.presses("取消关注 上海华岳专利代理有限公司")
    assert "已取消关注" in alice.text()
    await alice.says("/unfollow all")
    assert "1 个" in alice.text()
    assert db.execute("SELECT count(*) FROM follows WHERE user_id = 611").fetchone()[0] == 0


async def test_follow_without_a_certain_record_shows_the_candidates_instead(
    running: LocalBotApi, db: sqlite_utils.Database
) -> None:
    alice = person(running, 621)
    await alice.says("/follow 华岳", count=2)
    assert "确定的登记记录" in alice.text()
    assert db.execute("SELECT count(*) FROM follows").fetchone()[0] == 0


async def test_a_user_who_blocks_the_bot_is_forgotten(
    running: LocalBotApi, db: sqlite_utils.Database
) -> None:
    alice = person(running, 631)
    await alice.says(f"/follow {HUAYUE}")
    running.user_blocks_bot(LOCAL_TOKEN, alice.user)
    await eventually(
        lambda: db.execute("SELECT count(*) FROM follows WHERE user_id = 631").fetchone()[0] == 0
    )


async def test_a_follower_whose_chat_refuses_the_notice_is_forgotten(
    running: LocalBotApi, db_path: Path, tmp_path: Path, db: sqlite_utils.Database
) -> None:
    alice, bob = person(running, 641), person(running, 642)
    await alice.says(f"/follow {HUAYUE}")
    await bob.says(f"/follow {HUAYUE}")
    running.bot(LOCAL_TOKEN).chat_for(alice.user).blocked = True  # no update: only the 403
    import_changed(db_path, tmp_path / "b2", credit_grade="C")
    await person(running, 699).says("/help")
    [notice] = await eventually(lambda: notices_to(running, 642))
    assert "信用等级：A → C" in notice
    await eventually(
        lambda: db.execute("SELECT count(*) FROM follows WHERE user_id = 641").fetchone()[0] == 0
    )
    # Alice's notice is dropped with her follow; Bob's once his chat has it (a moment later).
    await eventually(lambda: db.execute("SELECT count(*) FROM follow_notices").fetchone()[0] == 0)
