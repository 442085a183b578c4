"""The staff desk's words: ticket states, actions, outcomes, referral destinations, grounds.

Modelled on the 12315 rules (which IP departments follow) and FixMyStreet: a ticket is received,
then accepted or not accepted, may be assigned to a district office, investigated, transferred
elsewhere, and is closed with an outcome. Labels are (zh, en), where a translator finds them.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.districts import DISTRICTS as DISTRICTS  # re-exported: the desk names them here
from bot.words.verdict import Lang

STATES: dict[str, tuple[str, str]] = {
    "received": ("已收到", "received"),
    "accepted": ("已受理", "accepted"),
    "not_accepted": ("不予受理", "not accepted"),
    "assigned": ("已分派", "assigned"),
    "investigating": ("调查中", "under investigation"),
    "transferred": ("已移送", "transferred"),
    "closed": ("已办结", "closed"),
}
FINAL_STATES = ("not_accepted", "closed")

OUTCOMES: dict[str, tuple[str, str]] = {
    "substantiated": ("属实", "substantiated"),
    "partly": ("部分属实", "partly substantiated"),
    "unsubstantiated": ("不属实", "unsubstantiated"),
    "duplicate": ("重复举报", "duplicate"),
}
# What a closing staff member may choose; `duplicate` comes only from merging (it names the
# ticket it duplicates).
CLOSING_OUTCOMES = ("substantiated", "partly", "unsubstantiated")

DESTINATIONS: dict[str, tuple[str, str]] = {
    "enforcement": ("市场监管综合执法部门", "market regulation enforcement"),
    "cnipa": ("国家知识产权局", "CNIPA (China National IP Administration)"),
    "police": ("公安机关（涉嫌犯罪）", "public security (suspected crime)"),
    "jiangsu": ("江苏省知识产权局（长三角协作）", "Jiangsu IP office (Yangtze River Delta)"),
    "zhejiang": ("浙江省知识产权局（长三角协作）", "Zhejiang IP office (Yangtze River Delta)"),
    "anhui": ("安徽省知识产权局（长三角协作）", "Anhui IP office (Yangtze River Delta)"),
}
# A subject registered in these provinces goes to regional cooperation (domain brief).
REGIONAL = {"江苏": "jiangsu", "浙江": "zhejiang", "安徽": "anhui"}

# Grounds for not accepting (12315 rules).
GROUNDS: dict[str, tuple[str, str]] = {
    "outside_remit": ("不属于本部门职责范围", "outside this office's remit"),
    "already_handled": ("已经处理或正在处理", "already handled or being handled"),
    "too_old": ("超过三年", "older than three years"),
    "no_facts": ("没有具体事实或线索", "no specific facts or leads"),
    "no_contact": ("投诉人身份或联系方式不全", "the complainant's identity or contact is missing"),
}
COMPLAINT_ONLY_GROUNDS = frozenset({"no_contact"})  # a 举报 may be anonymous


def grounds_for(kind: str) -> dict[str, tuple[str, str]]:
    """The grounds on which a ticket of this kind (report or complaint) may be refused."""
    return {
        code: pair
        for code, pair in GROUNDS.items()
        if kind == "complaint" or code not in COMPLAINT_ONLY_GROUNDS
    }


CITY = "city"


@dataclass(frozen=True)
class Action:
    """A staff action on a ticket: from which states it may be taken, and the state after."""

    code: str
    zh: str
    en: str
    allowed_from: tuple[str, ...]
    to: str | None  # None: the state stays (a note, revealing the contact)
    city_only: bool = False
    tells_reporter: bool = False

    def label(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en


_OPEN = ("received", "accepted", "assigned", "investigating", "transferred")
_ALL = (*_OPEN, *FINAL_STATES)

ACTIONS: dict[str, Action] = {
    a.code: a
    for a in (
        # A ticket the city assigned to a district is accepted or refused by that district.
        Action(
            "accept", "受理", "accept", ("received", "assigned"), "accepted", tells_reporter=True
        ),
        Action(
            "refuse",
            "不予受理",
            "decline",
            ("received", "assigned"),
            "not_accepted",
            tells_reporter=True,
        ),
        Action(
            "assign",
            "分派",
            "assign",
            ("received", "accepted", "assigned"),
            "assigned",
            city_only=True,
        ),
        Action("investigate", "开始调查", "investigate", ("accepted", "assigned"), "investigating"),
        Action(
            "transfer",
            "移送",
            "transfer",
            ("received", "accepted", "assigned", "investigating"),
            "transferred",
            tells_reporter=True,
        ),
        Action(
            "close",
            "办结",
            "close",
            ("accepted", "assigned", "investigating", "transferred"),
            "closed",
            tells_reporter=True,
        ),
        Action("merge", "合并重复", "merge as duplicate", _OPEN, "closed", tells_reporter=True),
        Action("note", "备注", "note", _ALL, None),
        Action("reveal_contact", "查看联系方式", "reveal the contact", _ALL, None),
    )
}


def term(table: dict[str, tuple[str, str]], code: str | None, lang: Lang) -> str:
    """A code's label, or the code itself when the table does not know it (old data)."""
    if code is None:
        return "—"
    zh, en = table.get(code, (code, code))
    return zh if lang == "zh" else en
