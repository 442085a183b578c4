"""Every agency and practitioner with the verdict the bot gives on its identifier, in bulk.

`bot.check.check(db, uscc)` loads one subject with three queries; for 100,000 agencies that is
300,000 queries. Here the same `Subject` objects are built from rows read in batches and handed
to the same `subject_reasons` / `level_of`, so the site shows exactly the bot's levels.
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

# Practitioners' agencies a loader keeps (a few KB each): at three times the national registry
# 180,000 attorneys practise at under 20,000 firms.
PRACTICES_KEPT = 40_000


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
    """Every subject, each with its level as `check(db, its identifier)` gives it.

    All of them at once: for tests and small registries. The site build reads a batch at a
    time (`SubjectLoader.entries`)."""
    loader = SubjectLoader(db, today=today)
    agencies = loader.agencies(reader.agency_rows(db))
    practitioners = loader.practitioners(reader.practitioner_rows(db))
    return Registry(loader.data, agencies, practitioners)


class SubjectLoader:
    """Builds entries from registry rows, any number at a time, as `check` would see each one.

    A batch reads its own listings and sanctions, a branch's head office and a practitioner's
    agency: nothing of the registry stays in memory from one batch to the next."""

    def __init__(self, db: sqlite_utils.Database, *, today: date) -> None:
        self.db = db
        self.today = today
        self.data = dataset_of(db)
        # Practitioners' agencies, kept from batch to batch: a firm's attorneys are spread over
        # the name order, so each batch would read and build the same few firms again.
        self._practices: dict[str, Subject] = {}

    def entries(self, refs: list[tuple[str, str]]) -> list[Entry]:
        """The entries of these (kind, id) pairs, in their order; every one must be registered."""
        agency_ids = [subject_id for kind, subject_id in refs if kind == "agency"]
        people_ids = [subject_id for kind, subject_id in refs if kind != "agency"]
        agency_rows = reader.agency_rows_by_uscc(self.db, agency_ids)
        people_rows = reader.practitioner_rows_by_cert(self.db, people_ids)
        if len(agency_rows) + len(people_rows) != len(refs):
            missing = [i for _, i in refs if i not in agency_rows and i not in people_rows]
            raise RuntimeError(f"the search index names unregistered subjects: {missing[:5]}")
        found = {e.subject.id: e for e in self.agencies([agency_rows[i] for i in agency_ids])}
        people = self.practitioners([people_rows[i] for i in people_ids])
        found.update((e.subject.id, e) for e in people)
        return [found[subject_id] for _, subject_id in refs]

    def agencies(self, rows: list[dict[str, Any]]) -> list[Entry]:
        """Head offices with their own listings; a branch with its head office, as
        load_agency(with_parent=False) reads the head office."""
        parent_rows = self._head_office_rows(rows)
        records = self._records([row["uscc"] for row in (*rows, *parent_rows.values())])
        parents = {uscc: records.subject(row, None) for uscc, row in parent_rows.items()}
        agencies = []
        for row in rows:
            parent = parents.get(row["parent_uscc"]) if row["parent_uscc"] else None
            subject = records.subject(row, parent)
            reasons = subject_reasons(subject, self.today, self.data)
            agencies.append(Entry(subject, level_of(reasons), tuple(reasons), row["credit_as_of"]))
        return agencies

    def practitioners(self, rows: list[dict[str, Any]]) -> list[Entry]:
        """Practitioners, each with the agency where they practise (its risk follows them)."""
        practices = self._practices_of({row["agency_uscc"] for row in rows if row["agency_uscc"]})
        records = self._records([row["cert_no"] for row in rows])
        people = []
        for row in rows:
            cert = row["cert_no"]
            agency = practices.get(row["agency_uscc"] or "")
            subject = practitioner_from_row(
                row, agency, records.listings.get(cert, ()), records.sanctions.get(cert, ())
            )
            reasons = subject_reasons(subject, self.today, self.data)
            people.append(Entry(subject, level_of(reasons), tuple(reasons), None))
        return people

    def _practices_of(self, usccs: set[str]) -> dict[str, Subject]:
        """The registered agencies of these USCCs, each with its head office, as
        `practitioners` hands them on; built once and kept (at most PRACTICES_KEPT)."""
        wanted = usccs.difference(self._practices)
        if len(self._practices) + len(wanted) > PRACTICES_KEPT:
            self._practices.clear()
            wanted = usccs
        agency_rows = reader.agency_rows_by_uscc(self.db, wanted)
        parent_rows = self._head_office_rows(agency_rows.values())
        records = self._records([*agency_rows, *parent_rows])
        parents = {uscc: records.subject(row, None) for uscc, row in parent_rows.items()}
        for uscc, row in agency_rows.items():
            self._practices[uscc] = records.subject(row, parents.get(row["parent_uscc"] or ""))
        return {uscc: self._practices[uscc] for uscc in usccs if uscc in self._practices}

    def _head_office_rows(self, rows: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
        wanted = {row["parent_uscc"] for row in rows if row["parent_uscc"]}
        return reader.agency_rows_by_uscc(self.db, wanted)

    def _records(self, subject_ids: list[str]) -> _Records:
        return _Records(
            reader.listings_of(self.db, subject_ids), reader.sanctions_of(self.db, subject_ids)
        )


@dataclass(frozen=True)
class _Records:
    """The listings and sanctions of a batch's subjects."""

    listings: dict[str, tuple[Listing, ...]]
    sanctions: dict[str, tuple[Sanction, ...]]

    def subject(self, row: dict[str, Any], parent: Subject | None) -> Subject:
        uscc = row["uscc"]
        listings, sanctions = self.listings.get(uscc, ()), self.sanctions.get(uscc, ())
        return agency_from_row(row, parent, listings, sanctions)


def in_shanghai(subject: Subject) -> bool:
    """Registered in Shanghai: the districts' remit, and the scope of the site's lists."""
    return registered_in_shanghai(subject.province)
