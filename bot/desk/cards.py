"""A ticket as staff read it, in plain text: the bot escapes it into HTML, the CLI prints it.

Never the reporter's identity: that comes only from `actions.reveal_contact`, which is logged.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import sqlite_utils

from bot import clock
from bot.desk.queue import QueueItem, is_due_soon, is_overdue
from bot.desk.routing import home_district, subject_place, suggest
from bot.desk.vocabulary import (
    CITY,
    DESTINATIONS,
    GROUNDS,
    KIND_WORDS,
    OUTCOMES,
    STATES,
    outcome_words,
    term,
)
from bot.registry.reader import agency_name
from bot.reports import categories
from bot.reports.redact import phone_candidates, phone_digits
from bot.reports.tickets import Ticket
from bot.words import Lang, say
from bot.words.desk_terms import (
    ACTIONS,
    ANONYMOUS,
    CARD_LABELS,
    CITY_ROLE,
    COLON,
    CUT,
    DUE_SOON,
    EVIDENCE_COUNT,
    HIDDEN,
    NO_DEADLINE,
    OVERDUE,
    PAREN,
    UNASSIGNED,
)

DESCRIPTION_SHOWN = 1500  # characters of a description on a card


def ticket_fields(
    db: sqlite_utils.Database, ticket: Ticket, lang: Lang, *, today: date
) -> list[tuple[str, str]]:
    """(label, value) rows of a ticket card, in reading order; empty values left out."""
    registered = _registered_name(db, ticket.subject_uscc)
    due = ticket.reply_due_on.isoformat() if ticket.reply_due_on else say(NO_DEADLINE, lang)
    if is_overdue(ticket, today):
        due += paren(say(OVERDUE, lang), lang)
    elif is_due_soon(ticket, today):
        due += paren(say(DUE_SOON, lang), lang)
    outcome = outcome_words(ticket.outcome, ticket.kind)
    files = len(ticket.evidence)
    route = suggest(db, ticket)
    public = public_phones(db, ticket)
    rows = [
        ("kind", term(KIND_WORDS, ticket.kind, lang)),
        ("category", _category(ticket.category, lang)),
        ("subject", ticket.redacted_subject(public)),
        ("registered", registered + paren(ticket.subject_uscc or "", lang) if registered else ""),
        ("district", home_district(db, ticket) or ""),
        ("route", "" if ticket.district or ticket.destination else route.why(lang)),
        ("state", term(STATES, ticket.state, lang)),
        ("outcome", say(outcome, lang) if outcome else ""),
        ("destination", term(DESTINATIONS, ticket.destination, lang) if ticket.destination else ""),
        ("ground", term(GROUNDS, ticket.refusal_ground, lang) if ticket.refusal_ground else ""),
        ("received", ticket.received_on.isoformat()),
        ("due", due),
        ("answered", _iso(ticket.first_response_on)),
        ("closed", _iso(ticket.closed_on)),
        ("happened", _iso(ticket.happened_on)),
        ("evidence", say(EVIDENCE_COUNT, lang, count=files) if files else ""),
        (who_filed(ticket), say(ANONYMOUS if ticket.anonymous else HIDDEN, lang)),
        ("description", _shortened(ticket.redacted_description(public), lang)),
    ]
    return [(say(CARD_LABELS[key], lang), value) for key, value in rows if value]


def who_filed(ticket: Ticket) -> str:
    """The CARD_LABELS key of the person who filed: a complaint's 投诉人, a report's 举报人."""
    return "complainant" if ticket.kind == "complaint" else "reporter"


def who_filed_label(ticket: Ticket, lang: Lang) -> str:
    return say(CARD_LABELS[who_filed(ticket)], lang)


CHANGES = {  # audit "after" fields a history line shows, with the words of their codes
    "state": STATES,
    "outcome": OUTCOMES,
    "destination": DESTINATIONS,
    "refusal_ground": GROUNDS,
}


def history_line(line: Mapping[str, Any], lang: Lang, *, kind: str | None = None) -> str:
    """One audit line as staff read it: Shanghai time, who, the action and what it set, in
    words rather than codes; `kind` (the ticket's) says which duplicate a merge made."""
    at = datetime.fromisoformat(str(line["at"])).astimezone(clock.SHANGHAI)
    role = str(line["staff_role"])
    who = say(CITY_ROLE, lang) if role == CITY else role
    code = str(line["action"])
    parts = [f"{at:%Y-%m-%d %H:%M}", who, term(ACTIONS, code, lang)]
    after = line.get("after") or {}
    for key, table in CHANGES.items():
        if after.get(key):
            words = outcome_words(str(after[key]), kind or "") if key == "outcome" else None
            parts.append(f"→ {say(words, lang) if words else term(table, str(after[key]), lang)}")
    if after.get("district"):
        parts.append(f"→ {after['district']}")
    note = f" · {line['note']}" if line.get("note") else ""
    return " ".join(parts) + note


def queue_line(item: QueueItem, lang: Lang) -> str:
    """One line of the queue: number, state, category, district, deadline mark."""
    ticket = item.ticket
    mark = say(OVERDUE, lang) if item.overdue else say(DUE_SOON, lang) if item.due_soon else ""
    parts = [
        ticket.number,
        term(KIND_WORDS, ticket.kind, lang),
        term(STATES, ticket.state, lang),
        _category(ticket.category, lang),
        item.district or say(UNASSIGNED, lang),
        item.subject_name or ticket.redacted_subject(),
    ]
    return " · ".join(parts) + (f" {mark}" if mark else "")


def public_phones(db: sqlite_utils.Database, ticket: Ticket) -> frozenset[str]:
    """The phones the ticket's text cites that are registered to an agency: public record, and
    evidence staff need, so redaction keeps them (unless they are the reporter's own)."""
    cited = {
        d for text in (ticket.subject_text, ticket.description) for d in phone_candidates(text)
    }
    forms = sorted({form for d in cited if d for form in (d, "0" + d, "021" + d)})
    if not forms:
        return frozenset()
    marks = ", ".join("?" for _ in forms)
    rows = db.execute(
        f"SELECT key FROM lookup_keys WHERE key_kind = 'phone' AND key IN ({marks})", forms
    ).fetchall()
    return frozenset(phone_digits(str(row[0])) for row in rows) & cited


def _shortened(text: str, lang: Lang) -> str:
    """A card stays one Telegram message: a long description is cut, the rest is one command
    away (`lantian queue show`, the export)."""
    if len(text) <= DESCRIPTION_SHOWN:
        return text
    return text[:DESCRIPTION_SHOWN] + "…" + paren(say(CUT, lang), lang)


def paren(text: str, lang: Lang) -> str:
    """An aside in the punctuation of the language: （…） in Chinese, (…) in English."""
    return say(PAREN, lang, text=text)


def colon(lang: Lang) -> str:
    return say(COLON, lang)


def _registered_name(db: sqlite_utils.Database, uscc: str | None) -> str | None:
    if not uscc or subject_place(db, uscc) == (None, None):
        return None
    return agency_name(db, uscc)


def _category(code: str, lang: Lang) -> str:
    return categories.label(code, lang) if categories.is_known(code) else code


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""
