"""Turning a Verdict into the JSON contract (data-format.md §2) and into text for a terminal."""

from __future__ import annotations

from typing import Any

from bot import messages
from bot.messages import Lang, label, level_word, term
from bot.registry.subjects import Subject
from bot.verdict import Verdict


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
    return data


def verdict_json(verdict: Verdict, lang: Lang = "zh") -> dict[str, Any]:
    """The `lantian check --json` object: the contract's fields first, extensions after."""
    return {
        "query": verdict.query,
        "level": verdict.level,
        "headline": verdict.headline(lang),
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
            }
            for c in verdict.candidates
        ],
        "reasons": [
            {
                "code": r.code,
                "text": r.text(lang),
                "source": r.source,
                "date": r.date,
                "severity": r.severity,
            }
            for r in verdict.reasons
        ],
        "as_of": verdict.as_of,
        "fictional": verdict.fictional,
        "source": verdict.source,
        "lang": lang,
    }


def verdict_text(verdict: Verdict, lang: Lang = "zh") -> str:
    """A plain-text card for the terminal, Chinese first."""
    lines = [f"{level_word(verdict.level, lang)}  {verdict.headline(lang)}"]
    if verdict.match is not None:
        lines += ["", *_subject_lines(verdict.match, lang)]
    if verdict.reasons:
        lines += ["", label("reasons", lang) + ":"]
        mark = {"danger": "⛔", "caution": "⚠️", "info": "·"}
        for reason in verdict.reasons:
            lines.append(f"  {mark[reason.severity]} {reason.text(lang)}")
            lines.append(f"      {label('source', lang)}: {reason.source}  {reason.date}")
    if verdict.candidates:
        lines += ["", label("candidates", lang) + ":"]
        for i, c in enumerate(verdict.candidates, 1):
            status = term(messages.STATUSES, c.subject.status, lang)
            where = f" · {c.subject.district}" if c.subject.district else ""
            lines.append(f"  {i}. {level_word(c.level, lang)} {c.subject.name}（{status}{where}）")
            lines.append(f"     {c.subject.id}" + _contact(c.subject))
    lines += ["", f"{label('as_of', lang)}: {verdict.as_of} · {verdict.source}"]
    if verdict.fictional:
        lines.append(label("fictional", lang))
    return "\n".join(lines)


def _contact(subject: Subject) -> str:
    parts = [*subject.phones[:2], *((subject.address and [subject.address]) or [])]
    return ("  " + " · ".join(parts)) if parts else ""


def _subject_lines(subject: Subject, lang: Lang) -> list[str]:
    rows: list[tuple[str, str | None]] = [(label("name", lang), subject.name)]
    if subject.kind == "agency":
        kind = term(messages.AGENCY_KINDS, subject.agency_kind, lang)
        if subject.parent is not None:
            kind += f"（{label('branch', lang)}）"
        rows += [
            (label("uscc", lang), subject.id),
            (label("kind", lang), kind),
            (label("former_names", lang), "；".join(subject.former_names) or None),
            (label("head_office", lang), subject.parent.name if subject.parent else None),
        ]
    else:
        rows += [
            (label("cert_no", lang), subject.id),
            (label("kind", lang), label("practitioner", lang)),
        ]
    rows += [
        (label("status", lang), term(messages.STATUSES, subject.status, lang)),
        (label("grade", lang), subject.credit_grade),
        (label("district", lang), subject.district),
        (label("phones", lang), "；".join(subject.phones) or None),
        (label("websites", lang), "；".join(subject.websites) or None),
        (label("address", lang), subject.address),
    ]
    lines = [f"  {name}: {value}" for name, value in rows if value]
    if subject.phones or subject.address:
        lines.append(f"  {label('compare', lang)}")
    return lines
