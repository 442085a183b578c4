"""The words of a follow notice: a block per followed subject (what changed, its related
records' changes, the verdict now) and the parts a notice is cut into so each fits a message."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape

import sqlite_utils

from bot.check import check
from bot.registry.reader import RegistryChange, agency_name
from bot.verdict_view import verdict_view
from bot.words import Lang, Words, say
from bot.words import follows as words
from bot.words.verdict import LISTS, SANCTIONS, STATUSES, term

# Telegram counts a message's length in UTF-16 units of the text it shows; a part is measured as
# the HTML it is sent as (never shorter), with room to spare for the repeat line.
PART_UNITS = 3800
LINES_PER_SUBJECT = 8  # changes told per subject; the rest are counted
VALUE_CHARS = 200  # a name or authority quoted in a line (a cell may hold 2,000 characters)


def units(text: str) -> int:
    """The length Telegram measures, of the text as sent (HTML-escaped)."""
    return len(escape(text).encode("utf-16-le")) // 2


def clipped(value: str) -> str:
    return value if len(value) <= VALUE_CHARS else value[: VALUE_CHARS - 1] + "…"


@dataclass(frozen=True)
class Related:
    """Changes of a record the followed one shares its risk with (a branch's head office, a
    practitioner's agency), and the words that name it."""

    words: Words
    changes: tuple[RegistryChange, ...]


class NoticeWriter:
    """Each subject's block in each language, written once however many follow it."""

    def __init__(self, db: sqlite_utils.Database, today: date) -> None:
        self.db = db
        self.today = today
        self._blocks: dict[tuple[str, Lang, int, int], list[str]] = {}
        self._verdicts: dict[tuple[str, Lang], str] = {}

    def block(
        self,
        subject_id: str,
        name: str,
        lang: Lang,
        mine: list[RegistryChange],
        related: Related | None,
    ) -> list[str]:
        """The lines about one followed subject: its name, what changed (its own changes, then
        its related record's), the verdict now. Written once per subject, language and first
        change told, however many follow it."""
        first_related = related.changes[0].seq if related and related.changes else 0
        key = (subject_id, lang, mine[0].seq if mine else 0, first_related)
        if key in self._blocks:
            return self._blocks[key]
        lines = [self._line(change, lang) for change in mine]
        if related is not None:
            lines += [
                say(related.words, lang, name=clipped(c.name), line=self._line(c, lang))
                for c in related.changes
            ]
        shown = ["· " + line for line in lines[:LINES_PER_SUBJECT]]
        if len(lines) > LINES_PER_SUBJECT:
            more = len(lines) - LINES_PER_SUBJECT
            shown.append("· " + say(words.NOTICE_MORE, lang, count=more))
        title = say(words.NOTICE_SUBJECT, lang, name=clipped(mine[-1].name if mine else name))
        self._blocks[key] = [title, *shown, self._verdict(subject_id, lang)]
        return self._blocks[key]

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
                    words.NOTICE_NOW, lang, level=view.level_word, headline=clipped(view.headline)
                )
        return self._verdicts[key]

    def _line(self, change: RegistryChange, lang: Lang) -> str:
        on = say(words.ON_DATE, lang, date=change.effective_on) if change.effective_on else ""
        by = ""
        if change.authority:
            by = say(words.BY_AUTHORITY, lang, authority=clipped(change.authority))
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
            before=clipped(before or nothing),
            after=clipped(after or nothing),
            on=on,
            by=by,
        )


def parts(lang: Lang, blocks: list[list[str]], footer: str) -> list[str]:
    """The title, the blocks and the footer in as few parts as fit PART_UNITS: a block is kept
    whole where it fits, else cut between lines (every line is short: values are clipped)."""
    cut: list[list[str]] = [[say(words.NOTICE_TITLE, lang)]]
    size = units(cut[0][0])
    for block in [*blocks, [footer]]:
        whole = units("\n".join(block)) + 2
        if size + whole > PART_UNITS and whole <= PART_UNITS:
            cut.append([])
            size = 0
        for n, line in enumerate(block):
            gap = 2 if n == 0 and cut[-1] else 1  # a blank line between blocks
            if size + gap + units(line) > PART_UNITS:
                cut.append([])
                size, gap = 0, 0
            cut[-1].append(("\n" if gap == 2 else "") + line)
            size += gap + units(line)
    return ["\n".join(lines) for lines in cut if lines]
