"""Text forms used for matching: names, identifiers, phone numbers and web addresses.

Everything here is pure and fast: it runs on every query and on every registry row at import.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import opencc

from bot.safe_text import clean_text as clean_text  # re-exported: matching starts from it

if TYPE_CHECKING:
    from four_corner_method import FourCornerMethod
    from publicsuffixlist import PublicSuffixList

_T2S = opencc.OpenCC("t2s")
# Raise when a key function below changes: a re-import of the same bundle then rebuilds the
# search index instead of being skipped as unchanged.
KEYS_VERSION = 6  # 6: site_label reads publicsuffixlist's newer list
SUFFIX_LIST_RELEASE = "1.1.2.20261023"  # the publicsuffixlist KEYS_VERSION 6 was built with

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_SHAPE = re.compile(f"[{USCC_ALPHABET}]{{18}}")
_SEPARATORS = re.compile(r"[\s\-_./·・,，、]+")

# What a name key leaves out: white space, controls and punctuation of every script (quotes,
# brackets, dots, 《》「」【】, the middle dot). Letters and digits of every script stay (〇, rare
# characters, kana, Cyrillic): a clone that adds one is another name, never an exact match.
# Written as ranges, not categories, because the site's directory script uses the same pattern.
PUNCTUATION = (
    r"\s\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\xbf\u2000-\u206f\u3000-\u3006\u3008-\u3020"
    r"\u3030\u30fb\ufe10-\ufe1f\ufe30-\ufe6f\uff00-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
)
# The company form is ignored when names are compared (docs/verdict-rules.md), but only once and
# only at the end: a form moved into the middle of a name, or doubled, makes another name.
_FORMS = re.compile(
    r"\(上海市?\)|(?:\((?:特殊)?普通合伙\)|\(有限合伙\)|股份有限公司|有限责任公司|有限公司)"
    # …or before a branch's suffix: 上海华岳知识产权代理有限公司嘉定分公司.
    rf"(?=(?:[\u3400-\u9fff]{{0,8}}(?:分公司|分所|办事处))?[{PUNCTUATION}]*$)"
)

_TRAILING_COMPANY = re.compile(r"公司$")
# The legal form a name ends with (before a branch's suffix): two firms that differ only in it
# are two firms (a 股份有限公司 is not the 有限公司 of the same words).
_FORM_AT_END = re.compile(
    r"(股份有限公司|有限责任公司|有限公司|\((?:特殊)?普通合伙\)|\(有限合伙\))"
    r"(?=(?:[\u3400-\u9fff]{0,8}(?:分公司|分所|办事处))?$)"
)
_SAME_FORM = {"有限责任公司": "有限公司"}
_BRACKETED_FORM_AT_END = re.compile(r"\(([^()]*(?:股份有限公司|有限责任公司|有限公司))\)$")
# A branch's name: its head office's whole name, then the branch's place and suffix.
_BRANCH_OF = re.compile(
    r"^(.+?(?:公司|事务所|\((?:特殊)?普通合伙\)|\(有限合伙\)))[\u3400-\u9fff]{0,8}(?:分公司|分所|办事处)$"
)
_COMPANY_END = re.compile(r"(?:公司|事务所|分所|办事处|合伙\)?)$")
# Words that say what trade an agency is in; what is left is the trade name (字号).
_INDUSTRY = re.compile(
    r"知识产权|专利商标|专利|商标|代理|事务所|服务|咨询|顾问|管理|科技|信息|法律|集团|分公司|分所|办事处"
    r"|中心|国际|\(中国\)|中国"
)
_NOT_WORD = re.compile(f"[{PUNCTUATION}]+")
# The Shanghai prefix is ignored too, also behind an opening quote or bracket.
_LEADING_REGION = re.compile(f"^[{PUNCTUATION}]*(?:中国)?上海市?")


def fold(text: str) -> str:
    """Full-width to half-width, traditional to simplified, lower case; spaces kept."""
    converted: str = _T2S.convert(unicodedata.normalize("NFKC", text))
    return converted.lower()


def squeeze(text: str) -> str:
    """`text` folded, without the spaces and marks between its letters: "国 知 局" → "国知局"."""
    return _NOT_WORD.sub("", fold(text))


@lru_cache(maxsize=4096)
def name_key(name: str) -> str:
    """The form two names share when a person would call them the same name."""
    text = fold(name).replace("【", "(").replace("】", ")").replace("[", "(").replace("]", ")")
    text = re.sub(r"\s+", "", text)
    text = _FORMS.sub("", text)
    text = _LEADING_REGION.sub("", text)
    text = _NOT_WORD.sub("", text)
    text = _TRAILING_COMPANY.sub("", text)
    return text


def legal_form(name: str) -> str | None:
    """The legal form a name ends with, one spelling per form; None when it names none."""
    # The last words bracketed, form and all ("…代理（股份有限公司）"): the form still ends it.
    text = _BRACKETED_FORM_AT_END.sub(r"\1", _bracketed_words(name))
    found = _FORM_AT_END.search(text)
    return _SAME_FORM.get(found.group(1), found.group(1)) if found else None


def head_office_named(name: str) -> str | None:
    """The head office a branch's name names ("上海华岳…有限公司嘉定分公司" → "上海华岳…有限公司");
    None when the name is no branch's, or names no firm before its branch suffix."""
    found = _BRANCH_OF.match(_bracketed_words(name))
    return found.group(1) if found else None


def _bracketed_words(name: str) -> str:
    """A name folded, without punctuation but the brackets that enclose part of it."""
    text = _NOT_WORD.sub(lambda m: "".join(c for c in m.group(0) if c in "()"), fold(name))
    return _inner_brackets(text)


def _inner_brackets(text: str) -> str:
    """`text` with only the brackets that enclose part of it, as （普通合伙） does: not one
    left open or closed alone, an empty pair, or a pair around all of it ("（…股份有限公司）"
    still ends with its form)."""
    while True:
        opened: list[int] = []
        dropped: set[int] = set()
        for at, char in enumerate(text):
            if char == "(":
                opened.append(at)
            elif char == ")" and not opened:
                dropped.add(at)
            elif char == ")":
                start = opened.pop()
                if start + 1 == at or (start == 0 and at == len(text) - 1):
                    dropped |= {start, at}
        dropped.update(opened)
        if not dropped:
            return text
        text = "".join(char for at, char in enumerate(text) if at not in dropped)


def names_a_company(name: str) -> bool:
    """Whether a name ends as a firm's does (…公司, …事务所, …分所), so it names no person."""
    return _COMPANY_END.search(_NOT_WORD.sub("", fold(name))) is not None


def says_shanghai(name: str) -> bool:
    """Whether a name begins with Shanghai's (上海, 上海市, 中国上海), which name keys drop."""
    return _LEADING_REGION.match(fold(name)) is not None


def trade_name(key: str) -> str:
    """The trade name (字号) inside a name key: what clone firms copy."""
    return _INDUSTRY.sub("", key)


def compact_id(text: str) -> str:
    """An identifier as typed, in canonical form: half-width, upper case, no separators."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", text)).upper()


def looks_like_uscc(compact: str) -> bool:
    return len(compact) == 18 and _USCC_SHAPE.fullmatch(compact) is not None


def uscc_is_valid(compact: str) -> bool:
    from stdnum.cn import uscc as stdnum_uscc  # 25 ms to import: only for a USCC-shaped query

    return bool(stdnum_uscc.is_valid(compact))


_PHONE_CHARS = re.compile(r"[\d\s\-+()（）.]+")


def phone_keys(text: str) -> list[str]:
    """The forms under which a phone number is stored and looked up.

    A landline is kept with its area code (021…); a Shanghai number also under its
    8-digit local form, since people often leave out 021. Returns [] for non-phones.
    """
    folded = unicodedata.normalize("NFKC", text).strip()
    if not folded or not _PHONE_CHARS.fullmatch(folded):
        return []
    digits = re.sub(r"\D", "", folded)
    international = folded.startswith("+86") or digits.startswith("0086")
    if digits.startswith("0086"):
        digits = digits[4:]
    elif folded.startswith("+86") or (digits.startswith("86") and len(digits) in (12, 13)):
        digits = digits[2:]
        international = True
    if len(digits) == 11 and digits.startswith("1"):
        return [digits]  # mobile
    if international and not digits.startswith("0") and len(digits) in (9, 10, 11):
        digits = "0" + digits  # +86 21 … drops the trunk 0
    if digits.startswith("021") and len(digits) == 11:
        return [digits, digits[3:]]
    if digits.startswith("0") and 10 <= len(digits) <= 12:
        return [digits]
    if len(digits) == 8 and digits[0] != "0":
        return ["021" + digits, digits]
    if 5 <= len(digits) <= 8 and digits.startswith(("400", "800", "95", "96")):
        return [digits]
    if len(digits) == 10 and digits.startswith(("400", "800")):
        return [digits]
    return []


# A label of a host: letters and digits of any script (an internationalised domain, or a clone's
# Cyrillic а in huаyue-ip) with hyphens inside, or dashes drawn as hyphens (huayue–ip: no
# domain, but an address written to pass for one).
_HOST = re.compile(r"^[^\W_](?:[^\W_]|[-‐‑‒–—−])*(?<![-‐‑‒–—−])$")
# An ideographic full stop typed for a dot between Latin letters (huayue-ip。com。cn).
WIDE_DOT = re.compile(r"(?<=[a-z0-9-])[。｡](?=[a-z0-9])", re.IGNORECASE)
# Letters of other scripts drawn as Latin ones (Unicode TR39 confusables: the Cyrillic and Greek
# a clone puts in a name or a web address to pass for the real one).
LATIN_LOOKALIKES = (
    "АВЕКМНОРСТХІЈЅаеорсухіјѕԁԛԝһӏΑΒΕΖΗΙΚΜΝΟΡΤΥΧαοριυνκχ‐‑‒–—−",
    "ABEKMHOPCTXIJSaeopcyxijsdqwhlABEZHIKMNOPTYXaopiuvkx------",
)
_LATIN_LOOKALIKES = str.maketrans(*LATIN_LOOKALIKES)


def web_host(text: str) -> str | None:
    """The host of a URL, e-mail address or domain, lower case and without `www.`."""
    folded = WIDE_DOT.sub(".", unicodedata.normalize("NFKC", text).strip().lower())
    if not folded or " " in folded or "." not in folded:
        return None
    if "@" in folded and "://" not in folded:
        folded = folded.rsplit("@", 1)[1]
    if "://" not in folded:
        folded = "http://" + folded
    try:
        host = urlsplit(folded).hostname or ""
    except ValueError:
        return None
    host = host.removeprefix("www.").rstrip(".")
    labels = host.split(".")
    if len(labels) < 2 or not all(_HOST.match(label) for label in labels):
        return None
    if labels[-1].isdigit():
        return None  # an IP address or a decimal number, not a domain
    return host


def skeleton(text: str) -> str:
    """`text` with the letters of other scripts that are drawn as Latin ones made Latin: what a
    reader sees. Never a key to match exactly: a clone's Cyrillic а is not the firm's a."""
    return text.translate(_LATIN_LOOKALIKES)


def parent_hosts(host: str) -> list[str]:
    """The host and each parent domain with at least two labels: a.b.example → b.example."""
    labels = host.split(".")
    return [".".join(labels[i:]) for i in range(len(labels) - 1)]


@lru_cache(maxsize=1)
def icann_suffixes() -> tuple[str, ...]:
    """The rules of the public suffix list's ICANN section (com.cn, *.kawasaki.jp,
    !city.kawasaki.jp), as written there: lower case, internationalised labels in Unicode.

    The list is the one publicsuffixlist ships, never fetched. Its private section (blogspot.com,
    github.io) is left out, so a site hosted there is named by the host's own label: the site
    name of huayue-ip.github.io is github."""
    # Imported here: only a web address needs the list, and a name check starts without it.
    from publicsuffixlist import PSLFILE

    with Path(PSLFILE).open(encoding="utf-8") as listed:
        rules = tuple(_icann_section(listed))
    if not rules:  # every host would be read as under an unknown suffix, silently
        raise RuntimeError(f"no ICANN section in {PSLFILE}")
    return rules


def _icann_section(lines: Iterable[str]) -> Iterator[str]:
    """The rules between the list's ICANN markers, each without the comment after it."""
    inside = False
    for line in map(str.strip, lines):
        if line == "// ===BEGIN ICANN DOMAINS===":
            inside = True
        elif line == "// ===END ICANN DOMAINS===":
            return
        elif inside and line and not line.startswith("//"):
            yield line.split()[0].lower()


def ascii_suffixes() -> Iterator[str]:
    """The ICANN rules as a host read from pasted text spells them: internationalised ones in
    punycode (xn--55qx5d.cn for 公司.cn, !www.ck as it is)."""
    for rule in icann_suffixes():
        mark, bare = ("!", rule[1:]) if rule.startswith("!") else ("", rule)
        yield mark + ".".join(map(_ascii_label, bare.split(".")))


def _ascii_label(label: str) -> str:
    # The list's labels are lower case and normalised already, so punycode alone spells them
    # as the IDNA codec does (tests/test_normalize_site_label.py holds the two together), at a
    # third of its cost: the codec cost a web address's check 15 ms.
    return label if label.isascii() else "xn--" + label.encode("punycode").decode("ascii")


@lru_cache(maxsize=1)
def _suffixes() -> PublicSuffixList:
    from publicsuffixlist import PublicSuffixList

    # A host matches in either spelling. The rules are encoded here, a few hundred of them,
    # rather than by the library, which encodes all seven thousand on each start (10 ms more).
    both_spellings = {*icann_suffixes(), *ascii_suffixes()}
    return PublicSuffixList(source=both_spellings, accept_encoded_idn=False)


def site_label(host: str) -> str:
    """The registrable name of a host without its suffix: huayue-ip for www.huayue-ip.com.cn
    and for huayue-ip.com (what a lookalike domain keeps). Unknown suffixes count as one label.

    The public suffix list's own reading (its wildcards' parents, kawasaki.jp, are public
    suffixes too); a public suffix itself, or a single label, has no site name: ""."""
    registrable = _suffixes().privatesuffix(host, keep_case=True)
    return registrable.split(".", 1)[0] if registrable else ""


def one_deletions(label: str) -> list[str]:
    """`label` with each character left out once: two labels one edit apart share one of these
    or each other (a symmetric-delete index finds them without scanning every domain)."""
    return sorted({label[:i] + label[i + 1 :] for i in range(len(label))})


def skip_grams(key: str) -> list[str]:
    """Pairs of characters one apart: "雨屿示" gives "雨示", which a typo of 屿 leaves intact."""
    return [key[i] + key[i + 2] for i in range(len(key) - 2)]


NEAR_SITE_LABEL = 4  # characters: shorter site names are alike by chance, not by design
NEAR_NAME = 4  # characters: a shorter name key is one edit from too many names to mean one


def grams(key: str, size: int) -> list[str]:
    """Overlapping character n-grams of a name key (the key itself when shorter)."""
    if len(key) <= size:
        return [key] if key else []
    return [key[i : i + size] for i in range(len(key) - size + 1)]


@lru_cache(maxsize=65_536)
def char_sound(char: str) -> str:
    """How one character reads: its commonest toneless pinyin (the character itself when not Han).

    Names are read a character at a time, never as phrases: a phrase reading (于思 → "yu sai")
    would hide the homophone a pinyin keyboard offers for each character."""
    if len(char) == 1 and (known := _known_sound(char)) is not None:
        return known
    # Imported here: pypinyin loads its dictionaries on import (40-150 ms of a check's start-up).
    from pypinyin import lazy_pinyin

    return " ".join(lazy_pinyin([char]))


def _known_sound(char: str) -> str | None:
    """pypinyin's reading of `char` from bot/char_sounds.py, a table made from pypinyin itself
    (scripts/char_sounds.py) that imports in a millisecond. Searched, not turned into a dict
    by character: a check reads a few dozen characters, and char_sound keeps what it read."""
    from bot.char_sounds import SOUNDS

    return next((sound for sound, chars in SOUNDS.items() if char in chars), None)


def sound_key(key: str) -> str:
    """How a name key sounds (toneless pinyin): 华成 and 华诚, typed by pinyin, sound alike."""
    return " ".join(map(char_sound, key))


@lru_cache(maxsize=1)
def _four_corners() -> FourCornerMethod:
    from four_corner_method import FourCornerMethod  # 1.5 MB of data: read when a typo is weighed

    return FourCornerMethod()


def char_likeness(typed: str, meant: str) -> float:
    """How easily `meant` becomes `typed` by mistake, from 0 to 1: 1 for the same sound (a pinyin
    keyboard's slip), else how alike the two look (a misreading): the share of their four-corner
    digits (四角号码, from the four_corner_method package) that agree; 0 for a character
    without a code."""
    if typed == meant or char_sound(typed) == char_sound(meant):
        return 1.0
    corners = _four_corners()
    one, other = str(corners.query(typed) or ""), str(corners.query(meant) or "")
    if not one or not other:
        return 0.0
    agree = sum(a == b for a, b in zip(one, other, strict=False))
    return agree / max(len(one), len(other))
