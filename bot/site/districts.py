"""The per-district directory: one list per Shanghai district, paged, never a page per agency."""

from __future__ import annotations

from collections import Counter, defaultdict

from pypinyin import lazy_pinyin

from bot.districts import DISTRICTS, canonical_district, district_slug
from bot.normalize import name_key
from bot.site import markdown as md
from bot.site.agencies import Entry, in_shanghai
from bot.site.context import SiteData
from bot.site.markdown import Link

PAGE_SIZE = 200  # rows per page: a long district stays light on a phone
# Agencies whose district is missing or is not a Shanghai district (bot.districts): one group,
# under the slug district_slug gives any such value, so no page name comes from the data.
NO_DISTRICT = "未注明区"


def slug(district: str) -> str:
    """The district's URL name: bot.districts' `[a-z]+`, `other` for anything else."""
    return district_slug(district)


def build(site: SiteData) -> None:
    groups: dict[str, list[Entry]] = defaultdict(list)
    for agency in site.local:
        groups[canonical_district(agency.subject.district) or NO_DISTRICT].append(agency)
    order = [d for d in (*DISTRICTS, NO_DISTRICT) if d in groups]
    site.add("directory/districts.md", index(site, order, groups))
    for district in order:
        agencies = sorted(groups[district], key=_sort_key)
        pages = [agencies[i : i + PAGE_SIZE] for i in range(0, len(agencies), PAGE_SIZE)]
        for number, chunk in enumerate(pages, 1):
            path = f"directory/{slug(district)}/{'index' if number == 1 else number}.md"
            site.add(path, page(site, district, chunk, number, len(pages), len(agencies)))


def _sort_key(agency: Entry) -> tuple[str, str]:
    """Pinyin order of the name without the Shanghai prefix, as a person scans a list."""
    return "".join(lazy_pinyin(name_key(agency.subject.name))), agency.subject.id


def index(site: SiteData, order: list[str], groups: dict[str, list[Entry]]) -> str:
    rows: list[list[md.Cell]] = []
    for district in order:
        agencies = groups[district]
        levels = Counter(a.level for a in agencies)
        rows.append(
            [
                Link(district, f"{slug(district)}/index.md"),
                len(agencies),
                levels.get("ok", 0),
                levels.get("caution", 0),
                levels.get("danger", 0),
            ]
        )
    note = md.as_of_note(site.data.as_of, site.now, site.data.fictional)
    parts = [
        md.front_matter(search={"exclude": True}),
        "# 各区名录\n\n",
        note,
        "按登记的所在区列出上海市的知识产权代理机构（含分支机构）。要查某一家机构，"
        "用[机构查询](index.md)更快：名称、统一社会信用代码、机构代码、电话都可以查。\n\n",
        md.table(["所在区", "机构（家）", "✅ 合规", "⚠️ 注意", "⛔ 危险"], rows),
        "\n",
    ]
    elsewhere = Counter(
        a.subject.province or "未注明" for a in site.agencies if not in_shanghai(a.subject)
    )
    if elsewhere:
        parts.append(
            "## 外省市机构\n\n"
            "登记库也收录外省市机构，可用[机构查询](index.md)查到，这里只列数量。\n\n"
        )
        rows = [[province, n] for province, n in elsewhere.most_common()]
        parts.append(md.table(["省份", "机构（家）"], rows))
    return "".join(parts)


def page(
    site: SiteData, district: str, agencies: list[Entry], number: int, pages: int, total: int
) -> str:
    up = "../districts.md"
    title = f"{district}：知识产权代理机构名录"
    # Left out of the site search: the directory search finds agencies, and 8,000 rows of
    # names would make search_index.json (loaded by every page) many times heavier.
    head = md.front_matter(title=f"{title}（第 {number} 页）", search={"exclude": True})
    parts = [
        head,
        f"# {md.text(title)}\n\n",
        md.as_of_note(site.data.as_of, site.now, site.data.fictional),
        f"共 {total} 家，第 {number} / {pages} 页，按名称拼音排序。"
        f"[返回各区名录]({up}) · [机构查询](../index.md)\n\n",
    ]
    rows: list[list[md.Cell]] = [
        [
            a.subject.name,
            a.subject.id,
            md.kind(a.subject.agency_kind) + ("（分支机构）" if a.subject.parent else ""),
            md.status(a.subject.status),
            a.subject.credit_grade,
            md.phones(a),
            md.level(a),
        ]
        for a in agencies
    ]
    headers = ["名称", "统一社会信用代码", "类型", "状态", "信用等级", "登记电话", "核查结论"]
    parts.append(md.table(headers, rows))
    if pages > 1:
        links = [
            f"**{n}**" if n == number else f"[{n}]({'index' if n == 1 else n}.md)"
            for n in range(1, pages + 1)
        ]
        parts.append(f"\n页码：{' · '.join(links)}\n")
    return "".join(parts)
