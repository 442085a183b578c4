"""What the bot says to the public: the command menu, checks, reports and their follow-up."""

from __future__ import annotations

from bot.words import Lang, Words, say

# The command menu, /help and /start are built from this one list so they cannot disagree.
COMMANDS: list[tuple[str, str, str]] = [
    ("check", "核查代理机构、代理师、电话或网址", "Check an agency, attorney, phone or website"),
    ("report", "举报违法行为或投诉代理机构", "Report a violation or complain about an agency"),
    ("status", "查看我提交的举报、投诉", "See the reports I have made"),
    (
        "follow",
        "关注机构，登记信息变化时提醒我",
        "Follow an agency: hear when its registration changes",
    ),
    ("following", "我关注的机构及其现状", "What I follow, as it stands now"),
    ("unfollow", "取消关注", "Stop following"),
    ("lang", "切换语言 中文 / English", "Switch language 中文 / English"),
    ("help", "使用说明", "How to use this bot"),
    ("cancel", "取消当前操作", "Cancel what you are doing"),
]

TEXTS: dict[str, Words] = {
    "welcome": (
        "您好！这里是上海市知识产权代理行业“蓝天”专项整治行动的核查与举报助手。\n\n"
        "直接发送机构名称、统一社会信用代码、电话或网址即可核查。",
        "Hello! This is the check and report assistant of Shanghai's Blue Sky campaign "
        "against illegal IP agency practices.\n\nSend an agency's name, USCC, phone number or "
        "website to check it.",
    ),
    "help_title": ("<b>可用命令</b>", "<b>Commands</b>"),
    "help_footer": (
        "核查结果来自登记库，每条结论都注明来源和数据日期。举报人身份严格保密。",
        "Answers come from the registry, each with its source and date. "
        "A reporter's identity is kept confidential.",
    ),
    "check_prompt": (
        "请发送要核查的机构名称、统一社会信用代码、电话或网址，例如：/check 华诚知识产权",
        "Send the name, USCC, phone or website to check, e.g. /check 021-61234567",
    ),
    "pick_candidate": (
        "点下面的按钮查看其中一条登记记录的详细结果：",
        "Tap a button to see one of these records in full:",
    ),
    # Under a page of the records a name many share (bot/telegram/check_handlers.py).
    "previous_page": ("‹ 上一页", "‹ Previous"),
    "next_page": ("下一页 ›", "Next ›"),
    "page_gone": (
        "这一页已没有记录（登记库可能已更新），请重新查询。",
        "That page holds no records now (the registry may have changed): check again.",
    ),
    "no_match_next": (
        "建议：向对方索要营业执照和统一社会信用代码再查；无资质的机构可用 /report 举报。",
        "Next: ask for the business licence and USCC and check again; report an unlicensed "
        "agency with /report.",
    ),
    "too_many_checks": (
        "您查询得太频繁了，请一分钟后再试。",
        "You are checking too often; please try again in a minute.",
    ),
    "slow_down": (
        "您发送得太快了，请稍候一分钟再发；这期间的消息不会处理。",
        "You are sending too fast; wait a minute. Messages sent meanwhile are not handled.",
    ),
    "button_stale": ("这个按钮已过期。", "This button is out of date."),
    "lang_set": ("已切换为中文。", "Language set to English."),
    "cancelled": ("已取消。", "Cancelled."),
    "private_only": (
        "举报、投诉和查询进度请私聊我：点我的头像，再点“发消息”。在群里不会收集任何个人信息。",
        "Please report, complain or follow a ticket in a private chat with me (tap my name, then "
        "Message): nothing personal is collected in a group.",
    ),
    "nothing_to_cancel": ("当前没有进行中的操作。", "There is nothing to cancel."),
    "unknown_command": (
        "没有 {command} 这个命令。发送 /help 查看所有命令。",
        "There is no {command} command. Send /help to see the commands.",
    ),
    "error": (
        "抱歉，处理时出了问题，已通知维护人员。请稍后再试。",
        "Sorry, something went wrong; the maintainers have been told. Please try again later.",
    ),
    "registry_empty": (
        "登记库暂未加载，暂时无法核查，请稍后再试。",
        "The registry is not loaded yet; please try again later.",
    ),
    "list_kinds": (
        "要一次核查多家机构，请发送 .csv 或 .xlsx 清单：第一行是表头（query，或 名称、电话、网址），其下每行一家。",
        "To check many at once, send a .csv or .xlsx list: a header row (query, or name, phone, "
        "website), then one subject per row.",
    ),
    "list_too_big": (
        "清单文件超过 2MB，请分成几份再发。",
        "The list is over 2 MB; split it and send the parts.",
    ),
    "list_busy": (
        "上一份清单还在核查中，完成后再发下一份。",
        "Your last list is still being checked; send the next one when it is back.",
    ),
    "list_started": ("收到清单，正在逐行核查……", "List received; checking each row…"),
    "list_done": (
        "已核查 {rows} 行：每行后面加上了结论、说明、匹配的登记记录和依据。",
        "Checked {rows} rows: each now carries its level, headline, the record matched and "
        "the reasons.",
    ),
    "share": ("转发核查结果", "Share this result"),
    "open_check": ("在机器人中查看", "Open in the bot"),
    "report_this": ("举报该机构", "Report this agency"),
}


def text(key: str, lang: Lang) -> str:
    return say(TEXTS[key], lang)


def help_text(lang: Lang) -> str:
    lines = [text("help_title", lang)]
    for command, zh, en in COMMANDS:
        lines.append(f"/{command} — {say((zh, en), lang)}")
    lines += ["", text("help_footer", lang)]
    return "\n".join(lines)


REPORT_TEXTS: dict[str, Words] = {
    "ask_kind": (
        "请选择：\n• <b>举报</b>：反映代理机构的违法违规行为，可以匿名；\n"
        "• <b>投诉</b>：您委托的代理机构损害了您的权益，需要留下姓名和电话。\n"
        "随时发送 /cancel 可取消。",
        "Choose:\n• <b>Report</b>: a violation by an agency; anonymous is fine;\n"
        "• <b>Complaint</b>: an agency you hired harmed you; needs your name and phone.\n"
        "Send /cancel at any time to stop.",
    ),
    "kind_report": ("举报", "Report"),
    "kind_complaint": ("投诉", "Complaint"),
    "ask_category": ("属于哪一类问题？", "Which kind of problem is it?"),
    "ask_subject": (
        "涉及哪家机构或个人？请发送名称、统一社会信用代码、电话或网址。",
        "Which agency or person is it about? Send a name, USCC, phone or website.",
    ),
    "subject_found": (
        "登记库中找到：<b>{name}</b>（{id}）。是这一家吗？",
        "Found in the registry: <b>{name}</b> ({id}). Is it this one?",
    ),
    "subject_pick": (
        "登记库中没有完全一致的记录，是下面其中一家吗？",
        "No exact record; is it one of these?",
    ),
    "subject_yes": ("是这家", "Yes, this one"),
    "subject_keep": ("都不是，按我输入的", "None: keep what I typed"),
    "ask_description": (
        "请描述发生了什么（时间、地点、经过、涉及金额等），不超过 3000 字。",
        "Describe what happened (when, where, how, any money involved), up to 3,000 characters.",
    ),
    "ask_when": (
        "事情发生在哪一天？请按 2026-05-20 的格式发送，或点“不记得”。",
        "On what day did it happen? Send it as 2026-05-20, or tap “Don't remember”.",
    ),
    "when_unknown": ("不记得", "Don't remember"),
    "bad_date": (
        "没能识别这个日期，请按 2026-05-20 的格式发送，且不晚于今天。",
        "We could not read that date; send it as 2026-05-20, not later than today.",
    ),
    "ask_evidence": (
        "如有证据，请发送照片或文件（合同、聊天记录截图、付款凭证等），可发多份，每份不超过 20MB。"
        "发完后点“完成”，没有证据点“跳过”。",
        "Send any evidence as photos or files (contract, chat screenshots, receipts); several "
        "are fine, each up to 20 MB. Tap “Done” when finished, or “Skip” if you have none.",
    ),
    "evidence_done": ("完成", "Done"),
    "evidence_skip": ("跳过", "Skip"),
    "evidence_saved": ("已收到第 {count} 份证据。", "Evidence {count} received."),
    "evidence_too_large": (
        "这份文件超过 20MB，机器人无法下载，请压缩后重发，或在受理后按工作人员指引提交。",
        "That file is over 20 MB, which the bot cannot download; send a smaller one.",
    ),
    "evidence_refused": (
        "这种文件类型不能作为证据提交，请发送图片、PDF、Office 文档、文本或音频。",
        "That type of file is not accepted; send images, PDF, Office documents, text or audio.",
    ),
    "ask_contact_report": (
        "是否留下联系方式？实名举报的，我们会在 5 个工作日内告知是否立案。"
        "请发送“姓名 电话”，或点“匿名举报”。举报人信息严格保密。",
        "Leave your contact details? For a named report we tell you within 5 working days "
        "whether a case was opened. Send “name phone”, or tap “Anonymous”. Your identity is "
        "kept confidential.",
    ),
    "ask_contact_complaint": (
        "投诉需要您的姓名和电话，请按“姓名 电话”发送，例如：张三 13800138000。",
        "A complaint needs your name and phone number: send “name phone”, e.g. Zhang San 13800138000.",
    ),
    "anonymous": ("匿名举报", "Anonymous"),
    "bad_contact": (
        "没能识别姓名和电话，请按“姓名 电话”发送，例如：张三 13800138000。",
        "We could not read a name and phone; send “name phone”, e.g. Zhang San 13800138000.",
    ),
    "review": (
        "请核对后提交；哪一项不对，点“修改”重新填写：",
        "Please check and submit; tap “Change” on anything that is wrong:",
    ),
    "edit": ("修改{field}", "Change {field}"),
    "field_kind": ("类型", "kind"),
    "field_category": ("类别", "category"),
    "field_subject": ("对象", "subject"),
    "field_when": ("日期", "date"),
    "field_description": ("经过", "what happened"),
    "field_evidence": ("证据", "evidence"),
    "field_contact": ("联系人", "contact"),
    "subject_registered": ("{name}（{id}）", "{name} ({id})"),
    "subject_typed": ("，您填写的是“{typed}”", "; you typed “{typed}”"),
    "anonymous_short": ("匿名", "anonymous"),
    "submit": ("提交", "Submit"),
    "cancel": ("取消", "Cancel"),
    "receipt": (
        "已收到并登记，编号 <b>{number}</b>。\n{next}\n可随时发送 /status 查看进度。",
        "Received and registered as <b>{number}</b>.\n{next}\n"
        "Send /status at any time to follow it.",
    ),
    "next_named_report": (
        "我们将在 {due} 前告知您是否立案。",
        "We will tell you by {due} whether a case was opened.",
    ),
    "next_anonymous": (
        "匿名举报不会收到回复，但每条线索都会核查。",
        "An anonymous report gets no reply, but every lead is looked into.",
    ),
    "next_complaint": (
        "我们将在 {due} 前决定是否受理并告知您。",
        "We will decide whether to accept it and tell you by {due}.",
    ),
    "daily_limit": (
        "您今天已提交 {limit} 件，达到每日上限。如情况紧急，请拨打 12345 市民服务热线。",
        "You have filed {limit} today, the daily limit. If it is urgent, call the 12345 hotline.",
    ),
    "reminder": (
        "您的举报还没有提交。继续填写即可，或发送 /cancel 放弃。",
        "Your report is not submitted yet. Carry on where you were, or send /cancel.",
    ),
    "discarded": (
        "长时间未操作，未提交的举报已放弃。需要时请重新发送 /report。",
        "The unfinished report was discarded after a long pause. Send /report to start again.",
    ),
    "no_tickets": ("您还没有提交过举报或投诉。", "You have not filed any reports or complaints."),
    "tickets_title": ("您提交的举报、投诉：", "Your reports and complaints:"),
    "status_received": ("{day} 收到", "received on {day}"),
    "status_due": ("答复期限 {day}", "answer due by {day}"),
    "status_closed": ("{day} 办结：{outcome}", "closed on {day}: {outcome}"),
    "staff_new_ticket": ("🆕 新{kind} {number}", "🆕 New {kind} {number}"),
    "use_buttons": ("请点上面的按钮选择。", "Please tap one of the buttons above."),
    "send_text": ("请发送文字。", "Please send text."),
}


def report_text(key: str, lang: Lang, **params: object) -> str:
    return say(REPORT_TEXTS[key], lang, **params)
