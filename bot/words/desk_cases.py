"""What the bot and the command line say about typical cases written in the bot (bot/desk/case_book.py)."""

from __future__ import annotations

from bot.words import Lang, Words, say

# The fields of a case, in the order the card shows them.
FIELD_NAMES: dict[str, Words] = {
    "title": ("标题", "title"),
    "summary": ("摘要", "summary"),
    "body": ("正文", "body"),
    "categories": ("违法类别", "categories"),
    "authority": ("决定机关", "deciding authority"),
    "decision_no": ("决定书文号", "decision number"),
    "publish_on": ("发布日期", "publication date"),
}

# What staff may type for a field (the command line and `/case set`): English or Chinese.
FIELD_ALIASES: dict[str, str] = {
    **{key: key for key in FIELD_NAMES},
    **{zh: key for key, (zh, _en) in FIELD_NAMES.items()},
    "number": "decision_no",
    "文号": "decision_no",
    "date": "publish_on",
    "日期": "publish_on",
    "类别": "categories",
}

STATES: dict[str, Words] = {
    "draft": ("待审核", "awaiting approval"),
    "scheduled": ("已审核，定时发布", "approved, scheduled"),
    "published": ("已发布", "published"),
    "withdrawn": ("已撤回", "withdrawn"),
}

CASE_TEXTS: dict[str, Words] = {
    "card_title": ("<b>典型案例 #{id}</b>（{state}）", "<b>Typical case #{id}</b> ({state})"),
    "pending": (
        "⚠️ 有修改待审核：网站仍显示上次审核通过的版本。",
        "⚠️ Changes await approval: the site still shows the version last approved.",
    ),
    "from_ticket": ("来自工单：{number}", "From ticket: {number}"),
    "corrected": ("更正于 {day}", "Corrected on {day}"),
    "withdrawn_why": ("撤回于 {day}，理由：{reason}", "Withdrawn on {day}: {reason}"),
    "empty": ("（未填写）", "(not written)"),
    "list_title": ("<b>典型案例</b>（共 {total} 篇）", "<b>Typical cases</b> ({total})"),
    "list_empty": (
        "还没有在机器人中撰写的案例。发送 /case new 开始一篇，或 /case from 工单编号。",
        "No case has been written in the bot yet. Send /case new to start one, or "
        "/case from TICKET.",
    ),
    "list_line": ("#{id} {title} · {state} · {day}", "#{id} {title} · {state} · {day}"),
    "usage": (
        "典型案例：\n/case — 列表\n/case new — 新建\n/case from 工单编号 — 由办结工单生成\n"
        "/case 编号 — 查看并处理\n/case set 编号 字段 内容 — 修改（字段：标题、摘要、正文、"
        "决定机关、文号、日期、类别）\n/case withdraw 编号 理由 — 撤回",
        "Typical cases:\n/case — the list\n/case new — a new case\n/case from TICKET — from a "
        "closed ticket\n/case N — open one\n/case set N FIELD TEXT — change a field (title, "
        "summary, body, authority, number, date, categories)\n/case withdraw N REASON — "
        "withdraw",
    ),
    "ask_field": (
        "请发送新的{field}（发送 /cancel 取消）。{hint}",
        "Send the new {field} (/cancel to stop). {hint}",
    ),
    "hint_publish_on": ("格式：YYYY-MM-DD，例如 2027-04-26。", "As YYYY-MM-DD, e.g. 2027-04-26."),
    "hint_text": ("可以分段：空一行即为新段落。", "Paragraphs are parted by an empty line."),
    "ask_reason": (
        "请发送撤回理由（将记录在案；发送 /cancel 取消）。",
        "Send the reason for withdrawing (it is logged; /cancel to stop).",
    ),
    "cancelled": ("已取消。", "Cancelled."),
    "saved": ("已保存{field}。", "The {field} is saved."),
    "approved": (
        "案例 #{id} 已审核通过，将于 {day} 在网站发布。",
        "Case #{id} is approved and is published on the site on {day}.",
    ),
    "approved_now": (
        "案例 #{id} 已审核通过，网站正在重新构建。",
        "Case #{id} is approved; the site is being rebuilt.",
    ),
    "withdrawn": ("案例 #{id} 已撤回。", "Case #{id} is withdrawn."),
    "preview_building": (
        "正在生成预览（与网站相同的构建）……",
        "Building the preview (the site's own build)…",
    ),
    "preview_caption": (
        "案例 #{id} 预览：{day} 发布时的页面（用浏览器打开）。",
        "Case #{id} preview: the page as published on {day} (open it in a browser).",
    ),
    "button_edit": ("✏️ {field}", "✏️ {field}"),
    "button_preview": ("👁 预览", "👁 Preview"),
    "button_approve": ("✅ 审核通过", "✅ Approve"),
    "button_withdraw": ("🗑 撤回", "🗑 Withdraw"),
    "button_refresh": ("🔄 刷新", "🔄 Refresh"),
    "button_category": ("{mark} {label}", "{mark} {label}"),
    "button_done": ("完成", "Done"),
    "pick_categories": (
        "选择违法类别（可多选），选好后点“完成”。",
        "Pick the violation categories (several allowed), then press Done.",
    ),
    "site_failed": (
        "⚠️ 网站构建失败，仍显示上一次成功构建的版本。原因：{why}",
        "⚠️ The site build failed; the last good build stays online. Why: {why}",
    ),
    "correction_note": (
        "**更正说明：** 本文于 {day} 更正。",
        "**Correction:** this case was corrected on {day}.",
    ),
    "decision_line": (
        "决定机关：{authority}；决定书文号：{number}。",
        "Deciding authority: {authority}; decision number: {number}.",
    ),
    "result_heading": ("查处结果", "The decision"),
    "remind_heading": ("提醒", "What to take from it"),
    "remind_text": (
        "委托知识产权代理机构前，请先在{directory}核查；发现违法代理行为，可以{report}。",
        "Before hiring an IP agency, check it in the {directory}; {report} an illegal practice.",
    ),
    "directory_link": ("机构目录", "directory"),
    "report_link": ("举报", "report"),
    "draft_title": ("{category}案（待编辑）", "A case of {category} (to edit)"),
    "draft_summary": (
        "{year}年，本市知识产权部门收到群众反映，{subject}涉嫌{category}。经核查，反映情况"
        "{outcome}，已于 {closed} 办结。",
        "In {year} the city's IP offices received a report that {subject} was suspected of "
        "{category}. It was found {outcome} and closed on {closed}.",
    ),
    "draft_body": (
        "（请根据调查结论写明查明的事实。不要照抄举报内容，不写举报人的任何信息，也不写能推断"
        "出举报人的细节；自然人只写姓氏或用“某某”。）",
        "(Write the facts the inquiry established. Do not copy the report, write nothing about "
        "the reporter or anything that would point to them; name a natural person by surname "
        "only, or as “Mr X”.)",
    ),
    "created": ("已新建案例 #{id}。", "Case #{id} is created."),
}

CASE_REFUSALS: dict[str, Words] = {
    "not_editor": (
        "只有有编辑权限的工作人员才能撰写、审核和撤回案例（在 LANTIAN_STAFF 中写作 123456:city:editor 的形式）。",
        "Only staff with the editor right may write, approve or withdraw cases (LANTIAN_STAFF: "
        "USER_ID:ROLE:editor).",
    ),
    "not_found": ("没有编号为 {id} 的案例。", "There is no case number {id}."),
    "self_approval": (
        "不能审核自己撰写或修改的案例：审核人须未参与撰写或修改（已参与：{who}）。"
        "请另一位编辑审核；编辑都参与过时，可在 LANTIAN_STAFF 中再授权一位（如 10002:city:editor），"
        "或撤回后重写。",
        "You cannot approve a case you wrote or changed (so far: {who}). Another editor must; if "
        "all have, grant one more in LANTIAN_STAFF (e.g. 10002:city:editor) or withdraw and "
        "rewrite it.",
    ),
    "incomplete": (
        "案例还不能审核，缺少：{missing}。",
        "The case cannot be approved yet; it lacks: {missing}.",
    ),
    "nothing_to_approve": (
        "案例 #{id} 没有待审核的修改。",
        "Case #{id} has no changes awaiting approval.",
    ),
    "withdrawn": (
        "案例 #{id} 已撤回，不能再修改或审核。",
        "Case #{id} is withdrawn: it cannot change.",
    ),
    "too_long": ("{field}最多 {limit} 字。", "The {field} may hold at most {limit} characters."),
    "empty": ("{field}不能为空。", "The {field} must not be empty."),
    "bad_date": (
        "日期“{typed}”无效，请写 YYYY-MM-DD，例如 2027-04-26。",
        "“{typed}” is not a date: write YYYY-MM-DD, e.g. 2027-04-26.",
    ),
    "bad_category": (
        "类别“{typed}”无效：请写类别的名称或代码，多个用逗号分开。可选：{choices}。",
        "“{typed}” is not a category: write a category's name or code, several parted by "
        "commas. Choose from: {choices}.",
    ),
    "bad_field": (
        "没有“{typed}”这个字段。可选：{choices}。",
        "There is no field “{typed}”. Choose one of: {choices}.",
    ),
    "reporter_data": (
        "{field}中含有举报人的姓名或电话。案例不得包含举报人的任何信息，请删去后再保存。",
        "The {field} holds the reporter's name or phone. A case must hold nothing about the "
        "reporter: remove it and save again.",
    ),
    "markup": (
        "{field}中不能含有 HTML 标签。",
        "The {field} must not hold HTML tags.",
    ),
    "reason_empty": (
        "撤回须写明理由（最多 {limit} 字）。",
        "Withdrawing needs a reason (at most {limit} characters).",
    ),
    "not_closed": (
        "工单 {number} 未以“属实”或“部分属实”办结，不能生成案例。",
        "Ticket {number} was not closed as substantiated or partly substantiated: no case can "
        "be made from it.",
    ),
}


def case_text(key: str, lang: Lang, **fields: object) -> str:
    return say(CASE_TEXTS[key], lang, **fields)
