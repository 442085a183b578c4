"""A subject (agency or practitioner) with everything a verdict needs; bot.registry.reader
loads them."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


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
    agency_name: str | None = None  # and its name, which every answer shows
    parent: Subject | None = None  # a branch's head office
    practice: Subject | None = None  # a practitioner's agency, when it is registered
    listings: tuple[Listing, ...] = field(default=())
    sanctions: tuple[Sanction, ...] = field(default=())

    @property
    def is_branch(self) -> bool:
        return self.parent is not None


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


def practitioner_from_row(
    row: dict[str, Any],
    agency: Subject | None,
    listings: tuple[Listing, ...],
    sanctions: tuple[Sanction, ...],
) -> Subject:
    """A practitioner from its `practitioners` row; `agency` is the registered agency where
    they practise (its risk follows them: domain brief, rule 6)."""
    return Subject(
        kind="practitioner",
        id=row["cert_no"],
        name=row["name"],
        status=row["status"],
        credit_grade=row["credit_grade"],
        district=agency.district if agency else None,
        agency_uscc=row["agency_uscc"],
        agency_name=agency.name if agency else None,
        practice=agency,
        listings=listings,
        sanctions=sanctions,
    )
