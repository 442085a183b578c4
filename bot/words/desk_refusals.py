"""Why the staff desk said no: one sentence per condition (bot/desk/errors.py names them)."""

from __future__ import annotations

from bot.words import Words

REFUSALS: dict[str, Words] = {
    "nothing_done": ("操作未执行。", "Nothing was done."),
    "not_staff": (
        "此命令仅限工作人员使用。如您是工作人员，请联系管理员把您的用户 ID {user_id} 加入配置。",
        "This command is for staff only. If you are staff, ask to have user id {user_id} added.",
    ),
    "city_only": ("只有市局工作人员可以{action}。", "Only city staff may {action}."),
    "outside_district": (
        "工单 {number} 不属于{district}，您无权查看或处理。",
        "Ticket {number} is not {district}'s; you may not see or act on it.",
    ),
    "ticket_not_found": ("没有编号为 {number} 的工单。", "There is no ticket numbered {number}."),
    "transition": (
        "工单 {number} 当前为“{state}”，不能{action}：{why}",
        "Ticket {number} is {state}, so “{action}” is not possible: {why}",
    ),
    "unknown_district": (
        "“{typed}”不是上海市的区。可选：{choices}。",
        "“{typed}” is not a Shanghai district. Choose one of: {choices}.",
    ),
    "unknown_choice": (
        "“{typed}”不是可用的{what}。可选：{choices}。",
        "“{typed}” is not a {what} here. Choose one of: {choices}.",
    ),
    "unknown_destination": (
        "不能移送到“{typed}”。可选：{choices}。",
        "Cannot transfer to “{typed}”. Choose one of: {choices}.",
    ),
    "unknown_outcome": (
        "办结结果“{typed}”无效。可选：{choices}。",
        "“{typed}” is not an outcome. Choose one of: {choices}.",
    ),
    "unknown_ground": (
        "不予受理的理由“{typed}”无效。可选：{choices}。",
        "“{typed}” is not a ground for refusal. Choose one of: {choices}.",
    ),
    "merge": (
        "不能把工单 {number} 合并到 {into}：{why}",
        "Cannot merge ticket {number} into {into}: {why}",
    ),
    "note_empty": (
        "备注不能为空，最多 {limit} 字。",
        "A note must not be empty and may hold at most {limit} characters.",
    ),
    "no_contact": (
        "工单 {number} 是匿名举报，没有举报人联系方式。",
        "Ticket {number} is anonymous: there is no contact to reveal.",
    ),
    "no_evidence": ("工单 {number} 没有证据文件。", "Ticket {number} has no evidence files."),
    "staff_list": (
        "工作人员配置有误：{problem}。格式如 LANTIAN_STAFF=123456:city（多人用逗号分开，"
        "区工作人员的角色写区名，如 浦东新区）",
        "The staff list is invalid: {problem}. Write it as LANTIAN_STAFF=123456:city (several "
        "separated by commas; a district's staff have the district's Chinese name as role)",
    ),
    "period": (
        "统计期间有误：开始日期 {since} 晚于结束日期 {until}。",
        "The period is invalid: it starts on {since}, after its end on {until}.",
    ),
    "case_draft": (
        "工单 {number} 当前为“{state}”，办理结果为“{outcome}”："
        "只有以“属实”或“部分属实”办结的工单才能生成典型案例草稿。",
        "Ticket {number} is {state} with outcome “{outcome}”: only a ticket closed as "
        "substantiated or partly substantiated can become a typical case draft.",
    ),
    "ambiguous_number": (
        "编号 {typed} 对应多件工单：{numbers}。请输入完整编号。",
        "Number {typed} matches several tickets: {numbers}. Give the full number.",
    ),
    "no_staff_configured": (
        "没有配置工作人员：LANTIAN_STAFF 未设置，命令行不认任何 --staff-id（终端演示里的"
        "“市局工作人员”只在那次对话中有效）。请在 .env 或环境中设置，例如 "
        "LANTIAN_STAFF={user_id}:city，再用 --staff-id {user_id}。",
        "No staff are configured: LANTIAN_STAFF is not set, so no --staff-id is accepted (the "
        "terminal demo's city staff exists only in that chat). Set it in .env or the "
        "environment, e.g. LANTIAN_STAFF={user_id}:city, then use --staff-id {user_id}.",
    ),
    "not_on_staff_list": (
        "此命令仅限工作人员使用：用户 ID {user_id} 不在工作人员名单（LANTIAN_STAFF）中，"
        "名单上有：{members}。",
        "This command is for staff only: user id {user_id} is not on the staff list "
        "(LANTIAN_STAFF), which holds: {members}.",
    ),
    # The bot's own refusals.
    "not_here": (
        "工作人员命令只能在与机器人的私聊或工作群中使用。",
        "Staff commands work only in a private chat with the bot or in the staff chat.",
    ),
    "private_only": (
        "{what}只在与机器人的私聊中提供，请私聊机器人发送 /{command}。",
        "{what} is given only in a private chat with the bot: send /{command} there.",
    ),
    "unknown_button": (
        "这个按钮已失效，请用 /ticket 重新打开工单。",
        "That button no longer works; open the ticket again with /ticket.",
    ),
    "unknown_filter": (
        "不认识筛选条件“{word}”。可用：超期、状态（如 已受理、待办、全部）、区名、类别、举报、投诉。",
        "Unknown filter “{word}”. Use: overdue, a state (such as accepted, open, all), a "
        "district, a category, report or complaint.",
    ),
}

# What a staff list entry got wrong (StaffListInvalid's {problem}).
EDITOR_WORDS: Words = ("编辑", "editor")  # how LANTIAN_STAFF grants the right to write cases

STAFF_LIST_PROBLEMS: dict[str, Words] = {
    "entry": (
        "“{entry}”的格式应为 USER_ID:ROLE（用户 ID、冒号、角色）",
        "“{entry}” should be USER_ID:ROLE",
    ),
    "role": ("“{role}” 不是 city 或上海市的区", "“{role}” is neither city nor a Shanghai district"),
    "twice": ("用户 {user} 出现了两次", "user {user} is named twice"),
}

# What only the city may do (CityOnly's {action}), beside the actions of a ticket.
CITY_TASKS: dict[str, Words] = {
    "other_districts": ("查看其他区的工单", "see another district's tickets"),
    "city_digest": ("查看全市每日提醒", "see the whole city's digest"),
    "other_reports": ("生成其他区的报告", "report on another district"),
    "inspection_conflict": ("为其他检查人员申报利益冲突", "declare another inspector's conflict"),
    "inspection_plan": (
        "为全市或其他区制定抽查计划",
        "plan inspections of the city or another district",
    ),
}

# What the private-only refusal names.
PRIVATE_THINGS: dict[str, Words] = {
    "contact": ("举报人联系方式", "A reporter's contact"),
    "evidence": ("证据文件", "Evidence"),
    "case": ("案例的编辑", "Editing a case"),
}

# The names of what a choice is, in "“x” is not a valid …".
CHOICE_NAMES: dict[str, Words] = {
    "state": ("状态", "state"),
    "kind": ("类型（举报或投诉）", "kind (report or complaint)"),
    "destination": ("移送去向", "destination"),
    "ground": ("不予受理理由", "ground for refusal"),
    "outcome": ("办结结果", "outcome"),
    "category": ("违法类别", "category"),
}
