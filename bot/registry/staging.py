"""Staging a bundle: rows streamed through the row checks into scratch tables, then checked
against each other in SQL. Memory stays flat whatever the bundle's size; the registry's own
tables are not touched until the importer swaps the staged rows in.

The scratch tables live in a schema named `staging`: a private temporary database attached to the
registry's connection (or to an in-memory one for `validate`), deleted when detached.
"""

from __future__ import annotations

import hashlib
import json
import operator
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.errors import BundleInvalid, RowProblem
from bot.normalize import KEYS_VERSION
from bot.registry.bundle import TABLES, RawBundle, RawTable
from bot.registry.records import Dataset, Row
from bot.registry.refusals import BundleEmpty, TooManyProblems
from bot.registry.validate import ROW_READERS, RowCheck, check_header, dataset_from_meta, reason
from bot.words import registry as words

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
COLUMNS = {
    "agencies": AGENCY_COLUMNS,
    "practitioners": PRACTITIONER_COLUMNS,
    "listings": LISTING_COLUMNS,
    "sanctions": SANCTION_COLUMNS,
}
# Staged rows carry their line (for problems and order) and, for practitioners, the compact key.
_STAGED = {**COLUMNS, "practitioners": ["cert_key", *PRACTITIONER_COLUMNS]}
_ROW_JSON = json.JSONEncoder(sort_keys=True, ensure_ascii=False).encode  # json.dumps, made once
KEPT_PROBLEMS = 1000  # named in the error; the rest are counted
PROGRESS_EVERY = 5_000  # rows between progress reports


@dataclass(frozen=True)
class Progress:
    """Where an import is: its step, the file being read and how far, in rows and bytes."""

    step: str  # read, check, index, write
    file: str = ""
    rows: int = 0  # rows read so far in this file
    files_done: int = 0
    files_total: int = 0
    done: int = 0  # bytes read of all tables (0 when the container cannot say)
    total: int = 0
    finished: bool = False  # this file has been read to its end


ProgressFn = Callable[[Progress], None]
RowFn = Callable[[str, Row], None]  # (table, checked row), for each good row as it is staged


@contextmanager
def attached(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """The `staging` schema on this connection, dropped (with everything in it) on exit."""
    if conn.in_transaction:  # ATTACH cannot run inside one; sqlite3 may have opened it implicitly
        conn.commit()
    conn.execute("ATTACH DATABASE '' AS staging")
    try:
        yield conn
    finally:
        if conn.in_transaction:
            conn.rollback()
        conn.execute("DETACH DATABASE staging")


@contextmanager
def scratch() -> Iterator[sqlite3.Connection]:
    """A connection of its own with a `staging` schema, for checking without a registry."""
    conn = sqlite3.connect(":memory:")
    try:
        with attached(conn):
            yield conn
    finally:
        conn.close()


def _create(conn: sqlite3.Connection) -> None:
    for table, columns in _STAGED.items():
        conn.execute(f"CREATE TABLE staging.{table} (line INTEGER NOT NULL, {', '.join(columns)})")
    conn.execute(
        "CREATE TABLE staging.problems (seq INTEGER PRIMARY KEY, rank INTEGER, file TEXT, "
        "line INTEGER, reason TEXT)"
    )


class _Problems:
    """Every problem goes to a staging table; only the first ones are kept to be named."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.rank = -1  # meta.json first, then the tables in TABLES order
        self.pending: list[tuple[int, str, int, str]] = []

    def add(self, problem: RowProblem) -> None:
        self.pending.append((self.rank, problem.file, problem.line, problem.reason))
        if len(self.pending) >= 1000:
            self.flush()

    def flush(self) -> None:
        self.conn.executemany(
            "INSERT INTO staging.problems (rank, file, line, reason) VALUES (?, ?, ?, ?)",
            self.pending,
        )
        self.pending.clear()

    def raise_any(self) -> None:
        self.flush()
        total = self.conn.execute("SELECT count(*) FROM staging.problems").fetchone()[0]
        if not total:
            return
        kept = [
            RowProblem(file, line, reason)
            for file, line, reason in self.conn.execute(
                "SELECT file, line, reason FROM staging.problems ORDER BY rank, line, seq "
                f"LIMIT {KEPT_PROBLEMS}"
            )
        ]
        raise BundleInvalid(kept) if total <= len(kept) else TooManyProblems(kept, total)


def stage(
    conn: sqlite3.Connection,
    bundle: RawBundle,
    *,
    import_date: date,
    progress: ProgressFn | None = None,
    each_row: RowFn | None = None,
) -> Dataset:
    """Check and stage every row; raise BundleInvalid naming every bad row, BundleEmpty for a
    bundle without agencies. Returns the dataset's meta (its tables stay in `staging`).

    `each_row` is told of every good row as it is staged (an index worker derives keys from
    them meanwhile)."""
    _create(conn)
    problems = _Problems(conn)
    report = progress or (lambda event: None)
    tables = [(name, bundle.tables[name]) for name in TABLES if name in bundle.tables]
    meter = _Meter(report, len(tables), sum(t.size for _, t in tables))
    conn.execute("BEGIN")
    try:
        data = dataset_from_meta(bundle.meta, import_date, problems.add)
        seen: dict[str, int] = {}
        for name, table in tables:
            problems.rank = TABLES.index(name)
            if check_header(table, name, problems.add):
                seen[name] = _stage_table(conn, name, table, problems, meter, each_row)
            meter.file_done(table.file, seen.get(name, 0))
        if seen.get("agencies") == 0:
            raise BundleEmpty(origin=bundle.origin or "?")
        report(Progress("check", files_done=len(tables), files_total=len(tables)))
        _cross_check(conn, bundle, problems)
        problems.raise_any()
        _resolve_subjects(conn)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return data


class _Meter:
    """Turns rows read into progress reports, every PROGRESS_EVERY rows and at each file's end."""

    def __init__(self, report: ProgressFn, files: int, total: int) -> None:
        self.report, self.files, self.total = report, files, total
        self.files_done = 0
        self.done_before = 0  # bytes of the files already read

    def rows(self, file: str, rows: int, done: int) -> None:
        self.report(
            Progress(
                "read", file, rows, self.files_done, self.files, self.done_before + done, self.total
            )
        )

    def file_done(self, file: str, rows: int) -> None:
        self.files_done += 1
        self.report(
            Progress(
                "read", file, rows, self.files_done, self.files, self.done_before, self.total, True
            )
        )


def _stage_table(
    conn: sqlite3.Connection,
    name: str,
    table: RawTable,
    problems: _Problems,
    meter: _Meter,
    each_row: RowFn | None,
) -> int:
    """Stream one table's good rows into staging; returns how many rows it had, bad ones too."""
    check = RowCheck(table.file, problems.add)
    read = ROW_READERS[name]
    columns = _STAGED[name]
    staged = operator.itemgetter(*columns)
    count = 0

    def good_rows() -> Iterator[tuple[Any, ...]]:
        nonlocal count
        for line, raw in table.rows:
            count += 1
            check.start(line, raw)
            record = read(check)
            if count % PROGRESS_EVERY == 0:
                meter.rows(table.file, count, table.consumed())
            if check.ok:
                if each_row is not None:
                    each_row(name, record)
                yield (line, *staged(record))

    marks = ", ".join("?" for _ in range(len(columns) + 1))
    conn.executemany(
        f"INSERT INTO staging.{name} (line, {', '.join(columns)}) VALUES ({marks})", good_rows()
    )
    meter.done_before += table.consumed()
    return count


def _cross_check(conn: sqlite3.Connection, bundle: RawBundle, problems: _Problems) -> None:
    """Duplicates and references between rows, as SQL over the staged tables."""
    problems.flush()
    conn.execute("CREATE INDEX staging.agencies_uscc ON agencies(uscc)")
    conn.execute("CREATE INDEX staging.practitioners_key ON practitioners(cert_key)")
    files = {name: table.file for name, table in bundle.tables.items()}
    # Each check yields (line, value); SQL puts the value in its words' {placeholder}.
    checks = [
        (
            "agencies",
            words.DUPLICATE_USCC,
            "uscc",
            "SELECT line, uscc AS value FROM (SELECT line, uscc, row_number() OVER "
            "(PARTITION BY uscc ORDER BY line) AS n FROM staging.agencies) WHERE n > 1",
        ),
        (
            "agencies",
            words.UNKNOWN_HEAD_OFFICE,
            "uscc",
            "SELECT line, parent_uscc AS value FROM staging.agencies a WHERE parent_uscc IS NOT "
            "NULL AND NOT EXISTS (SELECT 1 FROM staging.agencies b WHERE b.uscc = a.parent_uscc)",
        ),
        (
            "practitioners",
            words.DUPLICATE_CERT_NO,
            "cert_no",
            "SELECT line, cert_key AS value FROM (SELECT line, cert_key, row_number() OVER "
            "(PARTITION BY cert_key ORDER BY line) AS n FROM staging.practitioners) p WHERE n > 1 "
            "OR EXISTS "
            "(SELECT 1 FROM staging.agencies a WHERE a.uscc = p.cert_key)",
        ),
        (
            "practitioners",
            words.UNKNOWN_AGENCY,
            "uscc",
            "SELECT line, agency_uscc AS value FROM staging.practitioners p WHERE agency_uscc IS "
            "NOT NULL AND NOT EXISTS (SELECT 1 FROM staging.agencies a WHERE a.uscc = "
            "p.agency_uscc)",
        ),
        *(
            (
                events,
                words.UNKNOWN_SUBJECT,
                "subject",
                f"SELECT line, subject_id AS value FROM staging.{events} e WHERE NOT EXISTS "
                "(SELECT 1 FROM staging.practitioners p WHERE p.cert_key = e.subject_id) AND NOT "
                "EXISTS "
                "(SELECT 1 FROM staging.agencies a WHERE a.uscc = e.subject_id)",
            )
            for events in ("listings", "sanctions")
        ),
    ]
    for table, problem, field, sql in checks:
        if table in files:
            conn.execute(
                "INSERT INTO staging.problems (rank, file, line, reason) "
                f"SELECT ?, ?, line, replace(?, ?, value) FROM ({sql})",
                (TABLES.index(table), files[table], reason(problem), f"{{{field}}}"),
            )


def _resolve_subjects(conn: sqlite3.Connection) -> None:
    """A practitioner named in a listing or sanction is stored by the number as written."""
    for events in ("listings", "sanctions"):
        conn.execute(
            f"UPDATE staging.{events} SET subject_id = (SELECT cert_no FROM staging.practitioners "
            "p WHERE p.cert_key = subject_id) WHERE subject_id IN "
            "(SELECT cert_key FROM staging.practitioners)"
        )


def count(conn: sqlite3.Connection, table: str) -> int:
    return int(conn.execute(f"SELECT count(*) FROM staging.{table}").fetchone()[0])


def rows(conn: sqlite3.Connection, table: str, order: str = "line") -> Iterator[dict[str, Any]]:
    """Staged rows of a table as dicts of the registry's columns, one at a time."""
    columns = COLUMNS[table]
    cursor = conn.execute(f"SELECT {', '.join(columns)} FROM staging.{table} ORDER BY {order}")
    for values in cursor:
        yield dict(zip(columns, values, strict=True))


def digest(conn: sqlite3.Connection, data: Dataset) -> str:
    """A fingerprint of the staged content, so re-importing the same bundle is a no-op.

    Rows are taken in a fixed order (by key, or by every column for lists and sanctions), so
    the order of the rows in the files does not matter.
    """
    hasher = hashlib.sha256()
    # The key version: the same rows under new matching keys need their search index rebuilt.
    hasher.update(json.dumps([KEYS_VERSION, data.source, data.as_of, data.fictional]).encode())
    orders = {
        "agencies": "uscc",
        "practitioners": "cert_key",
        "listings": ", ".join(LISTING_COLUMNS),
        "sanctions": ", ".join(SANCTION_COLUMNS),
    }
    for table, order in orders.items():
        for row in rows(conn, table, order):
            hasher.update(_ROW_JSON(row).encode())
    return hasher.hexdigest()


def to_dataset(conn: sqlite3.Connection, data: Dataset) -> Dataset:
    """The staged rows in memory, for small bundles (tests, the demo's self-check)."""
    data.agencies = {row["uscc"]: row for row in rows(conn, "agencies")}
    cursor = conn.execute("SELECT cert_key FROM staging.practitioners ORDER BY line")
    keys = [key for (key,) in cursor]
    data.practitioners = dict(zip(keys, rows(conn, "practitioners"), strict=True))
    data.listings = list(rows(conn, "listings"))
    data.sanctions = list(rows(conn, "sanctions"))
    return data
