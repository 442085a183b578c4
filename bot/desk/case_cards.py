"""A typical case as staff read it, in plain text lines (the bot escapes them, the command line
prints them): one view for every front end."""

from __future__ import annotations

from datetime import date

from bot.desk.case_book import Case, CaseText
from bot.reports import categories
from bot.words import Lang, say
from bot.words.desk_cases import FIELD_NAMES, STATES, case_text
from bot.words.site import LIST_SEPARATOR

SHOWN_BODY = 600  # characters of the body on a card; the preview shows it whole


def title_line(case: Case, today: date, lang: Lang) -> str:
    return case_text("card_title", lang, id=case.id, state=say(STATES[case.state(today)], lang))


def field_lines(text: CaseText, lang: Lang) -> list[tuple[str, str]]:
    """(label, value) of each field of a case's text, an empty one said as such."""
    empty = case_text("empty", lang)
    values = {
        "title": text.title,
        "summary": text.summary,
        "body": text.body if len(text.body) <= SHOWN_BODY else text.body[:SHOWN_BODY] + "…",
        "categories": say(LIST_SEPARATOR, lang).join(
            categories.label(c, lang) for c in text.categories
        ),
        "authority": text.authority,
        "decision_no": text.decision_no,
        "publish_on": text.publish_on.isoformat() if text.publish_on else "",
    }
    return [(say(FIELD_NAMES[key], lang), values[key] or empty) for key in FIELD_NAMES]


def note_lines(case: Case, lang: Lang) -> list[str]:
    """What else staff should know: a change awaiting approval, the ticket, a correction, a
    withdrawal with its reason."""
    lines = []
    if case.pending and case.approved is not None:
        lines.append(case_text("pending", lang))
    if case.ticket_number:
        lines.append(case_text("from_ticket", lang, number=case.ticket_number))
    if case.corrected_on:
        lines.append(case_text("corrected", lang, day=case.corrected_on.isoformat()))
    if case.withdrawn_on:
        lines.append(
            case_text(
                "withdrawn_why",
                lang,
                day=case.withdrawn_on.isoformat(),
                reason=case.withdrawn_reason,
            )
        )
    return lines


def list_line(case: Case, today: date, lang: Lang) -> str:
    text = case.approved if case.approved and not case.pending else case.draft
    day = text.publish_on.isoformat() if text.publish_on else "—"
    return case_text(
        "list_line",
        lang,
        id=case.id,
        title=text.title or case_text("empty", lang),
        state=say(STATES[case.state(today)], lang),
        day=day,
    )
