"""What a person reads when a setting is refused at start-up: a hint per setting on how to fix
it. Shown in both languages (bot/words/cli.py's `both`): a bad LANTIAN_LANG is among them."""

from __future__ import annotations

from bot.words import Words

SETTINGS_INVALID: Words = ("设置有误，程序未启动", "Invalid settings; nothing was started")

# What to tell a person whose setting was refused, keyed by the field name.
FIX_HINTS: dict[str, Words] = {
    "db": (
        "LANTIAN_DB 应是一个文件路径，例如 data/lantian.db",
        "LANTIAN_DB is a file path such as data/lantian.db",
    ),
    "data_dir": (
        "LANTIAN_DATA_DIR 应是一个文件夹路径，例如 data",
        "LANTIAN_DATA_DIR is a folder path such as data",
    ),
    "lang": ("LANTIAN_LANG 只能是 zh 或 en", "LANTIAN_LANG must be zh or en"),
    "bot_workers": (
        "LANTIAN_BOT_WORKERS 应为 1 到 16 之间的整数，每个处理器核心至多一个",
        "LANTIAN_BOT_WORKERS is a whole number from 1 to 16, at most one per core",
    ),
    "today": (
        "LANTIAN_TODAY 应为 YYYY-MM-DD，例如 2026-06-01",
        "LANTIAN_TODAY is a date as YYYY-MM-DD, such as 2026-06-01",
    ),
    "fetch_timeout": (
        "LANTIAN_FETCH_TIMEOUT 应为正数秒数，例如 30",
        "LANTIAN_FETCH_TIMEOUT is seconds, a positive number such as 30",
    ),
    "fetch_retries": (
        "LANTIAN_FETCH_RETRIES 应为 0 到 10 的整数",
        "LANTIAN_FETCH_RETRIES is a whole number from 0 to 10",
    ),
    "staff_chat_id": (
        "LANTIAN_STAFF_CHAT_ID 应为 Telegram 群组 ID（整数，如 -1001234567890）",
        "LANTIAN_STAFF_CHAT_ID is a Telegram group id (a whole number such as -1001234567890)",
    ),
    "checks_per_minute": (
        "LANTIAN_CHECKS_PER_MINUTE 应为正整数",
        "LANTIAN_CHECKS_PER_MINUTE is a positive whole number",
    ),
    "reports_per_day": (
        "LANTIAN_REPORTS_PER_DAY 应为正整数",
        "LANTIAN_REPORTS_PER_DAY is a positive whole number",
    ),
    "webhook_secret": (
        "LANTIAN_WEBHOOK_SECRET 只能含 A-Z a-z 0-9 _ -，1 到 256 个字符",
        "LANTIAN_WEBHOOK_SECRET holds only A-Z a-z 0-9 _ -, 1 to 256 characters",
    ),
    "webhook_listen": (
        "LANTIAN_WEBHOOK_LISTEN 是监听地址，如 127.0.0.1 或 0.0.0.0",
        "LANTIAN_WEBHOOK_LISTEN is the address to listen on, such as 127.0.0.1 or 0.0.0.0",
    ),
    "admin_chat_id": (
        "LANTIAN_ADMIN_CHAT_ID 应为维护人员的 Telegram 会话 ID（整数）",
        "LANTIAN_ADMIN_CHAT_ID is the maintainers' Telegram chat id (a whole number)",
    ),
    "messages_per_minute": (
        "LANTIAN_MESSAGES_PER_MINUTE 应为正整数",
        "LANTIAN_MESSAGES_PER_MINUTE is a positive whole number",
    ),
    "inline_per_minute": (
        "LANTIAN_INLINE_PER_MINUTE 应为正整数",
        "LANTIAN_INLINE_PER_MINUTE is a positive whole number",
    ),
    "callbacks_per_minute": (
        "LANTIAN_CALLBACKS_PER_MINUTE 应为正整数",
        "LANTIAN_CALLBACKS_PER_MINUTE is a positive whole number",
    ),
    "evidence_files_per_report": (
        "LANTIAN_EVIDENCE_FILES_PER_REPORT 应为正整数，例如 10",
        "LANTIAN_EVIDENCE_FILES_PER_REPORT is a positive whole number such as 10",
    ),
    "evidence_mb_per_report": (
        "LANTIAN_EVIDENCE_MB_PER_REPORT 应为正数（MB），例如 50",
        "LANTIAN_EVIDENCE_MB_PER_REPORT is a positive number of MB such as 50",
    ),
    "evidence_mb_per_day": (
        "LANTIAN_EVIDENCE_MB_PER_DAY 应为正数（MB），例如 200",
        "LANTIAN_EVIDENCE_MB_PER_DAY is a positive number of MB such as 200",
    ),
    "staff": (
        "LANTIAN_STAFF 形如 123456:city:editor,234567:DISTRICT（Telegram 用户 ID、冒号，再写 city "
        "或区名，如 浦东新区；可再加 :editor，表示可以撰写、审核典型案例）",
        "LANTIAN_STAFF reads like 123456:city:editor,234567:DISTRICT (a Telegram user id, then "
        "city or the district's Chinese name; :editor adds the right to write and approve "
        "typical cases)",
    ),
    "digest_hour": (
        "LANTIAN_DIGEST_HOUR 应为 0 到 23 的整数（上海时间几点发每日提醒）",
        "LANTIAN_DIGEST_HOUR is a whole number from 0 to 23 (the hour, in Shanghai, of the "
        "daily digest)",
    ),
    "site_build_hour": (
        "LANTIAN_SITE_BUILD_HOUR 应为 0 到 23 的整数（上海时间几点每天重建网站）",
        "LANTIAN_SITE_BUILD_HOUR is a whole number from 0 to 23 (the hour, in Shanghai, of the "
        "site's daily rebuild)",
    ),
    "registry_url": (
        "LANTIAN_REGISTRY_URL 是登记库数据包（.zip 或 .xlsx）的网址，以 http:// 或 https:// 开头",
        "LANTIAN_REGISTRY_URL is the address of the registry bundle (.zip or .xlsx), starting "
        "with http:// or https://",
    ),
    "registry_refresh_hour": (
        "LANTIAN_REGISTRY_REFRESH_HOUR 应为 0 到 23 的整数（上海时间几点每天更新登记库）",
        "LANTIAN_REGISTRY_REFRESH_HOUR is a whole number from 0 to 23 (the hour, in Shanghai, "
        "of the registry's daily refresh)",
    ),
    "follow_limit": (
        "LANTIAN_FOLLOW_LIMIT 应为 1 到 100 的整数（每位用户最多关注几个机构或代理师）",
        "LANTIAN_FOLLOW_LIMIT is a whole number from 1 to 100 (how many agencies or "
        "practitioners one user may follow)",
    ),
    "bot_username": (
        "LANTIAN_BOT_USERNAME 是机器人的用户名，如 lantian_bot（5-32 个字母、数字、_）",
        "LANTIAN_BOT_USERNAME is the bot's username, such as lantian_bot (5-32 letters, digits "
        "or _)",
    ),
    "site_url": (
        "LANTIAN_SITE_URL 是网站的公开地址，形如 https://lantian.example/",
        "LANTIAN_SITE_URL is the public address of the site, such as https://lantian.example/",
    ),
    "site_dir": (
        "LANTIAN_SITE_DIR 应是一个文件夹路径，例如 build/site",
        "LANTIAN_SITE_DIR is a folder path such as build/site",
    ),
    "site_port": (
        "LANTIAN_SITE_PORT 应为 0 到 65535 的整数（0 表示任选空闲端口）",
        "LANTIAN_SITE_PORT is a whole number from 0 to 65535 (0: any free port)",
    ),
    "telegram_bot_token": (
        "TELEGRAM_BOT_TOKEN 形如 123456:ABC…，向 @BotFather 申请",
        "TELEGRAM_BOT_TOKEN reads like 123456:ABC…; ask @BotFather for one",
    ),
    "telegram_api_base_url": (
        "TELEGRAM_API_BASE_URL 形如 http://127.0.0.1:8081/bot",
        "TELEGRAM_API_BASE_URL reads like http://127.0.0.1:8081/bot (python-telegram-bot's "
        "base_url)",
    ),
}
