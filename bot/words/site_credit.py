"""The words of the site's credit pages (bot/site/credit.py): grades, the two public lists, and
the suspended, revoked and expired agencies."""

from __future__ import annotations

from bot.words import Words

SCOPE: Words = (
    "本页列出登记在上海市的机构；外省市机构请用{directory}查询。",
    "This page lists agencies registered in Shanghai; for agencies of other provinces, use "
    "{directory}.",
)
DIRECTORY_LINK: Words = ("机构目录", "the agency directory")

INDEX_TITLE: Words = ("信用公示", "Credit notices")
INDEX_INTRO: Words = (
    "以下名单和信用等级由登记库在每次构建网站时生成，与机器人核查使用同一套规则"
    "（结论：✅ 合规、⚠️ 注意、⛔ 危险、❓ 未能确认）。",
    "These lists and credit grades are generated from the registry each time the site is "
    "built, by the same rules as the bot's checks (verdicts: ✅ legitimate, ⚠️ caution, "
    "⛔ danger, ❓ not confirmed).",
)
# The two public lists, as a page's title and the index's row name them.
LIST_TITLES: dict[str, Words] = {
    "serious_dishonest": ("严重违法失信名单", "Serious illegal and dishonest list"),
    "abnormal_operation": ("经营异常名录", "Abnormal operation list"),
}
# The other rows of the index: what else is published.
INDEX_ROWS: dict[str, Words] = {
    "suspended": ("被责令停止承接新业务", "Ordered to stop taking new business"),
    "revoked": ("专利代理执业许可被吊销", "Patent agency licence revoked"),
    "expired": ("商标代理备案过期", "Trademark agency filing expired"),
    "grades": ("信用等级 C、D", "Credit grade C or D"),
}
DANGER_UNLESS_PATENT: Words = (
    "{danger}（兼营专利代理的为 {caution}）",
    "{danger} ({caution} for agencies that also do patent work)",
)

LIST_INTROS: dict[str, Words] = {
    "serious_dishonest": (
        "列入严重违法失信名单的机构，在列期间核查结论为 ⛔ 危险。名单一般公示三年；满一年后可依法"
        "申请信用修复，提前移出。",
        "While an agency is on the serious illegal and dishonest list, the verdict on it is "
        "⛔ danger. The list is usually published for three years; after one year an agency may "
        "apply for credit repair and be removed early.",
    ),
    "abnormal_operation": (
        "列入经营异常名录的常见原因：未按期公示年度报告、公示信息隐瞒真实情况或弄虚作假、通过登记的"
        "住所无法联系。在列期间核查结论为 ⚠️ 注意；改正后依法移出。",
        "Common reasons for the abnormal operation list: no annual report published on time, "
        "published information that hides or falsifies the facts, or no contact at the "
        "registered address. While listed, the verdict is ⚠️ caution; an agency is removed "
        "once it has put things right.",
    ),
}
LISTED_NOW: Words = ("当前在列（{count} 家）", "Listed now ({count})")
REMOVED_THIS_YEAR: Words = ("近一年移出（{count} 家）", "Removed in the past year ({count})")
PRACTITIONERS_LISTED: Words = ("专利代理师（{count} 人）", "Patent attorneys ({count})")

GRADES_TITLE: Words = ("信用等级", "Credit grades")
GRADES_INTRO: Words = (
    "专利代理机构信用评价依据《专利代理信用评价管理办法（试行）》（2023年5月1日起施行）：基础分"
    "100 分，发生失信行为扣分；A 级 90–100 分，B 级 80 分以上不满 90 分，"
    "C 级 60 分以上不满 80 分，"
    "D 级不满 60 分；在 A 级基础上有加分的为 A+。非正常专利申请最多扣 40 分，被责令停止承接新"
    "业务扣 60 分，被吊销执业许可扣 100 分。上海的商标代理机构信用评价处于试点阶段"
    "（2025年4月至2026年3月），分级相同。信用等级为 C、D 的机构，核查结论为 ⚠️ 注意。",
    "Patent agencies are graded under the Measures for Patent Agency Credit Evaluation (Trial), "
    "in force since 1 May 2023: 100 points to start with, points taken off for each breach of "
    "trust; grade A is 90-100 points, B 80 to under 90, C 60 to under 80, D under 60; A+ is an "
    "A with bonus points. Abnormal patent applications cost up to 40 points, an order to stop "
    "taking new business 60, a revoked licence 100. Shanghai's trademark agencies are graded "
    "in a pilot (April 2025 to March 2026) on the same scale. For agencies graded C or D the "
    "verdict is ⚠️ caution.",
)
GRADES_CHART: Words = ("上海市代理机构信用等级分布", "Credit grades of Shanghai's agencies")
GRADES_SPREAD: Words = ("等级分布", "How the grades spread")
GRADE_HEADING: Words = ("{grade} 级机构（{count} 家）", "Grade {grade} agencies ({count})")

SUSPENDED_TITLE: Words = ("停止承接新业务的机构", "Agencies suspended from new business")
SUSPENDED_INTRO: Words = (
    "被责令停止承接新的代理业务的机构，在期限内不得接受新的委托（已承接的业务依法处理）。"
    "期限内核查结论为 ⛔ 危险。依据《专利代理条例》，停止承接新业务的期限为 6 至 12 个月。",
    "An agency ordered to stop taking new business may not accept new instructions during the "
    "period (work already taken on is handled as the law provides). During the period the "
    "verdict is ⛔ danger. Under the Patent Agency Regulations the period is 6 to 12 months.",
)
IN_PERIOD: Words = ("期限内（{count} 家）", "In the period ({count})")
OPEN_ENDED: Words = ("未定", "not set")

REVOKED_TITLE: Words = ("吊销执业许可的机构", "Agencies whose licence was revoked")
REVOKED_INTRO: Words = (
    "专利代理机构执业许可证被吊销后，不得再从事专利代理业务；其分支机构随之不得执业。"
    "核查结论为 ⛔ 危险。",
    "Once a patent agency's licence is revoked it may no longer do patent agency work, and "
    "neither may its branches. The verdict is ⛔ danger.",
)
REVOKED_HEADING: Words = ("已吊销（{count} 家）", "Revoked ({count})")
BRANCHES_OF_REVOKED: Words = (
    "总机构已被吊销的分支机构（{count} 家）",
    "Branches whose head office was revoked ({count})",
)

EXPIRED_TITLE: Words = ("商标代理备案过期的机构", "Agencies whose trademark filing expired")
EXPIRED_INTRO: Words = (
    "商标代理机构应当备案；备案过期后不得承接新的商标代理业务，核查结论为 ⛔ 危险。"
    "同时持有专利代理执业许可的机构，专利代理业务不受影响，结论为 ⚠️ 注意。",
    "Trademark agencies must be filed; once the filing has expired an agency may take no new "
    "trademark work, and the verdict is ⛔ danger. An agency that also holds a patent agency "
    "licence may go on with patent work, and the verdict is ⚠️ caution.",
)
EXPIRED_HEADING: Words = ("已过期（{count} 家）", "Expired ({count})")
