"""Reading a query as the text a person pasted: the identifiers, contacts and name it holds.

Pure: no database. `read` finds web addresses and e-mail addresses, code-like tokens (USCCs,
agency codes, certificate numbers), phone numbers (libphonenumber, extensions included) and the
name, with labels ("统一社会信用代码："), quotes, brackets and the words around a question
("请帮我查一下…靠谱吗？") taken off. bot.check looks each piece up.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from bot.clock import DAY
from bot.normalize import (
    PUNCTUATION,
    USCC_ALPHABET,
    WIDE_DOT,
    looks_like_uscc,
    name_key,
    parent_hosts,
    phone_keys,
    uscc_is_valid,
    web_host,
)
from bot.query_words import (
    BREAK,
    CLOSERS,
    COMPOUND_SURNAMES,
    COPULAS,
    FILLER_LEAD,
    FILLER_TRAIL,
    LABELS,
    NAME_ENDS,
    NAME_LABELS,
    OPENERS,
    PARTICLES,
    SKIPPED_LABELS,
    SURNAMES,
    TITLES,
)

# A web address or e-mail address: ASCII labels and a letter top-level domain, so a date
# (2026.05.20) or a certificate number (3120150101.8) is never taken for one. Greek and Cyrillic
# letters count in a label, as a clone puts them there (huаyue-ip.com, with a Cyrillic а), and
# dashes drawn as hyphens (huayue–ip.com): not Chinese, which is the text around an address
# ("官网huayue-ip.com").
_HOST = re.compile(
    r"(?:https?://)?(?:[\w.+-]+@)?"
    r"(?:[a-z0-9\u0370-\u052f](?:[a-z0-9\u0370-\u052f\u2010-\u2014\u2212-]{0,61}"
    r"[a-z0-9\u0370-\u052f])?\.)+"
    r"[a-z]{2,24}(?::\d{1,5})?(?:/[^\s，。；！？、]*)?",
    re.IGNORECASE | re.ASCII,
)
# A code-like token: letters and digits (with inner dots or dashes), at least one digit.
_TOKEN = re.compile(r"(?<![0-9A-Za-z])(?=[0-9A-Za-z.\-]*\d)[0-9A-Za-z][0-9A-Za-z.\-]*[0-9A-Za-z]")
# Letters a USCC never holds, read as the digit they are mistaken for.
_USCC_MISREAD = str.maketrans({"O": "0", "I": "1", "Z": "2", "S": "5", "V": "U"})
# An extension is short: "转13800001111" is a second number, not an extension of the first.
_EXTENSION = re.compile(
    r"(?<=\d)\s*-?\s*(?:转|分机|内线|ext\.?|x)\s*(?=\d{1,6}(?!\d))", re.IGNORECASE
)
_DIGIT = re.compile(r"\d")  # what libphonenumber reads as a digit: any script's (Unicode Nd)
_CHUNK_BREAK = re.compile(r"[，。；！、,;!\n|｜/]+")
_LABEL = re.compile(
    "(?:" + "|".join(sorted(map(re.escape, LABELS), key=lambda w: (-len(w), w))) + r")\s*[:：]"
    # …or, for a value's label, what it labels: a digit, a letter, +, a bracket.
    "|(?:"
    + "|".join(sorted(map(re.escape, set(LABELS) - NAME_LABELS), key=lambda w: (-len(w), w)))
    + r")\s*(?=[0-9A-Za-z+("
    + BREAK
    + "])",
    re.IGNORECASE,
)
_SKIPPED = {label.lower() for label in SKIPPED_LABELS}
_LABEL_WORDS = {label.lower() for label in LABELS}  # a label left alone: "手机 139…"
_LEAD = re.compile(f"^(?:{'|'.join(FILLER_LEAD)})+")
_COPULA, _WORDS, _PARTICLE = ("|".join(w) for w in (COPULAS, FILLER_TRAIL, PARTICLES))
_TRAIL = re.compile(
    f"(?:(?:{_COPULA})?(?:{_WORDS})(?:的)?)+(?:{_PARTICLE})*[?？]*$|(?:{_PARTICLE})*[?？]+$"
)
_PAIRS = dict(zip(OPENERS, CLOSERS, strict=True))
_CLOSERS = set(_PAIRS.values())
_EDGE_MARKS = re.compile(f"^[{PUNCTUATION}]|[{PUNCTUATION}]$")
_NAME_END = re.compile("|".join(NAME_ENDS))
# A person on a card: a surname and a title ("张经理", "李总"), or a title alone ("代理师").
_PERSON = re.compile(f"^[\u3400-\u9fff]?(?:{'|'.join(TITLES)})$")
_PERSONAL_NAME = re.compile(
    f"^(?:[{SURNAMES}]|{'|'.join(COMPOUND_SURNAMES)})[\u3400-\u9fff]{{1,2}}$"
)
MIN_NAME = 2  # characters: one character names nothing
SYMBOLS = ("So", "Sk")  # Unicode categories of symbols: other symbols and modifier symbols
MAX_SPAN = 60  # characters of an embedded name tried exactly
MAX_ENDS = 8  # places per chunk where an embedded name may end: crafted text has hundreds


@dataclass(frozen=True)
class Piece:
    """One identifier or contact read from the query."""

    kind: str  # "id" (a USCC), "code" (an agency code or certificate?), "phone" or "host"
    text: str  # as written, for the answer
    keys: tuple[str, ...]  # the lookup keys, best first
    misread: bool = False  # a USCC with letters it never holds (O for 0): a lookalike


@dataclass(frozen=True)
class Reading:
    pieces: tuple[Piece, ...]
    names: tuple[str, ...]  # the name-like stretches left, bare (labels, filler, quotes gone)
    spans: tuple[str, ...]  # name keys of every stretch that may be a whole name, longest first
    invalid_usccs: tuple[str, ...]  # 18-character codes whose check character is wrong

    @property
    def name(self) -> str:
        """The longest name-like stretch, for a similarity search ("" when there is none)."""
        return max(self.names, key=lambda n: len(name_key(n)), default="")


@lru_cache(maxsize=2048)
def read(query: str) -> Reading:
    text = WIDE_DOT.sub(".", _symbols_as_breaks(unicodedata.normalize("NFKC", query)))
    pieces: list[Piece] = []
    invalid: list[str] = []
    text = _take(text, _HOST, lambda found: _host_piece(found, pieces))
    text = _take(text, _TOKEN, lambda found: _uscc_piece(found, pieces, invalid))
    text = _take_phones(text, pieces)
    text = _take(text, _TOKEN, lambda found: _code_piece(found, pieces))
    chunks = [_bare(_without_people(chunk)) for chunk in _chunks(text)]
    chunks = [c for c in chunks if len(name_key(c)) >= MIN_NAME and c.lower() not in _LABEL_WORDS]
    return Reading(tuple(pieces), tuple(dict.fromkeys(chunks)), _spans(chunks), tuple(invalid))


def _symbols_as_breaks(text: str) -> str:
    """Emoji and other symbols (☎ 📞 ✅ ★ ①) separate what is around them; no name holds one."""
    if text.isascii():
        return text
    return "".join(BREAK if unicodedata.category(c) in SYMBOLS else c for c in text)


def _take(text: str, pattern: re.Pattern[str], keep: object) -> str:
    """`text` with every match of `pattern` that `keep` accepts cut out (a break left behind)."""
    assert callable(keep)
    return pattern.sub(lambda m: BREAK if keep(m.group(0)) else m.group(0), text)


def _host_piece(found: str, pieces: list[Piece]) -> bool:
    host = web_host(found)
    if host is None:
        return False
    pieces.append(Piece("host", found, tuple(parent_hosts(host))))
    return True


def _uscc_piece(found: str, pieces: list[Piece], invalid: list[str]) -> bool:
    """An 18-character code: a USCC, one misread (O for 0), or one with a wrong check character."""
    compact = re.sub(r"[.\-]", "", found).upper()
    if len(compact) != 18:
        return False
    if looks_like_uscc(compact) and uscc_is_valid(compact):
        pieces.append(Piece("id", found, (compact,)))
        return True
    repaired = compact.translate(_USCC_MISREAD)
    if repaired != compact and looks_like_uscc(repaired) and uscc_is_valid(repaired):
        pieces.append(Piece("id", found, (repaired,), misread=True))
        return True
    if all(c in USCC_ALPHABET for c in repaired):
        invalid.append(compact)
        return True
    return False


def _code_piece(found: str, pieces: list[Piece]) -> bool:
    """An agency code or certificate number (what is left of the code-like tokens)."""
    compact = re.sub(r"[.\-]", "", found).upper()
    if len(compact) < 5:
        return False
    pieces.append(Piece("code", found, (compact, found.upper())))
    return True


def _take_phones(text: str, pieces: list[Piece]) -> str:
    if not _DIGIT.search(text):
        return text  # a phone number has digits: most names are read without libphonenumber
    # Imported here: libphonenumber costs a check's start-up 15-30 ms (issue 11).
    import phonenumbers

    spaced = _EXTENSION.sub(" ext. ", text)
    matcher = phonenumbers.PhoneNumberMatcher(spaced, "CN", leniency=phonenumbers.Leniency.POSSIBLE)
    out, last = [], 0
    for match in matcher:
        if match.number.country_code != 86 or DAY.fullmatch(match.raw_string.strip()):
            continue  # the registry holds Chinese numbers only; 2026-05-20 is a day
        written = "+86" + str(match.number.national_number)
        keys = phone_keys(written) or phone_keys(match.raw_string.split("ext")[0])
        if not keys:
            continue
        digits = re.sub(r"\D", "", match.raw_string.split("ext")[0])
        # Also under its digits as written: a certificate number can look like a phone.
        written_keys = (*keys, digits) if digits not in keys else tuple(keys)
        pieces.append(Piece("phone", match.raw_string.strip(), written_keys))
        out += [spaced[last : match.start], BREAK]
        last = match.end
    out.append(spaced[last:])
    return "".join(out)


def _chunks(text: str) -> list[str]:
    """The stretches between breaks and labels; a label's own word is dropped, and the value
    of a label the check does not read (an address, a contact person) with it."""
    parts: list[str] = []
    skipping, last = False, 0
    for label in _LABEL.finditer(text):
        parts += _after_label(text[last : label.start()], skipping)
        word = re.sub(r"[\s:：]+$", "", label.group(0)).strip().lower()
        skipping, last = word in _SKIPPED, label.end()
    parts += _after_label(text[last:], skipping)
    return [part for part in parts if part.strip()]


def _after_label(text: str, skipping: bool) -> list[str]:
    pieces = _CHUNK_BREAK.split(text)
    return pieces[1:] if skipping else pieces


def person_like(word: str) -> bool:
    """A word that may be a person on a card ("周明远", "张经理", "代理师"), not a firm: a
    title, or a common surname and one or two characters."""
    return bool(_PERSON.match(word) or _PERSONAL_NAME.match(word))


def _without_people(chunk: str) -> str:
    """A chunk without the words that are a person by their title ("张经理")."""
    words = chunk.split()
    kept = [word for word in words if not _PERSON.match(word)]
    return " ".join(kept) if len(kept) < len(words) else chunk


def _bare(chunk: str) -> str:
    """A chunk without the words around a question, and without wrapping quotes or brackets."""
    previous = None
    while previous != chunk:
        previous = chunk
        chunk = _TRAIL.sub("", chunk.strip())  # before the marks go: "吗？" is a question
        chunk = _unwrap(chunk)
        chunk = _LEAD.sub("", chunk)
    return chunk


def _unwrap(chunk: str) -> str:
    """A chunk without wrapping quotes or brackets and stray marks at its ends; a bracket that
    belongs to the name ("…事务所（普通合伙）") stays."""
    while len(chunk) >= 2:
        first, last = chunk[0], chunk[-1]
        if _PAIRS.get(first) == last:
            chunk = chunk[1:-1]
        elif _stray_end(chunk, last):
            chunk = chunk[:-1]
        elif _stray_start(chunk, first):
            chunk = chunk[1:]
        else:
            break
    return chunk


def _stray_end(chunk: str, last: str) -> bool:
    if last in _CLOSERS:
        return not any(_PAIRS.get(c) == last for c in chunk[:-1])
    return bool(_EDGE_MARKS.match(last))


def _stray_start(chunk: str, first: str) -> bool:
    if first in _PAIRS:
        return _PAIRS[first] not in chunk[1:]
    return bool(_EDGE_MARKS.match(first))


def _spans(chunks: list[str]) -> tuple[str, ...]:
    """Name keys of every stretch of a chunk that ends where a name may end, longest first."""
    keys: set[str] = set()
    for chunk in chunks:
        ends = sorted({m.end() for m in _NAME_END.finditer(chunk)} | {len(chunk)})
        for end in ends[-MAX_ENDS:]:
            for start in range(max(0, end - MAX_SPAN), end - 1):
                key = name_key(chunk[start:end])
                if len(key) >= MIN_NAME:
                    keys.add(key)
    return tuple(sorted(keys, key=lambda k: (-len(k), k)))
