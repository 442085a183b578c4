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
from bot.site.language import SITE_LANG, site_say
from bot.site.markdown import Link
from bot.words import Words
from bot.words import site as common
from bot.words import site_credit as words
from bot.words import verdict as messages

PUBLIC_LISTS = {
    "serious_dishonest": "serious-dishonest.md",
    "abnormal_operation": "abnormal-operation.md",
}
LIST_LEVELS = {"serious_dishonest": "danger", "abnormal_operation": "caution"}  # while listed
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


def _columns(*keys: str) -> list[str]:
    return [site_say(common.COLUMNS[key]) for key in keys]


def _heading(words: Words, count: int) -> str:
    """A section over a list of names, left out of the site search (see LISTED)."""
    return f"## {site_say(words, count=count)}{LISTED}\n\n"


def _none_yet(gap: str = "\n\n") -> str:
    return site_say(common.NONE_YET) + gap


def _header(site: SiteData, title: str, intro: str) -> str:
    note = md.as_of_note(site.data.as_of, site.now, site.data.fictional)
    directory = Link(site_say(words.DIRECTORY_LINK), "../directory/index.md").markdown()
    scope = site_say(words.SCOPE, directory=directory)
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
    danger = messages.level_word("danger", SITE_LANG)
    caution = messages.level_word("caution", SITE_LANG)
    rows: list[list[md.Cell]] = [
        [
            Link(site_say(words.LIST_TITLES[code]), path),
            counts[code],
            messages.level_word(LIST_LEVELS[code], SITE_LANG),
        ]
        for code, path in PUBLIC_LISTS.items()
    ]
    rows += [
        [
            Link(site_say(words.INDEX_ROWS["suspended"]), "suspended.md"),
            sum(1 for a in local if _currently_suspended(a, now)),
            danger,
        ],
        [
            Link(site_say(words.INDEX_ROWS["revoked"]), "revoked.md"),
            sum(1 for a in local if a.subject.status == "revoked"),
            danger,
        ],
        [
            Link(site_say(words.INDEX_ROWS["expired"]), "expired.md"),
            sum(1 for a in local if _filing_expired(a, now)),
            site_say(words.DANGER_UNLESS_PATENT, danger=danger, caution=caution),
        ],
        [
            Link(site_say(words.INDEX_ROWS["grades"]), "grades.md"),
            sum(1 for a in local if a.subject.credit_grade in ("C", "D")),
            caution,
        ],
    ]
    body = md.table(_columns("published", "count_now", "level_while"), rows)
    return _header(site, site_say(words.INDEX_TITLE), site_say(words.INDEX_INTRO)) + body


def grades(site: SiteData) -> str:
    local = site.local
    ungraded = site_say(common.UNGRADED)
    counted = Counter(a.subject.credit_grade or ungraded for a in local)
    order = [*GRADES, ungraded]
    chart = bar_chart(
        "grades",
        site_say(words.GRADES_CHART),
        [(g, counted.get(g, 0)) for g in order],
        unit=site_say(common.UNIT_AGENCIES),
    )
    parts = [
        _header(site, site_say(words.GRADES_TITLE), site_say(words.GRADES_INTRO)),
        f"## {site_say(words.GRADES_SPREAD)}\n\n",
        chart,
        "\n\n",
    ]
    for grade in ("D", "C", "A+"):
        chosen = sorted(
            (a for a in local if a.subject.credit_grade == grade),
            key=lambda a: (a.subject.credit_score or 0, a.subject.name),
        )
        parts.append(
            f"## {site_say(words.GRADE_HEADING, grade=grade, count=len(chosen))}{LISTED}\n\n"
        )
        if not chosen:
            parts.append(_none_yet())
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
        headers = _columns("name", "uscc", "district", "score", "graded_on", "level")
        parts.append(md.cards(headers, rows) + "\n")
    return "".join(parts)


def _score(score: float | None) -> str | None:
    return None if score is None else f"{score:g}"


def listing(site: SiteData, code: str) -> str:
    now = site.now
    title = site_say(words.LIST_TITLES[code])
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
        _header(site, title, site_say(words.LIST_INTROS[code])),
        _heading(words.LISTED_NOW, len(current)),
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
        headers = _columns("name", "uscc", "district", "listed_on", "listed_for", "source")
        parts.append(md.cards(headers, rows) + "\n")
    else:
        parts.append(_none_yet())
    parts.append(_practitioners(site, code))
    parts.append(_heading(words.REMOVED_THIS_YEAR, len(removed)))
    if removed:
        removed.sort(
            key=lambda pair: (pair[1].removed_on or "", pair[0].subject.name), reverse=True
        )
        rows = [
            [a.subject.name, a.subject.id, e.listed_on, e.removed_on, e.reason] for a, e in removed
        ]
        headers = _columns("name", "uscc", "listed_on", "removed_on", "listed_for")
        parts.append(md.cards(headers, rows))
    else:
        parts.append(_none_yet("\n"))
    return "".join(parts)


def _practitioners(site: SiteData, code: str) -> str:
    """Patent attorneys on the list, whose agency is in Shanghai or who have none on record."""
    rows = listed_practitioners(site.db, code, site.now)
    if not rows:
        return ""
    table = md.cards(
        _columns("person", "cert_no", "employer", "listed_on", "listed_for", "source"),
        [[n, c, a, d, r, _source(au, no)] for n, c, a, d, r, au, no in rows],
    )
    return f"{_heading(words.PRACTITIONERS_LISTED, len(rows))}{table}\n"


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
    parts = [
        _header(site, site_say(words.SUSPENDED_TITLE), site_say(words.SUSPENDED_INTRO)),
        _heading(words.IN_PERIOD, len(chosen)),
    ]
    if not chosen:
        return "".join(parts) + _none_yet("\n")
    rows: list[list[md.Cell]] = []
    for a in chosen:
        summary, source = _because(_latest(a.subject.sanctions, "suspend_new_business"))
        rows.append(
            [
                a.subject.name,
                a.subject.id,
                a.subject.district,
                a.subject.status_since,
                a.subject.suspended_until or site_say(words.OPEN_ENDED),
                summary,
                source,
            ]
        )
    headers = _columns("name", "uscc", "district", "since", "until", "cause", "source")
    parts.append(md.cards(headers, rows))
    return "".join(parts)


def revoked(site: SiteData) -> str:
    chosen = sorted(
        (a for a in site.local if a.subject.status == "revoked"),
        key=lambda a: (a.subject.status_since or "", a.subject.name),
        reverse=True,
    )
    parts = [
        _header(site, site_say(words.REVOKED_TITLE), site_say(words.REVOKED_INTRO)),
        _heading(words.REVOKED_HEADING, len(chosen)),
    ]
    if chosen:
        rows: list[list[md.Cell]] = []
        for a in chosen:
            summary, source = _because(_latest(a.subject.sanctions, "revoke_licence"))
            rows.append(
                [a.subject.name, a.subject.id, a.subject.district, a.subject.status_since, summary,
                 source]
            )  # fmt: skip
        headers = _columns("name", "uscc", "district", "revoked_on", "cause", "source")
        parts.append(md.cards(headers, rows) + "\n")
    else:
        parts.append(_none_yet())
    branches = sorted(
        (
            a
            for a in site.local
            if a.subject.parent is not None and a.subject.parent.status == "revoked"
        ),
        key=lambda a: a.subject.name,
    )
    if branches:
        parts.append(_heading(words.BRANCHES_OF_REVOKED, len(branches)))
        rows = [
            [a.subject.name, a.subject.id, a.subject.district, a.subject.parent.name, md.level(a)]
            for a in branches
            if a.subject.parent is not None
        ]
        headers = _columns("name", "uscc", "district", "head_office", "level")
        parts.append(md.cards(headers, rows))
    return "".join(parts)


def expired(site: SiteData) -> str:
    now = site.now
    chosen = sorted(
        (a for a in site.local if _filing_expired(a, now)),
        key=lambda a: (a.subject.trademark_filed_until or "", a.subject.name),
        reverse=True,
    )
    parts = [
        _header(site, site_say(words.EXPIRED_TITLE), site_say(words.EXPIRED_INTRO)),
        _heading(words.EXPIRED_HEADING, len(chosen)),
    ]
    if not chosen:
        return "".join(parts) + _none_yet("\n")
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
    headers = _columns("name", "uscc", "district", "kind", "filed_until", "level")
    parts.append(md.cards(headers, rows))
    return "".join(parts)
