"""Loading one subject (agency or practitioner) with everything a verdict needs."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils


@dataclass(frozen=True)
class Listing:
    list: str
    reason: str | None
    authority: str | None
    decision_no: str | None
    listed_on: str
    removed_on: str | None


@dataclass(frozen=True)
class Sanction:
    decided_on: str
    authority: str | None
    decision_no: str | None
    violation: str | None
    sanction: str
    amount_yuan: float | None
    suspend_months: int | None
    summary: str | None


@dataclass(frozen=True)
class Subject:
    """An agency, a branch or a practitioner, as the registry knows it."""

    kind: str  # "agency" or "practitioner"
    id: str
    name: str
    status: str
    credit_grade: str | None = None
    credit_score: float | None = None
    district: str | None = None
    province: str | None = None
    city: str | None = None
    address: str | None = None
    agency_kind: str | None = None  # patent, trademark, both
    patent_agency_code: str | None = None
    trademark_filed_until: str | None = None
    status_since: str | None = None
    suspended_until: str | None = None
    former_names: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    websites: tuple[str, ...] = ()
    agency_uscc: str | None = None  # a practitioner's agency
    parent: Subject | None = None  # a branch's head office
    listings: tuple[Listing, ...] = field(default=())
    sanctions: tuple[Sanction, ...] = field(default=())

    @property
    def is_branch(self) -> bool:
        return self.parent is not None


def load_subject(db: sqlite_utils.Database, kind: str, subject_id: str) -> Subject | None:
    if kind == "agency":
        return load_agency(db, subject_id)
    return load_practitioner(db, subject_id)


def load_agency(
    db: sqlite_utils.Database, uscc: str, *, with_parent: bool = True
) -> Subject | None:
    row = _one(db, "SELECT * FROM agencies WHERE uscc = ?", uscc)
    if row is None:
        return None
    parent = None
    if with_parent and row["parent_uscc"]:
        parent = load_agency(db, row["parent_uscc"], with_parent=False)
    return agency_from_row(row, parent, _listings(db, uscc), _sanctions(db, uscc))


def agency_from_row(
    row: dict[str, Any],
    parent: Subject | None,
    listings: tuple[Listing, ...],
    sanctions: tuple[Sanction, ...],
) -> Subject:
    """An agency from its `agencies` row; the site builds all of them this way in bulk."""
    return Subject(
        kind="agency",
        id=row["uscc"],
        name=row["name"],
        status=row["status"],
        credit_grade=row["credit_grade"],
        credit_score=row["credit_score"],
        district=row["district"],
        province=row["province"],
        city=row["city"],
        address=row["address"],
        agency_kind=row["kind"],
        patent_agency_code=row["patent_agency_code"],
        trademark_filed_until=row["trademark_filed_until"],
        status_since=row["status_since"],
        suspended_until=row["suspended_until"],
        former_names=tuple(json.loads(row["former_names"])),
        phones=tuple(json.loads(row["phones"])),
        websites=tuple(json.loads(row["websites"])),
        parent=parent,
        listings=listings,
        sanctions=sanctions,
    )


def load_practitioner(db: sqlite_utils.Database, cert_no: str) -> Subject | None:
    row = _one(db, "SELECT * FROM practitioners WHERE cert_no = ?", cert_no)
    if row is None:
        return None
    agency = _one(db, "SELECT district FROM agencies WHERE uscc = ?", row["agency_uscc"] or "")
    return Subject(
        kind="practitioner",
        id=row["cert_no"],
        name=row["name"],
        status=row["status"],
        credit_grade=row["credit_grade"],
        district=agency["district"] if agency else None,
        agency_uscc=row["agency_uscc"],
        listings=_listings(db, cert_no),
        sanctions=_sanctions(db, cert_no),
    )


def agency_name(db: sqlite_utils.Database, uscc: str) -> str | None:
    row = db.execute("SELECT name FROM agencies WHERE uscc = ?", [uscc]).fetchone()
    return row[0] if row else None


def _one(db: sqlite_utils.Database, sql: str, key: str) -> dict[str, Any] | None:
    cursor = db.execute(sql, [key])
    row = cursor.fetchone()
    if row is None:
        return None
    return dict(zip([c[0] for c in cursor.description], row, strict=True))


def _listings(db: sqlite_utils.Database, subject_id: str) -> tuple[Listing, ...]:
    rows = db.execute(
        "SELECT list, reason, authority, decision_no, listed_on, removed_on FROM listings "
        "WHERE subject_id = ? ORDER BY listed_on DESC",
        [subject_id],
    ).fetchall()
    return tuple(Listing(*row) for row in rows)


def _sanctions(db: sqlite_utils.Database, subject_id: str) -> tuple[Sanction, ...]:
    rows = db.execute(
        "SELECT decided_on, authority, decision_no, violation, sanction, amount_yuan, "
        "suspend_months, summary FROM sanctions WHERE subject_id = ? ORDER BY decided_on DESC",
        [subject_id],
    ).fetchall()
    return tuple(Sanction(*row) for row in rows)
