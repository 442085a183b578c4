"""What a reporter is told when their ticket changes, in their language, and the outbox.

A notice is written in the same transaction as the change it tells of (`queue_notice`); the
bot sends pending notices afterwards and marks each sent (`pending`, `mark_sent`). A change is
never lost for want of a message, and a restart never tells it twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlite_utils

from bot.desk.vocabulary import DESTINATIONS, GROUNDS, KIND_WORDS, OUTCOMES, term
from bot.registry.database import transaction, utc_stamp
from bot.reports.tickets import Ticket
from bot.words import Lang, say
from bot.words.desk import NOTICES


def notice_text(event: str, ticket: Ticket, lang: Lang, **params: str) -> str:
    """The sentence for one change, with every code turned into words of `lang`."""
    if event == "accept":
        event = f"accept_{ticket.kind}"
    return say(
        NOTICES[event],
        lang,
        kind=term(KIND_WORDS, ticket.kind, lang),
        number=ticket.number,
        ground=term(GROUNDS, params.get("ground"), lang),
        destination=term(DESTINATIONS, params.get("destination"), lang),
        outcome=term(OUTCOMES, params.get("outcome"), lang),
    )


def queue_notice(
    db: sqlite_utils.Database, ticket: Ticket, audit_id: int, text: str, now: datetime
) -> None:
    """Call inside the change's transaction."""
    db.execute(
        "INSERT INTO notices (ticket_id, audit_id, user_id, text, created_at) "
        "VALUES (?, ?, ?, ?, ?)",
        [ticket.id, audit_id, ticket.reporter_user_id, text, utc_stamp(now)],
    )


@dataclass(frozen=True)
class Notice:
    id: int
    user_id: int
    text: str


def pending(db: sqlite_utils.Database, limit: int = 100) -> list[Notice]:
    rows = db.execute(
        "SELECT id, user_id, text FROM notices WHERE sent_at IS NULL ORDER BY id LIMIT ?", [limit]
    ).fetchall()
    return [Notice(*row) for row in rows]


def mark_sent(db: sqlite_utils.Database, notice_id: int, now: datetime) -> None:
    with transaction(db):
        db.execute("UPDATE notices SET sent_at = ? WHERE id = ?", [utc_stamp(now), notice_id])
