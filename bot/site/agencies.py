"""Every agency and practitioner with the verdict the bot gives on its identifier, in bulk.

`bot.check.check(db, uscc)` loads one subject with three queries; for 100,000 agencies that is
300,000 queries. Here the same `Subject` objects are built from a few table scans and handed to
the same `subject_reasons` / `level_of`, so the site shows exactly the bot's levels.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlite_utils

from bot.check import dataset_of
from bot.registry.subjects import Listing, Sanction, Subject, agency_from_row
from bot.verdict import Dataset, Reason, level_of, subject_reasons

_AGENCY_SQL = "SELECT * FROM agencies ORDER BY uscc"
_PRACTITIONER_SQL = "SELECT * FROM practitioners ORDER BY cert_no"
_LISTING_SQL = (
    "SELECT subject_id, list, reason, authority, decision_no, listed_on, removed_on "
    "FROM listings ORDER BY subject_id, listed_on DESC"
)
_SANCTION_SQL = (
    "SELECT subject_id, decided_on, authority, decision_no, violation, sanction, amount_yuan, "
    "suspend_months, summary FROM sanctions ORDER BY subject_id, decided_on DESC"
)


@dataclass(frozen=True)
class Entry:
    """An agency or practitioner as the site shows it: the record, the bot's level, the reasons."""

    subject: Subject
    level: str
    reasons: tuple[Reason, ...]
    credit_as_of: str | None

    @property
    def concerns(self) -> tuple[Reason, ...]:
        """The reasons that lower the level (danger first), without the informational ones."""
        order = {"danger": 0, "caution": 1}
        found = [r for r in self.reasons if r.severity in order]
        return tuple(sorted(found, key=lambda r: order[r.severity]))


@dataclass(frozen=True)
class Registry:
    data: Dataset
    agencies: list[Entry]  # branches included
    practitioners: list[Entry]


def load_registry(db: sqlite_utils.Database, *, today: date) -> Registry:
    """Every subject, each with its level as `check(db, its identifier)` gives it."""
    data = dataset_of(db)
    listings = _grouped(db, _LISTING_SQL, Listing)
    sanctions = _grouped(db, _SANCTION_SQL, Sanction)
    agencies = _agencies(db, today, data, listings, sanctions)
    districts = {e.subject.id: e.subject.district for e in agencies}
    practitioners = []
    for row in _rows(db, _PRACTITIONER_SQL):
        cert = row["cert_no"]
        subject = Subject(
            kind="practitioner",
            id=cert,
            name=row["name"],
            status=row["status"],
            credit_grade=row["credit_grade"],
            district=districts.get(row["agency_uscc"] or ""),
            agency_uscc=row["agency_uscc"],
            listings=listings.get(cert, ()),
            sanctions=sanctions.get(cert, ()),
        )
        reasons = subject_reasons(subject, today, data)
        practitioners.append(Entry(subject, level_of(reasons), tuple(reasons), None))
    return Registry(data, agencies, practitioners)


def _agencies(
    db: sqlite_utils.Database,
    today: date,
    data: Dataset,
    listings: dict[str, tuple[Listing, ...]],
    sanctions: dict[str, tuple[Sanction, ...]],
) -> list[Entry]:
    rows = _rows(db, _AGENCY_SQL)
    # Head offices first, without their own parents: as load_agency(with_parent=False) does.
    plain = {row["uscc"]: _subject(row, None, listings, sanctions) for row in rows}
    agencies = []
    for row in rows:
        parent = plain.get(row["parent_uscc"]) if row["parent_uscc"] else None
        subject = _subject(row, parent, listings, sanctions) if parent else plain[row["uscc"]]
        reasons = subject_reasons(subject, today, data)
        agencies.append(Entry(subject, level_of(reasons), tuple(reasons), row["credit_as_of"]))
    return agencies


def _rows(db: sqlite_utils.Database, sql: str) -> list[dict[str, Any]]:
    cursor = db.execute(sql)
    columns = [c[0] for c in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def _grouped(db: sqlite_utils.Database, sql: str, kind: type[Any]) -> dict[str, tuple[Any, ...]]:
    groups: dict[str, list[Any]] = defaultdict(list)
    for subject_id, *fields in db.execute(sql).fetchall():
        groups[subject_id].append(kind(*fields))
    return {key: tuple(value) for key, value in groups.items()}


def _subject(
    row: dict[str, Any],
    parent: Subject | None,
    listings: dict[str, tuple[Listing, ...]],
    sanctions: dict[str, tuple[Sanction, ...]],
) -> Subject:
    uscc = row["uscc"]
    return agency_from_row(row, parent, listings.get(uscc, ()), sanctions.get(uscc, ()))


def in_shanghai(subject: Subject) -> bool:
    """Registered in Shanghai: the districts' remit, and the scope of the site's lists."""
    return (subject.province or "").startswith("上海")


def shanghai(agencies: Iterable[Entry]) -> list[Entry]:
    return [a for a in agencies if in_shanghai(a.subject)]
