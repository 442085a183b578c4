"""What the queue lists by default and in which order: the tickets in progress, overdue first
then newest first, with the number that matched beside the number shown, so a ticket filed
today never falls off the end of a long queue (the domain, `lantian queue list` and /queue)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner, Result

from bot.cli import cli
from bot.desk import actions
from bot.desk.queue import QueueFilter, queue_page
from bot.localapi.server import LocalBotApi
from tests.bot_harness import person
from tests.desk_queue import (
    CITY,
    HUAYUE,
    STAFF_TEXT,
    KnownQueue,
    at,
    file,
    queue_db,
)


@pytest.fixture
def fresh() -> Iterator[sqlite_utils.Database]:
    database = queue_db()
    yield database
    database.close()


def anonymous_reports(db: sqlite_utils.Database, count: int, on: str) -> list[str]:
    """`count` anonymous 举报 of one day (no deadline, so none is overdue), in filing order."""
    return [
        file(
            db, f"a{i}", kind="report", category="online", uscc=HUAYUE, on=on, anonymous=True
        ).number
        for i in range(count)
    ]


def test_a_ticket_filed_today_is_listed_however_long_the_queue(
    fresh: sqlite_utils.Database,
) -> None:
    older = anonymous_reports(fresh, 25, "2023-06-01")
    newest = file(fresh, "new", kind="report", category="online", uscc=HUAYUE, on="2023-06-02",
                  anonymous=True)  # fmt: skip
    page = queue_page(fresh, CITY, today=date(2023, 6, 2), limit=20)
    numbers = [item.ticket.number for item in page.items]
    assert page.total == 26 and len(numbers) == 20
    assert numbers[0] == newest.number
    assert numbers[1:] == older[::-1][:19]  # newest first: the oldest fall off, not the newest


def test_overdue_tickets_come_first_then_the_newest(fresh: sqlite_utils.Database) -> None:
    late = file(fresh, "late", kind="report", category="online", uscc=HUAYUE, on="2023-05-04")
    calm = anonymous_reports(fresh, 2, "2023-05-30")
    page = queue_page(fresh, CITY, today=date(2023, 6, 1))
    assert [item.ticket.number for item in page.items] == [late.number, calm[1], calm[0]]
    assert page.items[0].overdue


def test_the_tickets_in_progress_leave_out_closed_refused_transferred_and_merged(
    fresh: sqlite_utils.Database,
) -> None:
    made = anonymous_reports(fresh, 5, "2023-06-01")
    actions.accept(fresh, CITY, made[0], now=at("2023-06-02"))
    actions.close(fresh, CITY, made[0], "substantiated", now=at("2023-06-03"))
    actions.refuse(fresh, CITY, made[1], "no_facts", now=at("2023-06-02"))
    actions.transfer(fresh, CITY, made[2], "police", now=at("2023-06-02"))
    actions.merge(fresh, CITY, made[3], made[4], now=at("2023-06-02"))
    active = queue_page(fresh, CITY, today=date(2023, 6, 5), where=QueueFilter(state="active"))
    assert [item.ticket.number for item in active.items] == [made[4]]
    everything = queue_page(fresh, CITY, today=date(2023, 6, 5), where=QueueFilter(state="all"))
    assert everything.total == 5


# --- lantian queue list ---------------------------------------------------------------------


def queue_list(path: Path, *args: str) -> Result:
    command = ["queue", "list", *args, "--staff-id", "7001", "--db", str(path)]
    return CliRunner().invoke(
        cli, [*command, "--today", "2023-07-14"], env={"LANTIAN_STAFF": STAFF_TEXT}
    )


def test_queue_list_by_default_lists_only_the_tickets_in_progress(
    known_path: tuple[Path, KnownQueue],
) -> None:
    path, known = known_path
    result = queue_list(path)
    assert result.exit_code == 0, result.output
    listed = {key for key in known.tickets if known.number(key) in result.output}
    assert listed == {"t3", "t8", "t10"}  # investigating, received, received
    assert result.output.splitlines()[0].startswith(known.number("t8"))  # the overdue one
    assert "共 3 件，列出 3 件" in result.output
    closed = queue_list(path, "--state", "closed")
    assert known.number("t1") in closed.output and known.number("t7") in closed.output


def test_queue_list_says_how_many_match_and_how_many_it_shows(
    known_path: tuple[Path, KnownQueue],
) -> None:
    path, known = known_path
    result = queue_list(path, "--state", "all", "--limit", "4")
    assert result.exit_code == 0, result.output
    assert "共 10 件，列出 4 件" in result.output
    english = queue_list(path, "--state", "all", "--limit", "4", "--lang", "en")
    assert "10 ticket(s), 4 shown" in english.output
    shown = [line.split(" · ")[0] for line in result.output.splitlines()[:4]]
    assert shown == [known.number(k) for k in ("t8", "t10", "t9", "t7")]  # overdue, then newest


# --- /queue in the bot ----------------------------------------------------------------------


@pytest.fixture
def settings_overrides() -> dict[str, object]:
    return {"staff": "7001:city"}


@pytest.mark.asyncio
async def test_the_bot_queue_counts_every_match_and_lists_the_newest(
    running: LocalBotApi, db: sqlite_utils.Database
) -> None:
    made = anonymous_reports(db, 22, "2026-05-28")
    actions.accept(db, CITY, made[0], now=at("2026-05-29"))
    actions.close(db, CITY, made[0], "substantiated", now=at("2026-05-29"))
    city = person(running, 7001)
    await city.says("/queue")
    reply = city.text()
    assert "共 21 件，列出前 20 件" in reply  # the closed one is not in progress
    assert made[-1] in reply and made[0] not in reply and made[1] not in reply
    assert "还有 1 件未列出" in reply
    await city.says("/queue 全部")
    assert "共 22 件" in city.text()
