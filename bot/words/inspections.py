"""Why a random-inspection plan could not be drawn ("双随机、一公开"): one sentence per condition,
named by the refusals of bot/inspections/draw.py."""

from __future__ import annotations

from bot.words import Lang, Words, say

REFUSALS: dict[str, Words] = {
    "share_out_of_range": (
        "抽查比例须大于 0 且不超过 1（0.05 即 5%），现为 {share}。",
        "The share must be above 0 and at most 1 (0.05 is 5%); it is {share}.",
    ),
    "factor_too_small": (
        "提高抽查的倍数须不小于 1，现为 {factor}。",
        "The raised factor must be at least 1; it is {factor}.",
    ),
    "seed_missing": (
        "随机种子不能为空：抽取结果由种子决定，种子随计划一同公布。",
        "The seed must not be empty: it decides the draw and is published with the plan.",
    ),
    "duplicate_candidate": (
        "候选名单中 {subject} 出现了不止一次：每家机构只能列一次。",
        "{subject} appears more than once among the candidates: list each agency once.",
    ),
    "duplicate_inspector": (
        "执法检查人员名单中 {inspector} 出现了不止一次。",
        "Inspector {inspector} is listed more than once.",
    ),
    "not_enough_inspectors": (
        "检查对象 {subject} 只有 {available} 名未申报利益冲突的执法检查人员可以选派，"
        "每个检查对象需要 {needed} 名。",
        "Only {available} inspector(s) without a declared conflict can be sent to {subject}; "
        "each target needs {needed}.",
    ),
}

# Where the check's line on an inspection comes from (the site's page of the plan).
SOURCE: Words = (
    "上海市知识产权局“双随机、一公开”抽查结果",
    "Shanghai IP office random inspections",
)

RESULTS: dict[str, Words] = {
    "pass": ("合格", "compliant"),
    "rectify": ("责令限期整改", "ordered to rectify by a deadline"),
    "case": ("立案查处", "case opened"),
    "refer": ("移送", "referred to another authority"),
    "not_found": ("未发现/无法联系", "not found / unreachable"),
}

PLAN_REFUSALS: dict[str, Words] = {
    "unknown_item": (
        "抽查事项“{typed}”不对：可写代码或名称，可选 {choices}。",
        "The inspection item “{typed}” is not one here: write its code or its name, one of "
        "{choices}.",
    ),
    "unknown_result": (
        "检查结果“{typed}”不对：可写代码或名称，可选 {choices}。",
        "The result “{typed}” is not one: write its code or its name, one of {choices}.",
    ),
    "bad_days": (
        "整改期限“{typed}”不对：请写工作日数，1 到 {limit} 的整数。",
        "The deadline “{typed}” is not one: write a number of working days, 1 to {limit}.",
    ),
    "no_plan": ("没有编号为 {plan} 的抽查计划。", "There is no inspection plan {plan}."),
    "no_target": ("计划 {plan} 中没有检查对象 {subject}。", "Plan {plan} has no target {subject}."),
    "not_inspector": (
        "您不是 {subject} 的检查人员，不能记录其检查结果。",
        "You are not an inspector of {subject}: you cannot record its results.",
    ),
    "target_closed": (
        "检查对象 {subject} 已办结，不能再修改。",
        "Target {subject} is closed: it cannot change.",
    ),
    "results_missing": (
        "{subject} 还有事项没有检查结果：{items}。",
        "{subject} still lacks results for: {items}.",
    ),
    "deadline_needed": (
        "责令限期整改须写明整改期限（工作日数，1 到 60）。",
        "An order to rectify needs a deadline (working days, 1 to 60).",
    ),
    "redraw_after_results": (
        "计划 {plan} 已有检查结果，不能重新抽取。",
        "Plan {plan} has results already: it cannot be drawn again.",
    ),
    "reason_needed": ("重新抽取须写明理由。", "A redraw needs a reason."),
    "no_candidates": (
        "范围内没有可抽查的机构（{scope}）。",
        "There is no agency to draw from in the scope ({scope}).",
    ),
    "item_list_invalid": (
        "抽查事项清单 {path} 有误（每项须有 code、zh、en，code 只用字母、数字和 . _ -，且不重复）：{error}",
        "The inspection item list {path} is invalid (each item needs code, zh and en; codes are "
        "letters, digits and . _ -, each once): {error}",
    ),
    "seed_not_plain": (
        "随机种子“{seed}”只能用英文字母、数字和 . _ -（最多 64 个），以便在任何地方原样公布和输入。",
        "The seed “{seed}” may hold only letters, digits and . _ - (at most 64), so that it is "
        "published and typed again exactly.",
    ),
    "candidates_changed": (
        "计划 {plan} 的候选名单或种子与抽取时审计日志记录的不一致：名单已被改动，不能核验。",
        "The candidates or seed of plan {plan} are not those the audit log recorded at the draw: "
        "the list was changed, and cannot be verified.",
    ),
    "no_inspectors": (
        "执法检查人员不够：每个检查对象须派 {needed} 名，LANTIAN_STAFF 中只有 {available} 名工作人员。"
        "请在 LANTIAN_STAFF 中至少列出 {needed} 名，用逗号分开，例如 "
        "LANTIAN_STAFF=10001:city,10002:city（区局人员也算，写区名代替 city）。",
        "Not enough inspectors: each target needs {needed}, and LANTIAN_STAFF names "
        "{available} staff member(s). List at least {needed} there, parted by commas, e.g. "
        "LANTIAN_STAFF=10001:city,10002:city (district staff count too: their district in "
        "place of city).",
    ),
}

INSPECT_TEXTS: dict[str, Words] = {
    "plan_made": (
        "抽查计划 {plan}：{scope}，{date}，候选 {candidates} 家，抽中 {targets} 家（重点监管 {key} 家），种子 {seed}。",
        "Inspection plan {plan}: {scope}, {date}, {candidates} candidates, {targets} drawn ({key} on the key monitoring list), seed {seed}.",
    ),
    "city": ("全市", "the whole city"),
    "verified": (
        "核验通过：公布的名单与按公开参数重新抽取的结果一致。",
        "Verified: the published list is what the public inputs draw.",
    ),
    "not_verified": (
        "核验不通过：缺少 {missing}；多出 {extra}。",
        "Not verified: missing {missing}; not drawn {extra}.",
    ),
    "task_line": (
        "{plan} · {subject} · {district} · {state}",
        "{plan} · {subject} · {district} · {state}",
    ),
    "open": ("待检查", "to inspect"),
    "closed": ("已办结", "closed"),
    "no_tasks": (
        "您目前没有抽查任务。抽查计划在命令行制定（LANTIAN_STAFF 中至少要有两名工作人员可选派）：\n"
        "lantian inspect plan{district} --share 0.05 --staff-id {user_id}\n"
        "抽中的每个检查对象随机选派两名执法检查人员，任务随即显示在这里。",
        "You have no inspection tasks. A plan is drawn on the command line (LANTIAN_STAFF must "
        "name at least two staff to send):\n"
        "lantian inspect plan{district} --share 0.05 --staff-id {user_id}\n"
        "Two inspectors are drawn for each target, and their tasks show here.",
    ),
    "district_option": (" --district {district}", " --district {district}"),
    "plan_targets": (
        "抽中的检查对象（签号 · 统一社会信用代码 · 名称 · 区 · 类别 · 执法检查人员）：",
        "Targets drawn (ticket · USCC · name · district · stratum · inspectors):",
    ),
    "plan_target": (
        "  {ticket} · {subject} · {name} · {district} · {stratum} · {inspectors}",
        "  {ticket} · {subject} · {name} · {district} · {stratum} · {inspectors}",
    ),
    "plan_next": (
        "执法检查人员在机器人中发送 /inspect（或运行 lantian inspect list --staff-id 本人编号）查看任务；"
        "任何人都可以用 lantian inspect verify {plan} 核对抽中名单。",
        "Inspectors see their tasks with /inspect in the bot (or lantian inspect list --staff-id "
        "THEIR_ID); anyone can check the list with lantian inspect verify {plan}.",
    ),
    "redrawn": (
        "计划 {plan} 已重新抽取：种子 {seed}，抽中 {targets} 家。",
        "Plan {plan} is drawn again: seed {seed}, {targets} drawn.",
    ),
    "conflict_declared": (
        "已记录：执法检查人员 {inspector} 与 {subject} 有利益冲突，今后不会被选派检查该机构；"
        "{moved} 个未办结的检查对象已改派他人。",
        "Recorded: inspector {inspector} has a conflict with {subject} and is never sent to it; "
        "{moved} open target(s) went to another inspector.",
    ),
    "rectified": (
        "已记录整改完成：{subject} · {item} · {day}。",
        "Rectification recorded as done: {subject} · {item} · {day}.",
    ),
    "recorded": (
        "已记录：{subject} · {item} · {result}。",
        "Recorded: {subject} · {item} · {result}.",
    ),
    "evidence_saved": (
        "证据已保存：{subject} 共 {count} 个文件。",
        "Evidence saved: {subject} holds {count} file(s).",
    ),
    "closed_target": ("{subject} 检查已办结。", "The inspection of {subject} is closed."),
    "usage": (
        "/inspect — 我的抽查任务\n/inspect 计划 机构代码 事项 结果 [整改工作日数] — 记录结果"
        "（事项和结果写代码或名称均可，如 /inspect 计划 机构代码 licence 合格）\n"
        "/inspect close 计划 机构代码 — 办结\n发送照片或文件并附说明“/inspect 计划 机构代码” — 保存证据",
        "/inspect — my inspection tasks\n/inspect PLAN USCC ITEM RESULT [working days] — record a "
        "result (the item and the result by code or by name, e.g. /inspect PLAN USCC licence "
        "pass)\n/inspect close PLAN USCC — close the target\nA photo or file captioned "
        "“/inspect PLAN USCC” — keep it as evidence",
    ),
}

# What an item or a result is called when a refusal names the wrong one.
CHOICE_NAMES: dict[str, Words] = {
    "item": ("抽查事项", "inspection item"),
    "result": ("检查结果", "result"),
}

# A target's stratum in the draw, as the plan's output names it.
STRATA: dict[str, Words] = {
    "key": ("重点监管", "key monitoring"),
    "raised": ("提高比例", "raised rate"),
    "base": ("一般", "base"),
}

# A staff member named by their id and their office: `10002（徐汇）`.
INSPECTOR: Words = ("{id}（{office}）", "{id} ({office})")

# The site's pages of published inspections (bot/site/inspection_pages.py).
INSPECT_PAGE: dict[str, Words] = {
    "title": ("双随机抽查结果：计划 {plan}", "Random inspection results: plan {plan}"),
    "facts": (
        "范围：{scope}；日期：{date}；检查事项：{items}；抽查比例：{share}，提高倍数：{factor}；"
        "随机种子：{seed}；候选 {candidates} 家，抽中 {targets} 家；候选名单 SHA-256：{digest}。",
        "Scope: {scope}; date: {date}; items: {items}; share: {share}, raised factor: {factor}; "
        "seed: {seed}; {candidates} candidates, {targets} drawn; SHA-256 of the candidates: "
        "{digest}.",
    ),
    "redrawn": (
        "本计划曾重新抽取 {count} 次，理由记录在案。",
        "This plan was drawn again {count} time(s), with the reasons on record.",
    ),
    "verify": (
        "核对方法见{method}；候选名单（代码和类别）：{candidates}。",
        "How to verify: {method}; the candidates (codes and strata): {candidates}.",
    ),
    "method_link": ("随机抽查：怎样抽，怎样核对", "how the draw works"),
    "candidates_link": ("下载 CSV", "download the CSV"),
    "results_heading": ("已办结的检查结果", "Results of the closed inspections"),
    "no_results": ("尚无已公布的检查结果。", "No result is published yet."),
    "col_agency": ("机构", "Agency"),
    "col_ticket": ("签号", "Ticket"),
    "agency_cell": ("{name}（{uscc}）", "{name} ({uscc})"),
    "col_district": ("区", "District"),
    "col_results": ("检查结果", "Results"),
    "col_rectify": ("整改", "Rectification"),
    "col_closed": ("办结日期", "Closed on"),
    "col_office": ("检查单位", "Inspecting office"),
    "result_cell": ("{item}：{result}", "{item}: {result}"),
    "rectify_due": ("限 {due} 前整改", "due by {due}"),
    "rectified": ("已于 {day} 整改", "rectified on {day}"),
    "rectify_overdue": ("逾期未整改（{due}）", "overdue ({due})"),
    "no_rectify": ("无需整改", "none needed"),
    "city_office": ("市知识产权局", "the city's IP office"),
    "district_office": ("{district}知识产权局", "{district} IP office"),
    "list_heading": ("已公布的抽查计划", "Published inspection plans"),
    "list_line": (
        "{date}：{link}（{scope}，公布 {count} 家）",
        "{date}: {link} ({scope}, {count} published)",
    ),
    "list_empty": ("尚无已公布的抽查计划。", "No inspection plan is published yet."),
}

DIGEST: dict[str, Words] = {
    "heading": ("抽查整改期限：", "Rectification deadlines of inspections:"),
    "due": (
        "  {subject}（{plan}，{item}）限 {due} 前整改",
        "  {subject} ({plan}, {item}) due {due}",
    ),
    "overdue": (
        "  ⏰ {subject}（{plan}，{item}）逾期未整改（{due}），请依法处理",
        "  ⏰ {subject} ({plan}, {item}) overdue since {due}: act on it",
    ),
}

REPORT: dict[str, Words] = {
    "chapter": ("双随机抽查", "Random inspections"),
    "summary": (
        "抽查计划 {plans} 个，检查对象 {targets} 家，已办结 {closed} 家；责令整改已完成 {done} 项，逾期未整改 {overdue} 项。",
        "{plans} plan(s), {targets} target(s), {closed} closed; {done} rectification(s) done, {overdue} overdue.",
    ),
    "item": ("检查事项", "Item"),
    "district": ("区", "District"),
    "targets": ("检查对象", "Targets"),
    "abnormal": (
        "未发现/无法联系（经营异常名录候选）：{subjects}",
        "Not found / unreachable (abnormal-list candidates): {subjects}",
    ),
    "none": ("本期没有抽查计划。", "No inspection plan in the period."),
}


def inspect_text(entry: str, lang: Lang, /, **fields: object) -> str:
    """One of INSPECT_TEXTS in `lang`, its placeholders filled."""
    return say(INSPECT_TEXTS[entry], lang, **fields)
