"""The words of the registry's refresh from its URL (LANTIAN_REGISTRY_URL): the command's help,
what `lantian registry refresh` says, and what the maintainers' chat is told when the bot's daily
refresh is held back or fails."""

from __future__ import annotations

from bot.words import Words

# `lantian registry refresh`: shown with bot/words/cli.py's `both`.
HELP: Words = (
    "从 LANTIAN_REGISTRY_URL 更新登记库一次（来源未变化则只发一次请求）；"
    "会大量移除记录的数据包暂缓导入",
    "Refresh the registry once from LANTIAN_REGISTRY_URL (an unchanged source costs one "
    "request); a bundle that would remove a large share is held back.",
)
HELP_JSON: Words = ("以 JSON 输出结果", "Print the outcome as JSON.")

NO_URL: Words = (
    "未设置登记库的数据源网址：请在环境变量或 .env 中设置 LANTIAN_REGISTRY_URL"
    "（http:// 或 https:// 开头）。",
    "No registry URL is set: set LANTIAN_REGISTRY_URL (an http:// or https:// address) in the "
    "environment or .env.",
)
HELD_BACK: Words = (
    "已暂缓导入 {url}，现有登记库保持不变。",
    "Held back the bundle at {url}; the live registry stays as it was.",
)
FAILED: Words = (
    "无法从 {url} 更新登记库，现有登记库保持不变。",
    "Could not refresh the registry from {url}; the live registry stays as it was.",
)
# A refresh that stopped without saying why (the process itself failed).
CRASHED: Words = (
    "更新进程异常退出（退出码 {code}）：{tail}",
    "the refresh process stopped unexpectedly (exit code {code}): {tail}",
)

# The maintainers' chat (zh): the daily refresh did not import.
CHAT_HELD_BACK: Words = (
    "⚠️ 登记库每日更新已暂缓：{url} 的数据包未导入，现有登记库保持不变。\n{why}\n"
    "核实无误后，可运行 lantian registry import {url} --allow-shrink 导入。",
    "⚠️ The registry's daily refresh was held back: the bundle at {url} was not imported and "
    "the live registry stays.\n{why}\nOnce checked, import it with "
    "lantian registry import {url} --allow-shrink.",
)
CHAT_FAILED: Words = (
    "⚠️ 登记库每日更新失败，现有登记库保持不变。原因：{why}",
    "⚠️ The registry's daily refresh failed; the live registry stays. Why: {why}",
)
