"""The one clock: Shanghai's now and today, whatever time zone the server keeps.

Lantian's days (when a ticket was received, when an answer is due, which cases are published,
what "today" a verdict is judged on) are Shanghai's days. A server on UTC is eight hours behind
them; every module asks here instead of `date.today()`, so tests can pin the clock around
midnight in Shanghai (time-machine moves this clock along with the rest of Python).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone

# China has kept UTC+8 without daylight saving since 1991, so a fixed offset is exact and needs
# no tz database on the server.
SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")


def now() -> datetime:
    """This moment, aware (UTC): what is stored and compared."""
    return datetime.now(UTC)


def today() -> date:
    """Today in Shanghai: the day every rule of the campaign counts in."""
    return datetime.now(SHANGHAI).date()


def local_day(moment: datetime) -> date:
    """The Shanghai calendar day of an aware moment."""
    if moment.tzinfo is None:
        raise ValueError("a naive datetime has no day in Shanghai; pass an aware one")
    return moment.astimezone(SHANGHAI).date()


def noon_of(day: date) -> datetime:
    """Noon in Shanghai of `day`: the moment that stands for a day fixed by `--today`."""
    return datetime.combine(day, time(12), tzinfo=SHANGHAI)


# A day as people type it: 2026-05-20, 2026/5/20, 2026.05.20, 2026年5月20日 (the one pattern:
# a reporter's date, and a date in pasted text that is no phone number).
DAY = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
