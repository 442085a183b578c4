"""The derived look-up tables: exact keys for every identifier and n-grams for every name."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from bot.normalize import (
    NEAR_NAME,
    NEAR_SITE_LABEL,
    compact_id,
    grams,
    name_key,
    one_deletions,
    parent_hosts,
    phone_keys,
    site_label,
    skip_grams,
    sound_key,
    web_host,
)
from bot.query_words import SHARED_HOSTS
from bot.registry.records import Row


def agency_keys(agency: Row) -> Iterator[tuple[str, str]]:
    """(key, key_kind) pairs under which an agency is found exactly."""
    yield agency["uscc"], "uscc"
    if agency["patent_agency_code"]:
        yield compact_id(agency["patent_agency_code"]), "code"
    for phone in _items(agency["phones"]):
        for key in phone_keys(phone):
            yield key, "phone"
    for site in _items(agency["websites"]):
        yield from site_keys(site)
    yield from name_keys(name_key(agency["name"]), "name")
    for former in _items(agency["former_names"]):
        yield from name_keys(name_key(former), "former_name")


def name_keys(key: str, kind: str) -> Iterator[tuple[str, str]]:
    """(key, key_kind) of an agency's name: the key, and the key backwards, by which a name one
    character off is found from its end (bot.lookup one_edit_names): a prefix scan of the
    reversed keys finds the names ending as a query does."""
    yield key, kind
    if len(key) >= NEAR_NAME:
        yield key[::-1], "name_rev"


def site_keys(site: str) -> Iterator[tuple[str, str]]:
    """(key, key_kind) of a registered website: its host, and the keys a lookalike of it is
    found by; none for a host many share (a mail service, a platform: bot/query_words.py)."""
    host = web_host(site)
    if host and not any(h in SHARED_HOSTS for h in parent_hosts(host)):
        yield host, "website"
        yield from _near_site_keys(host)


def _near_site_keys(host: str) -> Iterator[tuple[str, str]]:
    """Keys under which a lookalike of this site is found: its name under another suffix
    (.com for .com.cn) or one letter off (bot.lookup.lookalike_hosts)."""
    label = site_label(host)
    if len(label) >= NEAR_SITE_LABEL:
        yield label, "site_label"
        for deleted in one_deletions(label):
            yield deleted, "site_label_del"


def _items(cell: str) -> list[str]:
    """A JSON list cell; most are empty, and a million rows make that worth a shortcut."""
    return [] if cell == "[]" else list(json.loads(cell))


def practitioner_keys(person: Row) -> Iterator[tuple[str, str]]:
    yield compact_id(person["cert_no"]), "cert"
    yield name_key(person["name"]), "name"


def name_sound(key: str) -> str:
    """`sound_key`: a character at a time from a cache, pinyin of a million names in seconds."""
    return sound_key(key)


def gram_text(key: str) -> tuple[str, str, str]:
    """The three FTS columns of a name key: its bigrams, its characters and its skip-bigrams."""
    return " ".join(grams(key, 2)), " ".join(key), " ".join(skip_grams(key))


def fill_grams(conn: sqlite3.Connection, names: Iterable[tuple[int, str]]) -> None:
    """Index (search_names.id, name_key) pairs for substring and similarity search."""
    conn.execute("DELETE FROM gram_counts")
    conn.execute("INSERT INTO search_grams(search_grams) VALUES ('delete-all')")
    counts: Counter[str] = Counter()
    rows = []
    for rowid, key in names:
        bigrams, unigrams, skips = gram_text(key)
        rows.append((rowid, bigrams, unigrams, skips))
        # Skip-bigrams are counted apart ("~" prefix): "雨示" as a skip is not "雨示" adjacent.
        counts.update({*bigrams.split(), *unigrams.split(), *("~" + g for g in skips.split())})
    conn.executemany(
        "INSERT INTO search_grams(rowid, bigrams, unigrams, skips) VALUES (?, ?, ?, ?)", rows
    )
    conn.executemany("INSERT INTO gram_counts VALUES (?, ?)", counts.items())


_STAGED = (
    "CREATE TABLE staging.lookup_keys (key, key_kind, subject_kind, subject_id)",
    "CREATE TABLE staging.search_names (id INTEGER PRIMARY KEY, subject_kind, subject_id, "
    "name_key, former, sound, bigrams, unigrams, skips)",
    "CREATE TABLE staging.gram_counts (gram TEXT PRIMARY KEY, names INTEGER) WITHOUT ROWID",
)
_BATCH = 5_000
_Key = tuple[str, str, str, str]  # key, key_kind, subject_kind, subject_id


def stage(conn: sqlite3.Connection, subjects: Iterable[tuple[Any, ...]] | None = None) -> None:
    """Derive every look-up key and name gram from the staged rows, into staging tables.

    `subjects` gives the rows instead, in the staged order, as `_Names.take`'s arguments: how a
    worker process gets them (bot.registry.index_worker). Works a batch of rows at a time; only
    the gram counts (one entry per distinct gram) are held in memory.
    """
    for sql in _STAGED:
        conn.execute(sql)
    conn.execute("BEGIN")
    try:
        names = _Names(conn)
        for subject in _Names.staged(conn) if subjects is None else subjects:
            names.take(*subject)
        names.finish()
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


class _Names:
    """Derives the keys and names of one subject after another, writes them to staging a batch
    at a time, and counts the grams (one entry per distinct gram)."""

    # The columns the derivation reads, in the order a subject's values come.
    AGENCY = ("uscc", "name", "former_names", "patent_agency_code", "phones", "websites")
    PERSON = ("cert_no", "name")

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.counts: Counter[str] = Counter()
        self.keys: list[_Key] = []
        # id, subject_kind, subject_id, name_key, former, sound, bigrams, unigrams, skips
        self.names: list[tuple[int, str, str, str, int, str, str, str, str]] = []
        self.next_id = 1

    @staticmethod
    def staged(conn: sqlite3.Connection) -> Iterator[tuple[str, tuple[Any, ...]]]:
        """The staged agencies, then the practitioners, each in the order of their lines."""
        for table, fields in (("agencies", _Names.AGENCY), ("practitioners", _Names.PERSON)):
            cursor = conn.execute(f"SELECT {', '.join(fields)} FROM staging.{table} ORDER BY line")
            for values in cursor:
                yield table, values

    def take(self, table: str, values: tuple[Any, ...], keys: list[_Key] | None = None) -> None:
        """One subject: the values of AGENCY or PERSON for `table`, and its `keys` if they were
        derived already (by the process that sends the subjects)."""
        row = dict(zip(self.AGENCY if table == "agencies" else self.PERSON, values, strict=True))
        self.keys += self.keys_of(table, row) if keys is None else keys
        if table == "agencies":
            subject = ("agency", row["uscc"])
            self.add(subject, row["name"], 0)
            for former in _items(row["former_names"]):
                self.add(subject, former, 1)
        else:
            self.add(("practitioner", row["cert_no"]), row["name"], 0)

    @staticmethod
    def keys_of(table: str, row: Row) -> list[_Key]:
        """A subject's look-up keys, each once (a former name may be the name again); no two
        subjects share an id, so no key repeats across subjects either."""
        if table == "agencies":
            subject, pairs = ("agency", row["uscc"]), agency_keys(row)
        else:
            subject, pairs = ("practitioner", row["cert_no"]), practitioner_keys(row)
        return [(key, kind, *subject) for key, kind in dict.fromkeys(pairs) if key]

    def add(self, subject: tuple[str, str], name: str, former: int) -> None:
        key = name_key(name)
        bigrams, unigrams, skips = gram_text(key)
        self.names.append(
            (self.next_id, *subject, key, former, name_sound(key), bigrams, unigrams, skips)
        )
        self.next_id += 1
        # Skip-bigrams are counted apart ("~" prefix): "雨示" as a skip is not "雨示" adjacent.
        self.counts.update({*bigrams.split(), *unigrams.split(), *("~" + g for g in skips.split())})
        if len(self.names) >= _BATCH:
            self.flush()

    def flush(self) -> None:
        self.conn.executemany("INSERT INTO staging.lookup_keys VALUES (?, ?, ?, ?)", self.keys)
        self.conn.executemany(
            "INSERT INTO staging.search_names VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", self.names
        )
        self.keys.clear()
        self.names.clear()

    def finish(self) -> None:
        self.flush()
        # In key order, the WITHOUT ROWID table is written front to back.
        self.conn.executemany(
            "INSERT INTO staging.gram_counts VALUES (?, ?)", sorted(self.counts.items())
        )


def copy_into(conn: sqlite3.Connection, schema: str) -> None:
    """Fill the derived tables of a registry being built (schema `schema`, empty) from the
    staged ones, in the caller's transaction."""
    # Staged keys repeat nowhere (`_Names.keys_of`), so a sort in the primary key's order is
    # enough (DISTINCT would build a temporary index, slower than the sort itself); OR IGNORE
    # keeps a repeat harmless all the same.
    conn.execute(
        f"INSERT OR IGNORE INTO {schema}.lookup_keys SELECT key, key_kind, subject_kind, "
        "subject_id FROM staging.lookup_keys ORDER BY key, key_kind, subject_id"
    )
    conn.execute(
        f"INSERT INTO {schema}.search_names (id, subject_kind, subject_id, name_key, former, "
        "sound) SELECT id, subject_kind, subject_id, name_key, former, sound "
        "FROM staging.search_names"
    )
    conn.execute(
        f"INSERT INTO {schema}.search_grams(rowid, bigrams, unigrams, skips) "
        "SELECT id, bigrams, unigrams, skips FROM staging.search_names"
    )
    conn.execute(f"INSERT INTO {schema}.gram_counts SELECT gram, names FROM staging.gram_counts")
