"""The directory search index: small static JSON files the browser fetches a few at a time.

Layout under `assets/directory/` (see site/assets/directory.js, which reads it):

- `meta.json`: as-of date, counts, shard counts, the normalisation patterns of bot/normalize.py
  and the sentences of bot/words/verdict.py, so the browser normalises and words answers as the bot.
- `r/<block>.json`: the records (agencies, branches and patent attorneys), BLOCK per file,
  numbered in the order of their name keys; so names that share a trade name (the usual result
  of a name search) sit in one or two files.
- `k/<hash>.json`: exact keys → record numbers. Keys are `i:` identifier (USCC, agency code,
  certificate number), `x:` the first 17 characters of a USCC (for a wrong check character),
  `p:` phone (its first form under bot.normalize.phone_keys), `w:` web host, `n:` name key
  (current and former names). The file is FNV-1a(key) mod the shard count. A key several
  records share lists them in the order bot/lookup.py gives them, so the candidates agree.
- `g/<hash>.json`: name characters, bigrams and skip-bigrams (`~` prefix) → postings, for
  substring and typo search. A posting is `number * 64 + length of the name key` (capped at
  63), delta-coded: the length ranks substring matches as the bot does (for a substring,
  similarity is the length ratio) before any record is fetched. Grams in more than
  STOP_POSTINGS names (知识, 代理, city names) are left out and listed in meta.json: they would
  make the largest files and select nothing. In their place `!<gram>` holds the numbers of the
  bot's own candidates for a query that is that gram alone ("示例"), computed at build time.
- A record carries its reasons as the bot words them (message key, parameters, date and
  source when they differ from the registry's), so the page shows the bot's whole verdict.

No file holds more than a few hundred entries at national scale, and a query fetches at most
a handful of them: never a single giant index, never a page per agency.
"""

from __future__ import annotations

import gzip
import hashlib
import itertools
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from string import Formatter
from typing import Any

import opencc
import sqlite_utils

from bot import normalize, verdict
from bot.check import USCC_STANDARD
from bot.lookup import LOOKALIKE, find
from bot.normalize import compact_id, grams, name_key, phone_keys, web_host
from bot.registry.search_index import skip_grams
from bot.site.agencies import Entry
from bot.verdict import Dataset, Reason
from bot.verdict_view import place
from bot.words import verdict as messages

# Small files: a name search fetches a few gram files and up to a dozen record files, so each
# kilobyte saved here is saved many times per search (scripts/bench_site.py measures it).
BLOCK = 32  # records per record file: ~9 KB raw, ~3.5 KB gzipped at national scale
KEY_SHARD_BYTES = 12_000  # aim of a key file's raw size; the shard count is a power of two
GRAM_SHARD_BYTES = 8_000
STOP_POSTINGS = 1_000  # a gram in more names than this selects nothing useful
FNV_OFFSET = 0x811C9DC5
FNV_PRIME = 0x01000193


def fnv1a(text: str) -> int:
    """32-bit FNV-1a of the UTF-8 bytes: the same few lines in directory.js."""
    value = FNV_OFFSET
    for byte in text.encode("utf-8"):
        value = ((value ^ byte) * FNV_PRIME) & 0xFFFFFFFF
    return value


def shard_of(key: str, count: int) -> int:
    return fnv1a(key) & (count - 1)


@dataclass(frozen=True)
class ShardStats:
    records: int
    files: int
    bytes: int
    gzip_bytes: int
    largest_file: str
    largest_bytes: int
    largest_gzip_bytes: int
    key_shards: int
    gram_shards: int
    stop_grams: int


# The answer the bot gives for a query that is one gram: (kind, id) of its candidates.
CommonAnswer = Callable[[str], list[tuple[str, str]]]
SEVERITY_ORDER = {"danger": 0, "caution": 1, "info": 2}


def bot_candidates(db: sqlite_utils.Database) -> CommonAnswer:
    """The bot's lookup as `write_shards` asks it for the answers it keeps."""

    def answer(query: str) -> list[tuple[str, str]]:
        return [(hit.kind, hit.id) for hit in find(db, query).candidates]

    return answer


def coded_reasons(reasons: Iterable[Reason], data: Dataset) -> list[list[Any]]:
    """Reasons as the browser fills them from meta.json's templates, in the bot's order.

    `[severity letter, message key, params, date, source]`, trailing parts left out when empty
    or the registry's own (most dates are the as-of date, most sources the registry's).
    """
    out = []
    for reason in sorted(reasons, key=lambda r: SEVERITY_ORDER[r.severity]):
        date = reason.date if reason.date != data.as_of else None
        source = reason.source if reason.source != data.source else None
        key = reason.message or reason.code
        coded = [reason.severity[0], key, _zh_params(key, reason.params) or None, date]
        coded.append(source)
        while coded[-1] is None:
            coded.pop()
        out.append(coded)
    return out


def _zh_params(key: str, params: dict[str, Any]) -> dict[str, Any]:
    """The parameters the Chinese sentence uses: the site is in Chinese."""
    used = {name for _, name, _, _ in Formatter().parse(messages.REASONS[key][0]) if name}
    return {name: value for name, value in params.items() if name in used}


def record(
    entry: Entry, number: int, agency_names: dict[str, str], data: Dataset
) -> dict[str, Any]:
    """One result as the browser shows it; empty fields are left out to keep files small."""
    subject = entry.subject
    concerns = coded_reasons(entry.reasons, data)
    if subject.kind == "practitioner":
        fields: dict[str, Any] = {
            "i": number,
            "t": "p",  # a patent attorney; agencies carry no "t"
            "n": subject.name,
            "u": subject.id,
            "s": subject.status,
            "g": subject.credit_grade,
            "l": entry.level,
            "b": subject.agency_name or agency_names.get(subject.agency_uscc or ""),
            "d": subject.district,
            "r": concerns,
        }
    else:
        fields = {
            "i": number,
            "n": subject.name,
            "u": subject.id,
            "c": subject.patent_agency_code,
            "k": subject.agency_kind,
            "p": list(subject.phones),
            "w": list(subject.websites),
            "a": subject.address,
            "d": place(subject),
            "s": subject.status,
            "g": subject.credit_grade,
            "l": entry.level,
            "f": list(subject.former_names),
            "h": subject.parent.name if subject.parent else None,
            "r": concerns,
        }
    return {key: value for key, value in fields.items() if value not in (None, "", [])}


def exact_keys(entry: Entry) -> Iterator[str]:
    """The keys under which bot.lookup finds this subject exactly, in the browser's spelling.

    Former names come last: a subject found by its current name and by a former one is
    listed where the bot lists it, among the current names."""
    subject = entry.subject
    if subject.kind == "practitioner":
        yield "i:" + compact_id(subject.id)
        yield "n:" + name_key(subject.name)
        return
    yield "i:" + subject.id
    # A USCC with a wrong check character offers the agency whose first 17 characters it has.
    yield "x:" + subject.id[:17]
    if subject.patent_agency_code:
        yield "i:" + compact_id(subject.patent_agency_code)
    for phone in subject.phones:
        forms = phone_keys(phone)
        if forms:
            yield "p:" + forms[0]  # a query's forms always include a stored number's first
    for site in subject.websites:
        host = web_host(site)
        if host:
            yield "w:" + host
    for name in (subject.name, *subject.former_names):
        key = name_key(name)
        if key:
            yield "n:" + key


def bot_order(numbers: list[tuple[int, int, str]]) -> list[int]:
    """Numbers of the records one key finds, as bot/lookup.py _exact returns them.

    Each is (number, 0 for a current name or an identifier / 1 for a former name, id). The
    bot reads lookup_keys by (key, key_kind DESC) on its primary key, so current names come
    before former ones and, within each, identifiers in descending order; tests/
    test_site_build.py compares the two on records that share a name.
    """
    best: dict[int, tuple[int, str]] = {}
    for number, former, subject_id in numbers:
        if number not in best or former < best[number][0]:
            best[number] = (former, subject_id)
    ordered = sorted(best.items(), key=lambda item: item[1][1], reverse=True)
    return [number for number, _ in sorted(ordered, key=lambda item: item[1][0])]


LENGTH_BITS = 64  # a posting is number * 64 + key length


def name_grams(entry: Entry) -> dict[str, int]:
    """Each gram of the subject's names, with the length of the shortest name key holding it.

    Characters, bigrams and skip-bigrams (`~`), as bot/registry/search_index.py indexes them:
    a swapped pair of characters (涛澜 for 澜涛) shares no bigram, only its rare characters.
    """
    found: dict[str, int] = {}
    for name in (entry.subject.name, *entry.subject.former_names):
        key = name_key(name)
        tokens = [*key, *grams(key, 2), *("~" + g for g in skip_grams(key))] if key else []
        for gram in tokens:
            found[gram] = min(found.get(gram, len(key)), len(key))
    return found


def write_shards(
    entries: Iterable[Entry],
    data: Dataset,
    folder: Path,
    *,
    today: date,
    bot_username: str | None = None,
    common_answer: CommonAnswer | None = None,
    stop_postings: int = STOP_POSTINGS,
) -> ShardStats:
    """Write the whole directory index (agencies and practitioners) into `folder`.

    `common_answer(gram)` is the bot's answer to a query that is one gram too common to index
    (bot.lookup.find's candidates), kept so the browser gives the same for "示例"."""
    ordered = sorted(entries, key=lambda e: (name_key(e.subject.name), e.subject.id))
    agency_names = {e.subject.id: e.subject.name for e in ordered if e.subject.kind == "agency"}
    writer = _Writer(folder)
    for start in range(0, len(ordered), BLOCK):
        chunk = ordered[start : start + BLOCK]
        block = [record(e, start + i, agency_names, data) for i, e in enumerate(chunk)]
        writer.write(f"r/{start // BLOCK:x}.json", block)

    found_by: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    postings: dict[str, list[int]] = defaultdict(list)
    for number, entry in enumerate(ordered):
        former_from = _former_keys(entry)
        for key in dict.fromkeys(exact_keys(entry)):
            found_by[key].append((number, int(key in former_from), entry.subject.id))
        for gram, length in name_grams(entry).items():
            postings[gram].append(number * LENGTH_BITS + min(length, LENGTH_BITS - 1))
    keys = {key: bot_order(numbers) for key, numbers in found_by.items()}
    stop = sorted(g for g, ids in postings.items() if len(ids) > stop_postings)
    for gram in stop:
        del postings[gram]
    coded: dict[str, list[int]] = {gram: _deltas(ids) for gram, ids in postings.items()}
    if common_answer is not None:
        numbers = {(e.subject.kind, e.subject.id): n for n, e in enumerate(ordered)}
        for text in sorted(common_texts(ordered, set(stop))):
            found = (numbers.get(hit) for hit in common_answer(text))
            coded["!" + text] = [n for n in found if n is not None]
    key_shards = writer.sharded("k", keys, KEY_SHARD_BYTES)
    gram_shards = writer.sharded("g", coded, GRAM_SHARD_BYTES)

    meta = _meta(data, today, bot_username, len(ordered), key_shards, gram_shards, stop)
    meta["agencies"] = len(agency_names)
    meta["examples"] = examples(ordered)
    # The words that pose as a state organ too: "國家知識產權局" must read as the bot reads it.
    names = [*(e.subject.name for e in ordered), verdict.STATE_ORGAN_TERMS.pattern]
    meta["t2s"] = _t2s_map(names)
    meta["v"] = writer.digest()[:12]
    writer.write("meta.json", meta)
    return writer.stats(len(ordered), key_shards, gram_shards, len(stop))


def examples(entries: list[Entry]) -> list[str]:
    """What the search box suggests trying, taken from the registry so each finds a record:
    a clean Shanghai head office's name, its USCC and its phone."""
    for entry in entries:
        subject = entry.subject
        local = (subject.province or "").startswith("上海")
        if entry.level == "ok" and local and subject.parent is None and subject.phones:
            return [subject.name, subject.id, subject.phones[0]]
    return []


COMMON_TEXT = 12  # characters: longer runs of common words are no query anyone types


def common_texts(entries: Iterable[Entry], stop: set[str]) -> set[str]:
    """Every part of a registered name made only of stop grams: "示例", "知识产权", "代理".

    The browser has no postings for such a query, so the shards keep the bot's answer to
    each; they are the industry words and their pieces, a few hundred at national scale."""
    found: set[str] = set()
    for entry in entries:
        for name in (entry.subject.name, *entry.subject.former_names):
            key = name_key(name)
            found.update(ch for ch in key if ch in stop)
            start = 0
            for end in range(1, len(key) + 1):
                if end == len(key) or key[end - 1 : end + 1] not in stop:
                    run = key[start:end]
                    for i in range(len(run) - 1):
                        for j in range(i + 2, min(len(run), i + COMMON_TEXT) + 1):
                            found.add(run[i:j])
                    start = end
    return {text for text in found if name_key(text) == text}


def _former_keys(entry: Entry) -> set[str]:
    """The `n:` keys only a former name gives (a current name wins when both give one)."""
    subject = entry.subject
    if subject.kind != "agency":
        return set()
    current = "n:" + name_key(subject.name)
    return {"n:" + name_key(name) for name in subject.former_names} - {current}


def _deltas(ids: list[int]) -> list[int]:
    """Ascending postings as gaps: small numbers, which JSON and gzip keep short."""
    return [ids[0], *(b - a for a, b in itertools.pairwise(ids))]


def _meta(
    data: Dataset,
    today: date,
    bot_username: str | None,
    count: int,
    key_shards: int,
    gram_shards: int,
    stop: list[str],
) -> dict[str, Any]:
    zh = 0  # the index of Chinese in bot.words.verdict' (zh, en) pairs
    return {
        "as_of": data.as_of,
        "source": data.source,
        "fictional": data.fictional,
        "today": today.isoformat(),
        "count": count,
        "block": BLOCK,
        "length_bits": LENGTH_BITS,
        "keys": key_shards,
        "grams": gram_shards,
        "stop": stop,
        "bot": bot_username or "",
        "lookalike": LOOKALIKE,
        "uscc_standard": USCC_STANDARD,
        # The patterns bot/normalize.py and bot/verdict.py match with; Python's syntax here is
        # also JavaScript's. Sent, not copied, so the browser cannot drift from the bot.
        "re": {
            "separators": normalize._SEPARATORS.pattern,
            "forms": normalize._FORMS.pattern,
            "leading_region": normalize._LEADING_REGION.pattern,
            "trailing_company": normalize._TRAILING_COMPANY.pattern,
            "industry": normalize._INDUSTRY.pattern,
            "not_word": normalize._NOT_WORD.pattern,
            "state_organ_terms": verdict.STATE_ORGAN_TERMS.pattern,
            "state_organ_hosts": verdict.STATE_ORGAN_HOSTS.pattern,
        },
        "uscc_alphabet": normalize.USCC_ALPHABET,
        "text": {
            "levels": {k: [v[0], v[1]] for k, v in messages.LEVELS.items()},
            "statuses": {k: v[zh] for k, v in messages.STATUSES.items()},
            "kinds": {k: v[zh] for k, v in messages.AGENCY_KINDS.items()},
            "headlines": {k: v[zh] for k, v in messages.HEADLINES.items()},
            "reasons": {k: v[zh] for k, v in messages.REASONS.items()},
            "labels": {k: v[zh] for k, v in messages.LABELS.items()},
            "why": {k: v[zh] for k, v in messages.CANDIDATE_WHY.items()},
            "view": {k: v[zh] for k, v in messages.VIEW_WORDS.items()},
        },
    }


_T2S = opencc.OpenCC("t2s")


def _t2s_map(names: Iterable[str]) -> str:
    """Traditional → simplified for the characters of registered names, as "華华誠诚…".

    bot.normalize.fold runs OpenCC; the browser has no OpenCC, but a query only needs the
    characters that could match a registered name, which this short table covers.
    """
    wanted = {ch for name in names for ch in normalize.fold(name)}
    pairs = []
    for code in range(0x3400, 0xA000):
        char = chr(code)
        simple = _T2S.convert(char)
        if simple != char and len(simple) == 1 and simple in wanted:
            pairs.append(char + simple)
    return "".join(pairs)


class _Writer:
    """Writes files compactly and keeps the numbers the summary and the benchmark report."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.sizes: dict[str, tuple[int, int]] = {}
        self._hash = hashlib.sha256()

    def write(self, name: str, value: Any) -> None:
        body = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        path = self.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body)
        self._hash.update(name.encode() + body)
        self.sizes[name] = (len(body), len(gzip.compress(body, compresslevel=6)))

    def sharded(self, prefix: str, entries: dict[str, Any], aim: int) -> int:
        """Spread entries over a power-of-two number of files of about `aim` bytes each."""
        total = sum(_entry_bytes(k, v) for k, v in entries.items())
        count = 1
        while total / count > aim:
            count *= 2
        shards: list[dict[str, Any]] = [{} for _ in range(count)]
        for key in sorted(entries):
            shards[shard_of(key, count)][key] = entries[key]
        for number, shard in enumerate(shards):
            self.write(f"{prefix}/{number:x}.json", shard)
        return count

    def digest(self) -> str:
        return self._hash.hexdigest()

    def stats(self, records: int, key_shards: int, gram_shards: int, stop: int) -> ShardStats:
        largest = max(self.sizes, key=lambda name: self.sizes[name][0])
        return ShardStats(
            records=records,
            files=len(self.sizes),
            bytes=sum(raw for raw, _ in self.sizes.values()),
            gzip_bytes=sum(packed for _, packed in self.sizes.values()),
            largest_file=largest,
            largest_bytes=self.sizes[largest][0],
            largest_gzip_bytes=max(packed for _, packed in self.sizes.values()),
            key_shards=key_shards,
            gram_shards=gram_shards,
            stop_grams=stop,
        )


def _entry_bytes(key: str, value: Any) -> int:
    return len(key.encode("utf-8")) + len(json.dumps(value, separators=(",", ":"))) + 4
