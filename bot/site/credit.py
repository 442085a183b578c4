"""The credit pages: grades, the two public lists, and suspended, revoked and expired agencies.

Scope: agencies registered in Shanghai (the districts' remit); other provinces' agencies are in
the directory search. Every page says where the data stands (as-of) and when it was judged.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from bot.registry.reader import listed_practitioners
from bot.registry.records import GRADES
from bot.registry.subjects import Listing, Sanction
from bot.site import markdown as md
from bot.site.agencies import Entry
from bot.site.charts import bar_chart
from bot.site.context import SiteData
from bot.site.markdown import Link
from bot.words import verdict as messages

PUBLIC_LISTS = {
    "serious_dishonest": "serious-dishonest.md",
    "abnormal_operation": "abnormal-operation.md",
}
LIST_INTRO = {
    "serious_dishonest": (
        "列入严重违法失信名单的机构，在列期间核查结论为 ⛔ 危险。名单一般公示三年；满一年后可依法"
        "申请信用修复，提前移出。"
    ),
    "abnormal_operation": (
        "列入经营异常名录的常见原因：未按期公示年度报告、公示信息隐瞒真实情况或弄虚作假、通过登记的"
        "住所无法联系。在列期间核查结论为 ⚠️ 注意；改正后依法移出。"
    ),
}
# After each list heading: the rows stay out of the site search (Material reads this pragma).
# search_index.json is fetched by every page; thousands of names would make it many times
# heavier, and the directory search finds any agency better.
LISTED = " { data-search-exclude }"
RECENT_DAYS = 365  # removed entries shown for a year, so a repaired record is visible too


def build(site: SiteData) -> None:
    site.add("credit/index.md", index(site))
    site.add("credit/grades.md", grades(site))
    for code, path in PUBLIC_LISTS.items():
        site.add(f"credit/{path}", listing(site, code))
    site.add("credit/suspended.md", suspended(site))
    site.add("credit/revoked.md", revoked(site))
    site.add("credit/expired.md", expired(site))


def _header(site: SiteData, title: str, intro: str) -> str:
    note = md.as_of_note(site.data.as_of, site.now, site.data.fictional)
    scope = "本页列出登记在上海市的机构；外省市机构请用[机构目录](../directory/index.md)查询。"
    return f"# {title}\n\n{note}{intro}\n\n{scope}\n\n"


def in_force(entry: Listing, now: str) -> bool:
    return entry.listed_on <= now and not (entry.removed_on and entry.removed_on <= now)


def _source(authority: str | None, decision_no: str | None) -> str:
    return " ".join(part for part in (authority, decision_no) if part) or "—"


def _currently_suspended(agency: Entry, now: str) -> bool:
    until = agency.subject.suspended_until
    return agency.subject.status == "suspended" and (until is None or until >= now)


def _filing_expired(agency: Entry, now: str) -> bool:
    subject = agency.subject
    until = subject.trademark_filed_until
    return subject.status == "filing_expired" or (
        subject.agency_kind in ("trademark", "both") and until is not None and until < now
    )


def index(site: SiteData) -> str:
    now = site.now
    local = site.local
    counts = {
        code: sum(
            1 for a in local for e in a.subject.listings if e.list == code and in_force(e, now)
        )
        for code in PUBLIC_LISTS
    }
    rows: list[list[md.Cell]] = [
        [Link("严重违法失信名单", "serious-dishonest.md"), counts["serious_dishonest"], "⛔ 危险"],
        [Link("经营异常名录", "abnormal-operation.md"), counts["abnormal_operation"], "⚠️ 注意"],
        [
            Link("被责令停止承接新业务", "suspended.md"),
            sum(1 for a in local if _currently_suspended(a, now)),
            "⛔ 危险",
        ],
        [
            Link("专利代理执业许可被吊销", "revoked.md"),
            sum(1 for a in local if a.subject.status == "revoked"),
            "⛔ 危险",
        ],
        [
            Link("商标代理备案过期", "expired.md"),
            sum(1 for a in local if _filing_expired(a, now)),
            "⛔ 危险（兼营专利代理的为 ⚠️ 注意）",
        ],
        [
            Link("信用等级 C、D", "grades.md"),
            sum(1 for a in local if a.subject.credit_grade in ("C", "D")),
            "⚠️ 注意",
        ],
    ]
    intro = (
        "以下名单和信用等级由登记库在每次构建网站时生成，与机器人核查使用同一套规则"
        "（结论：✅ 合规、⚠️ 注意、⛔ 危险、❓ 未登记）。"
    )
    body = md.table(["公示内容", "当前数量（家）", "在列期间的核查结论"], rows)
    return _header(site, "信用公示", intro) + body


def grades(site: SiteData) -> str:
    local = site.local
    counted = Counter(a.subject.credit_grade or "未评价" for a in local)
    order = [*GRADES, "未评价"]
    chart = bar_chart(
        "grades", "上海市代理机构信用等级分布", [(g, counted.get(g, 0)) for g in order], unit="家"
    )
    intro = (
        "专利代理机构信用评价依据《专利代理信用评价管理办法（试行）》（2023年5月1日起施行）：基础分"
        "100 分，发生失信行为扣分；A 级 90–100 分，B 级 80 分以上不满 90 分，"
        "C 级 60 分以上不满 80 分，"
        "D 级不满 60 分；在 A 级基础上有加分的为 A+。非正常专利申请最多扣 40 分，被责令停止承接新"
        "业务扣 60 分，被吊销执业许可扣 100 分。上海的商标代理机构信用评价处于试点阶段"
        "（2025年4月至2026年3月），分级相同。信用等级为 C、D 的机构，核查结论为 ⚠️ 注意。"
    )
    parts = [_header(site, "信用等级", intro), "## 等级分布\n\n", chart, "\n\n"]
    for grade, heading in (("D", "D 级机构"), ("C", "C 级机构"), ("A+", "A+ 级机构")):
        chosen = sorted(
            (a for a in local if a.subject.credit_grade == grade),
            key=lambda a: (a.subject.credit_score or 0, a.subject.name),
        )
        parts.append(f"## {heading}（{len(chosen)} 家）{LISTED}\n\n")
        if not chosen:
            parts.append("暂无。\n\n")
            continue
        rows: list[list[md.Cell]] = [
            [
                a.subject.name,
                a.subject.id,
                a.subject.district,
                _score(a.subject.credit_score),
                a.credit_as_of,
                md.level(a),
            ]
            for a in chosen
        ]
        headers = ["名称", "统一社会信用代码", "所在区", "信用分", "评价日期", "核查结论"]
        parts.append(md.table(headers, rows) + "\n")
    return "".join(parts)


def _score(score: float | None) -> str | None:
    return None if score is None else f"{score:g}"


def listing(site: SiteData, code: str) -> str:
    now = site.now
    title = messages.LISTS[code][0]
    current: list[tuple[Entry, Listing]] = []
    removed: list[tuple[Entry, Listing]] = []
    recent = (site.today - timedelta(days=RECENT_DAYS)).isoformat()
    for agency in site.local:
        for entry in agency.subject.listings:
            if entry.list != code:
                continue
            if in_force(entry, now):
                current.append((agency, entry))
            elif entry.removed_on and recent <= entry.removed_on <= now:
                removed.append((agency, entry))
    current.sort(key=lambda pair: (pair[1].listed_on, pair[0].subject.name), reverse=True)
    parts = [
        _header(site, title, LIST_INTRO[code]),
        f"## 当前在列（{len(current)} 家）{LISTED}\n\n",
    ]
    if current:
        rows: list[list[md.Cell]] = [
            [
                a.subject.name,
                a.subject.id,
                a.subject.district,
                e.listed_on,
                e.reason,
                _source(e.authority, e.decision_no),
            ]
            for a, e in current
        ]
        headers = ["名称", "统一社会信用代码", "所在区", "列入日期", "列入原因", "决定机关及文号"]
        parts.append(md.table(headers, rows) + "\n")
    else:
        parts.append("暂无。\n\n")
    parts.append(_practitioners(site, code))
    parts.append(f"## 近一年移出（{len(removed)} 家）{LISTED}\n\n")
    if removed:
        removed.sort(
            key=lambda pair: (pair[1].removed_on or "", pair[0].subject.name), reverse=True
        )
        rows = [
            [a.subject.name, a.subject.id, e.listed_on, e.removed_on, e.reason] for a, e in removed
        ]
        parts.append(
            md.table(["名称", "统一社会信用代码", "列入日期", "移出日期", "列入原因"], rows)
        )
    else:
        parts.append("暂无。\n")
    return "".join(parts)


def _practitioners(site: SiteData, code: str) -> str:
    """Patent attorneys on the list, whose agency is in Shanghai or who have none on record."""
    rows = listed_practitioners(site.db, code, site.now)
    if not rows:
        return ""
    table = md.table(
        ["姓名", "资格证书号", "执业机构", "列入日期", "列入原因", "决定机关及文号"],
        [[n, c, a, d, r, _source(au, no)] for n, c, a, d, r, au, no in rows],
    )
    return f"## 专利代理师（{len(rows)} 人）{LISTED}\n\n{table}\n"


def _latest(sanctions: tuple[Sanction, ...], kind: str) -> Sanction | None:
    chosen = [s for s in sanctions if s.sanction == kind]
    return max(chosen, key=lambda s: s.decided_on) if chosen else None


def _because(sanction: Sanction | None) -> tuple[str | None, str]:
    if sanction is None:
        return None, "—"
    return sanction.summary, _source(sanction.authority, sanction.decision_no)


def suspended(site: SiteData) -> str:
    now = site.now
    chosen = sorted(
        (a for a in site.local if _currently_suspended(a, now)),
        key=lambda a: (a.subject.status_since or "", a.subject.name),
        reverse=True,
    )
    intro = (
        "被责令停止承接新的代理业务的机构，在期限内不得接受新的委托（已承接的业务依法处理）。"
        "期限内核查结论为 ⛔ 危险。依据《专利代理条例》，停止承接新业务的期限为 6 至 12 个月。"
    )
    parts = [
        _header(site, "停止承接新业务的机构", intro),
        f"## 期限内（{len(chosen)} 家）{LISTED}\n\n",
    ]
    if not chosen:
        return "".join(parts) + "暂无。\n"
    rows: list[list[md.Cell]] = []
    for a in chosen:
        summary, source = _because(_latest(a.subject.sanctions, "suspend_new_business"))
        rows.append(
            [
                a.subject.name,
                a.subject.id,
                a.subject.district,
                a.subject.status_since,
                a.subject.suspended_until or "未定",
                summary,
                source,
            ]
        )
    headers = [
        "名称",
        "统一社会信用代码",
        "所在区",
        "起始日期",
        "截止日期",
        "原因",
        "决定机关及文号",
    ]
    parts.append(md.table(headers, rows))
    return "".join(parts)


def revoked(site: SiteData) -> str:
    chosen = sorted(
        (a for a in site.local if a.subject.status == "revoked"),
        key=lambda a: (a.subject.status_since or "", a.subject.name),
        reverse=True,
    )
    intro = (
        "专利代理机构执业许可证被吊销后，不得再从事专利代理业务；其分支机构随之不得执业。"
        "核查结论为 ⛔ 危险。"
    )
    parts = [
        _header(site, "吊销执业许可的机构", intro),
        f"## 已吊销（{len(chosen)} 家）{LISTED}\n\n",
    ]
    if chosen:
        rows: list[list[md.Cell]] = []
        for a in chosen:
            summary, source = _because(_latest(a.subject.sanctions, "revoke_licence"))
            rows.append(
                [a.subject.name, a.subject.id, a.subject.district, a.subject.status_since, summary,
                 source]
            )  # fmt: skip
        headers = ["名称", "统一社会信用代码", "所在区", "吊销日期", "原因", "决定机关及文号"]
        parts.append(md.table(headers, rows) + "\n")
    else:
        parts.append("暂无。\n\n")
    branches = sorted(
        (
            a
            for a in site.local
            if a.subject.parent is not None and a.subject.parent.status == "revoked"
        ),
        key=lambda a: a.subject.name,
    )
    if branches:
        parts.append(f"## 总机构已被吊销的分支机构（{len(branches)} 家）{LISTED}\n\n")
        rows = [
            [a.subject.name, a.subject.id, a.subject.district, a.subject.parent.name, md.level(a)]
            for a in branches
            if a.subject.parent is not None
        ]
        parts.append(md.table(["名称", "统一社会信用代码", "所在区", "总机构", "核查结论"], rows))
    return "".join(parts)


def expired(site: SiteData) -> str:
    now = site.now
    chosen = sorted(
        (a for a in site.local if _filing_expired(a, now)),
        key=lambda a: (a.subject.trademark_filed_until or "", a.subject.name),
        reverse=True,
    )
    intro = (
        "商标代理机构应当备案；备案过期后不得承接新的商标代理业务，核查结论为 ⛔ 危险。"
        "同时持有专利代理执业许可的机构，专利代理业务不受影响，结论为 ⚠️ 注意。"
    )
    parts = [
        _header(site, "商标代理备案过期的机构", intro),
        f"## 已过期（{len(chosen)} 家）{LISTED}\n\n",
    ]
    if not chosen:
        return "".join(parts) + "暂无。\n"
    rows: list[list[md.Cell]] = [
        [
            a.subject.name,
            a.subject.id,
            a.subject.district,
            md.kind(a.subject.agency_kind),
            a.subject.trademark_filed_until or a.subject.status_since,
            md.level(a),
        ]
        for a in chosen
    ]
    headers = ["名称", "统一社会信用代码", "所在区", "类型", "备案有效期至", "核查结论"]
    parts.append(md.table(headers, rows))
    return "".join(parts)
