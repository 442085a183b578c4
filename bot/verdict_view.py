"""One view of a verdict that every front end formats: the CLI, `--json`, the bot and the site.

`verdict_view(verdict, lang)` decides what a person reads (the headline, the rows of the matched
record, the reasons with their sources, the candidates and why each is offered, the footer) in
the words of bot/words/verdict.py. The front ends only lay it out: plain text, Telegram HTML, JSON,
and the site's directory.js, which builds the same structure from the shards (a test compares).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from bot.check import PAGE_SIZE
from bot.registry.subjects import Subject
from bot.verdict import Candidate, Verdict
from bot.words import say
from bot.words import verdict as messages
from bot.words.verdict import Lang, label, level_word, term

MARKS = {"danger": "⛔", "caution": "⚠️", "info": "·"}


@dataclass(frozen=True)
class Row:
    """One line of the matched record: `key` names the field, `label` is its word."""

    key: str
    label: str
    value: str


@dataclass(frozen=True)
class ReasonView:
    code: str
    severity: str  # danger, caution or info
    text: str
    source: str
    date: str


@dataclass(frozen=True)
class CandidateView:
    """A registered record the query may mean: enough to compare contacts, and why it is shown."""

    kind: str
    id: str
    name: str
    district: str
    phones: tuple[str, ...]
    address: str
    status: str
    level: str
    level_word: str  # "this record's own verdict: ✅ …", never to be read as the query's
    why: str


@dataclass(frozen=True)
class Paging:
    """Where the candidates shown stand among all the records they are drawn from: a name 46
    people share offers 5 at a time, and says so."""

    total: int  # every record the candidates are drawn from, not only those shown
    first: int  # the number of the first one shown, counting from 1
    page: int
    pages: int
    text: str  # "共 46 条，这里是第 6–10 条（第 2/10 页）"; empty when all are shown


@dataclass(frozen=True)
class Footer:
    as_of: str
    source: str
    fictional: bool
    text: str  # "数据截至：… · source"
    fictional_text: str  # the demo warning, empty for real data


@dataclass(frozen=True)
class VerdictView:
    lang: Lang
    query: str
    level: str
    level_word: str
    headline: str
    match_kind: str | None
    rows: tuple[Row, ...]
    compare: str  # the reminder to compare contacts; empty when there is nothing to compare
    reasons: tuple[ReasonView, ...]
    candidates: tuple[CandidateView, ...]
    candidates_title: str  # what the candidates are: the closest records, or those the text names
    paging: Paging
    footer: Footer

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def verdict_view(verdict: Verdict, lang: Lang, *, page: int = 1) -> VerdictView:
    """The verdict in the words of one language, ready to be laid out; `page` is the one
    `check` was asked for (its candidates are that page's)."""
    match = verdict.match
    rows = subject_rows(match, lang) if match is not None else ()
    has_contacts = match is not None and bool(match.phones or match.address)
    return VerdictView(
        lang=lang,
        query=verdict.query,
        level=verdict.level,
        level_word=level_word(verdict.level, lang),
        headline=verdict.headline(lang),
        match_kind=verdict.match_kind,
        rows=rows,
        compare=label("compare", lang) if has_contacts else "",
        reasons=tuple(
            ReasonView(r.code, r.severity, r.text(lang), r.source, r.date) for r in verdict.reasons
        ),
        candidates=tuple(_candidate(c, verdict, lang) for c in verdict.candidates),
        candidates_title=label(
            "named_records" if verdict.headline_key == "mismatch" else "candidates", lang
        ),
        paging=paging(verdict, page, lang),
        footer=Footer(
            as_of=verdict.as_of,
            source=verdict.source,
            fictional=verdict.fictional,
            text=words("as_of_line", lang).format(as_of=verdict.as_of, source=verdict.source),
            fictional_text=label("fictional", lang) if verdict.fictional else "",
        ),
    )


def paging(verdict: Verdict, page: int, lang: Lang) -> Paging:
    """Which of all the candidates are shown. Only a name several records share has more
    than one page (its `ambiguous` reason counts them all); a page past the last shows none,
    and a `page` beyond `pages` is how a front end knows it asked for one."""
    shown = len(verdict.candidates)
    total = max(shown, _sharing_the_name(verdict)) if shown else 0
    if total <= shown:
        return Paging(total=total, first=1, page=page, pages=1, text="")
    first = (page - 1) * PAGE_SIZE + 1
    pages = -(-total // PAGE_SIZE)
    last = first + shown - 1
    text = words("shown_of", lang).format(
        total=total, first=first, last=last, page=page, pages=pages
    )
    return Paging(total=total, first=first, page=page, pages=pages, text=text)


def _sharing_the_name(verdict: Verdict) -> int:
    """How many records share the name asked about, as the `ambiguous` reason counts them."""
    counts = (r.params.get("count", 0) for r in verdict.reasons if r.code == "ambiguous")
    return int(next(counts, 0))


def subject_rows(subject: Subject, lang: Lang) -> tuple[Row, ...]:
    """The fields of a record a person compares with what they were given; empty ones left out."""
    # 名称 names a firm, 姓名 a person.
    named = "name" if subject.kind == "agency" else "person_name"
    rows: list[tuple[str, str | None]] = [(named, subject.name)]
    if subject.kind == "agency":
        kind = term(messages.AGENCY_KINDS, subject.agency_kind, lang)
        if subject.parent is not None:
            kind = words("branch_kind", lang).format(kind=kind)
        rows += [
            ("uscc", subject.id),
            ("kind", kind),
            ("former_names", joined(subject.former_names, lang)),
            ("head_office", subject.parent.name if subject.parent else None),
        ]
    else:
        rows += [
            ("cert_no", subject.id),
            ("kind", label("practitioner", lang)),
            ("agency", subject.agency_name),
        ]
    rows += [
        ("status", term(messages.STATUSES, subject.status, lang)),
        ("grade", subject.credit_grade),
        ("district", place(subject)),
        ("phones", joined(subject.phones, lang)),
        ("websites", joined(subject.websites, lang)),
        ("address", subject.address),
    ]
    return tuple(Row(key, label(key, lang), value) for key, value in rows if value)


def _candidate(candidate: Candidate, verdict: Verdict, lang: Lang) -> CandidateView:
    subject = candidate.subject
    return CandidateView(
        kind=subject.kind,
        id=subject.id,
        name=subject.name,
        district=place(subject) or "",
        phones=subject.phones[:2],
        address=subject.address or "",
        status=term(messages.STATUSES, subject.status, lang),
        level=candidate.level,
        level_word=words("own_level", lang).format(level=level_word(candidate.level, lang)),
        why=why(candidate, verdict, lang),
    )


def why(candidate: Candidate, verdict: Verdict, lang: Lang) -> str:
    """Why a record is offered: a clone-like name, a name holding the query, the same name…"""
    if verdict.headline_key == "invalid_uscc":
        kind = "uscc_prefix"
    else:
        kind = "lookalike" if candidate.lookalike else candidate.match_kind
    if verdict.headline_key == "mismatch" and kind in ("exact_name", "former_name"):
        kind = "named"  # the clone case: the name given, beside the records its contacts name
    template = messages.CANDIDATE_WHY.get(kind, messages.CANDIDATE_WHY["fuzzy"])
    return say(template, lang).format(query=verdict.query)


def place(subject: Subject) -> str | None:
    """Where a record is: its district, else (outside Shanghai) its city or province."""
    return subject.district or subject.city or subject.province


def words(key: str, lang: Lang) -> str:
    return say(messages.VIEW_WORDS[key], lang)


def joined(items: tuple[str, ...], lang: Lang) -> str:
    return words("list_sep", lang).join(items)


def colon(lang: Lang) -> str:
    return words("colon", lang)


def paren(text: str, lang: Lang) -> str:
    return words("paren", lang).format(text=text) if text else ""
