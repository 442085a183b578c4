"""The words of checking a list at once (`lantian check --file`, a document sent to the bot)."""

from __future__ import annotations

from bot.words import Words

UNREADABLE: Words = (
    "无法读取清单文件 {file}：{why}",
    "cannot read the list {file}: {why}",
)
NOT_A_LIST: Words = (
    "清单须为 .csv 或 .xlsx 文件，收到的是 {file}",
    "a list must be a .csv or .xlsx file; got {file}",
)
EMPTY: Words = (
    "清单 {file} 中没有要核查的行：第一行是表头（query，或 name、phone、website），其下每行一项",
    "the list {file} has no rows to check: the first row is the header (query, or name, phone, "
    "website) and each row below it one subject",
)
TOO_MANY: Words = (
    "清单 {file} 有 {rows} 行，超过一次最多 {limit} 行：请分成几份",
    "the list {file} has {rows} rows, more than the {limit} checked at once: split it",
)
WRITTEN: Words = (
    "已核查 {rows} 行，结果写入 {out}",
    "checked {rows} rows; the results are in {out}",
)
PROGRESS: Words = ("核查", "checking")
