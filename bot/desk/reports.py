"""The campaign's reports to the city office: the stage report and the annual summary.

The notice asks each district for its stage situation by 14 July and for the year's summary
with typical cases by 15 November. A report holds QueueStats for its scope (the city, or one
district) and for each district with tickets, the typical cases published in the period and the
period's tickets; `markdown()` and `write_xlsx()` render the same figures. Nothing here names a
reporter: the figures and the ticket list come from bot.desk.stats, which never reads identity.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Literal

import sqlite_utils
from openpyxl import Workbook

from bot import clock
from bot.desk.case_book import public_cases
from bot.desk.staff import StaffMember
from bot.desk.stats import UNASSIGNED, QueueStats, TicketFacts, period_tickets, summarize
from bot.desk.tables import (
    REPORT_LANG,
    RESULTS,
    Value,
    category_label,
    district_label,
    fill_sheet,
    kind_label,
    label,
    sheet_title,
    ticket_headers,
    ticket_row,
)
from bot.desk.vocabulary import DESTINATIONS, STATES
from bot.inspections.plans import InspectionFigures, item_label, item_names
from bot.inspections.plans import figures as inspection_figures
from bot.reports.deadlines import SHANGHAI
from bot.site import markdown as md
from bot.site.cases import read_posts
from bot.words import Lang, Words, say
from bot.words.desk_refusals import CITY_TASKS
from bot.words.desk_reports import (
    CASE_HEADERS,
    CHAPTER,
    CHAPTER_NUMBERS,
    CHAPTERS,
    CITY_SCOPE,
    FIGURE_GROUPS,
    FIGURE_HEADERS,
    FIGURE_ITEMS,
    INFO,
    NO_CASES,
    NO_FIGURE_ROW,
    NO_FIGURES,
    PERIOD,
    PERIOD_LINE,
    REPORT_KINDS,
    REPORT_NOTE,
    REPORT_TITLE,
    SHEETS,
)
from bot.words.desk_terms import LIST_SEPARATOR
from bot.words.inspections import REPORT as INSPECT_REPORT
from bot.words.inspections import RESULTS as INSPECT_RESULTS

ReportKind = Literal["stage", "annual"]


# (month, day) each report is due, as the notice sets it.
DUE: dict[str, tuple[int, int]] = {"stage": (7, 14), "annual": (11, 15)}
Figure = int | float | None  # a count, or a number of working days (None: none answered)


@dataclass(frozen=True)
class TypicalCase:
    """A typical case published in the period, as the report lists it."""

    date: date
    title: str
    categories: tuple[str, ...]  # labels
    path: str  # relative to the docs folder


@dataclass(frozen=True)
class FigureGroup:
    """One table of a report: a heading and (item, value) lines, values from QueueStats."""

    title: str
    lines: tuple[tuple[str, Figure], ...]


@dataclass(frozen=True)
class CampaignReport:
    kind: ReportKind
    since: date
    until: date
    generated_at: datetime
    district: str | None  # None: the whole city
    overall: QueueStats
    sections: tuple[QueueStats, ...]  # per district with tickets; empty for a district's report
    cases: tuple[TypicalCase, ...]
    tickets: tuple[TicketFacts, ...]
    lang: Lang = REPORT_LANG
    inspections: InspectionFigures | None = None  # the random inspections of the period

    @property
    def scope(self) -> str:
        return self.district or say(CITY_SCOPE, self.lang)

    @property
    def due_on(self) -> date:
        month, day = DUE[self.kind]
        return date(self.until.year, month, day)

    def say(self, words: Words, **fields: object) -> str:
        return say(words, self.lang, **fields)

    def title(self) -> str:
        """The report's title, as the notice names what is due."""
        kind = self.say(REPORT_KINDS[self.kind])
        return self.say(REPORT_TITLE, year=self.until.year, kind=kind, scope=self.scope)

    def period_line(self) -> str:
        """The period, when the report was generated and when it is due."""
        generated = self.generated_at.astimezone(SHANGHAI)
        return self.say(
            PERIOD_LINE,
            since=self.since.isoformat(),
            until=self.until.isoformat(),
            generated=f"{generated:%Y-%m-%d %H:%M}",
            due=self.due_on.isoformat(),
        )

    def markdown(self) -> str:
        """The report as Markdown: headings and tables, figures only, no identity."""
        parts = [
            f"# {md.text(self.title())}\n\n",
            f"{self.period_line()}\n\n",
            f"{self.say(REPORT_NOTE)}\n",
        ]
        overall = self.say(CHAPTERS["overall"], scope=self.scope)
        chapters = [(overall, _stats_markdown(self.overall, "###", self.lang))]
        if self.sections:
            chapters.append(
                (
                    self.say(CHAPTERS["districts"]),
                    "\n".join(
                        f"### {md.text(district_label(stats.district or '', self.lang))}\n\n"
                        f"{_stats_markdown(stats, '####', self.lang)}"
                        for stats in self.sections
                    ),
                )
            )
        if self.inspections is not None:
            chapters.append((self.say(INSPECT_REPORT["chapter"]), self._inspections_markdown()))
        chapters.append((self.say(CHAPTERS["cases"]), self._cases_markdown()))
        for number, (heading, body) in zip(CHAPTER_NUMBERS, chapters, strict=False):
            parts.append(
                f"\n## {self.say(CHAPTER, number=self.say(number), heading=heading)}\n\n{body}"
            )
        return "".join(parts)

    def _inspections_markdown(self) -> str:
        found = self.inspections
        assert found is not None
        if not found.plans:
            return f"{self.say(INSPECT_REPORT['none'])}\n"
        summary = self.say(
            INSPECT_REPORT["summary"], plans=found.plans, targets=found.targets,
            closed=found.closed, done=found.rectify_done, overdue=found.rectify_overdue,
        )  # fmt: skip
        headers = [
            self.say(INSPECT_REPORT["item"]),
            *(self.say(w) for w in INSPECT_RESULTS.values()),
        ]
        names = item_names()
        order = {code: place for place, code in enumerate(names)}  # the item list's order
        rows: list[list[str | int]] = [
            [item_label(item, self.lang, names), *(counts.get(code, 0) for code in INSPECT_RESULTS)]
            for item, counts in sorted(
                found.by_item.items(), key=lambda pair: (order.get(pair[0], len(order)), pair[0])
            )
        ]
        by_district = md.table(
            [self.say(INSPECT_REPORT["district"]), self.say(INSPECT_REPORT["targets"])],
            sorted(found.by_district.items()),
        )
        parts = [summary, md.table(headers, rows) if rows else "", by_district]
        if found.abnormal_candidates:
            listed = self.say(LIST_SEPARATOR).join(found.abnormal_candidates)
            parts.append(self.say(INSPECT_REPORT["abnormal"], subjects=md.text(listed)))
        return "\n\n".join(p for p in parts if p) + "\n"

    def write_files(self, folder: Path) -> tuple[Path, Path]:
        """The report as `<kind>-<scope>-<until>.md` and `.xlsx` in `folder` (made if needed)."""
        folder.mkdir(parents=True, exist_ok=True)
        stem = f"{self.kind}-{self.scope}-{self.until.isoformat()}"
        markdown, workbook = folder / f"{stem}.md", folder / f"{stem}.xlsx"
        markdown.write_text(self.markdown(), encoding="utf-8")
        self.write_xlsx(workbook)
        return markdown, workbook

    def write_xlsx(self, path: Path) -> None:
        """The report as a workbook: a summary, a sheet per district, the cases, the tickets."""
        book = Workbook()
        summary = book.active
        assert summary is not None  # a new workbook has one sheet
        summary.title = self.say(SHEETS["summary"])
        headers = [self.say(words) for words in FIGURE_HEADERS]
        fill_sheet(summary, headers, self._info_rows() + _figure_rows(self.overall, self.lang))
        for stats in self.sections:
            sheet = book.create_sheet(
                sheet_title(self.say(SHEETS["district"], district=stats.district))
            )
            fill_sheet(sheet, headers, _figure_rows(stats, self.lang))
        separator = self.say(LIST_SEPARATOR)
        fill_sheet(
            book.create_sheet(self.say(SHEETS["cases"])),
            [self.say(words) for words in CASE_HEADERS],
            [(c.date, c.title, separator.join(c.categories), c.path) for c in self.cases],
        )
        fill_sheet(
            book.create_sheet(self.say(SHEETS["tickets"])),
            ticket_headers(self.lang),
            (ticket_row(facts, self.lang) for facts in self.tickets),
        )
        book.save(path)

    def _info_rows(self) -> list[Sequence[Value]]:
        generated = self.generated_at.astimezone(SHANGHAI)
        group = self.say(INFO["group"])
        period = self.say(PERIOD, since=self.since.isoformat(), until=self.until.isoformat())
        return [
            (group, self.say(INFO["title"]), self.title()),
            (group, self.say(INFO["period"]), period),
            (group, self.say(INFO["generated"]), f"{generated:%Y-%m-%d %H:%M}"),
            (group, self.say(INFO["due"]), self.due_on.isoformat()),
        ]

    def _cases_markdown(self) -> str:
        if not self.cases:
            return f"{self.say(NO_CASES)}\n"
        separator = self.say(LIST_SEPARATOR)
        rows = [(c.date.isoformat(), c.title, separator.join(c.categories)) for c in self.cases]
        return md.table([self.say(words) for words in CASE_HEADERS[:3]], rows)


def report_scope(staff: StaffMember, district: str | None) -> str | None:
    """The district a staff member's report covers: theirs, for district staff; the one the
    city asks for, or the whole city (None)."""
    if staff.is_city:
        return district
    if district not in (None, staff.role):
        staff.require_city(CITY_TASKS["other_reports"])
    return staff.role


def campaign_report(
    db: sqlite_utils.Database,
    *,
    kind: ReportKind,
    until: date,
    since: date | None = None,
    district: str | None = None,
    cases_dir: Path,
    now: datetime | None = None,
    lang: Lang = REPORT_LANG,
) -> CampaignReport:
    """The stage report or the annual summary for [since, until]; since defaults to 1 January.

    `cases_dir` is a docs folder (like content/) holding cases/posts; `now` is when the report
    is generated (the present moment when not given).
    """
    if kind not in DUE:
        raise ValueError(f"unknown report kind {kind!r}")
    since = since or date(until.year, 1, 1)
    facts = period_tickets(db, since=since, until=until, district=district)
    overall = summarize(facts, since=since, until=until, district=district)
    sections: tuple[QueueStats, ...] = ()
    if district is None:
        # One section per district with tickets (those no district has yet stay in the total),
        # summed from the tickets already read: a district the registry spells otherwise
        # (not in DISTRICTS, so queue_stats would refuse it) still gets its section.
        sections = tuple(
            summarize(
                [f for f in facts if f.district == name], since=since, until=until, district=name
            )
            for name in overall.by_district
            if name != UNASSIGNED
        )
    return CampaignReport(
        kind=kind,
        since=since,
        until=until,
        generated_at=now or clock.now(),
        district=district,
        overall=overall,
        sections=sections,
        cases=tuple(typical_cases(cases_dir, since=since, until=until, lang=lang, db=db)),
        tickets=tuple(facts),
        lang=lang,
        inspections=inspection_figures(db, since=since, until=until, district=district),
    )


def typical_cases(
    cases_dir: Path,
    *,
    since: date,
    until: date,
    lang: Lang = REPORT_LANG,
    db: sqlite_utils.Database | None = None,
) -> list[TypicalCase]:
    """The case posts dated in [since, until] and published as of `until`, oldest first; with
    `db`, the cases written in the bot that the site shows too."""
    found = [
        TypicalCase(
            date=post.date,
            title=post.title,
            categories=tuple(category_label(code, lang) for code in post.categories),
            path=post.path,
        )
        for post in read_posts(cases_dir)
        if since <= post.date <= until and post.published(until)
    ]
    if db is not None:
        found += [
            TypicalCase(
                date=case.approved.publish_on,
                title=case.approved.title,
                categories=tuple(category_label(code, lang) for code in case.approved.categories),
                path=f"cases/posts/book-{case.id}.md",
            )
            for case in public_cases(db, until)
            if case.approved is not None
            and case.approved.publish_on is not None
            and since <= case.approved.publish_on <= until
        ]
    return sorted(found, key=lambda case: (case.date, case.path))


def figure_groups(stats: QueueStats, lang: Lang = REPORT_LANG) -> list[FigureGroup]:
    """The tables of one scope, in the report's order; every value is a QueueStats field."""
    first = stats.first_response

    def group(key: str, lines: tuple[tuple[str, Figure], ...]) -> FigureGroup:
        return FigureGroup(say(FIGURE_GROUPS[key], lang), lines)

    def item(key: str, value: Figure, **fields: object) -> tuple[str, Figure]:
        return say(FIGURE_ITEMS[key], lang, **fields), value

    def counted(
        key: str, counts: Mapping[str, int], name: Callable[[str], str | None]
    ) -> FigureGroup:
        return group(key, tuple((name(code) or code, n) for code, n in counts.items()))

    districts = (
        # A district's own figures need no breakdown by district.
        [counted("by_district", stats.by_district, lambda d: district_label(d, lang))]
        if stats.district is None
        else []
    )
    return [
        group(
            "received",
            (
                item("total", stats.total),
                *((kind_label(code, lang), n) for code, n in stats.by_kind.items()),
            ),
        ),
        counted("by_category", stats.by_category, lambda code: category_label(code, lang)),
        counted("by_state", stats.by_state, lambda code: label(STATES, code, lang)),
        counted("by_outcome", stats.by_outcome, lambda code: label(RESULTS, code, lang)),
        *districts,
        counted("referrals", stats.referrals, lambda code: label(DESTINATIONS, code, lang)),
        group(
            "first_response",
            (
                item("answered", first.answered),
                item("median_days", _one_decimal(first.median_days)),
                item("mean_days", _one_decimal(first.mean_days)),
                item("on_time", first.on_time),
                item("overdue", first.overdue, until=stats.until.isoformat()),
                item("no_deadline", first.no_deadline),
            ),
        ),
    ]


def _one_decimal(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _stats_markdown(stats: QueueStats, level: str, lang: Lang) -> str:
    headers = [say(words, lang) for words in FIGURE_HEADERS[1:]]
    parts = []
    for group in figure_groups(stats, lang):
        body = md.table(headers, group.lines) if group.lines else f"{say(NO_FIGURES, lang)}\n"
        parts.append(f"{level} {group.title}\n\n{body}")
    return "\n".join(parts)


def _figure_rows(stats: QueueStats, lang: Lang) -> list[Sequence[Value]]:
    rows: list[Sequence[Value]] = []
    for group in figure_groups(stats, lang):
        rows.extend((group.title, item, value) for item, value in group.lines)
        if not group.lines:
            rows.append((group.title, say(NO_FIGURE_ROW, lang), 0))
    return rows
