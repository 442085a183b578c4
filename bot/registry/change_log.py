"""The registry's change log: what each import changed about each registered subject.

The registry file is rebuilt by every import, so the log is carried into the next file with the
new import's changes added (`write_changes`, inside the import's transaction on the file being
built). Followers are told from it and the site's changes page and feed are made from it;
both read it through `bot.registry.reader`. One row per change of one subject:

| change | before / after | effective_on |
|---|---|---|
| status | status codes | the new status's `status_since` |
| grade | credit grades (NULL: none) | `credit_as_of` |
| renamed | names | — |
| parent | a branch's head office (USCC) | — |
| agency | a practitioner's agency (USCC) | — |
| listed / delisted | — / list code, list code / — | `listed_on` / `removed_on` |
| sanction | — / sanction code | `decided_on` |
| removed | — | — (the record left the registry) |

Imports are numbered (`seq`, the dataset key `import_seq`): a follower is told of changes made
by imports after the one they followed at, each import's changes once.
"""

from __future__ import annotations

import sqlite3
import uuid
from datetime import date, timedelta

KEEP_DAYS = 400  # a year of changes and the campaign's stage before it
SEQ_KEY = "import_seq"
EPOCH_KEY = "import_epoch"  # a registry's numbering of imports; new when one starts from empty
TABLE = "registry_changes"
COLUMNS = (
    "seq, noted_on, source, subject_kind, subject_id, name, change, before, after, "
    "effective_on, authority"
)
CHANGES = (
    "status", "grade", "renamed", "parent", "agency", "listed", "delisted", "sanction",
    "removed",
)  # fmt: skip


def log_schema(schema: str) -> list[str]:
    """The log's table in `schema` (part of every registry file)."""
    return [
        f"""CREATE TABLE {schema}.{TABLE} (
            id INTEGER PRIMARY KEY,
            seq INTEGER NOT NULL,
            noted_on TEXT NOT NULL,
            source TEXT NOT NULL,
            subject_kind TEXT NOT NULL,
            subject_id TEXT NOT NULL,
            name TEXT NOT NULL,
            change TEXT NOT NULL,
            before TEXT,
            after TEXT,
            effective_on TEXT,
            authority TEXT
        )""",
        f"CREATE INDEX {schema}.{TABLE}_seq ON {TABLE}(seq)",
        f"CREATE INDEX {schema}.{TABLE}_noted ON {TABLE}(noted_on)",
    ]


def next_seq(conn: sqlite3.Connection, live: str) -> int:
    """The number of the import being made: one more than the live registry's."""
    row = conn.execute(f"SELECT value FROM {live}.dataset WHERE key = ?", [SEQ_KEY]).fetchone()
    return int(row[0]) + 1 if row and str(row[0]).isdigit() else 1


def epoch_of(conn: sqlite3.Connection, live: str) -> str:
    """The live registry's numbering, or a new one when it has none (a first import, or one
    after a damaged file was set aside): followers' marks from another numbering are void."""
    row = conn.execute(f"SELECT value FROM {live}.dataset WHERE key = ?", [EPOCH_KEY]).fetchone()
    return str(row[0]) if row and row[0] else uuid.uuid4().hex


def write_changes(
    conn: sqlite3.Connection,
    *,
    seq: int,
    today: date,
    source: str,
    first: bool,
    live: str = "registry",
    staged: str = "staging",
    into: str = "next",
) -> int:
    """Carry the live log (its last KEEP_DAYS) into `into` and add what `staged` changes about
    `live`'s subjects; return how many changes were added. The first import adds none: every
    record is new, and nobody can have followed one."""
    if _has_log(conn, live):
        cutoff = (today - timedelta(days=KEEP_DAYS)).isoformat()
        conn.execute(
            f"INSERT INTO {into}.{TABLE} ({COLUMNS}) "
            f"SELECT {COLUMNS} FROM {live}.{TABLE} WHERE noted_on >= ? ORDER BY id",
            [cutoff],
        )
    if first:
        return 0
    before = conn.total_changes
    fixed = {"seq": seq, "noted_on": today.isoformat(), "source": source}
    for sql in _change_queries(live, staged):
        conn.execute(
            f"INSERT INTO {into}.{TABLE} ({COLUMNS}) "
            f"SELECT :seq, :noted_on, :source, * FROM ({sql})",
            fixed,
        )
    return conn.total_changes - before


def _has_log(conn: sqlite3.Connection, schema: str) -> bool:
    """A registry file made before the log existed has none to carry."""
    found = conn.execute(
        f"SELECT 1 FROM {schema}.sqlite_master WHERE type = 'table' AND name = ?", [TABLE]
    ).fetchone()
    return found is not None


def _change_queries(live: str, staged: str) -> list[str]:
    """SELECTs of (subject_kind, subject_id, name, change, before, after, effective_on,
    authority), one per kind of change, comparing the staged rows with the live ones."""
    agencies = f"FROM {staged}.agencies s JOIN {live}.agencies a ON a.uscc = s.uscc"
    people = f"FROM {staged}.practitioners s JOIN {live}.practitioners a ON a.cert_no = s.cert_no"
    name = (
        f"coalesce((SELECT name FROM {staged}.agencies WHERE uscc = subject_id), "
        f"(SELECT name FROM {staged}.practitioners WHERE cert_no = subject_id), "
        f"(SELECT name FROM {live}.agencies WHERE uscc = subject_id), "
        f"(SELECT name FROM {live}.practitioners WHERE cert_no = subject_id), subject_id)"
    )
    kind = (
        f"CASE WHEN EXISTS (SELECT 1 FROM {staged}.practitioners WHERE cert_no = subject_id) "
        f"OR EXISTS (SELECT 1 FROM {live}.practitioners WHERE cert_no = subject_id) "
        "THEN 'practitioner' ELSE 'agency' END"
    )
    in_force = "SELECT DISTINCT subject_id, list FROM {}.listings WHERE removed_on IS NULL"
    return [
        f"SELECT 'agency', s.uscc, s.name, 'status', a.status, s.status, s.status_since, NULL "
        f"{agencies} WHERE a.status IS NOT s.status",
        f"SELECT 'agency', s.uscc, s.name, 'grade', a.credit_grade, s.credit_grade, "
        f"s.credit_as_of, NULL {agencies} WHERE a.credit_grade IS NOT s.credit_grade",
        f"SELECT 'agency', s.uscc, s.name, 'renamed', a.name, s.name, NULL, NULL "
        f"{agencies} WHERE a.name IS NOT s.name",
        f"SELECT 'agency', s.uscc, s.name, 'parent', a.parent_uscc, s.parent_uscc, NULL, NULL "
        f"{agencies} WHERE a.parent_uscc IS NOT s.parent_uscc",
        f"SELECT 'agency', a.uscc, a.name, 'removed', NULL, NULL, NULL, NULL "
        f"FROM {live}.agencies a WHERE NOT EXISTS "
        f"(SELECT 1 FROM {staged}.agencies s WHERE s.uscc = a.uscc)",
        f"SELECT 'practitioner', s.cert_no, s.name, 'status', a.status, s.status, NULL, NULL "
        f"{people} WHERE a.status IS NOT s.status",
        f"SELECT 'practitioner', s.cert_no, s.name, 'grade', a.credit_grade, s.credit_grade, "
        f"NULL, NULL {people} WHERE a.credit_grade IS NOT s.credit_grade",
        f"SELECT 'practitioner', s.cert_no, s.name, 'renamed', a.name, s.name, NULL, NULL "
        f"{people} WHERE a.name IS NOT s.name",
        f"SELECT 'practitioner', s.cert_no, s.name, 'agency', a.agency_uscc, s.agency_uscc, "
        f"NULL, NULL {people} WHERE a.agency_uscc IS NOT s.agency_uscc",
        f"SELECT 'practitioner', a.cert_no, a.name, 'removed', NULL, NULL, NULL, NULL "
        f"FROM {live}.practitioners a WHERE NOT EXISTS "
        f"(SELECT 1 FROM {staged}.practitioners s WHERE s.cert_no = a.cert_no)",
        # A list entry now in force that was not: when and by whom, from its earliest entry.
        f"SELECT {kind}, subject_id, {name}, 'listed', NULL, list, "
        f"(SELECT min(listed_on) FROM {staged}.listings l WHERE l.subject_id = n.subject_id "
        "AND l.list = n.list AND l.removed_on IS NULL), "
        f"(SELECT authority FROM {staged}.listings l WHERE l.subject_id = n.subject_id "
        "AND l.list = n.list AND l.removed_on IS NULL ORDER BY listed_on LIMIT 1) "
        f"FROM ({in_force.format(staged)} EXCEPT {in_force.format(live)}) n",
        f"SELECT {kind}, subject_id, {name}, 'delisted', list, NULL, "
        f"(SELECT max(removed_on) FROM {staged}.listings l WHERE l.subject_id = o.subject_id "
        "AND l.list = o.list), NULL "
        f"FROM ({in_force.format(live)} EXCEPT {in_force.format(staged)}) o",
        f"SELECT {kind}, subject_id, {name}, 'sanction', NULL, sanction, decided_on, authority "
        f"FROM {staged}.sanctions s WHERE NOT EXISTS (SELECT 1 FROM {live}.sanctions m WHERE "
        "m.subject_id = s.subject_id AND m.decided_on = s.decided_on AND m.sanction = s.sanction)",
    ]
