"""What the bot says to staff: the staff commands, the queue, a ticket's actions."""

from __future__ import annotations

from bot.words import Lang, Words, say

# Staff commands: shown in /help to staff only, and in README's staff table (a test checks).
STAFF_COMMANDS: list[tuple[str, str, str]] = [
    ("queue", "工单列表（可加 超期、状态、区、类别）", "The queue (add overdue, state, district)"),
    ("ticket", "查看工单并处理：/ticket 编号", "Open a ticket to act on it: /ticket NUMBER"),
    ("note", "添加备注：/note 编号 内容", "Add a note: /note NUMBER TEXT"),
    ("assign", "分派到区（市局）：/assign 编号 区名", "Assign to a district (city): /assign N 区"),
    ("merge", "合并重复：/merge 编号 原工单编号", "Merge a duplicate: /merge NUMBER ORIGINAL"),
    ("contact", "查看举报人、投诉人联系方式（记录在案）", "Reveal the filer's contact (logged)"),
    ("digest", "到期与超期工单（市局）", "What is due and overdue (city)"),
]

DESK_TEXTS: dict[str, Words] = {
    "staff_help_title": ("<b>工作人员命令</b>", "<b>Staff commands</b>"),
    "queue_title": ("<b>工单</b>（{count} 件，超期优先）", "<b>Tickets</b> ({count})"),
    "queue_empty": ("没有符合条件的工单。", "No ticket matches."),
    "queue_more": ("只列出前 {shown} 件，请加条件缩小范围。", "Only the first {shown} are listed."),
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
