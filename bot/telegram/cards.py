"""Verdicts as Telegram HTML cards: every registry and user string escaped, long text split."""

from __future__ import annotations

from html import escape

from bot import messages
from bot.messages import Lang, label, level_word, term
from bot.registry.subjects import Subject
from bot.verdict import Verdict

TELEGRAM_LIMIT = 4096


def verdict_card(verdict: Verdict, lang: Lang) -> str:
    """The verdict as a card: level, headline, the record to compare, reasons, as-of."""
    parts = [f"<b>{level_word(verdict.level, lang)}</b>  {escape(verdict.headline(lang))}"]
    if verdict.match is not None:
        parts.append(subject_block(verdict.match, lang))
    if verdict.reasons:
        mark = {"danger": "⛔", "caution": "⚠️", "info": "•"}
        lines = [f"<b>{label('reasons', lang)}</b>"]
        for reason in verdict.reasons:
            lines.append(f"{mark[reason.severity]} {escape(reason.text(lang))}")
            lines.append(f"   <i>{escape(reason.source)} · {reason.date}</i>")
        parts.append("\n".join(lines))
    if verdict.candidates:
        lines = [f"<b>{label('candidates', lang)}</b>"]
        for i, candidate in enumerate(verdict.candidates, 1):
            subject = candidate.subject
            where = f" · {escape(subject.district)}" if subject.district else ""
            lines.append(
                f"{i}. {level_word(candidate.level, lang)} {escape(subject.name)}{where}\n"
                f"   <code>{escape(subject.id)}</code> {escape(' · '.join(subject.phones[:2]))}"
            )
        parts.append("\n".join(lines))
    footer = f"<i>{label('as_of', lang)}: {verdict.as_of} · {escape(verdict.source)}</i>"
    if verdict.fictional:
        footer += f"\n<b>{label('fictional', lang)}</b>"
    parts.append(footer)
    return "\n\n".join(parts)


def subject_block(subject: Subject, lang: Lang) -> str:
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
    lines = [f"{name}：<b>{escape(value)}</b>" for name, value in rows if value]
    if subject.phones or subject.address:
        lines.append(f"<i>{label('compare', lang)}</i>")
    return "\n".join(lines)


def units(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units (an emoji outside the BMP is two)."""
    return len(text.encode("utf-16-le")) // 2


def split_message(text: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Cut text into messages of at most `limit` UTF-16 units, at line breaks.

    Cards are built from whole lines and every tag opens and closes on one line, so a cut
    between lines never leaves an unclosed tag. A single line longer than the limit (only
    plain user text can be) is cut hard, outside any entity. The raw HTML is measured, which
    is never shorter than the text Telegram counts.
    """
    chunks: list[str] = []
    current = ""
    for line in text.split("\n"):
        while units(line) > limit:
            if current:
                chunks.append(current)
                current = ""
            cut = _safe_cut(line, _fitting(line, limit))
            chunks.append(line[:cut])
            line = line[cut:]
        candidate = f"{current}\n{line}" if current else line
        if units(candidate) > limit:
            chunks.append(current)
            current = line
        else:
            current = candidate
    if current or not chunks:
        chunks.append(current)
    return [chunk for chunk in chunks if chunk.strip()] or [text[:limit]]


def _fitting(line: str, limit: int) -> int:
    """How many characters of `line` fit in `limit` UTF-16 units."""
    used = 0
    for index, char in enumerate(line):
        used += 2 if ord(char) > 0xFFFF else 1
        if used > limit:
            return index
    return len(line)


def _safe_cut(line: str, limit: int) -> int:
    """A cut point at or before `limit` that does not split an HTML entity such as &amp;."""
    amp = line.rfind("&", max(0, limit - 10), limit)
    if amp > 0 and ";" not in line[amp:limit]:
        return amp
    return max(limit, 1)
