"""Finding the registry records a query may mean: exact keys first, then names by similarity."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import sqlite_utils

# Edit distance with adjacent swaps: 华岳/岳华 is one edit, 雨恒/恒景 two (no shared position).
from rapidfuzz.distance import OSA

from bot.districts import registered_in_shanghai as in_shanghai
from bot.normalize import (
    NEAR_SITE_LABEL,
    compact_id,
    grams,
    legal_form,
    looks_like_uscc,
    name_key,
    names_a_company,
    one_deletions,
    parent_hosts,
    phone_keys,
    says_shanghai,
    site_label,
    skip_grams,
    sound_key,
    trade_name,
    uscc_is_valid,
    web_host,
)
from bot.registry import reader

MAX_QUERY = 200  # characters; longer text is not a name, number or address anyone types
CANDIDATES = 5
SUBSTRING_POOL = 200
RAREST_GRAMS = 6
GRAM_POOL = 400
LOOKALIKE = 0.75  # rapidfuzz ratio at which a name is close enough to be mistaken for another


# How a record was found, by the kind of key that found it.
MATCH_KINDS = {
    "name": "exact_name",
    "former_name": "former_name",
    "uscc": "exact_id",
    "code": "exact_id",
    "cert": "exact_id",
    "phone": "phone",
    "website": "website",
}


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
    named = _exact(db, found.name_key, ("name", "former_name"), "")
    found.exact, other_forms = same_form(db, query, named)
    if other_forms and not found.exact:
        found.candidates = other_forms
        return found
    if len(found.exact) > 1:  # the record registered under exactly what was typed first
        typed = query.strip()
        found.exact.sort(key=lambda h: (reader.registered_name(db, h.kind, h.id) != typed, h.id))
    if len(found.exact) != 1:
        # A name many share (a common person's name) offers a handful; the count says the rest.
        found.candidates = found.exact[:CANDIDATES] or _similar_names(db, found.name_key)
    return found


def _exact(
    db: sqlite_utils.Database, key: str, kinds: tuple[str, ...], match_kind: str
) -> list[Hit]:
    return exact_keys(db, (key,), kinds, match_kind)


def exact_keys(
    db: sqlite_utils.Database,
    keys: Sequence[str],
    kinds: tuple[str, ...],
    match_kind: str = "",
    *,
    every: bool = False,
) -> list[Hit]:
    """The records found exactly under the first of `keys` that finds any (best first), or
    under any of them with `every` (the names a sentence mentions: all of them, in key order).

    A name someone holds now outranks the same name held before by another: a cancelled firm's
    name taken up by an active one means the active one (former holders are `former_holders`)."""
    keys = [key for key in keys if key]
    if not keys:
        return []
    rows = db.execute(
        f"SELECT key, key_kind, subject_kind, subject_id FROM lookup_keys "
        f"WHERE key IN ({_marks(keys)}) AND key_kind IN ({_marks(kinds)})",
        [*keys, *kinds],
    ).fetchall()
    if not rows:
        return []
    rank = {key: n for n, key in enumerate(keys)}
    first = min(rank[row[0]] for row in rows)
    rows = (
        sorted(rows, key=lambda r: rank[r[0]])
        if every
        else [r for r in rows if rank[r[0]] == first]
    )
    if any(kind == "name" for _, kind, _, _ in rows) and "former_name" in kinds:
        rows = [row for row in rows if row[1] != "former_name"]
    hits: dict[str, Hit] = {}
    ordered = rows if every else sorted(rows, key=lambda r: r[3])
    for _, key_kind, subject_kind, subject_id in ordered:
        kind = match_kind or MATCH_KINDS[key_kind]
        hits.setdefault(subject_id, Hit(subject_kind, subject_id, kind, 1.0))
    return list(hits.values())


def same_form(db: sqlite_utils.Database, text: str, hits: list[Hit]) -> tuple[list[Hit], list[Hit]]:
    """`hits` split into those `text` may name and those it only resembles: another legal form
    is another firm (a 股份有限公司 is not the 有限公司), a company is not a person of that name,
    and "上海…" is not a firm registered elsewhere under the same words without 上海 (unless a
    Shanghai firm of the name is registered too: then both, as the same name twice)."""
    form = legal_form(text)
    company = form is not None or names_a_company(text)
    # "上海X" is not a firm registered elsewhere as "X"; if a Shanghai "X" is registered too,
    # both stay (the same name, two records: ambiguous, the exact one first).
    local = says_shanghai(text) and not any(_in_shanghai(db, hit) for hit in hits)
    if not company and not local:
        return hits, []
    kept: list[Hit] = []
    other: list[Hit] = []
    for hit in hits:
        if hit.match_kind != "exact_name":
            kept.append(hit)
            continue
        if hit.kind == "practitioner":
            fits = not company
        else:
            name, province = reader.registered_name_and_province(db, hit.id)
            theirs = legal_form(name) if name else None
            fits = form is None or theirs is None or theirs == form
            fits = fits and not (
                local and not says_shanghai(name or "") and not in_shanghai(province)
            )
        (kept if fits else other).append(
            hit if fits else Hit(hit.kind, hit.id, "fuzzy", 0.95, True)
        )
    return kept, other


def _in_shanghai(db: sqlite_utils.Database, hit: Hit) -> bool:
    if hit.kind != "agency":
        return False
    name, province = reader.registered_name_and_province(db, hit.id)
    return says_shanghai(name or "") or in_shanghai(province)


def former_holders(db: sqlite_utils.Database, key: str, now_held_by: str) -> list[str]:
    """Other records that held the name `key` before (USCCs), beside its holder now."""
    rows = db.execute(
        "SELECT subject_id FROM lookup_keys WHERE key = ? AND key_kind = 'former_name' "
        "AND subject_id != ? ORDER BY subject_id",
        [key, now_held_by],
    ).fetchall()
    return [row[0] for row in rows]


def _marks(items: Sequence[object]) -> str:
    return ", ".join("?" for _ in items)


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
                # …and the closer whole name goes first among firms sharing a trade name.
                lookalike, score = True, max(score, 0.9 + whole / 20)
            score = round(score, 3)
            hit = Hit(subject_kind, subject_id, "fuzzy", score, lookalike)
        else:
            continue  # shares only the industry words: not a name anyone would mistake
        if subject_id not in best or hit.score > best[subject_id].score:
            best[subject_id] = hit
    return sorted(best.values(), key=lambda h: (-h.score, h.id))[:CANDIDATES]


def lookalike_hosts(db: sqlite_utils.Database, host: str) -> list[Hit]:
    """Registered sites a host imitates: the registered domain used inside another host
    (huayue-ip.example.evil.com), the same name under another suffix (.com for .com.cn), or a
    name one letter off (huayue-lp.com)."""
    labels = host.split(".")
    inner = {
        ".".join(labels[i:j])
        for i in range(len(labels))
        for j in range(i + 2, len(labels))  # labels[i:] itself was looked up exactly
    }
    hits = exact_keys(db, sorted(inner), ("website",), "website")
    label = site_label(host)
    if len(label) >= NEAR_SITE_LABEL:
        near = [label, *one_deletions(label)]
        rows = db.execute(
            "SELECT DISTINCT subject_kind, subject_id FROM lookup_keys "
            f"WHERE key IN ({_marks(near)}) AND key_kind IN ('site_label', 'site_label_del') "
            "ORDER BY subject_id LIMIT ?",
            [*near, CANDIDATES * 4],
        ).fetchall()
        hits += [Hit(kind, subject_id, "website", 0.9) for kind, subject_id in rows]
    unique: dict[str, Hit] = {}
    for hit in hits:
        unique.setdefault(hit.id, Hit(hit.kind, hit.id, "website", hit.score, lookalike=True))
    return list(unique.values())[:CANDIDATES]
