"""The database: opening it, its schema (changed only through migrations), its transactions.

Two files: the main one (tickets, audit, bot state; WAL) and the registry, a file of its own
attached as schema `registry`. An import builds the next registry file beside the live one and
renames it over it (`publish_registry`), so the main file's writers never wait on an import;
a long-running process picks the new file up with `follow_registry`.

Every module that writes takes its transaction from here (`transaction`), and stores a moment
the one way (`utc_stamp`); tests/test_database_boundary.py keeps it so.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import shutil
import sqlite3
import tempfile
import urllib.parse
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils
from sqlite_utils import Migrations

from bot import clock
from bot.registry.change_log import log_schema

log = logging.getLogger(__name__)
migrations = Migrations("lantian.registry")  # each one also named in bot/registry/ready.py


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


@migrations(transactional=False)  # ATTACH cannot run inside a transaction
def m004_registry_own_file(db: sqlite_utils.Database) -> None:
    """The registry moves to a file of its own, so an import can build the next one beside it
    and switch in one rename, while tickets and bot state keep their own file and lock. A
    database from before keeps its registry: the tables are copied out, then dropped here."""
    path = registry_path(db)
    if not path.exists():
        _publish_new(path, copy_from=db.conn)
    for table in ("search_grams", "gram_counts", "search_names", "lookup_keys", *_DATA_TABLES):
        db.execute(f"DROP TABLE IF EXISTS main.{table}")


REGISTRY = "registry"  # the schema the registry file is attached as; unqualified names find it
_DATA_TABLES = ("dataset", "agencies", "practitioners", "listings", "sanctions")
_INDEX_TABLES = ("lookup_keys", "search_names", "gram_counts")  # search_grams is rebuilt


def registry_schema(schema: str) -> list[str]:
    """The registry's tables, created in `schema` (a file being built, or a fresh one)."""
    return [
        f"CREATE TABLE {schema}.dataset (key TEXT PRIMARY KEY, value TEXT)",
        f"""CREATE TABLE {schema}.agencies (
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
        )""",
        f"CREATE INDEX {schema}.agencies_district ON agencies(district)",
        f"""CREATE TABLE {schema}.practitioners (
            cert_no TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            agency_uscc TEXT,
            status TEXT NOT NULL,
            credit_grade TEXT
        )""",
        f"CREATE INDEX {schema}.practitioners_agency ON practitioners(agency_uscc)",
        f"""CREATE TABLE {schema}.listings (
            id INTEGER PRIMARY KEY,
            subject_id TEXT NOT NULL,
            list TEXT NOT NULL,
            reason TEXT,
            authority TEXT,
            decision_no TEXT,
            listed_on TEXT NOT NULL,
            removed_on TEXT
        )""",
        f"CREATE INDEX {schema}.listings_subject ON listings(subject_id)",
        f"""CREATE TABLE {schema}.sanctions (
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
        )""",
        f"CREATE INDEX {schema}.sanctions_subject ON sanctions(subject_id)",
        # Exact look-ups: every identifier, phone, host and name key of every subject.
        f"""CREATE TABLE {schema}.lookup_keys (
            key TEXT NOT NULL,
            key_kind TEXT NOT NULL,
            subject_kind TEXT NOT NULL,
            subject_id TEXT NOT NULL,
            PRIMARY KEY (key, key_kind, subject_id)
        ) WITHOUT ROWID""",
        # Names for substring and similarity search: one row per name or former name, with its
        # sound (homophones are the commonest typo of a pinyin keyboard).
        f"""CREATE TABLE {schema}.search_names (
            id INTEGER PRIMARY KEY,
            subject_kind TEXT NOT NULL,
            subject_id TEXT NOT NULL,
            name_key TEXT NOT NULL,
            former INTEGER NOT NULL DEFAULT 0,
            sound TEXT NOT NULL DEFAULT ''
        )""",
        f"CREATE INDEX {schema}.search_names_sound ON search_names(sound)",
        # Bigrams give substring search for queries of two characters or more (trigrams cannot
        # for two-character trade names); unigrams and skip-bigrams find candidates when a typo
        # has broken every bigram of a short trade name.
        f"CREATE VIRTUAL TABLE {schema}.search_grams USING fts5(bigrams, unigrams, skips, "
        "content='', columnsize=0, detail=full, tokenize='unicode61 remove_diacritics 0')",
        f"""CREATE TABLE {schema}.gram_counts (
            gram TEXT PRIMARY KEY,
            names INTEGER NOT NULL
        ) WITHOUT ROWID""",
        *log_schema(schema),
    ]


def registry_path(db: sqlite_utils.Database) -> Path:
    """The registry file beside the main database (lantian.db: lantian-registry.db); for an
    in-memory database, one in a private directory removed with it."""
    attached = _attached.get(db)
    if attached is not None:
        return attached.path
    main = next(row[2] for row in db.execute("PRAGMA database_list") if row[1] == "main")
    if not main:
        folder = tempfile.mkdtemp(prefix="lantian-registry-")
        weakref.finalize(db, shutil.rmtree, folder, ignore_errors=True)
        return Path(folder) / "registry.db"
    path = Path(main)
    return path.with_name(f"{path.stem}-registry{path.suffix}")


@dataclass
class _Attached:
    path: Path
    identity: tuple[int, int]  # (device, inode) of the file attached: a rename makes a new one


_attached: weakref.WeakKeyDictionary[sqlite_utils.Database, _Attached] = weakref.WeakKeyDictionary()


def open_database(path: Path | str) -> sqlite_utils.Database:
    """Open (creating if needed) a Lantian database with every migration applied, its registry
    file attached, read-only, as schema `registry`.

    Processes opening one database at once take turns to migrate it. A registry file that is
    not a readable registry is set aside (named `.damaged-…`) for an empty one, so that the next
    import can mend it; NotMainDatabase refuses the registry file itself given as the database.
    """
    memory = str(path) == ":memory:"
    if not memory:
        path = Path(path).absolute()  # "file:…" typed as a path is never read as a URI
        path.parent.mkdir(parents=True, exist_ok=True)
    # uri=True lets ATTACH open the registry read-only: a write to the main file then never
    # takes a lock on the registry (BEGIN IMMEDIATE locks every writable attached file).
    db = sqlite_utils.Database(
        sqlite3.connect(str(path), uri=True), execute_plugins=False
    )  # no plugins used; their scan costs start-up
    with _turn_to_migrate(None if memory else Path(path)):
        _refuse_a_registry_file(db)
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute("PRAGMA foreign_keys = ON")
        # Imported here: the reports package writes through this module's `transaction`.
        from bot.reports.schema import apply as reports_apply

        migrations.apply(db)
        reports_apply(db)
        registry = registry_path(db)
        if not registry.exists():  # deleted, or a fresh in-memory database
            _publish_new(registry)
        if not _attached_readable(db, registry):
            _set_aside(db, registry)
    return db


@contextmanager
def _turn_to_migrate(path: Path | None) -> Iterator[None]:
    """One process at a time checks and applies migrations to a database file."""
    if path is None:
        yield
        return
    with path.with_name(f"{path.name}.migrate.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _refuse_a_registry_file(db: sqlite_utils.Database) -> None:
    tables = {row[0] for row in db.execute("SELECT name FROM main.sqlite_master")}
    if "agencies" in tables and "_sqlite_migrations" not in tables:
        from bot.registry.refusals import NotMainDatabase

        db.close()
        raise NotMainDatabase()


def _attached_readable(db: sqlite_utils.Database, registry: Path) -> bool:
    """Attach the registry; False (and not attached) if it is not a readable registry."""
    try:
        _attach(db, registry)
    except sqlite3.DatabaseError:  # not a database at all
        return False
    try:
        db.execute(f"SELECT count(*) FROM {REGISTRY}.dataset").fetchone()
        db.execute(f"SELECT count(*) FROM {REGISTRY}.agencies").fetchone()
    except sqlite3.DatabaseError:
        db.execute(f"DETACH DATABASE {REGISTRY}")
        return False
    return True


def _set_aside(db: sqlite_utils.Database, registry: Path) -> None:
    """A damaged registry is kept for inspection, and an empty one takes its place."""
    damaged = registry.with_name(f"{registry.name}.damaged-{clock.now():%Y%m%dT%H%M%S%f}")
    registry.rename(damaged)
    log.error(
        "the registry file was unreadable: set aside as %s; import the registry again", damaged
    )
    _publish_new(registry)
    _attach(db, registry)


def follow_registry(db: sqlite_utils.Database, *, must: bool = False) -> bool:
    """Attach the registry file again if an import has switched it since; True if it did.

    One stat per call, so a long-running process calls it before each piece of work. A
    connection busy in a statement keeps the registry it has until the next call, unless
    `must` (an import comparing against the live registry), which then raises."""
    attached = _attached[db]
    try:
        identity = _identity(attached.path)
    except FileNotFoundError:
        return False
    if identity == attached.identity:
        return False
    try:
        db.execute(f"DETACH DATABASE {REGISTRY}")
    except sqlite3.OperationalError:  # a statement still reads it: next time
        if must:
            raise
        return False
    _attach(db, attached.path)
    return True


def republish(db: sqlite_utils.Database, change: Callable[[sqlite3.Connection], None]) -> None:
    """The live registry again with a small `change` (new validators for the same data): made
    on a copy beside it and renamed over it, as an import is; the live file is never written."""
    live = registry_path(db)
    built = live.with_name(f"{live.name}.next-{os.getpid()}")
    built.unlink(missing_ok=True)
    try:
        db.execute(f"VACUUM {REGISTRY} INTO ?", [str(built)])
        copy = sqlite3.connect(built)
        try:
            with copy:
                change(copy)
            copy.execute("PRAGMA journal_mode = DELETE")
        finally:
            copy.close()
        publish_registry(built, live)
    finally:
        built.unlink(missing_ok=True)
    follow_registry(db)


def _attach(db: sqlite_utils.Database, path: Path) -> None:
    # The identity is read before attaching: should the file be switched in between, the next
    # follow_registry sees a difference and attaches again (never the reverse).
    identity = _identity(path)
    db.execute(f"ATTACH DATABASE ? AS {REGISTRY}", [_read_only(path)])
    _attached[db] = _Attached(path, identity)


def _read_only(path: Path) -> str:
    return f"file:{urllib.parse.quote(str(path.absolute()))}?mode=ro"


def _identity(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_dev, stat.st_ino


def _copy_grams(conn: sqlite3.Connection) -> None:
    """A contentless FTS table cannot be read back: its grams are derived again from names."""
    from bot.registry.search_index import gram_text

    names = conn.execute("SELECT id, name_key FROM main.search_names").fetchall()
    conn.executemany(
        "INSERT INTO fresh.search_grams(rowid, bigrams, unigrams, skips) VALUES (?, ?, ?, ?)",
        [(rowid, *gram_text(key)) for rowid, key in names],
    )


def publish_registry(built: Path, path: Path) -> None:
    """Make a fully written registry file the live one: flushed to disk, then renamed over
    the old in one step. Readers of the old file keep it until they follow the new one."""
    with built.open("rb+") as handle:
        os.fsync(handle.fileno())
    built.replace(path)
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)  # the rename itself survives a power cut
    finally:
        os.close(folder)


def _publish_new(path: Path, copy_from: sqlite3.Connection | None = None) -> None:
    """Create a registry file (empty, or holding the registry tables of `copy_from`'s main
    schema), unless another process has just created one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    built = path.with_name(f"{path.name}.new-{os.getpid()}")
    built.unlink(missing_ok=True)
    conn = copy_from or sqlite3.connect(":memory:")
    try:
        conn.execute("ATTACH DATABASE ? AS fresh", [str(built)])
        try:
            conn.execute("PRAGMA fresh.journal_mode = DELETE")
            for statement in registry_schema("fresh"):
                conn.execute(statement)
            if copy_from is not None:
                for table in (*_DATA_TABLES, *_INDEX_TABLES):
                    conn.execute(f"INSERT INTO fresh.{table} SELECT * FROM main.{table}")
                _copy_grams(conn)
            conn.commit()
        finally:
            if conn.in_transaction:
                conn.rollback()
            conn.execute("DETACH DATABASE fresh")
        with contextlib.suppress(FileExistsError):
            os.link(built, path)  # never over a registry another process has just made
    finally:
        if copy_from is None:
            conn.close()
        built.unlink(missing_ok=True)  # a full disk must not leave one behind at each start
        built.with_name(f"{built.name}-journal").unlink(missing_ok=True)


@contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[None]:
    """One explicit transaction: every statement inside commits together or not at all."""
    conn = db.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
        conn.execute("COMMIT")  # inside: a COMMIT that fails rolls back too, locks released
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def utc_stamp(moment: datetime) -> str:
    """A moment as the database stores it: ISO 8601 in UTC, to the second."""
    return moment.astimezone(UTC).isoformat(timespec="seconds")
