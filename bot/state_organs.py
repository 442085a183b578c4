"""The state organs an agency may pose as, and the words of such a claim (domain brief, rule 2).

Data, matched and never shown: the names, their short forms and English names, and the claim
words. `POSING` is searched in a query's folded form (bot.normalize.fold: width, traditional
characters, case) and allows any spaces or marks between letters, so "国 知 局", "國家知識產權局",
"Ｃ.Ｎ.Ｉ.Ｐ.Ａ" and "Trademark  Office" are all found; the site's directory uses the same pattern.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Organs of the state that register patents and trademarks or supervise agencies, and their
# common short forms. Written simplified and lower case: the query is folded before matching.
ORGANS = (
    "国家知识产权局",
    "国知局",
    "知识产权局",  # every level: 上海市知识产权局, 浦东新区知识产权局
    "知识产权总局",
    "知识产权管理局",
    "知识产权办公室",
    "商标局",
    "商标总局",
    "商标注册处",
    "商标审查协作",
    "商标评审委员会",
    "商评委",
    "专利局",
    "专利复审委员会",
    "专利审查协作",
    "专利代办处",
    "商标受理处",
    "工商行政管理局",
    "工商局",
    "市场监督管理局",
    "市场监督管理总局",
    "市场监管局",
    "市场监管总局",
    "国家版权局",
)
ORGANS_EN = (
    "cnipa",
    "sipo",
    "ctmo",
    "trademarkoffice",
    "patentoffice",
    "intellectualpropertyoffice",
    "intellectualpropertyadministration",
    "trademarkbureau",
    "stateipoffice",
    "nationalipoffice",
    "ipadministration",
    "patentbureau",
    "samr",
)
# A claim to act for the state: an official designation, or an office's counter. "国家" claims
# only a designation (国家指定): "国家授权专利" and "国家认证" are what legitimate firms write.
CLAIM_HEADS = ("官方", "政府")
CLAIM_TAILS = ("指定", "授权", "认证", "认可", "委托", "直属", "代办", "合作")
STATE_HEADS = ("国家",)
STATE_TAILS = ("指定", "委托", "直属", "代办")
COUNTER_HEADS = ("受理", "注册", "申请", "办事", "代办", "专利受理", "商标受理")
COUNTERS = ("窗口", "大厅", "受理处", "代办处", "办事处", "服务点")
CLAIMS: tuple[str, ...] = ()  # no word claims alone: "官方网站" is a firm's own site
CLAIMS_EN = (
    "officialagent",
    "officialagency",
    "officiallydesignated",
    "officialpartner",
    "servicewindow",
    "registrationhall",
    "acceptancewindow",
    "servicecounter",
    "governmentappointed",
    "governmentdesignated",
    "governmentauthorized",
    "stateappointed",
)
# An organ named as the authority behind a real licence is a citation, not a claim:
# "经国家知识产权局批准", "由市场监督管理局颁发", "国家知识产权局备案的".
CITED_AFTER = ("批准", "备案", "核准", "颁发", "认定", "登记", "授予", "审批")
CITED_BEFORE = ("经", "由", "向", "获", "在")


def _spaced(word: str) -> str:
    """`word` with any spaces or marks between its letters: "国 知 局", "C.N.I.P.A"."""
    return f"{GAP}*".join(re.escape(char) for char in word)


def any_of(words: tuple[str, ...]) -> str:
    return "|".join(_spaced(w) for w in sorted(words, key=len, reverse=True))


# Between the letters of a word: white space and the marks of Latin-1, which is what the folded
# text holds for every full-width mark (NFKC). Kept to Latin-1 because the class repeats between
# every two letters of every word, and a class reaching past Latin-1 is slow to compile.
GAP = "[\\s!-/:-@\\[-`{-~\u00a0-\u00bf]"
_LATIN_EDGE = "(?<![a-z0-9])", "(?![a-z0-9])"  # "samr" is not inside "samrat"
_ORGAN = f"(?:{any_of(ORGANS)})"
POSING_SOURCE = (
    f"(?:{any_of(CLAIM_HEADS)}){GAP}*(?:{any_of(CLAIM_TAILS)})"
    f"|(?:{any_of(STATE_HEADS)}){GAP}*(?:{any_of(STATE_TAILS)})"
    f"|(?:{any_of(COUNTER_HEADS)}){GAP}*(?:{any_of(COUNTERS)})"
    f"|(?<!{'|'.join(CITED_BEFORE)}){_ORGAN}(?!{GAP}*(?:{'|'.join(CITED_AFTER)}))"
    + (f"|{any_of(CLAIMS)}" if CLAIMS else "")
    + f"|{_LATIN_EDGE[0]}(?:{any_of(ORGANS_EN + CLAIMS_EN)}){_LATIN_EDGE[1]}"
)
# Every word POSING finds, written without gaps. A match is one of them with gaps between its
# letters, so a text that holds none once its gaps are taken out (most names) has no match,
# and is answered without compiling POSING: 10-20 ms of a check's start-up (issue 11).
WORDS = (
    *(head + tail for head in CLAIM_HEADS for tail in CLAIM_TAILS),
    *(head + tail for head in STATE_HEADS for tail in STATE_TAILS),
    *(head + tail for head in COUNTER_HEADS for tail in COUNTERS),
    *ORGANS,
    *CLAIMS,
    *ORGANS_EN,
    *CLAIMS_EN,
)
_GAPS = re.compile(f"{GAP}+")


def posing_in(folded: str) -> re.Match[str] | None:
    """POSING's first match in a folded text (bot.normalize.fold), if it has one."""
    without_gaps = _GAPS.sub("", folded)
    if not any(word in without_gaps for word in WORDS):
        return None
    return _posing().search(folded)


@lru_cache(maxsize=1)
def _posing() -> re.Pattern[str]:
    return re.compile(POSING_SOURCE)


def __getattr__(name: str) -> re.Pattern[str]:
    """`POSING`, compiled when first read (the site's directory sends its pattern)."""
    if name == "POSING":
        return _posing()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# A web host naming an organ (cnipa.example, sipo-gov.example, samr.xyz).
POSING_HOST = re.compile(r"(?:^|[.-])(?:cnipa|sipo|ctmo|gov|samr|saic|sbj)(?:[.-]|$)")
