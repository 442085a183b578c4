"""The campaign calendar: what the staff digest counts down to, and the report made on its day.

Three milestones a year: the 4·26 IP Publicity Week (typical cases are published for it), the
stage report due 14 July and the annual summary due 15 November (bot.desk.reports.DUE). The
digest names a milestone from `lead_days` working days before it; on a report's due date the
report for the whole city is made once, whoever asks first (the bot's morning job, or the same
job again after a restart).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import cast

import sqlite_utils

from bot.desk.actions import audit_line
from bot.desk.case_book import Case, all_cases
from bot.desk.reports import DUE, ReportKind, campaign_report
from bot.desk.staff import StaffMember
from bot.desk.tables import REPORT_LANG
from bot.desk.vocabulary import CITY
from bot.registry.database import transaction
from bot.reports.deadlines import is_working_day
from bot.words import Lang, say
from bot.words.desk_calendar import (
    REPORT_AHEAD,
    REPORT_SENT,
    REPORT_TODAY,
    REPORTS,
    WEEK_AHEAD,
    WEEK_NOW,
)

CALENDAR_LEAD_DAYS = 10  # working days: two weeks to schedule cases or gather a report's figures
REPORT_AUTO = "report_auto"  # the audit action of a report made on its due date
SYSTEM = StaffMember(0, CITY)  # who the audit log names for what the bot does by itself


@dataclass(frozen=True)
class DueReport:
    """A report made on its due date, written as Markdown and as a workbook."""

    kind: ReportKind
    md: Path
    xlsx: Path


def publicity_week(year: int) -> tuple[date, date]:
    """The 4·26 IP Publicity Week of `year`: 20 to 26 April, World IP Day its last day."""
    return date(year, 4, 20), date(year, 4, 26)


def report_due(today: date) -> ReportKind | None:
    """The report due on `today`: "stage" on 14 July, "annual" on 15 November, else None."""
    for kind, (month, day) in DUE.items():
        if (today.month, today.day) == (month, day):
            return cast(ReportKind, kind)  # DUE's keys are the report kinds
    return None


def calendar_lines(
    db: sqlite_utils.Database, today: date, lang: Lang, *, lead_days: int
) -> list[str]:
    """One line for each milestone `today` is at, or within `lead_days` working days of.

    The publicity week is this year's until it is over, then next year's; a report is this
    year's until its due date has passed. Outside every lead window: [].
    """
    lines: list[tuple[date, str]] = []
    start, end = publicity_week(today.year)
    if today > end:
        start, end = publicity_week(today.year + 1)
    days = _working_days_to(today, start, lead_days)
    if start <= today <= end or days is not None:
        lines.append((start, _week_line(db, today, lang, start, end, days)))
    for kind, (month, day) in DUE.items():
        due = date(today.year, month, day)
        if today > due:
            due = date(today.year + 1, month, day)
        report = say(REPORTS[kind], lang)
        if today == due:
            said = REPORT_SENT if report_made(db, kind, today) else REPORT_TODAY
            lines.append((due, say(said, lang, report=report)))
        elif (days := _working_days_to(today, due, lead_days)) is not None:
            lines.append(
                (due, say(REPORT_AHEAD, lang, report=report, due=due.isoformat(), days=days))
            )
    return [line for _, line in sorted(lines, key=lambda dated: dated[0])]


def _working_days_to(today: date, day: date, lead_days: int) -> int | None:
    """How many working days ahead `day` is: those between today and it, plus the day itself
    (so the last working day before it says 1, and a Sunday deadline is still a day ahead);
    None when today is not before `day` or it is more than `lead_days` ahead."""
    if today >= day or lead_days < 1:
        return None
    between = 0
    current = today + timedelta(days=1)
    while current < day:
        between += is_working_day(current)
        if between >= lead_days:  # stops early: a year chinesecalendar lacks is rarely asked
            return None
        current += timedelta(days=1)
    return between + 1


def _week_line(
    db: sqlite_utils.Database, today: date, lang: Lang, start: date, end: date, days: int | None
) -> str:
    cases = [case for case in all_cases(db) if case.withdrawn_on is None]
    scheduled = sum(_shown_in(case, start, end) for case in cases)
    waiting = sum(case.pending for case in cases)
    if days is None:  # the week is under way
        return say(
            WEEK_NOW,
            lang,
            start=start.isoformat(),
            end=end.isoformat(),
            scheduled=scheduled,
            waiting=waiting,
        )
    return say(
        WEEK_AHEAD, lang, start=start.isoformat(), days=days, scheduled=scheduled, waiting=waiting
    )


def _shown_in(case: Case, start: date, end: date) -> bool:
    """Whether an approved case goes on the site during the week."""
    day = case.approved.publish_on if case.approved else None
    return day is not None and start <= day <= end


def report_made(db: sqlite_utils.Database, kind: str, due: date) -> bool:
    """Whether the report due on `due` was already made automatically."""
    rows = db.execute(
        "SELECT 1 FROM audit_log WHERE action = ? AND json_extract(after, '$.kind') = ? "
        "AND json_extract(after, '$.due') = ? LIMIT 1",
        [REPORT_AUTO, kind, due.isoformat()],
    ).fetchall()
    return bool(rows)


def make_due_report(
    db: sqlite_utils.Database,
    *,
    today: date,
    now: datetime,
    folder: Path,
    cases_dir: Path,
    lang: Lang = REPORT_LANG,
) -> DueReport | None:
    """On a due date, the city's report from 1 January to today, written into `folder` and
    recorded in the audit log; None on any other day, or when it was made already today.

    The files are written before the audit line: a failed write leaves nothing recorded, so
    the job after a restart tries again.
    """
    kind = report_due(today)
    if kind is None or report_made(db, kind, today):
        return None
    made = campaign_report(db, kind=kind, until=today, cases_dir=cases_dir, now=now, lang=lang)
    md, xlsx = made.write_files(folder)
    with transaction(db):
        if report_made(db, kind, today):  # another job made it meanwhile
            return None
        detail = {"kind": kind, "due": today.isoformat(), "md": md.name, "xlsx": xlsx.name}
        audit_line(db, SYSTEM, REPORT_AUTO, detail, now=now)
    return DueReport(kind=kind, md=md, xlsx=xlsx)
