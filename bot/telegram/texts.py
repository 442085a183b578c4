"""Every sentence the bot says, Chinese first then English, where a translator finds them."""

from __future__ import annotations

from bot.messages import Lang

# The command menu, /help and /start are built from this one list so they cannot disagree.
COMMANDS: list[tuple[str, str, str]] = [
    ("check", "核查代理机构、代理师、电话或网址", "Check an agency, attorney, phone or website"),
    ("report", "举报违法行为或投诉代理机构", "Report a violation or complain about an agency"),
    ("status", "查看我提交的举报、投诉", "See the reports I have made"),
    ("lang", "切换语言 中文 / English", "Switch language 中文 / English"),
    ("help", "使用说明", "How to use this bot"),
    ("cancel", "取消当前操作", "Cancel what you are doing"),
]

TEXTS: dict[str, tuple[str, str]] = {
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
        "Send the name, USCC, phone or website to check, e.g. /check 华诚知识产权",
    ),
    "pick_candidate": ("点下面的按钮查看某一家的详细结果：", "Tap a button to see one in full:"),
    "no_match_next": (
        "建议：向对方索要营业执照和统一社会信用代码再查；无资质的机构可用 /report 举报。",
        "Next: ask for the business licence and USCC and check again; report an unlicensed "
        "agency with /report.",
    ),
    "too_many_checks": (
        "您查询得太频繁了，请一分钟后再试。",
        "You are checking too often; please try again in a minute.",
    ),
    "lang_set": ("已切换为中文。", "Language set to English."),
    "cancelled": ("已取消。", "Cancelled."),
    "nothing_to_cancel": ("当前没有进行中的操作。", "There is nothing to cancel."),
    "error": (
        "抱歉，处理时出了问题，已通知维护人员。请稍后再试。",
        "Sorry, something went wrong; the maintainers have been told. Please try again later.",
    ),
    "registry_empty": (
        "登记库暂未加载，暂时无法核查，请稍后再试。",
        "The registry is not loaded yet; please try again later.",
    ),
    "share": ("转发核查结果", "Share this result"),
    "open_check": ("在机器人中查看", "Open in the bot"),
    "report_this": ("举报该机构", "Report this agency"),
}


def text(key: str, lang: Lang) -> str:
    zh, en = TEXTS[key]
    return zh if lang == "zh" else en


def help_text(lang: Lang) -> str:
    lines = [text("help_title", lang)]
    for command, zh, en in COMMANDS:
        lines.append(f"/{command} — {zh if lang == 'zh' else en}")
    lines += ["", text("help_footer", lang)]
    return "\n".join(lines)
