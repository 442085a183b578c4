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
from bot.site.language import SITE_LANG, site_say
from bot.site.legal import BASIS, TASKS
from bot.words import site as common
from bot.words import site_pages as words
from bot.words import verdict as messages

MARKERS = ("<!-- lantian:report -->", "<!-- lantian:cases -->", "<!-- lantian:as-of -->")
LATEST_CASES = 3
QUEUE_START = date(2000, 1, 1)  # every ticket: the queue began with the campaign


def report_link(bot_username: str | None) -> str:
    """How to reach the bot: a deep link that opens a report, or words saying how to find it."""
    if bot_username:
        link = md.Link(site_say(words.REPORT_LINK), f"https://t.me/{bot_username}?start=report")
        return site_say(words.REPORT_WITH_BOT, link=link.markdown(), bot=md.text(bot_username))
    return site_say(words.REPORT_WITHOUT_BOT)


def latest_cases(posts: list[Post], page: str) -> str:
    """The newest published cases, linked relative to `page` so mkdocs checks the links."""
    if not posts:
        return site_say(words.NO_CASES)
    lines = []
    for post in posts[:LATEST_CASES]:
        target = posixpath.relpath(post.path, posixpath.dirname(page) or ".")
        labels = site_say(common.LIST_SEPARATOR).join(_label(c) for c in post.categories)
        link = f"[{md.text(post.title)}]({target})"
        line = site_say(words.CASE_LINE, date=post.date.isoformat(), link=link, categories=labels)
        lines.append(f"- {line}")
    return "\n".join(lines)


def _label(code: str) -> str:
    return categories.label(code, SITE_LANG) if categories.is_known(code) else code


def fill_markers(docs: Path, site: SiteData, published: list[Post]) -> int:
    """Replace the markers in the build's copy of content/; returns how many files changed."""
    registry = words.REGISTRY_AS_OF_FICTIONAL if site.data.fictional else words.REGISTRY_AS_OF
    as_of = f"*{site_say(registry, as_of=md.text(site.data.as_of))}*"
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
        f"# {site_say(words.VIOLATIONS_TITLE)}\n\n",
        f"{site_say(words.VIOLATIONS_INTRO)}\n\n",
        md.table(
            [site_say(common.COLUMNS["category"]), site_say(common.COLUMNS["code"])],
            [[md.Link(c.label(SITE_LANG), f"#{c.code}"), c.code] for c in CATEGORIES],
        ),
        "\n",
    ]
    for category in CATEGORIES:
        basis = BASIS[category.code]
        tasks = site_say(common.PART_SEPARATOR).join(
            md.Link(TASKS[t], f"tasks.md#task-{t}").markdown() for t in basis.tasks
        )
        example = md.text(category.example(SITE_LANG))
        parts.append(f"## {md.text(category.label(SITE_LANG))} {{#{category.code}}}\n\n")
        parts.append(f"{site_say(words.LOOKS_LIKE, text=example)}\n\n")
        general = site_say(words.GENERAL_TASKS)
        parts.append(f"{site_say(words.TARGETED_BY, tasks=tasks or general)}\n\n")
        parts.append(f"{site_say(words.LEGAL_BASIS)}\n\n")
        parts.extend(f"- {md.text(line)}\n" for line in basis.basis)
        links = [md.Link(site_say(words.REPORT_THIS), "../guide/report.md").markdown()]
        if category.code in with_cases:
            cases_page = f"../cases/category/{category.code}.md"
            links.append(md.Link(site_say(words.RELATED_CASES), cases_page).markdown())
        code = site_say(words.CATEGORY_CODE, code=f"`{category.code}`")
        # The English name beside the code: what the categories are called in data and exports.
        parts.append(f"\n{' · '.join(links)} · {code} · *{category.en}*\n\n")
    return "".join(parts)


def stats(site: SiteData) -> str:
    """Charts with their numbers: the registry (Shanghai), sanctions, and the reports queue."""
    local = site.local
    note = md.as_of_note(site.data.as_of, site.now, site.data.fictional)
    ungraded = site_say(common.UNGRADED)
    levels = Counter(a.level for a in local)
    grades = Counter(a.subject.credit_grade or ungraded for a in local)
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
    agencies = site_say(common.UNIT_AGENCIES)
    decisions = site_say(common.UNIT_DECISIONS)
    rows: dict[str, list[tuple[str, int]]] = {
        "levels": [
            (messages.level_word(k, SITE_LANG), levels.get(k, 0))
            for k in ("ok", "caution", "danger")
        ],
        "grades": [(g, grades.get(g, 0)) for g in (*GRADES, ungraded)],
        "statuses": [(md.status(s), n) for s, n in statuses.most_common()],
        "districts": [(d, districts[d]) for d in district_order],
        "lists": [(site_say(messages.LISTS[k]), lists.get(k, 0)) for k in messages.LISTS],
        "sanctions": [(site_say(messages.SANCTIONS[k]), by_kind.get(k, 0)) for k in SANCTIONS],
    }
    parts = [
        f"# {site_say(words.STATS_TITLE)}\n\n",
        note,
        f"{site_say(words.STATS_INTRO, count=len(local))}\n\n",
    ]
    for chart_id, (heading, title) in words.STATS_SECTIONS.items():
        unit = decisions if chart_id == "sanctions" else agencies
        parts.append(f"## {site_say(heading)}\n\n")
        parts.append(bar_chart(chart_id, site_say(title), rows[chart_id], unit=unit))
        parts.append("\n\n")
    violations = [
        (c.label(SITE_LANG), by_violation[c.code]) for c in CATEGORIES if by_violation.get(c.code)
    ]
    years = [(y, by_year[y]) for y in sorted(by_year)]
    parts += [
        bar_chart("violations", site_say(words.SANCTIONS_BY_VIOLATION), violations, unit=decisions),
        "\n\n",
        bar_chart("years", site_say(words.SANCTIONS_BY_YEAR), years, unit=decisions),
        f"\n\n## {site_say(words.REPORTS_HEADING)}\n\n",
        _reports(site),
    ]
    return "".join(parts)


def _reports(site: SiteData) -> str:
    """The queue's figures, from the same code as the campaign reports (bot.desk.stats)."""
    stats = queue_stats(site.db, since=QUEUE_START, until=site.today)
    if not stats.total:
        return site_say(words.REPORTS_NONE) + "\n"
    results = {**OUTCOMES, NOT_ACCEPTED: STATES["not_accepted"]}
    rows = {
        "reports-category": [
            (categories.label(c, SITE_LANG), n) for c, n in stats.by_category.items()
        ],
        "reports-district": list(stats.by_district.items()),
        "reports-state": [(term(STATES, s, SITE_LANG), n) for s, n in stats.by_state.items()],
        "reports-outcome": [(term(results, o, SITE_LANG), n) for o, n in stats.by_outcome.items()],
    }
    unit = site_say(common.UNIT_REPORTS)
    charts = [
        bar_chart(chart_id, site_say(title), rows[chart_id], unit=unit)
        for chart_id, title in words.REPORTS_CHARTS.items()
    ]
    return f"{site_say(words.REPORTS_TOTAL, count=stats.total)}\n\n" + "\n\n".join(charts) + "\n"


def data_page(site: SiteData) -> str:
    """Sources, as-of, the demo flag, what the fields mean and how the verdicts are reached."""
    data = site.data
    counts = site.stats
    fictional = (
        f'!!! warning "{site_say(words.FICTIONAL_TITLE)}"\n\n'
        f"    {site_say(words.FICTIONAL_WARNING)}\n\n"
        if data.fictional
        else ""
    )
    values: dict[str, md.Cell] = {
        "source": data.source,
        "as_of": data.as_of,
        "judged_on": site.now,
        "fictional": site_say(common.YES if data.fictional else common.NO),
        "agencies": counts["agencies"],
        "branches": counts["branches"],
        "shanghai": len(site.local),
        "practitioners": counts["practitioners"],
    }
    rows: list[list[md.Cell]] = [
        [site_say(label), values[key]] for key, label in words.DATA_ROWS.items()
    ]
    columns = [site_say(common.COLUMNS["item"]), site_say(common.COLUMNS["value"])]
    links = {
        "credit": "credit/index.md",
        "districts": "directory/districts.md",
        "stats": "stats.md",
        "search": "directory/index.md",
    }
    scope = site_say(
        words.SCOPE_TEXT,
        **{
            key: md.Link(site_say(words.SCOPE_LINKS[key]), target).markdown()
            for key, target in links.items()
        },
    )
    report = md.Link(site_say(words.WRONG_DATA_LINK), "guide/report.md").markdown()
    wrong = site_say(
        words.WRONG_DATA_TEXT, report=report, category=categories.label("other", SITE_LANG)
    )
    sources_heading, sources = words.DATA_SOURCES
    rules = "".join(f"- {site_say(rule)}\n" for rule in words.VERDICT_RULES)
    return "".join(
        [
            f"# {site_say(words.DATA_TITLE)}\n\n",
            fictional,
            md.table(columns, rows),
            f"\n## {site_say(sources_heading)}\n\n",
            f"{site_say(sources)}\n\n",
            f"## {site_say(words.VERDICTS_HEADING)}\n\n",
            f"{site_say(words.VERDICTS_INTRO)}\n\n",
            rules,
            "\n",
            f"{site_say(words.VERDICTS_NOTE)}\n\n",
            f"## {site_say(words.SCOPE_HEADING)}\n\n",
            f"{scope}\n\n",
            f"## {site_say(words.WRONG_DATA_HEADING)}\n\n",
            f"{wrong}\n",
        ]
    )
