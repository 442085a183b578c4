"""Finding the registry records a query may mean: exact keys first, then names by similarity."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

# Edit distance with adjacent swaps: 华岳/岳华 is one edit, 雨恒/恒景 two (no shared position).
from rapidfuzz.distance import OSA

from bot.districts import registered_in_shanghai as in_shanghai
from bot.normalize import (
    NEAR_NAME,
    NEAR_SITE_LABEL,
    char_likeness,
    compact_id,
    grams,
    head_office_named,
    legal_form,
    looks_like_uscc,
    name_key,
    names_a_company,
    one_deletions,
    parent_hosts,
    phone_keys,
    says_shanghai,
    site_label,
    skeleton,
    skip_grams,
    sound_key,
    trade_name,
    uscc_is_valid,
    web_host,
)
from bot.registry import reader
from bot.registry.ready import Readable

MAX_QUERY = 200  # characters; longer text is not a name, number or address anyone types
CANDIDATES = 5
SUBSTRING_POOL = 200
RAREST_GRAMS = 6
NEAR_SCAN = 1_500  # keys a prefix scan for names one typo away reads at most
RARE_SCAN = 3_000  # names holding a query's rarest bigram read for the query itself at most
GRAM_POOL = 200  # names a gram is in, at most, to be read for a query's rarest grams
VOTED = 48  # names sharing the rarest grams ranked, at most
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


# search_names rows by id: (subject_kind, subject_id, name_key).
Named = dict[int, tuple[str, str, str]]
# The names containing a name key, as `_containing` finds them, when a caller has them at hand
# (the site build finds them for thousands of common words in one pass); None when it has not.
Containing = Callable[[str], Named | None]


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
    head_office: Hit | None = None  # the registered firm an unregistered branch's name claims


def find(db: Readable, query: str, *, containing: Containing | None = None) -> Lookup:
    """Look a query up: identifiers, phones and hosts exactly; names exactly, then by similarity.
    `containing`: the names holding a key, where the caller knows them (a new dict each call)."""
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
    found.exact, other_forms = named_exactly(db, query, found.name_key)
    if not found.exact and not other_forms:
        other_forms = _disguised(db, query)
    if other_forms and not found.exact:
        found.candidates = other_forms
        return found
    if len(found.exact) > 1:  # the record registered under exactly what was typed first
        typed = query.strip()
        found.exact.sort(key=lambda h: (reader.registered_name(db, h.kind, h.id) != typed, h.id))
    if not found.exact and (head := _claimed_head_office(db, query)) is not None:
        # An unregistered branch of a registered firm: that firm first, then names like it.
        found.head_office = head
        similar = _similar_names(db, found.name_key, containing)
        found.candidates = [head, *(h for h in similar if h.id != head.id)][:CANDIDATES]
        return found
    if len(found.exact) != 1:
        # A name many share (a common person's name) offers a handful; the count says the rest,
        # which bot/check.py offers page by page from `exact`.
        shared = found.exact[:CANDIDATES]
        found.candidates = shared or _similar_names(db, found.name_key, containing)
    return found


def _claimed_head_office(db: Readable, query: str) -> Hit | None:
    """The one registered agency whose whole name a branch's name begins with."""
    head = head_office_named(query)
    if head is None:
        return None
    named, _ = named_exactly(db, head, name_key(head))
    agencies = [hit for hit in named if hit.kind == "agency"]
    if len(agencies) != 1:
        return None
    return Hit("agency", agencies[0].id, "fuzzy", 0.95, lookalike=True)


def _exact(db: Readable, key: str, kinds: tuple[str, ...], match_kind: str) -> list[Hit]:
    return exact_keys(db, (key,), kinds, match_kind)


def exact_keys(
    db: Readable,
    keys: Sequence[str],
    kinds: tuple[str, ...],
    match_kind: str = "",
    *,
    every: bool = False,
    held_before_too: bool = False,
) -> list[Hit]:
    """The records found exactly under the first of `keys` that finds any (best first), or
    under any of them with `every` (the names a sentence mentions: all of them, in key order).

    Names held before are dropped where a name held now is found (held_now_first; former
    holders are `former_holders`), unless `held_before_too`: the caller sorts them out."""
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
    hits: dict[str, Hit] = {}
    # A record's name now before a name it held before under the same key.
    ordered = rows if every else sorted(rows, key=lambda r: (r[3], r[1] == "former_name"))
    for _, key_kind, subject_kind, subject_id in ordered:
        kind = match_kind or MATCH_KINDS[key_kind]
        hits.setdefault(subject_id, Hit(subject_kind, subject_id, kind, 1.0))
    return list(hits.values()) if held_before_too else held_now_first(list(hits.values()))


def held_now_first(hits: list[Hit]) -> list[Hit]:
    """A name someone holds now outranks the same name held before by another: a cancelled
    firm's name taken up by an active one means the active one."""
    if any(hit.match_kind == "exact_name" for hit in hits):
        return [hit for hit in hits if hit.match_kind != "former_name"]
    return hits


def named_exactly(db: Readable, text: str, key: str) -> tuple[list[Hit], list[Hit]]:
    """The records registered under the name `text` (its `key`), now or before, and those it
    only resembles (same_form). The form is checked before a name held now outranks one held
    before: a 股份有限公司 holding the words now does not hide the 有限公司 that held them."""
    kinds = ("name", "former_name")
    named, other = same_form(db, text, exact_keys(db, (key,), kinds, held_before_too=True))
    return held_now_first(named), other


def _disguised(db: Readable, text: str) -> list[Hit]:
    """The records a name imitates letter for letter in another script (上海АВС… with Cyrillic
    capitals for 上海ABC…): lookalikes, never the match."""
    shown = skeleton(text)
    if shown == text:
        return []
    named, other = named_exactly(db, shown, name_key(shown))
    return [Hit(hit.kind, hit.id, "fuzzy", 0.95, True) for hit in [*named, *other]]


def same_form(db: Readable, text: str, hits: list[Hit]) -> tuple[list[Hit], list[Hit]]:
    """`hits` split into those `text` may name and those it only resembles: another legal form
    is another firm (a 股份有限公司 is not the 有限公司), a company is not a person of that name,
    and "上海…" is not a firm registered elsewhere under the same words without 上海 (unless a
    Shanghai firm of the name is registered too: then both, as the same name twice). A name
    held before is held to the same: its form and place are those of the name it was."""
    form = legal_form(text)
    company = form is not None or names_a_company(text)
    # "上海X" is not a firm registered elsewhere as "X"; if a Shanghai "X" is registered too,
    # both stay (the same name, two records: ambiguous, the exact one first).
    local = says_shanghai(text) and not any(_in_shanghai(db, hit) for hit in hits)
    if not company and not local:
        return hits, []
    kept: list[Hit] = []
    other: list[Hit] = []
    key = name_key(text)
    for hit in hits:
        if hit.match_kind not in ("exact_name", "former_name"):
            kept.append(hit)
            continue
        if hit.kind == "practitioner":
            fits = not company
        else:
            name, before, province = reader.registered_names_and_province(db, hit.id)
            if hit.match_kind == "former_name":
                names = [held for held in before if name_key(held) == key]
            else:
                names = [name or ""]
            fits = any(_fits(held, form, local, province) for held in names)
        (kept if fits else other).append(
            hit if fits else Hit(hit.kind, hit.id, "fuzzy", 0.95, True)
        )
    return kept, other


def _fits(name: str, form: str | None, local: bool, province: str | None) -> bool:
    """Whether a registered name is what a text of legal `form` (and "上海…" if `local`)
    names."""
    theirs = legal_form(name) if name else None
    if form is not None and theirs is not None and theirs != form:
        return False
    return not (local and not says_shanghai(name) and not in_shanghai(province))


def _in_shanghai(db: Readable, hit: Hit) -> bool:
    if hit.kind != "agency":
        return False
    name, _, province = reader.registered_names_and_province(db, hit.id)
    return says_shanghai(name or "") or in_shanghai(province)


def former_holders(db: Readable, key: str, now_held_by: str) -> list[str]:
    """Other records that held the name `key` before (USCCs), beside its holder now."""
    rows = db.execute(
        "SELECT subject_id FROM lookup_keys WHERE key = ? AND key_kind = 'former_name' "
        "AND subject_id != ? ORDER BY subject_id",
        [key, now_held_by],
    ).fetchall()
    return [row[0] for row in rows]


def _marks(items: Sequence[object]) -> str:
    return ", ".join("?" for _ in items)


def _same_uscc_prefix(db: Readable, compact: str) -> list[Hit]:
    usccs = reader.usccs_starting(db, compact[:17], CANDIDATES)
    return [Hit("agency", uscc, "fuzzy", 17 / 18) for uscc in usccs]


def _similar_names(db: Readable, key: str, containing: Containing | None = None) -> list[Hit]:
    """Registered names containing the query, sounding like it, one typo off it (one_edit_names)
    or beginning with its trade name (a clone's); when those are few, names sharing its rarest
    characters too."""
    if not key:
        return []
    known = containing(key) if containing is not None else None
    pool = _containing(db, key) if known is None else known
    sound = sound_key(key)
    pool.update(_named(db.execute(_NAMES + "WHERE sound = ? LIMIT ?", [sound, CANDIDATES])))
    near = one_edit_names(db, key)
    trade = trade_name(key)
    if len(trade) > 1 and trade != key:  # a clone keeps the trade name and changes the rest
        near += _beginning_with(db, trade)
    if len(pool) + len(near) < CANDIDATES:  # what else survives a typo, or two
        ids = [rowid for rowid in _rare_gram_pool(db, key) if rowid not in pool]
        pool.update(_named(db.execute(_NAMES + f"WHERE id IN ({_marks(ids)})", ids)))
    return _rank(key, [*near, *pool.values()])


_NAMES = "SELECT id, subject_kind, subject_id, name_key FROM search_names "


def _named(rows: Iterable[tuple[int, str, str, str]]) -> Named:
    """search_names rows by id: (subject_kind, subject_id, name_key)."""
    return {rowid: (kind, subject_id, name) for rowid, kind, subject_id, name in rows}


def _containing(db: Readable, key: str) -> Named:
    """The first SUBSTRING_POOL names containing `key`, by search_names id (the site build finds
    the same for thousands of keys in one pass, bot/site/common_words.py: keep the two alike)."""
    tokens = sorted(set(grams(key, 2)))
    counts = dict(
        db.execute(
            f"SELECT gram, names FROM gram_counts WHERE gram IN ({_marks(tokens)})", tokens
        ).fetchall()
    )
    if len(counts) < len(tokens):
        return {}  # a bigram no name has (a typo's, mostly): no name contains the key
    rarest = min(tokens, key=lambda gram: (counts[gram], gram))
    if len(key) > 2 and counts[rarest] <= RARE_SCAN:
        # The names with its rarest bigram, read for the key itself: a phrase would read the
        # positions of every common bigram (示例, 知识) in every name.
        sql = (
            f"{_NAMES} WHERE id IN (SELECT rowid FROM search_grams WHERE search_grams MATCH ?) "
            "AND instr(name_key, ?) ORDER BY id LIMIT ?"
        )
        return _named(db.execute(sql, [f'bigrams : "{rarest}"', key, SUBSTRING_POOL]))
    # Every bigram common: the phrase matches many names, and the first few end it.
    column = "bigrams" if len(key) > 1 else "unigrams"
    phrase = " ".join(grams(key, 2)) if len(key) > 1 else key
    sql = (
        f"{_NAMES} WHERE id IN (SELECT rowid FROM search_grams WHERE search_grams MATCH ? LIMIT ?)"
    )
    return _named(db.execute(sql, [f'{column} : "{phrase}"', SUBSTRING_POOL]))


def one_edit_names(db: Readable, key: str) -> list[tuple[str, str, str]]:
    """(subject_kind, subject_id, name key) of the names one typo away from `key`: a character
    replaced, left out, typed twice, or two swapped.

    Typed twice or swapped, the name is one of the key's variants, looked up exactly. Replaced
    or left out at place i, the name begins with key[:i] and ends with key[i + 1:]: a scan of
    the names beginning with the shortest prefix at most NEAR_SCAN keys begin with finds those
    changed after it, and a scan of the reversed keys (`name_rev`) those ending with the
    shortest rest of the key few enough names end with, changed before it. A place whose prefix
    and rest are both common (宁 of 宁波…, and 示例知识产权代理) is not searched: the rarest
    grams are (_rare_gram_pool)."""
    size = len(key)
    if size < NEAR_NAME:
        return []
    variants = {key[:i] + key[i + 1 :] for i in range(size)}
    variants |= {key[:i] + key[i + 1] + key[i] + key[i + 2 :] for i in range(size - 1)}
    variants.discard(key)
    found = sorted(variants)
    rows: list[tuple[str, str, str]] = db.execute(
        f"{_KEYS} WHERE key IN ({_marks(found)}) AND key_kind IN ('name', 'former_name')", found
    ).fetchall()
    few = _Few(db, key)
    start = next((n for n in range(1, size) if few.begin_with(key[:n])), size)
    rows += _beginning_with(db, key[:start], (size, size + 1))
    # The shortest rest of the key few names end with (the longer, the fewer), as a place.
    rests = range(min(start, size - 1), 0, -1)
    if end := next((n for n in rests if few.end_with(key[n:])), 0):
        rows += _ending_with(db, key[end:], (size, size + 1))
    return [row for row in rows if OSA.distance(key, row[2], score_cutoff=1) == 1]


_KEYS = "SELECT subject_kind, subject_id, key FROM lookup_keys"
_LAST = "\U0010ffff"  # sorts after every character: key[:n] + _LAST bounds the keys beginning so


class _Few:
    """Whether few names (NEAR_SCAN) begin or end with a piece of one key. The names holding
    the piece's rarest gram bound them: the index is counted only when that bound is neither
    small nor many times too large (宁: 宁波…; 示例知识产权代理: every other name)."""

    def __init__(self, db: Readable, key: str) -> None:
        self.db = db
        tokens = sorted({*key, *grams(key, 2)})
        sql = f"SELECT gram, names FROM gram_counts WHERE gram IN ({_marks(tokens)})"
        self.names: dict[str, int] = dict(db.execute(sql, tokens).fetchall())

    def begin_with(self, piece: str) -> bool:
        return self._few(piece, piece)

    def end_with(self, piece: str) -> bool:
        return self._few(piece, piece[::-1])  # the reversed keys (name_rev) begin so

    def _few(self, piece: str, prefix: str) -> bool:
        bound = min(self.names.get(gram, 0) for gram in grams(piece, 2))
        if bound <= NEAR_SCAN or bound > 4 * NEAR_SCAN:
            return bound <= NEAR_SCAN
        (count,) = self.db.execute(
            "SELECT count(*) FROM (SELECT 1 FROM lookup_keys WHERE key >= ? AND key < ? LIMIT ?)",
            [prefix, prefix + _LAST, NEAR_SCAN + 1],
        ).fetchone()
        return bool(count <= NEAR_SCAN)


def _beginning_with(
    db: Readable, prefix: str, lengths: tuple[int, int] | None = None
) -> list[tuple[str, str, str]]:
    """Names beginning with `prefix` (of one of two `lengths`, when given)."""
    sql = f"{_KEYS} WHERE key >= ? AND key < ? AND key_kind IN ('name', 'former_name')"
    if lengths is None:
        return db.execute(sql + " LIMIT ?", [prefix, prefix + _LAST, SUBSTRING_POOL]).fetchall()
    sql += " AND length(key) IN (?, ?)"
    return db.execute(sql, [prefix, prefix + _LAST, *lengths]).fetchall()


def _ending_with(db: Readable, rest: str, lengths: tuple[int, int]) -> list[tuple[str, str, str]]:
    """Names of one of two lengths ending with `rest`, from their reversed keys."""
    backwards = rest[::-1]
    sql = f"{_KEYS} WHERE key >= ? AND key < ? AND key_kind = 'name_rev' AND length(key) IN (?, ?)"
    found = db.execute(sql, [backwards, backwards + _LAST, *lengths]).fetchall()
    return [(kind, subject_id, name[::-1]) for kind, subject_id, name in found]


def _rare_gram_pool(db: Readable, key: str) -> list[int]:
    """The VOTED names sharing most of the query's least common characters and bigrams: what
    survives a typo. A gram counts the more the rarer it is (1 / names², as the site's
    directory weighs it), so sharing a rare character outweighs sharing the industry words.
    Grams in more than GRAM_POOL names would only break ties and are not read, unless no
    gram is rarer: then the rarest, its first GRAM_POOL names."""
    tokens = set(grams(key, 2)) | set(key) | {"~" + g for g in skip_grams(key)}
    marks = ", ".join("?" for _ in tokens)
    counted = db.execute(
        f"SELECT gram, names FROM gram_counts WHERE gram IN ({marks}) ORDER BY names LIMIT ?",
        [*tokens, RAREST_GRAMS],
    ).fetchall()
    weights: Counter[int] = Counter()
    votes: Counter[int] = Counter()
    for gram, names in [row for row in counted if row[1] <= GRAM_POOL] or counted[:1]:
        column = "skips" if gram[0] == "~" else "bigrams" if len(gram) == 2 else "unigrams"
        for (rowid,) in db.execute(
            "SELECT rowid FROM search_grams WHERE search_grams MATCH ? LIMIT ?",
            [f'{column} : "{gram.lstrip("~")}"', GRAM_POOL],
        ):
            weights[rowid] += 1 / names**2
            votes[rowid] += 1
    return sorted(weights, key=lambda rowid: (-weights[rowid], -votes[rowid], rowid))[:VOTED]


def _rank(key: str, rows: list[tuple[str, str, str]]) -> list[Hit]:
    """Best first: a name scores by its whole and by its trade name, which clones copy; a name
    one typo away by how likely that typo is (typo_likeness)."""
    trade, sound = trade_name(key), sound_key(key)
    best: dict[str, Hit] = {}
    for subject_kind, subject_id, candidate in rows:
        scored = _score(key, trade, sound, candidate)
        if scored is None:
            continue
        match_kind, score, lookalike = scored
        if subject_id not in best or score > best[subject_id].score:
            best[subject_id] = Hit(subject_kind, subject_id, match_kind, score, lookalike)
    return sorted(best.values(), key=lambda h: (-h.score, h.id))[:CANDIDATES]


def _score(key: str, trade: str, sound: str, candidate: str) -> tuple[str, float, bool] | None:
    """(match kind, score, lookalike) of a registered name key as what the query's `key`
    means; None when the two share only the industry words: not a name anyone would mistake."""
    whole = OSA.normalized_similarity(key, candidate)
    if key in candidate:
        return "partial", round(0.5 + whole / 2, 3), False
    other_trade = trade_name(candidate)
    trade_alike = OSA.normalized_similarity(trade, other_trade) if trade and other_trade else whole
    if trade_alike < 0.5 and whole < 0.85:
        return None
    lookalike = trade_alike == 1 or (whole >= LOOKALIKE and trade_alike >= 0.5)
    score = (whole + trade_alike) / 2
    if len(candidate) == len(key) and sound_key(candidate) == sound:
        # Sounds the same: the rest of the name is the same too.
        lookalike, score = True, max(score, 0.95)
    elif trade_alike == 1:  # a clone keeps the trade name and changes the rest
        # …and the closer whole name goes first among firms sharing a trade name.
        lookalike, score = True, max(score, 0.9 + whole / 20)
    if OSA.distance(key, candidate, score_cutoff=1) == 1:
        # One typo away: the likelier the typo, the likelier the name was meant. An unrelated
        # character replaced (a name of its own) ranks below a clone of the trade name.
        typo = 0.85 + typo_likeness(key, candidate) / 10 + whole / 25
        lookalike, score = True, max(score, typo)
    return "fuzzy", round(score, 3), lookalike


def typo_likeness(typed: str, meant: str) -> float:
    """How likely `typed` is `meant` mistyped, 0 to 1, for two keys one edit apart: a character
    that sounds or looks like the one meant (char_likeness: 1 for the same sound), two
    neighbours swapped or one typed twice (0.9), one left out (0.8: any could be), an
    unrelated one more (0)."""
    if len(typed) == len(meant):
        at = next(i for i, (a, b) in enumerate(zip(typed, meant, strict=True)) if a != b)
        if typed[at + 1 : at + 2] == meant[at : at + 1] and meant[at + 1 : at + 2] == typed[at]:
            return 0.9  # two neighbours swapped
        return char_likeness(typed[at], meant[at])
    if len(typed) < len(meant):
        return 0.8
    at = next((i for i, (a, b) in enumerate(zip(typed, meant, strict=False)) if a != b), len(meant))
    doubled = typed[at] in (typed[at - 1 : at] + typed[at + 1 : at + 2])
    return 0.9 if doubled else 0.0


def lookalike_hosts(db: Readable, host: str) -> list[Hit]:
    """Registered sites a host imitates: the registered domain used inside another host
    (huayue-ip.example.evil.com), the same name under another suffix (.com for .com.cn), a
    name one letter off (huayue-lp.com, or a Cyrillic а for the a), or with words joined on
    (login-huayue-ip.com)."""
    labels = host.split(".")
    inner = {
        ".".join(labels[i:j])
        for i in range(len(labels))
        for j in range(i + 2, len(labels))  # labels[i:] itself was looked up exactly
    }
    if (shown := skeleton(host)) != host:  # what it shows, in Latin letters: huayue-ip.сom.cn
        inner.update(parent_hosts(shown))
    hits = exact_keys(db, sorted(inner), ("website",), "website")
    label = site_label(host)
    if len(label) >= NEAR_SITE_LABEL:
        seen = skeleton(label)
        words = seen.split("-")
        # The site name, what it shows, each a letter off, and the words inside it (a word added
        # before or after: login-huayue-ip).
        inside = {
            "-".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)
        }
        near = sorted(
            {label, seen, *one_deletions(label), *one_deletions(seen)}
            | {piece for piece in inside if len(piece) >= NEAR_SITE_LABEL}
        )
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
