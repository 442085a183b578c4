"""The check of a picture's text (an ad, a flyer, a business card, a screenshot of a shop or a
chat): every identity in it checked on its own, all of them compared with each other as pasted
text is (a registered name with another firm's phone is the clone case), and the red flags in
its words. Pure: the text comes from bot/ocr.py or from anywhere else."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.check import check
from bot.lookup import MAX_QUERY
from bot.normalize import clean_text, names_a_company
from bot.query_reading import read
from bot.red_flags import RedFlag, red_flags
from bot.registry.ready import Readable
from bot.verdict import LEVEL_ORDER, Verdict
from bot.verdict_view import verdict_view
from bot.words import Lang, say
from bot.words import picture as words
from bot.words.verdict import HEADLINES as VERDICT_HEADLINES

PICTURE_TEXT = 4000  # characters of a picture's text looked at (a long screenshot's worth)
MOST_IDENTITIES = 40  # identities checked on their own; the rest are counted, never ok
# Where a firm's name ends inside running text ("…代理有限公司竭诚为您服务"): its legal form,
# and a branch's or partnership's suffix after it.
_FIRM_END = re.compile(
    r"(?:股份有限公司|有限责任公司|有限公司|事务所)"
    r"(?:[（(](?:特殊)?普通合伙[)）]|[（(]有限合伙[)）])?"
    r"(?:[\u3400-\u9fff]{0,8}(?:分公司|分所|办事处))?"
)
_BREAKS = re.compile(r"(?<=[，。；！？、,;!?\s])")  # where a long line may be cut
# Where a firm's name starts when words come before it ("欢迎来到上海蓝桥…"): its region.
_REGION = re.compile(
    "(?<![(（])(?:北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北"
    "|湖南|广东|海南|四川|贵州|云南|陕西|甘肃|青海|内蒙古|广西|西藏|宁夏|新疆|深圳|广州"
    "|杭州|南京|苏州|宁波|厦门|青岛|武汉|成都|西安)"
)
FLAG_LEVEL = {"official": "danger"}  # every other kind of red flag: caution


@dataclass(frozen=True)
class PictureVerdict:
    text: str  # what was read
    level: str
    overall: Verdict | None  # the identities compared with each other; None when none was read
    identities: tuple[Verdict, ...]
    red_flags: tuple[RedFlag, ...]

    def headline(self, lang: Lang) -> str:
        if any(flag.kind == "official" for flag in self.red_flags):
            said = say(VERDICT_HEADLINES["impersonation"], lang)  # the gravest, said first
            return said + (say(words.HEADLINES["and_flags"], lang) if self.overall else "")
        if self.overall is None:
            key = "flags_only" if self.red_flags else "nothing_read"
            return say(words.HEADLINES[key], lang)
        said = verdict_view(self.overall, lang).headline
        if self.red_flags:
            return said + say(words.HEADLINES["and_flags"], lang)
        return said


def identity_queries(text: str) -> list[str]:
    """The identities a picture's text holds, in reading order, each once: every USCC, code,
    phone, web address and e-mail, and every stretch that names a firm (cut out of the words
    around it)."""
    found: dict[str, None] = {}
    for line in text.splitlines():
        for part in _parts(line.strip()):
            reading = read(part)
            for piece in reading.pieces:
                found.setdefault(piece.text.strip(), None)
            for name in reading.names:
                for firm in _firms(name):
                    found.setdefault(firm, None)
    return [query for query in found if query]


def _parts(line: str) -> list[str]:
    """A line in pieces a query may be (MAX_QUERY), cut after punctuation or spaces."""
    parts, current = [], ""
    for chunk in _BREAKS.split(line):
        while len(chunk) > MAX_QUERY:  # no break at all: cut hard
            parts += [current, chunk[:MAX_QUERY]]
            current, chunk = "", chunk[MAX_QUERY:]
        if len(current) + len(chunk) > MAX_QUERY:
            parts.append(current)
            current = ""
        current += chunk
    return [part for part in [*parts, current] if part.strip()]


def _firms(name: str) -> list[str]:
    """The firms a name-like stretch names: itself when it is one, else each stretch that ends
    in a legal form ("上海蓝桥专利代理有限公司竭诚为您服务" → "上海蓝桥专利代理有限公司")."""
    name = name.strip()
    ends = [end.end() for end in _FIRM_END.finditer(name)] or [len(name)]
    firms, start = [], 0
    for end in ends:
        firm = _from_region(name[start:end].split()[-1] if name[start:end].split() else "")
        if names_a_company(firm):
            firms.append(firm)
        start = end
    return firms


def _from_region(firm: str) -> str:
    """A firm's name without the words before it: from its region, when one follows them."""
    region = _REGION.search(firm)
    return firm[region.start() :] if region is not None and region.start() > 0 else firm


def check_picture_text(db: Readable, text: str, *, today: date) -> PictureVerdict:
    """The verdict on a picture's text (see the module's docstring)."""
    text = clean_text(text)[:PICTURE_TEXT]
    queries = identity_queries(text)
    identities = tuple(check(db, query, today=today) for query in queries[:MOST_IDENTITIES])
    overall = _compared(db, queries, identities, today)
    flags = tuple(red_flags(text))
    levels = [verdict.level for verdict in identities]
    levels += [overall.level] if overall else ["unknown"]
    levels += ["caution"] if len(queries) > MOST_IDENTITIES else []  # not all were checked
    # Typed, several firms' names are a list to check; in one advertisement, one firm's name
    # beside another's is how a clone borrows a real firm's standing.
    levels += ["caution"] if overall and overall.headline_key == "listed" else []
    levels += [FLAG_LEVEL.get(flag.kind, "caution") for flag in flags]
    level = max(levels, key=LEVEL_ORDER.__getitem__)
    return PictureVerdict(text, level, overall, identities, flags)


def _compared(
    db: Readable, queries: list[str], identities: tuple[Verdict, ...], today: date
) -> Verdict | None:
    """All identities read as one pasted text, so that they are compared; as many as fit a
    query, in reading order (a name comes before its contacts on a card or a flyer)."""
    if not queries:
        return None
    if len(queries) == 1:
        return identities[0]
    joined = ""
    for query in queries:
        if len(joined) + 1 + len(query) > MAX_QUERY:
            break
        joined = f"{joined} {query}".strip()
    return check(db, joined, today=today)
