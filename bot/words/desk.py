"""What the bot says to staff: the staff commands, the queue, a ticket's actions."""

from __future__ import annotations

from bot.words import Lang, Words, say

# Staff commands: shown in /help to staff only, and in README's staff table (a test checks).
STAFF_COMMANDS: list[tuple[str, str, str]] = [
    ("queue", "工单列表（可加 超期、状态、区、类别）", "The queue (add overdue, state, district)"),
    ("ticket", "查看工单并处理：/ticket 编号", "Open a ticket to act on it: /ticket NUMBER"),
    ("note", "添加备注：/note 编号 内容", "Add a note: /note NUMBER TEXT"),
    (
        "assign",
        "分派到区（市局）：/assign 编号 区名",
        "Assign to a district (city): /assign N DISTRICT",
    ),
    ("merge", "合并重复：/merge 编号 原工单编号", "Merge a duplicate: /merge NUMBER ORIGINAL"),
    ("contact", "查看举报人、投诉人联系方式（记录在案）", "Reveal the filer's contact (logged)"),
    (
        "evidence",
        "查看证据文件：/evidence 编号（记录在案）",
        "Open the evidence: /evidence N (logged)",
    ),
    ("digest", "到期与超期工单（市局）", "What is due and overdue (city)"),
    (
        "inspect",
        "双随机抽查任务：/inspect；记录结果：/inspect 计划 代码 事项 结果",
        "Inspection tasks: /inspect; a result: /inspect PLAN USCC ITEM RESULT",
    ),
    (
        "case",
        "典型案例：撰写、预览、审核、撤回（编辑）",
        "Typical cases: write, preview, approve, withdraw (editors)",
    ),
]

DESK_TEXTS: dict[str, Words] = {
    "staff_help_title": ("<b>工作人员命令</b>", "<b>Staff commands</b>"),
    "queue_title": (
        "<b>{title}</b>（共 {total} 件，列出前 {shown} 件，超期优先，其余从新到旧）",
        "<b>{title}</b> ({total} in all, the first {shown} shown: overdue first, then newest)",
    ),
    "queue_active": ("办理中的工单", "Tickets in progress"),
    "queue_filtered": ("工单", "Tickets"),
    "queue_empty": ("没有符合条件的工单。", "No ticket matches."),
    "queue_more": (
        "还有 {rest} 件未列出，请加条件缩小范围（如 超期、区名、类别）。",
        "{rest} more not listed: narrow it with a filter (overdue, a district, a category).",
    ),
    "queue_hint": (
        "已办结、不予受理、已移送的工单请加状态查看，如 /queue 已办结、/queue 全部。",
        "For closed, refused or transferred tickets add a state: /queue closed, /queue all.",
    ),
    "usage_evidence": ("用法：/evidence 工单编号", "Usage: /evidence NUMBER"),
    "evidence_caption": ("{number} 证据 {index}/{count}", "{number} evidence {index}/{count}"),
    "evidence_sent": (
        "已发送工单 {number} 的 {count} 个证据文件。此次查看已记入审计日志。",
        "Sent {count} evidence file(s) of ticket {number}. This look is in the audit log.",
    ),
    "usage_ticket": ("用法：/ticket 工单编号", "Usage: /ticket NUMBER"),
    "usage_note": ("用法：/note 工单编号 备注内容", "Usage: /note NUMBER TEXT"),
    "usage_assign": ("用法：/assign 工单编号 区名", "Usage: /assign NUMBER DISTRICT"),
    "usage_merge": ("用法：/merge 工单编号 原工单编号", "Usage: /merge NUMBER ORIGINAL"),
    "usage_contact": ("用法：/contact 工单编号", "Usage: /contact NUMBER"),
    "pick_ground": ("请选择不予受理的理由：", "Choose the ground for not accepting:"),
    "pick_destination": ("移送到：", "Transfer to:"),
    "pick_outcome": ("办结结果：", "Outcome:"),
    "done": ("已{action}：{number}", "Done: {action} {number}"),
    "noted": ("已记录备注：{number}", "Note added to {number}"),
    "contact": (
        "<b>{number} {who}</b>\n姓名：{name}\n电话：{phone}\n此次查看已记入审计日志。",
        "<b>{number} {who}</b>\nName: {name}\nPhone: {phone}\nThis look is in the audit log.",
    ),
    "history": ("<b>处理记录</b>", "<b>History</b>"),
    "open_ticket": ("打开 {number}", "Open {number}"),
    "assign_to": ("分派到{district}", "Assign to {district}"),
    "refresh": ("刷新", "Refresh"),
    "back": ("返回", "Back"),
}


def desk_text(key: str, lang: Lang, **params: object) -> str:
    return say(DESK_TEXTS[key], lang, **params)


def staff_help_text(lang: Lang) -> str:
    lines = [desk_text("staff_help_title", lang)]
    lines += [f"/{command} — {say((zh, en), lang)}" for command, zh, en in STAFF_COMMANDS]
    return "\n".join(lines)


# What a reporter is told when staff decide on their ticket. {kind} {number} always; the rest
# as the event has them.
NOTICES: dict[str, Words] = {
    "accept_report": (
        "您的举报 {number} 已受理，我们将依法核查处理，结果会在这里告诉您。",
        "Your report {number} has been accepted: we will look into it and tell you the result "
        "here.",
    ),
    "accept_complaint": (
        "您的投诉 {number} 已受理，我们将依法处理，必要时组织调解。",
        "Your complaint {number} has been accepted: we will handle it and, where it helps, "
        "mediate.",
    ),
    "refuse": (
        "您的{kind} {number} 不予受理，理由：{ground}。如有新的事实和证据，可以重新提交。",
        "Your {kind} {number} was not accepted: {ground}. You may submit again with new facts "
        "or evidence.",
    ),
    "transfer": (
        "您的{kind} {number} 已移送{destination}依法处理。",
        "Your {kind} {number} has been transferred to {destination}.",
    ),
    "close": (
        "您的{kind} {number} 已办结，核查结果：{outcome}。感谢您的支持。",
        "Your {kind} {number} is closed. Finding: {outcome}. Thank you for reporting it.",
    ),
    "merge": (
        "您的{kind} {number} 与另一件{kind}反映的是同一事项，已合并到该件办理，本件不再单独答复。",
        "Your {kind} {number} concerns the same matter as another {kind} and is handled with "
        "it; it gets no separate answer.",
    ),
}
