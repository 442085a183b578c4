"""Generated pages that are not lists: violations, statistics, the data page, home fill-ins."""

from __future__ import annotations

import posixpath
from collections import Counter
from datetime import date
from pathlib import Path

from bot.desk.stats import NOT_ACCEPTED, queue_stats
from bot.desk.vocabulary import OUTCOMES, STATES, term
from bot.districts import DISTRICTS, canonical_district
from bot.registry.records import GRADES, SANCTIONS
from bot.reports import categories
from bot.reports.categories import CATEGORIES
from bot.site import markdown as md
from bot.site.cases import Post
from bot.site.charts import bar_chart
from bot.site.context import SiteData
from bot.site.credit import in_force
from bot.site.districts import NO_DISTRICT
from bot.site.legal import BASIS, TASKS
from bot.words import verdict as messages

MARKERS = ("<!-- lantian:report -->", "<!-- lantian:cases -->", "<!-- lantian:as-of -->")
LATEST_CASES = 3
QUEUE_START = date(2000, 1, 1)  # every ticket: the queue began with the campaign


def report_link(bot_username: str | None) -> str:
    """How to reach the bot: a deep link that opens a report, or words saying how to find it."""
    if bot_username:
        return (
            f"[在 Telegram 打开“蓝天”机器人举报](https://t.me/{bot_username}?start=report)"
            f"（@{md.text(bot_username)}），按提示选择类别、描述经过、上传证据。"
        )
    # Without a bot account the visitor is told where to find one, never about configuration.
    return (
        "Telegram 上的“蓝天”机器人：在 Telegram 中搜索本市知识产权局公布的机器人账号，"
        "发送 /report 开始举报，按提示选择类别、描述经过、上传证据。"
    )


def latest_cases(posts: list[Post], page: str) -> str:
    """The newest published cases, linked relative to `page` so mkdocs checks the links."""
    if not posts:
        return "暂无已发布的案例。"
    lines = []
    for post in posts[:LATEST_CASES]:
        target = posixpath.relpath(post.path, posixpath.dirname(page) or ".")
        labels = "、".join(_label(c) for c in post.categories)
        lines.append(f"- {post.date.isoformat()} [{md.text(post.title)}]({target})（{labels}）")
    return "\n".join(lines)


def _label(code: str) -> str:
    return categories.label(code, "zh") if categories.is_known(code) else code


def fill_markers(docs: Path, site: SiteData, published: list[Post]) -> int:
    """Replace the markers in the build's copy of content/; returns how many files changed."""
    as_of = (
        f"*登记库数据截至 {md.text(site.data.as_of)}"
        + ("；当前为示例数据（虚构）" if site.data.fictional else "")
        + "。*"
    )
    changed = 0
    for path in docs.rglob("*.md"):
        source = path.read_text(encoding="utf-8")
        if not any(marker in source for marker in MARKERS):
            continue
        page = path.relative_to(docs).as_posix()
        filled = (
            source.replace(MARKERS[0], report_link(site.bot_username))
            .replace(MARKERS[1], latest_cases(published, page))
            .replace(MARKERS[2], as_of)
        )
        path.write_text(filled, encoding="utf-8")
        changed += 1
    return changed


def violations(published: list[Post]) -> str:
    """Every violation category with what it looks like and its legal basis."""
    with_cases = {code for post in published for code in post.categories}
    parts = [
        "# 违法违规行为类别\n\n",
        "举报、案件和统计使用同一套类别。每一类列出常见表现、对应的专项整治任务和主要法律依据；",
        "法律依据只列主要规定，具体以执法机关的认定为准。\n\n",
        md.table(
            ["类别", "代码"],
            [[md.Link(c.zh, f"#{c.code}"), c.code] for c in CATEGORIES],
        ),
        "\n",
    ]
    for category in CATEGORIES:
        basis = BASIS[category.code]
        tasks = "；".join(f"[{TASKS[t]}](tasks.md#task-{t})" for t in basis.tasks)
        parts.append(f"## {md.text(category.zh)} {{#{category.code}}}\n\n")
        parts.append(f"**常见表现：**{md.text(category.example_zh)}\n\n")
        parts.append(f"**对应任务：**{tasks or '专项整治的一般要求'}\n\n")
        parts.append("**主要法律依据：**\n\n")
        parts.extend(f"- {md.text(line)}\n" for line in basis.basis)
        links = ["[举报这类行为](../guide/report.md)"]
        if category.code in with_cases:
            links.append(f"[相关典型案例](../cases/category/{category.code}.md)")
        parts.append(f"\n{' · '.join(links)} · 代码 `{category.code}` · *{category.en}*\n\n")
    return "".join(parts)


def stats(site: SiteData) -> str:
    """Charts with their numbers: the registry (Shanghai), sanctions, and the reports queue."""
    local = site.local
    note = md.as_of_note(site.data.as_of, site.now, site.data.fictional)
    levels = Counter(a.level for a in local)
    grades = Counter(a.subject.credit_grade or "未评价" for a in local)
    statuses = Counter(a.subject.status for a in local)
    districts = Counter(canonical_district(a.subject.district) or NO_DISTRICT for a in local)
    district_order = [d for d in (*DISTRICTS, NO_DISTRICT) if d in districts]
    lists = Counter(
        entry.list for a in local for entry in a.subject.listings if in_force(entry, site.now)
    )
    sanctions = [s for a in local for s in a.subject.sanctions if s.decided_on <= site.now]
    by_kind = Counter(s.sanction for s in sanctions)
    by_violation = Counter(s.violation or "other" for s in sanctions)
    by_year = Counter(s.decided_on[:4] for s in sanctions)
    parts = [
        "# 统计\n\n",
        note,
        "图表下方或右侧的表格给出同样的数字。机构统计范围为登记在上海市的机构"
        f"（{len(local)} 家，含分支机构）。\n\n",
        "## 核查结论\n\n",
        bar_chart(
            "levels",
            "上海市代理机构的核查结论",
            [(messages.level_word(k, "zh"), levels.get(k, 0)) for k in ("ok", "caution", "danger")],
            unit="家",
        ),
        "\n\n## 信用等级\n\n",
        bar_chart(
            "grades",
            "信用等级分布",
            [(g, grades.get(g, 0)) for g in (*GRADES, "未评价")],
            unit="家",
        ),
        "\n\n## 机构状态\n\n",
        bar_chart(
            "statuses",
            "机构状态",
            [(md.status(s), n) for s, n in statuses.most_common()],
            unit="家",
        ),
        "\n\n## 各区机构数量\n\n",
        bar_chart(
            "districts", "各区机构数量", [(d, districts[d]) for d in district_order], unit="家"
        ),
        "\n\n## 名单（当前在列）\n\n",
        bar_chart(
            "lists",
            "当前在列的机构",
            [(messages.LISTS[k][0], lists.get(k, 0)) for k in messages.LISTS],
            unit="家",
        ),
        "\n\n## 行政处罚\n\n",
        bar_chart(
            "sanctions",
            "行政处罚按种类",
            [(messages.SANCTIONS[k][0], by_kind.get(k, 0)) for k in SANCTIONS],
            unit="项",
        ),
        "\n\n",
        bar_chart(
            "violations",
            "行政处罚按违法类别",
            [(c.zh, by_violation[c.code]) for c in CATEGORIES if by_violation.get(c.code)],
            unit="项",
        ),
        "\n\n",
        bar_chart("years", "行政处罚按年份", [(y, by_year[y]) for y in sorted(by_year)], unit="项"),
        "\n\n## 举报投诉\n\n",
        _reports(site),
    ]
    return "".join(parts)


def _reports(site: SiteData) -> str:
    """The queue's figures, from the same code as the campaign reports (bot.desk.stats)."""
    stats = queue_stats(site.db, since=QUEUE_START, until=site.today)
    if not stats.total:
        return "尚未收到举报投诉。收到后，这里按类别、所在区和办理结果统计。\n"
    results = {**OUTCOMES, NOT_ACCEPTED: STATES["not_accepted"]}
    return "".join(
        [
            f"共收到 {stats.total} 件（举报人的身份信息不在统计中出现）。\n\n",
            bar_chart(
                "reports-category",
                "举报投诉按违法类别",
                [(categories.label(c, "zh"), n) for c, n in stats.by_category.items()],
                unit="件",
            ),
            "\n\n",
            bar_chart(
                "reports-district",
                "举报投诉按所属区",
                list(stats.by_district.items()),
                unit="件",
            ),
            "\n\n",
            bar_chart(
                "reports-state",
                "举报投诉按办理状态",
                [(term(STATES, s, "zh"), n) for s, n in stats.by_state.items()],
                unit="件",
            ),
            "\n\n",
            bar_chart(
                "reports-outcome",
                "已办结的举报投诉按结果",
                [(term(results, o, "zh"), n) for o, n in stats.by_outcome.items()],
                unit="件",
            ),
            "\n",
        ]
    )


def data_page(site: SiteData) -> str:
    """Sources, as-of, the demo flag, what the fields mean and how the verdicts are reached."""
    data = site.data
    counts = site.stats
    fictional = (
        '!!! warning "示例数据"\n\n    '
        "当前登记库是**虚构的示例数据**，用于演示和测试：机构名称都带“示例”，"
        "代码、电话、地址均为编造，不指向任何真实机构，不能作为委托依据。\n\n"
        if data.fictional
        else ""
    )
    rows: list[list[md.Cell]] = [
        ["数据来源", data.source],
        ["数据截至", data.as_of],
        ["结论计算日期（网站构建日期）", site.now],
        ["示例数据（虚构）", "是" if data.fictional else "否"],
        ["代理机构（含分支机构）", counts["agencies"]],
        ["其中分支机构", counts["branches"]],
        ["其中登记在上海市", len(site.local)],
        ["专利代理师", counts["practitioners"]],
    ]
    return "".join(
        [
            "# 数据说明\n\n",
            fictional,
            md.table(["项目", "内容"], rows),
            "\n## 数据从哪里来\n\n",
            "登记库由监管部门定期导入，内容包括：专利代理机构执业许可信息、商标代理机构备案信息、"
            "分支机构和专利代理师信息、信用等级、严重违法失信名单、经营异常名录、重点监控名单和行政处罚。"
            "每条名单和处罚都注明决定机关和文号。\n\n",
            "## 结论怎样得出\n\n",
            "网站和机器人使用同一套规则：\n\n",
            "- ⛔ **危险**：执业许可被吊销、已注销、停止承接新业务期间、商标代理备案过期、"
            "列入严重违法失信名单、"
            "总机构处于上述状态，或名称、网址自称国家机关、官方。\n",
            "- ⚠️ **注意**：信用等级 C、D，列入经营异常名录或重点监控名单，或近三年受过行政处罚。\n",
            "- ✅ **合规**：身份确定（代码、电话、网址或完整名称一致）且没有以上情形。\n",
            "- ❓ **未登记**：没有确定的登记记录。名称只是相近或部分一致时，只列为候选，"
            "结论不会是 ✅。\n\n",
            "已移出的名单和三年以前的处罚只作为参考信息，不影响结论。结论在网站构建当天计算；"
            "某一天到期的停止承接新业务，要到之后的构建才会反映。\n\n",
            "## 范围\n\n",
            "[信用公示](credit/index.md)、[各区名录](directory/districts.md)和[统计](stats.md)"
            "只包括登记在上海市的机构；[机构查询](directory/index.md)覆盖登记库中的全部机构。"
            "机构查询不含专利代理师，代理师请用机器人按姓名或资格证书号核查。\n\n",
            "## 发现数据有误\n\n",
            "请向机构登记所在区的知识产权局反映，或通过[举报投诉渠道](guide/report.md)提交，"
            "类别选“其他违法违规行为”并说明哪一项有误。\n",
        ]
    )
