"""What a reporter is told when their ticket changes, in their language, and the outbox.

A notice is written in the same transaction as the change it tells of (`queue_notice`); the
bot sends pending notices afterwards and marks each sent (`pending`, `mark_sent`). A change is
never lost for want of a message, and a restart never tells it twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlite_utils

from bot.desk.vocabulary import DESTINATIONS, GROUNDS, OUTCOMES, term
from bot.registry.database import transaction, utc_stamp
from bot.reports.tickets import Ticket
from bot.words.verdict import Lang

KIND_WORDS = {"report": ("举报", "report"), "complaint": ("投诉", "complaint")}

# event: (zh, en). {kind} {number} always; the rest as the event has them.
TEMPLATES: dict[str, tuple[str, str]] = {
    "accept_report": (
        "您的举报 {number} 已受理，我们将依法核查处理，结果会在这里告诉您。",
        "Your report {number} has been accepted: we will look into it and tell you the result "
        "here.",
    ),
    "accept_complaint": (
        "您的投诉 {number} 已受理，我们将依法处理，必要时组织调解。",
        "Your complaint {number} has been accepted: we will handle it and, where it helps, "
        "mediate.",
    ),
    "refuse": (
        "您的{kind} {number} 不予受理，理由：{ground}。如有新的事实和证据，可以重新提交。",
        "Your {kind} {number} was not accepted: {ground}. You may submit again with new facts "
        "or evidence.",
    ),
    "transfer": (
        "您的{kind} {number} 已移送{destination}依法处理。",
        "Your {kind} {number} has been transferred to {destination}.",
    ),
    "close": (
        "您的{kind} {number} 已办结，核查结果：{outcome}。感谢您的支持。",
        "Your {kind} {number} is closed. Finding: {outcome}. Thank you for reporting it.",
    ),
    "merge": (
        "您的{kind} {number} 与另一件{kind}反映的是同一事项，已合并到该件办理，本件不再单独答复。",
        "Your {kind} {number} concerns the same matter as another one and is handled with it; "
        "it gets no separate answer.",
    ),
}


def notice_text(event: str, ticket: Ticket, lang: Lang, **params: str) -> str:
    """The sentence for one change, with every code turned into words of `lang`."""
    if event == "accept":
        event = f"accept_{ticket.kind}"
    zh, en = TEMPLATES[event]
    words = {
        "kind": term(KIND_WORDS, ticket.kind, lang),
        "number": ticket.number,
        "ground": term(GROUNDS, params.get("ground"), lang),
        "destination": term(DESTINATIONS, params.get("destination"), lang),
        "outcome": term(OUTCOMES, params.get("outcome"), lang),
    }
    return (zh if lang == "zh" else en).format(**words)


def queue_notice(
    db: sqlite_utils.Database, ticket: Ticket, audit_id: int, text: str, now: datetime
) -> None:
    """Call inside the change's transaction."""
    db.execute(
        "INSERT INTO notices (ticket_id, audit_id, user_id, text, created_at) "
        "VALUES (?, ?, ?, ?, ?)",
        [ticket.id, audit_id, ticket.reporter_user_id, text, utc_stamp(now)],
    )


@dataclass(frozen=True)
class Notice:
    id: int
    user_id: int
    text: str


def pending(db: sqlite_utils.Database, limit: int = 100) -> list[Notice]:
    rows = db.execute(
        "SELECT id, user_id, text FROM notices WHERE sent_at IS NULL ORDER BY id LIMIT ?", [limit]
    ).fetchall()
    return [Notice(*row) for row in rows]


def mark_sent(db: sqlite_utils.Database, notice_id: int, now: datetime) -> None:
    with transaction(db):
        db.execute("UPDATE notices SET sent_at = ? WHERE id = ?", [utc_stamp(now), notice_id])
