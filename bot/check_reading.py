"""Checking pasted text that holds several pieces: a name with a phone, a label and a code, a
sentence around a name, a business-card line (domain brief, rule 7).

Each piece is looked up exactly. When every piece names the same record, that record is certain
(and may be `ok`). When they name different records, or a contact names none, it is the clone
case: never `ok`, and every record found is shown side by side.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.answers import USCC_STANDARD, by_severity, candidate, certain
from bot.lookup import CANDIDATES, Hit, exact_keys, find, lookalike_hosts, named_exactly
from bot.normalize import name_key, names_a_company, squeeze
from bot.query_reading import Piece, Reading, person_like
from bot.registry import reader
from bot.registry.reader import load_subject
from bot.registry.ready import Readable
from bot.verdict import LEVEL_ORDER, Candidate, Dataset, Reason, Verdict
from bot.words.verdict import PIECES

KEY_KINDS = {
    "id": ("uscc",),
    "code": ("code", "cert"),
    "phone": ("phone", "code", "cert"),
    "host": ("website",),
}
NAME_KINDS = ("name", "former_name")
PIECE_WORDS = {"id": "code", "code": "code", "phone": "phone", "host": "website"}


@dataclass(frozen=True)
class Found:
    piece: Piece
    hits: tuple[Hit, ...]


@dataclass(frozen=True)
class Named:
    """A name-like stretch that names registered records; `ids` are the records it agrees
    with (a practitioner agrees with the agency where they practise, as on a business card)."""

    text: str
    hits: tuple[Hit, ...]
    ids: frozenset[str]


def check_reading(
    db: Readable,
    query: str,
    reading: Reading,
    posing_as: str | None,
    today: date,
    data: Dataset,
) -> Verdict | None:
    """The verdict on a query read into pieces; None when nothing in it was found at all (the
    caller then answers for its name by similarity).

    Certain only when every piece and name was found and together they agree on exactly one
    record (a name two firms share, with the phone of one of them, is that one)."""
    found = [Found(p, tuple(_piece_hits(db, p))) for p in reading.pieces]
    # An unknown number that is no USCC or phone (a price, a date, a postcode) proves nothing.
    found = [f for f in found if f.hits or f.piece.kind != "code"]
    named, unnamed = _names(db, reading.names)
    agreeing = [_agrees(db, f.hits) for f in found] + [n.ids for n in named]
    explained = all(f.hits and not f.piece.misread for f in found) and not unnamed
    explained = explained and not reading.invalid_usccs and bool(agreeing)
    shared = frozenset.intersection(*agreeing) if agreeing else frozenset()
    # The record must be one the text names itself: "周明远 3120150101" is the person both
    # name, not their agency; two attorneys of one firm name no firm.
    direct = {h.id for f in found for h in f.hits} | {h.id for n in named for h in n.hits}
    shared = shared & direct
    if explained and len(shared) == 1:
        hit = _strongest(found, named, next(iter(shared)))
        subject = load_subject(db, hit.kind, hit.id)
        if subject is not None:
            return certain(query, subject, hit, posing_as, today, data)
    if _a_list_of_firms(found, named, unnamed, reading):
        return _listed(
            query, _candidates(db, [n.hits[0] for n in named], today, data), posing_as, data
        )
    anchors = [h for f in found if not f.piece.misread for h in f.hits]
    anchors += [h for n in named for h in n.hits]
    near = [
        hit
        for f in found
        if f.piece.kind == "host" and not f.hits
        for hit in lookalike_hosts(db, f.piece.keys[0])
    ]
    spans = reading.spans
    mentioned = exact_keys(db, spans, NAME_KINDS, every=True, held_before_too=True) if spans else []
    misread = any(f.piece.misread for f in found)
    if not (anchors or near or misread or mentioned):
        return None
    similar = find(db, reading.name).candidates if reading.name and not anchors else []
    order = [*(h for n in named for h in n.hits), *(h for f in found for h in f.hits), *near]
    candidates = _candidates(db, [*order, *mentioned, *similar], today, data)
    several = found or reading.invalid_usccs or len(named) > 1
    if several and (anchors or near or misread):
        bad = [Reason("invalid_uscc", "caution", USCC_STANDARD, data.as_of)] * len(
            reading.invalid_usccs
        )
        return _clone_case(
            query, found, named, unnamed, candidates, bool(anchors), posing_as, data, bad
        )
    return _mentions(query, candidates, posing_as, data)


def _names(db: Readable, texts: tuple[str, ...]) -> tuple[list[Named], list[str]]:
    """What each name-like stretch names, and the stretches that name nothing registered. On a
    card line ("华岳…有限公司 周明远 专利代理师") each word is read: a registered firm or
    person names itself, an unregistered word that may be a person is passed over."""
    named: list[Named] = []
    unnamed: list[str] = []
    for text in texts:
        words = text.split()
        whole = _named(db, text)
        if whole is not None or len(words) < 2:
            named += [whole] if whole is not None else []
            unnamed += [] if whole is not None else [text]
            continue
        for word in words:
            one = _named(db, word)
            if one is not None:
                named.append(one)
            elif not person_like(word):
                unnamed.append(word)
    return named, unnamed


def _named(db: Readable, text: str) -> Named | None:
    hits, _ = named_exactly(db, text, name_key(text))
    if not hits:
        return None
    return Named(text, tuple(hits), _agrees(db, hits))


def _agrees(db: Readable, hits: tuple[Hit, ...] | list[Hit]) -> frozenset[str]:
    """The records what was found agrees with: itself, and a practitioner's agency too."""
    ids = {hit.id for hit in hits}
    for hit in hits:
        if hit.kind == "practitioner" and (agency := reader.practice_of(db, hit.id)):
            ids.add(agency)
    return frozenset(ids)


def _candidates(db: Readable, hits: list[Hit], today: date, data: Dataset) -> tuple[Candidate, ...]:
    seen: dict[str, Candidate] = {}
    for hit in hits:
        if len(seen) == CANDIDATES:
            break
        if hit.id not in seen and (made := candidate(db, hit, today, data)) is not None:
            seen[hit.id] = made
    return tuple(seen.values())


def _piece_hits(db: Readable, piece: Piece) -> list[Hit]:
    hits = exact_keys(db, piece.keys, KEY_KINDS[piece.kind])
    if piece.misread:
        return [Hit(h.kind, h.id, "exact_id", 17 / 18, lookalike=True) for h in hits]
    return hits


def _strongest(found: list[Found], named: list[Named], subject_id: str) -> Hit:
    """The match an answer names for the record all agree on: a code before a name, a name
    before a contact; a person who names their agency on a card leaves the agency's own."""
    ids = [h for f in found if f.piece.kind in ("id", "code") for h in f.hits]
    names = [h for n in named for h in n.hits]
    contacts = [h for f in found for h in f.hits]
    return next(h for h in [*ids, *names, *contacts] if h.id == subject_id)


def _clone_case(
    query: str,
    found: list[Found],
    named: list[Named],
    unnamed: list[str],
    candidates: tuple[Candidate, ...],
    anchored: bool,
    posing_as: str | None,
    data: Dataset,
    wrong_codes: list[Reason],
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
    if primary is not None and any(primary.subject.id not in n.ids for n in named):
        reasons.append(_reason("name_elsewhere", "caution", data, name=primary.subject.name))
    reasons += wrong_codes
    if not [r for r in reasons if r.code != "impersonation"]:
        reasons.append(_reason("records_differ", "caution", data))
    worst = max((c.level for c in candidates), key=LEVEL_ORDER.__getitem__, default="caution")
    if anchored:
        level = "danger" if posing_as or worst == "danger" else "caution"
        headline = "mismatch"
    else:  # only lookalikes: nothing was found, as for a lookalike name
        level = "danger" if posing_as else "unknown"
        headline = "lookalike"
    return _uncertain(query, level, headline, candidates, reasons, posing_as, data)


def _a_list_of_firms(
    found: list[Found], named: list[Named], unnamed: list[str], reading: Reading
) -> bool:
    """Whole names of different registered firms and nothing else ("A、B", one a line): a
    list to check, not one firm's name beside another's contacts."""
    if found or unnamed or reading.invalid_usccs or len(named) < 2:
        return False
    firms = [n for n in named if names_a_company(n.text) and len(n.hits) == 1]
    if len(firms) != len(named) or any(n.hits[0].kind != "agency" for n in firms):
        return False
    return len({n.hits[0].id for n in firms}) == len(firms)


def _listed(
    query: str, candidates: tuple[Candidate, ...], posing_as: str | None, data: Dataset
) -> Verdict:
    """Several registered firms, each with its own verdict: the text is as sound as the worst."""
    reasons = [_reason("listed", "info", data)]
    if posing_as:
        reasons.insert(0, _reason("impersonation", "danger", data, term=posing_as))
    worst = max((c.level for c in candidates), key=LEVEL_ORDER.__getitem__)
    level = "danger" if posing_as else worst
    return _uncertain(query, level, "listed", candidates, reasons, posing_as, data)


def _mentions(
    query: str, candidates: tuple[Candidate, ...], posing_as: str | None, data: Dataset
) -> Verdict:
    """Text that names a registered record among other words: the record is offered, never
    taken as certain ("…有限公司的分公司" is not the head office). A record in danger or caution
    whose whole registered name, now or before, the text holds puts the text there too:
    whatever the words around it ask, a revoked firm's name is not to be hired under. (Its
    name key alone is not enough: 北京鼎信… holds the key of a revoked 上海鼎信….)"""
    reasons = [_reason("mentions", "info", data)]
    text = squeeze(query)
    at_risk = [
        c
        for c in candidates
        if c.level in ("danger", "caution")
        and any(squeeze(name) in text for name in (c.subject.name, *c.subject.former_names))
    ]
    reasons += [_reason(f"named_in_{c.level}", c.level, data, name=c.subject.name) for c in at_risk]
    if posing_as:
        reasons.insert(0, _reason("impersonation", "danger", data, term=posing_as))
    worst = max((c.level for c in at_risk), key=LEVEL_ORDER.__getitem__, default="unknown")
    level = "danger" if posing_as else worst
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
