"""When the office owes a reporter an answer, counted in China's working days.

Working days follow the State Council's holiday schedule: statutory holidays are skipped and
adjusted working weekends (调休上班, e.g. Sunday 2025-09-28) count. The schedule comes from the
`chinesecalendar` package, which only knows the years it ships (each year's schedule is published
around November of the year before).
"""

from __future__ import annotations

import logging
from datetime import date, timedelta
from functools import cache

import chinese_calendar

from bot.clock import SHANGHAI as SHANGHAI  # re-exported: deadlines are Shanghai days
from bot.clock import local_day as local_day

log = logging.getLogger(__name__)

# 12315 rules: a real-name reporter is told within 5 working days whether a case was opened;
# the office decides within 7 working days whether to accept a complaint.
REPORT_REPLY_DAYS = 5
COMPLAINT_DECISION_DAYS = 7


def calendar_covers(day: date) -> bool:
    """Whether chinesecalendar knows the holiday schedule of this day's year.

    A start-up check can warn the maintainers when the package needs an upgrade.
    """
    try:
        chinese_calendar.is_workday(day)
    except NotImplementedError:
        return False
    return True


def is_working_day(day: date) -> bool:
    """A statutory working day; Monday to Friday for a year chinesecalendar does not know."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        # Refusing a report because a package is out of date would lose the report, so an
        # unknown year falls back to Monday-Friday: the date may miss a holiday by a few days
        # and the log tells the maintainers to upgrade chinesecalendar.
        _warn_unknown_year(day.year)
        return day.weekday() < 5


@cache
def _warn_unknown_year(year: int) -> None:
    # Once per year and process: a deadline counts up to 7 days of the same year.
    log.warning("chinesecalendar has no holiday schedule for %s: counting Mon-Fri", year)


def add_working_days(day: date, n: int) -> date:
    """The n-th working day after `day` (the day itself does not count; n=0 gives `day`)."""
    if n < 0:
        raise ValueError("n must not be negative")
    current = day
    left = n
    while left:
        current += timedelta(days=1)
        if is_working_day(current):
            left -= 1
    return current


def reply_due(kind: str, anonymous: bool, received_on: date) -> date | None:
    """The last day for the office's first answer; None when no answer is promised.

    A real-name 举报 is told within 5 working days whether a case was opened; an anonymous one
    has nobody to tell. A 投诉 is accepted or refused within 7 working days.
    """
    if kind == "complaint":
        return add_working_days(received_on, COMPLAINT_DECISION_DAYS)
    if kind == "report":
        return None if anonymous else add_working_days(received_on, REPORT_REPLY_DAYS)
    raise ValueError(f"unknown ticket kind {kind!r}")
