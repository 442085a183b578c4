"""What a registry import changed for each follower, written as notices into the outbox.

State, not events: the outbox is filled from the registry's change log for the imports after the
last one fanned out (`follow_fanout.seq`), and that mark moves in the same transaction as the
notices are written. Whichever process imported, and whenever the bot was stopped, each import's
changes reach each follower once. A follower hears only of imports after the one they followed
at; all that changed for one user goes in one notice, split only where Telegram would refuse it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

import sqlite_utils

from bot.follows.notice_text import NoticeWriter, Related, parts
from bot.registry.database import transaction, utc_stamp
from bot.registry.reader import (
    RegistryChange,
    branch_heads,
    import_mark,
    practitioner_rows_by_cert,
    registered_name,
    registry_changes,
)
from bot.words import Lang, say
from bot.words import follows as words

_CHUNK = 500  # subject ids per IN (...)
# What a related record's change tells a follower: what moves the followed record's verdict
# (a branch shares its head office's risk, a practitioner their agency's: domain brief, rule 6).
RELATED_CHANGES = ("status", "listed", "delisted", "sanction", "removed")


@dataclass(frozen=True)
class FanOut:
    """What one fan-out did: up to which import, and how much it wrote."""

    seq: int
    changes: int
    followers: int
    notices: int


@dataclass(frozen=True)
class _Follow:
    user_id: int
    subject_kind: str
    subject_id: str
    name: str
    lang: Lang
    since_seq: int


Row = tuple[int, int, str, Lang]  # user, part, text, language


def fanned_mark(db: sqlite_utils.Database) -> tuple[str, int]:
    """(numbering, number) of the last import fanned out."""
    row = db.execute("SELECT epoch, seq FROM follow_fanout WHERE id = 1").fetchone()
    return (str(row[0]), int(row[1])) if row else ("", 0)


def pending_fan_out(db: sqlite_utils.Database) -> bool:
    """True when the live registry came from an import not yet fanned out."""
    epoch, seq = import_mark(db)
    done_epoch, done = fanned_mark(db)
    return seq > 0 and (epoch != done_epoch or seq > done)


def fan_out(db: sqlite_utils.Database, *, today: date, now: datetime) -> FanOut:
    """Write a notice for each follower of a subject the imports since the last fan-out
    changed. Running it again, or in another process at once, writes nothing twice."""
    mark = fanned_mark(db)
    epoch, live = import_mark(db)
    # A registry numbered afresh (its file was damaged and imported again): its imports are
    # all new to every follower, whatever number they followed at.
    renumbered = mark[0] not in ("", epoch)
    done = 0 if renumbered else mark[1]
    if live <= done:
        return FanOut(done, 0, 0, 0)
    changes = registry_changes(db, after_seq=done)
    own: dict[str, list[RegistryChange]] = defaultdict(list)
    for change in changes:
        own[change.subject_id].append(change)
    related = _related(db, own)
    follows = _followers(db, {*own, *related}, since=0 if renumbered else None)
    rows = _notices(NoticeWriter(db, today), follows, own, related)
    with transaction(db):
        if fanned_mark(db) != mark:  # another process fanned these imports out meanwhile
            return FanOut(live, 0, 0, 0)
        _write_notices(db, rows, live, now)
        _forget_what_left(db, changes)
        _rename(db, changes)
        db.execute(
            "INSERT INTO follow_fanout (id, epoch, seq) VALUES (1, ?, ?) ON CONFLICT (id) "
            "DO UPDATE SET epoch = excluded.epoch, seq = excluded.seq",
            [epoch, live],
        )
    return FanOut(live, len(changes), len({row[0] for row in rows}), len(rows))


def catch_up(
    db: sqlite_utils.Database, subject_id: str, name: str, lang: Lang, *, seen_at: int, today: date
) -> str | None:
    """What changed about a subject since the import a card showed it at, told at once to whoever
    follows from that card: the fan-out of those imports has passed them by."""
    if seen_at >= import_mark(db)[1]:
        return None
    changes = registry_changes(db, after_seq=seen_at, subject_ids=[subject_id])
    if not changes:
        return None
    return "\n".join(NoticeWriter(db, today).block(subject_id, name, lang, changes, None))


def _related(
    db: sqlite_utils.Database, own: dict[str, list[RegistryChange]]
) -> dict[str, tuple[str, str]]:
    """{followed record: (related record that changed, "head" or "agency")} for branches of a
    changed head office and followed practitioners of a changed agency."""
    found = {branch: (head, "head") for branch, head in branch_heads(db).items() if head in own}
    people = [row[0] for row in db.execute(
        "SELECT DISTINCT subject_id FROM follows WHERE subject_kind = 'practitioner'"
    )]  # fmt: skip
    for cert, row in practitioner_rows_by_cert(db, people).items():
        if row.get("agency_uscc") in own:
            found[cert] = (row["agency_uscc"], "agency")
    return found


def _notices(
    writer: NoticeWriter,
    follows: list[_Follow],
    own: dict[str, list[RegistryChange]],
    related: dict[str, tuple[str, str]],
) -> list[Row]:
    """(user, part, text, language) of every notice: one per follower told of anything."""
    rows: list[Row] = []
    for user_id, theirs in _by_user(follows).items():
        blocks: list[list[str]] = []
        told: list[RegistryChange] = []
        for follow in theirs:
            mine = [c for c in own.get(follow.subject_id, ()) if c.seq > follow.since_seq]
            other, how = related.get(follow.subject_id, ("", ""))
            theirs_too = tuple(
                c
                for c in own.get(other, ())
                if c.seq > follow.since_seq and c.change in RELATED_CHANGES
            )
            if mine or theirs_too:
                named = words.HEAD_OFFICE if how == "head" else words.PRACTICE
                blocks.append(
                    writer.block(
                        follow.subject_id, follow.name, follow.lang, mine,
                        Related(named, theirs_too) if theirs_too else None,
                    )
                )  # fmt: skip
                told += [*mine, *theirs_too]
        if blocks:
            last = max(told, key=lambda c: c.seq)
            lang = theirs[0].lang
            footer = say(words.NOTICE_SOURCE, lang, noted_on=last.noted_on, source=last.source)
            rows += [(user_id, n, text, lang) for n, text in enumerate(parts(lang, blocks, footer))]
    return rows


def _followers(
    db: sqlite_utils.Database, subjects: Iterable[str], *, since: int | None
) -> list[_Follow]:
    """Who follows any of `subjects`; `since` replaces every follow's mark when given."""
    wanted = list(subjects)
    found: list[_Follow] = []
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        found += [
            _Follow(user, kind, subject, name, lang, mark if since is None else since)
            for user, kind, subject, name, lang, mark in db.execute(
                "SELECT user_id, subject_kind, subject_id, name, lang, since_seq FROM follows "
                f"WHERE subject_id IN ({', '.join('?' * len(chunk))})",
                chunk,
            )
        ]
    return found


def _by_user(follows: list[_Follow]) -> dict[int, list[_Follow]]:
    users: dict[int, list[_Follow]] = defaultdict(list)
    for follow in sorted(follows, key=lambda f: (f.user_id, f.name, f.subject_id)):
        users[follow.user_id].append(follow)
    return users


def _write_notices(db: sqlite_utils.Database, rows: list[Row], seq: int, now: datetime) -> None:
    """Only for users who still follow something: one who unfollowed everything or blocked the
    bot while the notices were being written gets none."""
    db.conn.executemany(
        "INSERT OR IGNORE INTO follow_notices (user_id, seq, part, text, lang, created_at) "
        "SELECT ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM follows WHERE user_id = ?)",
        [(user, seq, part, text, lang, utc_stamp(now), user) for user, part, text, lang in rows],
    )


def _forget_what_left(db: sqlite_utils.Database, changes: list[RegistryChange]) -> None:
    """A record no longer in the registry can no longer be followed: its follows go (one that
    left and came back between two fan-outs stays followed)."""
    left = {(c.subject_kind, c.subject_id) for c in changes if c.change == "removed"}
    gone = [(sid,) for kind, sid in left if registered_name(db, kind, sid) is None]
    db.conn.executemany("DELETE FROM follows WHERE subject_id = ?", gone)


def _rename(db: sqlite_utils.Database, changes: list[RegistryChange]) -> None:
    """Follows keep the registered name, so /unfollow by the new name finds them."""
    db.conn.executemany(
        "UPDATE follows SET name = ? WHERE subject_id = ?",
        [(c.after, c.subject_id) for c in changes if c.change == "renamed" and c.after],
    )
