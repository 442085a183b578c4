"""Who follows what. Following is personal data: a row lives only while the subject is followed,
and every row of a user goes when they unfollow everything or block the bot (`forget_user`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum

import sqlite_utils

from bot.registry.database import transaction, utc_stamp
from bot.registry.reader import import_seq, registry_changes
from bot.registry.subjects import Subject
from bot.words import Lang

FOLLOW_LIMIT = 20  # subjects one user may follow by default (settings.follow_limit)


class Followed(Enum):
    ADDED = "followed"
    ALREADY = "already"
    LIMIT = "limit"


@dataclass(frozen=True)
class Following:
    subject_kind: str
    subject_id: str
    name: str


def follow(
    db: sqlite_utils.Database,
    user_id: int,
    subject: Subject,
    *,
    lang: Lang,
    now: datetime,
    limit: int = FOLLOW_LIMIT,
) -> Followed:
    """Follow `subject` from the live registry's import on: changes made by later imports are
    told. Following again changes nothing; beyond `limit` subjects it is refused."""
    with transaction(db):
        row = db.execute(
            "SELECT 1 FROM follows WHERE user_id = ? AND subject_id = ?", [user_id, subject.id]
        ).fetchone()
        if row is not None:
            return Followed.ALREADY
        count = db.execute("SELECT count(*) FROM follows WHERE user_id = ?", [user_id]).fetchone()
        if count[0] >= limit:
            return Followed.LIMIT
        db.execute(
            "INSERT INTO follows (user_id, subject_kind, subject_id, name, lang, since_seq, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [user_id, subject.kind, subject.id, subject.name, lang, import_seq(db),
             utc_stamp(now)],
        )  # fmt: skip
        # Notices are in one language per user: the latest choice.
        db.execute("UPDATE follows SET lang = ? WHERE user_id = ?", [lang, user_id])
    return Followed.ADDED


def following(db: sqlite_utils.Database, user_id: int) -> list[Following]:
    rows = db.execute(
        "SELECT subject_kind, subject_id, name FROM follows WHERE user_id = ? "
        "ORDER BY created_at, subject_id",
        [user_id],
    ).fetchall()
    return [Following(*row) for row in rows]


def find_followed(db: sqlite_utils.Database, user_id: int, text: str) -> Following | None:
    """What a user follows, named by its id, its name, or a name the registry's change log
    shows it had (one followed before a rename)."""
    wanted = text.strip()
    theirs = following(db, user_id)
    for item in theirs:
        if wanted in (item.subject_id, item.name):
            return item
    ids = [item.subject_id for item in theirs]
    renamed = registry_changes(db, changes=["renamed"], subject_ids=ids) if ids else []
    was = {change.subject_id for change in renamed if change.before == wanted}
    return next((item for item in theirs if item.subject_id in was), None)


def unfollow(db: sqlite_utils.Database, user_id: int, subject_id: str) -> Following | None:
    """Stop following one subject; what was followed, or None if it was not."""
    with transaction(db):
        row = db.execute(
            "SELECT subject_kind, subject_id, name FROM follows "
            "WHERE user_id = ? AND subject_id = ?",
            [user_id, subject_id],
        ).fetchone()
        if row is None:
            return None
        db.execute(
            "DELETE FROM follows WHERE user_id = ? AND subject_id = ?", [user_id, subject_id]
        )
    return Following(*row)


def forget_user(db: sqlite_utils.Database, user_id: int) -> int:
    """Every follow of a user, and their notices not yet sent, deleted; how many follows."""
    with transaction(db):
        count = db.execute("SELECT count(*) FROM follows WHERE user_id = ?", [user_id]).fetchone()
        db.execute("DELETE FROM follows WHERE user_id = ?", [user_id])
        db.execute("DELETE FROM follow_notices WHERE user_id = ?", [user_id])
    return int(count[0])


def set_language(db: sqlite_utils.Database, user_id: int, lang: Lang) -> None:
    """A user's /lang choice: their notices are written in it from now on."""
    with transaction(db):
        db.execute("UPDATE follows SET lang = ? WHERE user_id = ?", [lang, user_id])
