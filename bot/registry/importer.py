"""Importing a validated dataset: one transaction, a summary of what changed, or nothing."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import sqlite_utils

from bot.registry import search_index
from bot.registry.bundle import read_bundle
from bot.registry.records import Dataset, Row
from bot.registry.validate import validate

Progress = Callable[[str, int, int], None]

AGENCY_COLUMNS = [
    "uscc", "name", "former_names", "kind", "patent_agency_code", "trademark_filed_until",
    "status", "status_since", "suspended_until", "province", "city", "district", "address",
    "phones", "websites", "parent_uscc", "credit_grade", "credit_score", "credit_as_of",
]  # fmt: skip
PRACTITIONER_COLUMNS = ["cert_no", "name", "agency_uscc", "status", "credit_grade"]
LISTING_COLUMNS = [
    "subject_id", "list", "reason", "authority", "decision_no", "listed_on", "removed_on",
]  # fmt: skip
SANCTION_COLUMNS = [
    "subject_id", "decided_on", "authority", "decision_no", "violation", "sanction",
    "amount_yuan", "suspend_months", "summary",
]  # fmt: skip


@dataclass
class ImportSummary:
    """What an import changed, for a person to read."""

    unchanged: bool
    source: str
    as_of: str
    fictional: bool
    counts: dict[str, int]
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)
    status_changes: list[tuple[str, str | None, str]] = field(default_factory=list)
    grade_changes: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    newly_listed: list[tuple[str, str]] = field(default_factory=list)
    delisted: list[tuple[str, str]] = field(default_factory=list)
    practitioners_added: int = 0
    practitioners_removed: int = 0
    first: bool = False  # the registry was empty before


@contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[None]:
    """One explicit transaction: every statement inside commits together or not at all."""
    conn = db.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def import_path(
    db: sqlite_utils.Database, path: Path, *, today: date, progress: Progress | None = None
) -> ImportSummary:
    """Read, validate and import a bundle; an invalid one raises BundleInvalid, changing nothing."""
    report = progress or (lambda step, done, total: None)
    report("read", 0, 3)
    raw = read_bundle(path)
    report("validate", 1, 3)
    data = validate(raw, import_date=today)
    report("write", 2, 3)
    return import_dataset(db, data, progress=progress)


def dataset_digest(data: Dataset) -> str:
    """A fingerprint of the dataset's content, so re-importing the same bundle is a no-op."""
    digest = hashlib.sha256()
    digest.update(json.dumps([data.source, data.as_of, data.fictional]).encode())
    for table in (data.agencies, data.practitioners):
        for key in sorted(table):
            digest.update(json.dumps(table[key], sort_keys=True, ensure_ascii=False).encode())
    for rows in (data.listings, data.sanctions):
        for line in sorted(json.dumps(r, sort_keys=True, ensure_ascii=False) for r in rows):
            digest.update(line.encode())
    return digest.hexdigest()


def import_dataset(
    db: sqlite_utils.Database, data: Dataset, *, progress: Progress | None = None
) -> ImportSummary:
    counts = {
        "agencies": len(data.agencies),
        "practitioners": len(data.practitioners),
        "listings": len(data.listings),
        "sanctions": len(data.sanctions),
    }
    summary = ImportSummary(
        unchanged=False,
        source=data.source,
        as_of=data.as_of,
        fictional=data.fictional,
        counts=counts,
    )
    digest = dataset_digest(data)
    if _dataset_value(db, "digest") == digest:
        summary.unchanged = True
        return summary
    _describe_changes(db, data, summary)
    with transaction(db):
        conn = db.conn
        for table in ("agencies", "practitioners", "listings", "sanctions"):
            conn.execute(f"DELETE FROM {table}")
        _insert(conn, "agencies", AGENCY_COLUMNS, data.agencies.values())
        _insert(conn, "practitioners", PRACTITIONER_COLUMNS, data.practitioners.values())
        _insert(conn, "listings", LISTING_COLUMNS, data.listings)
        _insert(conn, "sanctions", SANCTION_COLUMNS, data.sanctions)
        if progress:
            progress("index", 3, 3)
        search_index.rebuild(db, data)
        conn.execute("DELETE FROM dataset")
        conn.executemany(
            "INSERT INTO dataset VALUES (?, ?)",
            [
                ("source", data.source),
                ("as_of", data.as_of),
                ("fictional", json.dumps(data.fictional)),
                ("digest", digest),
            ],
        )
    return summary


def _insert(conn: object, table: str, columns: list[str], rows: object) -> None:
    placeholders = ", ".join("?" for _ in columns)
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})"
    conn.executemany(sql, ([row[c] for c in columns] for row in rows))  # type: ignore[attr-defined]


def _dataset_value(db: sqlite_utils.Database, key: str) -> str | None:
    row = db.execute("SELECT value FROM dataset WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def _describe_changes(db: sqlite_utils.Database, data: Dataset, summary: ImportSummary) -> None:
    old = {
        row[0]: row
        for row in db.execute("SELECT uscc, name, status, credit_grade FROM agencies").fetchall()
    }
    for uscc, agency in data.agencies.items():
        before = old.get(uscc)
        if before is None:
            summary.added.append(agency["name"])
            continue
        if before[1] != agency["name"]:
            summary.renamed.append((before[1], agency["name"]))
        if before[2] != agency["status"]:
            summary.status_changes.append((agency["name"], before[2], agency["status"]))
        if before[3] != agency["credit_grade"]:
            summary.grade_changes.append((agency["name"], before[3], agency["credit_grade"]))
    summary.removed = [row[1] for uscc, row in old.items() if uscc not in data.agencies]
    summary.first = not old
    old_people = {row[0] for row in db.execute("SELECT cert_no FROM practitioners").fetchall()}
    new_people = {p["cert_no"] for p in data.practitioners.values()}
    summary.practitioners_added = len(new_people - old_people)
    summary.practitioners_removed = len(old_people - new_people)
    old_listed = {
        (row[0], row[1])
        for row in db.execute(
            "SELECT subject_id, list FROM listings WHERE removed_on IS NULL"
        ).fetchall()
    }
    new_listed: set[tuple[str, str]] = {
        (r["subject_id"], r["list"]) for r in data.listings if not r["removed_on"]
    }
    names = _subject_names(data)
    summary.newly_listed = sorted((names.get(s, s), lst) for s, lst in new_listed - old_listed)
    summary.delisted = sorted((names.get(s, s), lst) for s, lst in old_listed - new_listed)


def _subject_names(data: Dataset) -> dict[str, str]:
    names: dict[str, str] = {uscc: a["name"] for uscc, a in data.agencies.items()}
    names.update((p["cert_no"], p["name"]) for p in data.practitioners.values())
    return names


def registry_info(db: sqlite_utils.Database) -> dict[str, str]:
    """The dataset's source, as-of date and fictional flag ({} before any import)."""
    return {row[0]: row[1] for row in db.execute("SELECT key, value FROM dataset").fetchall()}


__all__ = ["ImportSummary", "Row", "import_dataset", "import_path", "registry_info"]
