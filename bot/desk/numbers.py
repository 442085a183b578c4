"""Ticket numbers as staff type them: `LT-20261202-0002`, or only its serial, `2` or `0002`.

A short number means today's ticket with that serial, else the one ticket (that this staff
member may see) whose serial it is; several such tickets are refused with their numbers, so
nobody acts on the wrong one. The caller says which ticket a short number meant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import sqlite_utils

from bot.desk.errors import AmbiguousNumber as AmbiguousNumber  # re-exported: raised here
from bot.desk.errors import TicketNotFound
from bot.desk.routing import home_district
from bot.desk.staff import StaffMember
from bot.reports import tickets
from bot.words import Lang, say
from bot.words.desk_terms import SHORT_NUMBER, listed

_FULL = re.compile(r"LT-?(\d{8})-?(\d{1,4})")
_SHORT = re.compile(r"#?(\d{1,4})")
SHOWN = 5  # candidates named when a short number is ambiguous


@dataclass(frozen=True)
class Resolved:
    number: str  # the full number
    short: bool  # the staff member typed a short form; say which ticket it meant

    def note(self, typed: str, lang: Lang) -> str:
        """One line saying which ticket a short number meant, or "" for a full number."""
        if not self.short:
            return ""
        return say(SHORT_NUMBER, lang, typed=typed.strip(), number=self.number)


def resolve(db: sqlite_utils.Database, staff: StaffMember, typed: str, *, today: date) -> Resolved:
    """The full number `typed` stands for; TicketNotFound or AmbiguousNumber otherwise."""
    text = typed.strip().upper()
    full = _FULL.fullmatch(text)
    if full:
        return Resolved(f"LT-{full[1]}-{int(full[2]):04d}", short=False)
    short = _SHORT.fullmatch(text)
    if not short or int(short[1]) == 0:
        return Resolved(text, short=False)  # the desk says "no such ticket" in its own words
    serial = int(short[1])
    found = _visible(db, staff, serial)
    todays = f"LT-{today:%Y%m%d}-{serial:04d}"
    if todays in found:
        return Resolved(todays, short=True)
    if not found:
        raise TicketNotFound(number=typed.strip())
    if len(found) > 1:
        more = ["…"] if len(found) > SHOWN else []
        raise AmbiguousNumber(typed=typed.strip(), numbers=listed([*found[:SHOWN], *more]))
    return Resolved(found[0], short=True)


def _visible(db: sqlite_utils.Database, staff: StaffMember, serial: int) -> list[str]:
    """Numbers with this serial that `staff` may see, newest first."""
    rows = db.execute(
        "SELECT number FROM tickets WHERE number LIKE ? ORDER BY id DESC", [f"LT-%-{serial:04d}"]
    ).fetchall()
    found = tickets.by_numbers(db, [str(row[0]) for row in rows])
    return [
        number
        for number in (str(row[0]) for row in rows)
        if number in found and staff.may_see(home_district(db, found[number]))
    ]
