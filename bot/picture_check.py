"""The check of a picture's text (an ad, a flyer, a business card, a screenshot of a shop or a
chat): every identity in it checked on its own, all of them compared with each other as pasted
text is (a registered name with another firm's phone is the clone case), and the red flags in
its words. Pure: the text comes from bot/ocr.py or from anywhere else."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.check import check
from bot.lookup import MAX_QUERY
from bot.normalize import clean_text, names_a_company
from bot.query_reading import read
from bot.red_flags import RedFlag, red_flags
from bot.registry.ready import Readable
from bot.verdict import LEVEL_ORDER, Verdict
from bot.verdict_view import verdict_view
from bot.words import Lang, say
from bot.words import picture as words
from bot.words.verdict import HEADLINES as VERDICT_HEADLINES

PICTURE_TEXT = 4000  # characters of a picture's text looked at (a long screenshot's worth)
MOST_IDENTITIES = 12  # identities checked on their own; all are compared together
FLAG_LEVEL = {"official": "danger"}  # every other kind of red flag: caution


@dataclass(frozen=True)
class PictureVerdict:
    text: str  # what was read
    level: str
    overall: Verdict | None  # the identities compared with each other; None when none was read
    identities: tuple[Verdict, ...]
    red_flags: tuple[RedFlag, ...]

    def headline(self, lang: Lang) -> str:
        if any(flag.kind == "official" for flag in self.red_flags):
            said = say(VERDICT_HEADLINES["impersonation"], lang)  # the gravest, said first
            return said + (say(words.HEADLINES["and_flags"], lang) if self.overall else "")
        if self.overall is None:
            key = "flags_only" if self.red_flags else "nothing_read"
            return say(words.HEADLINES[key], lang)
        said = verdict_view(self.overall, lang).headline
        if self.red_flags:
            return said + say(words.HEADLINES["and_flags"], lang)
        return said


def identity_queries(text: str) -> list[str]:
    """The identities a picture's text holds, in reading order, each once: every USCC, code,
    phone, web address and e-mail, and every line's stretch that names a firm."""
    found: dict[str, None] = {}
    for line in text.splitlines():
        reading = read(line.strip()[:MAX_QUERY])
        for piece in reading.pieces:
            found.setdefault(piece.text.strip(), None)
        for name in reading.names:
            if names_a_company(name):
                found.setdefault(name.strip(), None)
    return [query for query in found if query]


def check_picture_text(db: Readable, text: str, *, today: date) -> PictureVerdict:
    """The verdict on a picture's text (see the module's docstring)."""
    text = clean_text(text)[:PICTURE_TEXT]
    queries = identity_queries(text)
    identities = tuple(check(db, query, today=today) for query in queries[:MOST_IDENTITIES])
    overall = _compared(db, queries, identities, today)
    flags = tuple(red_flags(text))
    levels = [verdict.level for verdict in identities]
    levels += [overall.level] if overall else ["unknown"]
    levels += [FLAG_LEVEL.get(flag.kind, "caution") for flag in flags]
    level = max(levels, key=LEVEL_ORDER.__getitem__)
    return PictureVerdict(text, level, overall, identities, flags)


def _compared(
    db: Readable, queries: list[str], identities: tuple[Verdict, ...], today: date
) -> Verdict | None:
    """All identities read as one pasted text, so that they are compared; as many as fit a
    query, in reading order (a name comes before its contacts on a card or a flyer)."""
    if not queries:
        return None
    if len(queries) == 1:
        return identities[0]
    joined = ""
    for query in queries:
        if len(joined) + 1 + len(query) > MAX_QUERY:
            break
        joined = f"{joined} {query}".strip()
    return check(db, joined, today=today)
