"""The daily digest for the staff chat (and `lantian queue digest`): the campaign calendar's
milestones ahead, then what is due and what is late."""

from __future__ import annotations

from datetime import date

import sqlite_utils

from bot.desk.campaign_calendar import CALENDAR_LEAD_DAYS, calendar_lines
from bot.desk.cards import queue_line
from bot.desk.queue import digest
from bot.desk.staff import StaffMember
from bot.words import Lang, say
from bot.words.desk_terms import DIGEST_COUNTS, DIGEST_EMPTY, DIGEST_TITLE, UNASSIGNED

SHOWN = 10  # tickets named per district and kind; the rest are counted


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
    return "\n".join(lines)
