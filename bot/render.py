"""Turning a Verdict into the JSON contract (data-format.md §2) and into text for a terminal.

Both lay out bot/verdict_view.py's VerdictView; the words and what is shown are decided there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.registry.subjects import Subject
from bot.verdict import Verdict
from bot.verdict_view import MARKS, VerdictView, colon, paren, verdict_view
from bot.words import say
from bot.words import verdict as messages
from bot.words.verdict import Lang, label, level_word

if TYPE_CHECKING:  # a picture's answer: imported where it is laid out, off the check's start-up
    from bot.picture_check import PictureVerdict


def subject_json(subject: Subject) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": subject.kind,
        "id": subject.id,
        "name": subject.name,
        "status": subject.status,
        "credit_grade": subject.credit_grade,
        "district": subject.district,
    }
    if subject.kind == "agency":
        data |= {
            "agency_kind": subject.agency_kind,
            "patent_agency_code": subject.patent_agency_code,
            "former_names": list(subject.former_names),
            "phones": list(subject.phones),
            "websites": list(subject.websites),
            "address": subject.address,
            "province": subject.province,
            "head_office": subject.parent.id if subject.parent else None,
        }
    else:
        data["agency_uscc"] = subject.agency_uscc
        data["agency_name"] = subject.agency_name
    return data


# Candidates a piece of the query named exactly: the identities a pasted text holds, which
# data-format.md lists under `identities` (a name and a phone of two firms: both).
NAMED_BY = ("exact_id", "exact_name", "former_name", "phone", "website")


def verdict_json(verdict: Verdict, lang: Lang = "zh") -> dict[str, Any]:
    """The `lantian check --json` object: the contract's fields first, extensions after.

    `view` (an extension) is the VerdictView every front end lays out, for a program that
    wants to show the answer as the bot and the site do."""
    view = verdict_view(verdict, lang)
    return {
        "query": verdict.query,
        "level": verdict.level,
        "headline": view.headline,
        "match": subject_json(verdict.match) if verdict.match else None,
        "match_kind": verdict.match_kind,
        "candidates": [
            {
                "kind": c.subject.kind,
                "id": c.subject.id,
                "name": c.subject.name,
                "score": c.score,
                "level": c.level,
                "status": c.subject.status,
                "district": c.subject.district,
                "match_kind": c.match_kind,
                "why": shown.why,
            }
            for c, shown in zip(verdict.candidates, view.candidates, strict=True)
        ],
        "reasons": [
            {
                "code": r.code,
                "text": r.text,
                "source": r.source,
                "date": r.date,
                "severity": r.severity,
            }
            for r in view.reasons
        ],
        "as_of": verdict.as_of,
        "fictional": verdict.fictional,
        # Every record `candidates` is drawn from: a name 46 people share lists 5 of 46.
        "candidates_total": view.paging.total,
        "identities": [
            {
                "kind": c.subject.kind,
                "id": c.subject.id,
                "name": c.subject.name,
                "level": c.level,
                "status": c.subject.status,
                "match_kind": c.match_kind,
            }
            for c in verdict.candidates
            if c.match_kind in NAMED_BY and not c.lookalike
        ],
        "source": verdict.source,
        "lang": lang,
        "view": view.as_json(),
    }


def verdict_text(verdict: Verdict, lang: Lang = "zh") -> str:
    """A plain-text card for the terminal, Chinese first."""
    return view_text(verdict_view(verdict, lang))


def view_text(view: VerdictView) -> str:
    lang = view.lang
    lines = [f"{view.level_word}  {view.headline}"]
    if view.rows:
        lines += ["", *(f"  {row.label}{colon(lang)}{row.value}" for row in view.rows)]
        if view.compare:
            lines.append(f"  {view.compare}")
    if view.reasons:
        lines += ["", label("reasons", lang) + colon(lang).rstrip()]
        for reason in view.reasons:
            lines.append(f"  {MARKS[reason.severity]} {reason.text}")
            lines.append(
                f"      {label('source', lang)}{colon(lang)}{reason.source}  {reason.date}"
            )
    if view.candidates:
        lines += ["", view.candidates_title + colon(lang).rstrip()]
        if view.paging.text:
            lines.append(f"  {view.paging.text}")
        for i, c in enumerate(view.candidates, view.paging.first):
            where = " · ".join(part for part in (c.status, c.district) if part)
            lines.append(f"  {i}. {c.name}{paren(where, lang)}  {c.why}")
            contact = " · ".join([*c.phones, *([c.address] if c.address else [])])
            lines.append(f"     {c.id}" + (f"  {contact}" if contact else ""))
            lines.append(f"     {c.level_word}")
    lines += ["", view.footer.text]
    if view.footer.fictional_text:
        lines.append(view.footer.fictional_text)
    return "\n".join(lines)


def stats_text(stats: dict[str, Any], lang: Lang = "zh") -> str:
    """`lantian registry stats` for a person: headings and values in words, not codes."""
    lines = []
    for key, value in stats.items():
        heading = (
            say(messages.STATS_HEADINGS[key], lang) if key in (messages.STATS_HEADINGS) else key
        )
        if isinstance(value, dict):
            words = messages.STATS_VALUES.get(key, {})
            value = "  ".join(f"{messages.term(words, str(k), lang)} {n}" for k, n in value.items())
        elif isinstance(value, bool):
            value = say(messages.YES_NO[value], lang)
        lines.append(f"{heading}{colon(lang)}{value}")
    return "\n".join(lines)


def picture_json(picture: PictureVerdict, lang: Lang = "zh") -> dict[str, Any]:
    """The `lantian check --image --json` object of data-format.md: what was read, the overall
    level and headline, a verdict object per identity, the red flags; `overall` (an extension)
    is the identities read together, as pasted text is checked."""
    from bot.reports.categories import label as category_label
    from bot.words.red_flags import RED_FLAGS

    return {
        "text": picture.text,
        "level": picture.level,
        "headline": picture.headline(lang),
        "identities": [verdict_json(verdict, lang) for verdict in picture.identities],
        "red_flags": [
            {
                "code": flag.code,
                "text": say(RED_FLAGS[flag.kind], lang),
                "evidence": flag.evidence,
                "kind": flag.kind,
                "category": category_label(flag.code, lang),
            }
            for flag in picture.red_flags
        ],
        "overall": verdict_json(picture.overall, lang) if picture.overall else None,
        "lang": lang,
    }


def picture_text(picture: PictureVerdict, lang: Lang = "zh") -> str:
    """A plain-text card of a picture's check for the terminal."""
    from bot.reports.categories import label as category_label
    from bot.words.picture import LABELS as PICTURE_LABELS
    from bot.words.red_flags import RED_FLAGS

    lines = [f"{level_word(picture.level, lang)}  {picture.headline(lang)}", ""]
    lines += [
        say(PICTURE_LABELS["read"], lang),
        *(f"  {line}" for line in picture.text.splitlines()),
    ]
    if picture.identities:
        lines += ["", say(PICTURE_LABELS["identities"], lang, count=len(picture.identities))]
        for verdict in picture.identities:
            view = verdict_view(verdict, lang)
            lines.append(f"  {view.level_word}  {verdict.query} — {view.headline}")
    if picture.red_flags:
        lines += ["", say(PICTURE_LABELS["red_flags"], lang)]
        for flag in picture.red_flags:
            lines.append(
                "  · " + say(PICTURE_LABELS["flag"], lang, text=say(RED_FLAGS[flag.kind], lang),
                             evidence=flag.evidence, category=category_label(flag.code, lang))
            )  # fmt: skip
    return "\n".join(lines)
