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

from bot.check import check
from bot.registry.database import transaction, utc_stamp
from bot.registry.reader import (
    RegistryChange,
    agency_name,
    branch_heads,
    import_seq,
    registry_changes,
)
from bot.verdict_view import verdict_view
from bot.words import Lang, say
from bot.words import follows as words
from bot.words.verdict import LISTS, SANCTIONS, STATUSES, term

PART_CHARS = 3000  # a notice's part, before HTML escaping, well inside Telegram's 4096
LINES_PER_SUBJECT = 8  # changes told per subject; the rest are counted
_CHUNK = 500  # subject ids per IN (...)
# What a head office's change tells its branches' followers: what moves the branch's verdict.
HEAD_OFFICE_CHANGES = ("status", "listed", "delisted", "sanction", "removed")


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
    subject_id: str
    name: str
    lang: Lang
    since_seq: int


def fanned_seq(db: sqlite_utils.Database) -> int:
    row = db.execute("SELECT seq FROM follow_fanout WHERE id = 1").fetchone()
    return int(row[0]) if row else 0


def pending_fan_out(db: sqlite_utils.Database) -> bool:
    """True when the live registry came from an import not yet fanned out."""
    return import_seq(db) > fanned_seq(db)


def fan_out(db: sqlite_utils.Database, *, today: date, now: datetime) -> FanOut:
    """Write a notice for each follower of a subject the imports since the last fan-out
    changed. Running it again, or in another process at once, writes nothing twice."""
    done, live = fanned_seq(db), import_seq(db)
    if live <= done:
        return FanOut(done, 0, 0, 0)
    changes = registry_changes(db, after_seq=done)
    own: dict[str, list[RegistryChange]] = defaultdict(list)
    for change in changes:
        own[change.subject_id].append(change)
    # A branch shares its head office's risk (domain brief, rule 6): its followers hear of it.
    heads = {branch: head for branch, head in branch_heads(db).items() if head in own}
    rows = _notices(_Writer(db, today), _followers(db, {*own, *heads}), own, heads)
    gone = {c.subject_id for c in changes if c.change == "removed"}
    with transaction(db):
        if fanned_seq(db) != done:  # another process fanned these imports out meanwhile
            return FanOut(fanned_seq(db), 0, 0, 0)
        db.conn.executemany(
            "INSERT OR IGNORE INTO follow_notices (user_id, seq, part, text, lang, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(user, live, part, text, lang, utc_stamp(now)) for user, part, text, lang in rows],
        )
        # A record that left the registry can no longer be followed: its follows go.
        _delete_follows_of(db, gone)
        db.execute(
            "INSERT INTO follow_fanout (id, seq) VALUES (1, ?) "
            "ON CONFLICT (id) DO UPDATE SET seq = excluded.seq",
            [live],
        )
    return FanOut(live, len(changes), len({row[0] for row in rows}), len(rows))


def _notices(
    writer: _Writer,
    follows: list[_Follow],
    own: dict[str, list[RegistryChange]],
    heads: dict[str, str],
) -> list[tuple[int, int, str, Lang]]:
    """(user, part, text, language) of every notice: one per follower told of anything."""
    rows: list[tuple[int, int, str, Lang]] = []
    for user_id, theirs in _by_user(follows).items():
        blocks: list[str] = []
        told: list[RegistryChange] = []
        for follow in theirs:
            mine = [c for c in own.get(follow.subject_id, ()) if c.seq > follow.since_seq]
            head = [
                c
                for c in own.get(heads.get(follow.subject_id, ""), ())
                if c.seq > follow.since_seq and c.change in HEAD_OFFICE_CHANGES
            ]
            if mine or head:
                blocks.append(writer.block(follow, mine, head))
                told += mine + head
        if blocks:
            last = max(told, key=lambda c: c.seq)
            lang = theirs[0].lang
            footer = say(words.NOTICE_SOURCE, lang, noted_on=last.noted_on, source=last.source)
            rows += [
                (user_id, n, text, lang) for n, text in enumerate(_parts(lang, blocks, footer))
            ]
    return rows


def _followers(db: sqlite_utils.Database, subjects: Iterable[str]) -> list[_Follow]:
    wanted = list(subjects)
    found: list[_Follow] = []
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        found += [
            _Follow(*row)
            for row in db.execute(
                "SELECT user_id, subject_id, name, lang, since_seq FROM follows "
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


def _delete_follows_of(db: sqlite_utils.Database, subjects: set[str]) -> None:
    db.conn.executemany("DELETE FROM follows WHERE subject_id = ?", [(s,) for s in subjects])


def _parts(lang: Lang, blocks: list[str], footer: str) -> list[str]:
    """The title, the subjects' blocks and the footer, in as few parts as fit PART_CHARS."""
    parts: list[str] = []
    current = say(words.NOTICE_TITLE, lang)
    for block in [*blocks, footer]:
        if len(current) + 2 + len(block) > PART_CHARS:
            parts.append(current)
            current = block
        else:
            current += "\n\n" + block
    return [*parts, current]


class _Writer:
    """Each subject's block in each language, written once however many follow it."""

    def __init__(self, db: sqlite_utils.Database, today: date) -> None:
        self.db = db
        self.today = today
        self._blocks: dict[tuple[str, Lang, int, int], str] = {}
        self._verdicts: dict[tuple[str, Lang], str] = {}

    def block(self, follow: _Follow, mine: list[RegistryChange], head: list[RegistryChange]) -> str:
        """What changed about one followed subject (and its head office), and its verdict now."""
        key = (
            follow.subject_id,
            follow.lang,
            mine[0].seq if mine else 0,
            head[0].seq if head else 0,
        )
        if key not in self._blocks:
            self._blocks[key] = self._block(follow, mine, head)
        return self._blocks[key]

    def _block(
        self, follow: _Follow, mine: list[RegistryChange], head: list[RegistryChange]
    ) -> str:
        lang = follow.lang
        name = mine[-1].name if mine else follow.name
        lines = [self._line(change, lang) for change in mine]
        lines += [
            say(words.HEAD_OFFICE, lang, name=change.name, line=self._line(change, lang))
            for change in head
        ]
        shown = ["· " + line for line in lines[:LINES_PER_SUBJECT]]
        if len(lines) > LINES_PER_SUBJECT:
            more = len(lines) - LINES_PER_SUBJECT
            shown.append("· " + say(words.NOTICE_MORE, lang, count=more))
        title = say(words.NOTICE_SUBJECT, lang, name=name)
        return "\n".join([title, *shown, self._verdict(follow.subject_id, lang)])

    def _verdict(self, subject_id: str, lang: Lang) -> str:
        """The verdict as it stands after the import, as a check would give it now."""
        key = (subject_id, lang)
        if key not in self._verdicts:
            verdict = check(self.db, subject_id, today=self.today)
            if verdict.match is None or verdict.match.id != subject_id:
                self._verdicts[key] = say(words.NOTICE_GONE_NOW, lang)
            else:
                view = verdict_view(verdict, lang)
                self._verdicts[key] = say(
                    words.NOTICE_NOW, lang, level=view.level_word, headline=view.headline
                )
        return self._verdicts[key]

    def _line(self, change: RegistryChange, lang: Lang) -> str:
        on = say(words.ON_DATE, lang, date=change.effective_on) if change.effective_on else ""
        by = say(words.BY_AUTHORITY, lang, authority=change.authority) if change.authority else ""
        before, after = change.before, change.after
        if change.change == "status":
            before, after = term(STATUSES, before, lang), term(STATUSES, after, lang)
        elif change.change in ("listed", "delisted"):
            before, after = term(LISTS, before, lang), term(LISTS, after, lang)
        elif change.change == "sanction":
            after = term(SANCTIONS, after, lang)
        elif change.change in ("parent", "agency"):
            before = agency_name(self.db, before) or before
            after = agency_name(self.db, after) or after
        nothing = say(words.NOTHING, lang)
        return say(
            words.CHANGES[change.change],
            lang,
            before=before or nothing,
            after=after or nothing,
            on=on,
            by=by,
        )
