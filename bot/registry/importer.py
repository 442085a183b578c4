"""Importing a bundle: staged and checked apart, built into the next registry file beside the
live one, then switched in by one rename (`bot.registry.database.publish_registry`).

A bundle of any size streams through `bot.registry.staging` (rows checked one at a time into a
temporary database, checked against each other in SQL), so memory stays flat. Nothing in the
registry changes unless every row is good, the bundle is not an accidental wipe, and the write
succeeds; a URL's validators are saved in the same transaction as the data they describe.
"""

from __future__ import annotations

import fcntl
import glob
import hashlib
import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import sqlite_utils

from bot.errors import BOTH
from bot.normalize import KEYS_VERSION
from bot.registry import change_log, search_index, staging
from bot.registry.bundle import TABLES, RawBundle, open_bundle
from bot.registry.database import (
    REGISTRY,
    follow_registry,
    publish_registry,
    registry_path,
    registry_schema,
    republish,
)
from bot.registry.index_worker import IndexWorker, worker_pays
from bot.registry.limits import DEFAULT_LIMITS, SHRINK_SHARE, ReadLimits
from bot.registry.reader import registry_info
from bot.registry.records import Dataset, Row
from bot.registry.refusals import DiskFull, ImportRunning, RegistryWouldShrink
from bot.registry.staging import COLUMNS, Progress, ProgressFn
from bot.registry.validate import dataset_from_meta
from bot.words import Lang, say
from bot.words import registry as words
from bot.words.verdict import LISTS, STATUSES, term

SAMPLE = 1000  # names kept per kind of change; the counts are always complete
NONE = "—"  # no grade (or status) before or after
RULES = 2  # the version of the row checks; raise it when they change
CHANGE_KINDS = ("added", "removed", "renamed", "status", "grade", "practitioners_added",
                "practitioners_removed", "newly_listed", "delisted")  # fmt: skip


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
    # Complete counts of each kind of change (the lists above keep the first SAMPLE names).
    changes: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CHANGE_KINDS, 0))


@dataclass(frozen=True)
class LogEntry:
    """What the change log records of an import besides its changes."""

    seq: int
    today: date
    source: str
    first: bool


@contextmanager
def _disk_full_refused() -> Iterator[None]:
    """A full disk stops an import with a plain message; the live registry is untouched."""
    try:
        yield
    except sqlite3.OperationalError as error:
        if "full" not in str(error):
            raise
        raise DiskFull(error=str(error)) from None


@contextmanager
def _only_import(live: Path) -> Iterator[None]:
    """One import at a time per registry, across processes; a second is refused, not queued.
    Files a killed import left half-built are removed under the lock."""
    with live.with_name(f"{live.name}.lock").open("a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ImportRunning() from None
        for stale in live.parent.glob(f"{glob.escape(live.name)}.next-*"):
            stale.unlink(missing_ok=True)
        yield


def import_path(
    db: sqlite_utils.Database,
    path: Path,
    *,
    today: date,
    progress: ProgressFn | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
    allow_shrink: bool = False,
    shrink_share: float = SHRINK_SHARE,
    validators: dict[str, str | None] | None = None,
) -> ImportSummary:
    """Read, check and import a bundle. An invalid bundle raises BundleInvalid, an unreadable
    one BundleUnreadable, one that would remove more than `shrink_share` of the agencies or
    practitioners RegistryWouldShrink (unless `allow_shrink`); each changes nothing.

    `validators` (fetched_url, etag, last_modified) are saved with the data, in its transaction.
    """
    report = progress or (lambda event: None)
    live = registry_path(db)
    built = live.with_name(f"{live.name}.next-{os.getpid()}")
    with (
        _disk_full_refused(),
        _only_import(live),
        staging.attached(db.conn) as conn,
        open_bundle(path, limits) as bundle,
    ):
        follow_registry(db, must=True)  # compare with the live registry, not the one at open
        raw = raw_digest(path, dataset_from_meta(bundle.meta, today, lambda problem: None))
        if _dataset_value(db, "raw_digest") == raw:  # these very bytes were imported last
            return _unchanged(db, conn, validators)
        with _indexer(bundle, built) as worker:
            data = staging.stage(
                conn, bundle, import_date=today, progress=report,
                each_row=worker.take if worker else None,
            )  # fmt: skip
            if worker is not None:
                worker.rows_done()  # it builds the index while the rest is checked here
            counts = {table: staging.count(conn, table) for table in TABLES}
            summary = ImportSummary(False, data.source, data.as_of, data.fictional, counts)
            digest = staging.digest(conn, data)
            dataset = {
                "source": data.source,
                "as_of": data.as_of,
                "fictional": json.dumps(data.fictional),
                "digest": digest,
                "raw_digest": raw,
                **(validators or {}),
            }
            if _dataset_value(db, "digest") == digest:
                summary.unchanged = True
                if worker is not None:
                    worker.close()  # its file is not needed, and `republish` builds its own
                # Same content in other bytes (or under new validators): the live file is
                # never written, so a copy with the new keys is switched in.
                republish(db, _dataset_change({"raw_digest": raw, **(validators or {})}))
                return summary
            _describe_changes(conn, summary)
            if not allow_shrink:
                _refuse_shrink(conn, summary, shrink_share)
            report(Progress("index"))
            if worker is None:
                search_index.stage(conn)
            else:
                worker.finish()  # the next file, with its index tables
            report(Progress("write"))
            seq = change_log.next_seq(conn, REGISTRY)
            dataset[change_log.SEQ_KEY] = str(seq)
            dataset[change_log.EPOCH_KEY] = change_log.epoch_of(conn, REGISTRY)
            log = LogEntry(seq, today, data.source, summary.first)
            _publish(db, conn, dataset, built, log, indexed=worker is not None)
    return summary


@contextmanager
def _indexer(bundle: RawBundle, built: Path) -> Iterator[IndexWorker | None]:
    """A worker process deriving the search index while the rows are checked, for a bundle
    large enough to pay for it (None: the index is derived here, after the checks). A file it
    has begun to build is removed if the import stops before switching it in."""
    if not worker_pays(bundle):
        yield None
        return
    worker = IndexWorker(built)
    try:
        yield worker
    finally:
        worker.close()
        built.unlink(missing_ok=True)  # already renamed away if it was published


def _publish(
    db: sqlite_utils.Database,
    conn: sqlite3.Connection,
    dataset: dict[str, Any],
    built: Path,
    log: LogEntry,
    *,
    indexed: bool,
) -> None:
    """Build the next registry file from the staged rows, beside the live one, then switch.
    `indexed`: an index worker has already made the file, with its index tables.

    Nothing in the main file (tickets, audit, bot state) is locked meanwhile, and readers of
    the live registry read on; the switch is one rename."""
    if not indexed:
        built.unlink(missing_ok=True)
    conn.execute("ATTACH DATABASE ? AS next", [str(built)])
    try:
        # A half-built file is thrown away, never repaired: no journal needed while building.
        conn.execute("PRAGMA next.journal_mode = OFF")
        conn.execute("PRAGMA next.synchronous = OFF")
        conn.execute("BEGIN")
        if not indexed:
            for statement in registry_schema("next"):
                conn.execute(statement)
        for table in TABLES:
            columns = ", ".join(COLUMNS[table])
            conn.execute(
                f"INSERT INTO next.{table} ({columns}) "
                f"SELECT {columns} FROM staging.{table} ORDER BY line"
            )
        if not indexed:
            search_index.copy_into(conn, "next")
        change_log.write_changes(
            conn, seq=log.seq, today=log.today, source=log.source, first=log.first
        )
        _save_dataset(conn, dataset, replace=True, schema="next")
        conn.execute("COMMIT")
        # The live file keeps its journal mode; readers in other processes take no WAL files.
        conn.execute("PRAGMA next.journal_mode = DELETE")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        conn.execute("DETACH DATABASE next")
        built.unlink(missing_ok=True)
        raise
    conn.execute("DETACH DATABASE next")
    publish_registry(built, registry_path(db))
    follow_registry(db)


def raw_digest(path: Path, meta: Dataset) -> str:
    """A fingerprint of the bundle's bytes (and of what its meta means today): the same bytes
    again need no reading at all. RULES is part of it, so stricter checks re-read old bytes."""
    versions = [RULES, KEYS_VERSION]
    hasher = hashlib.sha256(
        json.dumps([versions, meta.source, meta.as_of, meta.fictional]).encode()
    )
    files = sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path]
    for file in files:
        hasher.update(f"{file.name}\0{file.stat().st_size}\0".encode())
        with file.open("rb") as data:
            while chunk := data.read(1 << 20):
                hasher.update(chunk)
    return hasher.hexdigest()


def _unchanged(
    db: sqlite_utils.Database, conn: sqlite3.Connection, validators: dict[str, str | None] | None
) -> ImportSummary:
    info = registry_info(db)
    counts = {
        table: conn.execute(f"SELECT count(*) FROM registry.{table}").fetchone()[0]
        for table in TABLES
    }
    summary = ImportSummary(
        True, info["source"], info["as_of"], info.get("fictional") == "true", counts
    )
    if validators:  # same bytes under new validators: remember them
        republish(db, _dataset_change(validators))
    return summary


def _dataset_change(values: dict[str, Any]) -> Callable[[sqlite3.Connection], None]:
    """`_save_dataset` of `values`, for `republish` to make on its copy (schema main)."""
    return lambda copy: _save_dataset(copy, values, replace=False, schema="main")


def _save_dataset(
    conn: sqlite3.Connection, values: dict[str, Any], *, replace: bool, schema: str = REGISTRY
) -> None:
    """Write dataset keys; a None value removes its key (an ETag the server no longer sends)."""
    if replace:
        conn.execute(f"DELETE FROM {schema}.dataset")
    conn.executemany(
        f"DELETE FROM {schema}.dataset WHERE key = ?",
        [(k,) for k, v in values.items() if v is None],
    )
    conn.executemany(
        f"INSERT OR REPLACE INTO {schema}.dataset VALUES (?, ?)",
        [(key, value) for key, value in values.items() if value is not None],
    )


def _dataset_value(db: sqlite_utils.Database, key: str) -> str | None:
    row = db.execute("SELECT value FROM dataset WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def _sample(cursor: sqlite3.Cursor, into: list[Any], shape: Callable[[Any], Any]) -> int:
    """Keep the first SAMPLE rows of a query, shaped; return how many rows it had."""
    total = 0
    for row in cursor:
        total += 1
        if total <= SAMPLE:
            into.append(shape(row))
    return total


def _describe_changes(conn: sqlite3.Connection, summary: ImportSummary) -> None:
    """Compare the staged rows with the registry, in SQL (either may hold a million rows)."""
    summary.first = conn.execute("SELECT count(*) FROM registry.agencies").fetchone()[0] == 0
    conn.execute("CREATE INDEX staging.practitioners_cert ON practitioners(cert_no)")
    changes = summary.changes
    changes["added"] = _sample(
        conn.execute(
            "SELECT name FROM staging.agencies s WHERE NOT EXISTS "
            "(SELECT 1 FROM registry.agencies a WHERE a.uscc = s.uscc) ORDER BY line"
        ),
        summary.added,
        lambda row: row[0],
    )
    changes["removed"] = _sample(
        conn.execute(
            "SELECT name FROM registry.agencies a WHERE NOT EXISTS "
            "(SELECT 1 FROM staging.agencies s WHERE s.uscc = a.uscc) ORDER BY a.rowid"
        ),
        summary.removed,
        lambda row: row[0],
    )
    both = (
        "FROM staging.agencies s JOIN registry.agencies a ON a.uscc = s.uscc "
        "WHERE {} ORDER BY s.line"
    )
    changes["renamed"] = _sample(
        conn.execute("SELECT a.name, s.name " + both.format("a.name IS NOT s.name")),
        summary.renamed,
        tuple,
    )
    changes["status"] = _sample(
        conn.execute(
            "SELECT s.name, a.status, s.status " + both.format("a.status IS NOT s.status")
        ),
        summary.status_changes,
        tuple,
    )
    changes["grade"] = _sample(
        conn.execute(
            "SELECT s.name, a.credit_grade, s.credit_grade "
            + both.format("a.credit_grade IS NOT s.credit_grade")
        ),
        summary.grade_changes,
        tuple,
    )
    summary.practitioners_added = changes["practitioners_added"] = _count(conn, "staging", REGISTRY)
    summary.practitioners_removed = changes["practitioners_removed"] = _count(
        conn, REGISTRY, "staging"
    )
    listed = "SELECT DISTINCT subject_id, list FROM {}.listings WHERE removed_on IS NULL"
    name = (
        "coalesce((SELECT name FROM staging.agencies WHERE uscc = subject_id), (SELECT name FROM "
        "staging.practitioners WHERE cert_no = subject_id), subject_id)"
    )
    for key, first, second, into in (
        ("newly_listed", "staging", REGISTRY, summary.newly_listed),
        ("delisted", REGISTRY, "staging", summary.delisted),
    ):
        changes[key] = _sample(
            conn.execute(
                f"SELECT {name}, list FROM ({listed.format(first)} EXCEPT "
                f"{listed.format(second)}) ORDER BY 1, 2"
            ),
            into,
            tuple,
        )


def _count(conn: sqlite3.Connection, here: str, there: str) -> int:
    """Practitioners (by number as written) in schema `here` but not in schema `there`."""
    sql = (
        f"SELECT count(*) FROM {here}.practitioners h WHERE NOT EXISTS "
        f"(SELECT 1 FROM {there}.practitioners t WHERE t.cert_no = h.cert_no)"
    )
    return int(conn.execute(sql).fetchone()[0])


def describe_changes(summary: ImportSummary, lang: Lang | None = None) -> str:
    """One line of counts: what an import changes (or would have changed); in both languages,
    a line each, when no language is given."""
    if lang is None:
        return "\n".join(describe_changes(summary, each) for each in BOTH)
    counts = {kind: summary.changes.get(kind, 0) for kind in CHANGE_KINDS}
    return say(words.CHANGES, lang, **counts)


def changed_names(summary: ImportSummary, lang: Lang, *, most: int = 20) -> list[str]:
    """The first `most` status, grade and listing changes of each kind, by name, with statuses
    and lists in words (never their codes)."""
    lines = [
        say(
            words.STATUS_CHANGED,
            lang,
            name=name,
            before=term(STATUSES, before, lang) or NONE,
            after=term(STATUSES, after, lang) or NONE,
        )
        for name, before, after in summary.status_changes[:most]
    ]
    lines += [
        say(words.GRADE_CHANGED, lang, name=name, before=old or NONE, after=new or NONE)
        for name, old, new in summary.grade_changes[:most]
    ]
    lines += [
        say(words.NEWLY_LISTED, lang, name=name, list=term(LISTS, listed, lang))
        for name, listed in summary.newly_listed[:most]
    ]
    return lines


# Statuses that make a verdict `danger`; a bundle that lifts many of them at once is suspect.
_DANGER_STATUSES = "('revoked', 'cancelled', 'suspended', 'filing_expired')"


def _refuse_shrink(conn: sqlite3.Connection, summary: ImportSummary, share: float) -> None:
    """An import that drops more than `share` of what the registry holds against or about
    agencies is not trusted: records, listings now in force, sanctions, or danger statuses
    lifted (a bundle that leaves out listings.csv, or sets every revoked firm active, would
    otherwise turn warnings into "legitimate" without a word)."""
    for table, removed, current in (
        ("agencies", summary.changes["removed"], _rows(conn, "registry.agencies")),
        ("practitioners", summary.practitioners_removed, _rows(conn, "registry.practitioners")),
        (
            "listings",
            summary.changes["delisted"],
            _rows(conn, "registry.listings WHERE removed_on IS NULL"),
        ),
        ("sanctions", _sanctions_removed(conn), _rows(conn, "registry.sanctions")),
        (
            "danger_statuses",
            _rows(
                conn,
                "registry.agencies a JOIN staging.agencies s ON s.uscc = a.uscc "
                f"WHERE a.status IN {_DANGER_STATUSES} AND s.status NOT IN {_DANGER_STATUSES}",
            ),
            _rows(conn, f"registry.agencies WHERE status IN {_DANGER_STATUSES}"),
        ),
    ):
        if current and removed / current > share:
            raise RegistryWouldShrink(
                table=words.SHRINKING[table],
                removed=removed,
                current=current,
                share=f"{removed / current:.0%}",
                limit=f"{share:.0%}",
                changes=(describe_changes(summary, "zh"), describe_changes(summary, "en")),
            )


def _rows(conn: sqlite3.Connection, rows: str) -> int:
    return int(conn.execute(f"SELECT count(*) FROM {rows}").fetchone()[0])


def _sanctions_removed(conn: sqlite3.Connection) -> int:
    return _rows(
        conn,
        "registry.sanctions m WHERE NOT EXISTS (SELECT 1 FROM staging.sanctions s WHERE "
        "s.subject_id = m.subject_id AND s.decided_on = m.decided_on AND s.sanction = m.sanction)",
    )


__all__ = [
    "ImportSummary",
    "Row",
    "changed_names",
    "describe_changes",
    "import_path",
]
