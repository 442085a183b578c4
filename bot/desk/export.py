"""The queue as a file for staff: the tickets a staff member may see, as CSV or a workbook.

Every export is written to the audit log before the file is. Without `with_contacts` the file
holds no identity: the description is redacted (a reporter often names themselves in it).
With it, the reporter's name and phone are added and the description is left as written; the
audit line then says so (`export_contacts`), as a reveal of the contact would.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Literal

import sqlite_utils
from openpyxl import Workbook

from bot.desk import actions
from bot.desk.cards import public_phones
from bot.desk.queue import QueueFilter, QueueItem, list_queue
from bot.desk.staff import StaffMember
from bot.desk.stats import TicketFacts
from bot.desk.tables import (
    REPORT_LANG,
    Value,
    fill_sheet,
    ticket_headers,
    ticket_row,
    write_csv,
)
from bot.words import Lang, say
from bot.words.desk_reports import EXPORT_CONTACT_HEADERS, EXPORT_DETAIL_HEADERS, SHEETS
from bot.words.verdict import YES_NO

ExportFormat = Literal["csv", "xlsx"]
EXPORT_LIMIT = 1_000_000  # the whole queue: list_queue's default is for a chat screen


def export_queue(
    db: sqlite_utils.Database,
    staff: StaffMember,
    path: Path,
    *,
    fmt: ExportFormat,
    today: date,
    now: datetime,
    with_contacts: bool = False,
    where: QueueFilter | None = None,
    lang: Lang = REPORT_LANG,
) -> int:
    """Write the tickets this staff member may see (that pass `where`); returns the rows written."""
    if fmt not in ("csv", "xlsx"):
        raise ValueError(f"unknown export format {fmt!r}")
    # Oldest first: the queue's overdue-first order is for a screen, not for a file.
    items = sorted(
        list_queue(db, staff, today=today, where=where, limit=EXPORT_LIMIT),
        key=lambda item: item.ticket.id,
    )
    headers = export_headers(with_contacts, lang)
    rows = [
        export_row(
            item, with_contacts=with_contacts, public=public_phones(db, item.ticket), lang=lang
        )
        for item in items
    ]
    # Logged first: a file of contacts must never exist without its audit line.
    action = "export_contacts" if with_contacts else "export"
    # Whose details left, and under which filter: the line names every ticket exported.
    detail = {
        "rows": len(rows),
        "format": fmt,
        "tickets": [item.ticket.number for item in items],
        "filter": {k: v for k, v in vars(where or QueueFilter()).items() if v},
    }
    actions.log_queue_action(db, staff, action, detail, now=now)
    if fmt == "csv":
        write_csv(path, headers, rows)
    else:
        book = Workbook()
        sheet = book.active
        assert sheet is not None  # a new workbook has one sheet
        sheet.title = say(SHEETS["export"], lang)
        fill_sheet(sheet, headers, rows)
        book.save(path)
    return len(rows)


def export_headers(with_contacts: bool, lang: Lang = REPORT_LANG) -> tuple[str, ...]:
    """The export's columns: the report's 工单明细, the details, and the contact if asked."""
    contact = EXPORT_CONTACT_HEADERS if with_contacts else []
    more = [say(words, lang) for words in (*EXPORT_DETAIL_HEADERS, *contact)]
    return (*ticket_headers(lang), *more)


def export_row(
    item: QueueItem,
    *,
    with_contacts: bool,
    public: frozenset[str] = frozenset(),
    lang: Lang = REPORT_LANG,
) -> list[Value]:
    """One ticket under export_headers(with_contacts); redacted as a card is without contacts
    (`public`: the registered phones it may keep, see cards.public_phones)."""
    ticket = item.ticket
    subject, description = (
        (ticket.subject_text, ticket.description)
        if with_contacts
        else (ticket.redacted_subject(public), ticket.redacted_description(public))
    )
    row: list[Value] = [
        *ticket_row(TicketFacts.of(ticket, item.district), lang),
        ticket.subject_uscc,
        item.subject_name,
        subject,
        description,
    ]
    if with_contacts:
        row += [say(YES_NO[ticket.anonymous], lang), ticket.contact_name, ticket.contact_phone]
    return row
