"""Verdicts as Telegram HTML cards: every registry and user string escaped, long text split."""

from __future__ import annotations

from html import escape

from bot.verdict import Verdict
from bot.verdict_view import MARKS, VerdictView, colon, verdict_view
from bot.words.verdict import Lang, label

TELEGRAM_LIMIT = 4096


def verdict_card(verdict: Verdict, lang: Lang) -> str:
    """The verdict as a card: level, headline, the record to compare, reasons, as-of."""
    return view_card(verdict_view(verdict, lang))


def view_card(view: VerdictView) -> str:
    """bot/verdict_view.py's view as Telegram HTML; every word from the registry escaped."""
    lang = view.lang
    parts = [f"<b>{escape(view.level_word)}</b>  {escape(view.headline)}"]
    if view.rows:
        lines = [f"{escape(row.label)}{colon(lang)}<b>{escape(row.value)}</b>" for row in view.rows]
        if view.compare:
            lines.append(f"<i>{escape(view.compare)}</i>")
        parts.append("\n".join(lines))
    if view.reasons:
        lines = [f"<b>{label('reasons', lang)}</b>"]
        for reason in view.reasons:
            lines.append(f"{MARKS[reason.severity]} {escape(reason.text)}")
            lines.append(f"   <i>{escape(reason.source)} · {escape(reason.date)}</i>")
        parts.append("\n".join(lines))
    if view.candidates:
        lines = [f"<b>{view.candidates_title}</b>"]
        if view.paging.text:
            lines.append(f"<i>{escape(view.paging.text)}</i>")
        for i, c in enumerate(view.candidates, view.paging.first):
            where = f" · {escape(c.district)}" if c.district else ""
            lines.append(
                f"{i}. {escape(c.name)}{where}\n"
                f"   <i>{escape(c.why)}</i>\n"
                f"   <code>{escape(c.id)}</code> {escape(' · '.join(c.phones))}\n"
                f"   {escape(c.level_word)}"
            )
        parts.append("\n".join(lines))
    footer = f"<i>{escape(view.footer.text)}</i>"
    if view.footer.fictional_text:
        footer += f"\n<b>{escape(view.footer.fictional_text)}</b>"
    parts.append(footer)
    return "\n\n".join(parts)


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
    if units(text) <= limit:  # one message (every card): what _by_lines makes of it, sooner
        kept = text.lstrip("\n")
        return [kept] if kept.strip() else [text[:limit]]
    return _by_lines(text, limit)


def _by_lines(text: str, limit: int) -> list[str]:
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
