"""A ticket as staff read it, in plain text: the bot escapes it into HTML, the CLI prints it.

Never the reporter's identity: that comes only from `actions.reveal_contact`, which is logged.
"""

from __future__ import annotations

from datetime import date

import sqlite_utils

from bot.desk.notices import KIND_WORDS
from bot.desk.queue import QueueItem, is_due_soon, is_overdue
from bot.desk.routing import home_district, subject_place, suggest
from bot.desk.vocabulary import DESTINATIONS, GROUNDS, OUTCOMES, STATES, term
from bot.messages import Lang
from bot.reports import categories
from bot.reports.redact import phone_candidates, phone_digits
from bot.reports.tickets import Ticket

DESCRIPTION_SHOWN = 1500  # characters of a description on a card
LABELS: dict[str, tuple[str, str]] = {
    "kind": ("类型", "Kind"),
    "category": ("类别", "Category"),
    "subject": ("被反映对象", "Subject"),
    "registered": ("登记名称", "Registered as"),
    "district": ("所属区", "District"),
    "route": ("建议去向", "Suggested route"),
    "state": ("状态", "State"),
    "outcome": ("结果", "Outcome"),
    "destination": ("移送至", "Transferred to"),
    "ground": ("不予受理理由", "Ground for refusal"),
    "received": ("收到日期", "Received"),
    "due": ("答复期限", "Answer due"),
    "answered": ("首次答复", "First answer"),
    "closed": ("办结日期", "Closed"),
    "happened": ("发生时间", "Happened"),
    "evidence": ("证据", "Evidence"),
    "reporter": ("举报人", "Reporter"),
    "description": ("情况描述", "What happened"),
}
OVERDUE = ("⏰ 已超期", "⏰ overdue")
DUE_SOON = ("⌛ 即将到期", "⌛ due soon")
NO_DEADLINE = ("匿名举报，无答复期限", "anonymous: no answer promised")
HIDDEN = ("身份保密（/contact 查看，将记录）", "confidential (/contact reveals it, logged)")
ANONYMOUS = ("匿名", "anonymous")


def pick(pair: tuple[str, str], lang: Lang) -> str:
    return pair[0] if lang == "zh" else pair[1]


def ticket_fields(
    db: sqlite_utils.Database, ticket: Ticket, lang: Lang, *, today: date
) -> list[tuple[str, str]]:
    """(label, value) rows of a ticket card, in reading order; empty values left out."""
    registered = _registered_name(db, ticket.subject_uscc)
    due = ticket.reply_due_on.isoformat() if ticket.reply_due_on else pick(NO_DEADLINE, lang)
    if is_overdue(ticket, today):
        due += f"（{pick(OVERDUE, lang)}）"
    elif is_due_soon(ticket, today):
        due += f"（{pick(DUE_SOON, lang)}）"
    route = suggest(db, ticket)
    public = public_phones(db, ticket)
    rows = [
        ("kind", term(KIND_WORDS, ticket.kind, lang)),
        ("category", _category(ticket.category, lang)),
        ("subject", ticket.redacted_subject(public)),
        ("registered", f"{registered}（{ticket.subject_uscc}）" if registered else ""),
        ("district", home_district(db, ticket) or ""),
        ("route", "" if ticket.district or ticket.destination else route.why(lang)),
        ("state", term(STATES, ticket.state, lang)),
        ("outcome", term(OUTCOMES, ticket.outcome, lang) if ticket.outcome else ""),
        ("destination", term(DESTINATIONS, ticket.destination, lang) if ticket.destination else ""),
        ("ground", term(GROUNDS, ticket.refusal_ground, lang) if ticket.refusal_ground else ""),
        ("received", ticket.received_on.isoformat()),
        ("due", due),
        ("answered", _iso(ticket.first_response_on)),
        ("closed", _iso(ticket.closed_on)),
        ("happened", _iso(ticket.happened_on)),
        ("evidence", str(len(ticket.evidence)) if ticket.evidence else ""),
        ("reporter", pick(ANONYMOUS if ticket.anonymous else HIDDEN, lang)),
        ("description", _shortened(ticket.redacted_description(public))),
    ]
    return [(pick(LABELS[key], lang), value) for key, value in rows if value]


def queue_line(item: QueueItem, lang: Lang) -> str:
    """One line of the queue: number, state, category, district, deadline mark."""
    ticket = item.ticket
    mark = pick(OVERDUE, lang) if item.overdue else pick(DUE_SOON, lang) if item.due_soon else ""
    parts = [
        ticket.number,
        term(KIND_WORDS, ticket.kind, lang),
        term(STATES, ticket.state, lang),
        _category(ticket.category, lang),
        item.district or ("未分派" if lang == "zh" else "unassigned"),
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


def _shortened(text: str) -> str:
    """A card stays one Telegram message: a long description is cut, the rest is one command
    away (`lantian queue show`, the export)."""
    if len(text) <= DESCRIPTION_SHOWN:
        return text
    return text[:DESCRIPTION_SHOWN] + "…（已截断 / cut）"


def _registered_name(db: sqlite_utils.Database, uscc: str | None) -> str | None:
    if not uscc or subject_place(db, uscc) == (None, None):
        return None
    row = db.execute("SELECT name FROM agencies WHERE uscc = ?", [uscc]).fetchone()
    return str(row[0]) if row else None


def _category(code: str, lang: Lang) -> str:
    return categories.label(code, lang) if categories.is_known(code) else code


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""
