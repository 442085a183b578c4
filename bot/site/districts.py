"""The per-district directory: one list per Shanghai district, paged, never a page per agency."""

from __future__ import annotations

from collections import Counter, defaultdict

from pypinyin import lazy_pinyin

from bot.districts import DISTRICTS, canonical_district, district_slug
from bot.normalize import name_key
from bot.site import markdown as md
from bot.site.agencies import Entry
from bot.site.context import SiteData
from bot.site.language import SITE_LANG, site_say
from bot.site.markdown import Link
from bot.words import site as common
from bot.words import site_pages as words
from bot.words import verdict as messages

PAGE_SIZE = 200  # rows per page: a long district stays light on a phone
# Agencies whose district is missing or is not a Shanghai district (bot.districts): one group,
# under the slug district_slug gives any such value, so no page name comes from the data.
NO_DISTRICT = site_say(words.NO_DISTRICT)


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
    search = Link(site_say(words.SEARCH_LINK), "index.md").markdown()
    headers = [
        site_say(common.COLUMNS["district"]),
        site_say(common.COLUMNS["agencies"]),
        *(messages.level_word(level, SITE_LANG) for level in ("ok", "caution", "danger")),
    ]
    parts = [
        md.front_matter(search={"exclude": True}),
        f"# {site_say(words.DISTRICTS_TITLE)}\n\n",
        note,
        f"{site_say(words.DISTRICTS_INTRO, search=search)}\n\n",
        md.cards(headers, rows),
        "\n",
    ]
    elsewhere = site.elsewhere
    if elsewhere:
        parts.append(f"## {site_say(words.ELSEWHERE_HEADING)}\n\n")
        parts.append(f"{site_say(words.ELSEWHERE_INTRO, search=search)}\n\n")
        rows = [[province, n] for province, n in elsewhere.most_common()]
        columns = [site_say(common.COLUMNS["province"]), site_say(common.COLUMNS["agencies"])]
        parts.append(md.table(columns, rows))
    return "".join(parts)


def page(
    site: SiteData, district: str, agencies: list[Entry], number: int, pages: int, total: int
) -> str:
    up = "../districts.md"
    title = site_say(words.DISTRICT_TITLE, district=district)
    # Left out of the site search: the directory search finds agencies, and 8,000 rows of
    # names would make search_index.json (loaded by every page) many times heavier.
    page_title = site_say(words.DISTRICT_PAGE_TITLE, title=title, number=number)
    head = md.front_matter(title=page_title, search={"exclude": True})
    where = site_say(words.DISTRICT_PAGE_LINE, total=total, number=number, pages=pages)
    back = Link(site_say(words.BACK_TO_DISTRICTS), up).markdown()
    search = Link(site_say(words.DIRECTORY_SEARCH), "../index.md").markdown()
    parts = [
        head,
        f"# {md.text(title)}\n\n",
        md.as_of_note(site.data.as_of, site.now, site.data.fictional),
        f"{where}{back} · {search}\n\n",
    ]
    rows: list[list[md.Cell]] = [
        [
            a.subject.name,
            a.subject.id,
            _kind(a),
            md.status(a.subject.status),
            a.subject.credit_grade,
            md.phones(a),
            md.level(a),
        ]
        for a in agencies
    ]
    keys = ("name", "uscc", "kind", "status", "grade", "phones", "level")
    parts.append(md.cards([site_say(common.COLUMNS[key]) for key in keys], rows))
    if pages > 1:
        links = [
            f"**{n}**" if n == number else f"[{n}]({'index' if n == 1 else n}.md)"
            for n in range(1, pages + 1)
        ]
        parts.append(f"\n{site_say(words.PAGE_NUMBERS, links=' · '.join(links))}\n")
    return "".join(parts)


def _kind(agency: Entry) -> str:
    kind = md.kind(agency.subject.agency_kind)
    return site_say(words.BRANCH_KIND, kind=kind) if agency.subject.parent else kind
