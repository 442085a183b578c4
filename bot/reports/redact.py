"""Hiding a reporter's identity in free text they wrote: one policy, one entry point (`redact`).

Everything staff see of a ticket without a logged `/contact` (card, queue line, the new-ticket
post, the digest, an export without contacts, a case draft) goes through `redact`. It hides:

- the reporter's name and phone as given in the form, in any spelling;
- a name, phone, e-mail or ID number the reporter declares in the text ("我是王五，手机…",
  "本人李四", "my name is …", "联系人：…"), even in an "anonymous" report;
- every e-mail address, ID-card number and labelled account (微信/QQ/护照/通行证 + a token);
- every number of 7 digits or more, in any spelling (any spaces, dashes, dots, brackets, line
  breaks, invisible characters, full-width or circled digits, Chinese numerals, letters glued
  on), except a date, an amount, a patent application number, a valid USCC, and a phone that is
  public: registered to an agency in the registry (`public_phones`, the caller looks them up)
  and not the reporter's own. A clone firm's unregistered number is hidden too: nothing tells
  it from the reporter's, and the full text is one logged `export --with-contacts` away.

How: the detectors run on a folded view of the text (NFKC per character, invisible characters
dropped, traditional to simplified, lower case, runs of white space as one), which maps each
of its characters back to the source; the source spans found are replaced. Every pattern is
bounded, so a 3000-character text takes milliseconds whatever its shape.

It cannot catch an identity written in no recognisable form (an address, a workplace), so
redacted text is still for staff, not the public.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import opencc
from stdnum.cn import uscc as stdnum_uscc

from bot.words import say
from bot.words.reports import REDACTED

# Redacted text is stored and read by staff in either language; it keeps the Chinese mark, the
# words around it being the reporter's own (mostly Chinese).
HIDDEN = say(REDACTED, "zh")
# A name of one character would hide that character everywhere in the text.
_NAME_MIN = 2
_T2S = opencc.OpenCC("t2s")

# --- the folded view ------------------------------------------------------------------------

_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x85\u2028\u2029")
# Letters that show as nothing (Hangul fillers, the blank Braille pattern): used to split digits.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
# Unassigned, private-use and surrogate code points are kept: they show as something.
_DROPPED_CATEGORIES = frozenset({"Cf", "Mn", "Me", "Cc"})
# Chinese numerals as digits, with those read out over a radio (幺 1, 两 2, 拐 7, 洞 0).
_NUMERALS = str.maketrans(
    "〇零一二三四五六七八九幺两拐洞壹贰叁肆伍陆柒捌玖", "001234567891270123456789"
)


@dataclass(frozen=True)
class _Folded:
    """Text as the detectors read it; character i came from source[starts[i]:ends[i]]."""

    text: str
    starts: list[int]
    ends: list[int]

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        return self.starts[start], self.ends[end - 1]


@lru_cache(maxsize=65536)
def _fold_char(ch: str) -> str:
    """One character as the detectors read it: "" for what shows as nothing, " " or "\\n"
    for any white space."""
    if ch.isspace():
        return "\n" if ch in _LINE_BREAKS else " "
    if ch in _BLANK_LETTERS or unicodedata.category(ch) in _DROPPED_CATEGORIES:
        return ""
    folded = unicodedata.normalize("NFKC", ch)
    if len(folded) == 1 and folded.isdecimal():  # Arabic-Indic, Devanagari… digits
        return str(unicodedata.decimal(folded))
    if "\u3400" <= folded <= "\u9fff" or "\uf900" <= folded <= "\ufaff":
        folded = _T2S.convert(folded)
    return folded.lower()


def _fold(source: str) -> _Folded:
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for i, ch in enumerate(source):
        out = ch.lower() if ch.isascii() and ch.isprintable() and ch != " " else _fold_char(ch)
        if out in (" ", "\n") and chars and chars[-1] in (" ", "\n"):
            # One white space for a run: "139    1234" spaces a number no more than "139 1234".
            chars[-1] = "\n" if "\n" in (out, chars[-1]) else " "
            ends[-1] = i + 1
            continue
        for piece in out:
            chars.append(piece)
            starts.append(i)
            ends.append(i + 1)
    text = _numerals_as_digits("".join(chars))
    return _Folded(text, starts, ends)


# What people put between the digits of a number: anything but a letter or digit, a few of it
# (" -- ", "] [", "—— " and line breaks; a run of white space counts as one).
_GAP_MAX = 8
_GAP = rf"[\W_]{{0,{_GAP_MAX}}}"
_DIGIT_LIKE = "[0-9〇零一二三四五六七八九幺两拐洞壹贰叁肆伍陆柒捌玖]"
_NUMERAL_RUN = re.compile(rf"{_DIGIT_LIKE}(?:{_GAP}{_DIGIT_LIKE}){{6,}}")


def _numerals_as_digits(text: str) -> str:
    """一三九一二三四五六七八 is a phone: a run of 7+ numeral digits is read as digits (十, 百
    and 万 are not digits, so 三万元 stays words)."""
    return _NUMERAL_RUN.sub(lambda m: m.group(0).translate(_NUMERALS), text)


# --- numbers --------------------------------------------------------------------------------

# A number: 7+ digits with gaps, not inside a longer run of digits (letters do not protect
# it: "tel13912345678"), with a trailing ID-card X or an extension.
_NUMBER = re.compile(
    rf"(?:\+ ?)?(?<![0-9])[0-9](?:{_GAP}[0-9]){{6,}}"
    rf"(?:{_GAP}x(?![a-z0-9])|[\W_]{{0,3}}(?:转|分机|ext\.?|x|#)[\W_]{{0,3}}[0-9]{{1,6}}(?![0-9]))?"
)
_DIGITS = re.compile(r"[0-9]+")
# Numbers that are evidence, not identity, masked before numbers are looked for: an amount
# (30000元, ¥1,200,000), a number after a label that cites it (合同编号, 申请号), a USCC,
# and a date (2023-04-20) or a patent application number (202310123456.7, 03123456.X) unless
# a few digits just before or after make it part of a number: "1990.1.12 3456" is a phone
# written to look like a date.
_DATE = re.compile(
    r"(?<![0-9])(?:19|20)[0-9]{2}[\-./] ?(?:0?[1-9]|1[0-2]) ?[\-./] ?(?:0?[1-9]|[12][0-9]|3[01])"
    r"(?![0-9])"
)
_PATENT = re.compile(
    r"(?<![0-9])(?:(?:8[5-9]|9[0-9]|0[0-3])[1-3][0-9]{5}|(?:19|20)[0-9]{2}[1-9][0-9]{7})"
    r"\.[0-9x](?![0-9a-z])"
)
_AMOUNT = re.compile(
    r"(?:[¥$]|rmb|cny|人民币) ?[0-9][0-9,]{0,15}(?:\.[0-9]{1,2})?"
    r"|(?<![0-9])[0-9][0-9,]{0,15}(?:\.[0-9]{1,2})? ?(?=元|块|万|亿|美元|rmb|cny|yuan)"
)
_USCC_SHAPE = re.compile(r"(?<![0-9a-z])[0-9a-hj-np-rtuwxy]{18}(?![0-9a-z])")
_DIGIT_RUN = re.compile(rf"[0-9](?:{_GAP}[0-9])*")
_USCC_LABEL = re.compile(r"信用代码|代码|执照|注册号|uscc")
# Numbers a case file cites, after a label that says so: "合同编号 HT-2023-0456".
_CITED = re.compile(
    r"(?:合同|订单|快递|运单|发票|案件|商标|专利|申请|注册|受理|流水|交易)(?:编号|单号|号码|号)"
    r"|申请号|注册号|案号|(?<![a-z])(?:order|invoice|contract|application|case) ?(?:no\.?|number|#)"
)
# …but never a mobile or an ID-card number, whatever the label says.
_PERSONAL = re.compile(r"1[3-9][0-9]{9}|[0-9]{17}[0-9x]|[0-9]{15}")
_CITED_NUMBER = re.compile(
    rf"(?:{_CITED.pattern})[\s:：#是为]{{0,4}}([0-9a-z][0-9a-z\-./]{{3,39}})"
)
_MASK = "\uff2d"  # full-width M: NFKC never leaves one in the folded text, and it is no gap


def _evidence_masked(text: str) -> str:
    """The folded text with amounts, cited numbers, USCCs, dates and patent numbers blanked
    out."""
    spans = [m.span() for m in _AMOUNT.finditer(text)]
    spans += [m.span(1) for m in _CITED_NUMBER.finditer(text) if not _PERSONAL.fullmatch(m[1])]
    spans += [m.span() for m in _USCC_SHAPE.finditer(text) if _is_uscc(text, m.start(), m.end())]
    text = _masked(text, spans)
    found = [m.span() for pattern in (_DATE, _PATENT) for m in pattern.finditer(text)]
    rest = _masked(text, found)  # evidence beside evidence stays: "03123456.X，2023.4.20"
    # Each digit of what is left, with the number of digits in its run: a run of fewer than 7
    # digits next to a date would be a number with it; a longer one is a number of its own.
    short: set[int] = set()
    for run in _DIGIT_RUN.finditer(rest):
        if sum(ch.isdigit() for ch in run.group(0)) < 7:
            short.update((run.start(), run.end()))
    return _masked(text, [(a, b) for a, b in found if not _near(rest, a, b, short)])


def _near(text: str, start: int, end: int, ends: set[int]) -> bool:
    """Whether a run end in `ends` lies within a gap of text[start:end]."""
    before = start
    while before > 0 and start - before < _GAP_MAX and _is_gap(text[before - 1]):
        before -= 1
    after = end
    while after < len(text) and after - end < _GAP_MAX and _is_gap(text[after]):
        after += 1
    return any(at in ends for at in range(before, start + 1)) or any(
        at in ends for at in range(end, after + 1)
    )


def _is_gap(ch: str) -> bool:
    return not ch.isalnum()


def _masked(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for a, b in spans:
        chars[a:b] = _MASK * (b - a)
    return "".join(chars)


def _is_uscc(text: str, start: int, end: int) -> bool:
    """A valid USCC (GB 32100: authority, a digit for the kind, six for the region, then the
    organisation code and the check), and if it is all digits but the check (an ID-card number
    may pass the check by chance), one that says it is: "信用代码 9131…"."""
    code = text[start:end].upper()
    if code[0] not in "123456789ANY" or not code[1:8].isdigit():
        return False
    if not stdnum_uscc.is_valid(code):
        return False
    return (
        not code[:17].isdigit() or _USCC_LABEL.search(text, max(0, start - 12), start) is not None
    )


def _number_spans(
    masked: str, public: frozenset[str], own: frozenset[str]
) -> Iterator[tuple[int, int]]:
    """The numbers to hide in the folded text (`masked`: _evidence_masked)."""
    for found in _NUMBER.finditer(masked):
        yield from _hidden_parts(masked, found.start(), found.end(), public - own)


def _hidden_parts(
    text: str, start: int, end: int, public: frozenset[str]
) -> Iterator[tuple[int, int]]:
    """The parts of the number text[start:end] to hide: all of it, but a registered phone."""
    if not public:
        yield start, end
        return
    kept = _public_parts(text, start, end, public)
    cursor = start
    for a, b in [*kept, (end, end)]:
        piece = text[cursor:a]
        if sum(map(len, _DIGITS.findall(piece))) >= 4:  # a fragment next to it: likely a phone
            yield cursor, a
        cursor = b


def _public_parts(text: str, start: int, end: int, public: frozenset[str]) -> list[tuple[int, int]]:
    if phone_digits(text[start:end]) in public:
        return [(start, end)]
    digits = "".join(_DIGITS.findall(text, start, end))
    if not any(key in digits for key in public):
        return []
    kept: list[tuple[int, int]] = []
    for a, b, key in _group_windows(text, start, end):
        if key in public and (not kept or a >= kept[-1][1]):
            kept.append((a, b))
    return kept


def _windows(text: str, start: int, end: int) -> Iterator[str]:
    """The digit keys a number could hold: itself, and each run of its groups."""
    yield phone_digits(text[start:end])
    for _, _, key in _group_windows(text, start, end):
        yield key


def _group_windows(text: str, start: int, end: int) -> Iterator[tuple[int, int, str]]:
    """(start, end, phone_digits) of each run of up to 6 digit groups of a number that holds
    as many digits as a phone (7 to 16 with +86 21), longest first from each group."""
    groups = [m.span() for m in _DIGITS.finditer(text, start, end)]
    if len(groups) > 24:  # a wall of digits is no phone listing
        return
    for i in range(len(groups)):
        for j in range(min(len(groups), i + 6), i, -1):
            a, b = groups[i][0], groups[j - 1][1]
            count = sum(gb - ga for ga, gb in groups[i:j])
            if 7 <= count <= 16:
                yield a, b, phone_digits(text[a:b])


# --- e-mails and labelled accounts ----------------------------------------------------------

_OPEN, _CLOSE = r"[(\[{<【]", r"[)\]}>】]"
_AT = rf"(?: ?@ ?| ?{_OPEN} ?at ?{_CLOSE} ?| ?艾特 ?| at )"
_DOT = rf"(?: ?[.。] ?| ?{_OPEN} ?dot ?{_CLOSE} ?| ?点 ?| dot )"
# The local part starts where its run starts: a match is tried once per run, not per character.
_EMAIL = re.compile(
    rf"(?<![a-z0-9._%+\-])[a-z0-9._%+\-]{{1,64}}{_AT}[a-z0-9\-]{{1,63}}(?:{_DOT}[a-z0-9\-]{{1,63}}){{1,4}}"
)
_LABELLED = re.compile(
    r"((?:微信(?:号|id)?|v信|扣扣|护照|通行证|身份证|证件|(?<![a-z])(?:vx|wx|weixin|wechat(?: ?id)?"
    r"|qq|passport(?: ?(?:no\.?|number))?|id(?: ?(?:no\.?|number|card))?)))"
    r"(?:号码|号|码)?[\s:：=#是为]{0,4}"
    r"([a-z0-9][a-z0-9_\-.]{3,39})"
)


_NUMBERED_LABELS = re.compile(r"qq|扣扣|passport.*|id.*|护照|通行证|身份证|证件")


def _is_account(found: re.Match[str]) -> bool:
    """A labelled token: any WeChat id; for a QQ, passport or ID label, a token with a digit
    ("ID card holder" names no one)."""
    label, token = found.group(1), found.group(2)
    return not _NUMBERED_LABELS.fullmatch(label) or any(ch.isdigit() for ch in token)


# --- names ----------------------------------------------------------------------------------

_CJK = r"\u3400-\u9fff"
# Words that follow a cue and are never a name (曾, 于, 向 are surnames: "本人曾伟" hides 曾伟).
_NAME_STOP = (
    r"手机|电话|邮箱|微信|身份证|姓名|名字|号码|联系|举报|投诉|反映|先生|女士|对方|表示|通过|委托|"
    r"受害|一名|一个|一位|个人|这|那|来|去|想|要|今天|昨天|的|在|是|与|和|跟|称|说|被|已|也|就|因|我|你|他|她"
)
_HAN = rf"(?!{_NAME_STOP})[{_CJK}]"
_JOIN = r"[·•・‧\-]"
# 2-4 characters, perhaps spaced or dotted ("王 五", "王·五"), then more parts of a
# transliterated name ("迪丽热巴·迪力木拉提").
_CJK_NAME = rf"({_HAN}(?:[ ·•・‧\-]?{_HAN}){{1,3}}(?:{_JOIN}{_HAN}{{2,8}}){{0,2}})"
_LATIN_WORD = r"[a-z][a-z'’\-]{0,20}"
_LATIN_NAME = rf"({_LATIN_WORD}(?: {_LATIN_WORD}){{0,2}})"
_PINYIN = rf"(?: ?{_OPEN} ?([a-z][a-z'’\- ]{{1,40}}) ?{_CLOSE})?"
_CJK_CUE = (
    rf"(?:我是|我叫|我姓[{_CJK}]{{1,2}}[，, ]{{0,2}}(?:名叫|叫|名)|本人(?:是|叫)?|鄙人"
    # 在下 at the start of a sentence, and not 在下个月, 在下午…
    r"|(?:^|(?<=[\s，,。.！!？?；;]))在下(?![个午面周次班月年一方属线载单])"
    r"|(?:联系人|举报人|投诉人|反映人|姓名|名字|署名|落款|签名)(?:是|为)?)"
    r"[\s:：]{0,3}"
)
_DECLARED = re.compile(rf"{_CJK_CUE}(?:{_CJK_NAME}{_PINYIN}|{_LATIN_NAME})")
# A signature at the end of a line: "——王五".
_SIGNATURE = re.compile(
    rf"(?:—{{1,2}}|--|~) ?({_HAN}(?:[ ·•・‧\-]?{_HAN}){{1,3}})[ .。!！]?(?=$|\n)"
)
_TITLE = r"(?:(?:mr|mrs|ms|miss|dr)(?![a-z])\.? ?)"  # "Mra" is a name, not Mr + "a"
# After "I am" a name has capitals (checked on the source): "I am writing" names no one.
_EN_DECLARED = re.compile(
    r"(?<![a-z])(?:(my name is|my name's|name ?[:：]|contact ?[:：]|signed ?[:：]?"
    r"|regards,?|sincerely,?|yours,)"
    r"|(i am|i'm|i’m))"
    rf" ?({_TITLE})?{_LATIN_NAME}"
)
_LATIN_STOP = frozenset(
    re.findall(
        r"\S+",
        "and or from i the a an with was am is are calling writing here to not but phone tel "
        "e-mail email my me at of in on for call contact reach mobile number wechat id "
        "chinese american english not so very sorry glad happy reporting just also still",
    )
)
_NAME_SEPARATORS = re.compile(r"[\s·•・‧\-‐‑–—_.]+")
_APOSTROPHES = re.compile(r"['’]")
# What may stand between two letters of a name.
_NAME_SEPARATOR_CHARS = frozenset(" \n·•・‧-‐‑–—_.'’")


def _name_keys(name: str) -> set[str]:
    """The forms of a name to hide: whole, and each part of two letters or more ("John Smith":
    also "Smith"; "阿卜杜拉·买买提": also "买买提"), folded as the text is."""
    folded = _APOSTROPHES.sub("", _fold(name).text.strip())  # O'Brien is also OBrien
    parts = [p for p in _NAME_SEPARATORS.split(folded) if p]
    whole = "".join(parts)
    keys = {whole, *parts} if len(parts) > 1 else {whole}
    return {key for key in keys if len(key) >= _NAME_MIN}


def _cjk_keys(capture: str) -> set[str]:
    """A Chinese name is 2-4 characters, and where it ends is unknown ("我是王五今天来"): each
    prefix of two or more characters of each part is hidden, over-hiding on the safe side."""
    parts = [p for p in re.split(rf"{_JOIN}", capture.replace(" ", "")) if p]
    keys = {"".join(parts)} if len(parts) > 1 else set()
    for part in parts:
        keys.update(part[:n] for n in range(_NAME_MIN, len(part) + 1))
    return {key for key in keys if len(key) >= _NAME_MIN}


def _latin_keys(capture: str) -> set[str]:
    words: list[str] = []
    for word in capture.split(" "):
        if word.strip("'’-") in _LATIN_STOP:
            break
        words.append(word)
    return _name_keys(" ".join(words)) if words else set()


def _declared_names(folded: _Folded, source: str) -> Iterator[str]:
    text = folded.text
    for found in _DECLARED.finditer(text):
        cjk, pinyin, latin = found.group(1), found.group(2), found.group(3)
        if cjk:
            yield from _cjk_keys(cjk)
        if pinyin:
            yield from _latin_keys(pinyin)
        if latin:
            yield from _latin_keys(latin)
    for found in _SIGNATURE.finditer(text):
        yield from _cjk_keys(found.group(1))
    for found in _EN_DECLARED.finditer(text):
        if found.group(2) and not found.group(3):
            start = folded.starts[found.start(4)]
            if not source[start : start + 1].isupper():
                continue
        yield from _latin_keys(found.group(4))


def _name_spans(text: str, keys: Iterable[str]) -> Iterator[tuple[int, int]]:
    """Where each key stands in the folded text, whatever separates its letters ("王·五",
    "John  Smith"); a Latin key only as a word of its own ("Li" is not hidden in "clinic").

    str.find over the text without separators, not one big regex: a text may declare
    a thousand names, and a regex of a thousand alternatives takes longer to build than to run.
    """
    index = [i for i, ch in enumerate(text) if ch not in _NAME_SEPARATOR_CHARS]
    compact = "".join(text[i] for i in index)
    for key in keys:
        at = compact.find(key)
        while at != -1:
            start, end = index[at], index[at + len(key) - 1] + 1
            if not key.isascii() or not (_is_latin(text, start - 1) or _is_latin(text, end)):
                yield start, end
            at = compact.find(key, at + 1)


def _is_latin(text: str, at: int) -> bool:
    return 0 <= at < len(text) and "a" <= text[at] <= "z"


# --- the reporter ---------------------------------------------------------------------------

# The reporter speaking of themself: what follows in the same clause is theirs.
_SELF = re.compile(
    r"我是|我叫|我的|本人|联系我|联系人|举报人|投诉人|姓名|名字|署名|\bmy\b|\bi am\b|\bi'm\b|\bme\b"
)
_CLAUSE = re.compile(r"[^。；;！!？?\n]+")
_PART = re.compile(r"[^，,、]+")
# …until a part of the clause turns to someone else ("我是王五，对方电话…").
_OTHER = re.compile(
    r"对方|该机构|机构|公司|代理|他们|他|她|其|客服|业务员|销售|经理|冒充|"
    r"\bthey\b|\btheir\b|\bagency\b|\bfirm\b|\bcompany\b|\bhis\b|\bher\b"
)


@dataclass(frozen=True)
class Reporter:
    """What identifies the reporter: name keys (folded, see _name_keys) and phones as digit
    keys (phone_digits)."""

    names: frozenset[str] = frozenset()
    phones: frozenset[str] = frozenset()

    @classmethod
    def named(cls, names: Iterable[str | None]) -> Reporter:
        return cls(frozenset(key for n in names if n for key in _name_keys(n)))

    @classmethod
    def declared(cls, name: str | None, phone: str | None, texts: Iterable[str] = ()) -> Reporter:
        """The form's name and phone, plus every name and phone declared in `texts`."""
        names = set(cls.named([name]).names)
        phones = {phone_digits(phone)} if phone and phone_digits(phone) else set()
        for text in texts:
            folded = _fold(text)
            mine = _declared_in(folded, text, _evidence_masked(folded.text))
            names |= mine.names
            phones |= mine.phones
        return cls(frozenset(names), frozenset(p for p in phones if p))


def _declared_in(folded: _Folded, source: str, masked: str) -> Reporter:
    """The names and phones the reporter declares in one text (`masked`: _evidence_masked)."""
    phones = {
        phone_digits(m.group(0))
        for a, b in _own_spans(folded.text)
        for m in _NUMBER.finditer(masked, a, b)
    }
    return Reporter(frozenset(_declared_names(folded, source)), frozenset(phones))


def _own_spans(text: str) -> Iterator[tuple[int, int]]:
    """The parts of `text` where the reporter speaks of themself."""
    for clause in _CLAUSE.finditer(text):
        own = False
        for part in _PART.finditer(text, clause.start(), clause.end()):
            if _SELF.search(part.group(0)):
                own = True
            elif _OTHER.search(part.group(0)):
                own = False
            if own:
                yield part.span()


# --- the entry point ------------------------------------------------------------------------


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
    folded = _fold(text)
    masked = _evidence_masked(folded.text)
    mine = _declared_in(folded, text, masked)
    spans = list(_number_spans(masked, public_phones, reporter.phones | mine.phones))
    spans += [m.span() for m in _EMAIL.finditer(folded.text)]
    spans += [m.span(2) for m in _LABELLED.finditer(folded.text) if _is_account(m)]
    spans += _name_spans(folded.text, reporter.names | mine.names)
    return _replaced(text, [folded.source_span(a, b) for a, b in spans if b > a])


def _replaced(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with each of the (merged) spans replaced by HIDDEN."""
    out: list[str] = []
    cursor = 0
    for a, b in sorted(spans):
        if a < cursor:  # overlaps the previous span: extend it
            if b > cursor:
                cursor = b
            continue
        out.append(text[cursor:a])
        out.append(HIDDEN)
        cursor = b
    out.append(text[cursor:])
    return "".join(out)


_CANDIDATES_MAX = 64


def phone_candidates(text: str) -> Iterator[str]:
    """The digit keys of every phone-like number in `text` (for looking up public ones): each
    number, and the phones a longer run of digits may hold."""
    masked = _evidence_masked(_fold(text).text)
    seen: set[str] = set()
    for found in _NUMBER.finditer(masked):
        for key in _windows(masked, found.start(), found.end()):
            if len(seen) == _CANDIDATES_MAX:  # one database query's worth
                return
            if key and key not in seen:
                seen.add(key)
                yield key


def phone_digits(text: str) -> str:
    """A phone's digits without country code, trunk 0 / area code 021 or extension: the same
    key for every spelling of one Shanghai or mobile number."""
    folded = _fold(text).text if not text.isascii() else text
    head = re.split(r"转|分机|ext|x|#", folded, maxsplit=1, flags=re.IGNORECASE)[0]
    digits = re.sub(r"[^0-9]", "", head)
    if digits.startswith("0086"):
        digits = digits[4:]
    elif digits.startswith("86") and len(digits) in (12, 13):
        digits = digits[2:]
    digits = digits.lstrip("0")
    return digits[2:] if digits.startswith("21") and len(digits) == 10 else digits
