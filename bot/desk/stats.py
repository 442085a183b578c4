"""Counts over the reports queue for a period: one function for the site and the reports.

`queue_stats` counts the tickets received in a period (by `received_on`), for the city or one
district (the ticket's home district, as the queue computes it). It returns codes and numbers
only, no labels and no layout: the statistics page, the stage report and the annual summary
each render the same QueueStats their own way. It never reads a reporter's identity: the
facts (bot.desk.queue.select_facts) hold no contact column.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import sqlite_utils

from bot.desk.errors import PeriodInvalid, known_district
from bot.desk.queue import NOT_ACCEPTED as NOT_ACCEPTED  # by_outcome's key for refused ones
from bot.desk.queue import TicketFacts as TicketFacts  # re-exported: the reports use it
from bot.desk.queue import is_overdue, select_facts
from bot.desk.vocabulary import DESTINATIONS, DISTRICTS, OUTCOMES, STATES
from bot.reports.categories import CATEGORIES
from bot.reports.deadlines import is_working_day
from bot.reports.tickets import KINDS
from bot.words import say
from bot.words.desk_terms import UNASSIGNED as UNASSIGNED_WORDS

# by_district's key for tickets no district office has yet: its Chinese words, which the site
# shows as they are (a report says them in its language: bot.desk.tables.district_label).
UNASSIGNED = say(UNASSIGNED_WORDS, "zh")


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
    if district is not None:
        district = known_district(district)
    period: list[object] = [since.isoformat(), until.isoformat()]
    received = select_facts(db, ["received_on BETWEEN ? AND ?"], period)
    facts = [f for f in received if district is None or f.district == district]
    return sorted(facts, key=lambda f: f.received_on)  # stable: by id within a day


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
        overdue=sum(1 for f in facts if is_overdue(f, until)),
        no_deadline=sum(1 for f in facts if f.reply_due_on is None),
    )


def _ordered(values: Iterable[str | None], order: Iterable[str]) -> dict[str, int]:
    """Counts of the values in the given order, zeros and None left out."""
    # A code the order does not know (old data) is still counted, after the known ones.
    counts = Counter(value for value in values if value is not None)
    known = list(order)
    found = {code: counts[code] for code in known if counts[code]}
    return found | {code: counts[code] for code in sorted(set(counts) - set(known))}
