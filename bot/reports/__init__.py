"""The reports queue: reports (举报) and complaints (投诉), their evidence and deadlines.

Domain code only: the bot and the staff desk call these functions and render the results.
"""

from __future__ import annotations

from bot.reports.deadlines import add_working_days, reply_due
from bot.reports.evidence import StoredEvidence, store, verify
from bot.reports.schema import apply, reports_migrations
from bot.reports.tickets import Draft, Ticket, get, reports_today, submit, tickets_of

__all__ = [
    "Draft",
    "StoredEvidence",
    "Ticket",
    "add_working_days",
    "apply",
    "get",
    "reply_due",
    "reports_migrations",
    "reports_today",
    "store",
    "submit",
    "tickets_of",
    "verify",
]
