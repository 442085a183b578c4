"""Every agency and practitioner with the verdict the bot gives on its identifier, in bulk.

`bot.check.check(db, uscc)` loads one subject with three queries; for 100,000 agencies that is
300,000 queries. Here the same `Subject` objects are built from a few table scans and handed to
the same `subject_reasons` / `level_of`, so the site shows exactly the bot's levels.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlite_utils

from bot.check import dataset_of
from bot.districts import registered_in_shanghai
from bot.registry import reader
from bot.registry.subjects import (
    Listing,
    Sanction,
    Subject,
    agency_from_row,
    practitioner_from_row,
)
from bot.verdict import Dataset, Reason, level_of, subject_reasons


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
    listings = reader.listings_by_subject(db)
    sanctions = reader.sanctions_by_subject(db)
    agencies = _agencies(db, today, data, listings, sanctions)
    by_uscc = {e.subject.id: e.subject for e in agencies}
    practitioners = []
    for row in reader.practitioner_rows(db):
        cert = row["cert_no"]
        agency = by_uscc.get(row["agency_uscc"] or "")
        subject = practitioner_from_row(
            row, agency, listings.get(cert, ()), sanctions.get(cert, ())
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
    rows = reader.agency_rows(db)
    # Head offices first, without their own parents: as load_agency(with_parent=False) does.
    plain = {row["uscc"]: _subject(row, None, listings, sanctions) for row in rows}
    agencies = []
    for row in rows:
        parent = plain.get(row["parent_uscc"]) if row["parent_uscc"] else None
        subject = _subject(row, parent, listings, sanctions) if parent else plain[row["uscc"]]
        reasons = subject_reasons(subject, today, data)
        agencies.append(Entry(subject, level_of(reasons), tuple(reasons), row["credit_as_of"]))
    return agencies


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
    return registered_in_shanghai(subject.province)


def shanghai(agencies: Iterable[Entry]) -> list[Entry]:
    return [a for a in agencies if in_shanghai(a.subject)]
