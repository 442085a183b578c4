"""Reports (举报) and complaints (投诉): the draft a reporter fills in and the ticket it becomes.

A reporter's identity (Telegram user id, name, phone, the names of the files they sent) is
confidential: it is stored, but kept out of `repr` (so it never reaches a log by accident) and
out of `Ticket.public_view()`, the only form that may be posted to a staff chat.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

import sqlite_utils

from bot import clock
from bot.clock import DAY
from bot.normalize import clean_text, phone_keys
from bot.registry import reader
from bot.registry.database import transaction, utc_stamp
from bot.reports import categories
from bot.reports.deadlines import local_day, reply_due
from bot.reports.errors import (
    ComplaintNeedsContact,
    ComplaintTooOld,
    DescriptionMissing,
    DescriptionTooLong,
    DraftInvalid,
    EvidenceMissing,
    HappenedOnFuture,
    HappenedOnInvalid,
    PhoneInvalid,
    RealNameNeedsName,
    SubjectMissing,
    SubjectTooLong,
    UnknownCategory,
    UnknownKind,
    UnknownSubject,
)
from bot.reports.evidence import StoredEvidence, verify
from bot.reports.redact import Reporter, redact
from bot.verdict import years_before
from bot.words.verdict import Lang

KINDS = ("report", "complaint")  # 举报 | 投诉
DESCRIPTION_LIMIT = 3000
SUBJECT_LIMIT = 200
# Grounds for refusing a complaint (12315 rules) include events older than 3 years.
COMPLAINT_YEARS = 3
_NUMBER_PREFIX = "LT-"
_SERIAL_FROM = len("LT-YYYYMMDD-") + 1  # where the per-day serial starts, for SQL substr()
# 2025-09-29, 2025/9/29, 2025.9.29 and 2025年9月29日: the ways people write a date.


@dataclass(kw_only=True)
class Draft:
    """A report or complaint being filled in, step by step; `validate()` says what is missing."""

    kind: str
    category: str = ""
    subject_uscc: str | None = None
    subject_text: str = ""
    happened_on: str | date | None = None
    description: str = ""
    anonymous: bool = False
    contact_name: str | None = field(default=None, repr=False)
    contact_phone: str | None = field(default=None, repr=False)
    reporter_user_id: int = field(repr=False)
    reporter_lang: Lang = "zh"
    evidence: list[StoredEvidence] = field(default_factory=list)

    def validate(self, today: date | None = None) -> None:
        """Raise the first DraftInvalid a reporter must fix, in the order the form asks."""
        values, day = vars(self), today or clock.today()
        for check in FIELD_CHECKS.values():
            check(values, day)

    def happened_day(self) -> date | None:
        """The day the events happened, or None when not given; HappenedOnInvalid if unreadable."""
        return _as_day(self.happened_on)

    def contact(self) -> tuple[str | None, str | None]:
        """(name, canonical phone) as stored: nothing at all for an anonymous report."""
        if self.anonymous:
            return None, None
        name = _blank_to_none(self.contact_name)
        typed_phone = _blank_to_none(self.contact_phone)
        keys = phone_keys(typed_phone) if typed_phone else []
        return name, keys[0] if keys else typed_phone


def field_problem(
    draft: Mapping[str, Any], field_name: str, *, today: date, lang: Lang
) -> str | None:
    """What is wrong with one step's answer, in the reporter's language, or None.

    Lets each step of a conversation check its own input as soon as it is given; `draft` holds
    the answers so far under the names of Draft's fields. `field_name` is a key of FIELD_CHECKS.
    """
    try:
        FIELD_CHECKS[field_name](draft, today)
    except DraftInvalid as problem:
        return problem.message(lang)
    return None


def parse_day(text: str) -> date | None:
    """A date as people type it; None for blank text, HappenedOnInvalid when unreadable."""
    folded = unicodedata.normalize("NFKC", text).strip()
    if not folded:
        return None
    match = DAY.fullmatch(folded)
    try:
        if match is None:
            raise ValueError(folded)
        year, month, day = (int(part) for part in match.groups())
        return date(year, month, day)
    except ValueError:
        raise HappenedOnInvalid(text=text) from None


def read_day(text: str) -> date | None:
    """`parse_day` for a reader that asks again: None for blank or unreadable text."""
    try:
        return parse_day(text)
    except HappenedOnInvalid:
        return None


def _as_day(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return parse_day(str(value))


def _check_kind(values: Mapping[str, Any], today: date) -> None:
    if values.get("kind") not in KINDS:
        raise UnknownKind()


def _check_category(values: Mapping[str, Any], today: date) -> None:
    code = values.get("category") or ""
    if not categories.is_known(code):
        raise UnknownCategory(code=code)


def _check_subject(values: Mapping[str, Any], today: date) -> None:
    text = clean_text(values.get("subject_text") or "").strip()
    if not text:
        raise SubjectMissing()
    if len(text) > SUBJECT_LIMIT:
        raise SubjectTooLong(limit=SUBJECT_LIMIT)


def _check_happened(values: Mapping[str, Any], today: date) -> None:
    happened = _as_day(values.get("happened_on"))
    if happened is None:
        return  # optional: people often do not remember the day
    if happened > today:
        raise HappenedOnFuture(day=happened.isoformat())
    too_old = happened < years_before(today, COMPLAINT_YEARS)
    if values.get("kind") == "complaint" and too_old:
        raise ComplaintTooOld(day=happened.isoformat())


def _check_description(values: Mapping[str, Any], today: date) -> None:
    text = clean_text(values.get("description") or "").strip()
    if not text:
        raise DescriptionMissing()
    if len(text) > DESCRIPTION_LIMIT:
        raise DescriptionTooLong(length=len(text), limit=DESCRIPTION_LIMIT)


def _check_contact(values: Mapping[str, Any], today: date) -> None:
    kind, anonymous = values.get("kind"), bool(values.get("anonymous"))
    name = _blank_to_none(values.get("contact_name"))
    phone = _blank_to_none(values.get("contact_phone"))
    if kind == "complaint" and (anonymous or not name or not phone):
        raise ComplaintNeedsContact()
    if anonymous:
        return  # contact details of an anonymous report are dropped, not checked
    if kind == "report" and not name:
        raise RealNameNeedsName()
    if phone and not phone_keys(phone):
        raise PhoneInvalid(phone=phone)


# One check per step of the form, in the order it asks; Draft.validate runs them all.
FIELD_CHECKS: dict[str, Callable[[Mapping[str, Any], date], None]] = {
    "kind": _check_kind,
    "category": _check_category,
    "subject_text": _check_subject,
    "happened_on": _check_happened,
    "description": _check_description,
    "contact": _check_contact,
}


def _blank_to_none(text: str | None) -> str | None:
    stripped = clean_text(text or "").strip()
    return stripped or None


@dataclass(frozen=True)
class LinkedEvidence:
    """An evidence file of a ticket; `stored_path` is relative to the data folder."""

    sha256: str
    size: int
    mime_type: str
    stored_path: str
    received_at: str
    file_name: str = field(repr=False)  # as sent: it may name the reporter


@dataclass(frozen=True)
class Ticket:
    """A submitted report or complaint, as stored."""

    id: int
    number: str
    kind: str
    category: str
    subject_uscc: str | None
    subject_text: str
    happened_on: date | None
    description: str
    anonymous: bool
    state: str
    created_at: datetime
    received_on: date
    reply_due_on: date | None
    source_key: str
    reporter_lang: str
    reporter_user_id: int = field(repr=False)
    contact_name: str | None = field(repr=False)
    contact_phone: str | None = field(repr=False)
    evidence: tuple[LinkedEvidence, ...] = ()
    # Set by the staff desk (bot/desk).
    district: str | None = None
    destination: str | None = None
    refusal_ground: str | None = None
    outcome: str | None = None
    merged_into: int | None = None
    first_response_on: date | None = None
    closed_on: date | None = None

    def reporter(self) -> Reporter:
        """Who wrote it, as far as the ticket tells: the form's contact and whatever the reporter
        declared about themself in the subject, the description or a file name."""
        texts = [self.subject_text, self.description, *(e.file_name for e in self.evidence)]
        return Reporter.declared(self.contact_name, self.contact_phone, texts)

    def redacted_description(self, public_phones: frozenset[str] = frozenset()) -> str:
        """The description as staff may read it (bot.reports.redact): no name, phone, e-mail
        or ID number of the reporter; `public_phones` are registered numbers that may stay."""
        return redact(self.description, self.reporter(), public_phones=public_phones)

    def redacted_subject(self, public_phones: frozenset[str] = frozenset()) -> str:
        """The subject as typed, redacted as the description is."""
        return redact(self.subject_text, self.reporter(), public_phones=public_phones)

    def public_view(self) -> dict[str, object]:
        """What staff may see in a chat: no user id, name, phone or file names.

        A reporter's identity leaves the database only through a logged staff action.
        """
        return {
            "number": self.number,
            "kind": self.kind,
            "category": self.category,
            "subject_uscc": self.subject_uscc,
            "subject_text": self.redacted_subject(),
            "happened_on": _iso(self.happened_on),
            "description": self.redacted_description(),
            "anonymous": self.anonymous,
            "state": self.state,
            "received_on": self.received_on.isoformat(),
            "reply_due_on": _iso(self.reply_due_on),
            "district": self.district,
            "destination": self.destination,
            "refusal_ground": self.refusal_ground,
            "outcome": self.outcome,
            "first_response_on": _iso(self.first_response_on),
            "closed_on": _iso(self.closed_on),
            "evidence": [
                {"sha256": e.sha256, "mime_type": e.mime_type, "size": e.size}
                for e in self.evidence
            ],
        }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def submit(db: sqlite_utils.Database, draft: Draft, source_key: str, now: datetime) -> Ticket:
    """Turn a draft into a ticket in one transaction; the same source_key gives the same ticket.

    `source_key` names the submission (e.g. "tg:<bot_id>:<update_id>" or a draft id), so a
    retried or doubled message never makes two tickets. `now` must be timezone-aware.
    """
    if not source_key:
        raise ValueError("source_key is required: it is what makes submit idempotent")
    received_on = local_day(now)
    # A retry of a submission that went through is answered before validation: rules about
    # "today" (a 3-year limit, a future date) must not turn a retry into a refusal.
    existing = _by_source_key(db, source_key)
    if existing is not None:
        return existing
    draft = _cleaned(draft)
    draft.validate(received_on)
    with transaction(db):
        # Checked again under the write lock: another worker may have stored it meanwhile.
        ticket_id = _id_of(db, source_key)
        if ticket_id is None:
            _check_subject_registered(db, draft.subject_uscc)
            ticket_id = _insert_ticket(db, draft, source_key, now, received_on)
            _link_evidence(db, ticket_id, draft.evidence, now)
    return _select(db, "id = ?", [ticket_id])[0]


def _cleaned(draft: Draft) -> Draft:
    """The draft with what cannot be stored or shown taken out of the reporter's text."""
    return replace(
        draft,
        subject_text=clean_text(draft.subject_text),
        description=clean_text(draft.description),
        contact_name=clean_text(draft.contact_name) if draft.contact_name else None,
        contact_phone=clean_text(draft.contact_phone) if draft.contact_phone else None,
    )


def reports_today(db: sqlite_utils.Database, user_id: int, day: date) -> int:
    """How many tickets this user submitted on this Shanghai day (for the daily limit)."""
    row = db.execute(
        "SELECT count(*) FROM tickets WHERE reporter_user_id = ? AND received_on = ?",
        [user_id, day.isoformat()],
    ).fetchone()
    return int(row[0])


def tickets_of(db: sqlite_utils.Database, user_id: int) -> list[Ticket]:
    """A reporter's own tickets, newest first; never anyone else's."""
    return _select(db, "reporter_user_id = ?", [user_id])


def get(
    db: sqlite_utils.Database, number: str, *, reporter_user_id: int | None = None
) -> Ticket | None:
    """The ticket with this number; with `reporter_user_id`, only if that user submitted it."""
    number = number.strip().upper()
    if reporter_user_id is None:
        found = _select(db, "number = ?", [number])
    else:
        found = _select(db, "number = ? AND reporter_user_id = ?", [number, reporter_user_id])
    return found[0] if found else None


def by_numbers(db: sqlite_utils.Database, numbers: list[str]) -> dict[str, Ticket]:
    """Many tickets at once (a queue screen, an export), by number."""
    found: dict[str, Ticket] = {}
    for start in range(0, len(numbers), 500):  # under SQLite's limit on bound parameters
        chunk = numbers[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        found.update((t.number, t) for t in _select(db, f"number IN ({marks})", list(chunk)))
    return found


def _by_source_key(db: sqlite_utils.Database, source_key: str) -> Ticket | None:
    found = _select(db, "source_key = ?", [source_key])
    return found[0] if found else None


def _id_of(db: sqlite_utils.Database, source_key: str) -> int | None:
    row = db.execute("SELECT id FROM tickets WHERE source_key = ?", [source_key]).fetchone()
    return None if row is None else int(row[0])


def _check_subject_registered(db: sqlite_utils.Database, uscc: str | None) -> None:
    if uscc is None:
        return
    if reader.agency_place(db, uscc) is None:
        raise UnknownSubject(uscc=uscc)


def _next_number(db: sqlite_utils.Database, day: date) -> str:
    # Called inside the write transaction (BEGIN IMMEDIATE), so no other writer can take the
    # same serial between this read and the insert.
    row = db.execute(
        f"SELECT MAX(CAST(substr(number, {_SERIAL_FROM}) AS INTEGER)) FROM tickets "
        "WHERE received_on = ?",
        [day.isoformat()],
    ).fetchone()
    serial = (row[0] or 0) + 1
    return f"{_NUMBER_PREFIX}{day:%Y%m%d}-{serial:04d}"


def _insert_ticket(
    db: sqlite_utils.Database, draft: Draft, source_key: str, now: datetime, received_on: date
) -> int:
    name, phone = draft.contact()
    happened = draft.happened_day()
    due = reply_due(draft.kind, draft.anonymous, received_on)
    cursor = db.execute(
        """
        INSERT INTO tickets (
            number, kind, category, subject_uscc, subject_text, happened_on, description,
            reporter_user_id, reporter_lang, anonymous, contact_name, contact_phone,
            created_at, received_on, reply_due_on, source_key
        ) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        [
            _next_number(db, received_on),
            draft.kind,
            draft.category,
            draft.subject_uscc,
            draft.subject_text.strip(),
            _iso(happened),
            draft.description.strip(),
            draft.reporter_user_id,
            draft.reporter_lang,
            int(draft.anonymous),
            name,
            phone,
            utc_stamp(now),
            received_on.isoformat(),
            _iso(due),
            source_key,
        ],
    )
    return int(cursor.lastrowid or 0)


def _link_evidence(
    db: sqlite_utils.Database, ticket_id: int, files: list[StoredEvidence], now: datetime
) -> None:
    linked: set[str] = set()
    for stored in files:
        if stored.sha256 in linked:
            continue  # the same file sent twice is one piece of evidence
        # Re-hashed here: a file damaged or removed since upload fails the whole submission,
        # rather than leaving a ticket that points at evidence nobody can open.
        if not verify(stored):
            raise EvidenceMissing(file_name=stored.file_name)
        db.execute(
            "INSERT INTO evidence (ticket_id, sha256, size, file_name, mime_type, stored_path, "
            "received_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                ticket_id,
                stored.sha256,
                stored.size,
                stored.file_name,
                stored.mime_type,
                stored.relative_path,
                utc_stamp(now),
            ],
        )
        linked.add(stored.sha256)


def _select(db: sqlite_utils.Database, where: str, params: list[object]) -> list[Ticket]:
    # `where` is always one of this module's literal conditions; values go in as parameters.
    rows = list(db.query(f"SELECT * FROM tickets WHERE {where} ORDER BY id DESC", params))
    evidence = _evidence_of(db, [row["id"] for row in rows])
    return [_ticket(row, evidence.get(row["id"], ())) for row in rows]


def _evidence_of(
    db: sqlite_utils.Database, ticket_ids: list[int]
) -> dict[int, tuple[LinkedEvidence, ...]]:
    if not ticket_ids:
        return {}
    marks = ", ".join("?" for _ in ticket_ids)
    found: dict[int, list[LinkedEvidence]] = {}
    for row in db.query(
        f"SELECT * FROM evidence WHERE ticket_id IN ({marks}) ORDER BY id", ticket_ids
    ):
        found.setdefault(row["ticket_id"], []).append(
            LinkedEvidence(
                sha256=row["sha256"],
                size=row["size"],
                mime_type=row["mime_type"],
                stored_path=row["stored_path"],
                received_at=row["received_at"],
                file_name=row["file_name"],
            )
        )
    return {ticket_id: tuple(files) for ticket_id, files in found.items()}


def _ticket(row: dict[str, Any], evidence: tuple[LinkedEvidence, ...]) -> Ticket:
    return Ticket(
        id=row["id"],
        number=row["number"],
        kind=row["kind"],
        category=row["category"],
        subject_uscc=row["subject_uscc"],
        subject_text=row["subject_text"],
        happened_on=_day(row["happened_on"]),
        description=row["description"],
        anonymous=bool(row["anonymous"]),
        state=row["state"],
        created_at=datetime.fromisoformat(row["created_at"]),
        received_on=date.fromisoformat(row["received_on"]),
        reply_due_on=_day(row["reply_due_on"]),
        source_key=row["source_key"],
        reporter_lang=row["reporter_lang"],
        reporter_user_id=row["reporter_user_id"],
        contact_name=row["contact_name"],
        contact_phone=row["contact_phone"],
        evidence=evidence,
        district=row["district"],
        destination=row["destination"],
        refusal_ground=row["refusal_ground"],
        outcome=row["outcome"],
        merged_into=row["merged_into"],
        first_response_on=_day(row["first_response_on"]),
        closed_on=_day(row["closed_on"]),
    )


def _day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)
