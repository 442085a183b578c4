"""The words of the site's other generated pages: the home page's fill-ins, the violation
categories, statistics, the data page, the district directory and the case categories."""

from __future__ import annotations

from bot.words import Words

# --- fill-ins of content/ pages (bot/site/pages.py fill_markers) ----------------------------

REPORT_LINK: Words = ("在 Telegram 打开“蓝天”机器人举报", "Report in the Lantian bot on Telegram")
REPORT_WITH_BOT: Words = (
    "{link}（@{bot}），按提示选择类别、描述经过、上传证据。",
    "{link} (@{bot}): choose the category, describe what happened and upload your evidence as "
    "it asks.",
)
# Without a bot account the visitor is told where to find one, never about configuration.
REPORT_WITHOUT_BOT: Words = (
    "Telegram 上的“蓝天”机器人：在 Telegram 中搜索本市知识产权局公布的机器人账号，"
    "发送 /report 开始举报，按提示选择类别、描述经过、上传证据。",
    "The Lantian bot on Telegram: search Telegram for the bot account Shanghai's IP office "
    "publishes, send /report to start, then choose the category, describe what happened and "
    "upload your evidence as it asks.",
)
NO_CASES: Words = ("暂无已发布的案例。", "No case has been published yet.")
CASE_LINE: Words = ("{date} {link}（{categories}）", "{date} {link} ({categories})")
REGISTRY_AS_OF: Words = ("登记库数据截至 {as_of}。", "Registry data as of {as_of}.")
REGISTRY_AS_OF_FICTIONAL: Words = (
    "登记库数据截至 {as_of}；当前为示例数据（虚构）。",
    "Registry data as of {as_of}; this is sample (fictional) data.",
)

# --- violation categories (campaign/violations.md, cases/category/*.md) ----------------------

VIOLATIONS_TITLE: Words = ("违法违规行为类别", "Kinds of violation")
VIOLATIONS_INTRO: Words = (
    "举报、案件和统计使用同一套类别。每一类列出常见表现、对应的专项整治任务和主要法律依据；"
    "法律依据只列主要规定，具体以执法机关的认定为准。",
    "Reports, cases and statistics use the same categories. Each lists what it looks like, "
    "the campaign's tasks that target it and its main legal basis; only the main provisions "
    "are given, and what counts is the enforcement authority's finding.",
)
LOOKS_LIKE: Words = ("**常见表现：**{text}", "**What it looks like:** {text}")
TARGETED_BY: Words = ("**对应任务：**{tasks}", "**Campaign tasks:** {tasks}")
GENERAL_TASKS: Words = ("专项整治的一般要求", "the campaign's general requirements")
LEGAL_BASIS: Words = ("**主要法律依据：**", "**Main legal basis:**")
REPORT_THIS: Words = ("举报这类行为", "Report this")
RELATED_CASES: Words = ("相关典型案例", "Typical cases")
CATEGORY_CODE: Words = ("代码 {code}", "code {code}")
CATEGORY_MORE: Words = ("{example}（{link}）", "{example} ({link})")
CATEGORY_MORE_LINK: Words = (
    "这类行为的表现和法律依据",
    "what this looks like and its legal basis",
)

# --- statistics (stats.md) -------------------------------------------------------------------

STATS_TITLE: Words = ("统计", "Statistics")
STATS_INTRO: Words = (
    "图表下方或右侧的表格给出同样的数字。机构统计范围为登记在上海市的机构"
    "（{count} 家，含分支机构）。",
    "The table below or beside each chart gives the same numbers. Agency figures cover the "
    "agencies registered in Shanghai ({count}, branches included).",
)
# The sections of the page over the registry, by chart id: (heading, chart title).
STATS_SECTIONS: dict[str, tuple[Words, Words]] = {
    "levels": (
        ("核查结论", "Verdicts"),
        ("上海市代理机构的核查结论", "Verdicts on Shanghai's agencies"),
    ),
    "grades": (("信用等级", "Credit grades"), ("信用等级分布", "Credit grades")),
    "statuses": (("机构状态", "Agency status"), ("机构状态", "Agency status")),
    "districts": (
        ("各区机构数量", "Agencies by district"),
        ("各区机构数量", "Agencies by district"),
    ),
    "lists": (
        ("名单（当前在列）", "Lists (listed now)"),
        ("当前在列的机构", "Agencies listed now"),
    ),
    "sanctions": (
        ("行政处罚", "Administrative sanctions"),
        ("行政处罚按种类", "Sanctions by kind"),
    ),
}
SANCTIONS_BY_VIOLATION: Words = ("行政处罚按违法类别", "Sanctions by kind of violation")
SANCTIONS_BY_YEAR: Words = ("行政处罚按年份", "Sanctions by year")
REPORTS_HEADING: Words = ("举报投诉", "Reports and complaints")
REPORTS_NONE: Words = (
    "尚未收到举报投诉。收到后，这里按类别、所在区和办理结果统计。",
    "No report or complaint has been received yet. Once they come in, they are counted here "
    "by category, district and outcome.",
)
REPORTS_TOTAL: Words = (
    "共收到 {count} 件（举报人的身份信息不在统计中出现）。",
    "{count} reports and complaints received (nothing that identifies a reporter is in these "
    "figures).",
)
REPORTS_CHARTS: dict[str, Words] = {
    "reports-category": ("举报投诉按违法类别", "Reports by kind of violation"),
    "reports-district": ("举报投诉按所属区", "Reports by district"),
    "reports-state": ("举报投诉按办理状态", "Reports by state"),
    "reports-outcome": ("已办结的举报投诉按结果", "Closed reports by outcome"),
}

# --- the data page (data.md) -----------------------------------------------------------------

DATA_TITLE: Words = ("数据说明", "About the data")
FICTIONAL_TITLE: Words = ("示例数据", "Sample data")
FICTIONAL_WARNING: Words = (
    "当前登记库是**虚构的示例数据**，用于演示和测试：机构名称都带“示例”，"
    "代码、电话、地址均为编造，不指向任何真实机构，不能作为委托依据。",
    "The registry is now **fictional sample data**, for demonstration and testing: every "
    "agency name says it is a sample, and the codes, phone numbers and addresses are made "
    "up. They point to no real agency and are no basis for hiring one.",
)
DATA_ROWS: dict[str, Words] = {
    "source": ("数据来源", "Source"),
    "as_of": ("数据截至", "Data as of"),
    "judged_on": ("结论计算日期（网站构建日期）", "Verdicts computed on (the build date)"),
    "fictional": ("示例数据（虚构）", "Sample data (fictional)"),
    "agencies": ("代理机构（含分支机构）", "Agencies (branches included)"),
    "branches": ("其中分支机构", "of which branches"),
    "shanghai": ("其中登记在上海市", "of which registered in Shanghai"),
    "practitioners": ("专利代理师", "Patent attorneys"),
}
# The sections after the table, each a heading and its paragraphs (links are {placeholders}).
DATA_SOURCES: tuple[Words, Words] = (
    ("数据从哪里来", "Where the data comes from"),
    (
        "登记库由监管部门定期导入，内容包括：专利代理机构执业许可信息、商标代理机构备案信息、"
        "分支机构和专利代理师信息、信用等级、严重违法失信名单、经营异常名录、重点监控名单和行政处罚。"
        "每条名单和处罚都注明决定机关和文号。",
        "The regulator imports the registry regularly: patent agency licences, trademark agency "
        "filings, branches and patent attorneys, credit grades, the serious illegal and "
        "dishonest list, the abnormal operation list, the key monitoring list and "
        "administrative sanctions. Every listing and sanction names the authority that decided "
        "it and its decision number.",
    ),
)
VERDICTS_HEADING: Words = ("结论怎样得出", "How a verdict is reached")
VERDICTS_INTRO: Words = ("网站和机器人使用同一套规则：", "The site and the bot use the same rules:")
VERDICT_RULES: tuple[Words, ...] = (
    (
        "⛔ **危险**：执业许可被吊销、已注销、停止承接新业务期间、商标代理备案过期、"
        "列入严重违法失信名单、总机构处于上述状态，或名称、网址自称国家机关、官方。",
        "⛔ **Danger**: the licence is revoked, the agency is cancelled, suspended from new "
        "business, its trademark filing has expired, it is on the serious illegal and dishonest "
        "list, its head office is in one of these states, or its name or website poses as a "
        "state organ or as official.",
    ),
    (
        "⚠️ **注意**：信用等级 C、D，列入经营异常名录或重点监控名单，或近三年受过行政处罚。",
        "⚠️ **Caution**: credit grade C or D, on the abnormal operation or key monitoring list, "
        "or an administrative sanction in the past three years.",
    ),
    (
        "✅ **合规**：身份确定（代码、电话、网址或完整名称一致）且没有以上情形。",
        "✅ **Legitimate**: the identity is certain (the code, phone number, website or full name "
        "matches) and none of the above applies.",
    ),
    (
        "❓ **未能确认**：没有确定的登记记录。名称只是相近或部分一致时，只列为候选，结论不会是 ✅。",
        "❓ **Not confirmed**: no certain record. A name that is only similar or matches in "
        "part gives candidates, never a ✅.",
    ),
)
VERDICTS_NOTE: Words = (
    "已移出的名单和三年以前的处罚只作为参考信息，不影响结论。结论在网站构建当天计算；"
    "某一天到期的停止承接新业务，要到之后的构建才会反映。",
    "Listings already removed and sanctions older than three years are shown for reference "
    "and do not change the verdict. Verdicts are computed on the day the site is built; a "
    "suspension that ends on some day shows only in a later build.",
)
SCOPE_HEADING: Words = ("范围", "Scope")
SCOPE_TEXT: Words = (
    "{credit}、{districts}和{stats}只包括登记在上海市的机构；{search}覆盖登记库中的全部机构。"
    "机构查询不含专利代理师，代理师请用机器人按姓名或资格证书号核查。",
    "{credit}, {districts} and {stats} cover only the agencies registered in Shanghai; "
    "{search} covers every agency in the registry. It does not include patent attorneys: "
    "check an attorney in the bot by name or certificate number.",
)
SCOPE_LINKS: dict[str, Words] = {
    "credit": ("信用公示", "Credit notices"),
    "districts": ("各区名录", "Agencies by district"),
    "stats": ("统计", "Statistics"),
    "search": ("机构查询", "the directory search"),
}
WRONG_DATA_HEADING: Words = ("发现数据有误", "Found a mistake in the data?")
WRONG_DATA_TEXT: Words = (
    "请向机构登记所在区的知识产权局反映，或通过{report}提交，类别选“{category}”并说明哪一项有误。",
    "Tell the IP office of the district where the agency is registered, or use {report} with "
    "the category “{category}” and say which item is wrong.",
)
WRONG_DATA_LINK: Words = ("举报投诉渠道", "the reporting channel")

# --- the district directory (directory/districts.md, directory/<district>/) -----------------

NO_DISTRICT: Words = ("未注明区", "District not given")
NO_PROVINCE: Words = ("未注明", "Not given")
SEARCH_LINK: Words = ("机构查询", "the directory search")
DISTRICTS_TITLE: Words = ("各区名录", "Agencies by district")
DISTRICTS_INTRO: Words = (
    "按登记的所在区列出上海市的知识产权代理机构（含分支机构）。要查某一家机构，"
    "用{search}更快：名称、统一社会信用代码、机构代码、电话都可以查。",
    "Shanghai's IP agencies (branches included), by the district they are registered in. To "
    "find one agency, {search} is quicker: it takes a name, a unified social credit code, an "
    "agency code or a phone number.",
)
ELSEWHERE_HEADING: Words = ("外省市机构", "Agencies of other provinces")
ELSEWHERE_INTRO: Words = (
    "登记库也收录外省市机构，可用{search}查到，这里只列数量。",
    "The registry holds agencies of other provinces too; {search} finds them, and here they "
    "are only counted.",
)
DISTRICT_TITLE: Words = ("{district}：知识产权代理机构名录", "{district}: IP agencies")
DISTRICT_PAGE_TITLE: Words = ("{title}（第 {number} 页）", "{title} (page {number})")
DISTRICT_PAGE_LINE: Words = (
    "共 {total} 家，第 {number} / {pages} 页，按名称拼音排序。",
    "{total} agencies, page {number} of {pages}, in pinyin order of name.",
)
BACK_TO_DISTRICTS: Words = ("返回各区名录", "Back to all districts")
DIRECTORY_SEARCH: Words = ("机构查询", "Directory search")
PAGE_NUMBERS: Words = ("页码：{links}", "Pages: {links}")
BRANCH_KIND: Words = ("{kind}（分支机构）", "{kind} (branch)")
