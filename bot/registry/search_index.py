"""The derived look-up tables: exact keys for every identifier and n-grams for every name."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator

import sqlite_utils

from bot.normalize import compact_id, grams, name_key, phone_keys, sound_key, web_host
from bot.registry.records import Dataset, Row


def agency_keys(agency: Row) -> Iterator[tuple[str, str]]:
    """(key, key_kind) pairs under which an agency is found exactly."""
    yield agency["uscc"], "uscc"
    if agency["patent_agency_code"]:
        yield compact_id(agency["patent_agency_code"]), "code"
    for phone in json.loads(agency["phones"]):
        for key in phone_keys(phone):
            yield key, "phone"
    for site in json.loads(agency["websites"]):
        host = web_host(site)
        if host:
            yield host, "website"
    yield name_key(agency["name"]), "name"
    for former in json.loads(agency["former_names"]):
        yield name_key(former), "former_name"


def practitioner_keys(person: Row) -> Iterator[tuple[str, str]]:
    yield compact_id(person["cert_no"]), "cert"
    yield name_key(person["name"]), "name"


def skip_grams(key: str) -> list[str]:
    """Pairs of characters one apart: "雨屿示" gives "雨示", which a typo of 屿 leaves intact."""
    return [key[i] + key[i + 2] for i in range(len(key) - 2)]


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


def rebuild(db: sqlite_utils.Database, data: Dataset) -> None:
    """Rewrite every derived table from the dataset (inside the caller's transaction)."""
    conn = db.conn
    for table in ("lookup_keys", "search_names"):
        conn.execute(f"DELETE FROM {table}")
    keys: set[tuple[str, str, str, str]] = set()
    names: list[tuple[int, str, str, str, int, str]] = []
    for uscc, agency in data.agencies.items():
        keys.update((k, kind, "agency", uscc) for k, kind in agency_keys(agency) if k)
        formers = json.loads(agency["former_names"])
        for former, name in enumerate([agency["name"], *formers]):
            key = name_key(name)
            names.append((len(names) + 1, "agency", uscc, key, min(former, 1), sound_key(key)))
    for person in data.practitioners.values():
        cert = person["cert_no"]
        keys.update((k, kind, "practitioner", cert) for k, kind in practitioner_keys(person) if k)
        key = name_key(person["name"])
        names.append((len(names) + 1, "practitioner", cert, key, 0, sound_key(key)))
    conn.executemany("INSERT INTO lookup_keys VALUES (?, ?, ?, ?)", sorted(keys))
    conn.executemany(
        "INSERT INTO search_names (id, subject_kind, subject_id, name_key, former, sound) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        names,
    )
    fill_grams(conn, ((row[0], row[3]) for row in names))
