"""What the desk writes into files: the campaign's reports to the city office, the queue export,
and a typical case's first draft. Chinese is what the notice asks for; English for the rest."""

from __future__ import annotations

from bot.words import Words

# As the notice names what is due.
REPORT_KINDS: dict[str, Words] = {
    "stage": ("阶段性情况报告", "stage report"),
    "annual": ("总结和典型案例", "summary and typical cases"),
}
REPORT_TITLE: Words = (
    "{year}年知识产权代理行业“蓝天”专项整治行动{kind}（{scope}）",
    "Blue Sky campaign against illegal IP agency practices {year}: {kind} ({scope})",
)
CITY_SCOPE: Words = ("全市", "city")  # also in the report's file name
PERIOD_LINE: Words = (
    "统计期间：{since} 至 {until}（按收到日期计）；生成时间：{generated}（北京时间）；报送截止：{due}。",
    "Period: {since} to {until} (by the day received); generated {generated} (Beijing time); "
    "due {due}.",
)
REPORT_NOTE: Words = (
    "办理状态和结果为报告生成时的情况。本报告只含统计数字，不含举报人、投诉人的任何身份信息。",
    "States and outcomes are as they stood when the report was generated. The report holds "
    "figures only, nothing that identifies a reporter or a complainant.",
)
CHAPTERS: dict[str, Words] = {
    "overall": ("总体情况（{scope}）", "Overall ({scope})"),
    "districts": ("各区情况", "By district"),
    "cases": ("典型案例", "Typical cases"),
}
CHAPTER: Words = ("{number}、{heading}", "{number}. {heading}")
CHAPTER_NUMBERS: list[Words] = [
    ("一", "1"),
    ("二", "2"),
    ("三", "3"),
    ("四", "4"),
    ("五", "5"),
    ("六", "6"),
]
NO_CASES: Words = ("统计期间内没有发布典型案例。", "No typical case was published in the period.")
NO_FIGURES: Words = ("无。", "None.")
NO_FIGURE_ROW: Words = ("无", "none")

SHEETS: dict[str, Words] = {
    "summary": ("汇总", "Summary"),
    "district": ("区-{district}", "District {district}"),
    "cases": ("典型案例", "Typical cases"),
    "tickets": ("工单明细", "Tickets"),
    "export": ("工单", "Tickets"),
}
FIGURE_HEADERS: list[Words] = [("分组", "Group"), ("项目", "Item"), ("数值", "Value")]
CASE_HEADERS: list[Words] = [
    ("日期", "Date"),
    ("标题", "Title"),
    ("类别", "Categories"),
    ("文件", "File"),
]
INFO: dict[str, Words] = {
    "group": ("报告", "Report"),
    "title": ("标题", "Title"),
    "period": ("统计期间", "Period"),
    "generated": ("生成时间（北京时间）", "Generated (Beijing time)"),
    "due": ("报送截止", "Due"),
}
PERIOD: Words = ("{since} 至 {until}", "{since} to {until}")

# The tables of one scope, in the report's order.
FIGURE_GROUPS: dict[str, Words] = {
    "received": ("收到举报投诉", "Reports and complaints received"),
    "by_category": ("按违法类别", "By category"),
    "by_state": ("按办理状态", "By state"),
    "by_outcome": ("按办理结果", "By outcome"),
    "by_district": ("按所属区", "By district"),
    "referrals": ("移送情况", "Referrals"),
    "first_response": ("首次答复", "First answer"),
}
FIGURE_ITEMS: dict[str, Words] = {
    "total": ("合计", "Total"),
    "answered": ("已答复", "Answered"),
    "median_days": ("答复用时中位数（工作日）", "Median working days to answer"),
    "mean_days": ("答复用时平均数（工作日）", "Mean working days to answer"),
    "on_time": ("按期答复", "Answered on time"),
    "overdue": ("逾期未答复（截至 {until}）", "Overdue, unanswered (as of {until})"),
    "no_deadline": ("无答复期限（匿名举报）", "No deadline (anonymous reports)"),
}

# The columns of a ticket list (the report's ticket sheet, the export), in order.
TICKET_COLUMNS: dict[str, Words] = {
    "number": ("工单编号", "Number"),
    "kind": ("类型", "Kind"),
    "category": ("违法类别", "Category"),
    "district": ("所属区", "District"),
    "state": ("状态", "State"),
    "result": ("办理结果", "Result"),
    "destination": ("移送去向", "Referred to"),
    "received": ("收到日期", "Received"),
    "due": ("答复期限", "Answer due"),
    "answered": ("首次答复日期", "First answer"),
    "closed": ("办结日期", "Closed"),
}
EXPORT_DETAIL_HEADERS: list[Words] = [
    ("统一社会信用代码", "USCC"),
    ("被反映对象（登记名称）", "Subject (registered name)"),
    ("被反映对象（举报人填写）", "Subject (as the reporter typed it)"),
    ("事实描述", "What happened"),
]
EXPORT_CONTACT_HEADERS: list[Words] = [
    ("匿名", "Anonymous"),
    ("举报人姓名", "Reporter's name"),
    ("联系电话", "Phone"),
]

# A typical case's first draft: a post of the (Chinese) site, to be rewritten by staff.
CASE_REFERRAL: Words = ("本案曾移送{destination}。", "The case was referred to {destination}.")
CASE_DRAFT: Words = (
    """---
date: {date}
slug: {slug}
draft: true
categories:
  - {category_code}
---

# 草稿｜{category}案（待编辑）

**案例草稿：由已办结工单生成，须由工作人员核实、改写，删去 `draft: true` 后才能发布。**

{year}年，本市知识产权部门收到群众反映，{subject}涉嫌{category}。\
经核查，反映情况{outcome}，已于 {closed} 办结。

<!-- more -->

## 基本案情

- 当事人：{subject}
- 违法类别：{category}（常见表现：{example}）
- 收到线索：{received}；办结：{closed}

（请根据调查结论写明查明的事实。不要照抄举报内容，不写举报人的任何信息，\
也不写能推断出举报人的细节；自然人只写姓氏或用“某某”。）

## 查处结果

核查结论：{outcome}。{referral}

（请补充处罚种类、决定机关、决定书文号和日期。只写已经可以公开的处理结果。）

## 法律依据

{basis}

## 典型意义

（请写明公众可以从中学到什么，并链接到[机构目录](../../directory/index.md) \
或举报页面。）
""",
    """---
date: {date}
slug: {slug}
draft: true
categories:
  - {category_code}
---

# Draft: a case of {category} (to edit)

**A case draft made from a closed ticket: staff must check and rewrite it, and remove
`draft: true`, before it is published.**

In {year} the city's IP office received a report that {subject} was engaged in {category}. \
It was found {outcome} and closed on {closed}.

<!-- more -->

## The facts

- Party: {subject}
- Category: {category} (typically: {example})
- Received: {received}; closed: {closed}

(Write the facts the investigation established. Do not copy the report, write nothing about \
the reporter nor any detail from which they could be inferred; name a person by surname only.)

## The decision

Finding: {outcome}. {referral}

(Add the penalty, the deciding authority, the decision's number and date: only what may be \
made public.)

## Legal basis

{basis}

## Why it matters

(Write what the public can learn from it, and link to the [directory](../../directory/index.md) \
or the report page.)
""",
)
SENTENCE_END: Words = ("。", ".")  # an example's full stop, dropped inside the draft's aside
NO_OUTCOME: Words = ("无", "none")
