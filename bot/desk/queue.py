"""The queue as staff see it: filters, deadlines, and the daily digest of what is due.

A ticket's first answer is due on `reply_due_on` (bot/reports/deadlines.py: a real-name 举报
within 5 working days, a 投诉 within 7); it is overdue while no first answer was given after
that day. An anonymous 举报 promises no answer and is never overdue, but stays in the queue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

import sqlite_utils

from bot.desk.errors import CityOnly, known_district
from bot.desk.routing import home_districts
from bot.desk.staff import StaffMember
from bot.desk.vocabulary import CITY, DISTRICTS, FINAL_STATES, STATE_FILTERS
from bot.registry import reader
from bot.reports import tickets
from bot.reports.deadlines import add_working_days
from bot.reports.tickets import Ticket
from bot.words.desk_refusals import CITY_TASKS

DUE_SOON_WORKING_DAYS = 2
NOT_ACCEPTED = "not_accepted"  # the refused tickets' state: counted beside the outcomes
_FACT_COLUMNS = (
    "number, kind, category, district, subject_uscc, state, outcome, destination, received_on, "
    "reply_due_on, first_response_on, closed_on"
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
    state: str | None = None  # a state or a group of STATE_FILTERS; None: every state
    district: str | None = None
    category: str | None = None
    kind: str | None = None
    overdue: bool = False


class Deadlined(Protocol):
    """What the overdue rule reads of a ticket (a Ticket, TicketFacts)."""

    @property
    def state(self) -> str: ...
    @property
    def reply_due_on(self) -> date | None: ...
    @property
    def first_response_on(self) -> date | None: ...


def is_overdue(ticket: Deadlined, today: date) -> bool:
    """The one overdue rule: no first answer, its last day past, not closed or refused."""
    return (
        ticket.first_response_on is None
        and ticket.reply_due_on is not None
        and ticket.reply_due_on < today
        and ticket.state not in FINAL_STATES
    )


def is_due_soon(ticket: Deadlined, today: date) -> bool:
    if ticket.first_response_on is not None or ticket.reply_due_on is None:
        return False
    horizon = add_working_days(today, DUE_SOON_WORKING_DAYS)
    return today <= ticket.reply_due_on <= horizon


@dataclass(frozen=True)
class TicketFacts:
    """What the statistics and the ticket lists need of a ticket: no identity, no free text."""

    number: str
    kind: str
    category: str
    district: str | None  # the home district
    state: str
    outcome: str | None
    destination: str | None
    received_on: date
    reply_due_on: date | None
    first_response_on: date | None
    closed_on: date | None

    @classmethod
    def of(cls, ticket: Ticket, district: str | None) -> TicketFacts:
        """The facts of a loaded ticket whose home district is already known."""
        return cls(
            number=ticket.number,
            kind=ticket.kind,
            category=ticket.category,
            district=district,
            state=ticket.state,
            outcome=ticket.outcome,
            destination=ticket.destination,
            received_on=ticket.received_on,
            reply_due_on=ticket.reply_due_on,
            first_response_on=ticket.first_response_on,
            closed_on=ticket.closed_on,
        )

    def result(self) -> str | None:
        """How it ended, as by_outcome counts it: the outcome, or not_accepted when refused."""
        if self.state == NOT_ACCEPTED:
            return NOT_ACCEPTED
        return self.outcome if self.state == "closed" else None


def select_facts(
    db: sqlite_utils.Database, conditions: list[str], params: list[object], *, limit: int = -1
) -> list[TicketFacts]:
    """The facts of the tickets that pass the conditions (on the tickets' own columns), by id,
    each with its home district as bot.desk.routing decides it: the one rule, not an SQL copy."""
    rows = db.execute(
        f"SELECT {_FACT_COLUMNS} FROM tickets WHERE {' AND '.join(conditions or ['1'])} "
        "ORDER BY id LIMIT ?",
        [*params, limit],
    ).fetchall()
    homes = home_districts(db, [(row[3], row[4]) for row in rows])
    return [_facts(row, home) for row, home in zip(rows, homes, strict=True)]


SHOWN = 20  # tickets a screen lists (a chat reply, the terminal); filters narrow the rest


@dataclass(frozen=True)
class QueuePage:
    """The first tickets of a queue that pass a filter, and how many passed in all."""

    items: list[QueueItem]
    total: int


def list_queue(
    db: sqlite_utils.Database,
    staff: StaffMember,
    *,
    today: date,
    where: QueueFilter | None = None,
    limit: int = 200,
) -> list[QueueItem]:
    """The tickets this staff member may see that pass the filter; overdue first, then newest."""
    return queue_page(db, staff, today=today, where=where, limit=limit).items


def queue_page(
    db: sqlite_utils.Database,
    staff: StaffMember,
    *,
    today: date,
    where: QueueFilter | None = None,
    limit: int = SHOWN,
) -> QueuePage:
    """`list_queue` with the count of every ticket that passed, shown or not. Newest first after
    the overdue ones, so a ticket filed today is never the one cut off."""
    where = where or QueueFilter()
    conditions: list[str] = []
    params: list[object] = []
    if where.state and where.state != "all":
        states = STATE_FILTERS.get(where.state, (where.state,))
        conditions.append(f"state IN ({', '.join('?' for _ in states)})")
        params.extend(states)
    district = where.district or (None if staff.role == CITY else staff.role)
    if district:
        district = known_district(district)
        if not staff.may_see(district):
            raise CityOnly(action=CITY_TASKS["other_districts"])
    if where.category:
        conditions.append("category = ?")
        params.append(where.category)
    if where.kind:
        conditions.append("kind = ?")
        params.append(where.kind)
    # The district and overdue rules are Python's (the one rule each): filter, then count.
    passed = [
        (position, f)
        for position, f in enumerate(select_facts(db, conditions, params))
        if (not district or f.district == district) and (not where.overdue or is_overdue(f, today))
    ]
    # select_facts reads in filing order: a later position is a newer ticket.
    passed.sort(key=lambda pair: (not is_overdue(pair[1], today), -pair[0]))
    facts = [f for _, f in passed[: max(limit, 0)]]
    found = tickets.by_numbers(db, [f.number for f in facts])
    places = reader.agency_places(db, (t.subject_uscc for t in found.values() if t.subject_uscc))
    items = []
    for fact in facts:
        ticket = found[fact.number]
        place = places.get(ticket.subject_uscc or "")
        overdue, soon = is_overdue(ticket, today), is_due_soon(ticket, today)
        items.append(QueueItem(ticket, fact.district, place.name if place else None, overdue, soon))
    return QueuePage(items, len(passed))


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


def _facts(row: tuple[object, ...], district: str | None) -> TicketFacts:
    number, kind, category, _assigned, _uscc, state, outcome, destination, *days = row
    received, due, answered, closed = (_day(value) for value in days)
    assert received is not None  # NOT NULL in the schema
    return TicketFacts(
        number=str(number),
        kind=str(kind),
        category=str(category),
        district=district,
        state=str(state),
        outcome=None if outcome is None else str(outcome),
        destination=None if destination is None else str(destination),
        received_on=received,
        reply_due_on=due,
        first_response_on=answered,
        closed_on=closed,
    )


def _day(value: object) -> date | None:
    return None if value is None else date.fromisoformat(str(value))
