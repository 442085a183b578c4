"""A database that needs nothing done to it, opened without sqlite-utils (issue 11).

`lantian check` only reads, and importing sqlite-utils costs its start-up about 45 ms (a
quarter of it). When the database is as bot.registry.database.open_database leaves it (every
migration applied, its registry file attached readable), `open_ready` opens it the same way
with the standard library alone; in any other case it returns None and the caller opens it
with `open_database`, which migrates, mends or refuses as it always has.
"""

from __future__ import annotations

import fcntl
import sqlite3
import urllib.parse
from pathlib import Path
from typing import Any, Protocol

# Every migration open_database applies, by migration set: the database needs none of them
# when all are recorded. A migration added there is added here (tests/test_startup.py checks).
MIGRATIONS = {
    "lantian.registry": (
        "m001_registry",
        "m002_skip_bigrams",
        "m003_name_sounds",
        "m004_registry_own_file",
    ),
    "lantian.reports": (
        "m001_tickets",
        "m002_staff_desk",
        "m003_typical_cases",
        "m004_inspections",
        "m005_follows",
    ),
}
_REGISTRY = "registry"  # as bot.registry.database attaches the registry file


class Readable(Protocol):
    """What a check reads through: a sqlite_utils.Database, or a connection from `open_ready`."""

    def execute(self, sql: str, parameters: Any = ..., /) -> sqlite3.Cursor: ...


def open_ready(path: Path | str) -> sqlite3.Connection | None:
    """The database at `path` opened as open_database opens it, if it needs nothing done."""
    if str(path) == ":memory:":
        return None
    path = Path(path).absolute()
    if not path.is_file():
        return None
    try:
        conn = sqlite3.connect(str(path), uri=True)
    except sqlite3.DatabaseError:
        return None
    try:
        # As open_database: one process at a time looks at the migrations.
        with path.with_name(f"{path.name}.migrate.lock").open("a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            ready = _ready(conn)
    except (sqlite3.DatabaseError, OSError):
        ready = False  # open_database meets it too, and says what it is
    if not ready:
        conn.close()
        return None
    return conn


def _ready(conn: sqlite3.Connection) -> bool:
    tables = {row[0] for row in conn.execute("SELECT name FROM main.sqlite_master")}
    if "_sqlite_migrations" not in tables:
        return False  # a new database, or the registry file itself (open_database refuses it)
    applied = set(conn.execute("SELECT migration_set, name FROM _sqlite_migrations").fetchall())
    if any((group, name) not in applied for group, names in MIGRATIONS.items() for name in names):
        return False
    for pragma in ("recursive_triggers = on", "journal_mode = WAL", "synchronous = NORMAL"):
        conn.execute(f"PRAGMA {pragma}")  # as sqlite_utils.Database and open_database set them
    conn.execute("PRAGMA foreign_keys = ON")
    # The registry file beside the database, named as bot.registry.database.registry_path names it
    main = Path(next(row[2] for row in conn.execute("PRAGMA database_list") if row[1] == "main"))
    registry = main.with_name(f"{main.stem}-registry{main.suffix}")
    if not registry.exists():
        return False  # open_database makes an empty one
    address = f"file:{urllib.parse.quote(str(registry.absolute()))}?mode=ro"
    conn.execute(f"ATTACH DATABASE ? AS {_REGISTRY}", [address])
    conn.execute(f"SELECT count(*) FROM {_REGISTRY}.dataset").fetchone()
    conn.execute(f"SELECT count(*) FROM {_REGISTRY}.agencies").fetchone()
    return True
