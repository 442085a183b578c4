"""The registry changes page and its RSS feed: what recent imports changed that matters to someone
choosing an agency, for people who cannot reach the bot (credit/changes.md, credit/changes.xml).

Read from the registry's change log (bot/registry/change_log.py) through the reader. Shown:
a status changed INTO suspended, revoked, cancelled or filing expired (a practitioner's: into
revoked); put on or taken off a list; a credit grade lowered (A+ > A > B > C > D), or a first
grade of C or D, the grades that make the verdict caution; a new sanction. Not shown: names,
head offices, practitioners' agencies, higher grades, a grade no longer given (no grade is no
worse a verdict), records that left the registry. Scope as the credit pages': agencies
registered in Shanghai, and practitioners at one of them or at no agency on record.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from email.utils import format_datetime
from itertools import groupby
from urllib.parse import quote

from bot.districts import registered_in_shanghai
from bot.registry import reader
from bot.registry.reader import RegistryChange
from bot.registry.records import GRADES
from bot.safe_text import one_line
from bot.site import markdown as md
from bot.site.context import SiteData
from bot.site.language import SITE_LANG, site_say
from bot.words import site_changes as words
from bot.words import verdict as terms
from bot.words.site_credit import DIRECTORY_LINK

DAYS = 90  # the page and the feed cover the changes noted in this many days before the build
PAGE = "credit/changes.md"
FEED = "credit/changes.xml"
FEED_ITEMS = 500  # newest first; a reader keeps what it has already seen
DEFAULT_ADDRESS = "https://lantian.example/"  # mkdocs.yml's site_url when none is set
WORSE_STATUSES = {
    "agency": {"suspended", "revoked", "cancelled", "filing_expired"},
    "practitioner": {"revoked"},
}
LOGGED = ("status", "grade", "listed", "delisted", "sanction")  # the kinds that may be shown
SHANGHAI = timezone(timedelta(hours=8))
ATOM = "http://www.w3.org/2005/Atom"
# What XML 1.0 cannot hold even escaped, beyond the controls one_line drops: U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\ufffe\uffff]")
# After each day's heading: its rows stay out of the site search, as on the credit pages.
_UNSEARCHED = "data-search-exclude"


@dataclass(frozen=True)
class Shown:
    """A change the page and the feed show: the log's row and what changed, in words."""

    row: RegistryChange
    what: str
    guid: str

    @property
    def name(self) -> str:
        if self.row.subject_kind == "practitioner":
            return site_say(words.PRACTITIONER, name=self.row.name)
        return self.row.name

    @property
    def source(self) -> str:
        if self.row.authority:
            return site_say(words.SOURCE_DECIDED_BY, source=self.row.source,
                            authority=self.row.authority)  # fmt: skip
        return self.row.source


def site_address(given: str | None) -> str:
    """Where the site is served, ending in "/": `given`, else LANTIAN_SITE_URL, else mkdocs.yml's
    default. bot/site/build.py hands the same address to mkdocs, so the feed's links and the
    site's agree."""
    address = given or os.environ.get("LANTIAN_SITE_URL") or DEFAULT_ADDRESS
    return address if address.endswith("/") else address + "/"


def build(site: SiteData, address: str) -> None:
    """The page and its feed, among the site's generated pages."""
    shown = notable_changes(site)
    site.add(PAGE, page(site, shown))
    site.add(FEED, feed(shown, address))


def notable_changes(site: SiteData) -> list[Shown]:
    """The changes to show, newest day first (a day's in the order the import noted them)."""
    since = (site.today - timedelta(days=DAYS)).isoformat()
    rows = reader.registry_changes(site.db, noted_since=since, changes=LOGGED)
    in_scope = _in_scope(site, rows)
    shown: list[Shown] = []
    seen: dict[str, int] = {}
    for row in rows:
        what = describe(row)
        if what is None or row.subject_id not in in_scope:
            continue
        shown.append(Shown(row, what, _guid(row, seen)))
    shown.sort(key=lambda one: one.row.noted_on, reverse=True)  # stable: a day keeps its order
    return shown


def describe(row: RegistryChange) -> str | None:
    """What changed, in words; None for a change that is not shown."""
    if row.change == "status":
        if row.after not in WORSE_STATUSES.get(row.subject_kind, set()):
            return None
        return site_say(words.CHANGES["status"], status=md.status(row.after))
    if row.change == "grade":
        return _grade(row.before, row.after)
    if row.change in ("listed", "delisted"):
        code = row.after if row.change == "listed" else row.before
        return site_say(words.CHANGES[row.change], list=terms.term(terms.LISTS, code, SITE_LANG))
    if row.change == "sanction":
        return site_say(
            words.CHANGES["sanction"], sanction=terms.term(terms.SANCTIONS, row.after, SITE_LANG)
        )
    return None


def _grade(before: str | None, after: str | None) -> str | None:
    if after not in GRADES:
        return None  # no grade now: nothing worse is known
    if before in GRADES:
        if GRADES.index(after) <= GRADES.index(before):
            return None
        return site_say(words.CHANGES["downgraded"], before=before, after=after)
    return site_say(words.CHANGES["graded"], after=after) if after in ("C", "D") else None


def _in_scope(site: SiteData, rows: Sequence[RegistryChange]) -> set[str]:
    """The subjects among `rows` the credit pages would show: Shanghai's agencies, and
    practitioners at one of them or at no agency on record."""
    local = {entry.subject.id for entry in site.local}
    found = {row.subject_id for row in rows if row.subject_kind == "agency"} & local
    for cert_no in {row.subject_id for row in rows if row.subject_kind == "practitioner"}:
        person = reader.load_practitioner(site.db, cert_no)
        if person is not None and (
            person.practice is None or registered_in_shanghai(person.practice.province)
        ):
            found.add(cert_no)
    return found


def _guid(row: RegistryChange, seen: dict[str, int]) -> str:
    """An item's id for feed readers, the same in every build: the log keeps its rows as they
    were noted. Two alike rows of one import (two equal sanctions) are told apart by order."""
    parts = (row.seq, row.subject_id, row.change, row.before, row.after, row.effective_on)
    key = "/".join(quote(str(part or ""), safe="") for part in parts)
    seen[key] = seen.get(key, 0) + 1
    count = seen[key]
    return f"lantian-registry-change/{key}" + (f"/{count}" if count > 1 else "")


# --- the page -----------------------------------------------------------------------------


def page(site: SiteData, shown: list[Shown]) -> str:
    since = (site.today - timedelta(days=DAYS)).isoformat()
    directory = md.Link(site_say(DIRECTORY_LINK), "../directory/index.md").markdown()
    feed_link = md.Link(site_say(words.FEED_LINK), FEED.rsplit("/", 1)[1]).markdown()
    parts = [
        # site/overrides/main.html advertises the feed in the page's <head> from these.
        md.front_matter(lantian_feed=FEED, lantian_feed_title=site_say(words.FEED_TITLE)),
        f"# {site_say(words.TITLE)}\n\n",
        md.as_of_note(site.data.as_of, site.now, site.data.fictional),
        f"{site_say(words.INTRO)}\n\n",
        f"{site_say(words.PERIOD, days=DAYS, since=since)}\n\n",
        f"{site_say(words.SCOPE, directory=directory)}\n\n",
        f"{site_say(words.FEED_LINE, feed=feed_link)}\n\n",
    ]
    if not shown:
        return "".join(parts) + site_say(words.NONE, days=DAYS) + "\n"
    headers = [site_say(words.COLUMNS[key]) for key in words.COLUMNS]
    for day, group in groupby(shown, key=lambda one: one.row.noted_on):
        changes = list(group)
        heading = site_say(words.DAY_HEADING, date=md.text(day), count=len(changes))
        parts.append(f"## {heading} {{ #{_anchor(day)} {_UNSEARCHED} }}\n\n")
        parts.append(md.cards(headers, [_cells(one) for one in changes]) + "\n")
    return "".join(parts)


def _anchor(day: str) -> str:
    return f"changes-{md.slug(day, 'undated')}"


def _cells(one: Shown) -> list[md.Cell]:
    row = one.row
    return [
        md.Link(one.name, _directory_target(row.subject_id)),
        row.subject_id,
        one.what,
        row.effective_on,
        one.source,
    ]


def _directory_target(subject_id: str) -> str:
    """The directory search showing the subject (directory.js reads ?find=)."""
    return f"../directory/index.md?find={quote(subject_id, safe='')}"


# --- the feed ------------------------------------------------------------------------------


def feed(shown: list[Shown], address: str) -> str:
    """An RSS 2.0 feed of `shown` (newest first), one item per change; every value goes through
    ElementTree, so a name holding `<`, `&` or `]]>` stays text."""
    ET.register_namespace("atom", ATOM)
    rss = ET.Element("rss", version="2.0")
    channel = ET.SubElement(rss, "channel")
    _text(channel, "title", site_say(words.FEED_TITLE))
    _text(channel, "link", address + PAGE.removesuffix(".md") + "/")
    _text(channel, "description", site_say(words.FEED_DESCRIPTION))
    _text(channel, "language", site_say(words.FEED_LANGUAGE))
    ET.SubElement(
        channel,
        f"{{{ATOM}}}link",
        href=address + FEED,
        rel="self",
        type="application/rss+xml",
    )
    if shown and (newest := _rfc822(shown[0].row.noted_on)):
        _text(channel, "pubDate", newest)
    for one in shown[:FEED_ITEMS]:
        _item(channel, one, address)
    ET.indent(rss)
    return ET.tostring(rss, encoding="unicode", xml_declaration=True) + "\n"


def _item(channel: ET.Element, one: Shown, address: str) -> None:
    row = one.row
    item = ET.SubElement(channel, "item")
    _text(item, "title", site_say(words.ITEM_TITLE, name=one.name, change=one.what))
    _text(item, "link", f"{address}directory/?find={quote(row.subject_id, safe='')}")
    body = site_say(
        words.ITEM_BODY,
        change=one.what,
        effective=row.effective_on or "—",
        source=one.source,
        noted=row.noted_on,
    )
    _text(item, "description", body)
    guid = _text(item, "guid", one.guid)
    guid.set("isPermaLink", "false")
    if published := _rfc822(row.noted_on):
        _text(item, "pubDate", published)


def _text(parent: ET.Element, tag: str, value: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = _NOT_XML.sub("", one_line(value))  # controls, lone surrogates: out
    return element


def _rfc822(day: str) -> str:
    """A day of the log as RSS dates are written: its midnight in Shanghai ("" if not a date)."""
    try:
        moment = datetime.combine(date.fromisoformat(day), time(), tzinfo=SHANGHAI)
    except ValueError:
        return ""
    return format_datetime(moment)
