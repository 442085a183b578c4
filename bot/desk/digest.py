"""The daily digest for the staff chat (and `lantian queue digest`): the campaign calendar's
milestones ahead, then what is due and what is late."""

from __future__ import annotations

from datetime import date

import sqlite_utils

from bot.desk.campaign_calendar import CALENDAR_LEAD_DAYS, calendar_lines
from bot.desk.cards import queue_line
from bot.desk.queue import digest
from bot.desk.staff import StaffMember
from bot.inspections.plans import due_rectifications, item_label, item_names
from bot.words import Lang, say
from bot.words.desk_terms import DIGEST_COUNTS, DIGEST_EMPTY, DIGEST_TITLE, UNASSIGNED
from bot.words.inspections import DIGEST as INSPECT_DIGEST

SHOWN = 10  # tickets named per district and kind; the rest are counted
_ORDER_FIELDS = {"subject": "subject_id", "plan": "plan_id", "item": "item", "due": "due_on"}


def digest_text(
    db: sqlite_utils.Database,
    city: StaffMember,
    *,
    today: date,
    lang: Lang,
    lead_days: int = CALENDAR_LEAD_DAYS,
) -> str:
    calendar = calendar_lines(db, today, lang, lead_days=lead_days)
    lines = [say(DIGEST_TITLE, lang, day=today.isoformat()), *calendar]
    found = digest(db, city, today=today)
    if not found:
        # Set apart from the calendar, as each district's block is.
        lines += ["", say(DIGEST_EMPTY, lang)] if calendar else [say(DIGEST_EMPTY, lang)]
    for line in found:
        counts = say(
            DIGEST_COUNTS,
            lang,
            district=line.district or say(UNASSIGNED, lang),
            waiting=line.waiting,
            overdue=len(line.overdue),
            due_soon=len(line.due_soon),
        )
        lines += ["", counts]
        for items in (line.overdue, line.due_soon):
            # queue_line ends with the ⏰ or ⌛ mark: the line says it once.
            lines += [f"  {queue_line(item, lang)}" for item in items[:SHOWN]]
            if len(items) > SHOWN:
                lines.append(f"  … +{len(items) - SHOWN}")
    lines += _rectification_lines(db, today, lang)
    return "\n".join(lines)


def _rectification_lines(db: sqlite_utils.Database, today: date, lang: Lang) -> list[str]:
    """Inspections' orders to rectify due within days, and those overdue (escalated here)."""
    due = due_rectifications(db, today)
    if not due:
        return []
    lines = ["", say(INSPECT_DIGEST["heading"], lang)]
    names = item_names()
    for order in due[:SHOWN]:
        key = "overdue" if order["due_on"] < today.isoformat() else "due"
        fields = {name: order[column] for name, column in _ORDER_FIELDS.items()}
        fields["item"] = item_label(order["item"], lang, names)  # its name, not its code
        lines.append(say(INSPECT_DIGEST[key], lang, **fields))
    if len(due) > SHOWN:
        lines.append(f"  … +{len(due) - SHOWN}")
    return lines
