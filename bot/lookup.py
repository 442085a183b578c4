"""Finding the registry records a query may mean: exact keys first, then names by similarity."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import sqlite_utils

# Edit distance with adjacent swaps: 华岳/岳华 is one edit, 雨恒/恒景 two (no shared position).
from rapidfuzz.distance import OSA

from bot.normalize import (
    compact_id,
    grams,
    looks_like_uscc,
    name_key,
    parent_hosts,
    phone_keys,
    sound_key,
    trade_name,
    uscc_is_valid,
    web_host,
)
from bot.registry import reader
from bot.registry.search_index import skip_grams

MAX_QUERY = 200  # characters; longer text is not a name, number or address anyone types
CANDIDATES = 5
SUBSTRING_POOL = 200
RAREST_GRAMS = 6
GRAM_POOL = 400
LOOKALIKE = 0.75  # rapidfuzz ratio at which a name is close enough to be mistaken for another


@dataclass(frozen=True)
class Hit:
    """One registry record a query may mean."""

    kind: str  # "agency" or "practitioner"
    id: str
    match_kind: str  # exact_id, exact_name, former_name, phone, website, partial, fuzzy
    score: float
    lookalike: bool = False  # close enough to be mistaken for it (a clone's name)


@dataclass
class Lookup:
    """What the query is and what it found."""

    query: str
    too_long: bool = False
    invalid_uscc: bool = False
    name_key: str = ""
    host: str | None = None
    exact: list[Hit] = field(default_factory=list)
    candidates: list[Hit] = field(default_factory=list)


def find(db: sqlite_utils.Database, query: str) -> Lookup:
    """Look a query up: identifiers, phones and hosts exactly; names exactly, then by similarity."""
    found = Lookup(query=query)
    if len(query) > MAX_QUERY:
        found.too_long = True
        return found
    compact = compact_id(query)
    if looks_like_uscc(compact) and not uscc_is_valid(compact):
        found.invalid_uscc = True
        found.candidates = _same_uscc_prefix(db, compact)
        return found
    found.host = web_host(query)
    found.name_key = name_key(query)
    probes: list[tuple[str, tuple[str, ...], str]] = [
        (compact, ("uscc", "code", "cert"), "exact_id"),
        *((key, ("phone",), "phone") for key in phone_keys(query)),
        *((host, ("website",), "website") for host in parent_hosts(found.host or "")),
    ]
    for key, kinds, match_kind in probes:
        if key and (hits := _exact(db, key, kinds, match_kind)):
            found.exact = hits
            return found
    if found.host:
        return found  # an unregistered web address: not to be matched as a name
    found.exact = _exact(db, found.name_key, ("name", "former_name"), "")
    if len(found.exact) != 1:
        found.candidates = found.exact or _similar_names(db, found.name_key)
    return found


def _exact(
    db: sqlite_utils.Database, key: str, kinds: tuple[str, ...], match_kind: str
) -> list[Hit]:
    if not key:
        return []
    marks = ", ".join("?" for _ in kinds)
    rows = db.execute(
        f"SELECT key_kind, subject_kind, subject_id FROM lookup_keys "
        f"WHERE key = ? AND key_kind IN ({marks}) ORDER BY key_kind DESC",
        [key, *kinds],
    ).fetchall()
    hits: dict[str, Hit] = {}
    for key_kind, subject_kind, subject_id in rows:
        kind = match_kind or ("former_name" if key_kind == "former_name" else "exact_name")
        # A current name outranks a former one for the same subject ("name" sorts after).
        if subject_id not in hits or key_kind == "name":
            hits[subject_id] = Hit(subject_kind, subject_id, kind, 1.0)
    return list(hits.values())


def _same_uscc_prefix(db: sqlite_utils.Database, compact: str) -> list[Hit]:
    usccs = reader.usccs_starting(db, compact[:17], CANDIDATES)
    return [Hit("agency", uscc, "fuzzy", 17 / 18) for uscc in usccs]


def _similar_names(db: sqlite_utils.Database, key: str) -> list[Hit]:
    """Registered names containing the query, then names sharing its rarest characters."""
    if not key:
        return []
    column = "bigrams" if len(key) > 1 else "unigrams"
    phrase = " ".join(grams(key, 2)) if len(key) > 1 else key
    pool = {
        row[0]
        for row in db.execute(
            "SELECT rowid FROM search_grams WHERE search_grams MATCH ? LIMIT ?",
            [f'{column} : "{phrase}"', SUBSTRING_POOL],
        ).fetchall()
    }
    sound = sound_key(key)
    pool.update(
        row[0]
        for row in db.execute(
            "SELECT id FROM search_names WHERE sound = ? LIMIT ?", [sound, CANDIDATES]
        ).fetchall()
    )
    if len(pool) < CANDIDATES:
        pool.update(_rare_gram_pool(db, key))
    if not pool:
        return []
    marks = ", ".join("?" for _ in pool)
    rows = db.execute(
        "SELECT subject_kind, subject_id, name_key, sound = ? FROM search_names "
        f"WHERE id IN ({marks})",
        [sound, *pool],
    ).fetchall()
    return _rank(key, rows)


def _rare_gram_pool(db: sqlite_utils.Database, key: str) -> set[int]:
    """Names sharing the query's least common characters and bigrams: what survives a typo."""
    tokens = set(grams(key, 2)) | set(key) | {"~" + g for g in skip_grams(key)}
    marks = ", ".join("?" for _ in tokens)
    counted = db.execute(
        f"SELECT gram, names FROM gram_counts WHERE gram IN ({marks}) ORDER BY names LIMIT ?",
        [*tokens, RAREST_GRAMS],
    ).fetchall()
    votes: Counter[int] = Counter()
    for gram, _names in counted:
        column = "skips" if gram[0] == "~" else "bigrams" if len(gram) == 2 else "unigrams"
        for (rowid,) in db.execute(
            "SELECT rowid FROM search_grams WHERE search_grams MATCH ? LIMIT ?",
            [f'{column} : "{gram.lstrip("~")}"', GRAM_POOL],
        ):
            votes[rowid] += 1
    return {rowid for rowid, _ in votes.most_common(GRAM_POOL // 2)}


def _rank(key: str, rows: list[tuple[str, str, str, int]]) -> list[Hit]:
    """Best first: a name scores by its whole and by its trade name, which clones copy."""
    trade = trade_name(key)
    best: dict[str, Hit] = {}
    for subject_kind, subject_id, candidate, homophone in rows:
        whole = OSA.normalized_similarity(key, candidate)
        other_trade = trade_name(candidate)
        trade_alike = (
            OSA.normalized_similarity(trade, other_trade) if trade and other_trade else whole
        )
        if key in candidate:
            hit = Hit(subject_kind, subject_id, "partial", round(0.5 + whole / 2, 3))
        elif trade_alike >= 0.5 or whole >= 0.85:
            lookalike = trade_alike == 1 or (whole >= LOOKALIKE and trade_alike >= 0.5)
            score = (whole + trade_alike) / 2
            if homophone:  # sounds the same: the rest of the name is the same too
                lookalike, score = True, max(score, 0.95)
            elif trade_alike == 1:  # a clone keeps the trade name and changes the rest
                lookalike, score = True, max(score, 0.9)
            score = round(score, 3)
            hit = Hit(subject_kind, subject_id, "fuzzy", score, lookalike)
        else:
            continue  # shares only the industry words: not a name anyone would mistake
        if subject_id not in best or hit.score > best[subject_id].score:
            best[subject_id] = hit
    return sorted(best.values(), key=lambda h: (-h.score, h.id))[:CANDIDATES]
