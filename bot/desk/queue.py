"""The queue as staff see it: filters, deadlines, and the daily digest of what is due.

A ticket's first answer is due on `reply_due_on` (bot/reports/deadlines.py: a real-name 举报
within 5 working days, a 投诉 within 7); it is overdue while no first answer was given after
that day. An anonymous 举报 promises no answer and is never overdue, but stays in the queue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlite_utils

from bot.desk.errors import CityOnly, UnknownDistrict
from bot.desk.staff import StaffMember
from bot.desk.vocabulary import CITY, DISTRICTS, FINAL_STATES
from bot.reports import tickets
from bot.reports.deadlines import add_working_days
from bot.reports.tickets import Ticket

DUE_SOON_WORKING_DAYS = 2

# The district a ticket belongs to, in SQL: as assigned, else the subject's in Shanghai
# (one of DISTRICTS, as bot.desk.routing.home_district decides in Python).
_KNOWN = ", ".join(f"'{district}'" for district in DISTRICTS)
HOME_DISTRICT_SQL = (
    "COALESCE(t.district, CASE WHEN a.province LIKE '上海%' "
    f"AND a.district IN ({_KNOWN}) THEN a.district END)"
)


@dataclass(frozen=True)
class QueueItem:
    ticket: Ticket
    district: str | None
    subject_name: str | None  # the registered name when the reporter picked an agency
    overdue: bool
    due_soon: bool


@dataclass(frozen=True)
class QueueFilter:
    state: str | None = None  # a state, or "open" for every state not final
    district: str | None = None
    category: str | None = None
    kind: str | None = None
    overdue: bool = False


def is_overdue(ticket: Ticket, today: date) -> bool:
    return (
        ticket.first_response_on is None
        and ticket.reply_due_on is not None
        and ticket.reply_due_on < today
        and ticket.state not in FINAL_STATES
    )


def is_due_soon(ticket: Ticket, today: date) -> bool:
    if ticket.first_response_on is not None or ticket.reply_due_on is None:
        return False
    horizon = add_working_days(today, DUE_SOON_WORKING_DAYS)
    return today <= ticket.reply_due_on <= horizon


def list_queue(
    db: sqlite_utils.Database,
    staff: StaffMember,
    *,
    today: date,
    where: QueueFilter | None = None,
    limit: int = 200,
) -> list[QueueItem]:
    """The tickets this staff member may see that pass the filter; overdue first, then oldest."""
    where = where or QueueFilter()
    conditions: list[str] = ["1"]
    params: list[object] = []
    if where.state == "open":
        conditions.append("t.state NOT IN (?, ?)")
        params.extend(FINAL_STATES)
    elif where.state:
        conditions.append("t.state = ?")
        params.append(where.state)
    district = where.district or (None if staff.role == CITY else staff.role)
    if district:
        if district not in DISTRICTS:
            raise UnknownDistrict(district=district, choices="、".join(DISTRICTS))
        if not staff.may_see(district):
            raise CityOnly(action="查看其他区的工单")
        conditions.append(f"{HOME_DISTRICT_SQL} = ?")
        params.append(district)
    if where.category:
        conditions.append("t.category = ?")
        params.append(where.category)
    if where.kind:
        conditions.append("t.kind = ?")
        params.append(where.kind)
    if where.overdue:
        conditions.append(
            "t.first_response_on IS NULL AND t.reply_due_on < ? AND t.state NOT IN (?, ?)"
        )
        params.extend([today.isoformat(), *FINAL_STATES])
    rows = db.execute(
        f"SELECT t.number, {HOME_DISTRICT_SQL}, a.name FROM tickets t "
        "LEFT JOIN agencies a ON a.uscc = t.subject_uscc "
        f"WHERE {' AND '.join(conditions)} ORDER BY t.id LIMIT ?",
        [*params, limit],
    ).fetchall()
    found = tickets.by_numbers(db, [number for number, _, _ in rows])
    items = []
    for number, home, name in rows:
        ticket = found[number]
        items.append(
            QueueItem(ticket, home, name, is_overdue(ticket, today), is_due_soon(ticket, today))
        )
    return sorted(items, key=lambda item: (not item.overdue, item.ticket.id))


@dataclass(frozen=True)
class DigestLine:
    district: str  # a district, or "" for tickets no district has yet
    overdue: list[QueueItem]
    due_soon: list[QueueItem]
    waiting: int  # open tickets in all


def digest(db: sqlite_utils.Database, city: StaffMember, *, today: date) -> list[DigestLine]:
    """What is due and overdue, district by district (the city's view of the whole queue)."""
    items = list_queue(db, city, today=today, where=QueueFilter(state="open"), limit=100_000)
    found = {item.district or "" for item in items}
    lines = []
    for district in ["", *DISTRICTS, *sorted(found - {"", *DISTRICTS})]:
        mine = [item for item in items if (item.district or "") == district]
        if mine:
            lines.append(
                DigestLine(
                    district,
                    [item for item in mine if item.overdue],
                    [item for item in mine if item.due_soon],
                    len(mine),
                )
            )
    return lines
