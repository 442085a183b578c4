"""`lantian registry demo --update`: the demo a day later, so following can be tried in
`make run`. The first showcase agency is suspended and its follower is told."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from click.testing import CliRunner

from bot.check import check
from bot.cli import cli
from bot.follows.fanout import fan_out
from bot.follows.store import follow
from bot.registry.database import follow_registry, open_database
from bot.registry.reader import registry_changes, showcase

TODAY = "2026-06-01"
DAY = date.fromisoformat(TODAY)


def test_the_demo_update_suspends_the_first_showcase_agency_and_tells_its_follower(
    tmp_path: Path,
) -> None:
    db_path, out = tmp_path / "l.db", tmp_path / "demo"
    args = ["--db", str(db_path), "--out", str(out), "--today", TODAY]
    first = CliRunner().invoke(cli, ["registry", "demo", *args])
    assert first.exit_code == 0, first.output
    db = open_database(db_path)
    name = showcase(db)[0]
    before = check(db, name, today=DAY)
    assert before.level == "ok" and before.match is not None
    follow(db, 1, before.match, lang="zh", now=datetime(2026, 6, 1, tzinfo=UTC))
    fan_out(db, today=DAY, now=datetime.now(UTC))  # the first import: nothing to tell

    update = CliRunner().invoke(cli, ["registry", "demo", "--update", *args])
    assert update.exit_code == 0, update.output
    assert name in update.output
    follow_registry(db)  # the CLI switched the registry file: this connection takes it up
    changes = registry_changes(db)
    assert {c.change for c in changes} == {"status", "grade", "listed"}
    assert len(changes) == 16
    done = fan_out(db, today=DAY, now=datetime.now(UTC))
    assert done.followers == 1
    [text] = [row[0] for row in db.execute("SELECT text FROM follow_notices WHERE user_id = 1")]
    assert name in text and "正常 → 停止承接新业务（2026-06-01）" in text

    again = CliRunner().invoke(cli, ["registry", "demo", "--update", *args])
    assert again.exit_code == 0, again.output
    follow_registry(db)
    assert len(registry_changes(db)) == 16  # the same day's update again changes nothing
    db.close()
