"""What the `lantian` command says about itself: its help, progress and messages, and what the
terminal chat of `lantian run` adds around the bot's own words.

The CLI speaks both languages at once, Chinese first: its help is read before any --lang is
parsed, and the people at a terminal (maintainers, staff) work in either. A sentence, or a label
heading values, is shown as "中文 / English" (`both`), a unit as "中文 English" (`tag`), so a
line reads "已导入 / imported: 3000 家机构 agencies".
What a command answers (a verdict, statistics, tickets) follows --lang instead.
"""

from __future__ import annotations

from bot.words import BOTH as BOTH  # re-exported: the CLI's words say both
from bot.words import Words, say


def both(words: Words, /, **fields: object) -> str:
    """A sentence in Chinese, then English, on one line."""
    return " / ".join(say(words, lang, **fields) for lang in BOTH)


def both_lines(words: Words, /, **fields: object) -> str:
    """A longer message in Chinese, then English, each on its own lines."""
    return "\n".join(say(words, lang, **fields) for lang in BOTH)


def tag(words: Words) -> str:
    """A label or unit in both languages, side by side: "行 rows"."""
    return " ".join(say(words, lang) for lang in BOTH)


# The help of each command and option, shown with `both`.
HELP: dict[str, Words] = {
    "lantian": (
        "蓝天 Lantian：核查知识产权代理机构，受理举报，公示“蓝天”专项整治行动。",
        "Lantian: check IP agencies, take reports, publish Shanghai's Blue Sky campaign.",
    ),
    "check": (
        "核查机构、代理师、电话或网址",
        "Is this agency, attorney, phone or website legitimate?",
    ),
    "check_file": (
        "核查清单文件（.csv 或 .xlsx）的每一行，结果另存为新文件",
        "Check every row of a list (.csv or .xlsx) and write the results beside it.",
    ),
    "check_out": (
        "结果文件（默认：原文件名加 .checked）",
        "Where the results go (default: the list's name with .checked).",
    ),
    "check_json": (
        "按 data-format.md 的约定输出 JSON",
        "Print the JSON contract of data-format.md.",
    ),
    "leads": ("线索摸查：批量识别截图", "Screening online leads: many screenshots at once."),
    "leads_scan": (
        "识别文件夹中的每张图片（截图、广告、名片），逐一核查，写成一份工作簿，可据此立案",
        "Read every picture in a folder (screenshots, ads, cards), check each, and write the "
        "findings as a workbook to open tickets from.",
    ),
    "leads_out": (
        "工作簿保存到这里（默认：文件夹中的 leads.xlsx）",
        "Write the workbook here (default: leads.xlsx in the folder).",
    ),
    "check_image": (
        "读取图片（广告、传单、名片、截图）中的文字，逐一核查其中的机构、代码、电话、网址，"
        "并指出宣传用语的违规迹象",
        "Read the text in a picture (an ad, flyer, business card or screenshot), check every "
        "agency, code, phone and web address in it, and point out red flags in its wording.",
    ),
    "registry": ("登记库：导入、示例数据、统计", "The registry: import, demo data, statistics."),
    "import": (
        "导入数据包（文件夹、.zip、.xlsx 或网址）",
        "Import a bundle (folder, .zip, .xlsx or URL).",
    ),
    "allow_shrink": (
        "即使数据包会移除超过 20% 的机构或代理师，也照常导入",
        "Accept a bundle that removes more than 20% of the agencies or practitioners.",
    ),
    "demo": ("生成并导入虚构的示例登记库", "Generate and import a fictional demo registry."),
    "demo_scale": (
        "规模：上海（含示例工单）或全国（约十万家机构）",
        "How large: shanghai (with demo tickets) or national (about 100,000 agencies).",
    ),
    "demo_seed": ("同一种子生成同样的数据", "Same seed, same data."),
    "demo_out": ("把数据包保存在这个文件夹", "Keep the bundle here."),
    "demo_update": (
        "导入一天后的示例数据（几家机构被暂停、降级或列入名录），用来试试关注提醒",
        "Import the demo a day later (a few agencies suspended, downgraded or listed), to try "
        "following.",
    ),
    "stats": ("登记库统计", "Counts over the registry."),
    "stats_json": ("输出 JSON", "Print JSON."),
    "site": ("公示网站：生成、预览", "The public-notice site: build and preview."),
    "site_build": (
        "根据 content/ 和登记库生成整个公示网站",
        "Build the whole static site from content/ and the registry.",
    ),
    "site_out": (
        "生成到这个文件夹（默认 $LANTIAN_SITE_DIR，其次 build/site），生成前先清空",
        "Folder to build into (default: $LANTIAN_SITE_DIR, then build/site); emptied first.",
    ),
    "site_drafts": (
        "包括草稿和未到发布日期的案例（预览）",
        "Include draft and future-dated cases (preview).",
    ),
    "site_publish": (
        "构建网站并切换为正式网站（构建失败则保留上一次的网站）",
        "Build the site and make it the live one (a failed build leaves the last one live)",
    ),
    "site_serve": (
        "在本机 127.0.0.1 预览已生成的网站，按 Ctrl-C 停止",
        "Serve a built site on 127.0.0.1 until Ctrl-C.",
    ),
    "site_dir": (
        "已生成的网站（默认 $LANTIAN_SITE_DIR，其次 build/site）",
        "A built site (default: $LANTIAN_SITE_DIR, then build/site).",
    ),
    "site_port": (
        "127.0.0.1 上的端口（默认 $LANTIAN_SITE_PORT，其次 8000）",
        "Port on 127.0.0.1 (default: $LANTIAN_SITE_PORT, then 8000).",
    ),
    "run": (
        "运行全部：示例登记库、本机网站、机器人",
        "Run it all: the demo registry, the site on 127.0.0.1, the bot.",
    ),
    "bot": (
        "只运行机器人（轮询，或设置了 webhook 时用 webhook）",
        "Run the bot alone (polling, or a webhook when one is set).",
    ),
    "db": (
        "数据库文件（默认 $LANTIAN_DB，其次 data/lantian.db）",
        "Database file (default: $LANTIAN_DB, then data/lantian.db).",
    ),
    "lang": ("答复的语言", "Language of the answers."),
    "today": ("把这一天当作今天（YYYY-MM-DD）", "Treat this date as today (YYYY-MM-DD)."),
}

# What a command prints: sentences with `both` (`both_lines` where marked).
MESSAGES: dict[str, Words] = {
    "query_or_file": (
        "请只给出一项查询，或用 --file 给出清单，二者不能同时使用",
        "Give one query or a list with --file, not both",
    ),
    "nothing_to_check": (
        "请输入要核查的名称、代码、电话或网址",
        "Please give something to check: a name, code, phone or website",
    ),
    "source_unchanged": ("数据源未变化，无需导入", "The source has not changed; nothing to import"),
    "already_imported": (
        "数据与登记库一致，未做任何修改",
        "The registry already holds this bundle: no change",
    ),
    "fictional": ("示例数据（虚构）", "fictional"),
    "demo_year": ("2023 年，虚构", "2023, fictional"),
    "no_site": (
        "{folder} 中没有网站：请先运行 `lantian site build`。",
        "There is no site in {folder}: run `lantian site build` first.",
    ),
    "ctrl_c": ("按 Ctrl-C 退出", "Ctrl-C to stop"),
    "bye": ("再见", "Bye"),  # the terminal chat's last word, after /quit or Ctrl-C
    "building_site": ("正在生成网站……", "Building the site …"),
    "first_run": ("首次运行：生成示例登记库", "First run: making the demo registry"),
    "terminal_chat": (  # both_lines
        "未设置 TELEGRAM_BOT_TOKEN：在终端里与机器人对话（同一套处理程序，经本机 Bot API）。\n"
        "输入名称、代码、电话或网址核查；/report 举报；#N 点第 N 个按钮；@文件路径 发送文件"
        "（清单或图片：广告、名片、截图）；/follow 名称 关注，另开终端运行 "
        "lantian registry demo --update 可看到变化提醒；/quit 退出。",
        "No TELEGRAM_BOT_TOKEN: chatting with the bot here, through the same handlers.\n"
        "Type to check; /report to report; #N presses button N; @PATH sends a file (a list, or "
        "a picture: an ad, a card, a screenshot); /follow NAME follows, and lantian registry "
        "demo --update in another terminal shows the notice; /quit leaves.",
    ),
    "terminal_staff": (  # both_lines
        "未设置 LANTIAN_STAFF：你也是市局工作人员和案例编辑，/queue 查看工单，/ticket 编号 处理，"
        "/case 撰写典型案例；/switch 换成第二位编辑（审核人须未撰写、未修改过该案例，所以审核时不要"
        "再修改；两位都改过的案例，撤回重写，或在另一终端运行 LANTIAN_STAFF=10002:city:editor "
        "lantian case approve 编号 --staff-id 10002）。/inspect 显示随机抽查任务，另一终端运行 "
        "LANTIAN_STAFF=10001:city,10000:city lantian inspect plan --staff-id 10001 制定计划。",
        "No LANTIAN_STAFF: you are city staff and a case editor too; /queue lists tickets, "
        "/ticket N acts, /case writes typical cases; /switch becomes a second editor (the "
        "approver must not have written or changed the case, so approve without editing; a "
        "case both changed is withdrawn and rewritten, or approved from another terminal: "
        "LANTIAN_STAFF=10002:city:editor lantian case approve N --staff-id 10002). /inspect "
        "shows random-inspection tasks; draw a plan in another terminal: "
        "LANTIAN_STAFF=10001:city,10000:city lantian inspect plan --staff-id 10001.",
    ),
}

# What heads a line of values ("网站 / site: http://…"), shown with `both`.
LABELS: dict[str, Words] = {
    "imported": ("已导入", "imported"),
    "as_of": ("数据截至", "as of"),
    "demo_bundle": ("示例数据包", "demo bundle"),
    "demo_changed": ("有变化的机构", "agencies changed"),
    "demo_tickets": ("示例工单", "demo tickets"),
    "staff_commands": ("工作人员命令", "staff commands"),
    "site": ("网站", "site"),
    "try": ("试试", "try"),
}

# The steps of an import, as its progress shows them (`both`), and the units it counts (`tag`).
STEPS: dict[str, Words] = {
    "importing": ("导入", "importing"),
    "download": ("下载", "downloading"),
    "read": ("读取", "reading"),
    "check": ("校验", "checking"),
    "index": ("建索引", "indexing"),
    "write": ("写入", "writing"),
}
UNITS: dict[str, Words] = {
    "rows": ("行", "rows"),
    "files": ("文件", "files"),
    "pages": ("个页面", "pages"),
    "agencies": ("家机构", "agencies"),
    "practitioners": ("名代理师", "practitioners"),
    "listings": ("条名单", "listings"),
    "sanctions": ("项处罚", "sanctions"),
}

# The terminal chat of `lantian run`: said in the language of the run (--lang), around the bot.
TERMINAL: dict[str, Words] = {
    "prompt": ("你> ", "you> "),
    "user_name": ("终端用户", "Terminal user"),
    "no_button": ("（没有这个按钮）", "(no such button)"),
    "stale_button": ("（这个按钮已失效）", "(that button is out of date)"),
    "no_file": ("（找不到文件：{path}）", "(no such file: {path})"),
    "buttons_now": ("（按钮：）", "(buttons:)"),
    "toast": ("（{text}）", "({text})"),
    "file_saved": ("📎 收到文件，已保存到 {path}", "📎 A file came; saved to {path}"),
    "switched": (
        "（现在你是编辑 {user_id}：可审核另一位编辑写的案例，只要你没有修改过它）",
        "(you are now editor {user_id}: you may approve a case the other editor wrote, as long "
        "as you have not changed it)",
    ),
}
