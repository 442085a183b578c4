"""Every read of the registry: agencies, practitioners, listings and sanctions, by name.

The rest of Lantian asks here (`load_agency`, `agency_places`, `registry_counts` …) instead of
writing its own SQL, so a change of the registry's tables is made in one module. Only this
module, the importer (with its staging) and the search index name the registry tables in SQL;
tests/test_database_boundary.py keeps it so.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, NamedTuple, TypeVar

from bot.districts import SHANGHAI_LIKE
from bot.registry.ready import Readable
from bot.registry.subjects import (
    Listing,
    Sanction,
    Subject,
    agency_from_row,
    practitioner_from_row,
)

# The registry's tables, and the dataset's keys (registry_info).
REGISTRY_TABLES = (
    "agencies", "practitioners", "listings", "sanctions", "dataset", "registry_changes",
)  # fmt: skip
_CHUNK = 500  # identifiers per IN (...): under SQLite's limit on bound parameters
_LISTING = "list, reason, authority, decision_no, listed_on, removed_on"
_SANCTION = (
    "decided_on, authority, decision_no, violation, sanction, amount_yuan, suspend_months, summary"
)
_Record = TypeVar("_Record", Listing, Sanction)


class AgencyPlace(NamedTuple):
    """A registered agency's name and where it is registered: what the desk needs of it."""

    name: str
    province: str | None
    district: str | None


class RegistryChange(NamedTuple):
    """One change an import made to one subject (bot/registry/change_log.py)."""

    seq: int
    noted_on: str
    source: str
    subject_kind: str
    subject_id: str
    name: str
    change: str
    before: str | None
    after: str | None
    effective_on: str | None
    authority: str | None


class ListedPractitioner(NamedTuple):
    name: str
    cert_no: str
    agency_name: str | None
    listed_on: str
    reason: str | None
    authority: str | None
    decision_no: str | None


# --- one subject ------------------------------------------------------------------------------


def registry_info(db: Readable) -> dict[str, str]:
    """The dataset's source, as-of date and fictional flag ({} before any import)."""
    return {row[0]: row[1] for row in db.execute("SELECT key, value FROM dataset").fetchall()}


def import_seq(db: Readable) -> int:
    """The number of the import the live registry came from (0 before any)."""
    value = registry_info(db).get("import_seq", "")
    return int(value) if value.isdigit() else 0


def import_mark(db: Readable) -> tuple[str, int]:
    """(numbering, number) of the import the live registry came from: ("", 0) before any."""
    info = registry_info(db)
    value = info.get("import_seq", "")
    return info.get("import_epoch", ""), int(value) if value.isdigit() else 0


def registry_changes(
    db: Readable,
    *,
    after_seq: int = 0,
    noted_since: str = "",
    changes: Sequence[str] | None = None,
    subject_ids: Sequence[str] | None = None,
) -> list[RegistryChange]:
    """The change log's rows made by imports after `after_seq`, noted on or after
    `noted_since`, of the kinds `changes` and the subjects `subject_ids` (all when None);
    oldest first. A registry file from before the log has none."""
    where, params = "seq > ? AND noted_on >= ?", [after_seq, noted_since]
    for column, values in (("change", changes), ("subject_id", subject_ids)):
        if values is not None:
            where += f" AND {column} IN ({', '.join('?' * len(values))})"
            params += list(values)
    sql = (
        "SELECT seq, noted_on, source, subject_kind, subject_id, name, change, before, after, "
        f"effective_on, authority FROM registry_changes WHERE {where} ORDER BY id"
    )
    try:
        rows = db.execute(sql, params).fetchall()
    except sqlite3.OperationalError as error:
        if "no such table" not in str(error):
            raise
        return []
    return [RegistryChange(*row) for row in rows]


def load_subject(db: Readable, kind: str, subject_id: str) -> Subject | None:
    if kind == "agency":
        return load_agency(db, subject_id)
    return load_practitioner(db, subject_id)


def load_agency(db: Readable, uscc: str, *, with_parent: bool = True) -> Subject | None:
    row = _one(db, "SELECT * FROM agencies WHERE uscc = ?", uscc)
    if row is None:
        return None
    parent = None
    if with_parent and row["parent_uscc"]:
        parent = load_agency(db, row["parent_uscc"], with_parent=False)
    listed, sanctioned = _records_of(db, uscc)
    return agency_from_row(row, parent, listed, sanctioned)


def load_practitioner(db: Readable, cert_no: str) -> Subject | None:
    row = _one(db, "SELECT * FROM practitioners WHERE cert_no = ?", cert_no)
    if row is None:
        return None
    agency = load_agency(db, row["agency_uscc"]) if row["agency_uscc"] else None
    return practitioner_from_row(row, agency, *_records_of(db, cert_no))


def agency_name(db: Readable, uscc: str | None) -> str | None:
    """The registered name of an agency; None when it is not registered."""
    place = agency_place(db, uscc)
    return place.name if place else None


def registered_name(db: Readable, kind: str, subject_id: str) -> str | None:
    """The name a record is registered under now."""
    table, key = ("agencies", "uscc") if kind == "agency" else ("practitioners", "cert_no")
    row = db.execute(f"SELECT name FROM {table} WHERE {key} = ?", [subject_id]).fetchone()
    return row[0] if row else None


def registered_names_and_province(
    db: Readable, uscc: str
) -> tuple[str | None, tuple[str, ...], str | None]:
    """An agency's name now, the names it held before, and its province."""
    row = db.execute(
        "SELECT name, former_names, province FROM agencies WHERE uscc = ?", [uscc]
    ).fetchone()
    return (row[0], tuple(json.loads(row[1])), row[2]) if row else (None, (), None)


def practice_of(db: Readable, cert_no: str) -> str | None:
    """The USCC of the agency where a practitioner practises, if any."""
    row = db.execute(
        "SELECT agency_uscc FROM practitioners WHERE cert_no = ?", [cert_no]
    ).fetchone()
    return row[0] if row and row[0] else None


def agency_place(db: Readable, uscc: str | None) -> AgencyPlace | None:
    """A registered agency's name, province and district; None when it is not registered."""
    return agency_places(db, [uscc]).get(uscc) if uscc else None


def agency_places(db: Readable, usccs: Iterable[str]) -> dict[str, AgencyPlace]:
    """`agency_place` of many agencies at once (a queue, a period's tickets), by USCC."""
    wanted = sorted(set(usccs))
    found: dict[str, AgencyPlace] = {}
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        marks = ", ".join("?" for _ in chunk)
        rows = db.execute(
            f"SELECT uscc, name, province, district FROM agencies WHERE uscc IN ({marks})", chunk
        ).fetchall()
        found.update((uscc, AgencyPlace(*place)) for uscc, *place in rows)
    return found


def first_agencies(db: Readable, limit: int) -> dict[str, AgencyPlace]:
    """The first `limit` agencies by USCC, with their places (the demo's sample of subjects)."""
    rows = db.execute(
        "SELECT uscc, name, province, district FROM agencies ORDER BY uscc LIMIT ?", [limit]
    ).fetchall()
    return {uscc: AgencyPlace(*place) for uscc, *place in rows}


def usccs_starting(db: Readable, prefix: str, limit: int) -> list[str]:
    """Registered USCCs that begin with `prefix` (the agencies a mistyped USCC may mean)."""
    rows = db.execute(
        "SELECT uscc FROM agencies WHERE uscc >= ? AND uscc < ? LIMIT ?",
        [prefix, prefix + "~", limit],
    ).fetchall()
    return [row[0] for row in rows]


# --- the whole registry (the site builds every page from one scan of each table) --------------


def agency_rows(db: Readable) -> list[dict[str, Any]]:
    """Every `agencies` row as a dict, by USCC (for `subjects.agency_from_row`)."""
    return _rows(db, "SELECT * FROM agencies ORDER BY uscc")


def practitioner_rows(db: Readable) -> list[dict[str, Any]]:
    return _rows(db, "SELECT * FROM practitioners ORDER BY cert_no")


def agency_rows_by_uscc(db: Readable, usccs: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The `agencies` rows of these USCCs (the registered ones), by USCC: the site reads a
    national registry a batch at a time, never every row at once."""
    return _rows_by(db, "SELECT * FROM agencies WHERE uscc IN ({})", "uscc", usccs)


def practitioner_rows_by_cert(db: Readable, certs: Iterable[str]) -> dict[str, dict[str, Any]]:
    return _rows_by(db, "SELECT * FROM practitioners WHERE cert_no IN ({})", "cert_no", certs)


def shanghai_agency_rows(db: Readable) -> list[dict[str, Any]]:
    """The `agencies` rows registered in Shanghai, by USCC (the site's lists and districts)."""
    return _rows(db, "SELECT * FROM agencies WHERE province LIKE ? ORDER BY uscc", [SHANGHAI_LIKE])


def agency_provinces(db: Readable) -> Iterator[str | None]:
    """Every agency's province, by USCC, one at a time."""
    for (province,) in db.execute("SELECT province FROM agencies ORDER BY uscc"):
        yield province


def agency_phones(db: Readable) -> Iterator[tuple[str, list[str]]]:
    """(USCC, phones) of every agency with a phone on record, one at a time."""
    for uscc, phones in db.execute("SELECT uscc, phones FROM agencies WHERE phones != '[]'"):
        yield uscc, json.loads(phones)


def branch_heads(db: Readable) -> dict[str, str]:
    """Every branch's head office: {branch USCC: head office USCC}."""
    rows = db.execute("SELECT uscc, parent_uscc FROM agencies WHERE parent_uscc IS NOT NULL")
    return dict(rows.fetchall())


def listings_of(db: Readable, subject_ids: Iterable[str]) -> dict[str, tuple[Listing, ...]]:
    """`listings_by_subject` of these subjects only (a batch of the site's), newest first."""
    sql = f"SELECT subject_id, {_LISTING} FROM listings WHERE subject_id IN ({{}}) "
    return _grouped_of(db, sql + "ORDER BY subject_id, listed_on DESC", Listing, subject_ids)


def sanctions_of(db: Readable, subject_ids: Iterable[str]) -> dict[str, tuple[Sanction, ...]]:
    """`sanctions_by_subject` of these subjects only, newest first."""
    sql = f"SELECT subject_id, {_SANCTION} FROM sanctions WHERE subject_id IN ({{}}) "
    return _grouped_of(db, sql + "ORDER BY subject_id, decided_on DESC", Sanction, subject_ids)


def _grouped_of(
    db: Readable,
    sql: str,
    kind: Callable[..., _Record],
    subject_ids: Iterable[str],
) -> dict[str, tuple[_Record, ...]]:
    ids = sorted(set(subject_ids))
    groups: dict[str, list[_Record]] = defaultdict(list)
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        for found, *fields in db.execute(sql.format(", ".join("?" for _ in chunk)), chunk):
            groups[found].append(kind(*fields))
    return {key: tuple(value) for key, value in groups.items()}


def _rows_by(db: Readable, sql: str, key: str, wanted: Iterable[str]) -> dict[str, dict[str, Any]]:
    ids = sorted(set(wanted))
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        rows = _rows(db, sql.format(", ".join("?" for _ in chunk)), chunk)
        found.update((row[key], row) for row in rows)
    return found


def listings_by_subject(
    db: Readable, subject_id: str | None = None
) -> dict[str, tuple[Listing, ...]]:
    """Every listing (or one subject's), grouped by subject id, newest first."""
    sql = f"SELECT subject_id, {_LISTING} FROM listings {{}} ORDER BY subject_id, listed_on DESC"
    return _grouped(db, sql, Listing, subject_id)


def sanctions_by_subject(
    db: Readable, subject_id: str | None = None
) -> dict[str, tuple[Sanction, ...]]:
    """Every sanction (or one subject's), grouped by subject id, newest first."""
    sql = f"SELECT subject_id, {_SANCTION} FROM sanctions {{}} ORDER BY subject_id, decided_on DESC"
    return _grouped(db, sql, Sanction, subject_id)


def listed_practitioners(db: Readable, code: str, on: str) -> list[ListedPractitioner]:
    """Practitioners on list `code` on day `on` whose agency is in Shanghai or not on record."""
    rows = db.execute(
        "SELECT p.name, p.cert_no, a.name, l.listed_on, l.reason, l.authority, l.decision_no "
        "FROM listings l JOIN practitioners p ON p.cert_no = l.subject_id "
        "LEFT JOIN agencies a ON a.uscc = p.agency_uscc "
        "WHERE l.list = ? AND l.listed_on <= ? AND (l.removed_on IS NULL OR l.removed_on > ?) "
        "AND (a.uscc IS NULL OR a.province LIKE ?) ORDER BY l.listed_on DESC, p.name",
        [code, on, on, SHANGHAI_LIKE],
    ).fetchall()
    return [ListedPractitioner(*row) for row in rows]


def showcase(db: Readable) -> list[str]:
    """What to try first: an A-grade head office's name, a revoked USCC, a suspended phone."""
    picks = [
        "SELECT name FROM agencies WHERE status = 'active' AND credit_grade = 'A' "
        "AND parent_uscc IS NULL ORDER BY uscc LIMIT 1",
        "SELECT uscc FROM agencies WHERE status = 'revoked' ORDER BY uscc LIMIT 1",
        "SELECT json_extract(phones, '$[0]') FROM agencies WHERE status = 'suspended' "
        "AND phones != '[]' ORDER BY uscc LIMIT 1",
    ]
    return [row[0] for sql in picks for row in db.execute(sql).fetchall() if row[0]]


def registry_counts(db: Readable, *, today: str) -> dict[str, Any]:
    """The registry's sizes and breakdowns, for `lantian registry stats` and the site."""

    def one(sql: str) -> int:
        return int(db.execute(sql).fetchone()[0])

    def counts(sql: str, params: tuple[Any, ...] = ()) -> dict[str, int]:
        return {str(key or "—"): n for key, n in db.execute(sql, list(params)).fetchall()}

    return {
        "agencies": one("SELECT count(*) FROM agencies"),
        "branches": one("SELECT count(*) FROM agencies WHERE parent_uscc IS NOT NULL"),
        "practitioners": one("SELECT count(*) FROM practitioners"),
        "by_kind": counts("SELECT kind, count(*) FROM agencies GROUP BY 1 ORDER BY 2 DESC"),
        "by_status": counts("SELECT status, count(*) FROM agencies GROUP BY 1 ORDER BY 2 DESC"),
        "by_grade": counts("SELECT credit_grade, count(*) FROM agencies GROUP BY 1 ORDER BY 1"),
        "by_district": counts(
            "SELECT district, count(*) FROM agencies WHERE province LIKE ? "
            "GROUP BY 1 ORDER BY 2 DESC",
            (SHANGHAI_LIKE,),
        ),
        "listed_now": counts(
            "SELECT list, count(*) FROM listings WHERE removed_on IS NULL OR removed_on > ? "
            "GROUP BY 1 ORDER BY 2 DESC",
            (today,),
        ),
        "sanctions": counts("SELECT sanction, count(*) FROM sanctions GROUP BY 1 ORDER BY 2 DESC"),
        "practitioners_by_status": counts(
            "SELECT status, count(*) FROM practitioners GROUP BY 1 ORDER BY 2 DESC"
        ),
    }


def _grouped(
    db: Readable, sql: str, kind: Callable[..., _Record], subject_id: str | None
) -> dict[str, tuple[_Record, ...]]:
    """Rows of (subject_id, *fields) as records of `kind`, grouped by subject in query order;
    `sql` has a `{}` where the condition on one subject goes."""
    where, params = ("WHERE subject_id = ?", [subject_id]) if subject_id is not None else ("", [])
    groups: dict[str, list[_Record]] = defaultdict(list)
    for found, *fields in db.execute(sql.format(where), params).fetchall():
        groups[found].append(kind(*fields))
    return {key: tuple(value) for key, value in groups.items()}


def _records_of(db: Readable, subject_id: str) -> tuple[tuple[Listing, ...], tuple[Sanction, ...]]:
    listed = listings_by_subject(db, subject_id).get(subject_id, ())
    return listed, sanctions_by_subject(db, subject_id).get(subject_id, ())


def _rows(db: Readable, sql: str, params: Sequence[str] = ()) -> list[dict[str, Any]]:
    cursor = db.execute(sql, list(params))
    columns = [c[0] for c in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def _one(db: Readable, sql: str, key: str) -> dict[str, Any] | None:
    return next(iter(_rows(db, sql, [key])), None)


class InspectionSubject(NamedTuple):
    """An agency or branch of Shanghai a random inspection may draw, with what sets its rate."""

    uscc: str
    district: str | None
    credit_grade: str | None
    status_since: str | None
    lists: frozenset[str]  # the lists it is on, on the day asked


def inspection_subjects(db: Readable, on: str, district: str | None) -> list[InspectionSubject]:
    """Every agency and branch registered in Shanghai (or one district) that is still licensed
    or filed (active or suspended), with the lists it is on on day `on`; by USCC."""
    where, params = "a.province LIKE ? AND a.status IN ('active', 'suspended')", [SHANGHAI_LIKE]
    if district is not None:
        where, params = where + " AND a.district = ?", [*params, district]
    rows = db.execute(
        "SELECT a.uscc, a.district, a.credit_grade, a.status_since, "
        "(SELECT group_concat(l.list, ',') FROM listings l WHERE l.subject_id = a.uscc "
        "AND l.listed_on <= ? AND (l.removed_on IS NULL OR l.removed_on > ?)) "
        f"FROM agencies a WHERE {where} ORDER BY a.uscc",
        [on, on, *params],
    ).fetchall()
    return [
        InspectionSubject(uscc, place, grade, since, frozenset((lists or "").split(",")) - {""})
        for uscc, place, grade, since, lists in rows
    ]
