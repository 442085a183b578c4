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
from bot.desk.tables import TICKET_HEADERS, Value, fill_sheet, ticket_row, write_csv

ExportFormat = Literal["csv", "xlsx"]
EXPORT_LIMIT = 1_000_000  # the whole queue: list_queue's default is for a chat screen
DETAIL_HEADERS = (
    "统一社会信用代码",
    "被反映对象（登记名称）",
    "被反映对象（举报人填写）",
    "事实描述",
)
CONTACT_HEADERS = ("匿名", "举报人姓名", "联系电话")
SHEET_TITLE = "工单"


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
) -> int:
    """Write the tickets this staff member may see (that pass `where`); returns the rows written."""
    if fmt not in ("csv", "xlsx"):
        raise ValueError(f"unknown export format {fmt!r}")
    # Oldest first: the queue's overdue-first order is for a screen, not for a file.
    items = sorted(
        list_queue(db, staff, today=today, where=where, limit=EXPORT_LIMIT),
        key=lambda item: item.ticket.id,
    )
    headers = export_headers(with_contacts)
    rows = [
        export_row(item, with_contacts=with_contacts, public=public_phones(db, item.ticket))
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
        sheet.title = SHEET_TITLE
        fill_sheet(sheet, headers, rows)
        book.save(path)
    return len(rows)


def export_headers(with_contacts: bool) -> tuple[str, ...]:
    """The export's columns: the report's 工单明细, the details, and the contact if asked."""
    contact = CONTACT_HEADERS if with_contacts else ()
    return (*TICKET_HEADERS, *DETAIL_HEADERS, *contact)


def export_row(
    item: QueueItem, *, with_contacts: bool, public: frozenset[str] = frozenset()
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
        *ticket_row(TicketFacts.of(ticket, item.district)),
        ticket.subject_uscc,
        item.subject_name,
        subject,
        description,
    ]
    if with_contacts:
        row += ["是" if ticket.anonymous else "否", ticket.contact_name, ticket.contact_phone]
    return row
