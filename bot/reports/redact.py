"""Hiding a reporter's identity in free text they wrote: one policy, one entry point (`redact`).

Everything staff see of a ticket without a logged `/contact` (card, queue line, the new-ticket
post, the digest, an export without contacts, a case draft) goes through `redact`. It hides:

- the reporter's name and phone as given in the form, in any spelling;
- a name, phone, e-mail or ID number the reporter declares in the text ("我是王五，手机…",
  "本人李四", "my name is …", "联系人：…"), even in an "anonymous" report;
- every e-mail address and ID-card number (18 with X, or 15 digits), whoever's;
- every phone number, in any spelling (spaces, dashes, dots, brackets, +86, 转/ext), except one
  that is public: registered to an agency in the registry (`public_phones`, the caller looks
  them up) and not the reporter's own. A clone firm's unregistered number is hidden too: nothing
  tells it from the reporter's, and the full text is one logged `export --with-contacts` away.

It cannot catch an identity written in no recognisable form (an address, a workplace), so
redacted text is still for staff, not the public.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

HIDDEN = "［已隐去］"
# A name of one character would hide that character everywhere in the text.
_NAME_MIN = 2
# Not inside a longer run of letters and digits (a USCC, a file name); ASCII only, so that
# "电话13912345678" still matches.
_START, _END = r"(?<![0-9A-Za-z])", r"(?![0-9A-Za-z])"
_GAP = r"[ \t\u3000\-－—–‐.·()（）/]{0,3}"  # what people put between the digits of a number
_AT = r"(?:\s*(?:@|＠|\(at\)|\[at\]|（at）)\s*)"
_DOT = r"(?:\s*(?:\.|。|\(dot\)|\[dot\])\s*)"
_EMAIL = re.compile(rf"[A-Za-z0-9._%+\-]+{_AT}[A-Za-z0-9\-]+(?:{_DOT}[A-Za-z0-9\-]+)+", re.I)
_ID_CARD = re.compile(_START + rf"(?:\d(?:{_GAP}\d){{16}}{_GAP}[\dXx]|\d(?:{_GAP}\d){{14}})" + _END)
_EXTENSION = r"(?:\s*(?:转|分机|ext\.?|x|#|-)\s*\d{1,6})?"
_PHONE = re.compile(
    r"(?<![0-9A-Za-z+＋])(?:(?:\+|＋|00)\s*86" + _GAP + r")?"
    rf"[(（]?\d(?:{_GAP}\d){{6,}}" + _EXTENSION + _END,
    re.IGNORECASE,
)
# Numbers that are not phones: a date (2023-04-20, 2023.4.20) or a patent application number.
_NOT_PHONE = re.compile(
    r"\d{4}[\-./年]\s*(?:0?[1-9]|1[0-2])\s*[\-./月]\s*(?:0?[1-9]|[12]\d|3[01])日?"
    r"|(?:\d{8}|\d{12})\.[\dXx]"
)
# The reporter speaking of themself: what follows in the same clause is theirs.
_SELF = re.compile(
    r"我是|我叫|我的|本人|联系我|联系人|举报人|投诉人|姓名|名字|署名|"
    r"\bmy\b|\bi am\b|\bi'm\b|\bme\b",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(r"[。；;！!？?\n]")
_PART_END = re.compile(r"[，,、]")
# …until a part of the clause turns to someone else ("我是王五，对方电话…").
_OTHER = re.compile(
    r"对方|该机构|机构|公司|代理|他们|他|她|其|客服|业务员|销售|经理|冒充|"
    r"\bthey\b|\btheir\b|\bagency\b|\bfirm\b|\bcompany\b|\bhis\b|\bher\b",
    re.IGNORECASE,
)
_CJK = r"\u3400-\u9fff"
# Words that follow a name and are never a surname (曾, 于, 向 are: "本人曾伟" hides 曾伟).
_NAME_STOP = (
    r"手机|电话|邮箱|身份证|联系|举报|投诉|反映|先生|女士|对方|表示|通过|委托|"
    r"的|在|是|与|称|说|被|已|要|想|也|就|因|，"
)
_DECLARED_NAME = re.compile(
    rf"(?:我是|我叫|本人(?:是|叫)?|(?:联系人|举报人|投诉人|姓名|名字|署名)\s*[:：是为]?)\s*"
    rf"((?:(?!{_NAME_STOP})[{_CJK}·]){{2,4}})"
    r"|(?i:my name is|i am|i'm|i’m|name\s*[:：]|contact\s*[:：])\s*"
    r"([A-Z][a-z]+(?:[ \-][A-Z][a-z]+){0,2})",  # case-sensitive: a name has capitals
)


@dataclass(frozen=True)
class Reporter:
    """What identifies the reporter: names, and phones as digit keys (phone_digits)."""

    names: frozenset[str] = frozenset()
    phones: frozenset[str] = frozenset()

    @classmethod
    def named(cls, names: Iterable[str | None]) -> Reporter:
        return cls(frozenset(n.strip() for n in names if n and len(n.strip()) >= _NAME_MIN))

    @classmethod
    def declared(cls, name: str | None, phone: str | None, texts: Iterable[str] = ()) -> Reporter:
        """The form's name and phone, plus every name and phone declared in `texts`."""
        names = set(cls.named([name]).names)
        phones = {phone_digits(phone)} if phone and phone_digits(phone) else set()
        for text in texts:
            folded = unicodedata.normalize("NFKC", text)
            names.update(_declared_names(folded))
            for clause in _own_clauses(folded):
                phones.update(phone_digits(m.group(0)) for m in _PHONE.finditer(clause))
        return cls(frozenset(names), frozenset(p for p in phones if p))


def redact(
    text: str,
    reporter: Reporter | Iterable[str | None] = (),
    *,
    public_phones: frozenset[str] = frozenset(),
) -> str:
    """`text` as staff may read it: see the module's docstring for what is hidden.

    `reporter` is a Reporter, or simply the names to hide; `public_phones` holds the digit
    keys (phone_digits) of registered agency phones that may stay.
    """
    if not isinstance(reporter, Reporter):
        reporter = Reporter.named(reporter)
    mine = Reporter.declared(None, None, [text])
    names, phones = reporter.names | mine.names, reporter.phones | mine.phones
    # Longest first: hiding 王五 first would leave the 欧阳 of 欧阳王五 behind.
    for name in sorted(names, key=len, reverse=True):
        text = _name_pattern(name).sub(HIDDEN, text)
    text = _EMAIL.sub(HIDDEN, text)
    text = _ID_CARD.sub(HIDDEN, text)

    def phone(found: re.Match[str]) -> str:
        number = found.group(0)
        if _NOT_PHONE.fullmatch(number.strip()):
            return number
        digits = phone_digits(number)
        kept = digits in public_phones and digits not in phones
        return number if kept else HIDDEN

    return _PHONE.sub(phone, text)


def phone_candidates(text: str) -> Iterator[str]:
    """The digit keys of every phone-like number in `text` (for looking up public ones)."""
    for found in _PHONE.finditer(text):
        if not _NOT_PHONE.fullmatch(found.group(0).strip()):
            yield phone_digits(found.group(0))


def phone_digits(text: str) -> str:
    """A phone's digits without country code, trunk 0 / area code 021 or extension: the same
    key for every spelling of one Shanghai or mobile number."""
    folded = unicodedata.normalize("NFKC", text)
    head = re.split(r"转|分机|ext|x|#", folded, maxsplit=1, flags=re.IGNORECASE)[0]
    digits = re.sub(r"\D", "", head)
    if digits.startswith("0086"):
        digits = digits[4:]
    elif digits.startswith("86") and len(digits) in (12, 13):
        digits = digits[2:]
    digits = digits.lstrip("0")
    return digits[2:] if digits.startswith("21") and len(digits) == 10 else digits


def _declared_names(text: str) -> Iterator[str]:
    for found in _DECLARED_NAME.finditer(text):
        if found.group(1):
            yield found.group(1)
        elif found.group(2):
            # "Wang Wu" is also written "Wu" or "Wang" alone: hide each part too.
            yield found.group(2)
            yield from (part for part in re.split(r"[ \-]", found.group(2)) if len(part) > 1)


def _own_clauses(text: str) -> Iterator[str]:
    """The parts of `text` where the reporter speaks of themself."""
    for clause in _CLAUSE_END.split(text):
        own = False
        for part in _PART_END.split(clause):
            if _SELF.search(part):
                own = True
            elif _OTHER.search(part):
                own = False
            if own:
                yield part


def _name_pattern(name: str) -> re.Pattern[str]:
    """A name however it is spaced ("王 五", "John  Smith"), in any case, half or full width."""
    parts = [_either_width(ch) for ch in unicodedata.normalize("NFKC", name) if not ch.isspace()]
    return re.compile(r"\s*".join(parts), re.IGNORECASE)


def _either_width(ch: str) -> str:
    if "!" <= ch <= "~":  # ASCII has a full-width twin at U+FF01…U+FF5E
        return f"[{re.escape(ch)}{chr(ord(ch) + 0xFEE0)}]"
    return re.escape(ch)
