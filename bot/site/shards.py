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
  FNV-1a(key) mod the shard count; the browser orders the records a key finds as the bot does.
  `t:<top-level domain>` holds the public suffixes of more than one label under it (com.cn,
  *.kawasaki.jp): all the browser needs of tldextract's list to find a host's site name.
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
"""

from __future__ import annotations

import gzip
import hashlib
import itertools
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from string import Formatter
from typing import Any

import opencc
import phonenumbers
import sqlite_utils

from bot import clock, normalize, query_reading, query_words, safe_text, state_organs
from bot.answers import USCC_STANDARD
from bot.districts import registered_in_shanghai
from bot.lookup import LOOKALIKE, find
from bot.normalize import (
    NEAR_SITE_LABEL,
    compact_id,
    grams,
    name_key,
    phone_keys,
    skip_grams,
)
from bot.registry.search_index import site_keys
from bot.site.agencies import Entry, in_shanghai
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
        for key, kind in site_keys(site):
            yield ("w:" if kind == "website" else "s:") + key
    for name in (subject.name, *subject.former_names):
        key = name_key(name)
        if key:
            yield "n:" + key


def suffix_rules() -> dict[str, list[str]]:
    """`t:<top-level domain>` → the public suffixes of more than one label under it, without it.

    A host's site name (bot.normalize.site_label) is the label before its public suffix, else
    its second-last label; a one-label suffix (com, example) gives the second-last label too,
    so only the longer rules (com.cn, *.sch.uk, !www.ck) change an answer. Labels are written
    in ASCII (punycode), as a host read from pasted text is."""
    rules: dict[str, list[str]] = defaultdict(list)
    for suffix in normalize._suffixes().tlds:
        labels = suffix.split(".")
        if len(labels) < 2:
            continue
        try:
            ascii_labels = [_ascii_label(label) for label in labels]
        except UnicodeError:
            continue  # a label the IDNA codec cannot spell (none today): read as unknown
        rules["t:" + ascii_labels[-1]].append(".".join(ascii_labels[:-1]))
    return {key: sorted(found) for key, found in sorted(rules.items())}


def _ascii_label(label: str) -> str:
    """A suffix's label as a host read from text spells it: punycode for the others."""
    mark = "!" if label.startswith("!") else ""
    bare = label.removeprefix("!")
    return mark + (bare if bare.isascii() else bare.encode("idna").decode("ascii"))


def bot_order(numbers: list[tuple[int, int, str]]) -> list[int]:
    """Numbers of the records one key finds, once each, as bot/lookup.py exact_keys lists them:
    current names before former ones, then by identifier. Each is (number, 0 for a current name
    or an identifier / 1 for a former name, id). The browser sorts again (a key it looks up may
    come from several files), so this only keeps the files stable."""
    best: dict[int, tuple[int, str]] = {}
    for number, former, subject_id in numbers:
        if number not in best or former < best[number][0]:
            best[number] = (former, subject_id)
    return [number for number, _ in sorted(best.items(), key=lambda item: item[1])]


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
    keys: dict[str, list[Any]] = {key: bot_order(n) for key, n in found_by.items()}
    keys.update(suffix_rules())
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
    meta["stop_names"] = stop_names(keys, set(stop))
    meta["examples"] = examples(ordered)
    # The words that pose as a state organ too: "國家知識產權局" must read as the bot reads it.
    names = [*(e.subject.name for e in ordered), state_organs.POSING.pattern]
    meta["t2s"] = _t2s_map(names)
    meta["v"] = writer.digest()[:12]
    writer.write("meta.json", meta)
    return writer.stats(len(ordered), key_shards, gram_shards, len(stop))


def stop_names(keys: Iterable[str], stop: set[str]) -> list[str]:
    """Registered name keys made only of stop grams ("知识产权代理"), usually none.

    The page looks up the stretches of pasted text that may be a name only where the name
    grams could hold such a name; a stretch of stop grams alone has no postings to ask."""
    names = (key[2:] for key in keys if key.startswith("n:"))
    return sorted(name for name in names if all(g in stop for g in grams(name, 2)))


def examples(entries: list[Entry]) -> list[str]:
    """What the search box suggests trying, taken from the registry so each finds a record:
    a clean Shanghai head office's name, its USCC and its phone."""
    for entry in entries:
        subject = entry.subject
        local = in_shanghai(subject)
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
            "form_at_end": normalize._FORM_AT_END.pattern,
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
