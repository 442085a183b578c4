"""Checking pasted text that holds several pieces: a name with a phone, a label and a code, a
sentence around a name, a business-card line (domain brief, rule 7).

Each piece is looked up exactly. When every piece names the same record, that record is certain
(and may be `ok`). When they name different records, or a contact names none, it is the clone
case: never `ok`, and every record found is shown side by side.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import sqlite_utils

from bot.answers import USCC_STANDARD, by_severity, candidate, certain
from bot.lookup import CANDIDATES, Hit, exact_keys, find, lookalike_hosts, same_form
from bot.normalize import name_key
from bot.query_reading import Piece, Reading, person_like
from bot.registry.reader import load_subject
from bot.verdict import LEVEL_ORDER, Candidate, Dataset, Reason, Verdict
from bot.words.verdict import PIECES

KEY_KINDS = {
    "id": ("uscc", "code", "cert"),
    "phone": ("phone", "code", "cert"),
    "host": ("website",),
}
NAME_KINDS = ("name", "former_name")
PIECE_WORDS = {"id": "code", "phone": "phone", "host": "website"}


@dataclass(frozen=True)
class Found:
    piece: Piece
    hits: tuple[Hit, ...]


def check_reading(
    db: sqlite_utils.Database,
    query: str,
    reading: Reading,
    posing_as: str | None,
    today: date,
    data: Dataset,
) -> Verdict | None:
    """The verdict on a query read into pieces; None when nothing in it was found at all (the
    caller then answers for its name by similarity)."""
    found = [Found(p, tuple(_piece_hits(db, p))) for p in reading.pieces]
    names = [_name_hits(db, name) for name in reading.names]
    anchors = [h for f in found if not f.piece.misread for h in f.hits] + [
        h for n in names for h in n
    ]
    ids = {hit.id for hit in anchors}
    # A USCC with a wrong check character beside a name: mistyped or forged, never certain.
    explained = all(f.hits and not f.piece.misread for f in found) and all(names)
    explained = explained and not reading.invalid_usccs
    if len(ids) == 1 and explained:
        hit = _strongest(found, names)
        subject = load_subject(db, hit.kind, hit.id)
        if subject is not None:
            return certain(query, subject, hit, posing_as, today, data)
    near = [
        hit
        for f in found
        if f.piece.kind == "host" and not f.hits
        for hit in lookalike_hosts(db, f.piece.keys[0])
    ]
    mentioned = exact_keys(db, reading.spans, NAME_KINDS) if reading.spans else []
    misread = any(f.piece.misread for f in found)
    if not (anchors or near or misread or mentioned):
        return None
    similar = find(db, reading.name).candidates if reading.name and not anchors else []
    order = [*(h for n in names for h in n), *(h for f in found for h in f.hits), *near]
    candidates = _candidates(db, [*order, *mentioned, *similar], today, data)
    if (found or reading.invalid_usccs) and (anchors or near or misread):
        unnamed = [n for n, hits in zip(reading.names, names, strict=True) if not hits]
        verdict = _clone_case(
            query, found, names, unnamed, candidates, bool(anchors), posing_as, data
        )
        bad = [Reason("invalid_uscc", "caution", USCC_STANDARD, data.as_of)] * len(
            reading.invalid_usccs
        )
        return replace(verdict, reasons=tuple(sorted([*verdict.reasons, *bad], key=by_severity)))
    return _mentions(query, candidates, posing_as, data)


def _name_hits(db: sqlite_utils.Database, name: str) -> list[Hit]:
    """The records a name-like stretch names: the whole, or on a card line ("华岳…有限公司 周明远
    专利代理师") the one firm among words that may be people."""
    hits, _ = same_form(db, name, exact_keys(db, (name_key(name),), NAME_KINDS))
    words = name.split()
    if hits or len(words) < 2:
        return hits
    firms = [word for word in words if not person_like(word)]
    found = [same_form(db, w, exact_keys(db, (name_key(w),), NAME_KINDS))[0] for w in firms]
    return found[0] if len(firms) == 1 and found[0] else []


def _candidates(
    db: sqlite_utils.Database, hits: list[Hit], today: date, data: Dataset
) -> tuple[Candidate, ...]:
    seen: dict[str, Candidate] = {}
    for hit in hits:
        if len(seen) == CANDIDATES:
            break
        if hit.id not in seen and (made := candidate(db, hit, today, data)) is not None:
            seen[hit.id] = made
    return tuple(seen.values())


def _piece_hits(db: sqlite_utils.Database, piece: Piece) -> list[Hit]:
    hits = exact_keys(db, piece.keys, KEY_KINDS[piece.kind])
    if piece.misread:
        return [Hit(h.kind, h.id, "exact_id", 17 / 18, lookalike=True) for h in hits]
    return hits


def _strongest(found: list[Found], names: list[list[Hit]]) -> Hit:
    """The match an answer names: a code before a name, a name before a contact."""
    ids = [f.hits[0] for f in found if f.piece.kind == "id" and f.hits]
    named = [n[0] for n in names if n]
    contacts = [f.hits[0] for f in found if f.hits]
    return [*ids, *named, *contacts][0]


def _clone_case(
    query: str,
    found: list[Found],
    names: list[list[Hit]],
    unnamed: list[str],
    candidates: tuple[Candidate, ...],
    anchored: bool,
    posing_as: str | None,
    data: Dataset,
) -> Verdict:
    """Pieces that name different records, or a contact that names none: every record found,
    the name's first, and a reason for each piece that does not belong to it."""
    primary = candidates[0] if candidates else None
    seen = {c.subject.id: c for c in candidates}
    reasons: list[Reason] = []
    if posing_as:
        reasons.append(_reason("impersonation", "danger", data, term=posing_as))
    for f in found:
        reasons += _piece_reasons(f, primary, seen, data)
    for given in unnamed:
        reasons.append(_reason("name_unregistered", "caution", data, given=given))
    named = [n[0] for n in names if n]
    if primary is not None and any(h.id != primary.subject.id for h in named):
        reasons.append(_reason("name_elsewhere", "caution", data, name=primary.subject.name))
    worst = max((c.level for c in candidates), key=LEVEL_ORDER.__getitem__, default="caution")
    if anchored:
        level = "danger" if posing_as or worst == "danger" else "caution"
        headline = "mismatch"
    else:  # only lookalikes: nothing was found, as for a lookalike name
        level = "danger" if posing_as else "unknown"
        headline = "lookalike"
    return _uncertain(query, level, headline, candidates, reasons, posing_as, data)


def _mentions(
    query: str, candidates: tuple[Candidate, ...], posing_as: str | None, data: Dataset
) -> Verdict:
    """Text that names a registered record among other words: the record is offered, never
    taken as certain ("…有限公司的分公司" is not the head office)."""
    reasons = [_reason("mentions", "info", data)]
    if posing_as:
        reasons.insert(0, _reason("impersonation", "danger", data, term=posing_as))
    level = "danger" if posing_as else "unknown"
    return _uncertain(query, level, "mentions", candidates, reasons, posing_as, data)


def _uncertain(
    query: str,
    level: str,
    headline: str,
    candidates: tuple[Candidate, ...],
    reasons: list[Reason],
    posing_as: str | None,
    data: Dataset,
) -> Verdict:
    return Verdict(
        query=query,
        level=level,
        headline_key="impersonation" if posing_as else headline,
        headline_params={},
        match=None,
        match_kind=None,
        candidates=candidates,
        reasons=tuple(sorted(reasons, key=by_severity)),
        as_of=data.as_of,
        source=data.source,
        fictional=data.fictional,
    )


def _piece_reasons(
    found: Found, primary: Candidate | None, seen: dict[str, Candidate], data: Dataset
) -> list[Reason]:
    piece = found.piece
    what = PIECE_WORDS[piece.kind]
    if piece.misread:
        return [_reason("uscc_misread", "caution", data, written=piece.text, code=piece.keys[0])]
    if not found.hits and piece.kind == "host" and primary is not None and primary.lookalike:
        return [_reason("lookalike_site", "caution", data, contact=piece.text)]
    if not found.hits:
        return [_reason("contact_unregistered", "caution", data, what=what, contact=piece.text)]
    if primary is not None and all(h.id != primary.subject.id for h in found.hits):
        other = found.hits[0].id
        other = seen[other].subject.name if other in seen else other
        return [
            _reason(
                "contact_elsewhere",
                "caution",
                data,
                what=what,
                contact=piece.text,
                other=other,
                name=primary.subject.name,
            )
        ]
    return []


def _reason(key: str, severity: str, data: Dataset, **params: str) -> Reason:
    if "what" in params:  # worded by the catalogue in each language
        params["what"], params["what_en"] = PIECES[params["what"]]
    return Reason(key, severity, data.source, data.as_of, dict(params))
