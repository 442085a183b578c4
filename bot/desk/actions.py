"""What staff do to a ticket. Each action is one transaction: the check of who may do it and
from which state, the change, its line in the append-only audit log and, when the reporter
should know, the notice to them. Nothing here imports a front end."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlite_utils

from bot.desk import notices
from bot.desk.choices import DESTINATION, GROUND, OUTCOME
from bot.desk.errors import (
    MergeRefused,
    NoContact,
    NoteEmpty,
    TicketNotFound,
    TransitionRefused,
    known_district,
)
from bot.desk.routing import home_district
from bot.desk.staff import StaffMember
from bot.desk.vocabulary import ACTIONS, FINAL_STATES, STATES, grounds_for
from bot.registry.database import transaction, utc_stamp
from bot.reports import tickets
from bot.reports.deadlines import local_day
from bot.reports.tickets import Ticket
from bot.words import Lang
from bot.words.desk_terms import (
    MERGE_ITSELF,
    MERGE_MERGED,
    WHY_DECIDED,
    WHY_FINAL,
    WHY_NOT,
    WHY_UNDECIDED,
)

NOTE_LIMIT = 2000


@dataclass(frozen=True)
class Contact:
    """A reporter's identity, as revealed to one staff member through a logged action."""

    name: str | None
    phone: str | None


def load(db: sqlite_utils.Database, staff: StaffMember, number: str) -> Ticket:
    """The ticket, if this staff member may see it."""
    ticket = tickets.get(db, number)
    if ticket is None:
        raise TicketNotFound(number=number.strip().upper())
    staff.require_district(ticket.number, home_district(db, ticket))
    return ticket


def accept(
    db: sqlite_utils.Database,
    staff: StaffMember,
    number: str,
    *,
    now: datetime,
    note: str | None = None,
) -> Ticket:
    return _act(db, staff, number, "accept", {}, now=now, note=note)


def refuse(
    db: sqlite_utils.Database,
    staff: StaffMember,
    number: str,
    ground: str,
    *,
    now: datetime,
    note: str | None = None,
) -> Ticket:
    allowed = grounds_for(load(db, staff, number).kind)
    ground = GROUND.only(allowed).resolve(ground)
    changes = {"refusal_ground": ground, "closed_on": local_day(now).isoformat()}
    return _act(db, staff, number, "refuse", changes, now=now, note=note, ground=ground)


def assign(
    db: sqlite_utils.Database,
    staff: StaffMember,
    number: str,
    district: str,
    *,
    now: datetime,
    note: str | None = None,
) -> Ticket:
    district = known_district(district)
    return _act(db, staff, number, "assign", {"district": district}, now=now, note=note)


def investigate(
    db: sqlite_utils.Database,
    staff: StaffMember,
    number: str,
    *,
    now: datetime,
    note: str | None = None,
) -> Ticket:
    return _act(db, staff, number, "investigate", {}, now=now, note=note)


def transfer(
    db: sqlite_utils.Database,
    staff: StaffMember,
    number: str,
    destination: str,
    *,
    now: datetime,
    note: str | None = None,
) -> Ticket:
    destination = DESTINATION.resolve(destination)
    changes = {"destination": destination}
    return _act(db, staff, number, "transfer", changes, now=now, note=note, destination=destination)


def close(
    db: sqlite_utils.Database,
    staff: StaffMember,
    number: str,
    outcome: str,
    *,
    now: datetime,
    note: str | None = None,
) -> Ticket:
    outcome = OUTCOME.resolve(outcome)
    changes = {"outcome": outcome, "closed_on": local_day(now).isoformat()}
    return _act(db, staff, number, "close", changes, now=now, note=note, outcome=outcome)


def merge(
    db: sqlite_utils.Database,
    staff: StaffMember,
    number: str,
    into: str,
    *,
    now: datetime,
    note: str | None = None,
) -> Ticket:
    """Close `number` as a duplicate of `into`, which carries the case on."""

    def check_target(ticket: Ticket) -> dict[str, Any]:
        # Inside the transaction: two staff merging A into B and B into A at once must not
        # close both.
        target = load(db, staff, into)
        if target.id == ticket.id:
            raise MergeRefused(number=number, into=into, why=MERGE_ITSELF)
        if target.merged_into is not None:
            raise MergeRefused(number=number, into=target.number, why=MERGE_MERGED)
        return {"merged_into": target.id, "note": target.number}

    changes = {"outcome": "duplicate", "closed_on": local_day(now).isoformat()}
    return _act(db, staff, number, "merge", changes, now=now, note=note, check=check_target)


def add_note(
    db: sqlite_utils.Database, staff: StaffMember, number: str, text: str, *, now: datetime
) -> Ticket:
    text = text.strip()
    if not text or len(text) > NOTE_LIMIT:
        raise NoteEmpty(limit=NOTE_LIMIT)
    return _act(db, staff, number, "note", {}, now=now, note=text)


def reveal_contact(
    db: sqlite_utils.Database, staff: StaffMember, number: str, *, now: datetime
) -> Contact:
    """The reporter's identity, for this staff member only; the look is logged first."""
    ticket = load(db, staff, number)
    if ticket.anonymous:
        raise NoContact(number=ticket.number)
    _act(db, staff, number, "reveal_contact", {}, now=now)
    return Contact(ticket.contact_name, ticket.contact_phone)


def log_look(
    db: sqlite_utils.Database,
    staff: StaffMember,
    number: str,
    code: str,
    detail: dict[str, Any],
    *,
    now: datetime,
) -> Ticket:
    """A look at a ticket that changes nothing (its evidence), in the audit log with what was
    seen; checked like opening the ticket, and logged before anything is shown."""
    with transaction(db):
        ticket = load(db, staff, number)
        _check_transition(ticket, code)
        _audit(db, staff, code, ticket.id, None, detail, None, now)
    return ticket


def log_queue_action(
    db: sqlite_utils.Database,
    staff: StaffMember,
    action: str,
    detail: dict[str, Any],
    *,
    now: datetime,
) -> None:
    """An action on the queue as a whole (an export), in the same audit log."""
    with transaction(db):
        _audit(db, staff, action, None, None, detail, None, now)


def audit_line(
    db: sqlite_utils.Database,
    staff: StaffMember,
    action: str,
    detail: dict[str, Any],
    *,
    now: datetime,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str | None = None,
) -> None:
    """An action outside any ticket (a typical case's), in the caller's transaction: `detail`
    names its object, `before`/`after` what changed."""
    _audit(db, staff, action, None, before, {**detail, **(after or {})}, note, now)


def history(db: sqlite_utils.Database, ticket: Ticket) -> list[dict[str, Any]]:
    """The ticket's audit lines, oldest first."""
    rows = db.query(
        "SELECT at, staff_user_id, staff_role, action, before, after, note FROM audit_log "
        "WHERE ticket_id = ? ORDER BY id",
        [ticket.id],
    )
    found = []
    for row in rows:
        row["before"] = json.loads(row["before"] or "{}")
        row["after"] = json.loads(row["after"] or "{}")
        found.append(row)
    return found


def _act(
    db: sqlite_utils.Database,
    staff: StaffMember,
    number: str,
    code: str,
    changes: dict[str, Any],
    *,
    now: datetime,
    note: str | None = None,
    check: Callable[[Ticket], dict[str, Any]] | None = None,
    **told: str,
) -> Ticket:
    action = ACTIONS[code]
    if action.city_only:
        staff.require_city(action.words)
    with transaction(db):
        # Read again under the write lock: another staff member may have acted meanwhile.
        ticket = load(db, staff, number)
        _check_transition(ticket, code)
        fields = dict(changes)
        if check is not None:  # more changes that depend on the ticket, checked under the lock
            more = check(ticket)
            note = note or more.pop("note", None)
            fields.update(more)
        if action.to is not None:
            fields["state"] = action.to
        if action.tells_reporter and ticket.first_response_on is None:
            fields["first_response_on"] = local_day(now).isoformat()
        before = {key: _plain(getattr(ticket, key)) for key in fields}
        if fields:
            fields["updated_at"] = utc_stamp(now)
            assignments = ", ".join(f"{key} = ?" for key in fields)
            db.execute(
                f"UPDATE tickets SET {assignments} WHERE id = ?", [*fields.values(), ticket.id]
            )
            fields.pop("updated_at")
        audit_id = _audit(db, staff, code, ticket.id, before, fields, note, now)
        # An anonymous reporter was promised no reply (they follow the ticket by /status).
        if action.tells_reporter and not ticket.anonymous:
            text = notices.notice_text(code, ticket, _lang(ticket), **told)
            notices.queue_notice(db, ticket, audit_id, text, now)
    changed = tickets.get(db, ticket.number)
    assert changed is not None
    return changed


def may_take(ticket: Ticket, code: str) -> bool:
    """Whether the ticket's state allows this action now (what a card should offer)."""
    try:
        _check_transition(ticket, code)
    except TransitionRefused:
        return False
    return True


def _check_transition(ticket: Ticket, code: str) -> None:
    action = ACTIONS[code]
    decided = ticket.first_response_on is not None
    if ticket.state in action.allowed_from:
        # An assigned ticket may or may not have had its decision to accept yet: it is taken
        # once (a reporter is told "accepted" once), and nothing is investigated or closed
        # before it.
        if ticket.state != "assigned" or not (
            (code in ("accept", "refuse") and decided)
            or (code in ("investigate", "close") and not decided)
        ):
            return
        why = WHY_DECIDED if decided else WHY_UNDECIDED
    else:
        why = WHY_FINAL if ticket.state in FINAL_STATES else WHY_NOT[code]
    raise TransitionRefused(
        number=ticket.number,
        state=STATES.get(ticket.state, (ticket.state, ticket.state)),
        action=action.words,
        why=why,
    )


def _audit(
    db: sqlite_utils.Database,
    staff: StaffMember,
    action: str,
    ticket_id: int | None,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    note: str | None,
    now: datetime,
) -> int:
    cursor = db.execute(
        "INSERT INTO audit_log (at, staff_user_id, staff_role, action, ticket_id, before, after, "
        "note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            utc_stamp(now),
            staff.user_id,
            staff.role,
            action,
            ticket_id,
            None if before is None else json.dumps(before, ensure_ascii=False),
            None if after is None else json.dumps(after, ensure_ascii=False),
            note,
        ],
    )
    return int(cursor.lastrowid or 0)


_LANGS: dict[str, Lang] = {"zh": "zh", "en": "en"}


def _lang(ticket: Ticket) -> Lang:
    """The reporter's language as the ticket keeps it (anything unknown reads as Chinese)."""
    return _LANGS.get(ticket.reporter_lang, "zh")


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value
