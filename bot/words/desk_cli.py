"""What `lantian queue`, `lantian report` and `lantian case` say: their help, in both
languages at once (it is written before a language is chosen), and their answers."""

from __future__ import annotations

from bot.words import Lang, Words, say

# --help of the commands and their arguments, shown as "中文 / English".
CLI_HELP: dict[str, Words] = {
    "queue": ("工作人员：举报投诉工单", "Staff: the queue of reports and complaints"),
    "accept": ("受理", "Accept."),
    "refuse": ("不予受理", "Do not accept, on a GROUND."),
    "assign": ("分派到区", "Assign to a DISTRICT."),
    "investigate": ("开始调查", "Start the investigation."),
    "transfer": ("移送", "Transfer to a DESTINATION."),
    "close": ("办结", "Close with an OUTCOME."),
    "merge": ("合并为重复", "Merge as a duplicate of ticket INTO."),
    "number": (
        "工单编号 LT-20260601-0002，或当天的序号 2",
        "the ticket number, or today's serial 2",
    ),
    "kind": ("举报或投诉", "report or complaint"),
    "state": ("只列此状态", "Only this state"),
    "category": ("只列此违法类别", "Only this violation category"),
    "stage": ("阶段性情况报告（7月14日前报送）", "The stage report (due 14 July)."),
    "annual": ("年度总结和典型案例（11月15日前）", "The annual summary (due 15 November)."),
    "choices": ("可用代码或中文", "a code or its Chinese word"),
}

# What the commands print.
CLI_TEXTS: dict[str, Words] = {
    "queue_total": (
        "共 {total} 件，列出 {shown} 件（超期优先，其余从新到旧）",
        "{total} ticket(s), {shown} shown (overdue first, then newest first)",
    ),
    "queue_open_only": (
        "默认只列出办理中的工单；已办结、不予受理、已移送的请用 --state 指定（如 --state 全部）。",
        "Only tickets in progress are listed by default; ask for closed, refused or transferred "
        "ones with --state (such as --state all).",
    ),
    "state_now": ("{number}：{state}", "{number}: {state}"),
    "noted": ("已记录备注：{number}", "Note added to {number}"),
    "contact": ("姓名：{name}\n电话：{phone}", "Name: {name}\nPhone: {phone}"),
    "looked": ("此次查看已记入审计日志。", "This look is in the audit log."),
    "exported": ("已导出 {rows} 件：{path}", "Exported {rows} ticket(s): {path}"),
    "exported_contacts": (
        "已导出 {rows} 件，含举报人联系方式（已记入审计日志）：{path}",
        "Exported {rows} ticket(s) with the reporters' contacts (in the audit log): {path}",
    ),
    "report_total": ("共 {total} 件", "{total} ticket(s)"),
    "draft_written": ("草稿已生成：{path}", "Draft written: {path}"),
    "draft_next": (
        "编辑后删除 draft: true 即可发布（见 content/staff/publishing-cases.md）。",
        "Edit it, then remove draft: true to publish it (see content/staff/publishing-cases.md).",
    ),
    "evidence_copied": (
        "{name}  ←  证据 {index}（{size} 字节）",
        "{name}  <-  evidence {index} ({size} bytes)",
    ),
    "evidence_total": (
        "已复制 {count} 个证据文件到 {folder}",
        "Copied {count} evidence file(s) to {folder}",
    ),
}


def cli_help(key: str) -> str:
    """A help text in both languages: the language is not known when --help is built."""
    return " / ".join(CLI_HELP[key])


def cli_text(key: str, lang: Lang, **fields: object) -> str:
    return say(CLI_TEXTS[key], lang, **fields)
