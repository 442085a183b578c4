"""The desk's words say what happened: a merged 投诉 is a duplicate complaint, not a duplicate
report; the digest marks an overdue ticket once; a case draft's file name holds its date once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import sqlite_utils

from bot.desk import actions
from bot.desk.actions import history
from bot.desk.cards import history_line, ticket_fields
from bot.desk.case_draft import draft_case
from bot.desk.digest import digest_text
from bot.desk.export import export_row
from bot.desk.queue import list_queue
from bot.reports.tickets import Ticket
from tests.desk_queue import CITY, HUAYUE, KnownQueue, at, file, known_queue, queue_db


@pytest.fixture
def db() -> Iterator[sqlite_utils.Database]:
    database = queue_db()
    yield database
    database.close()


def merged(db: sqlite_utils.Database, kind: str) -> Ticket:
    original = file(db, "o", kind=kind, category="solicitation", uscc=HUAYUE, on="2023-06-01")
    twice = file(db, "t", kind=kind, category="solicitation", uscc=HUAYUE, on="2023-06-02")
    return actions.merge(db, CITY, twice.number, original.number, now=at("2023-06-05"))


def everything_staff_read(db: sqlite_utils.Database, ticket: Ticket) -> str:
    today = date(2023, 6, 6)
    [item] = [i for i in list_queue(db, CITY, today=today) if i.ticket.number == ticket.number]
    return "\n".join(
        [
            *(value for _, value in ticket_fields(db, ticket, "zh", today=today)),
            *(history_line(line, "zh", kind=ticket.kind) for line in history(db, ticket)),
            *(str(cell) for cell in export_row(item, with_contacts=False)),
        ]
    )


def test_a_merged_complaint_reads_as_a_duplicate_complaint(db: sqlite_utils.Database) -> None:
    shown = everything_staff_read(db, merged(db, "complaint"))
    assert "重复投诉" in shown and "重复举报" not in shown


def test_a_merged_report_reads_as_a_duplicate_report(db: sqlite_utils.Database) -> None:
    shown = everything_staff_read(db, merged(db, "report"))
    assert "重复举报" in shown and "重复投诉" not in shown


def test_the_digest_marks_an_overdue_ticket_once(db: sqlite_utils.Database) -> None:
    known = known_queue(db)
    digest = digest_text(db, CITY, today=date(2023, 7, 14), lang="zh")
    [line] = [line for line in digest.splitlines() if known.number("t8") in line]
    assert line.count("⏰") == 1 and "已超期" in line


@pytest.fixture
def known(db: sqlite_utils.Database) -> KnownQueue:
    return known_queue(db)


def test_a_case_drafts_file_name_holds_its_date_once(known: KnownQueue, tmp_path: Path) -> None:
    path = draft_case(known.db, CITY, known.number("t1"), tmp_path, now=at("2023-06-02"))
    assert path.name == "2023-06-01-case-impersonation.md"
    again = draft_case(known.db, CITY, known.number("t1"), tmp_path, now=at("2023-06-03"))
    assert again.name == "2023-06-01-case-impersonation-2.md"
