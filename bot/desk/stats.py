"""Counts over the reports queue for a period: one function for the site and the reports.

`queue_stats` counts the tickets received in a period (by `received_on`), for the city or one
district (the ticket's home district, as the queue computes it). It returns codes and numbers
only, no labels and no layout: the statistics page, the stage report and the annual summary
each render the same QueueStats their own way. It never reads a reporter's identity: the SQL
below selects no contact column.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import sqlite_utils

from bot.desk.errors import PeriodInvalid, UnknownDistrict
from bot.desk.queue import HOME_DISTRICT_SQL
from bot.desk.vocabulary import DESTINATIONS, DISTRICTS, FINAL_STATES, OUTCOMES, STATES
from bot.reports.categories import CATEGORIES
from bot.reports.deadlines import is_working_day
from bot.reports.tickets import KINDS, Ticket

UNASSIGNED = "未分派"  # by_district's key for tickets no district office has yet
NOT_ACCEPTED = "not_accepted"  # by_outcome's key for refused tickets (a state, not an outcome)


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

    def overdue_on(self, day: date) -> bool:
        """The queue's rule (bot.desk.queue.is_overdue), on the facts."""
        return (
            self.first_response_on is None
            and self.reply_due_on is not None
            and self.reply_due_on < day
            and self.state not in FINAL_STATES
        )


@dataclass(frozen=True)
class FirstResponse:
    """How fast the office gave its first answer (accepted, refused, transferred, closed)."""

    answered: int
    median_days: float | None  # working days from received_on; None when nothing was answered
    mean_days: float | None
    on_time: int  # answered on or before reply_due_on
    overdue: int  # not answered, reply_due_on before `until`, not final
    no_deadline: int  # anonymous 举报: no answer is promised


@dataclass(frozen=True)
class QueueStats:
    """The figures of one period and scope; every mapping is in a fixed order, zeros left out."""

    since: date
    until: date
    district: str | None  # None: the whole city
    total: int
    by_kind: Mapping[str, int]
    by_category: Mapping[str, int]  # codes in the order of CATEGORIES
    by_state: Mapping[str, int]
    by_outcome: Mapping[str, int]  # OUTCOMES codes, then NOT_ACCEPTED
    by_district: Mapping[str, int]  # DISTRICTS order, then UNASSIGNED
    referrals: Mapping[str, int]  # by DESTINATIONS code
    first_response: FirstResponse


def queue_stats(
    db: sqlite_utils.Database, *, since: date, until: date, district: str | None = None
) -> QueueStats:
    """The figures of the tickets received in [since, until], city-wide or for one district."""
    facts = period_tickets(db, since=since, until=until, district=district)
    return summarize(facts, since=since, until=until, district=district)


def period_tickets(
    db: sqlite_utils.Database, *, since: date, until: date, district: str | None = None
) -> list[TicketFacts]:
    """The tickets received in [since, until] (of one home district if given), oldest first."""
    if since > until:
        raise PeriodInvalid(since=since.isoformat(), until=until.isoformat())
    conditions, params = ["t.received_on BETWEEN ? AND ?"], [since.isoformat(), until.isoformat()]
    if district is not None:
        if district not in DISTRICTS:
            raise UnknownDistrict(district=district, choices="、".join(DISTRICTS))
        conditions.append(f"{HOME_DISTRICT_SQL} = ?")
        params.append(district)
    rows = db.execute(
        "SELECT t.number, t.kind, t.category, "
        f"{HOME_DISTRICT_SQL}, t.state, t.outcome, t.destination, t.received_on, "
        "t.reply_due_on, t.first_response_on, t.closed_on FROM tickets t "
        "LEFT JOIN agencies a ON a.uscc = t.subject_uscc "
        f"WHERE {' AND '.join(conditions)} ORDER BY t.received_on, t.id",
        params,
    ).fetchall()
    return [_facts(row) for row in rows]


def summarize(
    facts: Sequence[TicketFacts], *, since: date, until: date, district: str | None = None
) -> QueueStats:
    """QueueStats over tickets already selected for the period and scope."""
    return QueueStats(
        since=since,
        until=until,
        district=district,
        total=len(facts),
        by_kind=_ordered((f.kind for f in facts), KINDS),
        by_category=_ordered((f.category for f in facts), [c.code for c in CATEGORIES]),
        by_state=_ordered((f.state for f in facts), STATES),
        by_outcome=_ordered((f.result() for f in facts), [*OUTCOMES, NOT_ACCEPTED]),
        by_district=_ordered((f.district or UNASSIGNED for f in facts), [*DISTRICTS, UNASSIGNED]),
        referrals=_ordered((f.destination for f in facts), DESTINATIONS),
        first_response=_first_response(facts, until),
    )


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 for the same day)."""
    days, current = 0, start
    while current < end:
        current += timedelta(days=1)
        days += is_working_day(current)
    return days


def _first_response(facts: Sequence[TicketFacts], until: date) -> FirstResponse:
    # An answer given after the period is not one the period's report may count.
    answered = [(f, day) for f in facts if (day := f.first_response_on) and day <= until]
    days = [working_days_between(f.received_on, day) for f, day in answered]
    return FirstResponse(
        answered=len(answered),
        median_days=float(statistics.median(days)) if days else None,
        mean_days=statistics.fmean(days) if days else None,
        on_time=sum(1 for f, day in answered if f.reply_due_on and day <= f.reply_due_on),
        overdue=sum(1 for f in facts if f.overdue_on(until)),
        no_deadline=sum(1 for f in facts if f.reply_due_on is None),
    )


def _ordered(values: Iterable[str | None], order: Iterable[str]) -> dict[str, int]:
    """Counts of the values in the given order, zeros and None left out."""
    # A code the order does not know (old data) is still counted, after the known ones.
    counts = Counter(value for value in values if value is not None)
    known = list(order)
    found = {code: counts[code] for code in known if counts[code]}
    return found | {code: counts[code] for code in sorted(set(counts) - set(known))}


def _facts(row: tuple[object, ...]) -> TicketFacts:
    number, kind, category, district, state, outcome, destination, *days = row
    received, due, answered, closed = (_day(value) for value in days)
    assert received is not None  # NOT NULL in the schema
    return TicketFacts(
        number=str(number),
        kind=str(kind),
        category=str(category),
        district=None if district is None else str(district),
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
