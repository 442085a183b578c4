"""The staff desk's vocabulary: the words of each code a ticket carries (its kind, state,
outcome, referral, ground for refusal, the actions taken on it) and of a ticket card.

The codes themselves are the keys; bot/desk/vocabulary.py holds the rules about them.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.words import Words
from bot.words.site import LIST_SEPARATOR as LIST_SEPARATOR  # the one way a list is written

KINDS: dict[str, Words] = {"report": ("举报", "report"), "complaint": ("投诉", "complaint")}

STATES: dict[str, Words] = {
    "received": ("已收到", "received"),
    "accepted": ("已受理", "accepted"),
    "not_accepted": ("不予受理", "not accepted"),
    "assigned": ("已分派", "assigned"),
    "investigating": ("调查中", "under investigation"),
    "transferred": ("已移送", "transferred"),
    "closed": ("已办结", "closed"),
}
# The queue's state filter takes these groups of states beside the states themselves.
STATE_GROUPS: dict[str, Words] = {
    "active": ("办理中", "in progress"),
    "open": ("待办", "open"),
    "all": ("全部", "all"),
}
OVERDUE_FILTER: Words = ("超期", "overdue")

OUTCOMES: dict[str, Words] = {
    "substantiated": ("属实", "substantiated"),
    "partly": ("部分属实", "partly substantiated"),
    "unsubstantiated": ("不属实", "unsubstantiated"),
    # Counted over reports and complaints alike; one ticket says which it duplicates.
    "duplicate": ("重复（已合并）", "duplicate (merged)"),
}
DUPLICATE_OF_KIND: dict[str, Words] = {
    "report": ("重复举报", "duplicate report"),
    "complaint": ("重复投诉", "duplicate complaint"),
}

DESTINATIONS: dict[str, Words] = {
    "enforcement": ("市场监管综合执法部门", "market regulation enforcement"),
    "cnipa": ("国家知识产权局", "CNIPA (China National IP Administration)"),
    "police": ("公安机关（涉嫌犯罪）", "public security (suspected crime)"),
    "jiangsu": ("江苏省知识产权局（长三角协作）", "Jiangsu IP office (Yangtze River Delta)"),
    "zhejiang": ("浙江省知识产权局（长三角协作）", "Zhejiang IP office (Yangtze River Delta)"),
    "anhui": ("安徽省知识产权局（长三角协作）", "Anhui IP office (Yangtze River Delta)"),
}
# The Yangtze River Delta provinces a subject is referred to (by destination code); the
# Chinese name is matched against the registry's province.
REGIONAL_PROVINCES: dict[str, Words] = {
    "jiangsu": ("江苏", "Jiangsu"),
    "zhejiang": ("浙江", "Zhejiang"),
    "anhui": ("安徽", "Anhui"),
}

# Grounds for not accepting (12315 rules).
GROUNDS: dict[str, Words] = {
    "outside_remit": ("不属于本部门职责范围", "outside this office's remit"),
    "already_handled": ("已经处理或正在处理", "already handled or being handled"),
    "too_old": ("超过三年", "older than three years"),
    "no_facts": ("没有具体事实或线索", "no specific facts or leads"),
    "no_contact": ("投诉人身份或联系方式不全", "the complainant's identity or contact is missing"),
}

# What a staff member did, as the card's buttons and the history name it.
ACTIONS: dict[str, Words] = {
    "accept": ("受理", "accept"),
    "refuse": ("不予受理", "decline"),
    "assign": ("分派", "assign"),
    "investigate": ("开始调查", "investigate"),
    "transfer": ("移送", "transfer"),
    "close": ("办结", "close"),
    "merge": ("合并重复", "merge as duplicate"),
    "note": ("备注", "note"),
    "reveal_contact": ("查看联系方式", "reveal the contact"),
    "view_evidence": ("查看证据", "view the evidence"),
    "export": ("导出工单", "export the queue"),
    "export_contacts": ("导出工单（含联系方式）", "export the queue with contacts"),
    "case_draft": ("生成典型案例草稿", "draft a typical case"),
}

# Why an action is refused from a state it is not allowed from, per action.
WHY_NOT: dict[str, Words] = {
    "accept": ("只有尚未决定受理的工单可以受理", "it is past the decision to accept"),
    "refuse": ("只有尚未决定受理的工单可以不予受理", "it is past the decision to accept"),
    "assign": (
        "调查开始或移送后不再分派",
        "a ticket under investigation or transferred is not reassigned",
    ),
    "investigate": ("请先受理或分派", "accept or assign it first"),
    "transfer": ("已移送的工单不再移送", "it has been transferred already"),
    "close": ("请先受理（或移送）再办结", "accept (or transfer) it before closing it"),
    "merge": ("只能合并尚未办结的工单", "only an open ticket can be merged"),
}
WHY_FINAL: Words = (
    "已办结或不予受理的工单不能再更改",
    "a closed or refused ticket cannot change any more",
)
WHY_DECIDED: Words = ("已经作出受理决定", "the decision to accept it was taken already")
WHY_UNDECIDED: Words = ("请先决定是否受理", "decide first whether to accept it")
MERGE_ITSELF: Words = ("不能合并到自身", "itself")
MERGE_MERGED: Words = (
    "目标工单本身已被合并，请合并到它所合并的工单",
    "that ticket was merged itself; merge into the one it was merged into",
)

# The rows of a ticket card, in the order they are shown.
CARD_LABELS: dict[str, Words] = {
    "kind": ("类型", "Kind"),
    "category": ("类别", "Category"),
    "subject": ("被反映对象", "Subject"),
    "registered": ("登记名称", "Registered as"),
    "district": ("所属区", "District"),
    "route": ("建议去向", "Suggested route"),
    "state": ("状态", "State"),
    "outcome": ("结果", "Outcome"),
    "destination": ("移送至", "Transferred to"),
    "ground": ("不予受理理由", "Ground for refusal"),
    "received": ("收到日期", "Received"),
    "due": ("答复期限", "Answer due"),
    "answered": ("首次答复", "First answer"),
    "closed": ("办结日期", "Closed"),
    "happened": ("发生时间", "Happened"),
    "evidence": ("证据", "Evidence"),
    "reporter": ("举报人", "Reporter"),
    "complainant": ("投诉人", "Complainant"),
    "description": ("情况描述", "What happened"),
}
OVERDUE: Words = ("⏰ 已超期", "⏰ overdue")
DUE_SOON: Words = ("⌛ 即将到期", "⌛ due soon")
NO_DEADLINE: Words = ("匿名举报，无答复期限", "anonymous: no answer promised")
HIDDEN: Words = ("身份保密（/contact 查看，将记录）", "confidential (/contact reveals it, logged)")
ANONYMOUS: Words = ("匿名", "anonymous")
CUT: Words = ("已截断", "cut")
UNASSIGNED: Words = ("未分派", "unassigned")
EVIDENCE_COUNT: Words = (
    "{count} 个文件（/evidence 查看，将记录）",
    "{count} file(s) (/evidence opens them, logged)",
)
CITY_ROLE: Words = ("市局", "city")
REGISTERED_AS: Words = ("{name}（统一社会信用代码 {uscc}）", "{name} (USCC {uscc})")

# Where a ticket should go, as the card suggests it.
ROUTES: dict[str, Words] = {
    "unregistered": (
        "被反映对象不是登记机构：由市局研判后分派",
        "the subject is not a registered agency: the city decides where it goes",
    ),
    "district": ("被反映机构登记在{place}", "the agency is registered in {place}"),
    "no_district": (
        "登记机构未注明所在区：由市局分派",
        "the agency's district is not recorded: the city assigns it",
    ),
    "regional": (
        "被反映机构登记在{place}：建议移送长三角区域协作",
        "the agency is registered in {place}: refer it through Yangtze River Delta cooperation",
    ),
    "cnipa": (
        "被反映机构登记在{place}：建议报国家知识产权局协调",
        "the agency is registered in {place}: refer it to CNIPA",
    ),
}

# The daily digest.
DIGEST_TITLE: Words = ("📋 每日提醒 {day}", "📋 Daily digest {day}")
DIGEST_EMPTY: Words = ("没有待办工单。", "No open tickets.")
DIGEST_COUNTS: Words = (
    "{district}：待办 {waiting} 件，超期 {overdue} 件，即将到期 {due_soon} 件",
    "{district}: {waiting} open, {overdue} overdue, {due_soon} due soon",
)

# A short ticket number, said back as the full one it meant.
SHORT_NUMBER: Words = ("编号 {typed} 即 {number}", "{typed} is {number}")

# How the language writes an aside, and a label before its value.
PAREN: Words = ("（{text}）", " ({text})")
COLON: Words = ("：", ": ")

# Evidence a staff member opens (/evidence, lantian queue evidence).
EVIDENCE_DAMAGED: Words = (
    "证据 {index} 已不是收到时的文件（校验值不符或文件缺失），未提供。请联系管理员从备份恢复。",
    "Evidence {index} is no longer the file that was received (its hash does not match, or it is "
    "missing), so it was not given out. Ask an administrator to restore it from a backup.",
)


def listed(items: Iterable[str]) -> Words:
    """Items as a list in each language: 甲、乙 and A, B."""
    shown = list(items)
    zh, en = LIST_SEPARATOR
    return zh.join(shown), en.join(shown)
