"""The directory search index: small static JSON files the browser fetches a few at a time.

Layout under `assets/directory/` (see site/assets/directory.js, which reads it):

- `meta.json`: as-of date, counts, shard counts, the normalisation patterns of bot/normalize.py,
  the patterns and word lists bot/query_reading.py reads pasted text with, what libphonenumber
  knows of Chinese numbers, and the sentences of bot/words/verdict.py, so the browser reads,
  normalises and words answers as the bot.
- `r/<block>.json`: the records (agencies, branches and patent attorneys), BLOCK per file,
  numbered in the order of their name keys; so names that share a trade name (the usual result
  of a name search) sit in one or two files.
- `k/<hash>.json`: exact keys → record numbers. Keys are `i:` identifier (USCC, agency code,
  certificate number), `x:` the first 17 characters of a USCC (for a wrong check character),
  `p:` phone (its first form under bot.normalize.phone_keys), `w:` web host, `n:` name key
  (current and former names), `s:` a registered site's name without its suffix and each of its
  one-letter deletions (the `site_label` keys bot/lookup.py lookalike_hosts reads). The file is
  the top bits of CRC-32(key) (as many as the shard count has); the browser orders the records
  a key finds as the bot does.
  `t:<top-level domain>` holds the public suffixes of more than one label under it (com.cn,
  *.kawasaki.jp): all the browser needs of the public suffix list to find a host's site name.
- `g/<hash>.json`: name characters, bigrams and skip-bigrams (`~` prefix) → postings, for
  substring and typo search. A posting is `number * 64 + length of the name key` (capped at
  63), delta-coded: the length ranks substring matches as the bot does (for a substring,
  similarity is the length ratio) before any record is fetched. Grams in more than
  STOP_POSTINGS names (知识, 代理, city names) are left out and listed in meta.json: they would
  make the largest files and select nothing. In their place `!<gram>` holds the numbers of the
  bot's own candidates for a query that is that gram alone ("示例"), computed at build time.
- A record carries its reasons as the bot words them (message key, parameters, date and
  source when they differ from the registry's), so the page shows the bot's whole verdict,
  and what bot/check_reading.py asks the registry beyond it: a practitioner's agency (`e`, a
  card that names both agrees on one firm) and an agency registered outside Shanghai (`o`,
  which "上海…" may not name: bot/lookup.py same_form).

No file holds more than a few hundred entries at national scale (the largest is `t:jp`'s
1,790 suffixes), and a query fetches a handful of them, a few dozen for text that holds a web
address or names nothing registered: never a single giant index, never a page per agency.

Writing it for three times the national registry holds little in memory: the records are read
and written a batch at a time in name order (write_directory), SQLite sorts the keys into
their files, and two helper processes write the key and the gram files meanwhile
(shard_helper.py).
"""

from __future__ import annotations

import gzip
import hashlib
import itertools
import json
import re
import sqlite3
import zlib
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass
from datetime import date
from functools import cache
from operator import itemgetter
from pathlib import Path
from string import Formatter
from typing import Any, TypeVar

import opencc
import phonenumbers
import sqlite_utils

from bot import clock, normalize, query_reading, query_words, safe_text, state_organs
from bot.answers import USCC_STANDARD
from bot.districts import registered_in_shanghai
from bot.lookup import LOOKALIKE
from bot.normalize import (
    NEAR_SITE_LABEL,
    compact_id,
    grams,
    name_key,
    phone_keys,
    skip_grams,
)
from bot.registry import reader
from bot.registry.search_index import site_keys
from bot.site import shard_helper
from bot.site.agencies import Entry, SubjectLoader, in_shanghai
from bot.site.common_words import CommonAnswers, bot_answers, common_words
from bot.verdict import Dataset, Reason
from bot.verdict_view import place
from bot.words import verdict as messages

# Small files: a name search fetches a few gram files and up to a dozen record files, so each
# kilobyte saved here is saved many times per search (scripts/bench_site.py measures it).
BLOCK = 32  # records per record file: ~9 KB raw, ~3.5 KB gzipped at national scale
KEY_SHARD_BYTES = 12_000  # aim of a key file's raw size; the shard count is a power of two
GRAM_SHARD_BYTES = 8_000
STOP_POSTINGS = 1_000  # a gram in more names than this selects nothing useful
PARTS = ("keys", "grams")  # the two halves of the search files, in the order they are joined


def key_hash(text: str) -> int:
    """CRC-32 of the UTF-8 bytes (zlib's, in C: millions of keys a second); directory.js
    computes the same to find a key's file."""
    return zlib.crc32(text.encode("utf-8"))


def shard_of(key: str, count: int) -> int:
    """A key's file among `count` (a power of two): the top bits of its hash, so that keys in
    hash order come a file at a time."""
    return key_hash(key) >> (32 - _bits(count))


def _bits(count: int) -> int:
    bits = count.bit_length() - 1
    if count != 1 << bits:
        raise ValueError(f"a shard count is a power of two, not {count}")
    return bits


@dataclass(frozen=True)
class ShardStats:
    records: int
    agencies: int  # of the records; the rest are practitioners
    files: int
    bytes: int
    gzip_bytes: int  # estimated from one file in GZIP_SAMPLE of each folder
    largest_file: str
    largest_bytes: int
    largest_gzip_bytes: int  # the largest file's, gzipped
    key_shards: int
    gram_shards: int
    stop_grams: int


SEVERITY_ORDER = {"danger": 0, "caution": 1, "info": 2}


def bot_candidates(db: sqlite_utils.Database) -> CommonAnswers:
    """The bot's lookup as `write_shards` asks it for the answers it keeps."""
    return bot_answers(db)


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
    used = _fields_of(key)
    return {name: value for name, value in params.items() if name in used}


@cache
def _fields_of(key: str) -> frozenset[str]:
    """The fields a reason's Chinese sentence names (read once per sentence, not per record)."""
    return frozenset(name for _, name, _, _ in Formatter().parse(messages.REASONS[key][0]) if name)


def record(entry: Entry, number: int, data: Dataset) -> dict[str, Any]:
    """One result as the browser shows it; empty fields are left out to keep files small.

    A practitioner's agency name is the one their subject carries: the registered agency's
    (bot/site/agencies.py reads it with them)."""
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
            "b": subject.agency_name,
            "e": subject.agency_uscc,  # the USCC of their agency: a card names both
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
            # Registered outside Shanghai: "上海…" may not name it (bot/lookup.py same_form).
            "o": None if registered_in_shanghai(subject.province) else 1,
            "r": concerns,
        }
    return {key: value for key, value in fields.items() if value not in (None, "", [])}


def exact_keys(entry: Entry) -> Iterator[str]:
    """The keys under which bot.lookup finds this subject exactly, in the browser's spelling.

    The same keys as the registry's lookup_keys (bot/registry/search_index.py), from which
    `write_directory` reads them; this is the reading of one subject, for `write_shards`."""
    subject = entry.subject
    if subject.kind == "practitioner":
        found = ["i:" + compact_id(subject.id), "n:" + name_key(subject.name)]
        yield from (key for key in found if len(key) > 2)
        return
    yield "i:" + subject.id
    # A USCC with a wrong check character offers the agency whose first 17 characters it has.
    yield "x:" + subject.id[:17]
    code = compact_id(subject.patent_agency_code or "")
    if code:
        yield "i:" + code
    for phone in subject.phones:
        yield from first_phone_key(phone)
    for site in subject.websites:
        for key, kind in site_keys(site):
            yield ("w:" if kind == "website" else "s:") + key
    for name in (subject.name, *subject.former_names):
        key = name_key(name)
        if key:
            yield "n:" + key


def first_phone_key(phone: str) -> list[str]:
    """`p:` and a number's first form, if it is a number: a query's forms always include a
    stored number's first."""
    forms = phone_keys(phone)
    return ["p:" + forms[0]] if forms else []


def suffix_rules() -> dict[str, list[str]]:
    """`t:<top-level domain>` → the public suffixes of more than one label under it, without it.

    A host's site name (bot.normalize.site_label) is the label before its public suffix, else
    its second-last label; a one-label suffix (com, example) gives the second-last label too,
    so only the longer rules (com.cn, *.sch.uk, !www.ck) change an answer. Labels are written
    in ASCII (punycode), as a host read from pasted text is."""
    rules: dict[str, list[str]] = defaultdict(list)
    for suffix in normalize.ascii_suffixes():
        *under, top = suffix.split(".")
        if under:
            rules["t:" + top].append(".".join(under))
    return {key: sorted(found) for key, found in sorted(rules.items())}


LENGTH_BITS = 64  # a posting is number * 64 + key length


def _grams_of(key: str) -> dict[str, int]:
    """Each gram of a name key with the key's length: characters, bigrams and skip-bigrams
    (`~`), as bot/registry/search_index.py indexes them (a swapped pair of characters, 涛澜 for
    澜涛, shares no bigram, only its rare characters)."""
    tokens = [*key, *grams(key, 2), *("~" + g for g in skip_grams(key))]
    return dict.fromkeys(tokens, len(key))


def write_shards(
    entries: Iterable[Entry],
    data: Dataset,
    folder: Path,
    *,
    today: date,
    bot_username: str | None = None,
    common_answer: CommonAnswers | None = None,
    stop_postings: int = STOP_POSTINGS,
) -> ShardStats:
    """Write the whole directory index of these entries into `folder`, all held at once.

    `common_answer(texts, stop)` gives the bot's answers to queries of grams too common to
    index (bot.lookup.find's candidates, bot/site/common_words.py), kept so the browser gives
    the same for "示例". The site
    build writes the same files with `write_directory`, reading the registry in batches."""
    keyed = sorted(((name_key(e.subject.name), e) for e in entries), key=_name_order)
    numbers = {(e.subject.kind, e.subject.id): n for n, (_, e) in enumerate(keyed)}
    records = _Records(folder, data)
    with closing(sqlite3.connect(":memory:")) as conn:
        conn.executescript(_SCRATCH)
        for number, (key, entry) in enumerate(keyed):
            records.add(entry)
            subject = entry.subject
            rows = ((key, number) for key in exact_keys(entry))
            conn.executemany("INSERT INTO site_key_rows VALUES (?, ?)", rows)
            names = [key, *(name_key(name) for name in subject.former_names)]
            conn.executemany("INSERT INTO site_names VALUES (?, ?)", ((number, n) for n in names))
        search = write_search_files(
            conn,
            folder,
            keys_sql="SELECT key, number FROM site_key_rows",
            names_sql="SELECT number, key FROM site_names ORDER BY number",
            common_answer=common_answer,
            number_of=lambda kind, subject_id: numbers.get((kind, subject_id)),
            stop_postings=stop_postings,
        )
    return records.finish(search, today=today, bot_username=bot_username)


def _name_order(keyed: tuple[str, Entry]) -> tuple[str, str]:
    return keyed[0], keyed[1].subject.id


def write_directory(
    db: sqlite_utils.Database,
    loader: SubjectLoader,
    folder: Path,
    *,
    today: date,
    bot_username: str | None = None,
    answers: bool = True,
    stop_postings: int = STOP_POSTINGS,
    helper: bool | shard_helper.Started = True,
) -> ShardStats:
    """`write_shards` for the whole registry, read a batch of subjects at a time.

    Subjects are numbered in the order of their name keys in the search index (the registry's
    search_names, which bot.lookup reads), and their exact keys are its lookup_keys: SQLite
    sorts and groups those, so the build holds neither every record nor every key in Python.
    With `helper`, the key and gram files are written by a process of their own
    (bot/site/shard_helper.py) reading the same registry, while this one writes the records;
    the site build starts it earlier and passes it. `answers`: keep the bot's answers to the
    commonest words (bot_candidates)."""
    conn = db.conn
    started = (
        helper
        if isinstance(helper, shard_helper.Started)
        else (shard_helper.start(db, folder, answers, stop_postings) if helper else None)
    )
    try:
        if started is None:  # else the helpers' start numbered the subjects for all
            number_subjects(conn)
        records = _Records(folder, loader.data)
        try:
            cursor = conn.execute("SELECT number, subject_kind, subject_id FROM site_numbers")
            while batch := cursor.fetchmany(READ_BATCH):
                entries = loader.entries([(kind, subject_id) for _, kind, subject_id in batch])
                for (number, _, _), entry in zip(batch, entries, strict=True):
                    if number != records.count:
                        raise RuntimeError(f"subject numbers out of step at {number}")
                    records.add(entry)
        except BaseException:
            if started is not None:
                started.stop()
            raise
        search = started.result() if started is not None else None
        if search is None:  # no helper (an in-memory registry), or the registry changed
            search = search_files_of(db, folder, answers=answers, stop_postings=stop_postings)
        return records.finish(search, today=today, bot_username=bot_username)
    finally:
        conn.executescript(_DROP_SCRATCH)
        if started is not None:
            started.close()


def search_files_of(
    db: sqlite_utils.Database,
    folder: Path,
    *,
    answers: bool,
    stop_postings: int,
    parts: Sequence[str] = PARTS,
) -> SearchFiles:
    """The key and gram files of the registry `db`, numbered by its site_numbers: both
    `parts`, or one of them (the build's helpers write one each, side by side)."""
    conn = db.conn
    conn.executescript(_SCRATCH)
    if "keys" in parts:
        phones = (
            (key, uscc)
            for uscc, numbers in reader.agency_phones(db)
            for phone in numbers
            for key in first_phone_key(phone)
        )
        conn.executemany("INSERT INTO site_phones VALUES (?, ?)", phones)
    return write_search_files(
        conn,
        folder,
        keys_sql=_REGISTRY_KEYS,
        names_sql=_REGISTRY_NAMES,
        common_answer=bot_candidates(db) if answers else None,
        number_of=lambda kind, subject_id: _number_in_db(conn, kind, subject_id),
        stop_postings=stop_postings,
        parts=parts,
    )


READ_BATCH = 1_024  # subjects read from the registry at a time
# The subjects in the order of their name keys, numbered from 0 (the records' numbers), in
# `schema`: the connection's temporary tables, or a database of their own that the build and
# its helpers share (shard_helper.start), so that one process sorts them. Queries name the
# table alone: SQLite finds it in whichever schema holds it.
NUMBERED = """
CREATE TABLE {schema}.site_numbers (
    number INTEGER PRIMARY KEY, subject_kind TEXT NOT NULL, subject_id TEXT NOT NULL);
INSERT INTO {schema}.site_numbers
    SELECT row_number() OVER (ORDER BY name_key, subject_id) - 1, subject_kind, subject_id
    FROM search_names WHERE former = 0;
CREATE UNIQUE INDEX {schema}.site_numbers_subject ON site_numbers (subject_kind, subject_id);
"""


def number_subjects(conn: sqlite3.Connection, schema: str = "temp") -> None:
    conn.executescript(NUMBERED.format(schema=schema))


# What the key and gram files are made from: exact keys as rows (write_shards fills them), then
# one per key and record in hash order; each record's name keys; each agency's phone keys.
_SCRATCH = """
CREATE TEMP TABLE site_key_rows (key TEXT NOT NULL, number INTEGER NOT NULL);
CREATE TEMP TABLE site_keys (
    h INTEGER NOT NULL, key TEXT NOT NULL, number INTEGER NOT NULL,
    PRIMARY KEY (h, key, number)) WITHOUT ROWID;
CREATE TEMP TABLE site_names (number INTEGER NOT NULL, key TEXT NOT NULL);
CREATE TEMP TABLE site_phones (key TEXT NOT NULL, uscc TEXT NOT NULL);
"""
_DROP_SCRATCH = """
DROP TABLE IF EXISTS temp.site_numbers;
DROP TABLE IF EXISTS temp.site_key_rows;
DROP TABLE IF EXISTS temp.site_keys;
DROP TABLE IF EXISTS temp.site_names;
DROP TABLE IF EXISTS temp.site_phones;
"""
# exact_keys of every subject, from the search index: the registry's lookup_keys in the
# browser's spelling (not name_rev, which only the bot's near-name search reads), the first 17
# characters of each USCC, and the first form of each phone.
_REGISTRY_KEYS = """
SELECT CASE k.key_kind WHEN 'website' THEN 'w:' WHEN 'site_label' THEN 's:'
        WHEN 'site_label_del' THEN 's:' WHEN 'name' THEN 'n:' WHEN 'former_name' THEN 'n:'
        ELSE 'i:' END || k.key AS key,
    n.number AS number
FROM lookup_keys k JOIN site_numbers n
    ON n.subject_kind = k.subject_kind AND n.subject_id = k.subject_id
WHERE k.key_kind IN ('uscc', 'code', 'cert', 'website', 'site_label', 'site_label_del', 'name',
    'former_name')
UNION ALL
SELECT 'x:' || substr(subject_id, 1, 17), number FROM site_numbers
WHERE subject_kind = 'agency'
UNION ALL
SELECT p.key, n.number FROM temp.site_phones p JOIN site_numbers n
    ON n.subject_kind = 'agency' AND n.subject_id = p.uscc
"""
# Every name key of every record (current and former names), by record.
_REGISTRY_NAMES = """
SELECT n.number, s.name_key FROM search_names s JOIN site_numbers n
    ON n.subject_kind = s.subject_kind AND n.subject_id = s.subject_id
ORDER BY n.number
"""


def _number_in_db(conn: sqlite3.Connection, kind: str, subject_id: str) -> int | None:
    row = conn.execute(
        "SELECT number FROM site_numbers WHERE subject_kind = ? AND subject_id = ?",
        [kind, subject_id],
    ).fetchone()
    return None if row is None else int(row[0])


@dataclass(frozen=True)
class SearchFiles:
    """What writing the key and gram files found, for meta.json and the summary."""

    key_shards: int
    gram_shards: int
    stop: list[str]
    stop_names: list[str]
    digest: str  # of the files, in the order written
    sizes: dict[str, int]
    gzipped: dict[str, int]


def joined(parts: Sequence[SearchFiles]) -> SearchFiles:
    """The key files' part and the gram files' part (PARTS, in that order) as one, whether one
    process wrote both or each had its own: the same digest either way."""
    digest = hashlib.sha256("".join(part.digest for part in parts).encode()).hexdigest()
    return SearchFiles(
        key_shards=sum(part.key_shards for part in parts),
        gram_shards=sum(part.gram_shards for part in parts),
        stop=[gram for part in parts for gram in part.stop],
        stop_names=[name for part in parts for name in part.stop_names],
        digest=digest,
        sizes={name: size for part in parts for name, size in part.sizes.items()},
        gzipped={name: size for part in parts for name, size in part.gzipped.items()},
    )


class _Records:
    """The record files, written a block at a time as records arrive in name order, with what
    meta.json takes from the records: their count, the characters of their names (for the
    traditional-to-simplified table) and the first that makes a good example."""

    def __init__(self, folder: Path, data: Dataset) -> None:
        self.writer = _Writer(folder)
        self.data = data
        self.count = 0
        self.agencies = 0
        self.block: list[dict[str, Any]] = []
        self.chars: set[str] = set()
        self.examples: list[str] = []

    def add(self, entry: Entry) -> None:
        self.block.append(record(entry, self.count, self.data))
        self.count += 1
        if len(self.block) == BLOCK:
            self._write_block()
        subject = entry.subject
        self.agencies += subject.kind == "agency"
        self.chars.update(normalize.fold(subject.name))
        if not self.examples:
            self.examples = example_of(entry)

    def finish(self, search: SearchFiles, *, today: date, bot_username: str | None) -> ShardStats:
        """meta.json, once the key and gram files are written; the figures of all the files."""
        if self.block:
            self._write_block()
        stop = search.stop
        meta = _meta(
            self.data, today, bot_username, self.count, search.key_shards, search.gram_shards, stop
        )
        meta["agencies"] = self.agencies
        meta["stop_names"] = search.stop_names
        meta["examples"] = self.examples
        # The words that pose as a state organ too: "國家知識產權局" must read as the bot reads it.
        meta["t2s"] = _t2s_map(self.chars | set(normalize.fold(state_organs.POSING.pattern)))
        both = (self.writer.digest() + search.digest).encode()
        meta["v"] = hashlib.sha256(both).hexdigest()[:12]
        self.writer.write("meta.json", meta)
        self.writer.merge(search.sizes, search.gzipped)
        return self.writer.stats(
            self.count, self.agencies, search.key_shards, search.gram_shards, len(stop)
        )

    def _write_block(self) -> None:
        first = self.block[0]["i"]
        self.writer.write(f"r/{first // BLOCK:x}.json", self.block)
        self.block = []


def write_search_files(
    conn: sqlite3.Connection,
    folder: Path,
    *,
    keys_sql: str,
    names_sql: str,
    common_answer: CommonAnswers | None,
    number_of: Callable[[str, str], int | None],
    stop_postings: int,
    parts: Sequence[str] = PARTS,
) -> SearchFiles:
    """The key files (k/) and gram files (g/) from a connection holding the scratch tables:
    both `parts`, or one of them for `joined` to join with the other.

    `keys_sql` gives exact keys as (key, number) rows, `names_sql` every name key as (number,
    key) rows in number order."""
    written = []
    if "keys" in parts:
        written.append(_key_files(conn, folder, keys_sql))
    if "grams" in parts:
        written.append(
            _gram_files(conn, folder, names_sql, common_answer, number_of, stop_postings)
        )
    return written[0] if len(written) == 1 else joined(written)


def _key_files(conn: sqlite3.Connection, folder: Path, keys_sql: str) -> SearchFiles:
    writer = _Writer(folder)
    # zlib's own function on the key's bytes: no Python frame per key (key_hash in SQL).
    conn.create_function("lantian_crc32", 1, zlib.crc32, deterministic=True)
    # One sort, into the order the files are written in; a record found twice under one key
    # (a name and a former name alike) is kept once.
    conn.execute(
        "INSERT OR IGNORE INTO temp.site_keys SELECT lantian_crc32(CAST(key AS BLOB)) AS h, "
        f"key, number FROM ({keys_sql}) ORDER BY h, key, number"
    )
    key_shards = _write_keys(conn, writer, suffix_rules())
    writer.finish()
    return SearchFiles(key_shards, 0, [], [], writer.digest(), writer.sizes, writer.gzipped)


def _gram_files(
    conn: sqlite3.Connection,
    folder: Path,
    names_sql: str,
    common_answer: CommonAnswers | None,
    number_of: Callable[[str, str], int | None],
    stop_postings: int,
) -> SearchFiles:
    writer = _Writer(folder)
    postings = _postings(conn.execute(names_sql), stop_postings)
    stop = sorted(gram for gram, found in postings.items() if found is None)
    grams: dict[str, Sequence[int]] = {
        gram: found for gram, found in postings.items() if found is not None
    }
    del postings
    # Every registered name key (current and former names), once each.
    names_once = f"WITH named(number, key) AS ({names_sql}) SELECT DISTINCT key FROM named"
    common = common_words((key for (key,) in conn.execute(names_once) if key), set(stop))
    if common_answer is not None:
        for text, candidates in common_answer(sorted(common.texts), set(stop)):
            found = (number_of(kind, subject_id) for kind, subject_id in candidates)
            grams["!" + text] = [n for n in found if n is not None]
    gram_shards = writer.sharded("g", grams, GRAM_SHARD_BYTES, _gram_value)
    writer.finish()
    return SearchFiles(
        key_shards=0,
        gram_shards=gram_shards,
        stop=stop,
        stop_names=common.names,
        digest=writer.digest(),
        sizes=writer.sizes,
        gzipped=writer.gzipped,
    )


def _postings(rows: Iterable[tuple[int, str]], stop_postings: int) -> dict[str, array[int] | None]:
    """Each gram's postings (number * 64 + the shortest name key length holding it), from
    (number, name key) rows in number order; None for a gram in more than `stop_postings`
    records, dropped as soon as it is one."""
    postings: dict[str, array[int] | None] = {}
    longest = LENGTH_BITS - 1
    for number, group in itertools.groupby(rows, key=itemgetter(0)):
        first, *former = [key for _, key in group]
        found = _grams_of(first)  # most records have one name: its grams as they are
        for key in former:
            for gram, length in _grams_of(key).items():
                if length < found.get(gram, LENGTH_BITS):
                    found[gram] = length
        base = number * LENGTH_BITS
        for gram, length in found.items():
            held = postings.get(gram, ())
            if held is None:
                continue  # a stop gram already
            if len(held) >= stop_postings:
                postings[gram] = None
                continue
            if not held:
                held = postings[gram] = array("i")
            held.append(base + (length if length < longest else longest))
    return postings


def _write_keys(conn: sqlite3.Connection, writer: _Writer, rules: dict[str, list[str]]) -> int:
    """The key files: each key's records by number, the suffix rules beside them.

    SQLite writes each file's JSON (json_quote), a file per row: millions of keys never pass
    through Python one at a time. The browser takes a key's records as a set and orders them
    as the bot does, so they are listed by number."""
    per_record = conn.execute("SELECT sum(length(number) + 1) FROM temp.site_keys").fetchone()[0]
    per_key = conn.execute(
        "SELECT sum(length(CAST(key AS BLOB)) + 5) FROM "
        "(SELECT key FROM temp.site_keys GROUP BY h, key)"
    ).fetchone()[0]
    rule_bytes = sum(_entry_bytes(k, v) for k, v in rules.items())
    count = _shard_count((per_record or 0) + (per_key or 0) + rule_bytes, KEY_SHARD_BYTES)
    extra: list[list[str]] = [[] for _ in range(count)]
    for key, value in sorted(rules.items()):
        extra[shard_of(key, count)].append(_json(key) + ":" + _json(value))
    files = conn.execute(
        "SELECT h >> ? AS shard, group_concat(json_quote(key) || ':[' || numbers || ']', ',') "
        "FROM (SELECT h, key, group_concat(number) AS numbers FROM temp.site_keys "
        "GROUP BY h, key ORDER BY h, key) GROUP BY shard ORDER BY shard",
        [32 - _bits(count)],
    )
    written = 0  # a file per shard, those without keys too
    for shard, body in itertools.chain(files, [(count, "")]):
        while written <= min(shard, count - 1):
            entries = [body] if written == shard else []
            writer.write_text(f"k/{written:x}.json", "{" + ",".join(entries + extra[written]) + "}")
            written += 1
    return count


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def example_of(entry: Entry) -> list[str]:
    """What the search box suggests trying, if this record will do (the first that does is
    taken): a clean Shanghai head office's name, its USCC and its phone, so each finds it."""
    subject = entry.subject
    local = in_shanghai(subject)
    if entry.level == "ok" and local and subject.parent is None and subject.phones:
        return [subject.name, subject.id, subject.phones[0]]
    return []


def _gram_value(key: str, found: Sequence[int]) -> list[int]:
    """Postings as gaps; the bot's answers (`!…`) as they are, in its order."""
    return list(found) if key.startswith("!") else _deltas(found)


def _deltas(ids: Sequence[int]) -> list[int]:
    """Ascending postings as gaps: small numbers, which JSON and gzip keep short."""
    return [ids[0], *(b - a for a, b in itertools.pairwise(ids))]


def _shard_count(total: int, aim: int) -> int:
    """The fewest files, a power of two, that keep the average under `aim` bytes."""
    count = 1
    while total / count > aim:
        count *= 2
    return count


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
            "form_at_end": normalize._FORM_AT_END.pattern,
            "branch_of": normalize._BRANCH_OF.pattern,
            "bracketed_form_at_end": normalize._BRACKETED_FORM_AT_END.pattern,
            "company_end": normalize._COMPANY_END.pattern,
            "same_form": normalize._SAME_FORM,
            **_organ_patterns(),
            "state_organ_hosts": state_organs.POSING_HOST.pattern,
            "unshowable": safe_text._UNSHOWABLE.pattern,
        },
        "read": _reading(),
        "phone": _phone_metadata(),
        "near_site_label": NEAR_SITE_LABEL,
        "uscc_alphabet": normalize.USCC_ALPHABET,
        "latin_lookalikes": list(normalize.LATIN_LOOKALIKES),
        "text": {
            "levels": {k: [v[0], v[1]] for k, v in messages.LEVELS.items()},
            "statuses": {k: v[zh] for k, v in messages.STATUSES.items()},
            "kinds": {k: v[zh] for k, v in messages.AGENCY_KINDS.items()},
            "headlines": {k: v[zh] for k, v in messages.HEADLINES.items()},
            "reasons": {k: v[zh] for k, v in messages.REASONS.items()},
            "labels": {k: v[zh] for k, v in messages.LABELS.items()},
            "why": {k: v[zh] for k, v in messages.CANDIDATE_WHY.items()},
            "view": {k: v[zh] for k, v in messages.VIEW_WORDS.items()},
            "pieces": {k: v[zh] for k, v in messages.PIECES.items()},
        },
    }


GAP_MARK = "%"  # stands for state_organs.GAP, which sits between every two letters of POSING


def _organ_patterns() -> dict[str, str]:
    """POSING with its gap class sent once: the pattern repeats it between every two letters,
    which would make it most of meta.json."""
    pattern = state_organs.POSING.pattern
    assert GAP_MARK not in pattern
    return {
        "state_organ_terms": pattern.replace(state_organs.GAP, GAP_MARK),
        "gap": state_organs.GAP,
    }


def _flagged(pattern: re.Pattern[str]) -> list[str]:
    """A pattern and the one flag of it JavaScript needs (`i`); the rest are the same there."""
    return [pattern.pattern, "i" if pattern.flags & re.IGNORECASE else ""]


def _reading() -> dict[str, Any]:
    """What bot/query_reading.py reads pasted text with: its patterns and word lists."""
    reading = query_reading
    patterns = {
        "host": reading._HOST,
        "token": reading._TOKEN,
        "extension": reading._EXTENSION,
        "date": clock.DAY,
        "chunk_break": reading._CHUNK_BREAK,
        "label": reading._LABEL,
        "lead": reading._LEAD,
        "trail": reading._TRAIL,
        "edge_marks": reading._EDGE_MARKS,
        "name_end": reading._NAME_END,
        "person": reading._PERSON,
        "personal_name": reading._PERSONAL_NAME,
        "wide_dot": normalize.WIDE_DOT,
    }
    return {
        **{name: _flagged(pattern) for name, pattern in patterns.items()},
        "label_words": sorted(reading._LABEL_WORDS),
        "skipped_labels": sorted(reading._SKIPPED),
        "symbols": list(reading.SYMBOLS),
        "openers": query_words.OPENERS,
        "closers": query_words.CLOSERS,
        "break": query_words.BREAK,
        "misread": "".join(chr(k) + str(v) for k, v in reading._USCC_MISREAD.items()),
        "min_name": reading.MIN_NAME,
        "max_span": reading.MAX_SPAN,
        "max_ends": reading.MAX_ENDS,
    }


def _phone_metadata() -> dict[str, Any]:
    """What libphonenumber knows that the browser's port of its matcher needs: the pattern and
    prefixes of Chinese numbers, and each country calling code's possible lengths, as
    "lengths/local-only lengths:codes;…" ("10/7:1 58;…")."""
    china = phonenumbers.PhoneMetadata.metadata_for_region("CN")
    assert china is not None and china.general_desc is not None
    codes: dict[str, list[str]] = defaultdict(list)
    for code, regions in sorted(phonenumbers.COUNTRY_CODE_TO_REGION_CODE.items()):
        if regions[0] == "001":
            found = phonenumbers.PhoneMetadata.metadata_for_nongeo_region(code)
        else:
            found = phonenumbers.PhoneMetadata.metadata_for_region(regions[0])
        general = found.general_desc if found is not None else None
        if general is None or not general.possible_length:
            continue
        lengths = _ranges(general.possible_length)
        local = _ranges(general.possible_length_local_only or ())
        codes[lengths + ("/" + local if local else "")].append(str(code))
    return {
        "national": china.general_desc.national_number_pattern,
        "prefix": china.national_prefix_for_parsing,
        "idd": china.international_prefix,
        "lengths": ";".join(f"{lengths}:{' '.join(c)}" for lengths, c in codes.items()),
    }


def _ranges(numbers: Iterable[int]) -> str:
    """[5, 6, 7, 9] as "5-7,9"."""
    runs: list[list[int]] = []
    for number in sorted(numbers):
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ",".join(str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs)


_T2S = opencc.OpenCC("t2s")


def _t2s_map(wanted: set[str]) -> str:
    """Traditional → simplified for the characters of registered names (folded, as `wanted`
    holds them), as "華华誠诚…".

    bot.normalize.fold runs OpenCC; the browser has no OpenCC, but a query only needs the
    characters that could match a registered name, which this short table covers.
    """
    pairs = []
    for code in range(0x3400, 0xA000):
        char = chr(code)
        simple = _T2S.convert(char)
        if simple != char and len(simple) == 1 and simple in wanted:
            pairs.append(char + simple)
    return "".join(pairs)


T = TypeVar("T")
# One file in so many is gzipped, each folder's first among them: the total gzipped size is
# estimated from their ratio, folder by folder (gzipping every file took seconds at 3× national).
GZIP_SAMPLE = 16


class _Writer:
    """Writes files compactly and keeps the numbers the summary and the benchmark report: the
    size of every file; gzipped, that of a sample (GZIP_SAMPLE) and of the largest."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.sizes: dict[str, int] = {}
        self.gzipped: dict[str, int] = {}
        self._hash = hashlib.sha256()
        self._folders: set[Path] = set()
        self._sampled: set[Path] = set()  # folders with a file gzipped
        self._largest = ("", b"")  # the first of the largest files written, and its body

    def write(self, name: str, value: Any) -> None:
        self.write_text(name, _json(value))

    def write_text(self, name: str, text: str) -> None:
        """A file of JSON text made elsewhere (SQLite writes the key files)."""
        body = text.encode("utf-8")
        path = self.folder / name
        if path.parent not in self._folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(path.parent)
        path.write_bytes(body)
        self._hash.update(name.encode() + body)
        if len(self.sizes) % GZIP_SAMPLE == 0 or path.parent not in self._sampled:
            self.gzipped[name] = _gzipped_size(body)
            self._sampled.add(path.parent)
        self.sizes[name] = len(body)
        if len(body) > len(self._largest[1]):
            self._largest = (name, body)

    def sharded(
        self,
        prefix: str,
        entries: Mapping[str, T],
        aim: int,
        value: Callable[[str, T], Any] = lambda key, held: held,
    ) -> int:
        """Spread entries over a power-of-two number of files of about `aim` bytes each;
        `value(key, held)` is what a file says of an entry, made only as its file is written."""
        total = sum(_entry_bytes(key, value(key, held)) for key, held in entries.items())
        count = _shard_count(total, aim)
        shards: list[list[str]] = [[] for _ in range(count)]
        for key in entries:
            shards[shard_of(key, count)].append(key)
        for number, keys in enumerate(shards):
            coded = {key: value(key, entries[key]) for key in sorted(keys)}
            self.write(f"{prefix}/{number:x}.json", coded)
        return count

    def digest(self) -> str:
        return self._hash.hexdigest()

    def finish(self) -> None:
        """No more files: the largest one's gzipped size too."""
        name, body = self._largest
        if name and name not in self.gzipped:
            self.gzipped[name] = _gzipped_size(body)
        self._largest = ("", b"")

    def merge(self, sizes: dict[str, int], gzipped: dict[str, int]) -> None:
        """The figures of files another writer wrote into the same folder."""
        self.sizes.update(sizes)
        self.gzipped.update(gzipped)

    def stats(
        self, records: int, agencies: int, key_shards: int, gram_shards: int, stop: int
    ) -> ShardStats:
        self.finish()
        largest = max(self.sizes, key=lambda name: self.sizes[name])
        return ShardStats(
            records=records,
            agencies=agencies,
            files=len(self.sizes),
            bytes=sum(self.sizes.values()),
            gzip_bytes=_estimated_gzip(self.sizes, self.gzipped),
            largest_file=largest,
            largest_bytes=self.sizes[largest],
            largest_gzip_bytes=self.gzipped[largest],
            key_shards=key_shards,
            gram_shards=gram_shards,
            stop_grams=stop,
        )


def _estimated_gzip(sizes: dict[str, int], gzipped: dict[str, int]) -> int:
    """The gzipped size of all the files, from those of a sample: each folder's files (r/, k/,
    g/, meta.json alone) at the ratio of its sampled ones."""
    raw: dict[str, int] = defaultdict(int)
    sampled: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # raw and gzipped bytes
    for name, size in sizes.items():
        folder = name.rpartition("/")[0] or name
        raw[folder] += size
        if name in gzipped:
            sampled[folder][0] += size
            sampled[folder][1] += gzipped[name]
    return round(sum(raw[f] * packed / (size or 1) for f, (size, packed) in sampled.items()))


def _gzipped_size(body: bytes) -> int:
    return len(gzip.compress(body, compresslevel=6))


def _entry_bytes(key: str, value: Any) -> int:
    return len(key.encode("utf-8")) + len(json.dumps(value, separators=(",", ":"))) + 4
