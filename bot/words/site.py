"""The site's shared words: table columns, the as-of note, charts, the theme, and what
`lantian site build` and `lantian site serve` tell a person. Page words are in site_credit.py and
site_pages.py, the campaign's legal basis in site_legal.py. The site says them in one language,
bot/site/language.py's SITE_LANG."""

from __future__ import annotations

from bot.words import Words

# --- small pieces ----------------------------------------------------------------------------

LIST_SEPARATOR: Words = ("、", ", ")  # between items of a list in running text
PART_SEPARATOR: Words = ("；", "; ")  # between clauses, or phone numbers in one cell
# A table cell read as a card on a phone: its column's name before the value (lantian.css).
CELL_LABEL: Words = ("{column}：", "{column}: ")
NONE_YET: Words = ("暂无。", "None.")
UNGRADED: Words = ("未评价", "not graded")
YES: Words = ("是", "yes")
NO: Words = ("否", "no")
UNIT_AGENCIES: Words = ("家", "agencies")
UNIT_DECISIONS: Words = ("项", "decisions")
UNIT_REPORTS: Words = ("件", "reports")

# Column headings of the generated tables, by what the column holds.
COLUMNS: dict[str, Words] = {
    "name": ("名称", "Name"),
    "uscc": ("统一社会信用代码", "Unified social credit code"),
    "district": ("所在区", "District"),
    "province": ("省份", "Province"),
    "kind": ("类型", "Type"),
    "status": ("状态", "Status"),
    "grade": ("信用等级", "Credit grade"),
    "score": ("信用分", "Credit score"),
    "graded_on": ("评价日期", "Graded on"),
    "phones": ("登记电话", "Registered phone"),
    "level": ("核查结论", "Verdict"),
    "listed_on": ("列入日期", "Listed on"),
    "removed_on": ("移出日期", "Removed on"),
    "listed_for": ("列入原因", "Reason for listing"),
    "cause": ("原因", "Reason"),
    "source": ("决定机关及文号", "Decided by, decision no."),
    "since": ("起始日期", "From"),
    "until": ("截止日期", "Until"),
    "revoked_on": ("吊销日期", "Revoked on"),
    "head_office": ("总机构", "Head office"),
    "filed_until": ("备案有效期至", "Filing valid until"),
    "person": ("姓名", "Name"),
    "cert_no": ("资格证书号", "Certificate no."),
    "employer": ("执业机构", "Agency"),
    "agencies": ("机构（家）", "Agencies"),
    "published": ("公示内容", "Published list"),
    "count_now": ("当前数量（家）", "Agencies now"),
    "level_while": ("在列期间的核查结论", "Verdict while listed"),
    "category": ("类别", "Category"),
    "code": ("代码", "Code"),
    "item": ("项目", "Item"),
    "value": ("内容", "Value"),
}

# --- the note on every generated page --------------------------------------------------------

AS_OF_TITLE: Words = ("数据说明", "About the data")
AS_OF_NOTE: Words = (
    "数据截至 **{as_of}**，结论按 {today} 计算。",
    "Data as of **{as_of}**; verdicts computed on {today}.",
)
AS_OF_NOTE_FICTIONAL: Words = (
    "数据截至 **{as_of}**，结论按 {today} 计算。本站当前使用**示例数据（虚构）**，"
    "名称、代码、电话均为演示用途，不指向真实机构。",
    "Data as of **{as_of}**; verdicts computed on {today}. This site now uses **sample "
    "(fictional) data**: names, codes and phone numbers are made up and point to no real agency.",
)

# --- bar charts (bot/site/charts.py) ---------------------------------------------------------

CHART_EMPTY: Words = ("{title}：暂无数据。", "{title}: no data yet.")
CHART_NO_DATA: Words = ("暂无数据。", "No data yet.")
CHART_SUMMARY: Words = (
    "共 {total} {unit}；最多的是：{items}。",
    "{total} {unit} in all; the largest: {items}.",
)
CHART_ITEM: Words = ("{label} {value} {unit}（{share}）", "{label} {value} {unit} ({share})")
CHART_ITEM_SEPARATOR: Words = ("，", ", ")
CHART_CAPTION: Words = ("{title}（单位：{unit}）", "{title} (unit: {unit})")
CHART_ITEM_COLUMN: Words = ("项目", "Item")
CHART_COUNT_COLUMN: Words = ("数量", "Count")
CHART_SHARE_COLUMN: Words = ("占比", "Share")
CHART_TOTAL: Words = ("合计", "Total")

# --- the theme (site/overrides/main.html, through site/hooks/lantian.py) ---------------------

THEME: dict[str, Words] = {
    "banner_label": ("示例数据（虚构）", "Sample data (fictional)"),
    "banner_colon": ("：", ": "),
    "banner": (
        "本站目前使用演示登记库，机构名称、代码、电话均为虚构，不指向任何真实机构。",
        "this site uses a demonstration registry: agency names, codes and phone numbers are "
        "made up and point to no real agency.",
    ),
    "site_search": ("站内搜索", "Site search"),
    "case_panel": ("案例信息", "About this case"),
    "read_on": ("继续阅读：{title}", "Read on: {title}"),
}

# The directory search's own words (site/assets/directory.js); a verdict's come from verdict.py.
DIRECTORY_PAGE: dict[str, Words] = {
    "loading": ("正在查询……", "Searching…"),
    "failed": (
        "查询失败：无法读取目录数据。请稍后再试，或使用机器人核查。",
        "The search failed: the directory data could not be read. Try again later, or check "
        "in the bot.",
    ),
    "empty": (
        "请输入机构名称、统一社会信用代码、机构代码、电话或网址。",
        "Enter an agency's name, unified social credit code, agency code, phone number or "
        "web address.",
    ),
    "check_in_bot": ("在机器人中查看详情", "See the details in the bot"),
    "computed_on": ("结论按 {today} 计算", "verdicts computed on {today}"),
}

# --- `lantian site build` and `lantian site serve` -------------------------------------------

BUILT: Words = ("网站已生成：{out}", "Site built: {out}")
BUILT_PAGES: Words = (
    "{html} 个页面（{generated} 个由登记库生成）· 案例 {published} 篇已发布，{held} 篇未发布",
    "{html} pages ({generated} generated from the registry) · cases: {published} published, "
    "{held} held back",
)
BUILT_DIRECTORY: Words = (
    "机构查询：{agencies} 家机构，{practitioners} 名代理师，{files} 个文件，"
    "{mb} MB（gzip {gzip_mb} MB），最大 {largest_kb} KB",
    "Directory search: {agencies} agencies, {practitioners} practitioners, {files} files, "
    "{mb} MB (gzip {gzip_mb} MB), largest {largest_kb} KB",
)
BUILT_AS_OF: Words = (
    "数据截至 {as_of}，结论按 {today} 计算",
    "Data as of {as_of}, judged on {today}",
)
BUILT_AS_OF_FICTIONAL: Words = (
    "数据截至 {as_of}，结论按 {today} 计算，示例数据（虚构）",
    "Data as of {as_of}, judged on {today}, fictional sample data",
)
BUILT_TIME: Words = ("用时：{steps}", "Time: {steps}")

BOT_NAME_INVALID: Words = (
    "机器人用户名 {name} 不是 Telegram 用户名（5-32 个字母、数字、_）：请检查 LANTIAN_BOT_USERNAME。",
    "The bot name {name} is not a Telegram username (5-32 letters, digits or _): check "
    "LANTIAN_BOT_USERNAME.",
)
OUT_DIR_IS_SOURCE: Words = (
    "不能输出到 {out}：它是项目的源文件夹。请用 --out build/site 之类的文件夹。",
    "Refusing to build into {out}: it holds the project's sources. Use a folder such as "
    "--out build/site.",
)
OUT_DIR_NOT_EMPTY: Words = (
    "{out} 不是空文件夹，也不是以前生成的网站；构建会清空它，为避免误删已停止。"
    "请换一个文件夹或先清空它。",
    "{out} is not empty and is not a previous build; the build would wipe it. Choose another "
    "folder or empty it first.",
)
PAGE_CLASHES: Words = (
    "content/{page} 与生成的页面同名：该页面由登记库生成，请删除 content/ 中的文件。",
    "content/{page} clashes with a generated page: remove it from content/.",
)
PAGE_LEAVES_DOCS: Words = (
    "生成的页面 {page} 会写到文档文件夹之外，已停止。",
    "The generated page {page} would leave the docs folder; stopped.",
)
MKDOCS_FAILED: Words = ("mkdocs --strict 构建失败：", "The strict mkdocs build failed:")
PORT_BUSY: Words = (
    "无法在 {host}:{port} 提供网站：{reason}。请设置 LANTIAN_SITE_PORT 为另一个端口"
    "（0 表示任选空闲端口）。",
    "Cannot serve the site on {host}:{port} ({reason}): set LANTIAN_SITE_PORT to another "
    "port (0 picks a free one).",
)
