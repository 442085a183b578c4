"""A ticket as staff read it, in plain text: the bot escapes it into HTML, the CLI prints it.

Never the reporter's identity: that comes only from `actions.reveal_contact`, which is logged.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import sqlite_utils

from bot import clock
from bot.desk.notices import KIND_WORDS
from bot.desk.queue import QueueItem, is_due_soon, is_overdue
from bot.desk.routing import home_district, subject_place, suggest
from bot.desk.vocabulary import ACTIONS, CITY, DESTINATIONS, GROUNDS, OUTCOMES, STATES, term
from bot.registry.reader import agency_name
from bot.reports import categories
from bot.reports.redact import phone_candidates, phone_digits
from bot.reports.tickets import Ticket
from bot.words.verdict import Lang

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
    "complainant": ("投诉人", "Complainant"),
    "description": ("情况描述", "What happened"),
}
OVERDUE = ("⏰ 已超期", "⏰ overdue")
DUE_SOON = ("⌛ 即将到期", "⌛ due soon")
NO_DEADLINE = ("匿名举报，无答复期限", "anonymous: no answer promised")
HIDDEN = ("身份保密（/contact 查看，将记录）", "confidential (/contact reveals it, logged)")
ANONYMOUS = ("匿名", "anonymous")
CUT = ("已截断", "cut")
UNASSIGNED = ("未分派", "unassigned")


def pick(pair: tuple[str, str], lang: Lang) -> str:
    return pair[0] if lang == "zh" else pair[1]


def ticket_fields(
    db: sqlite_utils.Database, ticket: Ticket, lang: Lang, *, today: date
) -> list[tuple[str, str]]:
    """(label, value) rows of a ticket card, in reading order; empty values left out."""
    registered = _registered_name(db, ticket.subject_uscc)
    due = ticket.reply_due_on.isoformat() if ticket.reply_due_on else pick(NO_DEADLINE, lang)
    if is_overdue(ticket, today):
        due += paren(pick(OVERDUE, lang), lang)
    elif is_due_soon(ticket, today):
        due += paren(pick(DUE_SOON, lang), lang)
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
        ("outcome", term(OUTCOMES, ticket.outcome, lang) if ticket.outcome else ""),
        ("destination", term(DESTINATIONS, ticket.destination, lang) if ticket.destination else ""),
        ("ground", term(GROUNDS, ticket.refusal_ground, lang) if ticket.refusal_ground else ""),
        ("received", ticket.received_on.isoformat()),
        ("due", due),
        ("answered", _iso(ticket.first_response_on)),
        ("closed", _iso(ticket.closed_on)),
        ("happened", _iso(ticket.happened_on)),
        ("evidence", str(len(ticket.evidence)) if ticket.evidence else ""),
        (who_filed(ticket), pick(ANONYMOUS if ticket.anonymous else HIDDEN, lang)),
        ("description", _shortened(ticket.redacted_description(public), lang)),
    ]
    return [(pick(LABELS[key], lang), value) for key, value in rows if value]


def who_filed(ticket: Ticket) -> str:
    """The LABELS key of the person who filed: a complaint's 投诉人, a report's 举报人."""
    return "complainant" if ticket.kind == "complaint" else "reporter"


def who_filed_label(ticket: Ticket, lang: Lang) -> str:
    return pick(LABELS[who_filed(ticket)], lang)


ROLE_CITY = ("市局", "city")
CHANGES = {  # audit "after" fields a history line shows, with the words of their codes
    "state": STATES,
    "outcome": OUTCOMES,
    "destination": DESTINATIONS,
    "refusal_ground": GROUNDS,
}


def history_line(line: Mapping[str, Any], lang: Lang) -> str:
    """One audit line as staff read it: Shanghai time, who, the action and what it set, in
    words rather than codes."""
    at = datetime.fromisoformat(str(line["at"])).astimezone(clock.SHANGHAI)
    role = str(line["staff_role"])
    who = pick(ROLE_CITY, lang) if role == CITY else role
    action = ACTIONS.get(str(line["action"]))
    parts = [f"{at:%Y-%m-%d %H:%M}", who, action.label(lang) if action else str(line["action"])]
    after = line.get("after") or {}
    parts += [f"→ {term(table, str(after[key]), lang)}" for key, table in CHANGES.items()
              if after.get(key)]  # fmt: skip
    if after.get("district"):
        parts.append(f"→ {after['district']}")
    note = f" · {line['note']}" if line.get("note") else ""
    return " ".join(parts) + note


def queue_line(item: QueueItem, lang: Lang) -> str:
    """One line of the queue: number, state, category, district, deadline mark."""
    ticket = item.ticket
    mark = pick(OVERDUE, lang) if item.overdue else pick(DUE_SOON, lang) if item.due_soon else ""
    parts = [
        ticket.number,
        term(KIND_WORDS, ticket.kind, lang),
        term(STATES, ticket.state, lang),
        _category(ticket.category, lang),
        item.district or pick(UNASSIGNED, lang),
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
    return text[:DESCRIPTION_SHOWN] + "…" + paren(pick(CUT, lang), lang)


def paren(text: str, lang: Lang) -> str:
    """An aside in the punctuation of the language: （…） in Chinese, (…) in English."""
    return f"（{text}）" if lang == "zh" else f" ({text})"


def colon(lang: Lang) -> str:
    return "：" if lang == "zh" else ": "


def _registered_name(db: sqlite_utils.Database, uscc: str | None) -> str | None:
    if not uscc or subject_place(db, uscc) == (None, None):
        return None
    return agency_name(db, uscc)


def _category(code: str, lang: Lang) -> str:
    return categories.label(code, lang) if categories.is_known(code) else code


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""
