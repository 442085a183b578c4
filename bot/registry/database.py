"""The database: opening it, its schema (changed only through migrations), its transactions.

Every module that writes takes its transaction from here (`transaction`), and stores a moment
the one way (`utc_stamp`); tests/test_database_boundary.py keeps it so.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils
from sqlite_utils import Migrations

migrations = Migrations("lantian.registry")


@migrations()
def m001_registry(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
        CREATE TABLE dataset (
            key TEXT PRIMARY KEY,
            value TEXT
        );
        CREATE TABLE agencies (
            uscc TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            former_names TEXT NOT NULL DEFAULT '[]',
            kind TEXT NOT NULL,
            patent_agency_code TEXT,
            trademark_filed_until TEXT,
            status TEXT NOT NULL,
            status_since TEXT,
            suspended_until TEXT,
            province TEXT,
            city TEXT,
            district TEXT,
            address TEXT,
            phones TEXT NOT NULL DEFAULT '[]',
            websites TEXT NOT NULL DEFAULT '[]',
            parent_uscc TEXT,
            credit_grade TEXT,
            credit_score REAL,
            credit_as_of TEXT
        );
        CREATE INDEX agencies_district ON agencies(district);
        CREATE TABLE practitioners (
            cert_no TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            agency_uscc TEXT,
            status TEXT NOT NULL,
            credit_grade TEXT
        );
        CREATE INDEX practitioners_agency ON practitioners(agency_uscc);
        CREATE TABLE listings (
            id INTEGER PRIMARY KEY,
            subject_id TEXT NOT NULL,
            list TEXT NOT NULL,
            reason TEXT,
            authority TEXT,
            decision_no TEXT,
            listed_on TEXT NOT NULL,
            removed_on TEXT
        );
        CREATE INDEX listings_subject ON listings(subject_id);
        CREATE TABLE sanctions (
            id INTEGER PRIMARY KEY,
            subject_id TEXT NOT NULL,
            decided_on TEXT NOT NULL,
            authority TEXT,
            decision_no TEXT,
            violation TEXT,
            sanction TEXT NOT NULL,
            amount_yuan REAL,
            suspend_months INTEGER,
            summary TEXT
        );
        CREATE INDEX sanctions_subject ON sanctions(subject_id);

        -- Exact look-ups: every identifier, phone, host and name key of every subject.
        CREATE TABLE lookup_keys (
            key TEXT NOT NULL,
            key_kind TEXT NOT NULL,
            subject_kind TEXT NOT NULL,
            subject_id TEXT NOT NULL,
            PRIMARY KEY (key, key_kind, subject_id)
        ) WITHOUT ROWID;

        -- Names for substring and similarity search: one row per name or former name.
        CREATE TABLE search_names (
            id INTEGER PRIMARY KEY,
            subject_kind TEXT NOT NULL,
            subject_id TEXT NOT NULL,
            name_key TEXT NOT NULL,
            former INTEGER NOT NULL DEFAULT 0
        );
        -- Bigrams give substring search (a phrase of consecutive bigrams) for queries of two
        -- characters or more, which trigrams cannot do for two-character trade names; unigrams
        -- find candidates when a typo has broken every bigram of a short trade name.
        CREATE VIRTUAL TABLE search_grams USING fts5(
            bigrams, unigrams, content='', columnsize=0, detail=full,
            tokenize='unicode61 remove_diacritics 0'
        );
        CREATE TABLE gram_counts (
            gram TEXT PRIMARY KEY,
            names INTEGER NOT NULL
        ) WITHOUT ROWID;
        """
    )


@migrations()
def m002_skip_bigrams(db: sqlite_utils.Database) -> None:
    """Skip-bigrams let a typo in a two-character trade name still find the real firm."""
    from bot.registry.search_index import fill_grams

    db.execute("DROP TABLE search_grams")
    db.execute(
        "CREATE VIRTUAL TABLE search_grams USING fts5(bigrams, unigrams, skips, content='', "
        "columnsize=0, detail=full, tokenize='unicode61 remove_diacritics 0')"
    )
    names = db.execute("SELECT id, name_key FROM search_names").fetchall()
    fill_grams(db.conn, names)


@migrations()
def m003_name_sounds(db: sqlite_utils.Database) -> None:
    """Homophones (华成 for 华诚) are the commonest typo of a pinyin keyboard."""
    from bot.normalize import sound_key

    db.execute("ALTER TABLE search_names ADD COLUMN sound TEXT NOT NULL DEFAULT ''")
    rows = db.execute("SELECT id, name_key FROM search_names").fetchall()
    db.conn.executemany(
        "UPDATE search_names SET sound = ? WHERE id = ?", [(sound_key(k), i) for i, k in rows]
    )
    db.execute("CREATE INDEX search_names_sound ON search_names(sound)")


def open_database(path: Path | str) -> sqlite_utils.Database:
    """Open (creating if needed) a Lantian database with every migration applied."""
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(path)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("PRAGMA foreign_keys = ON")
    # Imported here: the reports package writes through this module's `transaction`.
    from bot.reports.schema import apply as reports_apply

    migrations.apply(db)
    reports_apply(db)
    return db


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


def utc_stamp(moment: datetime) -> str:
    """A moment as the database stores it: ISO 8601 in UTC, to the second."""
    return moment.astimezone(UTC).isoformat(timespec="seconds")
