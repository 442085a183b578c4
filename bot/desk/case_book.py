"""Typical cases written, approved, scheduled, corrected and withdrawn by staff in the bot.

A case has a working copy, which editors change, and an approved copy, which is what the site
shows (from its publication date on). A second editor approves: the copy becomes the approved
one. An approval of a case already on the site is a correction, and the page says so. Each
action is one transaction with its line in the audit log. Cases written as Markdown files
under content/cases/posts keep working beside these (bot/site/cases.py).

Nothing of a reporter reaches a case: a case made from a ticket starts from the ticket's facts
without its description, and every field is refused if it holds the reporter's name or phone.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime
from typing import Any

import sqlite_utils

from bot import clock
from bot.clock import local_day
from bot.desk.actions import audit_line, load
from bot.desk.case_draft import CASE_OUTCOMES, subject_line
from bot.desk.choices import CATEGORY, folded
from bot.desk.errors import (
    CaseIncomplete,
    CaseNotFound,
    CaseWithdrawn,
    FieldEmpty,
    FieldTooLong,
    MarkupInCase,
    NotADate,
    NotEditor,
    NothingToApprove,
    ReporterDataInCase,
    SelfApproval,
    TicketNotSubstantiated,
    UnknownCaseCategory,
    UnknownCaseField,
    WithdrawalReasonMissing,
)
from bot.desk.staff import StaffMember
from bot.desk.vocabulary import OUTCOMES, term
from bot.registry.database import transaction, utc_stamp
from bot.reports import categories
from bot.reports.tickets import get as get_ticket
from bot.safe_text import clean_text
from bot.words import BOTH, Lang, say
from bot.words.desk_cases import FIELD_ALIASES, FIELD_NAMES, case_text
from bot.words.site import LIST_SEPARATOR

LIMITS = {"title": 80, "summary": 400, "body": 6000, "authority": 60, "decision_no": 60}
REASON_LIMIT = 300
FIRST_YEAR, YEARS_AHEAD = 2020, 2  # publication dates accepted: the campaign's years
REQUIRED = ("title", "summary", "body", "categories", "authority", "decision_no", "publish_on")
_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")
_DIGITS = re.compile(r"\d")


@dataclass(frozen=True)
class CaseText:
    """What a case says: every field an editor writes."""

    title: str = ""
    summary: str = ""
    body: str = ""
    categories: tuple[str, ...] = ()
    authority: str = ""
    decision_no: str = ""
    publish_on: date | None = None

    def to_json(self) -> str:
        values = asdict(self)
        values["publish_on"] = self.publish_on.isoformat() if self.publish_on else None
        return json.dumps(values, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str | None) -> CaseText | None:
        if not text:
            return None
        values = json.loads(text)
        day = values.get("publish_on")
        return cls(
            title=values.get("title", ""),
            summary=values.get("summary", ""),
            body=values.get("body", ""),
            categories=tuple(values.get("categories", ())),
            authority=values.get("authority", ""),
            decision_no=values.get("decision_no", ""),
            publish_on=date.fromisoformat(day) if day else None,
        )

    def missing(self) -> list[str]:
        """The fields an approval needs that are still empty."""
        return [name for name in REQUIRED if not getattr(self, name)]


@dataclass(frozen=True)
class Case:
    id: int
    author_user_id: int
    ticket_number: str | None
    draft: CaseText
    editors: tuple[int, ...]  # who changed the working copy since it was last approved
    approved: CaseText | None
    approved_by: int | None
    corrected_on: date | None
    withdrawn_on: date | None
    withdrawn_reason: str | None
    created_at: str = field(repr=False, default="")

    @property
    def pending(self) -> bool:
        """Whether the working copy differs from what was approved (or nothing was)."""
        return self.withdrawn_on is None and self.draft != self.approved

    def state(self, today: date) -> str:
        if self.withdrawn_on is not None:
            return "withdrawn"
        if self.approved is None:
            return "draft"
        assert self.approved.publish_on is not None  # an approval needs the date
        return "published" if self.approved.publish_on <= today else "scheduled"

    def public(self, today: date) -> bool:
        return self.state(today) == "published"

    @property
    def slug(self) -> str:
        return f"case-{self.id}"


def require_editor(staff: StaffMember) -> None:
    if not staff.editor:
        raise NotEditor()


def get(db: sqlite_utils.Database, case_id: int) -> Case:
    rows = list(db.query("SELECT * FROM typical_cases WHERE id = ?", [case_id]))
    if not rows:
        raise CaseNotFound(id=case_id)
    return _case(db, rows[0])


def all_cases(db: sqlite_utils.Database) -> list[Case]:
    """Every case, newest first."""
    return [_case(db, row) for row in db.query("SELECT * FROM typical_cases ORDER BY id DESC")]


def public_cases(db: sqlite_utils.Database, today: date) -> list[Case]:
    """The cases the site shows on `today`: approved, dated on or before it, not withdrawn."""
    return [case for case in all_cases(db) if case.public(today)]


def create(
    db: sqlite_utils.Database,
    staff: StaffMember,
    *,
    now: datetime,
    ticket_number: str | None = None,
    lang: Lang = "zh",
) -> Case:
    """A new case, empty or started from a ticket closed as substantiated."""
    require_editor(staff)
    text, ticket_id = CaseText(), None
    if ticket_number is not None:
        ticket = load(db, staff, ticket_number)
        if ticket.state != "closed" or ticket.outcome not in CASE_OUTCOMES:
            raise TicketNotSubstantiated(number=ticket.number)
        text, ticket_id = _from_ticket(db, ticket, lang), ticket.id
    with transaction(db):
        cursor = db.execute(
            "INSERT INTO typical_cases (author_user_id, ticket_id, draft, editors, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?)",
            [staff.user_id, ticket_id, text.to_json(), json.dumps([staff.user_id]),
             utc_stamp(now), utc_stamp(now)],
        )  # fmt: skip
        case_id = int(cursor.lastrowid or 0)
        audit_line(db, staff, "case_create", {"case": case_id, "ticket": ticket_number}, now=now)
    return get(db, case_id)


def _from_ticket(db: sqlite_utils.Database, ticket: Any, lang: Lang) -> CaseText:
    """The ticket's facts as a first draft: the subject, the category, the outcome and dates;
    never the reporter's description."""
    category = categories.get(ticket.category)
    fields = {
        "category": category.label(lang),
        "subject": subject_line(db, ticket, lang),
        "year": ticket.received_on.year,
        "outcome": term(OUTCOMES, ticket.outcome, lang),
        "closed": ticket.closed_on.isoformat() if ticket.closed_on else "",
    }
    return CaseText(
        title=case_text("draft_title", lang, **fields),
        summary=case_text("draft_summary", lang, **fields),
        body=case_text("draft_body", lang),
        categories=(category.code,),
    )


def field_name(typed: str) -> str:
    """The field a typed name (English or Chinese) stands for; UnknownCaseField otherwise."""
    key = FIELD_ALIASES.get(unicodedata.normalize("NFKC", typed).strip().casefold())
    if key is None:
        choices = ", ".join(f"{zh}/{en}" for zh, en in FIELD_NAMES.values())
        raise UnknownCaseField(typed=typed, choices=choices)
    return key


def parse_value(name: str, typed: str) -> Any:
    """A field's value from what was typed: checked, never silently cut."""
    label = FIELD_NAMES[name]
    # What cannot be shown (zero-width, soft hyphen, controls) is taken out: it would hide a
    # name from the checks below and vanish on the page anyway.
    value = unicodedata.normalize("NFC", clean_text(typed)).strip()
    if name == "publish_on":
        return _publication_day(value)
    if name == "categories":
        return parse_categories(value)
    if not value:
        raise FieldEmpty(field=label)
    if len(value) > LIMITS[name]:
        raise FieldTooLong(field=label, limit=LIMITS[name])
    if _TAG.search(value):
        raise MarkupInCase(field=label)
    if name != "body":
        value = " ".join(value.split())  # one line: a title or a number never breaks a page
    return value


def _publication_day(value: str) -> date:
    """A date in the campaign's years: one far outside them is a typo, refused."""
    try:
        day = date.fromisoformat(unicodedata.normalize("NFKC", value))
    except ValueError:
        raise NotADate(typed=value) from None
    if not FIRST_YEAR <= day.year <= clock.today().year + YEARS_AHEAD:
        raise NotADate(typed=value)
    return day


def parse_categories(typed: str) -> tuple[str, ...]:
    """The categories typed, each by its code or its label in either language (`impersonation`
    or 假冒国家机关或其工作人员名义), parted by commas, 、 or spaces. A label may itself hold
    、 or a comma, so whole labels are read first, the longest first."""
    text = folded(typed)
    labels = {folded(w): code for code, pair in CATEGORY.words.items() for w in pair}
    for label in sorted(labels, key=len, reverse=True):
        text = text.replace(label, f" {labels[label]} ")
    parts = [part for part in re.split(r"[,，、\s]+", text) if part]
    if not parts:
        raise FieldEmpty(field=FIELD_NAMES["categories"])
    codes = []
    for part in parts:
        code = CATEGORY.find(part)
        if code is None:
            raise UnknownCaseCategory(typed=part, choices=CATEGORY.named())
        codes.append(code)
    return tuple(dict.fromkeys(codes))


def edit(
    db: sqlite_utils.Database,
    staff: StaffMember,
    case_id: int,
    name: str,
    value: Any,
    *,
    now: datetime,
) -> Case:
    """Change one field of the working copy (a checked value: `parse_value`)."""
    require_editor(staff)
    with transaction(db):
        case = get(db, case_id)
        if case.withdrawn_on is not None:
            raise CaseWithdrawn(id=case_id)
        changed = replace(case.draft, **{name: value})
        _refuse_reporter_data(db, case, changed)
        editors = sorted({*case.editors, staff.user_id})
        db.execute(
            "UPDATE typical_cases SET draft = ?, editors = ?, updated_at = ? WHERE id = ?",
            [changed.to_json(), json.dumps(editors), utc_stamp(now), case_id],
        )
        before, after = _shown(getattr(case.draft, name)), _shown(value)
        audit_line(db, staff, "case_edit", {"case": case_id, "field": name}, now=now,
                   before={name: before}, after={name: after})  # fmt: skip
    return get(db, case_id)


def approve(db: sqlite_utils.Database, staff: StaffMember, case_id: int, *, now: datetime) -> Case:
    """A second editor approves the working copy: it becomes what the site shows on its date;
    on a case already shown, a correction dated today."""
    require_editor(staff)
    today = local_day(now)
    with transaction(db):
        case = get(db, case_id)
        if case.withdrawn_on is not None:
            raise CaseWithdrawn(id=case_id)
        if not case.pending:
            raise NothingToApprove(id=case_id)
        if staff.user_id == case.author_user_id or staff.user_id in case.editors:
            # Four eyes: nobody approves words they wrote. The refusal names who took part.
            who = [str(i) for i in dict.fromkeys([case.author_user_id, *case.editors]) if i]
            raise SelfApproval(who=tuple(say(LIST_SEPARATOR, lang).join(who) for lang in BOTH))
        missing = case.draft.missing()
        if missing:
            zh, en = LIST_SEPARATOR
            names = (zh.join(FIELD_NAMES[m][0] for m in missing),
                     en.join(FIELD_NAMES[m][1] for m in missing))  # fmt: skip
            raise CaseIncomplete(missing=names)
        _refuse_reporter_data(db, case, case.draft)
        corrected = case.corrected_on
        if case.public(today):
            corrected = today
        db.execute(
            "UPDATE typical_cases SET approved = ?, approved_by = ?, approved_at = ?, "
            "editors = '[]', corrected_on = ?, updated_at = ? WHERE id = ?",
            [case.draft.to_json(), staff.user_id, utc_stamp(now),
             corrected.isoformat() if corrected else None, utc_stamp(now), case_id],
        )  # fmt: skip
        action = "case_correct" if corrected != case.corrected_on else "case_approve"
        assert case.draft.publish_on is not None
        detail = {"case": case_id, "publish_on": case.draft.publish_on.isoformat()}
        audit_line(db, staff, action, detail, now=now)
    return get(db, case_id)


def withdraw(
    db: sqlite_utils.Database, staff: StaffMember, case_id: int, reason: str, *, now: datetime
) -> Case:
    """Take a case off the site (or its schedule), with a logged reason."""
    require_editor(staff)
    reason = " ".join(unicodedata.normalize("NFC", reason).split())
    if not reason or len(reason) > REASON_LIMIT:
        raise WithdrawalReasonMissing(limit=REASON_LIMIT)
    with transaction(db):
        case = get(db, case_id)
        if case.withdrawn_on is not None:
            raise CaseWithdrawn(id=case_id)
        db.execute(
            "UPDATE typical_cases SET withdrawn_on = ?, withdrawn_reason = ?, updated_at = ? "
            "WHERE id = ?",
            [local_day(now).isoformat(), reason, utc_stamp(now), case_id],
        )
        audit_line(db, staff, "case_withdraw", {"case": case_id}, now=now, note=reason)
    return get(db, case_id)


def _refuse_reporter_data(db: sqlite_utils.Database, case: Case, text: CaseText) -> None:
    """ReporterDataInCase if a field holds the name or phone of the reporter of its ticket."""
    if case.ticket_number is None:
        return
    ticket = get_ticket(db, case.ticket_number)
    if ticket is None:
        return
    name, phone = _compact(ticket.contact_name or ""), ticket.contact_phone
    digits = "".join(_DIGITS.findall(phone or ""))
    for key in ("title", "summary", "body", "authority", "decision_no"):
        value = _compact(getattr(text, key))
        if len(name) >= 2 and name in value:
            raise ReporterDataInCase(field=FIELD_NAMES[key])
        if len(digits) >= 7 and digits in "".join(_DIGITS.findall(value)):
            raise ReporterDataInCase(field=FIELD_NAMES[key])


def _compact(text: str) -> str:
    """Text as compared for a name: folded (NFKC), without what cannot be shown or any space,
    so "李 四" or "李\u200b四" is "李四"."""
    return "".join(unicodedata.normalize("NFKC", clean_text(text)).split())


def _shown(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def _case(db: sqlite_utils.Database, row: dict[str, Any]) -> Case:
    number = None
    if row["ticket_id"] is not None:
        found = list(db.query("SELECT number FROM tickets WHERE id = ?", [row["ticket_id"]]))
        number = found[0]["number"] if found else None
    draft = CaseText.from_json(row["draft"])
    assert draft is not None
    return Case(
        id=row["id"],
        author_user_id=row["author_user_id"],
        ticket_number=number,
        draft=draft,
        editors=tuple(json.loads(row["editors"] or "[]")),
        approved=CaseText.from_json(row["approved"]),
        approved_by=row["approved_by"],
        corrected_on=date.fromisoformat(row["corrected_on"]) if row["corrected_on"] else None,
        withdrawn_on=date.fromisoformat(row["withdrawn_on"]) if row["withdrawn_on"] else None,
        withdrawn_reason=row["withdrawn_reason"],
        created_at=row["created_at"],
    )
