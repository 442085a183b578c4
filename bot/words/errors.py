"""The words of the errors every part shares (bot/errors.py): a refusal's fallback sentence and a
bad bundle's summary. Each error class names its entry here (`words = ...`), so a translator and
the catalogue tests find every sentence a person reads when something is refused."""

from __future__ import annotations

from bot.words import Words

REFUSED: Words = ("操作未完成，请重试。", "That did not go through; please try again.")
BUNDLE_INVALID: Words = (
    "导入未执行：数据包有 {count} 处错误，登记库未作任何修改。",
    "The bundle has {count} problem(s); nothing was changed.",
)
BUNDLE_INVALID_MORE: Words = ("……另有 {count} 处", "… and {count} more")
REGISTRY_EMPTY: Words = (
    "登记库为空：请先运行 `lantian registry demo` 或 `lantian registry import 数据包`。",
    "The registry is empty: run `lantian registry demo` or `lantian registry import BUNDLE`.",
)
