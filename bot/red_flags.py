"""Red flags in an agency's own words: what a flyer, a business card or a shop page promises, mapped
to the violation categories of the domain brief. Read from a picture's text or pasted text.

Data, matched and never shown: the phrases below are searched in the folded text (bot.normalize
.fold) with any spaces or marks between their letters, as OCR leaves them ("包 过", "包·授权");
what a person reads is the flag's words in bot/words/red_flags.py and the text as found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from bot.normalize import fold
from bot.state_organs import (
    CLAIM_HEADS,
    CLAIM_TAILS,
    COUNTER_HEADS,
    COUNTERS,
    GAP,
    ORGANS,
    STATE_HEADS,
    STATE_TAILS,
    any_of,
)

# kind: (category code, phrases). A phrase is a regular expression over folded text; its
# letters are spread by `any_of`, so write each alternative out in full.
PHRASES: dict[str, tuple[str, tuple[str, ...]]] = {
    # A promise of approval: no agency can promise what the examiner decides. ("抢注" alone is
    # not here: "防止被抢注" is what honest firms advertise.)
    "promise": (
        "solicitation",
        (
            "包过",
            "包通过",
            "包授权",
            "包下证",
            "包注册",
            "包拿证",
            "保过",
            "稳过",
            "必过",
            "保证通过",
            "保证授权",
            "保证下证",
            "保证注册",
            "保证成功",
            "确保通过",
            "确保授权",
            "100%通过",
            "100%授权",
            "100%下证",
            "100%成功",
            "百分之百通过",
            "百分之百授权",
            "通过率100%",
            "授权率100%",
            "零驳回",
            "不驳回",
        ),
    ),
    "refund": (
        "solicitation",
        (
            "不成功全额退款",
            "不成功退款",
            "不成功退费",
            "不成功不收费",
            "不通过退款",
            "不通过全额退款",
            "不通过不收费",
            "驳回退款",
            "驳回全额退款",
            "驳回退费",
            "未授权退款",
            "不授权退款",
            "无效退款",
            "失败退款",
            "失败全额退款",
        ),
    ),
    # Claims of "internal channels": collusion with examiners (task 2 of the notice).
    "internal": (
        "tm_collusion",
        (
            "内部渠道",
            "内部关系",
            "内部通道",
            "内部人员",
            "内部资源",
            "绿色通道",
            "特殊渠道",
            "特殊通道",
            "特殊关系",
            "走关系",
            "找关系",
            "审查员关系",
            "认识审查员",
            "审查员朋友",
        ),
    ),
    "free": (
        "solicitation",
        (
            "免费注册",
            "免费申请",
            "免费代理",
            "免费办理",
            "免费送",
            "免费赠送",
            "免官费",
            "官费全免",
            "0元注册",
            "0元申请",
            "0元代理",
            "零元注册",
            "零元申请",
            "1元注册",
            "1元申请",
            "一元注册",
            "一元申请",
            "超低价",
            "白菜价",
            "亏本价",
            "低于成本",
        ),
    ),
    "hot_word": (
        "tm_hoard",
        (
            "热词商标",
            "网红商标",
            "网红词",
            "热门商标",
            "爆款商标",
            "热点商标",
            "蹭热点",
            "帮您抢注",
            "代为抢注",
            "抢注热词",
            "热词抢注",
            "抢先注册热词",
            "囤积商标",
            "囤商标",
        ),
    ),
}
ORDER = ("official", *PHRASES)  # how the flags are listed: the gravest first
# A claim to act for the state. An organ named alone is not one in a picture's text: "请到国家
# 知识产权局官网核实" is what an honest card says; "国家知识产权局指定" is the claim.
ORGAN_CLAIMS = ("指定", "授权", "认证", "认可", "委托", "直属", "下属", "合作", "代办", "特约")
OFFICIAL = (
    f"(?:{any_of(ORGANS)}){GAP}*(?:{any_of(ORGAN_CLAIMS)})"
    f"|(?:{any_of(CLAIM_HEADS)}){GAP}*(?:{any_of(CLAIM_TAILS)})"
    f"|(?:{any_of(STATE_HEADS)}){GAP}*(?:{any_of(STATE_TAILS)})"
    f"|(?:{any_of(COUNTER_HEADS)}){GAP}*(?:{any_of(COUNTERS)})"
)
# What makes a phrase its opposite: "不承诺包过", "绝不保证授权", "谨防内部渠道骗局".
NEGATED = re.compile(
    "(?:不|绝不|从不|决不|并不|拒绝|没有|无|严禁|禁止|谨防|警惕|勿信|不要相信)"
    f"{GAP}*(?:承诺|保证|提供|搞|做|相信|所谓)?{GAP}*$"
)


@dataclass(frozen=True)
class RedFlag:
    kind: str  # promise, refund, official, internal, free, hot_word
    code: str  # the violation category (domain brief)
    evidence: str  # the words as they stand in the text


def red_flags(text: str) -> list[RedFlag]:
    """Each kind of red flag the text raises, once, with the first words that raise it. Read a
    line at a time (a phrase never spans two lines of a picture); a phrase its line negates
    ("不承诺包过") raises none."""
    found: dict[str, RedFlag] = {}
    for line in text.splitlines():
        folded = fold(line)
        same_length = len(folded) == len(line)  # then a match's place is the same in `line`
        for kind in ORDER:
            if kind not in found and (match := _affirmed(_pattern(kind), folded)) is not None:
                code = "impersonation" if kind == "official" else PHRASES[kind][0]
                found[kind] = RedFlag(kind, code, _words(line, match, same_length))
    return [found[kind] for kind in ORDER if kind in found]


def _affirmed(pattern: re.Pattern[str], folded: str) -> re.Match[str] | None:
    for match in pattern.finditer(folded):
        if NEGATED.search(folded[max(0, match.start() - 8) : match.start()]) is None:
            return match
    return None


def _words(text: str, match: re.Match[str], same_length: bool) -> str:
    return text[match.start() : match.end()] if same_length else match.group(0)


@cache
def _pattern(kind: str) -> re.Pattern[str]:
    return re.compile(OFFICIAL if kind == "official" else any_of(PHRASES[kind][1]))
