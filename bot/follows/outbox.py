"""The follow notices waiting to be sent, one user's at a time.

A user's notice is claimed (written down) just before it is sent and deleted once Telegram has
it; a failure that certainly sent nothing releases it for the next round. Telegram offers no way
to ask whether a message arrived, so a notice still claimed when the bot starts was in flight
when the last run was killed: it is sent again, saying it may be a repeat (losing a notice that
an agency was revoked would be worse than telling it twice).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlite_utils

from bot.registry.database import transaction, utc_stamp
from bot.words import Lang


@dataclass(frozen=True)
class Outgoing:
    """One part of one user's notice."""

    id: int
    user_id: int
    text: str
    lang: Lang
    repeat: bool  # it was in flight when an earlier run stopped, or timed out


def claim_next_user(db: sqlite_utils.Database, now: datetime) -> list[Outgoing]:
    """The next waiting user's parts, in order, claimed; [] when nothing waits."""
    with transaction(db):
        row = db.execute(
            "SELECT user_id FROM follow_notices WHERE claimed_at IS NULL ORDER BY id LIMIT 1"
        ).fetchone()
        if row is None:
            return []
        parts = db.execute(
            "SELECT id, user_id, text, lang, interrupted FROM follow_notices "
            "WHERE user_id = ? AND claimed_at IS NULL ORDER BY seq, part",
            [row[0]],
        ).fetchall()
        db.conn.executemany(
            "UPDATE follow_notices SET claimed_at = ? WHERE id = ?",
            [(utc_stamp(now), part[0]) for part in parts],
        )
    return [Outgoing(id_, user, text, lang, bool(again)) for id_, user, text, lang, again in parts]


def delivered(db: sqlite_utils.Database, notice_id: int) -> None:
    """Telegram has it: the notice (personal data) is deleted."""
    with transaction(db):
        db.execute("DELETE FROM follow_notices WHERE id = ?", [notice_id])


def release(db: sqlite_utils.Database, notice_ids: list[int], *, maybe_sent: bool) -> None:
    """Not sent (the API was unreachable, or asked to wait): the next round sends it; if it
    `maybe_sent` (a timeout), marked as a possible repeat."""
    with transaction(db):
        db.conn.executemany(
            "UPDATE follow_notices SET claimed_at = NULL, interrupted = interrupted OR ? "
            "WHERE id = ?",
            [(maybe_sent, i) for i in notice_ids],
        )


def settle_interrupted(db: sqlite_utils.Database) -> int:
    """At start-up: notices a killed run had claimed are sent again, marked as possible
    repeats. Returns how many."""
    with transaction(db):
        cursor = db.execute(
            "UPDATE follow_notices SET claimed_at = NULL, interrupted = 1 "
            "WHERE claimed_at IS NOT NULL"
        )
    return cursor.rowcount


def waiting(db: sqlite_utils.Database) -> int:
    row = db.execute("SELECT count(*) FROM follow_notices").fetchone()
    return int(row[0])
